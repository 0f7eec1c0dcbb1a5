package dev.llmcost.tokenizers.dataset;

import dev.llmcost.tokenizers.internal.ZstdStreams;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/** One file of a dataset: its format and compression, told from its name unless given. */
record DatasetFile(Path path, DatasetFormat format, Compression compression, long size) {

  /** How a file is compressed. */
  enum Compression {
    NONE,
    GZIP,
    ZSTD
  }

  static DatasetFile of(Path path, DatasetFormat asked) {
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    Compression c = Compression.NONE;
    if (name.endsWith(".gz")) {
      c = Compression.GZIP;
      name = name.substring(0, name.length() - 3);
    } else if (name.endsWith(".zst") || name.endsWith(".zstd")) {
      c = Compression.ZSTD;
      name = name.substring(0, name.lastIndexOf('.'));
    }
    DatasetFormat f = asked;
    if (f == DatasetFormat.AUTO) {
      f = name.endsWith(".parquet") ? DatasetFormat.PARQUET
          : name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json") ? DatasetFormat.JSONL
          : DatasetFormat.TEXT;
    }
    if (f == DatasetFormat.PARQUET && c != Compression.NONE) {
      throw new IllegalArgumentException("dataset file is Parquet inside " + c.name().toLowerCase(Locale.ROOT)
          + ", which is not read (Parquet compresses its own pages; decompress the file): " + path);
    }
    long size;
    try {
      size = Files.size(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    }
    return new DatasetFile(path, f, c, size);
  }

  /** Opens the file, decompressed, adding the bytes read from the disk to {@code counter}. */
  InputStream open(AtomicLong counter) throws IOException {
    InputStream raw = new Counting(Files.newInputStream(path), counter);
    switch (compression) {
      case GZIP:
        return new GZIPInputStream(raw, 1 << 16);
      case ZSTD:
        return zstd(new BufferedInputStream(raw, 1 << 16));
      default:
        return new BufferedInputStream(raw, 1 << 16);
    }
  }

  private InputStream zstd(InputStream in) throws IOException {
    try {
      return ZstdStreams.open(in);
    } catch (ClassNotFoundException e) {
      in.close();
      throw new IllegalArgumentException("reading zstd (" + path + ") needs io.airlift:aircompressor on the class"
          + " path (on the module path: --add-modules aircompressor)", e);
    } catch (java.lang.reflect.InvocationTargetException e) {
      in.close();
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IllegalArgumentException("dataset file is not valid zstd: " + path + " (" + cause + ")", e);
    } catch (ReflectiveOperationException e) {
      in.close();
      throw new IllegalStateException("cannot open the zstd reader of aircompressor: " + e, e);
    }
  }

  /** Counts the bytes read through it into a shared counter. */
  private static final class Counting extends FilterInputStream {
    private final AtomicLong counter;

    Counting(InputStream in, AtomicLong counter) {
      super(in);
      this.counter = counter;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        counter.incrementAndGet();
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        counter.addAndGet(n);
      }
      return n;
    }
  }
}
