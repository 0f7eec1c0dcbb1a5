package dev.llmcost.tokenizers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.tokenizers.openai.OpenAiEncoding;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/** Every OpenAI row of the shared token oracles: published ids, compared exactly. */
class TokenOraclesTest {

  private static final StringBuilder TABLE = new StringBuilder(
      String.format("%-12s %-30s %-28s %-28s %s%n", "tokenizer", "text", "expected", "actual", "source"));
  private static int mismatches;

  @ParameterizedTest(name = "{0}: {1}")
  @CsvFileSource(resources = "token-oracles.csv", numLinesToSkip = 1, encoding = "UTF-8")
  void idsEqualThePublishedOnes(String tokenizer, String text, String ids, String special, String source) {
    Tokenizer t = OpenAiEncoding.byId(tokenizer).orElseThrow().tokenizer();
    EncodeOptions options = EncodeOptions.DEFAULT.withSpecialTokens(
        special.startsWith("allowed") ? SpecialTokens.ALLOWED : SpecialTokens.AS_TEXT);
    int[] expected = Arrays.stream(ids.trim().split(" ")).mapToInt(Integer::parseInt).toArray();
    int[] actual = t.encode(text, options).toArray();
    synchronized (TABLE) {
      TABLE.append(String.format("%-12s %-30s %-28s %-28s %s%n", tokenizer, text, ids,
          Arrays.toString(actual), source));
      if (!Arrays.equals(expected, actual)) {
        mismatches++;
      }
    }
    assertThat(actual).containsExactly(expected);
    assertThat(t.countTokens(text, options).value()).isEqualTo(expected.length);
    assertThat(t.decode(actual)).isEqualTo(text);
  }

  @AfterAll
  static void printTable() {
    System.out.print("token oracles (exact ids; mismatches: " + mismatches + ")\n" + TABLE);
  }
}
