package dev.llmcost.costmodel.internal.efficiency;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.costmodel.internal.training.CsvTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * How much faster dense GEMMs run in FP8 than in BF16 on parts whose FP8 GEMM rate {@code gemm.csv} does not hold,
 * from {@code gemm-fp8-ratio.csv} (next to {@code EfficiencyProfiles}): per accelerator, the best-shape FP8 and BF16
 * rates of one harness (AMD's hipblaslt-bench "max-achievable FLOPs" runs on MI300X and MI325X, rocm-blogs 2025 and
 * 2026).
 *
 * <p>Only the ratio of the two rates carries over, as {@link Fp8Attention}'s does: that harness (hipblaslt-bench on a
 * pre-release hipBLASLt) is not {@code gemm.csv}'s (torch.mm through PyTorch; MI300X 668.4 TFLOP/s in BF16 there,
 * 708 here), so the part's FP8 curve is its own BF16 best-shape curve times the same-harness ratio ({@link
 * Microbenchmarks#gemmPeakFraction}). Where a part has rows measured on normally distributed inputs, only those are
 * read: the later AMD source says its earlier {@code trig_float} pattern can let the part hold a higher clock than
 * representative data and is not directly comparable (on MI325X: 1.802 with {@code trig_float}, 1.694 with normal
 * inputs). Several rows of one accelerator and pattern are averaged; a part without rows of its own takes the mean
 * of its silicon family's accelerators ({@link Microbenchmarks#family(String)}).
 */
public final class Fp8GemmRatio {
  private final Map<String, Double> byAccelerator = new HashMap<>();
  private final Map<String, Double> byFamily = new HashMap<>();

  private static final class Holder {
    static final Fp8GemmRatio BUNDLED = new Fp8GemmRatio(
        CsvTable.read(Fp8GemmRatio.class, "/dev/llmcost/costmodel/efficiency/gemm-fp8-ratio.csv"));
  }

  /** Returns the bundled rows. */
  public static Fp8GemmRatio bundled() {
    return Holder.BUNDLED;
  }

  /**
   * Reads a table in {@code gemm-fp8-ratio.csv}'s format (a test's entry point; the estimates read {@link
   * #bundled}).
   *
   * @param t the table
   * @throws IllegalStateException naming the row and column where a rate or dimension is not a positive number, or
   *     the input pattern is neither {@code normal} nor {@code trig_float}
   */
  Fp8GemmRatio(CsvTable t) {
    // accelerator -> {normal ratios, trig_float ratios}
    Map<String, List<List<Double>>> ratios = new HashMap<>();
    AcceleratorCatalog catalog = AcceleratorCatalog.bundled();
    for (int i = 0; i < t.size(); i++) {
      String acc = t.get(i, "accelerator");
      String init = t.get(i, "init");
      if (!init.equals("normal") && !init.equals("trig_float")) {
        throw new IllegalStateException("gemm-fp8-ratio.csv row " + (i + 1) + ": init '" + init
            + "' is neither normal nor trig_float");
      }
      for (String column : new String[] {"bf16_m", "bf16_n", "bf16_k", "bf16_tflops", "fp8_m", "fp8_n", "fp8_k",
          "fp8_tflops"}) {
        double v = t.number(i, column);
        if (!(v > 0) || Double.isInfinite(v)) {
          throw new IllegalStateException("gemm-fp8-ratio.csv row " + (i + 1) + ": " + column + " must be a positive"
              + " number, got '" + t.get(i, column) + "'");
        }
      }
      if (catalog.find(acc).isEmpty()) {
        continue; // measured on hardware the catalog does not list
      }
      ratios.computeIfAbsent(acc, k -> List.of(new ArrayList<>(), new ArrayList<>()))
          .get(init.equals("normal") ? 0 : 1).add(t.number(i, "fp8_tflops") / t.number(i, "bf16_tflops"));
    }
    Map<String, List<Double>> families = new HashMap<>();
    ratios.forEach((acc, byInit) -> {
      List<Double> read = byInit.get(0).isEmpty() ? byInit.get(1) : byInit.get(0);
      double ratio = read.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      byAccelerator.put(acc, ratio);
      families.computeIfAbsent(Microbenchmarks.family(acc), k -> new ArrayList<>()).add(ratio);
    });
    families.forEach((f, r) -> byFamily.put(f, r.stream().mapToDouble(Double::doubleValue).average().orElseThrow()));
  }

  /**
   * Returns the FP8-over-BF16 best-shape GEMM rate ratio of an accelerator's own rows.
   *
   * @param rowsId the id the accelerator's rows are read by ({@link Microbenchmarks#rowsId})
   * @return the ratio, or empty without rows of its own
   */
  public OptionalDouble own(String rowsId) {
    Double r = byAccelerator.get(rowsId);
    return r == null ? OptionalDouble.empty() : OptionalDouble.of(r);
  }

  /**
   * Returns the mean FP8-over-BF16 ratio of a silicon family's accelerators.
   *
   * @param family the family ({@link Microbenchmarks#family(String)})
   * @return the ratio, or empty without rows in the family
   */
  public OptionalDouble ofFamily(String family) {
    Double r = byFamily.get(family);
    return r == null ? OptionalDouble.empty() : OptionalDouble.of(r);
  }
}
