package dev.llmcost.costmodel.serving;

/**
 * The lengths a benchmark client keeps when it samples requests from a dataset: a drawn request whose
 * prompt or output is shorter than {@code minTokens}, whose prompt is longer than {@code maxPromptTokens},
 * or whose prompt + output is longer than {@code maxSequenceTokens} is dropped and another is drawn
 * ({@link ServingSimulator#offlineRun(dev.llmcost.costmodel.inference.InferenceScenario,
 * dev.llmcost.costmodel.inference.OfflineRun, LengthDistribution, LengthDistribution, LengthFilter, long)}).
 *
 * @param minTokens the shortest prompt and output kept, at least 1
 * @param maxPromptTokens the longest prompt kept, at least {@code minTokens}
 * @param maxSequenceTokens the longest prompt + output kept, at least {@code 2 × minTokens}
 */
public record LengthFilter(int minTokens, int maxPromptTokens, int maxSequenceTokens) {

  /**
   * The ShareGPT sampler of the serving benchmarks ({@code sample_sharegpt_requests}): it drops a
   * conversation's first turn pair when the prompt or the completion has fewer than 4 tokens, the prompt more
   * than 1,024, or both together more than 2,048 (sgl-project/sglang python/sglang/bench_serving.py at commit
   * 50a613687fe1ffc6f1bb630c684a24c428a54a74, "Prune too short/long sequences", adapted from vLLM's
   * benchmarks/benchmark_serving.py; with {@code ignore_eos} on by default each request then generates its
   * completion's length).
   */
  public static final LengthFilter SHAREGPT_BENCHMARK = new LengthFilter(4, 1024, 2048);

  /** Keeps every request: lengths of at least 1 and no upper bound. */
  public static final LengthFilter NONE = new LengthFilter(1, Integer.MAX_VALUE / 4, Integer.MAX_VALUE / 2);

  /**
   * Checks the bounds.
   *
   * @throws IllegalArgumentException if a bound is out of range, naming it
   */
  public LengthFilter {
    if (minTokens < 1) {
      throw new IllegalArgumentException("minTokens must be at least 1, was " + minTokens);
    }
    if (maxPromptTokens < minTokens) {
      throw new IllegalArgumentException("maxPromptTokens (" + maxPromptTokens + ") must be at least minTokens ("
          + minTokens + ")");
    }
    if (maxSequenceTokens < 2L * minTokens) {
      throw new IllegalArgumentException("maxSequenceTokens (" + maxSequenceTokens + ") must be at least twice"
          + " minTokens (" + minTokens + ")");
    }
  }

  /**
   * Returns whether a request of these lengths is kept.
   *
   * @param prompt prompt tokens
   * @param output output tokens
   * @return whether it is kept
   */
  public boolean keeps(int prompt, int output) {
    return prompt >= minTokens && output >= minTokens && prompt <= maxPromptTokens
        && (long) prompt + output <= maxSequenceTokens;
  }
}
