package dev.llmcost.core.gguf;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a GGUF header through a small window over a file channel. Every count and length is
 * checked against the bytes the header may still take before anything is allocated, so a hostile
 * file costs at most about its header limit in memory and one pass over it in time.
 */
final class GgufParser {
  /** Nested arrays deeper than this are refused (the specification allows nesting; files use 1). */
  static final int MAX_ARRAY_DEPTH = 4;

  private static final int WINDOW = 1 << 16;

  private final FileChannel channel;
  private final long fileSize;
  private final long limit;
  private final ByteBuffer window = ByteBuffer.allocate(WINDOW);
  private long windowStart;
  private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

  GgufParser(FileChannel channel, long fileSize, long maxHeaderBytes) {
    this.channel = channel;
    this.fileSize = fileSize;
    this.limit = Math.min(fileSize, maxHeaderBytes);
    window.order(ByteOrder.LITTLE_ENDIAN);
    window.limit(0);
    windowStart = 0;
  }

  void order(ByteOrder byteOrder) {
    this.order = byteOrder;
    window.order(byteOrder);
  }

  ByteOrder order() {
    return order;
  }

  long position() {
    return windowStart + window.position();
  }

  long remaining() {
    return limit - position();
  }

  long fileSize() {
    return fileSize;
  }

  long limit() {
    return limit;
  }

  private void ensure(int n, String what) throws IOException {
    if (remaining() < n) {
      throw new GgufFormatException(what + " at byte " + position() + " needs " + n
          + " bytes but the header ends at byte " + limit + endReason());
    }
    if (window.remaining() >= n) {
      return;
    }
    long pos = position();
    window.compact();
    long readAt = pos + window.position();
    while (window.position() < n) {
      int r = channel.read(window, readAt);
      if (r < 0) {
        throw new EOFException("file ended at byte " + readAt);
      }
      readAt += r;
    }
    window.flip();
    windowStart = pos;
  }

  private String endReason() {
    return limit < fileSize
        ? " (the reader's header limit; the file has " + fileSize + " bytes)"
        : " (the end of the file)";
  }

  int u8(String what) throws IOException {
    ensure(1, what);
    return window.get() & 0xFF;
  }

  long u32(String what) throws IOException {
    ensure(4, what);
    return window.getInt() & 0xFFFF_FFFFL;
  }

  long u64(String what) throws IOException {
    ensure(8, what);
    return window.getLong();
  }

  byte[] bytes(int n, String what) throws IOException {
    byte[] out = new byte[n];
    int done = 0;
    while (done < n) {
      int chunk = Math.min(WINDOW, n - done);
      ensure(chunk, what);
      window.get(out, done, chunk);
      done += chunk;
    }
    return out;
  }

  /** Reads a uint64 length checked against what remains, for {@code minEach} bytes per element. */
  int count(String what, long minEach) throws IOException {
    long at = position();
    long n = u64(what);
    if (n < 0 || n > remaining() / Math.max(1, minEach) || n > Integer.MAX_VALUE - 8) {
      throw new GgufFormatException(what + " at byte " + at + " is " + Long.toUnsignedString(n)
          + ", more than the " + remaining() + " bytes left in the header can hold"
          + endReason());
    }
    return (int) n;
  }

  String string(String what) throws IOException {
    long at = position();
    int n = count(what + " length", 1);
    byte[] b = bytes(n, what);
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b))
          .toString();
    } catch (CharacterCodingException e) {
      throw new GgufFormatException(what + " at byte " + at + " is not valid UTF-8", e);
    }
  }

  GgufValueType valueType(String what) throws IOException {
    long at = position();
    long id = u32(what);
    return GgufValueType.ofId(id).orElseThrow(() -> new GgufFormatException(
        what + " at byte " + at + " is " + id + ", not a GGUF value type (0 to 12)"));
  }

  Object value(GgufValueType t, String what, int depth) throws IOException {
    return switch (t) {
      case UINT8 -> (long) u8(what);
      case INT8 -> (long) (byte) u8(what);
      case UINT16 -> {
        ensure(2, what);
        yield (long) (window.getShort() & 0xFFFF);
      }
      case INT16 -> {
        ensure(2, what);
        yield (long) window.getShort();
      }
      case UINT32 -> u32(what);
      case INT32 -> {
        ensure(4, what);
        yield (long) window.getInt();
      }
      case UINT64, INT64 -> u64(what);
      case FLOAT32 -> {
        ensure(4, what);
        yield (double) window.getFloat();
      }
      case FLOAT64 -> {
        ensure(8, what);
        yield window.getDouble();
      }
      case BOOL -> {
        long at = position();
        int b = u8(what);
        if (b > 1) {
          throw new GgufFormatException(what + " at byte " + at + " is a bool of value " + b + ", not 0 or 1");
        }
        yield b == 1;
      }
      case STRING -> string(what);
      case ARRAY -> array(what, depth + 1);
    };
  }

  GgufArray array(String what, int depth) throws IOException {
    if (depth > MAX_ARRAY_DEPTH) {
      throw new GgufFormatException(what + " at byte " + position() + " nests arrays deeper than "
          + MAX_ARRAY_DEPTH + " levels");
    }
    GgufValueType et = valueType(what + " element type");
    int n = count(what + " element count", et.minBytes());
    if (et == GgufValueType.STRING) {
      int[] offsets = new int[n + 1];
      java.io.ByteArrayOutputStream blob = new java.io.ByteArrayOutputStream();
      for (int i = 0; i < n; i++) {
        int len = count(what + "[" + i + "] length", 1);
        blob.write(bytes(len, what + "[" + i + "]"));
        offsets[i + 1] = blob.size();
      }
      return new GgufArray(et, n, blob.toByteArray(), offsets, List.of(), order);
    }
    if (et == GgufValueType.ARRAY) {
      List<GgufArray> nested = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        nested.add(array(what + "[" + i + "]", depth + 1));
      }
      return new GgufArray(et, n, new byte[0], new int[0], nested, order);
    }
    byte[] data = bytes(Math.multiplyExact(n, et.minBytes()), what);
    if (et == GgufValueType.BOOL) {
      for (int i = 0; i < n; i++) {
        if ((data[i] & 0xFF) > 1) {
          throw new GgufFormatException(what + "[" + i + "] is a bool of value " + (data[i] & 0xFF) + ", not 0 or 1");
        }
      }
    }
    return new GgufArray(et, n, data, new int[0], List.of(), order);
  }
}
