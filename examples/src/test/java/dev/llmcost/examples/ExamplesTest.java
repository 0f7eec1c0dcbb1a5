package dev.llmcost.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs each example's {@code main}, in Java, Kotlin and Scala, by the class name the README gives,
 * and checks its key output.
 */
class ExamplesTest {

  /** Runs a main class and returns what it printed (Scala's {@code println} goes to its Console). */
  static String run(String className) throws Exception {
    Method main = Class.forName(className).getMethod("main", String[].class);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    PrintStream original = System.out;
    System.setOut(capture);
    try {
      scala.Console.withOut(
          capture,
          () -> {
            try {
              main.invoke(null, (Object) new String[0]);
            } catch (ReflectiveOperationException e) {
              throw new IllegalStateException(e);
            }
            return null;
          });
    } finally {
      System.setOut(original);
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    original.print(out);
    return out;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "dev.llmcost.examples.BertParameterCount",
        "dev.llmcost.examples.kotlin.BertParameterCountKt",
        "dev.llmcost.examples.scala.BertParameterCount"
      })
  void bertParameterCount(String className) throws Exception {
    assertThat(run(className))
        .contains("BERT-base (12 layers, hidden 768, 12 heads): 109,482,240 parameters (109M)")
        .contains("pooler")
        .contains("Weights: 437.93 MB in fp32, 218.96 MB in bf16")
        .contains("The article says 110.7 million; the exact count is 1,217,760 lower (1.1%).");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "dev.llmcost.examples.TokenComparison",
        "dev.llmcost.examples.kotlin.TokenComparisonKt",
        "dev.llmcost.examples.scala.TokenComparison"
      })
  void tokenComparison(String className) throws Exception {
    assertThat(run(className))
        .contains("\"你好,世界!\" in eight tokenizers:")
        .containsPattern("r50k_base +10 +1\\.667")
        .containsPattern("o200k_base +4 +0\\.667")
        .containsPattern("bert-base-chinese +6 +1\\.000")
        .containsPattern("qwen2\\.5 +4 ")
        .containsPattern("mistral-7b-v0\\.1 +7 ")
        .containsPattern("zh +41 \\( +1\\.95\\) +23 \\( +1\\.10\\) +17 \\( +0\\.81\\)")
        .contains("GPT-4o needs 17 tokens for the Chinese sentence, GPT-4 23: 26% fewer.");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "dev.llmcost.examples.RequestCost",
        "dev.llmcost.examples.kotlin.RequestCostKt",
        "dev.llmcost.examples.scala.RequestCost"
      })
  void requestCost(String className) throws Exception {
    assertThat(run(className))
        .contains("At $0.002 per 1K tokens (seen 2023):")
        .contains("200 in + 500 out:    USD 0.0014")
        .contains("500 in + 1,000 out:  USD 0.003 (the article says about $0.004")
        .containsPattern("gpt-4o-mini +USD 0\\.000675 \\(prices seen 2025-03\\)")
        .contains("cache read")
        .contains("gpt-4o through the batch API: USD 0.015")
        .contains("100,000 requests a day on gpt-4o-mini: USD 75.15 a day, USD 2254.50 a month of 30 days");
  }
}
