package dev.llmcost.tokenizers.internal;

import dev.llmcost.core.TokenCount;
import dev.llmcost.tokenizers.EncodeOptions;
import dev.llmcost.tokenizers.Encoding;
import dev.llmcost.tokenizers.SpecialTokens;
import dev.llmcost.tokenizers.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A tiktoken-style byte-level BPE tokenizer: a split pattern, a rank file and special tokens.
 *
 * <p>Immutable and thread-safe: every call works on scratch arrays of its own.
 */
public final class TiktokenTokenizer implements Tokenizer {

  private final String id;
  private final TiktokenEncoder encoder;
  private final byte[][] decoder;
  private final Map<String, Integer> special;
  /** The distinct lengths of the special tokens, longest first. */
  private final int[] specialLengths;
  /** The first characters of the special tokens. */
  private final String specialStarts;
  private final int vocabularySize;

  private TiktokenTokenizer(String id, PreTokenizer pre, byte[][] ranks, Map<String, Integer> special, int vocabularySize) {
    this.id = id;
    this.encoder = new TiktokenEncoder(pre, new RankTable(ranks));
    this.special = Map.copyOf(special);
    this.specialLengths = special.keySet().stream().mapToInt(String::length).filter(n -> n > 0)
        .distinct().map(n -> -n).sorted().map(n -> -n).toArray();
    StringBuilder starts = new StringBuilder();
    for (String s : special.keySet()) {
      if (!s.isEmpty() && starts.indexOf(s.substring(0, 1)) < 0) {
        starts.append(s.charAt(0));
      }
    }
    this.specialStarts = starts.toString();
    this.vocabularySize = vocabularySize;
    byte[][] dec = Arrays.copyOf(ranks, vocabularySize);
    Set<Integer> named = new HashSet<>();
    for (Map.Entry<String, Integer> e : special.entrySet()) {
      // two names for one id (o200k_harmony's <|endofprompt|> and <|reserved_200018|>): the first decodes
      if (named.add(e.getValue())) {
        dec[e.getValue()] = e.getKey().getBytes(StandardCharsets.UTF_8);
      }
    }
    this.decoder = dec;
  }

  /** The split patterns of the OpenAI encodings. */
  public enum Pattern {
    /** r50k_base and p50k_base. */
    R50K(R50kPreTokenizer.INSTANCE),
    /** cl100k_base. */
    CL100K(Cl100kPreTokenizer.INSTANCE),
    /** o200k_base. */
    O200K(O200kPreTokenizer.INSTANCE);

    final PreTokenizer preTokenizer;

    Pattern(PreTokenizer preTokenizer) {
      this.preTokenizer = preTokenizer;
    }
  }

  /**
   * Loads an encoding from a rank file that llmcost-tokenizers carries.
   *
   * @param id the encoding's name, such as {@code cl100k_base}
   * @param pattern its split pattern
   * @param rankFile the file name, such as {@code cl100k_base.tiktoken}
   * @param special the special tokens and their ids, in order
   * @param vocabularySize tiktoken's {@code n_vocab}: one more than the largest id
   * @return the tokenizer
   */
  public static TiktokenTokenizer loadBundled(
      String id, Pattern pattern, String rankFile, Map<String, Integer> special, int vocabularySize) {
    byte[][] ranks = TiktokenFile.loadBundled(rankFile);
    return new TiktokenTokenizer(id, pattern.preTokenizer, ranks, new LinkedHashMap<>(special), vocabularySize);
  }

  @Override
  public String id() {
    return id;
  }

  /** Returns the encoder of ordinary text (no special tokens). */
  TiktokenEncoder encoder() {
    return encoder;
  }

  @Override
  public int vocabularySize() {
    return vocabularySize;
  }

  /** Returns the special tokens and their ids. */
  public Map<String, Integer> specialTokens() {
    return special;
  }

  @Override
  public Encoding encode(String text, EncodeOptions options) {
    IntBuffer out = new IntBuffer(text.length() / 3 + 8);
    run(text, options.specialTokens(), out);
    int[] ids = out.toArray();
    int max = options.limit().orElse(0);
    if (max > 0 && ids.length > max) {
      return Encoding.wrapWithoutCopy(Arrays.copyOf(ids, max), ids.length);
    }
    return Encoding.wrapWithoutCopy(ids, ids.length);
  }

  @Override
  public TokenCount countTokens(String text, EncodeOptions options) {
    return TokenCount.of(run(text, options.specialTokens(), null));
  }

  @Override
  public TokenCount countTokens(String text) {
    return TokenCount.of(encoder.encode(text, 0, text.length(), null));
  }

  private long run(String text, SpecialTokens policy, @Nullable IntBuffer out) {
    if (policy == SpecialTokens.AS_TEXT || specialLengths.length == 0) {
      return encoder.encode(text, 0, text.length(), out);
    }
    long count = 0;
    int from = 0;
    while (true) {
      int at = -1;
      String found = "";
      for (int i = from; i < text.length() && at < 0; i++) {
        if (specialStarts.indexOf(text.charAt(i)) < 0) {
          continue;
        }
        for (int length : specialLengths) { // the longest special token that starts here
          if (i + length <= text.length() && special.containsKey(text.substring(i, i + length))) {
            at = i;
            found = text.substring(i, i + length);
            break;
          }
        }
      }
      if (at < 0) {
        return count + encoder.encode(text, from, text.length(), out);
      }
      if (policy == SpecialTokens.DISALLOWED) {
        throw new IllegalArgumentException(
            "text contains the special token " + found + " at index " + at
                + " (policy DISALLOWED; use AS_TEXT to encode it as text or ALLOWED to emit id "
                + special.get(found) + ")");
      }
      count += encoder.encode(text, from, at, out);
      if (out != null) {
        out.add(special.get(found));
      }
      count++;
      from = at + found.length();
    }
  }

  @Override
  public String decode(int[] ids) {
    return new String(decodeBytes(ids), StandardCharsets.UTF_8);
  }

  /**
   * Decodes ids to the bytes they stand for (which need not be valid UTF-8 when a character's
   * bytes are split across a cut).
   *
   * @param ids the ids
   * @return the bytes
   * @throws IllegalArgumentException if an id is not in the vocabulary
   */
  public byte[] decodeBytes(int[] ids) {
    int size = 0;
    for (int i = 0; i < ids.length; i++) {
      size += token(ids, i).length;
    }
    byte[] out = new byte[size];
    int at = 0;
    for (int i = 0; i < ids.length; i++) {
      byte[] t = token(ids, i);
      System.arraycopy(t, 0, out, at, t.length);
      at += t.length;
    }
    return out;
  }

  private byte[] token(int[] ids, int i) {
    int tokenId = ids[i];
    byte[] t = tokenId >= 0 && tokenId < decoder.length ? decoder[tokenId] : null;
    if (t == null) {
      throw new IllegalArgumentException(
          "ids[" + i + "] is not a token of " + id + " (ids 0.." + (vocabularySize - 1)
              + " with gaps), was " + tokenId);
    }
    return t;
  }

  /** Returns the pieces {@code text} is split into before byte-pair encoding (for tests). */
  public List<String> pieces(String text) {
    char[] a = text.toCharArray();
    List<String> out = new ArrayList<>();
    PreTokenizer pre = encoder.preTokenizer();
    for (int p = 0; p < a.length; ) {
      int e = pre.end(a, p, a.length);
      out.add(new String(a, p, e - p));
      p = e;
    }
    return out;
  }

  @Override
  public String toString() {
    return id;
  }
}
