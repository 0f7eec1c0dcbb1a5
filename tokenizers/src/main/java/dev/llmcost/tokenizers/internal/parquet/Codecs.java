package dev.llmcost.tokenizers.internal.parquet;

import dev.llmcost.tokenizers.internal.ZstdStreams;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Decompresses one page as Parquet's codecs store it
 * (https://github.com/apache/parquet-format/blob/master/Compression.md): SNAPPY (raw Snappy
 * blocks), GZIP (RFC 1952, the JDK), ZSTD (RFC 8878 frames, the pure-Java
 * {@code io.airlift:aircompressor}) and LZ4_RAW (LZ4 blocks). The output grows with the data
 * actually produced up to the size the page header declares, so a hostile declared size allocates
 * nothing, and output beyond it is refused.
 */
final class Codecs {

  static final int UNCOMPRESSED = 0;
  static final int SNAPPY = 1;
  static final int GZIP = 2;
  static final int ZSTD = 6;
  static final int LZ4_RAW = 7;


  private Codecs() {}

  static boolean supported(int codec) {
    return codec == UNCOMPRESSED || codec == SNAPPY || codec == GZIP || codec == ZSTD || codec == LZ4_RAW;
  }

  /**
   * Decompresses {@code in[from, from + length)} into exactly {@code size} bytes.
   *
   * @throws CompactReader.Malformed if the data is not valid or its size is not {@code size}
   */
  static byte[] decompress(int codec, byte[] in, int from, int length, int size) {
    return switch (codec) {
      case UNCOMPRESSED -> {
        if (length != size) {
          throw new CompactReader.Malformed("an uncompressed page of " + length + " bytes declares " + size);
        }
        yield Arrays.copyOfRange(in, from, from + length);
      }
      case SNAPPY -> snappy(in, from, length, size);
      case LZ4_RAW -> lz4(in, from, length, size);
      case GZIP -> {
        try {
          yield drain(new GZIPInputStream(new ByteArrayInputStream(in, from, length), 1 << 14), size, "GZIP");
        } catch (IOException e) {
          throw new CompactReader.Malformed("GZIP data is not valid: " + e.getMessage());
        }
      }
      case ZSTD -> drain(zstdStream(new ByteArrayInputStream(in, from, length)), size, "ZSTD");
      default -> throw new IllegalStateException("codec " + codec + " was not refused");
    };
  }

  private static InputStream zstdStream(InputStream in) {
    try {
      return ZstdStreams.open(in);
    } catch (ClassNotFoundException | NoSuchMethodException e) {
      throw new IllegalArgumentException("reading ZSTD Parquet pages needs io.airlift:aircompressor on the class path"
          + " (on the module path: --add-modules aircompressor)", e);
    } catch (InvocationTargetException e) {
      throw new CompactReader.Malformed("ZSTD data is not valid: " + e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot open the zstd reader of aircompressor: " + e, e);
    }
  }

  /** Reads a stream to its end into exactly {@code size} bytes. */
  private static byte[] drain(InputStream s, int size, String codec) {
    byte[] out = new byte[Math.min(size, 1 << 16)];
    int n = 0;
    try (s) {
      while (true) {
        if (n == out.length) {
          if (n == size) {
            if (s.read() >= 0) {
              throw new CompactReader.Malformed(codec + " data holds more than the " + size + " bytes declared");
            }
            return out;
          }
          out = Arrays.copyOf(out, (int) Math.min(size, 2L * out.length));
        }
        int r = s.read(out, n, out.length - n);
        if (r < 0) {
          break;
        }
        n += r;
      }
    } catch (IOException e) {
      throw new CompactReader.Malformed(codec + " data is not valid: " + e.getMessage());
    } catch (CompactReader.Malformed e) {
      throw e;
    } catch (RuntimeException e) { // aircompressor's MalformedInputException and the like
      throw new CompactReader.Malformed(codec + " data is not valid: " + e.getMessage());
    }
    if (n != size) {
      throw new CompactReader.Malformed(codec + " data holds " + n + " bytes, the page declares " + size);
    }
    return out;
  }

  /**
   * Decompresses a raw Snappy block. Facts from the Snappy format description
   * (https://github.com/google/snappy/blob/main/format_description.txt): a varint of the
   * uncompressed length, then elements whose tag's low two bits say: 0 a literal (length - 1 in the
   * upper six bits, or from 60 on in the next 1 to 4 bytes), 1 a copy of 4 to 11 bytes with an
   * 11-bit offset, 2 a copy of 1 to 64 bytes with a 2-byte offset, 3 the same with a 4-byte offset;
   * offsets count back from the end of the output and may overlap it.
   */
  static byte[] snappy(byte[] in, int from, int length, int size) {
    int p = from;
    int end = from + length;
    long declared = 0;
    for (int shift = 0; ; shift += 7) {
      if (p >= end || shift > 28) {
        throw new CompactReader.Malformed("SNAPPY data lacks its length");
      }
      int b = in[p++] & 0xFF;
      declared |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        break;
      }
    }
    if (declared != size) {
      throw new CompactReader.Malformed("SNAPPY data holds " + declared + " bytes, the page declares " + size);
    }
    byte[] out = new byte[Math.min(size, Math.max(16, 4 * length))];
    int o = 0;
    while (p < end) {
      int tag = in[p++] & 0xFF;
      int kind = tag & 3;
      if (kind == 0) {
        int len = tag >>> 2;
        if (len >= 60) {
          int bytes = len - 59;
          if (end - p < bytes) {
            throw new CompactReader.Malformed("SNAPPY data ends inside a literal's length");
          }
          long l = 0;
          for (int i = 0; i < bytes; i++) {
            l |= (long) (in[p++] & 0xFF) << (8 * i);
          }
          if (l >= Integer.MAX_VALUE) {
            throw new CompactReader.Malformed("SNAPPY literal of " + (l + 1) + " bytes");
          }
          len = (int) l;
        }
        len++;
        if (len > end - p || len > size - o) {
          throw new CompactReader.Malformed("SNAPPY literal of " + len + " bytes runs past the data");
        }
        out = room(out, o, len, size);
        System.arraycopy(in, p, out, o, len);
        p += len;
        o += len;
      } else {
        int len;
        int offset;
        if (kind == 1) {
          if (p >= end) {
            throw new CompactReader.Malformed("SNAPPY data ends inside a copy");
          }
          len = 4 + ((tag >>> 2) & 7);
          offset = (tag >>> 5) << 8 | (in[p++] & 0xFF);
        } else if (kind == 2) {
          if (end - p < 2) {
            throw new CompactReader.Malformed("SNAPPY data ends inside a copy");
          }
          len = 1 + (tag >>> 2);
          offset = (in[p] & 0xFF) | (in[p + 1] & 0xFF) << 8;
          p += 2;
        } else {
          if (end - p < 4) {
            throw new CompactReader.Malformed("SNAPPY data ends inside a copy");
          }
          len = 1 + (tag >>> 2);
          long off = (in[p] & 0xFFL) | (in[p + 1] & 0xFFL) << 8 | (in[p + 2] & 0xFFL) << 16 | (in[p + 3] & 0xFFL) << 24;
          p += 4;
          offset = off > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) off;
        }
        o = copy(out = room(out, o, len, size), o, offset, len, size, "SNAPPY");
      }
    }
    if (o != size) {
      throw new CompactReader.Malformed("SNAPPY data holds " + o + " bytes, the page declares " + size);
    }
    return out.length == size ? out : Arrays.copyOf(out, size);
  }

  /**
   * Decompresses an LZ4 block (LZ4_RAW). Facts from the LZ4 block format
   * (https://github.com/lz4/lz4/blob/dev/doc/lz4_Block_format.md): sequences of a token (literal
   * length in the high nibble, match length - 4 in the low one, 15 in either continued by bytes
   * added until one is below 255), the literals, a 2-byte little-endian offset; the last sequence
   * ends after its literals.
   */
  static byte[] lz4(byte[] in, int from, int length, int size) {
    int p = from;
    int end = from + length;
    byte[] out = new byte[Math.min(size, Math.max(16, 4 * length))];
    int o = 0;
    while (p < end) {
      int token = in[p++] & 0xFF;
      long lit = token >>> 4;
      if (lit == 15) {
        int b;
        do {
          if (p >= end) {
            throw new CompactReader.Malformed("LZ4_RAW data ends inside a literal length");
          }
          b = in[p++] & 0xFF;
          lit += b;
        } while (b == 255 && lit < Integer.MAX_VALUE);
      }
      if (lit > end - p || lit > size - o) {
        throw new CompactReader.Malformed("LZ4_RAW literal of " + lit + " bytes runs past the data");
      }
      out = room(out, o, (int) lit, size);
      System.arraycopy(in, p, out, o, (int) lit);
      p += (int) lit;
      o += (int) lit;
      if (p == end) {
        break;
      }
      if (end - p < 2) {
        throw new CompactReader.Malformed("LZ4_RAW data ends inside an offset");
      }
      int offset = (in[p] & 0xFF) | (in[p + 1] & 0xFF) << 8;
      p += 2;
      long len = token & 0x0F;
      if (len == 15) {
        int b;
        do {
          if (p >= end) {
            throw new CompactReader.Malformed("LZ4_RAW data ends inside a match length");
          }
          b = in[p++] & 0xFF;
          len += b;
        } while (b == 255 && len < Integer.MAX_VALUE);
      }
      len += 4;
      if (len > size - o) {
        throw new CompactReader.Malformed("LZ4_RAW match of " + len + " bytes runs past the declared size " + size);
      }
      o = copy(out = room(out, o, (int) len, size), o, offset, (int) len, size, "LZ4_RAW");
    }
    if (o != size) {
      throw new CompactReader.Malformed("LZ4_RAW data holds " + o + " bytes, the page declares " + size);
    }
    return out.length == size ? out : Arrays.copyOf(out, size);
  }

  /** Copies {@code len} bytes from {@code offset} back, byte by byte where they overlap; returns the new end. */
  private static int copy(byte[] out, int o, int offset, int len, int size, String codec) {
    if (offset <= 0 || offset > o) {
      throw new CompactReader.Malformed(codec + " copy from offset " + offset + " with " + o + " bytes written");
    }
    if (len > size - o) {
      throw new CompactReader.Malformed(codec + " copy of " + len + " bytes runs past the declared size " + size);
    }
    int src = o - offset;
    if (offset >= len) {
      System.arraycopy(out, src, out, o, len);
    } else {
      for (int i = 0; i < len; i++) {
        out[o + i] = out[src + i];
      }
    }
    return o + len;
  }

  /** The buffer, grown (at most to {@code size}) so that {@code len} more bytes fit after {@code o}. */
  private static byte[] room(byte[] out, int o, int len, int size) {
    if (len > size - o) {
      throw new CompactReader.Malformed("data runs past the declared size " + size);
    }
    if (o + len <= out.length) {
      return out;
    }
    long n = Math.max(o + (long) len, 2L * out.length);
    return Arrays.copyOf(out, (int) Math.min(size, n));
  }
}
