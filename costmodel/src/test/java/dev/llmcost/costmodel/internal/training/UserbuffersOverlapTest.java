package dev.llmcost.costmodel.internal.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.training.Cluster;
import dev.llmcost.costmodel.training.Parallelism;
import dev.llmcost.costmodel.training.TrainingCostModel;
import dev.llmcost.costmodel.training.TrainingEstimate;
import dev.llmcost.costmodel.training.TrainingFramework;
import dev.llmcost.costmodel.training.TrainingJob;
import org.junit.jupiter.api.Test;

/** Tensor-parallel overlap as Transformer Engine's userbuffers run it, as {@link Evaluator} costs it. */
class UserbuffersOverlapTest {

  private static HardwareConstants h100Like(double halfSaturationDim, int sms) {
    HardwareConstants hw = SyntheticHardware.h100Like(halfSaturationDim);
    hw.computeUnits = sms;
    return hw;
  }

  private static LayerCosts costs(HardwareConstants hw, double overlap, boolean userbuffers) {
    ModelConstants m = ModelConstants.of(ModelCatalog.bundled().get("llama-3.1-70b"));
    EvalConfig c = new EvalConfig();
    c.seq = 4096;
    c.micro = 1;
    c.globalBatch = 64;
    c.tp = 8;
    c.dp = 8;
    c.sequenceParallel = true;
    c.tensorParallelOverlap = overlap;
    c.userbuffers = userbuffers;
    LayerCosts l = new LayerCosts();
    Evaluator.layerCosts(m, hw, c, l);
    return l;
  }

  @Test
  void ringExchangeHidesAllButOneChunkAndPipelinedReduceScatterAllButItsLast() {
    // a flat GEMM curve and no SM count: chunking and SM margins cost nothing, only the exposure remains
    HardwareConstants hw = h100Like(0, 0);
    LayerCosts none = costs(hw, 0, true);
    LayerCosts ub = costs(hw, 1, true);
    assertThat(none.linear).isGreaterThan(none.tpPass); // every collective has a GEMM to hide behind
    double ring = 0.5 * none.tpPass * 7.0 / 8; // all-gathers: 1 of tp = 8 chunks exposed
    double pipelined = 0.5 * none.tpPass * (1 - 1.0 / Evaluator.UB_PIPELINE_SPLITS); // reduce-scatters
    assertThat(ub.tpPass).isCloseTo(
        none.tpPass - (1 - Evaluator.OVERLAP_COMPUTE_SLOWDOWN) * ring - pipelined, within(1e-12));
    // PyTorch's decomposition (no userbuffers) hides (tp-1)/tp of everything with no slowdown: more
    LayerCosts asyncTp = costs(hw, 1, false);
    assertThat(asyncTp.tpPass).isCloseTo(none.tpPass / 8, within(1e-12));
    assertThat(ub.tpPass).isGreaterThan(asyncTp.tpPass);
  }

  @Test
  void chunkedGemmsAndCommunicationSmsCostTime() {
    LayerCosts flat = costs(h100Like(0, 0), 1, true);
    // on the measured-shape GEMM curve, tp chunks of tokens/tp rows (and 4 of tokens/4) run below the
    // whole GEMM's rate; the collectives and what of them hides are the same
    HardwareConstants curve = h100Like(280, 0);
    LayerCosts chunked = costs(curve, 1, true);
    LayerCosts chunkedNone = costs(curve, 0, true);
    assertThat(chunkedNone.tpPass).isEqualTo(costs(h100Like(0, 0), 0, true).tpPass);
    assertThat(chunkedNone.linear).isGreaterThan(chunkedNone.tpPass);
    assertThat(chunked.tpPass).isGreaterThan(flat.tpPass);
    // 16 of 132 SMs taken from the output and down projections' GEMMs
    LayerCosts margin = costs(h100Like(280, 132), 1, true);
    assertThat(margin.tpPass).isGreaterThan(chunked.tpPass);
    // the GEMMs themselves are unchanged: the cost is the overlap's, charged to its pass
    assertThat(margin.linear).isEqualTo(chunkedNone.linear);
    // without overlap, the SM count changes nothing
    assertThat(costs(h100Like(280, 132), 0, true).tpPass).isEqualTo(chunkedNone.tpPass);
  }

  private static TrainingEstimate llama70b(TrainingFramework framework, double overlap) {
    TrainingJob job = TrainingJob.builder(ModelCatalog.bundled().get("llama-3.1-70b"),
            Cluster.of(AcceleratorCatalog.bundled().get("h100-sxm"), 64))
        .parallelism(Parallelism.builder().dp(8).tp(8).sequenceParallel(true).build())
        .sequenceLength(4096)
        .globalBatchSize(64)
        .microBatchSize(1)
        .framework(framework)
        .tensorParallelOverlap(overlap)
        .build();
    return TrainingCostModel.calibrated().estimate(job);
  }

  @Test
  void onlyMegatronJobsWithTheOverlapPrintTheUserbuffersAssumptions() {
    TrainingEstimate ub = llama70b(TrainingFramework.MEGATRON, 1);
    assertThat(ub.assumptions()).anyMatch(a -> a.contains("100.0% overlapped as Transformer Engine userbuffers")
        && a.contains("over 8 GEMM chunks") && a.contains("4 chunks on 16 SMs"));
    assertThat(llama70b(TrainingFramework.MEGATRON, 0).assumptions())
        .noneMatch(a -> a.contains("userbuffers"));
    assertThat(llama70b(TrainingFramework.PYTORCH_NATIVE, 1).assumptions())
        .noneMatch(a -> a.contains("userbuffers"));
  }
}
