package dev.llmcost.costmodel.inference;

import dev.llmcost.core.DType;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.internal.Require;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.QuantizationScheme;
import java.util.List;

/**
 * One measured inference run (a row of an inference runs table, {@link InferenceRuns}): the
 * configuration that ran and the one figure measured on it, as {@link InferenceCalibrator} fits
 * the inference factors to it.
 *
 * <p>The scenario is the one the bundled calibration was fitted on ({@code InferenceCalibrationFitTest}):
 * FlashAttention kernels, the published lengths even past the checkpoint's context (the engine ran
 * them), {@code fp8} rows with FP8 weights and activations (W8A8) and an FP8 E4M3 KV cache, {@code
 * fp16} and {@code bf16} rows with 16-bit weights and KV cache.
 *
 * @param id the run's id, unique in its table
 * @param model the model served
 * @param accelerator the accelerator
 * @param gpus the GPUs that ran it, a multiple of {@code tp} (replicas of {@code tp} GPUs each)
 * @param tp the tensor-parallel degree of one replica
 * @param precision {@code fp8}, {@code fp16} or {@code bf16}
 * @param batch the concurrent sequences
 * @param inputTokens the prompt tokens per sequence
 * @param outputTokens the generated tokens per sequence
 * @param measure what was measured
 * @param value the measured value, in {@link InferenceMeasure#unit()}, above 0
 * @param source where the figure comes from (may be blank)
 */
public record InferenceRun(
    String id,
    ModelArchitecture model,
    AcceleratorSpec accelerator,
    int gpus,
    int tp,
    String precision,
    int batch,
    int inputTokens,
    int outputTokens,
    InferenceMeasure measure,
    double value,
    String source) {

  /** The precisions a run may name. */
  public static final List<String> PRECISIONS = List.of("fp8", "fp16", "bf16");

  /**
   * Validates the run.
   *
   * @throws IllegalArgumentException if the id is blank, a count is below 1, {@code tp} does not
   *     divide {@code gpus}, the precision is unknown or the value is not a finite number above 0
   */
  public InferenceRun {
    Require.nonBlank("id", id);
    Require.positive("gpus", gpus);
    Require.positive("tp", tp);
    if (gpus % tp != 0) {
      throw new IllegalArgumentException("tp (" + tp + ") must divide gpus (" + gpus + ")");
    }
    if (!PRECISIONS.contains(precision)) {
      throw new IllegalArgumentException("precision must be one of " + PRECISIONS + ", was \"" + precision + "\"");
    }
    Require.positive("batch", batch);
    Require.positive("input_tokens", inputTokens);
    Require.positive("output_tokens", outputTokens);
    Require.positive("value", Require.finite("value", value));
  }

  /**
   * Returns the scenario that ran (see the class comment), with {@code overheads}: those of the
   * calibration whose prediction is wanted.
   *
   * @param overheads the serving overheads
   * @return the scenario
   * @throws IllegalArgumentException if the model does not split over {@code tp} GPUs
   */
  public InferenceScenario scenario(ServingOverheads overheads) {
    DType dtype = switch (precision) {
      case "fp8" -> DType.FP8_E4M3;
      case "bf16" -> DType.BF16;
      default -> DType.FP16;
    };
    return InferenceScenario.builder(model, accelerator)
        .tp(tp)
        .weights(precision.equals("fp8") ? QuantizationScheme.fp8() : QuantizationScheme.uniform(dtype))
        .kvCache(dtype)
        .batch(batch)
        .inputTokens(inputTokens)
        .outputTokens(outputTokens)
        .allowLongContext(true)
        .attention(InferenceAttentionKernel.FLASH)
        .overheads(overheads)
        .build();
  }

  /**
   * Returns the model's prediction of the measured figure, with the model's own calibrated
   * overheads, in {@link InferenceMeasure#unit()}.
   *
   * @param m the model
   * @return the prediction
   */
  public double predict(InferenceCostModel m) {
    return measure.of(m.estimate(scenario(m.calibration().overheads())));
  }
}
