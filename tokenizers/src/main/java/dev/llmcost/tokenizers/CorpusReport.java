package dev.llmcost.tokenizers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Token statistics of several corpora (one per language, say) across several tokenizers: which
 * tokenizer is frugal with which language, in tokens per character, word and byte.
 *
 * @param rows one row per corpus and tokenizer, corpora in the order given, then tokenizers
 */
public record CorpusReport(List<CorpusReport.Row> rows) {

  /**
   * One corpus under one tokenizer.
   *
   * @param corpus the corpus's name, such as {@code zh}
   * @param tokenizer the tokenizer's id
   * @param text the corpus's length
   * @param tokens its tokens (special tokens as text, nothing added)
   */
  public record Row(String corpus, String tokenizer, TextStatistics text, long tokens) {

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
  }

  /** Copies the rows. */
  public CorpusReport {
    rows = List.copyOf(rows);
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
}
