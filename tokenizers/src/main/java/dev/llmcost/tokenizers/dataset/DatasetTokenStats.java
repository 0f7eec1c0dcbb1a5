package dev.llmcost.tokenizers.dataset;

import dev.llmcost.core.TokenCount;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link DatasetCounter} found: documents, characters, bytes and tokens under each tokenizer,
 * in total, per file and (when asked for) per language. Immutable.
 */
public final class DatasetTokenStats {

  private final List<String> tokenizers;
  private final DatasetTally total;
  private final Map<Path, DatasetTally> files;
  private final Map<String, DatasetTally> languages;
  private final long bytesRead;
  private final int threads;
  private final Duration elapsed;
  private final long peakChunkBytes;
  private final List<String> assumptions;

  DatasetTokenStats(List<String> tokenizers, DatasetTally total, Map<Path, DatasetTally> files,
      Map<String, DatasetTally> languages, long bytesRead, int threads, Duration elapsed,
      long peakChunkBytes, List<String> assumptions) {
    this.tokenizers = List.copyOf(tokenizers);
    this.total = total;
    this.files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    this.languages = Collections.unmodifiableMap(new LinkedHashMap<>(languages));
    this.bytesRead = bytesRead;
    this.threads = threads;
    this.elapsed = elapsed;
    this.peakChunkBytes = peakChunkBytes;
    this.assumptions = List.copyOf(assumptions);
  }

  /** Returns the ids of the tokenizers counted with, in the order given. */
  public List<String> tokenizers() {
    return tokenizers;
  }

  /** Returns the whole dataset's tally. */
  public DatasetTally total() {
    return total;
  }

  /**
   * Returns the whole dataset's tokens under one tokenizer: the figure to train on ({@code llmcost
   * train --tokens}, {@code ComputeOptimal}).
   *
   * @param tokenizer the tokenizer's id
   * @return the tokens
   * @throws IllegalArgumentException if the tokenizer was not counted with
   */
  public TokenCount tokens(String tokenizer) {
    return total.tokens(tokenizer);
  }

  /** Returns each file's tally, in the order the files were read. */
  public Map<Path, DatasetTally> files() {
    return files;
  }

  /**
   * Returns each language's tally, most tokens (under the first tokenizer) first; empty unless a
   * {@link LanguageIdentifier} was given.
   */
  public Map<String, DatasetTally> languages() {
    return languages;
  }

  /**
   * Returns the JSONL lines skipped: without the field, or with a field that is not a string (blank
   * lines are no documents); the total's {@link DatasetTally#skippedDocuments()}.
   */
  public long skippedDocuments() {
    return total.skippedDocuments();
  }

  /** Returns the bytes read from the files as stored (compressed bytes for compressed files). */
  public long bytesRead() {
    return bytesRead;
  }

  /** Returns the threads that counted. */
  public int threads() {
    return threads;
  }

  /** Returns the wall-clock time of the run. */
  public Duration elapsed() {
    return elapsed;
  }

  /**
   * Returns the most bytes the chunks waiting or being counted held at once (a plain-text char
   * counted as 2 bytes): the memory the run needed for data, bounded by about 2 × threads × chunk
   * size whatever the dataset's size.
   */
  public long peakChunkBytes() {
    return peakChunkBytes;
  }

  /** Returns the settings that shaped the numbers (the field read, how languages were told apart). */
  public List<String> assumptions() {
    return assumptions;
  }

  @Override
  public String toString() {
    return "DatasetTokenStats[" + tokenizers + ", total=" + total + ", files=" + files.size() + ", languages="
        + languages.keySet() + "]";
  }
}
