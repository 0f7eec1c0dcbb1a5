package dev.llmcost.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.tokenizers.Tokenizer;
import dev.llmcost.tokenizers.TokenizerRegistry;
import dev.llmcost.tokenizers.dataset.DatasetCounter;
import dev.llmcost.tokenizers.dataset.DatasetTally;
import dev.llmcost.tokenizers.dataset.DatasetTokenStats;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark job's counts equal DatasetCounter's on the same documents, in total and per language. */
class SparkDatasetTokenStatsTest {

  static final List<String> TOKENIZERS = List.of("gpt-4o", "cl100k_base", "qwen2.5", "mistral-7b-v0.1", "character");

  static SparkSession spark;
  static List<@Nullable String> texts;
  static Dataset<Row> data;
  static DatasetTokenStats single;

  @TempDir
  static Path dir;

  @BeforeAll
  static void countBothWays() throws IOException {
    spark = LocalSpark.session();
    texts = documents(400, 20261205L);
    List<Row> rows = new ArrayList<>();
    for (String t : texts) {
      rows.add(RowFactory.create(t, t == null ? null : language(t)));
    }
    StructType schema = DataTypes.createStructType(List.of(
        DataTypes.createStructField("text", DataTypes.StringType, true),
        DataTypes.createStructField("lang", DataTypes.StringType, true)));
    data = spark.createDataFrame(rows, schema).repartition(3);

    // the same documents as JSONL, a null text as a line without the field, counted on one machine
    ObjectMapper json = new ObjectMapper();
    Path file = dir.resolve("docs.jsonl");
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      int i = 0;
      for (String t : texts) {
        ObjectNode o = json.createObjectNode().put("id", i++);
        if (t != null) {
          o.put("text", t);
        }
        w.write(json.writeValueAsString(o));
        w.write('\n');
      }
    }
    List<Tokenizer> ts = new ArrayList<>();
    for (String id : TOKENIZERS) {
      ts.add(TokenizerRegistry.standard().resolve(id));
    }
    single = DatasetCounter.builder().tokenizers(ts).field("text").threads(2)
        .languages(SparkDatasetTokenStatsTest::language).languageSampleChars(Integer.MAX_VALUE)
        .build().count(file);
  }

  @Test
  void totalsEqualTheSingleMachineCounter() {
    SparkDatasetTokenStats s = SparkDatasetTokenStats.run(data, "text", TOKENIZERS);
    printTable(s);
    assertThat(s.tokenizers()).isEqualTo(single.tokenizers());
    assertThat(s.total()).isEqualTo(single.total()); // one type both ways, skipped documents included
    assertThat(s.skippedDocuments()).isEqualTo(single.skippedDocuments()).isPositive();
    assertThat(s.languages()).isEmpty();
  }

  @Test
  void perLanguageCountsEqualTheSingleMachineCounter() {
    SparkDatasetTokenStats s = SparkDatasetTokenStats.run(data, "text", TOKENIZERS, "lang");
    assertThat(s.total()).isEqualTo(single.total());
    assertThat(s.languages().keySet()).containsExactlyElementsOf(single.languages().keySet());
    for (Map.Entry<String, DatasetTally> e : single.languages().entrySet()) {
      assertSame(s.languages().get(e.getKey()), e.getValue());
    }
    assertThat(s.languages().keySet()).contains("eng", "cmn", "rus", "fra");
    // a null text is skipped in its row's language on Spark (here und); one machine has no language for it
    assertThat(s.languages().get("und").skippedDocuments()).isEqualTo(single.skippedDocuments());
    assertThat(single.languages().get("und").skippedDocuments()).isZero();
  }

  @Test
  void theReportHasARowPerTokenizerAndLanguage() {
    SparkDatasetTokenStats s = SparkDatasetTokenStats.run(data, "text", List.of("gpt-4o", "qwen2.5"), "lang");
    List<Row> rows = s.report().collectAsList();
    assertThat(rows).hasSize(2 * (1 + s.languages().size()));
    Row total = rows.get(0);
    assertThat(total.getString(0)).isEqualTo("total");
    assertThat(total.isNullAt(1)).isTrue();
    assertThat(total.getString(2)).isEqualTo("o200k_base");
    assertThat(total.getLong(7)).isEqualTo(single.tokens("o200k_base").value());
    Path out = dir.resolve("report");
    s.report().write().parquet(out.toString());
    assertThat(spark.read().parquet(out.toString()).count()).isEqualTo(rows.size());
  }

  @Test
  void badArgumentsAreNamed() {
    assertThatThrownBy(() -> SparkDatasetTokenStats.run(data, "body", TOKENIZERS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("column must be one of the dataset's columns [text, lang], was body");
    Dataset<Row> numbers = spark.range(3).toDF("text");
    assertThatThrownBy(() -> SparkDatasetTokenStats.run(numbers, "text", TOKENIZERS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("column text must be a string column, was bigint");
    assertThatThrownBy(() -> SparkDatasetTokenStats.run(data, "text", List.of("gpt-4o", "o200k_base")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tokenizers must differ, o200k_base was given twice (as o200k_base)");
    assertThatThrownBy(() -> SparkDatasetTokenStats.run(data, "text", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tokenizers must name at least one tokenizer, was []");
  }

  /** Equal but for the skipped documents, which differ per language (see {@link #perLanguageCountsEqualTheSingleMachineCounter}). */
  static void assertSame(DatasetTally spark, DatasetTally single) {
    assertThat(spark.documents()).isEqualTo(single.documents());
    assertThat(spark.characters()).isEqualTo(single.characters());
    assertThat(spark.bytes()).isEqualTo(single.bytes());
    assertThat(spark.tokens()).isEqualTo(single.tokens());
  }

  static void printTable(SparkDatasetTokenStats s) {
    System.out.printf("%-16s %12s %12s %6s%n", "tokenizer", "spark", "single", "diff");
    for (String id : s.tokenizers()) {
      long a = s.tokens(id).value();
      long b = single.tokens(id).value();
      System.out.printf("%-16s %12d %12d %6d%n", id, a, b, a - b);
    }
    System.out.printf("documents %d, characters %d, bytes %d, skipped %d%n", s.total().documents(),
        s.total().characters(), s.total().bytes(), s.skippedDocuments());
  }

  /** The language both sides are told: by script, then by a French word; a stand-in for a detector. */
  static String language(String text) {
    if (text.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)) {
      return "cmn";
    }
    if (text.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.CYRILLIC)) {
      return "rus";
    }
    if (text.contains("les ") || text.contains("été")) {
      return "fra";
    }
    return text.isBlank() ? "und" : "eng";
  }

  static final String[][] WORDS = {
    {"the", "model", "training", "tokens", "budget", "cluster", "GPU", "hours", "costs", "data", "2,048", "it's"},
    {"大型", "语言", "模型", "训练", "成本", "数据", "。", "，", "词元"},
    {"модель", "обучение", "токены", "данные", "стоимость", ",", "."},
    {"les", "données", "été", "modèle", "coût", "l'entraînement", "«", "»"},
    {"def", "f(x):", "\n   ", "return", "x", "**", "2", "#", "😀", "\t", "{", "}", "<|endoftext|>"},
  };

  /** Documents of several languages and lengths, a few null and a few empty, reproducible by seed. */
  static List<@Nullable String> documents(int n, long seed) {
    Random r = new Random(seed);
    List<@Nullable String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (i % 37 == 5) {
        out.add(null);
        continue;
      }
      if (i % 53 == 7) {
        out.add("");
        continue;
      }
      String[] words = WORDS[r.nextInt(WORDS.length)];
      int length = r.nextInt(10) == 0 ? 800 + r.nextInt(1500) : 1 + r.nextInt(60);
      StringBuilder sb = new StringBuilder();
      for (int w = 0; w < length; w++) {
        if (w > 0 && r.nextInt(5) != 0) {
          sb.append(' ');
        }
        sb.append(words[r.nextInt(words.length)]);
      }
      out.add(sb.toString());
    }
    return out;
  }
}
