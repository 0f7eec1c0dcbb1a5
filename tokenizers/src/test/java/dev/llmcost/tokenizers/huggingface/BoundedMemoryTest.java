package dev.llmcost.tokenizers.huggingface;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Counting a long text takes memory proportional to a chunk, not to the text: a child JVM with a
 * heap a few times the text counts 24 M chars with each tokenizer (the text alone is 24 MB to 48
 * MB; normalizing and keeping the ids of the whole text took about 15 times the text for BERT
 * and 10 times for Mistral).
 */
class BoundedMemoryTest {

  @ParameterizedTest(name = "{0} in {1}")
  @CsvSource({
    Fixtures.BERT + ", 160m",
    Fixtures.BERT_CHINESE + ", 160m",
    Fixtures.MISTRAL + ", 160m",
    Fixtures.QWEN + ", 256m",
  })
  void countsALongTextInABoundedHeap(String fixture, String heap) throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb =
        new ProcessBuilder(
                List.of(
                    java.toString(),
                    "-Xmx" + heap,
                    "-XX:+UseSerialGC",
                    "-cp",
                    System.getProperty("java.class.path"),
                    BoundedMemoryCount.class.getName(),
                    fixture,
                    String.valueOf(24_000_000)))
            .redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = p.waitFor();
    assertThat(code).as("exit code; output:%n%s", out).isZero();
    assertThat(Long.parseLong(out.strip())).isPositive();
  }
}
