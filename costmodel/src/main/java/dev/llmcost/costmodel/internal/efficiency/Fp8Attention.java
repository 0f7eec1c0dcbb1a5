package dev.llmcost.costmodel.internal.efficiency;

import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.costmodel.internal.training.CsvTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How much faster cuDNN's fused attention runs in FP8 than in BF16, from {@code attention-fp8.csv} (next to {@code
 * EfficiencyProfiles}): per accelerator, source and causal sequence length, the FP8 and BF16 forward and backward
 * rates of one shape measured in the same run (NVIDIA/cudnn-frontend's SDPA training benchmark: B200 and GB300 on
 * cuDNN 9.13.1, GB200 on 9.17.0 and 9.19.1, H200 on 9.19.1).
 *
 * <p>Only the ratio of the two rates carries over: the harnesses differ from those of {@code attention.csv}'s BF16
 * rows (B200 at 8,192 tokens: 1,384 TFLOP/s forward in BF16 through cuDNN Frontend graphs here, 1,171 through PyTorch's
 * SDPA there), so the training model runs its own 16-bit attention rate times the same-run ratio ({@link #speedup}).
 * The ratio is interpolated linearly in {@code log2(seq)} between the measured lengths and held at the ends; where
 * several sources measured one accelerator, their ratios are averaged at each length; an accelerator without rows of
 * its own takes its silicon family's ({@link Microbenchmarks#family(AcceleratorSpec)}: Hopper, Blackwell).
 */
public final class Fp8Attention {
  /** One source's causal rows on one accelerator, by ascending sequence length. */
  private record Series(String acc, double[] log2Seq, double[] fwd, double[] bwd) {
    double[] at(double seq) {
      double x = Math.log(seq) / Math.log(2);
      int n = log2Seq.length;
      if (x <= log2Seq[0]) {
        return new double[] {fwd[0], bwd[0]};
      }
      if (x >= log2Seq[n - 1]) {
        return new double[] {fwd[n - 1], bwd[n - 1]};
      }
      int i = 1;
      while (log2Seq[i] < x) {
        i++;
      }
      double w = (x - log2Seq[i - 1]) / (log2Seq[i] - log2Seq[i - 1]);
      return new double[] {fwd[i - 1] + w * (fwd[i] - fwd[i - 1]), bwd[i - 1] + w * (bwd[i] - bwd[i - 1])};
    }
  }

  private final List<Series> series = new ArrayList<>();
  private final Map<String, Curve> curvesByAccelerator = new java.util.HashMap<>();
  private final Map<String, Curve> curvesByFamily = new java.util.HashMap<>();

  private static final class Holder {
    static final Fp8Attention BUNDLED = new Fp8Attention();
  }

  /** Returns the bundled rows. */
  public static Fp8Attention bundled() {
    return Holder.BUNDLED;
  }

  private Fp8Attention() {
    CsvTable t = CsvTable.read(Fp8Attention.class, "/dev/llmcost/costmodel/efficiency/attention-fp8.csv");
    // causal rows of head dimension 128 grouped by accelerator and source (one run each), in file order
    Map<String, List<double[]>> runs = new LinkedHashMap<>();
    for (int i = 0; i < t.size(); i++) {
      if (!t.get(i, "causal").equals("true") || t.integer(i, "head_dim", 0) != 128) {
        continue;
      }
      double[] r = {t.number(i, "seq"), t.number(i, "fp8_fwd_tflops") / t.number(i, "bf16_fwd_tflops"),
          t.number(i, "fp8_bwd_tflops") / t.number(i, "bf16_bwd_tflops")};
      for (double v : r) {
        if (!(v > 0) || Double.isInfinite(v)) {
          throw new IllegalStateException("attention-fp8.csv row " + (i + 1) + ": rates must be positive");
        }
      }
      runs.computeIfAbsent(t.get(i, "accelerator") + "|" + t.get(i, "source"), k -> new ArrayList<>()).add(r);
    }
    for (Map.Entry<String, List<double[]>> e : runs.entrySet()) {
      List<double[]> rows = new ArrayList<>(e.getValue());
      rows.sort((a, b) -> Double.compare(a[0], b[0]));
      int n = rows.size();
      double[] x = new double[n];
      double[] f = new double[n];
      double[] b = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = Math.log(rows.get(i)[0]) / Math.log(2);
        f[i] = rows.get(i)[1];
        b[i] = rows.get(i)[2];
      }
      series.add(new Series(e.getKey().substring(0, e.getKey().indexOf('|')), x, f, b));
    }
    // the curves by accelerator id and by silicon family, built once: an estimate looks its part up by key
    Map<String, List<Series>> byAcc = new java.util.HashMap<>();
    Map<String, List<Series>> byFamily = new java.util.HashMap<>();
    for (Series s : series) {
      byAcc.computeIfAbsent(s.acc, k -> new ArrayList<>()).add(s);
      byFamily.computeIfAbsent(Microbenchmarks.family(s.acc), k -> new ArrayList<>()).add(s);
    }
    byAcc.forEach((k, v) -> curvesByAccelerator.put(k, new Curve(v)));
    byFamily.forEach((k, v) -> curvesByFamily.put(k, new Curve(v)));
  }


  /**
   * Returns whether FP8 attention rows exist for an accelerator: its own (by {@link Microbenchmarks#rowsId}) or its
   * silicon family's.
   *
   * @param a the accelerator
   * @return whether {@link #speedup} has an answer
   */
  public boolean covers(AcceleratorSpec a) {
    return !curve(a).isEmpty();
  }

  /**
   * Returns the FP8 rate over the BF16 rate of cuDNN's causal fused attention at a sequence length, forward and
   * backward: {@code {fwd, bwd}}, the mean over the sources that measured the accelerator (else its family).
   *
   * @param a the accelerator
   * @param seq keys per query of the attention kernel (its sequence length), tokens
   * @return the two ratios, or empty without rows
   * @throws IllegalArgumentException if {@code seq} is not positive and finite
   */
  public Optional<double[]> speedup(AcceleratorSpec a, double seq) {
    Curve c = curve(a);
    return c.isEmpty() ? Optional.empty() : Optional.of(c.at(seq));
  }

  /**
   * Returns the ratios of an accelerator as a curve over sequence length ({@link Curve#NONE} without rows), for the
   * training evaluator's hardware constants.
   *
   * @param a the accelerator
   * @return the curve
   */
  public Curve curve(AcceleratorSpec a) {
    Curve own = curvesByAccelerator.get(Microbenchmarks.bundled().rowsId(a));
    return own != null ? own : curvesByFamily.getOrDefault(Microbenchmarks.family(a), Curve.NONE);
  }

  /** The FP8/BF16 rate ratios of one accelerator's sources, averaged at each sequence length. */
  public static final class Curve {
    /** No rows. */
    public static final Curve NONE = new Curve(List.of());

    private final List<Series> rows;

    private Curve(List<Series> rows) {
      this.rows = List.copyOf(rows);
    }

    /** Returns whether there are no rows. */
    public boolean isEmpty() {
      return rows.isEmpty();
    }

    /**
     * Returns {@code {fwd, bwd}}: FP8 rate over BF16 rate at a sequence length.
     *
     * @param seq keys per query of the attention kernel, tokens
     * @return the two ratios
     * @throws IllegalArgumentException if {@code seq} is not positive and finite
     * @throws IllegalStateException if there are no rows
     */
    public double[] at(double seq) {
      if (!(seq > 0) || Double.isInfinite(seq)) {
        throw new IllegalArgumentException("seq must be positive and finite, was " + seq);
      }
      if (rows.isEmpty()) {
        throw new IllegalStateException("no FP8 attention rows");
      }
      double f = 0;
      double b = 0;
      for (Series s : rows) {
        double[] r = s.at(seq);
        f += r[0];
        b += r[1];
      }
      return new double[] {f / rows.size(), b / rows.size()};
    }
  }
}
