package dev.llmcost.tokenizers.openai;

import dev.llmcost.tokenizers.Tokenizer;
import dev.llmcost.tokenizers.internal.Once;
import dev.llmcost.tokenizers.internal.TiktokenTokenizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The OpenAI byte-level BPE encodings, with tiktoken's names, split patterns, special tokens and
 * vocabulary sizes ({@code n_vocab}); the rank files are OpenAI's, carried in llmcost-tokenizers' jar and checked at build time against
 * the SHA-256 hashes tiktoken expects.
 *
 * <p>The tokenizers are loaded on first use (about 0.1 to 0.5 s each) and shared: they are
 * immutable and thread-safe. Their ids equal tiktoken's and jtokkit's, with two documented
 * differences from jtokkit on malformed or archaic input: a lone surrogate is encoded as U+FFFD (as
 * tiktoken does; jtokkit writes {@code ?} or an invalid three-byte sequence), and in cl100k_base
 * an apostrophe followed by U+017F LONG S is the contraction {@code 's} as the pattern's {@code
 * (?i)} says (jtokkit's hand-written cl100k parser compares ASCII letters only). They have no
 * BOS/EOS tokens: {@link dev.llmcost.tokenizers.EncodeOptions#addSpecialTokens()} adds nothing.
 */
public enum OpenAiEncoding {
  /** GPT-2 and GPT-3 (davinci, curie, babbage, ada, text-davinci-001). */
  R50K_BASE("r50k_base", TiktokenTokenizer.Pattern.R50K, 50257, specials(50256, -1, -1, -1, -1)),
  /** Codex and text-davinci-002/003: r50k_base plus runs of spaces. */
  P50K_BASE("p50k_base", TiktokenTokenizer.Pattern.R50K, 50281, specials(50256, -1, -1, -1, -1)),
  /** The edit models: p50k_base with fill-in-the-middle tokens. */
  P50K_EDIT("p50k_edit", TiktokenTokenizer.Pattern.R50K, 50284, specials(50256, 50281, 50282, 50283, -1)),
  /** GPT-3.5 Turbo, GPT-4, GPT-4 Turbo, text-embedding-ada-002 and text-embedding-3. */
  CL100K_BASE("cl100k_base", TiktokenTokenizer.Pattern.CL100K, 100277, specials(100257, 100258, 100259, 100260, 100276)),
  /** GPT-4o, GPT-4.1, GPT-4.5, GPT-5, o1, o3 and o4-mini. */
  O200K_BASE("o200k_base", TiktokenTokenizer.Pattern.O200K, 200019, specials(199999, -1, -1, -1, 200018)),
  /**
   * gpt-oss (gpt-oss-20b, gpt-oss-120b): o200k_base's ranks and split pattern with the special
   * tokens of the harmony chat format, as tiktoken's {@code openai_public.py} (0.14.0) defines
   * {@code o200k_harmony}: {@code <|startoftext|>} 199998, {@code <|endoftext|>} 199999, {@code
   * <|return|>} 200002, {@code <|constrain|>} 200003, {@code <|channel|>} 200005, {@code <|start|>}
   * 200006, {@code <|end|>} 200007, {@code <|message|>} 200008, {@code <|call|>} 200012, {@code
   * <|endofprompt|>} 200018 (from o200k_base), and {@code <|reserved_N|>} for the other ids
   * 200000 to 201087; {@code n_vocab} is 201088. Id 200018 has two names there, {@code
   * <|endofprompt|>} and {@code <|reserved_200018|>}: both encode to it, and it decodes to {@code
   * <|endofprompt|>} (tiktoken's decoder keeps one of them, whichever its hash map yields).
   * openai/harmony's own Rust table (v0.0.8) lists the reserved ids 200013 to 201088 instead and
   * leaves out {@code <|endofprompt|>}; this follows tiktoken.
   */
  O200K_HARMONY("o200k_harmony", TiktokenTokenizer.Pattern.O200K, 201088, harmonySpecials());

  private final String id;
  private final TiktokenTokenizer.Pattern pattern;
  private final int vocabularySize;
  private final Map<String, Integer> special;

  OpenAiEncoding(String id, TiktokenTokenizer.Pattern pattern, int vocabularySize, Map<String, Integer> special) {
    this.id = id;
    this.pattern = pattern;
    this.vocabularySize = vocabularySize;
    this.special = special;
  }

  /** Returns tiktoken's name, such as {@code cl100k_base}. */
  public String id() {
    return id;
  }

  /** Returns the shared tokenizer, loading its ranks on first use. */
  public Tokenizer tokenizer() {
    return Holder.get(this);
  }

  /**
   * Returns the bytes a token stands for (a token may hold part of a character's UTF-8).
   *
   * @param id the token id
   * @return its bytes
   * @throws IllegalArgumentException if {@code id} is not in the vocabulary
   */
  public byte[] tokenBytes(int id) {
    return Holder.get(this).decodeBytes(new int[] {id});
  }

  /** Returns the special tokens and their ids. */
  public Map<String, Integer> specialTokens() {
    return special;
  }

  /**
   * Finds an encoding by tiktoken's name, ignoring case.
   *
   * @param name such as {@code o200k_base}
   * @return the encoding, or empty
   */
  public static Optional<OpenAiEncoding> byId(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    if (n.equals("gpt2")) {
      return Optional.of(R50K_BASE); // tiktoken's "gpt2" encoding has r50k_base's ranks
    }
    for (OpenAiEncoding e : values()) {
      if (e.id.equals(n)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  TiktokenTokenizer load() {
    String file = (this == P50K_EDIT ? P50K_BASE.id : this == O200K_HARMONY ? O200K_BASE.id : id) + ".tiktoken";
    return TiktokenTokenizer.loadBundled(id, pattern, file, special, vocabularySize);
  }

  private static Map<String, Integer> specials(int endOfText, int fimPrefix, int fimMiddle, int fimSuffix, int endOfPrompt) {
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("<|endoftext|>", endOfText);
    if (fimPrefix >= 0) {
      m.put("<|fim_prefix|>", fimPrefix);
      m.put("<|fim_middle|>", fimMiddle);
      m.put("<|fim_suffix|>", fimSuffix);
    }
    if (endOfPrompt >= 0) {
      m.put("<|endofprompt|>", endOfPrompt);
    }
    return java.util.Collections.unmodifiableMap(m);
  }

  /**
   * The special tokens of o200k_harmony in tiktoken's order ({@code openai_public.py}, function
   * {@code o200k_harmony}, tiktoken 0.14.0, commit 4e71bbe): o200k_base's, then the harmony ones,
   * then {@code <|reserved_i|>} for i in {@code range(200013, 201088)}.
   */
  private static Map<String, Integer> harmonySpecials() {
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("<|endoftext|>", 199999);
    m.put("<|endofprompt|>", 200018);
    m.put("<|startoftext|>", 199998);
    m.put("<|reserved_200000|>", 200000);
    m.put("<|reserved_200001|>", 200001);
    m.put("<|return|>", 200002);
    m.put("<|constrain|>", 200003);
    m.put("<|reserved_200004|>", 200004);
    m.put("<|channel|>", 200005);
    m.put("<|start|>", 200006);
    m.put("<|end|>", 200007);
    m.put("<|message|>", 200008);
    m.put("<|reserved_200009|>", 200009);
    m.put("<|reserved_200010|>", 200010);
    m.put("<|reserved_200011|>", 200011);
    m.put("<|call|>", 200012);
    for (int i = 200013; i < 201088; i++) {
      m.put("<|reserved_" + i + "|>", i);
    }
    return java.util.Collections.unmodifiableMap(m);
  }

  /**
   * Lazily loaded, shared instances: one holder per encoding, so that loading o200k_base does not
   * wait for cl100k_base (see {@link Once}).
   */
  private static final class Holder {
    private static final List<Once<TiktokenTokenizer>> LOADED = holders();

    private static List<Once<TiktokenTokenizer>> holders() {
      List<Once<TiktokenTokenizer>> all = new ArrayList<>();
      for (OpenAiEncoding e : values()) {
        all.add(new Once<>(e::load));
      }
      return List.copyOf(all);
    }

    static TiktokenTokenizer get(OpenAiEncoding e) {
      return LOADED.get(e.ordinal()).get();
    }
  }
}
