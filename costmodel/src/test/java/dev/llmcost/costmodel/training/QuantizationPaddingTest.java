package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.internal.training.EvalConfig;
import dev.llmcost.costmodel.internal.training.Evaluator;
import dev.llmcost.costmodel.internal.training.HardwareConstants;
import dev.llmcost.costmodel.internal.training.JobMapping;
import dev.llmcost.costmodel.internal.training.LayerCosts;
import dev.llmcost.costmodel.internal.training.ModelConstants;
import org.junit.jupiter.api.Test;

/**
 * Megatron-Core's grouped experts under FP8 and FP4 copy every routed row into a buffer padded to the quantized GEMMs'
 * alignment and the output back out of it ({@link Evaluator#QUANTIZATION_PADDING_FORWARD_BYTES}, Transformer Engine's
 * {@code Fp8Padding} / {@code Fp8Unpadding} in {@code TEGroupedMLP}), unless every expert's rows are aligned already.
 */
class QuantizationPaddingTest {

  static TrainingJob.Builder qwen3(String precision) {
    return TrainingJob.builder(ModelCatalog.bundled().get("qwen3-30b-a3b"),
            Cluster.of(AcceleratorCatalog.bundled().get("b200"), 8))
        .parallelism(Parallelism.builder().dp(8).ep(8).build())
        .sequenceLength(4096)
        .globalBatchSize(512)
        .microBatchSize(4)
        .precision(PrecisionRecipe.parse(precision));
  }

  static LayerCosts layer(TrainingJob job, boolean megatronExperts) {
    ModelConstants m = ModelConstants.of(job.model());
    EvalConfig c = JobMapping.config(job, new EvalConfig());
    c.megatronGroupedExperts = megatronExperts;
    HardwareConstants hw = JobMapping.hardware(job.cluster(), job.precision(), job.framework(), new HardwareConstants());
    LayerCosts l = new LayerCosts();
    Evaluator.layerCosts(m, hw, c, l);
    return l;
  }

  @Test
  void aDroplessFp8LayerCopiesEveryRoutedRowInAndOutBothWays() {
    TrainingJob job = qwen3("mxfp8").build();
    ModelConstants m = ModelConstants.of(job.model());
    EvalConfig c = JobMapping.config(job, new EvalConfig());
    HardwareConstants hw = JobMapping.hardware(job.cluster(), job.precision(), job.framework(), new HardwareConstants());
    assertThat(c.megatronGroupedExperts).isTrue();
    LayerCosts padded = layer(job, true);
    LayerCosts unpadded = layer(job, false);
    // 4 × 4096 tokens, 8 routed copies each at the busiest rank's imbalance, hidden 2048, 16-bit rows, 48 MoE layers
    // of 48: forward 8 bytes per element (fc1's input padded, fc2's output unpadded), backward as much
    double elements = 4.0 * 4096 * m.topK * c.expertLoadImbalance * m.hidden;
    double forward = Evaluator.QUANTIZATION_PADDING_FORWARD_BYTES * elements / hw.memoryBandwidth;
    assertThat(padded.elementwise - unpadded.elementwise).isCloseTo(forward, within(1e-12));
    // the model's backward is twice the forward plus the extra: the padding's backward is one forward's worth
    double backward = 2 * (padded.elementwise - unpadded.elementwise)
        + padded.elementwiseBackwardExtra - unpadded.elementwiseBackwardExtra;
    assertThat(backward).isCloseTo(
        Evaluator.QUANTIZATION_PADDING_BACKWARD_BYTES * elements / hw.memoryBandwidth, within(1e-12));
    assertThat(padded.linear).isEqualTo(unpadded.linear);
    assertThat(TrainingCostModel.calibrated().estimate(job).assumptions())
        .anyMatch(a -> a.contains("Fp8Padding") && a.contains("multiple of 32"));
    assertThat(TrainingCostModel.calibrated().estimate(qwen3("bf16").build()).assumptions())
        .noneMatch(a -> a.contains("Fp8Padding"));
  }

  @Test
  void theHostIssuesSixKernelsMorePerLayerAndMicroBatch() {
    TrainingJob fp8 = qwen3("fp8").build();
    TrainingJob bf16 = qwen3("bf16").build();
    ModelConstants m = ModelConstants.of(fp8.model());
    double withPadding = Evaluator.moeHostSeconds(m, JobMapping.config(fp8, new EvalConfig()));
    double without = Evaluator.moeHostSeconds(m, JobMapping.config(bf16, new EvalConfig()));
    assertThat(withPadding - without).isCloseTo(
        Evaluator.QUANTIZATION_PADDING_KERNELS * Evaluator.MOE_HOST_SECONDS_PER_KERNEL, within(1e-12));
  }

  @Test
  void sixteenBitRecipesOtherStacksAndAlignedCapacitiesPadNothing() {
    TrainingJob bf16 = qwen3("bf16").build();
    TrainingJob torch = qwen3("fp8").framework(TrainingFramework.PYTORCH_NATIVE).build();
    // capacity 1.0 at 4 × 4096 tokens: 1,024 rows from each of 8 ranks, a multiple of 32
    TrainingJob aligned = qwen3("mxfp8").expertCapacity(ExpertCapacity.padded(1.0)).build();
    // capacity 1.1: ceil(1,126.4) = 1,127 rows from each rank, 9,016 in all, not a multiple of 16
    TrainingJob unaligned = qwen3("fp8").expertCapacity(ExpertCapacity.padded(1.1)).build();
    // DeepSeek-V3's FP8 dispatch: tokens quantized before the dispatch, aligned by DeepEP's expert_alignment
    TrainingJob fp8Dispatch = qwen3("fp8").moeDispatcher(MoeDispatcher.FLEX).fp8Dispatch(true).build();
    for (TrainingJob j : new TrainingJob[] {bf16, torch, aligned, fp8Dispatch}) {
      ModelConstants m = ModelConstants.of(j.model());
      EvalConfig c = JobMapping.config(j, new EvalConfig());
      assertThat(Evaluator.quantizationPadding(m, c, 4.0 * 4096)).as(j.precision() + " " + j.framework()).isFalse();
    }
    assertThat(layer(aligned, true).elementwise).isEqualTo(layer(aligned, false).elementwise);
    assertThat(layer(unaligned, true).elementwise).isGreaterThan(layer(unaligned, false).elementwise);
  }
}
