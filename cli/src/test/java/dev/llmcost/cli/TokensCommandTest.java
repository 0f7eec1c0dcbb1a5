package dev.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code llmcost tokens}: the DESIGN.md JSON keys, comparison, files and bad input. */
class TokensCommandTest {

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  static JsonNode json(Run r) throws Exception {
    return new ObjectMapper().readTree(r.out());
  }

  @Test
  void printsTheContractKeys() throws Exception {
    Run r = run("tokens", "--tokenizer", "gpt-4o", "--text", "Hello world!", "--ids", "--json");
    assertThat(r.code()).isZero();
    JsonNode n = json(r);
    assertThat(n.get("tokens").asLong()).isEqualTo(3);
    assertThat(n.get("characters").asLong()).isEqualTo(12);
    assertThat(n.get("bytes").asLong()).isEqualTo(12);
    assertThat(n.get("ids").toString()).isEqualTo("[13225,2375,0]");
    assertThat(n.get("tokenizer").asText()).isEqualTo("o200k_base");
  }

  @Test
  void idsOnlyWhenAskedFor() throws Exception {
    JsonNode n = json(run("tokens", "--tokenizer", "cl100k_base", "--text", "hello world", "--json"));
    assertThat(n.get("tokens").asLong()).isEqualTo(2);
    assertThat(n.has("ids")).isFalse();
  }

  @Test
  void comparesAcrossTokenizers() throws Exception {
    Run r = run("tokens", "--text", "你好,世界!", "--compare", "gpt-3,gpt-4,gpt-4o,character", "--json");
    assertThat(r.code()).isZero();
    JsonNode n = json(r);
    assertThat(n.get("tokenizer").asText()).isEqualTo("r50k_base");
    assertThat(n.get("characters").asLong()).isEqualTo(6);
    assertThat(n.get("bytes").asLong()).isEqualTo(14);
    JsonNode rows = n.get("comparison");
    assertThat(rows).hasSize(4);
    assertThat(rows.get(0).get("tokens").asLong()).isEqualTo(10);
    assertThat(rows.get(1).get("tokens").asLong()).isEqualTo(7);
    assertThat(rows.get(2).get("tokens").asLong()).isEqualTo(4);
    assertThat(rows.get(3).get("tokens").asLong()).isEqualTo(6);
    assertThat(rows.get(2).get("tokensPerCharacter").asDouble()).isEqualTo(4.0 / 6);
  }

  @Test
  void readsBundledAndCatalogTokenizers() throws Exception {
    JsonNode qwen = json(run("tokens", "--tokenizer", "qwen2.5", "--text", "你好,世界!", "--ids", "--json"));
    assertThat(qwen.get("tokenizer").asText()).isEqualTo("qwen2.5");
    assertThat(qwen.get("tokens").asLong()).isEqualTo(4);
    assertThat(qwen.get("ids")).hasSize(4);
    JsonNode model = json(run("tokens", "--tokenizer", "mistral-7b-v0.1", "--text", "Hello world!", "--ids", "--json"));
    assertThat(model.get("ids").toString()).isEqualTo("[22557,1526,28808]");
    Run r = run("tokens", "--text", "Hello, world!", "--compare", "gpt-4o,qwen2.5,bert-base-uncased,character", "--json");
    assertThat(r.code()).isZero();
    JsonNode rows = json(r).get("comparison");
    assertThat(rows).hasSize(4);
    assertThat(rows.get(1).get("tokenizer").asText()).isEqualTo("qwen2.5");
    assertThat(rows.get(2).get("requested").asText()).isEqualTo("bert-base-uncased");
    assertThat(rows.get(2).get("tokens").asLong()).isEqualTo(4);
    assertThat(rows.get(3).get("tokens").asLong()).isEqualTo(13);
    Run text = run("tokens", "--tokenizer", "qwen2.5-7b", "--text", "Hello, world!");
    assertThat(text.out()).startsWith("qwen2.5-7b (qwen2.5): 4 tokens");
  }

  @Test
  void llama3AsksForTheUsersFile() throws Exception {
    Run r = run("tokens", "--tokenizer", "llama-3.1-8b", "--text", "x", "--json");
    assertThat(r.code()).isEqualTo(2);
    assertThat(json(r).get("error").asText())
        .startsWith("model llama-3.1-8b uses the llama-3 tokenizer: the llama-3 tokenizer is not bundled")
        .contains("--tokenizer /path/to/tokenizer.json");
    assertThat(r.err().strip().lines()).hasSize(1);
  }

  @Test
  void readsFilesAndPrintsAReport(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("t.txt");
    Files.writeString(f, "This is a sample sentence.", StandardCharsets.UTF_8);
    Run r = run("tokens", "--tokenizer", "gpt-4", "--file", f.toString(), "--ids");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("gpt-4 (cl100k_base): 6 tokens").contains("[2028, 374, 264, 6205, 11914, 13]");
  }

  @Test
  void specialTokensPolicy() throws Exception {
    assertThat(json(run("tokens", "--tokenizer", "gpt-4", "--text", "<|endoftext|>", "--json")).get("tokens").asLong())
        .isGreaterThan(1);
    assertThat(json(run("tokens", "--tokenizer", "gpt-4", "--text", "<|endoftext|>", "--special", "allowed", "--json"))
        .get("tokens").asLong()).isEqualTo(1);
    Run r = run("tokens", "--tokenizer", "gpt-4", "--text", "<|endoftext|>", "--special", "disallowed", "--json");
    assertThat(r.code()).isEqualTo(2);
    assertThat(json(r).get("error").asText()).contains("<|endoftext|>");
  }

  /**
   * gpt-oss's harmony markers as tiktoken's o200k_harmony gives them (tiktoken 0.14.0
   * openai_public.py: <|start|> 200006, <|message|> 200008, <|end|> 200007) around o200k_base's
   * "user" (1428) and "hi" (3686).
   */
  @Test
  void harmonyMarkersOfGptOss() throws Exception {
    Run r = run("tokens", "--tokenizer", "gpt-oss-120b", "--special", "allowed", "--text",
        "<|start|>user<|message|>hi<|end|>", "--ids");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("gpt-oss-120b (o200k_harmony): 5 tokens")
        .contains("ids: [200006, 1428, 200008, 3686, 200007]");
    JsonNode n = json(run("tokens", "--tokenizer", "gpt-oss-20b", "--special", "allowed", "--text",
        "<|start|>user<|message|>hi<|end|>", "--ids", "--json"));
    assertThat(n.get("tokenizer").asText()).isEqualTo("o200k_harmony");
    assertThat(n.get("ids").toString()).isEqualTo("[200006,1428,200008,3686,200007]");
    // as text (the default), the markers are ordinary o200k text
    assertThat(json(run("tokens", "--tokenizer", "gpt-oss-120b", "--text", "<|start|>user<|message|>hi<|end|>",
        "--json")).get("tokens").asLong()).isGreaterThan(5);
  }

  @Test
  void badInputExitsWithTwoAndOneLine(@TempDir Path dir) throws Exception {
    Run unknown = run("tokens", "--tokenizer", "gpt-4oo", "--text", "x", "--json");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(json(unknown).get("error").asText()).contains("unknown tokenizer \"gpt-4oo\"").contains("gpt-4o");
    assertThat(unknown.err().strip().lines()).hasSize(1);
    Run missing = run("tokens", "--tokenizer", "gpt-4o", "--file", dir.resolve("none.txt").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("file not found");
    Path bad = dir.resolve("bad.txt");
    Files.write(bad, new byte[] {(byte) 0xff, (byte) 0xfe, 'a'});
    assertThat(run("tokens", "--tokenizer", "gpt-4o", "--file", bad.toString()).err()).contains("not valid UTF-8");
    assertThat(run("tokens", "--text", "x").code()).isEqualTo(2);
    assertThat(run("tokens", "--tokenizer", "gpt-4o").code()).isEqualTo(2);
    assertThat(run("tokens", "--tokenizer", "gpt-4o", "--text", "a", "--file", "b").code()).isEqualTo(2);
  }

  @Test
  void aRegexThatWouldOverflowTheStackIsRefusedWithExitTwo(@TempDir Path dir) throws Exception {
    // before: StackOverflowError on 2,000 a's, exit 1 and no JSON
    Path f = dir.resolve("tokenizer.json");
    Files.writeString(f, "{\"pre_tokenizer\":{\"type\":\"Split\",\"pattern\":{\"Regex\":\"(a|aa)+$\"},"
        + "\"behavior\":\"Isolated\",\"invert\":false},\"model\":{\"type\":\"WordPiece\",\"unk_token\":\"[UNK]\","
        + "\"vocab\":{\"[UNK]\":0,\"a\":1}}}", StandardCharsets.UTF_8);
    Run r = run("tokens", "--tokenizer", f.toString(), "--text", "a".repeat(2_000), "--json");
    assertThat(r.code()).isEqualTo(2);
    assertThat(json(r).get("error").asText())
        .contains("pre_tokenizer.pattern.Regex")
        .contains("\"(a|aa)+$\"")
        .contains("repeated without bound");
    assertThat(r.err().strip().lines()).hasSize(1);
  }

  /** A named pipe that yields zero bytes without end (as /dev/zero does) while the test reads it. */
  static Path endlessZeros(Path dir) throws Exception {
    Path fifo = dir.resolve("zeros");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertThat(mk.waitFor()).as("mkfifo").isZero();
    Thread writer = new Thread(() -> {
      byte[] zeros = new byte[1 << 16];
      try (var o = Files.newOutputStream(fifo)) {
        while (true) {
          o.write(zeros);
        }
      } catch (java.io.IOException e) {
        // the reader closed the pipe
      }
    }, "zeros");
    writer.setDaemon(true);
    writer.start();
    return fifo;
  }

  @Test
  void anEndlessFileIsRefusedNamingTheLimit(@TempDir Path dir) throws Exception {
    // before: tokens --file /dev/zero read until OutOfMemoryError
    Run r = run("tokens", "--tokenizer", "gpt-4o", "--file", endlessZeros(dir).toString(),
        "--max-file-bytes", "1000000", "--json");
    assertThat(r.code()).isEqualTo(2);
    assertThat(json(r).get("error").asText()).contains("larger than the limit of 1,000,000 bytes (--max-file-bytes)");
    Path big = dir.resolve("big.txt");
    Files.writeString(big, "a ".repeat(600));
    Run b = run("tokens", "--tokenizer", "gpt-4o", "--file", big.toString(), "--max-file-bytes", "1000");
    assertThat(b.code()).isEqualTo(2);
    assertThat(b.err()).contains("larger than the limit of 1,000 bytes");
    assertThat(run("tokens", "--help").out()).contains("268435456 (256 MiB)");
  }

  @Test
  void comparisonRowsCarryTheNamesAskedFor() {
    Run r = run("tokens", "--text", "Hello, world!", "--compare", "gpt-3,gpt-4,gpt-4o");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("gpt-3 (r50k_base)")
        .contains("gpt-4 (cl100k_base)")
        .contains("gpt-4o (o200k_base)")
        .contains("per word");
  }

  @Test
  void noWordsForScriptsWrittenWithoutSpaces() throws Exception {
    Run r = run("tokens", "--text", "大型语言模型的分词器", "--compare", "gpt-4,gpt-4o");
    assertThat(r.code()).isZero();
    assertThat(r.out()).doesNotContain("word");
    JsonNode n = json(run("tokens", "--text", "大型语言模型的分词器", "--compare", "gpt-4,gpt-4o", "--json"));
    assertThat(n.has("words")).isFalse();
    assertThat(n.get("comparison").get(0).has("tokensPerWord")).isFalse();
    assertThat(json(run("tokens", "--text", "two words", "--tokenizer", "gpt-4o", "--json")).get("words").asLong())
        .isEqualTo(2);
  }

  @Test
  void piecesPrintsTheTokenStrings() throws Exception {
    JsonNode n = json(run("tokens", "--tokenizer", "gpt-4o", "--text", "Hello world!", "--pieces", "--json"));
    assertThat(n.get("pieces").toString()).isEqualTo("[\"Hello\",\" world\",\"!\"]");
    Run r = run("tokens", "--tokenizer", "bert-base-uncased", "--text", "Tokenization", "--pieces");
    assertThat(r.out()).contains("pieces: token | ##ization");
    Run bytes = run("tokens", "--tokenizer", "gpt-2", "--text", "😀", "--pieces");
    assertThat(bytes.out()).containsPattern("pieces: <[0-9a-f ]+>");
  }

  @Test
  void tourShowsTheTokenSection() {
    Run r = run("tour");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("2. Tokens")
        .contains("你好 | , | 世界 | !")
        .contains("one token per character")
        .containsPattern("你好,世界! +10 +7 +4 +6 +6 +4 +6")
        .contains("Note: the article's table gives \"Hello, world!\" 3 BERT tokens.");
    // the tour wraps prose at 100 columns: compare the note with its continuation lines joined
    assertThat(r.out().replaceAll("\n +", " "))
        .contains("Note: the article's table gives \"Hello, world!\" 3 BERT tokens. BERT (bert-base-uncased) needs 4:"
            + " hello | , | world | !; 6 with the [CLS] and [SEP] every BERT input carries.");
  }
}
