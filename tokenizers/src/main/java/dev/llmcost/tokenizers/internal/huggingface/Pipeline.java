package dev.llmcost.tokenizers.internal.huggingface;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The encoding pipeline of a {@code tokenizer.json}: added tokens, normalizer, pre-tokenizer,
 * model, post-processor; and the decoder. Immutable and thread-safe.
 *
 * <p>Long texts are processed in chunks of about {@value #CHUNK} chars, so that normalizing and
 * pre-tokenizing take memory proportional to the chunk rather than the text. A segment (the text
 * between two added tokens) is cut only right before a char {@code c} that follows a letter, digit
 * or ASCII symbol, and only where the components prove that the parts encode to the ids of the
 * whole: the normalizer commutes with the cut ({@link Normalizer#cut}: char-by-char rules, the
 * Unicode forms before a space, BERT's normalizer before a space or a CJK ideograph, {@code
 * Prepend} and {@code Strip} on the outer chunks only); the pre-tokenizer puts a piece boundary
 * there ({@link PreTokenizers.Parsed#splitsBefore}: GPT-2-style patterns, BERT, white space and
 * Metaspace before a space), or keeps the segment whole and the model has no token that continues
 * a char with {@code c} (SentencePiece's U+2581 in Llama 2 and Mistral, {@link Model#runStartCut});
 * and no added token holds {@code c} after its first char or strips white space. In practice: at
 * the spaces of text in spaced scripts for every supported tokenizer, and before each CJK
 * ideograph for BERT. A pipeline without such a cut, or a text without one, is processed whole.
 */
public final class Pipeline {
  /** Chars per chunk of a long segment. */
  static final int CHUNK = 1 << 14;

  private final @Nullable Normalizer normalizer;
  private final PreTokenizers.Parsed parsedPre;
  private final PreTokenizer pre;
  private final boolean byteLevel;
  private final Model model;
  private final AddedVocabulary rawAdded;
  private final AddedVocabulary normalizedAdded;
  private final AddedVocabulary allAdded;
  private final PostProcessor post;
  private final @Nullable Decoder decoder;
  private final Map<Integer, AddedToken> addedById;
  private final int vocabularySize;
  private final String modelType;

  private final boolean cutBeforeSpace;
  private final boolean cutBeforeIdeograph;
  private final java.util.Set<Integer> addedInner;
  /**
   * The model when the pipeline is SentencePiece's form (a {@link Normalizer#metaspace} normalizer,
   * no pre-tokenizer, no normalized added token, a BPE model cut at runs of the same char): then
   * {@link BpeModel#encodeMetaspace} encodes the original text without normalizing it; else null.
   */
  private final @Nullable BpeModel metaspace;

  /** Receives a segment of original text to encode by {@link BpeModel#encodeMetaspace}. */
  @FunctionalInterface
  private interface MetaspaceSink {
    void segment(String s, int from, int to, boolean prepend);
  }

  Pipeline(
      @Nullable Normalizer normalizer,
      PreTokenizers.Parsed pre,
      Model model,
      AddedVocabulary rawAdded,
      AddedVocabulary normalizedAdded,
      AddedVocabulary allAdded,
      PostProcessor post,
      @Nullable Decoder decoder,
      Map<Integer, AddedToken> addedById,
      int vocabularySize,
      String modelType) {
    this.normalizer = normalizer;
    this.parsedPre = pre;
    this.pre = pre.pre();
    this.byteLevel = pre.byteLevel();
    this.model = model;
    this.rawAdded = rawAdded;
    this.normalizedAdded = normalizedAdded;
    this.allAdded = allAdded;
    this.post = post;
    this.decoder = decoder;
    this.addedById = Map.copyOf(addedById);
    this.vocabularySize = vocabularySize;
    this.modelType = modelType;
    java.util.Set<Integer> inner = new java.util.HashSet<>();
    boolean strips = false;
    for (AddedToken t : addedById.values()) {
      strips |= t.lstrip() || t.rstrip();
      String c = t.content();
      for (int i = c.isEmpty() ? 0 : Character.charCount(c.codePointAt(0)); i < c.length(); ) {
        int cp = c.codePointAt(i);
        inner.add(cp);
        i += Character.charCount(cp);
      }
    }
    this.addedInner = java.util.Set.copyOf(inner);
    boolean spaceSafe = !strips && cutSafe(' ');
    this.cutBeforeSpace = spaceSafe;
    // BERT's normalizer makes each CJK ideograph " X ": the same as a cut before a space
    int meta = normalizer == null ? -1 : normalizer.metaspace();
    this.metaspace =
        meta >= 0
                && pre.pre() == PreTokenizer.NONE
                && !byteLevel
                && normalizedAdded.isEmpty()
                && model instanceof BpeModel
                && model.runStartCut() == meta
            ? (BpeModel) model
            : null;
    this.cutBeforeIdeograph = !strips && normalizer != null && normalizer.cut(0x4E2D) == ' ' && cutSafe(0x4E2D);
  }

  /** Whether a segment can be cut before {@code c} (after a letter, digit or ASCII symbol). */
  private boolean cutSafe(int c) {
    int n = normalizer == null ? c : normalizer.cut(c);
    if (n < 0 || addedInner.contains(c) || addedInner.contains(n)) {
      return false;
    }
    if (parsedPre.splitsBefore().test(n)) {
      return true;
    }
    int m = parsedPre.passes().applyAsInt(n);
    return m >= 0 && !byteLevel && m == model.runStartCut();
  }

  /** Whether long segments can be processed in chunks (for tests). */
  boolean chunked() {
    return cutBeforeSpace || cutBeforeIdeograph;
  }

  /** A char a cut may follow: a letter or digit (not a modifier letter), or an ASCII symbol. */
  private static boolean plain(char c) {
    if (c < 0x80) {
      return c > ' ' && c < 0x7F;
    }
    return !Character.isSurrogate(c)
        && Character.isLetterOrDigit(c)
        && Character.getType(c) != Character.MODIFIER_LETTER;
  }

  /** Returns the first place at or after {@code i} where {@code s[from, to)} can be cut, or {@code to}. */
  private int nextCut(String s, int i, int to) {
    for (; i < to; i++) {
      char c = s.charAt(i);
      boolean ok = c == ' ' ? cutBeforeSpace : cutBeforeIdeograph && Unicode.isChineseChar(c);
      if (ok && plain(s.charAt(i - 1))) {
        return i;
      }
    }
    return to;
  }

  /** Returns the model type ({@code BPE}, {@code WordPiece}, {@code Unigram}). */
  public String modelType() {
    return modelType;
  }

  /** Returns the number of distinct ids of the model's vocabulary and the added tokens. */
  public int vocabularySize() {
    return vocabularySize;
  }

  /** Returns the content of the first special token that {@code text} spells, or null. */
  public @Nullable String findSpecialToken(String text) {
    AddedToken t = allAdded.findSpecial(text);
    return t == null ? null : t.content();
  }

  /**
   * Encodes {@code text}.
   *
   * @param text the text
   * @param matchSpecial recognise special tokens (else they are text)
   * @param addSpecial add the post-processor's tokens
   * @return the ids
   */
  public int[] encode(String text, boolean matchSpecial, boolean addSpecial) {
    return encode(text, matchSpecial, addSpecial, true);
  }

  /** Whether {@link BpeModel#encodeMetaspace} encodes this pipeline's text (for tests). */
  boolean metaspaceFast() {
    return metaspace != null;
  }

  /** {@link #encode}, with the metaspace fast path or (for tests) the generic one. */
  int[] encode(String text, boolean matchSpecial, boolean addSpecial, boolean fast) {
    IntList out = new IntList(Math.max(16, text.length() / 3));
    if (addSpecial) {
      out.addAll(post.wrap()[0]);
    }
    PreTokenizer.Sink sink =
        byteLevel
            ? (s, from, to, start) -> model.encodeByteLevel(s, from, to, out)
            : (s, from, to, start) -> model.encode(s, from, to, out);
    BpeModel m = fast ? metaspace : null;
    MetaspaceSink metaSink = m == null ? null : (s, from, to, prepend) -> m.encodeMetaspace(s, from, to, prepend, out);
    run(text, matchSpecial, sink, metaSink, out::add, true, true, true);
    if (addSpecial) {
      out.addAll(post.wrap()[1]);
    }
    return out.toArray();
  }

  /**
   * Counts the ids of {@code text} without keeping them, in memory proportional to a chunk of the
   * text where it can be cut (see the class comment).
   *
   * @param text the text
   * @param matchSpecial recognise special tokens (else they are text)
   * @param addSpecial count the post-processor's tokens
   * @return the number of ids {@link #encode} returns
   */
  public long count(String text, boolean matchSpecial, boolean addSpecial) {
    return count(text, matchSpecial, addSpecial, true);
  }

  /** {@link #count}, in chunks or (for tests) whole. */
  long count(String text, boolean matchSpecial, boolean addSpecial, boolean chunks) {
    return count(text, matchSpecial, addSpecial, chunks, true, true);
  }

  /**
   * Returns the last place in {@code s[from, to)} (after {@code from}) where a text can be cut into
   * parts that {@link #countPart} counts apart with the count of the whole, or -1.
   */
  public int lastCut(String s, int from, int to) {
    if (!chunked()) {
      return -1;
    }
    for (int i = to - 1; i > from; i--) {
      char c = s.charAt(i);
      boolean ok = c == ' ' ? cutBeforeSpace : cutBeforeIdeograph && Unicode.isChineseChar(c);
      if (ok && plain(s.charAt(i - 1))) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Counts one part of a longer text cut at {@link #lastCut} places, without special tokens matched
   * or added.
   *
   * @param part the part
   * @param atStart whether it starts the text
   * @param atEnd whether it ends the text
   * @return its ids
   */
  public long countPart(String part, boolean atStart, boolean atEnd) {
    return count(part, false, false, true, atStart, atEnd);
  }

  private long count(
      String text, boolean matchSpecial, boolean addSpecial, boolean chunks, boolean atStart, boolean atEnd) {
    long[] n = {0};
    IntList scratch = new IntList(64);
    PreTokenizer.Sink sink =
        byteLevel
            ? (s, from, to, start) -> {
              scratch.clear();
              model.encodeByteLevel(s, from, to, scratch);
              n[0] += scratch.size();
            }
            : (s, from, to, start) -> {
              scratch.clear();
              model.encode(s, from, to, scratch);
              n[0] += scratch.size();
            };
    BpeModel m = metaspace;
    MetaspaceSink metaSink =
        m == null
            ? null
            : (s, from, to, prepend) -> {
              scratch.clear();
              m.encodeMetaspace(s, from, to, prepend, scratch);
              n[0] += scratch.size();
            };
    run(text, matchSpecial, sink, metaSink, id -> n[0]++, chunks, atStart, atEnd);
    if (addSpecial) {
      n[0] += post.wrap()[0].length + post.wrap()[1].length;
    }
    return n[0];
  }

  private void run(
      String text,
      boolean matchSpecial,
      PreTokenizer.Sink sink,
      @Nullable MetaspaceSink metaSink,
      IntConsumer added,
      boolean chunks,
      boolean atStart,
      boolean atEnd) {
    rawAdded.split(
        text,
        0,
        text.length(),
        !matchSpecial,
        new AddedVocabulary.Parts() {
          @Override
          public void text(int from, int to) {
            // a part that starts (ends) a text that goes on continues a segment
            boolean segmentStart = from > 0 || atStart;
            boolean segmentEnd = to < text.length() || atEnd;
            if (!chunks || !chunked() || to - from <= CHUNK) {
              segment(text, from, to, from == 0 && atStart, segmentStart, segmentEnd, matchSpecial, sink, metaSink, added);
              return;
            }
            int a = from;
            while (a < to) {
              int b = to - a <= CHUNK ? to : nextCut(text, a + CHUNK, to);
              segment(text, a, b, a == 0 && atStart, a == from && segmentStart, b == to && segmentEnd,
                  matchSpecial, sink, metaSink, added);
              a = b;
            }
          }

          @Override
          public void token(AddedToken token) {
            added.accept(token.id());
          }
        });
  }

  private void segment(
      String text,
      int from,
      int to,
      boolean textStart,
      boolean first,
      boolean last,
      boolean matchSpecial,
      PreTokenizer.Sink sink,
      @Nullable MetaspaceSink metaSink,
      IntConsumer added) {
    if (metaSink != null) {
      // the normalized segment is (first ? m : "") + the text with spaces read as m
      metaSink.segment(text, from, to, first);
      return;
    }
    AddedVocabulary.Parts parts;
    String s;
    int a;
    int b;
    if (normalizer == null) {
      s = text;
      a = from;
      b = to;
    } else {
      String part = text.substring(from, to);
      s = first && last ? normalizer.normalize(part) : normalizer.normalize(part, first, last);
      a = 0;
      b = s.length();
    }
    int base = a;
    parts =
        new AddedVocabulary.Parts() {
          @Override
          public void text(int x, int y) {
            if (x < y) {
              pre.split(s, x, y, textStart && x == base, sink);
            }
          }

          @Override
          public void token(AddedToken token) {
            added.accept(token.id());
          }
        };
    normalizedAdded.split(s, a, b, !matchSpecial, parts);
  }

  /**
   * Decodes ids to text.
   *
   * @throws IllegalArgumentException if an id is in neither the vocabulary nor the added tokens
   */
  public String decode(int[] ids) {
    List<String> tokens = new ArrayList<>(ids.length);
    for (int id : ids) {
      AddedToken added = addedById.get(id);
      String t = added != null ? added.content() : model.vocabulary().token(id);
      if (t == null) {
        throw new IllegalArgumentException("id " + id + " is not in the vocabulary");
      }
      tokens.add(t);
    }
    if (decoder == null) {
      return String.join(" ", tokens);
    }
    return String.join("", decoder.decodeChain(tokens));
  }

  /** Returns the token string of {@code id}, or null. */
  public @Nullable String token(int id) {
    AddedToken added = addedById.get(id);
    return added != null ? added.content() : model.vocabulary().token(id);
  }
}
