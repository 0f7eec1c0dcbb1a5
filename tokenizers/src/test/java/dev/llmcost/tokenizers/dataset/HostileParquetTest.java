package dev.llmcost.tokenizers.dataset;

import static dev.llmcost.tokenizers.dataset.TinyParquet.concat;
import static dev.llmcost.tokenizers.dataset.TinyParquet.dataPageHeader;
import static dev.llmcost.tokenizers.dataset.TinyParquet.dictionaryPageHeader;
import static dev.llmcost.tokenizers.dataset.TinyParquet.file;
import static dev.llmcost.tokenizers.dataset.TinyParquet.levels;
import static dev.llmcost.tokenizers.dataset.TinyParquet.plain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.llmcost.tokenizers.CharacterTokenizer;
import dev.llmcost.tokenizers.openai.OpenAiEncoding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed and hostile Parquet files (issue 14): truncated, with a bad magic, random bytes flipped,
 * lengths and counts that claim more than the file holds or than a limit allows. Each is either
 * counted or refused with an {@link IllegalArgumentException} whose message starts with the file's
 * path, without any other exception, an out-of-memory error or a run that does not end (a bound of
 * {@value #RUN_BOUND_SECONDS} s per file, far above the milliseconds one takes, so that a hang fails
 * the test instead of the build). Generated from a seeded {@link Random}; a failure names its seed.
 */
class HostileParquetTest {

  static final long RUN_BOUND_SECONDS = 60;

  static final DatasetCounter COUNTER = DatasetCounter.builder()
      .tokenizers(List.of(CharacterTokenizer.instance(), OpenAiEncoding.O200K_BASE.tokenizer())).threads(2)
      .chunkSize(256).build();

  /** Counts the file or checks the refusal; returns whether it was refused. */
  static boolean countOrRefuse(Path file, String what) {
    return assertTimeoutPreemptively(Duration.ofSeconds(RUN_BOUND_SECONDS), () -> {
      try {
        DatasetTokenStats s = COUNTER.count(file);
        assertThat(s.total().documents()).as(what).isNotNegative();
        assertThat(s.total().characters()).as(what).isNotNegative();
        assertThat(s.tokens("o200k_base").value()).as(what).isNotNegative();
        return false;
      } catch (IllegalArgumentException e) {
        assertThat(e.getMessage()).as(what).startsWith(file.toString()).doesNotContain("Exception");
        return true;
      }
    }, what);
  }

  @Test
  void mutatedSparkFilesAreCountedOrRefusedByName(@TempDir Path dir) throws Exception {
    Path fixtures = ParquetDatasetTest.fixtures();
    List<String> sources = List.of("snappy-dictionary-v1", "gzip-plain-v1", "zstd-delta-v2", "lz4raw-plain-v1",
        "uncompressed-dictionary-required-v1", "snappy-dictionary-v2");
    int refused = 0;
    int runs = 0;
    for (long seed = 0; seed < 600; seed++) {
      Random r = new Random(seed);
      String source = sources.get((int) (seed % sources.size()));
      byte[] b = Files.readAllBytes(fixtures.resolve(source + ".parquet"));
      int footerLength = (b[b.length - 8] & 0xFF) | (b[b.length - 7] & 0xFF) << 8 | (b[b.length - 6] & 0xFF) << 16;
      int footerStart = b.length - 8 - footerLength;
      String how;
      switch (r.nextInt(6)) {
        case 0 -> {
          int n = r.nextInt(b.length);
          b = java.util.Arrays.copyOf(b, n);
          how = "truncated to " + n;
        }
        case 1 -> {
          int n = 1 + r.nextInt(8);
          for (int i = 0; i < n; i++) {
            b[footerStart + r.nextInt(footerLength)] = (byte) r.nextInt(256);
          }
          how = n + " footer bytes changed";
        }
        case 2 -> {
          int n = 1 + r.nextInt(8);
          for (int i = 0; i < n; i++) {
            b[4 + r.nextInt(footerStart - 4)] = (byte) r.nextInt(256);
          }
          how = n + " page bytes changed";
        }
        case 3 -> {
          int at = r.nextInt(b.length - 4);
          int[] hostile = {0x7FFFFFFF, 0xFFFFFFFF, 0x80000000, 0x40000001, b.length, 0};
          int v = hostile[r.nextInt(hostile.length)];
          for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
          }
          how = "4 bytes at " + at + " set to " + Integer.toUnsignedString(v);
        }
        case 4 -> {
          int at = footerStart + r.nextInt(footerLength);
          b[at] = (byte) (r.nextBoolean() ? 0xFF : 0x19 + r.nextInt(0xD0)); // a long varint or another type
          how = "footer byte " + at + " set to " + (b[at] & 0xFF);
        }
        default -> {
          int which = r.nextInt(3);
          if (which == 0) {
            b[0] = 'X';
          } else if (which == 1) {
            b[b.length - 1] = 'E';
          } else {
            b[b.length - 5] = (byte) 0x7F; // a footer length beyond the file
          }
          how = "magic or footer length spoiled (" + which + ")";
        }
      }
      Path f = dir.resolve("seed-" + seed + ".parquet");
      Files.write(f, b);
      runs++;
      if (countOrRefuse(f, "seed " + seed + ", " + source + ", " + how)) {
        refused++;
      }
      Files.delete(f);
    }
    System.out.printf("mutated Spark files: %d runs, %d refused by name, %d counted%n", runs, refused, runs - refused);
    assertThat(refused).isGreaterThan(runs / 2);
  }

  @Test
  void hostileSizesAndCountsAreRefusedNamingTheLimitOrTheField(@TempDir Path dir) throws IOException {
    byte[] values = concat(levels(3, 1), plain("hello", "naïve café", "数据"));
    Path ok = write(dir, "ok", file(concat(dataPageHeader(values.length, values.length, 3, 0), values), 3, 0, false));
    DatasetTokenStats s = COUNTER.count(ok);
    assertThat(s.total().documents()).isEqualTo(3);
    assertThat(s.total().characters()).isEqualTo(5 + 10 + 2);

    // two defined then one null: an RLE run of 2 ones, an RLE run of 1 zero
    byte[] mixed = concat(new byte[] {4, 0, 0, 0, 2 << 1, 1, 1 << 1, 0}, plain("a", "b"));
    Path nulls = write(dir, "nulls", file(concat(dataPageHeader(mixed.length, mixed.length, 3, 0), mixed), 3, 0, false));
    assertThat(COUNTER.count(nulls).skippedDocuments()).isEqualTo(1);

    refused(dir, "over the page limit",
        file(concat(dataPageHeader((1 << 30) + 1, values.length, 3, 0), values), 3, 0, false),
        "a page of 1,073,741,825 bytes (" + values.length + " compressed) is larger than the limit of 1,073,741,824 bytes");
    refused(dir, "uncompressed size lies", file(concat(dataPageHeader(1 << 29, values.length, 3, 0), values), 3, 0, false),
        "an uncompressed page of " + values.length + " bytes declares 536870912");
    refused(dir, "snappy size lies", file(concat(dataPageHeader(1 << 29, values.length, 3, 0), values), 3, 1, false),
        "SNAPPY data");
    refused(dir, "page past the chunk", file(concat(dataPageHeader(values.length, 1 << 20, 3, 0), values), 3, 0, false),
        "the page of 1,048,576 bytes runs past the end of the column chunk");
    refused(dir, "chunk past the file", file(concat(dataPageHeader(values.length, values.length, 3, 0), values), 3, 0,
        false, 1L << 40), "lies outside the data");
    refused(dir, "more values than the chunk", file(concat(dataPageHeader(values.length, values.length, 5, 0), values),
        3, 0, false), "the data page holds 5 values, more than the 3 left in the column chunk");
    refused(dir, "chunk declares more values", file(concat(dataPageHeader(values.length, values.length, 3, 0), values),
        4, 0, false), "the column chunk ends with 1 of its 4 values not read");
    byte[] longValue = concat(levels(1, 1), new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F, 'a'});
    refused(dir, "value length", file(concat(dataPageHeader(longValue.length, longValue.length, 1, 0), longValue), 1, 0,
        false), "a PLAIN value of 2147483647 bytes runs past the page");
    refused(dir, "codec", file(concat(dataPageHeader(values.length, values.length, 3, 0), values), 3, 4, false),
        "row group 0 is compressed with BROTLI, which llmcost does not read (it reads UNCOMPRESSED, SNAPPY, GZIP,"
            + " ZSTD and LZ4_RAW)");
    byte[] dictionary = plain("x");
    refused(dir, "dictionary count", file(concat(dictionaryPageHeader(dictionary.length, dictionary.length,
        Integer.MAX_VALUE), dictionary), 1, 0, true), "the dictionary page declares 2,147,483,647 values in 5 bytes");
    byte[] index = concat(levels(3, 1), new byte[] {3, 3 << 1, 5});
    refused(dir, "dictionary index", file(concat(dictionaryPageHeader(dictionary.length, dictionary.length, 1),
        dictionary, dataPageHeader(index.length, index.length, 3, 8), index), 3, 0, true),
        "dictionary index 5 outside the 1 entries");
    refused(dir, "no dictionary", file(concat(dataPageHeader(index.length, index.length, 3, 8), index), 3, 0, false),
        "a dictionary-encoded page without a dictionary page before it");
    refused(dir, "encoding", file(concat(dataPageHeader(values.length, values.length, 3, 9), values), 3, 0, false),
        "the values' encoding 9 is not one a string column is read in");
  }

  @Test
  void aRunOfABillionValuesIsCountedAtOnce(@TempDir Path dir) throws IOException {
    int n = Integer.MAX_VALUE;
    byte[] dictionary = plain("hello world");
    // definition levels: one RLE run of n ones; indices: bit width 0, one RLE run of n zeros
    byte[] page = concat(levels(n, 1), new byte[] {0}, new TinyParquet.Compact().varint((long) n << 1).bytes());
    Path f = write(dir, "run", file(concat(dictionaryPageHeader(dictionary.length, dictionary.length, 1), dictionary,
        dataPageHeader(page.length, page.length, n, 8), page), n, 0, true));
    DatasetTokenStats s = assertTimeoutPreemptively(Duration.ofSeconds(RUN_BOUND_SECONDS), () -> COUNTER.count(f));
    assertThat(s.total().documents()).isEqualTo(n);
    assertThat(s.total().characters()).isEqualTo(11L * n);
    assertThat(s.tokens("o200k_base").value()).isEqualTo(2L * n); // "hello", " world"
  }

  private static Path write(Path dir, String name, byte[] b) throws IOException {
    Path f = dir.resolve(name + ".parquet");
    Files.write(f, b);
    return f;
  }

  private static void refused(Path dir, String name, byte[] b, String message) throws IOException {
    Path f = write(dir, name.replace(' ', '-'), b);
    assertThatThrownBy(() -> COUNTER.count(f)).as(name).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(f + ": Parquet").hasMessageContaining(message);
  }
}
