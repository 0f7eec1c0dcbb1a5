package dev.llmcost.core.gguf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a GGUF file by the specification (ggml {@code docs/gguf.md}): a header with the given
 * metadata and tensor infos, padding to the alignment, and a data section of the exact size each
 * tensor's type and shape require, filled with zeros (a sparse file where the file system allows).
 * Used to make fixtures and to measure the header size of a predicted file.
 */
public final class GgufWriter {
  private final int version;
  private final ByteOrder order;
  private final Map<String, Object[]> kv = new LinkedHashMap<>();
  private final List<Object[]> tensors = new ArrayList<>();

  private GgufWriter(int version, ByteOrder order) {
    this.version = version;
    this.order = order;
  }

  /**
   * Starts a writer.
   *
   * @param version the format version, 2 or 3
   * @param byteOrder little-endian, or big-endian
   * @return the writer
   * @throws IllegalArgumentException if the version is not 2 or 3
   */
  public static GgufWriter create(int version, ByteOrder byteOrder) {
    if (version != 2 && version != 3) {
      throw new IllegalArgumentException("version must be 2 or 3, was " + version);
    }
    return new GgufWriter(version, byteOrder);
  }

  /**
   * Adds a scalar metadata pair.
   *
   * @param key the key
   * @param type the value type (not {@link GgufValueType#ARRAY})
   * @param value a {@link Number}, {@link Boolean} or {@link String} matching {@code type}
   * @return this writer
   */
  public GgufWriter put(String key, GgufValueType type, Object value) {
    if (type == GgufValueType.ARRAY) {
      throw new IllegalArgumentException("type of " + key + " must be scalar; use putArray");
    }
    kv.put(key, new Object[] {type, value});
    return this;
  }

  /** Adds a string pair. */
  public GgufWriter putString(String key, String value) {
    return put(key, GgufValueType.STRING, value);
  }

  /** Adds a uint32 pair. */
  public GgufWriter putUint32(String key, long value) {
    return put(key, GgufValueType.UINT32, value);
  }

  /** Adds a float32 pair. */
  public GgufWriter putFloat32(String key, double value) {
    return put(key, GgufValueType.FLOAT32, value);
  }

  /**
   * Adds an array pair.
   *
   * @param key the key
   * @param elementType the element type; for {@link GgufValueType#ARRAY} each element is an {@code
   *     Object[]} of {element type, List of elements}
   * @param values the elements
   * @return this writer
   */
  public GgufWriter putArray(String key, GgufValueType elementType, List<?> values) {
    kv.put(key, new Object[] {GgufValueType.ARRAY, new Object[] {elementType, List.copyOf(values)}});
    return this;
  }

  /**
   * Adds a tensor; its data follows the previous tensor's, aligned.
   *
   * @param name the name
   * @param type the ggml type
   * @param dims the dimensions, innermost first
   * @return this writer
   * @throws IllegalArgumentException if the row length is not a multiple of the type's block size
   */
  public GgufWriter tensor(String name, GgmlType type, long... dims) {
    type.bytes(dims);
    tensors.add(new Object[] {name, type, dims.clone()});
    return this;
  }

  private int alignment() {
    Object[] a = kv.get("general.alignment");
    return a == null ? GgufFile.DEFAULT_ALIGNMENT : ((Number) a[1]).intValue();
  }

  /** Returns the header bytes: magic, counts, metadata and tensor infos, before padding. */
  public byte[] header() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {'G', 'G', 'U', 'F'});
    u32(out, version);
    u64(out, tensors.size());
    u64(out, kv.size());
    for (Map.Entry<String, Object[]> e : kv.entrySet()) {
      string(out, e.getKey());
      GgufValueType t = (GgufValueType) e.getValue()[0];
      u32(out, t.id());
      value(out, t, e.getValue()[1]);
    }
    int align = alignment();
    long offset = 0;
    for (Object[] t : tensors) {
      GgmlType type = (GgmlType) t[1];
      long[] dims = (long[]) t[2];
      string(out, (String) t[0]);
      u32(out, dims.length);
      for (long d : dims) {
        u64(out, d);
      }
      u32(out, type.id());
      u64(out, offset);
      offset = pad(offset + type.bytes(dims), align);
    }
    return out.toByteArray();
  }

  /** Returns the size the written file will have, in bytes. */
  public long fileSize() {
    int align = alignment();
    long offset = 0;
    long end = 0;
    for (Object[] t : tensors) {
      long bytes = ((GgmlType) t[1]).bytes((long[]) t[2]);
      end = offset + bytes;
      offset = pad(end, align);
    }
    return pad(header().length, align) + end;
  }

  /**
   * Writes the file.
   *
   * @param path where to write
   * @return {@code path}
   * @throws UncheckedIOException if the file cannot be written
   */
  public Path write(Path path) {
    byte[] h = header();
    try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
      f.setLength(0);
      f.write(h);
      f.setLength(fileSize());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
    return path;
  }

  private static long pad(long n, int align) {
    return (n + align - 1) / align * align;
  }

  private void value(ByteArrayOutputStream out, GgufValueType t, Object v) {
    switch (t) {
      case UINT8, INT8 -> out.write(((Number) v).intValue());
      case BOOL -> out.write(((Boolean) v) ? 1 : 0);
      case UINT16, INT16 -> {
        ByteBuffer b = ByteBuffer.allocate(2).order(order);
        b.putShort(((Number) v).shortValue());
        out.writeBytes(b.array());
      }
      case UINT32, INT32 -> u32(out, ((Number) v).longValue());
      case UINT64, INT64 -> u64(out, ((Number) v).longValue());
      case FLOAT32 -> {
        ByteBuffer b = ByteBuffer.allocate(4).order(order);
        b.putFloat(((Number) v).floatValue());
        out.writeBytes(b.array());
      }
      case FLOAT64 -> {
        ByteBuffer b = ByteBuffer.allocate(8).order(order);
        b.putDouble(((Number) v).doubleValue());
        out.writeBytes(b.array());
      }
      case STRING -> string(out, (String) v);
      case ARRAY -> {
        Object[] a = (Object[]) v;
        GgufValueType et = (GgufValueType) a[0];
        List<?> values = (List<?>) a[1];
        u32(out, et.id());
        u64(out, values.size());
        for (Object e : values) {
          value(out, et, e);
        }
      }
      default -> throw new IllegalStateException(t.toString());
    }
  }

  private void string(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    u64(out, b.length);
    out.writeBytes(b);
  }

  private void u32(ByteArrayOutputStream out, long v) {
    ByteBuffer b = ByteBuffer.allocate(4).order(order);
    b.putInt((int) v);
    out.writeBytes(b.array());
  }

  private void u64(ByteArrayOutputStream out, long v) {
    ByteBuffer b = ByteBuffer.allocate(8).order(order);
    b.putLong(v);
    out.writeBytes(b.array());
  }
}
