package dev.llmcost.tokenizers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.tokenizers.openai.OpenAiEncoding;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Block-by-block merging ({@link LongPieceMerger}) gives the same ids as merging the whole piece at
 * once ({@link BytePairMerger}, itself checked against jtokkit by the differential tests), with
 * blocks as small as one char so that nearly every token boundary is a splice: runs of one letter,
 * of spaces, of emoji, and random strings of a few letters and symbols.
 */
class LongPieceMergerTest {

  private static final String[] ALPHABETS = {
    "a", "ab", "abc", " ", "\uD83D\uDE00", "\uD83D\uDE00\uD83D\uDC4D", "!", "=-", "\u4E2D\u6587", "\u0436",
    "aaaaaaab", "xyz\u00E9",
  };

  @ParameterizedTest
  @EnumSource(value = OpenAiEncoding.class, names = {"R50K_BASE", "CL100K_BASE", "O200K_BASE"})
  void blocksSplicedGiveTheIdsOfTheWholePiece(OpenAiEncoding encoding) {
    RankTable ranks = ((TiktokenTokenizer) encoding.tokenizer()).encoder().ranks();
    Random random = new Random(22);
    int checked = 0;
    for (int round = 0; round < 300; round++) {
      String alphabet = ALPHABETS[round % ALPHABETS.length];
      int length = 1 + random.nextInt(round < 150 ? 200 : 3000);
      StringBuilder sb = new StringBuilder();
      while (sb.length() < length) {
        if (round % 3 == 0) {
          sb.append(alphabet); // periodic
        } else {
          int cp = alphabet.codePointAt(alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0, alphabet.length()))));
          sb.appendCodePoint(cp);
        }
      }
      char[] chars = sb.toString().toCharArray();
      int[] expected = whole(ranks, chars);
      for (int block : new int[] {1, 2, 3, 7, 64}) {
        for (int keep : new int[] {300, 2048, 1 << 20}) {
          IntBuffer out = new IntBuffer(16);
          long n = new LongPieceMerger(ranks, block, keep).encode(chars, 0, chars.length, out);
          assertThat(out.toArray())
              .as("%s, %d chars of %s, blocks of %d, %d bytes kept", encoding, chars.length, alphabet, block, keep)
              .isEqualTo(expected);
          assertThat(n).isEqualTo(expected.length);
          assertThat(new LongPieceMerger(ranks, block, keep).encode(chars, 0, chars.length, null))
              .isEqualTo(expected.length);
          checked++;
        }
      }
    }
    System.out.printf("%s: %d pieces merged block by block, all equal to the whole-piece merge%n", encoding, checked);
  }

  static int[] whole(RankTable ranks, char[] chars) {
    byte[] bytes = new byte[3 * chars.length + RankTable.PADDING];
    int len = TiktokenEncoder.utf8(chars, 0, chars.length, bytes);
    BytePairMerger m = new BytePairMerger(ranks, 0);
    int n = m.merge(bytes, len);
    return Arrays.copyOf(m.ids(), n);
  }
}
