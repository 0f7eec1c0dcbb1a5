package dev.llmcost.costmodel.training;

/**
 * The former name of {@link TrainingAttentionKernel}, kept so that code written against it compiles until 1.0.
 *
 * @deprecated use {@link TrainingAttentionKernel}; this name clashed with the other package's {@code AttentionKernel}
 *     under wildcard imports
 */
@Deprecated(since = "0.9", forRemoval = true)
public enum AttentionKernel {
  FLASH,
  FLASH_1,
  UNFUSED;

  /**
   * Returns the kernel under its new type.
   *
   * @return the same constant of {@link TrainingAttentionKernel}
   */
  public TrainingAttentionKernel current() {
    return TrainingAttentionKernel.valueOf(name());
  }
}
