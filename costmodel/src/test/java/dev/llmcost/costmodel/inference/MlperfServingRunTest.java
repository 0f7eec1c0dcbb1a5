package dev.llmcost.costmodel.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.costmodel.inference.MultiSourceInferenceValidationTest.Compared;
import dev.llmcost.costmodel.serving.ServingSimulator;
import dev.llmcost.costmodel.serving.SimulationResult;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Checks of the mapping of the MLPerf Server/Interactive latency rows to the serving simulator ({@link
 * MlperfServingRun}, s13m): the simulator's decode step is the inference model's, every row with limits is
 * mapped, and the runs are deterministic and serve their requests.
 */
class MlperfServingRunTest {

  private static final InferenceCostModel MODEL = InferenceCostModel.calibrated();

  private static List<Compared> rows() {
    return MultiSourceInferenceValidationTest.map(MultiSourceInferenceValidationTest.read("inference-multi-source.csv"))
        .compared().stream().filter(MlperfServingRun::applies).toList();
  }

  @Test
  void everyConfiguredSystemAndScenarioIsSimulated() {
    List<Compared> rows = rows();
    // 17 Server/Interactive systems of v5.1 with a config-read TP, one TTFT and one TPOT row each
    assertThat(rows).hasSize(34);
    assertThat(rows.stream().map(c -> MlperfServingRun.key(c).orElseThrow()).distinct().count())
        .isEqualTo(MlperfServingRun.LIMITS.size());
  }

  /**
   * The simulator's decode-only step ({@link ServingSimulator#stepSeconds}) against the inference model's decode
   * step ({@link InferenceCostModel#decodeStep}) for each simulated engine at the batch its run held on average
   * and the dataset's mean context: both are the roofline's pass ({@code StepCost} tabulates {@code
   * Roofline.forward}), so they agree to the attention table's interpolation (every 16 tokens of context).
   */
  @Test
  void theSimulatorsDecodeStepIsTheInferenceModels() {
    StringBuilder sb = new StringBuilder("MLPerf serving runs (s13m): simulator decode step vs infer's decode step\n");
    for (Compared c : rows()) {
      if (c.metric() != MultiSourceInferenceValidationTest.Metric.TTFT) {
        continue;
      }
      int b = 64;
      long context = c.input() + c.output() / 2;
      double infer = MODEL.decodeStep(c.scenario(MODEL, b), context).seconds();
      double sim = ServingSimulator.of(MODEL).stepSeconds(c.scenario(MODEL, 1), 0, b, context);
      sb.append(String.format(Locale.ROOT, "  %-80s b %d ctx %6d: infer %.4f ms, simulator %.4f ms (%+.3f%%)%n",
          c.row().id(), b, context, infer * 1e3, sim * 1e3, 100 * (sim / infer - 1)));
      assertThat(sim).as(c.row().id()).isCloseTo(infer, org.assertj.core.data.Percentage.withPercentage(1));
    }
    System.out.println(sb);
  }

  /**
   * What-if, printed only: each system's simulated mean TTFT and TPOT at 70%, 80%, 90% and 100% of its {@code
   * target_qps}, against loadgen's means at 100%. Where the measured TTFT is reached only below the target, the
   * modelled engine is that much slower than the real one at the operating point; where the simulated TTFT stays
   * below the measured one at the target, it is faster.
   */
  @Test
  void latencyAgainstTheFractionOfTheTargetRateIsPrinted() {
    StringBuilder sb = new StringBuilder("MLPerf serving runs (s13m what-if): simulated mean TTFT / TPOT (s) at a"
        + " fraction of target_qps, per instance; measured at 100%\n");
    double[] fractions = {0.7, 0.8, 0.9, 1.0};
    for (Compared c : rows()) {
      if (c.metric() != MultiSourceInferenceValidationTest.Metric.TTFT) {
        continue;
      }
      Compared tpot = rows().stream().filter(o -> o.metric() == MultiSourceInferenceValidationTest.Metric.TPOT
          && MlperfServingRun.key(o).equals(MlperfServingRun.key(c))).findFirst().orElseThrow();
      sb.append(String.format(Locale.ROOT, "  %-74s measured %7.3f / %6.4f;", MlperfServingRun.key(c).orElseThrow(),
          c.row().value(), tpot.row().value()));
      for (double f : fractions) {
        SimulationResult r = MlperfServingRun.runAt(c, MODEL, f * c.rate());
        assertThat(r.ttft().mean()).as(c.row().id()).isFinite().isPositive();
        sb.append(String.format(Locale.ROOT, "  %3.0f%% %7.3f / %6.4f", 100 * f, r.ttft().mean(), r.tpot().mean()));
      }
      sb.append('\n');
    }
    System.out.println(sb);
  }

  @Test
  void runsAreDeterministicAndServeTheirRequests() {
    for (Compared c : rows()) {
      SimulationResult r = MlperfServingRun.run(c, MODEL);
      assertThat(r.completed()).as(c.row().id()).isEqualTo(r.requests());
      assertThat(r.ttft().mean()).as(c.row().id()).isFinite().isPositive();
      assertThat(r.tpot().mean()).as(c.row().id()).isFinite().isPositive();
    }
    Compared first = rows().get(0);
    // another model instance of the same calibration runs it again from the seed: the same means
    assertThat(MlperfServingRun.predict(first, InferenceCostModel.of(MODEL.calibration())))
        .isEqualTo(MlperfServingRun.predict(first, MODEL));
  }
}
