package dev.llmcost.core.model;

import dev.llmcost.core.internal.Require;

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
 * @param routedExperts routed experts per MoE layer; 0 for a dense model
 * @param expertsPerToken experts each token is routed to (top-k)
 * @param expertIntermediateSize inner width of one routed expert
 * @param sharedIntermediateSize total inner width of the shared expert MLP (DeepSeek: {@code
 *     n_shared_experts × moe_intermediate_size}; Qwen2-MoE: {@code
 *     shared_expert_intermediate_size}); 0 for none
 * @param sharedExpertGate whether a sigmoid gate ({@code hidden × 1}) scales the shared expert
 *     (Qwen2-MoE)
 * @param routerBias whether the router has one learned bias per expert (DeepSeek-V3's {@code
 *     e_score_correction_bias})
 * @param firstDenseLayers leading layers that keep a dense MLP
 * @param layerPeriod one MoE layer every this many layers
 * @param layerPhase the remainder {@code i % layerPeriod} of the MoE layers
 */
public record MixtureOfExperts(
    int routedExperts,
    int expertsPerToken,
    int expertIntermediateSize,
    int sharedIntermediateSize,
    boolean sharedExpertGate,
    boolean routerBias,
    int firstDenseLayers,
    int layerPeriod,
    int layerPhase) {

  /** No experts: a dense model. */
  public static final MixtureOfExperts NONE =
      new MixtureOfExperts(0, 0, 0, 0, false, false, 0, 1, 0);

  /**
   * Validates the configuration.
   *
   * @throws IllegalArgumentException if a count is negative, if top-k exceeds the experts, or if an
   *     MoE configuration has no expert width
   */
  public MixtureOfExperts {
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
    if (routedExperts > 0) {
      Require.positive("expertsPerToken", expertsPerToken);
      Require.positive("expertIntermediateSize", expertIntermediateSize);
      if (expertsPerToken > routedExperts) {
        throw new IllegalArgumentException(
            "expertsPerToken must be <= routedExperts (" + routedExperts + "), was " + expertsPerToken);
      }
    }
  }

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
    return new MixtureOfExperts(experts, topK, expertIntermediateSize, 0, false, false, 0, 1, 0);
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
}
