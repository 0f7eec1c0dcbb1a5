package dev.llmcost.costmodel.inference;

import dev.llmcost.core.ParameterCount;
import dev.llmcost.core.model.ModelArchitecture;

/**
 * Speculative decoding with a draft model: each step the draft proposes {@code k} tokens one after
 * another and the target verifies them in one pass of {@code k + 1} tokens per sequence. With each
 * draft token accepted independently with probability {@code α}, a step yields {@code (1 −
 * α^(k+1)) / (1 − α)} tokens in expectation (Leviathan, Kalman and Matias 2023, "Fast Inference
 * from Transformers via Speculative Decoding", ICML, eq. 1). Immutable.
 *
 * <p>The draft is either a separate small model ({@link #of}) or the target's own
 * multi-token-prediction modules ({@link #multiTokenPrediction}): DeepSeek-V3/V3.2, GLM-4.5,
 * Qwen3-Next and MiMo ship them, and vLLM and SGLang run them as the draft (DeepSeek-V3 technical
 * report, arXiv:2412.19437 §5.4.3). {@link InferenceCostModel#speculative} costs either in {@code
 * infer}; the serving simulator steps with either.
 */
public final class SpeculativeDecoding {

  /**
   * Acceptance of a multi-token-prediction draft token when none is given: 0.85, the low end of
   * DeepSeek-V3's published "acceptance rate of the second token prediction ranges between 85% and
   * 90%" (arXiv:2412.19437 §5.4.3), which it reports as 1.8× the tokens per second.
   */
  public static final double MTP_ACCEPTANCE = 0.85;

  /** Where {@link #MTP_ACCEPTANCE} comes from. */
  public static final String MTP_ACCEPTANCE_SOURCE =
      "DeepSeek-V3 technical report (arXiv:2412.19437) §5.4.3: second-token acceptance 85%–90%, 1.8× TPS";

  private final ModelArchitecture draft;
  private final int k;
  private final double acceptance;
  private final boolean mtp;
  private final int mtpModules;
  private final long draftParameters;

  private SpeculativeDecoding(ModelArchitecture draft, int k, double acceptance, boolean mtp, int mtpModules,
      long draftParameters) {
    this.draft = draft;
    this.k = k;
    this.acceptance = acceptance;
    this.mtp = mtp;
    this.mtpModules = mtpModules;
    this.draftParameters = draftParameters;
  }

  /**
   * Returns a speculative-decoding configuration.
   *
   * @param draft the draft model (it runs on the same GPUs with the same tensor parallelism)
   * @param k draft tokens per step, 1 to 16
   * @param acceptance probability that a draft token is accepted, in [0, 1)
   * @return the configuration
   * @throws IllegalArgumentException if {@code k} or {@code acceptance} is out of range
   */
  public static SpeculativeDecoding of(ModelArchitecture draft, int k, double acceptance) {
    check(k, acceptance);
    return new SpeculativeDecoding(draft, k, acceptance, false, 0, draft.parameterCounts().total().value());
  }

  /**
   * Returns speculative decoding with the target's own multi-token-prediction modules as the draft
   * (the checkpoint's {@code num_nextn_predict_layers}, {@link
   * ModelArchitecture#multiTokenPredictionLayers()}). Each draft token is one pass of a module:
   * its block ({@link ModelArchitecture#multiTokenPredictionModule()}), its {@code 2h × h}
   * projection and the shared output head; when {@code k} exceeds the modules, the last one is run
   * again for the further tokens, as vLLM does for {@code num_speculative_tokens} above the
   * checkpoint's modules. Acceptance is taken independent per token (as in {@link #of}); a reused
   * module's later tokens are accepted less often in practice.
   *
   * @param target the model served, with multi-token-prediction layers
   * @param k draft tokens per step, 1 to 16
   * @param acceptance probability that a draft token is accepted, in [0, 1) ({@link
   *     #MTP_ACCEPTANCE} is DeepSeek-V3's published figure)
   * @return the configuration
   * @throws IllegalArgumentException if the model has no multi-token-prediction layers, or {@code
   *     k} or {@code acceptance} is out of range
   */
  public static SpeculativeDecoding multiTokenPrediction(ModelArchitecture target, int k, double acceptance) {
    check(k, acceptance);
    ModelArchitecture module = target.multiTokenPredictionModule().orElseThrow(() -> new IllegalArgumentException(
        "model " + target.id() + " has no multi-token-prediction layers (its config.json sets no"
            + " num_nextn_predict_layers or mtp_num_hidden_layers)"));
    int modules = target.multiTokenPredictionLayers();
    return new SpeculativeDecoding(module, k, acceptance, true, modules,
        target.multiTokenPredictionModuleParameters() * Math.min(k, modules));
  }

  /**
   * Returns speculative decoding with the target's multi-token-prediction modules, one draft token
   * per step at DeepSeek-V3's acceptance ({@link #MTP_ACCEPTANCE}).
   *
   * @param target the model served, with multi-token-prediction layers
   * @return the configuration
   * @throws IllegalArgumentException if the model has no multi-token-prediction layers
   */
  public static SpeculativeDecoding multiTokenPrediction(ModelArchitecture target) {
    return multiTokenPrediction(target, 1, MTP_ACCEPTANCE);
  }

  private static void check(int k, double acceptance) {
    if (k < 1 || k > 16) {
      throw new IllegalArgumentException("k must be in [1, 16], was " + k);
    }
    if (!(acceptance >= 0 && acceptance < 1)) {
      throw new IllegalArgumentException("acceptance must be in [0, 1), was " + acceptance);
    }
  }

  /**
   * Returns whether the draft is the target's own multi-token-prediction modules.
   *
   * @return true for {@link #multiTokenPrediction}
   */
  public boolean isMultiTokenPrediction() {
    return mtp;
  }

  /** Returns the multi-token-prediction modules the target ships (0 for a separate draft model). */
  public int multiTokenPredictionModules() {
    return mtpModules;
  }

  /**
   * Returns the parameters the draft adds to the memory: a draft model's total, or the
   * multi-token-prediction modules that run ({@code min(k, modules)}), without the embedding and
   * output head they share with the target.
   *
   * @return parameters
   */
  public ParameterCount draftParameters() {
    return ParameterCount.of(draftParameters);
  }

  /**
   * Returns the draft model: a separate model, or one multi-token-prediction module as a one-layer
   * model ({@link ModelArchitecture#multiTokenPredictionModule()}).
   */
  public ModelArchitecture draft() {
    return draft;
  }

  /** Returns the draft tokens per step. */
  public int k() {
    return k;
  }

  /** Returns the acceptance probability of a draft token. */
  public double acceptance() {
    return acceptance;
  }

  /** Returns the expected tokens a sequence gains per step: {@code (1 − α^(k+1)) / (1 − α)}. */
  public double expectedTokensPerStep() {
    return (1 - Math.pow(acceptance, k + 1)) / (1 - acceptance);
  }
}
