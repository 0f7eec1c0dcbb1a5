package dev.llmcost.core.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stream that delivers at most {@code limit} bytes of the stream it wraps: the read that takes
 * the count past the limit calls the owner's {@link Exceeded} action, which throws the owner's
 * documented exception (a document limit on a parser that has none, a price file's size limit).
 * The count includes skipped bytes.
 */
public final class LimitedInputStream extends FilterInputStream {

  /** What a reader past the limit gets. */
  @FunctionalInterface
  public interface Exceeded {
    /**
     * Throws the owner's exception for a document of at least {@code bytesRead} bytes.
     *
     * @param bytesRead bytes delivered and skipped so far, above the limit
     * @throws IOException the owner's checked exception, when it has one
     */
    void exceeded(long bytesRead) throws IOException;
  }

  private final long limit;
  private final Exceeded exceeded;
  private long read;

  /**
   * Wraps {@code in}.
   *
   * @param in the stream to read
   * @param limit the most bytes delivered, at least 0
   * @param exceeded what throws when a read goes past the limit
   */
  public LimitedInputStream(InputStream in, long limit, Exceeded exceeded) {
    super(in);
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0 bytes, was " + limit);
    }
    this.limit = limit;
    this.exceeded = exceeded;
  }

  private long count(long n) throws IOException {
    if (n > 0) {
      read += n;
      if (read > limit) {
        exceeded.exceeded(read);
        throw new IOException("more than the limit of " + limit + " bytes, " + read + " read");
      }
    }
    return n;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    return (int) count(super.read(b, off, len));
  }

  @Override
  public long skip(long n) throws IOException {
    return count(super.skip(n));
  }
}
