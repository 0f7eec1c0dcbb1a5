package dev.llmcost.tokenizers.internal;

import dev.llmcost.core.model.CatalogModel;
import dev.llmcost.core.model.ModelCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which tokenizer each model of core's {@link ModelCatalog} reads its text with, for the models
 * whose tokenizer llmcost knows (built in, bundled in the optional vocabulary artifact, or read from
 * the user's file). A model id or alias resolves to its catalog id first, so {@code llama3.1-8b}
 * and {@code llama-3.1-8b} give the same answer.
 */
public final class ModelTokenizers {
  private ModelTokenizers() {}

  /** Tokenizer id of the Llama 3 family (read from the user's file). */
  public static final String LLAMA_3 = "llama-3";

  /** Tokenizer id of the Gemma and Gemma 2 family (read from the user's file). */
  public static final String GEMMA = "gemma";

  /**
   * A rule: catalog ids equal to {@code id}, or starting with it when it ends with a dash, use
   * {@code tokenizer}.
   */
  private record Rule(String id, String tokenizer) {
    boolean matches(String catalogId) {
      return id.endsWith("-") ? catalogId.startsWith(id) : catalogId.equals(id);
    }
  }

  // Each family shares one vocabulary:
  // - BERT uncased: bert-base-uncased, bert-large-uncased and distilbert-base-uncased ship the same
  //   30,522-entry uncased vocab.txt;
  // - Qwen2.5: every size ships the same tokenizer.json (151,643 BPE tokens and 22 added tokens; the
  //   configs' larger vocab_size only pads the embedding matrix);
  // - Llama 3, 3.1, 3.2, 3.3: the same 128,000-token BPE and regex (the 256 special ids after it are
  //   named differently from 3.1 on, which plain text never meets);
  // - Gemma and Gemma 2: the 256,000-entry SentencePiece vocabulary (the Gemma 2 report: "the same
  //   tokenizer as Gemma 1");
  // - GPT-2 and GPT-3: GPT-2's byte-level BPE, r50k_base (Brown et al. 2020, §2.1: "the same model
  //   and architecture as GPT-2 ... including ... reversible tokenization").
  private static final List<Rule> RULES =
      List.of(
          new Rule("bert-base-uncased", "bert-base-uncased"),
          new Rule("bert-large-uncased", "bert-base-uncased"),
          new Rule("distilbert-base-uncased", "bert-base-uncased"),
          new Rule("bert-base-chinese", "bert-base-chinese"),
          new Rule("mistral-7b-v0.1", "mistral-7b-v0.1"),
          new Rule("qwen2.5-", "qwen2.5"),
          new Rule("llama-3-", LLAMA_3),
          new Rule("llama-3.1-", LLAMA_3),
          new Rule("llama-3.2-", LLAMA_3),
          new Rule("llama-3.3-", LLAMA_3),
          new Rule("gemma-2b", GEMMA),
          new Rule("gemma-7b", GEMMA),
          new Rule("gemma-2-", GEMMA),
          new Rule("gpt2", "gpt2"),
          new Rule("gpt2-", "gpt2"),
          new Rule("gpt3-", "r50k_base"));

  /**
   * Returns the id of the tokenizer a catalog model uses.
   *
   * @param modelId a catalog id or alias, any case
   * @return the catalog id and the tokenizer id, or empty if the id is not a catalog model or its
   *     tokenizer is not known
   */
  public static Optional<Mapping> tokenizerFor(String modelId) {
    Optional<CatalogModel> entry = ModelCatalog.bundled().entry(modelId.trim());
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    String id = entry.get().id().toLowerCase(Locale.ROOT);
    for (Rule r : RULES) {
      if (r.matches(id)) {
        return Optional.of(new Mapping(entry.get().id(), r.tokenizer()));
      }
    }
    return Optional.empty();
  }

  /**
   * A catalog model and its tokenizer.
   *
   * @param model the catalog id
   * @param tokenizer the tokenizer id
   */
  public record Mapping(String model, String tokenizer) {}

  /** Returns the catalog ids whose tokenizer is known. */
  public static List<String> modelIds() {
    List<String> out = new ArrayList<>();
    for (CatalogModel m : ModelCatalog.bundled().all()) {
      if (tokenizerFor(m.id()).isPresent()) {
        out.add(m.id());
      }
    }
    return out;
  }
}
