package dev.llmcost.costmodel.training;

/**
 * The software stack a job trains with, which decides how much of the microbenchmark kernel rates
 * its GEMMs and attention sustain in a step.
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
  PYTORCH_NATIVE;

  /** Returns the lower-case id used in tables and on the command line ({@code megatron}, {@code pytorch-native}). */
  public String id() {
    return this == MEGATRON ? "megatron" : "pytorch-native";
  }

  /**
   * Finds a framework by id, in any case; {@code torchtitan} and {@code pytorch} also name {@link
   * #PYTORCH_NATIVE}.
   *
   * @param name the id
   * @return the framework
   * @throws IllegalArgumentException if no framework has that id
   */
  public static TrainingFramework parse(String name) {
    return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "megatron", "megatron-core", "nemo" -> MEGATRON;
      case "pytorch-native", "pytorch", "torchtitan" -> PYTORCH_NATIVE;
      default -> throw new IllegalArgumentException(
          "framework must be one of megatron, pytorch-native (torchtitan), was \"" + name + "\"");
    };
  }
}
