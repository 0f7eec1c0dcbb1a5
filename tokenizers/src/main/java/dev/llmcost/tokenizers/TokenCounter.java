package dev.llmcost.tokenizers;

import dev.llmcost.core.TokenCount;
import dev.llmcost.tokenizers.internal.IncrementalCount;
import dev.llmcost.tokenizers.internal.TiktokenTokenizer;
import java.util.Objects;

/**
 * Counts the tokens of a text that grows by appends — a chat transcript, a streamed answer —
 * without encoding again what was counted before, and counts any sub-range of it; every count
 * equals {@link Tokenizer#countTokens(String)} of the same text.
 *
 * <p>Only the end of the text after the last place where every split pattern has a piece boundary
 * whatever follows (a space after a word, punctuation after a letter, a letter after a digit) is
 * encoded again on each append: usually the last word. Sub-ranges are counted from checkpoints
 * kept every few thousand chars, so counting one costs about the length of its two ends.
 *
 * <p>Supports the OpenAI encodings ({@code r50k_base}, {@code p50k_base}, {@code cl100k_base},
 * {@code o200k_base}, {@code o200k_harmony}); special tokens are counted as text, as {@link
 * EncodeOptions#DEFAULT} does. HuggingFace {@code tokenizer.json} files are not supported (their
 * normalizers and pre-tokenizers have no such boundary rule here yet): {@link #supports} says so
 * before {@link #of} refuses. Not thread-safe: one counter per conversation or stream.
 *
 * <pre>{@code
 * TokenCounter chat = TokenCounter.of(OpenAiEncoding.O200K_BASE.tokenizer());
 * chat.append("You are a helpful assistant.\n");
 * chat.append(streamedChunk);                 // as the answer streams in
 * TokenCount all = chat.count();
 * TokenCount last = chat.count(turnStart, chat.length());
 * }</pre>
 */
public final class TokenCounter {

  private final Tokenizer tokenizer;
  private final IncrementalCount count;

  private TokenCounter(Tokenizer tokenizer, IncrementalCount count) {
    this.tokenizer = tokenizer;
    this.count = count;
  }

  /** Returns whether {@link #of} accepts {@code tokenizer} (the OpenAI encodings). */
  public static boolean supports(Tokenizer tokenizer) {
    return tokenizer instanceof TiktokenTokenizer;
  }

  /**
   * Starts counting an empty text with {@code tokenizer}.
   *
   * @param tokenizer an OpenAI encoding, such as {@code OpenAiEncoding.CL100K_BASE.tokenizer()}
   * @return an empty counter
   * @throws IllegalArgumentException if the tokenizer is not supported ({@link #supports})
   */
  public static TokenCounter of(Tokenizer tokenizer) {
    Objects.requireNonNull(tokenizer, "tokenizer");
    if (!(tokenizer instanceof TiktokenTokenizer)) {
      throw new IllegalArgumentException("tokenizer must be an OpenAI encoding (r50k_base, p50k_base,"
          + " cl100k_base, o200k_base, o200k_harmony) for incremental counting, was " + tokenizer.id());
    }
    return new TokenCounter(tokenizer, new IncrementalCount((TiktokenTokenizer) tokenizer));
  }

  /**
   * Appends {@code text} and updates the count.
   *
   * @param text the chars to append
   * @return this counter
   */
  public TokenCounter append(CharSequence text) {
    count.append(Objects.requireNonNull(text, "text"));
    return this;
  }

  /** Returns the number of tokens of everything appended, as {@code countTokens(text())}. */
  public TokenCount count() {
    return TokenCount.of(count.count());
  }

  /**
   * Returns the number of tokens of {@code text().substring(from, to)} encoded on its own.
   *
   * @param from the first char (index into {@link #text()})
   * @param to the end, exclusive
   * @return the count
   * @throws IndexOutOfBoundsException unless {@code 0 <= from <= to <= length()}
   */
  public TokenCount count(int from, int to) {
    Objects.checkFromToIndex(from, to, count.length());
    return TokenCount.of(count.count(from, to));
  }

  /** Returns the number of chars appended. */
  public int length() {
    return count.length();
  }

  /** Returns everything appended, as one string (a copy). */
  public String text() {
    return count.text();
  }

  /** Returns the tokenizer. */
  public Tokenizer tokenizer() {
    return tokenizer;
  }

  @Override
  public String toString() {
    return "TokenCounter[" + tokenizer.id() + ", " + count.length() + " chars, " + count.count() + " tokens]";
  }
}
