package dev.llmcost.cli;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * {@code --decode-tp} and {@code --decode-limits}, a disaggregated deployment's decode pool of its own engine (a
 * picocli mixin): {@code simulate --disaggregate} (s20p, {@code Disaggregation.withDecodePool}) and {@code capacity
 * --disaggregated} / {@code --simulate} (s21b, {@code CapacityRequest.Builder.decodeTp} / {@code decodeLimits}). The
 * values are parsed and checked here once, with the same refusals (exit 2, naming the option and value) in both
 * commands.
 */
final class DecodePoolOptions {

  @Option(names = "--decode-tp",
      description = "With simulate --disaggregate, capacity --disaggregated or capacity --simulate: tensor-parallel GPUs"
          + " per decode replica, the decode pool running an engine of its own (same model, accelerator and formats;"
          + " DistServe's per-phase parallelism) (default: simulate, --tp; capacity, searched over the --tp"
          + " candidates by --disaggregated and each unit's prefill tp by --simulate).")
  @Nullable Integer tp;

  @Option(names = "--decode-limits",
      description = "With simulate --disaggregate, capacity --disaggregated or capacity --simulate: SEQS,TOKENS, most"
          + " running sequences and token budget per decode replica's step, TOKENS >= SEQS (default: the prefill"
          + " replicas' limits; capacity --disaggregated, --max-batch).")
  @Nullable String limits;

  /** Returns whether either option was given. */
  boolean given() {
    return tp != null || limits != null;
  }

  /** Returns the option a refusal names, with its value: {@code --decode-tp 2}, else {@code --decode-limits 64,4096}. */
  String named() {
    return tp != null ? "--decode-tp " + tp : "--decode-limits " + limits;
  }

  /**
   * Refuses either option without the one that enables it: {@code --decode-tp 2 needs --disaggregate}.
   *
   * @param enabler the option (or options, in words) the decode pool needs
   */
  void refuse(String enabler) {
    if (given()) {
      throw new IllegalArgumentException(named() + " needs " + enabler);
    }
  }

  /** Returns {@code --decode-tp}, checked to be in [1, 1024], or null when not given. */
  @Nullable Integer tp() {
    if (tp != null && (tp < 1 || tp > 1024)) {
      throw new IllegalArgumentException("--decode-tp must be in [1, 1024], was " + tp);
    }
    return tp;
  }

  /**
   * Returns {@code --decode-limits} as {sequences, tokens}, or null when not given.
   *
   * @throws IllegalArgumentException if it is not two whole numbers, out of range, or TOKENS is below SEQS (the
   *     library's reason, {@code Disaggregation.withDecodePool})
   */
  int @Nullable [] limits() {
    if (limits == null) {
      return null;
    }
    int @Nullable [] st = SimulateCommand.twoWholeNumbers(limits, ",");
    if (st == null) {
      throw new IllegalArgumentException("--decode-limits must be SEQS,TOKENS such as 256,8192, was \"" + limits + "\"");
    }
    if (st[0] < 1 || st[0] > 1_000_000 || st[1] < 1 || st[1] > 1 << 20) {
      throw new IllegalArgumentException("--decode-limits needs SEQS in [1, 1000000] and TOKENS in [1, 1048576],"
          + " was \"" + limits + "\"");
    }
    if (st[1] < st[0]) {
      throw new IllegalArgumentException("--decode-limits " + limits + ": maxBatchedTokens (" + st[1]
          + ") must be >= maxNumSeqs (" + st[0] + ")");
    }
    return st;
  }
}
