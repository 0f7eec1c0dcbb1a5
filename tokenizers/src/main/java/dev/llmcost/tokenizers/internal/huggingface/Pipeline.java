package dev.llmcost.tokenizers.internal.huggingface;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The encoding pipeline of a {@code tokenizer.json}: added tokens, normalizer, pre-tokenizer,
 * model, post-processor; and the decoder. Immutable and thread-safe.
 */
public final class Pipeline {
  private final @Nullable Normalizer normalizer;
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

  Pipeline(
      @Nullable Normalizer normalizer,
      PreTokenizer pre,
      boolean byteLevel,
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
    this.pre = pre;
    this.byteLevel = byteLevel;
    this.model = model;
    this.rawAdded = rawAdded;
    this.normalizedAdded = normalizedAdded;
    this.allAdded = allAdded;
    this.post = post;
    this.decoder = decoder;
    this.addedById = Map.copyOf(addedById);
    this.vocabularySize = vocabularySize;
    this.modelType = modelType;
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
    IntList out = new IntList(Math.max(16, text.length() / 3));
    if (addSpecial) {
      out.addAll(post.wrap()[0]);
    }
    PreTokenizer.Sink sink =
        byteLevel
            ? (s, from, to, start) -> model.encodeByteLevel(s, from, to, out)
            : (s, from, to, start) -> model.encode(s, from, to, out);
    rawAdded.split(
        text,
        0,
        text.length(),
        !matchSpecial,
        new AddedVocabulary.Parts() {
          @Override
          public void text(int from, int to) {
            segment(text, from, to, matchSpecial, sink, out);
          }

          @Override
          public void token(AddedToken token) {
            out.add(token.id());
          }
        });
    if (addSpecial) {
      out.addAll(post.wrap()[1]);
    }
    return out.toArray();
  }

  private void segment(
      String text, int from, int to, boolean matchSpecial, PreTokenizer.Sink sink, IntList out) {
    boolean textStart = from == 0;
    if (normalizer == null) {
      normalizedAdded.split(
          text,
          from,
          to,
          !matchSpecial,
          new AddedVocabulary.Parts() {
            @Override
            public void text(int a, int b) {
              if (a < b) {
                pre.split(text, a, b, textStart && a == 0, sink);
              }
            }

            @Override
            public void token(AddedToken token) {
              out.add(token.id());
            }
          });
      return;
    }
    String normalized = normalizer.normalize(text.substring(from, to));
    normalizedAdded.split(
        normalized,
        0,
        normalized.length(),
        !matchSpecial,
        new AddedVocabulary.Parts() {
          @Override
          public void text(int a, int b) {
            if (a < b) {
              pre.split(normalized, a, b, textStart && a == 0, sink);
            }
          }

          @Override
          public void token(AddedToken token) {
            out.add(token.id());
          }
        });
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
