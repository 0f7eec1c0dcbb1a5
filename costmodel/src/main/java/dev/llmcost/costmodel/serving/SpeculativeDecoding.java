package dev.llmcost.costmodel.serving;

import dev.llmcost.core.model.ModelArchitecture;

/**
 * Speculative decoding with a draft model: each step the draft proposes {@code k} tokens one after
 * another and the target verifies them in one pass of {@code k + 1} tokens per sequence. With each
 * draft token accepted independently with probability {@code α}, a step yields {@code (1 −
 * α^(k+1)) / (1 − α)} tokens in expectation (Leviathan, Kalman and Matias 2023, "Fast Inference
 * from Transformers via Speculative Decoding", ICML, eq. 1). Immutable.
 */
public final class SpeculativeDecoding {

  private final ModelArchitecture draft;
  private final int k;
  private final double acceptance;

  private SpeculativeDecoding(ModelArchitecture draft, int k, double acceptance) {
    this.draft = draft;
    this.k = k;
    this.acceptance = acceptance;
  }

  /**
   * Returns a speculative-decoding configuration.
   *
   * @param draft the draft model (it runs on the same GPUs with the same tensor parallelism)
   * @param k draft tokens per step, 1 to 16
   * @param acceptance probability that a draft token is accepted, in [0, 1)
   * @return the configuration
   * @throws IllegalArgumentException if {@code k} or {@code acceptance} is out of range
   */
  public static SpeculativeDecoding of(ModelArchitecture draft, int k, double acceptance) {
    if (k < 1 || k > 16) {
      throw new IllegalArgumentException("k must be in [1, 16], was " + k);
    }
    if (!(acceptance >= 0 && acceptance < 1)) {
      throw new IllegalArgumentException("acceptance must be in [0, 1), was " + acceptance);
    }
    return new SpeculativeDecoding(draft, k, acceptance);
  }

  /** Returns the draft model. */
  public ModelArchitecture draft() {
    return draft;
  }

  /** Returns the draft tokens per step. */
  public int k() {
    return k;
  }

  /** Returns the acceptance probability of a draft token. */
  public double acceptance() {
    return acceptance;
  }

  /** Returns the expected tokens a sequence gains per step: {@code (1 − α^(k+1)) / (1 − α)}. */
  public double expectedTokensPerStep() {
    return (1 - Math.pow(acceptance, k + 1)) / (1 - acceptance);
  }
}
