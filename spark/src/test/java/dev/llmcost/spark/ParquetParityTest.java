package dev.llmcost.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.tokenizers.Tokenizer;
import dev.llmcost.tokenizers.TokenizerRegistry;
import dev.llmcost.tokenizers.dataset.DatasetCounter;
import dev.llmcost.tokenizers.dataset.DatasetTokenStats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parquet files written by Spark (parquet-mr) in every layout of {@link ParquetFixtures#LAYOUTS}
 * (snappy, gzip, zstd, lz4raw and none; dictionary and plain or delta values; nulls or a required
 * column; one or several row groups and pages; data pages v1 and v2) are counted by the
 * single-machine {@link DatasetCounter} exactly as Spark counts the same files: documents and null
 * rows ({@code count}), characters ({@code char_length}, code points), UTF-8 bytes ({@code
 * octet_length}) and the sums of {@code token_count} under five tokenizers, in one Spark job per
 * layout. ({@link SparkDatasetTokenStatsTest} shows the same equality for {@link
 * SparkDatasetTokenStats} on JSONL.)
 */
class ParquetParityTest {

  static final List<String> TOKENIZERS = SparkDatasetTokenStatsTest.TOKENIZERS;

  static SparkSession spark;
  static List<Tokenizer> tokenizers = new ArrayList<>();

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() {
    spark = LocalSpark.session();
    LlmcostFunctions.register(spark);
    for (String id : TOKENIZERS) {
      tokenizers.add(TokenizerRegistry.standard().resolve(id));
    }
  }

  static List<ParquetFixtures.Layout> layouts() {
    return ParquetFixtures.LAYOUTS;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layouts")
  void singleMachineCountsEqualSpark(ParquetFixtures.Layout layout) throws IOException {
    Path out = dir.resolve(layout.name());
    List<@Nullable String> texts = ParquetFixtures.texts(layout, 300, 20261206L);
    ParquetFixtures.write(spark, texts, layout, out, 2);
    List<Path> parts = ParquetFixtures.parts(out);
    assertThat(parts).hasSize(2);
    describe(layout, parts);

    DatasetTokenStats single = DatasetCounter.builder().tokenizers(tokenizers).field("text").threads(2)
        .chunkSize(4096).build().count(out); // the directory: _SUCCESS and .crc files are left out
    assertThat(single.files().keySet()).containsExactlyElementsOf(parts);

    // one Spark job: the documents, nulls, characters, bytes and token_count sums under every tokenizer
    List<String> exprs = new ArrayList<>(List.of("count(text)", "count(*) - count(text)", "sum(char_length(text))",
        "sum(octet_length(text))"));
    for (String id : TOKENIZERS) {
      exprs.add("sum(token_count(text, '" + id + "'))");
    }
    Row counted = spark.read().parquet(out.toString()).selectExpr(exprs.toArray(String[]::new)).first();
    System.out.printf("%s: %d documents, %d null%n", layout.name(), single.total().documents(),
        single.skippedDocuments());
    System.out.printf("  %-16s %12s %12s %6s%n", "tokenizer", "spark", "single", "diff");
    for (int i = 0; i < TOKENIZERS.size(); i++) {
      String id = single.tokenizers().get(i);
      long a = counted.getLong(4 + i);
      long b = single.tokens(id).value();
      System.out.printf("  %-16s %12d %12d %6d%n", id, a, b, a - b);
    }
    assertThat(single.total().documents()).isEqualTo(counted.getLong(0));
    assertThat(single.skippedDocuments()).isEqualTo(counted.getLong(1));
    assertThat(single.total().characters()).isEqualTo(counted.getLong(2));
    assertThat(single.total().bytes()).isEqualTo(counted.getLong(3));
    for (int i = 0; i < TOKENIZERS.size(); i++) {
      assertThat(single.tokens(single.tokenizers().get(i)).value()).as(TOKENIZERS.get(i)).isEqualTo(counted.getLong(4 + i));
    }
    long expectedNulls = layout.required() ? 0 : texts.stream().filter(t -> t == null).count();
    assertThat(single.skippedDocuments()).isEqualTo(expectedNulls);
    assertThat(single.total().documents()).isEqualTo(texts.stream().filter(t -> t != null).count());
  }

  /** Checks that the files hold what the layout says, from parquet-mr's own reading of the footer. */
  private static void describe(ParquetFixtures.Layout layout, List<Path> parts) throws IOException {
    int groups = 0;
    Set<String> encodings = new TreeSet<>();
    Set<String> codecs = new TreeSet<>();
    for (Path p : parts) {
      try (ParquetFileReader r = ParquetFileReader.open(
          HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(p.toUri()), new Configuration()))) {
        for (BlockMetaData b : r.getFooter().getBlocks()) {
          groups++;
          for (ColumnChunkMetaData c : b.getColumns()) {
            if (c.getPath().toDotString().equals("text")) {
              codecs.add(c.getCodec().name());
              for (Encoding e : c.getEncodings()) {
                encodings.add(e.name());
              }
            }
          }
        }
      }
    }
    System.out.printf("%s: %d row groups, codecs %s, encodings %s%n", layout.name(), groups, codecs, encodings);
    assertThat(codecs).containsExactly(switch (layout.codec()) {
      case "none" -> "UNCOMPRESSED";
      case "lz4raw" -> "LZ4_RAW";
      default -> layout.codec().toUpperCase(java.util.Locale.ROOT);
    });
    if (layout.rowGroupBytes() < 1 << 20) {
      assertThat(groups).isGreaterThan(2 * 2);
    }
    if (layout.dictionary()) {
      assertThat(encodings).containsAnyOf("PLAIN_DICTIONARY", "RLE_DICTIONARY");
    } else {
      assertThat(encodings).containsAnyOf("PLAIN", "DELTA_BYTE_ARRAY", "DELTA_LENGTH_BYTE_ARRAY")
          .doesNotContain("PLAIN_DICTIONARY", "RLE_DICTIONARY");
    }
    if (layout.v2() && !layout.dictionary()) {
      assertThat(encodings).contains("DELTA_BYTE_ARRAY");
    }
  }
}
