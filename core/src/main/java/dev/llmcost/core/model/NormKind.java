package dev.llmcost.core.model;

/** The normalisation layer a transformer uses, and how many parameters it has per feature. */
public enum NormKind {
  /** LayerNorm with a gain and a bias: two parameters per feature (BERT, GPT-2, BLOOM). */
  LAYER_NORM(2),
  /** LayerNorm with a gain only (MPT in HuggingFace transformers). */
  LAYER_NORM_NO_BIAS(1),
  /** RMSNorm (Zhang and Sennrich 2019): one gain per feature (Llama, Mistral, Gemma ...). */
  RMS_NORM(1),
  /** A norm without learned parameters (OLMo 1). */
  NON_PARAMETRIC(0);

  private final int parametersPerFeature;

  NormKind(int parametersPerFeature) {
    this.parametersPerFeature = parametersPerFeature;
  }

  /** Returns the learned parameters per normalised feature. */
  public int parametersPerFeature() {
    return parametersPerFeature;
  }

  /**
   * Returns the parameters of one such norm over {@code features} features.
   *
   * @param features the normalised width
   * @return parameters
   */
  public long parameters(long features) {
    return Math.multiplyExact(parametersPerFeature, features);
  }
}
