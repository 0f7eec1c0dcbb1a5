package dev.llmcost.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.core.CarbonIntensity;
import dev.llmcost.core.GridRegion;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The {@code --carbon-intensity REGION|G_PER_KWH} option shared by train, infer and capacity. */
final class CarbonOption {

  @Option(names = "--carbon-intensity", paramLabel = "REGION|G_PER_KWH",
      description = "Grid carbon intensity for kg CO2e: a region id of the bundled table (see 'llmcost regions'),"
          + " such as us-va, fr or world, or a number of gCO2e/kWh (default: none, energy only).")
  @Nullable String value;

  /**
   * Why no energy is printed for an accelerator whose catalog entry has no board power (the TPUs': Google publishes no
   * per-chip TDP), where 0 kWh and 0 W were printed as if measured (s14j).
   */
  static final String NO_TDP = "not estimated: the accelerator's catalog entry has no TDP (tdp_w 0), which the energy"
      + " counts every GPU drawing";

  /** Returns whether the accelerator has a TDP to count energy with. */
  static boolean hasTdp(dev.llmcost.core.hardware.AcceleratorSpec a) {
    return a.tdpWatts() > 0;
  }

  /** {@link #NO_TDP} naming the accelerator. */
  static String noTdp(dev.llmcost.core.hardware.AcceleratorSpec a) {
    return "not estimated: " + a.id() + " has no TDP in its catalog entry (tdp_w 0), which the energy counts every GPU"
        + " drawing";
  }

  /**
   * Refuses the option for an accelerator without a TDP: its carbon would be that of no energy.
   *
   * @throws IllegalArgumentException naming the option, its value and the accelerator
   */
  void requireTdp(dev.llmcost.core.hardware.AcceleratorSpec a) {
    if (value != null && !hasTdp(a)) {
      throw new IllegalArgumentException("--carbon-intensity " + value + ": the energy is not estimated, " + a.id()
          + " has no TDP in its catalog entry (tdp_w 0)");
    }
  }

  /**
   * Returns the intensity given, or empty without the option.
   *
   * @throws IllegalArgumentException naming the option and the value if it is neither a region id
   *     nor a finite number at least zero
   */
  Optional<CarbonIntensity> intensity() {
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(CarbonIntensity.parse(value));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--carbon-intensity must be a region id or a number of gCO2e/kWh >= 0, was \""
          + value + "\": " + e.getMessage(), e);
    }
  }

  /** Returns the table row the option named, or empty for a number or no option. */
  Optional<GridRegion> region() {
    return value == null ? Optional.empty() : GridRegion.find(value);
  }

  /** Adds {@code carbonIntensityGramsPerKwh} and, for a region, {@code carbonIntensityRegion} with its year and source. */
  void json(ObjectNode n, CarbonIntensity ci) {
    n.put("carbonIntensityGramsPerKwh", ci.gramsPerKwh());
    region().ifPresent(r -> {
      ObjectNode o = n.putObject("carbonIntensityRegion");
      o.put("id", r.id());
      o.put("name", r.name());
      o.put("year", r.year());
      o.put("source", r.source());
      o.put("seen", r.seen().toString());
    });
  }

  /** Describes the intensity in words: "us-va (Virginia ..., 2020): 308 gCO2e/kWh" or "350 gCO2e/kWh (given)". */
  String describe(CarbonIntensity ci) {
    return region().map(r -> String.format(Locale.ROOT, "%s (%s, %d annual average): %s gCO2e/kWh", r.id(), r.name(),
            r.year(), Text.fixed(ci.gramsPerKwh(), 1)))
        .orElse(String.format(Locale.ROOT, "%s gCO2e/kWh (given)", Text.fixed(ci.gramsPerKwh(), 1)));
  }
}
