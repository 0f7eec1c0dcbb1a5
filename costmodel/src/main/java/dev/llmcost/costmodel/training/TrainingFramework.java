package dev.llmcost.costmodel.training;

/**
 * The software stack a job trains with, which decides how much of the microbenchmark kernel rates
 * its GEMMs and attention sustain in a step, and which passes of its own it runs.
 */
public enum TrainingFramework {
  /**
   * Megatron-Core, NeMo, Megatron-Bridge, DeepSpeed, MaxText and llm-foundry, as calibrated: the
   * microbenchmark GEMM and attention rates times the profile's sustained-compute factor (the
   * default).
   */
  MEGATRON,
  /**
   * PyTorch-native training as torchtitan runs it (FSDP2, DTensor tensor parallelism, {@code
   * torch.compile}d blocks, SDPA attention, torchao float8). Its GEMM and attention rates are the
   * microbenchmark rates times {@link
   * dev.llmcost.costmodel.efficiency.EfficiencyProfiles#FITTED_PYTORCH_NATIVE_COMPUTE}. That
   * factor is fitted to torchtitan's published runs because no microbenchmark was found that
   * explains the gap: the compiled bf16 Llama 3.1 8B FSDP runs reach 43% of the part's bf16 peak,
   * where the composed kernel rates give 53-57%.
   */
  PYTORCH_NATIVE,
  /**
   * {@link #PYTORCH_NATIVE} without {@code torch.compile}: the same kernel rates, plus the memory
   * traffic of the elementwise ops that eager mode runs one kernel at a time, counted from
   * torchtitan's Llama code at 9dec370 ({@code models/norms.py}, {@code models/llama/model.py}).
   * Per token and layer, each RMSNorm upcasts to fp32 and runs six kernels ({@code float},
   * {@code pow}, {@code mean}, {@code mul}, {@code type_as}, weight): 36 bytes per element against
   * a fused kernel's 4. Rotary embedding goes through complex64 ({@code float}, complex product,
   * {@code type_as}): 20 bytes per query and key element against 4. SiLU and the gate product run
   * apart: 10 bytes per MLP element against 6. The backward reads and writes twice the forward's
   * bytes. Measured: 16% fewer tokens per second than compiled, on torchtitan's 8B runs on 8 and
   * 128 H100s.
   */
  PYTORCH_EAGER,
  /**
   * Megatron-DeepSpeed (BigScience's BLOOM stack): Megatron's layers at {@link #MEGATRON}'s kernel rates,
   * trained with DeepSpeed's pipeline engine and, in bf16, DeepSpeed's {@code BF16_Optimizer}. That optimizer
   * keeps fp32 gradients beside the bf16 ones and, after every micro-batch's backward pass, adds the bf16
   * gradients into them in a pass of its own ({@code update_hp_grads}: "we copy/accumulate to the
   * high-precision grads now to prevent accumulating in the bf16 grads after successive backward() calls",
   * microsoft/DeepSpeed {@code deepspeed/runtime/bf16_optimizer.py}; called from the pipeline engine's
   * {@code _exec_backward_pass} for every micro-batch, {@code deepspeed/runtime/pipe/engine.py}), where
   * Megatron-LM accumulates fp32 gradients in the weight-gradient GEMMs' epilogue: 18 bytes of memory
   * traffic per parameter of the stage and micro-batch (the {@code .to(float32)} copy reads 2 and writes
   * 4 bytes, the {@code add_} reads 4 + 4 and writes 4).
   */
  MEGATRON_DEEPSPEED;

  /**
   * Returns the lower-case id used in tables and on the command line ({@code megatron}, {@code
   * pytorch-native}, {@code pytorch-eager}, {@code megatron-deepspeed}).
   */
  public String id() {
    return switch (this) {
      case MEGATRON -> "megatron";
      case PYTORCH_NATIVE -> "pytorch-native";
      case PYTORCH_EAGER -> "pytorch-eager";
      case MEGATRON_DEEPSPEED -> "megatron-deepspeed";
    };
  }

  /** Returns whether this is PyTorch-native training, compiled or eager. */
  public boolean pytorchNative() {
    return this == PYTORCH_NATIVE || this == PYTORCH_EAGER;
  }

  /**
   * Finds a framework by id, in any case; {@code torchtitan} and {@code pytorch} also name {@link
   * #PYTORCH_NATIVE}, {@code torchtitan-eager} {@link #PYTORCH_EAGER}, {@code deepspeed} {@link
   * #MEGATRON_DEEPSPEED}.
   *
   * @param name the id
   * @return the framework
   * @throws IllegalArgumentException if no framework has that id
   */
  public static TrainingFramework parse(String name) {
    return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "megatron", "megatron-core", "nemo" -> MEGATRON;
      case "pytorch-native", "pytorch", "torchtitan" -> PYTORCH_NATIVE;
      case "pytorch-eager", "torchtitan-eager" -> PYTORCH_EAGER;
      case "megatron-deepspeed", "deepspeed" -> MEGATRON_DEEPSPEED;
      default -> throw new IllegalArgumentException(
          "framework must be one of megatron, pytorch-native (torchtitan), pytorch-eager, megatron-deepspeed, was \""
              + name + "\"");
    };
  }
}
