package dev.llmcost.costmodel.inference;

import dev.llmcost.core.DataSize;
import dev.llmcost.core.internal.Require;
import java.util.List;

/**
 * The latency, throughput and memory of a scenario served with speculative decoding ({@link
 * InferenceCostModel#speculative}), next to the same scenario without it ({@link #base()}).
 *
 * <p>Each decode step runs {@code k} draft passes and one verification pass of the target that
 * scores {@code k + 1} tokens per sequence, and yields {@link #expectedTokensPerStep()} tokens per
 * sequence in expectation; so {@code tpot = (k · draft + verify) / E}, costed at the mean context
 * {@code input + output / 2}. The prompt also passes through the draft (its KV cache), which adds
 * to the TTFT. Throughput is the batch's output tokens over prefill (target and draft) and decode.
 */
public final class SpeculativeEstimate {
  private final InferenceEstimate base;
  private final SpeculativeDecoding speculation;
  private final double draftSecondsPerStep;
  private final double verifySecondsPerStep;
  private final double draftPrefillSeconds;
  private final double tpotSeconds;
  private final double ttftSeconds;
  private final double endToEndSeconds;
  private final double outputTokensPerSecond;
  private final DataSize draftWeightsPerGpu;
  private final DataSize draftKvCachePerTokenPerGpu;
  private final InferenceMemory memoryPerGpu;
  private final int maxBatchSize;
  private final List<String> assumptions;

  SpeculativeEstimate(
      InferenceEstimate base,
      SpeculativeDecoding speculation,
      double draftSecondsPerStep,
      double verifySecondsPerStep,
      double draftPrefillSeconds,
      DataSize draftWeightsPerGpu,
      DataSize draftKvCachePerTokenPerGpu,
      InferenceMemory memoryPerGpu,
      int maxBatchSize,
      List<String> assumptions) {
    this.base = base;
    this.speculation = speculation;
    this.draftSecondsPerStep = Require.nonNegative("draftSecondsPerStep", draftSecondsPerStep);
    this.verifySecondsPerStep = Require.nonNegative("verifySecondsPerStep", verifySecondsPerStep);
    this.draftPrefillSeconds = Require.nonNegative("draftPrefillSeconds", draftPrefillSeconds);
    InferenceScenario s = base.scenario();
    this.tpotSeconds = (draftSecondsPerStep + verifySecondsPerStep) / speculation.expectedTokensPerStep();
    this.ttftSeconds = base.ttftSeconds() + draftPrefillSeconds;
    double decode = (s.outputTokens() - 1) * tpotSeconds;
    this.endToEndSeconds = ttftSeconds + decode;
    this.outputTokensPerSecond = (double) s.batch() * s.outputTokens() / (base.prefillSeconds() + draftPrefillSeconds + decode);
    this.draftWeightsPerGpu = draftWeightsPerGpu;
    this.draftKvCachePerTokenPerGpu = draftKvCachePerTokenPerGpu;
    this.memoryPerGpu = memoryPerGpu;
    this.maxBatchSize = Require.nonNegative("maxBatchSize", maxBatchSize);
    this.assumptions = List.copyOf(assumptions);
  }

  /** Returns the same scenario without speculative decoding. */
  public InferenceEstimate base() {
    return base;
  }

  /** Returns the speculative decoding (draft, k, acceptance). */
  public SpeculativeDecoding speculation() {
    return speculation;
  }

  /** Returns the expected tokens a sequence gains per step, {@code (1 − α^(k+1)) / (1 − α)}. */
  public double expectedTokensPerStep() {
    return speculation.expectedTokensPerStep();
  }

  /** Returns the seconds of the {@code k} draft passes of one step. */
  public double draftSecondsPerStep() {
    return draftSecondsPerStep;
  }

  /** Returns the seconds of the target's verification pass of one step ({@code k + 1} tokens per sequence). */
  public double verifySecondsPerStep() {
    return verifySecondsPerStep;
  }

  /** Returns the seconds the prompt takes through the draft, added to the TTFT. */
  public double draftPrefillSeconds() {
    return draftPrefillSeconds;
  }

  /** Returns the time to first token: the base TTFT plus the draft's prefill, in seconds. */
  public double ttftSeconds() {
    return ttftSeconds;
  }

  /** Returns the mean time per output token after the first, {@code (k · draft + verify) / E}, in seconds. */
  public double tpotSeconds() {
    return tpotSeconds;
  }

  /** Returns a request's latency, {@code ttft + (output − 1) · tpot}, in seconds. */
  public double endToEndSeconds() {
    return endToEndSeconds;
  }

  /** Returns the batch's output tokens per second. */
  public double outputTokensPerSecond() {
    return outputTokensPerSecond;
  }

  /** Returns the output tokens per second per GPU. */
  public double outputTokensPerSecondPerGpu() {
    return outputTokensPerSecond / base.scenario().gpus();
  }

  /** Returns the base TPOT over the speculative TPOT (above 1 when speculation pays). */
  public double speedup() {
    return base.tpotSeconds() / tpotSeconds;
  }

  /** Returns the draft's weights on one GPU (for MTP, the modules' own weights: the head and embedding are shared). */
  public DataSize draftWeightsPerGpu() {
    return draftWeightsPerGpu;
  }

  /** Returns the draft's KV cache per token on one GPU. */
  public DataSize draftKvCachePerTokenPerGpu() {
    return draftKvCachePerTokenPerGpu;
  }

  /** Returns one GPU's memory with the draft's weights and KV cache. */
  public InferenceMemory memoryPerGpu() {
    return memoryPerGpu;
  }

  /** Returns whether the batch fits with the draft. */
  public boolean fits() {
    return memoryPerGpu.fits();
  }

  /** Returns the largest batch that fits with the draft. */
  public int maxBatchSize() {
    return maxBatchSize;
  }

  /** Returns the assumptions: the base estimate's and the speculative decoding's. */
  public List<String> assumptions() {
    return assumptions;
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "SpeculativeEstimate[k=%d, acceptance=%.2f, tpot=%.3g s (base %.3g s), %.4g tok/s]",
        speculation.k(), speculation.acceptance(), tpotSeconds, base.tpotSeconds(), outputTokensPerSecond);
  }
}
