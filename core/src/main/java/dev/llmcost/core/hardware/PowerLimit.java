package dev.llmcost.core.hardware;

import dev.llmcost.core.internal.Require;
import java.util.Locale;

/**
 * A board power limit below an accelerator's TDP ({@code nvidia-smi --power-limit}), and what it
 * does to the clock that compute runs at.
 *
 * <p>Under a cap the firmware lowers the SM clock until the board draws no more than the cap.
 * Dynamic power is {@code P ∝ C·V²·f} and across the DVFS range the voltage follows the
 * frequency, so {@code P ∝ f³} and the sustained clock, hence the rate of compute-bound kernels,
 * scales as the cube root of the power: {@code f/f₀ = (cap/TDP)^(1/3)} (the CMOS power equation,
 * Hennessy and Patterson, <i>Computer Architecture: A Quantitative Approach</i>, 6th ed., §1.5).
 * Checked against NVIDIA's datasheets of parts built on the same GH100 die at different board
 * power: H100 NVL (400 W, 835.5 TFLOP/s dense BF16) against H100 SXM (700 W, 989.4) is 0.844, the
 * cube root of 400/700 is 0.830 (−1.7%); H100 PCIe (350 W, 114 SMs, 756) against H100 SXM per SM
 * and per SM-watt is 0.884, the cube root 0.834 (−5.6%). And against a measured power-limit sweep
 * (Zeus, You et al., NSDI 2023, trace {@code summary_power_v100.csv} of ml-energy/zeus at 75a8b93: BERT-base and
 * ResNet-50 training on a 250 W V100, median of 20 configurations): measured throughput 0.845 / 0.903 / 0.945 /
 * 0.978 at 60 / 70 / 80 / 90% of the TDP, the law 0.843 / 0.888 / 0.928 / 0.965, within 2.5 points and slower at
 * mild caps (those jobs draw about 90% of the TDP uncapped); at half the TDP the law is too fast (0.794 against
 * 0.697). The same study's Ampere sweep (trace {@code summary_power_a40.csv}, 23 BERT-base and ResNet-50 configurations
 * on a 300 W A40) measured 0.923 / 0.968 / 0.983 / 0.995 at 200 / 225 / 250 / 275 W: the law taken against each job's
 * own uncapped draw is within 1.5 points of that, and taken against the TDP, as here, 2 to 6 points slower, so this
 * factor is the most a mild cap costs (a board that would draw its full TDP uncapped). No such sweep of an A100 or
 * H100 was found. Static power is ignored, so the factor
 * is a slight underestimate of the clock at mild caps. HBM and the links keep their clocks (a cap
 * throttles the SMs), so memory-bound kernels and collectives are taken as unaffected. Energy is
 * counted at the cap: a capped board never draws more.
 *
 * <p>A record: its one component (the watts) is its definition and will not grow, so its
 * validating canonical constructor stays public.
 *
 * @param watts the board power limit in watts, finite and above 0
 */
public record PowerLimit(double watts) {

  /** The lowest cap, as a fraction of the TDP, accepted: the floor boards accept (H100 SXM 200 of 700 W). */
  public static final double MIN_FRACTION_OF_TDP = 0.25;

  /**
   * Validates the limit.
   *
   * @throws IllegalArgumentException if {@code watts} is not finite or not above 0
   */
  public PowerLimit {
    Require.positive("powerLimit watts", watts);
  }

  /**
   * Returns a limit of {@code watts}.
   *
   * @param watts the board power limit in watts
   * @return the limit
   * @throws IllegalArgumentException if {@code watts} is not finite or not above 0
   */
  public static PowerLimit of(double watts) {
    return new PowerLimit(watts);
  }

  /**
   * Returns the fraction of its uncapped clock that {@code accelerator} sustains under this limit:
   * {@code min(1, (watts / TDP)^(1/3))}.
   *
   * @param accelerator the accelerator
   * @return the clock factor, in (0, 1]
   * @throws IllegalArgumentException if the accelerator has no published TDP or the limit is below
   *     {@link #MIN_FRACTION_OF_TDP} of it
   */
  public double clockFactor(AcceleratorSpec accelerator) {
    double tdp = accelerator.tdpWatts();
    if (tdp <= 0) {
      throw new IllegalArgumentException(
          "power limit needs a TDP, and " + accelerator.id() + " has none in the catalog, was " + watts + " W");
    }
    if (watts < MIN_FRACTION_OF_TDP * tdp) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "power limit must be >= %.0f W (a quarter of the %.0f W TDP of %s), was %s W", MIN_FRACTION_OF_TDP * tdp,
          tdp, accelerator.id(), watts));
    }
    return watts >= tdp ? 1 : Math.cbrt(watts / tdp);
  }

  /**
   * Returns {@code accelerator} drawing at most this limit: the same datasheet (peaks stay the
   * datasheet's, so MFU keeps its meaning) with the board power set to {@code min(watts, TDP)}.
   * Apply {@link #clockFactor} to the rates kernels sustain.
   *
   * @param accelerator the accelerator
   * @return the capped accelerator, with the same id
   * @throws IllegalArgumentException as {@link #clockFactor}
   */
  public AcceleratorSpec apply(AcceleratorSpec accelerator) {
    double factor = clockFactor(accelerator);
    double drawn = Math.min(watts, accelerator.tdpWatts());
    return accelerator.toBuilder()
        .name(accelerator.name() + String.format(Locale.ROOT, " at a %.0f W power limit", drawn))
        .tdpWatts(drawn)
        .source(accelerator.source() + String.format(Locale.ROOT, "; power limit %.0f W of the %.0f W TDP: SM clock × %.3f"
            + " (cube root of the power ratio)", drawn, accelerator.tdpWatts(), factor))
        .build();
  }

  /** Describes the limit and its effect on {@code accelerator}, for assumptions. */
  public String describe(AcceleratorSpec accelerator) {
    return String.format(Locale.ROOT,
        "power limit %.0f W of the %.0f W TDP of %s: GEMMs and attention at %.3f of their rate (SM clock as the cube"
            + " root of the power ratio, P ∝ V²f with V ∝ f); memory-bound kernels and collectives unaffected; energy"
            + " counted at %.0f W", Math.min(watts, accelerator.tdpWatts()), accelerator.tdpWatts(), accelerator.id(),
        clockFactor(accelerator), Math.min(watts, accelerator.tdpWatts()));
  }
}
