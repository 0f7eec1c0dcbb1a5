package dev.llmcost.core.gguf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The header of a GGUF file: its metadata key-value pairs and its tensor infos. The tensor data is
 * never read, so a 40 GB file answers after reading a few megabytes.
 *
 * <p>Layout (GGUF specification, ggml {@code docs/gguf.md}): the magic {@code "GGUF"}, a uint32
 * version (2 and 3 are read; version 1 had 32-bit counts), a uint64 tensor count and a uint64
 * key-value count; each pair is a string key, a uint32 value type and the value; each tensor info
 * is a string name, a uint32 dimension count, that many uint64 dimensions, a uint32 ggml type and a
 * uint64 offset into the data section. Strings are a uint64 byte length and UTF-8 bytes. The data
 * section starts at the next multiple of {@code general.alignment} (32 when absent). Files are
 * little-endian; a big-endian file (allowed from version 3) is recognised by its version reading
 * as a multiple of 65,536 in little-endian order.
 *
 * <p>Hostile files fail with a {@link GgufFormatException} in time and memory proportional to the
 * header: counts and lengths are checked against the bytes left before anything is allocated, the
 * header may take at most {@link #DEFAULT_MAX_HEADER_BYTES} unless another limit is given, arrays
 * nest at most four deep, and every tensor must lie inside the file.
 */
public final class GgufFile {
  /** The magic bytes, {@code "GGUF"}. */
  public static final int MAGIC = 0x47475546;

  /** The alignment of the data section when {@code general.alignment} is absent, in bytes. */
  public static final int DEFAULT_ALIGNMENT = 32;

  /** The largest header {@link #read(Path)} accepts: 64 MiB (real vocabularies take under 16). */
  public static final long DEFAULT_MAX_HEADER_BYTES = 64L << 20;

  private final int version;
  private final ByteOrder byteOrder;
  private final Map<String, Object> metadata;
  private final Map<String, GgufValueType> metadataTypes;
  private final List<GgufTensorInfo> tensors;
  private final int alignment;
  private final long dataOffset;
  private final long fileSize;

  private GgufFile(
      int version,
      ByteOrder byteOrder,
      Map<String, Object> metadata,
      Map<String, GgufValueType> metadataTypes,
      List<GgufTensorInfo> tensors,
      int alignment,
      long dataOffset,
      long fileSize) {
    this.version = version;
    this.byteOrder = byteOrder;
    this.metadata = Collections.unmodifiableMap(metadata);
    this.metadataTypes = Collections.unmodifiableMap(metadataTypes);
    this.tensors = List.copyOf(tensors);
    this.alignment = alignment;
    this.dataOffset = dataOffset;
    this.fileSize = fileSize;
  }

  /**
   * Reads the header of a GGUF file, with a header limit of {@link #DEFAULT_MAX_HEADER_BYTES}.
   *
   * @param path the file
   * @return the header
   * @throws GgufFormatException if the file is not a readable GGUF header
   * @throws UncheckedIOException if the file cannot be read
   */
  public static GgufFile read(Path path) {
    return read(path, DEFAULT_MAX_HEADER_BYTES);
  }

  /**
   * Reads the header of a GGUF file.
   *
   * @param path the file
   * @param maxHeaderBytes the most bytes the metadata and tensor infos may take
   * @return the header
   * @throws GgufFormatException if the file is not a readable GGUF header
   * @throws IllegalArgumentException if {@code maxHeaderBytes} is not positive
   * @throws UncheckedIOException if the file cannot be read
   */
  public static GgufFile read(Path path, long maxHeaderBytes) {
    if (maxHeaderBytes <= 0) {
      throw new IllegalArgumentException("maxHeaderBytes must be > 0, was " + maxHeaderBytes);
    }
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      return parse(new GgufParser(ch, ch.size(), maxHeaderBytes), path);
    } catch (GgufFormatException e) {
      throw new GgufFormatException(path + ": " + e.getMessage(), e);
    } catch (java.io.EOFException e) {
      throw new GgufFormatException(path + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  private static GgufFile parse(GgufParser p, Path path) throws IOException {
    if (p.fileSize() < 24) {
      throw new GgufFormatException("file has " + p.fileSize() + " bytes, fewer than the 24 of a GGUF header");
    }
    long magic = p.u32("magic");
    // The magic is the four ASCII bytes "GGUF"; read little-endian they are 0x46554747.
    if (magic != Integer.reverseBytes(MAGIC)) {
      throw new GgufFormatException(String.format(java.util.Locale.ROOT,
          "magic at byte 0 is 0x%08X, not \"GGUF\" (0x47475546): not a GGUF file", Integer.reverseBytes((int) magic)));
    }
    long rawVersion = p.u32("version");
    ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    long version = rawVersion;
    if ((rawVersion & 0xFFFF) == 0 && rawVersion != 0) {
      order = ByteOrder.BIG_ENDIAN;
      version = Integer.reverseBytes((int) rawVersion) & 0xFFFF_FFFFL;
    }
    p.order(order);
    if (version != 2 && version != 3) {
      throw new GgufFormatException("version at byte 4 is " + version
          + "; GGUF versions 2 and 3 are read (version 1 stored 32-bit counts)");
    }
    // A tensor info takes at least 8 (name length) + 4 + 4 + 8 bytes; a pair 8 + 4 + 1.
    long tensorCountAt = p.position();
    long tensorCount = p.u64("tensor_count");
    int kvCount = p.count("metadata_kv_count", 13);
    if (tensorCount < 0 || tensorCount > p.remaining() / 24) {
      throw new GgufFormatException("tensor_count at byte " + tensorCountAt + " is "
          + Long.toUnsignedString(tensorCount) + ", more than the " + p.remaining()
          + " bytes left in the header can hold");
    }
    Map<String, Object> kv = new LinkedHashMap<>();
    Map<String, GgufValueType> types = new LinkedHashMap<>();
    for (int i = 0; i < kvCount; i++) {
      long at = p.position();
      String key = p.string("key of metadata pair " + i);
      GgufValueType t = p.valueType("value type of " + key);
      Object v = p.value(t, key, 0);
      if (kv.put(key, v) != null) {
        throw new GgufFormatException("metadata key " + key + " at byte " + at + " appears twice");
      }
      types.put(key, t);
    }
    int alignment = DEFAULT_ALIGNMENT;
    if (kv.containsKey("general.alignment")) {
      Object a = kv.get("general.alignment");
      if (types.get("general.alignment") != GgufValueType.UINT32 || !(a instanceof Long la)
          || la <= 0 || la % 8 != 0 || la > (1 << 30)) {
        throw new GgufFormatException("general.alignment must be a uint32 multiple of 8, was "
            + types.get("general.alignment") + " " + a);
      }
      alignment = (int) (long) la;
    }
    List<GgufTensorInfo> tensors = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (long i = 0; i < tensorCount; i++) {
      long at = p.position();
      String name = p.string("name of tensor " + i);
      long nd = p.u32("n_dimensions of " + name);
      if (nd < 1 || nd > 4) {
        throw new GgufFormatException("n_dimensions of tensor " + name + " at byte " + at + " is " + nd
            + ", not 1 to 4 (GGML_MAX_DIMS)");
      }
      long[] dims = new long[(int) nd];
      for (int d = 0; d < nd; d++) {
        dims[d] = p.u64("dimension " + d + " of " + name);
        if (dims[d] < 0) {
          throw new GgufFormatException("dimension " + d + " of tensor " + name + " is "
              + Long.toUnsignedString(dims[d]) + ", beyond a signed 64-bit count");
        }
      }
      long typeId = p.u32("type of " + name);
      GgmlType type = GgmlType.ofId(typeId).orElseThrow(() -> new GgufFormatException(
          "type of tensor " + name + " is ggml type id " + typeId + ", which this reader does not know"));
      long offset = p.u64("offset of " + name);
      GgufTensorInfo info;
      try {
        info = new GgufTensorInfo(name, dims, type, offset);
        info.bytes();
      } catch (IllegalArgumentException | ArithmeticException e) {
        throw new GgufFormatException("tensor " + name + " at byte " + at + ": " + e.getMessage(), e);
      }
      if (!names.add(name)) {
        throw new GgufFormatException("tensor name " + name + " at byte " + at + " appears twice");
      }
      tensors.add(info);
    }
    long headerEnd = p.position();
    long dataOffset = (headerEnd + alignment - 1) / alignment * alignment;
    long dataBytes = p.fileSize() - dataOffset;
    for (GgufTensorInfo t : tensors) {
      if (t.offset() % alignment != 0) {
        throw new GgufFormatException("offset of tensor " + t.name() + " is " + t.offset()
            + ", not a multiple of the alignment " + alignment);
      }
      if (t.offset() > dataBytes || t.bytes() > dataBytes - t.offset()) {
        throw new GgufFormatException("tensor " + t.name() + " spans bytes " + t.offset() + " to "
            + (t.offset() + t.bytes()) + " of the data section, which has " + Math.max(0, dataBytes)
            + " bytes (offset out of range or file truncated)");
      }
    }
    return new GgufFile((int) version, order, kv, types, tensors, alignment, dataOffset, p.fileSize());
  }

  /** Returns the format version (2 or 3). */
  public int version() {
    return version;
  }

  /** Returns the byte order of the file. */
  public ByteOrder byteOrder() {
    return byteOrder;
  }

  /**
   * Returns every metadata pair in file order. Values are {@link Long} for integers (a uint64
   * above {@code Long.MAX_VALUE} as its two's-complement bits), {@link Double} for floats, {@link
   * Boolean}, {@link String} or {@link GgufArray}.
   */
  public Map<String, Object> metadata() {
    return metadata;
  }

  /** Returns the file's value type of a key, or empty if the key is absent. */
  public Optional<GgufValueType> metadataType(String key) {
    return Optional.ofNullable(metadataTypes.get(key));
  }

  /** Returns the tensor infos in file order. */
  public List<GgufTensorInfo> tensors() {
    return tensors;
  }

  /** Returns the tensor named {@code name}, or empty. */
  public Optional<GgufTensorInfo> tensor(String name) {
    return tensors.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /** Returns the alignment of tensor data, in bytes. */
  public int alignment() {
    return alignment;
  }

  /** Returns the byte offset where tensor data starts (the header's size, padded). */
  public long dataOffset() {
    return dataOffset;
  }

  /** Returns the size of the file, in bytes. */
  public long fileSize() {
    return fileSize;
  }

  /** Returns {@code general.architecture} ({@code llama}, {@code qwen2} ...), or empty. */
  public Optional<String> architecture() {
    return string("general.architecture");
  }

  /** Returns a string value, or empty if absent or not a string. */
  public Optional<String> string(String key) {
    return metadata.get(key) instanceof String s ? Optional.of(s) : Optional.empty();
  }

  /** Returns an integer value, or empty if absent or not an integer. */
  public OptionalLong integer(String key) {
    return metadata.get(key) instanceof Long l ? OptionalLong.of(l) : OptionalLong.empty();
  }

  /** Returns a numeric value (integer or float) as a double, or empty. */
  public OptionalDouble number(String key) {
    Object v = metadata.get(key);
    if (v instanceof Long l) {
      return OptionalDouble.of(l);
    }
    return v instanceof Double d ? OptionalDouble.of(d) : OptionalDouble.empty();
  }

  /** Returns a boolean value, or empty. */
  public Optional<Boolean> bool(String key) {
    return metadata.get(key) instanceof Boolean b ? Optional.of(b) : Optional.empty();
  }

  /** Returns an array value, or empty. */
  public Optional<GgufArray> array(String key) {
    return metadata.get(key) instanceof GgufArray a ? Optional.of(a) : Optional.empty();
  }

  /** Returns the sum of all tensors' data bytes. */
  public long tensorBytes() {
    long s = 0;
    for (GgufTensorInfo t : tensors) {
      s = Math.addExact(s, t.bytes());
    }
    return s;
  }

  /** Returns the sum of all tensors' elements. */
  public long parameters() {
    long s = 0;
    for (GgufTensorInfo t : tensors) {
      s = Math.addExact(s, t.elements());
    }
    return s;
  }

  @Override
  public String toString() {
    return "GGUF v" + version + " " + architecture().orElse("?") + ", " + metadata.size()
        + " keys, " + tensors.size() + " tensors, " + fileSize + " bytes";
  }
}
