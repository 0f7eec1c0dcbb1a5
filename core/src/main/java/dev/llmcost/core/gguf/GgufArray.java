package dev.llmcost.core.gguf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.List;

/**
 * A metadata array as the file stores it: its element type, its length and its elements, kept in
 * their file encoding and decoded on access, so that a vocabulary of 150,000 strings costs about
 * its bytes in the file.
 */
public final class GgufArray {
  private final GgufValueType elementType;
  private final int length;
  private final byte[] data;
  private final int[] offsets;
  private final List<GgufArray> nested;
  private final ByteOrder order;

  GgufArray(
      GgufValueType elementType,
      int length,
      byte[] data,
      int[] offsets,
      List<GgufArray> nested,
      ByteOrder order) {
    this.elementType = elementType;
    this.length = length;
    this.data = data;
    this.offsets = offsets;
    this.nested = List.copyOf(nested);
    this.order = order;
  }

  /** Returns the type of the elements. */
  public GgufValueType elementType() {
    return elementType;
  }

  /** Returns the number of elements. */
  public int length() {
    return length;
  }

  /**
   * Returns the elements as strings.
   *
   * @return a read-only view
   * @throws IllegalStateException if the elements are not strings
   */
  public List<String> strings() {
    require(GgufValueType.STRING);
    return new AbstractList<>() {
      @Override
      public String get(int index) {
        java.util.Objects.checkIndex(index, length);
        return new String(
            data, offsets[index], offsets[index + 1] - offsets[index], StandardCharsets.UTF_8);
      }

      @Override
      public int size() {
        return length;
      }
    };
  }

  /**
   * Returns integer element {@code index}, widened to a long (a uint64 above {@code
   * Long.MAX_VALUE} comes back negative, as its two's-complement bits).
   *
   * @param index the element
   * @return the value
   * @throws IllegalStateException if the elements are not integers or booleans
   * @throws IndexOutOfBoundsException if {@code index} is out of range
   */
  public long longAt(int index) {
    java.util.Objects.checkIndex(index, length);
    ByteBuffer b = ByteBuffer.wrap(data).order(order);
    int w = elementType.minBytes();
    int at = index * w;
    return switch (elementType) {
      case UINT8, BOOL -> b.get(at) & 0xFFL;
      case INT8 -> b.get(at);
      case UINT16 -> b.getShort(at) & 0xFFFFL;
      case INT16 -> b.getShort(at);
      case UINT32 -> b.getInt(at) & 0xFFFF_FFFFL;
      case INT32 -> b.getInt(at);
      case UINT64, INT64 -> b.getLong(at);
      default -> throw new IllegalStateException("elements are " + elementType + ", not integers");
    };
  }

  /**
   * Returns numeric element {@code index} as a double.
   *
   * @param index the element
   * @return the value
   * @throws IllegalStateException if the elements are not numbers
   * @throws IndexOutOfBoundsException if {@code index} is out of range
   */
  public double doubleAt(int index) {
    java.util.Objects.checkIndex(index, length);
    ByteBuffer b = ByteBuffer.wrap(data).order(order);
    return switch (elementType) {
      case FLOAT32 -> b.getFloat(index * 4);
      case FLOAT64 -> b.getDouble(index * 8);
      default -> longAt(index);
    };
  }

  /**
   * Returns the nested arrays of an array of arrays.
   *
   * @return the arrays
   * @throws IllegalStateException if the elements are not arrays
   */
  public List<GgufArray> arrays() {
    require(GgufValueType.ARRAY);
    return nested;
  }

  private void require(GgufValueType t) {
    if (elementType != t) {
      throw new IllegalStateException("elements are " + elementType + ", not " + t);
    }
  }

  @Override
  public String toString() {
    return "array<" + elementType + ">[" + length + "]";
  }
}
