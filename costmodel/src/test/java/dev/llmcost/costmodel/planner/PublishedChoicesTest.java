package dev.llmcost.costmodel.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.costmodel.internal.training.CsvTable;
import dev.llmcost.costmodel.training.CalibrationRun;
import dev.llmcost.costmodel.training.EfficiencyCalibration;
import dev.llmcost.costmodel.training.Recompute;
import dev.llmcost.costmodel.training.TrainingCostModel;
import dev.llmcost.costmodel.training.TrainingEstimate;
import dev.llmcost.costmodel.training.TrainingJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For the Megatron-LM runs of Narayanan et al. 2021 Table 1 and Korthikanti et al. 2022 Table 4
 * ({@code published-configurations.csv}), the planner's best configuration on the same model,
 * GPUs, global batch and numerics is predicted at least as fast as the published configuration
 * evaluated by the same model. The test prints both side by side.
 */
class PublishedChoicesTest {

  static final CsvTable TABLE = CsvTable.read(PublishedChoicesTest.class, "published-configurations.csv");
  static final List<String> LINES = new ArrayList<>();

  static Stream<Arguments> rows() {
    return IntStream.range(0, TABLE.size()).mapToObj(i -> Arguments.of(TABLE.get(i, "id"), i));
  }

  /** The calibration data holds each run with its published configuration; check that it is this row's. */
  static TrainingJob publishedJob(int i) {
    String id = TABLE.get(i, "id");
    CalibrationRun run =
        EfficiencyCalibration.bundledRuns().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    TrainingJob job = run.job();
    assertThat(job.model().layers()).isEqualTo(TABLE.integer(i, "layers", 0));
    assertThat(job.model().hidden()).isEqualTo(TABLE.integer(i, "hidden", 0));
    assertThat(job.model().heads()).isEqualTo(TABLE.integer(i, "heads", 0));
    assertThat(job.model().vocabSize()).isEqualTo(TABLE.integer(i, "vocab", 0));
    assertThat(job.sequenceLength()).isEqualTo(TABLE.integer(i, "seq", 0));
    assertThat(job.cluster().accelerator().id()).isEqualTo(TABLE.get(i, "accelerator"));
    assertThat(job.gpus()).isEqualTo(TABLE.integer(i, "gpus", 0));
    assertThat(job.parallelism().tp()).isEqualTo(TABLE.integer(i, "tp", 0));
    assertThat(job.parallelism().pp()).isEqualTo(TABLE.integer(i, "pp", 0));
    assertThat(job.parallelism().dp()).isEqualTo(TABLE.integer(i, "dp", 0));
    assertThat(job.globalBatchSize()).isEqualTo(TABLE.integer(i, "global_batch_seqs", 0));
    assertThat(job.microBatchSize()).isEqualTo(TABLE.integer(i, "micro_batch", job.microBatchSize()));
    String recompute = TABLE.get(i, "recompute");
    assertThat(job.recompute()).isEqualTo(Recompute.parse(recompute.replace("+sp", "")));
    assertThat(job.parallelism().sequenceParallel()).isEqualTo(recompute.endsWith("+sp"));
    assertThat(TABLE.get(i, "source")).isNotBlank();
    return job;
  }

  static String describe(TrainingEstimate e) {
    TrainingJob j = e.job();
    return String.format(Locale.ROOT, "%-40s mb %d z%d %-9s %8.3f s %5.1f%%%s", j.parallelism(), j.microBatchSize(),
        j.zero().stage(), j.recompute().id(), e.stepSeconds(), 100 * e.mfu(), e.memory().fits() ? "" : " (does not fit)");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void theBestPlanIsAtLeastAsFastAsThePublishedConfiguration(String id, int row) {
    TrainingJob published = publishedJob(row);
    TrainingEstimate asPublished = TrainingCostModel.calibrated().estimate(published);
    Plan plan = TrainingPlanner.calibrated().plan(PlanRequest.builder(published).top(1).build());
    assertThat(plan.best()).hasSize(1);
    TrainingEstimate best = plan.best().get(0);
    assertThat(best.job().gpus()).isEqualTo(published.gpus());
    assertThat(best.job().globalBatchSize()).isEqualTo(published.globalBatchSize());
    assertThat(best.memory().fits()).isTrue();
    LINES.add(String.format(Locale.ROOT, "%-19s published %s%n%-19s planner   %s  (%.2fx; %,d searched in %.3f s)", id,
        describe(asPublished), "", describe(best), asPublished.stepSeconds() / best.stepSeconds(), plan.searched(),
        plan.seconds()));
    assertThat(best.stepSeconds()).isLessThanOrEqualTo(asPublished.stepSeconds());
  }

  @AfterAll
  static void print() {
    System.out.printf(Locale.ROOT, "%nPublished Megatron-LM configurations against the planner's best (same model, GPUs,"
        + " batch and numerics; step time and MFU predicted by the same cost model):%n");
    LINES.forEach(System.out::println);
  }
}
