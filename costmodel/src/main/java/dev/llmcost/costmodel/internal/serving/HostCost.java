package dev.llmcost.costmodel.internal.serving;

import dev.llmcost.costmodel.inference.InferenceScenario;
import dev.llmcost.costmodel.inference.ServingOverheads;

/**
 * The host time of one engine step, overlapped with the GPU's (TensorRT-LLM's PyTorch backend's overlap
 * scheduler): {@link ServingOverheads#hostSecondsPerSequence} times the sequences one rank's scheduler handles in
 * the step (its decoding sequences and the prompts it prefills, over the {@code tp} ranks with attention data
 * parallelism), plus {@link ServingOverheads#hostSecondsPerEagerMoeLayer} times the MoE layers and {@link
 * ServingOverheads#hostSecondsPerEagerLayer} times all layers (s24g) when the step prefills a prompt (no CUDA graph). A step takes the longer of this and its GPU time. The serving simulator's
 * steps (s13v) and {@code InferenceCostModel.offlineRun}'s iteration loops all take it from here.
 *
 * @param perSequenceSeconds host seconds per sequence on a rank
 * @param ranks the ranks whose schedulers share the step's sequences (tp with attention data parallelism, else 1)
 * @param eagerSeconds host seconds of launching a pass that prefills a prompt
 */
public record HostCost(double perSequenceSeconds, int ranks, double eagerSeconds) {

  /** No host time: a step takes its GPU time. */
  public static final HostCost NONE = new HostCost(0, 1, 0);

  /**
   * Validates the parts.
   *
   * @throws IllegalArgumentException if a time is negative or not finite, or {@code ranks < 1}
   */
  public HostCost {
    if (!(perSequenceSeconds >= 0 && Double.isFinite(perSequenceSeconds))) {
      throw new IllegalArgumentException("perSequenceSeconds must be finite and >= 0, was " + perSequenceSeconds);
    }
    if (!(eagerSeconds >= 0 && Double.isFinite(eagerSeconds))) {
      throw new IllegalArgumentException("eagerSeconds must be finite and >= 0, was " + eagerSeconds);
    }
    if (ranks < 1) {
      throw new IllegalArgumentException("ranks must be >= 1, was " + ranks);
    }
  }

  /**
   * Returns the host cost of a scenario's engine, from its {@link InferenceScenario#overheads()}.
   *
   * @param s the scenario
   * @return the host cost ({@link #NONE} where its overheads have no host part)
   */
  public static HostCost of(InferenceScenario s) {
    ServingOverheads o = s.overheads();
    // s24g: plus the per-layer launch time of an engine whose every layer is launched eagerly (SGLang's extend pass)
    double eager = o.hostSecondsPerEagerMoeLayer() * s.model().moeLayers()
        + o.hostSecondsPerEagerLayer() * s.model().layers();
    if (o.hostSecondsPerSequence() == 0 && eager == 0) {
      return NONE;
    }
    return new HostCost(o.hostSecondsPerSequence(), s.attentionDataParallel() ? s.tp() : 1, eager);
  }

  /** Returns whether a step's time is its GPU time alone. */
  public boolean isNone() {
    return perSequenceSeconds == 0 && eagerSeconds == 0;
  }

  /**
   * Returns the host seconds of a step.
   *
   * @param sequences the sequences in the step (decoding, and prefilling a prompt chunk)
   * @param eager whether the step launches its pass without a CUDA graph: it prefills a prompt, or (offline runs)
   *     it decodes more sequences than the largest captured graph holds ({@code OfflineRun.decodesEagerly})
   * @return seconds
   */
  public double seconds(long sequences, boolean eager) {
    return perSequenceSeconds * Math.ceil((double) sequences / ranks) + (eager ? eagerSeconds : 0);
  }
}
