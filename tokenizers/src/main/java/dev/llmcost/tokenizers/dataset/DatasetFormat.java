package dev.llmcost.tokenizers.dataset;

/** How the files of a dataset are read. */
public enum DatasetFormat {
  /**
   * From each file's name: {@code .parquet} is {@link #PARQUET}; {@code .jsonl}, {@code .ndjson}
   * and {@code .json} (one object a line) are {@link #JSONL}, everything else {@link #TEXT}; after
   * removing {@code .gz}, {@code .zst} or {@code .zstd}, which say how the file is compressed.
   */
  AUTO,
  /** UTF-8 text: each file is one document, counted in parts where every tokenizer allows a cut. */
  TEXT,
  /** JSON Lines: each line an object, whose named string field is one document. */
  JSONL,
  /**
   * Apache Parquet: each non-null value of the named top-level string column is one document (a
   * null is a skipped document); the file's pages are compressed by Parquet itself.
   */
  PARQUET
}
