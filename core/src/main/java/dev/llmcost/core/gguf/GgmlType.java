package dev.llmcost.core.gguf;

import java.util.Locale;
import java.util.Optional;

/**
 * A ggml tensor type: its numeric id in GGUF files and its block layout, which fixes the exact
 * bytes of a tensor.
 *
 * <p>A quantized type stores {@link #blockSize()} consecutive weights of a row in one block of
 * {@link #typeSize()} bytes. The layouts are the {@code block_*} structures of ggml's {@code
 * ggml-common.h} (https://github.com/ggml-org/ggml/blob/master/src/ggml-common.h); the ids are
 * {@code enum ggml_type} of {@code ggml.h} and the GGUF specification's {@code ggml_type} list
 * (ggml {@code docs/gguf.md}). K-quants and most i-quants use super-blocks of {@code QK_K = 256}
 * weights; the legacy quants, IQ4_NL and MXFP4 use blocks of 32. Examples: Q4_0 holds an fp16 scale
 * and 32 4-bit values, 18 bytes, 4.5 bits per weight; Q4_K holds an fp16 scale and min, twelve
 * bytes of 6-bit sub-block scales and mins and 256 4-bit values, 144 bytes, 4.5 bits; Q6_K holds
 * 128 bytes of low bits, 64 of high bits, 16 int8 scales and an fp16 scale, 210 bytes, 6.5625 bits.
 */
public enum GgmlType {
  /** 32-bit float. */
  F32(0, 1, 4),
  /** IEEE half precision. */
  F16(1, 1, 2),
  /** 32 weights: fp16 scale, 16 bytes of 4-bit values. */
  Q4_0(2, 32, 18),
  /** 32 weights: fp16 scale and min, 16 bytes of 4-bit values. */
  Q4_1(3, 32, 20),
  /** 32 weights: fp16 scale, 4 bytes of fifth bits, 16 bytes of 4-bit values. */
  Q5_0(6, 32, 22),
  /** 32 weights: fp16 scale and min, 4 bytes of fifth bits, 16 bytes of 4-bit values. */
  Q5_1(7, 32, 24),
  /** 32 weights: fp16 scale, 32 int8 values. */
  Q8_0(8, 32, 34),
  /** 32 weights: fp16 scale and sum, 32 int8 values (an activation type). */
  Q8_1(9, 32, 36),
  /** 256 weights: 16 bytes of 4-bit scales and mins, 64 bytes of 2-bit values, fp16 scale and min. */
  Q2_K(10, 256, 84),
  /** 256 weights: 32 bytes of high bits, 64 of 2-bit low bits, 12 of 6-bit scales, fp16 scale. */
  Q3_K(11, 256, 110),
  /** 256 weights: fp16 scale and min, 12 bytes of 6-bit scales and mins, 128 bytes of 4-bit values. */
  Q4_K(12, 256, 144),
  /** 256 weights: fp16 scale and min, 12 bytes of scales, 32 of fifth bits, 128 of 4-bit values. */
  Q5_K(13, 256, 176),
  /** 256 weights: 128 bytes of low 4 bits, 64 of high 2 bits, 16 int8 scales, fp16 scale. */
  Q6_K(14, 256, 210),
  /** 256 weights: fp32 scale, 256 int8 values, 16 int16 block sums (an activation type). */
  Q8_K(15, 256, 292),
  /** 256 weights: fp16 scale, 32 uint16 of grid indices, signs and scales. */
  IQ2_XXS(16, 256, 66),
  /** 256 weights: fp16 scale, 32 uint16 of grid indices and signs, 8 bytes of scales. */
  IQ2_XS(17, 256, 74),
  /** 256 weights: fp16 scale, 96 bytes of grid indices, signs and scales. */
  IQ3_XXS(18, 256, 98),
  /** 256 weights: fp16 scale, 32 bytes of grid indices, 16 uint16 of high bits and scales. */
  IQ1_S(19, 256, 50),
  /** 32 weights: fp16 scale, 16 bytes of 4-bit indices into a non-linear table. */
  IQ4_NL(20, 32, 18),
  /** 256 weights: fp16 scale, 64 bytes of indices, 8 of high bits, 32 of signs, 4 of scales. */
  IQ3_S(21, 256, 110),
  /** 256 weights: fp16 scale, 64 bytes of indices and signs, 8 of high bits, 8 of scales. */
  IQ2_S(22, 256, 82),
  /** 256 weights: fp16 scale, uint16 high scale bits, 4 bytes of low scale bits, 128 of 4-bit indices. */
  IQ4_XS(23, 256, 136),
  /** 8-bit integer. */
  I8(24, 1, 1),
  /** 16-bit integer. */
  I16(25, 1, 2),
  /** 32-bit integer. */
  I32(26, 1, 4),
  /** 64-bit integer. */
  I64(27, 1, 8),
  /** 64-bit float. */
  F64(28, 1, 8),
  /** 256 weights: 32 bytes of grid indices, 16 of high bits, 8 of scales (the scale is packed in). */
  IQ1_M(29, 256, 56),
  /** bfloat16. */
  BF16(30, 1, 2),
  /** 256 weights: 48 bytes of base-3 packed ternary values (5 per byte), 4 more bytes, fp16 scale. */
  TQ1_0(34, 256, 54),
  /** 256 weights: 64 bytes of 2-bit ternary values, fp16 scale. */
  TQ2_0(35, 256, 66),
  /** 32 weights: one E8M0 shared exponent byte, 16 bytes of FP4 (E2M1) values (OCP MX v1.0). */
  MXFP4(39, 32, 17);

  private final int id;
  private final int blockSize;
  private final int typeSize;

  GgmlType(int id, int blockSize, int typeSize) {
    this.id = id;
    this.blockSize = blockSize;
    this.typeSize = typeSize;
  }

  /** Returns the numeric id stored in GGUF tensor infos ({@code enum ggml_type}). */
  public int id() {
    return id;
  }

  /** Returns the weights per block (1 for plain types, 32 or 256 for quantized types). */
  public int blockSize() {
    return blockSize;
  }

  /** Returns the bytes of one block. */
  public int typeSize() {
    return typeSize;
  }

  /** Returns whether the type stores weights in blocks with scales. */
  public boolean isQuantized() {
    return blockSize > 1;
  }

  /** Returns the exact bits stored per weight: {@code 8 × typeSize / blockSize}. */
  public double bitsPerWeight() {
    return 8.0 * typeSize / blockSize;
  }

  /** Returns the lower-case name ggml prints ({@code q4_K}, {@code f16}, {@code iq2_xxs}). */
  public String ggmlName() {
    String n = name().toLowerCase(Locale.ROOT);
    return n.endsWith("_k") ? n.substring(0, n.length() - 1) + "K" : n;
  }

  /**
   * Returns the bytes of one row of {@code columns} weights.
   *
   * @param columns weights in the row (the tensor's first dimension, {@code ne[0]})
   * @return bytes
   * @throws IllegalArgumentException if {@code columns} is negative or not a multiple of the block
   *     size (ggml cannot store such a row)
   */
  public long rowBytes(long columns) {
    if (columns < 0 || columns % blockSize != 0) {
      throw new IllegalArgumentException("columns must be a non-negative multiple of " + blockSize
          + " for " + name() + ", was " + columns);
    }
    return Math.multiplyExact(columns / blockSize, (long) typeSize);
  }

  /**
   * Returns the exact bytes of a tensor of this type with the given dimensions.
   *
   * @param dims the dimensions, innermost first as in GGUF ({@code ne[0]} is the row length)
   * @return bytes
   * @throws IllegalArgumentException if a dimension is negative or the row length is not a
   *     multiple of the block size
   * @throws ArithmeticException on overflow
   */
  public long bytes(long... dims) {
    if (dims.length == 0) {
      return typeSize;
    }
    long b = rowBytes(dims[0]);
    for (int i = 1; i < dims.length; i++) {
      if (dims[i] < 0) {
        throw new IllegalArgumentException("dims[" + i + "] must be >= 0, was " + dims[i]);
      }
      b = Math.multiplyExact(b, dims[i]);
    }
    return b;
  }

  /**
   * Returns the type with a GGUF id.
   *
   * @param id the numeric id
   * @return the type, or empty for an id this library does not know (removed or newer types)
   */
  public static Optional<GgmlType> ofId(long id) {
    for (GgmlType t : values()) {
      if (t.id == id) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /**
   * Returns the type with a name, case-insensitive ({@code q4_K}, {@code Q4_K}, {@code bf16}).
   *
   * @param name the name
   * @return the type, or empty
   */
  public static Optional<GgmlType> ofName(String name) {
    for (GgmlType t : values()) {
      if (t.name().equalsIgnoreCase(name.trim())) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
