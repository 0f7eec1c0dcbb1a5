package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.Money;
import dev.llmcost.core.TokenCount;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.internal.Seconds;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.internal.training.EvalConfig;
import dev.llmcost.costmodel.internal.training.Evaluation;
import dev.llmcost.costmodel.internal.training.Evaluator;
import dev.llmcost.costmodel.internal.training.HardwareConstants;
import dev.llmcost.costmodel.internal.training.JobMapping;
import dev.llmcost.costmodel.internal.training.ModelConstants;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrainingEstimateLawsTest {

  static final AcceleratorSpec H100 = AcceleratorCatalog.bundled().get("h100-sxm");
  static final List<String> MODELS =
      List.of("llama-2-7b", "llama-2-13b", "llama-3.1-70b", "mixtral-8x7b-v0.1", "qwen2.5-7b", "gpt3-175b", "gemma-2-9b");

  /** Random valid jobs over models, parallelism, batches, precision, ZeRO and recomputation. */
  static List<TrainingJob> randomJobs(int count, long seed) {
    Random r = new Random(seed);
    List<TrainingJob> jobs = new ArrayList<>();
    while (jobs.size() < count) {
      ModelArchitecture m = ModelCatalog.bundled().get(MODELS.get(r.nextInt(MODELS.size())));
      int tp = 1 << r.nextInt(4);
      int pp = 1 << r.nextInt(3);
      int cp = 1 << r.nextInt(2);
      int dp = 1 << r.nextInt(5);
      int ep = m.isMoe() && r.nextBoolean() ? Math.min(dp * cp, 2) : 1;
      int micro = 1 << r.nextInt(3);
      int v = pp > 1 && r.nextBoolean() ? 2 : 1;
      int batch = micro * dp * pp * (1 + r.nextInt(4));
      try {
        jobs.add(
            TrainingJob.builder(m, Cluster.of(H100, dp * tp * pp * cp))
                .parallelism(Parallelism.builder().dp(dp).tp(tp).pp(pp).cp(cp).ep(ep).virtualStages(v).sequenceParallel(r.nextBoolean()).build())
                .sequenceLength(2048)
                .globalBatchSize(batch)
                .microBatchSize(micro)
                .precision(PrecisionRecipe.BUNDLED.get(r.nextInt(PrecisionRecipe.BUNDLED.size())))
                .zero(ZeroStage.of(r.nextInt(4)))
                .recompute(Recompute.values()[r.nextInt(3)])
                .attention(r.nextBoolean() ? TrainingAttentionKernel.FLASH : TrainingAttentionKernel.UNFUSED)
                .dropout(r.nextBoolean())
                .trainingTokens(TokenCount.ofBillions(1 + r.nextInt(100)))
                .build());
      } catch (IllegalArgumentException invalid) {
        // an impossible combination (tp vs heads, layers vs pp ...): drawn again
      }
    }
    return jobs;
  }

  @Test
  void unevenStagesWithFewerMicroBatchesThanStagesKeepEveryMemoryPartNonNegative() {
    // 126 layers on 40 stages: 34 stages hold 3 layers, the first full stage is the 17th, and one
    // micro-batch is in flight (the JMH reference loop once found a negative activation figure here)
    ModelArchitecture m = ModelCatalog.bundled().get("llama-3.1-405b");
    AcceleratorSpec h100 = AcceleratorCatalog.bundled().get("h100-sxm");
    for (int pp : new int[] {5, 17, 40, 63}) {
      TrainingJob job = TrainingJob.builder(m, Cluster.of(h100, 8 * pp))
          .parallelism(Parallelism.builder().tp(8).pp(pp).sequenceParallel(true).build())
          .sequenceLength(8192)
          .globalBatchSize(1)
          .microBatchSize(1)
          .recompute(Recompute.FULL)
          .trainingTokens(TokenCount.of(8192))
          .build();
      TrainingEstimate e = TrainingCostModel.calibrated().estimate(job);
      assertThat(e.memory().activations().bytes()).as("pp %d", pp).isPositive();
      assertThat(e.memory().total().bytes()).as("pp %d", pp).isPositive();
      assertThat(e.stepSeconds()).as("pp %d", pp).isPositive();
    }
  }

  @Test
  void everyFigureIsFiniteAndThePartsAddUp() {
    for (TrainingJob j : randomJobs(400, 1)) {
      TrainingEstimate e = TrainingCostModel.calibrated().estimate(j);
      TimeBreakdown t = e.time();
      assertThat(t.step()).isPositive().isFinite();
      assertThat(t.compute() + t.memoryBound() + t.tensorParallel() + t.contextParallel() + t.expertParallel()
              + t.pipelineP2p() + t.fsdp() + t.bubble() + t.dataParallel() + t.optimizer())
          .isCloseTo(t.step(), within(t.step() * 1e-9));
      assertThat(e.mfu()).isPositive().isLessThanOrEqualTo(e.hfu());
      assertThat(e.hfu()).isLessThan(1);
      assertThat(e.memory().total().bytes()).isPositive();
      assertThat(e.gpuHours()).isCloseTo(j.gpus() * Seconds.of(e.wallClock()) / 3600, within(1e-6 * e.gpuHours()));
      assertThat(e.energy().kilowattHours())
          .isCloseTo(j.gpus() * H100.tdpWatts() * Seconds.of(e.wallClock()) / 3600 / 1000 * j.pue(), within(1e-6 * e.energy().kilowattHours()));
      assertThat(e.cost()).isEqualTo(Money.usd("2.00").times(TrainingEstimate.gpuHoursDecimal(e.gpuHours())));
      assertThat(e.cost().amount().doubleValue()).isCloseTo(2 * e.gpuHours(), within(1e-5 + 1e-12 * e.gpuHours()));
      assertThat(e.assumptions()).isNotEmpty();
    }
  }

  @Test
  void thePlannerPathAndThePublicApiGiveTheSameNumbers() {
    EvalConfig c = new EvalConfig();
    Evaluation out = new Evaluation();
    HardwareConstants hw = new HardwareConstants();
    for (TrainingJob j : randomJobs(100, 2)) {
      Evaluator.evaluate(ModelConstants.of(j.model()), JobMapping.hardware(j.cluster(), j.precision(), hw),
          JobMapping.config(j, c), out);
      TrainingEstimate e = TrainingCostModel.calibrated().estimate(j);
      assertThat(e.stepSeconds()).isCloseTo(out.stepSeconds, within(out.stepSeconds * 1e-12));
      assertThat(e.memory().fits()).isEqualTo(out.fits);
      assertThat(e.mfu()).isEqualTo(out.mfu);
    }
  }

  @Test
  void moreDataParallelGpusNeverLowerTheAggregateThroughputAtFixedPerGpuWork() {
    ModelArchitecture m = ModelCatalog.bundled().get("llama-2-13b");
    double previous = 0;
    for (int dp = 1; dp <= 256; dp *= 2) {
      TrainingJob j = TrainingJob.builder(m, Cluster.of(H100, 4 * dp))
          .parallelism(Parallelism.builder().dp(dp).tp(4).sequenceParallel(true).build())
          .sequenceLength(4096).microBatchSize(1).globalBatchSize(8 * dp).zero(ZeroStage.OPTIMIZER_STATES).build();
      double aggregate = TrainingCostModel.calibrated().estimate(j).tokensPerSecondPerGpu() * j.gpus();
      assertThat(aggregate).isGreaterThan(previous);
      previous = aggregate;
    }
  }

  @Test
  void recomputationTradesTimeForMemoryAndZeroStagesOnlyShrinkStates() {
    ModelArchitecture m = ModelCatalog.bundled().get("llama-3.1-70b");
    TrainingJob.Builder b = TrainingJob.builder(m, Cluster.of(H100, 64))
        .parallelism(Parallelism.builder().dp(8).tp(8).sequenceParallel(true).build()).sequenceLength(8192).globalBatchSize(64);
    TrainingEstimate none = TrainingCostModel.calibrated().estimate(b.recompute(Recompute.NONE).attention(TrainingAttentionKernel.UNFUSED).build());
    TrainingEstimate selective = TrainingCostModel.calibrated().estimate(b.recompute(Recompute.SELECTIVE).build());
    TrainingEstimate full = TrainingCostModel.calibrated().estimate(b.recompute(Recompute.FULL).build());
    assertThat(none.stepSeconds()).isLessThan(selective.stepSeconds());
    assertThat(selective.stepSeconds()).isLessThan(full.stepSeconds());
    assertThat(none.memory().activations()).isGreaterThan(selective.memory().activations());
    assertThat(selective.memory().activations()).isGreaterThan(full.memory().activations());
    long previous = Long.MAX_VALUE;
    for (ZeroStage z : ZeroStage.values()) {
      long states = TrainingCostModel.calibrated().estimate(b.zero(z).build()).memory().modelStates().bytes();
      assertThat(states).isLessThan(previous);
      previous = states;
    }
  }

  @Test
  void theChooserReturnsAFittingConfigurationThatBeatsItsNeighbours() {
    ModelArchitecture m = ModelCatalog.bundled().get("llama-3.1-70b");
    TrainingJob chosen = ParallelismChooser.choose(
        TrainingJob.builder(m, Cluster.of(H100, 64)).sequenceLength(8192).globalBatchSize(128).zero(ZeroStage.OPTIMIZER_STATES));
    TrainingEstimate best = TrainingCostModel.calibrated().estimate(chosen);
    assertThat(best.memory().fits()).isTrue();
    for (Parallelism p : List.of(Parallelism.builder().dp(8).tp(8).pp(1).sequenceParallel(true).build(), Parallelism.builder().dp(4).tp(8).pp(2).sequenceParallel(true).build(), Parallelism.builder().dp(2).tp(8).pp(4).sequenceParallel(true).build())) {
      for (Recompute r : Recompute.values()) {
        TrainingEstimate other = TrainingCostModel.calibrated().estimate(chosen.toBuilder().parallelism(p).recompute(r).microBatchSize(1).build());
        if (other.memory().fits()) {
          assertThat(best.tokensPerSecondPerGpu()).isGreaterThanOrEqualTo(other.tokensPerSecondPerGpu());
        }
      }
    }
  }
}
