package dev.llmcost.tokenizers.dataset;

import java.time.Duration;

/** How far a {@link DatasetCounter} run has got: a snapshot handed to its progress listener. */
public final class DatasetProgress {

  private final long bytesRead;
  private final long bytesTotal;
  private final long documents;
  private final long tokens;
  private final Duration elapsed;
  private final boolean done;

  DatasetProgress(long bytesRead, long bytesTotal, long documents, long tokens, Duration elapsed, boolean done) {
    this.bytesRead = bytesRead;
    this.bytesTotal = bytesTotal;
    this.documents = documents;
    this.tokens = tokens;
    this.elapsed = elapsed;
    this.done = done;
  }

  /** Returns the bytes read from the files so far (compressed bytes for a compressed file). */
  public long bytesRead() {
    return bytesRead;
  }

  /** Returns the size of all the files, in bytes as stored. */
  public long bytesTotal() {
    return bytesTotal;
  }

  /** Returns the documents counted so far. */
  public long documents() {
    return documents;
  }

  /** Returns the tokens counted so far under the first tokenizer. */
  public long tokens() {
    return tokens;
  }

  /** Returns the time since the run started. */
  public Duration elapsed() {
    return elapsed;
  }

  /** Returns whether this is the last report of the run. */
  public boolean done() {
    return done;
  }

  /** Returns the fraction of the bytes read, 0 to 1 (1 for no bytes). */
  public double fraction() {
    return bytesTotal == 0 ? 1 : Math.min(1.0, (double) bytesRead / bytesTotal);
  }

  /** Returns tokens (under the first tokenizer) counted per second so far, 0 at the start. */
  public double tokensPerSecond() {
    double s = elapsed.toNanos() / 1e9;
    return s <= 0 ? 0 : tokens / s;
  }

  @Override
  public String toString() {
    return "DatasetProgress[" + bytesRead + "/" + bytesTotal + " bytes, " + documents + " documents, " + tokens
        + " tokens, " + elapsed + (done ? ", done" : "") + "]";
  }
}
