package dev.llmcost.costmodel.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.costmodel.inference.MultiSourceInferenceValidationTest.Compared;
import dev.llmcost.costmodel.internal.inference.CustomAllReduce;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * s24b, printed: the modelled decode step of the SGLang cookbook's 8 × B200 TP 8 rows (sglang-cookbook-2026, s23g:
 * Qwen3-235B-A22B-Instruct-2507 bf16 under SGLang 0.5.6 and DeepSeek-R1-0528 FP8 under 0.5.6.post1, both launched
 * with {@code --tp 8} only) broken into its operator groups at the row's concurrency and the mean context of a
 * decoding sequence (input + output / 2), beside the row's measured mean TPOT, with the time per layer that the
 * measured TPOT leaves once the modelled roofline work is taken off (s22f's reading) and what published B200
 * all-reduce kernel times would leave of the model's surplus. A reading of the rows, not a model input; the groups
 * sum to the step (inference-multi-source.md, s24b). Since s24i the model itself prices these rows' decode
 * all-reduces at PR 7621's one-stage time ({@link CustomAllReduce}); the ring's price is printed as a what-if.
 */
class Qwen3B200DecodeStepBreakdownTest {

  private static final InferenceCostModel MODEL = InferenceCostModel.calibrated();

  /**
   * Published per-call times on 8 × B200 of the all-reduce an SGLang decode layer runs, in seconds. sgl-project/sglang
   * PR 7621 "[b200] support trt-llm allreduce fuse rms_norm_add kernel" (BBuf, 2025-06-28, merged; nsys of DeepSeek-R1
   * FP4 TP 8 decode with EAGLE, message size not stated): the custom all-reduce followed by the separate fused
   * add + RMSNorm 13.5 µs, the one-shot all-reduce fused with them (FlashInfer / TensorRT-LLM kernel) 8.7 µs.
   */
  static final double PR7621_UNFUSED_SECONDS = 13.5e-6;

  static final double PR7621_FUSED_SECONDS = 8.7e-6;

  @Test
  void cookbookB200DecodeStepIsPrinted() {
    List<Compared> all = MultiSourceInferenceValidationTest.map(
        MultiSourceInferenceValidationTest.read("inference-multi-source.csv")).compared();
    StringBuilder sb = new StringBuilder("s24b: SGLang cookbook 8 x B200 TP 8, modelled decode step by operator group"
        + " (per step and per layer) against the measured mean TPOT\n");
    int qwenSmallBatch = 0;
    for (Compared c : all) {
      if (!c.row().id().startsWith("sgc26-b200-") || c.metric() != MultiSourceInferenceValidationTest.Metric.TPOT) {
        continue;
      }
      int batch = Integer.parseInt(c.row().concurrency());
      long context = c.input() + c.output() / 2;
      InferenceScenario s = c.scenario(MODEL, batch);
      PhaseCost step = MODEL.decodeStep(s, context);
      int layers = s.model().layers();
      double measured = c.row().value();
      sb.append(String.format(Locale.ROOT, "  %s (%s, %s, batch %d, ctx %d, %d layers): step %.2f ms vs measured TPOT"
          + " %.2f ms (%+.1f%%)%n", c.row().id(), c.model().id(), c.row().engineVersion(), batch, context, layers,
          step.seconds() * 1e3, measured * 1e3, 100 * (step.seconds() / measured - 1)));
      double sum = 0;
      double allReduce = 0;
      double overhead = 0;
      double volume = 0;
      for (OperatorCost o : step.operators()) {
        sum += o.seconds();
        allReduce += o.group() == OperatorGroup.TP_ALL_REDUCE ? o.seconds() : 0;
        overhead += o.group() == OperatorGroup.OVERHEAD ? o.seconds() : 0;
        volume += o.group() == OperatorGroup.TP_ALL_REDUCE ? o.bytes() : 0;
        if (o.seconds() > 0) {
          sb.append(String.format(Locale.ROOT, "    %-18s %7.3f ms %7.1f us/layer  compute %7.3f  memory %7.3f ms"
              + "  %8.2f GFLOP  %8.1f MB%n", o.group(), o.seconds() * 1e3, o.seconds() / layers * 1e6,
              o.computeSeconds() * 1e3, o.memorySeconds() * 1e3, o.flops() / 1e9, o.bytes() / 1e6));
        }
      }
      assertThat(sum).as(c.row().id()).isCloseTo(step.seconds(), within(1e-9));
      double rest = step.seconds() - allReduce - overhead;
      double left = (measured - rest) / layers;
      double charged = (allReduce + overhead) / layers;
      // what the measured step leaves per all-reduce if the fitted per-layer overhead stays (s22f's first reading)
      double perCall = (left - overhead / layers) / 2;
      // s24i: the latency part of each modelled all-reduce (CustomAllReduce: the one-stage kernel's 13.5 µs below
      // 256 KiB on Blackwell TP 8, else the ring's 2(tp − 1) steps) and the ring's volume term the model adds to it
      double ringLatency = 2.0 * (c.tp() - 1) * MODEL.profile(c.accelerator()).collectiveLatencySeconds();
      double message = (double) batch * s.model().hidden() * 2;
      double latencyPart = CustomAllReduce.latencySeconds(
          CustomAllReduce.applies(c.accelerator(), c.tp()), message, ringLatency);
      double volumeTerm = allReduce - 2.0 * layers * latencyPart;
      sb.append(String.format(Locale.ROOT, "    per layer the measured TPOT less the rest (%.2f ms) leaves %.1f us;"
          + " the model charges %.1f us (overhead %.1f + two all-reduces %.1f, each %.1f us latency (%s, %.0f KiB)"
          + " + volume); surplus %.1f us a layer (%.2f ms a step); with the overhead kept, %.1f us per all-reduce%n",
          rest * 1e3, left * 1e6, charged * 1e6, overhead / layers * 1e6, allReduce / layers * 1e6, latencyPart * 1e6,
          latencyPart == ringLatency ? "ring" : "custom one-stage", message / 1024, (charged - left) * 1e6,
          (charged - left) * layers * 1e3, perCall * 1e6));
      // what-ifs, not the model: the latency part at the ring's 2(tp − 1) steps (the model before s24i) and at PR
      // 7621's fused kernel; the volume term kept
      double ringSurplus = 0;
      for (double t : new double[] {ringLatency, PR7621_FUSED_SECONDS}) {
        double what = step.seconds() - allReduce + volumeTerm + 2.0 * layers * t;
        if (t == ringLatency) {
          ringSurplus = (what - step.seconds()) / layers + (charged - left);
        }
        sb.append(String.format(Locale.ROOT, "    what-if: all-reduce latency %.1f us a call (%s) + the volume term"
            + " %.3f ms: step %.2f ms (%+.1f%%)%n", t * 1e6, t == ringLatency ? "the ring's 14 steps, before s24i"
            : "PR 7621 fused, B200 TP 8", volumeTerm * 1e3, what * 1e3, 100 * (what / measured - 1)));
      }
      if (c.model().id().startsWith("qwen3-235b") && batch <= 16) {
        qwenSmallBatch++;
        // s24b's reading, independent of the TP pricing: at concurrency 1-16 the Qwen3-235B rows leave 60-110 µs a
        // layer beyond the roofline work
        assertThat(left * 1e6).as(c.row().id() + " left per layer, us").isBetween(60.0, 110.0);
        // s24i: these decode messages (8-128 KiB) run the one-stage custom kernel at PR 7621's time
        assertThat(latencyPart).as(c.row().id()).isEqualTo(PR7621_UNFUSED_SECONDS);
        assertThat(volumeTerm / (2.0 * layers) * 1e6).as(c.row().id() + " volume per call, us").isBetween(0.0, 1.0);
        // with the ring (before s24i) the model charged 55-100 µs a layer more than the rows leave; with the custom
        // kernel's time the surplus is within -10..+25 µs a layer (s24i, measured -3.8..+20.8)
        assertThat(ringSurplus * 1e6).as(c.row().id() + " ring surplus per layer, us").isBetween(55.0, 100.0);
        assertThat((charged - left) * 1e6).as(c.row().id() + " surplus per layer, us").isBetween(-10.0, 25.0);
      }
    }
    System.out.println(sb);
    assertThat(qwenSmallBatch).isEqualTo(6);
  }
}
