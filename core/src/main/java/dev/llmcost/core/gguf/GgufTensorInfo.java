package dev.llmcost.core.gguf;

import dev.llmcost.core.internal.Require;
import java.util.Arrays;

/**
 * One tensor's entry in a GGUF header: name, dimensions, ggml type and the offset of its data.
 */
public final class GgufTensorInfo {
  private final String name;
  private final long[] dims;
  private final GgmlType type;
  private final long offset;

  /**
   * Creates a tensor info.
   *
   * @param name the tensor's name ({@code blk.0.attn_q.weight})
   * @param dims the dimensions, innermost first ({@code ne[0]} is the row length), 1 to 4 of them
   * @param type the ggml type
   * @param offset bytes from the start of the tensor data section
   * @throws IllegalArgumentException if a dimension is negative, there are no or more than four,
   *     the row length is not a multiple of the type's block size, or the offset is negative
   */
  public GgufTensorInfo(String name, long[] dims, GgmlType type, long offset) {
    this.name = Require.nonBlank("name", name);
    if (dims.length == 0 || dims.length > 4) {
      throw new IllegalArgumentException("dims of " + name + " must have 1 to 4 entries, had " + dims.length);
    }
    this.dims = dims.clone();
    this.type = type;
    this.offset = Require.nonNegative("offset of " + name, offset);
    type.bytes(this.dims);
  }

  /** Returns the name. */
  public String name() {
    return name;
  }

  /** Returns a copy of the dimensions, innermost first. */
  public long[] dims() {
    return dims.clone();
  }

  /** Returns the number of dimensions. */
  public int rank() {
    return dims.length;
  }

  /** Returns dimension {@code i} (innermost is 0), 1 past the rank. */
  public long dim(int i) {
    return i < dims.length ? dims[i] : 1;
  }

  /** Returns the ggml type. */
  public GgmlType type() {
    return type;
  }

  /** Returns the data offset from the start of the data section, in bytes. */
  public long offset() {
    return offset;
  }

  /** Returns the number of elements (parameters). */
  public long elements() {
    long n = 1;
    for (long d : dims) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /** Returns the exact bytes of the tensor's data. */
  public long bytes() {
    return type.bytes(dims);
  }

  @Override
  public String toString() {
    return name + " " + type + " " + Arrays.toString(dims);
  }
}
