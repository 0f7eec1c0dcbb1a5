package dev.llmcost.costmodel.training;

import dev.llmcost.core.DType;
import dev.llmcost.core.internal.Require;
import java.util.List;
import java.util.Locale;

/**
 * How a training run stores and moves numbers: the math type of its GEMMs and the bytes per
 * parameter of each model state.
 *
 * <p>Mixed precision (Micikevicius et al. 2018) keeps fp32 master weights next to 16-bit working
 * weights; Megatron-LM accumulates and reduces gradients in fp32 (with Adam: {@code 2 + 4 + 4 + 8
 * = 18} bytes per parameter, "Reducing Activation Recomputation", Korthikanti et al. 2022 §2, and
 * the Megatron distributed optimizer's {@code 6 + 12/d}); the ZeRO paper counts 16-bit gradients
 * ({@code 2 + 2 + K}, {@code K = 12} for Adam); DeepSpeed's mixed-precision optimizer also keeps an
 * fp32 copy of its gradient partition ({@code 2P + 18P/N} under ZeRO-2). FP8 recipes (Micikevicius
 * et al. 2022) run the GEMMs in FP8 and keep bf16 weights and fp32 masters.
 *
 * @param id a short name ({@code bf16}, {@code fp8} ...)
 * @param mathType the type the GEMMs run in (its dense peak is the MFU denominator)
 * @param weightBytes bytes per working weight
 * @param gradientBytes bytes per gradient as accumulated
 * @param masterWeightBytes bytes per master weight (0 when the working weights are the master)
 * @param gradientCopyBytes bytes per parameter of an extra fp32 gradient partition (DeepSpeed), 0
 *     otherwise
 * @param activationBytes bytes per stored activation element
 * @param gradientReduceBytes bytes per gradient element in the data-parallel reduction
 * @param parameterGatherBytes bytes per parameter element in ZeRO's all-gathers
 */
public record PrecisionRecipe(
    String id,
    DType mathType,
    int weightBytes,
    int gradientBytes,
    int masterWeightBytes,
    int gradientCopyBytes,
    int activationBytes,
    int gradientReduceBytes,
    int parameterGatherBytes) {

  /** fp32 everywhere: no master copy, 4-byte activations. */
  public static final PrecisionRecipe FP32 = new PrecisionRecipe("fp32", DType.FP32, 4, 4, 0, 0, 4, 4, 4);

  /**
   * bf16 GEMMs and weights, fp32 gradient accumulation and reduction, fp32 master weights
   * (Megatron-LM; 18 bytes per parameter with Adam).
   */
  public static final PrecisionRecipe BF16_MIXED =
      new PrecisionRecipe("bf16", DType.BF16, 2, 4, 4, 0, 2, 4, 2);

  /** As {@link #BF16_MIXED} with fp16 math (and loss scaling). */
  public static final PrecisionRecipe FP16_MIXED =
      new PrecisionRecipe("fp16", DType.FP16, 2, 4, 4, 0, 2, 4, 2);

  /**
   * bf16 weights and gradients, fp32 master weights: the ZeRO paper's {@code 2 + 2 + K} bytes
   * (16 with Adam), PyTorch FSDP with bf16 reduction.
   */
  public static final PrecisionRecipe BF16_MIXED_HALF_GRADIENTS =
      new PrecisionRecipe("bf16-half-grads", DType.BF16, 2, 2, 4, 0, 2, 2, 2);

  /**
   * fp16 weights and gradients (all-reduced in fp16), fp32 master weights: Megatron-LM 2021 with
   * {@code --fp16} and its default gradient buffers.
   */
  public static final PrecisionRecipe FP16_MIXED_HALF_GRADIENTS =
      new PrecisionRecipe("fp16-half-grads", DType.FP16, 2, 2, 4, 0, 2, 2, 2);

  /**
   * DeepSpeed's fp16 optimizer: fp16 weights and gradients, fp32 master weights, and an fp32
   * gradient partition ({@code 2P + 18P/N} under ZeRO-2 with Adam).
   */
  public static final PrecisionRecipe DEEPSPEED_FP16 =
      new PrecisionRecipe("deepspeed-fp16", DType.FP16, 2, 2, 4, 4, 2, 2, 2);

  /** FP8 (E4M3) GEMMs, bf16 weights and activations, fp32 gradients and master weights. */
  public static final PrecisionRecipe FP8_MIXED =
      new PrecisionRecipe("fp8", DType.FP8_E4M3, 2, 4, 4, 0, 2, 4, 2);

  /** The named recipes, for parsing and listing. */
  public static final List<PrecisionRecipe> BUNDLED =
      List.of(
          FP32, BF16_MIXED, FP16_MIXED, BF16_MIXED_HALF_GRADIENTS, FP16_MIXED_HALF_GRADIENTS, DEEPSPEED_FP16, FP8_MIXED);

  /**
   * Validates the recipe.
   *
   * @throws IllegalArgumentException if a byte count is negative or a required one is zero
   */
  public PrecisionRecipe {
    Require.nonBlank("id", id);
    Require.positive("weightBytes", weightBytes);
    Require.positive("gradientBytes", gradientBytes);
    Require.nonNegative("masterWeightBytes", masterWeightBytes);
    Require.nonNegative("gradientCopyBytes", gradientCopyBytes);
    Require.positive("activationBytes", activationBytes);
    Require.positive("gradientReduceBytes", gradientReduceBytes);
    Require.positive("parameterGatherBytes", parameterGatherBytes);
  }

  /**
   * Finds a bundled recipe by id ({@code fp32}, {@code bf16}, {@code fp16}, {@code
   * bf16-half-grads}, {@code fp16-half-grads}, {@code deepspeed-fp16}, {@code fp8}), ignoring case.
   *
   * @param name the id
   * @return the recipe
   * @throws IllegalArgumentException if the id is unknown
   */
  public static PrecisionRecipe parse(String name) {
    String key = name.trim().toLowerCase(Locale.ROOT);
    for (PrecisionRecipe r : BUNDLED) {
      if (r.id.equals(key)) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "precision must be one of fp32, bf16, fp16, bf16-half-grads, fp16-half-grads, deepspeed-fp16, fp8, was \""
            + name + "\"");
  }

  /**
   * Returns the model-state bytes per parameter without sharding: weights, gradients, master
   * weights, gradient copy and optimizer states.
   *
   * @param optimizerStateBytes optimizer bytes per parameter
   * @return bytes per parameter
   */
  public double bytesPerParameter(double optimizerStateBytes) {
    return weightBytes + gradientBytes + masterWeightBytes + gradientCopyBytes + optimizerStateBytes;
  }
}
