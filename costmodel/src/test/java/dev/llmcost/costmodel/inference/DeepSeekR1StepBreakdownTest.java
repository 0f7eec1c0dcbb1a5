package dev.llmcost.costmodel.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.costmodel.inference.MultiSourceInferenceValidationTest.Compared;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * s14g, printed: the modelled decode step of the DeepSeek-R1 rows served by TensorRT-LLM on Blackwell (MLPerf v5.1
 * B200 x8 and GB200 NVL72, attention DP 8 + EP 8, NVFP4 experts, FP8 KV cache; the TensorRT-LLM DeepSeek-R1
 * blog's B200 max-throughput rows) broken into its operator groups at the batch the measured run held, so that each
 * component can be set against a published kernel measurement. The groups sum to the step.
 */
class DeepSeekR1StepBreakdownTest {

  private static final InferenceCostModel MODEL = InferenceCostModel.calibrated();

  @Test
  void decodeStepBreakdownIsPrinted() {
    List<Compared> all = MultiSourceInferenceValidationTest.map(
        MultiSourceInferenceValidationTest.read("inference-multi-source.csv")).compared();
    StringBuilder sb = new StringBuilder("s14g: DeepSeek-R1 on Blackwell, modelled decode step by operator group\n");
    for (Compared c : all) {
      if (!c.model().id().toLowerCase(Locale.ROOT).contains("deepseek")
          || !c.accelerator().id().startsWith("b200") && !c.accelerator().id().startsWith("gb200")) {
        continue;
      }
      if (c.metric() == MultiSourceInferenceValidationTest.Metric.TPOT) {
        continue;
      }
      int batch;
      double measuredStep = Double.NaN;
      if (MlperfServingRun.applies(c) && c.metric() == MultiSourceInferenceValidationTest.Metric.TTFT) {
        Compared tpot = all.stream().filter(o -> MlperfServingRun.applies(o)
            && o.metric() == MultiSourceInferenceValidationTest.Metric.TPOT
            && MlperfServingRun.key(o).equals(MlperfServingRun.key(c))).findFirst().orElseThrow();
        double inFlight = c.rate() * (c.row().value() + (c.output() - 1) * tpot.row().value());
        batch = (int) Math.max(1, Math.round(inFlight));
        measuredStep = tpot.row().value();
      } else if (c.batch() > 0) {
        batch = c.batch();
      } else {
        continue;
      }
      long context = c.input() + c.output() / 2;
      PhaseCost step = MODEL.decodeStep(c.scenario(MODEL, batch), context);
      sb.append(String.format(Locale.ROOT, "  %s (%s, batch %d = %.0f per rank, ctx %d, %s, %s): step %.2f ms%s%n",
          c.row().id(), c.accelerator().id(), batch, (double) batch / (c.attentionDp() ? c.tp() : 1), context,
          c.communication(), c.attention(), step.seconds() * 1e3,
          Double.isNaN(measuredStep) ? "" : String.format(Locale.ROOT, " vs measured TPOT %.2f ms", measuredStep * 1e3)));
      double sum = appendOperators(sb, step);
      assertThat(sum).as(c.row().id()).isPositive().isFinite();
      if (MlperfServingRun.applies(c)) {
        printPaddedStep(sb, c, step, batch, context);
      }
      // the prefill of one prompt per rank (chunked context is off in the MLPerf configs: a prompt is one pass)
      int ranks = c.attentionDp() ? c.tp() : 1;
      PhaseCost prefill = MODEL.estimate(c.scenario(MODEL, ranks)).prefill();
      sb.append(String.format(Locale.ROOT, "    prefill of one %d-token prompt per rank: %.2f ms%n", c.input(),
          prefill.seconds() * 1e3));
      for (OperatorCost o : prefill.operators()) {
        if (o.seconds() > 0) {
          sb.append(String.format(Locale.ROOT, "      %-20s %8.3f ms  compute %8.3f ms  memory %8.3f ms%n", o.group(),
              o.seconds() * 1e3, o.computeSeconds() * 1e3, o.memorySeconds() * 1e3));
        }
      }
      for (String a : MODEL.estimate(c.scenario(MODEL, batch)).assumptions()) {
        if (a.startsWith("routed experts' NVFP4") || a.startsWith("latent-attention decode")) {
          sb.append("      assumption: ").append(a).append('\n');
        }
      }
    }
    System.out.println(sb);
  }

  /**
   * s21g, printed: the modelled decode step of the InferenceX DeepSeek-R1-0528 rows on NVIDIA at small concurrency
   * (pure tensor parallelism, no attention DP; inferencex-2026, s21d) by operator group, at the row's concurrency and
   * the mean context of a decoding sequence (input + output / 2), against the row's measured mean TPOT.
   */
  @Test
  void inferenceXSmallBatchDecodeStepBreakdownIsPrinted() {
    List<Compared> all = MultiSourceInferenceValidationTest.map(
        MultiSourceInferenceValidationTest.read("inference-multi-source.csv")).compared();
    StringBuilder sb = new StringBuilder("s21g: InferenceX DeepSeek-R1 on NVIDIA (pure TP), modelled decode step by"
        + " operator group\n");
    for (Compared c : all) {
      if (!c.row().id().startsWith("ix26-") || c.metric() != MultiSourceInferenceValidationTest.Metric.TPOT
          || c.accelerator().id().startsWith("mi") || c.batch() > 64) {
        continue;
      }
      long context = c.input() + c.output() / 2;
      PhaseCost step = MODEL.decodeStep(c.scenario(MODEL, c.batch()), context);
      sb.append(String.format(Locale.ROOT, "  %s (%s, tp %d, batch %d, ctx %d, %s, %s): step %.2f ms vs measured"
          + " TPOT %.2f ms (%+.1f%%)%n", c.row().id(), c.accelerator().id(), c.tp(), c.batch(), context,
          c.communication(), c.attention(), step.seconds() * 1e3, c.row().value() * 1e3,
          100 * (step.seconds() / c.row().value() - 1)));
      double sum = appendOperators(sb, step);
      assertThat(sum).as(c.row().id()).isPositive().isFinite();
      appendPerLayerResidual(sb, c, step);
      for (String a : MODEL.estimate(c.scenario(MODEL, c.batch())).assumptions()) {
        if (a.startsWith("routed experts") || a.startsWith("latent-attention decode") || a.contains("all-reduce")
            || a.contains("per-layer") || a.contains("host")) {
          sb.append("      assumption: ").append(a).append('\n');
        }
      }
    }
    System.out.println(sb);
  }

  /**
   * s22f: the time per layer that the measured TPOT leaves once the modelled roofline work (every group but the
   * tensor-parallel all-reduce and the per-layer overhead) is taken off, {@code (TPOT − rest) / layers}, against what
   * the model charges per layer for those two, {@code (TP_ALL_REDUCE + OVERHEAD) / layers}. It is a reading of the
   * row, not a model input: at batch 1-4, where the rest is 1-5 ms, it is what the engine spends per layer beyond
   * the roofline (launch gaps, the fixed time of small kernels, its own all-reduces; inference-multi-source.md,
   * s22f).
   */
  private static void appendPerLayerResidual(StringBuilder sb, Compared c, PhaseCost step) {
    double allReduce = 0;
    double overhead = 0;
    for (OperatorCost o : step.operators()) {
      allReduce += o.group() == OperatorGroup.TP_ALL_REDUCE ? o.seconds() : 0;
      overhead += o.group() == OperatorGroup.OVERHEAD ? o.seconds() : 0;
    }
    int layers = c.scenario(MODEL, c.batch()).model().layers();
    double rest = step.seconds() - allReduce - overhead;
    sb.append(String.format(Locale.ROOT, "    s22f: per layer, the measured TPOT less the rest (%.2f ms) leaves %.1f µs;"
        + " the model charges %.1f µs (overhead %.1f + all-reduce %.1f) over %d layers%n", rest * 1e3,
        (c.row().value() - rest) / layers * 1e6, (allReduce + overhead) / layers * 1e6, overhead / layers * 1e6,
        allReduce / layers * 1e6, layers));
  }

  /**
   * s22b, printed: the modelled prefill of one prompt of the InferenceX DeepSeek-R1-0528 TTFT rows (pure TP, SGLang
   * and TensorRT-LLM; inferencex-2026, s21d) at the rows' mean input lengths 922 and 7,373 tokens, by operator group,
   * and the time per input token between the two (the slope s21h set against the measured TTFT pairs). One line per
   * (accelerator, engine, precision, TP); the groups sum to the pass.
   */
  @Test
  void inferenceXPrefillBreakdownIsPrinted() {
    List<Compared> all = MultiSourceInferenceValidationTest.map(
        MultiSourceInferenceValidationTest.read("inference-multi-source.csv")).compared();
    StringBuilder sb = new StringBuilder("s22b: InferenceX DeepSeek-R1 (pure TP), modelled prefill of one prompt by"
        + " operator group\n");
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Compared c : all) {
      if (!c.row().id().startsWith("ix26-") || c.metric() != MultiSourceInferenceValidationTest.Metric.TTFT
          || c.input() < 7000) {
        continue;
      }
      String key = c.accelerator().id() + "/" + c.row().engine() + "/" + c.row().weights() + "/tp" + c.tp();
      if (!seen.add(key)) {
        continue;
      }
      PhaseCost shortPrompt = MODEL.estimate(c.scenario(MODEL, 1).toBuilder().inputTokens(922).build()).prefill();
      PhaseCost longPrompt = MODEL.estimate(c.scenario(MODEL, 1)).prefill();
      sb.append(String.format(Locale.ROOT, "  %s (%s): prefill 922 tokens %.2f ms, %d tokens %.2f ms; slope %.1f"
          + " us/token%n", key, c.row().id(), shortPrompt.seconds() * 1e3, c.input(), longPrompt.seconds() * 1e3,
          (longPrompt.seconds() - shortPrompt.seconds()) / (c.input() - 922) * 1e6));
      for (OperatorCost o : longPrompt.operators()) {
        double s = 0;
        for (OperatorCost r : shortPrompt.operators()) {
          s += r.group() == o.group() ? r.seconds() : 0;
        }
        if (o.seconds() > 0) {
          sb.append(String.format(Locale.ROOT, "    %-18s 922: %8.3f ms | %d: %8.3f ms  compute %8.3f  memory %8.3f"
              + "  %9.1f GFLOP  %8.1f MB  slope %6.2f us/token%n", o.group(), s * 1e3, c.input(), o.seconds() * 1e3,
              o.computeSeconds() * 1e3, o.memorySeconds() * 1e3, o.flops() / 1e9, o.bytes() / 1e6,
              (o.seconds() - s) / (c.input() - 922) * 1e6));
        }
      }
      for (String a : MODEL.estimate(c.scenario(MODEL, 1)).assumptions()) {
        sb.append("      assumption: ").append(a).append('\n');
      }
    }
    assertThat(seen).isNotEmpty();
    System.out.println(sb);
  }

  /**
   * s22b, printed: an engine-time budget of the AMD InferenceX 8k/1k rows (SGLang, TP 8, prefill apart from decode).
   * In a closed loop the engine is busy with decode steps and prefill passes; with the measured output rate R (tokens
   * per second over the tp GPUs), the request rate is R / output, and the decode steps per second are at least R / C
   * (every step decodes at most C sequences). If the engine never idles, prefill time per request is at most (1 −
   * steps/s × step) / rate. Printed with the modelled decode step at batch C and mean context input + output / 2, next to
   * the modelled prefill of one prompt, and the measured TTFT and TPOT of the row. A reading, not a model input.
   */
  @Test
  void amdEngineTimeBudgetIsPrinted() {
    List<Compared> all = MultiSourceInferenceValidationTest.map(
        MultiSourceInferenceValidationTest.read("inference-multi-source.csv")).compared();
    StringBuilder sb = new StringBuilder("s22b: AMD InferenceX rows, engine time per second (closed loop)\n");
    int n = 0;
    for (Compared c : all) {
      String id = c.row().id();
      if (!id.startsWith("ix26-mi") || !id.endsWith("-output")) {
        continue;
      }
      String base = id.substring(0, id.length() - "-output".length());
      // s23k: the point's published mean TTFT (the compared row is its median since s23k)
      double ttft = InferenceXTtftDistributionTest.meanTtft(base + "-median-ttft");
      double tpot = all.stream().filter(x -> x.row().id().equals(base + "-tpot")).findFirst().orElseThrow().row()
          .value();
      int conc = Integer.parseInt(base.substring(base.lastIndexOf("-c") + 2));
      double tokensPerSecond = c.row().value() * c.tp();
      double requestRate = tokensPerSecond / c.output();
      double stepsPerSecond = tokensPerSecond / conc;
      long context = c.input() + c.output() / 2;
      double step = MODEL.decodeStep(c.scenario(MODEL, conc), context).seconds();
      double prefill = MODEL.estimate(c.scenario(MODEL, 1)).prefill().seconds();
      double bound = (1 - stepsPerSecond * step) / requestRate;
      sb.append(String.format(Locale.ROOT, "  %s: %.0f tok/s, %.3f req/s, >= %.1f decode steps/s x modelled step"
          + " %.1f ms (batch %d, ctx %d) = %.2f s/s; prefill per request <= %.3f s (modelled one prompt %.3f s);"
          + " measured TTFT %.3f s, TPOT %.1f ms (1 / steps %.1f ms)%n", base, tokensPerSecond, requestRate,
          stepsPerSecond, step * 1e3, conc, context, stepsPerSecond * step, bound, prefill, ttft, tpot * 1e3,
          1e3 / stepsPerSecond));
      assertThat(requestRate).as(id).isPositive();
      n++;
    }
    System.out.println(sb);
    assertThat(n).isEqualTo(18);
  }

  /** Appends one line per operator group of the step (time, share, compute, memory, work) and returns their sum. */
  private static double appendOperators(StringBuilder sb, PhaseCost step) {
    double sum = 0;
    for (OperatorCost o : step.operators()) {
      sum += o.seconds();
      if (o.seconds() <= 0) {
        continue;
      }
      sb.append(String.format(Locale.ROOT, "    %-20s %8.3f ms (%4.1f%%)  compute %8.3f ms  memory %8.3f ms"
          + "  %9.2f GFLOP  %9.1f MB%n", o.group(), o.seconds() * 1e3, 100 * o.seconds() / step.seconds(),
          o.computeSeconds() * 1e3, o.memorySeconds() * 1e3, o.flops() / 1e9, o.bytes() / 1e6));
    }
    return sum;
  }

  /**
   * s16b: the same step as the harness runs it with CUDA graphs padded ({@link MlperfServingRun#CUDA_GRAPHS}): every
   * rank at the smallest captured size at least its batch, the attention over the real sequences. Printed at the
   * measured batch, and at the mean running batch per rank of the simulator's run at the model's own operating point.
   */
  private static void printPaddedStep(StringBuilder sb, Compared c, PhaseCost real, int batch, long context) {
    String k = MlperfServingRun.key(c).orElseThrow();
    java.util.List<Integer> sizes = MlperfServingRun.CUDA_GRAPHS.getOrDefault(k, java.util.List.of());
    int ranks = c.attentionDp() ? c.tp() : 1;
    SimulationResultLine op = operatingPoint(c);
    sb.append(String.format(Locale.ROOT, "    s16b: CUDA graphs %s per rank; the simulator's operating point %.3f"
        + " req/s:"
        + " mean %.0f running (%.0f per rank) over %d steps%n", sizes, op.rate, op.running,
        op.running / ranks, op.steps));
    for (int perRank : new int[] {(batch + ranks - 1) / ranks, (int) Math.round(op.running / ranks)}) {
      int graph = perRank;
      for (int b : sizes) {
        if (b >= perRank) {
          graph = b;
          break;
        }
      }
      PhaseCost at = perRank * ranks == batch ? real : MODEL.decodeStep(c.scenario(MODEL, perRank * ranks), context);
      PhaseCost padded = MODEL.decodeStep(c.scenario(MODEL, graph * ranks), context);
      double attentionReal = 0;
      double attentionPadded = 0;
      for (OperatorCost o : at.operators()) {
        attentionReal += o.group() == OperatorGroup.ATTENTION ? o.seconds() : 0;
      }
      for (OperatorCost o : padded.operators()) {
        attentionPadded += o.group() == OperatorGroup.ATTENTION ? o.seconds() : 0;
      }
      double total = padded.seconds() - attentionPadded + attentionReal;
      sb.append(String.format(Locale.ROOT, "      %d per rank padded to %d: step %.2f -> %.2f ms (%+.1f%%)%n", perRank,
          graph, at.seconds() * 1e3, total * 1e3, 100 * (total / at.seconds() - 1)));
      for (OperatorCost o : padded.operators()) {
        double before = 0;
        for (OperatorCost r : at.operators()) {
          before += r.group() == o.group() ? r.seconds() : 0;
        }
        double after = o.group() == OperatorGroup.ATTENTION ? attentionReal : o.seconds();
        if (after > 0 || before > 0) {
          sb.append(String.format(Locale.ROOT, "        %-20s %8.3f -> %8.3f ms%n", o.group(), before * 1e3,
              after * 1e3));
        }
      }
    }
  }

  private record SimulationResultLine(double rate, double running, long steps) {}

  private static SimulationResultLine operatingPoint(Compared c) {
    dev.llmcost.costmodel.serving.SimulationResult r = MlperfServingRun.atOperatingPoint(c, MODEL);
    double running = r.series().stream().mapToInt(dev.llmcost.costmodel.serving.OccupancySample::running).average()
        .orElse(0);
    // the search's rate (the arrivals), not the run's completions over its drain
    return new SimulationResultLine(MlperfServingRun.capacity(c, MODEL).maxRequestsPerSecond(), running, r.steps());
  }
}
