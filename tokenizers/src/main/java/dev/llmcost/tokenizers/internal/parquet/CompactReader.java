package dev.llmcost.tokenizers.internal.parquet;

import java.nio.charset.StandardCharsets;

/**
 * Reads the Thrift compact protocol from a byte array, as Parquet writes its footer and page
 * headers; every length is checked against the bytes left, so a hostile length cannot allocate or
 * read past the end.
 *
 * <p>Facts from the Thrift compact protocol specification
 * (https://github.com/apache/thrift/blob/master/doc/specs/thrift-compact-protocol.md): a field
 * header byte holds the field id delta in its high nibble (0: a zigzag varint i16 id follows) and
 * the type in its low nibble (0 ends the struct; 1 and 2 are a boolean field's value, true and
 * false); integers are zigzag ULEB128 varints; a binary is a varint length and the bytes; a list
 * header holds the size in its high nibble (15: a varint size follows) and the element type in its
 * low nibble; a map is a varint size and, if not empty, a byte of key and value types.
 */
final class CompactReader {

  static final int STOP = 0;
  static final int TRUE = 1;
  static final int FALSE = 2;
  static final int BYTE = 3;
  static final int I16 = 4;
  static final int I32 = 5;
  static final int I64 = 6;
  static final int DOUBLE = 7;
  static final int BINARY = 8;
  static final int LIST = 9;
  static final int SET = 10;
  static final int MAP = 11;
  static final int STRUCT = 12;
  static final int UUID = 13;

  /** Structs nested deeper than this are refused (Parquet's own go a few levels deep). */
  static final int MAX_DEPTH = 64;

  /** Thrown when the bytes end before the value does: the caller may retry with more bytes. */
  static final class Truncated extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Truncated() {
      super("ends before the value does", null, false, false);
    }
  }

  /** Thrown when the bytes are not valid compact protocol. */
  static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  private final byte[] b;
  private int pos;
  private final int end;
  private int depth;

  CompactReader(byte[] b, int from, int end) {
    this.b = b;
    this.pos = from;
    this.end = end;
  }

  /** The position after the bytes read so far. */
  int position() {
    return pos;
  }

  /** The bytes left. */
  int remaining() {
    return end - pos;
  }

  int u8() {
    if (pos >= end) {
      throw new Truncated();
    }
    return b[pos++] & 0xFF;
  }

  long varint() {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int x = u8();
      v |= (long) (x & 0x7F) << shift;
      if ((x & 0x80) == 0) {
        return v;
      }
    }
    throw new Malformed("a varint longer than 10 bytes");
  }

  long zigzag() {
    long v = varint();
    return (v >>> 1) ^ -(v & 1);
  }

  int i32() {
    long v = zigzag();
    if (v != (int) v) {
      throw new Malformed("an i32 out of range: " + v);
    }
    return (int) v;
  }

  long i64() {
    return zigzag();
  }

  /** A binary's length, checked against the bytes left. */
  int binaryLength() {
    long n = varint();
    if (n < 0 || n > remaining()) {
      if (n >= 0 && n <= Integer.MAX_VALUE) {
        throw new Truncated();
      }
      throw new Malformed("a binary of " + Long.toUnsignedString(n) + " bytes");
    }
    return (int) n;
  }

  String string() {
    int n = binaryLength();
    String s = new String(b, pos, n, StandardCharsets.UTF_8);
    pos += n;
    return s;
  }

  void skipBytes(int n) {
    if (n > remaining()) {
      throw new Truncated();
    }
    pos += n;
  }

  /** Reads a list header; returns {@code size << 4 | elementType}, the size checked against the bytes left. */
  long listHeader() {
    int h = u8();
    long size = h >>> 4;
    if (size == 15) {
      size = varint();
    }
    int type = h & 0x0F;
    // every element takes at least one byte (a boolean, an empty struct's stop)
    if (size < 0 || size > remaining()) {
      if (size >= 0 && size <= Integer.MAX_VALUE) {
        throw new Truncated();
      }
      throw new Malformed("a list of " + Long.toUnsignedString(size) + " elements");
    }
    return size << 4 | type;
  }

  /** Starts reading a struct's fields. */
  void enter() {
    if (++depth > MAX_DEPTH) {
      throw new Malformed("structs nested deeper than " + MAX_DEPTH);
    }
  }

  void leave() {
    depth--;
  }

  /**
   * Reads a field header; returns {@code id << 8 | type}, or {@link #STOP} at the end of a struct.
   *
   * @param last the id of the previous field of this struct, 0 for the first
   */
  int field(int last) {
    int h = u8();
    int type = h & 0x0F;
    if (type == STOP) {
      return STOP;
    }
    int delta = h >>> 4;
    long id = delta == 0 ? zigzag() : last + delta;
    if (id < 0 || id > Short.MAX_VALUE) {
      throw new Malformed("a field id out of range: " + id);
    }
    return (int) id << 8 | type;
  }

  /** Skips a value of the given type. */
  void skip(int type) {
    switch (type) {
      case TRUE, FALSE -> { }
      case BYTE -> skipBytes(1);
      case I16, I32, I64 -> varint();
      case DOUBLE -> skipBytes(8);
      case UUID -> skipBytes(16);
      case BINARY -> skipBytes(binaryLength());
      case LIST, SET -> {
        long h = listHeader();
        int t = (int) (h & 0x0F);
        enter();
        for (long i = h >>> 4; i > 0; i--) {
          skipElement(t);
        }
        leave();
      }
      case MAP -> {
        long size = varint();
        if (size < 0 || size > remaining()) {
          throw size >= 0 && size <= Integer.MAX_VALUE ? new Truncated() : new Malformed("a map of " + size + " entries");
        }
        if (size > 0) {
          int kv = u8();
          enter();
          for (long i = 0; i < size; i++) {
            skipElement(kv >>> 4);
            skipElement(kv & 0x0F);
          }
          leave();
        }
      }
      case STRUCT -> {
        enter();
        int last = 0;
        int f;
        while ((f = field(last)) != STOP) {
          last = f >>> 8;
          skip(f & 0xFF);
        }
        leave();
      }
      default -> throw new Malformed("an unknown type " + type);
    }
  }

  /** Skips an element of a list, set or map, where a boolean takes one byte. */
  private void skipElement(int type) {
    if (type == TRUE || type == FALSE) {
      skipBytes(1);
    } else {
      skip(type);
    }
  }

  /** Checks a field's type. */
  static void expect(int field, int type, String name) {
    int t = field & 0xFF;
    if (t != type && !(type == TRUE && t == FALSE)) {
      throw new Malformed(name + " has the type " + t + ", not " + type);
    }
  }
}
