package dev.llmcost.costmodel.efficiency;

import dev.llmcost.core.DType;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.costmodel.internal.efficiency.MeasurementOrigin;
import dev.llmcost.costmodel.internal.efficiency.Microbenchmarks;
import dev.llmcost.costmodel.internal.efficiency.SpecKeyedCache;
import dev.llmcost.costmodel.internal.training.CsvTable;
import java.util.Locale;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bundled efficiency profiles and the lookup the cost models use.
 *
 * <p><b>Training</b> ({@link #forAccelerator}): every component comes from published
 * microbenchmarks of the accelerator ({@code gemm.csv}, {@code attention.csv}, {@code
 * collectives.csv} next to this class, derived as {@code Microbenchmarks} documents): the GEMM
 * curve's peak fraction (best-shape "maximum achievable matmul" rows) and half-saturation dimension
 * (pooled over small-shape rows), the HBM fraction (weight-streaming GEMV rows, else a STREAM-like read
 * kernel of {@code memory-bandwidth.csv}), FlashAttention-2's
 * causal forward+backward rate against sequence length, ring bus bandwidth over NVLink and the
 * network against the nominal link rate, and ring-step latencies. An accelerator without its own
 * rows takes its silicon family's, else the mean over measured accelerators, and its {@link
 * EfficiencyProfile#source()} says which. One value is fitted end to end, because no
 * microbenchmark measures it: the overhead per layer and pass ({@link #FITTED_LAYER_OVERHEAD_SECONDS}, re-fitted
 * by {@code EfficiencyCalibrationTest} over {@code calibration-runs.csv}). The overlap efficiency of collectives
 * hidden behind compute ({@link #FITTED_OVERLAP_EFFICIENCY}) was fitted with it until s18g and is now held at the
 * lower bound where every fit put it.
 *
 * <p><b>Inference</b> ({@link #inferenceBase}): the inference model still builds on the previous
 * end-to-end fit, whose values live in {@code profiles.csv} next to this class. The fitted ones come from the
 * calibration procedure of the training model ({@code EfficiencyCalibration}) over {@code
 * calibration-runs.csv}: A100 from Megatron-LM, Korthikanti et al., MT-NLG and llm-foundry runs;
 * H100 from llm-foundry runs. A profile applies to the accelerators of the same chip (an A100 40GB
 * runs the A100 80GB's kernels at its own bandwidth; H200 and H800 are H100 silicon).
 *
 * <p><b>Default:</b> an accelerator without calibration data gets the A100 profile — the one fitted
 * on the most runs and on all parallelism kinds — with a {@link EfficiencyProfile#source()} that
 * says so. Its figures are fractions of that accelerator's own datasheet, so they transfer as
 * fractions, not as absolute rates; treat estimates for such accelerators as uncalibrated.
 */
public final class EfficiencyProfiles {
  private EfficiencyProfiles() {}

  /**
   * The overlap efficiency of the training profiles, held at 0: no generic share of a collective hides behind
   * compute beyond the overlaps the model schedules itself. It was fitted to published end-to-end runs (every run of
   * {@code calibration-runs.csv}, squared log error, each publication weighted equally) until s18g, and sat at this
   * lower bound in that fit, in the fit over every published run and in every leave-one-publication-out refit but
   * one (0.043 without llm-foundry's A100 40GB table, which made that table's own worst row 1.1 points worse;
   * held-out-runs.md, s18g); so it is no longer fitted. {@code EfficiencyCalibrationTest} and {@code
   * HeldOutValidationTest} re-run the fit with it freed and fail when it leaves the bound. (The name is kept for
   * compatibility.)
   */
  public static final double FITTED_OVERLAP_EFFICIENCY = 0.0;

  /**
   * The overhead per transformer layer and pass (forward, backward, recomputation) of the training
   * profiles, seconds: launch gaps and framework code that no kernel benchmark contains, fitted with
   * {@link #FITTED_OVERLAP_EFFICIENCY}. (194 µs until version 0.1.0's fitter moved from
   * commons-math3 to llmcost's own Levenberg–Marquardt: commons-math3's optimiser, with the box
   * enforced by clamping each trial point, stopped at a point whose squared log error was 0.025369;
   * the bounded fitter reaches the minimum, 0.025360, at 214.5 µs; 206.5 µs since the calibration runs of
   * Megatron-LM 2021/2022 and MT-NLG cost Megatron's unfused cross entropy, {@code loss_fusion false};
   * 121.6 µs since the runs of Narayanan et al. 2021 and MT-NLG cost their gradient accumulation outside
   * the weight-gradient GEMM, {@code grad_accum_fusion false}: the MT-NLG rows, 24-29% too fast, had
   * pulled the shared overhead up; 95.7 µs since PyTorch FSDP1's runs (llm-foundry) pay a ring's step
   * latencies for every transformer block's all-gathers and reduce-scatter, each block an FSDP unit of its
   * own: the multi-node llm-foundry rows had put that latency into the shared overhead; 183.8 µs since s11b
   * counts the unfused attention core's softmax and dropout traffic from their kernels (the causal softmax reads
   * the lower triangle only, and the backward is no longer twice the forward): the small-model rows of
   * Narayanan et al. 2021 Table 1, 5-6% too slow with no overhead at all, had held the shared overhead down;
   * 157.5 µs since s15e costs Composer's two training-metric cross entropies over every llm-foundry micro-batch's
   * logits ({@code train_metric_cross_entropies}): the small llm-foundry models, whose logits are the largest share
   * of their step, had put that traffic into the shared overhead.)
   */
  public static final double FITTED_LAYER_OVERHEAD_SECONDS = 157.5e-6;

  /**
   * The fraction of their microbenchmark rates that GEMMs and fused attention sustain in a training
   * step (power and thermal clocks under sustained load, real shapes), fitted with {@link
   * #FITTED_OVERLAP_EFFICIENCY}.
   */
  public static final double FITTED_SUSTAINED_COMPUTE = 1;

  /**
   * The fraction of the microbenchmark GEMM and attention rates that PyTorch-native training
   * (torchtitan: FSDP2, DTensor TP, compiled blocks, SDPA, torchao float8) sustains, on top of the
   * profile's; jobs of {@code TrainingFramework.PYTORCH_NATIVE} use it. Fitted (squared log error,
   * each publication weighted equally) to the compiled torchtitan runs of {@code
   * held-out-runs.csv} (torchtitan's 2024 and async-TP 2025 benchmark tables, Trainy's H200
   * table) with the other values at their bundled fit; {@code HeldOutValidationTest} re-runs the
   * fit and reports its leave-one-publication-out twin. No microbenchmark was found that explains
   * it (see that table's notes). 0.719 before train9c, whose rowwise float8 GEMM curve (torchao's measured
   * float8 linear-layer speed-ups by shape) made the async-TP table's 8B rowwise rows 20% slower; 0.727 until
   * train9f, whose per-block ring latencies of FSDP2 (every {@code fully_shard}ed block and the root a collective of
   * its own) refit it to 0.7277; 0.730 since s11b, whose layer overhead refitted from 95.7 to 183.8 µs makes every
   * run slower and refits it to 0.7296 (0.7291 since s15e's lower overhead, kept at 0.730).
   */
  public static final double FITTED_PYTORCH_NATIVE_COMPUTE = 0.730;

  /** The kernel whose measured rates cost fused attention in training. */
  public static final String ATTENTION_KERNEL = "flash-attention-2";

  /**
   * Returns the training profile of an accelerator: components from published microbenchmarks
   * (its own, its silicon family's, or the mean over measured accelerators, as the source says)
   * and the fitted overlap efficiency.
   *
   * @param accelerator the accelerator
   * @return the profile
   */
  public static EfficiencyProfile forAccelerator(AcceleratorSpec accelerator) {
    return MEASURED.get(accelerator, SpecKeyedCache.isBundled(accelerator),
        a -> measured(a, FITTED_OVERLAP_EFFICIENCY, FITTED_LAYER_OVERHEAD_SECONDS, FITTED_SUSTAINED_COMPUTE));
  }

  // the bundled catalog's profiles are kept for good; those of specs built in code in a small LRU (SpecKeyedCache)
  private static final SpecKeyedCache<AcceleratorSpec, EfficiencyProfile> MEASURED = new SpecKeyedCache<>();

  /**
   * Returns the training profiles kept (a test's view: bounded however many specs are built).
   *
   * @return the number of cached profiles
   */
  static int cachedProfiles() {
    return MEASURED.size();
  }

  /**
   * Returns the microbenchmark profile of an accelerator with given values of the two fitted ones. Each component
   * comes from the accelerator's own rows (by id), else its silicon family's (the architecture and compute
   * capability it declares, {@code Microbenchmarks.family}: a part built in code ({@code AcceleratorSpec.builder})
   * under an id of its own reads its family's rows), else the mean over measured accelerators; the source
   * says which for each component not measured on the part itself.
   *
   * @param a the accelerator
   * @param overlapEfficiency the overlap efficiency, in [0, 1]
   * @param layerOverheadSeconds the overhead per layer and pass, seconds
   * @param sustainedCompute the fraction of microbenchmark compute rates sustained in a training step
   * @return the profile
   */
  public static EfficiencyProfile measured(
      AcceleratorSpec a, double overlapEfficiency, double layerOverheadSeconds, double sustainedCompute) {
    Microbenchmarks mb = Microbenchmarks.bundled();
    StringBuilder src = new StringBuilder("microbenchmarks (gemm.csv, memory-bandwidth.csv, attention.csv, collectives.csv)");
    // a part without rows of its own whose specification is identical to a catalog part's reads that part's rows
    // (Microbenchmarks.rowsId; s12l), before its silicon family's
    String rowsOf = mb.rowsId(a);
    if (!rowsOf.equals(a.id())) {
      src.append(mb.hasOwnRows(rowsOf) ? "; rows of " + rowsOf + " (identical specification)"
          : "; identical specification to " + rowsOf + ", which has no rows of its own");
    }
    double gemm;
    var own = mb.gemmPeakFraction(a, DType.BF16);
    if (own.isPresent()) {
      gemm = own.getAsDouble();
      if (!mb.hasOwnGemmRows(rowsOf, DType.BF16)) {
        src.append("; GEMM rows of its silicon family, not of ").append(a.id()).append(" itself");
      }
    } else {
      gemm = meanGemmFraction(mb);
      src.append("; no GEMM rows for ").append(a.id()).append(": mean best-shape fraction of measured accelerators");
    }
    double fp8 = a.peak(DType.FP8_E4M3).isPresent() ? mb.gemmPeakFraction(a, DType.FP8_E4M3).orElse(gemm) : gemm;
    if (mb.fp8GemmFromRatio(a)) {
      src.append("; FP8 GEMM: the BF16 curve times the FP8/BF16 rate ratio of one harness (gemm-fp8-ratio.csv)");
    }
    // every lookup below goes through the spec: its own rows by id, else its silicon family's from the
    // architecture it declares (an accelerator built in code under an id of its own borrows its family's
    // measurements), else the mean over measured accelerators
    double hbm = mb.memoryBandwidthFraction(a).orElse(0.9);
    MeasurementOrigin hbmOrigin = mb.memoryBandwidthOrigin(a);
    if (hbmOrigin == MeasurementOrigin.FAMILY) {
      src.append("; memory-bandwidth rows of its silicon family, not of ").append(a.id()).append(" itself");
    } else if (hbmOrigin == MeasurementOrigin.MEAN) {
      src.append("; no memory-bandwidth rows for ").append(a.id()).append(": mean GEMV fraction of measured accelerators (")
          .append(String.join(", ", mb.gemvMeasuredAccelerators())).append(")");
    }
    double attention;
    double attentionHalf;
    var peak16 = a.peak(DType.BF16).or(() -> a.peak(DType.FP16));
    String kernel = mb.defaultAttentionKernel(a).orElse(ATTENTION_KERNEL);
    var curve = peak16.flatMap(p -> mb.attentionCurve(a, kernel, 128, p));
    if (curve.isPresent()) {
      attention = curve.get()[0];
      attentionHalf = curve.get()[1];
      if (!kernel.equals(ATTENTION_KERNEL)) {
        src.append("; attention: ").append(kernel).append(" (no FlashAttention-2 rows for ").append(a.id()).append(")");
      }
      if (!mb.hasOwnAttentionRows(a, kernel)) {
        src.append("; attention rows of its silicon family, not of ").append(a.id()).append(" itself");
      }
    } else {
      var a100 = dev.llmcost.core.hardware.AcceleratorCatalog.bundled().get("a100-sxm-80gb");
      double[] ref = mb.attentionCurve(a100.id(), ATTENTION_KERNEL, 128, a100.requirePeak(DType.BF16)).orElseThrow();
      attention = ref[0];
      attentionHalf = ref[1];
      src.append("; no attention rows for ").append(a.id()).append(": the A100's fraction of peak");
    }
    // an accelerator whose scale-up link is PCIe (L40S, L4, A10, RTX 4090) takes the fraction and step
    // latency that NCCL reaches between the GPUs of one PCIe server (collectives.csv's pcie systems)
    boolean pcie = a.scaleUpOverPcie();
    double[] up = mb.linkFraction(a, pcie ? "pcie" : "scale_up");
    double sustained = sustainedCompute;
    double[] out = mb.linkFraction(a, "scale_out");
    if (pcie) {
      src.append(String.format(Locale.ROOT, "; %s between the GPUs of a server: NCCL all-reduce bus bandwidth %.1f%%"
          + " of its per-direction rate and %.1f µs per ring step, %s", a.scaleUpLink(), 100 * up[0],
          mb.pcieLatencySeconds() * 1e6, up[1] == 0 ? "mean of measured PCIe servers"
              : mb.linkOrigin(a, "pcie") == MeasurementOrigin.FAMILY ? "measured on its silicon family" : "measured"));
    } else if (up[1] == 0) {
      src.append("; NVLink fraction: mean of measured systems");
    } else if (mb.linkOrigin(a, "scale_up") == MeasurementOrigin.FAMILY) {
      src.append("; NVLink rows of its silicon family, not of ").append(a.id()).append(" itself");
    }
    if (out[1] == 0) {
      src.append("; network fraction: mean of measured systems");
    } else if (mb.linkOrigin(a, "scale_out") == MeasurementOrigin.FAMILY) {
      src.append("; network rows of its silicon family, not of ").append(a.id()).append(" itself");
    }
    src.append(String.format(Locale.ROOT, "; overlap efficiency %.3f (held at the lower bound of the end-to-end fits);"
        + " fitted end to end: %.1f µs per layer and pass; compute sustained at %.3f of the microbenchmark rates",
        overlapEfficiency, layerOverheadSeconds * 1e6, sustained));
    return EfficiencyProfile.builder()
        .acceleratorId(a.id())
        .matmulPeakFraction(gemm)
        .matmulHalfSaturationDim(mb.gemmHalfSaturationDim())
        .memoryBandwidthFraction(hbm)
        .scaleUpBandwidthFraction(up[0])
        .scaleOutBandwidthFraction(out[0])
        .collectiveLatencySeconds(pcie ? mb.pcieLatencySeconds() : mb.scaleUpLatencySeconds())
        .attentionKernelFraction(attention)
        .overlapEfficiency(overlapEfficiency)
        .attentionHalfSaturationSeq(attentionHalf)
        .networkLatencySeconds(mb.scaleOutLatencySeconds())
        .fp8MatmulPeakFraction(fp8)
        .layerOverheadSeconds(layerOverheadSeconds)
        .sustainedComputeFactor(sustained)
        .source(src.toString())
        .build();
  }

  private static double meanGemmFraction(Microbenchmarks mb) {
    double sum = 0;
    int n = 0;
    for (String id : List.of("a100-sxm-80gb", "h100-sxm", "b200", "mi300x")) {
      var f = mb.gemmPeakFraction(dev.llmcost.core.hardware.AcceleratorCatalog.bundled().get(id), DType.BF16);
      if (f.isPresent()) {
        sum += f.getAsDouble();
        n++;
      }
    }
    return sum / n;
  }

  /** The profile accelerators without calibration data fall back to. */
  public static final String DEFAULT_PROFILE = "a100";

  private static final class Holder {
    static final Map<String, EfficiencyProfile> BY_PROFILE = new LinkedHashMap<>();
    static final Map<String, String> PROFILE_OF_ACCELERATOR = new LinkedHashMap<>();

    static {
      CsvTable t = CsvTable.read(EfficiencyProfiles.class, "profiles.csv");
      for (int i = 0; i < t.size(); i++) {
        String profile = t.get(i, "profile");
        String[] appliesTo = t.get(i, "applies_to").split(" ");
        EfficiencyProfile p =
            EfficiencyProfile.builder()
                .acceleratorId(appliesTo[0])
                .matmulPeakFraction(t.number(i, "matmul_peak_fraction"))
                .matmulHalfSaturationDim(t.number(i, "matmul_half_saturation_dim"))
                .memoryBandwidthFraction(t.number(i, "memory_bandwidth_fraction"))
                .scaleUpBandwidthFraction(t.number(i, "scale_up_bandwidth_fraction"))
                .scaleOutBandwidthFraction(t.number(i, "scale_out_bandwidth_fraction"))
                .collectiveLatencySeconds(t.number(i, "collective_latency_seconds"))
                .attentionKernelFraction(t.number(i, "attention_kernel_fraction"))
                .overlapEfficiency(t.number(i, "overlap_efficiency"))
                .attentionHalfSaturationSeq(0)
                .networkLatencySeconds(t.number(i, "collective_latency_seconds"))
                .fp8MatmulPeakFraction(t.number(i, "matmul_peak_fraction"))
                .layerOverheadSeconds(0)
                .sustainedComputeFactor(1)
                .source(t.get(i, "source"))
                .build();
        BY_PROFILE.put(profile, p);
        for (String id : appliesTo) {
          PROFILE_OF_ACCELERATOR.put(id, profile);
        }
      }
      if (!BY_PROFILE.containsKey(DEFAULT_PROFILE)) {
        throw new IllegalStateException("profiles.csv has no " + DEFAULT_PROFILE + " profile");
      }
    }
  }

  /**
   * Returns the calibrated profile of an accelerator, if its family has calibration data.
   *
   * @param acceleratorId a catalog id such as {@code h100-sxm}
   * @return the profile, with {@code acceleratorId} set to the id asked for
   */
  public static Optional<EfficiencyProfile> calibrated(String acceleratorId) {
    String profile = Holder.PROFILE_OF_ACCELERATOR.get(acceleratorId);
    if (profile == null) {
      return Optional.empty();
    }
    EfficiencyProfile p = Holder.BY_PROFILE.get(profile);
    return Optional.of(p.withAccelerator(acceleratorId, "calibration of " + p.acceleratorId() + " (same chip)"));
  }

  /**
   * Returns the profile the inference model builds on for {@code accelerator}: its family's
   * previous end-to-end calibration ({@code profiles.csv}: by its id, else by its silicon family, {@code
   * Microbenchmarks.family}, for an accelerator declared under an id of its own, as the profiles apply to the
   * accelerators of the same chip), or the documented default ({@link #DEFAULT_PROFILE}) with a source that says no
   * calibration data exists.
   *
   * @param accelerator the accelerator
   * @return the profile
   */
  public static EfficiencyProfile inferenceBase(AcceleratorSpec accelerator) {
    // not cached: two map lookups and a walk over profiles.csv's few accelerators, where a map keyed by spec would
    // keep every accelerator a caller declares (a power limit or a copy under another id is a spec of its own)
    return calibrated(accelerator.id())
        .or(() -> calibratedAsIdentical(accelerator))
        .or(() -> calibratedForFamily(accelerator))
        .orElseGet(
            () ->
                defaultProfile()
                    .withAccelerator(
                        accelerator.id(),
                        "no calibration data for " + accelerator.id() + ": default profile, the "
                            + DEFAULT_PROFILE + " calibration's fractions"));
  }

  /**
   * The calibration of the catalog part whose specification is identical to {@code a}'s ({@code
   * Microbenchmarks.rowsId}), if it has one.
   */
  private static Optional<EfficiencyProfile> calibratedAsIdentical(AcceleratorSpec a) {
    String rowsOf = Microbenchmarks.bundled().rowsId(a);
    if (rowsOf.equals(a.id())) {
      return Optional.empty();
    }
    String profile = Holder.PROFILE_OF_ACCELERATOR.get(rowsOf);
    if (profile == null) {
      return Optional.empty();
    }
    EfficiencyProfile p = Holder.BY_PROFILE.get(profile);
    return Optional.of(p.withAccelerator(a.id(),
        "calibration of " + p.acceleratorId() + " (rows of " + rowsOf + " (identical specification))"));
  }

  /** The calibration of the first accelerator of {@code profiles.csv} in {@code a}'s silicon family, if any. */
  private static Optional<EfficiencyProfile> calibratedForFamily(AcceleratorSpec a) {
    String family = Microbenchmarks.family(a);
    if (family.equals(a.id())) {
      return Optional.empty(); // a family of its own: it borrows no other part's calibration
    }
    for (Map.Entry<String, String> e : Holder.PROFILE_OF_ACCELERATOR.entrySet()) {
      if (Microbenchmarks.family(e.getKey()).equals(family)) {
        EfficiencyProfile p = Holder.BY_PROFILE.get(e.getValue());
        return Optional.of(p.withAccelerator(a.id(),
            "calibration of " + p.acceleratorId() + " (its silicon family, " + family + ", not " + a.id() + " itself)"));
      }
    }
    return Optional.empty();
  }

  /**
   * Returns the name of the bundled profile that applies to an accelerator.
   *
   * @param acceleratorId a catalog id
   * @return the profile name ({@code a100}, {@code h100}), or empty without calibration data
   */
  public static Optional<String> profileNameOf(String acceleratorId) {
    return Optional.ofNullable(Holder.PROFILE_OF_ACCELERATOR.get(acceleratorId));
  }

  /** Returns the default profile (the A100 calibration). */
  public static EfficiencyProfile defaultProfile() {
    return Holder.BY_PROFILE.get(DEFAULT_PROFILE);
  }

  /**
   * Returns a bundled profile by its family name ({@code a100}, {@code h100}).
   *
   * @param profile the family name
   * @return the profile, or empty
   */
  public static Optional<EfficiencyProfile> profile(String profile) {
    return Optional.ofNullable(Holder.BY_PROFILE.get(profile));
  }

  /** Returns the ids (family names) of the bundled profiles, the keys of {@link #profile(String)}. */
  public static List<String> ids() {
    return List.copyOf(Holder.BY_PROFILE.keySet());
  }

  /** Returns every accelerator id that has a calibrated profile. */
  public static List<String> calibratedAccelerators() {
    return new ArrayList<>(Holder.PROFILE_OF_ACCELERATOR.keySet());
  }
}
