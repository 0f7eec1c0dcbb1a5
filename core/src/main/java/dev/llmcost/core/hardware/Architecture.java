package dev.llmcost.core.hardware;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The silicon generation of an accelerator, as its vendor's datasheet or architecture whitepaper
 * names it: NVIDIA's Volta, Turing, Ampere, Ada Lovelace, Hopper and Blackwell; AMD's CDNA 2,
 * CDNA 3 and CDNA 4; Intel's Gaudi 2 and Gaudi 3; Google's TPU generations. Cost models choose kernel rules and
 * the silicon family whose measurements stand for an accelerator's by it (and, on NVIDIA parts, by
 * the {@link ComputeCapability} their kernels are compiled for), never by the accelerator's id.
 */
public enum Architecture {
  /** NVIDIA Volta (V100; compute capability 7.0). */
  VOLTA("volta", 7),
  /** NVIDIA Turing (T4; compute capability 7.5). */
  TURING("turing", 7),
  /** NVIDIA Ampere (A100: 8.0; A10, RTX A6000: 8.6). */
  AMPERE("ampere", 8),
  /** NVIDIA Ada Lovelace (L4, L40S, RTX 4090; compute capability 8.9). */
  ADA("ada", 8),
  /** NVIDIA Hopper (H100, H200, H800; compute capability 9.0). */
  HOPPER("hopper", 9),
  /** NVIDIA Blackwell (B200, GB200: 10.0; B300: 10.3; GeForce RTX 50 and RTX PRO: 12.0). */
  BLACKWELL("blackwell", 10, 11, 12),
  /** AMD CDNA 2 (Instinct MI250X). */
  CDNA2("cdna2"),
  /** AMD CDNA 3 (Instinct MI300X, MI325X). */
  CDNA3("cdna3"),
  /** AMD CDNA 4 (Instinct MI350X, MI355X; gfx950, AMD's CDNA 4 architecture whitepaper). */
  CDNA4("cdna4"),
  /** Intel Gaudi 2. */
  GAUDI2("gaudi2"),
  /** Intel Gaudi 3. */
  GAUDI3("gaudi3"),
  /** Google TPU v4. */
  TPU_V4("tpu-v4"),
  /** Google TPU v5e. */
  TPU_V5E("tpu-v5e"),
  /** Google TPU v5p. */
  TPU_V5P("tpu-v5p"),
  /** Google TPU v6e (Trillium). */
  TPU_V6E("tpu-v6e");

  private final String id;
  private final int[] computeCapabilityMajors;

  Architecture(String id, int... computeCapabilityMajors) {
    this.id = id;
    this.computeCapabilityMajors = computeCapabilityMajors;
  }

  /** Returns the catalog name ({@code "hopper"}, {@code "tpu-v5p"}). */
  public String id() {
    return id;
  }

  /**
   * Returns whether the architecture is NVIDIA's, whose parts declare a {@link ComputeCapability}
   * beside it.
   */
  public boolean nvidia() {
    return computeCapabilityMajors.length > 0;
  }

  /** Returns whether a compute capability's major version belongs to this architecture (CUDA's table). */
  public boolean admits(ComputeCapability c) {
    return Arrays.stream(computeCapabilityMajors).anyMatch(m -> m == c.major());
  }

  /** Returns whether this is one of Google's TPU generations. */
  public boolean tpu() {
    return id.startsWith("tpu-");
  }

  /**
   * Returns the architecture a catalog name stands for, ignoring case.
   *
   * @param name the name, such as {@code hopper} or {@code tpu-v5p}
   * @return the architecture
   * @throws IllegalArgumentException naming the value and the known names if it is none of them
   */
  public static Architecture parse(String name) {
    String key = name.strip().toLowerCase(Locale.ROOT);
    for (Architecture a : values()) {
      if (a.id.equals(key)) {
        return a;
      }
    }
    throw new IllegalArgumentException("architecture must be one of "
        + Arrays.stream(values()).map(Architecture::id).collect(Collectors.joining(", ")) + ", was \"" + name + "\"");
  }

  @Override
  public String toString() {
    return id;
  }
}
