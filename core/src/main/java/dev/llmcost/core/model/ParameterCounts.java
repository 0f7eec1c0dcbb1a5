package dev.llmcost.core.model;

import dev.llmcost.core.ParameterCount;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Exact parameter counts of an architecture: total, active per token, embedding and non-embedding,
 * and a breakdown by module.
 *
 * <p>The total equals HuggingFace {@code num_parameters()} of the model class the architecture
 * follows ({@code *ForCausalLM} for decoders, {@code BertModel} with its pooler for encoders): every
 * weight, bias and norm gain, with a tied output head counted once. Active parameters are the total
 * less the routed experts a token does not use ({@code routed − top-k} per MoE layer) and less a
 * multimodal wrapper's vision tower and projector, which a text token does not pass through (Meta's
 * "17B active" for Llama 4 and Qwen's active counts are of the language model). Embedding
 * parameters are the token, position and token-type tables plus an untied output head; the rest
 * are non-embedding parameters (Kaplan et al. 2020, "Scaling Laws for Neural Language Models",
 * §2.1).
 */
public final class ParameterCounts {
  private final List<ParameterComponent> components;

  /** Copies the breakdown. */
  ParameterCounts(List<ParameterComponent> components) {
    components = List.copyOf(components);
    this.components = components;
  }

  /**
   * Counts the parameters of {@code a}.
   *
   * @param a the architecture
   * @return the counts
   * @throws ArithmeticException if a count overflows a {@code long}
   */
  public static ParameterCounts of(ModelArchitecture a) {
    List<ParameterComponent> c = new ArrayList<>();
    String[] at = {"embed_tokens"};
    try {
      count(a, c, at);
      long total = 0;
      for (ParameterComponent p : c) {
        at[0] = p.name() + " × " + p.instances();
        p.total();
      }
      at[0] = "the sum of all components";
      for (ParameterComponent p : c) {
        total = Math.addExact(total, p.total().value());
      }
    } catch (ArithmeticException e) {
      throw new ArithmeticException(
          "the parameter count of "
              + a.id()
              + " overflows a long (9.2e18) at "
              + at[0]
              + ": layers "
              + a.layers()
              + ", hidden "
              + a.hidden()
              + ", vocab "
              + a.vocabSize()
              + ", attention "
              + a.attention()
              + ", feed-forward "
              + a.feedForward()
              + (a.isMoe() ? ", experts " + a.moe() : ""));
    }
    return new ParameterCounts(c);
  }

  private static void count(ModelArchitecture a, List<ParameterComponent> c, String[] at) {
    int h = a.hidden();
    NormKind norm = a.normalization().kind();
    Embeddings e = a.embeddings();

    c.add(one("embed_tokens", ComponentRole.TOKEN_EMBEDDING, (long) a.vocabSize() * h));
    if (e.positionRows() > 0) {
      at[0] = "embed_positions";
      c.add(one("embed_positions", ComponentRole.POSITION_EMBEDDING, Math.multiplyExact(e.positionRows(), h)));
    }
    if (e.tokenTypes() > 0) {
      at[0] = "token_type_embeddings";
      c.add(one("token_type_embeddings", ComponentRole.TOKEN_TYPE_EMBEDDING, (long) e.tokenTypes() * h));
    }
    if (e.embeddingNorm()) {
      at[0] = "embeddings.norm";
      c.add(one("embeddings.norm", ComponentRole.EMBEDDING_NORM, norm.parameters(h)));
    }

    int layers = a.layers();
    int moeLayers = a.moeLayers();
    int denseLayers = a.denseLayers();
    int attentionLayers = a.attentionLayers();
    if (attentionLayers > 0) {
      at[0] = "layers.*.self_attn";
      long attn = a.attention().parameters(h, norm);
      if (a.attentionSinks()) {
        attn = Math.addExact(attn, a.heads());
      }
      if (a.attentionOutputGate()) {
        attn = Math.addExact(attn, Math.multiplyExact((long) h, a.attention().queryWidth()));
      }
      if (a.indexer().isPresent()) {
        int qLora = a.attention() instanceof LatentAttention l ? l.qLoraRank() : 0;
        attn = Math.addExact(attn, a.indexer().get().parameters(h, qLora));
      }
      c.add(many("layers.*.self_attn", ComponentRole.ATTENTION, attn, attentionLayers));
    }
    int linear = a.layersOf(LayerMixer.LINEAR_ATTENTION);
    if (linear > 0) {
      at[0] = "layers.*.linear_attn";
      c.add(many("layers.*.linear_attn", ComponentRole.LINEAR_ATTENTION,
          a.linearAttention().orElseThrow().parameters(h), linear));
    }
    int ssm = a.layersOf(LayerMixer.STATE_SPACE) + a.layersOf(LayerMixer.ATTENTION_AND_STATE_SPACE);
    if (ssm > 0) {
      at[0] = "layers.*.mamba";
      c.add(many("layers.*.mamba", ComponentRole.STATE_SPACE,
          a.stateSpace().orElseThrow().parameters(h), ssm));
    }
    at[0] = "layers.*.norms";
    long norms = a.normalization().perLayer() * norm.parameters(h);
    if (norms > 0) {
      at[0] = "layers.*.norms";
      c.add(many("layers.*.norms", ComponentRole.LAYER_NORMS, norms, layers));
    }
    if (denseLayers > 0) {
      at[0] = "layers.*.mlp";
      c.add(many("layers.*.mlp", ComponentRole.MLP, a.feedForward().parameters(h), denseLayers));
    }
    MixtureOfExperts moe = a.moe();
    if (moeLayers > 0) {
      at[0] = "layers.*.mlp.gate";
      long router = (long) h * moe.routedExperts() + (moe.routerBias() ? moe.routedExperts() : 0);
      c.add(many("layers.*.mlp.gate", ComponentRole.ROUTER, router, moeLayers));
      if (moe.sharedIntermediateSize() > 0) {
        at[0] = "layers.*.mlp.shared_experts";
        long shared =
            a.feedForward().parameters(h, moe.sharedIntermediateSize())
                + (moe.sharedExpertGate() ? h : 0);
        c.add(many("layers.*.mlp.shared_experts", ComponentRole.SHARED_EXPERTS, shared, moeLayers));
      }
      at[0] = "layers.*.mlp.experts";
      long expert = a.feedForward().parameters(h, moe.expertIntermediateSize());
      c.add(
          new ParameterComponent(
              "layers.*.mlp.experts",
              ComponentRole.ROUTED_EXPERTS,
              expert,
              (long) moe.routedExperts() * moeLayers,
              (long) moe.expertsPerToken() * moeLayers));
    }

    if (a.normalization().finalNorm()) {
      at[0] = "norm";
      c.add(one("norm", ComponentRole.FINAL_NORM, norm.parameters(h)));
    }
    if (a.kind() == ArchitectureKind.DECODER_ONLY) {
      at[0] = "lm_head";
      long head = (e.tiedOutput() ? 0 : (long) a.vocabSize() * h) + (e.outputBias() ? a.vocabSize() : 0);
      if (head > 0) {
        c.add(one("lm_head", ComponentRole.OUTPUT_HEAD, head));
      }
    }
    if (a.pooler()) {
      at[0] = "pooler";
      c.add(one("pooler", ComponentRole.POOLER, (long) h * h + h));
    }
    if (a.visionParameters() > 0) {
      // a text token does not pass through the vision tower: counted in the total, not as active
      c.add(new ParameterComponent("vision_tower", ComponentRole.VISION, a.visionParameters(), 1, 0));
    }
  }

  private static ParameterComponent one(String name, ComponentRole role, long count) {
    return new ParameterComponent(name, role, count, 1, 1);
  }

  private static ParameterComponent many(String name, ComponentRole role, long each, long times) {
    return new ParameterComponent(name, role, each, times, times);
  }

  /** Returns every parameter, a tied output head counted once (HuggingFace {@code num_parameters()}). */
  public ParameterCount total() {
    long sum = 0;
    for (ParameterComponent p : components) {
      sum = Math.addExact(sum, p.total().value());
    }
    return ParameterCount.of(sum);
  }

  /** Returns the parameters one token uses: the total less the routed experts it skips. */
  public ParameterCount active() {
    long sum = 0;
    for (ParameterComponent p : components) {
      sum = Math.addExact(sum, p.active().value());
    }
    return ParameterCount.of(sum);
  }

  /** Returns the token, position and token-type tables plus an untied output head. */
  public ParameterCount embedding() {
    long sum = 0;
    for (ParameterComponent p : components) {
      if (p.role().isEmbedding()) {
        sum = Math.addExact(sum, p.total().value());
      }
    }
    return ParameterCount.of(sum);
  }

  /** Returns the total less the embedding parameters. */
  public ParameterCount nonEmbedding() {
    return total().minus(embedding());
  }

  /** Returns the active parameters less the embedding parameters (all of which are active). */
  public ParameterCount activeNonEmbedding() {
    return active().minus(embedding());
  }

  /**
   * Returns the parameters of all components with {@code role}.
   *
   * @param role the role
   * @return their total (zero if the model has none)
   */
  public ParameterCount of(ComponentRole role) {
    long sum = 0;
    for (ParameterComponent p : components) {
      if (p.role() == role) {
        sum = Math.addExact(sum, p.total().value());
      }
    }
    return ParameterCount.of(sum);
  }

  /**
   * Returns the parameters of one instance of {@code role}: per layer for layer components, per
   * expert for routed experts, the whole for embeddings and heads.
   *
   * @param role the role
   * @return parameters of one instance, zero if the model has none
   */
  public long perInstance(ComponentRole role) {
    for (ParameterComponent p : components) {
      if (p.role() == role) {
        return p.perInstance();
      }
    }
    return 0;
  }

  /** Returns the parameters of weight matrices that weight-only quantization would quantize. */
  public ParameterCount quantizable() {
    long sum = 0;
    for (ParameterComponent p : components) {
      if (p.role().isQuantizable()) {
        sum = Math.addExact(sum, p.total().value());
      }
    }
    return ParameterCount.of(sum);
  }

  /** Returns the breakdown, in model order. */
  public List<ParameterComponent> components() {
    return components;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof ParameterCounts o
          && Objects.equals(components, o.components);
  }

  @Override
  public int hashCode() {
    int h = Objects.hashCode(components);
    return h;
  }

  @Override
  public String toString() {
    return "ParameterCounts[components=" + components + "]";
  }
}
