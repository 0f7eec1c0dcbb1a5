package dev.llmcost.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A numeric data type for weights, activations, KV caches and optimizer states, with its storage
 * size in bits per element.
 *
 * <p>{@link #TF32} is a tensor-core math mode: it is stored in 32 bits. {@link #NF4} is the 4-bit
 * NormalFloat of QLoRA (Dettmers et al. 2023); {@link #FP4} is the OCP MX E2M1 format. Block
 * scales of quantized formats are not part of the element size; see {@code QuantizationScheme} in
 * the model package for group overhead.
 */
public enum DType {
  /** IEEE 754 double precision. */
  FP64(64, true, "float64", "double", "fp64"),
  /** IEEE 754 single precision. */
  FP32(32, true, "float32", "float", "fp32"),
  /** NVIDIA TensorFloat-32: fp32 storage, 10-bit mantissa tensor-core math. */
  TF32(32, true, "tf32", "tensorfloat32"),
  /** bfloat16: 8-bit exponent, 7-bit mantissa. */
  BF16(16, true, "bfloat16", "bf16"),
  /** IEEE 754 half precision. */
  FP16(16, true, "float16", "half", "fp16"),
  /** OCP FP8 E4M3 (the forward-pass format of FP8 training and inference). */
  FP8_E4M3(8, true, "fp8", "fp8_e4m3", "e4m3", "float8_e4m3fn", "float8_e4m3"),
  /** OCP FP8 E5M2 (the gradient format of FP8 training). */
  FP8_E5M2(8, true, "fp8_e5m2", "e5m2", "float8_e5m2"),
  /** 8-bit integer. */
  INT8(8, false, "int8", "w8", "uint8"),
  /** 4-bit integer (GPTQ, AWQ). */
  INT4(4, false, "int4", "w4", "uint4"),
  /** 4-bit NormalFloat (QLoRA). */
  NF4(4, true, "nf4"),
  /** 4-bit floating point, E2M1 (OCP MX FP4, NVIDIA NVFP4 elements). */
  FP4(4, true, "fp4", "fp4_e2m1", "e2m1", "mxfp4", "nvfp4");

  private final int bits;
  private final boolean floatingPoint;
  private final String[] aliases;

  DType(int bits, boolean floatingPoint, String... aliases) {
    this.bits = bits;
    this.floatingPoint = floatingPoint;
    this.aliases = aliases;
  }

  /** Returns the storage size of one element in bits. */
  public int bits() {
    return bits;
  }

  /** Returns the storage size of one element in bytes (0.5 for the 4-bit types). */
  public double bytes() {
    return bits / 8.0;
  }

  /** Returns whether the type is a floating-point format. */
  public boolean isFloatingPoint() {
    return floatingPoint;
  }

  /**
   * Returns the memory of {@code elements} values of this type, rounded up to whole bytes.
   *
   * @param elements number of values, at least zero
   * @return the memory
   * @throws IllegalArgumentException if {@code elements} is negative
   * @throws ArithmeticException on overflow
   */
  public DataSize sizeOf(long elements) {
    if (elements < 0) {
      throw new IllegalArgumentException("elements must be >= 0, was " + elements);
    }
    if (bits % 8 == 0) {
      return DataSize.ofBytes(Math.multiplyExact(elements, (long) (bits / 8)));
    }
    long totalBits = Math.multiplyExact(elements, (long) bits);
    return DataSize.ofBytes(totalBits / 8 + (totalBits % 8 == 0 ? 0 : 1));
  }

  /** Returns the canonical lower-case name, such as {@code bf16} or {@code fp8_e4m3}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Finds a type by its id or a common alias ({@code bfloat16}, {@code float16}, {@code fp8},
   * {@code float8_e4m3fn}, {@code int4} ...), ignoring case.
   *
   * @param name the name to look up
   * @return the type, or empty if the name is unknown
   */
  public static Optional<DType> find(String name) {
    String key = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    for (DType t : values()) {
      if (t.id().equals(key)) {
        return Optional.of(t);
      }
      for (String alias : t.aliases) {
        if (alias.equals(key)) {
          return Optional.of(t);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Parses a type by id or alias.
   *
   * @param name the name
   * @return the type
   * @throws IllegalArgumentException if the name is unknown; the message lists the known ids
   */
  public static DType parse(String name) {
    return find(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "dtype must be one of "
                        + Arrays.stream(values()).map(DType::id).collect(Collectors.joining(", "))
                        + ", was \""
                        + name
                        + "\""));
  }

  @Override
  public String toString() {
    return id();
  }
}
