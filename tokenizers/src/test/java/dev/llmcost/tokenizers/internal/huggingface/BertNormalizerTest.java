package dev.llmcost.tokenizers.internal.huggingface;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * BERT's normalizer gives the same text on its char-by-char path as on the general one (clean,
 * CJK spaces, NFD of the whole text, marks dropped, lower case), for every option set, on random
 * text of ASCII, CJK, kana with and without voicing marks, Hangul syllables and jamo, Latin with
 * precomposed and combining accents, Greek, Cyrillic, compatibility ideographs, white space,
 * controls and emoji.
 */
class BertNormalizerTest {

  private static final int[][] RANGES = {
    {' ', '~'}, {'A', 'Z'}, {'\t', '\r'}, {0x00, 0x1F}, {0x4E00, 0x9FFF}, {0x3400, 0x4DBF}, {0xF900, 0xFAFF},
    {0x3000, 0x30FF}, {0xAC00, 0xD7A3}, {0x1100, 0x11FF}, {0x00A0, 0x017F}, {0x0300, 0x036F}, {0x0370, 0x03FF},
    {0x0400, 0x04FF}, {0x1E00, 0x1EFF}, {0x2000, 0x206F}, {0xFF00, 0xFFEF}, {0x0E00, 0x0E7F}, {0x0900, 0x097F},
    {0x1F600, 0x1F64F}, {0x0080, 0xFFFF},
  };

  @Test
  void charByCharPathEqualsTheGeneralOne() {
    Random random = new Random(2212);
    StringBuilder sb = new StringBuilder();
    int fast = 0;
    int checked = 0;
    for (int round = 0; round < 40_000; round++) {
      sb.setLength(0);
      int[] main = RANGES[random.nextInt(RANGES.length)];
      int length = 1 + random.nextInt(30);
      for (int i = 0; i < length; i++) {
        int[] r = random.nextInt(5) == 0 ? RANGES[random.nextInt(RANGES.length)] : main;
        int cp = r[0] + random.nextInt(r[1] - r[0] + 1);
        sb.appendCodePoint(Character.isSurrogate((char) cp) ? 0x3042 : cp);
      }
      String s = sb.toString();
      for (int options = 0; options < 16; options++) {
        boolean clean = (options & 1) != 0;
        boolean chinese = (options & 2) != 0;
        boolean strip = (options & 4) != 0;
        boolean lower = (options & 8) != 0;
        String expected = Normalizers.bertGeneral(s, clean, chinese, strip, lower);
        assertThat(Normalizers.bert(s, clean, chinese, strip, lower))
            .as("%s, options %d", s.codePoints().mapToObj(Integer::toHexString).toList(), options)
            .isEqualTo(expected);
        checked++;
      }
      if (s.codePoints().allMatch(c -> c >= 0x20 && c < 0x7F || c >= 0x4E00 && c <= 0x9FFF || c >= 0xAC00 && c <= 0xD7A3)) {
        fast++;
      }
    }
    System.out.printf("BERT normalizer: %d texts × option sets, char-by-char path equal to the general one "
        + "(%d texts of ASCII, CJK and Hangul only)%n", checked, fast);
    assertThat(fast).isGreaterThan(1000);
  }
}
