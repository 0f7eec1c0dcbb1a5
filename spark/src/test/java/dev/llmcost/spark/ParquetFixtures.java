package dev.llmcost.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.jspecify.annotations.Nullable;

/**
 * Writes Parquet files with Spark (parquet-mr underneath) in the layouts the single-machine reader
 * of {@code DatasetCounter} must read: codecs, dictionary or plain values, nulls, several row groups
 * and pages, data pages v1 and v2. {@link ParquetParityTest} writes them into a temporary directory;
 * {@link #main} wrote the small files committed under
 * {@code tokenizers/src/test/resources/dataset/parquet/} (see the README there).
 */
final class ParquetFixtures {

  private ParquetFixtures() {}

  /** One way of writing a file. */
  record Layout(String name, String codec, boolean v2, boolean dictionary, int rowGroupBytes, int pageRows,
      boolean required) {

    Map<String, String> options() {
      return Map.of(
          "compression", codec,
          "parquet.enable.dictionary", Boolean.toString(dictionary),
          "parquet.writer.version", v2 ? "v2" : "v1",
          "parquet.block.size", Integer.toString(rowGroupBytes),
          // check the row group's size every few rows, so that small row groups are cut
          "parquet.block.size.row.check.min", "5",
          "parquet.block.size.row.check.max", "20",
          "parquet.page.row.count.limit", Integer.toString(pageRows),
          "parquet.page.size.row.check.min", "5");
    }
  }

  static final List<Layout> LAYOUTS = List.of(
      new Layout("snappy-dictionary-v1", "snappy", false, true, 128 << 20, 20_000, false),
      new Layout("snappy-plain-rowgroups-v1", "snappy", false, false, 8 << 10, 40, false),
      new Layout("gzip-plain-v1", "gzip", false, false, 128 << 20, 50, false),
      new Layout("gzip-dictionary-rowgroups-v1", "gzip", false, true, 8 << 10, 40, false),
      new Layout("zstd-dictionary-v1", "zstd", false, true, 128 << 20, 64, false),
      new Layout("zstd-plain-rowgroups-v1", "zstd", false, false, 8 << 10, 20_000, false),
      new Layout("uncompressed-plain-v1", "none", false, false, 128 << 20, 30, false),
      new Layout("uncompressed-dictionary-required-v1", "none", false, true, 128 << 20, 20_000, true),
      new Layout("lz4raw-plain-v1", "lz4raw", false, false, 16 << 10, 50, false),
      new Layout("snappy-dictionary-v2", "snappy", true, true, 128 << 20, 40, false),
      new Layout("zstd-delta-v2", "zstd", true, false, 8 << 10, 40, false),
      new Layout("uncompressed-delta-required-v2", "none", true, false, 128 << 20, 20_000, true),
      new Layout("gzip-delta-v2", "gzip", true, false, 128 << 20, 25, false));

  /**
   * {@code n} documents for a layout, reproducible by seed: for a dictionary layout drawn from 40 (fewer for small n)
   * (parquet-mr falls back to plain values when a dictionary does not pay), else mostly distinct;
   * a few null and a few empty either way.
   */
  static List<@Nullable String> texts(Layout layout, int n, long seed) {
    if (!layout.dictionary()) {
      return SparkDatasetTokenStatsTest.documents(n, seed);
    }
    List<@Nullable String> pool = SparkDatasetTokenStatsTest.documents(Math.min(40, Math.max(4, n / 6)), seed);
    java.util.Random r = new java.util.Random(seed);
    List<@Nullable String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(pool.get(r.nextInt(pool.size())));
    }
    return out;
  }

  static Dataset<Row> frame(SparkSession spark, List<@Nullable String> texts, boolean required) {
    List<Row> rows = new ArrayList<>();
    int id = 0;
    for (String t : texts) {
      if (required && t == null) {
        continue;
      }
      rows.add(RowFactory.create(id++, t));
    }
    StructType schema = DataTypes.createStructType(List.of(
        DataTypes.createStructField("id", DataTypes.IntegerType, false),
        DataTypes.createStructField("text", DataTypes.StringType, !required)));
    return spark.createDataFrame(rows, schema);
  }

  /** Writes the texts in one layout into {@code dir}, as {@code files} part files. */
  static void write(SparkSession spark, List<@Nullable String> texts, Layout layout, Path dir, int files) {
    frame(spark, texts, layout.required()).repartition(files).write().mode(SaveMode.Overwrite)
        .options(layout.options()).parquet(dir.toString());
  }

  /** The part files Spark wrote into {@code dir}. */
  static List<Path> parts(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
    }
  }

  /** Writes the texts as JSONL, a null text as a line without the field. */
  static void jsonl(List<@Nullable String> texts, Path file, boolean required) throws IOException {
    ObjectMapper json = new ObjectMapper();
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      int i = 0;
      for (String t : texts) {
        if (required && t == null) {
          continue;
        }
        ObjectNode o = json.createObjectNode().put("id", i++);
        if (t != null) {
          o.put("text", t);
        }
        w.write(json.writeValueAsString(o));
        w.write('\n');
      }
    }
  }

  /**
   * Writes the committed fixtures: 60 documents (each cut to at most 300 chars at a space) in each
   * layout as one file, their JSONL twins ({@code distinct}, {@code repeated}, each also
   * {@code -required}, without the null rows), and {@code columns.parquet}, whose columns a text
   * count must refuse.
   *
   * @param args the output directory
   */
  public static void main(String[] args) throws IOException {
    Path out = Paths.get(args[0]);
    Files.createDirectories(out);
    SparkSession spark = LocalSpark.session();
    for (Layout l : LAYOUTS) {
      List<@Nullable String> texts = new ArrayList<>();
      for (String t : texts(l, 60, 20261205L)) {
        texts.add(t == null || t.length() <= 300 ? t : t.substring(0, Math.max(0, t.lastIndexOf(' ', 300))));
      }
      Path tmp = Files.createTempDirectory("llmcost-parquet");
      write(spark, texts, l, tmp, 1);
      Files.copy(parts(tmp).get(0), out.resolve(l.name() + ".parquet"));
      Path twin = out.resolve((l.dictionary() ? "repeated" : "distinct") + (l.required() ? "-required" : "") + ".jsonl");
      if (!Files.exists(twin)) {
        jsonl(texts, twin, l.required());
      }
    }
    Path tmp = Files.createTempDirectory("llmcost-parquet");
    spark.sql("SELECT CAST(id AS BIGINT) AS id, CAST(id AS STRING) AS text, named_struct('title', 'a', 'n', id) AS meta,"
        + " array('x', CAST(id AS STRING)) AS tags, CAST('bytes' AS BINARY) AS blob, map('k', 'v') AS attrs"
        + " FROM range(5)").coalesce(1).write().mode(SaveMode.Overwrite).parquet(tmp.toString());
    Files.copy(parts(tmp).get(0), out.resolve("columns.parquet"));
    spark.stop();
  }
}
