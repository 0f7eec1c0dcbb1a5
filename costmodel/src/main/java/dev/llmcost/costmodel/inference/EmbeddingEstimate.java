package dev.llmcost.costmodel.inference;

import dev.llmcost.core.DType;
import dev.llmcost.core.Money;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.internal.Require;
import dev.llmcost.core.model.ComponentRole;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ParameterCounts;
import dev.llmcost.costmodel.efficiency.EfficiencyProfile;
import dev.llmcost.costmodel.efficiency.EfficiencyProfiles;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;

/**
 * Embedding (or reranking) throughput of an encoder on one accelerator: one forward pass over a
 * batch of sequences, no generation, no KV cache.
 *
 * <p>Per batch of {@code b} sequences of {@code s} tokens the forward pass does {@code 2 · W · b ·
 * s} FLOPs in the weight matrices ({@code W}: the attention and MLP matrices, Kaplan et al. 2020
 * §2.1) plus {@code 4 · s · queryWidth} per token and layer for bidirectional attention (Q·Kᵀ and
 * the product with the values, never halved). Time is the roofline of each part: matmuls at the
 * accelerator profile's GEMM efficiency for their smallest dimension ({@link
 * EfficiencyProfile#matmulEfficiency(double)}), attention at its fused-kernel rate, weights and
 * activations read at the profile's memory bandwidth, plus the serving overhead per layer that the
 * decoder inference model calibrates ({@link ServingOverheads#calibrated()}).
 */
public final class EmbeddingEstimate {
  private final ModelArchitecture model;
  private final AcceleratorSpec accelerator;
  private final int batch;
  private final int sequenceLength;
  private final double flopsPerBatch;
  private final double secondsPerBatch;
  private final long weightBytes;
  private final long activationBytes;
  private final List<String> assumptions;

  private EmbeddingEstimate(ModelArchitecture model, AcceleratorSpec accelerator, int batch, int seq) {
    this.model = model;
    this.accelerator = accelerator;
    this.batch = batch;
    this.sequenceLength = seq;
    ParameterCounts p = model.parameterCounts();
    double matrices = p.of(ComponentRole.ATTENTION).value() + p.of(ComponentRole.MLP).value()
        + p.of(ComponentRole.POOLER).value() / (double) seq;
    double tokens = (double) batch * seq;
    double linear = 2.0 * matrices * tokens;
    double attention = 4.0 * seq * (double) model.attention().queryWidth() * model.attentionLayers() * tokens;
    this.flopsPerBatch = linear + attention;
    // 16-bit weights; fp16 where the checkpoint is fp16 or the chip has no bf16 (V100, T4)
    DType type = model.dtype() == DType.FP16 || accelerator.peak(DType.BF16).isEmpty() ? DType.FP16 : DType.BF16;
    EfficiencyProfile profile = EfficiencyProfiles.inferenceBase(accelerator);
    double peak = accelerator.requirePeak(type).flopsPerSecond();
    double linearTime = linear / (peak * profile.matmulEfficiency(Math.min(tokens, model.hidden())));
    double attentionRate = peak * profile.attentionKernelFraction()
        * (profile.attentionHalfSaturationSeq() > 0 ? seq / (seq + profile.attentionHalfSaturationSeq()) : 1);
    double attentionTime = attention / attentionRate;
    this.weightBytes = type.sizeOf(p.total().value()).bytes();
    // per layer the residual stream, Q, K, V, attention output and the MLP's inner width, written once
    long perToken = 2L * (6L * model.hidden() + model.feedForward().intermediateSize());
    this.activationBytes = (long) Math.ceil(tokens * perToken);
    double bandwidth = profile.memoryBandwidth(accelerator.memoryBandwidth()).bytesPerSecond();
    double memoryTime = (weightBytes + (double) activationBytes * model.layers()) / bandwidth;
    double overhead = ServingOverheads.calibrated().perLayerSeconds() * model.layers();
    this.secondsPerBatch = Math.max(linearTime + attentionTime, memoryTime) + overhead;
    this.assumptions = List.of(
        String.format(Locale.ROOT, "one forward pass per batch of %,d sequence%s of %,d tokens, %s weights; no"
            + " generation and no KV cache", batch, batch == 1 ? "" : "s", seq, type.id()),
        "bidirectional attention: 4·s·queryWidth FLOPs per token and layer, not halved",
        String.format(Locale.ROOT, "roofline: matmuls at %.1f%% of the %s peak (profile %s, smallest dimension %d),"
            + " attention at the fused-kernel rate, weights and activations at %.1f%% of the memory bandwidth;"
            + " %.1f µs serving overhead per layer (the decoder calibration)",
            100 * profile.matmulEfficiency(Math.min(tokens, model.hidden())), type.id(), profile.acceleratorId(),
            (long) Math.min(tokens, model.hidden()), 100 * profile.memoryBandwidthFraction(),
            ServingOverheads.calibrated().perLayerSeconds() * 1e6),
        "validated against NVIDIA's published BERT latencies and throughputs (TensorRT on A100; PyTorch"
            + " on A100 and V100, which the model predicts too fast: see EmbeddingValidationTest)");
  }

  /**
   * Estimates embedding throughput.
   *
   * @param model an encoder (or any model run for embeddings)
   * @param accelerator the accelerator
   * @param batch sequences per forward pass, at least 1
   * @param sequenceLength tokens per sequence, at least 1 and at most a learned position table
   * @return the estimate
   * @throws IllegalArgumentException if a count is not positive or the sequence exceeds a learned
   *     position table
   */
  public static EmbeddingEstimate of(
      ModelArchitecture model, AcceleratorSpec accelerator, int batch, int sequenceLength) {
    Require.positive("batch", batch);
    Require.positive("sequenceLength", sequenceLength);
    long rows = model.embeddings().positionRows() - model.embeddings().positionOffset();
    if (rows > 0 && sequenceLength > rows) {
      throw new IllegalArgumentException(
          "sequenceLength must be <= " + rows + " (the learned position table of " + model.id() + "), was "
              + sequenceLength);
    }
    return new EmbeddingEstimate(model, accelerator, batch, sequenceLength);
  }

  /** Returns the model. */
  public ModelArchitecture model() {
    return model;
  }

  /** Returns the accelerator. */
  public AcceleratorSpec accelerator() {
    return accelerator;
  }

  /** Returns sequences per forward pass. */
  public int batch() {
    return batch;
  }

  /** Returns tokens per sequence. */
  public int sequenceLength() {
    return sequenceLength;
  }

  /** Returns the forward FLOPs of one batch. */
  public double flopsPerBatch() {
    return flopsPerBatch;
  }

  /** Returns the seconds one batch takes. */
  public double secondsPerBatch() {
    return secondsPerBatch;
  }

  /** Returns sequences embedded per second on one accelerator. */
  public double sequencesPerSecond() {
    return batch / secondsPerBatch;
  }

  /** Returns tokens embedded per second on one accelerator. */
  public double tokensPerSecond() {
    return sequencesPerSecond() * sequenceLength;
  }

  /** Returns the memory the weights take. */
  public long weightBytes() {
    return weightBytes;
  }

  /** Returns the activation memory of one layer for the batch (the peak of a forward pass). */
  public long activationBytes() {
    return activationBytes;
  }

  /** Returns whether weights and one layer's activations fit the accelerator's memory. */
  public boolean fits() {
    return weightBytes + activationBytes <= accelerator.memory().bytes();
  }

  /**
   * Returns the cost of embedding a million tokens at a price per accelerator-hour.
   *
   * @param pricePerGpuHour the price of one accelerator for an hour
   * @return the cost per million tokens
   */
  public Money costPerMillionTokens(Money pricePerGpuHour) {
    double hoursPerMillion = 1e6 / tokensPerSecond() / 3600;
    return pricePerGpuHour.times(new BigDecimal(hoursPerMillion, MathContext.DECIMAL64));
  }

  /** Returns what the estimate assumed, in words. */
  public List<String> assumptions() {
    return assumptions;
  }
}
