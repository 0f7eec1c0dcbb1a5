package dev.llmcost.costmodel.internal.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** HSDP's cross-replica gradient all-reduce, unit by unit inside the backward (Megatron-FSDP), as {@link Evaluator} costs it. */
class HsdpReplicaReduceTest {

  @Test
  void behindLongLayersOnlyTheLastLayersShareShowsAndTheRestSlowsTheCompute() {
    // 126 layers, 265 ms of all-reduce per step, 20 ms of backward per layer: one layer's 2.1 ms exposed,
    // the other 125 shares hidden at 18.9% of their duration
    double allReduce = 0.265;
    double per = allReduce / 126;
    double exposed = Evaluator.hsdpReduceExposed(allReduce, 126, 126 * 0.020);
    assertThat(exposed).isCloseTo(per + Evaluator.OVERLAP_COMPUTE_SLOWDOWN * (allReduce - per), within(1e-12));
  }

  @Test
  void whatOutlastsALayersBackwardIsExposed() {
    // per layer 3 ms of all-reduce against 1 ms of backward: 3 + 9 x 2 ms exposed of 30 ms
    double exposed = Evaluator.hsdpReduceExposed(0.030, 10, 0.010);
    double shown = 0.003 + 9 * 0.002;
    assertThat(exposed).isCloseTo(shown + Evaluator.OVERLAP_COMPUTE_SLOWDOWN * (0.030 - shown), within(1e-12));
  }

  @Test
  void neverMoreThanTheAllReduceNorLessThanOneLayersShareAndMoreBackwardNeverExposesMore() {
    Random random = new Random(20261206L);
    for (int i = 0; i < 10_000; i++) {
      double allReduce = random.nextDouble();
      int layers = 1 + random.nextInt(200);
      double backward = random.nextDouble() * 4;
      double exposed = Evaluator.hsdpReduceExposed(allReduce, layers, backward);
      assertThat(exposed).isLessThanOrEqualTo(allReduce + 1e-12);
      assertThat(exposed).isGreaterThanOrEqualTo(allReduce / layers - 1e-12);
      assertThat(Evaluator.hsdpReduceExposed(allReduce, layers, 2 * backward)).isLessThanOrEqualTo(exposed + 1e-12);
    }
  }

  @Test
  void onlyLayerwiseZero3WithoutPipelineOnRingCollectivesReducesUnitByUnit() {
    EvalConfig c = new EvalConfig();
    c.zero = 3;
    c.pp = 1;
    c.dataParallelOverlap = 1;
    HardwareConstants gpu = new HardwareConstants();
    gpu.ringCollectives = true;
    assertThat(Evaluator.hsdpReducePerUnit(c, gpu)).isTrue();
    HardwareConstants tpu = new HardwareConstants();
    tpu.ringCollectives = false;
    assertThat(Evaluator.hsdpReducePerUnit(c, tpu)).isFalse();
    c.fsdpPrefetchAfterBackward = true;
    assertThat(Evaluator.hsdpReducePerUnit(c, gpu)).isFalse();
    c.fsdpPrefetchAfterBackward = false;
    c.pp = 2;
    assertThat(Evaluator.hsdpReducePerUnit(c, gpu)).isFalse();
    c.pp = 1;
    c.zero = 1;
    assertThat(Evaluator.hsdpReducePerUnit(c, gpu)).isFalse();
  }

  @Test
  void theEstimatesConditionIsTheCostedOneOnAnHsdpRun() {
    EvalConfig c = new EvalConfig();
    c.zero = 3;
    c.pp = 1;
    c.dp = 64;
    c.cp = 1;
    c.dataParallelOverlap = 1;
    c.zeroShardGroup = 32;
    assertThat(Evaluator.hsdpReplicasReducePerUnit(c, true)).isTrue();
    assertThat(Evaluator.hsdpReplicasReducePerUnit(c, false)).isFalse();
    c.zeroShardGroup = 64; // shards over every rank: no replicas
    assertThat(Evaluator.hsdpReplicasReducePerUnit(c, true)).isFalse();
    c.zeroShardGroup = 0; // unset: the whole data-parallel group
    assertThat(Evaluator.hsdpReplicasReducePerUnit(c, true)).isFalse();
    c.zeroShardGroup = 32;
    c.pp = 2;
    assertThat(Evaluator.hsdpReplicasReducePerUnit(c, true)).isFalse();
  }
}
