package dev.llmcost.costmodel.capacity;

import dev.llmcost.core.Money;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.internal.Require;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.costmodel.inference.EmbeddingEstimate;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The GPUs that embed (or rerank) a rate of sequences with an encoder: one replica per GPU, each
 * running batches of the largest size whose forward pass meets a latency objective and fits the
 * GPU, and as many replicas as the rate needs at that throughput ({@code ⌈rate / per-GPU rate⌉}).
 *
 * <p>The per-GPU throughput of each batch size is {@link EmbeddingEstimate}'s roofline. Cost per
 * million embedded tokens is the fleet's hourly price over the tokens it embeds in an hour at the
 * requested rate (idle capacity of the last GPU included), the self-hosted counterpart of an
 * embedding API's price per million input tokens.
 */
public final class EmbeddingCapacity {
  private final double sequencesPerSecond;
  private final double latencyObjectiveSeconds;
  private final EmbeddingEstimate chosen;
  private final int gpus;
  private final List<EmbeddingEstimate> candidates;
  private final List<String> rejected;

  private EmbeddingCapacity(
      double sequencesPerSecond,
      double latencyObjectiveSeconds,
      EmbeddingEstimate chosen,
      int gpus,
      List<EmbeddingEstimate> candidates,
      List<String> rejected) {
    this.sequencesPerSecond = sequencesPerSecond;
    this.latencyObjectiveSeconds = latencyObjectiveSeconds;
    this.chosen = chosen;
    this.gpus = gpus;
    this.candidates = List.copyOf(candidates);
    this.rejected = List.copyOf(rejected);
  }

  /**
   * Sizes a fleet: batch sizes 1, 2, 4 … up to {@code maxBatch} (and {@code maxBatch} itself) are
   * estimated; of those whose batch time is within the objective and that fit, the one with the
   * highest throughput per GPU is chosen.
   *
   * @param model an encoder (or any model run for embeddings)
   * @param accelerator the accelerator of every replica
   * @param sequencesPerSecond sequences to embed per second, > 0
   * @param sequenceLength tokens per sequence, at least 1 and at most a learned position table
   * @param latencyObjectiveSeconds the most one batch's forward pass may take, seconds, > 0
   * @param maxBatch the largest batch to consider, at least 1
   * @return the plan
   * @throws IllegalArgumentException if a number is out of range, or no batch size meets the
   *     objective and fits (the message lists why each was rejected)
   */
  public static EmbeddingCapacity plan(
      ModelArchitecture model,
      AcceleratorSpec accelerator,
      double sequencesPerSecond,
      int sequenceLength,
      double latencyObjectiveSeconds,
      int maxBatch) {
    Require.finite("sequencesPerSecond", sequencesPerSecond);
    if (sequencesPerSecond <= 0) {
      throw new IllegalArgumentException("sequencesPerSecond must be > 0, was " + sequencesPerSecond);
    }
    Require.finite("latencyObjectiveSeconds", latencyObjectiveSeconds);
    if (latencyObjectiveSeconds <= 0) {
      throw new IllegalArgumentException("latencyObjectiveSeconds must be > 0, was " + latencyObjectiveSeconds);
    }
    Require.positive("maxBatch", maxBatch);
    List<EmbeddingEstimate> candidates = new ArrayList<>();
    List<String> rejected = new ArrayList<>();
    EmbeddingEstimate best = null;
    List<Integer> sizes = new ArrayList<>();
    for (long b = 1; b < maxBatch; b *= 2) {
      sizes.add((int) b);
    }
    sizes.add(maxBatch);
    for (int b : sizes) {
      EmbeddingEstimate e = EmbeddingEstimate.of(model, accelerator, b, sequenceLength);
      candidates.add(e);
      if (!e.fits()) {
        rejected.add("batch " + b + ": weights and activations do not fit " + accelerator.id());
      } else if (e.secondsPerBatch() > latencyObjectiveSeconds) {
        rejected.add(String.format(Locale.ROOT, "batch %d: %.4g s per batch exceeds the objective %.4g s", b,
            e.secondsPerBatch(), latencyObjectiveSeconds));
      } else if (best == null || e.sequencesPerSecond() > best.sequencesPerSecond()) {
        best = e;
      }
    }
    if (best == null) {
      throw new IllegalArgumentException("no batch of " + model.id() + " on " + accelerator.id()
          + " embeds sequences of " + sequenceLength + " tokens within " + latencyObjectiveSeconds + " s: "
          + String.join("; ", rejected));
    }
    double replicas = Math.ceil(sequencesPerSecond / best.sequencesPerSecond() - 1e-9);
    if (replicas > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("sequencesPerSecond " + sequencesPerSecond + " needs more than "
          + Integer.MAX_VALUE + " GPUs");
    }
    return new EmbeddingCapacity(sequencesPerSecond, latencyObjectiveSeconds, best, (int) replicas, candidates,
        rejected);
  }

  /** Returns the GPUs (one replica each). */
  public int gpus() {
    return gpus;
  }

  /** Returns the sequences per batch of the chosen configuration. */
  public int batch() {
    return chosen.batch();
  }

  /** Returns the estimate of one GPU at the chosen batch. */
  public EmbeddingEstimate perGpu() {
    return chosen;
  }

  /** Returns the requested sequences per second. */
  public double sequencesPerSecond() {
    return sequencesPerSecond;
  }

  /** Returns the requested embedded tokens per second. */
  public double tokensPerSecond() {
    return sequencesPerSecond * chosen.sequenceLength();
  }

  /** Returns the latency objective on one batch, seconds. */
  public double latencyObjectiveSeconds() {
    return latencyObjectiveSeconds;
  }

  /** Returns the share of the fleet's throughput the rate uses, in (0, 1]. */
  public double utilization() {
    return sequencesPerSecond / (gpus * chosen.sequencesPerSecond());
  }

  /** Returns every batch size estimated, smallest first. */
  public List<EmbeddingEstimate> candidates() {
    return candidates;
  }

  /** Returns why batch sizes were rejected, in words. */
  public List<String> rejected() {
    return rejected;
  }

  /**
   * Returns the fleet's price per hour.
   *
   * @param pricePerGpuHour the price of one GPU for an hour
   * @return gpus × the price
   */
  public Money costPerHour(Money pricePerGpuHour) {
    return pricePerGpuHour.times(BigDecimal.valueOf(gpus));
  }

  /**
   * Returns the cost of embedding a million tokens at the requested rate: the fleet's hourly price
   * over the tokens it embeds in an hour (idle capacity included).
   *
   * @param pricePerGpuHour the price of one GPU for an hour
   * @return the cost per million embedded tokens
   */
  public Money costPerMillionTokens(Money pricePerGpuHour) {
    double millionsPerHour = tokensPerSecond() * 3600 / 1e6;
    return costPerHour(pricePerGpuHour).times(new BigDecimal(1 / millionsPerHour, MathContext.DECIMAL64));
  }

  /** Returns what the plan assumed, in words (the estimate's assumptions first). */
  public List<String> assumptions() {
    List<String> a = new ArrayList<>(chosen.assumptions());
    a.add(String.format(Locale.ROOT, "one replica per GPU (no tensor parallelism); batches of %,d sequences, the"
        + " highest throughput whose forward pass takes at most the %.4g s objective (a saturated replica's"
        + " sequences may wait one more batch time; queueing is not modelled)", chosen.batch(),
        latencyObjectiveSeconds));
    a.add("cost per million embedded tokens: the fleet's hourly price over the tokens embedded per hour at the"
        + " requested rate, idle capacity included");
    return a;
  }
}
