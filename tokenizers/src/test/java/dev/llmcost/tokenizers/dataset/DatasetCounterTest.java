package dev.llmcost.tokenizers.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.tokenizers.CharacterTokenizer;
import dev.llmcost.tokenizers.Tokenizer;
import dev.llmcost.tokenizers.huggingface.HuggingFaceTokenizer;
import dev.llmcost.tokenizers.openai.OpenAiEncoding;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetCounterTest {

  static List<Tokenizer> tokenizers;

  @BeforeAll
  static void load() {
    tokenizers = List.of(
        OpenAiEncoding.O200K_BASE.tokenizer(),
        OpenAiEncoding.CL100K_BASE.tokenizer(),
        OpenAiEncoding.R50K_BASE.tokenizer(),
        hf("dev/llmcost/tokenizers/vocab/qwen2.5-tokenizer.json.gz", "qwen2.5"),
        hf("dev/llmcost/tokenizers/vocab/mistral-7b-v0.1-tokenizer.json.gz", "mistral"),
        CharacterTokenizer.instance());
  }

  static HuggingFaceTokenizer hf(String resource, String id) {
    try (InputStream raw = DatasetCounterTest.class.getClassLoader().getResourceAsStream(resource)) {
      if (raw == null) {
        throw new AssertionError("test fixture missing from the class path: " + resource);
      }
      return HuggingFaceTokenizer.load(new GZIPInputStream(raw), id);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final String[] WORDS = {
    "the", "of", "tokens", "Tokenizer", "don't", "it's", "HELLO", "naïve", "café", "Straße", "über",
    "Привет", "мир", "中文", "数据集", "日本語", "テキスト", "한국어", "مرحبا", "नमस्ते", "🙂", "👍🏽", "12345",
    "3.14159", "x=y+1;", "{\"a\":1}", "http://example.com/a?b=c", "e\u0301", "ǅ", "ﬁ", "   ", "\t", "\n", "\n\n",
    " \n", "\r\n", "...", "--", "'s", "'LL", "a", "I", "<|endoftext|>", "<s>", "[CLS]", "\u00a0", "\u3000", "x"
  };

  /** Random text in many scripts, weighted to what split patterns treat specially. */
  static String text(Random r, int words) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < words; i++) {
      int k = r.nextInt(10);
      if (k < 6) {
        sb.append(WORDS[r.nextInt(WORDS.length)]);
      } else if (k < 8) {
        sb.append(WORDS[r.nextInt(4)]);
      } else {
        sb.appendCodePoint(0x20 + r.nextInt(0x3000));
      }
      sb.append(r.nextInt(5) == 0 ? "" : " ");
    }
    return sb.toString().replace('\u0000', ' ');
  }

  static long sum(Tokenizer t, List<String> docs) {
    long n = 0;
    for (String d : docs) {
      n += t.countTokens(d).value();
    }
    return n;
  }

  @Test
  void plainTextCountedInPartsEqualsTheWholeFile(@TempDir Path dir) throws IOException {
    Random r = new Random(20);
    for (int round = 0; round < 3; round++) {
      String whole = text(r, 40_000);
      Path f = dir.resolve("corpus" + round + ".txt");
      Files.writeString(f, whole, StandardCharsets.UTF_8);
      DatasetTokenStats s = DatasetCounter.builder().tokenizers(tokenizers).threads(2).chunkSize(2048).build()
          .count(f);
      List<String> rows = new ArrayList<>();
      for (Tokenizer t : tokenizers) {
        long expected = t.countTokens(whole).value();
        long got = s.tokens(t.id()).value();
        rows.add(String.format("%-14s whole %8d  in parts %8d", t.id(), expected, got));
        assertThat(got).as(t.id()).isEqualTo(expected);
      }
      System.out.println("round " + round + " (" + whole.length() + " chars):\n  " + String.join("\n  ", rows));
      assertThat(s.total().documents()).isEqualTo(1);
      assertThat(s.total().characters()).isEqualTo(whole.codePointCount(0, whole.length()));
      assertThat(s.total().bytes()).isEqualTo(whole.getBytes(StandardCharsets.UTF_8).length);
    }
  }

  @Test
  void jsonlDatasetEqualsCountingFileByFileAndDocumentByDocumentInBoundedMemory(@TempDir Path dir)
      throws IOException {
    Random r = new Random(7);
    ObjectMapper m = new ObjectMapper();
    List<List<String>> perFile = new ArrayList<>();
    String[] names = {"a.jsonl", "b.jsonl.gz", "c.jsonl.zst"};
    long rawBytes = 0;
    for (String name : names) {
      List<String> docs = new ArrayList<>();
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      for (int i = 0; i < 1500; i++) {
        String doc = text(r, 20 + r.nextInt(r.nextInt(10) == 0 ? 3000 : 200));
        ObjectNode o = m.createObjectNode();
        o.put("id", i);
        o.putObject("meta").put("text", "not this one");
        if (i % 97 == 5) {
          o.put("content", doc); // no "text": skipped
        } else {
          o.put("text", doc);
          docs.add(doc);
        }
        buf.write(m.writeValueAsBytes(o));
        buf.write(i % 50 == 0 ? "\r\n\n".getBytes(StandardCharsets.UTF_8) : new byte[] {'\n'});
      }
      rawBytes += buf.size();
      perFile.add(docs);
      Path f = dir.resolve(name);
      try (OutputStream out = compress(name, Files.newOutputStream(f))) {
        buf.writeTo(out);
      }
    }
    int chunk = 1 << 16;
    int threads = 2;
    List<DatasetProgress> reports = new CopyOnWriteArrayList<>();
    DatasetTokenStats s = DatasetCounter.builder().tokenizers(tokenizers).threads(threads).chunkSize(chunk)
        .languages(text -> text.codePoints().anyMatch(c -> Character.UnicodeScript.of(c)
            == Character.UnicodeScript.HAN) ? "han" : "other")
        .progress(reports::add, Duration.ofMillis(5))
        .build()
        .count(DatasetPaths.expand(dir.resolve("*.jsonl*").toString()));
    System.out.printf("%d MB of JSONL in 3 files, %d documents, peak chunk bytes %d, %s%n", rawBytes >> 20,
        s.total().documents(), s.peakChunkBytes(), s.elapsed());
    assertThat(s.files()).hasSize(3);
    for (Tokenizer t : tokenizers) {
      long total = 0;
      int i = 0;
      for (Map.Entry<Path, DatasetTally> e : s.files().entrySet()) {
        long expected = sum(t, perFile.get(i++));
        assertThat(e.getValue().tokens(t.id()).value()).as(t.id() + " " + e.getKey()).isEqualTo(expected);
        total += expected;
      }
      assertThat(s.tokens(t.id()).value()).as(t.id()).isEqualTo(total);
      long byLanguage = s.languages().values().stream().mapToLong(l -> l.tokens(t.id()).value()).sum();
      assertThat(byLanguage).as("languages add up, " + t.id()).isEqualTo(total);
    }
    long docs = perFile.stream().mapToLong(List::size).sum();
    assertThat(s.total().documents()).isEqualTo(docs);
    assertThat(s.skippedDocuments()).isEqualTo(3 * 16);
    assertThat(s.files().values()).allSatisfy(f -> assertThat(f.skippedDocuments()).isEqualTo(16));
    assertThat(s.languages().values()).allSatisfy(l -> assertThat(l.skippedDocuments()).isZero());
    // bounded memory: at most 2 chunks per thread waiting or counted, whatever the dataset's size
    assertThat(s.peakChunkBytes()).isLessThanOrEqualTo(2L * threads * chunk).isLessThan(rawBytes / 4);
    assertThat(reports).isNotEmpty();
    DatasetProgress last = reports.get(reports.size() - 1);
    assertThat(last.done()).isTrue();
    assertThat(last.documents()).isEqualTo(docs);
    assertThat(last.tokens()).isEqualTo(s.tokens(tokenizers.get(0).id()).value());
    assertThat(last.fraction()).isEqualTo(1.0);
  }

  @Test
  void newlinesAreCountedEightBytesAtATimeAsOneByOne() {
    Random r = new Random(11);
    for (int trial = 0; trial < 2000; trial++) {
      byte[] b = new byte[r.nextInt(70)];
      for (int i = 0; i < b.length; i++) {
        int k = r.nextInt(6);
        b[i] = (byte) (k == 0 ? '\n' : k == 1 ? 0x0B : k == 2 ? 0x8A : k == 3 ? 0 : r.nextInt(256));
      }
      int expected = 0;
      for (byte x : b) {
        expected += x == '\n' ? 1 : 0;
      }
      assertThat(DatasetCounter.newlines(b)).as(java.util.Arrays.toString(b)).isEqualTo(expected);
    }
  }

  @Test
  void aTallyOfCountsMadeElsewhereIsValidated() {
    Map<String, Long> tokens = new java.util.LinkedHashMap<>();
    tokens.put("o200k_base", 12L);
    tokens.put("qwen2.5", 10L);
    DatasetTally t = DatasetTally.of(2, 1, 40, 44, tokens);
    assertThat(t.tokens()).containsExactly(Map.entry("o200k_base", 12L), Map.entry("qwen2.5", 10L));
    assertThat(t.skippedDocuments()).isEqualTo(1);
    assertThat(t.tokensPerCharacter("qwen2.5")).isEqualTo(0.25);
    assertThat(t).isEqualTo(DatasetTally.of(2, 1, 40, 44, tokens)).isNotEqualTo(DatasetTally.of(2, 0, 40, 44, tokens));
    assertThatThrownBy(() -> DatasetTally.of(2, -1, 40, 44, tokens))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("skippedDocuments must not be negative, was -1");
    assertThatThrownBy(() -> DatasetTally.of(2, 0, 40, 44, Map.of("gpt2", -3L)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tokens of gpt2 must not be negative, was -3");
  }

  @Test
  void oneThreadAndTwoThreadsAgree(@TempDir Path dir) throws IOException {
    Random r = new Random(3);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 400; i++) {
      sb.append("{\"text\":").append(new ObjectMapper().writeValueAsString(text(r, 100))).append("}\n");
    }
    Path f = dir.resolve("d.ndjson");
    Files.writeString(f, sb);
    DatasetTokenStats one = DatasetCounter.builder().tokenizers(tokenizers).threads(1).chunkSize(1000).build()
        .count(f);
    DatasetTokenStats two = DatasetCounter.builder().tokenizers(tokenizers).threads(2).chunkSize(1000).build()
        .count(dir);
    assertThat(two.total()).isEqualTo(one.total());
  }

  @Test
  void badInputNamesTheFileAndLine(@TempDir Path dir) throws IOException {
    Path bad = dir.resolve("bad.jsonl");
    Files.writeString(bad, "{\"text\":\"a\"}\n{\"text\": oops}\n");
    DatasetCounter c = DatasetCounter.builder().tokenizers(List.of(CharacterTokenizer.instance())).build();
    assertThatThrownBy(() -> c.count(bad)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad.jsonl:2");
    Path array = dir.resolve("array.jsonl");
    Files.writeString(array, "[1,2]\n");
    assertThatThrownBy(() -> c.count(array)).hasMessageContaining("array.jsonl:1: a JSONL line must be a JSON object");
    Path latin1 = dir.resolve("latin1.txt");
    Files.write(latin1, new byte[] {'c', 'a', 'f', (byte) 0xE9});
    assertThatThrownBy(() -> c.count(latin1)).hasMessageContaining("not valid UTF-8: " + latin1);
    Path parquet = dir.resolve("x.parquet");
    Files.write(parquet, new byte[] {1});
    assertThatThrownBy(() -> c.count(parquet)).hasMessageContaining("Parquet");
    assertThatThrownBy(() -> c.count(dir.resolve("missing.txt"))).hasMessageContaining("not found");
    assertThatThrownBy(() -> DatasetPaths.expand(dir.resolve("*.nothing").toString()))
        .hasMessageContaining("matches no file");
    Path gz = dir.resolve("fake.txt.gz");
    Files.writeString(gz, "not gzip");
    assertThatThrownBy(() -> c.count(gz)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gzip");
    assertThatThrownBy(() -> DatasetCounter.builder().threads(0)).hasMessage("threads must be at least 1, was 0");
    assertThatThrownBy(() -> DatasetCounter.builder().build()).hasMessage("tokenizers must be set");
  }

  private static OutputStream compress(String name, OutputStream out) throws IOException {
    if (name.endsWith(".gz")) {
      return new GZIPOutputStream(out);
    }
    if (name.endsWith(".zst")) {
      try { // aircompressor: on the class path of the tests, not read by this module
        return (OutputStream) Class.forName("io.airlift.compress.zstd.ZstdOutputStream")
            .getConstructor(OutputStream.class).newInstance(out);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError("aircompressor missing from the test class path", e);
      }
    }
    return out;
  }
}
