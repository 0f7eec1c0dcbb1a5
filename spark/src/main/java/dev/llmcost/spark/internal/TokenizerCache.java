package dev.llmcost.spark.internal;

import dev.llmcost.tokenizers.Tokenizer;
import dev.llmcost.tokenizers.TokenizerRegistry;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkFiles;

/**
 * The tokenizers of one JVM (the driver or an executor), loaded once by id and shared by every
 * task the JVM runs: a tokenizer is thread-safe and holds its vocabulary (tens of MB for
 * o200k or Qwen2.5), so it is never serialized with a task or broadcast as an object.
 *
 * <p>An id is anything {@link TokenizerRegistry#resolve} takes ({@code gpt-4o}, {@code
 * cl100k_base}, {@code qwen2.5} with llmcost-tokenizers-vocab on the class path), or a handle
 * {@value #SPARK_FILE_PREFIX}{@code name} for a {@code tokenizer.json} shipped with {@code
 * SparkContext.addFile}: each JVM reads its own copy at {@link SparkFiles#get}.
 */
public final class TokenizerCache {

  /** The prefix of a handle that names a file shipped with {@code SparkContext.addFile}. */
  public static final String SPARK_FILE_PREFIX = "spark-file:";

  private static final ConcurrentHashMap<String, Tokenizer> CACHE = new ConcurrentHashMap<>();

  private TokenizerCache() {}

  /**
   * Returns the tokenizer for an id or a shipped file's handle, loading it on first use in this JVM.
   *
   * @param idOrHandle a registry id or path, or {@value #SPARK_FILE_PREFIX}{@code name}
   * @return the tokenizer
   * @throws IllegalArgumentException if nothing knows the id, or the shipped file is missing or malformed
   */
  public static Tokenizer get(String idOrHandle) {
    Tokenizer t = CACHE.get(idOrHandle);
    if (t != null) {
      return t;
    }
    return CACHE.computeIfAbsent(idOrHandle, TokenizerCache::load);
  }

  private static Tokenizer load(String idOrHandle) {
    if (idOrHandle.startsWith(SPARK_FILE_PREFIX)) {
      String name = idOrHandle.substring(SPARK_FILE_PREFIX.length());
      if (name.isEmpty()) {
        throw new IllegalArgumentException("tokenizer handle names no file: " + idOrHandle);
      }
      return TokenizerRegistry.standard().resolve(SparkFiles.get(name));
    }
    return TokenizerRegistry.standard().resolve(idOrHandle);
  }
}
