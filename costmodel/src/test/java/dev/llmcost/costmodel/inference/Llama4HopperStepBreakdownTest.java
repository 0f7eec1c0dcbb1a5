package dev.llmcost.costmodel.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.core.DType;
import dev.llmcost.costmodel.inference.MultiSourceInferenceValidationTest.Compared;
import dev.llmcost.costmodel.inference.MultiSourceInferenceValidationTest.Metric;
import dev.llmcost.costmodel.inference.MultiSourceInferenceValidationTest.Point;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * s15h, printed: the modelled decode step of the TensorRT-LLM Llama 4 FP8 rows on Hopper (perf-overview v0.20 TP8
 * without attention DP, 1.0 TP8/TP4 with attention DP, the DEP8 row after 1.0) broken into its operator groups, each
 * with its compute and memory time, FLOPs and bytes, at the mean batch and context of the modelled offline run; beside
 * them the rows that fit on the same engine (Maverick NVFP4 on B200, Qwen3-235B-A22B FP8 on H200/H100) as controls.
 * For each row it prints the routed tokens per expert of one step, the modelled and the measured-implied mean
 * iteration, the gap between them, and the fraction of the datasheet HBM bandwidth the routed experts would have to
 * stream at for their reads alone to close that gap (inference-multi-source.md, section s15h). The groups sum to the
 * step.
 */
class Llama4HopperStepBreakdownTest {

  private static final InferenceCostModel MODEL = InferenceCostModel.calibrated();

  @Test
  void hopperFp8StepBreakdownIsPrinted() {
    List<Compared> all = MultiSourceInferenceValidationTest.map(
        MultiSourceInferenceValidationTest.read("inference-multi-source.csv")).compared();
    StringBuilder sb = new StringBuilder("s15h: Llama 4 FP8 on Hopper (and controls), modelled decode step by operator"
        + " group at the offline run's mean batch and context, ms per GPU\n");
    int hopperLlama4 = 0;
    for (Compared c : all) {
      if (c.point() != Point.OFFLINE || !c.row().engine().startsWith("tensorrt-llm")) {
        continue;
      }
      String model = c.model().id();
      boolean llama4 = model.startsWith("llama-4");
      boolean hopper = c.accelerator().id().startsWith("h100") || c.accelerator().id().startsWith("h200");
      boolean control = llama4 && !hopper && model.startsWith("llama-4-maverick")
          || model.startsWith("qwen3-235b") && hopper;
      if (!(llama4 && hopper) && !control) {
        continue;
      }
      OfflineRunEstimate run = c.offlineRun(MODEL);
      int b = (int) Math.max(1, Math.round(run.meanBatch()));
      long context = c.input() + c.output() / 2;
      InferenceScenario s = c.scenario(MODEL, b);
      PhaseCost step = MODEL.decodeStep(s, context);
      int ranks = c.attentionDp() ? c.tp() : 1;
      double tokensPerExpert =
          (double) b * c.model().moe().expertsPerToken() / c.model().moe().routedExperts();
      double measuredSeconds = (double) run.run().requests() * c.output()
          / (c.metric() == Metric.THROUGHPUT_PER_GPU ? c.row().value() * c.tp() : c.row().value());
      double implied = measuredSeconds / run.iterations();
      double modelled = run.seconds() / run.iterations();
      double error = run.outputTokensPerSecond() / (c.metric() == Metric.THROUGHPUT_PER_GPU
          ? c.row().value() * c.tp() : c.row().value()) - 1;
      double host = s.overheads().hostSecondsPerSequence() * Math.ceil((double) b / ranks);
      OperatorCost experts = step.operators().stream().filter(o -> o.group() == OperatorGroup.ROUTED_EXPERTS)
          .findFirst().orElseThrow();
      double datasheet = c.accelerator().memoryBandwidth().bytesPerSecond();
      // the read fraction at which the experts' bytes alone would take their modelled time plus the gap
      double gap = implied - modelled;
      double closing = experts.bytes() / (experts.seconds() + Math.max(0, gap)) / datasheet;
      sb.append(String.format(Locale.ROOT, "  %s (%s, tp %d, ep %d, attention DP %s, %s experts):%n"
              + "    batch %d (%.0f per rank), ctx %d, %.1f routed tokens per expert; step %.2f ms, host %.2f ms;"
              + " run iteration %.2f ms modelled vs %.2f implied (gap %+.2f ms); error %+.1f%%;"
              + " experts %.1f GB in %.2f ms (%.2f of datasheet), %.2f of datasheet would close the gap%n",
          c.row().id(), c.accelerator().id(), c.tp(), c.ep(), c.attentionDp(), c.weights().weightType(), b,
          (double) b / ranks, context, tokensPerExpert, step.seconds() * 1e3, host * 1e3, modelled * 1e3,
          implied * 1e3, gap * 1e3, error * 100, experts.bytes() / 1e9, experts.seconds() * 1e3,
          experts.bytes() / experts.seconds() / datasheet, closing));
      appendOperators(sb, step, c.row().id());
      if (llama4 && hopper && c.weights().weightType() == DType.FP8_E4M3) {
        hopperLlama4++;
        // every Llama 4 FP8 Hopper row is still predicted too fast per iteration (s15h: no sourced term closes it)
        assertThat(modelled).as(c.row().id()).isLessThan(implied);
      }
    }
    System.out.println(sb);
    assertThat(hopperLlama4).isEqualTo(14);
  }

  /**
   * Appends one line per operator group of {@code step} that takes time (seconds, share, compute and memory seconds,
   * GFLOP, MB) and asserts that the groups sum to the step (shared with {@link Llama4Mi300xCookbookStepTest}).
   */
  static void appendOperators(StringBuilder sb, PhaseCost step, String id) {
    double sum = 0;
    for (OperatorCost o : step.operators()) {
      sum += o.seconds();
      if (o.seconds() <= 0) {
        continue;
      }
      sb.append(String.format(Locale.ROOT, "      %-18s %8.3f ms (%4.1f%%)  compute %8.3f  memory %8.3f"
              + "  %10.1f GFLOP  %9.1f MB%n", o.group().name().toLowerCase(Locale.ROOT), o.seconds() * 1e3,
          100 * o.seconds() / step.seconds(), o.computeSeconds() * 1e3, o.memorySeconds() * 1e3, o.flops() / 1e9,
          o.bytes() / 1e6));
    }
    assertThat(sum).as(id).isCloseTo(step.seconds(), org.assertj.core.api.Assertions.within(step.seconds() * 1e-9));
  }
}
