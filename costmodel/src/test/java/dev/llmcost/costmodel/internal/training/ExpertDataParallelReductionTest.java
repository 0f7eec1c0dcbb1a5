package dev.llmcost.costmodel.internal.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.training.Cluster;
import dev.llmcost.costmodel.training.Parallelism;
import dev.llmcost.costmodel.training.PrecisionRecipe;
import dev.llmcost.costmodel.training.Recompute;
import dev.llmcost.costmodel.training.TrainingCostModel;
import dev.llmcost.costmodel.training.TrainingJob;
import dev.llmcost.costmodel.training.ZeroStage;
import org.junit.jupiter.api.Test;

/**
 * The routed experts' gradients and parameters reduced and gathered over the expert-data-parallel group (s21c):
 * Megatron-Core's DDP keeps them in buffers of their own, reduced over {@code tp·cp·dp/(etp·ep)} ranks that are
 * {@code etp·ep} ranks apart ({@code distributed_data_parallel.py} and {@code parallel_state.py} at b0cc2706d).
 */
class ExpertDataParallelReductionTest {

  private static EvalConfig config(int tp, int dp, int cp, int ep, int etp) {
    EvalConfig c = new EvalConfig();
    c.tp = tp;
    c.dp = dp;
    c.cp = cp;
    c.ep = ep;
    c.etp = etp;
    return c;
  }

  @Test
  void theGroupIsTpCpDpOverEpEtpAndAbsentWhereTheExpertGridIsTheDenseOne() {
    assertThat(Evaluator.expertDataParallelGroup(config(1, 16, 1, 8, 1), 16, 16)).isEqualTo(2);
    assertThat(Evaluator.expertDataParallelGroup(config(1, 64, 1, 64, 1), 64, 64)).isEqualTo(1);
    // MoE parallel folding: tp 2, etp 1, ep 8 over dp 32 → 2 × 32 / 8
    assertThat(Evaluator.expertDataParallelGroup(config(2, 32, 1, 8, 1), 32, 32)).isEqualTo(8);
    assertThat(Evaluator.expertDataParallelGroup(config(1, 8, 2, 4, 1), 16, 16)).isEqualTo(4);
    // ep 1 with etp = tp: the expert grid is the dense one, priced with the dense parameters as before
    assertThat(Evaluator.expertDataParallelGroup(config(2, 16, 1, 1, 2), 16, 16)).isZero();
    // HSDP (a shard group below dp × cp) keeps its own pricing
    assertThat(Evaluator.expertDataParallelGroup(config(1, 16, 1, 8, 1), 8, 16)).isZero();
  }

  /** DeepSeek-V3 as Megatron-Bridge's HGX B200 recipes run it: 256 GPUs, PP 16, EP 8, distributed optimizer. */
  private static TrainingJob deepSeekOnHgxB200(int ep) {
    return TrainingJob.builder(ModelCatalog.bundled().get("deepseek-v3"),
            Cluster.of(AcceleratorCatalog.bundled().get("b200"), 256))
        .parallelism(Parallelism.builder().dp(16).tp(1).pp(16).ep(ep).build())
        .lastPipelineStageLayers(1)
        .sequenceLength(4096)
        .globalBatchSize(4096)
        .microBatchSize(1)
        .precision(PrecisionRecipe.BF16_MIXED_HALF_GRADIENTS)
        .zero(ZeroStage.OPTIMIZER_STATES)
        .recompute(Recompute.SELECTIVE)
        .build();
  }

  @Test
  void expertBuffersTravelOverOneNetworkLinkPerRankWhenEightExpertRanksFillTheNode() {
    // without the MTP module, whose shared embedding adds an all-reduce of its own (tested below)
    TrainingJob job = deepSeekOnHgxB200(8).toBuilder().multiTokenPrediction(false).build();
    ModelConstants m = ModelConstants.of(job.model());
    HardwareConstants hw = JobMapping.hardware(job.cluster(), job.precision(), job.framework(), new HardwareConstants());
    EvalConfig c = JobMapping.config(job, new EvalConfig());
    Evaluation e = new Evaluation();
    Evaluator.evaluate(m, hw, c, e);
    assertThat(hw.gpusPerNode).isEqualTo(8);
    double experts = e.expertParametersPerGpu;
    double dense = e.parametersPerGpu - experts;
    assertThat(experts).isGreaterThan(2 * dense); // the first stage: 5.4 B expert, 1.9 B dense (embedding included)
    // the two expert-data-parallel ranks are 8 ranks apart, on two nodes: one NIC each, not the node's eight
    assertThat(hw.groupBandwidth(2, 8)).isEqualTo(hw.scaleOutBandwidth);
    assertThat(hw.groupBandwidth(16, 1)).isGreaterThan(4 * hw.scaleOutBandwidth);
    double denseBw = hw.groupBandwidth(16, 1);
    double reduceAndGather = 15.0 / 16 * (c.gradientCommBytes + c.parameterCommBytes) * dense / denseBw
        + 2 * 15 * hw.groupLatency(16, 1)
        + 0.5 * (c.gradientCommBytes + c.parameterCommBytes) * experts / hw.scaleOutBandwidth
        + 2 * hw.groupLatency(2, 8);
    assertThat(e.dataParallelTotalSeconds).isCloseTo(reduceAndGather, within(1e-9 * reduceAndGather));
    // pricing every parameter over the dense group would have been ~4x less
    double asDense = 15.0 / 16 * (c.gradientCommBytes + c.parameterCommBytes) * e.parametersPerGpu / denseBw;
    assertThat(e.dataParallelTotalSeconds).isGreaterThan(3 * asDense);
  }

  @Test
  void theOptimizerShardsTheExpertStatesOverTheExpertGroupOnly() {
    TrainingJob job = deepSeekOnHgxB200(8);
    ModelConstants m = ModelConstants.of(job.model());
    HardwareConstants hw = JobMapping.hardware(job.cluster(), job.precision(), job.framework(), new HardwareConstants());
    EvalConfig c = JobMapping.config(job, new EvalConfig());
    Evaluation e = new Evaluation();
    Evaluator.evaluate(m, hw, c, e);
    double experts = e.expertParametersPerGpu;
    double dense = e.parametersPerGpu - experts;
    double perParam = 2 * (c.masterBytes + c.optimizerBytes) + c.gradientBytes + 2 * c.gradientCopyBytes
        + c.weightBytes * (c.masterBytes > 0 ? 1 : 2);
    double expected = (dense / 16 + experts / 2) * perParam / hw.memoryBandwidth;
    assertThat(e.optimizerSeconds).isCloseTo(expected, within(1e-9 * expected));
  }

  @Test
  void theAssumptionsNameTheExpertGroup() {
    assertThat(TrainingCostModel.calibrated().estimate(deepSeekOnHgxB200(8)).assumptions()).contains(
        "routed experts' gradients reduced and parameters all-gathered over their expert data-parallel group of 2"
            + " ranks, 8 apart (Megatron-Core's expert buffers), not over all 16 data ranks, one member per scale-up"
            + " domain, each over its own network link; their optimizer states sharded over that group");
    assertThat(TrainingCostModel.calibrated().estimate(deepSeekOnHgxB200(16)).assumptions()).contains(
        "routed experts held once across the 16 data ranks (expert data parallelism 1): their gradients not reduced,"
            + " their optimizer states not sharded (Megatron-Core's expert buffers)");
  }

  @Test
  void aTrainedMultiTokenPredictionModuleAllReducesTheSharedEmbeddingBetweenTheEndStages() {
    TrainingJob on = deepSeekOnHgxB200(8);
    TrainingJob off = on.toBuilder().multiTokenPrediction(false).build();
    ModelConstants m = ModelConstants.of(on.model());
    HardwareConstants hw = JobMapping.hardware(on.cluster(), on.precision(), on.framework(), new HardwareConstants());
    EvalConfig cOn = JobMapping.config(on, new EvalConfig());
    EvalConfig cOff = JobMapping.config(off, new EvalConfig());
    assertThat(cOn.mtp).isEqualTo(1);
    assertThat(cOff.mtp).isZero();
    Evaluation eOn = new Evaluation();
    Evaluation eOff = new Evaluation();
    Evaluator.evaluate(m, hw, cOn, eOn);
    Evaluator.evaluate(m, hw, cOff, eOff);
    // stages 0 and 15 are 240 ranks apart, on two nodes: one all-reduce of the 2-byte embedding gradients over
    // two ranks at one NIC's rate, after the backward (129,280 × 7,168 parameters)
    assertThat(m.embedding).isEqualTo(129280.0 * 7168);
    double allReduce = 2 * 0.5 * cOn.gradientCommBytes * m.embedding / hw.scaleOutBandwidth + 2 * hw.interNodeLatency;
    assertThat(eOn.dataParallelTotalSeconds - eOff.dataParallelTotalSeconds).isCloseTo(allReduce, within(1e-9));
    assertThat(TrainingCostModel.calibrated().estimate(on).assumptions()).anyMatch(a -> a.endsWith(
        "the first and last pipeline stages all-reduce the embedding's gradients the module shares, after the last"
            + " micro-batch's backward (Megatron-Core's finalize_model_grads)"));
  }
}
