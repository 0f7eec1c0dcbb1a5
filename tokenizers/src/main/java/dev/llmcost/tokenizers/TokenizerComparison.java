package dev.llmcost.tokenizers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One text across several tokenizers: how many tokens each needs, per character, word and byte.
 */
public final class TokenizerComparison {
  private final TextStatistics text;
  private final List<TokenizerComparison.Row> rows;

  /**
   * The tokens one tokenizer needs for the text.
   */
  public static final class Row {
    private final String tokenizer;
    private final long tokens;
    private final double tokensPerCharacter;
    private final double tokensPerWord;
    private final double tokensPerByte;

    Row(String tokenizer, long tokens, double tokensPerCharacter, double tokensPerWord, double tokensPerByte) {
      this.tokenizer = tokenizer;
      this.tokens = tokens;
      this.tokensPerCharacter = tokensPerCharacter;
      this.tokensPerWord = tokensPerWord;
      this.tokensPerByte = tokensPerByte;
    }

    /** Returns the tokenizer's id. */
    public String tokenizer() {
      return tokenizer;
    }

    /** Returns the tokens (special tokens as text, nothing added). */
    public long tokens() {
      return tokens;
    }

    /** Returns the tokens per Unicode code point. */
    public double tokensPerCharacter() {
      return tokensPerCharacter;
    }

    /** Returns the tokens per word ({@link TextStatistics#words}). */
    public double tokensPerWord() {
      return tokensPerWord;
    }

    /** Returns the tokens per UTF-8 byte. */
    public double tokensPerByte() {
      return tokensPerByte;
    }

    @Override
    public boolean equals(@Nullable Object other) {
      return other == this
          || other instanceof Row o
            && Objects.equals(tokenizer, o.tokenizer)
            && tokens == o.tokens
            && Double.compare(tokensPerCharacter, o.tokensPerCharacter) == 0
            && Double.compare(tokensPerWord, o.tokensPerWord) == 0
            && Double.compare(tokensPerByte, o.tokensPerByte) == 0;
    }

    @Override
    public int hashCode() {
      int h = Objects.hashCode(tokenizer);
      h = 31 * h + Long.hashCode(tokens);
      h = 31 * h + Double.hashCode(tokensPerCharacter);
      h = 31 * h + Double.hashCode(tokensPerWord);
      h = 31 * h + Double.hashCode(tokensPerByte);
      return h;
    }

    @Override
    public String toString() {
      return "Row[tokenizer=" + tokenizer + ", tokens=" + tokens + ", tokensPerCharacter=" + tokensPerCharacter + ", tokensPerWord=" + tokensPerWord + ", tokensPerByte=" + tokensPerByte + "]";
    }
  }

  /** Copies the rows. */
  TokenizerComparison(TextStatistics text, List<TokenizerComparison.Row> rows) {
    rows = List.copyOf(rows);
    this.text = text;
    this.rows = rows;
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

  /** Returns the text's length in characters, bytes and words. */
  public TextStatistics text() {
    return text;
  }

  /** Returns one row per tokenizer, in the order given. */
  public List<TokenizerComparison.Row> rows() {
    return rows;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof TokenizerComparison o
          && Objects.equals(text, o.text)
          && Objects.equals(rows, o.rows);
  }

  @Override
  public int hashCode() {
    int h = Objects.hashCode(text);
    h = 31 * h + Objects.hashCode(rows);
    return h;
  }

  @Override
  public String toString() {
    return "TokenizerComparison[text=" + text + ", rows=" + rows + "]";
  }
}
