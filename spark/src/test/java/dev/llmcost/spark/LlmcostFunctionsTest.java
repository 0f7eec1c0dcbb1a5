package dev.llmcost.spark;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.tokenizers.Tokenizer;
import dev.llmcost.tokenizers.TokenizerRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlmcostFunctionsTest {

  static final List<String> TEXTS = List.of(
      "Hello, world!",
      "The quick brown fox jumps over the lazy dog.",
      "大型语言模型的训练成本取决于词元数量。",
      "def f(x):\n    return x ** 2  # 😀",
      "<|endoftext|> is counted as text",
      "");

  static SparkSession spark;
  static Dataset<Row> docs;

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() {
    spark = LocalSpark.session();
    LlmcostFunctions.register(spark);
    List<String> withNull = new ArrayList<>(TEXTS);
    withNull.add(null);
    docs = spark.createDataset(withNull, Encoders.STRING()).toDF("text").repartition(2);
    docs.createOrReplaceTempView("docs");
  }

  @Test
  void sqlTokenCountEqualsTheTokenizerForEachRow() {
    for (String id : List.of("gpt-4o", "cl100k_base", "qwen2.5", "character")) {
      Tokenizer t = TokenizerRegistry.standard().resolve(id);
      List<Row> rows = spark.sql("SELECT text, token_count(text, '" + id + "') AS n FROM docs").collectAsList();
      assertThat(rows).hasSize(TEXTS.size() + 1);
      for (Row r : rows) {
        if (r.isNullAt(0)) {
          assertThat(r.isNullAt(1)).as("null text gives null").isTrue();
        } else {
          assertThat(r.getLong(1)).as(id + " of " + r.getString(0)).isEqualTo(t.countTokens(r.getString(0)).value());
        }
      }
    }
  }

  @Test
  void sqlTokenIdsEqualTheTokenizersIds() {
    Tokenizer t = TokenizerRegistry.standard().resolve("qwen2.5");
    List<Row> rows = spark.sql("SELECT text, token_ids(text, 'qwen2.5') FROM docs WHERE text IS NOT NULL")
        .collectAsList();
    for (Row r : rows) {
      List<Integer> ids = r.getList(1);
      assertThat(ids.stream().mapToInt(Integer::intValue).toArray()).isEqualTo(t.encodeToArray(r.getString(0)));
    }
  }

  @Test
  void dataFrameFunctionsNeedNoRegistration() {
    Tokenizer t = TokenizerRegistry.standard().resolve("gpt-4o");
    long expected = TEXTS.stream().mapToLong(s -> t.countTokens(s).value()).sum();
    Row sum = docs.select(LlmcostFunctions.tokenCount(col("text"), "gpt-4o").as("n")).groupBy().sum("n").first();
    assertThat(sum.getLong(0)).isEqualTo(expected);
    Row first = docs.where(col("text").equalTo("Hello, world!"))
        .select(LlmcostFunctions.tokenIds(col("text"), "gpt-4o")).first();
    assertThat(first.<Integer>getList(0).stream().mapToInt(Integer::intValue).toArray())
        .isEqualTo(t.encodeToArray("Hello, world!"));
  }

  @Test
  void aShippedTokenizerFileCountsAsTheSameFileLoadedLocally() throws IOException {
    Path file = dir.resolve("shipped-qwen-tokenizer.json.gz");
    try (InputStream in = TokenizerRegistry.class.getResourceAsStream(
        "/dev/llmcost/tokenizers/vocab/qwen2.5-tokenizer.json.gz")) {
      assertThat(in).as("the qwen2.5 vocabulary of llmcost-tokenizers-vocab").isNotNull();
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    }
    String handle = LlmcostFunctions.shipTokenizerFile(spark, file.toString());
    assertThat(handle).isEqualTo("spark-file:shipped-qwen-tokenizer.json.gz");
    Tokenizer local = TokenizerRegistry.standard().resolve(file.toString());
    List<Row> rows = docs.where(col("text").isNotNull())
        .select(col("text"), LlmcostFunctions.tokenCount(col("text"), handle)).collectAsList();
    for (Row r : rows) {
      assertThat(r.getLong(1)).isEqualTo(local.countTokens(r.getString(0)).value());
    }
  }

  @Test
  void anUnknownTokenizerFailsNamingIt() {
    assertThatThrownBy(() -> spark.sql("SELECT token_count(text, 'no-such-tokenizer') FROM docs").collect())
        .satisfies(e -> assertThat(causes(e)).anyMatch(m -> m.contains("no-such-tokenizer")));
  }

  @Test
  void aFilePathMustNameAFile() {
    assertThatThrownBy(() -> LlmcostFunctions.shipTokenizerFile(spark, "dir/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tokenizer file path must name a file, was dir/");
  }

  static List<String> causes(Throwable e) {
    List<String> messages = new ArrayList<>();
    for (Throwable t = e; t != null; t = t.getCause()) {
      messages.add(String.valueOf(t.getMessage()));
      Arrays.stream(t.getSuppressed()).forEach(s -> messages.add(String.valueOf(s.getMessage())));
    }
    return messages;
  }
}
