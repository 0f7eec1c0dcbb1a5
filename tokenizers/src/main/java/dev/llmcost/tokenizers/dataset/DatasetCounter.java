package dev.llmcost.tokenizers.dataset;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.llmcost.tokenizers.TextStatistics;
import dev.llmcost.tokenizers.Tokenizer;
import dev.llmcost.tokenizers.internal.parquet.ParquetTextReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Counts the tokens of a dataset under several tokenizers in one pass over the data, on several
 * threads, in memory bounded by a few chunks per thread.
 *
 * <p>Files are read one after the other; each is cut into chunks that worker threads count. A
 * JSONL chunk is a run of whole lines, so each document is counted whole, exactly as {@link
 * Tokenizer#countTokens(String)} counts it. A plain-text file is one document cut into parts only
 * where every tokenizer counts the parts as it counts the whole (before a space between two
 * letters for the OpenAI encodings; where a HuggingFace pipeline allows it, see {@link
 * dev.llmcost.tokenizers.huggingface.HuggingFaceTokenizer#cutsBefore}), so its count equals the
 * count of the file read as one string. Special tokens are counted as text and nothing is added.
 *
 * <pre>{@code
 * DatasetTokenStats s = DatasetCounter.builder()
 *     .tokenizers(List.of(registry.resolve("gpt-4o"), registry.resolve("qwen2.5")))
 *     .field("text")
 *     .build()
 *     .count(DatasetPaths.expand("crawl/*.jsonl.zst"));
 * long tokens = s.tokens("o200k_base").value();
 * }</pre>
 *
 * <p>Reads gzip ({@code .gz}, the JDK) and zstd ({@code .zst}, {@code .zstd}, with the pure-Java
 * {@code io.airlift:aircompressor} on the class path). Reads Parquet ({@code .parquet}) with a
 * reader of its own, without Hadoop: one top-level string column ({@link Builder#field}), each
 * non-null value a document counted whole, a null a skipped document; row group by row group and
 * page by page, in memory bounded by a page and the column chunk's dictionary; data pages v1 and
 * v2, PLAIN, dictionary, DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY encodings, UNCOMPRESSED,
 * SNAPPY, GZIP, ZSTD (aircompressor) and LZ4_RAW pages. Nested or repeated columns, other codecs
 * and encrypted files are refused with a message naming the file and column; a page over 1 GiB or
 * a footer over 256 MiB is refused naming the limit.
 * Immutable and thread-safe; each {@link #count} call runs on threads of its own.
 */
public final class DatasetCounter {

  /** Target size of a chunk: chars of plain text, bytes of JSONL; 1 Mi. */
  public static final int DEFAULT_CHUNK_SIZE = 1 << 20;

  /** Characters of each document a {@link LanguageIdentifier} is shown by default. */
  public static final int DEFAULT_LANGUAGE_SAMPLE_CHARS = 1000;

  /** The most chars of plain text held without a place every tokenizer allows a cut: 64 Mi. */
  public static final int MAX_UNCUT_CHARS = 1 << 26;

  /** Near the end of a dataset a chunk is cut in this many pieces, so that the threads end together. */
  private static final int TAIL_PIECES = 8;

  /** The longest JSONL line read: 1 GiB. */
  public static final int MAX_LINE_BYTES = 1 << 30;

  /** The most Parquet values in one chunk, however short they are. */
  private static final int MAX_CHUNK_DOCUMENTS = 1 << 16;

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
          .build();

  private final List<Tokenizer> tokenizers;
  private final List<String> ids;
  private final List<PartCounter> counters;
  private final String field;
  private final int threads;
  private final int chunkSize;
  private final @Nullable LanguageIdentifier languages;
  private final int languageSampleChars;
  private final DatasetFormat format;
  private final @Nullable Consumer<DatasetProgress> progress;
  private final Duration progressInterval;

  private DatasetCounter(Builder b) {
    this.tokenizers = List.copyOf(b.tokenizers);
    List<String> names = new ArrayList<>();
    List<PartCounter> cs = new ArrayList<>();
    for (Tokenizer t : tokenizers) {
      if (names.contains(t.id())) {
        throw new IllegalArgumentException("tokenizers must differ, " + t.id() + " was given twice");
      }
      names.add(t.id());
      cs.add(PartCounter.of(t));
    }
    this.ids = List.copyOf(names);
    this.counters = List.copyOf(cs);
    this.field = b.field;
    this.threads = b.threads;
    this.chunkSize = b.chunkSize;
    this.languages = b.languages;
    this.languageSampleChars = b.languageSampleChars;
    this.format = b.format;
    this.progress = b.progress;
    this.progressInterval = b.progressInterval;
  }

  /** Returns a builder; {@link Builder#tokenizers} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the ids of the tokenizers, in the order counted. */
  public List<String> tokenizerIds() {
    return ids;
  }

  /** Returns the threads that count. */
  public int threads() {
    return threads;
  }

  /**
   * Counts the files and directories given (a directory stands for every file under it; expand a
   * glob with {@link DatasetPaths#expand}).
   *
   * @param paths files and directories
   * @return the counts
   * @throws IllegalArgumentException if there is no file, a path does not exist, a file is not valid
   *     UTF-8, (JSONL) holds a line that is not a JSON object, or (Parquet) is malformed, lacks the
   *     column, holds it nested, repeated or not as strings, or uses a codec or encoding not read
   *     (see {@link DatasetFormat#PARQUET}); naming the file (and line, or column and row group)
   * @throws UncheckedIOException if reading fails
   */
  public DatasetTokenStats count(List<Path> paths) {
    List<String> names = new ArrayList<>();
    for (Path p : paths) {
      names.add(p.toString());
    }
    List<Path> files = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p) || Files.isRegularFile(p)) {
        files.addAll(DatasetPaths.filesOf(p));
      } else {
        throw new IllegalArgumentException("dataset path not found: " + p);
      }
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("dataset holds no file: " + names);
    }
    List<DatasetFile> kinds = new ArrayList<>();
    for (Path f : files) {
      kinds.add(DatasetFile.of(f, format));
    }
    return new Run(kinds).run();
  }

  /**
   * Counts the files and directories given.
   *
   * @param paths files and directories
   * @return the counts
   * @throws IllegalArgumentException as {@link #count(List)}
   */
  public DatasetTokenStats count(Path... paths) {
    return count(Arrays.asList(paths));
  }

  /** One run of {@link #count}: the threads, the queue of chunks and the tallies. */
  private final class Run {
    private final List<DatasetFile> files;
    private final MutableTally[] perFile;
    private final Map<String, MutableTally> perLanguage = new ConcurrentHashMap<>();
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong documents = new AtomicLong();
    private final AtomicLong firstTokens = new AtomicLong();
    private final AtomicLong buffered = new AtomicLong();
    private final AtomicLong peakBuffered = new AtomicLong();
    private final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
    // in long: 2 × 2,147,483,647 threads overflowed to negative permits and the first acquire waited forever (s14j)
    private final Semaphore inFlight = new Semaphore((int) Math.min(Integer.MAX_VALUE, 2L * threads));
    private final long bytesTotal;
    private final long start = System.nanoTime();
    private final AtomicInteger threadNumber = new AtomicInteger();
    private final ExecutorService workers = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "llmcost-dataset-" + threadNumber.incrementAndGet());
      t.setDaemon(true);
      return t;
    });

    Run(List<DatasetFile> files) {
      this.files = files;
      this.perFile = new MutableTally[files.size()];
      long total = 0;
      for (int i = 0; i < perFile.length; i++) {
        perFile[i] = new MutableTally(counters.size());
        total += files.get(i).size();
      }
      this.bytesTotal = total;
    }

    DatasetTokenStats run() {
      @Nullable ScheduledExecutorService ticker = null;
      Consumer<DatasetProgress> listener = progress;
      if (listener != null) {
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "llmcost-dataset-progress");
          t.setDaemon(true);
          return t;
        });
        long every = Math.max(1, progressInterval.toMillis());
        ticker.scheduleAtFixedRate(() -> listener.accept(snapshot(false)), every, every, TimeUnit.MILLISECONDS);
      }
      try {
        for (int i = 0; i < files.size() && failure.get() == null; i++) {
          read(i);
        }
      } catch (RuntimeException e) {
        failure.compareAndSet(null, e);
      } finally {
        workers.shutdown();
        try {
          while (!workers.awaitTermination(1, TimeUnit.SECONDS)) {
            // the queue is bounded: the last chunks finish
          }
        } catch (InterruptedException e) {
          workers.shutdownNow();
          Thread.currentThread().interrupt();
          failure.compareAndSet(null, e);
        }
        if (ticker != null) {
          ticker.shutdownNow();
        }
      }
      Throwable f = failure.get();
      if (f != null) {
        if (f instanceof RuntimeException r) {
          throw r;
        }
        if (f instanceof Error e) {
          throw e;
        }
        throw new IllegalStateException("counting the dataset failed: " + f, f);
      }
      if (listener != null) {
        listener.accept(snapshot(true));
      }
      return result();
    }

    private DatasetProgress snapshot(boolean done) {
      return new DatasetProgress(bytesRead.get(), bytesTotal, documents.get(), firstTokens.get(),
          Duration.ofNanos(System.nanoTime() - start), done);
    }

    private DatasetTokenStats result() {
      MutableTally total = new MutableTally(counters.size());
      Map<Path, DatasetTally> fileTallies = new LinkedHashMap<>();
      for (int i = 0; i < perFile.length; i++) {
        total.add(perFile[i]);
        fileTallies.put(files.get(i).path(), perFile[i].freeze(ids));
      }
      List<Map.Entry<String, MutableTally>> langs = new ArrayList<>(perLanguage.entrySet());
      langs.sort(Comparator.<Map.Entry<String, MutableTally>>comparingLong(e -> -e.getValue().tokens[0])
          .thenComparing(Map.Entry::getKey));
      Map<String, DatasetTally> langTallies = new LinkedHashMap<>();
      for (Map.Entry<String, MutableTally> e : langs) {
        langTallies.put(e.getKey(), e.getValue().freeze(ids));
      }
      List<String> assumptions = new ArrayList<>();
      assumptions.add("special tokens counted as text, no BOS/EOS added");
      if (files.stream().anyMatch(f -> f.format() == DatasetFormat.JSONL)) {
        assumptions.add("JSONL documents: the string field \"" + field + "\" of each line");
      }
      if (files.stream().anyMatch(f -> f.format() == DatasetFormat.PARQUET)) {
        assumptions.add("Parquet documents: the string column \"" + field + "\" of each row, a null skipped");
      }
      if (files.stream().anyMatch(f -> f.format() == DatasetFormat.TEXT)) {
        assumptions.add("plain text: each file is one document");
      }
      if (languages != null) {
        assumptions.add(String.format(Locale.ROOT,
            "language of each document (each plain-text part) told from its first %d characters",
            languageSampleChars));
      }
      return new DatasetTokenStats(ids, total.freeze(ids), fileTallies, langTallies, bytesRead.get(), threads,
          Duration.ofNanos(System.nanoTime() - start), peakBuffered.get(), assumptions);
    }

    private void submit(long bytes, Runnable task) {
      try {
        inFlight.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while counting the dataset", e);
      }
      try {
        if (failure.get() != null) {
          inFlight.release();
          return;
        }
        peakBuffered.accumulateAndGet(buffered.addAndGet(bytes), Math::max);
        Runnable guarded = () -> {
          try {
            task.run();
          } catch (Throwable t) {
            failure.compareAndSet(null, t);
          } finally {
            buffered.addAndGet(-bytes);
            inFlight.release();
          }
        };
        workers.execute(guarded); // the reader goes on reading while workers count
      } catch (RuntimeException e) {
        inFlight.release();
        throw e;
      }
    }

    private void read(int fileIndex) {
      DatasetFile f = files.get(fileIndex);
      if (f.format() == DatasetFormat.PARQUET) {
        try {
          readParquet(fileIndex, f);
        } catch (NoSuchFileException e) {
          throw new IllegalArgumentException("dataset path not found: " + f.path(), e);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + f.path() + ": " + e.getMessage(), e);
        }
        return;
      }
      try (InputStream in = f.open(bytesRead)) {
        if (f.format() == DatasetFormat.JSONL) {
          readJsonl(fileIndex, in);
        } else {
          readText(fileIndex, in);
        }
      } catch (CharacterCodingException e) {
        throw new IllegalArgumentException("dataset file is not valid UTF-8: " + f.path(), e);
      } catch (NoSuchFileException e) {
        throw new IllegalArgumentException("dataset path not found: " + f.path(), e);
      } catch (java.util.zip.ZipException e) {
        throw new IllegalArgumentException("dataset file is not valid gzip: " + f.path() + " (" + e.getMessage() + ")",
            e);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + f.path() + ": " + e.getMessage(), e);
      }
    }

    private void readJsonl(int fileIndex, InputStream in) throws IOException {
      byte[] buf = new byte[chunkSize];
      int len = 0;
      long line = 1;
      while (failure.get() == null) {
        int n = in.read(buf, len, buf.length - len);
        if (n < 0) {
          submitJsonl(fileIndex, buf, len, line);
          return;
        }
        len += n;
        if (len < buf.length) {
          continue;
        }
        int nl = len - 1;
        while (nl >= 0 && buf[nl] != '\n') {
          nl--;
        }
        if (nl < 0) {
          if (buf.length >= MAX_LINE_BYTES) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                "%s: line %d is longer than %,d bytes", files.get(fileIndex).path(), line, MAX_LINE_BYTES));
          }
          buf = Arrays.copyOf(buf, (int) Math.min(MAX_LINE_BYTES, 2L * buf.length));
          continue;
        }
        line = submitJsonl(fileIndex, buf, nl + 1, line);
        len -= nl + 1;
        if (buf.length > chunkSize && len <= chunkSize / 2) {
          byte[] smaller = new byte[chunkSize];
          System.arraycopy(buf, nl + 1, smaller, 0, len);
          buf = smaller;
        } else {
          System.arraycopy(buf, nl + 1, buf, 0, len);
        }
      }
    }

    /**
     * Hands {@code buf[0, end)}, whole lines (the last line of a file may lack its newline), to the
     * workers: as one chunk, or near the end of the dataset in pieces of an eighth of the chunk
     * size, so that the threads run out of work together instead of one waiting while the other
     * counts a whole last chunk.
     *
     * @return the number of the line after the last one handed over
     */
    private long submitJsonl(int fileIndex, byte[] buf, int end, long line) {
      int piece = nearEnd() ? Math.max(16, chunkSize / TAIL_PIECES) : end;
      int from = 0;
      while (from < end) {
        int to = end;
        if (end - from > piece) {
          to = from + piece;
          while (to < end && buf[to - 1] != '\n') {
            to++;
          }
        }
        byte[] chunk = Arrays.copyOfRange(buf, from, to);
        long first = line;
        line += newlines(chunk);
        submit(chunk.length, () -> countJsonl(fileIndex, chunk, first));
        from = to;
      }
      return line;
    }

    /** Whether less than about two chunks per thread is left to read. */
    private boolean nearEnd() {
      return bytesTotal - bytesRead.get() < 2L * threads * chunkSize;
    }

    private void readText(int fileIndex, InputStream in) throws IOException {
      Reader r = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT));
      char[] buf = new char[1 << 16];
      StringBuilder carry = new StringBuilder();
      boolean atStart = true;
      int searched = 1; // positions below this have no cut
      while (failure.get() == null) {
        int n = r.read(buf);
        if (n < 0) {
          String part = carry.toString();
          boolean s = atStart;
          submit(2L * part.length(), () -> countText(fileIndex, part, s, true));
          return;
        }
        carry.append(buf, 0, n);
        if (carry.length() < (nearEnd() ? Math.max(16, chunkSize / TAIL_PIECES) : chunkSize)) {
          continue;
        }
        String text = carry.toString();
        int cut = lastCut(text, searched, text.length() - 1);
        if (cut < 0) {
          if (text.length() > MAX_UNCUT_CHARS) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                "%s: %,d chars of plain text without a place all of %s can be cut at (a space between two"
                    + " letters), more than the %,d counted at once; give the text as JSONL documents",
                files.get(fileIndex).path(), text.length(), ids, MAX_UNCUT_CHARS));
          }
          searched = Math.max(1, text.length() - 1);
          continue;
        }
        String part = text.substring(0, cut);
        boolean s = atStart;
        submit(2L * part.length(), () -> countText(fileIndex, part, s, false));
        atStart = false;
        carry.setLength(0);
        carry.append(text, cut, text.length());
        searched = 1;
      }
    }

    private void readParquet(int fileIndex, DatasetFile f) throws IOException {
      try (ParquetTextReader r = ParquetTextReader.open(f.path(), field)) {
        ParquetChunks chunks = new ParquetChunks(fileIndex);
        try {
          r.read(chunks);
        } catch (Stopped e) {
          return; // a worker failed; its failure is reported
        }
        chunks.submitRest();
      }
    }

    /** Gathers a Parquet column's values into chunks for the workers. */
    private final class ParquetChunks implements ParquetTextReader.Sink {
      private final int fileIndex;
      private List<String> docs = new ArrayList<>();
      private long[] times = new long[64];
      private long nulls;
      private long chars;

      ParquetChunks(int fileIndex) {
        this.fileIndex = fileIndex;
      }

      @Override
      public void document(String text, long times) {
        if (docs.size() == this.times.length) {
          this.times = Arrays.copyOf(this.times, 2 * this.times.length);
        }
        this.times[docs.size()] = times;
        docs.add(text);
        chars += text.length();
        if (chars >= (nearEnd() ? Math.max(16, chunkSize / TAIL_PIECES) : chunkSize)
            || docs.size() >= MAX_CHUNK_DOCUMENTS) {
          submitRest();
        }
      }

      @Override
      public void nulls(long count) {
        nulls += count;
      }

      @Override
      public void bytesRead(long bytes) {
        if (failure.get() != null) {
          throw new Stopped();
        }
        bytesRead.addAndGet(bytes);
      }

      void submitRest() {
        if (docs.isEmpty() && nulls == 0) {
          return;
        }
        List<String> d = docs;
        long[] k = Arrays.copyOf(times, d.size());
        long n = nulls;
        submit(2L * chars, () -> countDocuments(fileIndex, d, k, n));
        docs = new ArrayList<>();
        nulls = 0;
        chars = 0;
      }
    }

    private void countDocuments(int fileIndex, List<String> docs, long[] times, long nulls) {
      MutableTally t = new MutableTally(counters.size());
      Map<String, MutableTally> langs = new HashMap<>();
      try {
        for (int i = 0; i < docs.size(); i++) {
          if (times[i] == 1) {
            add(t, langs, docs.get(i), true, true, true);
            continue;
          }
          MutableTally one = new MutableTally(counters.size());
          Map<String, MutableTally> oneLang = new HashMap<>();
          add(one, oneLang, docs.get(i), true, true, true);
          one.times(times[i]);
          t.add(one);
          for (Map.Entry<String, MutableTally> e : oneLang.entrySet()) {
            e.getValue().times(times[i]);
            langs.computeIfAbsent(e.getKey(), x -> new MutableTally(counters.size())).add(e.getValue());
          }
        }
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException(files.get(fileIndex).path() + ": the counts of the Parquet column \""
            + field + "\" overflow a long", e);
      }
      t.skipped += nulls;
      merge(fileIndex, t, langs);
    }

    /** The last place in [from, to) where every tokenizer allows a cut, or -1. */
    private int lastCut(String text, int from, int to) {
      outer:
      for (int i = to - 1; i >= from; i--) {
        for (PartCounter c : counters) {
          if (!c.cutsBefore(text, i)) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }

    private void countJsonl(int fileIndex, byte[] data, long firstLine) {
      MutableTally t = new MutableTally(counters.size());
      Map<String, MutableTally> langs = new HashMap<>();
      int pos = 0;
      long line = firstLine;
      while (pos < data.length) {
        int end = pos;
        while (end < data.length && data[end] != '\n') {
          end++;
        }
        int e = end > pos && data[end - 1] == '\r' ? end - 1 : end;
        if (!blank(data, pos, e)) {
          String doc = field(data, pos, e, fileIndex, line);
          if (doc == null) {
            t.skipped++;
          } else {
            add(t, langs, doc, true, true, true);
          }
        }
        pos = end + 1;
        line++;
      }
      merge(fileIndex, t, langs);
    }

    private void countText(int fileIndex, String part, boolean atStart, boolean atEnd) {
      MutableTally t = new MutableTally(counters.size());
      Map<String, MutableTally> langs = new HashMap<>();
      add(t, langs, part, false, atStart, atEnd);
      if (atStart) {
        t.documents = 1;
        for (MutableTally l : langs.values()) {
          l.documents = 1;
        }
      }
      merge(fileIndex, t, langs);
    }

    private void add(MutableTally t, Map<String, MutableTally> langs, String text, boolean document,
        boolean atStart, boolean atEnd) {
      long chars = text.codePointCount(0, text.length());
      long bytes = TextStatistics.utf8Length(text);
      long[] tokens = new long[counters.size()];
      for (int i = 0; i < tokens.length; i++) {
        PartCounter c = counters.get(i);
        tokens[i] = document ? c.document(text) : c.part(text, atStart, atEnd);
      }
      t.characters += chars;
      t.bytes += bytes;
      if (document) {
        t.documents++;
      }
      for (int i = 0; i < tokens.length; i++) {
        t.tokens[i] += tokens[i];
      }
      LanguageIdentifier li = languages;
      if (li != null) {
        String lang = li.identify(sample(text));
        MutableTally l = langs.computeIfAbsent(lang, k -> new MutableTally(counters.size()));
        l.characters += chars;
        l.bytes += bytes;
        if (document) {
          l.documents++;
        }
        for (int i = 0; i < tokens.length; i++) {
          l.tokens[i] += tokens[i];
        }
      }
    }

    private String sample(String text) {
      if (text.length() <= languageSampleChars) {
        return text;
      }
      int end = languageSampleChars;
      if (Character.isHighSurrogate(text.charAt(end - 1))) {
        end--;
      }
      return text.substring(0, end);
    }

    private void merge(int fileIndex, MutableTally t, Map<String, MutableTally> langs) {
      perFile[fileIndex].add(t);
      for (Map.Entry<String, MutableTally> e : langs.entrySet()) {
        perLanguage.computeIfAbsent(e.getKey(), k -> new MutableTally(counters.size())).add(e.getValue());
      }
      documents.addAndGet(t.documents);
      firstTokens.addAndGet(t.tokens[0]);
    }

    /** The string value of the field in one JSON line, or null where it has none. */
    private @Nullable String field(byte[] data, int from, int to, int fileIndex, long line) {
      try (JsonParser p = JSON.createParser(data, from, to - from)) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          throw new IllegalArgumentException(String.format(Locale.ROOT,
              "%s:%d: a JSONL line must be a JSON object", files.get(fileIndex).path(), line));
        }
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken v = p.nextToken();
          if (field.equals(name)) {
            return v == JsonToken.VALUE_STRING ? p.getText() : null;
          }
          p.skipChildren();
        }
        if (t != JsonToken.END_OBJECT) {
          throw new IllegalArgumentException(String.format(Locale.ROOT,
              "%s:%d: malformed JSON object", files.get(fileIndex).path(), line));
        }
        return null;
      } catch (com.fasterxml.jackson.core.JacksonException e) {
        throw new IllegalArgumentException(String.format(Locale.ROOT, "%s:%d: malformed JSON: %s",
            files.get(fileIndex).path(), line, e.getOriginalMessage()), e);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Thrown into the Parquet reader to stop it when a worker failed. */
  private static final class Stopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stopped() {
      super("stopped", null, false, false);
    }
  }

  /** Reads a byte array eight bytes at a time. */
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** The newlines in {@code b}, eight bytes at a time (the reader thread counts them for every chunk). */
  static int newlines(byte[] b) {
    final long low7 = 0x7F7F7F7F7F7F7F7FL;
    int n = 0;
    int i = 0;
    for (; i + 8 <= b.length; i += 8) {
      long x = (long) LONGS.get(b, i) ^ 0x0A0A0A0A0A0A0A0AL; // a zero byte where b held '\n'
      long y = ~(((x & low7) + low7) | x | low7); // the top bit of each zero byte (Hacker's Delight 6-1)
      n += Long.bitCount(y);
    }
    for (; i < b.length; i++) {
      if (b[i] == '\n') {
        n++;
      }
    }
    return n;
  }

  private static boolean blank(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != ' ' && b[i] != '\t') {
        return false;
      }
    }
    return true;
  }

  /** Builds a {@link DatasetCounter}. */
  public static final class Builder {
    private List<Tokenizer> tokenizers = List.of();
    private String field = "text";
    private int threads = Runtime.getRuntime().availableProcessors();
    private int chunkSize = DEFAULT_CHUNK_SIZE;
    private @Nullable LanguageIdentifier languages;
    private int languageSampleChars = DEFAULT_LANGUAGE_SAMPLE_CHARS;
    private DatasetFormat format = DatasetFormat.AUTO;
    private @Nullable Consumer<DatasetProgress> progress;
    private Duration progressInterval = Duration.ofMillis(250);

    private Builder() {}

    /**
     * Sets the tokenizers, all counted in the one pass (required).
     *
     * @param tokenizers at least one, with distinct ids
     * @return this builder
     * @throws IllegalArgumentException if empty
     */
    public Builder tokenizers(List<? extends Tokenizer> tokenizers) {
      if (tokenizers.isEmpty()) {
        throw new IllegalArgumentException("tokenizers must not be empty");
      }
      this.tokenizers = List.copyOf(tokenizers);
      return this;
    }

    /**
     * Sets the JSONL field, or the Parquet column, that holds each document's text; default {@code
     * text}.
     *
     * @param field a top-level field or column name
     * @return this builder
     * @throws IllegalArgumentException if blank
     */
    public Builder field(String field) {
      if (field.isBlank()) {
        throw new IllegalArgumentException("field must not be blank, was \"" + field + "\"");
      }
      this.field = field;
      return this;
    }

    /**
     * Sets the threads that count; default the available processors.
     *
     * @param threads at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1, was " + threads);
      }
      this.threads = threads;
      return this;
    }

    /**
     * Sets the target size of a chunk handed to a thread: chars of plain text, bytes of JSONL;
     * default {@value DatasetCounter#DEFAULT_CHUNK_SIZE}. Memory holds about three chunks per thread.
     *
     * @param chunkSize at least 16
     * @return this builder
     * @throws IllegalArgumentException if below 16
     */
    public Builder chunkSize(int chunkSize) {
      if (chunkSize < 16) {
        throw new IllegalArgumentException("chunkSize must be at least 16, was " + chunkSize);
      }
      this.chunkSize = chunkSize;
      return this;
    }

    /**
     * Asks for the per-language breakdown, each document's language told by {@code identifier}.
     *
     * @param identifier a thread-safe identifier
     * @return this builder
     */
    public Builder languages(LanguageIdentifier identifier) {
      this.languages = identifier;
      return this;
    }

    /**
     * Sets how many characters of each document the language identifier sees; default {@value
     * DatasetCounter#DEFAULT_LANGUAGE_SAMPLE_CHARS}.
     *
     * @param chars at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder languageSampleChars(int chars) {
      if (chars < 1) {
        throw new IllegalArgumentException("languageSampleChars must be at least 1, was " + chars);
      }
      this.languageSampleChars = chars;
      return this;
    }

    /**
     * Sets how files are read; default {@link DatasetFormat#AUTO}, from each file's name.
     *
     * @param format the format
     * @return this builder
     */
    public Builder format(DatasetFormat format) {
      this.format = format;
      return this;
    }

    /**
     * Sets a listener called with the progress every {@code interval} from a thread of the
     * counter's, and once more when the count is done.
     *
     * @param listener the listener
     * @param interval the time between calls, at least 1 ms
     * @return this builder
     * @throws IllegalArgumentException if the interval is below 1 ms
     */
    public Builder progress(Consumer<DatasetProgress> listener, Duration interval) {
      if (interval.toMillis() < 1) {
        throw new IllegalArgumentException("progress interval must be at least 1 ms, was " + interval);
      }
      this.progress = listener;
      this.progressInterval = interval;
      return this;
    }

    /**
     * Builds the counter.
     *
     * @return the counter
     * @throws IllegalArgumentException if no tokenizer was given, or one was given twice
     */
    public DatasetCounter build() {
      if (tokenizers.isEmpty()) {
        throw new IllegalArgumentException("tokenizers must be set");
      }
      return new DatasetCounter(this);
    }
  }
}
