package dev.llmcost.tokenizers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.tokenizers.openai.OpenAiEncoding;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The hand-written scanners split exactly as the published split patterns do under {@code
 * java.util.regex} with {@code UNICODE_CHARACTER_CLASS} (how jtokkit compiles them), on random
 * strings rich in the characters the patterns single out, lone surrogates included.
 */
class PreTokenizerTest {

  static final Pattern R50K = Pattern.compile(
      "'(?:[sdmt]|ll|ve|re)| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
      Pattern.UNICODE_CHARACTER_CLASS);
  static final Pattern CL100K = Pattern.compile(
      "'(?i:[sdmt]|ll|ve|re)|[^\\r\\n\\p{L}\\p{N}]?+\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]++[\\r\\n]*"
          + "|\\s*[\\r\\n]|\\s+(?!\\S)|\\s+",
      Pattern.UNICODE_CHARACTER_CLASS);
  static final Pattern O200K = Pattern.compile(String.join("|",
      "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
      "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
      "\\p{N}{1,3}",
      " ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*",
      "\\s*[\\r\\n]+",
      "\\s+(?!\\S)",
      "\\s+"), Pattern.UNICODE_CHARACTER_CLASS);

  private static final int[] CHARS = {
    ' ', ' ', '\n', '\r', '\t', 'a', 'B', 'c', 'S', 's', 't', 'T', 'l', 'L', 'v', 'V', 'e', 'E', 'r', 'd', 'm',
    '\'', '\'', '1', '7', '!', '/', '.', 0x00A0, 0x2028, 0x0085, 0x3000, 0x0301, 0x0903, 0x20DD, 0x02B0,
    0x01C5, 0x00DF, 0x017F, 0x212A, 0x0130, 0x4E2D, 0x3042, 0xAC00, 0x0416, 0x0436, 0x0660, 0x2160, 0x00B2,
    0x1F600, 0x10400, 0x10428, 0x1D7CE, 0x1F3FB, 0xD800, 0xDC00, 0x0000, 0xFEFF
  };

  @ParameterizedTest
  @EnumSource(value = OpenAiEncoding.class, names = {"R50K_BASE", "CL100K_BASE", "O200K_BASE"})
  void scannerSplitsExactlyAsTheRegex(OpenAiEncoding encoding) {
    Pattern regex = switch (encoding) {
      case R50K_BASE -> R50K;
      case CL100K_BASE -> CL100K;
      default -> O200K;
    };
    TiktokenTokenizer t = (TiktokenTokenizer) encoding.tokenizer();
    Random random = new Random(42 + encoding.ordinal());
    for (int n = 0; n < 30_000; n++) {
      StringBuilder sb = new StringBuilder();
      int len = random.nextInt(16);
      for (int i = 0; i < len; i++) {
        int cp = random.nextInt(5) == 0 ? random.nextInt(0x30000) : CHARS[random.nextInt(CHARS.length)];
        if (cp >= 0xD800 && cp < 0xE000) {
          sb.append((char) cp); // a lone surrogate (or, by chance, a pair)
        } else {
          sb.appendCodePoint(cp);
        }
      }
      String s = sb.toString();
      assertThat(t.pieces(s)).as("%s", s).containsExactlyElementsOf(regexPieces(regex, s));
    }
  }

  private static List<String> regexPieces(Pattern p, String s) {
    List<String> out = new ArrayList<>();
    Matcher m = p.matcher(s);
    int last = 0;
    while (m.find()) {
      assertThat(m.start()).as("regex skipped text").isEqualTo(last);
      out.add(m.group());
      last = m.end();
    }
    assertThat(last).isEqualTo(s.length());
    return out;
  }
}
