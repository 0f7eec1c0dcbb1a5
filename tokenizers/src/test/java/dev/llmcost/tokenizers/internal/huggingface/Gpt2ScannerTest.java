package dev.llmcost.tokenizers.internal.huggingface;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hand-written scanner and the regex translator are two independent implementations of the
 * same Oniguruma patterns: on random strings of tricky characters their matches must agree.
 */
class Gpt2ScannerTest {

  static final String[] PIECES = {
    "a", "Z", "é", "ſ", "K", "中", "ア", "한", "я", "ع", "1", "٣", "²", "½", "Ⅻ", " ", "  ", "\t", "\n", "\r",
    "\r\n", "\u00A0", "\u3000", "\u2028", "\u0085", "\u001C", "'", "'s", "'S", "'re", "'LL", "'ve", "'m", "'d", "'t",
    "!", ".", ",", "-", "_", "😀", "👨‍👩‍👧", "\u0301", "\u200D", "$", "<|", "|>"
  };

  @ParameterizedTest
  @ValueSource(strings = {Gpt2Scanner.GPT2, Gpt2Scanner.LLAMA3, Gpt2Scanner.QWEN2})
  void agreesWithTheTranslatedRegex(String onig) {
    Gpt2Scanner scanner = Gpt2Scanner.forPattern(onig);
    Pattern java = Pattern.compile(RegexTranslator.translate(onig), Pattern.MULTILINE | Pattern.UNIX_LINES | Pattern.UNICODE_CASE);
    Random random = new Random(42);
    for (int trial = 0; trial < 3000; trial++) {
      StringBuilder sb = new StringBuilder();
      int n = 1 + random.nextInt(12);
      for (int i = 0; i < n; i++) {
        sb.append(PIECES[random.nextInt(PIECES.length)]);
      }
      String s = sb.toString();
      IntList a = new IntList(16);
      scanner.scan(s, 0, s.length(), a);
      IntList b = new IntList(16);
      RegexTranslator.findAll(java, s, 0, s.length(), b);
      assertThat(a.toArray()).as("%s on \"%s\"", onig, escape(s)).containsExactly(b.toArray());
    }
  }

  private static String escape(String s) {
    StringBuilder sb = new StringBuilder();
    s.codePoints().forEach(c -> sb.append(c < 0x20 || c > 0x7E ? String.format("\\u%04X", c) : String.valueOf((char) c)));
    return sb.toString();
  }

  @ParameterizedTest
  @ValueSource(strings = {"\\s+", "[^\\s\\p{L}]", "\\w+", "\\d{1,3}", "(?i:ab)", "\\p{Han}+", "[a-z&&[^b]]"})
  void translatesOrRejects(String onig) {
    try {
      String java = RegexTranslator.translate(onig);
      assertThat(Pattern.compile(java)).isNotNull();
      assertThat(onig).isNotEqualTo("[a-z&&[^b]]");
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).contains("intersection");
      assertThat(Arrays.asList("[a-z&&[^b]]")).contains(onig);
    }
  }
}
