package dev.llmcost.costmodel.training;

/**
 * How a low-precision (FP8 or FP4) recipe scales the inputs of its GEMMs: what each quantization of an activation, weight
 * or gradient reads and writes, and which GEMM kernel runs. Ignored by recipes whose math type is 16
 * bits or wider.
 *
 * <p>Every FP8 linear layer quantizes its input, its weight and, in the backward pass, its output
 * gradient; each quantized tensor is needed in two orientations (rowwise for one GEMM, columnwise for
 * another). Sources: Transformer Engine's low-precision training documentation
 * ({@code docs/features/low_precision_training/}, NVIDIA/TransformerEngine at d0067d0, 2026-08-22):
 * current scaling reads a tensor twice (amax, then scale and cast), delayed scaling once; Hopper
 * needs a physical FP8 transpose for the columnwise usage, Blackwell's GEMMs read either layout;
 * MXFP8's columnwise copy has its own 32×1 block scales and cannot be derived from the rowwise one;
 * the fused {@code LayerNormLinear} writes the norm output quantized. torchao's rowwise recipe
 * ({@code torchao.float8}, {@code Float8LinearConfig.from_recipe_name("rowwise")}) scales per row
 * along the GEMM's reduction axis, so each orientation is cast from the 16-bit tensor.
 */
public enum Fp8Scaling {
  /**
   * One scale per tensor from its own amax, computed before the cast (Transformer Engine {@code
   * Float8CurrentScaling}, Megatron-Bridge's "FP8-CS"; torchao's {@code tensorwise} float8, the
   * default of torchtitan's float8 converter). The default.
   */
  TENSOR_CURRENT,
  /**
   * One scale per tensor predicted from an amax history (Transformer Engine {@code DelayedScaling},
   * its only recipe before Transformer Engine 2.x, so NeMo's FP8 runs of 2023-2024): one read per
   * quantization, which the fused norm kernels perform themselves.
   */
  TENSOR_DELAYED,
  /**
   * MXFP8: one power-of-two (E8M0) scale per 32 consecutive elements, along rows for one usage and
   * along columns for the other (OCP Microscaling spec; Transformer Engine {@code
   * MXFP8BlockScaling}; Blackwell only).
   */
  MXFP8,
  /**
   * 1×128 activation and 128×128 weight blocks (DeepSeek-V3 §3.3; Transformer Engine {@code
   * Float8BlockScaling}, native on Hopper, run as MXFP8 on Blackwell).
   */
  BLOCKWISE,
  /**
   * One scale per row of each GEMM operand along its reduction axis (torchao's {@code rowwise}
   * recipe): both orientations of every operand are cast from the 16-bit tensor, every
   * micro-batch.
   */
  ROWWISE,
  /**
   * NVFP4: 4-bit E2M1 elements with one E4M3 scale per 16 consecutive elements and a second, per-tensor FP32
   * scale from the tensor's amax (Transformer Engine {@code NVFP4BlockScaling}, {@code
   * transformer_engine/common/recipe/__init__.py} at d0067d0, 2026-08-22; "Pretraining Large Language Models
   * with NVFP4", NVIDIA, arXiv:2509.25149). The Fprop, Dgrad and Wgrad GEMMs of every converted linear layer run
   * in FP4; weights share one scale per 16×16 block (2D quantization); the inputs and output gradients get a
   * 16×16 random Hadamard transform on their columnwise (Wgrad) usage, and the gradients stochastic rounding.
   * Blackwell only (FP4 tensor cores).
   */
  NVFP4
}
