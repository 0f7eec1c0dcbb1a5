package dev.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.tokenizers.huggingface.HuggingFaceTokenizer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokensTrainCommandTest {

  private static final String TEXT =
      "the quick brown fox jumps over the lazy dog\n"
          + "a tokenizer learns the pairs that occur most often\n"
          + "大型语言模型的分词器决定了每个汉字需要多少个词元\n";

  private static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new String[] {String.valueOf(code), out.toString(), err.toString()};
  }

  @Test
  void writesATokenizerJsonThatLoads(@TempDir Path dir) throws Exception {
    Path corpus = dir.resolve("corpus.txt");
    Files.writeString(corpus, TEXT.repeat(20));
    Path out = dir.resolve("tokenizer.json");
    String[] r = run("tokens", "train", "--corpus", corpus.toString(), "--vocab-size", "300", "--out", out.toString(), "--json");
    assertThat(r[0]).isEqualTo("0");
    JsonNode n = new ObjectMapper().readTree(r[1]);
    assertThat(n.has("vocabularySize")).isTrue();
    assertThat(n.has("corpusTokens")).isTrue();
    assertThat(n.has("seconds")).isTrue();
    assertThat(r[2]).contains("merge");
    HuggingFaceTokenizer t = HuggingFaceTokenizer.load(out);
    assertThat(t.vocabularySize()).isEqualTo(n.get("vocabularySize").asInt());
    assertThat(t.decode(t.encodeToArray("the lazy fox"))).isEqualTo("the lazy fox");
  }

  @Test
  void sentencePieceStyleWritesAReport(@TempDir Path dir) throws Exception {
    Path corpus = dir.resolve("corpus.txt");
    Files.writeString(corpus, TEXT.repeat(20));
    Path out = dir.resolve("sp.json");
    String[] r = run("tokens", "train", "--corpus", corpus.toString(), "--vocab-size", "320", "--out", out.toString(), "--style", "sentencepiece");
    assertThat(r[0]).isEqualTo("0");
    assertThat(r[1]).contains("sentencepiece BPE").contains("bytes per token");
  }

  // issue 14 item 18: --out naming a directory failed only after training, with no reason
  @Test
  void item18AnOutThatCannotBeWrittenIsRefusedBeforeTraining(@TempDir Path dir) throws Exception {
    Path corpus = dir.resolve("corpus.txt");
    Files.writeString(corpus, TEXT.repeat(20));
    String[] r = run("tokens", "train", "--corpus", corpus.toString(), "--vocab-size", "300", "--out", dir.toString());
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).isEqualTo("llmcost: --out " + dir + " is a directory; name the file to write, such as "
        + dir.resolve("tokenizer.json") + System.lineSeparator());
    String[] missing = run("tokens", "train", "--corpus", corpus.toString(), "--vocab-size", "300", "--out",
        dir.resolve("no/such/t.json").toString(), "--json");
    assertThat(missing[0]).isEqualTo("2");
    assertThat(missing[1]).contains("--out " + dir.resolve("no/such/t.json") + ": the directory "
        + dir.resolve("no/such") + " does not exist");
    assertThat(missing[2]).doesNotContain("merge");
  }

  @Test
  void badInputExitsWithTwoAndOneLine(@TempDir Path dir) {
    String[] r = run("tokens", "train", "--corpus", dir.resolve("missing.txt").toString(), "--vocab-size", "300", "--out", dir.resolve("t.json").toString(), "--json");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[1]).contains("\"error\"");
    assertThat(r[2].strip().lines()).hasSize(1);
    String[] s = run("tokens", "train", "--corpus", "x", "--vocab-size", "300", "--out", "y", "--style", "wordpiece");
    assertThat(s[0]).isEqualTo("2");
    assertThat(s[2]).contains("style must be byte-level or sentencepiece, was wordpiece");
  }

  @Test
  void warnsWhenTheVocabularyFallsShortOfTheSizeAskedFor(@TempDir Path dir) throws Exception {
    Path corpus = dir.resolve("corpus.txt");
    Files.writeString(corpus, TEXT.repeat(20));
    String[] r = run("tokens", "train", "--corpus", corpus.toString(), "--vocab-size", "32000",
        "--out", dir.resolve("t.json").toString(), "--json");
    assertThat(r[0]).isEqualTo("0");
    JsonNode n = new ObjectMapper().readTree(r[1]);
    assertThat(n.get("vocabularySize").asInt()).isLessThan(32000);
    assertThat(n.get("warnings").get(0).asText()).contains("fewer than the 32,000 asked for");
    assertThat(r[2]).contains("warning: the vocabulary has").contains("fewer than the 32,000 asked for");
  }

  @Test
  void warnsOnAnEmptyCorpus(@TempDir Path dir) throws Exception {
    Path corpus = dir.resolve("empty.txt");
    Files.writeString(corpus, "");
    String[] r = run("tokens", "train", "--corpus", corpus.toString(), "--vocab-size", "300",
        "--out", dir.resolve("t.json").toString());
    assertThat(r[0]).isEqualTo("0");
    assertThat(r[2]).contains("warning: the corpus is empty");
  }

  @Test
  void anEndlessCorpusIsRefusedNamingTheLimit(@TempDir Path dir) throws Exception {
    // before: tokens train --corpus /dev/zero read one endless line until OutOfMemoryError
    Path zeros = TokensCommandTest.endlessZeros(dir);
    String[] r = run("tokens", "train", "--corpus", zeros.toString(), "--vocab-size", "300",
        "--out", dir.resolve("t.json").toString(), "--json");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[1]).contains("corpus line 1 is longer than 16,777,216 chars");
  }

  @Test
  void countsTheCorpusAsTheWholeTextCounts(@TempDir Path dir) throws Exception {
    Path corpus = dir.resolve("corpus.txt");
    String text = (TEXT + "  \n  indented  \n\n").repeat(30_000);
    Files.writeString(corpus, text);
    Path out = dir.resolve("t.json");
    String[] r = run("tokens", "train", "--corpus", corpus.toString(), "--vocab-size", "400", "--out", out.toString(), "--json");
    assertThat(r[0]).isEqualTo("0");
    JsonNode n = new ObjectMapper().readTree(r[1]);
    assertThat(n.get("corpusTokens").asLong()).isEqualTo(HuggingFaceTokenizer.load(out).countTokens(text).value());
    assertThat(n.get("corpusBytes").asLong()).isEqualTo(Files.size(corpus));
  }
}
