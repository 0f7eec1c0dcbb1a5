package dev.llmcost.costmodel.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.costmodel.inference.MultiSourceInferenceValidationTest.Compared;
import dev.llmcost.costmodel.internal.inference.Roofline;
import dev.llmcost.costmodel.internal.inference.ServingConfig;
import dev.llmcost.costmodel.serving.OccupancySample;
import dev.llmcost.costmodel.serving.SimulationResult;
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

  /**
   * s20d, printed: the composition of the simulated steps of the Server and Interactive runs, from the simulator's
   * own counts (not a roofline at averaged loads): the requests' prompt tokens and their decode tokens (every output
   * token after the first comes from a decode step; the first from the step that completes the prompt) over the run's
   * steps, the mean step (the engine's busy time over its steps), the mean running and waiting requests, the mean and
   * P99 TTFT and TPOT. Four runs per scenario: the model's MLPerf operating point (the compared run, s14a), the model at
   * the submitter's {@code target_qps ÷ 8} (s13m), the same rate with a serial host time per step chosen so that the
   * mean TPOT equals the log's (a diagnostic what-if, {@link MlperfServingRun#runWithHostStep}; no row is mapped with
   * it) with that what-if's own operating point (its rate search under loadgen's limits), and the log itself (Little's law on its means: decoding = rate × (output − 1) × TPOT, prompt tokens per step
   * = rate × input × TPOT, waiting or prefilling = rate × TTFT).
   */
  @Test
  void simulatedStepCompositionIsPrinted() {
    List<Compared> all = MultiSourceInferenceValidationTest.map(
        MultiSourceInferenceValidationTest.read("inference-multi-source.csv")).compared();
    StringBuilder sb = new StringBuilder("s20d: MLPerf v5.1 B200 Llama 3.1 8B, simulated step composition per"
        + " instance (one GPU, tp 1; limits 6,000 sequences / 12,000 tokens a step)\n");
    for (String scenario : new String[] {"server", "interactive"}) {
      String id = "mlp51-nvidia-b200-sxm-180gbx8_trt-llama3.1-8b-" + scenario;
      Compared ttft = find(all, id + "-ttft");
      Compared tpot = find(all, id + "-tpot");
      double measuredTtft = ttft.row().value();
      double measuredTpot = tpot.row().value();
      SimulationResult op = MlperfServingRun.atOperatingPoint(ttft, MODEL);
      SimulationResult target = MlperfServingRun.run(ttft, MODEL);
      // the what-if: bisect the host time per step that brings the mean TPOT at target_qps / 8 to the log's
      double lo = 0;
      double hi = 0.05;
      for (int i = 0; i < 14; i++) {
        double mid = (lo + hi) / 2;
        if (MlperfServingRun.runWithHostStep(ttft, MODEL, ttft.rate(), mid).tpot().mean() < measuredTpot) {
          lo = mid;
        } else {
          hi = mid;
        }
      }
      double host = (lo + hi) / 2;
      SimulationResult slowed = MlperfServingRun.runWithHostStep(ttft, MODEL, ttft.rate(), host);
      sb.append(String.format(Locale.ROOT, "  %s (log: TTFT %.4f s, TPOT %.4f s; loadgen limits P99 TTFT %.3f s,"
          + " P99 TPOT %.3f s)%n", scenario, measuredTtft, measuredTpot,
          MlperfServingRun.objectives(ttft).ttftSeconds(), MlperfServingRun.objectives(ttft).tpotSeconds()));
      sb.append(row("model, its MLPerf operating point (compared)", op, ttft, measuredTtft, measuredTpot));
      sb.append(row("model, at target_qps / 8", target, ttft, measuredTtft, measuredTpot));
      sb.append(row(String.format(Locale.ROOT, "what-if: + %.2f ms host per step", host * 1e3), slowed, ttft,
          measuredTtft, measuredTpot));
      // the same what-if's rate search: the operating point of an engine whose step is the log's at the measured load
      dev.llmcost.costmodel.serving.DeploymentRate slowedSearch =
          MlperfServingRun.capacityWithHostStep(ttft, MODEL, host);
      SimulationResult slowedOp = slowedSearch.atMax().orElseThrow();
      sb.append(row(String.format(Locale.ROOT, "what-if: its operating point (%.3f x target)",
          slowedSearch.maxRequestsPerSecond() / ttft.rate()), slowedOp, ttft, measuredTtft, measuredTpot));
      double[] log = load(ttft, tpot);
      sb.append(String.format(Locale.ROOT, "    %-44s %7.2f req/s: step %6.2f ms = %6.0f decode + %6.0f prompt"
          + " tokens (budget left %6.0f); running %6.0f, waiting or prefilling %5.0f; TTFT %.4f s (%4.1f steps),"
          + " TPOT %.4f s%n", "log (Little's law on its means)", ttft.rate(), measuredTpot * 1e3, log[0], log[1],
          12000 - log[0] - log[1], log[0], ttft.rate() * measuredTtft, measuredTtft, measuredTtft / measuredTpot,
          measuredTpot));
      assertThat(slowed.tpot().mean()).as(id).isCloseTo(measuredTpot, org.assertj.core.api.Assertions.within(
          measuredTpot * 0.01));
      assertThat(op.requests()).as(id).isPositive();
    }
    System.out.println(sb);
  }

  /**
   * s20d: the v5.1 Llama 3.1 8B runs of other submitters on B200-SXM-180GB x8 whose engine configuration is NVIDIA's
   * own, file for file ({@code closed/<submitter>/configs/<system>/<Server|Interactive>/llama3_1-8b.py} equal to
   * {@code closed/NVIDIA/configs/B200-SXM-180GBx8/...} but for {@code server_target_qps}; every one builds TensorRT-LLM
   * 18c0333e96ea7a2c37caded8a310d05c5f095e88, {@code closed/<submitter>/Makefile.build}), with the host CPU of {@code
   * closed/<submitter>/systems/<system>.json}, read at mlcommons/inference_results_v5.1 @
   * 965182b03376a00fcae415c54e560e1c83937932 from {@code closed/<submitter>/results/<system>/llama3.1-8b/<scenario>/
   * performance/run_1/mlperf_log_summary.txt}: scheduled samples per second of the 8 GPUs, mean first-token latency
   * and mean time per output token (ns). Every run's output is 129 tokens (completed tokens ÷ samples per second).
   */
  private static final Object[][] IDENTICAL_CONFIG_RUNS = {
      {"NVIDIA B200-SXM-180GBx8_TRT (Xeon 8570)", "server", 999.47, 586773623L, 28482625L},
      {"GigaComputing G894-SD1_B200-SXM-180GBx8_TRT (Xeon 6745P)", "server", 999.47, 83029155L, 27205524L},
      {"Lenovo SR780a_V3_B200SXMx8_TRT (Xeon 8568Y+)", "server", 999.47, 119761993L, 23888819L},
      {"Dell XE9685L_B200_SXM_180GBx8_TRT (EPYC 9965)", "server", 999.47, 278366715L, 19704765L},
      {"Supermicro AS-4126GS-NBR-LCC_B200-SXM-180GBx8_TRT (EPYC 9575F)", "server", 999.47, 328370310L, 20299771L},
      {"Dell XE9680L_B200_SXM_180GBx8_TRT (Xeon 8562Y+)", "server", 999.47, 512507480L, 27030180L},
      {"NVIDIA B200-SXM-180GBx8_TRT (Xeon 8570)", "interactive", 798.75, 113398388L, 23388168L},
      {"GigaComputing G894-SD1_B200-SXM-180GBx8_TRT (Xeon 6745P)", "interactive", 798.75, 39109818L, 16771402L},
      {"Dell XE9680L_B200_SXM_180GBx8_TRT (Xeon 8562Y+)", "interactive", 798.75, 106876967L, 23714872L},
      {"Supermicro AS-4126GS-NBR-LCC_B200-SXM-180GBx8_TRT (EPYC 9575F)", "interactive", 949.09, 102416190L,
          21274784L}};

  /**
   * s20d, printed: the runs of {@link #IDENTICAL_CONFIG_RUNS}, the same engine configuration, TensorRT-LLM build and GPU
   * at (nearly) the same rate, against the model: its roofline step at each run's load (Little's law on the log's means,
   * as {@link #load}) against the run's mean TPOT, and the simulated run (limits, input mix and length of the compared
   * row) at the run's rate per GPU. The spread between these runs is what the model, which sees only the GPU and the
   * configuration, cannot tell apart.
   */
  @Test
  void identicalConfigurationRunsOfOtherSubmittersArePrinted() {
    List<Compared> all = MultiSourceInferenceValidationTest.map(
        MultiSourceInferenceValidationTest.read("inference-multi-source.csv")).compared();
    StringBuilder sb = new StringBuilder("s20d: MLPerf v5.1 Llama 3.1 8B on B200 x8 with NVIDIA's engine configuration,"
        + " by submitter (per GPU; model step = roofline at the run's Little's-law load)\n");
    java.util.Map<String, SimulationResult> byRate = new java.util.HashMap<>();
    for (Object[] run : IDENTICAL_CONFIG_RUNS) {
      Compared c = find(all, "mlp51-nvidia-b200-sxm-180gbx8_trt-llama3.1-8b-" + run[1] + "-ttft");
      InferenceScenario s = c.scenario(MODEL, 1);
      Roofline r = new ServingConfig(s, MODEL.calibration(), MODEL.profile(s.accelerator()),
          s.model().parameterCounts()).roofline();
      double rate = (double) run[2] / c.instances();
      double ttft = (long) run[3] * 1e-9;
      double tpot = (long) run[4] * 1e-9;
      double decode = rate * (c.output() - 1) * tpot;
      double prompt = rate * c.input() * tpot;
      long context = c.input() + c.output() / 2;
      double step = r.forward(decode, context, prompt / c.input(), c.input(),
          new double[Roofline.GROUPS * Roofline.SLOTS], true);
      SimulationResult sim = byRate.computeIfAbsent(run[1] + "|" + rate,
          x -> MlperfServingRun.runAt(c, MODEL, rate));
      assertThat(step).as((String) run[0]).isPositive();
      sb.append(String.format(Locale.ROOT, "  %-11s %-62s %6.2f req/s: TTFT %.4f s (%4.1f TPOTs), TPOT %.4f s;"
          + " load %4.0f decoding + %5.0f prompt tokens a step; model step %.4f s (%+5.1f%%); simulated at this rate:"
          + " TTFT %.4f s, TPOT %.4f s%n", run[1], run[0], rate, ttft, ttft / tpot, tpot, decode, prompt, step,
          100 * (step / tpot - 1), sim.ttft().mean(), sim.tpot().mean()));
    }
    System.out.println(sb);
  }

  /** One printed line of {@link #simulatedStepCompositionIsPrinted}: a run's steps by their mean composition. */
  private static String row(String name, SimulationResult r, Compared c, double measuredTtft, double measuredTpot) {
    double rate = r.requests() / r.simulation().durationSeconds();
    double steps = r.steps();
    double prompt = r.requests() * r.simulation().input().mean() / steps;
    double decode = r.requests() * (r.simulation().output().mean() - 1) / steps;
    double step = r.gpuUtilization() * r.elapsedSeconds() / steps;
    double running = r.series().stream().mapToInt(OccupancySample::running).average().orElse(0);
    double waiting = r.series().stream().mapToInt(OccupancySample::waiting).average().orElse(0);
    double kv = r.series().stream().mapToDouble(OccupancySample::kvCacheFraction).max().orElse(0);
    assertThat(decode + prompt).as(name).isLessThanOrEqualTo(r.maxBatchedTokens());
    return String.format(Locale.ROOT, "    %-44s %7.2f req/s: step %6.2f ms = %6.0f decode + %6.0f prompt tokens"
        + " (budget left %6.0f); running %6.0f, waiting %5.1f; TTFT %.4f s (%+6.1f%%; %4.1f steps; P99 %.3f),"
        + " TPOT %.4f s (%+6.1f%%; P99 %.4f); GPU busy %.3f, KV peak %.3f of %,d blocks, %d preemptions%n", name,
        rate, step * 1e3, decode, prompt, r.maxBatchedTokens() - decode - prompt, running, waiting, r.ttft().mean(),
        100 * (r.ttft().mean() / measuredTtft - 1), r.ttft().mean() / step, r.ttft().p99(), r.tpot().mean(),
        100 * (r.tpot().mean() / measuredTpot - 1), r.tpot().p99(), r.gpuUtilization(), kv,
        r.kvCacheBlocksPerReplica(), r.preemptions());
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
