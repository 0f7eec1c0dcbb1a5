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

  static String escape(String s) {
    StringBuilder sb = new StringBuilder();
    s.codePoints().forEach(c -> sb.append(c >= 32 && c < 127 ? String.valueOf((char) c) : String.format("\\u{%x}", c)));
    return sb.toString();
  }
}
