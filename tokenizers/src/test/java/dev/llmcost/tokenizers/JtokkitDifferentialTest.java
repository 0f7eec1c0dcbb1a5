package dev.llmcost.tokenizers;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.llmcost.tokenizers.openai.OpenAiEncoding;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ids equal jtokkit's (the reference) on real text of six kinds and on random Unicode, for the four
 * encodings jtokkit has. Random strings leave out the two documented differences: lone surrogates
 * and, in cl100k_base, U+017F after an apostrophe.
 */
class JtokkitDifferentialTest {

  private static final EncodingRegistry JTOKKIT = Encodings.newLazyEncodingRegistry();

  static Stream<Arguments> encodingsAndCorpora() {
    List<Arguments> out = new ArrayList<>();
    for (OpenAiEncoding e : List.of(OpenAiEncoding.R50K_BASE, OpenAiEncoding.P50K_BASE,
        OpenAiEncoding.CL100K_BASE, OpenAiEncoding.O200K_BASE)) {
      for (String language : Corpora.LANGUAGES) {
        out.add(Arguments.of(e, language));
      }
    }
    return out.stream();
  }

  static com.knuddels.jtokkit.api.Encoding reference(OpenAiEncoding e) {
    return JTOKKIT.getEncoding(EncodingType.valueOf(e.name()));
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("encodingsAndCorpora")
  void idsEqualJtokkitsOnRealText(OpenAiEncoding encoding, String language) {
    String text = Corpora.text(language);
    if (encoding == OpenAiEncoding.R50K_BASE || encoding == OpenAiEncoding.P50K_BASE) {
      text = text.substring(0, 60_000); // jtokkit is slow on long letter runs with these
    }
    int[] expected = reference(encoding).encodeOrdinary(text).toArray();
    Tokenizer t = encoding.tokenizer();
    int[] actual = t.encode(text).toArray();
    System.out.printf("%-12s %-5s %,9d chars %,8d tokens (jtokkit %,8d)%n",
        encoding.id(), language, text.length(), actual.length, expected.length);
    assertThat(actual).containsExactly(expected);
    assertThat(t.countTokens(text).value()).isEqualTo(expected.length);
    // line by line: short texts take the path without piece cache and pair memo
    int[] lineByLine = text.lines().limit(400).flatMapToInt(l -> t.encode(l).asList().stream().mapToInt(i -> i)).toArray();
    int[] reference = text.lines().limit(400).flatMapToInt(l -> reference(encoding).encodeOrdinary(l).boxed().stream().mapToInt(i -> i)).toArray();
    assertThat(lineByLine).containsExactly(reference);
  }

  /** The ASCII word fast paths: letter case runs, contractions, digits, white space, prefixes. */
  @ParameterizedTest
  @EnumSource(value = OpenAiEncoding.class, names = {"R50K_BASE", "CL100K_BASE", "O200K_BASE"})
  void idsEqualJtokkitsOnAsciiHeavyText(OpenAiEncoding encoding) {
    Random random = new Random(20261205L + encoding.ordinal());
    Tokenizer t = encoding.tokenizer();
    com.knuddels.jtokkit.api.Encoding ref = reference(encoding);
    for (int n = 0; n < 8_000; n++) {
      String s = RandomText.asciiHeavy(random, random.nextInt(32));
      if (encoding == OpenAiEncoding.CL100K_BASE) {
        s = s.replace('\u017f', 's');
      }
      assertThat(t.encode(s).toArray()).as("%s", RandomText.escape(s)).containsExactly(ref.encodeOrdinary(s).toArray());
    }
    // long strings take the piece cache, the table of recent tokens and chunk boundaries
    for (int n = 0; n < 3; n++) {
      String s = RandomText.asciiHeavy(random, 30_000);
      if (encoding == OpenAiEncoding.CL100K_BASE) {
        s = s.replace('\u017f', 's');
      }
      assertThat(t.encode(s).toArray()).containsExactly(ref.encodeOrdinary(s).toArray());
      assertThat(t.countTokens(s).value()).isEqualTo(ref.countTokensOrdinary(s));
    }
  }

  @ParameterizedTest
  @EnumSource(value = OpenAiEncoding.class, names = {"R50K_BASE", "CL100K_BASE", "O200K_BASE"})
  void idsEqualJtokkitsOnRandomUnicode(OpenAiEncoding encoding) {
    Random random = new Random(20261129L + encoding.ordinal());
    Tokenizer t = encoding.tokenizer();
    com.knuddels.jtokkit.api.Encoding ref = reference(encoding);
    for (int n = 0; n < 8_000; n++) {
      String s = RandomText.string(random, random.nextInt(24), false);
      if (encoding == OpenAiEncoding.CL100K_BASE) {
        s = s.replace('\u017f', 's');
      }
      assertThat(t.encode(s).toArray()).as("%s", RandomText.escape(s)).containsExactly(ref.encodeOrdinary(s).toArray());
    }
    // long strings cross chunk boundaries and use the piece cache and the pair memo
    for (int n = 0; n < 3; n++) {
      String s = RandomText.string(random, 20_000, false);
      if (encoding == OpenAiEncoding.CL100K_BASE) {
        s = s.replace('\u017f', 's');
      }
      assertThat(t.encode(s).toArray()).containsExactly(ref.encodeOrdinary(s).toArray());
    }
  }

  @Test
  void longPiecesTakeTheTreeMergeAndStillMatch() {
    Random random = new Random(7);
    StringBuilder han = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      han.appendCodePoint(0x4E00 + random.nextInt(2000));
    }
    for (String s : List.of(han.toString(), "a".repeat(5000), "ab".repeat(3000), " ".repeat(4000) + "x",
        "!".repeat(3000), "9".repeat(999), "Ab".repeat(2500) + "'S",
        "x1y22".repeat(6000), "Ab12 ".repeat(5000), "中1文".repeat(6000))) {
      for (OpenAiEncoding e : List.of(OpenAiEncoding.R50K_BASE, OpenAiEncoding.CL100K_BASE, OpenAiEncoding.O200K_BASE)) {
        assertThat(e.tokenizer().encode(s).toArray()).containsExactly(reference(e).encodeOrdinary(s).toArray());
      }
    }
  }

  /**
   * Merges start from whole three-byte characters where that gives the same ids (RankTable.wholeChar):
   * every such character of the BMP between random neighbours, and random CJK, kana, Hangul and
   * full-width text, against jtokkit.
   */
  @ParameterizedTest
  @EnumSource(value = OpenAiEncoding.class, names = {"R50K_BASE", "CL100K_BASE", "O200K_BASE"})
  void wholeCharacterStartsGiveJtokkitsIds(OpenAiEncoding encoding) {
    Random random = new Random(3L + encoding.ordinal());
    Tokenizer t = encoding.tokenizer();
    com.knuddels.jtokkit.api.Encoding ref = reference(encoding);
    int[][] ranges = {{0x4E00, 0x9FFF}, {0x3040, 0x30FF}, {0xAC00, 0xD7A3}, {0x3000, 0x303F}, {0xFF00, 0xFFEF},
        {0x0800, 0xFFFF}, {0x0400, 0x04FF}, {'a', 'z'}, {'0', '9'}, {' ', ' '}};
    java.util.function.IntSupplier pick = () -> {
      int[] r = ranges[random.nextInt(ranges.length)];
      int cp = r[0] + random.nextInt(r[1] - r[0] + 1);
      return Character.isSurrogate((char) cp) ? 0x4E2D : cp;
    };
    StringBuilder sb = new StringBuilder();
    for (int cp = 0x0800; cp <= 0xFFFF; cp++) {
      if (Character.isSurrogate((char) cp)) {
        continue;
      }
      sb.setLength(0);
      sb.appendCodePoint(pick.getAsInt()).appendCodePoint(cp).appendCodePoint(pick.getAsInt());
      String s = sb.toString();
      assertThat(t.encode(s).toArray()).as("%s", RandomText.escape(s)).containsExactly(ref.encodeOrdinary(s).toArray());
    }
    for (int n = 0; n < 20_000; n++) {
      sb.setLength(0);
      int len = 1 + random.nextInt(n % 100 == 0 ? 400 : 40);
      for (int i = 0; i < len; i++) {
        sb.appendCodePoint(random.nextInt(4) == 0 ? pick.getAsInt() : 0x4E00 + random.nextInt(random.nextBoolean() ? 500 : 0x5200));
      }
      String s = sb.toString();
      assertThat(t.encode(s).toArray()).as("%s", RandomText.escape(s)).containsExactly(ref.encodeOrdinary(s).toArray());
      assertThat(t.countTokens(s).value()).isEqualTo(ref.countTokensOrdinary(s));
    }
  }
}
