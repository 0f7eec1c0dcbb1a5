package dev.llmcost.tokenizers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.tokenizers.openai.OpenAiEncoding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pieces of any length — runs of one letter, of white space or of emoji, which the OpenAI split
 * patterns keep whole — are encoded exactly (ids equal to jtokkit's where jtokkit finishes in
 * reasonable time) and in time linear in their length (the speed is {@code LongPieceBenchmark}'s).
 * Where no oracle runs, structural laws: decoding gives the text back, counting equals the length
 * of the encoding, and counts add up across a boundary that every split pattern keeps (a space
 * after a letter), though not across an arbitrary cut in the middle of a run.
 */
class LongPieceTest {

  private static final String EMOJI = "\uD83D\uDE00";

  @ParameterizedTest
  @EnumSource(value = OpenAiEncoding.class, names = {"R50K_BASE", "CL100K_BASE", "O200K_BASE"})
  void runsLongerThanABlockEqualJtokkit(OpenAiEncoding encoding) {
    Tokenizer t = encoding.tokenizer();
    for (String run : new String[] {"a".repeat(300_000), EMOJI.repeat(100_000), " ".repeat(200_001),
        "\u4E2D".repeat(100_000), "ab".repeat(150_000), "!?".repeat(100_000) + "\n"}) {
      int[] expected = JtokkitDifferentialTest.reference(encoding).encodeOrdinary(run).toArray();
      int[] actual = t.encode(run).toArray();
      System.out.printf("%-11s %,8d chars of %-6s %,7d tokens (jtokkit %,7d)%n", encoding.id(), run.length(),
          describe(run), actual.length, expected.length);
      assertThat(actual).containsExactly(expected);
      assertThat(t.countTokens(run).value()).isEqualTo(expected.length);
    }
  }

  @Test
  void tenMegabytesOfOneLetterAndOfEmojiRoundTripAndAddUpAtSafeBoundaries() {
    // 10 M chars of 'a' (cl100k_base) and 2.5 M emoji, 10 MB of UTF-8 (o200k_base)
    check(OpenAiEncoding.CL100K_BASE, "a".repeat(10_000_000));
    check(OpenAiEncoding.O200K_BASE, EMOJI.repeat(2_500_000));
  }

  private static void check(OpenAiEncoding encoding, String run) {
    Tokenizer t = encoding.tokenizer();
    long start = System.nanoTime();
    Encoding e = t.encode(run);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("%-11s %,d chars of %s: %,d tokens in %.1f s%n", encoding.id(), run.length(), describe(run),
        e.size(), seconds);
    assertThat(t.decode(e.toArray())).isEqualTo(run);
    assertThat(t.countTokens(run).value()).isEqualTo(e.size());
    // a space after a letter or an emoji is a boundary of every split pattern: counts add up
    int cut = (run.length() * 3 / 5) & ~1; // between two emoji, never inside a surrogate pair
    String left = run.substring(0, cut);
    String right = " " + run.substring(cut);
    assertThat(t.countTokens(left + right).value())
        .isEqualTo(t.countTokens(left).value() + t.countTokens(right).value());
  }

  @Test
  void countsDoNotAddUpAcrossACutInsideARun() {
    // the law above is not vacuous: cutting a run where no pattern has a boundary changes the count
    Tokenizer t = OpenAiEncoding.CL100K_BASE.tokenizer();
    String run = "a".repeat(1_000_003);
    long whole = t.countTokens(run).value();
    int differing = 0;
    for (int cut = 1; cut < 16; cut++) {
      long split = t.countTokens(run.substring(0, cut)).value() + t.countTokens(run.substring(cut)).value();
      if (split != whole) {
        differing++;
      }
    }
    System.out.printf("1,000,003 a: %,d tokens; 15 cuts in the run, %d of them change the count%n", whole, differing);
    assertThat(differing).isPositive();
  }

  @Test
  void aHundredMegabytesOfOneLetterAreCounted() {
    Tokenizer t = OpenAiEncoding.O200K_BASE.tokenizer();
    String run = "a".repeat(100_000_000);
    long start = System.nanoTime();
    long count = t.countTokens(run).value();
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("o200k_base 100,000,000 chars of a: %,d tokens in %.1f s%n", count, seconds);
    // jtokkit encodes 300,000 'a' as 37,500 tokens of 8 (runsLongerThanABlockEqualJtokkit): merged
    // from the left, a run whose length is a multiple of 8 is that many tokens of 8 'a'
    assertThat(count).isEqualTo(100_000_000L / 8);
  }

  private static String describe(String run) {
    return run.startsWith(EMOJI) ? "emoji" : "'" + run.charAt(0) + "'";
  }
}
