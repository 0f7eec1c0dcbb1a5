package dev.llmcost.cli;

import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.UnknownModelTypePolicy;
import dev.llmcost.costmodel.inference.SpeculativeDecoding;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The speculative-decoding options {@code --spec-draft}, {@code --spec-k} and {@code
 * --spec-acceptance} that {@code infer} and {@code simulate} share: {@code --spec-draft mtp} drafts
 * with the model's own multi-token-prediction layers (k 1 and DeepSeek-V3's published acceptance
 * unless given), any other value names a draft model, which needs both {@code --spec-k} and {@code
 * --spec-acceptance}.
 */
final class SpeculativeOptions {

  /** The {@code --spec-draft} value that selects the model's own multi-token-prediction layers. */
  static final String MTP = "mtp";

  private SpeculativeOptions() {}

  /**
   * Returns the speculative decoding the options ask for, or null when none is given.
   *
   * @param target the model served
   * @param draft {@code --spec-draft}: mtp, a model id or config.json, or null
   * @param k {@code --spec-k}, or null
   * @param acceptance {@code --spec-acceptance}, or null
   * @param defaultDraft the draft model when only k and acceptance are given (simulate), or null to
   *     require {@code --spec-draft} (infer)
   * @param defaults collects the defaults filled in
   * @param policy how a draft config.json of an unknown model type is read
   * @return the configuration, or null
   * @throws IllegalArgumentException naming the option and value when the options are inconsistent,
   *     out of range, or ask for mtp on a model without multi-token-prediction layers
   */
  static @Nullable SpeculativeDecoding resolve(ModelArchitecture target, @Nullable String draft, @Nullable Integer k,
      @Nullable Double acceptance, @Nullable String defaultDraft, Defaults defaults, UnknownModelTypePolicy policy) {
    if (draft == null && k == null && acceptance == null) {
      return null;
    }
    if (k != null && (k < 1 || k > 16)) {
      throw new IllegalArgumentException("--spec-k must be in [1, 16], was " + k);
    }
    if (acceptance != null && !(acceptance >= 0 && acceptance < 1)) {
      throw new IllegalArgumentException("--spec-acceptance must be in [0, 1), was " + acceptance);
    }
    String d = draft;
    if (d == null) {
      if (defaultDraft == null) {
        throw new IllegalArgumentException("--spec-k and --spec-acceptance need --spec-draft (mtp, or a draft model)");
      }
      defaults.add("--spec-draft", defaultDraft);
      d = defaultDraft;
    }
    if (d.trim().toLowerCase(Locale.ROOT).equals(MTP)) {
      if (target.multiTokenPredictionLayers() == 0) {
        throw new IllegalArgumentException("--spec-draft mtp: model " + target.id()
            + " has no multi-token-prediction layers (its config.json sets no num_nextn_predict_layers or"
            + " mtp_num_hidden_layers); name a draft model instead");
      }
      if (k == null) {
        defaults.add("--spec-k", "1");
      }
      if (acceptance == null) {
        defaults.add("--spec-acceptance", SpeculativeDecoding.MTP_ACCEPTANCE + " (" + SpeculativeDecoding.MTP_ACCEPTANCE_SOURCE + ")");
      }
      return SpeculativeDecoding.multiTokenPrediction(target, k == null ? 1 : k,
          acceptance == null ? SpeculativeDecoding.MTP_ACCEPTANCE : acceptance);
    }
    if (k == null || acceptance == null) {
      throw new IllegalArgumentException("speculative decoding needs both --spec-k and --spec-acceptance with a draft model (--spec-draft " + d + ")");
    }
    return SpeculativeDecoding.of(Models.resolve(d, policy), k, acceptance);
  }
}
