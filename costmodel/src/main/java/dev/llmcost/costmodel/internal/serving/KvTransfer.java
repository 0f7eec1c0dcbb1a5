package dev.llmcost.costmodel.internal.serving;

import dev.llmcost.core.Bandwidth;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.costmodel.efficiency.EfficiencyProfile;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The one model of how long a prompt's KV cache takes to go from a prefill instance to a decode
 * instance in disaggregated serving (DistServe, Zhong et al. OSDI 2024; Splitwise, Patel et
 * al. ISCA 2024), used by the analytic disaggregated capacity plan and by the serving
 * simulator.
 *
 * <p>Each prefill GPU sends its shard of the prompt's KV cache at once, so {@code min(prefill tp,
 * decode tp)} GPU-to-GPU streams share the bytes: {@code seconds = latency + bytes / (streams ·
 * perStream)}. The path is the scale-up link (NVLink) when the whole deployment fits one scale-up
 * domain, else the network. A stream's bandwidth is, unless given: over the scale-up link its
 * per-direction bandwidth times the efficiency profile's scale-up fraction, after one ring-step
 * latency of the profile; over the network the accelerator's network bandwidth per GPU times the
 * profile's scale-out fraction (or {@link #FALLBACK_NETWORK_BYTES_PER_SECOND} when the catalog gives
 * the accelerator none), after the profile's network latency. A given bandwidth replaces the
 * stream's bandwidth only; the latency stays the path's. The transfer is counted whole after the
 * prefill, not overlapped with it (layer-by-layer streaming would hide part of it). Immutable.
 */
public final class KvTransfer {

  /**
   * The per-GPU network bandwidth assumed when the catalog gives an accelerator none: 25 GB/s, one
   * 200 Gb/s NIC per GPU (an assumption, not a datasheet figure).
   */
  public static final double FALLBACK_NETWORK_BYTES_PER_SECOND = 25e9;

  private final boolean scaleUp;
  private final int streams;
  private final double perStream;
  private final double latency;
  private final boolean given;
  private final String why;

  private KvTransfer(boolean scaleUp, int streams, double perStream, double latency, boolean given, String why) {
    this.scaleUp = scaleUp;
    this.streams = streams;
    this.perStream = perStream;
    this.latency = latency;
    this.given = given;
    this.why = why;
  }

  /**
   * Returns the transfer of a deployment of {@code deploymentGpus} GPUs: over the scale-up link when
   * they all fit one scale-up domain (and the accelerator has one), else over the network.
   *
   * @param a the accelerator both pools run on
   * @param profile its efficiency profile (link fractions and latencies)
   * @param prefillTp GPUs of one prefill instance, at least 1
   * @param decodeTp GPUs of one decode instance, at least 1
   * @param deploymentGpus GPUs of both pools together
   * @param given per-GPU bandwidth given by the user, or null for the model's
   * @return the transfer
   */
  public static KvTransfer forDeployment(
      AcceleratorSpec a, EfficiencyProfile profile, int prefillTp, int decodeTp, long deploymentGpus,
      @Nullable Bandwidth given) {
    boolean inside = fitsScaleUp(a, deploymentGpus);
    return build(a, profile, prefillTp, decodeTp, inside, given, inside
        ? "both pools' " + deploymentGpus + " GPUs fit one scale-up domain of " + a.scaleUpDomain()
        : a.scaleUpBandwidthPerDirection().bytesPerSecond() > 0
            ? "the pools' " + deploymentGpus + " GPUs do not fit one scale-up domain of " + a.scaleUpDomain()
            : a.id() + " has no scale-up link");
  }

  /**
   * Returns the transfer over the scale-up link between a prefill and a decode instance, or null
   * when the accelerator has none or the two instances do not fit one scale-up domain; the caller
   * checks that the whole deployment fits it.
   *
   * @param a the accelerator
   * @param profile its efficiency profile
   * @param prefillTp GPUs of one prefill instance
   * @param decodeTp GPUs of one decode instance
   * @return the transfer, or null
   */
  public static @Nullable KvTransfer overScaleUp(AcceleratorSpec a, EfficiencyProfile profile, int prefillTp, int decodeTp) {
    if (!fitsScaleUp(a, (long) prefillTp + decodeTp)) {
      return null;
    }
    return build(a, profile, prefillTp, decodeTp, true, null,
        "both pools in one scale-up domain of " + a.scaleUpDomain() + " GPUs");
  }

  /**
   * Returns the transfer over the network between a prefill and a decode instance.
   *
   * @param a the accelerator
   * @param profile its efficiency profile
   * @param prefillTp GPUs of one prefill instance
   * @param decodeTp GPUs of one decode instance
   * @return the transfer
   */
  public static KvTransfer overNetwork(AcceleratorSpec a, EfficiencyProfile profile, int prefillTp, int decodeTp) {
    return build(a, profile, prefillTp, decodeTp, false, null,
        "the pools do not fit one scale-up domain of " + a.scaleUpDomain() + " GPUs");
  }

  private static boolean fitsScaleUp(AcceleratorSpec a, long gpus) {
    return a.scaleUpBandwidthPerDirection().bytesPerSecond() > 0 && gpus <= a.scaleUpDomain();
  }

  private static KvTransfer build(
      AcceleratorSpec a, EfficiencyProfile profile, int prefillTp, int decodeTp, boolean inside,
      @Nullable Bandwidth given, String reason) {
    if (prefillTp < 1 || decodeTp < 1) {
      throw new IllegalArgumentException("prefillTp and decodeTp must be >= 1, were " + prefillTp + " and " + decodeTp);
    }
    int streams = Math.min(prefillTp, decodeTp);
    double latency = inside ? profile.collectiveLatencySeconds() : profile.networkLatencySeconds();
    double perStream;
    String source;
    if (given != null) {
      perStream = given.bytesPerSecond();
      source = "given";
    } else if (inside) {
      double link = a.scaleUpBandwidthPerDirection().bytesPerSecond();
      perStream = link * profile.scaleUpBandwidthFraction();
      source = String.format(Locale.ROOT, "%.0f GB/s per direction × %.3f, the profile's scale-up fraction",
          link / 1e9, profile.scaleUpBandwidthFraction());
    } else if (a.scaleOutBandwidth().bytesPerSecond() > 0) {
      double link = a.scaleOutBandwidth().bytesPerSecond();
      perStream = link * profile.scaleOutBandwidthFraction();
      source = String.format(Locale.ROOT, "the accelerator's network bandwidth, %.1f GB/s per GPU × %.3f, the"
          + " profile's scale-out fraction", link / 1e9, profile.scaleOutBandwidthFraction());
    } else {
      perStream = FALLBACK_NETWORK_BYTES_PER_SECOND;
      source = String.format(Locale.ROOT, "assumed: the catalog gives %s no network bandwidth; %.0f GB/s, one"
          + " 200 Gb/s NIC per GPU", a.id(), FALLBACK_NETWORK_BYTES_PER_SECOND / 1e9);
    }
    String why = String.format(Locale.ROOT, "%s (%s), %d GPU-to-GPU stream%s at %,.1f GB/s%s (%s), after %.1f µs",
        inside ? "the scale-up link" : "the network", reason, streams, streams == 1 ? "" : "s", perStream / 1e9,
        streams == 1 ? "" : " each", source, latency * 1e6);
    return new KvTransfer(inside, streams, perStream, latency, given != null, why);
  }

  /**
   * Returns the seconds to send a prompt's KV cache: the path's latency plus the bytes over the
   * streams.
   *
   * @param bytes the prompt's KV cache over all layers (every GPU's shard together), bytes
   * @return seconds
   */
  public double seconds(double bytes) {
    return latency + bytes / (streams * perStream);
  }

  /** Returns whether the cache crosses the scale-up link (else the network). */
  public boolean scaleUp() {
    return scaleUp;
  }

  /** Returns the GPU-to-GPU streams that share a prompt's bytes. */
  public int streams() {
    return streams;
  }

  /** Returns one stream's bandwidth. */
  public Bandwidth perStream() {
    return Bandwidth.of(perStream);
  }

  /** Returns the fixed time of one transfer, in seconds. */
  public double latencySeconds() {
    return latency;
  }

  /** Returns whether the stream bandwidth was given rather than chosen by the model. */
  public boolean given() {
    return given;
  }

  /** Returns the path, streams, bandwidth and its source, and the latency, in words. */
  public String link() {
    return why;
  }

  /** Returns the assumption line that states the model. */
  public static String assumption() {
    return "KV transfer (one model for the analytic plan and the simulator): the prompt's KV cache (every layer)"
        + " leaves each prefill GPU's shard at once, min(prefill tp, decode tp) streams, over the scale-up link"
        + " when the whole deployment fits one scale-up domain (its per-direction bandwidth × the profile's"
        + " scale-up fraction, after one ring-step latency), else over the network (the network bandwidth per"
        + " GPU × the profile's scale-out fraction, or 25 GB/s assumed where the catalog gives none, after the"
        + " profile's network latency); a given link bandwidth replaces the stream bandwidth only; counted"
        + " whole after the prefill, not overlapped with it (layer-by-layer streaming would hide part of it)";
  }
}
