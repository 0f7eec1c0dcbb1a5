package dev.llmcost.costmodel.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.costmodel.inference.MultiSourceInferenceValidationTest.Compared;
import dev.llmcost.costmodel.internal.inference.Roofline;
import dev.llmcost.costmodel.internal.inference.ServingConfig;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * s18d, printed: the modelled step of the MLPerf Inference v5.1 B200 x8 Llama 3.1 8B engine (one instance of tp 1,
 * NVFP4 weights, FP8 KV cache, TensorRT engine under the C++ executor) broken into {@link Roofline#forward}'s
 * operator groups, each with its compute and memory time, FLOPs and bytes, at the loads the runs served: the Server
 * and Interactive runs' decoding sequences and the prompt tokens that arrive per measured step (Little's law on the
 * logs' means, as {@code MlperfServingRunTest.decodeStepAtTheMeasuredBatchIsPrinted}), the model's own Server
 * operating point, and a step that fills the Offline configuration's 12,000-token budget in the proportion of the
 * dataset's mean prompt (871) and output (129). The groups sum to the step; the host side charged is printed beside
 * it (the C++ executor's rows carry the calibrated per-layer overhead and no host time per sequence:
 * inference-multi-source.md, s18d).
 */
class Llama8bMlperfStepBreakdownTest {

  private static final InferenceCostModel MODEL = InferenceCostModel.calibrated();

  private static final String[] GROUPS = {"qkv", "attention", "out", "mlp", "experts", "elementwise", "head",
      "all-reduce", "pipeline", "overhead", "all-to-all", "recurrent"};

  @Test
  void stepByOperatorGroupIsPrinted() {
    List<Compared> all = MultiSourceInferenceValidationTest.map(
        MultiSourceInferenceValidationTest.read("inference-multi-source.csv")).compared();
    Compared server = find(all, "mlp51-nvidia-b200-sxm-180gbx8_trt-llama3.1-8b-server-ttft");
    Compared serverTpot = find(all, "mlp51-nvidia-b200-sxm-180gbx8_trt-llama3.1-8b-server-tpot");
    Compared interactive = find(all, "mlp51-nvidia-b200-sxm-180gbx8_trt-llama3.1-8b-interactive-ttft");
    Compared interactiveTpot = find(all, "mlp51-nvidia-b200-sxm-180gbx8_trt-llama3.1-8b-interactive-tpot");
    InferenceScenario s = server.scenario(MODEL, 1);
    Roofline r = new ServingConfig(s, MODEL.calibration(), MODEL.profile(s.accelerator()), s.model().parameterCounts())
        .roofline();
    int prompt = server.input();
    long context = server.input() + server.output() / 2;
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "s18d: MLPerf v5.1 B200 Llama 3.1 8B (tp 1, %s"
        + " weights, %s KV), modelled step by operator group, ms; prompt %d tokens, decode context %d; overheads"
        + " charged: %.1f µs per layer x %.0f layers, %.1f µs per step, host %.1f µs per sequence%n",
        s.weights().weightType(), s.kvCache(), prompt, context, s.overheads().perLayerSeconds() * 1e6,
        r.stageLayers(), s.overheads().perStepSeconds() * 1e6, s.overheads().hostSecondsPerSequence() * 1e6));
    dev.llmcost.costmodel.serving.SimulationResult op = MlperfServingRun.atOperatingPoint(server, MODEL);
    // the model's run at its operating point: its mean running sequences and every prompt token over its steps
    double running = op.series().stream().mapToInt(dev.llmcost.costmodel.serving.OccupancySample::running)
        .average().orElse(0);
    double promptPerStep = op.requests() * op.simulation().input().mean() / op.steps();
    double[][] loads = {
        load(server, serverTpot), load(interactive, interactiveTpot),
        {running, promptPerStep, op.tpot().mean()},
        // the Offline budget filled in the proportion of the mean prompt to the mean output
        {12000.0 * server.output() / (server.input() + server.output()),
            12000.0 * server.input() / (server.input() + server.output()), Double.NaN}};
    String[] names = {"Server, measured (log)", "Interactive, measured (log)", "Server, model's operating point",
        "Offline budget (12,000 tokens)"};
    for (int i = 0; i < loads.length; i++) {
      double decode = loads[i][0];
      double tokens = loads[i][1];
      double[] out = new double[Roofline.GROUPS * Roofline.SLOTS];
      double step = r.forward(decode, context, tokens / prompt, prompt, out, true);
      sb.append(String.format(Locale.ROOT, "  %-33s %6.0f decoding + %6.0f prompt tokens: step %7.3f ms%s%n",
          names[i], decode, tokens, step * 1e3, Double.isNaN(loads[i][2]) ? ""
              : String.format(Locale.ROOT, " vs the run's mean TPOT %.1f ms", loads[i][2] * 1e3)));
      double sum = 0;
      for (int g = 0; g < Roofline.GROUPS; g++) {
        double t = out[g * Roofline.SLOTS + Roofline.S_TIME];
        sum += t;
        if (t <= 0) {
          continue;
        }
        double flops = out[g * Roofline.SLOTS + Roofline.S_FLOPS];
        sb.append(String.format(Locale.ROOT, "      %-12s %8.3f (%4.1f%%)  compute %8.3f  memory %8.3f  %9.1f GFLOP"
            + "  %9.1f MB  %6.0f TFLOP/s%n", GROUPS[g], t * 1e3, 100 * t / step,
            out[g * Roofline.SLOTS + Roofline.S_COMPUTE] * 1e3, out[g * Roofline.SLOTS + Roofline.S_MEMORY] * 1e3,
            flops / 1e9, out[g * Roofline.SLOTS + Roofline.S_BYTES] / 1e6, flops / t / 1e12));
      }
      assertThat(sum).as(names[i]).isCloseTo(step, org.assertj.core.api.Assertions.within(step * 1e-9));
      assertThat(step).as(names[i]).isPositive();
    }
    System.out.println(sb);
  }

  /** Decoding sequences and prompt tokens per measured step of a run (Little's law on the log's means), its TPOT. */
  private static double[] load(Compared ttft, Compared tpot) {
    double inFlight = ttft.rate() * (ttft.row().value() + (ttft.output() - 1) * tpot.row().value());
    double decoding = ttft.rate() * (ttft.output() - 1) * tpot.row().value();
    assertThat(decoding).isLessThan(inFlight);
    return new double[] {decoding, ttft.rate() * ttft.input() * tpot.row().value(), tpot.row().value()};
  }

  private static Compared find(List<Compared> all, String id) {
    return all.stream().filter(c -> c.row().id().equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError("no compared row " + id));
  }
}
