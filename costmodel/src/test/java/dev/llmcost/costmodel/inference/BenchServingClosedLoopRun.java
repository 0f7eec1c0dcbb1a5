package dev.llmcost.costmodel.inference;

import dev.llmcost.costmodel.inference.MultiSourceInferenceValidationTest.Compared;
import dev.llmcost.costmodel.inference.MultiSourceInferenceValidationTest.Point;
import dev.llmcost.costmodel.serving.ArrivalProcess;
import dev.llmcost.costmodel.serving.LengthDistribution;
import dev.llmcost.costmodel.serving.ServingSimulation;
import dev.llmcost.costmodel.serving.ServingSimulator;
import dev.llmcost.costmodel.serving.SimulationResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * s22a: SemiAnalysis InferenceX's closed-loop points (the {@code inferencex-2026} rows, {@link Point#CONCURRENCY}) as
 * the runs they were (s23g: and SGLang's own cookbook runs, the {@code sglang-cookbook-2026} rows, below), through the
 * serving simulator's closed loop ({@link ArrivalProcess#closedLoop}) instead of the analytic steady state with {@code
 * C} in flight ({@link Compared#atConcurrency}, s21d).
 *
 * <p>The run, as {@code benchmarks/benchmark_lib.sh} {@code run_benchmark_serving} and {@code
 * utils/bench_serving/benchmark_serving.py} (SemiAnalysisAI/InferenceX at 843c6254) make it: {@code --num-prompts 10 ×
 * CONC --max-concurrency CONC --request-rate inf --ignore-eos} over the random dataset, so {@code 10 × C} requests
 * (the row's stated count) wait on a semaphore of {@code C} and all {@code C} first ones are sent at once; each
 * completion lets the next one go. Lengths are {@code sample_random_requests}' uniform integers in {@code [int(0.8 L),
 * L]} for input and output (the row's {@code length_distribution} states both ranges), drawn per request. The {@code
 * --num-warmups 2 × CONC} warm-up requests run before the measured ones and are awaited to the last ({@code
 * asyncio.gather(*warmup_tasks)} before {@code benchmark_start_time}), so the measured run starts on an idle engine:
 * the warm-up is not simulated (it leaves no state the simulator carries; every script runs {@code
 * --disable-radix-cache} or {@code enable_block_reuse: false}). Runs before InferenceX d053ae24 (2026-01-21, "adding
 * warmup") had no warm-up (the client was kimbochen/bench_serving cloned by {@code benchmark_lib.sh}, called without
 * {@code --num-warmups}): of the compared points only B200 SGLang TP 8 8k/1k c16 (2025-12-31), whose one-time wait
 * s23e reads from its published distribution ({@link MultiSourceInferenceValidationTest#ONE_TIME_WAIT}). Metrics as
 * {@code calculate_metrics}: mean TTFT and its median ({@code np.median}; InferenceX TTFT rows compare it, s23k),
 * mean TPOT per request {@code (latency − ttft) / (output − 1)}, output tokens over the benchmark duration (first send
 * to last completion), per GPU over {@code tp}.
 *
 * <p>The engine, as each row's launch script at its commit sets it (the row's {@code source} names it): the row's
 * scenario ({@link Compared#scenario}: the host loop for TensorRT-LLM's PyTorch backend, and s22e's engine memory
 * reserve, which sizes the simulator's KV blocks); SGLang's prefill
 * batches apart from decode ({@link Compared#prefillScheduling}, no {@code --enable-mixed-chunk}) with a prefill batch
 * of at most {@code --max-prefill-tokens} tokens, equal to {@code --chunked-prefill-size} in every script read (B200 /
 * B300 TP 8 and H200 32,768, TP 4 8,192; MI300X / MI325X 131,072; MI355X 196,608), and its scheduling window ({@link
 * Compared#schedulerSteps}: {@code --num-continuous-decode-steps}, {@code --scheduler-recv-interval}); TensorRT-LLM
 * 1.2/1.3 with {@code --max_num_tokens = max(8192, ⌈(CONC + ISL + 64) / 64⌉ · 64)} (ISL the configured 1,024 or
 * 8,192; {@code dsr1_fp{4,8}_b200_trt.sh}) and the PyTorch executor's overlap scheduler (on unless {@code
 * disable_overlap_scheduler}, which no script sets). The sequence limit is {@code C}: a loop of C clients never has
 * more in flight, and the scripts that set {@code --max-running-requests} set at least C (B200/B300 128, or 32 at TP
 * 4; H200 512 or 256; the AMD and TensorRT-LLM scripts leave the engines' defaults). Not modelled: CUDA-graph padding
 * of the TensorRT-LLM decode batch (as in the steady state), SGLang's new-token-ratio admission (the serving simulator
 * admits by free KV blocks only), TensorRT-LLM's {@code batch_wait_timeout_iters}
 * of the 1k/1k c ≥ 64 script (no such row).
 *
 * <p>The prediction is the mean over {@link #SEEDS} seeds of the lengths (measured 2026-12-07: one seed instead of
 * three moved the InferenceX medians by at most 0.35 point, TTFT 57.85% against 57.50%; one seed's 44 runs took 1.3 s
 * of simulation per model on this machine, timed around each run). The rows inform no refit ({@link
 * Compared#informsTheFit}), so only their own predictions move.
 *
 * <p>s23g: the {@code sglang-cookbook-2026} rows (sgl-project/sgl-cookbook's {@code sglang.bench_serving} outputs,
 * inference-multi-source.md, s23g) are the same closed loop: {@code --max-concurrency C --request-rate inf} sends
 * {@code C} requests at once and each completion lets the next one go; {@code --num-prompts N} requests in all (a
 * warm-up request the client sends first is not part of the measured run and is not simulated). Their lengths are the
 * client's own seed-1 draws ({@code sglang-cookbook-lengths.csv}, written by {@code sglang-cookbook-lengths.py}: {@code
 * np.random.randint} over {@code [1, L_in]} and {@code [floor, L_out]}, which reproduce the printed totals), drawn per
 * request from the block's multiset ({@link LengthDistribution#empirical}); a drawn output of 0 tokens (one request in
 * the 500-request 1k/1k draw with floor 0) is run as 1, the least the simulator serves. The engine is SGLang's at the
 * version's defaults (the row's note): prefill batches apart from decode and at most {@code --chunked-prefill-size}
 * tokens a prefill batch, as for the InferenceX SGLang rows.
 */
final class BenchServingClosedLoopRun {

  /** The seeded runs whose mean is the prediction. */
  static final int SEEDS = 3;

  private static final Pattern RANGES = Pattern.compile("\\[(\\d+), (\\d+)\\] in and \\[(\\d+), (\\d+)\\] out");
  private static final Pattern CHUNK = Pattern.compile("--chunked-prefill-size (\\d+)");
  private static final Pattern ISL = Pattern.compile("-(\\d+)k(\\d+)k-c\\d+-");

  private static final Pattern DRAWN = Pattern.compile(
      "sglang-cookbook-lengths\\.csv: (\\d+) x (\\d+)/(\\d+) floor ([01])");

  /** The closed-loop sources: their rows are runs of a benchmark client at a fixed concurrency. */
  private static final List<String> GROUPS = List.of(MultiSourceInferenceValidationTest.INFERENCEX_GROUP,
      MultiSourceInferenceValidationTest.SGLANG_COOKBOOK_GROUP);

  private static final Map<List<Object>, double[]> CACHE = new ConcurrentHashMap<>();

  /** s23g: the drawn lengths of sglang-cookbook-lengths.csv by "requests,input_len,output_len,output_floor". */
  private static final Map<String, int[][]> DRAWS = readDraws();

  private BenchServingClosedLoopRun() {}

  /** Returns whether the row is a closed-loop point of a closed-loop source (InferenceX, s23g: SGLang's cookbook). */
  static boolean applies(Compared c) {
    return c.point() == Point.CONCURRENCY && GROUPS.contains(c.row().group());
  }

  /**
   * Returns the row's predicted value: output tok/s (per GPU where the row is), mean TTFT (the median over the requests
   * where the row's measured figure is {@code median_ttft_seconds}, s23e) or mean TPOT.
   */
  static double predict(Compared c, InferenceCostModel m) {
    double[] r = run(c, m);
    return switch (c.metric()) {
      case TTFT -> c.row().measured().startsWith("median_") ? r[3] : r[0];
      case TPOT -> r[1];
      case THROUGHPUT -> r[2];
      case THROUGHPUT_PER_GPU -> r[2] / c.tp();
      default -> throw new IllegalArgumentException(c.row().id() + ": metric " + c.metric() + " is not simulated");
    };
  }

  /** Returns a one-line account of the row's run (printed in the mapping column). */
  static String describe(Compared c, InferenceCostModel m) {
    double[] r = run(c, m);
    return String.format(Locale.ROOT, "closed loop simulated (s22a): %d clients, %d requests, lengths %s / %s, %d"
        + " tokens a %s, %d seeds: mean TTFT %.4f s (median %.4f s), mean TPOT %.5f s, %.4g output tok/s", c.batch(),
        requests(c), input(c), output(c), maxTokens(c), c.separatePrefill() ? "prefill batch" : "step", SEEDS, r[0],
        r[3], r[1], r[2]);
  }

  /** Returns {mean TTFT, mean TPOT, output tokens/s, median TTFT} over the seeds (each seed's median, averaged). */
  static double[] run(Compared c, InferenceCostModel m) {
    if (!applies(c)) {
      throw new IllegalArgumentException(c.row().id() + ": not a closed-loop row of " + GROUPS);
    }
    List<Object> key = List.of(c.scenario(m, 1), c.batch(), c.row().lengthDistribution(), c.row().note(),
        c.row().engineVersion(), m.calibration());
    return CACHE.computeIfAbsent(key, k -> simulate(c, m));
  }

  /** The requests of the run: the row's stated count ({@code 10 × C}). */
  static int requests(Compared c) {
    int n = c.row().requests();
    if (n <= 0) {
      throw new IllegalStateException(c.row().id() + ": no request count in " + c.row().lengthDistribution());
    }
    return n;
  }

  static LengthDistribution input(Compared c) {
    java.util.Optional<int[][]> drawn = drawn(c);
    if (drawn.isPresent()) {
      return LengthDistribution.empirical(drawn.get()[0]);
    }
    Matcher r = ranges(c);
    return LengthDistribution.uniform(Integer.parseInt(r.group(1)), Integer.parseInt(r.group(2)));
  }

  static LengthDistribution output(Compared c) {
    java.util.Optional<int[][]> drawn = drawn(c);
    if (drawn.isPresent()) {
      // a drawn output of 0 tokens is served as 1 (LengthDistribution's least)
      return LengthDistribution.empirical(Arrays.stream(drawn.get()[1]).map(v -> Math.max(1, v)).toArray());
    }
    Matcher r = ranges(c);
    return LengthDistribution.uniform(Integer.parseInt(r.group(3)), Integer.parseInt(r.group(4)));
  }

  /** s23g: the row's drawn {inputs, outputs} where its length distribution names them. */
  private static java.util.Optional<int[][]> drawn(Compared c) {
    Matcher d = DRAWN.matcher(c.row().lengthDistribution());
    if (!d.find()) {
      return java.util.Optional.empty();
    }
    String key = d.group(1) + "," + d.group(2) + "," + d.group(3) + "," + d.group(4);
    int[][] v = DRAWS.get(key);
    if (v == null) {
      throw new IllegalStateException(c.row().id() + ": no drawn lengths " + key + " in sglang-cookbook-lengths.csv");
    }
    return java.util.Optional.of(v);
  }

  private static Map<String, int[][]> readDraws() {
    Map<String, int[][]> m = new HashMap<>();
    try (InputStream in = BenchServingClosedLoopRun.class.getResourceAsStream("sglang-cookbook-lengths.csv")) {
      if (in == null) {
        throw new IllegalStateException("sglang-cookbook-lengths.csv not on the test class path");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      r.readLine(); // requests,input_len,output_len,output_floor,input_total,output_total,inputs,outputs
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String[] f = line.split(",");
        int[] ins = Arrays.stream(f[6].split(" ")).mapToInt(Integer::parseInt).toArray();
        int[] outs = Arrays.stream(f[7].split(" ")).mapToInt(Integer::parseInt).toArray();
        if (ins.length != Integer.parseInt(f[0]) || Arrays.stream(ins).sum() != Integer.parseInt(f[4])
            || Arrays.stream(outs).sum() != Integer.parseInt(f[5])) {
          throw new IllegalStateException("sglang-cookbook-lengths.csv: counts or totals disagree in " + f[0] + ","
              + f[1] + "," + f[2] + "," + f[3]);
        }
        m.put(f[0] + "," + f[1] + "," + f[2] + "," + f[3], new int[][] {ins, outs});
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.copyOf(m);
  }

  private static Matcher ranges(Compared c) {
    Matcher r = RANGES.matcher(c.row().lengthDistribution());
    if (!r.find()) {
      throw new IllegalStateException(c.row().id() + ": no length ranges in " + c.row().lengthDistribution());
    }
    return r;
  }

  /**
   * Returns the engine's token budget: SGLang's {@code --chunked-prefill-size} (= {@code --max-prefill-tokens}) from
   * the row's note; TensorRT-LLM's {@code max_num_tokens} from the script's formula at the configured ISL.
   */
  static int maxTokens(Compared c) {
    if (c.row().engine().equals("sglang")) {
      Matcher k = CHUNK.matcher(c.row().note());
      if (!k.find()) {
        throw new IllegalStateException(c.row().id() + ": no --chunked-prefill-size in the note");
      }
      return Integer.parseInt(k.group(1));
    }
    Matcher k = ISL.matcher(c.row().id());
    if (!k.find()) {
      throw new IllegalStateException(c.row().id() + ": no ISL/OSL in the id");
    }
    int isl = Integer.parseInt(k.group(1)) * 1024;
    return Math.max(8192, (c.batch() + isl + 64 + 63) / 64 * 64);
  }

  private static double[] simulate(Compared c, InferenceCostModel m) {
    double[] sum = new double[4];
    boolean trt = c.row().engine().startsWith("tensorrt-llm");
    for (int seed = 1; seed <= SEEDS; seed++) {
      ServingSimulation.Builder b = ServingSimulation.builder(c.scenario(m, 1))
          .arrivals(ArrivalProcess.closedLoop(c.batch(), requests(c)))
          .input(input(c))
          .output(output(c))
          .seed(seed)
          .maxNumSeqs(c.batch())
          .maxBatchedTokens(Math.max(c.batch(), maxTokens(c)))
          .prefillScheduling(c.prefillScheduling())
          .schedulerSteps(c.schedulerSteps());
      if (trt) {
        b.overlapScheduler(true);
      }
      SimulationResult res = ServingSimulator.of(m).simulate(b.build());
      sum[0] += res.ttft().mean();
      sum[1] += res.tpot().mean();
      sum[2] += res.outputTokensPerSecond();
      sum[3] += res.ttft().p50(); // s23e: benchmark_serving's median_ttft_ms is np.median, p50() the same statistic
    }
    for (int i = 0; i < sum.length; i++) {
      sum[i] /= SEEDS;
    }
    return sum;
  }
}
