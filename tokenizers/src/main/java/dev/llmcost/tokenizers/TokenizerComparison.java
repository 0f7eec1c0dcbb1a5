package dev.llmcost.tokenizers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One text across several tokenizers: how many tokens each needs, per character, word and byte.
 *
 * @param text the text's length in characters, bytes and words
 * @param rows one row per tokenizer, in the order given
 */
public record TokenizerComparison(TextStatistics text, List<TokenizerComparison.Row> rows) {

  /**
   * The tokens one tokenizer needs for the text.
   *
   * @param tokenizer the tokenizer's id
   * @param tokens tokens (special tokens as text, nothing added)
   * @param tokensPerCharacter tokens per Unicode code point
   * @param tokensPerWord tokens per word ({@link TextStatistics#words})
   * @param tokensPerByte tokens per UTF-8 byte
   */
  public record Row(
      String tokenizer, long tokens, double tokensPerCharacter, double tokensPerWord, double tokensPerByte) {}

  /** Copies the rows. */
  public TokenizerComparison {
    rows = List.copyOf(rows);
  }

  /**
   * Counts {@code text} with each tokenizer.
   *
   * @param text the text
   * @param tokenizers the tokenizers, at least one
   * @return the comparison
   * @throws IllegalArgumentException if {@code tokenizers} is empty
   */
  public static TokenizerComparison of(String text, List<? extends Tokenizer> tokenizers) {
    if (tokenizers.isEmpty()) {
      throw new IllegalArgumentException("tokenizers must not be empty, was []");
    }
    TextStatistics stats = TextStatistics.of(text);
    List<Row> rows = new ArrayList<>();
    for (Tokenizer t : tokenizers) {
      long tokens = t.countTokens(text).value();
      rows.add(new Row(t.id(), tokens, stats.perCharacter(tokens), stats.perWord(tokens), stats.perByte(tokens)));
    }
    return new TokenizerComparison(stats, rows);
  }

  /** Returns a fixed-width table: tokenizer, tokens, tokens per character, word and byte. */
  public String format() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%d characters, %d bytes (UTF-8), %d words%n",
        text.characters(), text.bytes(), text.words()));
    sb.append(String.format(Locale.ROOT, "%-22s %12s %10s %10s %10s%n", "tokenizer", "tokens", "per char", "per word", "per byte"));
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, "%-22s %12d %10.3f %10.3f %10.3f%n",
          r.tokenizer(), r.tokens(), r.tokensPerCharacter(), r.tokensPerWord(), r.tokensPerByte()));
    }
    return sb.toString();
  }
}
