package dev.llmcost.costmodel.internal.efficiency;

import dev.llmcost.core.DType;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.costmodel.internal.training.CsvTable;
import dev.llmcost.costmodel.inference.InferenceCalibration;
import dev.llmcost.costmodel.internal.training.EvalConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.ObjDoubleConsumer;

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
 *   <li><b>Half-saturation dimension</b> of a recipe's FP8 GEMM curve in a family, where {@code
 *       fp8-linear.csv} measures whole float8 linear layers against bfloat16 by shape (torchao's
 *       {@code float8_roofline.py} table: LayerNorm, Linear, Sigmoid, forward and backward, GPU kernel
 *       time): the {@code d½} of the FP8 curve {@code peak × f × d/(d + d½)} (grid search, squared log
 *       error) with which the composite this model costs reproduces the measured speed-ups, see {@link
 *       #halfSaturationDim}. Without such rows a recipe keeps the 16-bit curve's {@code d½}.
 * </ul>
 */
public final class Fp8Gemm {
  private final Map<String, double[]> kernelRatio = new HashMap<>(); // family -> by scaling code
  private final Map<String, Double> quantizeEfficiency = new HashMap<>();
  private final Map<String, Double> fp4QuantizeEfficiency = new HashMap<>(); // family -> NVFP4's own
  private final Map<Long, Double> fp4Speedup = new HashMap<>(); // FP4 / FP8 peak ratio -> NVFP4 over per-tensor FP8
  private final double meanQuantizeEfficiency;
  private final Map<String, Double> halfSaturation = new HashMap<>(); // family|scaling -> d½
  private final Map<String, Double> layerShapeFactor = new HashMap<>(); // family|fp8 -> factor
  // accelerator id -> {forward factor, weight-gradient factor, combined factor} of the blockwise recipe (s13d)
  private final Map<String, double[]> blockwiseTraining = new HashMap<>();

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
      double efficiency = bytes / (auto.ms - pre.ms) / pre.hbm;
      if (scaling == EvalConfig.FP8_NVFP4) {
        // NVFP4's quantizations (amax with the Hadamard transform, stochastic rounding, 2D weight blocks) are kernels
        // of their own: their measured bandwidth is kept apart and does not move the FP8 recipes' family mean
        fp4QuantizeEfficiency.put(pre.family, efficiency);
        continue;
      }
      efficiencies.computeIfAbsent(pre.family, k -> new ArrayList<>()).add(efficiency);
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
        if (!r.family.equals(family) || r.recipe.equals("bf16") || r.recipe.equals("nvfp4")) {
          continue; // NVFP4's GEMM rate is measured against FP8 on the part itself (relativeToPerTensor)
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
    measureFp4Speedups(t);
    fitHalfSaturation(CsvTable.read(Fp8Gemm.class, "/dev/llmcost/costmodel/efficiency/fp8-linear.csv"));
    deriveLayerShapeFactors(t, CsvTable.read(Fp8Gemm.class, "/dev/llmcost/costmodel/efficiency/gemm.csv"));
    deriveBlockwiseTrainingFactors(
        CsvTable.read(Fp8Gemm.class, "/dev/llmcost/costmodel/efficiency/grouped-gemm.csv"));
  }

  /**
   * Derives, per accelerator with DeepGEMM's training-shape rows in {@code grouped-gemm.csv}, the factors of {@link
   * #blockwiseTrainingShapeFactor}: for the forward kernels (scope {@code gemm_fprop}, the normal dense GEMMs at 4,096
   * tokens, and the contiguous grouped {@code gemm_pure} rows, the layout DeepGEMM's README gives "for training forward
   * passes") and the weight-gradient kernels (scope {@code gemm_wgrad}, pull request 95's dense and k-grouped
   * tables), the time the evaluator's FP8 GEMM curve gives every row, {@code 2mnk / (peak × f × d/(d + d½))} with the
   * part's own best-shape fraction {@code f} ({@link Microbenchmarks#gemmPeakFraction}) and the curve's {@code d½},
   * summed, over the measured time summed. The memory roof is left out: at these shapes the curve's compute time is
   * the longer one.
   */
  private void deriveBlockwiseTrainingFactors(CsvTable grouped) {
    AcceleratorCatalog catalog = AcceleratorCatalog.bundled();
    Microbenchmarks mb = Microbenchmarks.bundled();
    Map<String, double[]> sums = new HashMap<>(); // id -> {modelled fwd, measured fwd, modelled wgrad, measured wgrad}
    for (int i = 0; i < grouped.size(); i++) {
      String kernel = grouped.get(i, "kernel");
      String scope = grouped.get(i, "scope");
      boolean wgrad = scope.equals("gemm_wgrad");
      boolean forward = scope.equals("gemm_fprop")
          || (scope.equals("gemm_pure") && kernel.equals("deepgemm-grouped-contiguous"));
      String id = grouped.get(i, "accelerator");
      if (!kernel.startsWith("deepgemm-") || !grouped.get(i, "dtype").equals("fp8") || !(wgrad || forward)
          || catalog.find(id).isEmpty()) {
        continue;
      }
      AcceleratorSpec a = catalog.get(id);
      double fraction = mb.gemmPeakFraction(a, DType.FP8_E4M3).orElseThrow(
          () -> new IllegalStateException("grouped-gemm.csv: DeepGEMM training rows of " + id + " without FP8 GEMM rows"));
      double fitted = halfSaturationDim(a, EvalConfig.FP8_BLOCKWISE);
      double dh = fitted > 0 ? fitted : mb.gemmHalfSaturationDim();
      double d = Math.min(grouped.number(i, "m_per_group"), Math.min(grouped.number(i, "n"), grouped.number(i, "k")));
      double modelled = grouped.number(i, "flops") / (a.requirePeak(DType.FP8_E4M3).flopsPerSecond() * fraction
          * d / (d + dh));
      double[] s = sums.computeIfAbsent(id, k -> new double[4]);
      int at = wgrad ? 2 : 0;
      s[at] += modelled;
      s[at + 1] += grouped.number(i, "time_ms") * 1e-3;
    }
    sums.forEach((id, s) -> {
      if (s[1] > 0 && s[3] > 0) {
        double forward = s[0] / s[1];
        double wgrad = s[2] / s[3];
        // a linear layer's three GEMMs: forward and input gradient on the forward kernels, weight gradient on its own
        blockwiseTraining.put(id, new double[] {forward, wgrad, 3 / (2 / forward + 1 / wgrad)});
      }
    });
  }

  /**
   * Returns the rate of the fine-grained (blockwise) FP8 recipe's GEMMs at a training step's shapes relative to the
   * evaluator's FP8 GEMM curve, where DeepGEMM's kernels were measured on the part at DeepSeek-V3's training shapes
   * ({@code grouped-gemm.csv}: the normal dense GEMMs at 4,096 tokens and the contiguous grouped GEMMs of the
   * deepseek-ai/DeepGEMM README at 327ec92 and 55ab91f, 2025; the dense and k-grouped weight-gradient kernels of its pull
   * request 95, 2025-05): the forward kernels' measured time against the curve's ({@code f_fwd}), the weight-gradient
   * kernels' ({@code f_wgrad}), combined as a linear layer runs them, forward and input gradient on the forward kernels
   * and the weight gradient on its own: {@code 3 / (2/f_fwd + 1/f_wgrad)}. Those rows are the blockwise kernels
   * themselves, and so are the part's FP8 rows of {@code gemm.csv} (DeepGEMM's normal GEMMs on H800) from which its
   * best-shape fraction comes: the recipe takes no {@link #relativeToPerTensor} ratio on such a part. Empty for a part
   * without such rows (its blockwise GEMMs keep {@link #relativeToPerTensor} and {@link #layerShapeFactor}).
   *
   * @param a the accelerator (its rows by {@link Microbenchmarks#rowsId})
   * @return the factor, or empty
   */
  public OptionalDouble blockwiseTrainingShapeFactor(AcceleratorSpec a) {
    double[] f = blockwiseTraining.get(Microbenchmarks.bundled().rowsId(a));
    return f == null ? OptionalDouble.empty() : OptionalDouble.of(f[2]);
  }

  /**
   * Returns the forward, weight-gradient and combined factors behind {@link #blockwiseTrainingShapeFactor} (a test's and
   * a report's view).
   *
   * @param a the accelerator
   * @return {@code {f_fwd, f_wgrad, combined}}, or an empty array without rows
   */
  public double[] blockwiseTrainingShapeFactors(AcceleratorSpec a) {
    double[] f = blockwiseTraining.get(Microbenchmarks.bundled().rowsId(a));
    return f == null ? new double[0] : f.clone();
  }

  /**
   * Derives, per silicon family, the layer-shape factors of {@link #layerShapeFactor}: for the part
   * the layer benchmark ran on, the modelled time of its 12 GEMMs at that part's best-shape rate
   * ({@code gemm.csv}) on the pooled curve {@code d/(d + d½)} over the measured pre-quantized time
   * (bf16, and the per-tensor FP8 kernel for FP8). The memory roof is far at these shapes (over 2,000
   * FLOP per byte) and is left out.
   */
  private void deriveLayerShapeFactors(CsvTable layers, CsvTable gemmTable) {
    double dh = Microbenchmarks.bundled().gemmHalfSaturationDim();
    for (int i = 0; i < layers.size(); i++) {
      String recipe = layers.get(i, "recipe");
      boolean fp8 = recipe.equals("tensor_current");
      if (!layers.get(i, "mode").equals("prequantized") || !(fp8 || recipe.equals("bf16"))) {
        continue;
      }
      String part = layers.get(i, "accelerator");
      double best = 0;
      for (int j = 0; j < gemmTable.size(); j++) {
        if (gemmTable.get(j, "accelerator").equals(part) && gemmTable.get(j, "dtype").equals(fp8 ? "fp8" : "bf16")) {
          best = Math.max(best, gemmTable.number(j, "tflops") * 1e12);
        }
      }
      if (best == 0) {
        continue; // the benchmarked part's best-shape rate was not measured (H200 NVL)
      }
      double modelled = 0;
      for (double[] g : layerGemms(layers.number(i, "hidden"), layers.number(i, "intermediate"),
          layers.number(i, "tokens"))) {
        double d = Math.min(g[0], Math.min(g[1], g[2]));
        modelled += 2 * g[0] * g[1] * g[2] / (best * d / (d + dh));
      }
      layerShapeFactor.put(layers.get(i, "family") + "|" + fp8, modelled / (layers.number(i, "ms_per_layer") * 1e-3));
    }
  }

  /** The 12 GEMMs {@code (M, K, N)} of the benchmark's layer: Fprop, Dgrad and Wgrad of QKV, out, up, down. */
  private static double[][] layerGemms(double h, double f, double m) {
    return new double[][] {
      {m, h, 3 * h}, {m, h, h}, {m, h, f}, {m, f, h}, // Fprop (M, K, N)
      {m, 3 * h, h}, {m, h, h}, {m, f, h}, {m, h, f}, // Dgrad
      {h, m, 3 * h}, {h, m, h}, {h, m, f}, {f, m, h}, // Wgrad
    };
  }

  /**
   * Returns the rate GEMMs reach at transformer-layer shapes as a fraction of what the best-shape
   * curve gives them, on an accelerator's silicon family: Transformer Engine's layer benchmark ({@code
   * fp8-gemm.csv}, the 12 GEMMs of a layer with hidden 4096, intermediate 16384 and 15,872 tokens,
   * inputs pre-quantized) against the same part's best-shape rate from a shape search ({@code
   * gemm.csv}, the maximum-achievable-matmul table) on the pooled half-saturation curve. On Blackwell
   * (B300, both measured) cuBLAS reaches about 12% less at these shapes than the best shape found,
   * which the pooled curve (at smallest dimension 4096) does not give: the best shapes of the search
   * are not transformer-layer shapes. Where the benchmarked part's best-shape rate was not measured
   * (Hopper's H200 NVL), or a family has no layer benchmark, 1.
   *
   * @param accelerator the accelerator id
   * @param fp8 whether the GEMMs run FP8 (the per-tensor kernel; other scalings scale by {@link
   *     #relativeToPerTensor}) rather than 16 bits
   * @return the factor on the best-shape curve
   */
  public double layerShapeFactor(String accelerator, boolean fp8) {
    return layerShapeOf(Microbenchmarks.family(accelerator), fp8);
  }

  /**
   * As {@link #layerShapeFactor(String, boolean)}, for an accelerator's spec: its family from the architecture it
   * declares.
   *
   * @param a the accelerator
   * @param fp8 whether the GEMMs run FP8
   * @return the factor on the best-shape curve
   */
  public double layerShapeFactor(AcceleratorSpec a, boolean fp8) {
    return layerShapeOf(Microbenchmarks.family(a), fp8);
  }

  private double layerShapeOf(String family, boolean fp8) {
    // cached by family: JobMapping.hardware asks on every estimate; only the bundled catalog's families are kept (a
    // part built in code outside them is its own family, named by its id: computed, two map lookups, not kept)
    if (!bundledFamily(family)) {
      return layerShapeFactor.getOrDefault(family + "|" + fp8, 1.0);
    }
    double[] f = layerShapeByFamily.computeIfAbsent(family, k -> new double[] {
      layerShapeFactor.getOrDefault(k + "|false", 1.0),
      layerShapeFactor.getOrDefault(k + "|true", 1.0)});
    return f[fp8 ? 1 : 0];
  }

  private final java.util.concurrent.ConcurrentHashMap<String, double[]> layerShapeByFamily =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** The silicon families of the bundled catalog's accelerators. */
  private static boolean bundledFamily(String family) {
    return Families.BUNDLED.contains(family);
  }

  private static final class Families {
    static final java.util.Set<String> BUNDLED = java.util.Set.copyOf(AcceleratorCatalog.bundled().ids().stream()
        .map(id -> Microbenchmarks.family(AcceleratorCatalog.bundled().get(id))).toList());
  }

  /**
   * Returns the families whose layer-shape factors are kept (a test's view: bounded however many specs are built).
   *
   * @return the number of cached families
   */
  int cachedLayerShapes() {
    return layerShapeByFamily.size();
  }

  private record LinearRow(AcceleratorSpec acc, int scaling, double m, double k, double n, double speedup) {}

  /**
   * Fits, per family and recipe with {@code fp8-linear.csv} rows, the half-saturation dimension of
   * the FP8 GEMM curve that makes the modelled LayerNorm, Linear, Sigmoid composite reproduce the
   * measured speed-ups over bfloat16 ({@link #linearSpeedup}).
   */
  private void fitHalfSaturation(CsvTable t) {
    AcceleratorCatalog catalog = AcceleratorCatalog.bundled();
    Map<String, List<LinearRow>> byKey = new HashMap<>();
    for (int i = 0; i < t.size(); i++) {
      AcceleratorSpec acc = catalog.get(t.get(i, "accelerator"));
      int s = scaling(t.get(i, "recipe"));
      byKey.computeIfAbsent(Microbenchmarks.family(acc) + "|" + s, k -> new ArrayList<>())
          .add(new LinearRow(acc, s, t.number(i, "m"), t.number(i, "k"), t.number(i, "n"), t.number(i, "speedup")));
    }
    for (Map.Entry<String, List<LinearRow>> e : byKey.entrySet()) {
      double best = 0;
      double bestError = Double.MAX_VALUE;
      for (double dh = 0; dh <= 8192; dh += 8) {
        double error = 0;
        for (LinearRow r : e.getValue()) {
          double le = Math.log(linearSpeedup(r.acc, r.scaling, r.m, r.k, r.n, dh) / r.speedup);
          error += le * le;
        }
        if (error < bestError) {
          bestError = error;
          best = dh;
        }
      }
      halfSaturation.put(e.getKey(), best);
    }
  }

  /**
   * Returns the modelled speed-up over bfloat16 of torchao's float8 benchmark composite (LayerNorm
   * without affine, a {@code K×N} linear layer, Sigmoid; forward and backward on an {@code M×K}
   * input that requires grad) when the FP8 GEMM curve has half-saturation dimension {@code dh}: the
   * three GEMMs (output, input gradient, weight gradient) of each precision on the microbenchmark
   * curve of {@link Microbenchmarks} (the slower of {@code peak × f × d/(d + d½)} and the memory roof,
   * as the training evaluator costs them), the recipe's quantizations of the input, the output
   * gradient and the weight at {@link #bytesPerElement} / {@link #weightBytesPerElement} and this
   * family's quantization bandwidth, rowwise's output rescaling of its two gradient GEMMs (read and
   * write 16 bits), and the kernels both precisions run (LayerNorm forward 4 bytes per input element,
   * backward 6; Sigmoid forward 4 per output element, backward 6) at the GEMV bandwidth.
   */
  private double linearSpeedup(AcceleratorSpec a, int scaling, double m, double k, double n, double dh) {
    Microbenchmarks mb = Microbenchmarks.bundled();
    double bw = a.memoryBandwidth().bytesPerSecond() * mb.memoryBandwidthFraction(a).orElse(1);
    double qbw = a.memoryBandwidth().bytesPerSecond() * quantizeEfficiency(a);
    double peak16 = a.requirePeak(DType.BF16).flopsPerSecond() * mb.gemmPeakFraction(a, DType.BF16).orElseThrow();
    double peak8 = a.requirePeak(DType.FP8_E4M3).flopsPerSecond() * mb.gemmPeakFraction(a, DType.FP8_E4M3).orElseThrow()
        * relativeToPerTensor(a, scaling);
    double dh16 = mb.gemmHalfSaturationDim();
    double bf16 = gemm(peak16, dh16, bw, m, k, n) + gemm(peak16, dh16, bw, m, n, k) + gemm(peak16, dh16, bw, k, m, n);
    double fp8 = gemm(peak8, dh, bw, m, k, n) + gemm(peak8, dh, bw, m, n, k) + gemm(peak8, dh, bw, k, m, n);
    boolean tr = transposes(Microbenchmarks.family(a));
    double quantize = ((m * k + m * n) * bytesPerElement(scaling, tr, true) + k * n * weightBytesPerElement(scaling, tr))
        / qbw + (scaling == EvalConfig.FP8_ROWWISE ? 4 * (m * k + k * n) / bw : 0);
    double both = (10 * m * k + 10 * m * n) / bw;
    return (both + bf16) / (both + fp8 + quantize);
  }

  private static double gemm(double rate, double dh, double bw, double a, double b, double k) {
    double d = Math.min(a, Math.min(b, k));
    return Math.max(2 * a * b * k / (rate * d / (d + dh)), 2 * (a * b + b * k + a * k) / bw);
  }

  /**
   * Returns the modelled speed-up over bfloat16 of torchao's float8 benchmark composite (LayerNorm,
   * a {@code K×N} linear layer, Sigmoid; forward and backward on {@code M×K} inputs) at the fitted
   * {@link #halfSaturationDim} (the 16-bit curve's where none is fitted): what {@code fp8-linear.csv}
   * measures, costed as the training evaluator costs a layer.
   *
   * @param accelerator the accelerator id (with FP8 and bf16 GEMM rows in its family)
   * @param scaling one of the {@code EvalConfig.FP8_*} codes
   * @param m tokens
   * @param k input features
   * @param n output features
   * @return the speed-up
   */
  public double modelledLinearSpeedup(String accelerator, int scaling, double m, double k, double n) {
    double dh = halfSaturationDim(accelerator, scaling);
    return linearSpeedup(AcceleratorCatalog.bundled().get(accelerator), scaling, m, k, n,
        dh > 0 ? dh : Microbenchmarks.bundled().gemmHalfSaturationDim());
  }

  /**
   * Returns the half-saturation dimension of a recipe's FP8 GEMM curve on an accelerator's family,
   * fitted to the family's {@code fp8-linear.csv} rows of that recipe, or 0 where none exist (the
   * 16-bit curve's then applies). For torchao's rowwise recipe on Hopper it stands for what the
   * measured layers lose at narrow shapes beyond the bytes this model counts: the CUTLASS rowwise
   * kernel's long tail (pytorch issue 147971), the gradient GEMMs' separate rescaling kernels
   * (pytorch/ao issue 2184) and the quantization kernels' own inefficiency at small extents.
   *
   * @param accelerator the accelerator id
   * @param scaling one of the {@code EvalConfig.FP8_*} codes
   * @return {@code d½}, or 0 without measurements
   */
  public double halfSaturationDim(String accelerator, int scaling) {
    return halfSaturation.getOrDefault(Microbenchmarks.family(accelerator) + "|" + scaling, 0.0);
  }

  /**
   * As {@link #halfSaturationDim(String, int)}, for an accelerator's spec: its family from the architecture it
   * declares.
   *
   * @param a the accelerator
   * @param scaling one of the {@code EvalConfig.FP8_*} codes
   * @return {@code d½}, or 0 without measurements
   */
  public double halfSaturationDim(AcceleratorSpec a, int scaling) {
    return halfSaturation.getOrDefault(Microbenchmarks.family(a) + "|" + scaling, 0.0);
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
      case "nvfp4" -> EvalConfig.FP8_NVFP4;
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
   *   <li>NVFP4: an amax pass (read 2; with the random Hadamard transform, {@code nvte_hadamard_transform_amax}
   *       gives the input's amax and that of the transformed transpose in one read), then one fused kernel that
   *       reads the input again (2) and writes the rowwise FP4 copy (0.5) with one E4M3 scale per 16 elements
   *       (1/16) and, for the columnwise usage, the transformed, transposed FP4 copy with its own scales (0.5 +
   *       1/16): 5.13 bytes for both usages, 4.56 for one ({@code NVFP4Quantizer::quantize_impl}, {@code
   *       transformer_engine/pytorch/csrc/quantizer.cpp} at d0067d0, 2026-08-22: amax, then {@code
   *       nvte_quantize_with_hadamard_transform}); a weight's 16×16 blocks ({@link #weightBytesPerElement}).
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
      case EvalConfig.FP8_NVFP4 -> 4 + (0.5 + 1 / 16.0) * (1 + second);
      default -> 5 + (transposes ? second : 0);
    };
  }

  /**
   * Returns what {@link #bytesPerElement} is made of, in words, each term with its bytes and the sum
   * ({@code "read 2 (16-bit input) + rowwise 1 (FP8) + 1/32 (E8M0 scale per 32 elements) + columnwise 1
   * (FP8) + 1/32 (E8M0 scale) = 4.06"} for MXFP8 in both usages). The scale sizes are the formats':
   * MXFP8 shares one 8-bit E8M0 scale among a block of 32 elements (OCP Microscaling Formats (MX)
   * Specification v1.0, 2023, section 5: block size 32, scale E8M0); the blockwise recipe keeps one
   * fp32 scale per 1 × 128 tile (DeepSeek-V3 technical report, arXiv:2412.19437, section 3.3.2;
   * Transformer Engine's {@code Float8BlockScaling}).
   *
   * @param scaling one of the {@code EvalConfig.FP8_*} codes
   * @param transposes whether the family needs a transposed copy ({@link #transposes})
   * @param bothUsages whether the rowwise and columnwise usages are both produced
   * @return the terms and their sum, bytes per element of the 16-bit tensor
   */
  public static String bytesPerElementTerms(int scaling, boolean transposes, boolean bothUsages) {
    List<String> terms = new ArrayList<>();
    double[] sum = {0};
    ObjDoubleConsumer<String> add = (what, bytes) -> {
      terms.add(what);
      sum[0] += bytes;
    };
    switch (scaling) {
      case EvalConfig.FP8_TENSOR_DELAYED -> {
        add.accept("read 2 (16-bit input) + write 1 (FP8, scale from the amax history)", 3);
        if (transposes && bothUsages) {
          add.accept("transposed write 1 (FP8, the columnwise usage)", 1);
        }
      }
      case EvalConfig.FP8_MXFP8 -> {
        add.accept("read 2 (16-bit input)", 2);
        add.accept("rowwise 1 (FP8) + 1/32 (an E8M0 scale per 32 elements, OCP MX v1.0)", 1 + 1 / 32.0);
        if (bothUsages) {
          add.accept("columnwise 1 (FP8) + 1/32 (its own E8M0 scales, no transpose)", 1 + 1 / 32.0);
        }
      }
      case EvalConfig.FP8_BLOCKWISE -> {
        add.accept("read 2 (16-bit input)", 2);
        add.accept("rowwise 1 (FP8) + 4/128 (an fp32 scale per 1 x 128 tile, DeepSeek-V3 section 3.3.2)", 1 + 4 / 128.0);
        if (bothUsages) {
          add.accept("columnwise 1 (FP8) + 4/128 (its own fp32 scales)", 1 + 4 / 128.0);
        }
      }
      case EvalConfig.FP8_NVFP4 -> {
        add.accept("amax pass (with the Hadamard transform's): read 2 (16-bit input) + cast: read 2", 4);
        add.accept("rowwise 0.5 (FP4) + 1/16 (an E4M3 scale per 16 elements)", 0.5 + 1 / 16.0);
        if (bothUsages) {
          add.accept("columnwise 0.5 (FP4, Hadamard-transformed, transposed) + 1/16 (its own E4M3 scales)", 0.5 + 1 / 16.0);
        }
      }
      case EvalConfig.FP8_ROWWISE -> {
        add.accept("row-amax and cast: read 2 (16-bit input) + write 1 (FP8)", 3);
        if (bothUsages) {
          add.accept("16-bit transposed copy written 2 + its cast: read 2 + write 1 (torchao's roofline)", 5);
        }
      }
      default -> {
        add.accept("amax pass: read 2 (16-bit input) + cast: read 2 + write 1 (FP8)", 5);
        if (transposes && bothUsages) {
          add.accept("transposed write 1 (FP8, the columnwise usage)", 1);
        }
      }
    }
    return String.join(" + ", terms) + String.format(Locale.ROOT, " = %.2f", sum[0]);
  }

  /**
   * Returns the HBM bytes one quantization of a weight moves per element, both usages: {@link
   * #bytesPerElement} for every recipe but torchao's rowwise one, whose weight casts are three
   * kernels in torchao's roofline ({@code get_tensor_memory_traffic_ovhd_s}, tensor role "weight",
   * pytorch/ao at 6243040, 2025-06-13): the forward cast along rows (read 2, write 1), the transpose
   * of the 16-bit weight (read 2, write 2) and the cast of the transposed copy (read 2, write 1),
   * 10 bytes. NVFP4 weights share one E4M3 scale per 16×16 block ("Pretraining Large Language Models with
   * NVFP4", arXiv:2509.25149, 2D weight scaling; Transformer Engine {@code NVFP4BlockScaling}): read 2 for the
   * amax, 2 for the cast, write 0.5 + 1/256 for each usage, 5.01 bytes.
   *
   * @param scaling one of the {@code EvalConfig.FP8_*} codes
   * @param transposes whether the family needs a transposed copy ({@link #transposes})
   * @return bytes per element
   */
  public static double weightBytesPerElement(int scaling, boolean transposes) {
    if (scaling == EvalConfig.FP8_NVFP4) {
      // amax (read 2), cast (read 2) to both FP4 usages, each with one E4M3 scale per 16×16 block (Transformer
      // Engine's fp4_quant_fwd_weight: fp4_2d_quantization, no Hadamard transform)
      return 4 + 2 * (0.5 + 1 / 256.0);
    }
    return scaling == EvalConfig.FP8_ROWWISE ? 10 : bytesPerElement(scaling, transposes, true);
  }

  /**
   * Returns the extra HBM bytes per element when the quantization is fused into the kernel that
   * produces the tensor (Transformer Engine's {@code LayerNormLinear} writes the norm output
   * quantized): the quantized copies written less the 16-bit output no longer written, at least 0.
   * Only delayed scaling fuses: Transformer Engine's normalization picks its fully fused kernel for
   * a delayed-scaling quantizer and, for an MXFP8 quantizer, only when {@code NVTE_NORM_FWD_USE_CUDNN}
   * selects cuDNN's normalization; otherwise the norm writes its 16-bit output and a separate kernel
   * quantizes it ({@code Impl::UNFUSED}, {@code layernorm_fwd} / {@code rmsnorm_fwd} in {@code
   * transformer_engine/pytorch/csrc/extensions/normalization.cpp} at v2.9, 70f5366, 2025-10-30, and the
   * same {@code force_unfused_kernel} choice at v2.7). Megatron-Bridge's performance scripts remove
   * that variable from every MXFP8 run ({@code perf_plugins.py} at v0.2.0 and v0.3.0, {@code
   * setup_experiment.py} at v0.1.0rc4: kept only for some H100 and GB200 BF16/FP8-CS configurations),
   * so MXFP8 pays {@link #bytesPerElement}. Current scaling cannot fuse the cast (the scale needs the
   * whole output's amax first; Transformer Engine, "FP8 Current Scaling": two reads per
   * quantization), nor can the blockwise and rowwise recipes as Transformer Engine and torchao
   * implement them, nor NVFP4 with its Hadamard transform (the same {@code normalization.cpp} at d0067d0 takes
   * {@code Impl::UNFUSED} for an NVFP4 quantizer with {@code with_rht}: "Amax is handled within NVFP4
   * quantizer"), so they pay {@link #bytesPerElement} too.
   *
   * @param scaling one of the {@code EvalConfig.FP8_*} codes
   * @param transposes whether the family needs a transposed copy
   * @return bytes per element
   */
  public static double fusedBytesPerElement(int scaling, boolean transposes) {
    return scaling == EvalConfig.FP8_TENSOR_DELAYED
        ? Math.max(0, 1 + (transposes ? 1 : 0) - 2)
        : bytesPerElement(scaling, transposes, true);
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
    if (scaling == EvalConfig.FP8_NVFP4) {
      return kernelRatio(accelerator, EvalConfig.FP8_TENSOR_CURRENT) * relativeToPerTensor(accelerator, scaling);
    }
    return kernelRatioOf(Microbenchmarks.family(accelerator), scaling);
  }

  private double kernelRatioOf(String family, int scaling) {
    double[] r = kernelRatio.get(family);
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
    if (scaling == EvalConfig.FP8_NVFP4) {
      return fp4RelativeToPerTensor(AcceleratorCatalog.bundled().get(accelerator));
    }
    return kernelRatio(accelerator, scaling) / kernelRatio(accelerator, EvalConfig.FP8_TENSOR_CURRENT);
  }

  /**
   * As {@link #relativeToPerTensor(String, int)}, for an accelerator's spec: its family from the architecture it
   * declares.
   *
   * @param a the accelerator
   * @param scaling one of the {@code EvalConfig.FP8_*} codes
   * @return the ratio, 1 for per-tensor scaling or a family without measurements
   */
  public double relativeToPerTensor(AcceleratorSpec a, int scaling) {
    if (scaling == EvalConfig.FP8_NVFP4) {
      return fp4RelativeToPerTensor(a);
    }
    String f = Microbenchmarks.family(a);
    return kernelRatioOf(f, scaling) / kernelRatioOf(f, EvalConfig.FP8_TENSOR_CURRENT);
  }

  /**
   * NVFP4 GEMMs' speed over per-tensor FP8 GEMMs of the same shape, measured on B200 with CUTLASS kernels and
   * pre-quantized inputs: 3,904.3 TFLOP/s in NVFP4 against 1,360.1 in bf16 (vLLM pull request 20646, {@code
   * benchmarks/kernels/bench_nvfp4_gemm.py}, {@code M = 16384, N = 6144, K = 4096}, the {@code grouped-gemm.csv}
   * dense row) and 2,544.7 in FP8 against 1,512.8 in bf16 in the same benchmark's FP8 run (vLLM pull request
   * 19566), each normalised by its own run's bf16 figure: {@code 2 × InferenceCalibration.FP4_GEMM_RATE_VERSUS_FP8
   * = 1.707}. It stands for the parts whose FP4 peak is twice their FP8 peak (B200, GB200); {@link
   * #fp4SpeedupOverFp8} takes a part's own measurement where {@code fp8-gemm.csv} has one.
   */
  public static final double FP4_SPEEDUP_OVER_FP8 = 2 * InferenceCalibration.FP4_GEMM_RATE_VERSUS_FP8;

  /**
   * Measures, per ratio of FP4 to FP8 dense peak, NVFP4's speed over the per-tensor FP8 kernel from the layer
   * benchmark's pre-quantized rows of a catalogued part ({@code fp8-gemm.csv}: B300, 6.812 / 3.764 = 1.810 over the
   * 12 GEMMs of Transformer Engine's layer, on a part whose FP4 peak is three times its FP8 peak: Blackwell Ultra's
   * FP4 tensor cores); the B200 figure ({@link #FP4_SPEEDUP_OVER_FP8}) for the ratio 2.
   */
  private void measureFp4Speedups(CsvTable t) {
    fp4Speedup.put(2L, FP4_SPEEDUP_OVER_FP8);
    AcceleratorCatalog catalog = AcceleratorCatalog.bundled();
    for (int i = 0; i < t.size(); i++) {
      if (!t.get(i, "recipe").equals("nvfp4") || !t.get(i, "mode").equals("prequantized")) {
        continue;
      }
      String part = t.get(i, "accelerator");
      java.util.Optional<AcceleratorSpec> spec = catalog.find(part);
      if (spec.isEmpty() || spec.get().peak(DType.FP4).isEmpty() || spec.get().peak(DType.FP8_E4M3).isEmpty()) {
        continue;
      }
      for (int j = 0; j < t.size(); j++) {
        if (t.get(j, "accelerator").equals(part) && t.get(j, "recipe").equals("tensor_current")
            && t.get(j, "mode").equals("prequantized")) {
          fp4Speedup.put(peakRatio(spec.get()), t.number(j, "ms_per_layer") / t.number(i, "ms_per_layer"));
        }
      }
    }
  }

  private static long peakRatio(AcceleratorSpec a) {
    return Math.round(a.requirePeak(DType.FP4).flopsPerSecond() / a.requirePeak(DType.FP8_E4M3).flopsPerSecond());
  }

  /**
   * Returns NVFP4 GEMMs' speed over the per-tensor FP8 kernel on an accelerator: the measurement on a part with the
   * same ratio of FP4 to FP8 dense peak (B200's {@link #FP4_SPEEDUP_OVER_FP8} for twice, B300's layer benchmark for
   * three times), B200's for a ratio nobody measured.
   *
   * @param a the accelerator (with FP4 and FP8 peaks)
   * @return the speed-up
   */
  public double fp4SpeedupOverFp8(AcceleratorSpec a) {
    return fp4Speedup.getOrDefault(peakRatio(a), FP4_SPEEDUP_OVER_FP8);
  }

  /**
   * Returns where {@link #fp4SpeedupOverFp8} comes from for an accelerator, in words.
   *
   * @param a the accelerator
   * @return the source
   */
  public String fp4SpeedupSource(AcceleratorSpec a) {
    long ratio = peakRatio(a);
    return ratio != 2 && fp4Speedup.containsKey(ratio)
        ? "Transformer Engine's B300 layer benchmark, pre-quantized, fp8-gemm.csv: a part whose FP4 peak is " + ratio
            + "x its FP8 peak"
        : "NVFP4 against FP8 CUTLASS GEMMs measured on B200, vLLM pull requests 20646 and 19566";
  }

  /**
   * Returns the NVFP4 kernel's rate as a fraction of the FP4 peak over the per-tensor FP8 kernel's as a fraction of
   * the FP8 peak: {@link #fp4SpeedupOverFp8} × FP8 peak / FP4 peak (0.853 on B200 and GB200, whose FP4 peak is
   * twice the FP8 one; 0.603 on B300 and GB300), so that an NVFP4 GEMM runs at {@link #fp4SpeedupOverFp8} × the FP8
   * kernel's rate.
   */
  private double fp4RelativeToPerTensor(AcceleratorSpec a) {
    return fp4SpeedupOverFp8(a) * a.requirePeak(DType.FP8_E4M3).flopsPerSecond() / a.requirePeak(DType.FP4).flopsPerSecond();
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

  /**
   * As {@link #quantizeEfficiency(String)}, for an accelerator's spec: its family from the architecture it
   * declares.
   *
   * @param a the accelerator
   * @return the fraction
   */
  public double quantizeEfficiency(AcceleratorSpec a) {
    return quantizeEfficiency.getOrDefault(Microbenchmarks.family(a), meanQuantizeEfficiency);
  }

  /**
   * Returns the fraction of the datasheet HBM bandwidth a recipe's quantization kernels reach on an accelerator's
   * family: NVFP4's own, from its autocast and pre-quantized rows of the layer benchmark ({@code fp8-gemm.csv}: B300,
   * 6.453 against 3.764 ms per layer, its bytes by {@link #bytesPerElement}), where its family has them; otherwise,
   * and for the FP8 recipes, {@link #quantizeEfficiency(AcceleratorSpec)}.
   *
   * @param a the accelerator
   * @param scaling one of the {@code EvalConfig.FP8_*} codes
   * @return the fraction
   */
  public double quantizeEfficiency(AcceleratorSpec a, int scaling) {
    if (scaling == EvalConfig.FP8_NVFP4) {
      Double own = fp4QuantizeEfficiency.get(Microbenchmarks.family(a));
      if (own != null) {
        return own;
      }
    }
    return quantizeEfficiency(a);
  }
}
