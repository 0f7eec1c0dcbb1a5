package dev.llmcost.tokenizers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code decode(encode(s)) == s} for random Unicode; with lone surrogates, the byte-level
 * encodings give back U+FFFD in their place (they encode a lone surrogate as U+FFFD, as tiktoken
 * does) while the character tokenizer gives the string back unchanged.
 */
class RoundTripTest {

  static Stream<String> tokenizers() {
    return Stream.of("r50k_base", "p50k_base", "p50k_edit", "cl100k_base", "o200k_base", "character");
  }

  @ParameterizedTest
  @MethodSource("tokenizers")
  void decodeOfEncodeIsTheIdentity(String id) {
    Tokenizer t = TokenizerRegistry.standard().resolve(id);
    Random random = new Random(id.hashCode());
    for (int n = 0; n < 3000; n++) {
      String s = RandomText.string(random, random.nextInt(n < 2900 ? 40 : 9000), false);
      Encoding e = t.encode(s);
      assertThat(t.decode(e.toArray())).as("%s", RandomText.escape(s)).isEqualTo(s);
      assertThat(t.countTokens(s).value()).isEqualTo(e.size());
    }
  }

  @ParameterizedTest
  @MethodSource("tokenizers")
  void loneSurrogatesComeBackAsReplacementCharacters(String id) {
    Tokenizer t = TokenizerRegistry.standard().resolve(id);
    Random random = new Random(id.hashCode() + 1);
    for (int n = 0; n < 2000; n++) {
      String s = RandomText.string(random, random.nextInt(30), true);
      String back = t.decode(t.encode(s).toArray());
      String expected = id.equals("character") ? s : replaceLoneSurrogates(s);
      assertThat(back).as("%s", RandomText.escape(s)).isEqualTo(expected);
    }
    for (String s : List.of("\ud800", "a\udc00b", "\udbff\ud800", "x\ud83d")) {
      String back = t.decode(t.encode(s).toArray());
      assertThat(back).isEqualTo(id.equals("character") ? s : replaceLoneSurrogates(s));
    }
  }

  static String replaceLoneSurrogates(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        sb.append(c).append(s.charAt(++i));
      } else {
        sb.append(Character.isSurrogate(c) ? '\ufffd' : c);
      }
    }
    return sb.toString();
  }
}
