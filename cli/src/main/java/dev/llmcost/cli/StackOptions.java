package dev.llmcost.cli;

import dev.llmcost.costmodel.training.CudaGraphScope;
import dev.llmcost.costmodel.training.ExpertCapacity;
import dev.llmcost.costmodel.training.FsdpBackwardPrefetch;
import dev.llmcost.costmodel.training.MoeDispatcher;
import dev.llmcost.costmodel.training.PrecisionRecipe;
import dev.llmcost.costmodel.training.StackSettings;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The options of the software stack a training job runs with, shared by {@code train} and {@code
 * plan} (where they apply to every candidate): MoE routing and dispatch, multi-token prediction,
 * FSDP prefetch, loss fusion, FP8 parameter all-gathers, activation offloading, CUDA graphs and FP8 attention.
 */
final class StackOptions {

  @Option(names = "--expert-imbalance", defaultValue = "1.0",
      description = "Tokens routed to the busiest expert over the average, >= 1 (default: ${DEFAULT-VALUE}, balanced).")
  double expertImbalance;

  @Option(names = "--ep-overlap",
      description = "Hide one micro-batch's expert-parallel all-to-alls behind another's computation, as"
          + " Megatron-Core's combined 1F1B (--overlap-moe-expert-parallel-comm) does: each all-to-all behind one"
          + " part of the other's layer, the warm-up micro-batches' exposed; with a pipeline it needs"
          + " --virtual-stages > 1 (default: not overlapped).")
  boolean epOverlap;

  @Option(names = "--moe-dispatcher",
      description = "How MoE tokens reach their experts: alltoall (Megatron-Core's default: every routed copy through"
          + " an NCCL all-to-all) or flex (DeepEP / HybridEP: once per destination rank, and once per scale-up"
          + " domain across the network; also deepep, hybridep) (default: alltoall).")
  @Nullable String moeDispatcher;

  @Option(names = "--fsdp-backward-prefetch",
      description = "With --zero 3: pre (FSDP2, Megatron-FSDP: each layer's all-gather prefetched behind the previous"
          + " layer's compute) or post (PyTorch FSDP1 FULL_SHARD, BACKWARD_POST or BACKWARD_PRE alike: the backward"
          + " waits for its all-gathers). With --zero 2: post is PyTorch FSDP1 SHARD_GRAD_OP (an all-gather per"
          + " transformer block in the forward, a reduce-scatter per block in the backward, each paying its ring"
          + " latencies; pp 1 only), pre Megatron-Core's bucketed ZeRO 2. Refused with --zero 0 or 1; without --zero,"
          + " ZeRO 3 is kept (default: pre).")
  @Nullable String fsdpBackwardPrefetch;

  @Option(names = "--no-mtp",
      description = "Do not train the model's multi-token-prediction modules (default: trained, as DeepSeek-V3 was).")
  boolean noMtp;

  @Option(names = "--expert-capacity-factor",
      description = "MoE: cap each expert at this factor times its average tokens and drop the rest, > 0"
          + " (Megatron-Core's --moe-expert-capacity-factor; default: dropless).")
  @Nullable Double expertCapacityFactor;

  @Option(names = "--pad-to-capacity",
      description = "MoE, with --expert-capacity-factor: pad every expert's input to its capacity"
          + " (Megatron-Core's --moe-pad-expert-input-to-capacity).")
  boolean padToCapacity;

  @Option(names = "--no-loss-fusion",
      description = "Run the loss over the vocabulary unfused, as Megatron-LM before Megatron-Core 0.8 and"
          + " Megatron-DeepSpeed do: about 52 bytes of memory traffic per logit against 16 (default: one fused kernel).")
  boolean noLossFusion;

  @Option(names = "--no-grad-accum-fusion",
      description = "Accumulate each micro-batch's weight gradients by a kernel of their own after the GEMM, as"
          + " Megatron-LM before 2022 (param.main_grad.add_) and DeepSpeed's engine do: 2 + 2 x gradient bytes of"
          + " memory traffic per parameter per micro-batch (default: fused into the weight-gradient GEMM).")
  boolean noGradAccumFusion;

  @Option(names = "--fp8-param-gather",
      description = "With an FP8 precision and --zero 1-3: all-gather the sharded layer weights in FP8 (1 byte), as"
          + " Megatron's --fp8-param-gather and torchao's enable_fsdp_float8_all_gather do; embeddings and the output"
          + " head stay 16-bit; with mxfp8 on a Megatron job with --zero 1 the weights are FP8 but gathered in bf16 (2"
          + " bytes), as Megatron-Core's distributed optimizer does (default: gathered in the 16-bit weight type).")
  boolean fp8ParamGather;

  @Option(names = "--bf16-layers",
      description = "With an FP8 or FP4 --precision: keep this many transformer layers (the first and last together) in"
          + " bf16, as Megatron's --first-last-layers-bf16 with --num-layers-at-start-in-bf16 / --num-layers-at-end-in-bf16"
          + " (the NVFP4 paper keeps a few blocks so; Megatron-Bridge's Nemotron 3 Super recipe the last 14); costed as that"
          + " share of every layer at the 16-bit rates (default: 0).")
  @Nullable Integer bf16Layers;

  @Option(names = "--offload-activation-layers", defaultValue = "0",
      description = "Offload the activations of this many transformer layers to host memory, 0 to one fewer than the"
          + " model's layers, as Megatron-Core's --cpu-offloading-num-layers does (activations only): copied over"
          + " NVLink-C2C on GB200, PCIe elsewhere, beside the compute; needs pp 1 and no recomputation (default: ${DEFAULT-VALUE}).")
  int offloadActivationLayers;

  @Option(names = "--cuda-graphs",
      description = "Megatron-Core CUDA graphs: none, partial (Transformer Engine graphs of the router, the dispatcher's"
          + " preprocessing and possibly the attention, costed as none) or full (whole-layer graphs: an MoE layer's"
          + " kernels leave the host, so a host-bound MoE layer runs at its device time; an MoE model needs"
          + " --expert-capacity-factor with --pad-to-capacity and the alltoall dispatcher; no recomputation)"
          + " (default: none).")
  @Nullable String cudaGraphs;

  @Option(names = "--fp8-attention",
      description = "With an FP8 or FP4 precision on the Megatron-Core stack: run the attention core in FP8"
          + " (Transformer Engine's fp8_dpa), costed at the FP8/BF16 rate ratio cuDNN's SDPA benchmark measured on the"
          + " accelerator or its family, plus the casts around it; refused without such measurements (default: off).")
  boolean fp8Attention;

  @Option(names = "--recompute-moe-act",
      description = "MoE models: recompute the routed experts' activation in the backward pass instead of keeping its"
          + " output, as Megatron-Core's recompute_modules moe_act does (its forward traffic and kernels run again;"
          + " subsumed by --recompute full; fixed, never searched) (default: kept).")
  boolean recomputeMoeAct;

  @Option(names = "--ddp-bucket-params",
      description = "Parameters per data-parallel gradient bucket, as Megatron-Core's bucket_size (--ddp-bucket-size):"
          + " the exposed last gradient bucket and first parameter bucket are one such bucket (NeMo's overlap callback"
          + " sets 134217728, NVIDIA's MLPerf v5.1 Llama 3.1 8B 768000000); fixed, never searched"
          + " (default: Megatron-Core's max(40 M, 1 M x data-parallel size); torchtitan's 100 MiB with --framework"
          + " pytorch-native).")
  @Nullable Long ddpBucketParams;

  /**
   * Refuses the options that only a mixture-of-experts model has something to apply to, as {@code
   * infer} does: on a dense model they were accepted and cost nothing.
   *
   * @param m the model
   * @throws IllegalArgumentException naming the options given when {@code m} is dense
   */
  void requireMoeFor(dev.llmcost.core.model.ModelArchitecture m) {
    if (noMtp && m.multiTokenPredictionLayers() == 0) {
      throw new IllegalArgumentException("--no-mtp applies to models with multi-token-prediction modules; " + m.id()
          + " has none");
    }
    if (m.isMoe()) {
      return;
    }
    java.util.List<String> given = new java.util.ArrayList<>();
    if (expertImbalance != 1.0) {
      given.add("--expert-imbalance");
    }
    if (epOverlap) {
      given.add("--ep-overlap");
    }
    if (moeDispatcher != null) {
      given.add("--moe-dispatcher");
    }
    if (expertCapacityFactor != null) {
      given.add("--expert-capacity-factor");
    }
    if (padToCapacity) {
      given.add("--pad-to-capacity");
    }
    if (recomputeMoeAct) {
      given.add("--recompute-moe-act");
    }
    if (!given.isEmpty()) {
      throw new IllegalArgumentException(String.join(", ", given) + (given.size() == 1 ? " applies" : " apply")
          + " to MoE models; " + m.id() + " is dense");
    }
  }

  /**
   * Sets these options on a job ({@code TrainingJob.Builder}) or on every candidate of a plan ({@code
   * PlanRequest.Builder}).
   *
   * @param b the builder
   * @throws IllegalArgumentException naming the option when a value is out of range
   */
  <B extends StackSettings<B>> void applyTo(B b) {
    b.crossEntropyFusion(!noLossFusion)
        .gradientAccumulationFusion(!noGradAccumFusion)
        .multiTokenPrediction(!noMtp)
        .expertLoadImbalance(expertImbalance(expertImbalance))
        .expertCapacity(expertCapacity(expertCapacityFactor, padToCapacity))
        .expertParallelOverlap(epOverlap)
        .activationOffloadLayers(offloadLayers(offloadActivationLayers));
    if (moeDispatcher != null) {
      b.moeDispatcher(dispatcher(moeDispatcher));
    }
    if (fsdpBackwardPrefetch != null) {
      b.fsdpBackwardPrefetch(prefetch(fsdpBackwardPrefetch));
    }
    b.fp8Attention(fp8Attention).recomputeMoeActivation(recomputeMoeAct);
    if (ddpBucketParams != null) {
      if (ddpBucketParams <= 0) {
        throw new IllegalArgumentException("--ddp-bucket-params must be > 0, was " + ddpBucketParams);
      }
      b.ddpBucketParameters(ddpBucketParams);
    }
    if (cudaGraphs != null) {
      try {
        b.cudaGraphs(CudaGraphScope.parse(cudaGraphs));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--cuda-graphs: " + e.getMessage(), e);
      }
    }
  }

  /**
   * Parses {@code --precision}, with its parameter all-gathers in FP8 under {@code --fp8-param-gather}.
   *
   * @throws IllegalArgumentException if {@code --fp8-param-gather} is given with a precision whose
   *     GEMMs are not FP8 (16-bit, or NVFP4's FP4)
   */
  PrecisionRecipe precision(String id) {
    PrecisionRecipe recipe = withBf16Layers(PrecisionRecipe.parse(id), id);
    if (!fp8ParamGather) {
      return recipe;
    }
    if (recipe.mathType().bits() != 8) {
      throw new IllegalArgumentException("--fp8-param-gather needs an FP8 --precision (fp8, fp8-delayed, mxfp8,"
          + " fp8-blockwise, fp8-rowwise), was " + id);
    }
    return recipe.toBuilder().parameterGatherBytes(1).build();
  }

  private PrecisionRecipe withBf16Layers(PrecisionRecipe recipe, String id) {
    if (bf16Layers == null) {
      return recipe;
    }
    if (bf16Layers < 0) {
      throw new IllegalArgumentException("--bf16-layers must be >= 0, was " + bf16Layers);
    }
    if (recipe.mathType().bits() >= 16) {
      throw new IllegalArgumentException("--bf16-layers needs an FP8 or FP4 --precision (fp8, fp8-delayed, mxfp8,"
          + " fp8-blockwise, fp8-rowwise, nvfp4), was " + id);
    }
    return recipe.withBf16Layers(bf16Layers);
  }

  private static int offloadLayers(int v) {
    if (v < 0) {
      throw new IllegalArgumentException("--offload-activation-layers must be >= 0, was " + v);
    }
    return v;
  }

  private static MoeDispatcher dispatcher(String v) {
    return TrainCommand.prefixed(() -> MoeDispatcher.parse(v));
  }

  private static FsdpBackwardPrefetch prefetch(String v) {
    return TrainCommand.prefixed(() -> FsdpBackwardPrefetch.parse(v));
  }

  /**
   * Checks {@code --expert-imbalance} (of train, plan and infer).
   *
   * @throws IllegalArgumentException naming the option unless the value is finite and at least 1
   */
  static double expertImbalance(double value) {
    if (!(value >= 1) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("--expert-imbalance must be a finite number >= 1, was " + value);
    }
    return value;
  }

  /**
   * Returns the expert capacity of {@code --expert-capacity-factor} and {@code --pad-to-capacity}.
   *
   * @throws IllegalArgumentException naming the option if the factor is not finite and positive, or
   *     padding is asked for without a factor
   */
  private static ExpertCapacity expertCapacity(@Nullable Double factor, boolean padded) {
    if (factor == null) {
      if (padded) {
        throw new IllegalArgumentException("--pad-to-capacity needs --expert-capacity-factor");
      }
      return ExpertCapacity.DROPLESS;
    }
    if (!(factor > 0) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException("--expert-capacity-factor must be a finite number > 0, was " + factor);
    }
    return padded ? ExpertCapacity.padded(factor) : ExpertCapacity.dropping(factor);
  }
}
