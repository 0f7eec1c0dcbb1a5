package dev.llmcost.tokenizers.internal.parquet;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads one top-level string column of a Parquet file, row group by row group and page by page,
 * in memory bounded by a page (and the column chunk's dictionary): the single-machine reader of
 * {@code DatasetCounter}, with no Hadoop. Written from the format specification
 * (https://github.com/apache/parquet-format: parquet.thrift, Encodings.md, Compression.md).
 *
 * <p>Reads: the footer (the Thrift compact {@code FileMetaData} between the file's last 8 bytes,
 * its length and {@code PAR1}, and the column chunks); a {@code BYTE_ARRAY} column annotated as a
 * string ({@code STRING}, {@code UTF8}, {@code JSON} or {@code ENUM}, as Spark reads them),
 * {@code REQUIRED} or {@code OPTIONAL} (a null is counted, not read); data pages v1 and v2;
 * dictionary pages; the encodings PLAIN, PLAIN_DICTIONARY, RLE_DICTIONARY, DELTA_LENGTH_BYTE_ARRAY
 * and DELTA_BYTE_ARRAY; definition levels in the RLE / bit-packing hybrid; the codecs UNCOMPRESSED,
 * SNAPPY, GZIP, ZSTD and LZ4_RAW. Refuses, naming the file and column: nested and repeated columns,
 * other types, other codecs (LZO, BROTLI, the deprecated LZ4), encrypted files and chunks stored in
 * other files. Every size and count read from the file is checked against the bytes it lives in
 * and the limits below; a malformed file is an {@link IllegalArgumentException} naming the file.
 *
 * <p>Not thread-safe; one reader per file.
 */
public final class ParquetTextReader implements Closeable {

  /** The largest footer read: 256 MiB. */
  public static final int MAX_FOOTER_BYTES = 1 << 28;

  /** The largest page header read: 16 MiB (statistics may hold long values). */
  public static final int MAX_PAGE_HEADER_BYTES = 1 << 24;

  /** The largest page, compressed or not: 1 GiB. */
  public static final int MAX_PAGE_BYTES = 1 << 30;

  private static final byte[] MAGIC = {'P', 'A', 'R', '1'};

  /** Receives what the column holds. */
  public interface Sink {
    /** One value, repeated {@code times} times (a run of one dictionary entry is handed over once). */
    void document(String text, long times);

    /** Null values. */
    void nulls(long count);

    /** Bytes read from the file. */
    void bytesRead(long bytes);
  }

  private final Path path;
  private final String column;
  private final FileChannel channel;
  private final long size;
  private final Footer footer;
  private final int leaf;
  private final boolean optional;
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private long footerBytes;
  private String where;
  /** A value waiting to be handed over, with the times it came in a row. */
  private @Nullable String pending;
  private long pendingTimes;

  private ParquetTextReader(Path path, String column, FileChannel channel) throws IOException {
    this.path = path;
    this.column = column;
    this.channel = channel;
    this.size = channel.size();
    this.where = path + ": Parquet";
    this.footer = readFooter();
    this.where = path + ": Parquet column \"" + column + "\"";
    int[] found = resolve();
    this.leaf = found[0];
    this.optional = found[1] == 1;
  }

  /**
   * Opens a file and finds the column.
   *
   * @param path a Parquet file
   * @param column the name of a top-level string column
   * @return the reader, to be closed
   * @throws IllegalArgumentException if the file is not Parquet, is malformed, or the column is
   *     missing, nested, repeated or not a string; naming the file and column
   * @throws IOException if reading fails
   */
  public static ParquetTextReader open(Path path, String column) throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
    try {
      return new ParquetTextReader(path, column, ch);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** The rows the footer declares. */
  public long rows() {
    return footer.rows();
  }

  /** The row groups. */
  public int rowGroups() {
    return footer.rowGroups().size();
  }

  /** The bytes of the footer (and the 8 after it) and the magic at the start, read on opening. */
  public long footerBytes() {
    return footerBytes;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  private IllegalArgumentException bad(String detail) {
    return new IllegalArgumentException(where + ": " + detail);
  }

  private void readFully(ByteBuffer buf, long at) throws IOException {
    long p = at;
    while (buf.hasRemaining()) {
      int n = channel.read(buf, p);
      if (n < 0) {
        throw bad("the file ends at byte " + p + ", inside what the footer says is there (truncated?)");
      }
      p += n;
    }
  }

  private Footer readFooter() throws IOException {
    if (size < 12) {
      throw bad("not a Parquet file: " + size + " bytes, fewer than the 12 of the magic and footer length");
    }
    ByteBuffer head = ByteBuffer.allocate(4);
    readFully(head, 0);
    ByteBuffer tail = ByteBuffer.allocate(8);
    readFully(tail, size - 8);
    byte[] t = tail.array();
    if (t[4] == 'P' && t[5] == 'A' && t[6] == 'R' && t[7] == 'E') {
      throw bad("the file is encrypted (magic PARE), which llmcost does not read");
    }
    if (!java.util.Arrays.equals(head.array(), MAGIC) || t[4] != 'P' || t[5] != 'A' || t[6] != 'R' || t[7] != '1') {
      throw bad("not a Parquet file: it does not start and end with the magic PAR1");
    }
    long length = (t[0] & 0xFFL) | (t[1] & 0xFFL) << 8 | (t[2] & 0xFFL) << 16 | (t[3] & 0xFFL) << 24;
    if (length > size - 12) {
      throw bad(String.format(Locale.ROOT, "the footer length %,d is more than the %,d bytes of the file before it"
          + " (truncated?)", length, size - 12));
    }
    if (length > MAX_FOOTER_BYTES) {
      throw bad(String.format(Locale.ROOT, "the footer of %,d bytes is larger than the limit of %,d bytes",
          length, MAX_FOOTER_BYTES));
    }
    ByteBuffer buf = ByteBuffer.allocate((int) length);
    readFully(buf, size - 8 - length);
    footerBytes = 4 + length + 8;
    try {
      CompactReader r = new CompactReader(buf.array(), 0, (int) length);
      return Footer.parse(r);
    } catch (CompactReader.Truncated e) {
      throw bad("the footer (FileMetaData) ends before its last field does (truncated?)");
    } catch (CompactReader.Malformed e) {
      throw bad("the footer (FileMetaData) is malformed: " + e.getMessage());
    }
  }

  /** Finds the column: its leaf index and whether it is optional. */
  private int[] resolve() {
    List<Footer.SchemaElement> s = footer.schema();
    Footer.SchemaElement root = s.get(0);
    int top = Math.max(0, root.children());
    List<String> names = new ArrayList<>();
    int i = 1;
    int leaves = 0;
    for (int c = 0; c < top; c++) {
      if (i >= s.size()) {
        throw bad("the footer's schema declares " + top + " fields but holds fewer");
      }
      Footer.SchemaElement e = s.get(i);
      names.add(e.name());
      int[] span = span(s, i, 0); // elements, leaves
      if (e.name().equals(column)) {
        if (e.group()) {
          throw bad("is nested (a group of " + Math.max(0, e.children()) + " fields: a struct, list or map);"
              + " only a top-level string column can be counted");
        }
        if (e.repetition() == 2) {
          throw bad("is repeated (a list of values); only a top-level string column can be counted");
        }
        if (e.type() != Footer.BYTE_ARRAY) {
          throw bad("holds " + e.typeName() + ", not strings");
        }
        boolean text = e.logicalType() == 1 || e.logicalType() == 4 || e.logicalType() == 12
            || e.convertedType() == 0 || e.convertedType() == 4 || e.convertedType() == 19;
        if (!text) {
          throw bad("holds binary values without a string annotation (STRING, UTF8, JSON or ENUM), not text");
        }
        checkChunks(leaves);
        return new int[] {leaves, e.repetition() == 1 ? 1 : 0};
      }
      i += span[0];
      leaves += span[1];
    }
    String list = names.size() <= 20 ? names.toString() : names.subList(0, 20) + " and " + (names.size() - 20) + " more";
    throw bad("not found; the file's top-level columns are " + list);
  }

  /** The elements and leaves of the subtree at {@code i}. */
  private int[] span(List<Footer.SchemaElement> s, int i, int depth) {
    if (depth > 100) {
      throw bad("the footer's schema is nested deeper than 100 levels");
    }
    if (i >= s.size()) {
      throw bad("the footer's schema declares more fields than it holds");
    }
    Footer.SchemaElement e = s.get(i);
    if (!e.group()) {
      return new int[] {1, 1};
    }
    int elements = 1;
    int leaves = 0;
    for (int c = 0; c < Math.max(0, e.children()); c++) {
      int[] sub = span(s, i + elements, depth + 1);
      elements += sub[0];
      leaves += sub[1];
    }
    return new int[] {elements, leaves};
  }

  private void checkChunks(int leafIndex) {
    List<List<Footer.ChunkMeta>> groups = footer.rowGroups();
    for (int g = 0; g < groups.size(); g++) {
      List<Footer.ChunkMeta> cs = groups.get(g);
      if (leafIndex >= cs.size()) {
        throw bad("row group " + g + " holds " + cs.size() + " column chunks, not the column's (leaf " + leafIndex + ")");
      }
      Footer.ChunkMeta c = cs.get(leafIndex);
      if (!c.hasMetadata()) {
        throw bad("row group " + g + ": the column chunk has no metadata (an encrypted column?), which llmcost does"
            + " not read");
      }
      if (c.inOtherFile()) {
        throw bad("row group " + g + ": the column chunk is stored in another file, which llmcost does not read");
      }
      if (!c.path().isEmpty() && !c.path().equals(List.of(column))) {
        throw bad("row group " + g + ": the column chunk is that of " + c.path() + ", not of the column");
      }
      if (c.type() != Footer.BYTE_ARRAY) {
        throw bad("row group " + g + ": the column chunk holds " + c.type() + ", not BYTE_ARRAY");
      }
      if (!Codecs.supported(c.codec())) {
        String name = c.codec() >= 0 && c.codec() < Footer.CODECS.length ? Footer.CODECS[c.codec()]
            : "codec " + c.codec();
        throw bad("row group " + g + " is compressed with " + name + ", which llmcost does not read (it reads"
            + " UNCOMPRESSED, SNAPPY, GZIP, ZSTD and LZ4_RAW)");
      }
      long dataEnd = size - 8 - (footerBytes - 12);
      if (c.start() < 4 || c.compressedSize() > dataEnd - c.start()) {
        throw bad(String.format(Locale.ROOT, "row group %d: the column chunk at byte %,d of %,d bytes lies outside"
            + " the data (bytes 4 to %,d)", g, c.start(), c.compressedSize(), dataEnd));
      }
    }
  }

  /**
   * Reads every value of the column, row group by row group.
   *
   * @param sink receives the values, the nulls and the bytes read
   * @throws IllegalArgumentException if the data is malformed, naming the file, column and row group
   * @throws IOException if reading fails
   */
  public void read(Sink sink) throws IOException {
    sink.bytesRead(footerBytes);
    List<List<Footer.ChunkMeta>> groups = footer.rowGroups();
    String columnWhere = where;
    try {
      for (int g = 0; g < groups.size(); g++) {
        where = columnWhere + ", row group " + g;
        readChunk(groups.get(g).get(leaf), sink);
      }
    } finally {
      where = columnWhere;
    }
  }

  private void readChunk(Footer.ChunkMeta c, Sink sink) throws IOException {
    long pos = c.start();
    long end = c.start() + c.compressedSize();
    long valuesLeft = c.values();
    String @Nullable [] dictionary = null;
    int page = 0;
    while (valuesLeft > 0) {
      if (pos >= end) {
        throw bad(String.format(Locale.ROOT, "the column chunk ends with %,d of its %,d values not read",
            valuesLeft, c.values()));
      }
      String pageWhere = where;
      where = pageWhere + ", page " + page;
      try {
        int[] headerLength = new int[1];
        PageHeader h = pageHeader(pos, end, headerLength);
        pos += headerLength[0];
        if (h.compressedSize() > end - pos) {
          throw bad(String.format(Locale.ROOT, "the page of %,d bytes runs past the end of the column chunk (%,d bytes"
              + " left)", h.compressedSize(), end - pos));
        }
        if (h.uncompressedSize() > MAX_PAGE_BYTES || h.compressedSize() > MAX_PAGE_BYTES) {
          throw bad(String.format(Locale.ROOT, "a page of %,d bytes (%,d compressed) is larger than the limit of %,d"
              + " bytes", h.uncompressedSize(), h.compressedSize(), MAX_PAGE_BYTES));
        }
        sink.bytesRead(headerLength[0]);
        switch (h.type()) {
          case PageHeader.DICTIONARY_PAGE -> {
            if (dictionary != null) {
              throw bad("a second dictionary page");
            }
            byte[] raw = read(pos, h.compressedSize());
            dictionary = dictionary(h, decompress(c.codec(), raw, 0, raw.length, h.uncompressedSize()));
          }
          case PageHeader.DATA_PAGE, PageHeader.DATA_PAGE_V2 -> {
            if (h.values() < 0) {
              throw bad("the data page has no or a negative value count");
            }
            if (h.values() > valuesLeft) {
              throw bad(String.format(Locale.ROOT, "the data page holds %,d values, more than the %,d left in the"
                  + " column chunk", h.values(), valuesLeft));
            }
            byte[] raw = read(pos, h.compressedSize());
            if (h.type() == PageHeader.DATA_PAGE) {
              dataPageV1(h, decompress(c.codec(), raw, 0, raw.length, h.uncompressedSize()), dictionary, sink);
            } else {
              dataPageV2(h, c.codec(), raw, dictionary, sink);
            }
            valuesLeft -= h.values();
          }
          case PageHeader.INDEX_PAGE -> { }
          default -> throw bad("a page of unknown type " + h.type());
        }
        sink.bytesRead(h.compressedSize());
        pos += h.compressedSize();
        page++;
      } catch (CompactReader.Malformed | CompactReader.Truncated e) {
        throw bad("malformed: " + e.getMessage());
      } finally {
        where = pageWhere;
      }
    }
  }

  private PageHeader pageHeader(long pos, long end, int[] length) throws IOException {
    int want = (int) Math.min(end - pos, 1 << 12);
    while (true) {
      ByteBuffer buf = ByteBuffer.allocate(want);
      readFully(buf, pos);
      CompactReader r = new CompactReader(buf.array(), 0, want);
      try {
        PageHeader h = PageHeader.parse(r);
        length[0] = r.position();
        return h;
      } catch (CompactReader.Truncated e) {
        if (want >= end - pos) {
          throw bad("the page header runs past the end of the column chunk");
        }
        if (want >= MAX_PAGE_HEADER_BYTES) {
          throw bad(String.format(Locale.ROOT, "the page header is larger than the limit of %,d bytes",
              MAX_PAGE_HEADER_BYTES));
        }
        want = (int) Math.min(Math.min(end - pos, MAX_PAGE_HEADER_BYTES), 4L * want);
      } catch (CompactReader.Malformed e) {
        throw bad("the page header is malformed: " + e.getMessage());
      }
    }
  }

  private byte[] read(long pos, int n) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(n);
    readFully(buf, pos);
    return buf.array();
  }

  private byte[] decompress(int codec, byte[] in, int from, int length, int size) {
    return Codecs.decompress(codec, in, from, length, size);
  }

  private String[] dictionary(PageHeader h, byte[] data) {
    if (h.encoding() != 0 && h.encoding() != 2) {
      throw bad("the dictionary page's encoding " + h.encoding() + " is not PLAIN or PLAIN_DICTIONARY");
    }
    int n = h.values();
    if (n < 0 || n > data.length / 4) {
      throw bad(String.format(Locale.ROOT, "the dictionary page declares %,d values in %,d bytes", n, data.length));
    }
    String[] out = new String[n];
    int p = 0;
    for (int i = 0; i < n; i++) {
      int len = plainLength(data, p, data.length);
      out[i] = text(data, p + 4, len);
      p += 4 + len;
    }
    return out;
  }

  private static int plainLength(byte[] b, int p, int end) {
    if (end - p < 4) {
      throw new CompactReader.Malformed("a PLAIN value's length runs past the page");
    }
    long len = (b[p] & 0xFFL) | (b[p + 1] & 0xFFL) << 8 | (b[p + 2] & 0xFFL) << 16 | (b[p + 3] & 0xFFL) << 24;
    if (len > end - p - 4) {
      throw new CompactReader.Malformed("a PLAIN value of " + len + " bytes runs past the page");
    }
    return (int) len;
  }

  private String text(byte[] b, int from, int len) {
    boolean ascii = true;
    for (int i = from; i < from + len; i++) {
      if (b[i] < 0) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      return new String(b, from, len, StandardCharsets.ISO_8859_1);
    }
    try {
      return utf8.decode(ByteBuffer.wrap(b, from, len)).toString();
    } catch (CharacterCodingException e) {
      throw bad("a value is not valid UTF-8");
    }
  }

  private void dataPageV1(PageHeader h, byte[] data, String @Nullable [] dictionary, Sink sink) {
    int p = 0;
    long defined = h.values();
    if (optional) {
      if (h.definitionEncoding() != 3) {
        throw bad("the definition levels' encoding " + h.definitionEncoding() + " is not RLE (the deprecated"
            + " BIT_PACKED is not read)");
      }
      int len = plainLength(data, 0, data.length);
      defined = new Hybrid(data, 4, 4 + len, 1).countEqual(h.values(), 1);
      p = 4 + len;
    }
    sink.nulls(h.values() - defined);
    values(h.encoding(), data, p, data.length, defined, dictionary, sink);
  }

  private void dataPageV2(PageHeader h, int codec, byte[] raw, String @Nullable [] dictionary, Sink sink) {
    int def = h.definitionBytes();
    int rep = h.repetitionBytes();
    if (def < 0 || rep < 0 || (long) def + rep > raw.length || (long) def + rep > h.uncompressedSize()) {
      throw bad("the data page v2 declares " + def + " bytes of definition and " + rep + " of repetition levels in "
          + raw.length + " bytes");
    }
    if (rep != 0) {
      throw bad("the data page v2 holds repetition levels, which a top-level column has not");
    }
    long defined = h.values();
    if (optional) {
      defined = new Hybrid(raw, rep, rep + def, 1).countEqual(h.values(), 1);
    } else if (def != 0) {
      throw bad("the data page v2 holds definition levels, which a required column has not");
    }
    if (h.nulls() >= 0 && h.nulls() != h.values() - defined) {
      throw bad("the data page v2 declares " + h.nulls() + " nulls, its levels hold " + (h.values() - defined));
    }
    sink.nulls(h.values() - defined);
    int from = rep + def;
    int valuesSize = h.uncompressedSize() - from;
    byte[] values = h.compressed() && codec != Codecs.UNCOMPRESSED
        ? decompress(codec, raw, from, raw.length - from, valuesSize)
        : checkedSlice(raw, from, valuesSize);
    values(h.encoding(), values, 0, values.length, defined, dictionary, sink);
  }

  private byte[] checkedSlice(byte[] raw, int from, int size) {
    if (raw.length - from != size) {
      throw bad("the data page v2's values take " + (raw.length - from) + " bytes, it declares " + size);
    }
    return java.util.Arrays.copyOfRange(raw, from, raw.length);
  }

  private void values(int encoding, byte[] b, int from, int end, long count, String @Nullable [] dictionary,
      Sink sink) {
    try {
      decode(encoding, b, from, end, count, dictionary, sink);
      flush(sink);
    } finally {
      pending = null;
    }
    // equal values in a row (a run of one dictionary entry, repeated or empty strings) are handed over once
  }

  /** Hands {@code s} over, after the values waiting, or adds it to them if it equals them. */
  private void emit(String s, long times, Sink sink) {
    String p = pending;
    if (p != null && (p == s || p.equals(s))) {
      pendingTimes += times;
      return;
    }
    flush(sink);
    pending = s;
    pendingTimes = times;
  }

  private void flush(Sink sink) {
    String p = pending;
    if (p != null) {
      pending = null;
      sink.document(p, pendingTimes);
    }
  }

  private void decode(int encoding, byte[] b, int from, int end, long count, String @Nullable [] dictionary,
      Sink sink) {
    switch (encoding) {
      case 0 -> { // PLAIN
        int p = from;
        for (long i = 0; i < count; i++) {
          int len = plainLength(b, p, end);
          emit(text(b, p + 4, len), 1, sink);
          p += 4 + len;
        }
      }
      case 2, 8 -> { // PLAIN_DICTIONARY, RLE_DICTIONARY
        if (count == 0) {
          return;
        }
        if (dictionary == null) {
          throw bad("a dictionary-encoded page without a dictionary page before it");
        }
        if (from >= end) {
          throw bad("a dictionary-encoded page without its bit width");
        }
        int width = b[from] & 0xFF;
        if (width > 32) {
          throw bad("a dictionary index bit width of " + width);
        }
        String[] d = dictionary;
        new Hybrid(b, from + 1, end, width).forEach(count, (v, times) -> {
          if (v < 0 || v >= d.length) {
            throw bad("dictionary index " + Integer.toUnsignedString(v) + " outside the " + d.length + " entries");
          }
          emit(d[v], times, sink);
        });
      }
      case 6 -> { // DELTA_LENGTH_BYTE_ARRAY
        DeltaInts lengths = new DeltaInts(b, from, end);
        checkCount(lengths, count);
        int p = new DeltaInts(b, from, end).skipToEnd();
        for (long i = 0; i < count; i++) {
          long len = lengths.next();
          if (len < 0 || len > end - p) {
            throw bad("a DELTA_LENGTH_BYTE_ARRAY value of " + len + " bytes runs past the page");
          }
          emit(text(b, p, (int) len), 1, sink);
          p += (int) len;
        }
      }
      case 7 -> deltaByteArray(b, from, end, count, sink);
      default -> throw bad("the values' encoding " + encoding + " is not one a string column is read in (PLAIN,"
          + " dictionary, DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY)");
    }
  }

  private void checkCount(DeltaInts d, long count) {
    if (d.total() < count) {
      throw bad("the page's DELTA data holds " + d.total() + " values, its levels " + count);
    }
  }

  /** DELTA_BYTE_ARRAY: prefix lengths, then the suffixes as DELTA_LENGTH_BYTE_ARRAY. */
  private void deltaByteArray(byte[] b, int from, int end, long count, Sink sink) {
    DeltaInts prefixes = new DeltaInts(b, from, end);
    checkCount(prefixes, count);
    int suffixStart = new DeltaInts(b, from, end).skipToEnd();
    DeltaInts suffixes = new DeltaInts(b, suffixStart, end);
    checkCount(suffixes, count);
    int p = new DeltaInts(b, suffixStart, end).skipToEnd();
    byte[] previous = new byte[0];
    int previousLength = 0;
    String last = "";
    for (long i = 0; i < count; i++) {
      long prefix = prefixes.next();
      long suffix = suffixes.next();
      if (i > 0 && suffix == 0 && prefix == previousLength) { // the previous value again
        emit(last, 1, sink);
        continue;
      }
      if (prefix < 0 || prefix > previousLength) {
        throw bad("a DELTA_BYTE_ARRAY prefix of " + prefix + " bytes, the previous value has " + previousLength);
      }
      if (suffix < 0 || suffix > end - p) {
        throw bad("a DELTA_BYTE_ARRAY suffix of " + suffix + " bytes runs past the page");
      }
      long len = prefix + suffix;
      if (len > MAX_PAGE_BYTES) {
        throw bad("a DELTA_BYTE_ARRAY value of " + len + " bytes is larger than the limit of " + MAX_PAGE_BYTES);
      }
      if (len > previous.length) {
        previous = java.util.Arrays.copyOf(previous, (int) Math.max(len, Math.min(MAX_PAGE_BYTES, 2L * previous.length)));
      }
      System.arraycopy(b, p, previous, (int) prefix, (int) suffix);
      p += (int) suffix;
      previousLength = (int) len;
      last = text(previous, 0, previousLength);
      emit(last, 1, sink);
    }
  }
}
