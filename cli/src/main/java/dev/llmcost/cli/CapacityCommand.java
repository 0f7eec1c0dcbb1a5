package dev.llmcost.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.core.CarbonIntensity;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.capacity.CapacityOption;
import dev.llmcost.costmodel.capacity.CapacityPlan;
import dev.llmcost.costmodel.capacity.CapacityPlanner;
import dev.llmcost.costmodel.capacity.CapacityRequest;
import dev.llmcost.costmodel.capacity.DisaggregatedOption;
import dev.llmcost.costmodel.capacity.DisaggregatedPlan;
import dev.llmcost.costmodel.inference.InferenceAttentionKernel;
import dev.llmcost.costmodel.inference.InferenceEnergy;
import dev.llmcost.costmodel.inference.InferenceScenario;
import dev.llmcost.costmodel.serving.ArrivalProcess;
import dev.llmcost.costmodel.serving.LengthDistribution;
import dev.llmcost.costmodel.serving.ServingSimulation;
import dev.llmcost.costmodel.serving.ServingSimulator;
import dev.llmcost.costmodel.serving.DeploymentRate;
import dev.llmcost.costmodel.serving.SimulatedCapacity;
import dev.llmcost.costmodel.serving.SimulationResult;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code llmcost capacity}: GPUs, tensor parallelism, replicas and batch for a request rate. */
@Command(
    name = "capacity",
    mixinStandardHelpOptions = true,
    description = {
      "The GPUs, tensor-parallel degree, replicas and batch that serve a request rate within TTFT and"
          + " TPOT objectives at the lowest cost (steady-state continuous batching with queueing).",
      "An impossible load (no configuration meets the objectives) is bad input: exit status 2."
    })
public final class CapacityCommand implements Callable<Integer> {

  @Option(names = "--model", required = true,
      description = "Catalog id (see 'llmcost catalog models') or path to a HuggingFace config.json.")
  String model;

  @Option(names = "--accelerator", required = true,
      description = "Accelerator id (see 'llmcost catalog accelerators'), or a JSON file in the catalog's format: of one accelerator, or FILE.json#ID for one of several.")
  String accelerator;

  /** The request's fields and the options that set them, for refusals (see {@link OptionNames}). */
  private static final String[] OPTIONS = {"requestsPerSecond", "--rps", "ttftSloSeconds", "--ttft-slo",
      "tpotSloSeconds", "--tpot-slo", "maxBatch", "--max-batch", "tp candidate", "--tp"};

  @Option(names = "--rps", required = true,
      description = "Arriving requests per second (with --task embed: sequences to embed or rerank per second).")
  double rps;

  @Option(names = "--task", defaultValue = "generate",
      description = "generate (decoders: prefill and decode) or embed (encoders, embedding models, rerankers: one"
          + " forward pass per sequence; --input is the sequence length, --ttft-slo bounds one batch's forward"
          + " pass). Default ${DEFAULT-VALUE}; an encoder implies embed.")
  String task;

  @Option(names = "--input", description = "Prompt tokens per request (default 1,024, as infer; shortened to fit a"
      + " learned position table such as GPT-2's).")
  @Nullable Integer input;

  @Option(names = "--output", description = "Generated tokens per request (default 256, as infer).")
  @Nullable Integer output;

  @Option(names = "--allow-long-context", description = InferCommand.ALLOW_LONG_CONTEXT_HELP)
  boolean allowLongContext;

  @Option(names = "--ttft-slo", defaultValue = "1.0",
      description = "Objective for the mean time to first token, seconds (default ${DEFAULT-VALUE}).")
  double ttftSlo;

  @Option(names = "--tpot-slo", defaultValue = "0.05",
      description = "Objective for the time per output token, seconds (default ${DEFAULT-VALUE}).")
  double tpotSlo;

  @Option(names = "--weights", description = "Weight storage (as for 'infer'; default: the model's 16-bit type).")
  @Nullable String weights;

  @Option(names = "--expert-weights", description = InferCommand.EXPERT_WEIGHTS_HELP)
  @Nullable String expertWeights;

  @Option(names = "--attention-weights", description = InferCommand.ATTENTION_WEIGHTS_HELP)
  @Nullable String attentionWeights;

  @Option(names = "--attention-output-weights", description = InferCommand.ATTENTION_OUTPUT_WEIGHTS_HELP)
  @Nullable String attentionOutputWeights;

  @Option(names = "--attention-dp",
      description = "Attention data parallelism (MoE): every candidate --tp above 1 holds the routed experts with"
          + " expert parallelism ep = tp and each GPU attends for batch / tp sequences with whole attention weights"
          + " and its own KV cache (as 'infer --ep N --attention-dp' with N = --tp; with --simulate, as 'simulate --ep N"
          + " --attention-dp').")
  boolean attentionDp;

  @Option(names = "--expert-communication", description = InferCommand.EXPERT_COMMUNICATION_HELP)
  @Nullable String expertCommunication;

  @Option(names = "--kv-cache", description = "KV-cache type (default: the 16-bit type).")
  @Nullable String kvCache;

  @Option(names = "--attention", defaultValue = "flash",
      description = "Attention kernel: flash, fused-per-query-head, eager, trtllm-xqa (flash, but chunked-attention"
          + " layers decode per query head where TensorRT-LLM 1.0 falls back to its MMHA kernel: not on B200/GB200/B300,"
          + " and only when input + output reaches the chunk) (default ${DEFAULT-VALUE}).")
  String attention;

  @Option(names = "--host-us-per-eager-layer", description = InferCommand.HOST_US_PER_EAGER_LAYER_HELP
      + " Charged by the co-located plan and --simulate, not by --disaggregated's pools.")
  @Nullable Double hostMicrosPerEagerLayer;

  @Option(names = "--fused-allreduce", description = InferCommand.FUSED_ALLREDUCE_HELP
      + " Every tp candidate's replica, --simulate's and --disaggregated's pools included.")
  boolean fusedAllReduce;

  @Option(names = "--tp", split = ",",
      description = "Tensor-parallel degrees to consider, comma-separated (default: 1, 2, 4 … up to the scale-up domain).")
  @Nullable List<Integer> tp;

  @Option(names = "--max-batch", defaultValue = "1024",
      description = "Most concurrent sequences per replica (default ${DEFAULT-VALUE}).")
  int maxBatch;

  @Option(names = "--price-per-gpu-hour", description = "Price of one GPU for an hour, in USD.")
  @Nullable String pricePerGpuHour;

  @Option(names = "--pue", defaultValue = "1.2",
      description = "Data centre power usage effectiveness for energy per request (default: ${DEFAULT-VALUE}, as for train).")
  double pue;

  @Option(names = "--simulate",
      description = "Also search by simulation, from the analytic answer, for the fewest GPUs whose P99 TTFT and P99"
          + " TPOT meet the objectives (objectives read as P99; progress on stderr on a terminal).")
  boolean simulate;

  @Option(names = "--disaggregated",
      description = "Also plan disaggregated prefill and decode: separate prefill and decode pools, each with its own"
          + " tensor-parallel degree, the prefill:decode GPU ratio searched, the KV cache of every prompt sent over the"
          + " interconnect (counted in the TTFT), against co-located serving.")
  boolean disaggregated;

  @Option(names = "--input-dist",
      description = "With --simulate: prompt lengths fixed:N, uniform:MIN,MAX or lognormal:MEDIAN,SIGMA (default fixed at --input).")
  @Nullable String inputDist;

  @Option(names = "--output-dist",
      description = "With --simulate: output lengths (default fixed at --output).")
  @Nullable String outputDist;

  @Option(names = "--duration", description = "With --simulate: seconds of arrivals per simulation (default 300).")
  @Nullable Double duration;

  @Option(names = "--burstiness",
      description = "With --simulate: coefficient of variation of the arrival gaps, 1 is Poisson (default 1).")
  @Nullable Double burstiness;

  @Option(names = "--seed", description = "With --simulate: seed (default 1).")
  @Nullable Long seed;

  @Mixin EngineBehaviourOptions engineOptions;

  @Mixin DecodePoolOptions decodeOptions;

  @Mixin CarbonOption carbon;

  @Mixin JsonOption json;

  @Mixin AssumeLlamaOption assumeLlama;

  @Mixin InferenceProfileOption inferenceProfile;

  @Spec CommandSpec spec;

  /**
   * Returns the energy of the chosen option at the requested load: all its GPUs at their TDP ×
   * PUE, shared by the requests arriving per second (idle slots included).
   */
  static InferenceEnergy energy(CapacityPlan plan, double pue) {
    return InferenceEnergy.of(plan, pue);
  }

  @Override
  public Integer call() {
    InferCommand.checkPue(pue);
    Optional<CarbonIntensity> ci = carbon.intensity();
    ModelArchitecture m = Models.resolve(model, assumeLlama.policy());
    AcceleratorSpec a = Accelerators.resolve(accelerator);
    carbon.requireTdp(a);
    if (!task.equals("generate") && !task.equals("embed")) {
      throw new IllegalArgumentException("--task must be generate or embed, was \"" + task + "\"");
    }
    if (hostMicrosPerEagerLayer != null && (task.equals("embed") || m.isEncoder())) {
      throw new IllegalArgumentException("--host-us-per-eager-layer applies to --task generate (continuous batching of"
          + " decoders), not to " + (m.isEncoder() ? m.id() + ", an encoder" : "--task embed"));
    }
    if (task.equals("embed") || m.isEncoder()) {
      return embed(m, a);
    }
    Defaults defaults = new Defaults();
    int[] lengths = defaults.lengths(m, input, output);
    InferCommand.checkContext(m, lengths[0], lengths[1], allowLongContext);
    CapacityRequest.Builder b = OptionNames.prefixed(() -> CapacityRequest.builder(m, a).requestsPerSecond(rps)
        .allowLongContext(allowLongContext)
        .inputTokens(lengths[0]).outputTokens(lengths[1]).ttftSloSeconds(ttftSlo).tpotSloSeconds(tpotSlo)
        .attention(InferenceAttentionKernel.parse(attention)).maxBatch(maxBatch), OPTIONS);
    b.fusedOneShotAllReduce(fusedAllReduce); // s24m: every candidate's scenario (CapacityRequest.scenario)
    if (inferenceProfile.given()) {
      b.overheads(inferenceProfile.calibration().overheads());
    }
    if (hostMicrosPerEagerLayer != null) {
      // s24j: on the profile's (or the bundled) overheads; the planner's steady iterations and the simulator take it
      // through HostCost, the disaggregated pools' analytic prefill and decode steps do not
      double seconds = InferCommand.hostSecondsPerEagerLayer(hostMicrosPerEagerLayer);
      if (disaggregated) {
        throw new IllegalArgumentException("--host-us-per-eager-layer " + InferCommand.plain(hostMicrosPerEagerLayer)
            + " is not charged by --disaggregated's prefill and decode pools (their analytic steps carry no host"
            + " time); use it with the co-located plan or --simulate");
      }
      b.overheads(inferenceProfile.calibration().overheads().toBuilder().hostSecondsPerEagerLayer(seconds).build());
    }
    if (weights != null) {
      b.weights(InferCommand.parseWeights(weights));
    }
    InferCommand.parseExpertWeights(m, expertWeights).ifPresent(b::expertWeights);
    InferCommand.parseAttentionWeights(m, attentionWeights).ifPresent(b::attentionWeights);
    InferCommand.parseAttentionOutputWeights(m, attentionOutputWeights).ifPresent(b::attentionOutputWeights);
    if (attentionDp || expertCommunication != null) {
      if (!m.isMoe()) {
        throw new IllegalArgumentException("--attention-dp and --expert-communication apply to MoE models; " + m.id()
            + " is dense");
      }
      b.attentionDataParallel(attentionDp);
      InferCommand.expertCommunication(expertCommunication, attentionDp, true, defaults)
          .ifPresent(b::expertCommunication);
    }
    if (kvCache != null) {
      b.kvCache(InferCommand.kvCacheType(kvCache));
    }
    if (tp != null) {
      b.tpCandidates(tp);
    }
    if (pricePerGpuHour != null) {
      b.pricePerGpuHour(InferCommand.usd("--price-per-gpu-hour", pricePerGpuHour));
    }
    if (decodeOptions.given()) {
      decodePool(b, defaults);
    }
    CapacityRequest r;
    try {
      r = OptionNames.prefixed(b::build, OPTIONS);
    } catch (IllegalArgumentException e) {
      // s21b: the request's refusals of the decode pool ("decodeTp 3: ...") under the option and value typed
      String msg = e.getMessage() == null ? "" : e.getMessage();
      if (decodeOptions.tp != null && msg.startsWith("decodeTp " + decodeOptions.tp + ": ")) {
        throw new IllegalArgumentException("--decode-tp " + msg.substring("decodeTp ".length()), e);
      }
      throw e;
    }
    if (disaggregated) {
      return disaggregated(r, m, a, defaults, ci);
    }
    CapacityPlan plan = CapacityPlanner.of(inferenceProfile.model()).plan(r);
    if (!plan.feasible()) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "no configuration of %s on %s serves --rps %s within TTFT <= %s s%s: %s",
              m.id(), a.id(), rps, ttftSlo, tpotClause(r, ""), String.join("; ", plan.rejected())));
    }
    InferenceEnergy energy = energy(plan, pue);
    SimulatedCapacity simulated = simulate ? simulate(r, m, a, lengths, defaults) : null;
    if (!simulate && (inputDist != null || outputDist != null || duration != null || burstiness != null
        || seed != null)) {
      throw new IllegalArgumentException("--input-dist, --output-dist, --duration, --burstiness and --seed need"
          + " --simulate");
    }
    if (!simulate && engineOptions.given() != null) {
      throw new IllegalArgumentException(engineOptions.given() + " is an engine option of the simulator: it needs"
          + " --simulate");
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json.enabled()) {
      ObjectNode n = toJson(plan);
      InferCommand.energyJson(n, energy, ci, carbon);
      if (simulated != null) {
        simulatedJson(n, simulated);
      }
      defaults.json(n);
      out.println(JsonOutput.write(n));
    } else {
      String text = report(plan, InferCommand.energyLines(energy, ci, carbon), energy.wattsPerGpu() > 0 ? List.of(energy.assumption()) : List.of());
      if (simulated != null) {
        int at = text.indexOf("\n  assumptions\n");
        text = at < 0 ? text + simulatedReport(simulated)
            : text.substring(0, at) + simulatedReport(simulated) + text.substring(at);
      }
      out.print(defaults.insertInto(text));
    }
    return 0;
  }

  /**
   * {@code --decode-tp} / {@code --decode-limits} (s21b): the disaggregated plans' decode pool of its own, checked as
   * {@code simulate} checks them ({@link DecodePoolOptions}), set on the request, the defaults echoed.
   */
  private void decodePool(CapacityRequest.Builder b, Defaults defaults) {
    if (!disaggregated && !simulate) {
      decodeOptions.refuse("--disaggregated or --simulate");
    }
    @Nullable Integer decodeTp = decodeOptions.tp();
    int @Nullable [] limits = decodeOptions.limits();
    if (simulate && attentionDp) {
      // ServingSimulator's refusal, before the search and by option (as simulate's)
      throw new IllegalArgumentException("--attention-dp with " + decodeOptions.named() + ": the decode engine's"
          + " attention data parallelism is not simulated in a decode pool of its own");
    }
    if (decodeTp != null) {
      b.decodeTp(decodeTp);
    } else {
      defaults.add("--decode-tp", disaggregated ? "searched over the --tp candidates"
          : "each unit's prefill tp (the prefill replicas')");
    }
    if (limits != null) {
      b.decodeLimits(limits[0], limits[1]);
    } else {
      defaults.add("--decode-limits", disaggregated ? "--max-batch " + Text.grouped(maxBatch) + " sequences"
          : "the prefill replicas' limits");
    }
  }

  /** {@code --disaggregated}: the disaggregated plan, with the co-located one to compare. */
  private int disaggregated(
      CapacityRequest r, ModelArchitecture m, AcceleratorSpec a, Defaults defaults, Optional<CarbonIntensity> ci) {
    if (simulate || inputDist != null || outputDist != null || duration != null || burstiness != null
        || seed != null || engineOptions.given() != null) {
      throw new IllegalArgumentException("--disaggregated is analytic only: it excludes --simulate, --input-dist,"
          + " --output-dist, --duration, --burstiness, --seed and the simulator's engine options"
          + (engineOptions.given() != null ? ", was " + engineOptions.given() : ""));
    }
    DisaggregatedPlan plan = CapacityPlanner.of(inferenceProfile.model()).planDisaggregated(r);
    if (!plan.feasible() && !plan.colocated().feasible()) {
      List<String> why = new java.util.ArrayList<>(plan.rejected());
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "--disaggregated: no configuration of %s on %s serves --rps %s within TTFT <= %s s"
              + "%s, disaggregated or co-located: %s", m.id(), a.id(), rps, ttftSlo, tpotClause(r, ""),
              String.join("; ", why)));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json.enabled()) {
      ObjectNode n = plan.colocated().feasible() ? toJson(plan.colocated()) : requestJson(plan.colocated());
      if (plan.colocated().feasible()) {
        InferCommand.energyJson(n, energy(plan.colocated(), pue), ci, carbon);
      }
      disaggregatedJson(n, plan);
      defaults.json(n);
      out.println(JsonOutput.write(n));
    } else {
      out.print(defaults.insertInto(disaggregatedReport(plan)));
    }
    return 0;
  }

  /**
   * The TPOT objective in a refusal: " and TPOT <= 0.05 s", or, for requests of one output token, that it does not
   * apply ({@link CapacityRequest#tpotObjectiveApplies()}: no time between output tokens, so it bounds nothing).
   */
  private String tpotClause(CapacityRequest r, String percentile) {
    return r.tpotObjectiveApplies() ? " and " + percentile + "TPOT <= " + tpotSlo + " s"
        : " (--tpot-slo not applicable: one output token has no time between tokens)";
  }

  /** The TPOT objective in a report's first line: {@code TPOT <= 50.0 ms}, or not applicable with one output token. */
  static String tpotObjective(CapacityRequest r) {
    return r.tpotObjectiveApplies() ? "TPOT <= " + InferCommand.seconds(r.tpotSloSeconds())
        : "TPOT objective n/a (one output token: no time between tokens)";
  }

  /** Puts the request's keys (model, accelerator, rate, lengths and objectives) on {@code n}. */
  private static void putRequest(ObjectNode n, CapacityRequest r) {
    n.put("model", r.model().id());
    n.put("accelerator", r.accelerator().id());
    n.put("requestsPerSecond", r.requestsPerSecond());
    n.put("inputTokens", r.inputTokens());
    n.put("outputTokens", r.outputTokens());
    n.put("ttftSloSeconds", r.ttftSloSeconds());
    n.put("tpotSloSeconds", r.tpotSloSeconds());
    n.put("tpotObjectiveApplies", r.tpotObjectiveApplies());
    n.put("weights", r.weights().name());
    n.put("expertWeights", r.expertWeights().name());
    n.put("attentionWeights", r.attentionWeights().name());
    n.put("attentionOutputWeights", r.attentionOutputWeights().name());
    n.put("attentionDataParallel", r.attentionDataParallel());
    n.put("expertCommunication", r.expertCommunication().id());
    n.put("allowLongContext", r.allowLongContext());
  }

  /** The request's keys and {@code feasible: false} for a co-located plan that meets nothing. */
  static ObjectNode requestJson(CapacityPlan plan) {
    CapacityRequest r = plan.request();
    ObjectNode n = JsonOutput.object();
    putRequest(n, r);
    n.put("feasible", false);
    ArrayNode rejected = n.putArray("rejected");
    plan.rejected().forEach(rejected::add);
    n.put("searched", plan.searched());
    ArrayNode as = n.putArray("assumptions");
    plan.assumptions().forEach(as::add);
    return n;
  }

  static void disaggregatedJson(ObjectNode n, DisaggregatedPlan plan) {
    ObjectNode o = n.putObject("disaggregated");
    o.put("feasible", plan.feasible());
    plan.best().ifPresent(d -> {
      o.put("gpus", d.gpus());
      o.put("prefillGpus", d.prefillGpus());
      o.put("decodeGpus", d.decodeGpus());
      o.put("prefillToDecodeRatio", d.prefillToDecodeRatio());
      o.put("prefillTp", d.prefillTp());
      o.put("prefillInstances", d.prefillInstances());
      o.put("decodeTp", d.decodeTp());
      o.put("decodeInstances", d.decodeInstances());
      o.put("decodeBatch", d.decodeBatch());
      o.put("ttftSeconds", d.ttftSeconds());
      InferCommand.tpotJson(o, plan.request().outputTokens() > 1, d.tpotSeconds());
      o.put("prefillSeconds", d.prefillSeconds());
      o.put("prefillUtilization", d.prefillUtilization());
      o.put("decodeUtilization", d.decodeUtilization());
      o.put("kvTransferBytes", d.kvTransferBytes().bytes());
      o.put("kvTransferSeconds", d.kvTransferSeconds());
      o.put("kvTransferLink", d.kvTransferLink());
      if (plan.request().decodePoolGiven()) {
        InferCommand.memoryJson(o, "decodeMemoryPerGpuBytes", d.decodeMemoryPerGpu()); // s21b
      }
      if (!plan.request().pricePerGpuHour().isZero()) {
        o.put("currency", d.costPerHour().currency().getCurrencyCode());
        o.put("costPerHour", d.costPerHour().toPlainString());
      }
    });
    if (plan.request().decodePoolGiven()) {
      // s21b: only with --decode-tp / --decode-limits; null where the option was not given (searched, or --max-batch)
      CapacityRequest q = plan.request();
      ObjectNode pool = o.putObject("decodePool");
      if (q.decodeTp().isPresent()) {
        pool.put("tp", q.decodeTp().getAsInt());
      } else {
        pool.putNull("tp");
      }
      if (q.decodeMaxNumSeqs().isPresent()) {
        pool.put("maxNumSeqs", q.decodeMaxNumSeqs().getAsInt());
        pool.put("maxBatchedTokens", q.decodeMaxBatchedTokens().getAsInt());
      } else {
        pool.putNull("maxNumSeqs");
        pool.putNull("maxBatchedTokens");
      }
    }
    plan.colocated().best().ifPresentOrElse(c -> o.put("colocatedGpus", c.gpus()), () -> o.putNull("colocatedGpus"));
    o.put("savesGpus", plan.disaggregationSavesGpus());
    ArrayNode rejected = o.putArray("rejected");
    plan.rejected().forEach(rejected::add);
    o.put("searched", plan.searched());
    ArrayNode as = o.putArray("assumptions");
    plan.assumptions().forEach(as::add);
  }

  static String disaggregatedReport(DisaggregatedPlan plan) {
    CapacityRequest r = plan.request();
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%s on %s: %s requests/s of %s input + %s output tokens,"
            + " TTFT <= %s, %s, prefill and decode disaggregated%n%n", r.model().id(), r.accelerator().id(),
        String.format(Locale.ROOT, "%,.1f", r.requestsPerSecond()), Text.grouped(r.inputTokens()),
        Text.grouped(r.outputTokens()), InferCommand.seconds(r.ttftSloSeconds()), tpotObjective(r)));
    if (plan.best().isPresent()) {
      DisaggregatedOption d = plan.best().get();
      sb.append(String.format(Locale.ROOT, "  %s GPU%s: prefill %s + decode %s (prefill:decode %s)%n",
          Text.grouped(d.gpus()), d.gpus() == 1 ? "" : "s", Text.grouped(d.prefillGpus()), Text.grouped(d.decodeGpus()),
          String.format(Locale.ROOT, "%.2f", d.prefillToDecodeRatio())));
      sb.append(String.format(Locale.ROOT, "    prefill pool: %s instance%s of tp %d, one prompt per pass of %s, %.0f%% busy%n",
          Text.grouped(d.prefillInstances()), d.prefillInstances() == 1 ? "" : "s", d.prefillTp(),
          InferCommand.seconds(d.prefillSeconds()), 100 * d.prefillUtilization()));
      sb.append(String.format(Locale.ROOT, "    decode pool:  %s instance%s of tp %d, up to %s sequences each, %.0f%% of"
              + " slots busy%n", Text.grouped(d.decodeInstances()), d.decodeInstances() == 1 ? "" : "s", d.decodeTp(),
          Text.grouped(d.decodeBatch()), 100 * d.decodeUtilization()));
      if (r.decodePoolGiven()) {
        // s21b: the decode pool's own settings and memory, by name
        sb.append(String.format(Locale.ROOT, "    decode pool's own: tp %s, %s; per decode GPU %s of weights and %s of KV"
                + " cache of %s%n", r.decodeTp().isPresent() ? r.decodeTp().getAsInt() + " (given)" : d.decodeTp()
                + " (searched)", r.decodeMaxNumSeqs().isPresent() ? String.format(Locale.ROOT, "at most %s sequences and"
                + " %s tokens per step (given)", Text.grouped(r.decodeMaxNumSeqs().getAsInt()),
                Text.grouped(r.decodeMaxBatchedTokens().getAsInt())) : "batch up to --max-batch "
                + Text.grouped(r.maxBatch()), InferCommand.size(d.decodeMemoryPerGpu().weights()),
            InferCommand.size(d.decodeMemoryPerGpu().kvCache()), InferCommand.size(d.decodeMemoryPerGpu().capacity())));
      }
      sb.append(String.format(Locale.ROOT, "    KV transfer:  %s per prompt in %s over %s (counted in the TTFT)%n",
          InferCommand.size(d.kvTransferBytes()), InferCommand.seconds(d.kvTransferSeconds()), d.kvTransferLink()));
      sb.append(String.format(Locale.ROOT, "  TTFT %s, TPOT %s%n", InferCommand.seconds(d.ttftSeconds()),
          InferCommand.secondsOrNa(r.outputTokens() > 1, d.tpotSeconds())));
      if (!r.pricePerGpuHour().isZero()) {
        sb.append(String.format(Locale.ROOT, "  %s an hour%n", InferCommand.money(d.costPerHour())));
      }
    } else {
      sb.append("  no disaggregated configuration meets the objectives\n");
    }
    sb.append(plan.colocated().best()
        .map(c -> String.format(Locale.ROOT, "  co-located: %s GPU%s (%s replica%s of tp %d, up to %s sequences each),"
                + " TTFT %s, TPOT %s: %s%n", Text.grouped(c.gpus()), c.gpus() == 1 ? "" : "s",
            Text.grouped(c.replicas()), c.replicas() == 1 ? "" : "s", c.tp(), Text.grouped(c.batch()),
            InferCommand.seconds(c.ttftSeconds()), InferCommand.secondsOrNa(r.tpotObjectiveApplies(), c.tpotSeconds()),
            plan.disaggregationSavesGpus() ? "disaggregation needs fewer GPUs"
                : plan.feasible() && plan.best().get().gpus() == c.gpus() ? "the same GPUs"
                : "co-located serving needs fewer GPUs"))
        .orElse("  co-located: no configuration meets the objectives\n"));
    for (String x : plan.rejected()) {
      sb.append("  rejected ").append(x).append('\n');
    }
    sb.append("\n  assumptions\n");
    plan.assumptions().forEach(x -> sb.append("    - ").append(x).append('\n'));
    plan.colocated().assumptions().stream().filter(x -> x.startsWith("a replica") || x.startsWith("continuous"))
        .forEach(x -> sb.append("    - co-located: ").append(x).append('\n'));
    return sb.toString();
  }

  /** {@code --task embed}: one replica per GPU at the batch that meets the objective with the most throughput. */
  private int embed(ModelArchitecture m, AcceleratorSpec a) {
    if (decodeOptions.given()) {
      throw new IllegalArgumentException(decodeOptions.named() + " applies to --task generate (a decode pool), not"
          + " embed");
    }
    if (disaggregated) {
      throw new IllegalArgumentException("--disaggregated applies to --task generate (prefill and decode), not embed");
    }
    if (output != null) {
      throw new IllegalArgumentException("--output does not apply to --task embed (nothing is generated), was " + output);
    }
    @Nullable String simulated = simulate ? "--simulate" : inputDist != null ? "--input-dist " + inputDist
        : outputDist != null ? "--output-dist " + outputDist : duration != null ? "--duration " + duration
        : burstiness != null ? "--burstiness " + burstiness : seed != null ? "--seed " + seed : engineOptions.given();
    if (simulated != null) {
      // s18f: these were accepted and ignored: an embedding pass is planned analytically, never simulated
      throw new IllegalArgumentException("--simulate and the simulator's options apply to --task generate (prefill and"
          + " decode), not embed, was " + simulated);
    }
    if (tp != null) {
      throw new IllegalArgumentException("--tp does not apply to --task embed (one replica per GPU), was " + tp);
    }
    if (weights != null || kvCache != null) {
      throw new IllegalArgumentException("--weights and --kv-cache do not apply to --task embed, were "
          + weights + " and " + kvCache);
    }
    if (!(rps > 0) || Double.isInfinite(rps)) {
      throw new IllegalArgumentException("--rps must be a positive number of sequences per second, was " + rps);
    }
    if (!(ttftSlo > 0) || Double.isInfinite(ttftSlo)) {
      throw new IllegalArgumentException("--ttft-slo must be a positive number of seconds, was " + ttftSlo);
    }
    if (maxBatch < 1) {
      throw new IllegalArgumentException("--max-batch must be >= 1, was " + maxBatch);
    }
    long rows = m.embeddings().positionRows() - m.embeddings().positionOffset();
    if (input != null && (input < 1 || (rows > 0 && input > rows))) {
      throw new IllegalArgumentException("--input must be between 1 and " + (rows > 0 ? rows : Integer.MAX_VALUE)
          + " tokens per sequence for " + m.id() + ", was " + input);
    }
    int seq = input != null ? input : (int) (rows > 0 ? Math.min(512, rows) : 512);
    Defaults defaults = new Defaults();
    if (input == null) {
      defaults.add("--input", seq + " (tokens per sequence)");
    }
    dev.llmcost.costmodel.capacity.EmbeddingCapacity plan;
    try {
      plan = dev.llmcost.costmodel.capacity.EmbeddingCapacity.plan(m, a, rps, seq, ttftSlo, maxBatch);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--ttft-slo " + ttftSlo + ": " + e.getMessage(), e);
    }
    dev.llmcost.core.Money price = pricePerGpuHour == null ? null
        : InferCommand.usd("--price-per-gpu-hour", pricePerGpuHour);
    dev.llmcost.costmodel.inference.EmbeddingEstimate g = plan.perGpu();
    PrintWriter out = spec.commandLine().getOut();
    if (json.enabled()) {
      ObjectNode n = JsonOutput.object();
      n.put("model", m.id());
      n.put("accelerator", a.id());
      n.put("task", "embed");
      n.put("sequencesPerSecond", rps);
      n.put("sequenceLength", seq);
      n.put("tokensPerSecond", plan.tokensPerSecond());
      n.put("latencySloSeconds", ttftSlo);
      n.put("gpus", plan.gpus());
      n.put("replicas", plan.gpus());
      n.put("tp", 1);
      n.put("batch", plan.batch());
      n.put("secondsPerBatch", g.secondsPerBatch());
      n.put("sequencesPerSecondPerGpu", g.sequencesPerSecond());
      n.put("tokensPerSecondPerGpu", g.tokensPerSecond());
      n.put("utilization", plan.utilization());
      if (price != null) {
        n.put("currency", price.currency().getCurrencyCode());
        n.put("costPerHour", plan.costPerHour(price).toPlainString());
        n.put("costPerMillionTokens",
            plan.costPerMillionTokens(price).amount().round(new java.math.MathContext(6)).toPlainString());
        n.put("costPerMillionTokensAtFullLoad",
            g.costPerMillionTokens(price).amount().round(new java.math.MathContext(6)).toPlainString());
      }
      ArrayNode options = n.putArray("options");
      for (dev.llmcost.costmodel.inference.EmbeddingEstimate e : plan.candidates()) {
        ObjectNode o = options.addObject();
        o.put("batch", e.batch());
        o.put("secondsPerBatch", e.secondsPerBatch());
        o.put("sequencesPerSecondPerGpu", e.sequencesPerSecond());
        o.put("fits", e.fits());
      }
      ArrayNode rejected = n.putArray("rejected");
      plan.rejected().forEach(rejected::add);
      ArrayNode as = n.putArray("assumptions");
      plan.assumptions().forEach(as::add);
      defaults.json(n);
      out.println(JsonOutput.write(n));
      return 0;
    }
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%s on %s: %s sequences/s of %s tokens to embed (%s tokens/s), one batch"
            + " <= %s%n%n", m.id(), a.id(), String.format(Locale.ROOT, "%,.1f", rps), Text.grouped(seq),
        Text.grouped(Math.round(plan.tokensPerSecond())), InferCommand.seconds(ttftSlo)));
    sb.append(String.format(Locale.ROOT, "  %s GPU%s, one replica each, batches of %s sequences (%s per batch)%n",
        Text.grouped(plan.gpus()), plan.gpus() == 1 ? "" : "s", Text.grouped(plan.batch()), InferCommand.seconds(g.secondsPerBatch())));
    sb.append(String.format(Locale.ROOT, "  %s sequences/s per GPU, %.0f%% of the fleet's throughput used%n",
        Text.grouped(Math.round(g.sequencesPerSecond())), 100 * plan.utilization()));
    if (price != null) {
      sb.append(String.format(Locale.ROOT, "  %s an hour, %s per million embedded tokens at this load (%s at full load)%n",
          InferCommand.money(plan.costPerHour(price)), InferCommand.money(plan.costPerMillionTokens(price)),
          InferCommand.money(g.costPerMillionTokens(price))));
    }
    for (String x : plan.rejected()) {
      sb.append("  rejected ").append(x).append('\n');
    }
    sb.append("\n  assumptions\n");
    plan.assumptions().forEach(x -> sb.append("    - ").append(x).append('\n'));
    out.print(defaults.insertInto(sb.toString()));
    return 0;
  }

  private SimulatedCapacity simulate(CapacityRequest r, ModelArchitecture m, AcceleratorSpec a, int[] lengths,
      Defaults defaults) {
    double burst = burstiness == null ? 1 : burstiness;
    SimulateCommand.positive("--burstiness", burst);
    double d = duration != null ? SimulateCommand.positive("--duration", duration) : 300;
    if (duration == null) {
      defaults.add("--duration", "300 s");
    }
    SimulateCommand.boundedLoad(rps, r.requestsPerSecond(), d, burst);
    InferenceScenario engine = r.scenario(1, 1);
    ServingSimulation.Builder tb = ServingSimulation.builder(engine)
        .arrivals(ArrivalProcess.gamma(r.requestsPerSecond(), burst))
        .durationSeconds(d)
        .seed(seed == null ? 1 : seed)
        .input(inputDist != null ? SimulateCommand.dist("--input-dist", inputDist) : LengthDistribution.fixed(lengths[0]))
        .output(outputDist != null ? SimulateCommand.dist("--output-dist", outputDist)
            : LengthDistribution.fixed(lengths[1]));
    engineOptions.apply(tb, null, r.attentionDataParallel());
    ServingSimulation template = tb.build();
    PrintWriter err = spec.commandLine().getErr();
    boolean terminal = System.console() != null;
    SimulatedCapacity result;
    try {
      result = ServingSimulator.of(inferenceProfile.model()).searchCapacity(r, template,
          terminal ? line -> {
            err.println("simulating " + line);
            err.flush();
          } : null);
    } catch (IllegalArgumentException e) {
      if (decodeOptions.given() && e.getMessage() != null && e.getMessage().startsWith("decode pool of its own")) {
        throw new IllegalArgumentException(decodeOptions.named() + ": " + e.getMessage(), e);
      }
      throw e;
    }
    if (!result.feasible()) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "no deployment of %s on %s serves --rps %s with P99 TTFT <= %s s%s by simulation: %s",
          m.id(), a.id(), rps, ttftSlo, tpotClause(r, "P99 "),
          result.trail().isEmpty() ? "nothing simulated" : result.trail().get(result.trail().size() - 1)));
    }
    return result;
  }

  static void simulatedJson(ObjectNode n, SimulatedCapacity c) {
    ObjectNode o = n.putObject("simulated");
    SimulationResult best = c.best().orElseThrow();
    o.put("feasible", c.feasible());
    o.put("gpus", c.gpus());
    o.put("replicas", c.replicas());
    o.put("tp", c.tp());
    o.put("disaggregated", c.disaggregated());
    o.put("prefillReplicas", c.prefillReplicas());
    o.put("decodeReplicas", c.decodeReplicas());
    o.put("maxNumSeqs", c.maxNumSeqs());
    best.simulation().disaggregation().ifPresent(d -> d.decodeEngine().ifPresent(e -> {
      // s21b: only with --decode-tp / --decode-limits, so every other output keeps its keys; maxNumSeqs above is
      // then the prefill replicas'
      ObjectNode pool = o.putObject("decodePool");
      pool.put("tp", e.tp());
      pool.put("maxNumSeqs", d.decodeMaxNumSeqs().orElseThrow());
      pool.put("maxBatchedTokens", d.decodeMaxBatchedTokens().orElseThrow());
      pool.put("kvCacheBlocksPerReplica", best.decodeKvCacheBlocksPerReplica().orElseThrow());
    }));
    o.put("ep", best.simulation().engine().ep());
    o.put("attentionDataParallel", best.simulation().engine().attentionDataParallel());
    EngineBehaviourOptions.json(o, best.simulation());
    o.put("ttftP50Seconds", best.ttft().p50());
    o.put("ttftP99Seconds", best.ttft().p99());
    InferCommand.secondsOrNull(o, "tpotP50Seconds", best.tpot().count() > 0, best.tpot().p50());
    InferCommand.secondsOrNull(o, "tpotP99Seconds", best.tpot().count() > 0, best.tpot().p99());
    o.put("goodputRequestsPerSecond", best.goodputRequestsPerSecond());
    o.put("preemptions", best.preemptions());
    o.put("simulations", c.simulations());
    ArrayNode units = o.putArray("units");
    for (DeploymentRate u : c.units()) {
      ObjectNode x = units.addObject();
      x.put("tp", u.tp());
      x.put("maxNumSeqs", u.maxNumSeqs());
      x.put("disaggregated", u.disaggregated());
      x.put("prefillReplicas", u.prefillReplicas());
      x.put("decodeReplicas", u.decodeReplicas());
      if (u.decodePoolOfItsOwn()) {
        x.put("decodeTp", u.decodeTp());
        x.put("decodeMaxNumSeqs", u.decodeMaxNumSeqs());
      }
      x.put("gpus", u.gpus());
      x.put("maxRequestsPerSecond", u.maxRequestsPerSecond());
      x.put("simulations", u.simulations());
    }
    ArrayNode trail = o.putArray("trail");
    c.trail().forEach(trail::add);
    ArrayNode as = o.putArray("assumptions");
    best.assumptions().forEach(as::add);
  }

  static String simulatedReport(SimulatedCapacity c) {
    SimulationResult best = c.best().orElseThrow();
    StringBuilder sb = new StringBuilder();
    var own = best.simulation().disaggregation().filter(d -> d.decodeEngine().isPresent());
    String layout = own.isPresent()
        // s21b: each pool's tp, limits and KV blocks by name
        ? String.format(Locale.ROOT, "%s prefill replica%s of tp %d (at most %s running sequences, %s KV blocks each)"
            + " + %s decode replica%s of tp %d (at most %s sequences and %s tokens per step, %s KV blocks each)",
            Text.grouped(c.prefillReplicas()), c.prefillReplicas() == 1 ? "" : "s", c.tp(),
            Text.grouped(c.maxNumSeqs()), Text.grouped(best.kvCacheBlocksPerReplica()),
            Text.grouped(c.decodeReplicas()), c.decodeReplicas() == 1 ? "" : "s", c.decodeTp(),
            Text.grouped(own.get().decodeMaxNumSeqs().orElseThrow()),
            Text.grouped(own.get().decodeMaxBatchedTokens().orElseThrow()),
            Text.grouped(best.decodeKvCacheBlocksPerReplica().orElseThrow()))
        : c.disaggregated()
        ? String.format(Locale.ROOT, "%s prefill and %s decode replica%s of tp %d", Text.grouped(c.prefillReplicas()),
            Text.grouped(c.decodeReplicas()), c.decodeReplicas() == 1 ? "" : "s", c.tp())
        : String.format(Locale.ROOT, "%s replica%s of tp %d", Text.grouped(c.replicas()), c.replicas() == 1 ? "" : "s",
            c.tp());
    if (best.simulation().engine().attentionDataParallel()) {
      layout += ", ep " + best.simulation().engine().ep() + ", attention data-parallel";
    }
    sb.append(String.format(Locale.ROOT, "%n  by simulation (objectives on P99, least-outstanding router): %s GPU%s: %s%s%n",
        Text.grouped(c.gpus()), c.gpus() == 1 ? "" : "s", layout, own.isPresent() ? ""
            : ", at most " + Text.grouped(c.maxNumSeqs()) + " running sequences per replica"));
    String engine = EngineBehaviourOptions.describe(best.simulation());
    if (!engine.isEmpty()) {
      sb.append("  engine: ").append(engine).append('\n');
    }
    sb.append(String.format(Locale.ROOT, "  TTFT P50 %s P99 %s, TPOT P50 %s P99 %s, %s preemptions; %d simulations%n",
        InferCommand.seconds(best.ttft().p50()), InferCommand.seconds(best.ttft().p99()),
        InferCommand.secondsOrNa(best.tpot().count() > 0, best.tpot().p50()),
        InferCommand.secondsOrNa(best.tpot().count() > 0, best.tpot().p99()),
        Text.grouped(best.preemptions()), c.simulations()));
    if (!c.units().isEmpty()) {
      sb.append("  highest rate per deployment unit (bisection on the rate, as Vidur-Search):\n");
      List<String> names = new java.util.ArrayList<>();
      for (DeploymentRate u : c.units()) {
        boolean unitAttentionDp = u.atMax().map(r -> r.simulation().engine().attentionDataParallel()).orElse(false);
        names.add("tp " + u.tp() + (unitAttentionDp ? ", ep " + u.tp() + " attention-dp" : "")
            + (u.disaggregated() ? ", " + Text.grouped(u.prefillReplicas()) + ":"
            + Text.grouped(u.decodeReplicas()) + " disaggregated" : "")
            + (u.decodePoolOfItsOwn() ? ", prefill at most " + Text.grouped(u.maxNumSeqs()) + ", decode tp "
                + u.decodeTp() + " at most " + Text.grouped(u.decodeMaxNumSeqs()) + " sequences"
                : ", at most " + Text.grouped(u.maxNumSeqs()) + " sequences"));
      }
      // s21b: the names of units with a decode pool of its own are longer: the column widens to the longest for them
      int width = c.units().stream().anyMatch(DeploymentRate::decodePoolOfItsOwn)
          ? Math.max(48, names.stream().mapToInt(String::length).max().orElse(0)) : 48;
      for (int i = 0; i < c.units().size(); i++) {
        DeploymentRate u = c.units().get(i);
        sb.append(String.format(Locale.ROOT, "    %-" + width + "s %s GPU%s  %s req/s%n", names.get(i),
            Text.grouped(u.gpus()), u.gpus() == 1 ? " " : "s", Text.fixed(u.maxRequestsPerSecond(), 2)));
      }
    }
    sb.append("  simulations\n");
    for (String x : c.trail()) {
      sb.append("    ").append(x).append('\n');
    }
    return sb.toString();
  }

  private static void optionJson(ObjectNode o, CapacityOption c, boolean priced, boolean tpotDefined) {
    o.put("gpus", c.gpus());
    o.put("replicas", c.replicas());
    o.put("tp", c.tp());
    o.put("batch", c.batch());
    o.put("ttftSeconds", c.ttftSeconds());
    InferCommand.tpotJson(o, tpotDefined, c.tpotSeconds());
    o.put("utilization", c.utilization());
    o.put("requestsPerSecondPerReplica", c.requestsPerSecondPerReplica());
    InferCommand.memoryJson(o, "memoryPerGpuBytes", c.memoryPerGpu());
    if (priced) {
      o.put("currency", c.costPerHour().currency().getCurrencyCode());
      o.put("costPerHour", c.costPerHour().toPlainString());
      o.put("costPerMillionOutputTokens", c.costPerMillionOutputTokens().toPlainString());
    }
  }

  static ObjectNode toJson(CapacityPlan plan) {
    CapacityRequest r = plan.request();
    boolean priced = !r.pricePerGpuHour().isZero();
    ObjectNode n = JsonOutput.object();
    putRequest(n, r);
    n.put("feasible", plan.feasible());
    CapacityOption best = plan.best().orElseThrow();
    optionJson(n, best, priced, r.outputTokens() > 1);
    ArrayNode options = n.putArray("options");
    for (CapacityOption c : plan.options()) {
      optionJson(options.addObject(), c, priced, r.outputTokens() > 1);
    }
    ArrayNode rejected = n.putArray("rejected");
    plan.rejected().forEach(rejected::add);
    n.put("searched", plan.searched());
    ArrayNode as = n.putArray("assumptions");
    plan.assumptions().forEach(as::add);
    return n;
  }

  static String report(CapacityPlan plan) {
    return report(plan, "", List.of());
  }

  static String report(CapacityPlan plan, String energy, List<String> moreAssumptions) {
    CapacityRequest r = plan.request();
    boolean priced = !r.pricePerGpuHour().isZero();
    CapacityOption best = plan.best().orElseThrow();
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%s on %s: %s requests/s of %s input + %s output tokens,"
            + " TTFT <= %s, %s%n%n", r.model().id(), r.accelerator().id(), String.format(Locale.ROOT, "%,.1f", r.requestsPerSecond()),
        Text.grouped(r.inputTokens()), Text.grouped(r.outputTokens()), InferCommand.seconds(r.ttftSloSeconds()),
        tpotObjective(r)));
    sb.append(String.format(Locale.ROOT, "  %s GPU%s: %s replica%s of tp %d%s, up to %s sequences each%n",
        Text.grouped(best.gpus()), best.gpus() == 1 ? "" : "s", Text.grouped(best.replicas()),
        best.replicas() == 1 ? "" : "s", best.tp(),
        r.attentionDataParallel() && best.tp() > 1 ? " (ep " + best.tp() + ", attention data-parallel)" : "",
        Text.grouped(best.batch())));
    sb.append(String.format(Locale.ROOT, "  TTFT %s, TPOT %s, %.0f%% of sequence slots busy%n",
        InferCommand.seconds(best.ttftSeconds()), InferCommand.secondsOrNa(r.outputTokens() > 1, best.tpotSeconds()),
        100 * best.utilization()));
    if (priced) {
      sb.append(String.format(Locale.ROOT, "  %s an hour, %s per million output tokens at this load%n",
          InferCommand.money(best.costPerHour()), InferCommand.money(best.costPerMillionOutputTokens())));
    }
    sb.append(String.format(Locale.ROOT, "%n  %4s %8s %8s %8s %10s %10s%n", "tp", "replicas", "GPUs", "batch", "TTFT", "TPOT"));
    for (CapacityOption c : plan.options()) {
      sb.append(String.format(Locale.ROOT, "  %4d %8s %8s %8s %10s %10s%n", c.tp(), Text.grouped(c.replicas()),
          Text.grouped(c.gpus()), Text.grouped(c.batch()), InferCommand.seconds(c.ttftSeconds()),
          InferCommand.secondsOrNa(r.outputTokens() > 1, c.tpotSeconds())));
    }
    for (String x : plan.rejected()) {
      sb.append("  rejected ").append(x).append('\n');
    }
    sb.append(energy);
    sb.append("\n  assumptions\n");
    plan.assumptions().forEach(x -> sb.append("    - ").append(x).append('\n'));
    moreAssumptions.forEach(x -> sb.append("    - ").append(x).append('\n'));
    return sb.toString();
  }
}
