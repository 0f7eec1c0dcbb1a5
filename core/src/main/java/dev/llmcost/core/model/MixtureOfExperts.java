package dev.llmcost.core.model;

import dev.llmcost.core.internal.Require;
import org.jspecify.annotations.Nullable;

/**
 * Mixture-of-experts feed-forward layers (Shazeer et al. 2017; Fedus et al. 2021): each MoE layer
 * has a router and {@code routedExperts} MLPs of width {@code expertIntermediateSize}, of which
 * {@code expertsPerToken} run for each token, plus optional always-active shared experts (DeepSeek,
 * Qwen2-MoE).
 *
 * <p>Layer {@code i} (0-based) is an MoE layer when {@code i >= firstDenseLayers} and {@code i %
 * layerPeriod == layerPhase}; the others use the dense MLP of the architecture. DeepSeek's {@code
 * first_k_dense_replace = k, moe_layer_freq = f} is {@code (k, f, 0)}; Qwen2-MoE's {@code
 * decoder_sparse_step = s} is {@code (0, s, s - 1)}; Mixtral is {@code (0, 1, 0)}.
 *
 * <p>Group-limited routing (DeepSeek-V2 §2.2.2 "device-limited routing", DeepSeek-V3 arXiv 2412.19437 §2.1.2 and
 * §3.2.2 "node-limited routing"): the experts are split into {@code routingGroups} equal groups of consecutive
 * experts, each token first picks {@code groupsPerToken} groups and then its top-k experts among theirs only
 * (the HuggingFace configs' {@code n_group} and {@code topk_group} under {@code topk_method} {@code noaux_tc} or
 * {@code group_limited_greedy}; Megatron-Core's {@code moe_router_num_groups} and {@code moe_router_group_topk},
 * {@code megatron/core/transformer/transformer_config.py} at d98e8a64). {@code (1, 1)} is no limit.
 */
public final class MixtureOfExperts {
  private final int routedExperts;
  private final int expertsPerToken;
  private final int expertIntermediateSize;
  private final int sharedIntermediateSize;
  private final boolean sharedExpertGate;
  private final boolean routerBias;
  private final int firstDenseLayers;
  private final int layerPeriod;
  private final int layerPhase;
  private final int routingGroups;
  private final int groupsPerToken;

  /**
   * Validates the configuration.
   *
   * @throws IllegalArgumentException if a count is negative, if top-k exceeds the experts, or if an
   *     MoE configuration has no expert width
   */
  private MixtureOfExperts(
      int routedExperts,
      int expertsPerToken,
      int expertIntermediateSize,
      int sharedIntermediateSize,
      boolean sharedExpertGate,
      boolean routerBias,
      int firstDenseLayers,
      int layerPeriod,
      int layerPhase,
      int routingGroups,
      int groupsPerToken) {
    Require.nonNegative("routedExperts", routedExperts);
    Require.nonNegative("expertsPerToken", expertsPerToken);
    Require.nonNegative("expertIntermediateSize", expertIntermediateSize);
    Require.nonNegative("sharedIntermediateSize", sharedIntermediateSize);
    Require.nonNegative("firstDenseLayers", firstDenseLayers);
    Require.positive("layerPeriod", layerPeriod);
    Require.nonNegative("layerPhase", layerPhase);
    if (layerPhase >= layerPeriod) {
      throw new IllegalArgumentException(
          "layerPhase must be < layerPeriod (" + layerPeriod + "), was " + layerPhase);
    }
    Require.positive("routingGroups", routingGroups);
    Require.positive("groupsPerToken", groupsPerToken);
    if (groupsPerToken > routingGroups) {
      throw new IllegalArgumentException(
          "groupsPerToken must be <= routingGroups (" + routingGroups + "), was " + groupsPerToken);
    }
    if (routedExperts == 0 && routingGroups > 1) {
      throw new IllegalArgumentException("routingGroups needs routed experts, was " + routingGroups + " with none");
    }
    if (routedExperts > 0 && routedExperts % routingGroups != 0) {
      throw new IllegalArgumentException(
          "routingGroups must divide routedExperts (" + routedExperts + "), was " + routingGroups);
    }
    if (routedExperts > 0) {
      Require.positive("expertsPerToken", expertsPerToken);
      Require.positive("expertIntermediateSize", expertIntermediateSize);
      if (expertsPerToken > routedExperts) {
        throw new IllegalArgumentException(
            "expertsPerToken must be <= routedExperts (" + routedExperts + "), was " + expertsPerToken);
      }
    }
    if (routedExperts > 0 && (long) groupsPerToken * (routedExperts / routingGroups) < expertsPerToken) {
      throw new IllegalArgumentException("groupsPerToken × experts per group must be >= expertsPerToken ("
          + expertsPerToken + "), was " + groupsPerToken + " × " + routedExperts / routingGroups);
    }
    this.routedExperts = routedExperts;
    this.expertsPerToken = expertsPerToken;
    this.expertIntermediateSize = expertIntermediateSize;
    this.sharedIntermediateSize = sharedIntermediateSize;
    this.sharedExpertGate = sharedExpertGate;
    this.routerBias = routerBias;
    this.firstDenseLayers = firstDenseLayers;
    this.layerPeriod = layerPeriod;
    this.layerPhase = layerPhase;
    this.routingGroups = routingGroups;
    this.groupsPerToken = groupsPerToken;
  }

  /** No experts: a dense model. */
  public static final MixtureOfExperts NONE =
      new MixtureOfExperts(0, 0, 0, 0, false, false, 0, 1, 0, 1, 1);

  /**
   * Returns a Mixtral-style MoE: every layer routes each token to {@code topK} of {@code experts}
   * experts, no shared expert.
   *
   * @param experts routed experts per layer
   * @param topK experts per token
   * @param expertIntermediateSize inner width of one expert
   * @return the configuration
   */
  public static MixtureOfExperts of(int experts, int topK, int expertIntermediateSize) {
    return new MixtureOfExperts(experts, topK, expertIntermediateSize, 0, false, false, 0, 1, 0, 1, 1);
  }

  /** Returns whether the model has experts at all. */
  public boolean isPresent() {
    return routedExperts > 0;
  }

  /**
   * Returns whether layer {@code layer} (0-based) is an MoE layer.
   *
   * @param layer the layer index
   * @return true for an MoE layer
   */
  public boolean isMoeLayer(int layer) {
    return isPresent() && layer >= firstDenseLayers && layer % layerPeriod == layerPhase;
  }

  /**
   * Returns how many of {@code layers} layers are MoE layers.
   *
   * @param layers total layers
   * @return MoE layers
   */
  public int moeLayerCount(int layers) {
    int count = 0;
    for (int i = firstDenseLayers; i < layers && isPresent(); i++) {
      if (i % layerPeriod == layerPhase) {
        count++;
      }
    }
    return count;
  }

  /** Returns routed experts per MoE layer; 0 for a dense model. */
  public int routedExperts() {
    return routedExperts;
  }

  /** Returns experts each token is routed to (top-k). */
  public int expertsPerToken() {
    return expertsPerToken;
  }

  /** Returns inner width of one routed expert. */
  public int expertIntermediateSize() {
    return expertIntermediateSize;
  }

  /** Returns total inner width of the shared expert MLP (DeepSeek: {@code n_shared_experts × moe_intermediate_size}; Qwen2-MoE: {@code shared_expert_intermediate_size}); 0 for none. */
  public int sharedIntermediateSize() {
    return sharedIntermediateSize;
  }

  /** Returns whether a sigmoid gate ({@code hidden × 1}) scales the shared expert (Qwen2-MoE). */
  public boolean sharedExpertGate() {
    return sharedExpertGate;
  }

  /** Returns whether the router has one learned bias per expert (DeepSeek-V3's {@code e_score_correction_bias}). */
  public boolean routerBias() {
    return routerBias;
  }

  /** Returns leading layers that keep a dense MLP. */
  public int firstDenseLayers() {
    return firstDenseLayers;
  }

  /** Returns one MoE layer every this many layers. */
  public int layerPeriod() {
    return layerPeriod;
  }

  /** Returns the remainder {@code i % layerPeriod} of the MoE layers. */
  public int layerPhase() {
    return layerPhase;
  }

  /**
   * Returns the groups the routed experts are split into for group-limited routing (HuggingFace {@code n_group},
   * Megatron-Core {@code moe_router_num_groups}); 1 when a token may reach any expert.
   */
  public int routingGroups() {
    return routingGroups;
  }

  /**
   * Returns the groups each token's experts are chosen from (HuggingFace {@code topk_group}, Megatron-Core
   * {@code moe_router_group_topk}); equal to {@link #routingGroups()} (1 by default) when routing is not limited.
   */
  public int groupsPerToken() {
    return groupsPerToken;
  }

  /** Returns whether routing is group-limited: fewer groups per token than groups. */
  public boolean isGroupLimited() {
    return groupsPerToken < routingGroups;
  }

  /**
   * Returns a builder of {@code MixtureOfExperts}. Unset values are those of {@link #NONE}: no experts, no
   * shared expert, no router bias, no leading dense layers, every layer an MoE layer (period 1, phase
   * 0).
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder that starts from this value.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a {@link MixtureOfExperts}; {@link #build()} validates. */
  public static final class Builder {
    private int routedExperts = 0;
    private int expertsPerToken = 0;
    private int expertIntermediateSize = 0;
    private int sharedIntermediateSize = 0;
    private boolean sharedExpertGate = false;
    private boolean routerBias = false;
    private int firstDenseLayers = 0;
    private int layerPeriod = 1;
    private int layerPhase = 0;
    private int routingGroups = 1;
    private int groupsPerToken = 1;

    private Builder() {}

    private Builder(MixtureOfExperts from) {
      this.routedExperts = from.routedExperts;
      this.expertsPerToken = from.expertsPerToken;
      this.expertIntermediateSize = from.expertIntermediateSize;
      this.sharedIntermediateSize = from.sharedIntermediateSize;
      this.sharedExpertGate = from.sharedExpertGate;
      this.routerBias = from.routerBias;
      this.firstDenseLayers = from.firstDenseLayers;
      this.layerPeriod = from.layerPeriod;
      this.layerPhase = from.layerPhase;
      this.routingGroups = from.routingGroups;
      this.groupsPerToken = from.groupsPerToken;
    }

    /**
     * Sets routed experts per MoE layer; 0 for a dense model.
     *
     * @param value the value
     * @return this builder
     */
    public Builder routedExperts(int value) {
      this.routedExperts = value;
      return this;
    }

    /**
     * Sets experts each token is routed to (top-k).
     *
     * @param value the value
     * @return this builder
     */
    public Builder expertsPerToken(int value) {
      this.expertsPerToken = value;
      return this;
    }

    /**
     * Sets inner width of one routed expert.
     *
     * @param value the value
     * @return this builder
     */
    public Builder expertIntermediateSize(int value) {
      this.expertIntermediateSize = value;
      return this;
    }

    /**
     * Sets total inner width of the shared expert MLP (DeepSeek: {@code n_shared_experts × moe_intermediate_size}; Qwen2-MoE: {@code shared_expert_intermediate_size}); 0 for none.
     *
     * @param value the value
     * @return this builder
     */
    public Builder sharedIntermediateSize(int value) {
      this.sharedIntermediateSize = value;
      return this;
    }

    /**
     * Sets whether a sigmoid gate ({@code hidden × 1}) scales the shared expert (Qwen2-MoE).
     *
     * @param value the value
     * @return this builder
     */
    public Builder sharedExpertGate(boolean value) {
      this.sharedExpertGate = value;
      return this;
    }

    /**
     * Sets whether the router has one learned bias per expert (DeepSeek-V3's {@code e_score_correction_bias}).
     *
     * @param value the value
     * @return this builder
     */
    public Builder routerBias(boolean value) {
      this.routerBias = value;
      return this;
    }

    /**
     * Sets leading layers that keep a dense MLP.
     *
     * @param value the value
     * @return this builder
     */
    public Builder firstDenseLayers(int value) {
      this.firstDenseLayers = value;
      return this;
    }

    /**
     * Sets one MoE layer every this many layers.
     *
     * @param value the value
     * @return this builder
     */
    public Builder layerPeriod(int value) {
      this.layerPeriod = value;
      return this;
    }

    /**
     * Sets the remainder {@code i % layerPeriod} of the MoE layers.
     *
     * @param value the value
     * @return this builder
     */
    public Builder layerPhase(int value) {
      this.layerPhase = value;
      return this;
    }

    /**
     * Sets group-limited routing: experts split into {@code groups} groups of consecutive experts, each token's
     * experts chosen within {@code perToken} of them (HuggingFace {@code n_group}, {@code topk_group}); {@code (1,
     * 1)} for none.
     *
     * @param groups groups, at least 1, dividing the routed experts
     * @param perToken groups per token, 1 to {@code groups}
     * @return this builder
     */
    public Builder routingGroups(int groups, int perToken) {
      this.routingGroups = groups;
      this.groupsPerToken = perToken;
      return this;
    }

    /**
     * Returns the {@code MixtureOfExperts}.
     *
     * @return the value
     * @throws IllegalArgumentException if a value is out of range
     * @throws IllegalStateException if a required value is not set
     */
    public MixtureOfExperts build() {
      return new MixtureOfExperts(
          routedExperts,
          expertsPerToken,
          expertIntermediateSize,
          sharedIntermediateSize,
          sharedExpertGate,
          routerBias,
          firstDenseLayers,
          layerPeriod,
          layerPhase,
          routingGroups,
          groupsPerToken);
    }
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof MixtureOfExperts o
          && routedExperts == o.routedExperts
          && expertsPerToken == o.expertsPerToken
          && expertIntermediateSize == o.expertIntermediateSize
          && sharedIntermediateSize == o.sharedIntermediateSize
          && sharedExpertGate == o.sharedExpertGate
          && routerBias == o.routerBias
          && firstDenseLayers == o.firstDenseLayers
          && layerPeriod == o.layerPeriod
          && layerPhase == o.layerPhase
          && routingGroups == o.routingGroups
          && groupsPerToken == o.groupsPerToken;
  }

  @Override
  public int hashCode() {
    int h = Integer.hashCode(routedExperts);
    h = 31 * h + Integer.hashCode(expertsPerToken);
    h = 31 * h + Integer.hashCode(expertIntermediateSize);
    h = 31 * h + Integer.hashCode(sharedIntermediateSize);
    h = 31 * h + Boolean.hashCode(sharedExpertGate);
    h = 31 * h + Boolean.hashCode(routerBias);
    h = 31 * h + Integer.hashCode(firstDenseLayers);
    h = 31 * h + Integer.hashCode(layerPeriod);
    h = 31 * h + Integer.hashCode(layerPhase);
    h = 31 * h + Integer.hashCode(routingGroups);
    h = 31 * h + Integer.hashCode(groupsPerToken);
    return h;
  }

  @Override
  public String toString() {
    return "MixtureOfExperts[routedExperts=" + routedExperts + ", expertsPerToken=" + expertsPerToken
        + ", expertIntermediateSize=" + expertIntermediateSize
        + ", sharedIntermediateSize=" + sharedIntermediateSize + ", sharedExpertGate=" + sharedExpertGate
        + ", routerBias=" + routerBias + ", firstDenseLayers=" + firstDenseLayers
        + ", layerPeriod=" + layerPeriod + ", layerPhase=" + layerPhase
        + (routingGroups > 1 ? ", routingGroups=" + routingGroups + ", groupsPerToken=" + groupsPerToken : "") + "]";
  }
}
