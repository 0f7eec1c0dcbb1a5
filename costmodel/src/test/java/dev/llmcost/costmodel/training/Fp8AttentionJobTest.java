package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.internal.efficiency.Fp8Attention;
import dev.llmcost.costmodel.internal.training.EvalConfig;
import dev.llmcost.costmodel.internal.training.Evaluator;
import dev.llmcost.costmodel.internal.training.HardwareConstants;
import dev.llmcost.costmodel.internal.training.JobMapping;
import dev.llmcost.costmodel.internal.training.LayerCosts;
import dev.llmcost.costmodel.internal.training.ModelConstants;
import org.junit.jupiter.api.Test;

/**
 * FP8 attention in training (s13n): off by default, refused where Transformer Engine cannot run it or no measurement
 * prices it, and, when on, the attention core runs at the 16-bit rate times the FP8/BF16 ratios of cuDNN's SDPA
 * benchmark rows, with the Q/K/V and dO casts as memory-bound kernels.
 */
class Fp8AttentionJobTest {
  private static AcceleratorSpec acc(String id) {
    return AcceleratorCatalog.bundled().get(id);
  }

  /** MLPerf Training v5.1's one-node Llama 3.1 8B layout: TP 1, CP 1, micro-batch 2, seq 8192, global batch 16. */
  private static TrainingJob.Builder llama8b(String accelerator, PrecisionRecipe precision) {
    return TrainingJob.builder(ModelCatalog.bundled().get("llama-3.1-8b"), Cluster.of(acc(accelerator), 8))
        .parallelism(Parallelism.builder().dp(8).build())
        .sequenceLength(8192)
        .globalBatchSize(16)
        .microBatchSize(2)
        .recompute(Recompute.NONE)
        .precision(precision);
  }

  private static LayerCosts layer(TrainingJob job) {
    HardwareConstants hw = JobMapping.hardware(job.cluster(), job.precision(), job.framework(), new HardwareConstants());
    EvalConfig c = JobMapping.config(job, new EvalConfig());
    LayerCosts l = new LayerCosts();
    Evaluator.layerCosts(ModelConstants.of(job.model()), hw, c, l);
    return l;
  }

  @Test
  void offByDefaultAndEqualsItSpelledOut() {
    TrainingJob plain = llama8b("b200", PrecisionRecipe.NVFP4).build();
    TrainingJob off = llama8b("b200", PrecisionRecipe.NVFP4).fp8Attention(false).build();
    TrainingJob on = llama8b("b200", PrecisionRecipe.NVFP4).fp8Attention(true).build();
    assertThat(plain.fp8Attention()).isFalse();
    assertThat(off).isEqualTo(plain).hasSameHashCodeAs(plain);
    assertThat(plain.toString()).doesNotContain("fp8Attention");
    assertThat(on).isNotEqualTo(plain);
    assertThat(on.toString()).contains("fp8Attention=true");
    assertThat(on.toBuilder().build()).isEqualTo(on);
  }

  @Test
  void refusedWithA16BitRecipe() {
    assertThatThrownBy(() -> llama8b("b200", PrecisionRecipe.BF16_MIXED).fp8Attention(true).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fp8Attention needs an FP8 or FP4 precision recipe")
        .hasMessageContaining("was precision bf16");
  }

  @Test
  void refusedWithoutFp8TensorCores() {
    // an A100 has no FP8 peak: the FP8 recipe itself is refused first, and FP8 attention with it
    assertThatThrownBy(() -> llama8b("a100-sxm-80gb", PrecisionRecipe.FP8_MIXED).fp8Attention(true).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> llama8b("a100-sxm-80gb", PrecisionRecipe.BF16_MIXED).fp8Attention(true).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fp8Attention");
  }

  @Test
  void refusedWithoutMeasurements() {
    // the L40S (Ada) has FP8 tensor cores, but attention-fp8.csv has neither its rows nor its family's
    AcceleratorSpec l40s = acc("l40s");
    assertThat(l40s.peak(dev.llmcost.core.DType.FP8_E4M3)).isPresent();
    assertThat(Fp8Attention.bundled().covers(l40s)).isFalse();
    assertThatThrownBy(() -> llama8b("l40s", PrecisionRecipe.FP8_MIXED).fp8Attention(true).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no FP8 attention measurements (attention-fp8.csv) for accelerator l40s");
  }

  @Test
  void refusedWithAnUnfusedCoreOrOutsideMegatronCore() {
    assertThatThrownBy(() -> llama8b("h100-sxm", PrecisionRecipe.FP8_MIXED).attention(TrainingAttentionKernel.UNFUSED)
        .fp8Attention(true).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fp8Attention needs the fused attention kernel")
        .hasMessageContaining("was attention unfused");
    assertThatThrownBy(() -> llama8b("h100-sxm", PrecisionRecipe.FP8_MIXED).framework(TrainingFramework.PYTORCH_NATIVE)
        .fp8Attention(true).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fp8Attention needs the Megatron-Core stack")
        .hasMessageContaining("was framework pytorch-native");
  }

  @Test
  void theCoreRunsAtTheMeasuredFp8Ratios() {
    // B200, 8,192 causal keys: cuDNN 9.13.1's SDPA benchmark measured fwd 1502.114 / 1384.231 and bwd 1254.687 /
    // 994.850 TFLOP/s in FP8 / BF16 in one run (attention-fp8.csv)
    TrainingJob off = llama8b("b200", PrecisionRecipe.NVFP4).build();
    TrainingJob on = llama8b("b200", PrecisionRecipe.NVFP4).fp8Attention(true).build();
    LayerCosts a = layer(off);
    LayerCosts b = layer(on);
    double fwd = 1502.114 / 1384.231;
    double bwd = 1254.687 / 994.850;
    assertThat(b.attnFwd).isCloseTo(a.attnFwd / fwd, within(1e-12 * a.attnFwd));
    assertThat(b.attnFwd * b.attnBwdFactor).isCloseTo(a.attnFwd * a.attnBwdFactor / bwd,
        within(1e-12 * a.attnFwd));
    // the casts: current scaling (the DPA recipe of NVFP4, NVTE_DPA_FP8_RECIPE=Float8CurrentScaling) quantizes Q, K,
    // V forward and dO backward at 5 bytes per element (amax pass + cast), O and dQ/dK/dV stay in 16 bits
    HardwareConstants hw = JobMapping.hardware(on.cluster(), on.precision(), on.framework(), new HardwareConstants());
    double tokens = 2.0 * 8192;
    assertThat(b.fp8QuantFwd - a.fp8QuantFwd).isCloseTo(tokens * 5 * (4096 + 1024 + 1024) / hw.memoryBandwidth,
        within(1e-9 * b.fp8QuantFwd));
    assertThat(b.fp8QuantBwd - a.fp8QuantBwd).isCloseTo(tokens * 5 * 4096 / hw.memoryBandwidth,
        within(1e-9 * b.fp8QuantBwd));
    // end to end: faster on the B200, where both directions run faster in FP8
    assertThat(TrainingCostModel.calibrated().estimate(on).stepSeconds())
        .isLessThan(TrainingCostModel.calibrated().estimate(off).stepSeconds());
    // and the assumptions say so, with the ratios used (s13q)
    assertThat(TrainingCostModel.calibrated().estimate(on).assumptions()).anySatisfy(s -> assertThat(s)
        .startsWith("attention core in FP8 (Transformer Engine's fp8_dpa)")
        .contains("at sequence length 8,192: forward 1.09×, backward 1.26×")
        .endsWith("casts of Q, K, V and dO to FP8, in the layers that run in FP8"));
    assertThat(TrainingCostModel.calibrated().estimate(off).assumptions())
        .noneSatisfy(s -> assertThat(s).startsWith("attention core in FP8"));
  }

  @Test
  void delayedScalingAlsoCastsTheOutputsBack() {
    // an H100 reads its Hopper family's rows (the H200's): FP8 forward faster, backward at 4,096 keys about as BF16
    TrainingJob.Builder job = llama8b("h100-sxm", PrecisionRecipe.FP8_DELAYED).sequenceLength(4096);
    LayerCosts a = layer(job.build());
    TrainingJob on = job.fp8Attention(true).build();
    LayerCosts b = layer(on);
    double[] r = Fp8Attention.bundled().speedup(acc("h100-sxm"), 4096).orElseThrow();
    assertThat(r[0]).isCloseTo(854.0 / 591.0, within(1e-12));
    assertThat(r[1]).isCloseTo(471.0 / 474.0, within(1e-12));
    assertThat(b.attnFwd).isCloseTo(a.attnFwd / r[0], within(1e-12 * a.attnFwd));
    HardwareConstants hw = JobMapping.hardware(on.cluster(), on.precision(), on.framework(), new HardwareConstants());
    double tokens = 2.0 * 4096;
    double qkv = 4096 + 1024 + 1024;
    assertThat(b.fp8QuantFwd - a.fp8QuantFwd).isCloseTo(tokens * 3 * (qkv + 4096) / hw.memoryBandwidth,
        within(1e-9 * b.fp8QuantFwd));
    assertThat(b.fp8QuantBwd - a.fp8QuantBwd).isCloseTo(tokens * 3 * (4096 + qkv) / hw.memoryBandwidth,
        within(1e-9 * b.fp8QuantBwd));
    assertThat(TrainingCostModel.calibrated().estimate(on).assumptions()).anySatisfy(s -> assertThat(s)
        .contains("at sequence length 4,096: forward 1.45×, backward 0.99×")
        .contains("dO to FP8 and of O, dQ, dK, dV back to 16 bits (delayed scaling)"));
  }
}
