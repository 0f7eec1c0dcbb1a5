package dev.llmcost.spark;

import dev.llmcost.core.TokenCount;
import dev.llmcost.spark.internal.CountPartition;
import dev.llmcost.spark.internal.TokenizerCache;
import dev.llmcost.tokenizers.dataset.DatasetTally;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.jspecify.annotations.Nullable;

/**
 * The token counts of a Spark dataset's text column under several tokenizers, in total and per
 * language: the Spark twin of {@link dev.llmcost.tokenizers.dataset.DatasetCounter}, whose figures
 * it equals on the same documents (each non-null value is one document, counted whole).
 *
 * <pre>{@code
 * SparkDatasetTokenStats s = SparkDatasetTokenStats.run(
 *     spark.read().parquet("s3://crawl/"), "text", List.of("gpt-4o", "qwen2.5"), "lang");
 * long tokens = s.tokens("o200k_base").value();
 * s.report().write().parquet("s3://reports/crawl-tokens");
 * }</pre>
 *
 * <p>One pass over the data: each partition counts its rows under every tokenizer (loaded once
 * per executor JVM, see {@link LlmcostFunctions}) and emits one small row per language it met;
 * those rows are summed per language, so the shuffle carries a few rows per partition whatever
 * the size of the text. The language comes from a column the caller fills (a metadata field, or a
 * detector run as a UDF); a null language counts as {@code und}. Immutable.
 */
public final class SparkDatasetTokenStats {

  private final SparkSession spark;
  private final List<String> tokenizers;
  private final DatasetTally total;
  private final Map<String, DatasetTally> languages;
  private final List<String> assumptions;

  private SparkDatasetTokenStats(SparkSession spark, List<String> tokenizers, DatasetTally total,
      Map<String, DatasetTally> languages, List<String> assumptions) {
    this.spark = spark;
    this.tokenizers = List.copyOf(tokenizers);
    this.total = total;
    this.languages = Collections.unmodifiableMap(new LinkedHashMap<>(languages));
    this.assumptions = List.copyOf(assumptions);
  }

  /**
   * Counts a text column under several tokenizers.
   *
   * @param data the dataset
   * @param column the name of a string column; each non-null value is one document
   * @param tokenizers tokenizer ids or {@link LlmcostFunctions#shipTokenizerFile} handles, at least one
   * @return the counts
   * @throws IllegalArgumentException if the column is missing or not a string, if no tokenizer is
   *     given, one is unknown or two are the same tokenizer
   */
  public static SparkDatasetTokenStats run(Dataset<Row> data, String column, List<String> tokenizers) {
    return run(data, column, tokenizers, null);
  }

  /**
   * Counts a text column under several tokenizers, in total and per language.
   *
   * @param data the dataset
   * @param column the name of a string column; each non-null value is one document
   * @param tokenizers tokenizer ids or {@link LlmcostFunctions#shipTokenizerFile} handles, at least one
   * @param languageColumn the name of a string column holding each document's language (such as an
   *     ISO 639-3 code), or null for totals only
   * @return the counts
   * @throws IllegalArgumentException if a column is missing or not a string, if no tokenizer is
   *     given, one is unknown or two are the same tokenizer
   */
  public static SparkDatasetTokenStats run(Dataset<Row> data, String column, List<String> tokenizers,
      @Nullable String languageColumn) {
    StructType schema = data.schema();
    requireString(schema, "column", column);
    if (languageColumn != null) {
      requireString(schema, "languageColumn", languageColumn);
    }
    if (tokenizers.isEmpty()) {
      throw new IllegalArgumentException("tokenizers must name at least one tokenizer, was []");
    }
    List<String> ids = new ArrayList<>();
    for (String t : tokenizers) {
      String id = TokenizerCache.get(t).id();
      if (ids.contains(id)) {
        throw new IllegalArgumentException("tokenizers must differ, " + id + " was given twice (as " + t + ")");
      }
      ids.add(id);
    }
    int n = ids.size();
    boolean byLanguage = languageColumn != null;
    Dataset<Row> in = byLanguage
        ? data.select(quoted(column), quoted(languageColumn))
        : data.select(quoted(column));
    List<StructField> fields = new ArrayList<>(List.of(
        DataTypes.createStructField("language", DataTypes.StringType, false),
        DataTypes.createStructField("documents", DataTypes.LongType, false),
        DataTypes.createStructField("skipped", DataTypes.LongType, false),
        DataTypes.createStructField("characters", DataTypes.LongType, false),
        DataTypes.createStructField("bytes", DataTypes.LongType, false)));
    for (int i = 0; i < n; i++) {
      fields.add(DataTypes.createStructField("t" + i, DataTypes.LongType, false));
    }
    StructType partial = DataTypes.createStructType(fields);
    Dataset<Row> counted = in.mapPartitions(new CountPartition(tokenizers, byLanguage), Encoders.row(partial));
    Column[] sums = new Column[3 + n];
    sums[0] = functions.sum("skipped");
    sums[1] = functions.sum("characters");
    sums[2] = functions.sum("bytes");
    for (int i = 0; i < n; i++) {
      sums[3 + i] = functions.sum("t" + i);
    }
    List<Row> rows = counted.groupBy("language").agg(functions.sum("documents"), sums).collectAsList();

    long[] all = new long[4 + n];
    Map<String, DatasetTally> langs = new LinkedHashMap<>();
    List<Map.Entry<String, long[]>> perLanguage = new ArrayList<>();
    for (Row r : rows) {
      long[] t = new long[4 + n];
      for (int i = 0; i < 4 + n; i++) {
        t[i] = r.getLong(1 + i);
        all[i] += t[i];
      }
      perLanguage.add(Map.entry(r.getString(0), t));
    }
    if (byLanguage) {
      perLanguage.sort(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[4])
          .thenComparing(Map.Entry::getKey));
      for (Map.Entry<String, long[]> e : perLanguage) {
        langs.put(e.getKey(), tally(ids, e.getValue()));
      }
    }
    List<String> assumptions = new ArrayList<>();
    assumptions.add("each non-null value of column " + column
        + " is one document, counted whole: special tokens as text, nothing added; null values skipped");
    if (byLanguage) {
      assumptions.add("language of each document from column " + languageColumn + ", null as "
          + CountPartition.UNDETERMINED);
    }
    return new SparkDatasetTokenStats(data.sparkSession(), ids, tally(ids, all), langs, assumptions);
  }

  private static DatasetTally tally(List<String> ids, long[] t) {
    Map<String, Long> tokens = new LinkedHashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      tokens.put(ids.get(i), t[4 + i]);
    }
    return DatasetTally.of(t[0], t[1], t[2], t[3], tokens);
  }

  private static Column quoted(String name) {
    return functions.col("`" + name.replace("`", "``") + "`");
  }

  private static void requireString(StructType schema, String what, String name) {
    StructField field = null;
    for (StructField f : schema.fields()) {
      if (f.name().equals(name)) {
        field = f;
      }
    }
    if (field == null) {
      throw new IllegalArgumentException(
          what + " must be one of the dataset's columns " + Arrays.toString(schema.fieldNames()) + ", was " + name);
    }
    DataType type = field.dataType();
    if (!type.equals(DataTypes.StringType)) {
      throw new IllegalArgumentException(what + " " + name + " must be a string column, was " + type.simpleString());
    }
  }

  /** Returns the ids of the tokenizers counted with ({@link dev.llmcost.tokenizers.Tokenizer#id()}), in the order given. */
  public List<String> tokenizers() {
    return tokenizers;
  }

  /** Returns the whole dataset's tally; its skipped documents are the rows whose text was null. */
  public DatasetTally total() {
    return total;
  }

  /**
   * Returns the whole dataset's tokens under one tokenizer: the figure to train on.
   *
   * @param tokenizer the tokenizer's id
   * @return the tokens
   * @throws IllegalArgumentException if the tokenizer was not counted with
   */
  public TokenCount tokens(String tokenizer) {
    return total.tokens(tokenizer);
  }

  /**
   * Returns each language's tally, most tokens (under the first tokenizer) first; empty unless a
   * language column was given. A row whose text is null is skipped in its language's tally (unlike
   * {@link dev.llmcost.tokenizers.dataset.DatasetCounter}, which has no language for a line without
   * text).
   */
  public Map<String, DatasetTally> languages() {
    return languages;
  }

  /** Returns the rows skipped because their text was null. */
  public long skippedDocuments() {
    return total.skippedDocuments();
  }

  /** Returns what shaped the numbers: the column read, where languages came from. */
  public List<String> assumptions() {
    return assumptions;
  }

  /**
   * Returns the report as a small DataFrame to write out ({@code report().write().parquet(path)}):
   * one row per tokenizer for the total ({@code scope = "total"}, {@code language} null) and per
   * tokenizer and language ({@code scope = "language"}), with {@code documents},
   * {@code skipped_documents}, {@code characters}, {@code bytes}, {@code tokens} and {@code
   * tokens_per_character}.
   *
   * @return the report
   */
  public Dataset<Row> report() {
    StructType schema = DataTypes.createStructType(List.of(
        DataTypes.createStructField("scope", DataTypes.StringType, false),
        DataTypes.createStructField("language", DataTypes.StringType, true),
        DataTypes.createStructField("tokenizer", DataTypes.StringType, false),
        DataTypes.createStructField("documents", DataTypes.LongType, false),
        DataTypes.createStructField("skipped_documents", DataTypes.LongType, false),
        DataTypes.createStructField("characters", DataTypes.LongType, false),
        DataTypes.createStructField("bytes", DataTypes.LongType, false),
        DataTypes.createStructField("tokens", DataTypes.LongType, false),
        DataTypes.createStructField("tokens_per_character", DataTypes.DoubleType, false)));
    List<Row> rows = new ArrayList<>();
    addRows(rows, "total", null, total);
    for (Map.Entry<String, DatasetTally> e : languages.entrySet()) {
      addRows(rows, "language", e.getKey(), e.getValue());
    }
    return spark.createDataFrame(rows, schema);
  }

  private void addRows(List<Row> rows, String scope, @Nullable String language, DatasetTally t) {
    for (String id : tokenizers) {
      rows.add(RowFactory.create(scope, language, id, t.documents(), t.skippedDocuments(), t.characters(),
          t.bytes(), t.tokens(id).value(), t.tokensPerCharacter(id)));
    }
  }

  @Override
  public String toString() {
    return "SparkDatasetTokenStats[" + tokenizers + ", total=" + total + ", languages=" + languages.keySet() + "]";
  }
}
