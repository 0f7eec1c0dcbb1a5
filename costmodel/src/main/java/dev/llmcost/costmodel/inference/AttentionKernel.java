package dev.llmcost.costmodel.inference;

/**
 * The former name of {@link InferenceAttentionKernel}, kept so that code written against it compiles until 1.0.
 *
 * @deprecated use {@link InferenceAttentionKernel}; this name clashed with the other package's {@code AttentionKernel}
 *     under wildcard imports
 */
@Deprecated(since = "0.9", forRemoval = true)
public enum AttentionKernel {
  FLASH,
  FUSED_PER_QUERY_HEAD,
  EAGER;

  /**
   * Returns the kernel under its new type.
   *
   * @return the same constant of {@link InferenceAttentionKernel}
   */
  public InferenceAttentionKernel current() {
    return InferenceAttentionKernel.valueOf(name());
  }
}
