package dev.llmcost.costmodel.training;

import dev.llmcost.core.Bandwidth;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.hardware.PowerLimit;
import dev.llmcost.core.internal.Require;
import dev.llmcost.costmodel.efficiency.EfficiencyProfile;
import dev.llmcost.costmodel.efficiency.EfficiencyProfiles;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The GPUs a job runs on: the accelerator, how many per node (one scale-up domain: the GPUs an
 * NVLink/NVSwitch, Infinity Fabric or ICI fabric connects, 8 in an HGX board, up to 72 in a GB200
 * NVL72 rack, a whole TPU slice) and how many nodes, the per-GPU bandwidth of each link in one direction, the latency of one ring step
 * on each link, and the efficiency profile that says how much of the datasheet real kernels and
 * collectives reach.
 */
public final class Cluster {
  private final AcceleratorSpec accelerator;
  private final int gpusPerNode;
  private final int nodes;
  private final Bandwidth intraNodeBandwidth;
  private final Bandwidth interNodeBandwidth;
  private final double intraNodeLatencySeconds;
  private final double interNodeLatencySeconds;
  private final EfficiencyProfile profile;

  /**
   * Validates the cluster.
   *
   * @throws IllegalArgumentException if a count is below 1, a bandwidth is zero or a latency
   *     negative
   */
  private Cluster(
      AcceleratorSpec accelerator,
      int gpusPerNode,
      int nodes,
      Bandwidth intraNodeBandwidth,
      Bandwidth interNodeBandwidth,
      double intraNodeLatencySeconds,
      double interNodeLatencySeconds,
      EfficiencyProfile profile) {
    Require.positive("gpusPerNode", gpusPerNode);
    Require.positive("nodes", nodes);
    Require.positive("intraNodeBandwidth", intraNodeBandwidth.bytesPerSecond());
    Require.positive("interNodeBandwidth", interNodeBandwidth.bytesPerSecond());
    Require.nonNegative("intraNodeLatencySeconds", intraNodeLatencySeconds);
    Require.nonNegative("interNodeLatencySeconds", interNodeLatencySeconds);
    this.accelerator = accelerator;
    this.gpusPerNode = gpusPerNode;
    this.nodes = nodes;
    this.intraNodeBandwidth = intraNodeBandwidth;
    this.interNodeBandwidth = interNodeBandwidth;
    this.intraNodeLatencySeconds = intraNodeLatencySeconds;
    this.interNodeLatencySeconds = interNodeLatencySeconds;
    this.profile = profile;
  }

  /** Bandwidth assumed between GPUs of a node without a scale-up fabric: PCIe 4.0 ×16, one direction. */
  public static final Bandwidth PCIE_BANDWIDTH = Bandwidth.ofGBps(32);

  /**
   * Returns a cluster whose link latencies are the profile's ring-step latencies (scale-up and
   * network).
   *
   * @param accelerator the accelerator's datasheet
   * @param gpusPerNode GPUs in one scale-up domain
   * @param nodes nodes
   * @param intraNodeBandwidth scale-up bandwidth per GPU, one direction
   * @param interNodeBandwidth network bandwidth per GPU, one direction
   * @param profile the efficiency profile
   * @return the cluster
   * @throws IllegalArgumentException if a count is below 1, a bandwidth is zero or a latency negative
   */
  public static Cluster of(
      AcceleratorSpec accelerator,
      int gpusPerNode,
      int nodes,
      Bandwidth intraNodeBandwidth,
      Bandwidth interNodeBandwidth,
      EfficiencyProfile profile) {
    return new Cluster(
        accelerator, gpusPerNode, nodes, intraNodeBandwidth, interNodeBandwidth,
        profile.collectiveLatencySeconds(), profile.networkLatencySeconds(), profile);
  }

  /**
   * Returns {@code gpus} GPUs of {@code accelerator} in scale-up domains of the catalog's size
   * ({@link AcceleratorSpec#scaleUpDomain()}: 8 for an HGX board, 72 for a GB200 NVL72 rack, the
   * largest slice for a TPU), or one domain of {@code gpus} GPUs below it, with the datasheet link
   * bandwidths and the bundled efficiency profile.
   *
   * @param accelerator the accelerator
   * @param gpus total GPUs, at least 1
   * @return the cluster
   * @throws IllegalArgumentException if {@code gpus} is below 1 or spans domains unevenly
   */
  public static Cluster of(AcceleratorSpec accelerator, int gpus) {
    Require.positive("gpus", gpus);
    return of(accelerator, gpus, Math.min(gpus, accelerator.scaleUpDomain()));
  }

  /**
   * Returns {@code gpus} GPUs of {@code accelerator} in scale-up domains of {@code scaleUpDomain}
   * GPUs each: the GPUs one NVLink/NVSwitch, Infinity Fabric or ICI fabric connects in this
   * cluster, which may be fewer than the catalog's (a GB200 NVL72 rack with 64 of its 72 GPUs in
   * use; a TPU v5p slice of 512 chips, whose ICI torus spans the whole slice). Collectives whose
   * group fits in one domain run at the scale-up bandwidth; the others cross the network.
   *
   * @param accelerator the accelerator
   * @param gpus total GPUs, at least 1
   * @param scaleUpDomain GPUs per scale-up domain, at least 1 and at most the catalog's {@link
   *     AcceleratorSpec#scaleUpDomain()} (no limit for accelerators without a scale-up fabric,
   *     whose GPUs of one host talk over PCIe at {@link #PCIE_BANDWIDTH}, nor for those whose catalog
   *     scale-up link is PCIe ({@link AcceleratorSpec#scaleUpOverPcie()}): their domain is a server's
   *     GPU count, 8 in the catalog, and a server may hold another number)
   * @return the cluster
   * @throws IllegalArgumentException if a count is below 1, the domain exceeds what the fabric
   *     connects, or {@code gpus} is not a multiple of the domain
   */
  public static Cluster of(AcceleratorSpec accelerator, int gpus, int scaleUpDomain) {
    Require.positive("gpus", gpus);
    Require.positive("scaleUpDomain", scaleUpDomain);
    boolean fabric = accelerator.scaleUpBandwidth().bytesPerSecond() > 0;
    if (fabric && !accelerator.scaleUpOverPcie() && scaleUpDomain > accelerator.scaleUpDomain()) {
      throw new IllegalArgumentException(
          "scaleUpDomain must be <= the " + accelerator.scaleUpDomain() + " GPUs one scale-up fabric of "
              + accelerator.id() + " connects, was " + scaleUpDomain);
    }
    if (gpus % scaleUpDomain != 0) {
      throw new IllegalArgumentException(
          "gpus must be a multiple of the " + scaleUpDomain + " GPUs per node of " + accelerator.id() + ", was " + gpus);
    }
    Bandwidth intra = fabric ? accelerator.scaleUpBandwidthPerDirection() : PCIE_BANDWIDTH;
    Bandwidth inter =
        accelerator.scaleOutBandwidth().bytesPerSecond() > 0 ? accelerator.scaleOutBandwidth() : Bandwidth.ofGigabits(100);
    return of(accelerator, scaleUpDomain, gpus / scaleUpDomain, intra, inter, EfficiencyProfiles.forAccelerator(accelerator));
  }

  /** Returns all GPUs: gpusPerNode × nodes. */
  public int gpus() {
    return gpusPerNode * nodes;
  }

  /** Returns a copy with another efficiency profile, whose ring-step latencies the links take. */
  public Cluster withProfile(EfficiencyProfile value) {
    return of(accelerator, gpusPerNode, nodes, intraNodeBandwidth, interNodeBandwidth, value);
  }

  /**
   * Returns a copy whose GPUs run under a board power limit: GEMMs and attention sustain {@link
   * PowerLimit#clockFactor} of their rate, energy is counted at the cap (see {@link PowerLimit}).
   *
   * @param limit the power limit
   * @return the copy
   * @throws IllegalArgumentException if the accelerator has no TDP or the limit is below a quarter
   *     of it
   */
  public Cluster withPowerLimit(PowerLimit limit) {
    double factor = limit.clockFactor(accelerator);
    return new Cluster(limit.apply(accelerator), gpusPerNode, nodes, intraNodeBandwidth, interNodeBandwidth,
        intraNodeLatencySeconds, interNodeLatencySeconds,
        profile.withSustainedComputeFactor(profile.sustainedComputeFactor() * factor, limit.describe(accelerator)));
  }

  /**
   * Returns a copy of {@code nodes} scale-up domains of {@code gpusPerNode} GPUs each, with the
   * same links, latencies and profile.
   *
   * @param gpusPerNode GPUs in one scale-up domain, at least 1
   * @param nodes scale-up domains, at least 1
   * @return this cluster if nothing changes, else a copy
   * @throws IllegalArgumentException if a count is below 1
   */
  public Cluster withNodes(int gpusPerNode, int nodes) {
    return gpusPerNode == this.gpusPerNode && nodes == this.nodes
        ? this
        : new Cluster(accelerator, gpusPerNode, nodes, intraNodeBandwidth, interNodeBandwidth,
            intraNodeLatencySeconds, interNodeLatencySeconds, profile);
  }

  /** Returns a copy with another network bandwidth per GPU (one direction). */
  public Cluster withInterNodeBandwidth(Bandwidth value) {
    return new Cluster(accelerator, gpusPerNode, nodes, intraNodeBandwidth, value,
        intraNodeLatencySeconds, interNodeLatencySeconds, profile);
  }

  /**
   * Returns a copy with other ring-step latencies.
   *
   * @param intraSeconds latency over the scale-up fabric, seconds
   * @param interSeconds latency over the network, seconds
   * @return the copy
   */
  public Cluster withLatencies(double intraSeconds, double interSeconds) {
    return new Cluster(accelerator, gpusPerNode, nodes, intraNodeBandwidth, interNodeBandwidth,
        intraSeconds, interSeconds, profile);
  }

  /**
   * Returns a copy with {@code perNode} GPUs per node (the same total).
   *
   * @param perNode GPUs per node
   * @return the copy
   * @throws IllegalArgumentException if {@code perNode} does not divide the GPUs
   */
  public Cluster withGpusPerNode(int perNode) {
    Require.positive("gpusPerNode", perNode);
    if (gpus() % perNode != 0) {
      throw new IllegalArgumentException("gpusPerNode must divide the GPUs (" + gpus() + "), was " + perNode);
    }
    return new Cluster(accelerator, perNode, gpus() / perNode, intraNodeBandwidth, interNodeBandwidth,
        intraNodeLatencySeconds, interNodeLatencySeconds, profile);
  }

  /** Returns the accelerator's datasheet. */
  public AcceleratorSpec accelerator() {
    return accelerator;
  }

  /** Returns GPUs in one scale-up domain (collectives within it run at the scale-up bandwidth). */
  public int gpusPerNode() {
    return gpusPerNode;
  }

  /** Returns scale-up domains. */
  public int nodes() {
    return nodes;
  }

  /** Returns scale-up bandwidth per GPU, one direction (datasheet). */
  public Bandwidth intraNodeBandwidth() {
    return intraNodeBandwidth;
  }

  /** Returns network bandwidth per GPU, one direction (a 200 Gb/s NIC per GPU is 25 GB/s). */
  public Bandwidth interNodeBandwidth() {
    return interNodeBandwidth;
  }

  /** Returns latency of one ring step over the scale-up fabric, seconds. */
  public double intraNodeLatencySeconds() {
    return intraNodeLatencySeconds;
  }

  /** Returns latency of one ring step over the network, seconds. */
  public double interNodeLatencySeconds() {
    return interNodeLatencySeconds;
  }

  /** Returns the calibrated efficiency profile. */
  public EfficiencyProfile profile() {
    return profile;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof Cluster o
          && Objects.equals(accelerator, o.accelerator)
          && gpusPerNode == o.gpusPerNode
          && nodes == o.nodes
          && Objects.equals(intraNodeBandwidth, o.intraNodeBandwidth)
          && Objects.equals(interNodeBandwidth, o.interNodeBandwidth)
          && Double.compare(intraNodeLatencySeconds, o.intraNodeLatencySeconds) == 0
          && Double.compare(interNodeLatencySeconds, o.interNodeLatencySeconds) == 0
          && Objects.equals(profile, o.profile);
  }

  @Override
  public int hashCode() {
    int h = Objects.hashCode(accelerator);
    h = 31 * h + Integer.hashCode(gpusPerNode);
    h = 31 * h + Integer.hashCode(nodes);
    h = 31 * h + Objects.hashCode(intraNodeBandwidth);
    h = 31 * h + Objects.hashCode(interNodeBandwidth);
    h = 31 * h + Double.hashCode(intraNodeLatencySeconds);
    h = 31 * h + Double.hashCode(interNodeLatencySeconds);
    h = 31 * h + Objects.hashCode(profile);
    return h;
  }

  @Override
  public String toString() {
    return "Cluster[accelerator=" + accelerator + ", gpusPerNode=" + gpusPerNode + ", nodes=" + nodes
        + ", intraNodeBandwidth=" + intraNodeBandwidth + ", interNodeBandwidth=" + interNodeBandwidth
        + ", intraNodeLatencySeconds=" + intraNodeLatencySeconds
        + ", interNodeLatencySeconds=" + interNodeLatencySeconds + ", profile=" + profile + "]";
  }
}
