package dev.llmcost.tokenizers.internal.huggingface;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The byte-level model's own UTF-8 encoder gives the bytes of {@code String.getBytes(UTF_8)}. */
class BpeModelTest {

  private static final char[] CHARS = {
    'a', ' ', '\u007F', '\u0080', '\u00E9', '\u07FF', '\u0800', '\u4E2D', '\uFFFF', '\uD83D', '\uDE00', '\uDBFF', '\uDFFF'
  };

  @Test
  void utf8SymbolsAreTheBytesOfGetBytesUnpairedSurrogatesIncluded() {
    int[] identity = new int[256];
    Arrays.setAll(identity, i -> i);
    Random random = new Random(42);
    for (int trial = 0; trial < 20_000; trial++) {
      char[] c = new char[random.nextInt(12)];
      for (int i = 0; i < c.length; i++) {
        c[i] = CHARS[random.nextInt(CHARS.length)];
      }
      String s = "x" + new String(c) + "y";
      byte[] expected = new String(c).getBytes(StandardCharsets.UTF_8);
      int[] sym = new int[3 * c.length];
      int n = BpeModel.utf8Symbols(s, 1, 1 + c.length, identity, sym);
      int[] bytes = new int[expected.length];
      Arrays.setAll(bytes, i -> expected[i] & 0xFF);
      assertThat(Arrays.copyOf(sym, n)).as("UTF-8 of %s", Arrays.toString(c)).containsExactly(bytes);
    }
  }
}
