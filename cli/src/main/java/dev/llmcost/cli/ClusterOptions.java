package dev.llmcost.cli;

import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.hardware.PowerLimit;
import dev.llmcost.costmodel.training.Cluster;
import dev.llmcost.costmodel.training.FittedProfile;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The cluster options {@code train} and {@code plan} share (a picocli mixin): the scale-up domain
 * size, a board power limit and a calibrated profile written by {@code llmcost calibrate}.
 */
public final class ClusterOptions {
  @Option(names = {"--scale-up-domain", "--gpus-per-node"},
      description = "GPUs one scale-up fabric (NVLink/NVSwitch, Infinity Fabric, ICI) connects in this cluster: 64 for"
          + " GB200 NVL72 racks with 64 of 72 GPUs in use, 4 for a 4-GPU node, the slice for a TPU, so tensor"
          + " parallelism within it stays off the network (default: the accelerator's, at most --gpus).")
  @Nullable Integer scaleUpDomain;

  @Option(names = "--power-limit",
      description = "Board power limit in watts (nvidia-smi --power-limit): GEMMs and attention slow as the cube root"
          + " of the cap over the TDP, energy is counted at the cap (default: the TDP).")
  @Nullable Double powerLimit;

  @Option(names = "--profile",
      description = "A profile written by 'llmcost calibrate': its fitted values replace the accelerator's.")
  @Nullable Path profile;

  /**
   * Returns {@code gpus} GPUs of {@code acc} in scale-up domains of {@code --scale-up-domain} GPUs
   * (the catalog's size when not given), with the calibrated profile applied when one was given.
   *
   * @param acc the accelerator
   * @param gpus the GPUs
   * @return the cluster
   * @throws IllegalArgumentException if the domain is below 1 or does not fit the GPUs, or the
   *     profile file is not a profile
   */
  Cluster cluster(AcceleratorSpec acc, int gpus) {
    Cluster c;
    if (scaleUpDomain == null) {
      c = Cluster.of(acc, gpus);
    } else if (scaleUpDomain < 1) {
      throw new IllegalArgumentException("--scale-up-domain must be >= 1, was " + scaleUpDomain);
    } else {
      c = Cluster.of(acc, gpus, scaleUpDomain);
    }
    if (profile != null) {
      c = c.withProfile(FittedProfile.read(profile).apply(c.profile()));
    }
    if (powerLimit != null) {
      if (!(powerLimit > 0) || powerLimit.isInfinite()) {
        throw new IllegalArgumentException("--power-limit must be a number of watts > 0, was " + powerLimit);
      }
      if (acc.tdpWatts() > 0 && powerLimit > acc.tdpWatts()) {
        // a cap above the board's TDP never binds (PowerLimit draws min(cap, TDP)); nvidia-smi refuses one
        // above the board's maximum, so a larger figure is a typo, not a setting to cost silently at the TDP
        throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
            "--power-limit must be at most the %.0f W TDP of %s, was %s", acc.tdpWatts(), acc.id(), powerLimit));
      }
      try {
        c = c.withPowerLimit(PowerLimit.of(powerLimit));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--power-limit: " + e.getMessage(), e);
      }
    }
    return c;
  }

  /** Adds {@code boardPowerWatts}: the watts each GPU draws (the power limit, or the TDP without one). */
  static void json(com.fasterxml.jackson.databind.node.ObjectNode n, Cluster c) {
    n.put("boardPowerWatts", c.accelerator().tdpWatts());
  }
}
