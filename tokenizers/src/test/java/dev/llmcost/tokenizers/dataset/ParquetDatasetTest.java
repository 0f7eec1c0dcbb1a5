package dev.llmcost.tokenizers.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.tokenizers.CharacterTokenizer;
import dev.llmcost.tokenizers.Tokenizer;
import dev.llmcost.tokenizers.openai.OpenAiEncoding;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parquet files written by Spark (the committed fixtures of {@code dataset/parquet}, see the README
 * there) count exactly as their JSONL twins: documents, null rows (skipped), characters, bytes and
 * tokens, in total and per language, on one thread and two. The Spark module checks the same
 * against Spark's own counts on freshly written files.
 */
class ParquetDatasetTest {

  static List<Tokenizer> tokenizers;
  static Path fixtures;

  @BeforeAll
  static void load() throws URISyntaxException {
    tokenizers = List.of(OpenAiEncoding.O200K_BASE.tokenizer(), OpenAiEncoding.CL100K_BASE.tokenizer(),
        DatasetCounterTest.hf("dev/llmcost/tokenizers/vocab/qwen2.5-tokenizer.json.gz", "qwen2.5"),
        DatasetCounterTest.hf("dev/llmcost/tokenizers/vocab/mistral-7b-v0.1-tokenizer.json.gz", "mistral"),
        CharacterTokenizer.instance());
    fixtures = fixtures();
  }

  static Path fixtures() throws URISyntaxException {
    URL u = ParquetDatasetTest.class.getResource("parquet/columns.parquet");
    if (u == null) {
      throw new AssertionError("the Parquet fixtures are missing from the class path");
    }
    return Paths.get(u.toURI()).getParent();
  }

  static Stream<String> layouts() throws IOException, URISyntaxException {
    try (Stream<Path> s = Files.list(fixtures())) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".parquet") && !n.equals("columns.parquet"))
          .map(n -> n.substring(0, n.length() - ".parquet".length())).sorted().toList().stream();
    }
  }

  /** The language by script, a stand-in for a detector, so that per-language figures can be compared. */
  static String language(String text) {
    if (text.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)) {
      return "cmn";
    }
    if (text.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.CYRILLIC)) {
      return "rus";
    }
    return text.isBlank() ? "und" : "eng";
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layouts")
  void parquetCountsEqualTheJsonlTwin(String layout) {
    Path parquet = fixtures.resolve(layout + ".parquet");
    Path jsonl = fixtures.resolve((layout.contains("dictionary") ? "repeated" : "distinct")
        + (layout.contains("required") ? "-required" : "") + ".jsonl");
    DatasetTokenStats p = counter(1).count(parquet);
    DatasetTokenStats j = counter(1).count(jsonl);
    System.out.printf("%-36s %5d documents %3d null %8d o200k tokens (JSONL %d)%n", layout, p.total().documents(),
        p.skippedDocuments(), p.tokens("o200k_base").value(), j.tokens("o200k_base").value());
    assertThat(p.total()).isEqualTo(j.total());
    assertThat(p.total().documents()).isPositive();
    assertThat(p.languages()).isEqualTo(j.languages());
    assertThat(counter(2).count(parquet).total()).isEqualTo(p.total());
    assertThat(p.assumptions()).contains("Parquet documents: the string column \"text\" of each row, a null skipped");
    // the footer, the magics and the text column's pages; the id column is not read
    assertThat(p.bytesRead()).isPositive().isLessThanOrEqualTo(size(parquet));
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static DatasetCounter counter(int threads) {
    return DatasetCounter.builder().tokenizers(tokenizers).field("text").threads(threads).chunkSize(512)
        .languages(ParquetDatasetTest::language).languageSampleChars(Integer.MAX_VALUE).build();
  }

  @Test
  void manyPagesAreCountedInBoundedMemory(@TempDir Path dir) throws IOException {
    java.util.Random r = new java.util.Random(11L);
    java.io.ByteArrayOutputStream chunk = new java.io.ByteArrayOutputStream();
    long chars = 0;
    int pages = 200;
    int perPage = 250;
    for (int p = 0; p < pages; p++) {
      String[] docs = new String[perPage];
      for (int i = 0; i < perPage; i++) {
        docs[i] = DatasetCounterTest.text(r, 5 + r.nextInt(20));
        chars += docs[i].codePointCount(0, docs[i].length());
      }
      byte[] values = TinyParquet.concat(TinyParquet.levels(perPage, 1), TinyParquet.plain(docs));
      chunk.writeBytes(TinyParquet.dataPageHeader(values.length, values.length, perPage, 0));
      chunk.writeBytes(values);
    }
    Path f = dir.resolve("pages.parquet");
    Files.write(f, TinyParquet.file(chunk.toByteArray(), (long) pages * perPage, 0, false));
    int threads = 2;
    int chunkSize = 4096;
    DatasetTokenStats s = DatasetCounter.builder().tokenizers(tokenizers).threads(threads).chunkSize(chunkSize).build()
        .count(f);
    System.out.printf("%d pages, %d kB, %d documents, peak chunk bytes %d%n", pages, Files.size(f) >> 10,
        s.total().documents(), s.peakChunkBytes());
    assertThat(s.total().documents()).isEqualTo((long) pages * perPage);
    assertThat(s.total().characters()).isEqualTo(chars);
    // a chunk is cut once it passes the chunk size (one document more at most), two in flight per thread
    assertThat(s.peakChunkBytes()).isLessThanOrEqualTo(2L * threads * 2 * (chunkSize + 1000))
        .isLessThan(Files.size(f) / 4);
  }

  @Test
  void aDirectoryOfPartFilesLeavesOutSparksMarkers(@TempDir Path dir) throws IOException {
    Path a = Files.copy(fixtures.resolve("snappy-dictionary-v1.parquet"), dir.resolve("part-00000.snappy.parquet"));
    Path b = Files.copy(fixtures.resolve("zstd-delta-v2.parquet"), dir.resolve("part-00001.zstd.parquet"));
    Files.write(dir.resolve("_SUCCESS"), new byte[0]);
    Files.write(dir.resolve(".part-00000.snappy.parquet.crc"), new byte[] {1, 2, 3});
    Files.createDirectories(dir.resolve("_temporary/0"));
    Files.write(dir.resolve("_temporary/0/part-x.parquet"), new byte[] {1});
    DatasetTokenStats s = counter(2).count(dir);
    assertThat(s.files().keySet()).containsExactly(a, b);
    assertThat(s.total().documents()).isEqualTo(counter(1).count(a).total().documents()
        + counter(1).count(b).total().documents());
  }

  @Test
  void columnsThatAreNotTopLevelStringsAreRefusedByName() {
    Path f = fixtures.resolve("columns.parquet");
    Map<String, String> refusals = Map.of(
        "id", "Parquet column \"id\": holds INT64, not strings",
        "meta", "Parquet column \"meta\": is nested (a group of 2 fields: a struct, list or map)",
        "tags", "Parquet column \"tags\": is nested (a group of 1 fields: a struct, list or map)",
        "attrs", "Parquet column \"attrs\": is nested",
        "blob", "Parquet column \"blob\": holds binary values without a string annotation",
        "body", "Parquet column \"body\": not found; the file's top-level columns are [id, text, meta, tags, blob,"
            + " attrs]");
    for (Map.Entry<String, String> e : refusals.entrySet()) {
      DatasetCounter c = DatasetCounter.builder().tokenizers(List.of(CharacterTokenizer.instance())).field(e.getKey())
          .build();
      assertThatThrownBy(() -> c.count(f)).as(e.getKey()).isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith(f + ": " + e.getValue());
    }
    DatasetTokenStats ok = DatasetCounter.builder().tokenizers(List.of(CharacterTokenizer.instance())).build().count(f);
    assertThat(ok.total().documents()).isEqualTo(5);
    assertThat(ok.total().characters()).isEqualTo(5); // "0" to "4"
  }

  @Test
  void parquetInsideGzipAndForcedFormatsAreNamed(@TempDir Path dir) throws IOException {
    DatasetCounter c = DatasetCounter.builder().tokenizers(List.of(CharacterTokenizer.instance())).build();
    Path gz = Files.copy(fixtures.resolve("gzip-plain-v1.parquet"), dir.resolve("x.parquet.gz"));
    assertThatThrownBy(() -> c.count(gz)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dataset file is Parquet inside gzip, which is not read (Parquet compresses its own pages;"
            + " decompress the file): " + gz);
    Path text = dir.resolve("notes.txt");
    Files.writeString(text, "hello");
    DatasetCounter forced = DatasetCounter.builder().tokenizers(List.of(CharacterTokenizer.instance()))
        .format(DatasetFormat.PARQUET).build();
    assertThatThrownBy(() -> forced.count(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(text + ": Parquet: not a Parquet file: 5 bytes, fewer than the 12 of the magic and footer length");
  }
}
