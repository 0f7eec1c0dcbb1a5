package dev.llmcost.tokenizers.internal.parquet;

/**
 * Reads the RLE / bit-packing hybrid encoding of definition levels and dictionary indices, run by
 * run, without materializing the values (a run of a billion equal values is one step). Facts from
 * https://github.com/apache/parquet-format/blob/master/Encodings.md (RLE = 3): each run starts with
 * a ULEB128 header; an even header is an RLE run of {@code header >> 1} copies of one value stored
 * in {@code ceil(bitWidth / 8)} little-endian bytes; an odd one is {@code header >> 1} groups of
 * eight values bit-packed from the least significant bit of each byte.
 */
final class Hybrid {

  private final byte[] b;
  private int pos;
  private final int end;
  private final int bitWidth;

  /** The current run: {@code left} values, all {@code value} (RLE) or packed from {@code bitPos}. */
  private boolean packed;
  private long left;
  private int value;
  private long bitPos;

  Hybrid(byte[] b, int from, int end, int bitWidth) {
    if (bitWidth < 0 || bitWidth > 32) {
      throw new CompactReader.Malformed("a bit width of " + bitWidth);
    }
    this.b = b;
    this.pos = from;
    this.end = end;
    this.bitWidth = bitWidth;
  }

  /** Starts the next run; false at the end of the data. */
  private boolean nextRun() {
    if (pos >= end) {
      return false;
    }
    long h = 0;
    for (int shift = 0; ; shift += 7) {
      if (pos >= end || shift > 35) {
        throw new CompactReader.Malformed("a run header runs past the data");
      }
      int x = b[pos++] & 0xFF;
      h |= (long) (x & 0x7F) << shift;
      if ((x & 0x80) == 0) {
        break;
      }
    }
    if ((h & 1) == 0) {
      packed = false;
      left = h >>> 1;
      int bytes = (bitWidth + 7) / 8;
      if (end - pos < bytes) {
        throw new CompactReader.Malformed("an RLE run's value runs past the data");
      }
      long v = 0;
      for (int i = 0; i < bytes; i++) {
        v |= (long) (b[pos++] & 0xFF) << (8 * i);
      }
      if (bitWidth < 32 && v >>> bitWidth != 0 || v > Integer.MAX_VALUE) {
        throw new CompactReader.Malformed("an RLE run's value " + v + " is wider than " + bitWidth + " bits");
      }
      value = (int) v;
    } else {
      long values = (h >>> 1) * 8;
      long bytes = (h >>> 1) * bitWidth;
      packed = bitWidth > 0;
      left = values;
      value = 0;
      if (packed) {
        // the last run may be cut short: the values past the data are not there
        long have = Math.min(bytes, end - pos);
        bitPos = (long) pos * 8;
        left = Math.min(values, have * 8 / bitWidth);
        pos += (int) have;
      }
    }
    return true;
  }

  /** Counts, of the next {@code count} values, how many equal {@code v}. */
  long countEqual(long count, int v) {
    long n = 0;
    while (count > 0) {
      if (left == 0 && !nextRun()) {
        throw new CompactReader.Malformed("the levels hold fewer values than the page declares");
      }
      long k = Math.min(left, count);
      if (!packed) {
        if (value == v) {
          n += k;
        }
      } else {
        for (long i = 0; i < k; i++) {
          if (read() == v) {
            n++;
          }
        }
      }
      left -= k;
      count -= k;
    }
    return n;
  }

  /** Receives runs of one value. */
  interface RunSink {
    void run(int value, long times);
  }

  /** Hands the next {@code count} values to {@code sink}, a run of equal values at once. */
  void forEach(long count, RunSink sink) {
    while (count > 0) {
      if (left == 0 && !nextRun()) {
        throw new CompactReader.Malformed("the dictionary indices hold fewer values than the page declares");
      }
      long k = Math.min(left, count);
      if (!packed) {
        sink.run(value, k);
      } else {
        for (long i = 0; i < k; i++) {
          sink.run(read(), 1);
        }
      }
      left -= k;
      count -= k;
    }
  }

  /** The next bit-packed value (least significant bits first). */
  private int read() {
    long v = 0;
    for (int done = 0; done < bitWidth; ) {
      int byteIndex = (int) (bitPos >>> 3);
      int bit = (int) (bitPos & 7);
      int take = Math.min(8 - bit, bitWidth - done);
      long bits = ((b[byteIndex] & 0xFF) >>> bit) & ((1 << take) - 1);
      v |= bits << done;
      done += take;
      bitPos += take;
    }
    return (int) v;
  }
}
