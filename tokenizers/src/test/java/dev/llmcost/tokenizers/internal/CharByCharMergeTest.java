package dev.llmcost.tokenizers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.tokenizers.openai.OpenAiEncoding;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Merging character by character with splices ({@link BytePairMerger} given {@link CharTokens})
 * gives the same ids and token starts as merging the whole piece, on random pieces of CJK, kana,
 * Hangul, Cyrillic, Latin-1, ASCII and emoji (the four-byte characters make it give up), with one
 * table shared by all pieces as in use.
 */
class CharByCharMergeTest {

  private static final int[][] RANGES = {
    {0x4E00, 0x9FFF}, {0x4E00, 0x4FFF}, {0x3040, 0x30FF}, {0xAC00, 0xD7A3}, {0x3000, 0x303F}, {0xFF00, 0xFFEF},
    {0x0800, 0xFFFF}, {0x0400, 0x04FF}, {0x0080, 0x07FF}, {'a', 'z'}, {' ', ' '}, {'0', '9'}, {0x1F600, 0x1F64F},
  };

  @ParameterizedTest
  @EnumSource(value = OpenAiEncoding.class, names = {"R50K_BASE", "CL100K_BASE", "O200K_BASE"})
  void charByCharGivesTheIdsOfTheWholeMerge(OpenAiEncoding encoding) {
    RankTable ranks = ((TiktokenTokenizer) encoding.tokenizer()).encoder().ranks();
    CharTokens table = new CharTokens();
    BytePairMerger byChars = new BytePairMerger(ranks, 10, table);
    BytePairMerger whole = new BytePairMerger(ranks, 0);
    Random random = new Random(2022L + encoding.ordinal());
    StringBuilder sb = new StringBuilder();
    int pieces = 0;
    for (int round = 0; round < 30_000; round++) {
      sb.setLength(0);
      if (random.nextInt(4) == 0) {
        sb.append(' ');
      }
      // a few ranges per piece, as real text has: mostly one script, some others mixed in
      int[] main = RANGES[random.nextInt(7)];
      int length = 1 + random.nextInt(round % 50 == 0 ? 400 : 40);
      for (int i = 0; i < length; i++) {
        int[] r = random.nextInt(8) == 0 ? RANGES[random.nextInt(RANGES.length)] : main;
        int cp = r[0] + random.nextInt(r[1] - r[0] + 1);
        sb.appendCodePoint(Character.isSurrogate((char) cp) ? 0x4E2D : cp);
      }
      if (sb.charAt(0) < 0x80 && (sb.length() < 2 || sb.charAt(1) < 0x80)) {
        sb.setCharAt(sb.length() > 1 && sb.charAt(0) == ' ' ? 1 : 0, '\u4E2D');
      }
      char[] chars = sb.toString().toCharArray();
      byte[] bytes = new byte[3 * chars.length + RankTable.PADDING];
      int len = TiktokenEncoder.utf8(chars, 0, chars.length, bytes);
      int n = whole.merge(bytes, len);
      int[] expectedIds = Arrays.copyOf(whole.ids(), n);
      int[] expectedStarts = Arrays.copyOf(whole.starts(), n + 1);
      int m = byChars.merge(bytes, len);
      String what = encoding + " " + sb.codePoints().mapToObj(Integer::toHexString).toList();
      assertThat(Arrays.copyOf(byChars.ids(), m)).as(what).containsExactly(expectedIds);
      assertThat(Arrays.copyOf(byChars.starts(), m + 1)).as(what).containsExactly(expectedStarts);
      pieces++;
    }
    System.out.printf("%s: %d pieces merged char by char, all equal to the whole merge%n", encoding, pieces);
  }
}
