package dev.llmcost.tokenizers;

import java.util.Random;

/** Random strings weighted towards the characters the split patterns treat specially. */
final class RandomText {
  private RandomText() {}

  private static final int[] SPECIAL = {
    ' ', ' ', ' ', '\n', '\r', '\t', '\u000b', 'a', 'b', 'Z', 'Q', '\'', '\'', 's', 'S', 't', 'l', 'L', 'v', 'e', 'r',
    'd', 'm', 'M', 'D', '1', '2', '9', '!', '.', '/', ',', '-', 0x00A0, 0x3000, 0x2028, 0x0085, 0x0301,
    0x0903, 0x20DD, 0x02B0, 0x4E2D, 0x6587, 0x00E9, 0x01C5, 0x0660, 0x2160, 0x00B2, 0x1F600, 0x1F44D,
    0x10400, 0x10428, 0x1D7CE, 0xAC00, 0x3042, 0x30AB, 0x0416, 0x0436, 0x00DF, 0x017F, 0x0000, 0xFEFF,
    0x200B, 0xFFFD
  };

  /**
   * Returns a random string of {@code length} code points.
   *
   * @param loneSurrogates whether lone surrogates may appear
   */
  static String string(Random random, int length, boolean loneSurrogates) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < length; i++) {
      int kind = random.nextInt(8);
      int cp;
      if (kind < 5) {
        cp = SPECIAL[random.nextInt(SPECIAL.length)];
      } else if (kind < 7) {
        cp = random.nextInt(0x3000);
      } else {
        cp = random.nextInt(Character.MAX_CODE_POINT + 1);
      }
      if (Character.isSurrogate((char) cp) && cp < 0x10000 && !loneSurrogates) {
        cp = 'x';
      }
      sb.appendCodePoint(cp);
    }
    return sb.toString();
  }

  private static final int[] ASCII_HEAVY = {
    ' ', ' ', ' ', ' ', '\n', '\r', '\t', 'a', 'b', 'e', 'o', 'x', 'Z', 'Q', 'A', 'B', 'C', 'H', '\'', '\'', 's', 'S',
    't', 'T', 'l', 'L', 'v', 'V', 'e', 'E', 'r', 'R', 'd', 'D', 'm', 'M', '0', '1', '9', '!', '.', '/', ',', '-', '(',
    '"', '_', '#',
    // the chars of U+0080 and above that may continue or end an ASCII word
    0x00E9, 0x00C9, 0x0301, 0x017F, 0x212A, 0x02B0, 0x01C5, 0x4E2D, 0x00A0, 0x2019, 0x1F600, 0x0660
  };

  /**
   * Returns a random string of {@code length} code points, mostly ASCII letters of both cases,
   * apostrophes, digits, white space and punctuation, with a few non-ASCII letters, marks and
   * spaces (the ASCII word fast paths).
   */
  static String asciiHeavy(Random random, int length) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < length; i++) {
      sb.appendCodePoint(random.nextInt(10) == 0 ? ASCII_HEAVY[ASCII_HEAVY.length - 1 - random.nextInt(12)]
          : ASCII_HEAVY[random.nextInt(ASCII_HEAVY.length - 12)]);
    }
    return sb.toString();
  }

  static String escape(String s) {
    StringBuilder sb = new StringBuilder();
    s.codePoints().forEach(c -> sb.append(c >= 32 && c < 127 ? String.valueOf((char) c) : String.format("\\u{%x}", c)));
    return sb.toString();
  }
}
