package dev.llmcost.costmodel.serving;

import dev.llmcost.core.Bandwidth;
import dev.llmcost.costmodel.capacity.CapacityOption;
import dev.llmcost.costmodel.capacity.CapacityPlan;
import dev.llmcost.costmodel.capacity.CapacityPlanner;
import dev.llmcost.costmodel.capacity.CapacityRequest;
import dev.llmcost.costmodel.inference.InferenceCalibration;
import dev.llmcost.costmodel.inference.InferenceCostModel;
import dev.llmcost.costmodel.inference.InferenceScenario;
import dev.llmcost.costmodel.inference.KvCacheSize;
import dev.llmcost.costmodel.inference.OfflineRun;
import dev.llmcost.costmodel.inference.OfflineRunEstimate;
import dev.llmcost.costmodel.inference.PrefillScheduling;
import dev.llmcost.costmodel.inference.SpeculativeDecoding;
import dev.llmcost.costmodel.internal.inference.ServingConfig;
import dev.llmcost.costmodel.internal.serving.CudaGraphs;
import dev.llmcost.costmodel.internal.serving.Engine;
import dev.llmcost.costmodel.internal.serving.HostCost;
import dev.llmcost.costmodel.internal.serving.KvTransfer;
import dev.llmcost.costmodel.internal.serving.LogHistogram;
import dev.llmcost.costmodel.internal.serving.PipelinedEngine;
import dev.llmcost.costmodel.internal.serving.Replica;
import dev.llmcost.costmodel.internal.serving.Requests;
import dev.llmcost.costmodel.internal.serving.StepCost;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Simulates serving request by request: a seeded discrete-event simulation of engine replicas
 * stepping as vLLM v1's scheduler does (see {@link ServingSimulation} for what is configurable),
 * with each step's time from the inference model's roofline ({@link InferenceCostModel}), so that a
 * simulated step and the analytic model agree. An engine with pipeline parallelism ({@code pp > 1}) runs
 * TensorRT-LLM's {@code pp} micro-batches in flight through its stages instead (s15f; {@code
 * PipelinedEngine}).
 *
 * <p>Deterministic: the same simulation and seed give the same result. Thread-safe: each call
 * prepares its own step tables (the last configuration's tables are kept per thread).
 */
public final class ServingSimulator {

  private static final ServingSimulator CALIBRATED = new ServingSimulator(InferenceCostModel.calibrated());

  /** GPUs with at least this much memory get vLLM's larger scheduler defaults. */
  private static final long LARGE_GPU_BYTES = 70L << 30;

  private final InferenceCostModel model;
  private final ThreadLocal<@Nullable Prepared> last = new ThreadLocal<>();
  /** The last decode pool's own engine's tables ({@link Disaggregation#withDecodePool}), kept apart from {@link #last}. */
  private final ThreadLocal<@Nullable Prepared> lastDecode = new ThreadLocal<>();

  /**
   * Returns the most running sequences per replica when a simulation gives none: vLLM v1's default for the
   * OpenAI server, 1,024 on a GPU with at least 70 GiB and 256 below it.
   *
   * @param engine the engine (its accelerator's memory decides)
   * @return the default sequence limit
   */
  public static int defaultMaxNumSeqs(InferenceScenario engine) {
    return engine.accelerator().memory().bytes() >= LARGE_GPU_BYTES ? 1024 : 256;
  }

  /**
   * Returns the token budget per step when a simulation gives none: vLLM v1's default for the OpenAI server, 8,192
   * on a GPU with at least 70 GiB and 2,048 below it, raised to the sequence limit.
   *
   * @param engine the engine (its accelerator's memory decides)
   * @param maxNumSeqs the sequence limit in force
   * @return the default token budget
   */
  public static int defaultMaxBatchedTokens(InferenceScenario engine, int maxNumSeqs) {
    return Math.max(maxNumSeqs, engine.accelerator().memory().bytes() >= LARGE_GPU_BYTES ? 8192 : 2048);
  }

  /** A configuration's roofline tables and memory. */
  private static final class Prepared {
    final InferenceScenario scenario;
    final ServingConfig config;
    final StepCost cost;

    Prepared(InferenceScenario scenario, ServingConfig config, StepCost cost) {
      this.scenario = scenario;
      this.config = config;
      this.cost = cost;
    }
  }

  private ServingSimulator(InferenceCostModel model) {
    this.model = model;
  }

  /** Returns the simulator over the calibrated inference model. */
  public static ServingSimulator calibrated() {
    return CALIBRATED;
  }

  /**
   * Returns a simulator over another inference model.
   *
   * @param model the inference model
   * @return the simulator
   */
  public static ServingSimulator of(InferenceCostModel model) {
    return new ServingSimulator(model);
  }

  private Prepared prepare(InferenceScenario s) {
    return prepare(s, last);
  }

  private Prepared prepare(InferenceScenario s, ThreadLocal<@Nullable Prepared> cache) {
    Prepared p = cache.get();
    if (p != null && p.scenario.equals(s.withBatch(p.scenario.batch()))
        && p.scenario.inputTokens() == s.inputTokens() && p.scenario.outputTokens() == s.outputTokens()) {
      return p;
    }
    ServingConfig c = new ServingConfig(s, model.calibration(), model.profile(s.accelerator()), s.model().parameterCounts());
    p = new Prepared(s, c, new StepCost(c.roofline()));
    cache.set(p);
    return p;
  }

  /**
   * Returns the time of one engine step as the simulator costs it: {@code decodeSeqs} sequences
   * decoding one token each at a mean context of {@code contextTokens}, and one prompt of {@code
   * prefillTokens} tokens prefilled from scratch in the same pass; with a host cost in the engine's
   * {@link InferenceScenario#overheads()} the step takes the longer of its GPU time and its host time
   * (s13v, as {@link InferenceCostModel#offlineRun(InferenceScenario, OfflineRun)} charges it).
   *
   * @param engine the engine configuration
   * @param prefillTokens prompt tokens in the step, at least 0
   * @param decodeSeqs decoding sequences, at least 0
   * @param contextTokens tokens each decoding sequence attends to, at least 0
   * @return seconds
   * @throws IllegalArgumentException if an argument is negative
   */
  public double stepSeconds(InferenceScenario engine, int prefillTokens, int decodeSeqs, double contextTokens) {
    if (prefillTokens < 0 || decodeSeqs < 0 || !(contextTokens >= 0)) {
      throw new IllegalArgumentException("prefillTokens, decodeSeqs and contextTokens must be >= 0, were "
          + prefillTokens + ", " + decodeSeqs + ", " + contextTokens);
    }
    StepCost c = new StepCost(prepare(engine).config.roofline());
    int rows = decodeSeqs + (prefillTokens > 0 ? 1 : 0);
    double gpu = c.step(prefillTokens + decodeSeqs, rows, decodeSeqs, contextTokens, c.chunkAttention(0, prefillTokens));
    HostCost host = HostCost.of(engine);
    return host.isNone() ? gpu : Math.max(gpu, host.seconds(rows, prefillTokens > 0));
  }

  /**
   * Estimates an offline benchmark run over length distributions, keeping every draw ({@link
   * #offlineRun(InferenceScenario, OfflineRun, LengthDistribution, LengthDistribution, LengthFilter, long)}
   * with {@link LengthFilter#NONE}).
   *
   * @param engine the engine configuration (its batch and lengths are ignored but for the KV cache size)
   * @param run the number of requests and the scheduler's limits
   * @param input the prompt lengths
   * @param output the output lengths
   * @param seed the seed of the draws
   * @return the estimate
   * @throws IllegalArgumentException as the method with a filter
   */
  public OfflineRunEstimate offlineRun(InferenceScenario engine, OfflineRun run, LengthDistribution input,
      LengthDistribution output, long seed) {
    return offlineRun(engine, run, input, output, LengthFilter.NONE, seed);
  }

  /**
   * Estimates an offline benchmark run over length distributions: {@code run.requests()} requests whose
   * prompt and output lengths are drawn from {@code input} and {@code output} (independently, from
   * {@code seed}, the same draws for the same seed) and kept as a benchmark client keeps them ({@code
   * filter}, e.g. {@link LengthFilter#SHAREGPT_BENCHMARK}), all queued at once, served by the offline
   * run's iteration loop ({@link InferenceCostModel#offlineRun(InferenceScenario, OfflineRun, int[],
   * int[])}: continuous batching under the run's sequence and token limits and the KV cache, each request
   * reserving its own input + output, until the last request's last token). As {@link #simulate} loads
   * requests, a request longer than the model's position table is shortened to it, unless the engine
   * allows a long context ({@link InferenceScenario#allowLongContext()}) and the positions are not a
   * learned table; a request the filter
   * drops, or whose prompt exceeds the run's token budget ({@code maxNumTokens}: prompts are not chunked),
   * is drawn again. With fixed lengths this is {@link InferenceCostModel#offlineRun(InferenceScenario,
   * OfflineRun)} but for the KV cache, counted here in tokens rather than in whole sequences of the
   * scenario's lengths.
   *
   * @param engine the engine configuration (its batch and lengths are ignored but for the KV cache size)
   * @param run the number of requests and the scheduler's limits
   * @param input the prompt lengths
   * @param output the output lengths
   * @param filter the lengths kept
   * @param seed the seed of the draws
   * @return the estimate
   * @throws IllegalArgumentException if 10,000 draws in a row are dropped, or as {@link
   *     InferenceCostModel#offlineRun(InferenceScenario, OfflineRun, int[], int[])}
   */
  public OfflineRunEstimate offlineRun(InferenceScenario engine, OfflineRun run, LengthDistribution input,
      LengthDistribution output, LengthFilter filter, long seed) {
    int maxLen = lengthCap(pastContextAllowed(engine) ? 0 : engine.model().embeddings().maxPositions());
    SplittableRandom root = new SplittableRandom(seed);
    SplittableRandom inputs = root.split();
    SplittableRandom outputs = root.split();
    int[] in = new int[run.requests()];
    int[] out = new int[run.requests()];
    for (int i = 0; i < in.length; i++) {
      int tries = 0;
      do {
        if (++tries > 10_000) {
          throw new IllegalArgumentException("input " + input + ", output " + output + ": 10,000 draws in a row were"
              + " dropped by " + filter + " or longer than the run's token budget of " + run.maxNumTokens()
              + " tokens");
        }
        in[i] = Math.min(input.sample(inputs), maxLen - 1);
        out[i] = Math.min(output.sample(outputs), maxLen - in[i]);
      } while (in[i] > run.maxNumTokens() || !filter.keeps(in[i], out[i]));
    }
    return model.offlineRun(engine, run, in, out);
  }

  /**
   * Runs a simulation.
   *
   * @param sim what to simulate
   * @return the result
   * @throws IllegalArgumentException if the weights and one step's activations leave no room for
   *     the KV cache, or the draft model cannot be split over the engine's tensor parallelism
   */
  public SimulationResult simulate(ServingSimulation sim) {
    InferenceScenario engine = sim.engine();
    Prepared prepared = prepare(engine);
    ServingConfig config = prepared.config;
    List<String> defaults = new ArrayList<>();
    boolean large = engine.accelerator().memory().bytes() >= LARGE_GPU_BYTES;
    int maxSeqs;
    int maxTokens;
    if (sim.maxNumSeqs().isPresent()) {
      maxSeqs = sim.maxNumSeqs().getAsInt();
    } else {
      maxSeqs = defaultMaxNumSeqs(engine);
      defaults.add("maxNumSeqs " + maxSeqs + " (vLLM v1's default for the OpenAI server on a GPU with "
          + (large ? "at least" : "less than") + " 70 GiB)");
    }
    if (sim.maxBatchedTokens().isPresent()) {
      maxTokens = sim.maxBatchedTokens().getAsInt();
    } else {
      maxTokens = defaultMaxBatchedTokens(engine, maxSeqs);
      defaults.add("maxBatchedTokens " + maxTokens + " (vLLM v1's default for the OpenAI server on a GPU with "
          + (large ? "at least" : "less than") + " 70 GiB)");
    }
    if (maxTokens < maxSeqs) {
      throw new IllegalArgumentException("maxBatchedTokens (" + maxTokens + ") must be >= maxNumSeqs (" + maxSeqs + ")");
    }
    // speculative decoding: the draft's step table and memory
    SpeculativeDecoding spec = sim.speculative().orElse(null);
    StepCost draftCost = null;
    long draftWeights = 0;
    long draftKv = 0;
    if (spec != null) {
      // the draft's scenario only supplies its step table and memory (the simulated requests give each step's
      // context), so its lengths are the engine's, clipped to the draft's own position table where it is shorter
      int draftPositions = spec.draft().embeddings().maxPositions();
      int draftInput = engine.inputTokens();
      int draftOutput = engine.outputTokens();
      if (draftPositions > 1 && (long) draftInput + draftOutput > draftPositions) {
        draftOutput = Math.max(1, Math.min(draftOutput, draftPositions / 2));
        draftInput = draftPositions - draftOutput;
      }
      InferenceScenario.Builder db = InferenceScenario.builder(spec.draft(), engine.accelerator()).tp(engine.tp())
          .inputTokens(draftInput).outputTokens(draftOutput).allowLongContext(engine.allowLongContext());
      if (spec.isMultiTokenPrediction()) {
        db.weights(engine.weights());
        if (engine.expertWeightsGiven() && spec.draft().isMoe()) {
          db.expertWeights(engine.expertWeights());
        }
        // the checkpoint's exclusions name modules by pattern (*q_b_proj* ...): the MTP layer's attention with them
        if (spec.draft().attentionLayers() > 0) {
          if (engine.attentionWeightsGiven()) {
            db.attentionWeights(engine.attentionWeights());
          }
          if (engine.attentionOutputWeightsGiven()) {
            db.attentionOutputWeights(engine.attentionOutputWeights());
          }
        }
      }
      InferenceScenario d = db.build();
      ServingConfig dc = new ServingConfig(d, model.calibration(), model.profile(d.accelerator()),
          spec.draft().parameterCounts());
      draftCost = new StepCost(dc.roofline());
      // an MTP module shares the target's embedding and head: only its own weights are added
      draftWeights = spec.isMultiTokenPrediction()
          ? (long) Math.ceil(spec.draftParameters().value() * engine.weights().effectiveBitsPerWeight() / 8 / engine.tp())
          : dc.weightBytes();
      draftKv = dc.kvBytesPerTokenPerGpu();
    }
    // KV-cache blocks from the memory left after weights, one full step's activations and the reserve, on one GPU;
    // under attention data parallelism every rank holds such a pool for its own sequences (s14l: latent attention's
    // cache is not replicated over the ranks), so the engine holds `ranks` of them, as InferenceCostModel's
    // engineMaxBatch and offlineRun count tp times one GPU's KV cache
    int ranks = engine.attentionDataParallel() ? engine.tp() : 1;
    long capacity = engine.accelerator().memory().bytes();
    long reserve = (long) Math.ceil(capacity * engine.memoryReserveFraction());
    double activations = config.roofline().activationBytes(maxTokens, maxSeqs, 0, 0);
    double left = capacity - reserve - config.weightBytes() - draftWeights - activations;
    long perBlock = 16 * (config.kvBytesPerTokenPerGpu() + draftKv);
    long blocks = perBlock <= 0 ? Long.MAX_VALUE / 4 : (long) Math.floor(left / perBlock);
    if (blocks < 1) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "%s on %s with tp %d: weights (%.1f GB per GPU%s) and one step's activations leave no room for the KV cache",
          engine.model().id(), engine.accelerator().id(), engine.tp(), config.weightBytes() / 1e9,
          spec != null ? " with the draft" : ""));
    }
    // the load
    Requests q = new Requests(1024);
    int clamped = load(sim, engine, q);
    if (engine.pp() > 1) {
      refusePrefixIds(q);
    }
    double horizon = sim.arrivals().trace().map(Trace::lastArrivalSeconds).orElse(sim.durationSeconds());
    double sampleEvery = Math.max(horizon, 1e-3) / sim.samples();
    double specTokens = spec == null ? 1 : spec.expectedTokensPerStep();
    int specK = spec == null ? 0 : spec.k();
    double hit = sim.prefixHitRate();
    HostCost host = HostCost.of(engine); // s13v: the host loop the analytic model charges, if any
    CudaGraphs graphs = cudaGraphs(sim, ranks, maxSeqs, maxTokens); // s16b
    List<Replica> all = new ArrayList<>();
    int[] order = new int[q.size];
    for (int i = 0; i < q.size; i++) {
      order[i] = i;
    }
    Disaggregation dis = sim.disaggregation().orElse(null);
    KvTransfer kv = null;
    DecodePool decodePool = null;
    if (dis != null) {
      int tp = engine.tp();
      decodePool = decodePool(sim, engine, dis, spec, prepared.cost, blocks, maxSeqs, maxTokens, graphs, host);
      int decodeTp = decodePool.tp;
      kv = KvTransfer.forDeployment(engine.accelerator(), config.profile(), tp, decodeTp,
          (long) dis.prefillReplicas() * tp + (long) dis.decodeReplicas() * decodeTp, dis.link().orElse(null));
      if (!kv.given()) {
        defaults.add("kvLink " + String.format(Locale.ROOT, "%.1f GB/s per GPU", kv.perStream().bytesPerSecond() / 1e9)
            + " (" + kv.link() + ")");
      }
    }
    // s18k: a harness batcher holds requests and releases them in batches, each routed whole
    int[] batchOf = null;
    if (sim.batching().isPresent()) {
      batchOf = new int[q.size];
      sim.batching().get().release(q.arrival, q.size, q.arrival, batchOf);
    }
    frontend(q, sim.frontendSecondsPerRequest(), dis == null ? sim.replicas() : dis.prefillReplicas());
    int replicasTotal;
    if (dis == null) {
      Replica[] pool = new Replica[sim.replicas()];
      for (int i = 0; i < pool.length; i++) {
        // s15f: with pipeline stages, TensorRT-LLM's micro-batches (PipelinedEngine)
        if (engine.pp() > 1) {
          pool[i] = pipelined(prepared.cost, q, engine.pp(), maxSeqs, maxTokens, blocks, sampleEvery, host);
        } else {
          Engine e = new Engine(prepared.cost, draftCost, q, Engine.Mode.BOTH, maxSeqs, maxTokens, blocks, ranks, hit,
              specK, specTokens, sampleEvery, host, sim.attentionDpBalance())
              .scheduling(sim.schedulerSteps(), sim.prefillScheduling() == PrefillScheduling.SEPARATE)
              .cudaGraphs(graphs)
              .overlapScheduler(sim.overlapScheduler());
          if (sim.prefillGate().isPresent()) {
            // s19f: AMD's MLPerf scheduler patch decides at each scheduling point whether to prefill
            PrefillGate gate = sim.prefillGate().get();
            e.prefillGate(gate.maxRunning(), gate.minFreeBlocks(), gate.minWaiting());
          }
          pool[i] = e;
        }
        all.add(pool[i]);
      }
      if (sim.arrivals().isClosedLoop()) {
        closedLoop(pool, q, sim.arrivals(), sim.router(), engine.overheads().perRequestSeconds()); // s22a
      } else {
        route(pool, q, order, q.size, sim.router(), batchOf);
      }
      replicasTotal = pool.length;
    } else {
      Engine[] prefill = new Engine[dis.prefillReplicas()];
      for (int i = 0; i < prefill.length; i++) {
        prefill[i] = new Engine(prepared.cost, null, q, Engine.Mode.PREFILL, maxSeqs, maxTokens, blocks, ranks, hit, 0,
            1, sampleEvery, host, sim.attentionDpBalance()).cudaGraphs(graphs);
        all.add(prefill[i]);
      }
      route(prefill, q, order, q.size, sim.router(), batchOf);
      // the prompt's KV cache (windows applied) over the KV transfer model's link
      long lastPrompt = -1;
      double lastSeconds = 0;
      int n = 0;
      for (int r = 0; r < q.size; r++) {
        if (!q.rejected[r] && q.output[r] > 1) {
          if (q.prompt[r] != lastPrompt) {
            lastPrompt = q.prompt[r];
            lastSeconds = kv.seconds(KvCacheSize.bytesPerSequence(engine.model(), engine.kvCache(), lastPrompt));
          }
          q.arrival[r] = q.finish[r] + lastSeconds;
          q.finish[r] = Double.NaN;
          q.preloaded[r] = true;
          order[n++] = r;
        }
      }
      Integer[] boxed = new Integer[n];
      for (int i = 0; i < n; i++) {
        boxed[i] = order[i];
      }
      Arrays.sort(boxed, (a, b) -> Double.compare(q.arrival[a], q.arrival[b]));
      for (int i = 0; i < n; i++) {
        order[i] = boxed[i];
      }
      Engine[] decode = new Engine[dis.decodeReplicas()];
      DecodePool d = java.util.Objects.requireNonNull(decodePool);
      for (int i = 0; i < decode.length; i++) {
        decode[i] = new Engine(d.cost, draftCost, q, Engine.Mode.DECODE, d.maxSeqs, d.maxTokens, d.blocks, ranks, hit,
            specK, specTokens, sampleEvery, d.host, sim.attentionDpBalance()).cudaGraphs(d.graphs);
        all.add(decode[i]);
      }
      route(decode, q, order, n, sim.router(), null);
      replicasTotal = prefill.length + decode.length;
    }
    return result(sim, engine, q, all, replicasTotal, blocks, ranks, maxSeqs, maxTokens, clamped, defaults, spec, dis,
        kv, dis != null && dis.decodeEngine().isPresent() ? java.util.Objects.requireNonNull(decodePool).blocks : -1);
  }

  /** The decode pool of a disaggregated run: its engine's step table, limits, KV blocks, CUDA graphs and host loop. */
  private static final class DecodePool {
    final int tp;
    final StepCost cost;
    final int maxSeqs;
    final int maxTokens;
    final long blocks;
    final CudaGraphs graphs;
    final HostCost host;

    DecodePool(int tp, StepCost cost, int maxSeqs, int maxTokens, long blocks, CudaGraphs graphs, HostCost host) {
      this.tp = tp;
      this.cost = cost;
      this.maxSeqs = maxSeqs;
      this.maxTokens = maxTokens;
      this.blocks = blocks;
      this.graphs = graphs;
      this.host = host;
    }
  }

  /**
   * Returns the decode pool of a disaggregated run: the simulation's engine and limits, or the pool's own engine
   * ({@link Disaggregation#withDecodePool}) with its own step table, limits and KV blocks (the same memory rule as
   * the prefill pool's: device memory less the reserve, the weights at the pool's tensor parallelism and one full
   * step's activations at its limits), CUDA graphs and host loop.
   */
  private DecodePool decodePool(ServingSimulation sim, InferenceScenario engine, Disaggregation dis,
      @Nullable SpeculativeDecoding spec, StepCost cost, long blocks, int maxSeqs, int maxTokens, CudaGraphs graphs,
      HostCost host) {
    InferenceScenario own = dis.decodeEngine().orElse(null);
    if (own == null) {
      return new DecodePool(engine.tp(), cost, maxSeqs, maxTokens, blocks, graphs, host);
    }
    if (!own.model().id().equals(engine.model().id()) || !own.accelerator().id().equals(engine.accelerator().id())) {
      throw new IllegalArgumentException("the decode pool's engine must serve the simulation's model on its"
          + " accelerator (" + engine.model().id() + " on " + engine.accelerator().id() + "), was "
          + own.model().id() + " on " + own.accelerator().id());
    }
    if (spec != null) {
      throw new IllegalArgumentException("speculative decoding is not simulated with a decode pool of its own engine");
    }
    if (engine.attentionDataParallel()) {
      throw new IllegalArgumentException("attention data parallelism is not simulated with a decode pool of its own"
          + " engine");
    }
    InferenceScenario d = own.toBuilder().inputTokens(engine.inputTokens()).outputTokens(engine.outputTokens())
        .build();
    Prepared p = prepare(d, lastDecode);
    int seqs = dis.decodeMaxNumSeqs().orElseThrow();
    int tokens = dis.decodeMaxBatchedTokens().orElseThrow();
    long capacity = d.accelerator().memory().bytes();
    long reserve = (long) Math.ceil(capacity * d.memoryReserveFraction());
    double activations = p.config.roofline().activationBytes(tokens, seqs, 0, 0);
    double left = capacity - reserve - p.config.weightBytes() - activations;
    long perBlock = 16 * p.config.kvBytesPerTokenPerGpu();
    long b = perBlock <= 0 ? Long.MAX_VALUE / 4 : (long) Math.floor(left / perBlock);
    if (b < 1) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "decode pool: %s on %s with tp %d: weights (%.1f GB per GPU) and one step's activations leave no room for"
          + " the KV cache", d.model().id(), d.accelerator().id(), d.tp(), p.config.weightBytes() / 1e9));
    }
    return new DecodePool(d.tp(), p.cost, seqs, tokens, b, cudaGraphs(sim, 1, seqs, tokens), HostCost.of(d));
  }

  /**
   * Delays each request by the API front ends: {@code k} front ends share their CPU among the
   * requests they hold (processor sharing: each gets {@code min(1, k / n)} of a CPU while {@code n}
   * are held), each request needing {@code seconds} of it; with equal demands they leave in arrival
   * order. Sets each request's arrival at the engines to the time it leaves; its origin (from which
   * latencies count) stays. Arrivals must not decrease.
   */
  static void frontend(Requests q, double seconds, int k) {
    int n = q.size;
    if (!(seconds > 0) || n == 0) {
      return;
    }
    double[] attainedAtArrival = new double[n];
    double[] leave = new double[n];
    double t = 0;
    double attained = 0;
    int head = 0;
    int next = 0;
    while (head < n) {
      int held = next - head;
      if (held == 0) {
        t = Math.max(t, q.arrival[next]);
        attainedAtArrival[next++] = attained;
        continue;
      }
      double rate = Math.min(1.0, (double) k / held);
      double headLeaves = t + Math.max(0, seconds - (attained - attainedAtArrival[head])) / rate;
      if (next < n && q.arrival[next] < headLeaves) {
        double at = Math.max(t, q.arrival[next]);
        attained += (at - t) * rate;
        t = at;
        attainedAtArrival[next++] = attained;
      } else {
        attained += (headLeaves - t) * rate;
        t = headLeaves;
        leave[head++] = t;
      }
    }
    System.arraycopy(leave, 0, q.arrival, 0, n);
  }

  /**
   * Generates (or copies from the trace) the requests; returns how many were shortened to the context.
   * An engine that allows a long context ({@link InferenceScenario#allowLongContext()}, as vLLM's
   * VLLM_ALLOW_LONG_MAX_MODEL_LEN) runs requests past a context that is not a learned position table
   * unshortened.
   */
  private static int load(ServingSimulation sim, InferenceScenario engine, Requests q) {
    int maxLen = lengthCap(pastContextAllowed(engine) ? 0 : engine.model().embeddings().maxPositions());
    int clamped = 0;
    Trace trace = sim.arrivals().trace().orElse(null);
    if (trace != null) {
      for (int i = 0; i < trace.size(); i++) {
        int in = trace.promptTokens(i);
        int out = trace.outputTokens(i);
        int in2 = Math.min(in, maxLen - 1);
        int out2 = Math.min(out, maxLen - in2);
        clamped += in2 != in || out2 != out ? 1 : 0;
        q.add(trace.arrivalSeconds(i), in2, out2, trace.prefixId(i), Math.min(trace.prefixTokens(i), in2));
      }
      return clamped;
    }
    SplittableRandom root = new SplittableRandom(sim.seed());
    SplittableRandom arrivals = root.split();
    SplittableRandom inputs = root.split();
    SplittableRandom outputs = root.split();
    if (sim.arrivals().isClosedLoop()) {
      // s22a: the closed loop's requests, lengths drawn in the order they are sent; each one's arrival is set when
      // its client sends it (closedLoop)
      for (int i = 0; i < sim.arrivals().requests(); i++) {
        int in = sim.input().sample(inputs);
        int out = sim.output().sample(outputs);
        int in2 = Math.min(in, maxLen - 1);
        int out2 = Math.min(out, maxLen - in2);
        clamped += in2 != in || out2 != out ? 1 : 0;
        q.add(0, in2, out2, -1, 0);
      }
      return clamped;
    }
    double t = sim.arrivals().nextGap(arrivals);
    while (t < sim.durationSeconds()) {
      int in = sim.input().sample(inputs);
      int out = sim.output().sample(outputs);
      int in2 = Math.min(in, maxLen - 1);
      int out2 = Math.min(out, maxLen - in2);
      clamped += in2 != in || out2 != out ? 1 : 0;
      q.add(t, in2, out2, -1, 0);
      t += sim.arrivals().nextGap(arrivals);
    }
    return clamped;
  }

  /** Returns the longest request a context of {@code maxPositions} tokens takes (no cap for none, 0 or 1). */
  private static int lengthCap(long maxPositions) {
    return maxPositions > 1 && maxPositions < Integer.MAX_VALUE / 4 ? (int) maxPositions : Integer.MAX_VALUE / 4;
  }

  /** Returns whether the engine runs requests past its model's configured context unshortened. */
  private static boolean pastContextAllowed(InferenceScenario engine) {
    return engine.allowLongContext()
        && engine.model().embeddings().positions() != dev.llmcost.core.model.PositionEncoding.LEARNED;
  }

  /** Returns how many requests run past the model's configured context (only an engine that allows it has any). */
  private static int pastContext(InferenceScenario engine, Requests q) {
    long maxPositions = engine.model().embeddings().maxPositions();
    int past = 0;
    for (int i = 0; maxPositions > 0 && i < q.size; i++) {
      past += (long) q.prompt[i] + q.output[i] > maxPositions ? 1 : 0;
    }
    return past;
  }

  /**
   * Offers the requests in {@code order} to the pool's replicas as the router picks; with {@code batchOf} (s18k) a
   * request of the same batch as the one before it follows it, and the router picks per batch (round robin: batch
   * {@code k} to replica {@code k mod n}).
   */
  private static void route(Replica[] pool, Requests q, int[] order, int n, Router router, int @Nullable [] batchOf) {
    java.util.Map<Integer, Integer> affinity = router == Router.PREFIX_AWARE ? new java.util.HashMap<>() : null;
    int lastBatch = -1;
    int lastReplica = 0;
    for (int i = 0; i < n; i++) {
      int r = order[i];
      double t = q.arrival[r];
      int e;
      if (batchOf != null && batchOf[r] == lastBatch) {
        e = lastReplica;
        pool[e].advanceTo(t);
      } else if (batchOf != null && router == Router.ROUND_ROBIN) {
        e = batchOf[r] % pool.length;
        pool[e].advanceTo(t);
      } else if (pool.length == 1) {
        e = 0;
        pool[0].advanceTo(t);
      } else if (router == Router.ROUND_ROBIN) {
        e = i % pool.length;
        pool[e].advanceTo(t);
      } else {
        e = 0;
        int best = Integer.MAX_VALUE;
        for (int k = 0; k < pool.length; k++) {
          pool[k].advanceTo(t);
          int o = pool[k].outstanding();
          if (o < best) {
            best = o;
            e = k;
          }
        }
        if (affinity != null && q.prefixId[r] >= 0) {
          Integer home = affinity.get(q.prefixId[r]);
          if (home != null && pool[home].outstanding() - best <= Router.PREFIX_IMBALANCE) {
            e = home;
          }
          affinity.put(q.prefixId[r], e);
        }
      }
      if (batchOf != null) {
        lastBatch = batchOf[r];
        lastReplica = e;
      }
      pool[e].offer(r, t);
    }
    for (Replica e : pool) {
      e.drain();
    }
  }

  /**
   * Runs a closed loop of clients (s22a, {@link ArrivalProcess#closedLoop}) over the pool: request {@code i} (in the
   * table's order) is sent by the first client to be free, all clients free at t = 0; a client is free again when its
   * request's last token is produced plus the per-request overhead (the end the client sees) and the think time, or at
   * once when the engine refused the request. Completions are known only by running the engines, so the loop steps
   * the replica whose clock is earliest one step at a time until no replica with work is behind the next send;
   * a step that starts before a send runs without that request (it arrived during the step), one that would start at
   * or after it waits for the send, as {@link #route} offers generated arrivals. The replica is the router's pick
   * at the send (round robin by send order, else the fewest outstanding requests; no prefix ids here).
   */
  private static void closedLoop(Replica[] pool, Requests q, ArrivalProcess loop, Router router, double overhead) {
    int n = q.size;
    double think = loop.thinkSeconds();
    java.util.PriorityQueue<Double> free = new java.util.PriorityQueue<>();
    for (int c = 0; c < Math.min(loop.clients(), n); c++) {
      free.add(0.0);
    }
    int[] inFlight = new int[Math.max(1, Math.min(loop.clients(), n))];
    int flying = 0;
    int sent = 0;
    while (true) {
      double send = sent < n && !free.isEmpty() ? free.peek() : Double.POSITIVE_INFINITY;
      Replica behind = null;
      for (Replica e : pool) {
        if (e.hasWork() && e.now() < send && (behind == null || e.now() < behind.now())) {
          behind = e;
        }
      }
      if (behind != null) {
        // one step of the replica furthest behind: it starts before the next send, so that send cannot join it
        behind.advanceTo(Math.nextUp(behind.now()));
        for (int i = 0; i < flying; i++) {
          int r = inFlight[i];
          if (!Double.isNaN(q.finish[r])) {
            free.add(q.finish[r] + overhead + think);
            inFlight[i--] = inFlight[--flying];
          }
        }
        continue;
      }
      if (send == Double.POSITIVE_INFINITY) {
        break; // every request sent and every replica idle
      }
      free.poll();
      int r = sent++;
      q.arrival[r] = send;
      q.origin[r] = send;
      int e = 0;
      if (pool.length > 1) {
        if (router == Router.ROUND_ROBIN) {
          e = r % pool.length;
        } else {
          for (int k = 1; k < pool.length; k++) {
            if (pool[k].outstanding() < pool[e].outstanding()) {
              e = k;
            }
          }
        }
      }
      pool[e].advanceTo(send);
      pool[e].offer(r, send);
      if (q.rejected[r]) {
        free.add(send + think); // an error answered at once: the client goes on
      } else {
        inFlight[flying++] = r;
      }
    }
    for (Replica e : pool) {
      e.drain();
    }
  }

  /**
   * Returns a replica of {@code pp} pipeline stages run as TensorRT-LLM runs them (s15f, {@link PipelinedEngine}):
   * {@code pp} micro-batches in flight, each within {@code maxSeqs} sequences (TensorRT-LLM's {@code max_batch_size})
   * and {@code maxTokens} tokens, at most {@code maxSeqs × pp} requests active.
   */
  private static Replica pipelined(StepCost cost, Requests q, int pp, int maxSeqs, int maxTokens, long blocks,
      double sampleEvery, HostCost host) {
    return new PipelinedEngine(cost, q, pp, maxSeqs, maxTokens, blocks, sampleEvery, host);
  }

  /** Refuses a trace's prefix ids with pipeline stages: the pipelined engine has no prefix cache (s15f). */
  private static void refusePrefixIds(Requests q) {
    for (int i = 0; i < q.size; i++) {
      if (q.prefixId[i] >= 0) {
        throw new IllegalArgumentException("trace prefix ids (request " + i + ", prefix " + q.prefixId[i]
            + ") are not simulated with pipeline parallelism (pp > 1): the pipelined engine has no prefix cache");
      }
    }
  }

  /** The scheduler line of the assumptions for an engine of {@code pp > 1} stages (s15f). */
  private static String pipelineAssumption(int pp, int maxSeqs, int maxTokens, long blocks) {
    return String.format(Locale.ROOT, "scheduler as TensorRT-LLM's in-flight batching with pipeline parallelism"
        + " (s15f): %d micro-batches in flight (pp %d), each within %,d sequences and a budget of %,d tokens, holding"
        + " disjoint requests, at most %,d requests active; a generation request is scheduled again %d micro-batches"
        + " later (after its micro-batch left the last stage), a chunking prompt in the next one; new requests join in"
        + " arrival order with their prompt's KV blocks (16 tokens; %,d per GPU of a stage), prompts chunked first"
        + " come first served from the budget the generation tokens leave; when blocks run out the newest request"
        + " not in flight is paused and recomputed later. Each micro-batch passes the %d stages in turn, a stage's"
        + " pass the roofline's slowest stage (with the send of its activations to the next stage); its tokens come"
        + " when it leaves the last stage", pp, pp, maxSeqs, maxTokens, (long) maxSeqs * pp, pp, blocks, pp);
  }

  private SimulationResult result(ServingSimulation sim, InferenceScenario engine, Requests q, List<Replica> engines,
      int replicas, long blocks, int ranks, int maxSeqs, int maxTokens, int clamped, List<String> defaults,
      @Nullable SpeculativeDecoding spec, @Nullable Disaggregation dis, @Nullable KvTransfer transfer,
      long decodeBlocks) {
    double overhead = engine.overheads().perRequestSeconds();
    int n = q.size;
    double[] ttft = new double[n];
    double[] tpot = new double[n];
    double[] e2e = new double[n];
    int nt = 0;
    int np = 0;
    int ne = 0;
    long rejected = 0;
    long good = 0;
    long outputTokens = 0;
    double elapsed = 0;
    double[] byRequest = new double[n];
    for (int r = 0; r < n; r++) {
      if (q.rejected[r]) {
        rejected++;
        byRequest[r] = Double.NaN;
        continue;
      }
      double first = q.firstToken[r] - q.origin[r] + overhead;
      byRequest[r] = first;
      double end = q.finish[r] - q.origin[r] + overhead;
      ttft[nt++] = first;
      e2e[ne++] = end;
      outputTokens += q.output[r];
      elapsed = Math.max(elapsed, q.finish[r]);
      boolean ok = first <= sim.ttftSloSeconds();
      if (q.output[r] > 1) {
        double per = (q.finish[r] - q.firstToken[r]) / (q.output[r] - 1);
        tpot[np++] = per;
        ok &= per <= sim.tpotSloSeconds();
      }
      good += ok ? 1 : 0;
    }
    double busy = 0;
    long preemptions = 0;
    long steps = 0;
    LogHistogram itl = new LogHistogram();
    for (Replica e : engines) {
      e.sampleTo(elapsed);
      busy += e.busySeconds();
      preemptions += e.preemptions();
      steps += e.steps();
      itl.addAll(e.itl());
    }
    double sampleEvery = Math.max(sim.arrivals().trace().map(Trace::lastArrivalSeconds).orElse(sim.durationSeconds()),
        1e-3) / sim.samples();
    int samples = 0;
    for (Replica e : engines) {
      samples = Math.max(samples, e.samples());
    }
    List<OccupancySample> series = new ArrayList<>(samples);
    double inSystem = 0;
    for (int i = 0; i < samples; i++) {
      double kv = 0;
      int w = 0;
      int run = 0;
      for (Replica e : engines) {
        if (i < e.samples()) {
          kv += e.sampleKv()[i];
          w += e.sampleWaiting()[i];
          run += e.sampleRunning()[i];
        }
      }
      series.add(new OccupancySample(i * sampleEvery, kv / engines.size(), w, run));
      inSystem += w + run;
    }
    long completed = n - rejected;
    double seconds = Math.max(elapsed, 1e-12);
    List<String> a = assumptions(sim, engine, blocks, ranks, maxSeqs, maxTokens, clamped, pastContext(engine, q), spec,
        dis, transfer);
    if (!model.calibration().equals(InferenceCalibration.CALIBRATED)) {
      a.add("inference factors: " + model.calibration().source());
    }
    return new SimulationResult(
        sim,
        n,
        completed,
        rejected,
        elapsed,
        LatencySummary.of(ttft, nt),
        LatencySummary.of(tpot, np),
        LatencySummary.of(itl),
        LatencySummary.of(e2e, ne),
        completed / seconds,
        outputTokens / seconds,
        good / seconds,
        completed == 0 ? 0 : (double) good / completed,
        preemptions,
        engines.isEmpty() ? 0 : busy / (engines.size() * seconds),
        dis != null && dis.decodeEngine().isPresent() // s20c: a decode pool of its own tensor parallelism
            ? dis.prefillReplicas() * engine.tp() + dis.decodeReplicas() * dis.decodeEngine().get().tp()
            : replicas * engine.tp() * engine.pp(),
        blocks * ranks,
        maxSeqs,
        maxTokens,
        steps,
        samples == 0 ? 0 : inSystem / samples,
        series,
        a,
        defaults,
        byRequest,
        transfer == null ? null : transfer.perStream(),
        transfer == null ? "" : transfer.link(),
        decodeBlocks);
  }

  private static List<String> assumptions(ServingSimulation sim, InferenceScenario engine, long blocks, int ranks,
      int maxSeqs, int maxTokens, int clamped, int pastContext, @Nullable SpeculativeDecoding spec, @Nullable Disaggregation dis,
      @Nullable KvTransfer kv) {
    List<String> a = new ArrayList<>();
    if (sim.arrivals().isClosedLoop()) {
      // s22a: benchmark_serving.py --max-concurrency C --request-rate inf and its kin
      a.add(String.format(Locale.ROOT, "load: %s (the finished request's last token, plus the per-request overhead,"
          + " is when its client sees it end; a refused request frees its client at once); prompts %s, outputs %s, seed"
          + " %d; throughput over the time from the first send to the last completion (benchmark_serving's duration),"
          + " TPOT per request (end to end - TTFT) / (output - 1)", sim.arrivals(), sim.input(), sim.output(),
          sim.seed()));
    } else {
      a.add("load: " + sim.arrivals() + (sim.arrivals().trace().isPresent() ? ""
          : String.format(Locale.ROOT, " for %s s, prompts %s, outputs %s, seed %d", trim(sim.durationSeconds()),
              sim.input(), sim.output(), sim.seed())));
    }
    a.add(String.format(Locale.ROOT, "scheduler as vLLM v1: each step spends a budget of %,d tokens on one token per"
        + " decoding sequence, then on chunks of partially prefilled prompts, then on new requests in arrival order,"
        + " with at most %,d running sequences; KV cache in blocks of 16 tokens (%,d per replica: device",
        maxTokens, maxSeqs, blocks * ranks)
        + " memory less the reserve, the weights and one full step's activations); when blocks run out the newest"
        + " request is preempted and recomputed later, and no request is admitted in that step");
    if (engine.pp() > 1) {
      a.set(a.size() - 1, pipelineAssumption(engine.pp(), maxSeqs, maxTokens, blocks));
    }
    if (sim.prefillScheduling() == PrefillScheduling.SEPARATE) {
      a.add("separate prefill (vLLM V0 without chunked prefill): a scheduling point admits whole prompts in arrival"
          + " order within the budget, the sequence limit and the free blocks, and a step that admits any prefills"
          + " only them while the decoding sequences wait (Scheduler._schedule_default)");
    }
    if (sim.schedulerSteps() > 1) {
      a.add("multi-step scheduling (vLLM V0 num_scheduler_steps " + sim.schedulerSteps() + "): the scheduler runs"
          + " once per window of " + sim.schedulerSteps() + " decode steps, so a request arriving during a window is"
          + " admitted after it" + (sim.prefillScheduling() == PrefillScheduling.SEPARATE
              ? "; a prefill-only step is a window of one step" : ""));
    }
    sim.prefillGate().ifPresent(g -> a.add(g.describe()));
    if (sim.overlapScheduler()) {
      a.add("overlap scheduler (TensorRT-LLM PyTorch executor, _executor_loop_overlap; s16a): the next step is"
          + " scheduled while the GPU runs the current one, so a request arriving during a step is admitted no earlier"
          + " than the second step that starts after it; its first token leaves with the step that completes its"
          + " prompt");
    }
    if (ranks > 1) {
      a.add(String.format(Locale.ROOT, "attention data parallelism over %d ranks: each rank holds the KV cache of its"
          + " own sequences, %,d blocks per rank (%,d per replica above); a new request goes to the rank with the"
          + " fewest active prompt tokens among those below the balanced share of requests, at most %,d per rank"
          + " (TensorRT-LLM's attention-DP balancing), and preemption is within the rank", ranks, blocks,
          blocks * ranks, (maxSeqs + ranks - 1) / ranks));
      a.add("attention data parallelism in lock step (s15a): each rank decodes its own sequences and prefills the"
          + " prompts assigned to it, a prompt whole on its one rank; a step takes the slowest rank's attention,"
          + " dense and shared-expert work plus the routed experts, MoE collectives and overheads over every rank's"
          + " tokens (TensorRT-LLM's ADP-balance blog: the iteration time is the slowest rank's)");
      a.add(sim.attentionDpBalance().describe());
    }
    a.add("step time from the inference model's roofline: GEMMs and overheads by the step's tokens, output head by"
        + " the rows that sample, decode attention at the batch's mean context and prefill chunks' causal attention"
        + " (attention tables every 16 tokens, interpolated)");
    HostCost host = HostCost.of(engine);
    if (!host.isNone()) {
      a.add(String.format(Locale.ROOT, "host loop overlapped with the GPU (the engine's serving overheads, as the"
          + " analytic model charges them): %.1f µs per sequence in the step on each of %d scheduler%s%s; a step"
          + " takes max(GPU, host)", host.perSequenceSeconds() * 1e6, host.ranks(), host.ranks() == 1 ? "" : "s",
          host.eagerSeconds() > 0 ? String.format(Locale.ROOT, ", plus %.1f ms to launch a step that prefills a"
              + " prompt without a CUDA graph", host.eagerSeconds() * 1e3) : ""));
    }
    sim.batching().ifPresent(b -> a.add("harness batcher ahead of the engines (s18k): " + b + "; each batch goes"
        + " whole to the replica the router picks at its release, and TTFT counts from each request's arrival"));
    if (sim.frontendSecondsPerRequest() > 0) {
      int k = dis == null ? sim.replicas() : dis.prefillReplicas();
      a.add("API front end: " + trim(sim.frontendSecondsPerRequest() * 1e3) + " ms of CPU per request before the"
          + " engine sees it, " + k + " front end" + (k == 1 ? "" : "s") + " sharing their CPU among the requests"
          + " they hold (a burst of n requests reaches the engines after about n × that / " + k + ")");
    }
    a.add("per-request overhead of " + trim(engine.overheads().perRequestSeconds() * 1e3)
        + " ms added to TTFT and end-to-end latency (outside the engine)");
    a.add("percentiles: TTFT, TPOT and end to end exact order statistics with linear interpolation; ITL weighted by"
        + " the tokens sharing a gap, from a histogram of 1% logarithmic bins (within 0.5%);"
        + " throughput over the time to the last token; goodput counts requests within both objectives (TTFT <= "
        + trim(sim.ttftSloSeconds()) + " s, TPOT <= " + trim(sim.tpotSloSeconds()) + " s)");
    if (sim.replicas() > 1 && dis == null) {
      a.add(sim.replicas() + " replicas behind a " + sim.router().name().toLowerCase(Locale.ROOT).replace('_', ' ')
          + " router" + (sim.router() == Router.PREFIX_AWARE ? " (a prefix id follows the replica that served it"
          + " unless that replica has more than " + Router.PREFIX_IMBALANCE + " requests outstanding beyond the least"
          + " loaded; else the least outstanding)" : ""));
    }
    if (sim.prefixHitRate() > 0) {
      a.add(String.format(Locale.ROOT, "prefix caching: %.0f%% of each prompt (whole blocks, never the last token)"
          + " is in the cache, shared, and neither computed nor allocated again", 100 * sim.prefixHitRate()));
    }
    if (sim.arrivals().trace().isPresent()) {
      a.add("trace prefix ids: a prefix seen before on the same replica is cached (never evicted)");
    }
    if (spec != null) {
      a.add(String.format(Locale.ROOT, "speculative decoding with %s: k = %d draft tokens, acceptance %.2f, %.3f"
          + " tokens per step in expectation (Leviathan et al. 2023); each step runs k draft passes and one"
          + " target pass of k + 1 tokens per sequence; every sequence advances the expected tokens each step"
          + " (no per-step randomness); the draft's weights and KV cache share the memory",
          spec.isMultiTokenPrediction() ? "the model's multi-token-prediction module (" + spec.draft().id() + ")"
              : spec.draft().id(), spec.k(), spec.acceptance(), spec.expectedTokensPerStep()));
    }
    if (dis != null && kv != null) {
      a.add(String.format(Locale.ROOT, "disaggregated: %d prefill and %d decode replicas; after the first token the"
          + " prompt's KV cache crosses %s%s; a decode replica admits it with its cache (no recomputation unless"
          + " preempted)", dis.prefillReplicas(), dis.decodeReplicas(), kv.link(), kv.given() ? "" : " (chosen)"));
      dis.decodeEngine().ifPresent(d -> a.add(String.format(Locale.ROOT, "decode pool of its own engine: tp %d"
          + " (prefill pool tp %d), at most %,d sequences and a budget of %,d tokens per decode replica's step, its"
          + " KV blocks from its own memory (the same rule as above)", d.tp(), engine.tp(),
          dis.decodeMaxNumSeqs().orElseThrow(), dis.decodeMaxBatchedTokens().orElseThrow())));
      a.add(KvTransfer.assumption());
    }
    if (clamped > 0) {
      // the cap load() applied: the model's context, or the simulator's own where the engine allows a long context
      // or the context is beyond it
      long context = engine.model().embeddings().maxPositions();
      int cap = lengthCap(pastContextAllowed(engine) ? 0 : context);
      a.add(clamped + " requests shortened to " + (cap == context ? "the model's context of " + cap + " tokens"
          : "the simulator's longest request of " + cap + " tokens"));
    }
    if (pastContext > 0) {
      a.add(pastContext + " requests run past the model's configured context of "
          + engine.model().embeddings().maxPositions() + " tokens (allowLongContext)");
    }
    CudaGraphs graphs = cudaGraphs(sim, ranks, maxSeqs, maxTokens);
    if (!graphs.isNone()) {
      a.add("CUDA graphs padded (s16b): a step in which no " + (ranks > 1 ? "rank" : "request") + " prefills runs "
          + (ranks > 1 ? "every rank at the captured size at least the busiest rank's" : "at the captured size at"
          + " least its") + " decoding sequences, of " + graphs.sizes() + " per rank, dummy requests filling it"
          + " (GEMMs, experts, collectives and the output head over the padded rows, decode attention over the real"
          + " sequences; TensorRT-LLM's CUDAGraphRunner._get_padded_batch); a larger decode-only batch runs eagerly");
    }
    a.add("not simulated: " + (engine.pp() > 1 ? "" : "pipeline parallelism, ")
        + (graphs.isNone() ? "CUDA-graph padding, " : "") + "sampling and detokenisation time inside steps,"
        + " prefix-cache eviction, sliding-window block freeing");
    return a;
  }

  /**
   * Returns the CUDA graphs each engine captures (s16b): the simulation's sizes kept up to one rank's largest
   * decode-only batch, {@code min(⌈maxSeqs / ranks⌉, maxTokens / ranks)}.
   */
  private static CudaGraphs cudaGraphs(ServingSimulation sim, int ranks, int maxSeqs, int maxTokens) {
    int perRank = Math.max(1, Math.min((maxSeqs + ranks - 1) / ranks, maxTokens / ranks));
    return CudaGraphs.of(sim.cudaGraphBatchSizes(), perRank);
  }

  /**
   * Finds by simulation the fewest GPUs whose P99 TTFT and P99 TPOT meet the request's objectives at
   * its rate, in two phases that both start from the analytic {@link CapacityPlanner}'s answer:
   *
   * <ol>
   *   <li>for each tensor-parallel degree, co-located replicas behind a least-outstanding router,
   *       bisecting on the replicas from the analytic count (doubling first when it falls short, up
   *       to 16 times the analytic replicas or 64, whichever is more);
   *   <li>the rate search of Vidur-Search: for each tensor-parallel degree, each batch limit (the
   *       simulator's default and 256 and 64 below it, or the template's) and co-located or
   *       disaggregated prefill:decode units (1:1, 1:2, 1:3, 2:1, KV cache over the accelerator's
   *       network), {@link #maxRate} bisects on the rate one unit sustains from the analytic
   *       per-replica rate; the units needed for the rate are {@code ceil(rate / max rate)}, and the
   *       cheapest candidates are simulated at the full rate (one or two more units when short)
   *       before one is chosen.
   * </ol>
   *
   * <p>The answer is the fewest GPUs verified at the full rate, the first phase's on a tie. A
   * template whose arrivals are a trace runs the first phase only (its rate is the trace's). A template
   * whose engine behaviours apply only to an engine that prefills and decodes (vLLM V0's multi-step
   * scheduling or prefill-only steps, TensorRT-LLM's overlap scheduler) leaves the disaggregated units
   * out. Under the request's attention data parallelism every degree above 1 is simulated with {@code
   * ep = tp} and data-parallel attention, as the analytic plan's candidates are.
   *
   * @param request the load (its rate) and objectives (read as P99)
   * @param template the simulation settings (lengths, duration, seed, scheduler, features); its engine's
   *     tensor parallelism, its arrivals' rate, replicas and batch limit are replaced
   * @param progress receives one line per simulation, or null
   * @return the search's answer
   * @throws IllegalArgumentException if the template is disaggregated or its engine has pipeline stages
   */
  public SimulatedCapacity searchCapacity(CapacityRequest request, ServingSimulation template,
      @Nullable Consumer<String> progress) {
    if (template.disaggregation().isPresent()) {
      throw new IllegalArgumentException("searchCapacity searches co-located replicas; the template must not be"
          + " disaggregated");
    }
    if (template.arrivals().isClosedLoop()) {
      throw new IllegalArgumentException("searchCapacity searches for the request's rate; the template's arrivals must"
          + " not be a closed loop (" + template.arrivals() + ")");
    }
    if (template.engine().pp() != 1) {
      // the capacity plan and the GPU counts below are of tensor-parallel replicas of one stage
      throw new IllegalArgumentException("searchCapacity searches tensor-parallel replicas of one pipeline stage; the"
          + " template's engine has pp " + template.engine().pp());
    }
    if (request.decodePoolGiven()) {
      refuseDecodePool(request, template);
    }
    CapacityPlan plan = CapacityPlanner.of(model).plan(request);
    List<int[]> starts = new ArrayList<>();
    for (CapacityOption o : plan.options()) {
      starts.add(new int[] {o.tp(), o.replicas()});
    }
    if (starts.isEmpty()) {
      for (int tp : request.tpCandidates()) {
        starts.add(new int[] {tp, 1});
      }
    }
    List<String> trail = new ArrayList<>();
    int[] count = {0};
    SimulationResult best = null;
    int bestTp = 0;
    int bestReplicas = 0;
    long bestGpus = 0;
    for (int[] s : starts) {
      int tp = s[0];
      ServingSimulation base;
      try {
        InferenceScenario engine = engineAt(request, template, tp);
        ServingSimulation.Builder b = template.toBuilder(engine)
            .arrivals(template.arrivals().trace().isPresent() ? template.arrivals()
                : ArrivalProcess.gamma(request.requestsPerSecond(), template.arrivals().cv()))
            .ttftSloSeconds(request.ttftSloSeconds()).tpotSloSeconds(request.tpotSloSeconds())
            .router(Router.LEAST_OUTSTANDING);
        base = b.build();
      } catch (IllegalArgumentException e) {
        trail.add("tp " + tp + ": " + e.getMessage());
        continue;
      }
      int limit = Math.max(1, Math.min(Math.max(64, 16 * s[1]), Integer.MAX_VALUE / Math.max(1, tp)));
      java.util.function.IntFunction<@Nullable SimulationResult> run = replicas -> {
        count[0]++;
        SimulationResult r;
        try {
          r = simulate(base.toBuilder().replicas(replicas).build());
        } catch (IllegalArgumentException e) {
          trail.add("tp " + tp + " × " + replicas + ": " + e.getMessage());
          if (progress != null) {
            progress.accept(trail.get(trail.size() - 1));
          }
          return null;
        }
        int gpus = tp * replicas;
        String line = String.format(Locale.ROOT, "tp %d × %d replica%s (%d GPU%s): P99 TTFT %.3f s, P99 TPOT %.4f s: %s",
            tp, replicas, replicas == 1 ? "" : "s", gpus, gpus == 1 ? "" : "s", r.ttft().p99(), r.tpot().p99(),
            r.meetsObjectives() ? "meets" : "misses");
        trail.add(line);
        if (progress != null) {
          progress.accept(line);
        }
        return r;
      };
      int start = Math.min(limit, Math.max(1, s[1]));
      SimulationResult atStart = run.apply(start);
      if (atStart == null) {
        continue;
      }
      int good;
      SimulationResult goodResult;
      int bad;
      if (atStart.meetsObjectives()) {
        good = start;
        goodResult = atStart;
        bad = 0;
      } else {
        bad = start;
        int step = Math.max(1, start);
        int next = start + step;
        SimulationResult r = null;
        while (next <= limit) {
          r = run.apply(next);
          if (r == null || r.meetsObjectives()) {
            break;
          }
          bad = next;
          step *= 2;
          next = bad + step;
          if (atStart.tpot().p99() > request.tpotSloSeconds() && r.ttft().p99() <= request.ttftSloSeconds()
              && replicasDoNotHelp(atStart, r)) {
            break;
          }
        }
        if (r == null || !r.meetsObjectives()) {
          continue;
        }
        good = next;
        goodResult = r;
      }
      while (good - bad > 1) {
        int mid = (good + bad) >>> 1;
        SimulationResult r = run.apply(mid);
        if (r != null && r.meetsObjectives()) {
          good = mid;
          goodResult = r;
        } else {
          bad = mid;
        }
      }
      if (best == null || tp * good < bestGpus
          || (tp * good == bestGpus && goodResult.endToEnd().p99() < best.endToEnd().p99())) {
        best = goodResult;
        bestTp = tp;
        bestReplicas = good;
        bestGpus = (long) tp * good;
      }
    }
    // the rate search: the highest rate of each deployment unit (tp, batch limit, co-located or
    // disaggregated with a prefill:decode ratio), units needed for the rate, the cheapest verified
    List<DeploymentRate> units = new ArrayList<>();
    int bestPrefill = 0;
    int bestDecode = 0;
    int bestDecodeTp = 0;
    for (int[] s : template.arrivals().trace().isPresent() ? List.<int[]>of() : starts) {
      int tp = s[0];
      InferenceScenario engine;
      try {
        engine = engineAt(request, template, tp);
      } catch (IllegalArgumentException e) {
        continue;
      }
      ServingSimulation base = template.toBuilder(engine).replicas(1)
          .ttftSloSeconds(request.ttftSloSeconds()).tpotSloSeconds(request.tpotSloSeconds())
          .router(Router.LEAST_OUTSTANDING).build();
      double perReplica = request.requestsPerSecond() / Math.max(1, s[1]);
      for (CapacityOption o : plan.options()) {
        if (o.tp() == tp && o.requestsPerSecondPerReplica() > 0) {
          perReplica = o.requestsPerSecondPerReplica();
        }
      }
      for (int seqs : batchCandidates(template, engine)) {
        ServingSimulation unit = seqs > 0 ? base.toBuilder().maxNumSeqs(seqs).build() : base;
        units.add(maxRate(unit, perReplica, progress));
        count[0] += units.get(units.size() - 1).simulations();
      }
      Disaggregation pools = Disaggregation.of(1, 1);
      if (request.decodePoolGiven()) {
        // s21b: the decode replicas run the engine at the request's decode tp (else this unit's) under the request's
        // decode limits (else the template's limits, else the simulator's defaults for the decode engine)
        int decodeTp = request.decodeTp().orElse(tp);
        try {
          InferenceScenario decodeEngine = engineAt(request, template, decodeTp);
          int seqs = request.decodeMaxNumSeqs().orElse(template.maxNumSeqs().orElse(defaultMaxNumSeqs(decodeEngine)));
          int tokens = request.decodeMaxBatchedTokens().orElse(template.maxBatchedTokens()
              .orElse(defaultMaxBatchedTokens(decodeEngine, seqs)));
          pools = pools.withDecodePool(decodeEngine, seqs, tokens);
        } catch (IllegalArgumentException e) {
          trail.add("tp " + tp + ", decode tp " + decodeTp + ": " + e.getMessage());
          continue;
        }
      }
      for (int[] ratio : colocatedOnly(template) ? new int[0][] : DISAGGREGATION_RATIOS) {
        ServingSimulation unit = base.toBuilder().disaggregation(pools.withReplicas(ratio[0], ratio[1])).build();
        units.add(maxRate(unit, perReplica * (ratio[0] + ratio[1]) / 2, progress));
        count[0] += units.get(units.size() - 1).simulations();
      }
    }
    for (DeploymentRate u : units) {
      trail.addAll(u.trail());
    }
    List<DeploymentRate> ranked = new ArrayList<>(units.stream().filter(u -> u.maxRequestsPerSecond() > 0).toList());
    ranked.sort(java.util.Comparator.comparingLong((DeploymentRate u) -> unitsFor(request, u) * u.gpus())
        .thenComparing(u -> u.atMax().map(r -> r.endToEnd().p99()).orElse(Double.MAX_VALUE)));
    int verified = 0;
    for (DeploymentRate u : ranked) {
      long n = unitsFor(request, u);
      if (best != null && n * u.gpus() >= bestGpus) {
        break;
      }
      if (verified++ >= 4) {
        break;
      }
      for (long k = n; k <= n + 2 && k * u.gpus() < (best == null ? Long.MAX_VALUE : bestGpus); k++) {
        InferenceScenario engine = engineAt(request, template, u.tp());
        ServingSimulation.Builder b = template.toBuilder(engine)
            .arrivals(ArrivalProcess.gamma(request.requestsPerSecond(), template.arrivals().cv()))
            .ttftSloSeconds(request.ttftSloSeconds()).tpotSloSeconds(request.tpotSloSeconds())
            .router(Router.LEAST_OUTSTANDING).maxNumSeqs(u.maxNumSeqs());
        if (u.disaggregated()) {
          Disaggregation d = u.atMax().flatMap(r -> r.simulation().disaggregation()).orElseThrow();
          b.disaggregation(d.withReplicas((int) k * u.prefillReplicas(), (int) k * u.decodeReplicas()));
        } else {
          b.replicas((int) k);
        }
        count[0]++;
        SimulationResult r;
        try {
          r = simulate(b.build());
        } catch (IllegalArgumentException e) {
          trail.add(k + " × (" + u.describe() + "): " + e.getMessage());
          break;
        }
        String line = String.format(Locale.ROOT, "%d × (%s) at %s req/s: P99 TTFT %.3f s, P99 TPOT %.4f s: %s", k,
            u.describe(), trim(request.requestsPerSecond()), r.ttft().p99(), r.tpot().p99(),
            r.meetsObjectives() ? "meets" : "misses");
        trail.add(line);
        if (progress != null) {
          progress.accept(line);
        }
        if (r.meetsObjectives()) {
          best = r;
          bestTp = u.tp();
          bestReplicas = (int) k * (u.disaggregated() ? u.prefillReplicas() + u.decodeReplicas() : 1);
          bestPrefill = u.disaggregated() ? (int) k * u.prefillReplicas() : 0;
          bestDecode = u.disaggregated() ? (int) k * u.decodeReplicas() : 0;
          bestDecodeTp = u.decodeTp();
          bestGpus = k * u.gpus();
          break;
        }
      }
    }
    return new SimulatedCapacity(plan, best, bestTp, bestReplicas, bestPrefill, bestDecode,
        bestDecode > 0 ? bestDecodeTp : 0, count[0], trail, units);
  }

  /**
   * Refuses a request whose decode pool of its own ({@link CapacityRequest#decodePoolGiven()}, s21b) the search
   * could not simulate: the rate search that holds the disaggregated units runs only on generated arrivals and
   * engines that both prefill and decode in a step of any kind, and {@link #decodePool} refuses speculative decoding
   * and attention data parallelism with it.
   */
  private static void refuseDecodePool(CapacityRequest request, ServingSimulation template) {
    if (template.arrivals().trace().isPresent()) {
      throw new IllegalArgumentException("decode pool of its own: the rate search that simulates the disaggregated"
          + " units does not run on a trace");
    }
    if (colocatedOnly(template)) {
      throw new IllegalArgumentException("decode pool of its own: the template's engine behaviours (multi-step"
          + " scheduling, prefill-only steps or the overlap scheduler) leave the disaggregated units out");
    }
    if (template.speculative().isPresent()) {
      throw new IllegalArgumentException("decode pool of its own: speculative decoding is not simulated with a decode"
          + " pool of its own engine");
    }
    if (request.attentionDataParallel()) {
      throw new IllegalArgumentException("decode pool of its own: attention data parallelism is not simulated with a"
          + " decode pool of its own engine");
    }
  }

  /** Prefill:decode replica ratios of the disaggregated units the capacity search tries. */
  private static final int[][] DISAGGREGATION_RATIOS = {{1, 1}, {1, 2}, {1, 3}, {2, 1}};

  /**
   * Returns the engine of one tensor-parallel degree of a capacity search: the template's, with {@code tp} and batch
   * 1, and under the request's attention data parallelism expert parallelism {@code ep = tp} with attention
   * data-parallel above tp 1, as {@link CapacityRequest#scenario} builds the analytic plan's candidates.
   */
  private static InferenceScenario engineAt(CapacityRequest request, ServingSimulation template, int tp) {
    InferenceScenario.Builder b = template.engine().toBuilder().tp(tp).batch(1);
    if (request.attentionDataParallel()) {
      b.ep(tp).attentionDataParallel(tp > 1).expertCommunication(request.expertCommunication());
    }
    return b.build();
  }

  /**
   * Returns whether the template's engine behaviours apply to engines that prefill and decode in one stage only (vLLM
   * V0's multi-step scheduling or prefill-only steps, TensorRT-LLM's overlap scheduler), so that the capacity search
   * leaves disaggregated units out ({@code ServingSimulation.Builder.build} refuses them with disaggregation).
   */
  private static boolean colocatedOnly(ServingSimulation template) {
    return template.schedulerSteps() > 1 || template.prefillScheduling() != PrefillScheduling.MIXED
        || template.overlapScheduler();
  }

  /** Units of a deployment needed for the request's rate. */
  private static long unitsFor(CapacityRequest request, DeploymentRate u) {
    return (long) Math.ceil(request.requestsPerSecond() / u.maxRequestsPerSecond() - 1e-9);
  }

  /**
   * Batch limits the capacity search tries: the template's when it sets one, else the simulator's
   * default for the GPU and the smaller of 256 and 64 below it (a smaller batch trades rate for
   * TPOT).
   */
  private static List<Integer> batchCandidates(ServingSimulation template, InferenceScenario engine) {
    if (template.maxNumSeqs().isPresent()) {
      return List.of(template.maxNumSeqs().getAsInt());
    }
    int def = defaultMaxNumSeqs(engine);
    List<Integer> c = new ArrayList<>(List.of(0));
    for (int b : new int[] {256, 64}) {
      if (b < def) {
        c.add(b);
      }
    }
    return c;
  }

  /** Most requests one simulation of the rate search generates (the bisection stops raising the rate there). */
  static final int RATE_SEARCH_MAX_REQUESTS = 400_000;

  /**
   * Finds by bisection the highest request rate at which one deployment unit keeps its P99 TTFT and
   * P99 TPOT within the simulation's objectives, as Vidur-Search does: from {@code startRate} the
   * rate doubles (or halves) until it brackets the answer, then the bracket is halved until it is
   * within 2% (at most 40 simulations). Each simulation has the unit's arrival shape (its
   * coefficient of variation), duration, lengths and seed at the trial rate.
   *
   * @param unit the deployment: its engine, replicas or disaggregated pools, batch limits and objectives
   * @param startRate the first rate tried, requests per second (the analytic capacity is a good start)
   * @param progress receives one line per simulation, or null
   * @return the highest rate found and the simulation there
   * @throws IllegalArgumentException if the unit's arrivals are a trace, or startRate is not positive
   */
  public DeploymentRate maxRate(ServingSimulation unit, double startRate, @Nullable Consumer<String> progress) {
    if (unit.arrivals().trace().isPresent()) {
      throw new IllegalArgumentException("maxRate varies the arrival rate; the unit's arrivals must not be a trace");
    }
    if (unit.arrivals().isClosedLoop()) {
      throw new IllegalArgumentException("maxRate varies the arrival rate; the unit's arrivals must not be a closed"
          + " loop (" + unit.arrivals() + ")");
    }
    if (!(startRate > 0) || Double.isInfinite(startRate)) {
      throw new IllegalArgumentException("startRate must be > 0 and finite, was " + startRate);
    }
    Disaggregation dis = unit.disaggregation().orElse(null);
    int tp = unit.engine().tp();
    String name = "tp " + tp + (dis != null ? ", " + dis.prefillReplicas() + ":" + dis.decodeReplicas()
        + " disaggregated" + dis.decodeEngine().map(e -> ", decode tp " + e.tp()).orElse("")
        : unit.replicas() > 1 ? " × " + unit.replicas() : "");
    double cap = RATE_SEARCH_MAX_REQUESTS / unit.durationSeconds();
    List<String> trail = new ArrayList<>();
    int[] count = {0};
    int[] seqs = {unit.maxNumSeqs().orElse(0)};
    java.util.function.DoubleFunction<@Nullable SimulationResult> run = rate -> {
      count[0]++;
      SimulationResult r;
      try {
        r = simulate(unit.toBuilder().arrivals(ArrivalProcess.gamma(rate, unit.arrivals().cv())).build());
      } catch (IllegalArgumentException e) {
        trail.add(name + " at " + trim(rate) + " req/s: " + e.getMessage());
        return null;
      }
      seqs[0] = r.maxNumSeqs();
      String line = String.format(Locale.ROOT, "%s at %s req/s: P99 TTFT %.3f s, P99 TPOT %.4f s: %s", name,
          trim(rate), r.ttft().p99(), r.tpot().p99(), r.meetsObjectives() ? "meets" : "misses");
      trail.add(line);
      if (progress != null) {
        progress.accept(line);
      }
      return r;
    };
    double lo = 0;
    double hi = Double.POSITIVE_INFINITY;
    SimulationResult atLo = null;
    double rate = Math.min(startRate, cap);
    while (count[0] < 40) {
      SimulationResult r = run.apply(rate);
      if (r == null) {
        break;
      }
      if (r.meetsObjectives()) {
        lo = rate;
        atLo = r;
      } else {
        hi = rate;
      }
      if (hi == Double.POSITIVE_INFINITY) {
        if (rate >= cap) {
          break;
        }
        rate = Math.min(cap, 2 * rate);
      } else if (lo == 0) {
        if (rate < 1e-4) {
          break;
        }
        rate = rate / 2;
      } else if (hi - lo > 0.02 * hi) {
        rate = (lo + hi) / 2;
      } else {
        break;
      }
    }
    int p = dis == null ? 0 : dis.prefillReplicas();
    int d = dis == null ? 0 : dis.decodeReplicas();
    return new DeploymentRate(tp, seqs[0], p, d, lo, atLo, count[0], trail,
        dis == null ? 0 : dis.decodeEngine().map(InferenceScenario::tp).orElse(0), dis == null ? 0
            : dis.decodeMaxNumSeqs().orElse(0));
  }

  /** Returns whether more replicas left the P99 TPOT where it was (it is set by the batch, not by queueing). */
  private static boolean replicasDoNotHelp(SimulationResult fewer, SimulationResult more) {
    return more.tpot().p99() > 0.98 * fewer.tpot().p99() && more.tpot().p99() > more.simulation().tpotSloSeconds();
  }

  private static String trim(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v)
        : java.math.BigDecimal.valueOf(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
  }
}
