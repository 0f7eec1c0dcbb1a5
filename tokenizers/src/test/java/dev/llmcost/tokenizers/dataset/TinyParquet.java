package dev.llmcost.tokenizers.dataset;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Builds small Parquet files byte by byte (Thrift compact protocol, from parquet.thrift), so that
 * tests can state hostile sizes, counts and codecs that no writer would produce: one row group,
 * one column {@code text} (optional BYTE_ARRAY, UTF8) and the pages given.
 */
final class TinyParquet {

  /** A Thrift compact writer: structs nest, each remembering its last field id. */
  static final class Compact {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Deque<Integer> last = new ArrayDeque<>();
    private int lastId;

    Compact field(int id, int type) {
      int delta = id - lastId;
      if (delta > 0 && delta <= 15) {
        out.write(delta << 4 | type);
      } else {
        out.write(type);
        varint(zig(id));
      }
      lastId = id;
      return this;
    }

    Compact i32(int id, long v) {
      field(id, 5);
      varint(zig(v));
      return this;
    }

    Compact i64(int id, long v) {
      field(id, 6);
      varint(zig(v));
      return this;
    }

    Compact string(int id, String s) {
      field(id, 8);
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      varint(b.length);
      out.writeBytes(b);
      return this;
    }

    Compact struct(int id) {
      field(id, 12);
      return begin();
    }

    /** Starts a struct that is a list element. */
    Compact begin() {
      last.push(lastId);
      lastId = 0;
      return this;
    }

    Compact end() {
      out.write(0);
      lastId = last.isEmpty() ? 0 : last.pop();
      return this;
    }

    Compact list(int id, int elementType, int size) {
      field(id, 9);
      if (size < 15) {
        out.write(size << 4 | elementType);
      } else {
        out.write(0xF0 | elementType);
        varint(size);
      }
      return this;
    }

    Compact varint(long v) {
      while ((v & ~0x7FL) != 0) {
        out.write((int) (v & 0x7F) | 0x80);
        v >>>= 7;
      }
      out.write((int) v);
      return this;
    }

    static long zig(long v) {
      return (v << 1) ^ (v >> 63);
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }

  /** A data page v1 header (PLAIN or RLE_DICTIONARY values, RLE definition levels). */
  static byte[] dataPageHeader(int uncompressed, int compressed, int values, int encoding) {
    Compact c = new Compact();
    c.i32(1, 0).i32(2, uncompressed).i32(3, compressed);
    c.struct(5).i32(1, values).i32(2, encoding).i32(3, 3).i32(4, 3).end();
    c.end();
    return c.bytes();
  }

  static byte[] dictionaryPageHeader(int uncompressed, int compressed, int values) {
    Compact c = new Compact();
    c.i32(1, 2).i32(2, uncompressed).i32(3, compressed);
    c.struct(7).i32(1, values).i32(2, 0).end();
    c.end();
    return c.bytes();
  }

  /** PLAIN byte arrays. */
  static byte[] plain(String... values) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (String v : values) {
      byte[] s = v.getBytes(StandardCharsets.UTF_8);
      le32(b, s.length);
      b.writeBytes(s);
    }
    return b.toByteArray();
  }

  static void le32(ByteArrayOutputStream b, long v) {
    b.write((int) v);
    b.write((int) (v >>> 8));
    b.write((int) (v >>> 16));
    b.write((int) (v >>> 24));
  }

  /** Definition levels (bit width 1) as one RLE run of {@code count} copies of {@code level}, length-prefixed. */
  static byte[] levels(long count, int level) {
    Compact run = new Compact().varint(count << 1);
    run.out.write(level);
    byte[] r = run.bytes();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    le32(b, r.length);
    b.writeBytes(r);
    return b.toByteArray();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    return b.toByteArray();
  }

  /**
   * A whole file: the magic, the chunk (pages as given), the footer and its length.
   *
   * @param chunk the column chunk's bytes (headers and pages)
   * @param values the chunk's declared value count
   * @param codec the chunk's codec
   * @param dictionary whether the chunk starts with a dictionary page
   */
  static byte[] file(byte[] chunk, long values, int codec, boolean dictionary) {
    return file(chunk, values, codec, dictionary, chunk.length);
  }

  static byte[] file(byte[] chunk, long values, int codec, boolean dictionary, long chunkSize) {
    Compact f = new Compact();
    f.i32(1, 1);
    f.list(2, 12, 2);
    f.begin().string(4, "schema").i32(5, 1).end();
    f.begin().i32(1, 6).i32(3, 1).string(4, "text").i32(6, 0).end();
    f.i64(3, values);
    f.list(4, 12, 1);
    f.begin();
    f.list(1, 12, 1);
    f.begin().i64(2, 4);
    f.struct(3).i32(1, 6);
    f.list(2, 5, 1).varint(Compact.zig(0));
    f.list(3, 8, 1).varint(4);
    f.out.writeBytes("text".getBytes(StandardCharsets.UTF_8));
    f.i32(4, codec).i64(5, values).i64(6, chunkSize).i64(7, chunkSize).i64(9, 4);
    if (dictionary) {
      f.i64(11, 4);
    }
    f.end(); // ColumnMetaData
    f.end(); // ColumnChunk
    f.i64(2, chunkSize).i64(3, values);
    f.end(); // RowGroup
    f.end(); // FileMetaData
    byte[] footer = f.bytes();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes("PAR1".getBytes(StandardCharsets.US_ASCII));
    b.writeBytes(chunk);
    b.writeBytes(footer);
    le32(b, footer.length);
    b.writeBytes("PAR1".getBytes(StandardCharsets.US_ASCII));
    return b.toByteArray();
  }

  private TinyParquet() {}
}
