package dev.llmcost.costmodel.training;

/**
 * The settings of the software stack a training job runs with, which a single job ({@link
 * TrainingJob.Builder}) and a search over jobs ({@code PlanRequest.Builder}, for every candidate)
 * both take: loss and gradient-accumulation fusion, multi-token prediction, MoE routing, capacity,
 * dispatch and overlap, FSDP prefetch and activation offloading. Code that sets them once for either
 * builder is written against this interface.
 *
 * @param <B> the builder type, returned by every setter
 */
public interface StackSettings<B extends StackSettings<B>> {

  /**
   * Sets whether the loss over the vocabulary runs as one fused kernel, as {@link
   * TrainingJob.Builder#crossEntropyFusion(boolean)} describes.
   *
   * @param value true for one fused kernel (the default)
   * @return this builder
   */
  B crossEntropyFusion(boolean value);

  /**
   * Sets whether weight gradients are accumulated inside the weight-gradient GEMM, as {@link
   * TrainingJob.Builder#gradientAccumulationFusion(boolean)} describes.
   *
   * @param value true for fused accumulation (the default)
   * @return this builder
   */
  B gradientAccumulationFusion(boolean value);

  /**
   * Sets whether the model's multi-token-prediction modules are trained, as {@link
   * TrainingJob.Builder#multiTokenPrediction(boolean)} describes.
   *
   * @param value true to train them (the default)
   * @return this builder
   */
  B multiTokenPrediction(boolean value);

  /**
   * Sets the tokens routed to the busiest expert over the average, as {@link
   * TrainingJob.Builder#expertLoadImbalance(double)} describes.
   *
   * @param value at least 1 (1, balanced, is the default)
   * @return this builder
   */
  B expertLoadImbalance(double value);

  /**
   * Sets whether one micro-batch's expert-parallel all-to-alls hide behind another's computation, as
   * {@link TrainingJob.Builder#expertParallelOverlap(boolean)} describes.
   *
   * @param value true to overlap them (default false)
   * @return this builder
   */
  B expertParallelOverlap(boolean value);

  /**
   * Sets when a fully sharded job all-gathers the next layer's parameters in the backward pass, as
   * {@link TrainingJob.Builder#fsdpBackwardPrefetch(FsdpBackwardPrefetch)} describes.
   *
   * @param value the prefetch mode
   * @return this builder
   * @throws NullPointerException if {@code value} is null
   */
  B fsdpBackwardPrefetch(FsdpBackwardPrefetch value);

  /**
   * Sets how an MoE job's routed tokens travel to their experts, as {@link
   * TrainingJob.Builder#moeDispatcher(MoeDispatcher)} describes.
   *
   * @param value the dispatcher
   * @return this builder
   * @throws NullPointerException if {@code value} is null
   */
  B moeDispatcher(MoeDispatcher value);

  /**
   * Sets how many tokens each expert processes, as {@link
   * TrainingJob.Builder#expertCapacity(ExpertCapacity)} describes.
   *
   * @param value the capacity
   * @return this builder
   * @throws NullPointerException if {@code value} is null
   */
  B expertCapacity(ExpertCapacity value);

  /**
   * Sets the transformer layers whose activations are offloaded to host memory, as {@link
   * TrainingJob.Builder#activationOffloadLayers(int)} describes.
   *
   * @param value 0 (the default) to one fewer than the model's layers, checked when the job is built
   * @return this builder
   */
  B activationOffloadLayers(int value);

  /**
   * Sets which part of each layer is replayed from CUDA graphs, as {@link
   * TrainingJob.Builder#cudaGraphs(CudaGraphScope)} describes; a plan then searches only the recomputation modes
   * Megatron-Core allows beside them.
   *
   * @param value the scope ({@link CudaGraphScope#NONE}, the default)
   * @return this builder
   * @throws NullPointerException if {@code value} is null
   */
  B cudaGraphs(CudaGraphScope value);

  /**
   * Sets whether the attention core runs in FP8, as {@link TrainingJob.Builder#fp8Attention(boolean)} describes.
   *
   * @param value true for FP8 attention (false, the default)
   * @return this builder
   */
  B fp8Attention(boolean value);

  /**
   * Sets whether the backward pass reruns the routed experts' activation instead of keeping its output (Megatron-Core's
   * {@code recompute_modules} {@code moe_act}), as {@link TrainingJob.Builder#recomputeMoeActivation(boolean)}
   * describes; a plan keeps it fixed, never searched (s22i).
   *
   * @param value true to recompute the activation (false, the default)
   * @return this builder
   */
  B recomputeMoeActivation(boolean value);

  /**
   * Sets the parameters per data-parallel gradient bucket (Megatron-Core's {@code bucket_size}), as {@link
   * TrainingJob.Builder#ddpBucketParameters(long)} describes; a plan keeps it fixed, never searched (s23l).
   *
   * @param value parameters per bucket, at least 1 (unset: Megatron-Core's {@code max(40 M, 1 M × data-parallel size)})
   * @return this builder
   * @throws IllegalArgumentException if {@code value} is not positive
   */
  B ddpBucketParameters(long value);
}
