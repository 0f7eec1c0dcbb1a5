package dev.llmcost.tokenizers.internal.huggingface;

/**
 * GPT-2's reversible map from bytes to printable characters: bytes that are printable Latin-1
 * map to themselves, the other 68 to U+0100 and up, in byte order (Radford et al. 2019, GPT-2
 * {@code encoder.py}).
 */
final class ByteLevelAlphabet {
  private ByteLevelAlphabet() {}

  private static final char[] BYTE_TO_CHAR = new char[256];
  private static final int[] CHAR_TO_BYTE = new int[0x200];

  static {
    java.util.Arrays.fill(CHAR_TO_BYTE, -1);
    int n = 0;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
      char c = printable ? (char) b : (char) (256 + n++);
      BYTE_TO_CHAR[b] = c;
      CHAR_TO_BYTE[c] = b;
    }
  }

  /** Returns the character that stands for byte {@code b} (0–255). */
  static char charOf(int b) {
    return BYTE_TO_CHAR[b & 0xFF];
  }

  /** Returns the byte a character stands for, or -1 if it is not in the alphabet. */
  static int byteOf(char c) {
    return c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
  }

  /** Maps the UTF-8 bytes of {@code s[from, to)} to the alphabet. */
  static String encode(String s, int from, int to) {
    byte[] bytes = s.substring(from, to).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    char[] out = new char[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = BYTE_TO_CHAR[bytes[i] & 0xFF];
    }
    return new String(out);
  }
}
