package dev.llmcost.costmodel.inference;

import dev.llmcost.core.DataSize;
import dev.llmcost.core.FlopCount;
import dev.llmcost.core.internal.Require;
import dev.llmcost.costmodel.internal.inference.Roofline;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The cost of one forward pass of a phase on one GPU (the slowest pipeline stage): the prefill of
 * the batch's prompts, or one decode step of the batch at a given context length, with the cost of
 * each operator group.
 *
 * <p>A final class rather than a record because it stores the per-group figures as numbers and
 * builds the {@link OperatorCost} list only when asked, which keeps an estimate allocation-light; an
 * estimate's phases also run their roofline pass into the per-group figures only when a figure other
 * than the tokens, context or time is first read.
 */
public final class PhaseCost {

  private static final OperatorGroup[] GROUPS = {
    OperatorGroup.QKV_PROJECTION,
    OperatorGroup.ATTENTION,
    OperatorGroup.OUTPUT_PROJECTION,
    OperatorGroup.MLP,
    OperatorGroup.ROUTED_EXPERTS,
    OperatorGroup.ELEMENTWISE,
    OperatorGroup.LM_HEAD,
    OperatorGroup.TP_ALL_REDUCE,
    OperatorGroup.PIPELINE_TRANSFER,
    OperatorGroup.OVERHEAD,
    OperatorGroup.EP_ALL_TO_ALL,
    OperatorGroup.RECURRENT_MIXER
  };

  private final long tokens;
  private final long contextTokens;
  private final double seconds;
  /** The pass that fills the per-group array on first use, or null where the totals were given. */
  private final @Nullable Breakdown breakdown;
  private volatile @Nullable Totals totals;
  private volatile @Nullable List<OperatorCost> operators;

  /**
   * Fills a per-group array {@code [Roofline.GROUPS × Roofline.SLOTS]} (zeros on entry) with the roofline pass
   * whose time the phase holds: the same pass, run again, so the breakdown is built only when asked for.
   */
  @FunctionalInterface
  interface Breakdown {
    void fill(double[] out);
  }

  /** The FLOPs, bytes and compute and memory seconds summed over the groups, with the per-group array if any. */
  private static final class Totals {
    final double flops;
    final long bytes;
    final double computeSeconds;
    final double memorySeconds;
    final double @Nullable [] groups;

    Totals(double flops, long bytes, double computeSeconds, double memorySeconds, double @Nullable [] groups) {
      this.flops = Require.nonNegative("flops", flops);
      this.bytes = Require.nonNegative("bytes", bytes);
      this.computeSeconds = computeSeconds;
      this.memorySeconds = memorySeconds;
      this.groups = groups;
    }
  }

  private PhaseCost(
      long tokens,
      long contextTokens,
      double seconds,
      @Nullable Totals totals,
      @Nullable Breakdown breakdown,
      @Nullable List<OperatorCost> operators) {
    this.tokens = Require.nonNegative("tokens", tokens);
    this.contextTokens = Require.nonNegative("contextTokens", contextTokens);
    this.seconds = Require.nonNegative("seconds", seconds);
    this.breakdown = breakdown;
    // the volatile fields are written only when given (each write is a store fence; null is their default)
    if (totals != null) {
      this.totals = totals;
    }
    if (operators != null) {
      this.operators = operators;
    }
  }

  private Totals totals() {
    Totals t = totals;
    if (t == null) {
      double[] a = new double[Roofline.GROUPS * Roofline.SLOTS];
      Objects.requireNonNull(breakdown).fill(a);
      t = sum(a);
      totals = t;
    }
    return t;
  }

  /**
   * Returns a phase made of the given operators: FLOPs and bytes are summed over all but the
   * communication groups, times over all.
   *
   * @param tokens tokens the pass processes on one GPU
   * @param contextTokens the context a decode step attends to (for prefill: the prompt length)
   * @param seconds time of the pass (at least the operators' sum unless pipeline slots add to it)
   * @param operators the operator costs
   * @return the phase
   * @throws IllegalArgumentException if a count or the time is negative
   */
  public static PhaseCost of(long tokens, long contextTokens, double seconds, List<OperatorCost> operators) {
    double f = 0;
    long b = 0;
    double c = 0;
    double m = 0;
    for (OperatorCost o : operators) {
      if (o.bound() != Bound.COMMUNICATION) {
        f += o.flops();
        b = Math.addExact(b, o.bytes());
      }
      c += o.computeSeconds();
      m += o.memorySeconds();
    }
    return new PhaseCost(tokens, contextTokens, seconds, new Totals(f, b, c, m, null), null, List.copyOf(operators));
  }

  /** Builds a phase from the roofline's per-group array (owned from now on). */
  static PhaseCost ofGroups(long tokens, long contextTokens, double @Nullable [] a, double seconds) {
    Objects.requireNonNull(a, "a");
    return new PhaseCost(tokens, contextTokens, seconds, sum(a), null, null);
  }

  /**
   * Builds a phase whose per-group array is filled by {@code breakdown} only when a figure other than the
   * tokens, context or time is asked for ({@link #flops()}, {@link #operators()}, ...), so that an estimate
   * whose breakdown nobody reads allocates none. The figures are those of {@link #ofGroups} on the array the
   * pass fills: the same pass, computed when first needed.
   *
   * @throws IllegalArgumentException if a count or the time is negative (the summed FLOPs and bytes are checked
   *     when first computed)
   */
  static PhaseCost lazy(long tokens, long contextTokens, double seconds, Breakdown breakdown) {
    return new PhaseCost(tokens, contextTokens, seconds, null, Objects.requireNonNull(breakdown, "breakdown"), null);
  }

  /** Sums a per-group array over the groups (FLOPs and bytes without the communication groups). */
  private static Totals sum(double[] a) {
    double f = 0;
    double b = 0;
    double c = 0;
    double m = 0;
    for (int g = 0; g < Roofline.GROUPS; g++) {
      int o = g * Roofline.SLOTS;
      if (g != Roofline.G_ALL_REDUCE && g != Roofline.G_PIPELINE && g != Roofline.G_ALL_TO_ALL) {
        f += a[o + Roofline.S_FLOPS];
        b += a[o + Roofline.S_BYTES];
      }
      c += a[o + Roofline.S_COMPUTE];
      m += a[o + Roofline.S_MEMORY];
    }
    return new Totals(f, (long) Math.ceil(b), c, m, a);
  }

  /** Returns the tokens the pass processes on one GPU (prompt tokens, or one per sequence). */
  public long tokens() {
    return tokens;
  }

  /** Returns the context a decode step attends to (for prefill: the prompt length). */
  public long contextTokens() {
    return contextTokens;
  }

  /** Returns the FLOPs on one GPU. */
  public double flops() {
    return totals().flops;
  }

  /** Returns the bytes moved to and from device memory on one GPU. */
  public long bytes() {
    return totals().bytes;
  }

  /** Returns the time of the pass in seconds. */
  public double seconds() {
    return seconds;
  }

  /** Returns the FLOPs as a {@link FlopCount}. */
  public FlopCount flopCount() {
    return FlopCount.of(flops());
  }

  /** Returns the bytes as a {@link DataSize}. */
  public DataSize dataSize() {
    return DataSize.ofBytes(bytes());
  }

  /** Returns the time of the arithmetic: FLOPs over achieved rates, summed over the kernels. */
  public double computeSeconds() {
    return totals().computeSeconds;
  }

  /** Returns the time of memory traffic: bytes over achieved bandwidth, summed over the kernels. */
  public double memorySeconds() {
    return totals().memorySeconds;
  }

  /**
   * Returns whether the pass as a whole is compute-bound: its FLOPs take at least as long at the
   * achieved rates as its bytes at the achieved bandwidth.
   */
  public Bound bound() {
    Totals t = totals();
    return t.computeSeconds >= t.memorySeconds ? Bound.COMPUTE : Bound.MEMORY;
  }

  /** Returns the arithmetic intensity of the pass in FLOP per byte (0 when it moves no bytes). */
  public double arithmeticIntensity() {
    Totals t = totals();
    return t.bytes == 0 ? 0 : t.flops / t.bytes;
  }

  /** Returns the cost of each operator group that does any work, in pass order. */
  public List<OperatorCost> operators() {
    List<OperatorCost> list = operators;
    if (list == null) {
      double[] a = Objects.requireNonNull(totals().groups);
      OperatorCost[] ops = new OperatorCost[Roofline.GROUPS];
      int n = 0;
      for (int g = 0; g < Roofline.GROUPS; g++) {
        int o = g * Roofline.SLOTS;
        double t = a[o + Roofline.S_TIME];
        if (t <= 0 && a[o + Roofline.S_FLOPS] <= 0) {
          continue;
        }
        ops[n++] =
            new OperatorCost(
                GROUPS[g],
                a[o + Roofline.S_FLOPS],
                (long) Math.ceil(a[o + Roofline.S_BYTES]),
                a[o + Roofline.S_COMPUTE],
                a[o + Roofline.S_MEMORY],
                t);
      }
      list = List.of(Arrays.copyOf(ops, n));
      operators = list;
    }
    return list;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof PhaseCost p
        && tokens == p.tokens
        && contextTokens == p.contextTokens
        && Double.compare(flops(), p.flops()) == 0
        && bytes() == p.bytes()
        && Double.compare(seconds, p.seconds) == 0
        && operators().equals(p.operators());
  }

  @Override
  public int hashCode() {
    return Objects.hash(tokens, contextTokens, flops(), bytes(), seconds, operators());
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "PhaseCost[tokens=%d, contextTokens=%d, flops=%.4g, bytes=%d, seconds=%.6g, bound=%s]",
        tokens,
        contextTokens,
        flops(),
        bytes(),
        seconds,
        bound());
  }
}
