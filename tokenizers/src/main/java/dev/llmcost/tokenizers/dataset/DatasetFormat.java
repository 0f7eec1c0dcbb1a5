package dev.llmcost.tokenizers.dataset;

/** How the files of a dataset are read. */
public enum DatasetFormat {
  /**
   * From each file's name: {@code .jsonl}, {@code .ndjson} and {@code .json} (one object a line)
   * are {@link #JSONL}, everything else {@link #TEXT}; after removing {@code .gz}, {@code .zst} or
   * {@code .zstd}, which say how the file is compressed.
   */
  AUTO,
  /** UTF-8 text: each file is one document, counted in parts where every tokenizer allows a cut. */
  TEXT,
  /** JSON Lines: each line an object, whose named string field is one document. */
  JSONL
}
