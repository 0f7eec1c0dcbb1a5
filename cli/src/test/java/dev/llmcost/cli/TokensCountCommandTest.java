package dev.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.tokenizers.TokenizerRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokensCountCommandTest {

  static final List<String> ENGLISH = List.of(
      "The quick brown fox jumps over the lazy dog, and then it runs back into the forest where it lives.",
      "Training a language model needs a budget of tokens that is known before any accelerator is rented.");
  static final List<String> GERMAN = List.of(
      "Der schnelle braune Fuchs springt über den faulen Hund und läuft dann zurück in den Wald, wo er wohnt.",
      "Das Training eines Sprachmodells braucht ein Budget an Tokens, das bekannt ist, bevor man Rechner mietet.");
  static final List<String> CHINESE = List.of(
      "敏捷的棕色狐狸跳过了懒狗，然后跑回它居住的森林里。训练语言模型需要在租用任何加速器之前知道词元的预算。",
      "今天天气很好，我们去公园散步吧。这个数据集包含很多中文文本，用来统计每种语言的词元数量。");

  @Test
  void countsADirectoryOfJsonlPerFileAndPerLanguage(@TempDir Path dir) throws IOException {
    ObjectMapper m = new ObjectMapper();
    List<String> all = new ArrayList<>();
    StringBuilder a = new StringBuilder();
    for (String d : ENGLISH) {
      a.append(m.createObjectNode().put("text", d)).append('\n');
      all.add(d);
    }
    Files.writeString(dir.resolve("en.jsonl"), a);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("mixed.jsonl.gz")))) {
      for (String d : concat(GERMAN, CHINESE)) {
        out.write((m.createObjectNode().put("body", d) + "\n").getBytes(StandardCharsets.UTF_8));
        all.add(d);
      }
    }
    Cli r = Cli.run("tokens", "count", "--dataset", dir.toString(), "--tokenizer", "gpt-4o,character",
        "--field", "body", "--by-language", "--json");
    // en.jsonl has no "body": its 2 lines are skipped
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode j = r.json();
    long expected = 0;
    for (String d : concat(GERMAN, CHINESE)) {
      expected += TokenizerRegistry.standard().resolve("gpt-4o").countTokens(d).value();
    }
    assertThat(j.get("tokens").asLong()).isEqualTo(expected);
    assertThat(j.get("tokensBy").get("o200k_base").asLong()).isEqualTo(expected);
    assertThat(j.get("documents").asLong()).isEqualTo(4);
    assertThat(j.get("skippedDocuments").asLong()).isEqualTo(2);
    assertThat(j.get("files")).hasSize(2);
    long skippedPerFile = 0;
    for (JsonNode f : j.get("files")) {
      skippedPerFile += f.get("skippedDocuments").asLong();
      if (f.get("path").asText().endsWith("en.jsonl")) {
        assertThat(f.get("skippedDocuments").asLong()).isEqualTo(2);
      }
    }
    assertThat(skippedPerFile).isEqualTo(2);
    List<String> langs = new ArrayList<>();
    j.get("languages").forEach(l -> langs.add(l.get("language").asText()));
    System.out.println(r.out());
    assertThat(langs).containsExactlyInAnyOrder("deu", "cmn");
    assertThat(j.get("assumptions").toString()).contains("body");

    Cli text = Cli.run("tokens", "count", "--dataset", dir.resolve("en.jsonl").toString(), "--tokenizer",
        "gpt-4o,qwen2.5", "--by-language");
    assertThat(text.exitCode()).as(text.err()).isZero();
    System.out.println(text.out());
    assertThat(text.out()).contains("o200k_base", "qwen2.5", "eng", "train on it: llmcost train --tokens")
        .contains(": 1 file, ").doesNotContain("1 files");
    assertThat(text.err()).isEmpty();
  }

  @Test
  void badInputNamesTheOption(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("a.txt"), "hello world");
    Cli missing = Cli.run("tokens", "count", "--dataset", dir.resolve("nope").toString(), "--tokenizer", "gpt-4o");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).startsWith("llmcost: --dataset: dataset path not found").doesNotContain("Exception");
    Cli threads = Cli.run("tokens", "count", "--dataset", dir.toString(), "--tokenizer", "gpt-4o", "--threads", "0",
        "--json");
    assertThat(threads.exitCode()).isEqualTo(2);
    assertThat(threads.json().get("error").asText()).isEqualTo("--threads must be at least 1, was 0");
    Files.write(dir.resolve("c.parquet"), new byte[] {'P', 'A', 'R', '1', 0, 0, 0, 0, 0, 0, 0, 0, 'P', 'A', 'R'});
    Cli parquet = Cli.run("tokens", "count", "--dataset", dir.resolve("c.parquet").toString(), "--tokenizer", "gpt-4o",
        "--column", "text");
    assertThat(parquet.exitCode()).isEqualTo(2);
    assertThat(parquet.err()).isEqualTo("llmcost: --dataset: " + dir.resolve("c.parquet")
        + ": Parquet: not a Parquet file: it does not start and end with the magic PAR1" + System.lineSeparator());
    Cli format = Cli.run("tokens", "count", "--dataset", dir.toString(), "--tokenizer", "gpt-4o", "--format", "csv");
    assertThat(format.exitCode()).isEqualTo(2);
    assertThat(format.err()).contains("--format must be auto, text, jsonl or parquet, was csv");
    Cli tokenizer = Cli.run("tokens", "count", "--dataset", dir.toString(), "--tokenizer", "gpt-99");
    assertThat(tokenizer.exitCode()).isEqualTo(2);
    Files.writeString(dir.resolve("b.jsonl"), "{\"text\": oops}\n");
    Cli malformed = Cli.run("tokens", "count", "--dataset", dir.resolve("b.jsonl").toString(), "--tokenizer",
        "gpt-4o");
    assertThat(malformed.exitCode()).isEqualTo(2);
    assertThat(malformed.err()).contains("b.jsonl:1: malformed JSON").hasLineCount(1);
    Cli ok = Cli.run("tokens", "count", "--dataset", dir.resolve("a.txt").toString(), "--tokenizer", "gpt-4o",
        "--json");
    assertThat(ok.exitCode()).isZero();
    assertThat(ok.json().get("tokens").asLong()).isEqualTo(2);
    // the count feeds train --tokens as printed
    Cli train = Cli.run("train", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--gpus", "8", "--tokens",
        ok.json().get("tokens").asText(), "--json");
    assertThat(train.exitCode()).as(train.err()).isZero();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
