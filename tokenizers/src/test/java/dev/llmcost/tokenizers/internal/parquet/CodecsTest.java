package dev.llmcost.tokenizers.internal.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Snappy and LZ4 block decompressors return what aircompressor's compressors (the reference,
 * on the test class path) were given, for random data of many shapes; corrupted, cut or lengthened
 * blocks are refused with {@link CompactReader.Malformed} or decompress to the declared size, never
 * another exception.
 */
class CodecsTest {

  /** Data from a seeded source: runs, repeats at many distances, random bytes. */
  static byte[] data(Random r) {
    int n = r.nextInt(5) == 0 ? r.nextInt(16) : r.nextInt(200_000);
    byte[] b = new byte[n];
    int i = 0;
    while (i < n) {
      int kind = r.nextInt(3);
      int len = Math.min(n - i, 1 + r.nextInt(r.nextBoolean() ? 8 : 2000));
      if (kind == 0 || i == 0) {
        for (int j = 0; j < len; j++) {
          b[i + j] = (byte) (r.nextBoolean() ? 'a' + r.nextInt(4) : r.nextInt(256));
        }
      } else if (kind == 1) {
        Arrays.fill(b, i, i + len, (byte) r.nextInt(256));
      } else {
        int from = r.nextInt(i);
        for (int j = 0; j < len; j++) {
          b[i + j] = b[from + j % (i - from)];
        }
      }
      i += len;
    }
    return b;
  }

  static byte[] compress(String compressor, byte[] in) throws ReflectiveOperationException {
    Class<?> c = Class.forName(compressor);
    Object o = c.getConstructor().newInstance();
    int max = (int) c.getMethod("maxCompressedLength", int.class).invoke(o, in.length);
    byte[] out = new byte[max];
    Method m = c.getMethod("compress", byte[].class, int.class, int.class, byte[].class, int.class, int.class);
    int n = (int) m.invoke(o, in, 0, in.length, out, 0, max);
    return Arrays.copyOf(out, n);
  }

  @Test
  void snappyAndLz4RoundTripAircompressor() throws ReflectiveOperationException {
    Random r = new Random(20261205L);
    for (int i = 0; i < 300; i++) {
      byte[] in = data(r);
      byte[] s = compress("io.airlift.compress.snappy.SnappyCompressor", in);
      assertThat(Codecs.decompress(Codecs.SNAPPY, s, 0, s.length, in.length)).as("snappy case %d", i).isEqualTo(in);
      byte[] l = compress("io.airlift.compress.lz4.Lz4Compressor", in);
      assertThat(Codecs.decompress(Codecs.LZ4_RAW, l, 0, l.length, in.length)).as("lz4 case %d", i).isEqualTo(in);
      byte[] z = compress("io.airlift.compress.zstd.ZstdCompressor", in);
      assertThat(Codecs.decompress(Codecs.ZSTD, z, 0, z.length, in.length)).as("zstd case %d", i).isEqualTo(in);
    }
  }

  @Test
  void corruptBlocksAreRefusedAsMalformed() throws ReflectiveOperationException {
    Random r = new Random(7L);
    String[] compressors = {"io.airlift.compress.snappy.SnappyCompressor", "io.airlift.compress.lz4.Lz4Compressor",
        "io.airlift.compress.zstd.ZstdCompressor"};
    int[] codecs = {Codecs.SNAPPY, Codecs.LZ4_RAW, Codecs.ZSTD};
    int refused = 0;
    for (int i = 0; i < 900; i++) {
      int k = i % 3;
      byte[] in = data(r);
      byte[] c = compress(compressors[k], in);
      int size = in.length;
      switch (r.nextInt(4)) {
        case 0 -> c = Arrays.copyOf(c, r.nextInt(c.length + 1));
        case 1 -> {
          for (int j = 0; j < 1 + r.nextInt(4) && c.length > 0; j++) {
            c[r.nextInt(c.length)] = (byte) r.nextInt(256);
          }
        }
        case 2 -> size = r.nextBoolean() ? r.nextInt(Integer.MAX_VALUE) : Math.max(0, size - 1 - r.nextInt(10));
        default -> size = size + 1;
      }
      try {
        byte[] out = Codecs.decompress(codecs[k], c, 0, c.length, size);
        assertThat(out).hasSize(size);
      } catch (CompactReader.Malformed expected) {
        refused++;
      }
    }
    System.out.printf("corrupt blocks refused: %d of 900 (the rest decompressed to the declared size)%n", refused);
    assertThat(refused).isGreaterThan(500);
  }

  @Test
  void snappyCopiesMustReachBackIntoTheOutput() {
    byte[] copyBeforeStart = {4, 0b0000_0001, 1}; // length 4, a copy of 4 bytes from offset 1 with nothing written
    assertThatThrownBy(() -> Codecs.decompress(Codecs.SNAPPY, copyBeforeStart, 0, 3, 4))
        .isInstanceOf(CompactReader.Malformed.class).hasMessageContaining("offset 1 with 0 bytes written");
    byte[] lies = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07, 0};
    assertThatThrownBy(() -> Codecs.decompress(Codecs.SNAPPY, lies, 0, lies.length, 10))
        .isInstanceOf(CompactReader.Malformed.class).hasMessageContaining("the page declares 10");
  }
}
