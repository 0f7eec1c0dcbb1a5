package dev.llmcost.costmodel.internal.training;

/**
 * The time of one transformer layer and of the output head for one micro-batch on one GPU, in
 * seconds: the part of {@link Evaluator#time} that depends only on the micro-batch, the sequence,
 * tp, cp, ep, sequence parallelism and the kernels (see {@link Evaluator#layerCosts}). Mutable
 * and reusable.
 */
public final class LayerCosts {
  /** Forward GEMMs of the layer. */
  public double linear;
  /**
   * The MoE layers' expert GEMMs (routed and shared experts) within {@link #linear}, forward, averaged over the layers
   * as {@link #linear} is: the work of Megatron-Core's {@code mlp} schedule node, beside which the combined 1F1B
   * schedule runs the other micro-batch's dispatch ({@link Evaluator#combinedOneFOneBExposedSeconds}).
   */
  public double expertLinear;
  /** Forward GEMMs that per-operator selective checkpointing recomputes (key and output projections, one MLP matrix). */
  public double opRecomputed;
  /** Forward attention core. */
  public double attnFwd;
  /** Backward attention core as a multiple of the forward. */
  public double attnBwdFactor;
  /** Forward memory-bound kernels. */
  public double elementwise;
  /**
   * Backward memory-bound traffic beyond twice {@link #elementwise} (the unfused squared ReLU's autograd
   * kernels, {@link Evaluator#SQUARED_RELU_BACKWARD_BYTES}); 0 otherwise.
   */
  public double elementwiseBackwardExtra;
  /**
   * Memory-bound traffic of the routed experts' activation rerun in the backward pass (Megatron-Core's {@code
   * recompute_modules} {@code moe_act}, {@link EvalConfig#moeActivationRecompute}), seconds; 0 otherwise.
   */
  public double moeActivationRecompute;
  /** FP8 quantization of the layer's GEMM inputs in the forward pass (0 without FP8). */
  public double fp8QuantFwd;
  /** FP8 quantization of the layer's output gradients in the backward pass, with any rescaling of its gradient GEMMs (0 without FP8). */
  public double fp8QuantBwd;
  /** FP8 quantization of the layer's weights once, both usages (0 without FP8). */
  public double fp8WeightQuant;
  /**
   * Zeroing of the layer's MXFP8 weights' bf16 slice of the shared parameter/gradient buffer after the all-gather's
   * copy, 2 bytes written per weight once per step, seconds; computed for every FP8 layer and charged only where
   * {@link EvalConfig#mxfp8ParamBufferCopy} holds (a flag of the ZeRO stage, which the planner varies over cached layer
   * costs; 0 without FP8).
   */
  public double mxfp8ParamBufferZero;
  /** FP8 quantization that per-operator selective checkpointing repeats for the GEMMs it recomputes (torchao rowwise only). */
  public double fp8OpRecompute;
  /** Forward softmax (unfused attention only). */
  public double softmax;
  /** Backward softmax and attention dropout (unfused attention only; {@link Evaluator#softmaxBackwardBytes}). */
  public double softmaxBackward;
  /** Exposed tensor-parallel communication of the forward pass (and of its recomputation). */
  public double tpPass;
  /** Exposed tensor-parallel communication of the backward pass (equal to {@link #tpPass} except in a parallel block). */
  public double tpBackwardPass;
  /** Exposed context-parallel ring, forward. */
  public double cpFwd;
  /** Exposed context-parallel ring, backward. */
  public double cpBwd;
  /** Expert-parallel all-to-all per pass. */
  public double epPass;
  /** The dispatch's share of {@link #epPass} (half of it unless tokens are dispatched in FP8), seconds. */
  public double epDispatch;
  /** Latent attention's up-projections, forward GEMMs (recomputed under {@code normUpProjectionRecompute}), seconds. */
  public double latentUpProjection;
  /** Output head GEMMs, forward and backward. */
  public double headCompute;
  /** Loss and head memory traffic. */
  public double headMemory;
}
