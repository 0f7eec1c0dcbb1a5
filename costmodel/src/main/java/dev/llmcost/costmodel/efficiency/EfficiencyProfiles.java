package dev.llmcost.costmodel.efficiency;

import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.costmodel.internal.training.CsvTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bundled efficiency profiles, one per calibrated accelerator family, and the lookup the cost
 * models use.
 *
 * <p>The values live in {@code profiles.csv} next to this class. The fitted ones come from the
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
            new EfficiencyProfile(
                appliesTo[0],
                t.number(i, "matmul_peak_fraction"),
                t.number(i, "matmul_half_saturation_dim"),
                t.number(i, "memory_bandwidth_fraction"),
                t.number(i, "scale_up_bandwidth_fraction"),
                t.number(i, "scale_out_bandwidth_fraction"),
                t.number(i, "collective_latency_seconds"),
                t.number(i, "attention_kernel_fraction"),
                t.number(i, "overlap_efficiency"),
                t.get(i, "source"));
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
   * Returns the profile to use for {@code accelerator}: its family's calibration, or the documented
   * default ({@link #DEFAULT_PROFILE}) with a source that says no calibration data exists.
   *
   * @param accelerator the accelerator
   * @return the profile
   */
  public static EfficiencyProfile forAccelerator(AcceleratorSpec accelerator) {
    return calibrated(accelerator.id())
        .orElseGet(
            () ->
                defaultProfile()
                    .withAccelerator(
                        accelerator.id(),
                        "no calibration data for " + accelerator.id() + ": default profile, the "
                            + DEFAULT_PROFILE + " calibration's fractions"));
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

  /** Returns the family names of the bundled profiles. */
  public static List<String> profileNames() {
    return List.copyOf(Holder.BY_PROFILE.keySet());
  }

  /** Returns every accelerator id that has a calibrated profile. */
  public static List<String> calibratedAccelerators() {
    return new ArrayList<>(Holder.PROFILE_OF_ACCELERATOR.keySet());
  }
}
