package dev.llmcost.costmodel.training;

import dev.llmcost.core.FlopCount;
import dev.llmcost.core.ParameterCount;
import dev.llmcost.core.TokenCount;
import dev.llmcost.core.internal.Require;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.costmodel.internal.training.EvalConfig;
import dev.llmcost.costmodel.internal.training.Evaluation;
import dev.llmcost.costmodel.internal.training.Evaluator;
import dev.llmcost.costmodel.internal.training.ModelConstants;

/**
 * Training FLOPs of a model, without a cluster: per token in each accounting, with recomputation,
 * and totals such as {@code 6ND}.
 *
 * <p>Forward FLOPs per token are {@code 2 ×} the weight-matrix parameters a token passes through
 * (all layers and the output head; routed experts only the top-k) plus {@code 4·s·h_q} per layer for
 * the attention scores and their product with the values; the backward pass costs twice the forward
 * (Kaplan et al. 2020 §2.1; Narayanan et al. 2021 §5.1). For a GPT model this is exactly
 * Narayanan's {@code 72Bslh²(1 + s/6h + V/12lh)} per step, and with full recomputation {@code
 * 96Bslh²(1 + s/6h + V/16lh)} (eq. 3).
 *
 * <p>A model with multi-token-prediction modules ({@link
 * ModelArchitecture#multiTokenPredictionLayers()}) is counted as DeepSeek-V3 trained it (arXiv:2412.19437
 * §2.2): each module adds one transformer block, a {@code 2h × h} projection and the shared output
 * head per token, unless the overload with {@code multiTokenPrediction} false leaves them out.
 */
public final class TrainingFlops {
  private TrainingFlops() {}

  /**
   * Returns the model FLOPs of one training token (forward and backward).
   *
   * @param model the architecture
   * @param sequenceLength tokens per sequence
   * @param accounting what to count
   * @param causalHalving whether to halve the attention term for causal masking
   * @return FLOPs per token
   * @throws IllegalArgumentException if the sequence length is not positive or the model is not a
   *     decoder
   */
  public static FlopCount modelFlopsPerToken(
      ModelArchitecture model, int sequenceLength, FlopsAccounting accounting, boolean causalHalving) {
    return modelFlopsPerToken(model, sequenceLength, accounting, causalHalving, true);
  }

  /**
   * Returns the model FLOPs of one training token (forward and backward), with or without the
   * model's multi-token-prediction modules.
   *
   * @param model the architecture
   * @param sequenceLength tokens per sequence
   * @param accounting what to count
   * @param causalHalving whether to halve the attention term for causal masking
   * @param multiTokenPrediction whether the model's multi-token-prediction modules are trained
   * @return FLOPs per token
   * @throws IllegalArgumentException if the sequence length is not positive
   */
  public static FlopCount modelFlopsPerToken(
      ModelArchitecture model, int sequenceLength, FlopsAccounting accounting, boolean causalHalving,
      boolean multiTokenPrediction) {
    return perToken(model, sequenceLength, accounting, causalHalving, Recompute.NONE, false, multiTokenPrediction);
  }

  /**
   * Returns the hardware FLOPs of one training token: the weight-matrix accounting plus the
   * recomputed forward pass (nothing for {@link Recompute#NONE}, the attention core for {@link
   * Recompute#SELECTIVE}, every layer but not the output head for {@link Recompute#FULL}).
   *
   * @param model the architecture
   * @param sequenceLength tokens per sequence
   * @param recompute the recomputation
   * @return FLOPs per token
   * @throws IllegalArgumentException if the sequence length is not positive or the model is not a
   *     decoder
   */
  public static FlopCount hardwareFlopsPerToken(ModelArchitecture model, int sequenceLength, Recompute recompute) {
    return perToken(model, sequenceLength, FlopsAccounting.MATMUL_WEIGHTS, false, recompute, true, true);
  }

  private static FlopCount perToken(
      ModelArchitecture model, int seq, FlopsAccounting accounting, boolean causal, Recompute recompute, boolean hardware,
      boolean mtp) {
    Require.positive("sequenceLength", seq);
    EvalConfig c = new EvalConfig();
    c.mtp = mtp ? model.multiTokenPredictionLayers() : 0;
    c.seq = seq;
    c.causalHalving = causal;
    c.accounting =
        switch (accounting) {
          case MATMUL_WEIGHTS -> EvalConfig.ACCOUNTING_MATMUL_WEIGHTS;
          case ALL_PARAMETERS -> EvalConfig.ACCOUNTING_ALL_PARAMETERS;
          case SIX_N -> EvalConfig.ACCOUNTING_SIX_N;
        };
    c.recompute =
        switch (recompute) {
          case NONE -> EvalConfig.RECOMPUTE_NONE;
          case SELECTIVE -> EvalConfig.RECOMPUTE_SELECTIVE;
          case FULL -> EvalConfig.RECOMPUTE_FULL;
          case OP_SELECTIVE -> EvalConfig.RECOMPUTE_OP_SELECTIVE;
        };
    Evaluation e = new Evaluation();
    Evaluator.flops(ModelConstants.of(model), c, e);
    return FlopCount.of(hardware ? e.hardwareFlopsPerToken : e.modelFlopsPerToken);
  }

  /**
   * Returns the model FLOPs of training {@code model} on {@code tokens}.
   *
   * @param model the architecture
   * @param tokens training tokens
   * @param sequenceLength tokens per sequence
   * @param accounting what to count
   * @param causalHalving whether to halve the attention term
   * @return total FLOPs
   * @throws IllegalArgumentException as {@link #modelFlopsPerToken}
   */
  public static FlopCount total(
      ModelArchitecture model, TokenCount tokens, int sequenceLength, FlopsAccounting accounting, boolean causalHalving) {
    return modelFlopsPerToken(model, sequenceLength, accounting, causalHalving).times(tokens.value());
  }

  /**
   * Returns {@code 6 × N × D}, the training compute of Kaplan et al. 2020 used in the GPT-3 paper's
   * Table D.1 (attention ignored).
   *
   * @param parameters N
   * @param tokens D
   * @return FLOPs
   */
  public static FlopCount sixND(ParameterCount parameters, TokenCount tokens) {
    return FlopCount.of(6.0 * parameters.value() * tokens.value());
  }
}
