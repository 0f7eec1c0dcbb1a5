package dev.llmcost.tokenizers.internal.parquet;

/**
 * Reads DELTA_BINARY_PACKED integers one at a time (the lengths and prefix lengths of
 * DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY). Facts from
 * https://github.com/apache/parquet-format/blob/master/Encodings.md (DELTA_BINARY_PACKED = 5): a
 * header of ULEB128 block size (a multiple of 128), miniblocks per block (their size a multiple of
 * 32), total value count and a zigzag first value; then blocks of a zigzag min delta, one bit-width
 * byte per miniblock and the miniblocks, bit-packed least significant bit first; arithmetic wraps.
 * Miniblocks after the last value are not stored.
 */
final class DeltaInts {

  private final byte[] b;
  private int pos;
  private final int end;
  private final long blockSize;
  private final long miniblocks;
  private final long perMiniblock;
  private final long total;
  private long read;
  private long last;

  /** Within the current block. */
  private long minDelta;
  private int widthsAt;
  private int miniblock;
  private long leftInMiniblock;
  private long bitPos;
  private int width;

  DeltaInts(byte[] b, int from, int end) {
    this.b = b;
    this.pos = from;
    this.end = end;
    this.blockSize = uleb();
    this.miniblocks = uleb();
    this.total = uleb();
    this.last = zigzag();
    if (blockSize <= 0 || blockSize % 128 != 0 || blockSize > 1 << 20 || miniblocks <= 0
        || blockSize % miniblocks != 0 || (blockSize / miniblocks) % 32 != 0) {
      throw new CompactReader.Malformed("a DELTA_BINARY_PACKED header of block size " + blockSize + " and "
          + miniblocks + " miniblocks");
    }
    if (total < 0 || total > Integer.MAX_VALUE) {
      throw new CompactReader.Malformed("a DELTA_BINARY_PACKED count of " + total);
    }
    this.perMiniblock = blockSize / miniblocks;
    this.miniblock = (int) miniblocks; // no block started
  }

  long total() {
    return total;
  }

  private long uleb() {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= end) {
        throw new CompactReader.Malformed("DELTA_BINARY_PACKED data ends inside a varint");
      }
      int x = b[pos++] & 0xFF;
      v |= (long) (x & 0x7F) << shift;
      if ((x & 0x80) == 0) {
        return v;
      }
    }
    throw new CompactReader.Malformed("a varint longer than 10 bytes");
  }

  private long zigzag() {
    long v = uleb();
    return (v >>> 1) ^ -(v & 1);
  }

  /** The next value. */
  long next() {
    if (read >= total) {
      throw new CompactReader.Malformed("DELTA_BINARY_PACKED data holds " + total + " values, more were needed");
    }
    if (read++ == 0) {
      return last;
    }
    if (leftInMiniblock == 0) {
      startMiniblock();
    }
    long d = 0;
    for (int done = 0; done < width; ) {
      int byteIndex = (int) (bitPos >>> 3);
      int bit = (int) (bitPos & 7);
      int take = Math.min(8 - bit, width - done);
      long bits = ((b[byteIndex] & 0xFF) >>> bit) & ((1L << take) - 1);
      d |= bits << done;
      done += take;
      bitPos += take;
    }
    leftInMiniblock--;
    last = last + minDelta + d;
    return last;
  }

  private void startMiniblock() {
    if (miniblock >= miniblocks) {
      minDelta = zigzag();
      if (end - pos < miniblocks) {
        throw new CompactReader.Malformed("DELTA_BINARY_PACKED data ends inside the bit widths");
      }
      widthsAt = pos;
      pos += (int) miniblocks;
      miniblock = 0;
    }
    width = b[widthsAt + miniblock] & 0xFF;
    if (width > 64) {
      throw new CompactReader.Malformed("a DELTA_BINARY_PACKED bit width of " + width);
    }
    miniblock++;
    long bytes = perMiniblock * width / 8;
    long valuesLeft = total - read + 1;
    // the last miniblock may be cut short: what is needed must be there
    long needed = (Math.min(perMiniblock, valuesLeft) * width + 7) / 8;
    if (needed > end - pos) {
      throw new CompactReader.Malformed("a DELTA_BINARY_PACKED miniblock runs past the data");
    }
    bitPos = (long) pos * 8;
    pos += (int) Math.min(bytes, end - pos);
    leftInMiniblock = perMiniblock;
  }

  /** Reads to the end of the values; returns the position after them (where the next section starts). */
  int skipToEnd() {
    while (read < total) {
      if (read == 0) {
        read = 1;
        continue;
      }
      if (leftInMiniblock == 0) {
        startMiniblock();
      }
      long k = Math.min(leftInMiniblock, total - read);
      leftInMiniblock -= k;
      read += k;
    }
    return pos;
  }
}
