package dev.llmcost.tokenizers.dataset;

import dev.llmcost.tokenizers.CharacterTokenizer;
import dev.llmcost.tokenizers.Tokenizer;
import dev.llmcost.tokenizers.huggingface.HuggingFaceTokenizer;
import dev.llmcost.tokenizers.internal.TiktokenTokenizer;

/**
 * Counts one tokenizer's tokens of a document, or of a part of a long plain text cut where the
 * parts count as the whole does.
 */
abstract class PartCounter {

  final Tokenizer tokenizer;

  PartCounter(Tokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  static PartCounter of(Tokenizer t) {
    if (t instanceof HuggingFaceTokenizer h) {
      return new HuggingFace(h);
    }
    if (t instanceof TiktokenTokenizer) {
      return new Tiktoken(t);
    }
    if (t instanceof CharacterTokenizer) {
      return new Characters(t);
    }
    return new Whole(t);
  }

  /** Counts a whole document (special tokens as text, nothing added). */
  final long document(String text) {
    return tokenizer.countTokens(text).value();
  }

  /** Whether {@code text} may be cut before {@code index} (0 < index < length). */
  abstract boolean cutsBefore(String text, int index);

  /** Counts a part of a text cut at places {@link #cutsBefore} accepts. */
  abstract long part(String part, boolean atStart, boolean atEnd);

  /**
   * The OpenAI encodings (r50k, p50k, cl100k, o200k, o200k_harmony): a cut before a space that
   * stands between two letters. In each split pattern no piece holds a letter and the space after
   * it (letter runs stop at a space; contractions need an apostrophe), and the piece that starts
   * at the space ({@code " ?\p{L}+"}, {@code "[^\r\n\p{L}\p{N}]?\p{L}+"} and o200k's cased
   * variant) looks at no text before it, so the pieces, and hence the byte-pair merges within
   * each, are the same whether the text is whole or cut there. Checked against whole-text counts
   * in {@code DatasetCounterTest}.
   */
  static final class Tiktoken extends PartCounter {
    Tiktoken(Tokenizer t) {
      super(t);
    }

    @Override
    boolean cutsBefore(String text, int index) {
      return text.charAt(index) == ' ' && index + 1 < text.length()
          && Character.isLetter(text.codePointBefore(index)) && Character.isLetter(text.codePointAt(index + 1));
    }

    @Override
    long part(String part, boolean atStart, boolean atEnd) {
      return tokenizer.countTokens(part).value();
    }
  }

  /** HuggingFace files: the places and the part counts the tokenizer's own pipeline gives. */
  static final class HuggingFace extends PartCounter {
    private final HuggingFaceTokenizer h;

    HuggingFace(HuggingFaceTokenizer h) {
      super(h);
      this.h = h;
    }

    @Override
    boolean cutsBefore(String text, int index) {
      return h.cutsBefore(text, index);
    }

    @Override
    long part(String part, boolean atStart, boolean atEnd) {
      return h.countPart(part, atStart, atEnd).value();
    }
  }

  /** One token a code point: any cut that does not split a surrogate pair. */
  static final class Characters extends PartCounter {
    Characters(Tokenizer t) {
      super(t);
    }

    @Override
    boolean cutsBefore(String text, int index) {
      return !Character.isLowSurrogate(text.charAt(index));
    }

    @Override
    long part(String part, boolean atStart, boolean atEnd) {
      return tokenizer.countTokens(part).value();
    }
  }

  /** A tokenizer this package knows nothing of: never cut. */
  static final class Whole extends PartCounter {
    Whole(Tokenizer t) {
      super(t);
    }

    @Override
    boolean cutsBefore(String text, int index) {
      return false;
    }

    @Override
    long part(String part, boolean atStart, boolean atEnd) {
      return tokenizer.countTokens(part).value();
    }
  }
}
