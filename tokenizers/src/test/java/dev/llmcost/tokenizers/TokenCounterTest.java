package dev.llmcost.tokenizers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.tokenizers.openai.OpenAiEncoding;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Incremental counting equals a full count: after every one of many random appends (one char to a
 * few thousand, cut anywhere, surrogate pairs and CR LF split included) of the corpora and of
 * random Unicode, and for random sub-ranges.
 */
class TokenCounterTest {

  @ParameterizedTest
  @EnumSource(value = OpenAiEncoding.class, names = {"R50K_BASE", "CL100K_BASE", "O200K_BASE"})
  void appendsAndRangesCountAsAFullEncode(OpenAiEncoding encoding) {
    Tokenizer t = encoding.tokenizer();
    Random random = new Random(2222);
    int appends = 0;
    int ranges = 0;
    for (String language : Corpora.LANGUAGES) {
      String source = Corpora.text(language).substring(0, 40_000)
          + RandomText.string(random, 3_000, true) + " ".repeat(300) + "a".repeat(200) + "\r\n\r\n";
      TokenCounter counter = TokenCounter.of(t);
      int at = 0;
      while (at < source.length()) {
        int n = switch (random.nextInt(4)) {
          case 0 -> 1;
          case 1 -> 1 + random.nextInt(8);
          case 2 -> 1 + random.nextInt(200);
          default -> 1 + random.nextInt(5_000);
        };
        int end = Math.min(source.length(), at + n);
        counter.append(source.subSequence(at, end));
        at = end;
        appends++;
        String text = source.substring(0, at);
        assertThat(counter.count().value()).as("%s %s after %,d chars", encoding, language, at)
            .isEqualTo(t.countTokens(text).value());
        for (int k = 0; k < 2; k++) {
          int from = random.nextInt(at + 1);
          int to = from + random.nextInt(at - from + 1);
          assertThat(counter.count(from, to).value()).as("%s %s [%d, %d)", encoding, language, from, to)
              .isEqualTo(t.countTokens(text.substring(from, to)).value());
          ranges++;
        }
      }
      assertThat(counter.text()).isEqualTo(source);
      assertThat(counter.length()).isEqualTo(source.length());
    }
    System.out.printf("%s: %,d appends and %,d sub-ranges counted as a full encode%n", encoding, appends, ranges);
  }

  @Test
  void longRangesUseCheckpointsAndStillAgree() {
    Tokenizer t = OpenAiEncoding.CL100K_BASE.tokenizer();
    String text = Corpora.text("en");
    TokenCounter counter = TokenCounter.of(t).append(text);
    assertThat(counter.count().value()).isEqualTo(t.countTokens(text).value());
    Random random = new Random(7);
    for (int k = 0; k < 200; k++) {
      int from = random.nextInt(text.length());
      int to = from + random.nextInt(text.length() - from + 1);
      assertThat(counter.count(from, to).value()).isEqualTo(t.countTokens(text.substring(from, to)).value());
    }
  }

  @Test
  void onlyOpenAiEncodingsAreSupported() {
    Tokenizer chars = CharacterTokenizer.instance();
    assertThat(TokenCounter.supports(chars)).isFalse();
    assertThat(TokenCounter.supports(OpenAiEncoding.O200K_HARMONY.tokenizer())).isTrue();
    assertThatThrownBy(() -> TokenCounter.of(chars))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tokenizer must be an OpenAI encoding")
        .hasMessageContaining(chars.id());
    TokenCounter c = TokenCounter.of(OpenAiEncoding.CL100K_BASE.tokenizer()).append("hello world");
    assertThatThrownBy(() -> c.count(3, 12)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(c.count(0, 0).value()).isZero();
    assertThat(c.toString()).isEqualTo("TokenCounter[cl100k_base, 11 chars, 2 tokens]");
  }
}
