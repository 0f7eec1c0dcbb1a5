package dev.llmcost.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.cli.chart.ChartWriter;
import dev.llmcost.cli.chart.Charts;
import dev.llmcost.core.Bandwidth;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.inference.InferenceScenario;
import dev.llmcost.costmodel.serving.ArrivalProcess;
import dev.llmcost.costmodel.serving.Disaggregation;
import dev.llmcost.costmodel.serving.LatencySummary;
import dev.llmcost.costmodel.serving.LengthDistribution;
import dev.llmcost.costmodel.serving.OccupancySample;
import dev.llmcost.costmodel.serving.Router;
import dev.llmcost.costmodel.serving.ServingSimulation;
import dev.llmcost.costmodel.serving.ServingSimulator;
import dev.llmcost.costmodel.serving.SimulationResult;
import dev.llmcost.costmodel.inference.SpeculativeDecoding;
import dev.llmcost.costmodel.serving.Trace;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.knowm.xchart.XYChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code llmcost simulate}: a request-by-request simulation of serving a load. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Simulates serving a load request by request (continuous batching as vLLM v1 schedules it: token budget,"
          + " chunked prefill, KV-cache blocks, preemption), with step times from the inference model: TTFT, TPOT,"
          + " inter-token latency and end-to-end latency at P50/P90/P99, throughput, goodput and KV-cache occupancy.",
      "Use 'capacity' for a quick steady-state answer; 'simulate' for percentiles under bursts, long-tailed lengths,"
          + " prefix caching, speculative decoding, disaggregated prefill and decode or attention data parallelism"
          + " (--ep, --attention-dp, as for 'infer')."
    })
public final class SimulateCommand implements Callable<Integer> {

  /** Most requests one simulation may generate (rate × duration). */
  static final long MAX_REQUESTS = 20_000_000;

  @Option(names = "--model", required = true,
      description = "Catalog id (see 'llmcost catalog models') or path to a HuggingFace config.json.")
  String model;

  @Option(names = "--accelerator", required = true, description = "Accelerator id (see 'llmcost catalog accelerators'), or a JSON file in the catalog's format: of one accelerator, or FILE.json#ID for one of several.")
  String accelerator;

  @Option(names = "--rps", description = "Mean arriving requests per second (required unless --trace or --concurrency).")
  @Nullable Double rps;

  @Option(names = "--concurrency", paramLabel = "C",
      description = "A closed loop of C clients instead of --rps or --trace, as benchmark_serving.py --max-concurrency C"
          + " --request-rate inf runs it: all C send at once at t = 0, and each sends its next request when its"
          + " previous one completes; --requests in all (1 to 1000000).")
  @Nullable Integer concurrency;

  @Option(names = "--requests", paramLabel = "N",
      description = "Requests a --concurrency loop sends in all (default 10 x C, as InferenceX's --num-prompts).")
  @Nullable Integer requests;

  @Option(names = "--think-ms",
      description = "A --concurrency client's wait between a completion and its next request, ms (default 0).")
  @Nullable Double thinkMs;

  @Option(names = "--burstiness", defaultValue = "1",
      description = "Coefficient of variation of the gaps between arrivals: 1 is Poisson, above 1 bursty (gamma)"
          + " (default ${DEFAULT-VALUE}).")
  double burstiness;

  @Option(names = "--input-dist",
      description = "Prompt lengths: fixed:N, uniform:MIN,MAX or lognormal:MEDIAN,SIGMA (default fixed:1024).")
  @Nullable String inputDist;

  @Option(names = "--output-dist",
      description = "Output lengths: fixed:N, uniform:MIN,MAX or lognormal:MEDIAN,SIGMA (default fixed:256).")
  @Nullable String outputDist;

  @Option(names = "--duration", description = "Seconds of arrivals (default 600; ignored with --trace).")
  @Nullable Double duration;

  @Option(names = "--trace",
      description = "Requests from a file: JSON Lines or CSV (.csv) with arrival, prompt_tokens, output_tokens"
          + " [, prefix_id, prefix_tokens].")
  @Nullable Path trace;

  @Option(names = "--replicas", defaultValue = "1", description = "Engine replicas (default ${DEFAULT-VALUE}).")
  int replicas;

  @Option(names = "--charts", paramLabel = "DIR",
      description = "Also draw latency percentiles against request rate: the same load simulated at 1/8, 1/4, 1/2, 3/4,"
          + " 1, 1.25, 1.5 and 2 times --rps, written as latency-vs-rate-ttft and latency-vs-rate-tpot (PNG and SVG) in"
          + " DIR (created if missing); not with --trace.")
  @Nullable Path charts;

  /** The multiples of {@code --rps} that {@code --charts} simulates. */
  static final double[] CHART_RATE_FACTORS = {0.125, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 2};

  @Option(names = "--router", defaultValue = "round-robin",
      description = "How requests reach replicas: round-robin, least-outstanding or prefix-aware (a trace's prefix"
          + " id follows the replica that cached it while the load stays balanced) (default ${DEFAULT-VALUE}).")
  String router;

  @Option(names = "--tp", defaultValue = "1", description = "Tensor-parallel GPUs per replica (default ${DEFAULT-VALUE}).")
  int tp;

  @Option(names = "--pp", defaultValue = "1",
      description = "Pipeline-parallel stages per replica, run as TensorRT-LLM's in-flight batching runs them (pp"
          + " micro-batches in flight); not with --spec-*, --prefix-hit-rate or --disaggregate (default ${DEFAULT-VALUE}).")
  int pp;

  @Mixin EngineBehaviourOptions engineOptions;

  @Mixin ExpertParallelOptions moe;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the arrivals and lengths (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--frontend-ms",
      description = "CPU time of the API front end per request before the engine sees it, shared by the requests a"
          + " replica's front end holds (default 0: none; the serving validation fits about 3 ms for vLLM's and"
          + " Triton's OpenAI-style servers).")
  @Nullable Double frontendMs;

  @Option(names = "--max-num-seqs", description = "Most running sequences per replica (default: vLLM v1's for the GPU).")
  @Nullable Integer maxNumSeqs;

  @Option(names = "--max-batched-tokens", description = "Token budget per step (default: vLLM v1's for the GPU).")
  @Nullable Integer maxBatchedTokens;

  @Option(names = "--prefix-hit-rate", defaultValue = "0",
      description = "Fraction of each prompt found in the prefix cache (default ${DEFAULT-VALUE}).")
  double prefixHitRate;

  @Option(names = "--spec-k", description = "Speculative decoding: draft tokens per step (1 to 16).")
  @Nullable Integer specK;

  @Option(names = "--spec-acceptance", description = "Speculative decoding: acceptance rate of a draft token, in [0, 1).")
  @Nullable Double specAcceptance;

  @Option(names = "--spec-draft", description = "Speculative decoding: mtp (the model's own multi-token-prediction layers;"
      + " --spec-k 1 and --spec-acceptance 0.85 unless given) or a draft model (default llama-3.2-1b).")
  @Nullable String specDraft;

  @Option(names = "--disaggregate", description = "Disaggregated serving: PREFILL:DECODE replicas, such as 1:2.")
  @Nullable String disaggregate;

  @Option(names = "--kv-link-gbps",
      description = "GB/s each GPU sends a prompt's KV cache with when disaggregated (default: as capacity"
          + " --disaggregated, the scale-up link when both pools fit one scale-up domain, else the network, at the"
          + " efficiency profile's fractions; printed with the reason).")
  @Nullable Double kvLinkGbps;

  @Mixin DecodePoolOptions decodeOptions;

  @Option(names = "--ttft-slo", defaultValue = "1.0",
      description = "TTFT objective for goodput and P99, seconds (default ${DEFAULT-VALUE}).")
  double ttftSlo;

  @Option(names = "--tpot-slo", defaultValue = "0.05",
      description = "TPOT objective for goodput and P99, seconds (default ${DEFAULT-VALUE}).")
  double tpotSlo;

  @Option(names = "--weights", description = "Weight storage (as for 'infer'; default: the model's 16-bit type).")
  @Nullable String weights;

  @Option(names = "--expert-weights", description = InferCommand.EXPERT_WEIGHTS_HELP)
  @Nullable String expertWeights;

  @Option(names = "--attention-weights", description = InferCommand.ATTENTION_WEIGHTS_HELP)
  @Nullable String attentionWeights;

  @Option(names = "--attention-output-weights", description = InferCommand.ATTENTION_OUTPUT_WEIGHTS_HELP)
  @Nullable String attentionOutputWeights;

  @Option(names = "--allow-long-context",
      description = "Run requests past the model's configured context (max_position_embeddings) unshortened, as vLLM's"
          + " VLLM_ALLOW_LONG_MAX_MODEL_LEN=1 lets an engine; the assumptions then count them. Rotary and other computed"
          + " positions only: with a learned position table (GPT-2) requests are shortened all the same.")
  boolean allowLongContext;

  @Option(names = "--kv-cache", description = "KV-cache type (default: the 16-bit type).")
  @Nullable String kvCache;

  @Option(names = "--host-us-per-eager-layer", description = InferCommand.HOST_US_PER_EAGER_LAYER_HELP)
  @Nullable Double hostMicrosPerEagerLayer;

  @Option(names = "--fused-allreduce", description = InferCommand.FUSED_ALLREDUCE_HELP)
  boolean fusedAllReduce;

  @Mixin JsonOption json;

  @Mixin AssumeLlamaOption assumeLlama;

  @Mixin InferenceProfileOption inferenceProfile;

  @Spec CommandSpec spec;

  static double positive(String option, double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(option + " must be > 0 and finite, was " + v);
    }
    return v;
  }

  /**
   * Refuses a load whose expected arrivals exceed {@link #MAX_REQUESTS}. Gaps of mean {@code 1/rps} and coefficient
   * of variation {@code cv} (a gamma renewal process) bring {@code rps × duration + (cv² − 1)/2 + o(1)} arrivals into
   * {@code (0, duration]} in expectation (the renewal function's asymptote {@code t/μ + (σ² − μ²)/(2μ²)}, D. R. Cox,
   * Renewal Theory, 1962), so a burstiness far above 1 piles arrivals up at the start however low the rate:
   * {@code --burstiness 1e10} drew arrivals with zero gaps until the heap ran out.
   */
  static void boundedLoad(Object rpsText, double rate, double duration, double cv) {
    double renewal = Math.max(0, (cv * cv - 1) / 2);
    double expected = rate * duration + renewal;
    if (expected <= MAX_REQUESTS) {
      return;
    }
    if (rate * duration > MAX_REQUESTS || renewal == 0) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "--rps %s × --duration %s = %s requests; at most %,d per simulation", rpsText, duration,
          count(rate * duration), MAX_REQUESTS));
    }
    throw new IllegalArgumentException(String.format(Locale.ROOT,
        "--burstiness %s at --rps %s over --duration %s brings about %s requests (rate × duration + (burstiness² − 1)/2,"
            + " the expected arrivals of gamma gaps); at most %,d per simulation, so --burstiness must be at most %s"
            + " here", cv, rpsText, duration, count(expected), MAX_REQUESTS,
        Text.fixed(Math.sqrt(2 * (MAX_REQUESTS - rate * duration) + 1), 0)));
  }

  /**
   * The refusal of a simulation in which no request finished, whose latencies and throughput would all print as zero:
   * no request arrived (a rate and duration, or a burstiness, that bring none), or every one was rejected because its
   * prompt and output never fit one replica's KV cache (blocks of 16 tokens, vLLM's default block size).
   */
  private String nothingCompleted(SimulationResult r, ServingSimulation sim) {
    if (r.requests() == 0) {
      return String.format(Locale.ROOT, "no request arrives within --duration %s at --rps %s%s, so nothing is"
          + " simulated; raise --rps or --duration", sim.durationSeconds(), rps,
          burstiness == 1 ? "" : " with --burstiness " + burstiness);
    }
    return String.format(Locale.ROOT, "all %s requests were rejected: a request's prompt and output must fit one"
        + " replica's KV cache, %s blocks of 16 tokens (%s tokens) of %s at --tp %d%s; shorten %s, raise --tp or store"
        + " the KV cache in fewer bytes (--kv-cache)", Text.grouped(r.requests()),
        Text.grouped(r.kvCacheBlocksPerReplica()), Text.grouped(16 * r.kvCacheBlocksPerReplica()),
        sim.engine().accelerator().id(), tp, pp == 1 ? "" : " --pp " + pp, trace != null ? "the trace's requests" : "--input-dist or --output-dist");
  }

  /**
   * Returns the closed loop of {@code --concurrency} clients (s22a), refusing, naming the option, what it excludes: the
   * open arrivals' options (--rps, --trace, --burstiness, --duration, --charts) and the stages the simulator does not
   * run with a closed loop (--frontend-ms, --disaggregate).
   */
  private ArrivalProcess closedLoop(Defaults defaults) {
    int c = concurrency;
    if (c < 1 || c > ArrivalProcess.MAX_CLIENTS) {
      throw new IllegalArgumentException("--concurrency must be in [1, " + ArrivalProcess.MAX_CLIENTS + "], was " + c);
    }
    @Nullable String other = rps != null ? "--rps" : trace != null ? "--trace" : charts != null ? "--charts"
        : duration != null ? "--duration" : given("--burstiness") ? "--burstiness"
        : frontendMs != null && frontendMs != 0 ? "--frontend-ms" : disaggregate != null ? "--disaggregate" : null;
    if (other != null) {
      throw new IllegalArgumentException("--concurrency and " + other + " exclude each other: "
          + (other.equals("--frontend-ms") || other.equals("--disaggregate")
              ? "the closed loop is simulated without it" : "the closed loop's clients give the arrivals"));
    }
    int n;
    if (requests != null) {
      n = requests;
      if (n < 1 || n > ArrivalProcess.MAX_CLOSED_LOOP_REQUESTS) {
        throw new IllegalArgumentException("--requests must be in [1, " + ArrivalProcess.MAX_CLOSED_LOOP_REQUESTS
            + "], was " + n);
      }
    } else {
      n = (int) Math.min(ArrivalProcess.MAX_CLOSED_LOOP_REQUESTS, 10L * c);
      defaults.add("--requests", Text.grouped(n) + " (10 x --concurrency)");
    }
    double think = 0;
    if (thinkMs != null) {
      if (!(thinkMs >= 0) || thinkMs > 3_600_000) {
        throw new IllegalArgumentException("--think-ms must be in [0, 3600000], was " + thinkMs);
      }
      think = thinkMs / 1e3;
    }
    return ArrivalProcess.closedLoop(c, n, think);
  }

  private boolean given(String option) {
    return spec != null && spec.commandLine() != null && spec.commandLine().getParseResult() != null
        && spec.commandLine().getParseResult().hasMatchedOption(option);
  }

  /**
   * Refuses, naming the option, what the pipelined engine does not simulate (s15f: TensorRT-LLM's micro-batches run
   * without speculative decoding, prefix caching or disaggregation; {@code ServingSimulation.Builder.build}).
   */
  private void refusedWithPipeline(boolean speculative) {
    if (pp <= 1) {
      return;
    }
    @Nullable String option = speculative ? "speculative decoding (--spec-k, --spec-acceptance, --spec-draft)"
        : prefixHitRate > 0 ? "--prefix-hit-rate " + prefixHitRate
        : disaggregate != null ? "--disaggregate " + disaggregate
        : moe.attentionDp() ? "--attention-dp"
        : engineOptions.cudaGraphSizes() != null ? "--cuda-graph-sizes " + engineOptions.cudaGraphSizes() : null;
    if (option != null) {
      throw new IllegalArgumentException(option + " is not simulated with --pp " + pp
          + ": the pipelined engine (TensorRT-LLM's in-flight micro-batches) runs without it; use --pp 1");
    }
  }

  /** A request count for a message: grouped digits up to 10^15, else three significant figures. */
  static String count(double n) {
    return n < 1e15 ? String.format(Locale.ROOT, "%,.0f", n)
        : Double.isFinite(n) ? String.format(Locale.ROOT, "%.3g", n) : "more than 1e308";
  }

  static LengthDistribution dist(String option, String text) {
    try {
      return LengthDistribution.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage());
    }
  }

  static Router router(String text) {
    switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "round-robin":
        return Router.ROUND_ROBIN;
      case "least-outstanding":
        return Router.LEAST_OUTSTANDING;
      case "prefix-aware":
        return Router.PREFIX_AWARE;
      default:
        throw new IllegalArgumentException("--router must be round-robin, least-outstanding or prefix-aware, was \""
            + text + "\"");
    }
  }

  /** Builds the engine scenario from the shared options, naming the option at fault. */
  static InferenceScenario engine(ModelArchitecture m, AcceleratorSpec a, int tp, int pp, @Nullable String weights,
      @Nullable String expertWeights, @Nullable String attentionWeights, @Nullable String attentionOutputWeights,
      @Nullable String kvCache, boolean allowLongContext, ExpertParallelOptions moe, Defaults defaults) {
    InferenceScenario.Builder b = InferenceScenario.builder(m, a).allowLongContext(allowLongContext);
    int context = m.embeddings().maxPositions();
    if (context > 1 && context < 1024 + 256) {
      // the simulator ignores the engine's lengths (each request has its own), but a scenario must fit the
      // model's context: the builder's 1,024 + 256 tokens shortened as infer shortens its default input
      int input = Math.max(1, context - 256);
      b.inputTokens(input).outputTokens(context - input);
    }
    if (weights != null) {
      b.weights(InferCommand.parseWeights(weights));
    }
    InferCommand.expertWeights(b, m, expertWeights);
    InferCommand.attentionWeights(b, m, attentionWeights);
    InferCommand.attentionOutputWeights(b, m, attentionOutputWeights);
    if (kvCache != null) {
      b.kvCache(InferCommand.kvCacheType(kvCache));
    }
    moe.apply(b, m, tp, defaults);
    try {
      return b.tp(tp).pp(pp).build();
    } catch (IllegalArgumentException e) {
      // a pp or expert-parallel refusal as infer words it ("--pp: pp must be <= layers (32), was 64", "--ep must
      // divide tp ..."); the others as before
      String why = e.getMessage();
      throw new IllegalArgumentException(why.matches("^(pp|ep|attentionDataParallel|expertImbalance) .*")
          ? InferCommand.optionNames(why) : "--tp " + tp + ": " + why, e);
    }
  }

  @Override
  public Integer call() {
    ModelArchitecture m = Models.resolve(model, assumeLlama.policy());
    AcceleratorSpec a = Accelerators.resolve(accelerator);
    Defaults defaults = new Defaults();
    positive("--ttft-slo", ttftSlo);
    positive("--tpot-slo", tpotSlo);
    if (replicas < 1 || replicas > 100_000) {
      throw new IllegalArgumentException("--replicas must be in [1, 100000], was " + replicas);
    }
    InferenceScenario engine = engine(m, a, tp, pp, weights, expertWeights, attentionWeights, attentionOutputWeights, kvCache,
        allowLongContext, moe, defaults);
    if (inferenceProfile.given()) {
      engine = engine.toBuilder().overheads(inferenceProfile.calibration().overheads()).build();
    }
    if (fusedAllReduce) {
      // s24m: every replica (and a disaggregated decode pool, built by toBuilder) runs this engine
      engine = engine.toBuilder().fusedOneShotAllReduce(true).build();
    }
    if (hostMicrosPerEagerLayer != null) {
      // s24j: on the profile's (or the bundled) overheads; every step that prefills a prompt takes it (HostCost)
      engine = engine.toBuilder().overheads(engine.overheads().toBuilder()
          .hostSecondsPerEagerLayer(InferCommand.hostSecondsPerEagerLayer(hostMicrosPerEagerLayer)).build()).build();
    }
    ServingSimulation.Builder b = ServingSimulation.builder(engine).seed(seed).ttftSloSeconds(ttftSlo)
        .tpotSloSeconds(tpotSlo).replicas(replicas).router(router(router));
    if (concurrency == null && (requests != null || thinkMs != null)) {
      throw new IllegalArgumentException((requests != null ? "--requests " + requests : "--think-ms " + thinkMs)
          + " needs --concurrency");
    }
    if (concurrency != null) {
      b.arrivals(closedLoop(defaults));
      b.input(dist("--input-dist", inputDist != null ? inputDist : "fixed:1024"));
      b.output(dist("--output-dist", outputDist != null ? outputDist : "fixed:256"));
      if (inputDist == null) {
        defaults.add("--input-dist", "fixed:1024");
      }
      if (outputDist == null) {
        defaults.add("--output-dist", "fixed:256");
      }
    } else if (trace != null) {
      if (charts != null) {
        throw new IllegalArgumentException("--charts varies the request rate; it needs --rps, not --trace");
      }
      if (rps != null) {
        throw new IllegalArgumentException("--rps and --trace exclude each other: the trace gives the arrivals");
      }
      if (Files.isDirectory(trace)) {
        throw new IllegalArgumentException("--trace " + trace + " is a directory; it takes a JSON Lines or CSV file");
      }
      if (!Files.isRegularFile(trace)) {
        throw new IllegalArgumentException("--trace " + trace + ": no such file");
      }
      b.arrivals(ArrivalProcess.trace(Trace.read(trace)));
    } else {
      if (rps == null) {
        throw new IllegalArgumentException("--rps is required (or --trace, or --concurrency)");
      }
      positive("--rps", rps);
      positive("--burstiness", burstiness);
      double d = duration != null ? positive("--duration", duration) : ServingSimulation.DEFAULT_DURATION_SECONDS;
      if (duration == null) {
        defaults.add("--duration", Text.grouped((long) d) + " s");
      }
      boundedLoad(rps, rps, d, burstiness);
      b.arrivals(ArrivalProcess.gamma(rps, burstiness)).durationSeconds(d);
      if (inputDist == null) {
        defaults.add("--input-dist", "fixed:1024");
      }
      if (outputDist == null) {
        defaults.add("--output-dist", "fixed:256");
      }
      b.input(dist("--input-dist", inputDist != null ? inputDist : "fixed:1024"));
      b.output(dist("--output-dist", outputDist != null ? outputDist : "fixed:256"));
    }
    if (maxNumSeqs != null) {
      if (maxNumSeqs < 1 || maxNumSeqs > 1_000_000) {
        throw new IllegalArgumentException("--max-num-seqs must be in [1, 1000000], was " + maxNumSeqs);
      }
      b.maxNumSeqs(maxNumSeqs);
    }
    if (maxBatchedTokens != null) {
      if (maxBatchedTokens < 1 || maxBatchedTokens > 1 << 20) {
        throw new IllegalArgumentException("--max-batched-tokens must be in [1, 1048576], was " + maxBatchedTokens);
      }
      if (maxNumSeqs != null && maxBatchedTokens < maxNumSeqs) {
        throw new IllegalArgumentException("--max-batched-tokens (" + maxBatchedTokens + ") must be >= --max-num-seqs ("
            + maxNumSeqs + ")");
      }
      b.maxBatchedTokens(maxBatchedTokens);
    }
    if (frontendMs != null) {
      if (!(frontendMs >= 0) || frontendMs > 60_000) {
        throw new IllegalArgumentException("--frontend-ms must be in [0, 60000], was " + frontendMs);
      }
      b.frontendSecondsPerRequest(frontendMs / 1e3);
    } else if (concurrency == null) {
      defaults.add("--frontend-ms", "0 (requests reach the engine as they arrive; the serving validation fits about 3)");
    }
    if (!(prefixHitRate >= 0 && prefixHitRate <= 1)) {
      throw new IllegalArgumentException("--prefix-hit-rate must be in [0, 1], was " + prefixHitRate);
    }
    b.prefixHitRate(prefixHitRate);
    SpeculativeDecoding speculative = SpeculativeOptions.resolve(m, specDraft, specK, specAcceptance, "llama-3.2-1b", defaults,
        assumeLlama.policy());
    if (speculative != null) {
      b.speculative(speculative);
    }
    Disaggregation dis = null;
    if (disaggregate != null) {
      dis = disaggregation(disaggregate, kvLinkGbps);
    } else if (kvLinkGbps != null) {
      throw new IllegalArgumentException("--kv-link-gbps needs --disaggregate");
    } else {
      decodeOptions.refuse("--disaggregate");
    }
    refusedWithPipeline(speculative != null);
    if (dis != null) {
      b.disaggregation(decodeOptions.given() ? decodePool(dis, engine, speculative != null, defaults) : dis);
    }
    engineOptions.apply(b, pp > 1 ? "--pp " + pp : disaggregate != null ? "--disaggregate " + disaggregate : null,
        engine.attentionDataParallel());
    ServingSimulation sim = b.build();
    ServingSimulator simulator = ServingSimulator.of(inferenceProfile.model());
    SimulationResult r;
    try {
      r = simulator.simulate(sim);
    } catch (IllegalArgumentException e) {
      // the decode pool's own memory check (ServingSimulator.decodePool) names the option that set its tp
      if (e.getMessage() != null && e.getMessage().startsWith("decode pool:") && decodeOptions.given()) {
        throw new IllegalArgumentException(decodeOptions.named() + ": " + e.getMessage(), e);
      }
      throw e;
    }
    if (r.completed() == 0) {
      throw new IllegalArgumentException(nothingCompleted(r, sim));
    }
    List<SimulationResult> sweep = new ArrayList<>();
    ChartWriter writer = null;
    if (charts != null && rps != null) {
      writer = new ChartWriter(charts);
      for (double f : CHART_RATE_FACTORS) {
        double rate = rps * f;
        if (rate * sim.durationSeconds() + Math.max(0, (burstiness * burstiness - 1) / 2) <= MAX_REQUESTS) {
          sweep.add(f == 1 ? r : simulator.simulate(sim.toBuilder()
              .arrivals(ArrivalProcess.gamma(rate, burstiness)).build()));
        }
      }
      drawSweep(writer, sweep, m.id() + " on " + a.id());
    }
    if (disaggregate != null && kvLinkGbps == null) {
      // the link the KV transfer model chose for this deployment (scale-up link or network), with why
      defaults.add("--kv-link-gbps", Text.fixed(r.kvLink().orElseThrow().bytesPerSecond() / 1e9, 1) + " ("
          + r.kvLinkDescription().orElseThrow() + ")");
    }
    String whose = r.decodeKvCacheBlocksPerReplica().isPresent() ? "; the prefill replicas'" : ""; // s21b
    if (maxNumSeqs == null) {
      defaults.add("--max-num-seqs", Text.grouped(r.maxNumSeqs()) + " (vLLM v1's default for this GPU" + whose + ")");
    }
    if (maxBatchedTokens == null) {
      defaults.add("--max-batched-tokens", Text.grouped(r.maxBatchedTokens()) + " (vLLM v1's default for this GPU"
          + whose + ")");
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json.enabled()) {
      ObjectNode n = toJson(r, engine);
      if (writer != null) {
        ArrayNode rates = n.putArray("rateSweep");
        for (SimulationResult x : sweep) {
          ObjectNode o = rates.addObject();
          o.put("requestsPerSecond", x.simulation().arrivals().requestsPerSecond());
          summary(o, "ttftSeconds", x.ttft());
          summary(o, "tpotSeconds", x.tpot());
          o.put("meetsObjectives", x.meetsObjectives());
        }
        ArrayNode files = n.putArray("charts");
        writer.written().forEach(f -> files.add(f.toString()));
      }
      defaults.json(n);
      out.println(JsonOutput.write(n));
    } else {
      String text = report(r, engine);
      if (writer != null) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
            "%n  latency against request rate (same load and seed)%n  %9s  %9s %9s %9s  %9s %9s  %s%n", "req/s",
            "TTFT P50", "P90", "P99", "TPOT P50", "P99", "objectives"));
        for (SimulationResult x : sweep) {
          sb.append(String.format(Locale.ROOT, "  %9s  %9s %9s %9s  %9s %9s  %s%n",
              Text.fixed(x.simulation().arrivals().requestsPerSecond(), 2), InferCommand.seconds(x.ttft().p50()),
              InferCommand.seconds(x.ttft().p90()), InferCommand.seconds(x.ttft().p99()),
              InferCommand.secondsOrNa(x.tpot().count() > 0, x.tpot().p50()),
              InferCommand.secondsOrNa(x.tpot().count() > 0, x.tpot().p99()),
              x.meetsObjectives() ? "met" : "missed"));
        }
        sb.append("  charts (").append(writer.written().size()).append(" files) in ").append(writer.directory())
            .append(":\n");
        writer.written().forEach(f -> sb.append("    ").append(f.getFileName()).append('\n'));
        int at = text.indexOf("\n  assumptions");
        text = at < 0 ? text + sb : text.substring(0, at) + sb + text.substring(at);
      }
      out.print(defaults.insertInto(text));
    }
    return 0;
  }

  /**
   * Draws TTFT and TPOT percentiles against the request rate of a sweep, each over the rates that have values: a rate
   * whose short run saw no request has no TTFT, and one whose requests all generate one token has no TPOT (their
   * summaries are empty, not 0, which a logarithmic axis cannot draw); a chart with no such rate is left out.
   */
  static void drawSweep(ChartWriter writer, List<SimulationResult> sweep, String what) {
    drawLatency(writer, "latency-vs-rate-ttft", "TTFT", what, sweep, SimulationResult::ttft,
        s -> s.simulation().ttftSloSeconds());
    drawLatency(writer, "latency-vs-rate-tpot", "TPOT", what, sweep, SimulationResult::tpot,
        s -> s.simulation().tpotSloSeconds());
  }

  private static void drawLatency(ChartWriter writer, String file, String name, String what,
      List<SimulationResult> sweep, java.util.function.Function<SimulationResult, LatencySummary> latency,
      java.util.function.ToDoubleFunction<SimulationResult> objective) {
    List<SimulationResult> with = sweep.stream().filter(s -> latency.apply(s).count() > 0).toList();
    if (with.isEmpty()) {
      return;
    }
    List<Double> x = with.stream().map(s -> s.simulation().arrivals().requestsPerSecond()).toList();
    XYChart c = Charts.lines(name + " against request rate, " + what, "requests per second",
        name + " (s, logarithmic)");
    c.getStyler().setYAxisLogarithmic(true);
    Charts.addLine(c, "P50", x, with.stream().map(s -> latency.apply(s).p50()).toList());
    Charts.addLine(c, "P90", x, with.stream().map(s -> latency.apply(s).p90()).toList());
    Charts.addLine(c, "P99", x, with.stream().map(s -> latency.apply(s).p99()).toList());
    Charts.addLine(c, "objective", x, with.stream().map(objective::applyAsDouble).toList());
    writer.write(file, c);
  }

  /**
   * Returns the two whole numbers {@code text} holds around {@code separator} (each trimmed), as {@code --disaggregate}
   * and {@code --decode-limits} take them, or null when it holds anything else.
   */
  static int @Nullable [] twoWholeNumbers(String text, String separator) {
    String[] parts = text.trim().split(separator, -1);
    if (parts.length != 2) {
      return null;
    }
    try {
      return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static Disaggregation disaggregation(String text, @Nullable Double gbps) {
    int @Nullable [] pd = twoWholeNumbers(text, ":");
    if (pd == null) {
      throw new IllegalArgumentException("--disaggregate must be PREFILL:DECODE replicas such as 1:2, was \"" + text + "\"");
    }
    int p = pd[0];
    int d = pd[1];
    if (p < 1 || d < 1 || p > 100_000 || d > 100_000) {
      throw new IllegalArgumentException("--disaggregate needs 1 to 100000 replicas in each pool, was \"" + text + "\"");
    }
    if (gbps != null) {
      return Disaggregation.of(p, d, Bandwidth.ofGBps(positive("--kv-link-gbps", gbps)));
    }
    return Disaggregation.of(p, d); // the KV transfer model chooses the link; echoed in defaultsUsed after the run
  }

  /**
   * {@code --decode-tp} and {@code --decode-limits} (s20c's {@link Disaggregation#withDecodePool}, s20p): the decode
   * pool runs the prefill engine at its own tensor parallelism (everything else the same) under its own limits, the
   * prefill replicas' limits when none are given; the library's refusals name the option at fault.
   */
  private Disaggregation decodePool(Disaggregation dis, InferenceScenario engine, boolean speculative,
      Defaults defaults) {
    String given = decodeOptions.named();
    if (speculative) {
      // ServingSimulator.decodePool's refusal, before the run and by option
      throw new IllegalArgumentException(given + ": speculative decoding (--spec-k, --spec-acceptance, --spec-draft)"
          + " is not simulated with a decode pool of its own engine");
    }
    InferenceScenario decode = engine;
    @Nullable Integer decodeTp = decodeOptions.tp();
    if (decodeTp != null) {
      try {
        decode = engine.toBuilder().tp(decodeTp).build();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--decode-tp " + decodeTp + ": " + e.getMessage(), e);
      }
    } else {
      defaults.add("--decode-tp", engine.tp() + " (the prefill replicas' --tp)");
    }
    int seqs;
    int tokens;
    int @Nullable [] decodeLimits = decodeOptions.limits();
    if (decodeLimits != null) {
      seqs = decodeLimits[0];
      tokens = decodeLimits[1];
    } else {
      seqs = maxNumSeqs != null ? maxNumSeqs : ServingSimulator.defaultMaxNumSeqs(engine);
      tokens = maxBatchedTokens != null ? maxBatchedTokens : ServingSimulator.defaultMaxBatchedTokens(engine, seqs);
      defaults.add("--decode-limits", seqs + "," + tokens + " (the prefill replicas' limits)");
    }
    try {
      return dis.withDecodePool(decode, seqs, tokens);
    } catch (IllegalArgumentException e) {
      String option = e.getMessage().startsWith("maxBatchedTokens") && decodeLimits != null
          ? "--decode-limits " + decodeOptions.limits
          : decode.attentionDataParallel() ? "--attention-dp with " + given : given;
      throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
    }
  }

  private static ObjectNode summary(ObjectNode parent, String key, LatencySummary s) {
    ObjectNode o = parent.putObject(key);
    // no values (every request of one output token has no TPOT and no inter-token gap): null, not 0
    boolean any = s.count() > 0;
    InferCommand.secondsOrNull(o, "mean", any, s.mean());
    InferCommand.secondsOrNull(o, "p50", any, s.p50());
    InferCommand.secondsOrNull(o, "p90", any, s.p90());
    InferCommand.secondsOrNull(o, "p99", any, s.p99());
    InferCommand.secondsOrNull(o, "max", any, s.max());
    o.put("count", s.count());
    return o;
  }

  static ObjectNode toJson(SimulationResult r, InferenceScenario engine) {
    ServingSimulation s = r.simulation();
    ObjectNode n = JsonOutput.object();
    n.put("model", engine.model().id());
    n.put("accelerator", engine.accelerator().id());
    n.put("tp", engine.tp());
    n.put("pp", engine.pp());
    n.put("ep", engine.ep());
    n.put("attentionDataParallel", engine.attentionDataParallel());
    n.put("expertImbalance", engine.expertImbalance());
    n.put("expertCommunication", engine.expertCommunication().id());
    EngineBehaviourOptions.json(n, s);
    n.put("weights", engine.weights().name());
    n.put("expertWeights", engine.expertWeights().name());
    n.put("attentionWeights", engine.attentionWeights().name());
    n.put("attentionOutputWeights", engine.attentionOutputWeights().name());
    n.put("replicas", s.disaggregation().map(d -> d.prefillReplicas() + d.decodeReplicas()).orElse(s.replicas()));
    s.disaggregation().ifPresent(d -> d.decodeEngine().ifPresent(e -> {
      // --decode-tp / --decode-limits only (s20p), so every other output keeps its keys
      ObjectNode pool = n.putObject("decodePool");
      pool.put("tp", e.tp());
      pool.put("maxNumSeqs", d.decodeMaxNumSeqs().orElseThrow());
      pool.put("maxBatchedTokens", d.decodeMaxBatchedTokens().orElseThrow());
      pool.put("kvCacheBlocksPerReplica", r.decodeKvCacheBlocksPerReplica().orElseThrow()); // s21b
    }));
    n.put("gpus", r.gpus());
    n.put("requestsPerSecond", s.arrivals().requestsPerSecond());
    if (s.arrivals().isClosedLoop()) {
      n.put("concurrency", s.arrivals().clients()); // s22a: only for a closed loop, so every other output keeps its keys
      n.put("thinkSeconds", s.arrivals().thinkSeconds());
    }
    n.put("requests", r.requests());
    n.put("completed", r.completed());
    n.put("rejected", r.rejected());
    n.put("elapsedSeconds", r.elapsedSeconds());
    summary(n, "ttftSeconds", r.ttft());
    summary(n, "tpotSeconds", r.tpot());
    summary(n, "itlSeconds", r.itl());
    summary(n, "e2eSeconds", r.endToEnd());
    n.put("throughputRequestsPerSecond", r.requestsPerSecond());
    n.put("outputTokensPerSecond", r.outputTokensPerSecond());
    n.put("goodputRequestsPerSecond", r.goodputRequestsPerSecond());
    n.put("sloAttainment", r.sloAttainment());
    n.put("ttftSloSeconds", s.ttftSloSeconds());
    n.put("tpotSloSeconds", s.tpotSloSeconds());
    n.put("meetsObjectives", r.meetsObjectives());
    n.put("preemptions", r.preemptions());
    n.put("gpuUtilization", r.gpuUtilization());
    n.put("kvCacheBlocksPerReplica", r.kvCacheBlocksPerReplica());
    n.put("maxNumSeqs", r.maxNumSeqs());
    n.put("maxBatchedTokens", r.maxBatchedTokens());
    n.put("steps", r.steps());
    n.put("seed", s.seed());
    ArrayNode series = n.putArray("series");
    for (OccupancySample x : r.series()) {
      ObjectNode o = series.addObject();
      o.put("seconds", x.seconds());
      o.put("kvCacheFraction", x.kvCacheFraction());
      o.put("waiting", x.waiting());
      o.put("running", x.running());
    }
    ArrayNode as = n.putArray("assumptions");
    r.assumptions().forEach(as::add);
    return n;
  }

  private static String row(String name, LatencySummary s) {
    boolean any = s.count() > 0;
    return String.format(Locale.ROOT, "  %-22s %10s %10s %10s %10s%n", name, InferCommand.secondsOrNa(any, s.mean()),
        InferCommand.secondsOrNa(any, s.p50()), InferCommand.secondsOrNa(any, s.p90()),
        InferCommand.secondsOrNa(any, s.p99()));
  }

  static String report(SimulationResult r, InferenceScenario engine) {
    ServingSimulation s = r.simulation();
    StringBuilder sb = new StringBuilder();
    String experts = (engine.ep() > 1 ? ", ep " + engine.ep() : "")
        + (engine.attentionDataParallel() ? ", attention data-parallel" : "");
    String deployment = s.disaggregation()
        .map(d -> d.decodeEngine().isEmpty()
            ? String.format(Locale.ROOT, "%d prefill + %d decode replicas of tp %d%s", d.prefillReplicas(),
                d.decodeReplicas(), engine.tp(), experts)
            : String.format(Locale.ROOT, "%d prefill replica%s of tp %d + %d decode replica%s of tp %d with at most %s"
                + " sequences and %s tokens per step%s", d.prefillReplicas(), d.prefillReplicas() == 1 ? "" : "s",
                engine.tp(), d.decodeReplicas(), d.decodeReplicas() == 1 ? "" : "s", d.decodeEngine().get().tp(),
                Text.grouped(d.decodeMaxNumSeqs().orElseThrow()), Text.grouped(d.decodeMaxBatchedTokens().orElseThrow()),
                experts))
        .orElse(String.format(Locale.ROOT, "%s replica%s of tp %d%s%s", Text.grouped(s.replicas()),
            s.replicas() == 1 ? "" : "s", engine.tp(), engine.pp() == 1 ? "" : ", pp " + engine.pp(), experts));
    sb.append(String.format(Locale.ROOT, "%s on %s: %s (%s GPU%s), %s%n", engine.model().id(),
        engine.accelerator().id(), deployment, Text.grouped(r.gpus()), r.gpus() == 1 ? "" : "s", s.arrivals()));
    sb.append(String.format(Locale.ROOT, "%n  %s requests in %s (%s rejected), seed %d%n", Text.grouped(r.requests()),
        InferCommand.seconds(r.elapsedSeconds()), Text.grouped(r.rejected()), s.seed()));
    sb.append(String.format(Locale.ROOT, "%n  %-22s %10s %10s %10s %10s%n", "", "mean", "P50", "P90", "P99"));
    sb.append(row("time to first token", r.ttft()));
    sb.append(row("time per output token", r.tpot()));
    sb.append(row("inter-token latency", r.itl()));
    sb.append(row("end to end", r.endToEnd()));
    sb.append(String.format(Locale.ROOT, "%n  throughput %s requests/s, %s output tokens/s%n",
        Text.fixed(r.requestsPerSecond(), 2), Text.grouped(Math.round(r.outputTokensPerSecond()))));
    sb.append(String.format(Locale.ROOT, "  goodput %s requests/s (%.1f%% within TTFT <= %s and TPOT <= %s); P99 objectives %s%n",
        Text.fixed(r.goodputRequestsPerSecond(), 2), 100 * r.sloAttainment(), InferCommand.seconds(s.ttftSloSeconds()),
        InferCommand.seconds(s.tpotSloSeconds()), r.meetsObjectives() ? "met" : "missed"));
    double peakKv = r.series().stream().mapToDouble(OccupancySample::kvCacheFraction).max().orElse(0);
    int peakWait = r.series().stream().mapToInt(OccupancySample::waiting).max().orElse(0);
    // s21b: with a decode pool of its own, each pool's blocks by name (the peak is the mean over all replicas)
    String blocks = r.decodeKvCacheBlocksPerReplica().isPresent()
        ? String.format(Locale.ROOT, "(mean over replicas) of %s blocks per prefill replica and %s per decode replica",
            Text.grouped(r.kvCacheBlocksPerReplica()), Text.grouped(r.decodeKvCacheBlocksPerReplica().getAsLong()))
        : "of " + Text.grouped(r.kvCacheBlocksPerReplica()) + " blocks";
    sb.append(String.format(Locale.ROOT, "  GPUs busy %.0f%%, KV cache peak %.0f%% %s, queue peak %s, %s preemptions%n",
        100 * r.gpuUtilization(), 100 * peakKv, blocks, Text.grouped(peakWait), Text.grouped(r.preemptions())));
    sb.append("\n  assumptions\n");
    r.assumptions().forEach(x -> sb.append("    - ").append(x).append('\n'));
    return sb.toString();
  }
}
