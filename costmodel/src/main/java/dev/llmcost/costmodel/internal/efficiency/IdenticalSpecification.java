package dev.llmcost.costmodel.internal.efficiency;

import dev.llmcost.core.hardware.AcceleratorSpec;
import java.util.Objects;

/**
 * Whether two accelerators have the same specification in everything an estimate reads from it, so that one may
 * take the other's microbenchmark rows as its own (s12l): every field of {@link AcceleratorSpec} but the three
 * labels, {@code id}, {@code name} and {@code source}. The fields compared are the ones the cost models read: the
 * architecture and compute capability (the silicon family, {@link Microbenchmarks#family(AcceleratorSpec)}, and the
 * FP8 recipes of {@code Fp8Gemm}), the dense peak of every math type (the rows are fractions of them), device memory
 * and its bandwidth (GEMV and streaming fractions, capacity), the scale-up bandwidth, link kind and domain, the
 * scale-out bandwidth, the host link and its bandwidth and the host memory bandwidth (collectives, offloading), the
 * TDP (power limits, energy), the SM count (GEMM tile waves) and the vendor. A user's copy of a catalog entry under
 * an id of its own passes; the same entry with one changed peak does not, and keeps its silicon family's rows.
 */
public final class IdenticalSpecification {

  private IdenticalSpecification() {}

  /**
   * Returns whether {@code a} and {@code b} agree in every field but {@code id}, {@code name} and {@code source}.
   *
   * @param a one accelerator
   * @param b the other
   * @return whether their specifications are identical
   */
  public static boolean of(AcceleratorSpec a, AcceleratorSpec b) {
    return Objects.equals(a.architecture(), b.architecture())
        && Objects.equals(a.computeCapability(), b.computeCapability())
        && Objects.equals(a.densePeaks(), b.densePeaks())
        && Objects.equals(a.memory(), b.memory())
        && Objects.equals(a.memoryBandwidth(), b.memoryBandwidth())
        && Objects.equals(a.scaleUpBandwidth(), b.scaleUpBandwidth())
        && a.scaleUpDomain() == b.scaleUpDomain()
        && Objects.equals(a.scaleUpLink(), b.scaleUpLink())
        && Objects.equals(a.scaleOutBandwidth(), b.scaleOutBandwidth())
        && Objects.equals(a.hostLink(), b.hostLink())
        && Objects.equals(a.hostLinkBandwidth(), b.hostLinkBandwidth())
        && Objects.equals(a.hostMemoryBandwidth(), b.hostMemoryBandwidth())
        && Double.compare(a.tdpWatts(), b.tdpWatts()) == 0
        && a.computeUnits() == b.computeUnits()
        && Objects.equals(a.vendor(), b.vendor());
  }
}
