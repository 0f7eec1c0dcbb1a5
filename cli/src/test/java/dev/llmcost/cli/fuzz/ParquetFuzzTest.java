package dev.llmcost.cli.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.llmcost.tokenizers.CharacterTokenizer;
import dev.llmcost.tokenizers.dataset.DatasetCounter;
import dev.llmcost.tokenizers.dataset.DatasetTokenStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Coverage-guided fuzzing (Jazzer) of the Parquet reader behind {@code tokens count --dataset}
 * (issue 14): a file is either counted, every figure not negative, or refused with the documented
 * {@link IllegalArgumentException} whose message starts with the file's path; nothing else
 * escapes, and nothing runs out of memory. The seeds are small Spark-written files (snappy, zstd
 * and gzip with dictionaries, pages v1 and v2; see tokenizers' {@code dataset/parquet/README.md}). Run in fuzzing mode for a bounded time by execution
 * {@code fuzz-parquet} in {@code cli/pom.xml}, and on its seeds with the other tests.
 */
class ParquetFuzzTest {

  private static final Path FILE = tempFile();

  private static final DatasetCounter COUNTER = DatasetCounter.builder()
      .tokenizers(List.of(CharacterTokenizer.instance())).threads(1).chunkSize(64).build();

  private static Path tempFile() {
    try {
      Path f = Files.createTempFile("llmcost-fuzz", ".parquet");
      f.toFile().deleteOnExit();
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FuzzTest(maxDuration = "10s")
  void fuzz(byte[] data) throws IOException {
    Files.write(FILE, data);
    DatasetTokenStats s;
    try {
      s = COUNTER.count(FILE);
    } catch (IllegalArgumentException expected) {
      if (expected.getMessage() == null || !expected.getMessage().startsWith(FILE.toString())) {
        throw new IllegalStateException("a refusal that does not name the file: " + expected.getMessage(), expected);
      }
      return;
    }
    if (s.total().documents() < 0 || s.total().characters() < 0 || s.total().bytes() < 0
        || s.skippedDocuments() < 0) {
      throw new IllegalStateException("negative counts: " + s.total());
    }
  }
}
