package dev.llmcost.tokenizers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.tokenizers.openai.OpenAiEncoding;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Documented results for bad input: null bytes are ordinary text, lone surrogates are U+FFFD,
 * the empty string has no tokens, a 100 MB string of text is counted in bounded memory, a piece
 * of millions of chars without a break is encoded like any other (no longer refused; see {@link
 * LongPieceTest}), and bad ids or options fail with one clear exception.
 */
class BadInputTest {

  private final Tokenizer o200k = OpenAiEncoding.O200K_BASE.tokenizer();
  private final Tokenizer cl100k = OpenAiEncoding.CL100K_BASE.tokenizer();

  @Test
  void emptyStringHasNoTokens() {
    for (String id : new String[] {"r50k_base", "cl100k_base", "o200k_base", "character"}) {
      Tokenizer t = TokenizerRegistry.standard().resolve(id);
      assertThat(t.encode("").size()).isZero();
      assertThat(t.countTokens("").value()).isZero();
      assertThat(t.decode(new int[0])).isEmpty();
    }
  }

  @Test
  void nullBytesAreOrdinaryText() {
    // U+0000 is a control character: byte 0x00, a token of its own in every OpenAI encoding
    assertThat(o200k.encode("\0").toArray()).containsExactly(188);
    assertThat(cl100k.encode("a\0b").toArray()).containsExactly(64, 188, 65);
    assertThat(o200k.decode(o200k.encode("x\0\0y").toArray())).isEqualTo("x\0\0y");
  }

  @Test
  void loneSurrogatesAreEncodedAsReplacementCharacters() {
    assertThat(o200k.encode("a\ud800b").toArray()).isEqualTo(o200k.encode("a\ufffdb").toArray());
    assertThat(cl100k.encode("\udc00").toArray()).isEqualTo(cl100k.encode("\ufffd").toArray());
    assertThat(o200k.decode(o200k.encode("\ud83d!").toArray())).isEqualTo("\ufffd!");
    assertThat(TextStatistics.of("\ud800").bytes()).isEqualTo(3);
  }

  @Test
  void hundredMegabytesAreCountedInBoundedMemory() {
    String unit = "The quick brown fox jumps over the lazy dog; 3.14 isn't π. Съешь же ещё этих булок.\n";
    long unitTokens = o200k.countTokens(unit).value();
    int copies = 100_000_000 / unit.length() + 1;
    String big = unit.repeat(copies);
    assertThat(big.length()).isGreaterThan(100_000_000);
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = mx.getCurrentThreadAllocatedBytes();
    long tokens = o200k.countTokens(big).value();
    long allocated = mx.getCurrentThreadAllocatedBytes() - before;
    System.out.printf("100 MB: %,d chars, %,d tokens, %,d bytes allocated while counting%n", big.length(), tokens, allocated);
    assertThat(tokens).isEqualTo(unitTokens * copies); // each copy ends with a newline: counts add up
    assertThat(allocated).isLessThan(16L << 20); // chunk buffers and caches, not a copy of the text
  }

  @Test
  void longRunsOfSpacesOrEmojiAreEncodedNotRefused() {
    // before: refused with "limited to 4,194,304 chars"; now merged block by block (LongPieceTest)
    String spaces = " ".repeat(4_200_000);
    Encoding e = o200k.encode(spaces);
    assertThat(o200k.decode(e.toArray())).isEqualTo(spaces);
    assertThat(o200k.countTokens(spaces).value()).isEqualTo(e.size());
    String emoji = "\uD83D\uDE00".repeat(2_100_000);
    Encoding f = cl100k.encode(emoji);
    assertThat(cl100k.decode(f.toArray())).isEqualTo(emoji);
    assertThat(cl100k.countTokens(emoji).value()).isEqualTo(f.size());
  }

  @Test
  void badIdsAndOptionsFailClearly() {
    assertThatThrownBy(() -> o200k.decode(new int[] {1, 199998}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ids[1]").hasMessageContaining("199998");
    assertThatThrownBy(() -> o200k.decode(new int[] {-1})).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CharacterTokenizer.instance().decode(new int[] {0x110000}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0x10FFFF");
    assertThatThrownBy(() -> EncodeOptions.DEFAULT.withLimit(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
    assertThatThrownBy(() -> EncodeOptions.DEFAULT.withLimit(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
    assertThat(EncodeOptions.DEFAULT.withLimit(3).limit()).hasValue(3);
    assertThat(EncodeOptions.DEFAULT.withLimit(3).unlimited().limit()).isEmpty();
  }

  @Test
  void specialTokensFollowThePolicy() {
    String text = "a<|endoftext|>b<|endofprompt|>";
    assertThat(o200k.encode(text).size()).isGreaterThan(4); // as text
    assertThat(o200k.encode(text, EncodeOptions.DEFAULT.withSpecialTokens(SpecialTokens.ALLOWED)).toArray())
        .containsExactly(64, 199999, 65, 200018);
    assertThat(o200k.countTokens(text, EncodeOptions.DEFAULT.withSpecialTokens(SpecialTokens.ALLOWED)).value()).isEqualTo(4);
    assertThatThrownBy(() -> o200k.encode(text, EncodeOptions.DEFAULT.withSpecialTokens(SpecialTokens.DISALLOWED)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("<|endoftext|>");
    assertThat(o200k.decode(new int[] {199999})).isEqualTo("<|endoftext|>");
  }

  @Test
  void truncationIsReportedNeverSilent() {
    Encoding full = o200k.encode("one two three four five");
    Encoding cut = o200k.encode("one two three four five", EncodeOptions.DEFAULT.withLimit(2));
    assertThat(cut.size()).isEqualTo(2);
    assertThat(cut.truncated()).isTrue();
    assertThat(cut.untruncatedLength()).isEqualTo(full.size());
    assertThat(cut.asList()).isEqualTo(full.asList().subList(0, 2));
    assertThat(full.truncated()).isFalse();
    assertThat(o200k.countTokens("one two three four five", EncodeOptions.DEFAULT.withLimit(2)).value())
        .isEqualTo(full.size());
    // OpenAI encodings have no BOS/EOS: asking for them adds nothing
    assertThat(o200k.encode("hi", EncodeOptions.DEFAULT.withAddSpecialTokens(true)).asList())
        .isEqualTo(o200k.encode("hi").asList());
  }
}
