package dev.llmcost.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.core.CarbonIntensity;
import dev.llmcost.core.DType;
import dev.llmcost.core.DataSize;
import dev.llmcost.core.Money;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.QuantizationScheme;
import dev.llmcost.costmodel.inference.ExpertCommunication;
import dev.llmcost.costmodel.inference.InferenceAttentionKernel;
import dev.llmcost.costmodel.inference.BatchPoint;
import dev.llmcost.costmodel.inference.BreakEven;
import dev.llmcost.costmodel.inference.InferenceCostModel;
import dev.llmcost.costmodel.inference.MaxThroughputEstimate;
import dev.llmcost.costmodel.inference.KvCacheSize;
import dev.llmcost.costmodel.inference.InferenceEnergy;
import dev.llmcost.costmodel.inference.InferenceEstimate;
import dev.llmcost.costmodel.inference.InferenceScenario;
import dev.llmcost.costmodel.inference.InferenceMemory;
import dev.llmcost.costmodel.inference.OperatorCost;
import dev.llmcost.costmodel.inference.PhaseCost;
import dev.llmcost.costmodel.inference.ServingCost;
import dev.llmcost.costmodel.inference.ServingOverheads;
import dev.llmcost.costmodel.inference.SpeculativeDecoding;
import dev.llmcost.costmodel.inference.SpeculativeEstimate;
import dev.llmcost.costmodel.inference.SteadyLoad;
import dev.llmcost.costmodel.inference.SteadyLoadCost;
import dev.llmcost.costmodel.pricing.PriceBook;
import dev.llmcost.costmodel.pricing.SelfHostedComparison;
import java.io.PrintWriter;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code llmcost infer}: latency, throughput, memory and cost of serving a model. */
@Command(
    name = "infer",
    mixinStandardHelpOptions = true,
    description = {
      "Time to first token, time per output token, throughput, memory per GPU, the largest batch"
          + " that fits, the throughput-versus-batch curve and the cost of serving a model.",
      "Efficiencies: the accelerator's profile shared with the training model (matmul peak, collectives),"
          + " specialised for serving on TensorRT-LLM v0.9.0's published figures; every assumption is printed."
    })
public final class InferCommand implements Callable<Integer> {

  @Option(names = "--model", required = true,
      description = "Catalog id (see 'llmcost catalog models') or path to a HuggingFace config.json.")
  String model;

  @Option(names = "--accelerator", required = true,
      description = "Accelerator id (see 'llmcost catalog accelerators'), or a JSON file in the catalog's format: of one accelerator, or FILE.json#ID for one of several.")
  String accelerator;

  @Option(names = "--tp", defaultValue = "1", description = "Tensor-parallel degree (default ${DEFAULT-VALUE}).")
  int tp;

  @Option(names = "--pp", defaultValue = "1", description = "Pipeline-parallel stages (default ${DEFAULT-VALUE}).")
  int pp;

  @Option(names = "--batch", defaultValue = "1",
      description = "Concurrent sequences, or max: the engine's maximum-throughput point, an offline run of 10 requests"
          + " per sequence of the engine's batch limit all queued at once, continuous batching with each prompt"
          + " prefilled in a decode iteration (--prefill-scheduling), as trtllm-bench throughput measures it under"
          + " its own batch and token limits, the limit being the sequences the engine's KV cache holds (0.95 of the"
          + " memory left after weights and a profiling prefill, full length reserved per sequence); then the static"
          + " batch of TensorRT-LLM's rule (the same KV cache after an 8,192-token prefill, at most 4,096 per rank)."
          + " Default ${DEFAULT-VALUE}.")
  String batchText;

  @Option(names = "--rate", paramLabel = "REQ_PER_S",
      description = "Requests per second arriving at the replica (Poisson arrivals), instead of a static --batch: the"
          + " steady state of continuous batching at that rate (requests in flight by Little's law, TTFT with its wait"
          + " for the running iteration, time per output token, throughput, cost), as vLLM's benchmark_serving"
          + " --request-rate measures it. Above the highest rate the replica sustains: exit 2 naming it."
          + " Excludes --batch and --concurrency.")
  @Nullable Double rate;

  @Option(names = "--concurrency", paramLabel = "C",
      description = "Requests kept in flight by a closed loop (a new request as soon as one finishes: bench_serving"
          + " --max-concurrency C, genai-perf --concurrency C), instead of a static --batch: the steady state of"
          + " continuous batching at the request rate that puts C in flight, C from 1 to the largest batch that fits."
          + " Excludes --batch and --rate.")
  @Nullable Integer concurrency;

  // s22j: the names, labels and checks of simulate's engine options (EngineBehaviourOptions), for the steady state
  @Option(names = "--scheduler-steps", paramLabel = "N",
      description = "With --rate or --concurrency: decode iterations per scheduling decision (vLLM V0's"
          + " --num-scheduler-steps, SGLang's --scheduler-recv-interval), a new request waiting for the end of the"
          + " running window of N; 1 to 1024 (default 1).")
  @Nullable Integer schedulerSteps;

  @Option(names = "--prefill-scheduling", paramLabel = "mixed|separate",
      description = "With --rate, --concurrency or --batch max: mixed (chunked prefill, each prompt rides in a decode"
          + " iteration) or separate (prompts prefilled in iterations of their own while decoding waits: vLLM V0"
          + " without chunked prefill, SGLang without --enable-mixed-chunk) (default mixed).")
  @Nullable String prefillScheduling;

  @Mixin ExpertParallelOptions moe;

  /** The help text of {@code --expert-communication}, shared by infer and capacity. */
  static final String EXPERT_COMMUNICATION_HELP =
      "How the MoE layers exchange tokens under --attention-dp: all-to-all (DeepEP, SGLang; TensorRT-LLM"
          + " over multi-node NVLink) or all-gather (every rank gathers all tokens, outputs reduce-scattered:"
          + " TensorRT-LLM's fused MoE on one node, or when ep <= top-k). Default all-to-all.";

  int batch;

  @Option(names = "--input", description = "Prompt tokens per sequence (default 1,024, as capacity; shortened to fit"
      + " a learned position table such as GPT-2's).")
  @Nullable Integer input;

  @Option(names = "--output", description = "Generated tokens per sequence (default 256, as capacity).")
  @Nullable Integer output;

  @Option(names = "--allow-long-context", description = ALLOW_LONG_CONTEXT_HELP)
  boolean allowLongContext;

  /** The help text of {@code --allow-long-context}, shared by infer and capacity. */
  static final String ALLOW_LONG_CONTEXT_HELP =
      "Cost --input + --output past the model's configured context (max_position_embeddings), as vLLM's"
          + " VLLM_ALLOW_LONG_MAX_MODEL_LEN=1 lets an engine run it; the assumptions then name the context exceeded."
          + " Rotary and other computed positions only: a learned position table (GPT-2) is refused all the same.";

  @Option(names = "--task", defaultValue = "generate",
      description = "generate (decoders: prefill and decode) or embed (one forward pass per sequence: encoders such"
          + " as BERT, embedding models, rerankers; --input is the sequence length, default 512 or the position table)."
          + " Default ${DEFAULT-VALUE}; an encoder implies embed.")
  String task;

  @Option(names = "--weights",
      description = "Weight storage: bf16, fp16, fp32, fp8, int8, int4 (group 128), int4-g<N>, nf4,"
          + " mxfp4, nvfp4 (default: the model's 16-bit type).")
  @Nullable String weights;

  @Option(names = "--expert-weights", description = EXPERT_WEIGHTS_HELP)
  @Nullable String expertWeights;

  @Option(names = "--attention-weights", description = ATTENTION_WEIGHTS_HELP)
  @Nullable String attentionWeights;

  @Option(names = "--attention-output-weights", description = ATTENTION_OUTPUT_WEIGHTS_HELP)
  @Nullable String attentionOutputWeights;

  /** The help text of {@code --attention-output-weights}, shared by infer, capacity and simulate. */
  static final String ATTENTION_OUTPUT_WEIGHTS_HELP =
      "Storage of the attention layers' output projection (o_proj), apart from the other linear layers (--weights):"
          + " the same names as --weights, e.g. --weights nvfp4 --attention-weights bf16 --attention-output-weights"
          + " bf16 as nvidia/DeepSeek-R1-FP4 ships (all attention in 16 bits). Default: stored like --weights.";

  /** The help text of {@code --attention-weights}, shared by infer, capacity and simulate. */
  static final String ATTENTION_WEIGHTS_HELP =
      "Storage of the attention layers' input projections (q/k/v; MLA's q_a, q_b, kv_a, kv_b), apart from the other"
          + " linear layers (--weights): the same names as --weights, e.g. --weights nvfp4 --attention-weights bf16 as"
          + " the MLPerf v5.1 DeepSeek-R1 NVFP4 checkpoint ships. o_proj: --attention-output-weights; the output head and"
          + " routers are 16-bit whatever is set. Sets their bytes read and GEMM math (native fp8/fp4, else"
          + " dequantized to 16 bits). Default: stored like --weights.";

  /** The help text of {@code --expert-weights}, shared by infer, capacity and simulate. */
  static final String EXPERT_WEIGHTS_HELP =
      "Storage of an MoE model's routed experts, apart from the other linear layers (--weights): the same names"
          + " as --weights, e.g. --weights bf16 --expert-weights mxfp4 as gpt-oss ships, --weights fp8"
          + " --expert-weights fp16 as TensorRT-LLM v0.9.0 ran Mixtral. Sets the bytes each expert a step reaches"
          + " reads and the math of the expert GEMMs (native fp8/fp4, else dequantized to 16 bits)."
          + " Default: stored like --weights.";

  @Option(names = "--kv-cache", description = "KV-cache type: bf16, fp16, fp8, int8, int4 (default: the 16-bit type).")
  @Nullable String kvCache;

  @Option(names = "--attention", defaultValue = "flash",
      description = "Attention kernel: flash, fused-per-query-head, eager, trtllm-xqa (flash, but chunked-attention"
          + " layers decode per query head where TensorRT-LLM 1.0 falls back to its MMHA kernel: not on B200/GB200/B300,"
          + " and only when input + output reaches the chunk) (default ${DEFAULT-VALUE}).")
  String attention;

  @Option(names = "--host-us-per-sequence",
      description = "Host scheduling time per sequence per decode iteration on each rank, microseconds, >= 0, for an"
          + " engine whose scheduler runs in Python; overlapped with the GPU, an iteration takes max(GPU, host)."
          + " 29.4 is TensorRT-LLM's PyTorch backend (PR 10273: 45.11 ms per iteration at 1,536 sequences per rank)"
          + " (default 0: the host keeps up with the GPU).")
  @Nullable Double hostMicrosPerSequence;

  /** The help text of {@code --host-us-per-eager-layer} (s24j), shared by infer, capacity and simulate. */
  static final String HOST_US_PER_EAGER_LAYER_HELP =
      "Host time to launch a forward pass that prefills a prompt without a CUDA graph, microseconds per transformer"
          + " layer on each rank, >= 0 (an engine that replays graphs for decode only: SGLang before piecewise CUDA"
          + " graphs, SGLang on ROCm); an iteration carrying a prompt takes max(GPU, layers x this + the other host"
          + " time). 976 is SGLang's un-graphed DeepSeek-V3 extend pass (sgl-project/sglang PR 12160: 82.64 ms eager"
          + " against 23.10 ms from a prefill CUDA graph, over 61 layers; host and GPU not stated in the source)"
          + " (default 0: no launch time beyond the GPU's).";

  @Option(names = "--host-us-per-eager-layer",
      description = HOST_US_PER_EAGER_LAYER_HELP + " With --rate, --concurrency or --batch max (a static --batch does"
          + " not charge host time to its prefill).")
  @Nullable Double hostMicrosPerEagerLayer;

  /** The help text of {@code --fused-allreduce} (s24m), shared by infer, capacity and simulate. */
  static final String FUSED_ALLREDUCE_HELP =
      "Price the engine's fused one-shot all-reduce (+ RMSNorm) for tensor-parallel all-reduces of 256 KiB up to"
          + " 2.625 MiB (s24l; FlashInfer trtllm_allreduce_fusion, on by default in SGLang >= 0.5.6 for"
          + " DeepSeek-V3-architecture models on SM100, sgl-project/sglang PR 12724; one-shot to 42 MiB of traffic at"
          + " 8 ranks, flashinfer PR 1972): 8.8 us + 11.8 us a MiB a call, the line through tokenspeed PR 860's 8-rank"
          + " one-shot points on GB200 (19.1 us at 0.875 MiB, 29.4 us at 1.75 MiB); larger ones take the ring."
          + " Applies on Blackwell at tp 8 in one NVLink domain only; elsewhere it changes nothing (the assumptions"
          + " then do not name it) (default off: the engine's two-stage kernel, costed as the ring).";

  @Option(names = "--fused-allreduce", description = FUSED_ALLREDUCE_HELP)
  boolean fusedAllReduce;

  @Option(names = "--reserve", defaultValue = "0.10",
      description = "Fraction of device memory kept free (default ${DEFAULT-VALUE}).")
  double reserve;

  @Option(names = "--price-per-gpu-hour", description = "Price of one GPU for an hour, in USD (for cost per token).")
  @Nullable String pricePerGpuHour;

  @Option(names = "--api-input-price", description = "API price per million input tokens, USD (for break-even).")
  @Nullable String apiInputPrice;

  @Option(names = "--api-output-price", description = "API price per million output tokens, USD (for break-even).")
  @Nullable String apiOutputPrice;

  @Option(names = "--api-model",
      description = "Compare with an API of the bundled price book, such as gpt-4o-mini (needs --price-per-gpu-hour):"
          + " the API's bill for the same requests and the break-even utilisation.")
  @Nullable String apiModel;

  @Option(names = "--spec-draft",
      description = "Speculative decoding: mtp (the model's own multi-token-prediction layers, as DeepSeek-V3/V3.2,"
          + " GLM-4.5, Qwen3-Next and MiMo ship them; --spec-k 1 and --spec-acceptance 0.85 unless given) or a draft"
          + " model (catalog id or config.json; needs --spec-k and --spec-acceptance). Adds 'speculative' to the output.")
  @Nullable String specDraft;

  @Option(names = "--spec-k", description = "Speculative decoding: draft tokens per step (1 to 16).")
  @Nullable Integer specK;

  @Option(names = "--spec-acceptance",
      description = "Speculative decoding: probability that a draft token is accepted, in [0, 1).")
  @Nullable Double specAcceptance;

  @Option(names = "--pue", defaultValue = "1.2",
      description = "Data centre power usage effectiveness for energy per request (default: ${DEFAULT-VALUE}, as for train).")
  double pue;

  @Mixin CarbonOption carbon;

  @Mixin JsonOption json;

  @Mixin AssumeLlamaOption assumeLlama;

  @Mixin InferenceProfileOption inferenceProfile;

  @Spec CommandSpec spec;

  /**
   * Returns {@code pue} if it is a finite number at least 1.
   *
   * @throws IllegalArgumentException naming the option and the value otherwise
   */
  static double checkPue(double pue) {
    if (!(pue >= 1) || !Double.isFinite(pue)) {
      throw new IllegalArgumentException("--pue must be a number >= 1, was " + pue);
    }
    return pue;
  }

  /**
   * Adds {@code pue}, {@code energyKwhPerRequest}, {@code energyKwhPerMillionOutputTokens} and,
   * with an intensity, {@code carbonIntensityGramsPerKwh}, {@code co2eKgPerRequest} and {@code
   * co2eGramsPerMillionOutputTokens}; the energy model joins the assumptions.
   */
  static void energyJson(ObjectNode n, InferenceEnergy en, Optional<CarbonIntensity> ci, CarbonOption c) {
    n.put("pue", en.pue());
    if (!(en.wattsPerGpu() > 0)) {
      n.put("energyNotEstimated", CarbonOption.NO_TDP);
      return;
    }
    n.put("energyKwhPerRequest", en.kwhPerRequest());
    n.put("energyKwhPerMillionOutputTokens", en.kwhPerMillionOutputTokens());
    ci.ifPresent(i -> {
      c.json(n, i);
      n.put("co2eKgPerRequest", en.co2eKgPerRequest(i));
      n.put("co2eGramsPerMillionOutputTokens", en.co2eGramsPerMillionOutputTokens(i));
    });
    if (n.get("assumptions") instanceof ArrayNode as) {
      as.add(en.assumption());
    }
  }

  /** The energy and, with an intensity, the carbon lines of a text report. */
  static String energyLines(InferenceEnergy en, Optional<CarbonIntensity> ci, CarbonOption c) {
    if (!(en.wattsPerGpu() > 0)) {
      return String.format(Locale.ROOT, "%n  energy: %s%n", CarbonOption.NO_TDP);
    }
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "%n  energy at PUE %.2f: %.4g kWh per request, %.4g kWh per million output tokens (%s kW drawn)%n",
        en.pue(), en.kwhPerRequest(), en.kwhPerMillionOutputTokens(), Text.fixed(en.powerKw(), 2)));
    ci.ifPresent(i -> sb.append(String.format(Locale.ROOT,
        "  carbon: %.4g g CO2e per request, %.4g g per million output tokens, at %s%n",
        1000 * en.co2eKgPerRequest(i), en.co2eGramsPerMillionOutputTokens(i), c.describe(i))));
    return sb.toString();
  }

  @Override
  public Integer call() {
    checkPue(pue);
    Optional<CarbonIntensity> ci = carbon.intensity();
    ModelArchitecture m = Models.resolve(model, assumeLlama.policy());
    AcceleratorSpec a = Accelerators.resolve(accelerator);
    carbon.requireTdp(a);
    if (!task.equals("generate") && !task.equals("embed")) {
      throw new IllegalArgumentException("--task must be generate or embed, was \"" + task + "\"");
    }
    String steady = steadyOption();
    if (steady != null && (task.equals("embed") || m.isEncoder())) {
      throw new IllegalArgumentException(steady + " applies to --task generate (continuous batching of decoders), not"
          + " to " + (m.isEncoder() ? m.id() + ", an encoder" : "--task embed"));
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
    checkContext(m, lengths[0], lengths[1], allowLongContext);
    boolean batchMax = steady == null && batchText.trim().equalsIgnoreCase("max");
    batch = batchMax || steady != null ? 1 : parseBatch(batchText);
    if (!(reserve >= 0 && reserve < 1)) {
      throw new IllegalArgumentException("--reserve must be a fraction of the memory in [0, 1), was " + reserve);
    }
    InferenceScenario.Builder b = InferenceScenario.builder(m, a).tp(tp).pp(pp).batch(batch)
        .inputTokens(lengths[0]).outputTokens(lengths[1]).attention(InferenceAttentionKernel.parse(attention))
        .memoryReserveFraction(reserve)
        .allowLongContext(allowLongContext)
        .fusedOneShotAllReduce(fusedAllReduce); // s24m
    moe.apply(b, m, tp, defaults);
    // s24j: the host options set their parts of the profile's (or the bundled) overheads, each keeping the other's
    ServingOverheads.Builder overheads = inferenceProfile.calibration().overheads().toBuilder();
    if (hostMicrosPerSequence != null) {
      if (!(hostMicrosPerSequence >= 0 && Double.isFinite(hostMicrosPerSequence))) {
        throw new IllegalArgumentException(
            "--host-us-per-sequence must be a finite number >= 0, was " + hostMicrosPerSequence);
      }
      if (hostMicrosPerSequence > MAX_HOST_MICROS_PER_SEQUENCE) {
        // 1e308 µs printed a 240-digit time per output token
        throw new IllegalArgumentException(String.format(Locale.ROOT, "--host-us-per-sequence must be at most %,.0f"
            + " (one second of host time per sequence and step), was %s", MAX_HOST_MICROS_PER_SEQUENCE,
            hostMicrosPerSequence));
      }
      overheads.hostSecondsPerSequence(hostMicrosPerSequence * 1e-6);
    }
    if (hostMicrosPerEagerLayer != null) {
      overheads.hostSecondsPerEagerLayer(hostSecondsPerEagerLayer(hostMicrosPerEagerLayer));
      if (steady == null && !batchMax) {
        // InferenceCostModel.estimate's static batch charges no host time to its prefill: refused, not ignored
        throw new IllegalArgumentException("--host-us-per-eager-layer " + plain(hostMicrosPerEagerLayer) + " needs"
            + " --rate, --concurrency or --batch max (continuous batching, whose iterations carrying a prompt take"
            + " the host's launch time); a static --batch " + batchText.trim() + " charges no host time to its"
            + " prefill");
      }
    }
    if (inferenceProfile.given() || hostMicrosPerSequence != null || hostMicrosPerEagerLayer != null) {
      b.overheads(overheads.build());
    }
    if (weights != null) {
      b.weights(parseWeights(weights));
    }
    expertWeights(b, m, expertWeights);
    attentionWeights(b, m, attentionWeights);
    attentionOutputWeights(b, m, attentionOutputWeights);
    if (kvCache != null) {
      b.kvCache(kvCacheType(kvCache));
    }
    InferenceScenario s;
    try {
      s = b.build();
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException(optionNames(ex.getMessage()), ex);
    }
    InferenceCostModel model = inferenceProfile.model();
    if (steady != null) {
      return steadyState(s, model, defaults);
    }
    @Nullable MaxThroughputEstimate maxRun = null;
    if (batchMax) {
      InferenceEstimate first = model.estimate(s.withBatch(1));
      dev.llmcost.costmodel.inference.InferenceMemory one = first.memoryPerGpu();
      if (one.weights().bytes() >= InferenceCostModel.ENGINE_VISIBLE_MEMORY * one.capacity().bytes()) {
        // engineMaxBatch answers at least 1; with no memory left after the weights no engine starts at all
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "--batch max: the weights of %s take %s per GPU at --tp %d, more than the %s of %s the driver reports,"
                + " so no KV cache fits; raise --tp or store fewer bytes per weight (--weights)", m.id(),
            one.weights().toIecString(), s.tp(),
            dev.llmcost.core.DataSize.ofBytes((long) (InferenceCostModel.ENGINE_VISIBLE_MEMORY
                * one.capacity().bytes())).toIecString(), a.id()));
      }
      double sequences = model.engineKvCacheSequences(s, InferenceCostModel.ENGINE_CHUNK_TOKENS);
      if (sequences < 1) {
        // engineMaxBatch answers at least 1; an engine whose KV cache holds not one whole sequence admits none
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "--batch max: not one sequence of --input %,d + --output %,d tokens fits the KV cache an engine sizes on"
                + " %s at --tp %d (%s of KV cache per sequence; the engine's share holds %.2f of one); shorten --input"
                + " or --output, raise --tp or store the KV cache in fewer bytes (--kv-cache)", s.inputTokens(),
            s.outputTokens(), a.id(), s.tp(), dev.llmcost.core.DataSize.ofBytes((long) Math.min(Long.MAX_VALUE,
                (double) first.kvCachePerTokenPerGpu().bytes() * ((long) s.inputTokens() + s.outputTokens())))
                .toIecString(), Math.max(0, sequences)));
      }
      batch = model.engineMaxBatch(s);
      s = s.withBatch(batch);
      maxRun = maxThroughput(s, model, defaults);
    }
    InferenceEstimate e;
    try {
      // refuses a batch beyond what a GPU holds at one token of KV cache per sequence
      e = model.estimate(s);
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException(optionNames(ex.getMessage()), ex);
    }
    SpeculativeDecoding specDecoding = SpeculativeOptions.resolve(m, specDraft, specK, specAcceptance, null, defaults,
        assumeLlama.policy());
    SpeculativeEstimate speculative = specDecoding == null ? null : model.speculative(s, specDecoding);
    List<BatchPoint> curve = model.throughputCurve(s);
    OptionalInt computeBound = model.computeBoundBatch(s);
    OptionalInt gemmBound = model.gemmComputeBoundBatch(s);
    ServingCost cost = null;
    BreakEven breakEven = null;
    if (pricePerGpuHour != null) {
      cost = ServingCost.of(e, usd("--price-per-gpu-hour", pricePerGpuHour));
      if (apiInputPrice != null || apiOutputPrice != null) {
        breakEven = BreakEven.of(cost, usd("--api-input-price", apiInputPrice == null ? "0" : apiInputPrice),
            usd("--api-output-price", apiOutputPrice == null ? "0" : apiOutputPrice));
      }
    } else if (apiInputPrice != null || apiOutputPrice != null) {
      throw new IllegalArgumentException("--api-input-price and --api-output-price need --price-per-gpu-hour");
    }
    @Nullable SelfHostedComparison api = null;
    if (apiModel != null) {
      if (cost == null) {
        throw new IllegalArgumentException("--api-model needs --price-per-gpu-hour");
      }
      if (breakEven != null) {
        throw new IllegalArgumentException("--api-model and --api-input-price/--api-output-price exclude each other");
      }
      api = SelfHostedComparison.of(cost, PriceBook.bundled().get(apiModel));
      breakEven = api.breakEven();
    }
    @Nullable InferenceEnergy energy = e.outputTokensPerSecond() > 0 ? e.energy(pue) : null;
    PrintWriter out = spec.commandLine().getOut();
    String maxRule = batchMax ? String.format(Locale.ROOT,
        "--batch max = %,d: the engine's maximum-throughput batch (TensorRT-LLM perf-overview rule: %.2f of the memory"
            + " left after weights, the custom all-reduce workspace (%,d MB per GPU) and the activation peak of a %,d-token"
            + " prefill on each rank (the fused MoE's workspace for"
            + " every token the layer sees included), out of the %.4f of the accelerator's memory the driver"
            + " reports, holds the KV cache, %,d + %,d tokens reserved per"
            + " sequence, at most %,d per rank%s); the memory and fits printed are this model's static batch, which"
            + " prefills every prompt in one pass and keeps --reserve free, where the engine prefills %,d tokens at a"
            + " time and keeps %.0f%% of the memory after the weights free, so a batch the engine runs can show as"
            + " not fitting here", batch, InferenceCostModel.ENGINE_KV_SHARE,
        InferenceCostModel.engineAllReduceWorkspaceBytes(s.tp()) / 1_000_000, InferenceCostModel.ENGINE_CHUNK_TOKENS,
        InferenceCostModel.ENGINE_VISIBLE_MEMORY, s.inputTokens(), s.outputTokens(),
        InferenceCostModel.ENGINE_MAX_SEQUENCES, s.attentionDataParallel() ? ", " + s.tp() + " ranks" : "",
        InferenceCostModel.ENGINE_CHUNK_TOKENS, 100 * (1 - InferenceCostModel.ENGINE_KV_SHARE)) : null;
    if (json.enabled()) {
      ObjectNode n = toJson(e, curve, computeBound, gemmBound, cost, breakEven);
      if (maxRule != null) {
        n.put("batchRule", "max");
        n.put("engineMaxBatch", batch);
        ((ArrayNode) n.get("assumptions")).insert(0, maxRule);
      }
      if (maxRun != null) {
        maxThroughputJson(n, maxRun);
      }
      if (api != null) {
        apiJson(n, api);
      }
      if (energy != null) {
        energyJson(n, energy, ci, carbon);
      }
      if (speculative != null) {
        speculativeJson(n, speculative);
      }
      defaults.json(n);
      out.println(JsonOutput.write(n));
    } else {
      List<String> extra = new java.util.ArrayList<>();
      if (maxRule != null) {
        extra.add(maxRule);
      }
      if (energy != null) {
        if (energy.wattsPerGpu() > 0) {
          extra.add(energy.assumption());
        }
      }
      if (speculative != null) {
        extra.addAll(speculative.assumptions().subList(e.assumptions().size(), speculative.assumptions().size()));
      }
      if (maxRun != null) {
        extra.addAll(maxRun.assumptions().subList(0, 2)); // the operating point's rule and its offline run
      }
      String text = report(e, curve, computeBound, gemmBound, cost, breakEven, api,
          energy == null ? "" : energyLines(energy, ci, carbon), extra);
      if (maxRun != null) {
        text = withMaxThroughput(text, maxRun);
      }
      out.print(defaults.insertInto(speculative == null ? text : withSpeculative(text, speculative)));
    }
    return 0;
  }

  /**
   * s24e: the maximum-throughput point of {@code --batch max} ({@link InferenceCostModel#maxThroughput}): an offline
   * run of the engine's batch limit times {@link InferenceCostModel#MAX_THROUGHPUT_REQUESTS_PER_SEQUENCE} requests,
   * prompts scheduled as {@code --prefill-scheduling} says (mixed by default, echoed in the defaults).
   */
  private MaxThroughputEstimate maxThroughput(InferenceScenario s, InferenceCostModel model, Defaults defaults) {
    dev.llmcost.costmodel.inference.PrefillScheduling scheduling = prefillScheduling != null
        ? EngineBehaviourOptions.prefillScheduling(prefillScheduling)
        : dev.llmcost.costmodel.inference.PrefillScheduling.MIXED;
    if (prefillScheduling == null) {
      defaults.add("--prefill-scheduling", "mixed (each prompt prefilled in a decode iteration)");
    }
    if (scheduling == dev.llmcost.costmodel.inference.PrefillScheduling.SEPARATE) {
      EngineBehaviourOptions.refuseV0SchedulerOn("--prefill-scheduling separate", s.pp() > 1 ? "--pp " + s.pp() : null,
          s.attentionDataParallel());
    }
    if (s.pp() > 1 && s.attentionDataParallel()) {
      throw new IllegalArgumentException("--batch max with --pp " + s.pp() + " and --attention-dp: the offline run with"
          + " pipeline stages is TensorRT-LLM's in-flight batching without attention data parallelism; give a"
          + " number to --batch for the static batch");
    }
    try {
      return model.maxThroughput(s, scheduling);
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException("--batch max: " + optionNames(ex.getMessage()), ex);
    }
  }

  /** s24e: {@code maxThroughput} in the JSON of {@code --batch max}, the static batch's keys left as they were. */
  static void maxThroughputJson(ObjectNode n, MaxThroughputEstimate r) {
    ObjectNode m = n.putObject("maxThroughput");
    m.put("requests", r.requests());
    m.put("requestsPerSequence", InferenceCostModel.MAX_THROUGHPUT_REQUESTS_PER_SEQUENCE);
    m.put("engineBatchLimit", r.engineBatchLimit());
    m.put("maxInFlight", r.maxInFlight());
    m.put("meanBatch", r.meanBatch());
    m.put("maxNumTokensPerRank", r.offlineRun().run().maxNumTokens());
    m.put("prefillScheduling", r.prefillScheduling() == dev.llmcost.costmodel.inference.PrefillScheduling.SEPARATE
        ? "separate" : "mixed");
    m.put("cudaGraphPadding", !r.offlineRun().run().capturedCudaGraphBatchSizes().isEmpty());
    m.put("outputTokensPerSecond", r.outputTokensPerSecond());
    m.put("outputTokensPerSecondPerGpu", r.outputTokensPerSecondPerGpu());
    m.put("totalTokensPerSecond", r.totalTokensPerSecond());
    m.put("totalTokensPerSecondPerGpu", r.totalTokensPerSecondPerGpu());
    m.put("meanTtftSeconds", r.meanTtftSeconds());
    if (r.meanTpotSeconds().isPresent()) {
      m.put("meanTpotSeconds", r.meanTpotSeconds().getAsDouble());
    } else {
      m.putNull("meanTpotSeconds");
    }
    m.put("seconds", r.seconds());
    m.put("iterations", r.offlineRun().iterations());
    ArrayNode a = m.putArray("assumptions");
    r.assumptions().forEach(a::add);
  }

  /**
   * s24e: the report of {@code --batch max}, the maximum-throughput run first and the static batch of the engine's
   * size after it, labelled as such.
   */
  static String withMaxThroughput(String staticReport, MaxThroughputEstimate r) {
    InferenceScenario s = r.scenario();
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "maximum-throughput run (--batch max): %s requests of %s input + %s output"
        + " tokens, all queued at once (%d per sequence of the batch limit)%n", Text.grouped(r.requests()),
        Text.grouped(s.inputTokens()), Text.grouped(s.outputTokens()),
        InferenceCostModel.MAX_THROUGHPUT_REQUESTS_PER_SEQUENCE));
    sb.append(String.format(Locale.ROOT, "  batch limit            %10s   (the engine's KV cache, whole sequences"
        + " reserved, within the scheduler's %s per %s)%n", Text.grouped(r.engineBatchLimit()),
        Text.grouped(r.offlineRun().run().maxBatchSize()), s.pp() > 1 ? "micro-batch, " + s.pp() + " in flight"
            : s.attentionDataParallel() ? "rank, " + s.tp() + " ranks" : "rank"));
    sb.append(String.format(Locale.ROOT, "  sequences in flight    %10s   at most; %s per iteration on average, ramp and"
        + " drain included%n", Text.grouped(r.maxInFlight()), String.format(Locale.ROOT, "%,.1f", r.meanBatch())));
    sb.append(String.format(Locale.ROOT, "  output throughput      %10s tokens/s  (%s per GPU)%n",
        Text.grouped(Math.round(r.outputTokensPerSecond())), Text.grouped(Math.round(r.outputTokensPerSecondPerGpu()))));
    sb.append(String.format(Locale.ROOT, "  total throughput       %10s tokens/s  (%s per GPU; input + output)%n",
        Text.grouped(Math.round(r.totalTokensPerSecond())), Text.grouped(Math.round(r.totalTokensPerSecondPerGpu()))));
    sb.append(String.format(Locale.ROOT, "  mean TTFT              %10s   (from the run's start: the wait in the queue"
        + " included)%n", seconds(r.meanTtftSeconds())));
    sb.append(r.meanTpotSeconds().isPresent()
        ? String.format(Locale.ROOT, "  mean TPOT              %10s%n", seconds(r.meanTpotSeconds().getAsDouble()))
        : String.format(Locale.ROOT, "  mean TPOT              %10s   (one output token: no token after the first)%n",
            NOT_APPLICABLE));
    sb.append(String.format(Locale.ROOT, "  run                    %10s   %s iterations of at most %s tokens per rank,"
        + " prompts %s%n", seconds(r.seconds()), Text.grouped(r.offlineRun().iterations()),
        Text.grouped(r.offlineRun().run().maxNumTokens()),
        r.prefillScheduling() == dev.llmcost.costmodel.inference.PrefillScheduling.SEPARATE
            ? "in iterations of their own (separate)" : "prefilled in decode iterations (mixed)"));
    sb.append(String.format(Locale.ROOT, "%nstatic batch of the limit's size (every prompt prefilled at once, then"
        + " decoded together, as --batch %d costs it):%n", s.batch()));
    int nl = staticReport.indexOf('\n');
    return staticReport.substring(0, nl + 1) + sb + staticReport.substring(nl + 1);
  }

  /** Options that apply to a static batch only, refused with {@code --rate} and {@code --concurrency}. */
  private static final List<String> STATIC_BATCH_ONLY = List.of("--batch", "--spec-draft", "--spec-k",
      "--spec-acceptance", "--api-model", "--api-input-price", "--api-output-price", "--pue", "--carbon-intensity");

  /**
   * Returns {@code --rate} or {@code --concurrency} when one is given (checked: positive and finite, a whole number at
   * least 1), null when neither is.
   *
   * @throws IllegalArgumentException naming the option and the value if both are given, either with an option of a
   *     static batch, or a value out of range
   */
  private @Nullable String steadyOption() {
    if (rate == null && concurrency == null) {
      if (schedulerSteps != null) {
        throw new IllegalArgumentException("--scheduler-steps " + schedulerSteps + " applies to --rate or --concurrency"
            + " (the steady state of continuous batching), not to a static --batch; add one of them, or leave it out");
      }
      if (prefillScheduling != null && !batchText.trim().equalsIgnoreCase("max")) {
        // s24e: --batch max is an offline run of continuous batching, which schedules prompts one way or the other
        throw new IllegalArgumentException("--prefill-scheduling " + prefillScheduling + " applies to --rate,"
            + " --concurrency or --batch max (continuous batching), not to a static --batch " + batchText.trim()
            + "; add one of them, or leave it out");
      }
      if (prefillScheduling != null) {
        EngineBehaviourOptions.prefillScheduling(prefillScheduling);
      }
      return null;
    }
    if (rate != null && concurrency != null) {
      throw new IllegalArgumentException("--rate and --concurrency exclude each other (one operating point: requests"
          + " arriving per second, or requests kept in flight), were " + plain(rate) + " and " + concurrency);
    }
    String option = rate != null ? "--rate" : "--concurrency";
    String value = rate != null ? plain(rate) : String.valueOf(concurrency);
    picocli.CommandLine.ParseResult given = spec.commandLine().getParseResult();
    for (String o : STATIC_BATCH_ONLY) {
      if (given != null && given.hasMatchedOption(o)) {
        throw new IllegalArgumentException(o.equals("--batch")
            ? "--batch and " + option + " exclude each other (a static batch, or the steady state of continuous"
                + " batching), were " + batchText + " and " + value
            : o + " applies to a static --batch and excludes " + option + ", was given with " + option + " " + value);
      }
    }
    if (rate != null && (!(rate > 0) || Double.isInfinite(rate))) {
      throw new IllegalArgumentException("--rate must be a positive, finite number of requests per second, was "
          + value);
    }
    if (concurrency != null && concurrency < 1) {
      throw new IllegalArgumentException("--concurrency must be a whole number of requests >= 1, was " + concurrency);
    }
    if (schedulerSteps != null) {
      EngineBehaviourOptions.schedulerSteps(schedulerSteps);
    }
    if (prefillScheduling != null) {
      EngineBehaviourOptions.prefillScheduling(prefillScheduling);
    }
    return option;
  }

  /**
   * {@code --rate} and {@code --concurrency}: the steady state of continuous batching at a request rate ({@link
   * InferenceCostModel#atRequestRate}) or with a number of requests in flight ({@link
   * InferenceCostModel#atConcurrency}), with {@code --scheduler-steps} (1 by default) and {@code --prefill-scheduling}
   * (mixed by default: prompts in the decode iterations), each echoed in the defaults when not given (s22j).
   */
  private int steadyState(InferenceScenario s, InferenceCostModel model, Defaults defaults) {
    String option = rate != null ? "--rate" : "--concurrency";
    int steps = schedulerSteps != null ? schedulerSteps : 1;
    dev.llmcost.costmodel.inference.PrefillScheduling scheduling = prefillScheduling != null
        ? EngineBehaviourOptions.prefillScheduling(prefillScheduling)
        : dev.llmcost.costmodel.inference.PrefillScheduling.MIXED;
    if (schedulerSteps == null) {
      defaults.add("--scheduler-steps", "1 (a scheduling decision every iteration)");
    }
    if (prefillScheduling == null) {
      defaults.add("--prefill-scheduling", "mixed (each prompt prefilled in a decode iteration)");
    }
    boolean separate = scheduling == dev.llmcost.costmodel.inference.PrefillScheduling.SEPARATE;
    // s22k: vLLM V0's settings are refused here where simulate refuses them, for the same reasons and by the same
    // check: with --pp the steady state is TensorRT-LLM's micro-batches (InferenceCostModel.residence, s14o; its
    // separate prefill would pass the whole batch through every stage), with attention data parallelism the ranks run
    // in lock step as TensorRT-LLM schedules them (SteadyIterations), neither vLLM V0's scheduler
    @Nullable String vllm = steps > 1 && separate ? "--scheduler-steps " + steps + " and --prefill-scheduling separate"
        : steps > 1 ? "--scheduler-steps " + steps : separate ? "--prefill-scheduling separate" : null;
    if (vllm != null) {
      EngineBehaviourOptions.refuseV0SchedulerOn(vllm, s.pp() > 1 ? "--pp " + s.pp() : null,
          s.attentionDataParallel());
    }
    int max = model.steadyMaxBatch(s); // s22e: the steady state's own memory, not the static batch's
    if (max < 1) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: not one sequence of --input %,d + --output"
          + " %,d tokens fits the memory of each %s at --tp %d; raise --tp, shorten --input or --output, or store"
          + " fewer bytes per weight (--weights) or per KV entry (--kv-cache)", option, s.inputTokens(),
          s.outputTokens(), s.accelerator().id(), s.tp()));
    }
    double maxRate = model.maxRequestRate(s, steps, scheduling);
    // s22h: the highest rate is the most requests a second any batch serves, at the batch it settles at (not
    // necessarily the largest that fits: the requests a second dip with the batch)
    int atMaxRate = model.atRequestRate(s, maxRate, steps, scheduling).concurrency();
    SteadyLoad l;
    if (rate != null) {
      l = model.atRequestRate(s, rate, steps, scheduling);
      if (l.saturated()) {
        throw new IllegalArgumentException(String.format(Locale.ROOT, "--rate %s is above the highest rate this"
            + " deployment sustains, %s requests/s (%,d requests in flight; no batch of the %,d that fit serves"
            + " more); lower --rate, or add GPUs (--tp, or replicas that share the rate)", plain(rate),
            Text.fixed(maxRate, 3), atMaxRate, max));
      }
    } else {
      try {
        l = model.atConcurrency(s, concurrency, steps, scheduling);
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException("--" + ex.getMessage(), ex);
      }
    }
    double perGpu = l.outputTokensPerSecond() / s.gpus();
    double e2e = l.ttftSeconds() + (s.outputTokens() - 1) * l.itlSeconds();
    double utilisation = l.requestsPerSecond() / maxRate;
    // the replica's hour at this load, idle capacity included, over the output tokens and requests served an hour:
    // the library's SteadyLoad.cost (s23c; the arithmetic was here before)
    @Nullable SteadyLoadCost cost = pricePerGpuHour == null ? null
        : l.cost(usd("--price-per-gpu-hour", pricePerGpuHour));
    String steadyModel = rate != null
        ? String.format(Locale.ROOT, "the steady state of continuous batching under Poisson arrivals at --rate %s"
            + " requests/s: the requests in flight are the smallest batch b with rate × (TTFT(b) + (output − 1) ×"
            + " TPOT(b)) <= b (Little's law); no queue beyond the engine's (it admits requests while memory lasts)",
            plain(rate))
        : String.format(Locale.ROOT, "--concurrency %d: the closed loop's steady state (next line), without the"
            + " synchronised start of all %d requests and the drain at the end; 'llmcost simulate --concurrency %d'"
            + " runs the loop request by request, start and drain included", concurrency, concurrency, concurrency);
    PrintWriter out = spec.commandLine().getOut();
    if (json.enabled()) {
      ObjectNode n = deploymentJson(s);
      n.put("gpus", s.gpus());
      n.put("inputTokens", s.inputTokens());
      n.put("outputTokens", s.outputTokens());
      n.put("weights", s.weights().name());
      n.put("kvCache", s.kvCache().id());
      n.put("operatingPoint", rate != null ? "rate" : "concurrency");
      n.put("schedulerSteps", steps);
      n.put("prefillScheduling", separate ? "separate" : "mixed");
      n.put("requestsPerSecond", l.requestsPerSecond());
      n.put("concurrency", l.concurrency());
      n.put("ttftSeconds", l.ttftSeconds());
      n.put("ttftWaitSeconds", l.ttftWaitSeconds());
      tpotJson(n, s.outputTokens() > 1, l.itlSeconds());
      n.put("endToEndSeconds", e2e);
      n.put("outputTokensPerSecond", l.outputTokensPerSecond());
      n.put("outputTokensPerSecondPerGpu", perGpu);
      n.put("maxRequestsPerSecond", maxRate);
      n.put("utilization", utilisation);
      n.put("steadyMaxBatch", max);
      if (cost != null) {
        ObjectNode o = n.putObject("cost");
        o.put("currency", cost.costPerHour().currency().getCurrencyCode());
        o.put("pricePerGpuHour", cost.pricePerGpuHour().amount().toPlainString());
        o.put("costPerHour", cost.costPerHour().amount().toPlainString());
        o.put("perMillionOutputTokens", cost.perMillionOutputTokens().amount().toPlainString());
        o.put("perRequest", cost.perRequest().amount().toPlainString());
      }
      ArrayNode as = n.putArray("assumptions");
      as.add(steadyModel);
      l.assumptions().forEach(as::add);
      defaults.json(n);
      out.println(JsonOutput.write(n));
      return 0;
    }
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%s on %d × %s (tp %d, pp %d%s), %s weights, %s KV cache, %s attention%n",
        s.model().id(), s.gpus(), s.accelerator().id(), s.tp(), s.pp(),
        (s.ep() > 1 ? ", ep " + s.ep() : "") + (s.attentionDataParallel() ? ", attention data-parallel" : ""),
        s.weights().name(), s.kvCache().id(), s.attention().name().toLowerCase(Locale.ROOT)));
    sb.append(String.format(Locale.ROOT, "%s, %s input + %s output tokens per request%n%n", rate != null
        ? "continuous batching at " + plain(rate) + " requests/s (Poisson arrivals)"
        : "continuous batching with " + Text.grouped(concurrency) + " requests in flight (closed loop)",
        Text.grouped(s.inputTokens()), Text.grouped(s.outputTokens())));
    sb.append(String.format(Locale.ROOT, "  request rate           %10s requests/s  (%s)%n", Text.fixed(l.requestsPerSecond(),
        3), rate != null ? "offered" : "Little's law: concurrency / time in the system"));
    sb.append(String.format(Locale.ROOT, "  requests in flight     %10s   (the mean batch, of at most %s the steady state holds in memory)%n",
        Text.grouped(l.concurrency()), Text.grouped(max)));
    sb.append(String.format(Locale.ROOT, "  time to first token    %10s   (%s waiting for the running %s, then the"
        + " iteration that prefills the prompt)%n", seconds(l.ttftSeconds()), seconds(l.ttftWaitSeconds()),
        steps > 1 ? "window of " + steps + " iterations" : "iteration"));
    sb.append(s.outputTokens() > 1
        ? String.format(Locale.ROOT, "  time per output token  %10s   (inter-token latency: %s)%n",
            seconds(l.itlSeconds()), separate ? "a decode iteration plus, on average, the prefill iteration that"
                + " follows it" : "one steady iteration")
        : String.format(Locale.ROOT, "  time per output token  %10s   (one output token: no token after the first)%n",
            NOT_APPLICABLE));
    sb.append(String.format(Locale.ROOT, "  end to end             %10s%n", seconds(e2e)));
    sb.append(String.format(Locale.ROOT, "  throughput             %10s output tokens/s  (%s per GPU)%n",
        Text.grouped(Math.round(l.outputTokensPerSecond())), Text.grouped(Math.round(perGpu))));
    sb.append(String.format(Locale.ROOT, "  utilisation            %9.1f%%   of the highest sustainable rate, %s requests/s"
        + " (%s in flight)%n", 100 * utilisation, Text.fixed(maxRate, 3), Text.grouped(atMaxRate)));
    if (cost != null) {
      sb.append(String.format(Locale.ROOT, "%n  cost at %s per GPU-hour (%s an hour): %s per million output tokens, %s"
          + " per request, at this load%n", money(cost.pricePerGpuHour()), money(cost.costPerHour()),
          money(cost.perMillionOutputTokens()), money(cost.perRequest())));
    }
    sb.append("\n  assumptions\n");
    sb.append("    - ").append(steadyModel).append('\n');
    l.assumptions().forEach(x -> sb.append("    - ").append(x).append('\n'));
    out.print(defaults.insertInto(sb.toString()));
    return 0;
  }

  /** A number as typed, without a trailing {@code .0} (10.0 prints as 10, 2.5 as 2.5). */
  static String plain(double v) {
    return Double.isFinite(v) ? new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString()
        : Double.toString(v);
  }

  /** {@code --task embed}: sequences per second and the cost of a million embedded tokens. */
  private int embed(ModelArchitecture m, AcceleratorSpec a) {
    if (batchText.trim().equalsIgnoreCase("max")) {
      throw new IllegalArgumentException("--batch max applies to --task generate (an engine's decode batch), not embed");
    }
    batch = parseBatch(batchText);
    if (output != null) {
      throw new IllegalArgumentException("--output does not apply to --task embed (nothing is generated), was " + output);
    }
    if (tp != 1 || pp != 1) {
      throw new IllegalArgumentException("--task embed runs on one accelerator: --tp and --pp must be 1, were " + tp
          + " and " + pp);
    }
    long rows = m.embeddings().positionRows() - m.embeddings().positionOffset();
    int seq = input != null ? input : (int) (rows > 0 ? Math.min(512, rows) : 512);
    java.util.List<String> defaultsUsed = new java.util.ArrayList<>();
    if (input == null) {
      defaultsUsed.add("--input " + seq + " (tokens per sequence)");
    }
    if (seq > 0 && rows > 0 && seq > rows) {
      throw new IllegalArgumentException("--input must be <= " + rows + " for " + m.id()
          + " (its learned position table), was " + seq);
    }
    refuseEmbedBatchBeyondOneTokenPerSequence(m, a, seq);
    dev.llmcost.costmodel.inference.EmbeddingEstimate e =
        dev.llmcost.costmodel.inference.EmbeddingEstimate.of(m, a, batch, seq);
    Money perMillion = pricePerGpuHour == null ? null
        : e.costPerMillionTokens(usd("--price-per-gpu-hour", pricePerGpuHour));
    // an embedding API of the price book for the same tokens: its price per million input tokens
    dev.llmcost.costmodel.pricing.ModelPrice embedApi = null;
    Money apiPerMillion = null;
    double breakEven = Double.NaN;
    if (apiModel != null) {
      if (perMillion == null) {
        throw new IllegalArgumentException("--api-model needs --price-per-gpu-hour");
      }
      embedApi = PriceBook.bundled().find(apiModel).orElseThrow(
          () -> new IllegalArgumentException("--api-model \"" + apiModel + "\" is not in the price book"));
      apiPerMillion = embedApi.bill(dev.llmcost.costmodel.pricing.TokenUsage.of(1_000_000, 0)).total();
      if (apiPerMillion.isZero()) {
        throw new IllegalArgumentException("--api-model " + apiModel + " has no input price to compare with");
      }
      breakEven = perMillion.amount().doubleValue() / apiPerMillion.amount().doubleValue();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json.enabled()) {
      ObjectNode n = JsonOutput.object();
      n.put("model", m.id());
      n.put("accelerator", a.id());
      n.put("task", "embed");
      n.put("batch", batch);
      n.put("sequenceLength", seq);
      n.put("secondsPerBatch", e.secondsPerBatch());
      n.put("sequencesPerSecond", e.sequencesPerSecond());
      n.put("tokensPerSecond", e.tokensPerSecond());
      n.put("flopsPerBatch", e.flopsPerBatch());
      n.put("weightBytes", e.weightBytes());
      n.put("fits", e.fits());
      if (perMillion != null) {
        n.put("costPerMillionTokens", perMillion.amount().round(new java.math.MathContext(6)).toPlainString());
      }
      if (embedApi != null && perMillion != null) {
        ObjectNode c = n.putObject("apiComparison");
        c.put("model", embedApi.id());
        c.put("priceSeen", embedApi.seen());
        c.put("priceSource", embedApi.source());
        c.put("apiPerMillionTokens", apiPerMillion.amount().stripTrailingZeros().toPlainString());
        c.put("selfHostedPerMillionTokens", perMillion.amount().round(new java.math.MathContext(6)).toPlainString());
        c.put("breakEvenUtilization", breakEven);
        c.put("selfHostingCheaperAtFullLoad", breakEven <= 1);
      }
      com.fasterxml.jackson.databind.node.ArrayNode as = n.putArray("assumptions");
      e.assumptions().forEach(as::add);
      com.fasterxml.jackson.databind.node.ArrayNode du = n.putArray("defaultsUsed");
      defaultsUsed.forEach(du::add);
      out.println(JsonOutput.write(n));
    } else {
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT, "%s on 1 × %s, embedding batches of %,d sequence%s of %s tokens%n%n",
          m.id(), a.id(), batch, batch == 1 ? "" : "s", Text.grouped(seq)));
      sb.append(String.format(Locale.ROOT, "  time per batch        %s ms%n", Text.fixed(1000 * e.secondsPerBatch(), 2)));
      sb.append(String.format(Locale.ROOT, "  sequences per second  %s%n", Text.grouped(Math.round(e.sequencesPerSecond()))));
      sb.append(String.format(Locale.ROOT, "  tokens per second     %s%n", Text.grouped(Math.round(e.tokensPerSecond()))));
      if (perMillion != null) {
        sb.append(String.format(Locale.ROOT, "  cost per million embedded tokens  USD %s at USD %s per GPU-hour%n",
            perMillion.amount().round(new java.math.MathContext(4)).toPlainString(), pricePerGpuHour));
      }
      if (embedApi != null) {
        sb.append(String.format(Locale.ROOT, "  %s API: USD %s per million input tokens (seen %s); self-hosting at full"
                + " load costs %.3g× that, so it breaks even at %.0f%% utilisation%s%n",
            embedApi.id(), apiPerMillion.amount().stripTrailingZeros().toPlainString(), embedApi.seen(), breakEven, 100 * breakEven,
            breakEven > 1 ? " (never: the API is cheaper even at full load)" : ""));
      }
      sb.append(String.format(Locale.ROOT, "  weights %s%s%n", size(dev.llmcost.core.DataSize.ofBytes(e.weightBytes())),
          e.fits() ? "" : " (DOES NOT FIT)"));
      if (!defaultsUsed.isEmpty()) {
        sb.append("\n  defaults used\n");
        defaultsUsed.forEach(d -> sb.append("    - ").append(d).append('\n'));
      }
      sb.append("\n  assumptions\n");
      e.assumptions().forEach(x -> sb.append("    - ").append(x).append('\n'));
      out.print(sb);
    }
    return 0;
  }

  /**
   * Adds {@code apiComparison}: the API's price book entry, its bill for the same requests, and both
   * sides' cost per million output tokens.
   */
  static void apiJson(ObjectNode n, SelfHostedComparison c) {
    ObjectNode o = n.putObject("apiComparison");
    o.put("model", c.api().id());
    o.put("priceSeen", c.api().seen());
    o.put("priceSource", c.api().source());
    o.put("apiPerRequest", c.apiRequest().total().toPlainString());
    o.put("apiPerMillionOutputTokens", c.apiPerMillionOutputTokens().toPlainString());
    o.put("selfHostedPerRequest", c.selfHosted().perRequest().toPlainString());
    o.put("selfHostedPerMillionOutputTokens", c.selfHostedPerMillionOutputTokens().toPlainString());
    o.put("breakEvenUtilization", c.costRatioAtFullLoad());
    o.put("selfHostingCheaperAtFullLoad", c.selfHostingCheaperAtFullLoad());
  }

  /**
   * Parses {@code --expert-communication}; without it, with attention data parallelism, the default
   * all-to-all joins {@code defaults}.
   *
   * @param text the option's value, or null when not given
   * @param attentionDp whether {@code --attention-dp} was given
   * @param spansGpus whether the deployment has more than one GPU (the default applies)
   * @param defaults the defaults used
   * @return the parsed value, empty when not given
   * @throws IllegalArgumentException naming the option and the value if it is neither all-to-all nor
   *     all-gather, or given without {@code --attention-dp}
   */
  static Optional<ExpertCommunication> expertCommunication(@Nullable String text, boolean attentionDp,
      boolean spansGpus, Defaults defaults) {
    if (text == null) {
      if (attentionDp && spansGpus) {
        defaults.add("--expert-communication", "all-to-all (DeepEP's dispatch and combine)");
      }
      return Optional.empty();
    }
    ExpertCommunication c;
    try {
      c = ExpertCommunication.parse(text);
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException("--expert-communication must be all-to-all or all-gather, was \"" + text + "\"",
          ex);
    }
    if (!attentionDp) {
      throw new IllegalArgumentException("--expert-communication applies with --attention-dp, was " + text
          + " without it");
    }
    return Optional.of(c);
  }

  /**
   * Sets {@code --expert-weights} on the builder when given.
   *
   * @throws IllegalArgumentException naming the option and the value if the name is unknown or the
   *     model has no routed experts
   */
  static void expertWeights(InferenceScenario.Builder b, ModelArchitecture m, @Nullable String name) {
    parseExpertWeights(m, name).ifPresent(b::expertWeights);
  }

  /**
   * Sets {@code --attention-weights} on the builder when given.
   *
   * @throws IllegalArgumentException naming the option and the value if the name is unknown or the
   *     model has no attention layer
   */
  static void attentionWeights(InferenceScenario.Builder b, ModelArchitecture m, @Nullable String name) {
    parseAttentionWeights(m, name).ifPresent(b::attentionWeights);
  }

  /**
   * Parses {@code --attention-weights} for model {@code m}.
   *
   * @param m the model
   * @param name the option's value, or null when not given
   * @return the scheme, empty when not given
   * @throws IllegalArgumentException naming the option and the value if the name is unknown or the
   *     model has no attention layer
   */
  static Optional<QuantizationScheme> parseAttentionWeights(ModelArchitecture m, @Nullable String name) {
    return parseAttentionModule("--attention-weights", m, name);
  }

  /** Sets {@code --attention-output-weights} on the builder when given (refusals as {@link #attentionWeights}). */
  static void attentionOutputWeights(InferenceScenario.Builder b, ModelArchitecture m, @Nullable String name) {
    parseAttentionOutputWeights(m, name).ifPresent(b::attentionOutputWeights);
  }

  /** Parses {@code --attention-output-weights} for model {@code m} (refusals as {@link #parseAttentionWeights}). */
  static Optional<QuantizationScheme> parseAttentionOutputWeights(ModelArchitecture m, @Nullable String name) {
    return parseAttentionModule("--attention-output-weights", m, name);
  }

  private static Optional<QuantizationScheme> parseAttentionModule(
      String option, ModelArchitecture m, @Nullable String name) {
    if (name == null) {
      return Optional.empty();
    }
    QuantizationScheme q = parseWeights(option, name);
    if (m.attentionLayers() == 0) {
      throw new IllegalArgumentException(option + " applies to models with attention layers; " + m.id()
          + " has none, was \"" + name + "\"");
    }
    return Optional.of(q);
  }

  /**
   * Parses {@code --expert-weights} for model {@code m}.
   *
   * @param m the model
   * @param name the option's value, or null when not given
   * @return the scheme, empty when not given
   * @throws IllegalArgumentException naming the option and the value if the name is unknown or the
   *     model has no routed experts
   */
  static Optional<QuantizationScheme> parseExpertWeights(ModelArchitecture m, @Nullable String name) {
    if (name == null) {
      return Optional.empty();
    }
    QuantizationScheme e = parseWeights("--expert-weights", name);
    if (!m.isMoe() || m.moe().routedExperts() == 0) {
      throw new IllegalArgumentException("--expert-weights applies to MoE models; " + m.id() + " is dense, was \""
          + name + "\"");
    }
    return Optional.of(e);
  }

  /**
   * Parses a weight storage name given to {@code --weights}.
   *
   * @param name bf16, fp16, fp32, fp8, int8, int4, int4-g&lt;N&gt;, nf4, mxfp4 or nvfp4
   * @return the scheme
   * @throws IllegalArgumentException if the name is unknown
   */
  static QuantizationScheme parseWeights(String name) {
    return parseWeights("--weights", name);
  }

  /**
   * Parses a weight storage name given to {@code option}.
   *
   * @param option the option, for the error message
   * @param name bf16, fp16, fp32, fp8, int8, int4, int4-g&lt;N&gt;, nf4, mxfp4 or nvfp4
   * @return the scheme
   * @throws IllegalArgumentException naming the option and the value if the name is unknown
   */
  static QuantizationScheme parseWeights(String option, String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    switch (n) {
      case "bf16", "bfloat16" -> {
        return QuantizationScheme.uniform(DType.BF16);
      }
      case "fp16", "float16", "half" -> {
        return QuantizationScheme.uniform(DType.FP16);
      }
      case "fp32", "float32" -> {
        return QuantizationScheme.uniform(DType.FP32);
      }
      case "fp8", "fp8_e4m3", "fp8-e4m3" -> {
        return QuantizationScheme.fp8();
      }
      case "int8", "w8" -> {
        return QuantizationScheme.int8();
      }
      case "int4", "w4", "awq", "gptq" -> {
        return QuantizationScheme.int4(128);
      }
      case "nf4" -> {
        return QuantizationScheme.nf4();
      }
      case "mxfp4" -> {
        return QuantizationScheme.mxfp4();
      }
      case "nvfp4" -> {
        return QuantizationScheme.nvfp4();
      }
      default -> {
        if (n.startsWith("int4-g")) {
          int group;
          try {
            group = Integer.parseInt(n.substring("int4-g".length()));
          } catch (NumberFormatException ex) {
            throw new IllegalArgumentException(option + " int4-g<group> needs a whole group size, was \"" + name + "\"");
          }
          try {
            return QuantizationScheme.int4(group);
          } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(option + " \"" + name + "\": " + ex.getMessage());
          }
        }
        throw new IllegalArgumentException(
            option + " must be one of bf16, fp16, fp32, fp8, int8, int4, int4-g<group>, nf4, mxfp4, nvfp4,"
                + " was \"" + name + "\"");
      }
    }
  }

  /**
   * Refuses prompts and outputs below one token, and a prompt and output longer together than the
   * model's context: the library's check ({@link InferenceScenario#requireWithinContext}: a learned
   * position table strictly, any configured {@code max_position_embeddings}), in the options' names.
   * With {@code allowLongContext} ({@code --allow-long-context}) only a learned position table limits
   * them; without it, a refusal for another encoding names the flag as the second way past it.
   *
   * @throws IllegalArgumentException if a length is below 1 or {@code input + output} exceeds the context
   */
  static void checkContext(ModelArchitecture m, int input, int output, boolean allowLongContext) {
    if (input < 1) {
      throw new IllegalArgumentException("--input must be >= 1, was " + input);
    }
    if (output < 1) {
      throw new IllegalArgumentException("--output must be >= 1, was " + output);
    }
    try {
      InferenceScenario.requireWithinContext(m, input, output, allowLongContext);
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException(optionNames(ex.getMessage()), ex);
    }
  }

  /**
   * The embedding path's counterpart of the generation path's batch ceiling (which the library's
   * {@link InferenceCostModel#estimate} applies: at most what a GPU holds at one token of KV cache per
   * sequence): a forward pass
   * holds one layer's activations for every token of the batch (EmbeddingEstimate.activationBytes),
   * so a batch whose sequences would not fit the GPU even at one token of activations each is
   * refused, naming that ceiling and the largest batch that fits at {@code --input}; a batch below
   * the ceiling that does not fit is still estimated and reported as DOES NOT FIT.
   */
  private void refuseEmbedBatchBeyondOneTokenPerSequence(ModelArchitecture m, AcceleratorSpec a, int seq) {
    dev.llmcost.costmodel.inference.EmbeddingEstimate one =
        dev.llmcost.costmodel.inference.EmbeddingEstimate.of(m, a, 1, seq);
    double perToken = one.activationBytes() / (double) seq;
    long capacity = a.memory().bytes();
    if (!(perToken > 0)) {
      return;
    }
    double ceiling = Math.floor(capacity / perToken);
    if (batch > ceiling) {
      long fits = Math.max(0, (capacity - one.weightBytes()) / Math.max(1, one.activationBytes()));
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "--batch %,d: more sequences than one %s holds at one token of activations each (at most %,.0f:"
              + " %s / %s of one layer's activations per token); the largest batch that fits with %,d tokens is %,d",
          batch, a.id(), ceiling, a.memory().toIecString(),
          dev.llmcost.core.DataSize.ofBytes(Math.round(perToken)).toIecString(), seq, fits));
    }
  }

  /**
   * Parses {@code --batch}: a whole number at least 1 ({@code max} is handled by the caller).
   *
   * @throws IllegalArgumentException naming the option and the text otherwise
   */
  static int parseBatch(String text) {
    try {
      int b = Integer.parseInt(text.trim().replace(",", "").replace("_", ""));
      if (b >= 1) {
        return b;
      }
    } catch (NumberFormatException ex) {
      // falls through to the message below
    }
    throw new IllegalArgumentException("--batch must be a whole number >= 1 or max, was \"" + text + "\"");
  }

  /** Puts the CLI's option names into a scenario message ("ep must ..." becomes "--ep must ..."). */
  /** Parses {@code --kv-cache}, naming the option in the refusal (DType.parse names only "dtype"). */
  static DType kvCacheType(String text) {
    try {
      return DType.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--kv-cache: " + e.getMessage(), e);
    }
  }

  static String optionNames(String message) {
    return message
        .replaceFirst("^inputTokens \\+ outputTokens ", "--input + --output ")
        .replace("load a config.json whose", "pass --model a config.json whose")
        .replace("or set allowLongContext to cost", "or pass --allow-long-context to cost")
        .replaceFirst("^batch ", "--batch ")
        .replaceFirst("^attentionDataParallel ", "--attention-dp ")
        .replaceFirst("^expertImbalance ", "--expert-imbalance ")
        .replaceFirst("^ep ", "--ep ")
        .replaceFirst("^(tp|pp) ", "--$1: $1 ")
        .replace("needs ep = tp", "needs --ep = --tp");
  }

  /** Most host microseconds per sequence and decode iteration {@code --host-us-per-sequence} takes: one second. */
  static final double MAX_HOST_MICROS_PER_SEQUENCE = 1_000_000;

  /** Most host microseconds per layer {@code --host-us-per-eager-layer} takes (s24j): one second. */
  static final double MAX_HOST_MICROS_PER_EAGER_LAYER = 1_000_000;

  /**
   * Checks {@code --host-us-per-eager-layer} (s24j) and returns it in seconds per layer, for {@link
   * ServingOverheads.Builder#hostSecondsPerEagerLayer}.
   *
   * @throws IllegalArgumentException naming the option and the value if it is negative, NaN, infinite or above
   *     {@link #MAX_HOST_MICROS_PER_EAGER_LAYER}
   */
  static double hostSecondsPerEagerLayer(double micros) {
    if (!(micros >= 0 && Double.isFinite(micros))) {
      throw new IllegalArgumentException("--host-us-per-eager-layer must be a finite number >= 0, was " + micros);
    }
    if (micros > MAX_HOST_MICROS_PER_EAGER_LAYER) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "--host-us-per-eager-layer must be at most %,.0f"
          + " (one second of host time per layer and pass), was %s", MAX_HOST_MICROS_PER_EAGER_LAYER, micros));
    }
    return micros * 1e-6;
  }

  /** Amounts at or above this many USD are refused as typing errors (and to keep bills finite). */
  private static final java.math.BigDecimal MAX_USD = java.math.BigDecimal.TEN.pow(15);

  /**
   * Parses a USD amount given to {@code option}: a plain decimal number ({@code 2.50}, {@code $2.5}),
   * at least zero, below 10^15 and with at most 18 decimal places.
   *
   * @throws IllegalArgumentException naming {@code option} and the text otherwise
   */
  static Money usd(String option, String amount) {
    java.math.BigDecimal v;
    try {
      v = new java.math.BigDecimal(amount.trim().replace("$", ""));
    } catch (NumberFormatException ex) {
      throw new IllegalArgumentException(option + " must be a decimal amount in USD such as 2.50, was \"" + amount + "\"");
    }
    if (v.signum() < 0) {
      throw new IllegalArgumentException(option + " must be >= 0, was " + amount);
    }
    if (v.compareTo(MAX_USD) >= 0 || v.scale() > 18) {
      throw new IllegalArgumentException(
          option + " must be below 10^15 USD with at most 18 decimal places, was \"" + amount + "\"");
    }
    return Money.usd(v);
  }

  /**
   * Adds {@code speculative}: the draft, k, acceptance, expected tokens per step, the draft and
   * verification times of a step, and the TTFT, TPOT, throughput, memory and largest batch with
   * speculative decoding (the top-level figures stay those without it); its assumptions join
   * {@code assumptions}.
   */
  static void speculativeJson(ObjectNode n, SpeculativeEstimate sp) {
    SpeculativeDecoding d = sp.speculation();
    ObjectNode o = n.putObject("speculative");
    o.put("draft", d.isMultiTokenPrediction() ? SpeculativeOptions.MTP : d.draft().id());
    if (d.isMultiTokenPrediction()) {
      o.put("multiTokenPredictionModules", d.multiTokenPredictionModules());
    }
    o.put("k", d.k());
    o.put("acceptance", d.acceptance());
    o.put("expectedTokensPerStep", d.expectedTokensPerStep());
    o.put("draftParameters", d.draftParameters().value());
    o.put("draftSecondsPerStep", sp.draftSecondsPerStep());
    o.put("verifySecondsPerStep", sp.verifySecondsPerStep());
    o.put("draftPrefillSeconds", sp.draftPrefillSeconds());
    o.put("ttftSeconds", sp.ttftSeconds());
    tpotJson(o, sp.base().tpotDefined(), sp.tpotSeconds());
    o.put("endToEndSeconds", sp.endToEndSeconds());
    o.put("outputTokensPerSecond", sp.outputTokensPerSecond());
    o.put("outputTokensPerSecondPerGpu", sp.outputTokensPerSecondPerGpu());
    // the TPOT ratio: null with one output token, as tpotSeconds (s16g)
    if (sp.base().tpotDefined()) {
      o.put("speedup", sp.speedup());
    } else {
      o.putNull("speedup");
    }
    o.put("draftWeightBytesPerGpu", sp.draftWeightsPerGpu().bytes());
    o.put("draftKvCacheBytesPerTokenPerGpu", sp.draftKvCachePerTokenPerGpu().bytes());
    memoryJson(o, "memoryPerGpuBytes", sp.memoryPerGpu());
    o.put("fits", sp.fits());
    o.put("maxBatchSize", sp.maxBatchSize());
    if (n.get("assumptions") instanceof ArrayNode as) {
      int before = sp.base().assumptions().size();
      sp.assumptions().subList(before, sp.assumptions().size()).forEach(as::add);
    }
  }

  /** Inserts the speculative-decoding lines after the report's first block of figures. */
  static String withSpeculative(String report, SpeculativeEstimate sp) {
    SpeculativeDecoding d = sp.speculation();
    // one output token: no token after the first, so no TPOT and nothing for the draft to speed up (s16g; the
    // estimate's TPOT is then the step a second token would take, not a measurement of this request)
    String tpot = sp.base().tpotDefined()
        ? String.format(Locale.ROOT, "TPOT %s ms (%.2f× faster than %s ms)", Text.fixed(1e3 * sp.tpotSeconds(), 2),
            sp.speedup(), Text.fixed(1e3 * sp.base().tpotSeconds(), 2))
        : "TPOT n/a (one output token: no token after the first)";
    String lines = String.format(Locale.ROOT,
        "  speculative decoding (%s, k = %d, acceptance %.2f: %.2f tokens per step)%n"
            + "    TTFT %s ms, %s, %s output tokens/s (%s per GPU)%n"
            + "    a step: %s ms of draft passes, %s ms verifying; draft weights %s per GPU; largest batch %s%s%n",
        d.isMultiTokenPrediction() ? "the model's MTP module" + (d.multiTokenPredictionModules() == 1 ? "" : "s")
            : "draft " + d.draft().id(), d.k(), d.acceptance(), d.expectedTokensPerStep(),
        Text.fixed(1e3 * sp.ttftSeconds(), 1), tpot, Text.grouped(Math.round(sp.outputTokensPerSecond())),
        Text.grouped(Math.round(sp.outputTokensPerSecondPerGpu())), Text.fixed(1e3 * sp.draftSecondsPerStep(), 2),
        Text.fixed(1e3 * sp.verifySecondsPerStep(), 2), size(sp.draftWeightsPerGpu()), Text.grouped(sp.maxBatchSize()),
        sp.fits() ? "" : " (THE BATCH DOES NOT FIT WITH THE DRAFT)");
    int at = report.indexOf("\n\n", Math.max(0, report.indexOf("\n  throughput ")));
    return at < 0 ? report + "\n" + lines : report.substring(0, at) + "\n\n" + lines + report.substring(at + 1);
  }

  static ObjectNode memoryJson(ObjectNode parent, String key, InferenceMemory m) {
    ObjectNode o = parent.putObject(key);
    o.put("weights", m.weights().bytes());
    o.put("kvCache", m.kvCache().bytes());
    o.put("activations", m.activations().bytes());
    o.put("reserve", m.reserve().bytes());
    o.put("total", m.required().bytes());
    o.put("capacity", m.capacity().bytes());
    return o;
  }

  private static void phaseJson(ObjectNode parent, String key, PhaseCost p) {
    ObjectNode o = parent.putObject(key);
    o.put("tokens", p.tokens());
    o.put("contextTokens", p.contextTokens());
    o.put("flops", p.flops());
    o.put("bytes", p.bytes());
    o.put("seconds", p.seconds());
    o.put("bound", p.bound().name().toLowerCase(Locale.ROOT));
    o.put("arithmeticIntensity", p.arithmeticIntensity());
    ArrayNode ops = o.putArray("operators");
    for (OperatorCost c : p.operators()) {
      ObjectNode x = ops.addObject();
      x.put("group", c.group().name().toLowerCase(Locale.ROOT));
      x.put("flops", c.flops());
      x.put("bytes", c.bytes());
      x.put("computeSeconds", c.computeSeconds());
      x.put("memorySeconds", c.memorySeconds());
      x.put("seconds", c.seconds());
      x.put("bound", c.bound().name().toLowerCase(Locale.ROOT));
    }
  }

  /**
   * Returns a JSON object that starts with the deployment's keys both JSON reports of {@code infer} open with, in this
   * order: model, accelerator, tp, pp, ep, attentionDataParallel.
   */
  private static ObjectNode deploymentJson(InferenceScenario s) {
    ObjectNode n = JsonOutput.object();
    n.put("model", s.model().id());
    n.put("accelerator", s.accelerator().id());
    n.put("tp", s.tp());
    n.put("pp", s.pp());
    n.put("ep", s.ep());
    n.put("attentionDataParallel", s.attentionDataParallel());
    return n;
  }

  static ObjectNode toJson(InferenceEstimate e, List<BatchPoint> curve, OptionalInt computeBound,
      OptionalInt gemmBound, @Nullable ServingCost cost, @Nullable BreakEven breakEven) {
    InferenceScenario s = e.scenario();
    ObjectNode n = deploymentJson(s);
    n.put("expertImbalance", s.expertImbalance());
    n.put("expertCommunication", s.expertCommunication().id());
    n.put("allowLongContext", s.allowLongContext());
    n.put("gpus", s.gpus());
    n.put("batch", s.batch());
    n.put("inputTokens", s.inputTokens());
    n.put("outputTokens", s.outputTokens());
    n.put("weights", s.weights().name());
    n.put("expertWeights", s.expertWeights().name());
    n.put("attentionWeights", s.attentionWeights().name());
    n.put("attentionOutputWeights", s.attentionOutputWeights().name());
    n.put("kvCache", s.kvCache().id());
    n.put("attention", s.attention().name().toLowerCase(Locale.ROOT));
    n.put("ttftSeconds", e.ttftSeconds());
    tpotJson(n, e.tpotDefined(), e.tpotSeconds());
    n.put("endToEndSeconds", e.endToEndSeconds());
    n.put("outputTokensPerSecond", e.outputTokensPerSecond());
    n.put("outputTokensPerSecondPerGpu", e.outputTokensPerSecondPerGpu());
    n.put("kvCacheBytesPerToken", e.kvCachePerToken().bytes());
    n.put("kvCacheBytesPerTokenPerGpu", e.kvCachePerTokenPerGpu().bytes());
    long context = (long) s.inputTokens() + s.outputTokens();
    n.put("kvCacheBytesPerSequence", KvCacheSize.bytesPerSequence(s.model(), s.kvCache(), context));
    n.put("kvCacheBytesPerSequenceIfAllLayersFullAttention",
        Math.multiplyExact(e.kvCachePerToken().bytes(), context));
    n.put("recurrentStateBytesPerSequence", KvCacheSize.recurrentStateBytes(s.model(), s.kvCache()));
    n.put("maxBatchSize", e.maxBatchSize());
    n.put("fits", e.fits());
    n.put("expertsReadPerDecodeStep", InferenceCostModel.expertsReadPerDecodeStep(s));
    n.put("routedExperts", s.model().moe().routedExperts());
    memoryJson(n, "memoryPerGpuBytes", e.memoryPerGpu());
    phaseJson(n, "prefill", e.prefill());
    phaseJson(n, "decodeStep", e.decodeStep());
    if (computeBound.isPresent()) {
      n.put("computeBoundBatch", computeBound.getAsInt());
    } else {
      n.putNull("computeBoundBatch");
    }
    if (gemmBound.isPresent()) {
      n.put("gemmComputeBoundBatch", gemmBound.getAsInt());
    } else {
      n.putNull("gemmComputeBoundBatch");
    }
    ArrayNode c = n.putArray("throughputCurve");
    for (BatchPoint p : curve) {
      ObjectNode o = c.addObject();
      o.put("batch", p.batch());
      o.put("fits", p.fits());
      o.put("ttftSeconds", p.ttftSeconds());
      tpotJson(o, e.tpotDefined(), p.tpotSeconds());
      o.put("outputTokensPerSecond", p.outputTokensPerSecond());
      o.put("outputTokensPerSecondPerGpu", p.outputTokensPerSecondPerGpu());
    }
    if (cost != null) {
      ObjectNode o = n.putObject("cost");
      o.put("currency", cost.costPerHour().currency().getCurrencyCode());
      o.put("pricePerGpuHour", cost.pricePerGpuHour().toPlainString());
      o.put("costPerHour", cost.costPerHour().toPlainString());
      o.put("perMillionInputTokens", cost.perMillionInputTokens().toPlainString());
      o.put("perMillionOutputTokens", cost.perMillionOutputTokens().toPlainString());
      o.put("perMillionOutputTokensAllIn", cost.perMillionOutputTokensAllIn().toPlainString());
      o.put("perRequest", cost.perRequest().toPlainString());
      o.put("requestsPerHour", cost.requestsPerHour());
    }
    if (breakEven != null) {
      ObjectNode o = n.putObject("breakEven");
      o.put("selfHostedPerRequest", breakEven.selfHostedPerRequest().toPlainString());
      o.put("apiPerRequest", breakEven.apiPerRequest().toPlainString());
      o.put("breakEvenUtilization", breakEven.breakEvenUtilization());
      o.put("breakEvenRequestsPerHour", breakEven.breakEvenRequestsPerHour());
      o.put("maxRequestsPerHour", breakEven.maxRequestsPerHour());
      o.put("selfHostingCheaperAtFullLoad", breakEven.selfHostingCheaperAtFullLoad());
    }
    ArrayNode as = n.putArray("assumptions");
    e.assumptions().forEach(as::add);
    return n;
  }

  /** What a figure that does not apply prints as (a TPOT with one output token). */
  static final String NOT_APPLICABLE = "n/a";

  /**
   * Puts {@code tpotSeconds}: the figure, or JSON null where no token follows the first (one output token; TPOT is
   * (end-to-end − TTFT) / (output − 1), InferenceEstimate.tpotDefined).
   */
  static void tpotJson(ObjectNode n, boolean defined, double seconds) {
    secondsOrNull(n, "tpotSeconds", defined, seconds);
  }

  /** Puts {@code key}: the seconds where {@code defined}, else JSON null (the figure does not apply). */
  static void secondsOrNull(ObjectNode n, String key, boolean defined, double seconds) {
    if (defined) {
      n.put(key, seconds);
    } else {
      n.putNull(key);
    }
  }

  /** Returns {@link #seconds(double)}, or {@link #NOT_APPLICABLE} where the figure does not apply. */
  static String secondsOrNa(boolean defined, double s) {
    return defined ? seconds(s) : NOT_APPLICABLE;
  }

  static String seconds(double s) {
    if (s >= 1) {
      return Text.fixed(s, 2) + " s";
    }
    if (s >= 0.001) {
      return Text.fixed(s * 1e3, 1) + " ms";
    }
    return Text.fixed(s * 1e6, 1) + " µs";
  }

  static String size(DataSize d) {
    return d.toIecString(); // one memory unit in every report: GiB, as train, finetune and local print
  }

  static String report(InferenceEstimate e, List<BatchPoint> curve, OptionalInt computeBound,
      OptionalInt gemmBound, @Nullable ServingCost cost, @Nullable BreakEven breakEven,
      @Nullable SelfHostedComparison api) {
    return report(e, curve, computeBound, gemmBound, cost, breakEven, api, "", List.of());
  }

  static String report(InferenceEstimate e, List<BatchPoint> curve, OptionalInt computeBound,
      OptionalInt gemmBound, @Nullable ServingCost cost, @Nullable BreakEven breakEven,
      @Nullable SelfHostedComparison api, String energy, List<String> moreAssumptions) {
    InferenceScenario s = e.scenario();
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%s on %d × %s (tp %d, pp %d%s), %s weights, %s KV cache, %s attention%n",
        s.model().id(), s.gpus(), s.accelerator().id(), s.tp(), s.pp(),
        (s.ep() > 1 ? ", ep " + s.ep() : "") + (s.attentionDataParallel() ? ", attention data-parallel" : ""),
        s.weights().name() + (s.expertWeights().equals(s.weights()) ? "" : " (routed experts " + s.expertWeights().name()
            + ")") + (s.attentionWeights().equals(s.weights()) ? ""
                : " (attention input projections " + s.attentionWeights().name() + ")")
            + (s.attentionOutputWeights().equals(s.weights()) ? ""
                : " (attention output projection " + s.attentionOutputWeights().name() + ")"), s.kvCache().id(), s.attention().name().toLowerCase(Locale.ROOT)));
    sb.append(String.format(Locale.ROOT, "batch %s, %s input + %s output tokens per sequence%n%n",
        Text.grouped(s.batch()), Text.grouped(s.inputTokens()), Text.grouped(s.outputTokens())));
    sb.append(String.format(Locale.ROOT, "  time to first token    %10s   (prefill of %s tokens per GPU pass, %s-bound)%n",
        seconds(e.ttftSeconds()), Text.grouped(e.prefill().tokens()), e.prefill().bound().name().toLowerCase(Locale.ROOT)));
    sb.append(e.tpotDefined()
        ? String.format(Locale.ROOT, "  time per output token  %10s   (decode step at %s tokens of context, %s-bound)%n",
            seconds(e.tpotSeconds()), Text.grouped(e.decodeStep().contextTokens()),
            e.decodeStep().bound().name().toLowerCase(Locale.ROOT))
        : String.format(Locale.ROOT, "  time per output token  %10s   (one output token: no token after the first)%n",
            NOT_APPLICABLE));
    sb.append(String.format(Locale.ROOT, "  end to end             %10s%n", seconds(e.endToEndSeconds())));
    sb.append(String.format(Locale.ROOT, "  throughput             %10s output tokens/s  (%s per GPU)%n",
        Text.grouped(Math.round(e.outputTokensPerSecond())), Text.grouped(Math.round(e.outputTokensPerSecondPerGpu()))));
    InferenceMemory m = e.memoryPerGpu();
    sb.append(String.format(Locale.ROOT,
        "%n  memory per GPU: weights %s + KV cache %s + activations %s + reserve %s = %s of %s%n",
        size(m.weights()), size(m.kvCache()), size(m.activations()), size(m.reserve()), size(m.required()),
        size(m.capacity())));
    sb.append(e.fits()
        ? String.format(Locale.ROOT, "  fits; the largest batch that fits is %s%n", Text.grouped(e.maxBatchSize()))
        : String.format(Locale.ROOT, "  DOES NOT FIT; the largest batch that fits is %s%n", Text.grouped(e.maxBatchSize())));
    sb.append(String.format(Locale.ROOT, "  KV cache per token: %s bytes (%s per GPU)%n",
        Text.grouped(e.kvCachePerToken().bytes()), Text.grouped(e.kvCachePerTokenPerGpu().bytes())));
    long context = (long) s.inputTokens() + s.outputTokens();
    long perSequence = KvCacheSize.bytesPerSequence(s.model(), s.kvCache(), context);
    long allFull = Math.multiplyExact(e.kvCachePerToken().bytes(), context);
    if (perSequence != allFull) {
      sb.append(String.format(Locale.ROOT,
          "  KV cache per sequence of %s tokens: %s (%s if every layer cached every token; windows, chunks and"
              + " recurrent layers: see assumptions)%n",
          Text.grouped(context), size(dev.llmcost.core.DataSize.ofBytes(perSequence)),
          size(dev.llmcost.core.DataSize.ofBytes(allFull))));
    }
    if (s.model().moe().routedExperts() > 0) {
      sb.append(String.format(Locale.ROOT,
          "  experts read per decode step: %s of %d per MoE layer (top-%d of %d for %s tokens, uniform routing)%n",
          Text.fixed(InferenceCostModel.expertsReadPerDecodeStep(s), 2), s.model().moe().routedExperts(),
          s.model().moe().expertsPerToken(), s.model().moe().routedExperts(),
          Text.grouped((long) Math.ceil((double) s.batch() / Math.min(s.pp(), s.batch())))));
      if (s.ep() > 1) {
        sb.append(String.format(Locale.ROOT,
            "  expert parallelism %d: each GPU holds %d experts; the busiest rank receives %s × the mean routed tokens"
                + " (%s)%n",
            s.ep(), (s.model().moe().routedExperts() + s.ep() - 1) / s.ep(), Text.fixed(s.expertImbalance(), 2),
            s.expertImbalanceGiven() ? "--expert-imbalance" : "routing without a load balancer, the default"));
      }
    }
    // header and rows share the column widths: 2 + 24 = 4 + 22 characters before the first number
    sb.append(String.format(Locale.ROOT, "%n  %-24s %12s %12s %10s  bound%n", "decode step on one GPU", "GFLOP", "MiB moved",
        "time"));
    for (OperatorCost c : e.decodeStep().operators()) {
      sb.append(String.format(Locale.ROOT, "    %-22s %12s %12s %10s  %s%n", c.group().name().toLowerCase(Locale.ROOT),
          String.format(Locale.ROOT, "%,.2f", c.flops() / 1e9), String.format(Locale.ROOT, "%,.1f", c.bytes() / (double) (1L << 20)),
          seconds(c.seconds()),
          c.bound().name().toLowerCase(Locale.ROOT)));
    }
    String gemmsAt = gemmBound.isPresent() ? "at " + Text.grouped(gemmBound.getAsInt()) : "never";
    sb.append(computeBound.isPresent()
        ? String.format(Locale.ROOT, "  decode turns compute-bound at batch %s (the GEMMs alone %s)%n",
            Text.grouped(computeBound.getAsInt()), gemmsAt)
        : String.format(Locale.ROOT, "  decode never turns compute-bound (its KV-cache reads grow with the batch as fast"
            + " as its FLOPs); the GEMMs alone %s%n",
            gemmBound.isPresent() ? "turn compute-bound at batch " + Text.grouped(gemmBound.getAsInt()) : "never do"));
    if (!curve.isEmpty()) {
      sb.append(String.format(Locale.ROOT, "%n  throughput vs batch  %8s %10s %10s %12s %12s%n", "batch", "TTFT", "TPOT",
          "tokens/s", "per GPU"));
      for (BatchPoint p : curve) {
        sb.append(String.format(Locale.ROOT, "                       %8s %10s %10s %12s %12s%n", Text.grouped(p.batch()),
            seconds(p.ttftSeconds()), e.tpotDefined() ? seconds(p.tpotSeconds()) : NOT_APPLICABLE,
            Text.grouped(Math.round(p.outputTokensPerSecond())),
            Text.grouped(Math.round(p.outputTokensPerSecondPerGpu()))));
      }
    }
    if (cost != null) {
      sb.append(String.format(Locale.ROOT,
          "%n  cost at %s per GPU-hour (%s an hour): %s per million input tokens, %s per million output tokens"
              + " (%s all-in), %s per request%n",
          money(cost.pricePerGpuHour()), money(cost.costPerHour()), money(cost.perMillionInputTokens()),
          money(cost.perMillionOutputTokens()), money(cost.perMillionOutputTokensAllIn()), money(cost.perRequest())));
    }
    if (api != null) {
      sb.append(String.format(Locale.ROOT,
          "  against %s (list prices seen %s): %s per request, %s per million output tokens with their input;%n"
              + "    self-hosted at full load %s per million output tokens: %s%n",
          api.api().id(), api.api().seen(), money(api.apiRequest().total()), money(api.apiPerMillionOutputTokens()),
          money(api.selfHostedPerMillionOutputTokens()),
          api.selfHostingCheaperAtFullLoad()
              ? String.format(Locale.ROOT, "cheaper above %.0f%% utilisation (%s requests/hour of %s possible)",
                  100 * api.costRatioAtFullLoad(), Text.grouped(Math.round(api.breakEven().breakEvenRequestsPerHour())),
                  Text.grouped(Math.round(api.breakEven().maxRequestsPerHour())))
              : String.format(Locale.ROOT, "the API is cheaper even at full load (%.1f×)", api.costRatioAtFullLoad())));
    } else if (breakEven != null) {
      sb.append(String.format(Locale.ROOT,
          "  API: %s per request; self-hosting breaks even at %.0f%% utilisation (%s requests/hour of %s possible)%n",
          money(breakEven.apiPerRequest()), 100 * breakEven.breakEvenUtilization(),
          Text.grouped(Math.round(breakEven.breakEvenRequestsPerHour())),
          Text.grouped(Math.round(breakEven.maxRequestsPerHour()))));
    }
    sb.append(energy);
    sb.append("\n  assumptions\n");
    e.assumptions().forEach(x -> sb.append("    - ").append(x).append('\n'));
    moreAssumptions.forEach(x -> sb.append("    - ").append(x).append('\n'));
    return sb.toString();
  }

  static String money(Money m) {
    java.math.BigDecimal abs = m.amount().abs();
    int scale = abs.compareTo(java.math.BigDecimal.ONE) >= 0 ? 2 : abs.compareTo(new java.math.BigDecimal("0.01")) >= 0 ? 4 : 6;
    String v = m.amount().setScale(scale, RoundingMode.HALF_UP).toPlainString();
    return m.currency().equals(Money.USD) ? "$" + v : m.currency().getCurrencyCode() + " " + v;
  }
}
