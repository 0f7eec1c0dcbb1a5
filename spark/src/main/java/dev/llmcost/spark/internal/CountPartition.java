package dev.llmcost.spark.internal;

import dev.llmcost.tokenizers.TextStatistics;
import dev.llmcost.tokenizers.Tokenizer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Counts one partition of a dataset: input rows {@code (text, language)}, output one row per
 * language met, {@code (language, documents, skipped, characters, bytes, tokens_0 ... tokens_n)}.
 * A document's figures are those {@code DatasetCounter} gives a JSONL document: code points,
 * UTF-8 bytes and {@link Tokenizer#countTokens} of the whole text under each tokenizer. A null
 * text is skipped (counted in {@code skipped}); a null language is {@value #UNDETERMINED}.
 */
public final class CountPartition implements MapPartitionsFunction<Row, Row> {

  private static final long serialVersionUID = 1L;

  /** The language of a document whose language column is null. */
  public static final String UNDETERMINED = "und";

  /** The language key of every document when no language column is given. */
  public static final String ALL = "";

  private final List<String> tokenizers;
  private final boolean byLanguage;

  /**
   * Creates the function.
   *
   * @param tokenizers the tokenizer ids or handles, resolved through {@link TokenizerCache}
   * @param byLanguage whether the rows hold a language in their second field
   */
  public CountPartition(List<String> tokenizers, boolean byLanguage) {
    this.tokenizers = new ArrayList<>(tokenizers);
    this.byLanguage = byLanguage;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    int n = tokenizers.size();
    Tokenizer[] ts = new Tokenizer[n];
    for (int i = 0; i < n; i++) {
      ts[i] = TokenizerCache.get(tokenizers.get(i));
    }
    // documents, skipped, characters, bytes, then one slot per tokenizer
    Map<String, long[]> tallies = new LinkedHashMap<>();
    while (rows.hasNext()) {
      Row r = rows.next();
      String language = ALL;
      if (byLanguage) {
        language = r.isNullAt(1) ? UNDETERMINED : r.getString(1);
      }
      long[] t = tallies.computeIfAbsent(language, k -> new long[4 + n]);
      if (r.isNullAt(0)) {
        t[1]++;
        continue;
      }
      String text = r.getString(0);
      t[0]++;
      t[2] += text.codePointCount(0, text.length());
      t[3] += TextStatistics.utf8Length(text);
      for (int i = 0; i < n; i++) {
        t[4 + i] += ts[i].countTokens(text).value();
      }
    }
    List<Row> out = new ArrayList<>(tallies.size());
    for (Map.Entry<String, long[]> e : tallies.entrySet()) {
      Object[] values = new Object[5 + n];
      values[0] = e.getKey();
      for (int i = 0; i < 4 + n; i++) {
        values[1 + i] = e.getValue()[i];
      }
      out.add(RowFactory.create(values));
    }
    return out.iterator();
  }
}
