package dev.llmcost.tokenizers;

import dev.llmcost.core.TokenCount;
import java.util.Arrays;

/**
 * One token per Unicode code point, the id being the code point: what "Chinese is tokenized per
 * character" would mean, and a baseline for comparisons.
 *
 * <p>Exact for every string, lone surrogates included: a lone surrogate is one token whose id is
 * its code unit (U+D800..U+DFFF), and decoding gives it back. There are no special tokens and no
 * BOS/EOS. Immutable and thread-safe.
 */
public final class CharacterTokenizer implements Tokenizer {

  /** The id of this tokenizer in {@link TokenizerRegistry}. */
  public static final String ID = "character";

  private static final CharacterTokenizer INSTANCE = new CharacterTokenizer();

  private CharacterTokenizer() {}

  /** Returns the tokenizer. */
  public static CharacterTokenizer instance() {
    return INSTANCE;
  }

  @Override
  public String id() {
    return ID;
  }

  /** Returns 1,114,112: every code point U+0000..U+10FFFF. */
  @Override
  public int vocabularySize() {
    return Character.MAX_CODE_POINT + 1;
  }

  @Override
  public Encoding encode(String text, EncodeOptions options) {
    int[] ids = text.codePoints().toArray();
    int max = options.limit().orElse(0);
    if (max > 0 && ids.length > max) {
      return Encoding.wrapWithoutCopy(Arrays.copyOf(ids, max), ids.length);
    }
    return Encoding.wrapWithoutCopy(ids, ids.length);
  }

  @Override
  public TokenCount countTokens(String text, EncodeOptions options) {
    return TokenCount.of(text.codePointCount(0, text.length()));
  }

  @Override
  public TokenCount countTokens(String text) {
    return TokenCount.of(text.codePointCount(0, text.length()));
  }

  @Override
  public String decode(int[] ids) {
    StringBuilder sb = new StringBuilder(ids.length);
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] < 0 || ids[i] > Character.MAX_CODE_POINT) {
        throw new IllegalArgumentException(
            "ids[" + i + "] must be a code point in [0, 0x10FFFF], was " + ids[i]);
      }
      sb.appendCodePoint(ids[i]);
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return ID;
  }
}
