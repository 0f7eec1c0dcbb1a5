package dev.llmcost.spark;

import dev.llmcost.spark.internal.TokenizerCache;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.jspecify.annotations.Nullable;

/**
 * The Spark SQL functions {@code token_count(text, tokenizer)} and {@code token_ids(text,
 * tokenizer)}, for SQL once {@link #register registered} and for the DataFrame API as {@link
 * #tokenCount} and {@link #tokenIds}.
 *
 * <pre>{@code
 * LlmcostFunctions.register(spark);
 * spark.sql("SELECT sum(token_count(text, 'gpt-4o')) FROM docs");
 * docs.select(LlmcostFunctions.tokenIds(col("text"), "qwen2.5"));
 * }</pre>
 *
 * <p>The tokenizer argument is any id {@link dev.llmcost.tokenizers.TokenizerRegistry} resolves
 * ({@code gpt-4o}, {@code o200k_base}, {@code cl100k_base}, {@code qwen2.5} and the other
 * vocabularies of llmcost-tokenizers-vocab, {@code character}), or the handle {@link
 * #shipTokenizerFile} returns for the user's own {@code tokenizer.json}. Each executor JVM loads a
 * tokenizer once, on the first row that names it, and shares it between its tasks; only the id
 * string travels with the task. Counts are those of {@link
 * dev.llmcost.tokenizers.Tokenizer#countTokens}: special tokens counted as text, nothing added.
 * A null text gives null.
 */
public final class LlmcostFunctions {

  /** The SQL name of the token count function. */
  public static final String TOKEN_COUNT = "token_count";

  /** The SQL name of the token ids function. */
  public static final String TOKEN_IDS = "token_ids";

  private static final UserDefinedFunction COUNT =
      functions.udf((UDF2<String, String, Long>) LlmcostFunctions::count, DataTypes.LongType)
          .withName(TOKEN_COUNT);

  private static final UserDefinedFunction IDS =
      functions.udf((UDF2<String, String, int[]>) LlmcostFunctions::ids,
          DataTypes.createArrayType(DataTypes.IntegerType, false)).withName(TOKEN_IDS);

  private LlmcostFunctions() {}

  /**
   * Registers {@code token_count} and {@code token_ids} with a session's SQL function registry.
   *
   * @param spark the session
   */
  public static void register(SparkSession spark) {
    spark.udf().register(TOKEN_COUNT, COUNT);
    spark.udf().register(TOKEN_IDS, IDS);
  }

  /**
   * Returns the tokens of a string column under one tokenizer, as a {@code bigint} column.
   *
   * @param text a string column
   * @param tokenizer a tokenizer id or a {@link #shipTokenizerFile} handle
   * @return the count column, null where the text is null
   */
  public static Column tokenCount(Column text, String tokenizer) {
    return COUNT.apply(text, functions.lit(tokenizer));
  }

  /**
   * Returns the token ids of a string column under one tokenizer, as an {@code array<int>} column.
   *
   * @param text a string column
   * @param tokenizer a tokenizer id or a {@link #shipTokenizerFile} handle
   * @return the ids column, null where the text is null
   */
  public static Column tokenIds(Column text, String tokenizer) {
    return IDS.apply(text, functions.lit(tokenizer));
  }

  /**
   * Ships a HuggingFace {@code tokenizer.json} (or {@code .json.gz}) to every executor with {@code
   * SparkContext.addFile} and returns the handle that names it in {@link #tokenCount}, {@link
   * #tokenIds} and {@link SparkDatasetTokenStats}: the file, not a loaded tokenizer, is what
   * travels; each executor loads its copy once. Spark refuses two different files of the same
   * name in one application: give each file its own name.
   *
   * @param spark the session
   * @param path the file: a local path or any URI {@code addFile} takes (HDFS, S3)
   * @return the handle, {@code spark-file:<file name>}
   * @throws IllegalArgumentException if the path names no file
   */
  public static String shipTokenizerFile(SparkSession spark, String path) {
    String name = fileName(path);
    spark.sparkContext().addFile(path);
    return TokenizerCache.SPARK_FILE_PREFIX + name;
  }

  static String fileName(String path) {
    String p = path.strip();
    int slash = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
    String name = p.substring(slash + 1);
    if (name.isEmpty()) {
      throw new IllegalArgumentException("tokenizer file path must name a file, was " + path);
    }
    return name;
  }

  private static @Nullable Long count(@Nullable String text, @Nullable String tokenizer) {
    if (text == null) {
      return null;
    }
    return TokenizerCache.get(requireTokenizer(tokenizer)).countTokens(text).value();
  }

  private static int @Nullable [] ids(@Nullable String text, @Nullable String tokenizer) {
    if (text == null) {
      return null;
    }
    return TokenizerCache.get(requireTokenizer(tokenizer)).encodeToArray(text);
  }

  private static String requireTokenizer(@Nullable String tokenizer) {
    if (tokenizer == null || tokenizer.isBlank()) {
      throw new IllegalArgumentException("tokenizer must name a tokenizer, was " + tokenizer);
    }
    return tokenizer;
  }
}
