package dev.llmcost.costmodel.internal.efficiency;

import dev.llmcost.costmodel.internal.training.CsvTable;
import dev.llmcost.costmodel.internal.training.EvalConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What FP8 recipes cost beyond their GEMMs' FLOPs, from Transformer Engine's published GEMM benchmark
 * of one transformer layer ({@code fp8-gemm.csv}, next to {@code EfficiencyProfiles}): the rate of the
 * FP8 GEMM kernels at transformer-layer shapes against twice the 16-bit rate, and the achieved
 * bandwidth of the quantization kernels.
 *
 * <p>Derivations (closed, re-run at load):
 *
 * <ul>
 *   <li><b>Kernel ratio</b> of a recipe in a silicon family: the 16-bit per-layer time over the FP8
 *       per-layer time with pre-quantized inputs (the GEMM kernels alone), halved (the FP8 dense peak
 *       is twice the 16-bit one on every part measured). Delayed scaling runs the current-scaling
 *       kernel (the benchmark's note: recipes that differ only in how the scale is computed collapse
 *       to the same kernel). Where only the autocast time is published (Hopper's blockwise recipe),
 *       the kernel time is the autocast time less the benchmark's quantizations at the family's
 *       quantization bandwidth. Blackwell runs the blockwise recipe as MXFP8 (the benchmark's note);
 *       Hopper has no MXFP8 and runs blockwise instead; torchao's rowwise recipe runs the
 *       tensorwise cuBLAS kernel for the gradient GEMMs (torchao {@code float8_ops.py}: rowwise without
 *       fast accumulation falls back to the tensorwise GEMM and rescales the output, pytorch/ao issue
 *       2184) and a CUTLASS rowwise kernel within 90-100% of it for most forward shapes (pytorch issue
 *       147971), so it takes the tensorwise ratio.
 *   <li><b>Quantization bandwidth</b> of a family: the bytes the benchmark's quantizations move
 *       ({@link #bytesPerElement}, every GEMM call quantizing its activation-like input in both
 *       usages and its weight-like input rowwise, as a {@code te.Linear} forward with a weight that
 *       requires grad does) over the autocast time less the pre-quantized time, as a fraction of the
 *       datasheet HBM bandwidth; the mean over the recipes measured both ways.
 * </ul>
 */
public final class Fp8Gemm {
  private final Map<String, double[]> kernelRatio = new HashMap<>(); // family -> by scaling code
  private final Map<String, Double> quantizeEfficiency = new HashMap<>();
  private final double meanQuantizeEfficiency;

  private static final class Holder {
    static final Fp8Gemm BUNDLED = new Fp8Gemm();
  }

  /** Returns the bundled data and its derivations. */
  public static Fp8Gemm bundled() {
    return Holder.BUNDLED;
  }

  private record Row(String family, String recipe, String mode, double hidden, double ffn, double tokens, double ms,
      double hbm) {}

  private Fp8Gemm() {
    CsvTable t = CsvTable.read(Fp8Gemm.class, "/dev/llmcost/costmodel/efficiency/fp8-gemm.csv");
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < t.size(); i++) {
      rows.add(new Row(t.get(i, "family"), t.get(i, "recipe"), t.get(i, "mode"), t.number(i, "hidden"),
          t.number(i, "intermediate"), t.number(i, "tokens"), t.number(i, "ms_per_layer") * 1e-3,
          t.number(i, "hbm_tbps") * 1e12));
    }
    Map<String, List<Double>> efficiencies = new HashMap<>();
    for (Row pre : rows) {
      if (!pre.mode.equals("prequantized") || pre.recipe.equals("bf16")) {
        continue;
      }
      Row auto = find(rows, pre.family, pre.recipe, "autocast");
      if (auto == null) {
        continue;
      }
      int scaling = scaling(pre.recipe);
      double bytes = benchmarkBytes(pre, scaling, transposes(pre.family));
      efficiencies.computeIfAbsent(pre.family, k -> new ArrayList<>()).add(bytes / (auto.ms - pre.ms) / pre.hbm);
    }
    double sum = 0;
    for (Map.Entry<String, List<Double>> e : efficiencies.entrySet()) {
      double mean = e.getValue().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      quantizeEfficiency.put(e.getKey(), mean);
      sum += mean;
    }
    meanQuantizeEfficiency = quantizeEfficiency.isEmpty() ? 1 : sum / quantizeEfficiency.size();
    for (String family : efficiencies.keySet()) {
      double[] ratio = new double[SCALINGS];
      for (int s = 0; s < SCALINGS; s++) {
        ratio[s] = Double.NaN;
      }
      for (Row r : rows) {
        if (!r.family.equals(family) || r.recipe.equals("bf16")) {
          continue;
        }
        int s = scaling(r.recipe);
        Row pre = find(rows, family, r.recipe, "prequantized");
        if (pre != null) {
          ratio[s] = find(rows, family, "bf16", "prequantized").ms / pre.ms / 2;
        } else if (s != EvalConfig.FP8_TENSOR_DELAYED) {
          double kernel = r.ms - benchmarkBytes(r, s, transposes(family)) / (quantizeEfficiency.get(family) * r.hbm);
          ratio[s] = find(rows, family, "bf16", "autocast").ms / kernel / 2;
        }
      }
      double tensor = ratio[EvalConfig.FP8_TENSOR_CURRENT];
      ratio[EvalConfig.FP8_TENSOR_DELAYED] = tensor;
      ratio[EvalConfig.FP8_ROWWISE] = tensor;
      if (Double.isNaN(ratio[EvalConfig.FP8_BLOCKWISE])) {
        ratio[EvalConfig.FP8_BLOCKWISE] = Double.isNaN(ratio[EvalConfig.FP8_MXFP8]) ? tensor : ratio[EvalConfig.FP8_MXFP8];
      }
      if (Double.isNaN(ratio[EvalConfig.FP8_MXFP8])) {
        ratio[EvalConfig.FP8_MXFP8] = ratio[EvalConfig.FP8_BLOCKWISE];
      }
      kernelRatio.put(family, ratio);
    }
  }

  private static final int SCALINGS = 5;

  private static @org.jspecify.annotations.Nullable Row find(List<Row> rows, String family, String recipe, String mode) {
    for (Row r : rows) {
      if (r.family.equals(family) && r.recipe.equals(recipe) && r.mode.equals(mode)) {
        return r;
      }
    }
    return null;
  }

  private static int scaling(String recipe) {
    return switch (recipe) {
      case "tensor_current" -> EvalConfig.FP8_TENSOR_CURRENT;
      case "tensor_delayed" -> EvalConfig.FP8_TENSOR_DELAYED;
      case "mxfp8" -> EvalConfig.FP8_MXFP8;
      case "blockwise" -> EvalConfig.FP8_BLOCKWISE;
      case "rowwise" -> EvalConfig.FP8_ROWWISE;
      default -> throw new IllegalStateException("fp8-gemm.csv: unknown recipe " + recipe);
    };
  }

  /**
   * Returns the bytes the benchmark's quantizations of one layer move: its 12 GEMMs (Fprop {@code
   * (M, h, N)}, Dgrad {@code (M, N, h)}, Wgrad {@code (h, M, N)} for N = 3h, h, ffn, and the
   * down projection's with h and ffn swapped), each quantizing an {@code m×k} input in both usages
   * and a {@code k×n} weight rowwise.
   */
  private static double benchmarkBytes(Row r, int scaling, boolean transposes) {
    double h = r.hidden;
    double f = r.ffn;
    double m = r.tokens;
    double[][] shapes = {
      {m, h, 3 * h}, {m, h, h}, {m, h, f}, {m, f, h}, // Fprop (M, K, N)
      {m, 3 * h, h}, {m, h, h}, {m, f, h}, {m, h, f}, // Dgrad
      {h, m, 3 * h}, {h, m, h}, {h, m, f}, {f, m, h}, // Wgrad
    };
    double both = bytesPerElement(scaling, transposes, true);
    double one = bytesPerElement(scaling, transposes, false);
    double bytes = 0;
    for (double[] s : shapes) {
      bytes += s[0] * s[1] * both + s[1] * s[2] * one;
    }
    return bytes;
  }

  /**
   * Returns whether FP8 GEMMs of a family need a physically transposed copy for the columnwise
   * usage: Hopper and earlier (and accelerators without measurements), not Blackwell, whose GEMMs
   * read either layout (Transformer Engine, "Performance Considerations", Figure 2).
   *
   * @param family the silicon family ({@link Microbenchmarks#family})
   * @return whether transposes are needed
   */
  public static boolean transposes(String family) {
    return !family.equals("blackwell");
  }

  /**
   * Returns the HBM bytes one quantization moves per element of the 16-bit tensor when a separate
   * kernel runs it.
   *
   * <ul>
   *   <li>current scaling: an amax pass (read 2) then the cast (read 2, write 1), plus a transposed
   *       write of 1 for the columnwise usage where the family needs it;
   *   <li>delayed scaling: the cast only (read 2, write 1), plus the transposed write;
   *   <li>MXFP8: read 2, write 1 and one E8M0 scale per 32 elements for each usage (the
   *       columnwise copy has its own scales, never a transpose);
   *   <li>blockwise: as MXFP8 with one fp32 scale per 128 elements;
   *   <li>rowwise (torchao): for the usage along rows, a fused row-amax and cast that also writes the
   *       16-bit tensor transposed (read 2, write 1 + 2); for the usage along columns, the cast of the
   *       transposed copy (read 2, write 1): 8 bytes for both usages, 3 for one. This is torchao's own
   *       roofline of its rowwise recipe ({@code torchao/testing/float8/roofline_utils.py}, {@code
   *       get_tensor_memory_traffic_ovhd_s}, pytorch/ao at 6243040, 2025-06-13, the torchao commit of
   *       torchtitan's async-TP benchmark: "assume that we can't fuse 1 and 2 because that would require
   *       loading the entire tensor to shared memory"); a weight pays 2 bytes more ({@link
   *       #weightBytesPerElement}).
   * </ul>
   *
   * @param scaling one of the {@code EvalConfig.FP8_*} codes
   * @param transposes whether the family needs a transposed copy ({@link #transposes})
   * @param bothUsages whether the rowwise and columnwise usages are both produced
   * @return bytes per element
   */
  public static double bytesPerElement(int scaling, boolean transposes, boolean bothUsages) {
    double second = bothUsages ? 1 : 0;
    return switch (scaling) {
      case EvalConfig.FP8_TENSOR_DELAYED -> 3 + (transposes ? second : 0);
      case EvalConfig.FP8_MXFP8 -> (3 + 1 / 32.0) * (1 + second) - 2 * second;
      case EvalConfig.FP8_BLOCKWISE -> (3 + 4 / 128.0) * (1 + second) - 2 * second;
      case EvalConfig.FP8_ROWWISE -> 3 + 5 * second;
      default -> 5 + (transposes ? second : 0);
    };
  }

  /**
   * Returns the HBM bytes one quantization of a weight moves per element, both usages: {@link
   * #bytesPerElement} for every recipe but torchao's rowwise one, whose weight casts are three
   * kernels in torchao's roofline ({@code get_tensor_memory_traffic_ovhd_s}, tensor role "weight",
   * pytorch/ao at 6243040, 2025-06-13): the forward cast along rows (read 2, write 1), the transpose
   * of the 16-bit weight (read 2, write 2) and the cast of the transposed copy (read 2, write 1),
   * 10 bytes.
   *
   * @param scaling one of the {@code EvalConfig.FP8_*} codes
   * @param transposes whether the family needs a transposed copy ({@link #transposes})
   * @return bytes per element
   */
  public static double weightBytesPerElement(int scaling, boolean transposes) {
    return scaling == EvalConfig.FP8_ROWWISE ? 10 : bytesPerElement(scaling, transposes, true);
  }

  /**
   * Returns the extra HBM bytes per element when the quantization is fused into the kernel that
   * produces the tensor (Transformer Engine's {@code LayerNormLinear} writes the norm output
   * quantized): the quantized copies written less the 16-bit output no longer written, at least 0.
   * Current scaling cannot fuse (the scale needs the whole output's amax first; Transformer Engine,
   * "FP8 Current Scaling": two reads per quantization), nor can the blockwise and rowwise recipes
   * as Transformer Engine and torchao implement them, so they pay {@link #bytesPerElement}.
   *
   * @param scaling one of the {@code EvalConfig.FP8_*} codes
   * @param transposes whether the family needs a transposed copy
   * @return bytes per element
   */
  public static double fusedBytesPerElement(int scaling, boolean transposes) {
    return switch (scaling) {
      case EvalConfig.FP8_TENSOR_DELAYED -> Math.max(0, 1 + (transposes ? 1 : 0) - 2);
      case EvalConfig.FP8_MXFP8 -> Math.max(0, 2 * (1 + 1 / 32.0) - 2);
      default -> bytesPerElement(scaling, transposes, true);
    };
  }

  /**
   * Returns the rate of a recipe's FP8 GEMM kernels at transformer-layer shapes over twice the
   * 16-bit rate at the same shapes, for an accelerator's family; 1 for a family without
   * measurements.
   *
   * @param accelerator the accelerator id
   * @param scaling one of the {@code EvalConfig.FP8_*} codes
   * @return the ratio
   */
  public double kernelRatio(String accelerator, int scaling) {
    double[] r = kernelRatio.get(Microbenchmarks.family(accelerator));
    return r == null ? 1 : r[scaling];
  }

  /**
   * Returns a recipe's FP8 kernel rate relative to the per-tensor (current scaling) kernel's, the
   * rate the profiles' FP8 matmul fraction stands for: {@code kernelRatio(scaling) /
   * kernelRatio(FP8_TENSOR_CURRENT)}.
   *
   * @param accelerator the accelerator id
   * @param scaling one of the {@code EvalConfig.FP8_*} codes
   * @return the ratio, 1 for per-tensor scaling or a family without measurements
   */
  public double relativeToPerTensor(String accelerator, int scaling) {
    return kernelRatio(accelerator, scaling) / kernelRatio(accelerator, EvalConfig.FP8_TENSOR_CURRENT);
  }

  /**
   * Returns whether an accelerator's family has FP8 layer measurements.
   *
   * @param accelerator the accelerator id
   * @return whether {@link #kernelRatio} is measured rather than 1
   */
  public boolean measured(String accelerator) {
    return kernelRatio.containsKey(Microbenchmarks.family(accelerator));
  }

  /**
   * Returns the fraction of the datasheet HBM bandwidth the quantization kernels reach on an
   * accelerator's family (the mean of the measured families for one without measurements).
   *
   * @param accelerator the accelerator id
   * @return the fraction
   */
  public double quantizeEfficiency(String accelerator) {
    return quantizeEfficiency.getOrDefault(Microbenchmarks.family(accelerator), meanQuantizeEfficiency);
  }
}
