package dev.llmcost.core.gguf;

import java.util.Optional;

/**
 * The type of a GGUF metadata value, with its id in the file ({@code gguf_metadata_value_type} of
 * the GGUF specification, ggml {@code docs/gguf.md}).
 */
public enum GgufValueType {
  /** Unsigned 8-bit integer. */
  UINT8(0, 1),
  /** Signed 8-bit integer. */
  INT8(1, 1),
  /** Unsigned 16-bit integer. */
  UINT16(2, 2),
  /** Signed 16-bit integer. */
  INT16(3, 2),
  /** Unsigned 32-bit integer. */
  UINT32(4, 4),
  /** Signed 32-bit integer. */
  INT32(5, 4),
  /** 32-bit IEEE float. */
  FLOAT32(6, 4),
  /** One byte, 0 or 1. */
  BOOL(7, 1),
  /** A uint64 byte length followed by UTF-8 bytes, not NUL-terminated. */
  STRING(8, 8),
  /** A value type, a uint64 count and that many values. */
  ARRAY(9, 12),
  /** Unsigned 64-bit integer. */
  UINT64(10, 8),
  /** Signed 64-bit integer. */
  INT64(11, 8),
  /** 64-bit IEEE float. */
  FLOAT64(12, 8);

  private final int id;
  private final int minBytes;

  GgufValueType(int id, int minBytes) {
    this.id = id;
    this.minBytes = minBytes;
  }

  /** Returns the id stored in the file. */
  public int id() {
    return id;
  }

  /** Returns the fewest bytes one value of this type takes in a file (its size when fixed). */
  public int minBytes() {
    return minBytes;
  }

  /** Returns whether values are integers (of any width or sign). */
  public boolean isInteger() {
    return this == UINT8 || this == INT8 || this == UINT16 || this == INT16 || this == UINT32
        || this == INT32 || this == UINT64 || this == INT64;
  }

  /** Returns whether values are floats. */
  public boolean isFloat() {
    return this == FLOAT32 || this == FLOAT64;
  }

  /**
   * Returns the type with an id.
   *
   * @param id the id read from a file
   * @return the type, or empty for an unknown id
   */
  public static Optional<GgufValueType> ofId(long id) {
    for (GgufValueType t : values()) {
      if (t.id == id) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
