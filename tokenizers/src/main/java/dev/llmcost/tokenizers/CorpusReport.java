package dev.llmcost.tokenizers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Token statistics of several corpora (one per language, say) across several tokenizers: which
 * tokenizer is frugal with which language, in tokens per character, word and byte.
 */
public final class CorpusReport {
  private final List<CorpusReport.Row> rows;

  /**
   * One corpus under one tokenizer.
   */
  public static final class Row {
    private final String corpus;
    private final String tokenizer;
    private final TextStatistics text;
    private final long tokens;

    Row(String corpus, String tokenizer, TextStatistics text, long tokens) {
      this.corpus = corpus;
      this.tokenizer = tokenizer;
      this.text = text;
      this.tokens = tokens;
    }

    /** Returns tokens per character. */
    public double tokensPerCharacter() {
      return text.perCharacter(tokens);
    }

    /** Returns tokens per word. */
    public double tokensPerWord() {
      return text.perWord(tokens);
    }

    /** Returns tokens per UTF-8 byte. */
    public double tokensPerByte() {
      return text.perByte(tokens);
    }

    /** Returns the corpus's name, such as {@code zh}. */
    public String corpus() {
      return corpus;
    }

    /** Returns the tokenizer's id. */
    public String tokenizer() {
      return tokenizer;
    }

    /** Returns the corpus's length. */
    public TextStatistics text() {
      return text;
    }

    /** Returns its tokens (special tokens as text, nothing added). */
    public long tokens() {
      return tokens;
    }

    @Override
    public boolean equals(@Nullable Object other) {
      return other == this
          || other instanceof Row o
            && Objects.equals(corpus, o.corpus)
            && Objects.equals(tokenizer, o.tokenizer)
            && Objects.equals(text, o.text)
            && tokens == o.tokens;
    }

    @Override
    public int hashCode() {
      int h = Objects.hashCode(corpus);
      h = 31 * h + Objects.hashCode(tokenizer);
      h = 31 * h + Objects.hashCode(text);
      h = 31 * h + Long.hashCode(tokens);
      return h;
    }

    @Override
    public String toString() {
      return "Row[corpus=" + corpus + ", tokenizer=" + tokenizer + ", text=" + text + ", tokens=" + tokens + "]";
    }
  }

  /** Copies the rows. */
  CorpusReport(List<CorpusReport.Row> rows) {
    rows = List.copyOf(rows);
    this.rows = rows;
  }

  /**
   * Counts every corpus with every tokenizer.
   *
   * @param corpora name to text, in the order to report (use a {@link java.util.LinkedHashMap})
   * @param tokenizers the tokenizers
   * @return the report
   * @throws IllegalArgumentException if either is empty
   */
  public static CorpusReport of(Map<String, String> corpora, List<? extends Tokenizer> tokenizers) {
    if (corpora.isEmpty() || tokenizers.isEmpty()) {
      throw new IllegalArgumentException(
          "corpora and tokenizers must not be empty, were " + corpora.keySet() + " and " + tokenizers);
    }
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, String> c : corpora.entrySet()) {
      TextStatistics stats = TextStatistics.of(c.getValue());
      for (Tokenizer t : tokenizers) {
        rows.add(new Row(c.getKey(), t.id(), stats, t.countTokens(c.getValue()).value()));
      }
    }
    return new CorpusReport(rows);
  }

  /** Returns the report as a fixed-width table. */
  public String format() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-8s %-14s %11s %11s %11s %10s %9s %9s %9s%n",
        "corpus", "tokenizer", "characters", "bytes", "words", "tokens", "tok/char", "tok/word", "tok/byte"));
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, "%-8s %-14s %11d %11d %11d %10d %9.3f %9.3f %9.3f%n",
          r.corpus(), r.tokenizer(), r.text().characters(), r.text().bytes(), r.text().words(),
          r.tokens(), r.tokensPerCharacter(), r.tokensPerWord(), r.tokensPerByte()));
    }
    return sb.toString();
  }

  /** Returns one row per corpus and tokenizer, corpora in the order given, then tokenizers. */
  public List<CorpusReport.Row> rows() {
    return rows;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof CorpusReport o
          && Objects.equals(rows, o.rows);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(rows);
  }

  @Override
  public String toString() {
    return "CorpusReport[rows=" + rows + "]";
  }
}
