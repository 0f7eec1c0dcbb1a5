package dev.llmcost.tokenizers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The ASCII word fast paths end every piece where the published split pattern does, or decline:
 * at every piece start the regex finds in random ASCII-heavy text (letters of both cases,
 * contractions, digits, white-space runs, punctuation, and the non-ASCII letters, marks and spaces
 * that may continue or follow a word), the fast path returns -1 or the regex's end.
 */
class AsciiWordsTest {

  private static final String ALPHABET = "    \n\r\tabeoxZQABCH''sStTlLvVeErRdDmM019!./,-(\"_#";
  private static final int[] NON_ASCII = {
    0x00E9, 0x00C9, 0x0301, 0x017F, 0x212A, 0x02B0, 0x01C5, 0x4E2D, 0x00A0, 0x2019, 0x1F600, 0x0660
  };

  private static String random(Random random, int length) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < length; i++) {
      if (random.nextInt(10) == 0) {
        sb.appendCodePoint(NON_ASCII[random.nextInt(NON_ASCII.length)]);
      } else {
        sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
    }
    return sb.toString();
  }

  private interface FastPath {
    int end(char[] a, int p, int n);
  }

  /** Returns how many piece ends the fast path gave (each checked against the regex). */
  private static int check(Pattern regex, FastPath fast, long seed) {
    Random random = new Random(seed);
    int answered = 0;
    for (int k = 0; k < 40_000; k++) {
      String s = random(random, random.nextInt(24));
      char[] a = s.toCharArray();
      Matcher m = regex.matcher(s);
      while (m.find()) {
        int e = fast.end(a, m.start(), a.length);
        if (e >= 0) {
          assertThat(e).as("piece at %d of \"%s\"", m.start(), s).isEqualTo(m.end());
          for (int i = m.start(); i < e; i++) {
            assertThat(a[i]).as("piece at %d of \"%s\" is ASCII", m.start(), s).isLessThan((char) 0x80);
          }
          answered++;
        }
      }
    }
    System.out.printf("fast path answered %,d piece starts%n", answered);
    return answered;
  }

  @Test
  void o200kWordsEndWhereThePatternDoes() {
    assertThat(check(PreTokenizerTest.O200K, AsciiWords::o200kWord, 1)).isGreaterThan(20_000);
  }

  @Test
  void cl100kAndR50kWordsEndWhereThePatternsDo() {
    assertThat(check(PreTokenizerTest.CL100K, AsciiWords::spaceWord, 2)).isGreaterThan(20_000);
    assertThat(check(PreTokenizerTest.R50K, AsciiWords::spaceWord, 3)).isGreaterThan(20_000);
  }

  private static String o200k(String s, int p) {
    int e = AsciiWords.o200kWord(s.toCharArray(), p, s.length());
    return e < 0 ? null : s.substring(p, e);
  }

  @Test
  void o200kCaseRulesPrefixesAndContractions() {
    assertThat(o200k("camelCase", 0)).isEqualTo("camel");
    assertThat(o200k("camelCase", 5)).isEqualTo("Case");
    assertThat(o200k("HTTPServer x", 0)).isEqualTo("HTTPServer"); // [A-Z]*[a-z]+ takes the whole run
    assertThat(o200k("ABC def", 0)).isEqualTo("ABC"); // no lower case after: [A-Z]+
    assertThat(o200k(" Hello, world", 0)).isEqualTo(" Hello");
    assertThat(o200k("(hello)", 0)).isEqualTo("(hello");
    assertThat(o200k("don't", 0)).isEqualTo("don't");
    assertThat(o200k("WE'LL go", 0)).isEqualTo("WE'LL");
    assertThat(o200k("it's", 0)).isEqualTo("it's");
    assertThat(o200k("it'sx", 0)).isEqualTo("it's"); // the contraction is not a word boundary test
    assertThat(o200k("o'clock", 0)).isEqualTo("o");
    assertThat(o200k("abc123", 0)).isEqualTo("abc");
    assertThat(o200k("abc\n", 0)).isEqualTo("abc");
    // declined: the piece is no word, or may go on past ASCII
    assertThat(o200k("123abc", 0)).isNull();
    assertThat(o200k("1abc", 0)).isNull(); // a digit is no prefix
    assertThat(o200k("\nabc", 0)).isNull(); // nor is a newline
    assertThat(o200k("  abc", 0)).isNull(); // a space before a space is white space
    assertThat(o200k("caf\u00e9", 0)).isNull();
    assertThat(o200k("e\u0301t\u00e9", 0)).isNull(); // a combining mark continues the word
    assertThat(o200k("it\u2019s", 0)).isNull();
    assertThat(o200k("it'\u017f", 0)).isNull(); // U+017F matches 's' case-insensitively, but is not ASCII
    assertThat(o200k("\u00a0abc", 0)).isNull();
  }

  @Test
  void spaceWordsOfCl100kAndR50k() {
    char[] a = " Hello, world".toCharArray();
    assertThat(AsciiWords.spaceWord(a, 0, a.length)).isEqualTo(6);
    assertThat(AsciiWords.spaceWord(a, 6, a.length)).isEqualTo(-1);
    char[] b = "caf\u00e9".toCharArray();
    assertThat(AsciiWords.spaceWord(b, 0, b.length)).isEqualTo(-1);
  }
}
