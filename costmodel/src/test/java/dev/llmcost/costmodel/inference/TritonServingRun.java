package dev.llmcost.costmodel.inference;

import dev.llmcost.costmodel.inference.MultiSourceInferenceValidationTest.Compared;
import dev.llmcost.costmodel.inference.MultiSourceInferenceValidationTest.Point;
import dev.llmcost.costmodel.serving.ArrivalProcess;
import dev.llmcost.costmodel.serving.ServingSimulation;
import dev.llmcost.costmodel.serving.ServingSimulator;
import dev.llmcost.costmodel.serving.SimulationResult;
import dev.llmcost.costmodel.serving.Trace;
import java.io.StringReader;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The finite-rate rows of TensorRT-LLM 0.14's online-serving table ({@code trtllm-serving-0.14}: Triton's
 * tensorrtllm_backend) as the runs they were (s20g): the doc states "All data in the table below was generated using
 * version 0.14.0, with 500 requests and BF16 precision" (NVIDIA/TensorRT-LLM docs/source/performance/perf-overview.md
 * at commit 258c7540, section "Online Serving Measurements"), so each row is one run of 500 requests offered at its
 * QPS, ramp-up and drain included, not the steady state of an endless stream. Its own columns say so: at QPS 16 the
 * 70B on four H100s achieved 12 req/s and the 8B at QPS 32 achieved 26 req/s ("Tput(req/s)"), below the offered rate
 * because the run's 500 requests ended before a steady state at that rate was reached.
 *
 * <p>The run goes through the request-level serving simulator ({@link ServingSimulator}, whose step is the inference
 * model's roofline): exactly {@link #REQUESTS} requests of the row's fixed lengths, arriving as a Poisson process at
 * the row's QPS (the first at 0; the doc names no client and no arrival process: Poisson is the assumption the
 * steady-state mapping already made), under the engine's limits as the infinite-rate rows of the same table are
 * mapped ({@link Compared#engineMaxBatch}: the KV cache's bound, at most the run's 500 requests, and {@link
 * InferenceCostModel#ENGINE_CHUNK_TOKENS} tokens per iteration, the doc's sample run's "Max Runtime Tokens: 8192").
 * The prediction is the mean over {@link #SEEDS} seeded runs: the mean TTFT, the mean inter-token latency over every
 * gap between two output tokens of every request (a "Mean ITL" over all gaps) and the output tokens over the time
 * to the last token.
 *
 * <p>A simulated run per factor evaluation of the leave-one-source-out refits would cost minutes per fold, so a refit
 * evaluates these rows as the analytic steady state at its factors times {@link #runOverSteadyState}, the simulated
 * run over the steady state at the calibrated factors ({@link Compared#fitPredict}). Taking the rows out of the refits
 * instead (s20g's first attempts) moved them far: the GEMM overlap loss went to its bound 1.0 in every fold and the
 * leave-one-source-out MoE worst from 67.9% to 107.6% (every finite-rate row out) or 101.1% (these three out).
 */
final class TritonServingRun {

  /** The requests of every run of the table ("with 500 requests"). */
  static final int REQUESTS = 500;

  /** The seeded runs whose mean is the prediction. */
  static final int SEEDS = 5;

  private static final Map<List<Object>, double[]> CACHE = new ConcurrentHashMap<>();

  private TritonServingRun() {}

  /**
   * Returns whether the row is a finite-rate row of a Triton tensorrtllm_backend run of a stated request count whose
   * achieved rate, as the source tables it ({@link MultiSourceInferenceValidationTest.Row#achievedRate()}), is below the
   * offered one: the run never reached the steady state at its rate (the {@code trtllm-serving-0.14} 70B H100 QPS 16
   * rows, achieved 12, and the 8B H100 QPS 32 row, achieved 26). The rows whose runs achieved their offered rate (every
   * QPS 2 row: "2" in the table's "Tput(req/s)") stay at the analytic steady state, which the simulated run matches
   * there within 3% (s20g what-if), and keep informing the leave-one-source-out refits.
   */
  static boolean applies(Compared c) {
    return c.point() == Point.RATE && c.row().engine().startsWith("tensorrt-llm (Triton") && c.row().requests() > 0
        && c.row().achievedRate() < Double.parseDouble(c.row().requestRate());
  }

  /**
   * Returns the row's predicted value: mean TTFT, mean ITL or output tokens/s of the run, the mean over the seeds.
   *
   * @throws IllegalArgumentException if the row does not apply or its metric is not one of those
   */
  static double predict(Compared c, InferenceCostModel m) {
    double[] r = run(c, m);
    return switch (c.metric()) {
      case TTFT -> r[0];
      case TPOT -> r[1];
      case THROUGHPUT -> r[2];
      default -> throw new IllegalArgumentException(c.row().id() + ": metric " + c.metric() + " is not simulated");
    };
  }

  /**
   * Returns the simulated run's value over the analytic steady state's ({@link Compared#steadyState}), both at the
   * calibrated factors: what a leave-one-source-out refit multiplies its steady state by ({@link Compared#fitPredict}).
   */
  static double runOverSteadyState(Compared c) {
    InferenceCostModel m = InferenceCostModel.calibrated();
    return predict(c, m) / c.steadyState(m);
  }

  /** Returns a one-line account of the row's run (printed in the mapping column). */
  static String describe(Compared c, InferenceCostModel m) {
    double[] r = run(c, m);
    return String.format(Locale.ROOT, "run of %d requests at %s req/s (Poisson, %d seeds, <= %d in flight, %d"
        + " tokens/iteration): achieved %.3g req/s, mean TTFT %.4f s, mean ITL %.4f s", c.row().requests(),
        c.row().requestRate(), SEEDS, c.engineMaxBatch(m), InferenceCostModel.ENGINE_CHUNK_TOKENS, r[3], r[0], r[1]);
  }

  /** Returns {mean TTFT, mean ITL, output tokens/s, requests/s} over the seeds. */
  static double[] run(Compared c, InferenceCostModel m) {
    if (!applies(c)) {
      throw new IllegalArgumentException(c.row().id() + ": not a finite-rate Triton serving row");
    }
    List<Object> key = List.of(c.scenario(m, 1), c.rate(), c.row().requests(), m.calibration());
    return CACHE.computeIfAbsent(key, k -> simulate(c, m));
  }

  private static double[] simulate(Compared c, InferenceCostModel m) {
    int requests = c.row().requests();
    int maxSeqs = c.engineMaxBatch(m);
    double[] sum = new double[4];
    for (int seed = 1; seed <= SEEDS; seed++) {
      StringBuilder csv = new StringBuilder("arrival,prompt_tokens,output_tokens\n");
      SplittableRandom rnd = new SplittableRandom(seed);
      double t = 0;
      for (int i = 0; i < requests; i++) {
        csv.append(String.format(Locale.ROOT, "%.9f,%d,%d%n", t, c.input(), c.output()));
        t += -Math.log(1 - rnd.nextDouble()) / c.rate();
      }
      Trace trace = Trace.read(new StringReader(csv.toString()), c.row().id() + " seed " + seed, Trace.Format.CSV);
      SimulationResult res = ServingSimulator.of(m).simulate(ServingSimulation.builder(c.scenario(m, 1))
          .arrivals(ArrivalProcess.trace(trace))
          .maxNumSeqs(maxSeqs)
          .maxBatchedTokens(Math.max(InferenceCostModel.ENGINE_CHUNK_TOKENS, maxSeqs))
          .build());
      sum[0] += res.ttft().mean();
      sum[1] += res.itl().mean();
      sum[2] += res.outputTokensPerSecond();
      sum[3] += res.requestsPerSecond();
    }
    for (int i = 0; i < sum.length; i++) {
      sum[i] /= SEEDS;
    }
    return sum;
  }
}
