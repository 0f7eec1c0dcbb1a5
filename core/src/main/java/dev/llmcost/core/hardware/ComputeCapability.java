package dev.llmcost.core.hardware;

/**
 * An NVIDIA GPU's compute capability, the SM version CUDA kernels are compiled for ({@code 9.0} for
 * H100, {@code 10.0} for B200): NVIDIA, "CUDA GPUs - Compute Capability"
 * (developer.nvidia.com/cuda-gpus) and the CUDA C++ Programming Guide's table of compute
 * capabilities. Frameworks select kernels by it: TensorRT-LLM's SM100 family is major version 10
 * (B200 and GB200 at 10.0, B300 at 10.3), not the GeForce and RTX PRO Blackwell parts at 12.0.
 *
 * @param major the major version, 1 or more
 * @param minor the minor version, 0 to 9
 */
public record ComputeCapability(int major, int minor) {

  /**
   * Validates the version.
   *
   * @throws IllegalArgumentException if {@code major} is below 1 or {@code minor} outside 0-9
   */
  public ComputeCapability {
    if (major < 1) {
      throw new IllegalArgumentException("compute capability major must be >= 1, was " + major);
    }
    if (minor < 0 || minor > 9) {
      throw new IllegalArgumentException("compute capability minor must be 0-9, was " + minor);
    }
  }

  /**
   * Parses {@code "major.minor"}, such as {@code "9.0"}.
   *
   * @param text the version
   * @return the compute capability
   * @throws IllegalArgumentException naming the value if it is not {@code digits.digit}
   */
  public static ComputeCapability parse(String text) {
    String t = text.strip();
    if (!t.matches("\\d{1,2}\\.\\d")) {
      throw new IllegalArgumentException("compute capability must be major.minor such as \"9.0\", was \"" + text + "\"");
    }
    int dot = t.indexOf('.');
    return new ComputeCapability(Integer.parseInt(t.substring(0, dot)), Integer.parseInt(t.substring(dot + 1)));
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
