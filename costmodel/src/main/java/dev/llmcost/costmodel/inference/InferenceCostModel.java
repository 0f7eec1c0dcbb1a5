package dev.llmcost.costmodel.inference;

import dev.llmcost.core.DType;
import dev.llmcost.core.DataSize;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.LatentAttention;
import dev.llmcost.core.model.LayerMixer;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.MultiHeadAttention;
import dev.llmcost.core.model.ParameterCounts;
import dev.llmcost.core.model.QuantizationScheme;
import dev.llmcost.costmodel.efficiency.EfficiencyProfile;
import dev.llmcost.costmodel.efficiency.EfficiencyProfiles;
import dev.llmcost.costmodel.internal.efficiency.GemmTiles;
import dev.llmcost.costmodel.internal.efficiency.Microbenchmarks;
import dev.llmcost.costmodel.internal.inference.CustomAllReduce;
import dev.llmcost.costmodel.internal.inference.Roofline;
import dev.llmcost.costmodel.internal.inference.ServingConfig;
import dev.llmcost.costmodel.internal.serving.AdpBalancer;
import dev.llmcost.costmodel.internal.serving.HostCost;
import dev.llmcost.costmodel.internal.serving.SteadyIterations;
import dev.llmcost.costmodel.internal.serving.StepCost;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Predicts the latency, throughput, memory and cost of serving a model: prefill and decode on the
 * roofline of each operator group, with calibrated efficiencies and stated overheads.
 *
 * <p>Efficiencies come from the accelerator's shared {@link EfficiencyProfile} ({@link
 * EfficiencyProfiles#forAccelerator}, the training model's measured-component profile: matmul
 * peak fraction, HBM fraction, collectives), specialised for serving by {@link InferenceCalibration#applyTo} (small-GEMM
 * half-saturation, HBM fraction); see {@link InferenceCalibration} for which factor comes from where
 * and why. Accelerators without calibration data use their own datasheet peaks and bandwidths with
 * the documented default fractions, and their estimates say so in {@link
 * InferenceEstimate#assumptions()}.
 *
 * <p>Thread-safe and immutable. {@link #calibrated()} uses {@link InferenceCalibration#CALIBRATED};
 * its predictions are checked in the tests against TensorRT-LLM v0.9.0's published throughput and
 * time-to-first-token figures.
 */
public final class InferenceCostModel {

  private static final InferenceCostModel CALIBRATED = new InferenceCostModel(InferenceCalibration.CALIBRATED, null);

  private final InferenceCalibration calibration;
  private final Function<AcceleratorSpec, EfficiencyProfile> profiles;
  private final String rooflineAssumption;
  private final String fp8Assumption;
  private final String fp4Assumption;
  private final ServingOverheads calibratedOverheads;
  private final String calibratedOverheadsAssumption;
  private volatile ProfileCache profileCache = new ProfileCache(null, null, "", "");
  private volatile CountsCache countsCache = new CountsCache(null, null);
  private volatile @Nullable ConfigCache configCache;

  /** The last accelerator's profile with its stated assumption and ring-step latency text. */
  private record ProfileCache(
      @Nullable AcceleratorSpec accelerator,
      @Nullable EfficiencyProfile profile,
      String assumption,
      String ringStep) {}

  private record ConfigCache(InferenceScenario scenario, ServingConfig config, List<String> assumptions) {}

  private record CountsCache(
      @Nullable ModelArchitecture model,
      @Nullable ParameterCounts counts) {}

  private InferenceCostModel(
      InferenceCalibration calibration,
      @Nullable Function<AcceleratorSpec, EfficiencyProfile> profiles) {
    this.calibration = calibration;
    Function<AcceleratorSpec, EfficiencyProfile> shared =
        profiles != null ? profiles : EfficiencyProfiles::forAccelerator;
    this.profiles = a -> calibration.applyTo(shared.apply(a));
    this.rooflineAssumption =
        String.format(
            Locale.ROOT,
            "roofline per operator group: a weight GEMM takes the longer of its compute and memory times plus"
                + " %.0f%% of the shorter (the fitted overlap loss); compute = FLOPs / (dense peak × large-GEMM"
                + " fraction × the useful share of its tiles over the accelerator's SMs: token rows padded to 8,"
                + " 64 per routed expert, weight tiles of 64–256 columns, split-K to fill the SMs; the grouped expert"
                + " GEMMs also × k / (k + %.0f) relative to k = %,.0f for their inner dimension k, each tile's fixed"
                + " cost fitted to DeepGEMM's FP8 GEMMs); memory = bytes"
                + " / (device-memory bandwidth × %.3f); the attention cores on the profile's curve saturating in"
                + " the head dimension",
            100 * calibration.gemmOverlapLoss(),
            GemmTiles.DEPTH_OVERHEAD,
            GemmTiles.DEPTH_REFERENCE,
            calibration.memoryBandwidthFraction());
    this.fp8Assumption =
        String.format(
            Locale.ROOT,
            "fp8 weights on an accelerator with an fp8 peak: GEMMs in fp8 (W8A8) at %.1f%% of the"
                + " 16-bit GEMM efficiency (fitted); attention in 16-bit",
            100 * calibration.fp8MatmulRelativeEfficiency());
    this.fp4Assumption =
        String.format(
            Locale.ROOT,
            "fp4 weights on an accelerator with an fp4 peak: GEMMs in fp4 (NVFP4/MXFP4 W4A4 as Blackwell"
                + " runs them) at %.1f%% of the 16-bit GEMM efficiency: the fitted fp8 factor × %.3f, NVFP4's"
                + " measured rate against FP8's at the same share of peak (vLLM's B200 CUTLASS GEMM benchmarks,"
                + " pull requests 20646 and 19566); activations quantized to fp4 inside the preceding kernels"
                + " (no extra pass); attention in 16-bit",
            100 * calibration.fp8MatmulRelativeEfficiency() * InferenceCalibration.FP4_GEMM_RATE_VERSUS_FP8,
            InferenceCalibration.FP4_GEMM_RATE_VERSUS_FP8);
    this.calibratedOverheads = calibration.overheads();
    this.calibratedOverheadsAssumption =
        overheads(calibratedOverheads, " (fitted)");
  }

  /** Returns the model with the calibrated factors. */
  public static InferenceCostModel calibrated() {
    return CALIBRATED;
  }

  /**
   * Returns a model with other inference factors over the shared per-accelerator profiles.
   *
   * @param calibration the factors
   * @return the model
   */
  public static InferenceCostModel of(InferenceCalibration calibration) {
    return new InferenceCostModel(calibration, null);
  }

  /**
   * Returns a model with other inference factors over another per-accelerator profile lookup (in
   * place of {@link EfficiencyProfiles#forAccelerator}); each profile is specialised by {@link
   * InferenceCalibration#applyTo}.
   *
   * @param calibration the inference factors (half-saturation, HBM fraction, overheads, fp8)
   * @param profiles the shared efficiency profile of each accelerator
   * @return the model
   */
  public static InferenceCostModel of(
      InferenceCalibration calibration, Function<AcceleratorSpec, EfficiencyProfile> profiles) {
    return new InferenceCostModel(calibration, profiles);
  }

  /** Returns the calibrated factors. */
  public InferenceCalibration calibration() {
    return calibration;
  }

  /**
   * Returns the efficiency profile used for {@code accelerator}: its shared profile specialised by
   * the inference calibration.
   *
   * @param accelerator the accelerator
   * @return the profile
   */
  public EfficiencyProfile profile(AcceleratorSpec accelerator) {
    EfficiencyProfile p = profileCache(accelerator).profile();
    if (p == null) {
      throw new IllegalStateException("no profile cached for " + accelerator.id());
    }
    return p;
  }

  private ProfileCache profileCache(AcceleratorSpec accelerator) {
    ProfileCache c = profileCache;
    if (c.accelerator() == accelerator && c.profile() != null) {
      return c;
    }
    EfficiencyProfile p = profiles.apply(accelerator);
    c = new ProfileCache(
        accelerator,
        p,
        profileAssumption(p, accelerator),
        String.format(Locale.ROOT, "%.1f µs", p.collectiveLatencySeconds() * 1e6));
    profileCache = c;
    return c;
  }

  private ParameterCounts counts(ModelArchitecture model) {
    CountsCache c = countsCache;
    if (c.model() == model && c.counts() != null) {
      return c.counts();
    }
    ParameterCounts p = model.parameterCounts();
    countsCache = new CountsCache(model, p);
    return p;
  }

  /**
   * Prepares the batch-independent part of a scenario (for repeated estimates, as the capacity
   * planner does).
   */
  ServingConfig config(InferenceScenario s) {
    return cached(s).config();
  }

  private ConfigCache cached(InferenceScenario s) {
    ConfigCache c = configCache;
    if (c != null && sameConfiguration(c.scenario(), s)) {
      return c;
    }
    ServingConfig config = new ServingConfig(s, calibration, profile(s.accelerator()), counts(s.model()));
    c = new ConfigCache(s, config, List.copyOf(assumptions(s, config)));
    configCache = c;
    return c;
  }

  /** Returns whether two scenarios differ at most in batch and lengths. */
  private static boolean sameConfiguration(InferenceScenario a, InferenceScenario b) {
    return a == b
        || (a.model() == b.model()
            && a.accelerator() == b.accelerator()
            && a.tp() == b.tp()
            && a.pp() == b.pp()
            && a.kvCache() == b.kvCache()
            && a.attention() == b.attention()
            && ServingConfig.decodeKernel(a) == ServingConfig.decodeKernel(b)
            && a.memoryReserveFraction() == b.memoryReserveFraction()
            && a.ep() == b.ep()
            && a.attentionDataParallel() == b.attentionDataParallel()
            && a.expertImbalance() == b.expertImbalance()
            && a.expertImbalanceGiven() == b.expertImbalanceGiven()
            && a.expertCommunication() == b.expertCommunication()
            && a.weights().equals(b.weights())
            && a.expertWeights().equals(b.expertWeights())
            && a.attentionWeights().equals(b.attentionWeights())
            && a.attentionOutputWeights().equals(b.attentionOutputWeights())
            && a.overheads().equals(b.overheads())
            && java.util.Objects.equals(a.tunedGemms(), b.tunedGemms())
            && a.fusedOneShotAllReduce() == b.fusedOneShotAllReduce());
  }

  /**
   * Estimates a scenario. A batch that does not fit is estimated all the same, with {@link
   * InferenceEstimate#fits()} false and {@link InferenceEstimate#maxBatchSize()} the largest batch
   * that does. A batch with more sequences per GPU ({@code batch}, or {@code ⌈batch / tp⌉} with
   * attention data parallelism) than the GPU's whole memory could hold at one token of KV cache each
   * cannot exist whatever the lengths, and is refused; one sequence per GPU never is. One token's
   * share is the sequence's KV cache over its {@code input + output} tokens (a state-space layer's
   * state spread over them), so the ceiling is never below what could exist. (A context beyond the
   * model's is refused when the scenario is built, {@link InferenceScenario#requireWithinContext},
   * unless it allows a long context.)
   *
   * @param s the scenario
   * @return the estimate
   * @throws IllegalArgumentException if the accelerator has no 16-bit or fp32 peak, or if the batch
   *     exceeds the one-token ceiling
   */
  public InferenceEstimate estimate(InferenceScenario s) {
    ConfigCache cache = cached(s);
    requireBelowOneTokenCeiling(s, cache.config());
    return estimate(s, cache.config(), cache.assumptions());
  }

  /**
   * Refuses a batch that no GPU could hold (see {@link #estimate(InferenceScenario)}): its memory and
   * times would describe nothing that can run.
   *
   * @throws IllegalArgumentException naming {@code batch}, its value, the ceiling and the largest batch
   *     that fits, if the batch exceeds the ceiling
   */
  private static void requireBelowOneTokenCeiling(InferenceScenario s, ServingConfig c) {
    int batch = s.batch();
    if (batch <= 1) {
      return;
    }
    long onOneGpu = c.sequencesOnOneGpu(batch);
    long ceiling = c.oneTokenSequenceCeiling(s.inputTokens(), s.outputTokens());
    if (onOneGpu <= Math.max(1, ceiling)) {
      return;
    }
    throw new IllegalArgumentException(String.format(Locale.ROOT,
        "batch %,d: more sequences per GPU%s than one %s holds at one token of KV cache each (at most %,d:"
            + " %s / %s per token per GPU); the largest batch that fits with %,d + %,d tokens is %,d",
        batch, s.attentionDataParallel()
            ? String.format(Locale.ROOT, " (%,d: ⌈batch / tp⌉ with attention data parallelism)", onOneGpu) : "",
        s.accelerator().id(), ceiling, s.accelerator().memory().toIecString(),
        DataSize.ofBytes(Math.round(c.kvBytesPerTokenShare(s.inputTokens(), s.outputTokens()))).toIecString(),
        s.inputTokens(), s.outputTokens(), c.maxBatch(s.inputTokens(), s.outputTokens())));
  }

  private InferenceEstimate estimate(InferenceScenario s, ServingConfig c, List<String> base) {
    int batch = s.batch();
    int input = s.inputTokens();
    int output = s.outputTokens();
    // the passes' per-group breakdowns are built only when an estimate's phases are read (PhaseCost.lazy): the
    // same passes run again then, into arrays; the times here are the ones those passes return
    double prefillSeconds = c.prefillSeconds(batch, input, null);
    double meanContext = input + output / 2.0;
    double iteration = c.decodeIteration(batch, meanContext, null);
    // the decode attention's share of the iteration: the attention group's time of the pass (its only term there)
    double attention = c.pp() * c.decodeAttentionSeconds(batch, meanContext);
    double tpot = Math.max(c.tpotFromIteration(iteration - attention, batch, input, output), hostStep(s, batch));
    double decodeSeconds = (output - 1) * tpot;
    int mb = c.microBatches(batch);
    double seqs = (double) batch / mb;
    PhaseCost prefill = PhaseCost.lazy((long) Math.ceil(seqs * input), input, prefillSeconds / (mb + s.pp() - 1),
        a -> c.prefillSeconds(batch, input, a));
    PhaseCost decode = PhaseCost.lazy((long) Math.ceil(seqs), Math.round(meanContext), iteration,
        a -> c.decodeIteration(batch, meanContext, a));
    double ttft = prefillSeconds + s.overheads().perRequestSeconds();
    double busy = prefillSeconds + decodeSeconds;
    double tokensPerSecond = (double) batch * output / busy;
    InferenceMemory memory = c.memory(batch, input, output);
    int maxBatch = c.maxBatch(input, output);
    return new InferenceEstimate(
        s,
        prefill,
        decode,
        prefillSeconds,
        decodeSeconds,
        ttft,
        tpot,
        ttft + decodeSeconds,
        tokensPerSecond,
        tokensPerSecond / s.gpus(),
        c.kvBytesPerToken(),
        c.kvBytesPerTokenPerGpu(),
        memory,
        maxBatch,
        withContext(base, s));
  }

  /**
   * Estimates a scenario served with speculative decoding: each step the draft proposes {@code k}
   * tokens one pass at a time and the target verifies them in one pass that scores {@code k + 1}
   * tokens per sequence; a sequence gains {@code (1 − α^(k+1)) / (1 − α)} tokens per step (Leviathan,
   * Kalman and Matias 2023, eq. 1). Both passes are costed on the same roofline as {@link #estimate}
   * at the mean context {@code input + output / 2}: the draft as a model of its own on the same GPUs
   * and tensor parallelism (one pipeline stage); the verification with {@code batch × (k + 1)} rows
   * in every GEMM and each sequence's KV cache read once. A multi-token-prediction draft ({@link
   * SpeculativeDecoding#multiTokenPrediction}) is the model's module: its block, its {@code 2h × h}
   * input projection (replicated on every GPU, as vLLM's {@code eh_proj}) and the shared output head,
   * stored like the target's weights; only its own weights are added to the memory. The prompt also
   * passes through the draft (its KV cache), which adds to the TTFT.
   *
   * @param s the scenario
   * @param spec the draft, tokens per step and acceptance
   * @return the estimate, with the scenario's estimate without speculation as its base
   * @throws IllegalArgumentException if the draft cannot be served on the scenario's GPUs (for
   *     example a tensor-parallel degree its heads do not divide)
   */
  public SpeculativeEstimate speculative(InferenceScenario s, SpeculativeDecoding spec) {
    InferenceEstimate base = estimate(s);
    ServingConfig c = config(s);
    boolean mtp = spec.isMultiTokenPrediction();
    InferenceScenario ds;
    try {
      ds = mtp
          ? s.toBuilder().model(spec.draft()).pp(1).build()
          : InferenceScenario.builder(spec.draft(), s.accelerator()).tp(s.tp()).batch(s.batch())
              .inputTokens(s.inputTokens()).outputTokens(s.outputTokens()).allowLongContext(s.allowLongContext())
              .kvCache(s.kvCache())
              .attention(s.attention()).overheads(s.overheads()).memoryReserveFraction(s.memoryReserveFraction())
              .build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("draft " + spec.draft().id() + " cannot be served like " + s.model().id()
          + ": " + e.getMessage(), e);
    }
    ServingConfig dc = new ServingConfig(ds, calibration, profile(ds.accelerator()), counts(ds.model()));
    int batch = s.batch();
    int input = s.inputTokens();
    int output = s.outputTokens();
    int k = spec.k();
    double context = input + output / 2.0;
    double h = s.model().hidden();
    double rows = s.attentionDataParallel() ? Math.ceil((double) batch / s.tp()) : batch;
    double draftPass = dc.decodeIteration(batch, context, null)
        + (mtp ? dc.roofline().projection(rows, h, 2 * h, null) : 0);
    double verify = c.verifyIteration(batch, k + 1, context, null);
    double draftPrefill = dc.prefillSeconds(batch, input, null)
        + (mtp ? dc.roofline().projection(rows * input, h, 2 * h, null) : 0);
    long draftWeights = mtp
        ? (long) Math.ceil(spec.draftParameters().value() * s.weights().effectiveBitsPerWeight() / 8 / s.tp())
        : dc.weightBytes();
    long draftKvPerToken = dc.kvBytesPerTokenPerGpu() * (mtp ? Math.min(k, spec.multiTokenPredictionModules()) : 1);
    long perSequence = dc.kvBytesPerSequence((long) input + output)
        * (mtp ? Math.min(k, spec.multiTokenPredictionModules()) : 1);
    int ways = s.attentionDataParallel() ? s.tp() : 1;
    InferenceMemory memory = withDraft(c.memory(batch, input, output), draftWeights, ((long) batch + ways - 1) / ways * perSequence);
    int lo = 0;
    int hi = base.maxBatchSize();
    while (lo < hi) {
      int mid = (int) (((long) lo + hi + 1) >>> 1);
      InferenceMemory m = withDraft(c.memory(mid, input, output), draftWeights, ((long) mid + ways - 1) / ways * perSequence);
      if (m.fits()) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    List<String> a = new ArrayList<>(base.assumptions());
    double e = spec.expectedTokensPerStep();
    a.add(String.format(Locale.ROOT,
        "speculative decoding with %s: k = %d draft token%s per step, acceptance %.2f per token%s, %.3f tokens per"
            + " step in expectation ((1 − α^(k+1)) / (1 − α), Leviathan et al. 2023); a step runs k draft passes"
            + " (%.3g ms each) and one target pass scoring k + 1 tokens per sequence (%.3g ms; KV cache read once per"
            + " sequence); TPOT = (k × draft + verify) / expected tokens, at the mean context of %,.0f tokens",
        mtp ? "the model's multi-token-prediction module" : spec.draft().id(), k, k == 1 ? "" : "s", spec.acceptance(),
        mtp && spec.acceptance() == SpeculativeDecoding.MTP_ACCEPTANCE
            ? " (" + SpeculativeDecoding.MTP_ACCEPTANCE_SOURCE + ")" : "",
        e, 1e3 * draftPass, 1e3 * verify, context));
    if (mtp) {
      a.add(String.format(Locale.ROOT,
          "the draft is the checkpoint's multi-token-prediction module (DeepSeek-V3 report §2.2): one %s block, its"
              + " 2h × h projection of the hidden state and the next token's embedding, and the output head it shares"
              + " with the model; its own %,d parameters (%.2f GB per GPU) and its layer's KV cache share the memory;"
              + " the prompt passes through it too (+%.3g ms TTFT)",
          spec.draft().isMoe() ? "MoE" : "dense", spec.draftParameters().value(), draftWeights / 1e9,
          1e3 * draftPrefill));
      if (k > spec.multiTokenPredictionModules()) {
        a.add("k = " + k + " exceeds the checkpoint's " + spec.multiTokenPredictionModules()
            + " multi-token-prediction module(s): the last module runs again for the further draft tokens (as vLLM"
            + " does), at the same acceptance per token, which overstates the gain (later tokens are accepted less often)");
      }
    } else {
      a.add(String.format(Locale.ROOT, "the draft %s runs on the same %d GPU(s) with tensor parallelism %d; its"
          + " weights (%.2f GB per GPU) and KV cache share the memory; the prompt passes through it too (+%.3g ms TTFT)",
          spec.draft().id(), s.tp(), s.tp(), draftWeights / 1e9, 1e3 * draftPrefill));
    }
    return new SpeculativeEstimate(base, spec, k * draftPass, verify, draftPrefill, DataSize.ofBytes(draftWeights),
        DataSize.ofBytes(draftKvPerToken), memory, lo, a);
  }

  private static InferenceMemory withDraft(InferenceMemory m, long draftWeights, long draftKv) {
    return InferenceMemory.of(
        DataSize.ofBytes(m.weights().bytes() + draftWeights),
        DataSize.ofBytes(m.kvCache().bytes() + draftKv),
        m.activations(),
        m.reserve(),
        m.capacity());
  }

  /**
   * Returns one decode iteration of the scenario's batch at a given context: the FLOPs and bytes of
   * each operator group (weights, KV-cache reads) and its time. With pipeline parallelism the
   * operators are one micro-batch's pass through the slowest stage and the time is the whole
   * iteration ({@code pp} stage slots).
   *
   * @param s the scenario
   * @param context tokens each sequence attends to, at least 1
   * @return the step
   * @throws IllegalArgumentException if {@code context} is not positive
   */
  public PhaseCost decodeStep(InferenceScenario s, long context) {
    if (context <= 0) {
      throw new IllegalArgumentException("context must be > 0, was " + context);
    }
    ServingConfig c = config(s);
    double[] a = new double[Roofline.GROUPS * Roofline.SLOTS];
    double iteration = c.decodeIteration(s.batch(), context, a);
    return PhaseCost.ofGroups(
        (long) Math.ceil((double) s.batch() / c.microBatches(s.batch())), context, a, iteration);
  }

  /**
   * Returns the routed experts a decode step reads in each MoE layer: the expected number of
   * distinct experts that its tokens (one per sequence; with pipeline parallelism one micro-batch's
   * {@code batch / min(pp, batch)}) reach under uniform top-k routing, {@code E · (1 − (1 −
   * k/E)^tokens)}; each one's weights are read once per step. With tensor parallelism every GPU
   * reads its slice of each of them.
   *
   * @param s the scenario
   * @return experts per MoE layer, between {@code top-k} and {@code E} for batch ≥ 1; 0 for a dense
   *     model
   */
  public static double expertsReadPerDecodeStep(InferenceScenario s) {
    int experts = s.model().moe().routedExperts();
    if (experts <= 0 || s.model().moeLayers() == 0) {
      return 0;
    }
    double tokens = (double) s.batch() / Math.min(s.pp(), s.batch());
    return Roofline.expectedExperts(experts, s.model().moe().expertsPerToken(), tokens);
  }

  private static final String STATIC_BATCH =
      "static batch: the batch's prompts are prefilled together, then every sequence decodes one"
          + " token per step (TensorRT-LLM gptSessionBenchmark; in-flight batching with equal"
          + " lengths behaves the same); throughput = batch × output / (prefill + decode time)";
  private static final String DECODE_ATTENTION =
      "decode attention runs at the larger of the fp32 vector rate and tensor cores fed with the"
          + " query heads that share a KV head; prefill attention is FlashAttention-style and causal";
  private static final String WEIGHT_ONLY =
      "weight-only quantization: weights are read at their stored size (group scales included)"
          + " and dequantized to 16-bit math; the dequantization cost is ignored";
  private static final String HEAD_16 =
      "embeddings, norms, routers and the output head stay in 16 bits (QuantizationScheme)";
  private static final String MOE =
      "MoE: each expert a GPU holds gets its share of tokens × top-k / experts (the busiest expert-parallel rank's"
          + " share with expert parallelism) and its weights are read when at least one token reaches it (expected"
          + " experts E × (1 − (1 − k/E)^tokens))";
  private static final String MLA =
      "latent attention: prefill materialises per-head keys and values; decode is absorbed"
          + " (DeepSeek-V2 §2.1.2), attending in the latent space and reading the latent cache once";
  private static final String PER_QUERY_HEAD =
      "decode attention re-reads each KV head once per query head of its group";
  private static final String CHUNKED_PER_QUERY_HEAD =
      "attention trtllm-xqa: TensorRT-LLM's XQA decode kernels reject chunked attention, so on a GPU outside the"
          + " SM100 family and with the sequence (input + output, trtllm-bench's max_seq_len) reaching the attention"
          + " chunk the chunked layers decode with its masked multi-head attention kernel, costed as re-reading each"
          + " KV head once per query head (an upper bound: the kernel's reuse of those reads through the L2 cache is"
          + " not measured)";
  private static final String CHUNKED_GROUPED =
      "attention trtllm-xqa: the chunked layers decode with the grouped-query kernels as the others do,"
          + " TensorRT-LLM's trtllm-gen kernels on SM100-family GPUs, its XQA kernels elsewhere when the"
          + " sequence (input + output, trtllm-bench's max_seq_len) stays below the attention chunk"
          + " (TensorRT-LLM pull request 6306)";
  private static final String EAGER =
      "eager attention: the full score matrix is computed, written and read four times per layer,"
          + " and kept in memory for the prefill";

  /** Says which layers cache fewer tokens than the context, or none, and why. */
  static void layerPatternAssumptions(ModelArchitecture m, DType kv, List<String> a) {
    int sliding = m.layersOf(LayerMixer.SLIDING_ATTENTION);
    int chunked = m.layersOf(LayerMixer.CHUNKED_ATTENTION);
    int recurrent = m.layers() - m.attentionLayers();
    if (sliding > 0) {
      a.add(sliding + " of " + m.layers() + " layers attend within a " + KvCacheSize.window(m)
          + "-token window (sliding) and cache at most that many tokens"
          + (m.attentionSinks() ? " (gpt-oss's attention sinks are one learned logit per head: no cached token)" : ""));
    }
    if (chunked > 0) {
      a.add(chunked + " of " + m.layers() + " layers attend within " + KvCacheSize.window(m)
          + "-token chunks (Llama 4) and cache at most one chunk");
    }
    if (recurrent > 0) {
      a.add(recurrent + " of " + m.layers() + " layers are linear-attention or state-space layers: no KV cache,"
          + " a constant state of " + KvCacheSize.recurrentStateBytes(m, kv) + " bytes per sequence (in the KV-cache type)");
    }
    if (m.indexer().isPresent()) {
      a.add("DeepSeek Sparse Attention: each token also caches a " + m.indexer().get().headDim()
          + "-feature indexer key per layer; attention reads the top " + m.indexer().get().topK() + " tokens");
    }
  }

  private static String overheads(ServingOverheads o) {
    return overheads(o, "");
  }

  private static String overheads(ServingOverheads o, String fitted) {
    return String.format(
        Locale.ROOT,
        "serving overheads: %.1f µs per layer and %.1f µs per forward pass, %.1f ms per request",
        o.perLayerSeconds() * 1e6,
        o.perStepSeconds() * 1e6,
        o.perRequestSeconds() * 1e3)
        + fitted
        + (o.hostSecondsPerSequence() > 0
            ? String.format(Locale.ROOT, "; host scheduling %.1f µs per sequence per decode iteration on each rank"
                + " (a Python scheduler%s), overlapped with the GPU: an iteration takes max(GPU, host)",
                o.hostSecondsPerSequence() * 1e6,
                o.hostSecondsPerSequence() == ServingOverheads.TRTLLM_PYTORCH_HOST_SECONDS_PER_SEQUENCE
                    ? ": TensorRT-LLM's PyTorch backend, 45.11 ms per iteration at 1,536 sequences per rank on"
                        + " GB200, NVIDIA/TensorRT-LLM PR 10273"
                    : o.hostSecondsPerSequence()
                            == ServingOverheads.TRTLLM_PYTORCH_HOST_SECONDS_PER_SEQUENCE / ServingOverheads.GRACE_HOST_SLOWDOWN
                        ? String.format(Locale.ROOT, ": TensorRT-LLM's PyTorch backend on an x86 host, PR 10273's GB200"
                            + " figure (45.11 ms at 1,536 sequences per rank) over the fitted Grace slowdown %.1f",
                            ServingOverheads.GRACE_HOST_SLOWDOWN)
                        : "")
            : "; no host scheduling cost per sequence (the host keeps up with the GPU, as a C++ scheduler)")
        + (o.hostSecondsPerEagerMoeLayer() > 0
            ? String.format(Locale.ROOT, "; %.2f ms of host time per MoE layer to launch a pass that prefills a prompt"
                + " (no CUDA graph), on the same host thread: such an iteration takes max(GPU, launch + host)%s",
                o.hostSecondsPerEagerMoeLayer() * 1e3,
                o.hostSecondsPerEagerMoeLayer() == ServingOverheads.TRTLLM_PYTORCH_EAGER_SECONDS_PER_MOE_LAYER
                        || o.hostSecondsPerEagerMoeLayer()
                            == ServingOverheads.TRTLLM_PYTORCH_EAGER_SECONDS_PER_MOE_LAYER * ServingOverheads.GRACE_HOST_SLOWDOWN
                    ? String.format(Locale.ROOT, " (TensorRT-LLM's PyTorch backend, fitted; x%.1f on a Grace host)",
                        ServingOverheads.GRACE_HOST_SLOWDOWN)
                    : "")
            : "")
        + (o.hostSecondsPerEagerLayer() > 0
            ? String.format(Locale.ROOT, "; %.3f ms of host time per layer to launch a pass that prefills a prompt"
                + " (no CUDA graph): such an iteration takes max(GPU, launch + host)%s",
                o.hostSecondsPerEagerLayer() * 1e3,
                // the constant, or the command line's 976 µs that stands for it (s24j)
                Math.abs(o.hostSecondsPerEagerLayer() - ServingOverheads.SGLANG_EAGER_EXTEND_SECONDS_PER_LAYER) < 0.5e-6
                    ? " (SGLang's un-graphed extend pass, DeepSeek-V3: 82.64 ms eager against 23.10 ms from a prefill"
                        + " CUDA graph over 61 layers, sgl-project/sglang PR 12160)"
                    : "")
            : "");
  }

  /**
   * Returns the host time of one decode iteration: {@link ServingOverheads#hostSecondsPerSequence}
   * times the sequences one rank's scheduler handles (the batch over the {@code tp} ranks with
   * attention data parallelism, each rank running its own executor; else the whole batch). The
   * engine prepares iteration {@code n + 1} while the GPU runs {@code n} (TensorRT-LLM's PyTorch
   * backend's overlap scheduler: "CPU work (step n) and GPU computation (step n+1) to run
   * concurrently … Enabled by default", nvidia.github.io/TensorRT-LLM/torch/features/overlap_scheduler.html),
   * so a decode iteration takes the longer of this and
   * the GPU's time; the mean TPOT is compared with it as a whole (the GPU time per step varies with
   * the context, the host time does not).
   */
  private static double hostStep(InferenceScenario s, double batch) {
    double perSeq = s.overheads().hostSecondsPerSequence();
    if (perSeq == 0) {
      return 0;
    }
    return perSeq * Math.ceil(batch / (s.attentionDataParallel() ? s.tp() : 1));
  }

  /**
   * Adds the one assumption that depends on the lengths: a context beyond the model's, which only a
   * scenario with {@link InferenceScenario#allowLongContext()} has.
   */
  private static List<String> withContext(List<String> base, InferenceScenario s) {
    String beyond = contextAssumption(s.model(), s.inputTokens(), s.outputTokens());
    if (beyond == null) {
      return base;
    }
    List<String> a = new ArrayList<>(base);
    a.add(beyond);
    return a;
  }

  /**
   * Returns the assumption a run past the model's configured context states (which only a scenario
   * or capacity request that allows a long context can have), or null when {@code input + output}
   * is within it or the model declares none.
   *
   * @param model the model
   * @param inputTokens prompt tokens per sequence
   * @param outputTokens generated tokens per sequence
   * @return the assumption, or null
   */
  public static @Nullable String contextAssumption(ModelArchitecture model, int inputTokens, int outputTokens) {
    long maxPositions = model.embeddings().maxPositions();
    long context = (long) inputTokens + outputTokens;
    if (maxPositions <= 0 || context <= maxPositions) {
      return null;
    }
    return "input + output (" + context + " tokens) exceeds the model's configured context of "
        + maxPositions + " tokens";
  }

  private static boolean isFp8(DType t) {
    return t == DType.FP8_E4M3 || t == DType.FP8_E5M2;
  }

  private static String pct(double fraction) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
  }

  /**
   * States the efficiency profile and where its figures come from, in the words of the device it is
   * about: its memory is "device memory" (the catalog does not say HBM or GDDR), and a card without
   * a scale-up link (RTX 4090, L4) gets no scale-up sentence.
   */
  private static String profileAssumption(EfficiencyProfile p, AcceleratorSpec accelerator) {
    boolean scaleUp = accelerator.scaleUpDomain() > 1 && accelerator.scaleUpBandwidth().bytesPerSecond() > 0;
    String collectives =
        scaleUp && accelerator.scaleUpOverPcie()
            ? String.format(Locale.ROOT, "no NVLink: collectives between the %d GPUs of a server over %s (%.0f GB/s"
                    + " per direction) at a measured NCCL bus bandwidth of %.1f GB/s (%s of the link: the mean of the PCIe servers'"
                    + " peak busbw in collectives.csv, NVIDIA/nccl issue 1639 and voipmonitor/rtx6kpro), %s of the network bandwidth across servers",
                accelerator.scaleUpDomain(), accelerator.scaleUpLink(),
                accelerator.scaleUpBandwidthPerDirection().bytesPerSecond() / 1e9,
                accelerator.scaleUpBandwidthPerDirection().bytesPerSecond() / 1e9 * p.scaleUpBandwidthFraction(),
                pct(p.scaleUpBandwidthFraction()), pct(p.scaleOutBandwidthFraction()))
            : scaleUp
            ? String.format(Locale.ROOT, "collectives %s of the scale-up and %s of the network bandwidth",
                pct(p.scaleUpBandwidthFraction()), pct(p.scaleOutBandwidthFraction()))
            : String.format(Locale.ROOT, "no scale-up link: collectives over the network at %s of its bandwidth",
                pct(p.scaleOutBandwidthFraction()));
    return String.format(
            Locale.ROOT,
            "efficiency profile of %s: GEMMs reach %s of the dense peak at large shapes, over %s; attention"
                + " cores at that × d/(d + %.1f) for a head dimension d; device memory %s of its bandwidth; %s, %.1f µs"
                + " per ring step (",
            p.acceleratorId(),
            pct(p.matmulPeakFraction()),
            accelerator.computeUnits() > 0
                ? String.format(Locale.ROOT, "%,d SMs (compute units) that GEMM tiles are scheduled on", accelerator.computeUnits())
                : "matrix engines without an SM count (no wave quantization)",
            p.matmulHalfSaturationDim(),
            pct(p.memoryBandwidthFraction()),
            collectives,
            p.collectiveLatencySeconds() * 1e6)
        + p.source()
        + ")";
  }

  /** Says how the routed experts are laid out over the GPUs and which imbalance is assumed. */
  private static String expertLayout(InferenceScenario s) {
    if (s.ep() == 1) {
      return s.tp() > 1 ? "; every expert sharded over the tp " + s.tp() + " GPUs (no expert parallelism)" : "";
    }
    int routed = s.model().moe().routedExperts();
    int slots = (routed + s.ep() - 1) / s.ep();
    return String.format(Locale.ROOT,
        "; expert parallelism %d: each expert-parallel group holds %d of the %d routed experts%s, each sharded"
            + " over tp / ep = %d GPU(s); the busiest rank receives %.2f × the mean tokens (routing imbalance, %s)",
        s.ep(), slots, routed,
        routed % s.ep() == 0 ? "" : " (" + (slots * s.ep() - routed) + " slots hold redundant copies, as EPLB places them)",
        s.expertTp(),
        s.expertImbalance(),
        s.expertImbalanceGiven()
            ? "given"
            : routed < InferenceScenario.FINE_GRAINED_EXPERTS
                ? "default: uniform routing for an MoE of fewer than " + InferenceScenario.FINE_GRAINED_EXPERTS
                    + " experts; --expert-imbalance sets it"
                : String.format(Locale.ROOT, "default: routing without a load balancer, 1 + z(%d) × %.2f × √(%d/%d) with"
                + " z(n) the expected largest of n normal draws and %.2f the spread of per-expert token counts that"
                + " gives DeepSeek-R1's measured 2.56 at EP32 (TensorRT-LLM ep_load_balancer README); EPLB measured"
                + " %.3f, --expert-imbalance sets it", Math.min(s.ep(), routed), InferenceScenario.ROUTED_LOAD_SPREAD,
                Math.min(s.ep(), routed), routed, InferenceScenario.ROUTED_LOAD_SPREAD,
                InferenceScenario.EPLB_EXPERT_IMBALANCE));
  }

  /**
   * Says how a module of the attention layers is stored when that differs from the other linear layers
   * ({@link InferenceScenario.Builder#attentionWeights}, {@link InferenceScenario.Builder#attentionOutputWeights}),
   * and in which math its GEMMs run.
   */
  private String moduleWeights(InferenceScenario s, QuantizationScheme q, String module) {
    String math;
    if (Roofline.fp4Math(s.accelerator(), q, calibration)) {
      math = "in fp4 (W4A4)";
    } else if (Roofline.fp8Math(s.accelerator(), q, calibration)) {
      math = "in fp8 (W8A8)";
    } else {
      math = withoutLowPrecisionMath(s, q);
    }
    return String.format(Locale.ROOT,
        "%s stored apart from the other linear layers (%s): %s, %.3f bits per weight, read at that size with"
            + " their GEMMs %s; the output head and routers stay in %s",
        module, s.weights().name(), q.name(), q.effectiveBitsPerWeight(), math, s.weights().otherType().id());
  }

  /**
   * Says how the routed experts are stored when that differs from the other linear layers, and in
   * which math their grouped GEMMs run.
   */
  private String expertWeights(InferenceScenario s, ServingConfig c) {
    QuantizationScheme e = s.expertWeights();
    String math;
    if (c.roofline().expertFp4Math()) {
      math = String.format(Locale.ROOT, "in fp4 (W4A4) at %.1f%% of the 16-bit GEMM efficiency (the fitted fp8 factor ×"
          + " NVFP4's measured rate against FP8)",
          100 * calibration.fp8MatmulRelativeEfficiency() * InferenceCalibration.FP4_GEMM_RATE_VERSUS_FP8);
    } else if (c.roofline().expertFp8Math()) {
      math = String.format(Locale.ROOT, "in fp8 (W8A8) at %.1f%% of the 16-bit GEMM efficiency (fitted)",
          100 * calibration.fp8MatmulRelativeEfficiency());
    } else {
      math = withoutLowPrecisionMath(s, e);
    }
    return String.format(Locale.ROOT,
        "routed experts stored apart from the other linear layers (%s): %s, %.3f bits per weight; every expert a step"
            + " reaches is read at that size and its grouped GEMMs run %s%s",
        s.weights().name(), e.name(), e.effectiveBitsPerWeight(), math,
        !s.attentionDataParallel() ? ""
            : c.roofline().expertFp8Math() || c.roofline().expertFp4Math()
                ? "; tokens go to the experts quantized to their input type" : "; tokens go to the experts in 16 bits");
  }

  /**
   * Says in which math GEMMs of weights stored as {@code q} run where the accelerator has no FP8/FP4 math for them:
   * dequantized to 16 bits when they are stored below 16 bits, else in their own type.
   */
  private static String withoutLowPrecisionMath(InferenceScenario s, QuantizationScheme q) {
    return q.weightType().bits() < 16
        ? "dequantized to 16-bit math (weight-only, " + s.accelerator().id() + " has no faster " + q.weightType().id()
            + " math)"
        : "in " + q.weightType().id() + " math";
  }

  /** Says what attention data parallelism does and what its all-to-all costs. */
  private static String attentionDataParallel(InferenceScenario s) {
    Microbenchmarks mb = Microbenchmarks.bundled();
    boolean inside = s.ep() <= s.accelerator().scaleUpDomain();
    if (s.expertCommunication() == ExpertCommunication.ALL_GATHER) {
      return String.format(Locale.ROOT,
          "attention data parallelism over %d GPUs: each attends for batch / %d sequences with whole attention,"
              + " dense-MLP, shared-expert and head weights and holds only its sequences' KV cache; no"
              + " all-reduce; each MoE layer all-gathers every rank's tokens (in the expert GEMMs' input type)"
              + " and reduce-scatters the 16-bit outputs, ring collectives at the all-reduce's bandwidth, and its"
              + " MoE kernels read and write every gathered token (TensorRT-LLM's fused MoE without an all-to-all:"
              + " no multi-node NVLink, or ep <= top-k; not overlapped with compute)",
          s.tp(), s.tp());
    }
    return String.format(Locale.ROOT,
        "attention data parallelism over %d GPUs: each attends for batch / %d sequences with whole attention,"
            + " dense-MLP, shared-expert and head weights and holds only its sequences' KV cache; no"
            + " all-reduce; each MoE layer dispatches every token's top-k copies to the experts' GPUs and"
            + " combines them back (all-to-all, %s; not overlapped with compute)",
        s.tp(), s.tp(),
        inside
            ? s.accelerator().scaleUpOverPcie()
                ? String.format(Locale.ROOT, "within one server over %s at the measured NCCL PCIe fraction"
                    + " (collectives.csv; DeepEP's intranode kernels need NVLink)", s.accelerator().scaleUpLink())
                : String.format(Locale.ROOT, "within the scale-up domain at %.0f%% of its per-direction bandwidth"
                + " (DeepEP intranode rows)", 100 * mb.allToAllScaleUpFraction())
            : String.format(Locale.ROOT, "ep %d spans nodes of %d GPUs: the off-node share at %.0f%% of the"
                + " network bandwidth after %.0f µs per dispatch or combine (DeepEP low-latency rows)",
                s.ep(), s.accelerator().scaleUpDomain(), 100 * mb.allToAllScaleOutFraction(),
                mb.allToAllScaleOutLatencySeconds() * 1e6));
  }

  private static String tensorParallel(InferenceScenario s, String ringStep) {
    boolean inside = s.tp() <= s.accelerator().scaleUpDomain();
    String custom = CustomAllReduce.describe(s.accelerator(), s.tp(), s.fusedOneShotAllReduce());
    return "tensor parallelism: two all-reduces per layer, each 2(tp−1) = "
        + 2 * (s.tp() - 1)
        + " ring steps of "
        + ringStep
        + " plus a ring volume of 2(tp−1)/tp × tokens × hidden × 2 bytes over "
        + (inside
            ? s.accelerator().scaleUpOverPcie()
                ? s.accelerator().scaleUpLink() + " between the GPUs of one server (no NVLink)"
                : "the scale-up link"
            : "the network (tp exceeds the scale-up domain of " + s.accelerator().scaleUpDomain() + ")")
        + (custom == null ? "" : "; " + custom);
  }

  /** Returns the assumptions that depend on the configuration only (not batch or lengths). */
  private List<String> assumptions(InferenceScenario s, ServingConfig c) {
    List<String> a = new ArrayList<>(16);
    a.add(STATIC_BATCH);
    a.add(rooflineAssumption);
    ProfileCache profile = profileCache(s.accelerator());
    a.add(profile.assumption());
    TunedGemmTimes tuned = s.tunedGemms();
    if (tuned != null) {
      a.add(tuned.assumption());
    }
    a.add(DECODE_ATTENTION);
    if (s.model().attention() instanceof MultiHeadAttention
        && (s.attention() == InferenceAttentionKernel.FLASH || s.attention() == InferenceAttentionKernel.TRTLLM_XQA)) {
      Microbenchmarks.bundled()
          .decodeAttentionTensorFraction(s.accelerator())
          .ifPresent(f -> a.add(String.format(Locale.ROOT,
              "grouped-query decode attention on tensor cores at 16-bit peak × %.3f × the group's share of"
                  + " 8-row MMA granules (FlashMLA's computation-bound decode on H800, decode-attention.csv%s), so"
                  + " memory-bound at the calibrated device-memory fraction, as TensorRT-LLM's decode kernel"
                  + " measures on B200 (vLLM PR 23647)", f,
              notMeasuredOn(s.accelerator()))));
    }
    if (s.model().attention() instanceof LatentAttention l && s.attention() == InferenceAttentionKernel.FLASH) {
      int heads = l.heads() / s.attentionTp();
      int block = Roofline.MLA_DECODE_BLOCK_ROWS;
      Microbenchmarks.bundled()
          .decodeAttentionTensorFraction(s.accelerator())
          .ifPresent(f -> a.add(String.format(Locale.ROOT,
              "absorbed latent-attention decode as FlashMLA runs it: the %d heads' query rows share one"
                  + " latent read per token, on tensor cores at %.0f TFLOP/s, the higher of 16-bit peak × %.3f ×"
                  + " %d/%d (%d-row blocks; FlashMLA's computation-bound decode on H800, decode-attention.csv%s)"
                  + " and the GEMM curve at the heads' rows", heads, c.roofline().decodeAttentionRate() / 1e12, f,
              heads, (heads + block - 1) / block * block, block,
              notMeasuredOn(s.accelerator()))));
    } else if (s.model().attention() instanceof LatentAttention && s.attention() == InferenceAttentionKernel.TRTLLM_XQA) {
      a.add("latent-attention decode as TensorRT-LLM's MLA generation kernels run it: the GEMM curve at the"
          + " heads' rows (FlashMLA only on SM90 with 64-token KV blocks; no published rate of its own kernels)");
    }
    c.roofline().prefillAttentionCurve().ifPresent(k -> a.add(String.format(Locale.ROOT,
        "prefill attention at the measured causal forward rate of %s's fused attention on this silicon:"
            + " 16-bit peak × %.3f × s/(s + %.0f) for an s-token prompt (%.0f%% of peak at 2,048 tokens,"
            + " %.0f%% at 16,384; attention.csv)", Roofline.PREFILL_ATTENTION_KERNEL, k[0], k[1],
        100 * k[0] * 2048 / (2048 + k[1]), 100 * k[0] * 16384 / (16384 + k[1]))));
    if (s.model().moe().routedExperts() > 0) {
      c.roofline().expertFusedCeiling().ifPresent(r -> a.add(String.format(Locale.ROOT,
          "routed experts' NVFP4 grouped GEMMs at most %.0f TFLOP/s (FP4 peak × %.3f: the fastest measured"
              + " compute-bound fused NVFP4 MoE layer of this silicon, SGLang's CUTLASS kernel at 1,262 TFLOP/s on"
              + " B200 with 512 tokens per expert, grouped-gemm.csv; routing, quantization and finalize included)",
          r / 1e12, Microbenchmarks.bundled().fusedMoeFp4Fraction(s.accelerator()).orElseThrow())));
    }
    if (s.model().moe().routedExperts() > 0 && c.roofline().expertFp8Math()) {
      Microbenchmarks mb = Microbenchmarks.bundled();
      mb.groupedGemmFp8Fraction(s.accelerator(), 1).ifPresent(low -> a.add(String.format(Locale.ROOT,
          "routed experts' FP8 grouped GEMMs at most %.3f-%.3f of the FP8 peak, rising with tokens per expert (the"
              + " compute-bound FP8 grouped GEMMs measured on this silicon, DeepGEMM's on H800 at 512-8,192 tokens per"
              + " expert, log-interpolated, held below 512, grouped-gemm.csv); DeepGEMM's kernels stand for the"
              + " engine's own MoE GEMMs (assumed)",
          low, mb.groupedGemmFp8Fraction(s.accelerator(), Double.MAX_VALUE).orElseThrow())));
    }
    OptionalDouble nvfp4Reads = s.model().moe().routedExperts() > 0 && Microbenchmarks.isNvfp4(s.expertWeights())
        ? Microbenchmarks.bundled().fusedMoeNvfp4BandwidthFraction(s.accelerator(), 4) : OptionalDouble.empty();
    if (nvfp4Reads.isPresent()) {
      a.add(String.format(Locale.ROOT,
          "routed experts' NVFP4 weight reads at most %.2f of the datasheet HBM bandwidth: the fastest NVFP4 fused MoE"
              + " layer measured on this silicon (FlashInfer's DeepSeek-V3 EP8 layers on B300, TensorRT-LLM's trtllm-gen"
              + " kernel at 4 tokens per expert, grouped-gemm.csv), their compute added by the roofline; that kernel"
              + " stands for the engine's own MoE GEMMs (assumed)",
          nvfp4Reads.getAsDouble()));
    } else if (s.model().moe().routedExperts() > 0
        && !Microbenchmarks.fusedMoeBandwidthMeasured(s.expertWeights())) {
      Microbenchmarks.bundled().fusedMoeBandwidthFraction(s.accelerator(), 1).ifPresent(one -> a.add(
          "routed experts stored in " + s.expertWeights().name() + ": their weight reads at the calibrated HBM"
              + " bandwidth of the dense weight-only path, not capped by the fused MoE layers measured on this"
              + " silicon (vLLM's and SGLang's Triton fused_moe tables, grouped-gemm.csv, time bf16 and fp8 experts"
              + " only; no " + s.expertWeights().name() + " fused MoE kernel is measured)"));
    } else if (s.model().moe().routedExperts() > 0) {
      Microbenchmarks mb = Microbenchmarks.bundled();
      mb.fusedMoeBandwidthFraction(s.accelerator(), 1).ifPresent(one -> a.add(String.format(Locale.ROOT,
          "routed experts' weight reads at most %.2f (1 token per expert), %.2f (8), %.2f (64 and more) of the"
              + " datasheet HBM bandwidth: the fastest fused MoE layers measured on this silicon at few tokens per"
              + " expert (vLLM's and SGLang's Triton fused_moe benchmark tables, grouped-gemm.csv); those kernels"
              + " stand for the engine's own MoE GEMMs (assumed)",
          one, mb.fusedMoeBandwidthFraction(s.accelerator(), 8).orElseThrow(),
          mb.fusedMoeBandwidthFraction(s.accelerator(), Microbenchmarks.FUSED_MOE_FEW_TOKENS).orElseThrow())));
    }
    AcceleratorSpec acc = s.accelerator();
    if (c.roofline().fp4Math()) {
      a.add(fp4Assumption);
    } else if (c.roofline().fp8Math()) {
      a.add(fp8Assumption);
    } else if (isFp8(s.weights().weightType())) {
      a.add(
          acc.id()
              + (acc.peak(DType.FP8_E4M3).isPresent()
                  ? "'s fp8 peak is no faster than its 16-bit peak at the calibrated fp8 efficiency"
                  : " has no fp8 tensor-core peak")
              + ": fp8 weights are stored in 8 bits and dequantized to 16-bit math (weight-only"
              + " W8A16, as vLLM's FP8 Marlin kernels do on GPUs without FP8 math)");
    } else if (!s.weights().isUniform() || s.weights().weightType().bits() < 16) {
      a.add(WEIGHT_ONLY);
    }
    if (isFp8(s.kvCache()) && acc.peak(DType.FP8_E4M3).isEmpty()) {
      a.add("fp8 KV cache on " + acc.id() + " (no fp8 math): stored in 8 bits and converted to 16 bits"
          + " inside the attention kernel");
    }
    boolean bf16 = s.weights().weightType() == DType.BF16 || s.weights().otherType() == DType.BF16;
    if (bf16 && acc.peak(DType.BF16).isEmpty()) {
      a.add(acc.id() + " has no bf16 peak: 16-bit math at its "
          + (acc.peak(DType.FP16).isPresent() ? "fp16" : "fp32") + " rate");
    }
    if (!s.weights().isUniform()) {
      a.add(HEAD_16);
    }
    if (s.replicatesKvHeads()) {
      MultiHeadAttention m = (MultiHeadAttention) s.model().attention();
      a.add(
          "tp "
              + s.attentionTp()
              + " exceeds the "
              + m.kvHeads()
              + " KV heads: each GPU holds one KV head, replicated on "
              + s.attentionTp() / m.kvHeads()
              + " GPUs (as vLLM and TensorRT-LLM do), with its K/V projection");
    }
    if (s.attentionTp() > 1) {
      a.add(tensorParallel(s, profile.ringStep()));
    }
    if (s.pp() > 1) {
      a.add(
          "pipeline parallelism: min(pp, batch) micro-batches; prefill takes (micro-batches + pp − 1)"
              + " stage slots and each decode iteration pp slots; the last stage holds "
              + KvCacheSize.layersPerStage(s.model(), s.pp())
              + " layers and the output head");
    }
    if (s.model().isMoe()) {
      a.add(MOE + expertLayout(s));
      if (!s.expertWeights().equals(s.weights())) {
        a.add(expertWeights(s, c));
      }
    }
    if (!s.attentionWeights().equals(s.weights())) {
      a.add(moduleWeights(s, s.attentionWeights(),
          "attention input projections (q/k/v; latent attention's q_a, q_b, kv_a, kv_b)"));
    }
    if (!s.attentionOutputWeights().equals(s.weights())) {
      a.add(moduleWeights(s, s.attentionOutputWeights(), "attention output projection (o_proj)"));
    }
    if (s.attentionDataParallel()) {
      a.add(attentionDataParallel(s));
    }
    if (!(s.model().attention() instanceof MultiHeadAttention)) {
      a.add(MLA);
    }
    layerPatternAssumptions(s.model(), s.kvCache(), a);
    if (s.model().expertDtype() == DType.FP4 && s.weights().name().equals("mxfp4")) {
      a.add("weights mxfp4 by default: the checkpoint ships its routed experts in MXFP4; attention, which it keeps"
          + " in bf16, is counted at 4.25 bits too (" + s.model().parameterCounts().of(
              dev.llmcost.core.model.ComponentRole.ATTENTION).value() / 1_000_000 + "M parameters; --weights bf16"
          + " --expert-weights mxfp4 serves it as shipped)");
    }
    if (s.attention() == InferenceAttentionKernel.FUSED_PER_QUERY_HEAD) {
      a.add(PER_QUERY_HEAD);
    } else if (s.attention() == InferenceAttentionKernel.EAGER) {
      a.add(EAGER);
    } else if (s.attention() == InferenceAttentionKernel.TRTLLM_XQA
        && s.model().layersOf(LayerMixer.CHUNKED_ATTENTION) > 0
        && s.model().layersOf(LayerMixer.SLIDING_ATTENTION) == 0) {
      a.add(ServingConfig.decodeKernel(s) == InferenceAttentionKernel.TRTLLM_XQA ? CHUNKED_PER_QUERY_HEAD
          : CHUNKED_GROUPED);
    }
    ServingOverheads o = s.overheads();
    a.add(o.equals(calibratedOverheads) ? calibratedOverheadsAssumption : overheads(o));
    if (!calibration.equals(InferenceCalibration.CALIBRATED)) {
      a.add("inference factors: " + calibration.source());
    }
    if (s.kvCache().bits() < 16 && s.kvCache() != DType.FP8_E4M3 && s.kvCache() != DType.FP8_E5M2
        && s.kvCache() != DType.INT8) {
      a.add("KV cache below 8 bits: stored at " + s.kvCache().bits() + " bits, scales ignored");
    }
    return a;
  }
  /**
   * Returns "; taken for this silicon" where the accelerator is outside the Hopper family, on which FlashMLA's
   * decode rows of {@code decode-attention.csv} were measured, and nothing on Hopper.
   */
  private static String notMeasuredOn(AcceleratorSpec a) {
    return Microbenchmarks.family(a).equals("hopper") ? "" : "; taken for this silicon";
  }


  /**
   * Returns the largest batch whose memory fits each GPU, 0 when not even the weights and one
   * sequence fit.
   *
   * @param s the scenario (its batch is ignored)
   * @return the batch
   */
  public int maxBatchSize(InferenceScenario s) {
    return config(s).maxBatch(s.inputTokens(), s.outputTokens());
  }

  /**
   * Returns the most requests the continuous-batching steady state of {@link #atRequestRate} holds in each GPU's
   * memory: the KV cache of every sequence at its full {@code input + output} tokens and the activations of one
   * iteration that decodes them all and prefills the prompts that replace finished ones, after the weights and
   * {@link InferenceScenario#memoryReserveFraction()} of the memory; 0 when not even one fits. Beyond a batch of one
   * and a prompt of a few tokens it is larger than {@link #maxBatchSize}, the static batch's, which prefills every
   * prompt of the batch in one pass: an in-flight batching engine never does (SGLang's {@code
   * --chunked-prefill-size}, TensorRT-LLM's {@code max_num_tokens}), so a closed loop or a request rate is held to
   * this figure (s22e).
   *
   * @param s the scenario (its batch is ignored)
   * @return the batch
   */
  public int steadyMaxBatch(InferenceScenario s) {
    return config(s).maxSteadyBatch(s.inputTokens(), s.outputTokens());
  }

  /**
   * The engine's KV-cache share of the memory left after weights and one chunked-prefill step:
   * TensorRT-LLM's performance-overview runs pass {@code --kv_cache_free_gpu_mem_fraction 0.95}
   * (docs/source/performance/perf-overview.md at commits 258c7540 and 00f37686).
   */
  public static final double ENGINE_KV_SHARE = 0.95;

  /**
   * The share of an accelerator's nominal memory the engine sizes its KV cache from. TensorRT-LLM's
   * PyTorch backend takes the total from {@code torch.cuda.mem_get_info()} ({@code KvCacheCreator}
   * in tensorrt_llm/_torch/pyexecutor/_util.py), which is what the CUDA driver reports, less than the
   * nominal size: PyTorch's out-of-memory message, which prints that total, reads "a total capacity
   * of 79.11 GiB" on an H100 80 GB, "139.80 GiB" on an H200 141 GB and "178.35 GiB" on a B200 180 GB
   * in public issue reports (0.9889, 0.9915 and 0.9908 of nominal). The H100's ratio, applied to every
   * accelerator.
   */
  public static final double ENGINE_VISIBLE_MEMORY = 0.9889;

  /**
   * Returns the bytes each GPU of a tensor-parallel group of {@code tp} holds in TensorRT-LLM's
   * custom all-reduce workspace, memory the engine takes outside PyTorch's allocator before it sizes
   * the KV cache. Every {@code AllReduce} module built with a group of more than one GPU (under
   * attention data parallelism too: the decoder layers are built with the model's mapping) calls
   * {@code get_allreduce_workspace} (tensorrt_llm/_torch/distributed/ops.py of the 1.0 era), which
   * allocates once per mapping, with CUDA IPC memory ({@code IpcMemory}, cudaMalloc outside
   * PyTorch), {@code CustomAllReduceHelper.allocate_allreduce_fusion_workspace(mapping, size)}
   * (tensorrt_llm/plugin/plugin.py): a buffer of {@code size × tp} bytes, barriers of {@code 256 ×
   * tp} and Lamport buffers of {@code 3 × size × tp}, with {@code size} from {@code
   * max_workspace_size_auto}: 16,000,000 up to two GPUs, 8,000,000 above. The engine's profiling step
   * counts it in the memory "outside torch" it subtracts before sizing the KV cache ({@code
   * KvCacheCreator.estimate_max_tokens}, tensorrt_llm/_torch/pyexecutor/_util.py: peak = torch peak
   * + driver-used − torch-used). For eight GPUs it is 256 MB per GPU, for two or four 128 MB.
   *
   * @param tp GPUs of the tensor-parallel group, at least 1
   * @return bytes per GPU, 0 for one GPU
   * @throws IllegalArgumentException if {@code tp} is below 1
   */
  public static long engineAllReduceWorkspaceBytes(int tp) {
    if (tp < 1) {
      throw new IllegalArgumentException("tp must be at least 1, was " + tp);
    }
    if (tp == 1) {
      return 0;
    }
    long size = tp <= 2 ? 16_000_000L : 8_000_000L;
    return size * tp + 256L * tp + 3 * size * tp;
  }

  /** Tokens of one chunked-prefill step ("Max Runtime Tokens: 8192" in the perf-overview's sample run). */
  public static final int ENGINE_CHUNK_TOKENS = 8192;

  /** The largest runtime batch per rank ("Max Runtime Batch Size: 4096" in the perf-overview's sample run). */
  public static final int ENGINE_MAX_SEQUENCES = 4096;

  /**
   * Returns the batch an in-flight-batching engine reaches at an unbounded request rate, its
   * maximum-throughput operating point ({@code infer --batch max}): the KV cache gets {@link
   * #ENGINE_KV_SHARE} of the memory left on a GPU (of which the engine sees {@link
   * #ENGINE_VISIBLE_MEMORY}) after the weights, the custom all-reduce workspace ({@link
   * #engineAllReduceWorkspaceBytes}) and the activation peak of a forward of {@link
   * #ENGINE_CHUNK_TOKENS} tokens on each rank, the fused mixture-of-experts workspace for every
   * token the layer sees included (the profiling forward TensorRT-LLM's PyTorch backend sizes its
   * KV cache after; see {@link #engineMaxBatch(InferenceScenario, int)}); every sequence reserves its full
   * {@code input + output} tokens (TensorRT-LLM's "Guaranteed No Evict" scheduler, the policy its
   * perf-overview runs print); at most {@link #ENGINE_MAX_SEQUENCES} per rank. With attention data
   * parallelism each of the {@code tp} ranks holds that many, so the batch is {@code tp} times the
   * per-GPU figure. These are the perf-overview sample run's settings; an engine built for a
   * dataset may choose others.
   *
   * @param s the scenario (its batch is ignored)
   * @return the batch, at least 1
   */
  public int engineMaxBatch(InferenceScenario s) {
    return engineMaxBatch(s, ENGINE_CHUNK_TOKENS);
  }

  /**
   * Returns how many whole {@code input + output} sequences the KV cache an in-flight-batching engine sizes holds on
   * one GPU ({@link #engineMaxBatch(InferenceScenario, int)}'s rule before its floor of 1 and its caps): {@link
   * #ENGINE_KV_SHARE} of the memory the driver reports less the weights, the activation peak of a profiling forward
   * of {@code maxNumTokensPerRank} tokens and the all-reduce workspace, over the KV cache of one sequence. Below 1
   * (negative when the weights and the profiling peak take more than the memory), not one sequence fits, and {@link
   * #engineMaxBatch} answers 1 all the same.
   *
   * @param s the scenario (its batch is ignored)
   * @param maxNumTokensPerRank tokens of the profiling forward on each rank, at least 1
   * @return the sequences, not rounded
   */
  public double engineKvCacheSequences(InferenceScenario s, int maxNumTokensPerRank) {
    InferenceEstimate one = estimate(s.withBatch(1));
    double perSeq = (double) one.kvCachePerTokenPerGpu().bytes() * ((long) s.inputTokens() + s.outputTokens());
    return engineKvCacheBytes(s, one, maxNumTokensPerRank, ENGINE_KV_SHARE) / perSeq;
  }

  /**
   * Returns the bytes of KV cache an in-flight-batching engine sizes on one GPU when it gives it {@code
   * freeGpuMemoryFraction} of the memory left after its profiling step (TensorRT-LLM's {@code
   * kv_cache_config.free_gpu_memory_fraction}; {@link #ENGINE_KV_SHARE} is the performance overview's): that share of
   * {@link #ENGINE_VISIBLE_MEMORY} of the accelerator's memory less the weights, the activation peak of a profiling
   * forward of {@code maxNumTokensPerRank} tokens and the all-reduce workspace ({@link #engineKvCacheSequences}'s
   * rule in bytes, s22e). Negative when the weights and the profiling peak take more than the memory.
   *
   * @param s the scenario (its batch is ignored)
   * @param maxNumTokensPerRank tokens of the profiling forward on each rank, at least 1
   * @param freeGpuMemoryFraction the share of the memory left that the KV cache takes, above 0 and at most 1
   * @return bytes per GPU, not rounded
   * @throws IllegalArgumentException if {@code maxNumTokensPerRank} is below 1 or the fraction is out of range
   */
  public double engineKvCacheBytes(InferenceScenario s, int maxNumTokensPerRank, double freeGpuMemoryFraction) {
    if (maxNumTokensPerRank < 1) {
      throw new IllegalArgumentException("maxNumTokensPerRank must be at least 1, was " + maxNumTokensPerRank);
    }
    if (!(freeGpuMemoryFraction > 0 && freeGpuMemoryFraction <= 1)) {
      throw new IllegalArgumentException("freeGpuMemoryFraction must be above 0 and at most 1, was "
          + freeGpuMemoryFraction);
    }
    return engineKvCacheBytes(s, estimate(s.withBatch(1)), maxNumTokensPerRank, freeGpuMemoryFraction);
  }

  /** {@link #engineKvCacheBytes(InferenceScenario, int, double)} from the scenario's estimate at batch 1. */
  private double engineKvCacheBytes(InferenceScenario s, InferenceEstimate one, int maxNumTokensPerRank,
      double freeGpuMemoryFraction) {
    InferenceMemory mem = one.memoryPerGpu();
    double chunk = config(s).roofline().profilingPeakBytes(maxNumTokensPerRank);
    double free = ENGINE_VISIBLE_MEMORY * mem.capacity().bytes() - mem.weights().bytes() - chunk
        - engineAllReduceWorkspaceBytes(s.tp());
    return freeGpuMemoryFraction * free;
  }

  /**
   * Returns the batch an in-flight-batching engine reaches at an unbounded request rate when its
   * token budget per iteration and rank is {@code maxNumTokensPerRank} ({@link #engineMaxBatch(InferenceScenario)}
   * with that budget instead of {@link #ENGINE_CHUNK_TOKENS}): the engine sizes its KV cache after
   * the activation peak of a profiling forward of that many tokens on every rank, the fused MoE's
   * workspace for every token the layer sees included (TensorRT-LLM's {@code KvCacheCreator}; the
   * sizes in {@code Roofline#profilingPeakBytes}), and after the memory it holds outside PyTorch's
   * allocator that has a size in its code, the custom all-reduce workspace ({@link
   * #engineAllReduceWorkspaceBytes}). CUDA graphs are not counted: TensorRT-LLM 1.0's warm-up
   * captures the graph batch sizes (at most {@code max_batch_size}) from the largest down and stops
   * at the first for which the profiling executor's small KV cache (the dummy requests' tokens, a
   * few hundred blocks per rank) has not one block per sequence ({@code PyTorchModelEngine.warmup},
   * tensorrt_llm/_torch/pyexecutor/model_engine.py: "No KV cache space!" returns), which with
   * trtllm-bench's {@code max_batch_size} of 512 to 4,096 per rank is the first; the final graphs are
   * captured after the KV cache is sized, out of the {@code 1 − fraction} left. The CUDA context and
   * NCCL's buffers are not counted either: no code sizes them for these runs.
   *
   * @param s the scenario (its batch is ignored)
   * @param maxNumTokensPerRank tokens of the profiling forward on each rank, at least 1
   * @return the batch, at least 1
   * @throws IllegalArgumentException if {@code maxNumTokensPerRank} is below 1
   */
  public int engineMaxBatch(InferenceScenario s, int maxNumTokensPerRank) {
    if (maxNumTokensPerRank < 1) {
      throw new IllegalArgumentException("maxNumTokensPerRank must be at least 1, was " + maxNumTokensPerRank);
    }
    long perGpu = Math.min(ENGINE_MAX_SEQUENCES, (long) Math.floor(engineKvCacheSequences(s, maxNumTokensPerRank)));
    // never past what a GPU could hold at one token of KV cache per sequence (estimate refuses beyond it)
    perGpu = Math.min(perGpu, Math.max(1, config(s).oneTokenSequenceCeiling(s.inputTokens(), s.outputTokens())));
    int ranks = s.attentionDataParallel() ? s.tp() : 1;
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, perGpu * ranks));
  }

  /**
   * Requests per sequence of the engine's batch limit that {@link #maxThroughput(InferenceScenario)} queues (s24e):
   * SemiAnalysis InferenceX's fixed-length benchmark scripts run {@code --num-prompts $((CONC * 10))} at each
   * concurrency {@code CONC} (SemiAnalysisAI/InferenceX at 843c6254, benchmarks/single_node/fixed_seq_len/*.sh),
   * ten requests for every one in flight, so that the run's ramp and drain are a small part of it.
   */
  public static final int MAX_THROUGHPUT_REQUESTS_PER_SEQUENCE = 10;

  /**
   * Returns an engine's maximum-throughput operating point ({@code infer --batch max}, s24e): {@link
   * #maxThroughput(InferenceScenario, PrefillScheduling)} with each prompt prefilled in a decode iteration ({@link
   * PrefillScheduling#MIXED}, as TensorRT-LLM and vLLM V1 run).
   *
   * @param s the scenario (its batch is ignored)
   * @return the estimate
   * @throws IllegalArgumentException as {@link #maxThroughput(InferenceScenario, PrefillScheduling, int)}
   */
  public MaxThroughputEstimate maxThroughput(InferenceScenario s) {
    return maxThroughput(s, PrefillScheduling.MIXED);
  }

  /**
   * Returns an engine's maximum-throughput operating point with {@link #MAX_THROUGHPUT_REQUESTS_PER_SEQUENCE} times
   * the engine's batch limit in requests ({@link #maxThroughputBatchLimit}), as {@link
   * #maxThroughput(InferenceScenario, PrefillScheduling, int)} runs them.
   *
   * @param s the scenario (its batch is ignored)
   * @param scheduling how prompts are scheduled relative to the decoding sequences
   * @return the estimate
   * @throws IllegalArgumentException as {@link #maxThroughput(InferenceScenario, PrefillScheduling, int)}
   */
  public MaxThroughputEstimate maxThroughput(InferenceScenario s, PrefillScheduling scheduling) {
    OfflineRun limits = maxThroughputLimits(s, 1);
    requireMaxThroughputFits(s, limits);
    long requests = (long) MAX_THROUGHPUT_REQUESTS_PER_SEQUENCE * maxThroughputBatchLimit(s, limits);
    return maxThroughput(s, scheduling, (int) Math.min(Integer.MAX_VALUE, requests));
  }

  /**
   * Returns the scheduler limits of {@link #maxThroughput} (s24e): those {@code trtllm-bench throughput} sets up
   * when neither is given ({@link OfflineRun#trtllmBench(int, InferenceScenario)}: TensorRT-LLM 1.0's heuristic,
   * the way the performance overview's maximum-throughput tables were run), or, for a model that heuristic cannot
   * size (no KV heads, or no request fits by its estimate), {@link #ENGINE_CHUNK_TOKENS} tokens per rank (raised to
   * the prompt) and the sequences the engine's KV cache holds per rank as the batch bound. A scheduler bound far
   * above what the KV cache holds would pad every decode-only iteration to a CUDA graph far above its batch; both
   * rules set it near the KV cache's.
   */
  private OfflineRun maxThroughputLimits(InferenceScenario s, int requests) {
    if (s.model().attention() instanceof MultiHeadAttention || s.model().attention() instanceof LatentAttention) {
      if (OfflineRun.trtllmBenchRequestsThatFit(s) >= 1) {
        return OfflineRun.trtllmBench(requests, s);
      }
    }
    int tokens = Math.max(ENGINE_CHUNK_TOKENS, s.inputTokens());
    int ranks = s.attentionDataParallel() ? s.tp() : 1;
    int perRank = Math.max(1, engineMaxBatch(s, tokens) / ranks);
    return OfflineRun.engineRule(requests, perRank, tokens);
  }

  /** The batch limit under {@code limits}: the engine's KV cache after its profiling forward, within the scheduler's. */
  private int maxThroughputBatchLimit(InferenceScenario s, OfflineRun limits) {
    int ranks = s.attentionDataParallel() ? s.tp() : 1;
    long scheduler = (long) Math.min(limits.maxBatchSize(), ENGINE_MAX_SEQUENCES) * ranks * s.pp();
    return (int) Math.min(engineMaxBatch(s, limits.maxNumTokens()), scheduler);
  }

  /**
   * Returns the engine's batch limit at the maximum-throughput point: the sequences the KV cache the engine sizes
   * holds, each with its whole input + output reserved ({@link #engineMaxBatch(InferenceScenario, int)} after a
   * profiling forward of the run's tokens per iteration), within the scheduler's bound of the run ({@link
   * #maxThroughput(InferenceScenario, PrefillScheduling, int)}; per rank, times the ranks under attention data
   * parallelism and the micro-batches with pipeline stages).
   *
   * @param s the scenario (its batch is ignored)
   * @return the batch, at least 1
   */
  public int maxThroughputBatchLimit(InferenceScenario s) {
    return maxThroughputBatchLimit(s, maxThroughputLimits(s, 1));
  }

  /**
   * Returns an engine's maximum-throughput operating point as engines' maximum-throughput tables measure it (s24e):
   * an offline run ({@link #offlineRun(InferenceScenario, OfflineRun)}) of {@code requests} requests of the
   * scenario's lengths, all queued at the start, under the scheduler limits {@code trtllm-bench throughput} sets up
   * ({@link OfflineRun#trtllmBench(int, InferenceScenario)}, TensorRT-LLM 1.0's heuristic; for a model it cannot
   * size, {@link #ENGINE_CHUNK_TOKENS} tokens per rank, raised to the prompt, and the KV cache's sequences per rank),
   * each sequence's whole input + output reserved in the KV cache the engine sizes ({@link #engineMaxBatch(
   * InferenceScenario, int)}), so at most {@link #maxThroughputBatchLimit} sequences in flight; with one pipeline
   * stage ({@code pp = 1}) decode-only iterations run padded to the CUDA graphs of the performance overview's
   * options ({@link OfflineRun#PERF_OVERVIEW_CUDA_GRAPH_BATCH_SIZES}; the pipelined run has no CUDA-graph padding).
   * This is how the validation compares the TensorRT-LLM 1.0 performance overview's rows, with the request count
   * given here instead of the overview's table. Under {@link PrefillScheduling#MIXED} an iteration decodes every
   * sequence in flight and prefills the prompts it admits, whole; under {@link PrefillScheduling#SEPARATE} prompts
   * run in iterations of their own. The figures include the ramp at the start and the drain at the end, as the
   * benchmark's do; the scenario's overheads (its host time per sequence) apply.
   *
   * @param s the scenario (its batch is ignored)
   * @param scheduling how prompts are scheduled relative to the decoding sequences
   * @param requests requests queued at the start, at least 1
   * @return the estimate
   * @throws IllegalArgumentException if {@code requests} is below 1, the weights and the profiling forward leave no
   *     memory for the KV cache or it holds not one whole sequence, {@code pp > 1} with {@link
   *     PrefillScheduling#SEPARATE} or attention data parallelism (the pipelined run models neither), or {@link
   *     PrefillScheduling#SEPARATE} with attention data parallelism
   */
  public MaxThroughputEstimate maxThroughput(InferenceScenario s, PrefillScheduling scheduling, int requests) {
    java.util.Objects.requireNonNull(scheduling, "scheduling");
    if (requests < 1) {
      throw new IllegalArgumentException("requests must be at least 1, was " + requests);
    }
    if (s.pp() > 1 && (scheduling != PrefillScheduling.MIXED || s.attentionDataParallel())) {
      throw new IllegalArgumentException("pp " + s.pp() + ": the maximum-throughput run with pipeline stages is"
          + " TensorRT-LLM's in-flight batching, prefill scheduling MIXED without attention data parallelism, was "
          + scheduling + (s.attentionDataParallel() ? " with attention data parallelism" : ""));
    }
    if (scheduling == PrefillScheduling.SEPARATE && s.attentionDataParallel()) {
      // the offline run's attention-DP ranks run in lock step as TensorRT-LLM schedules them, with mixed prefill only
      throw new IllegalArgumentException("prefill scheduling SEPARATE (vLLM V0's scheduler) is not modelled with"
          + " attention data parallelism");
    }
    OfflineRun run = maxThroughputLimits(s, requests);
    requireMaxThroughputFits(s, run);
    int limit = maxThroughputBatchLimit(s, run);
    run = run.withPrefillScheduling(scheduling);
    if (s.pp() == 1) {
      run = run.withCudaGraphPadding(OfflineRun.PERF_OVERVIEW_CUDA_GRAPH_BATCH_SIZES);
    }
    OfflineRunEstimate r = offlineRun(s, run);
    String rule = String.format(Locale.ROOT, "maximum-throughput point (s24e): an offline run of %,d requests of %,d"
        + " + %,d tokens, all queued at the start (%s), at most %,d in flight (the KV cache the engine sizes after a"
        + " %,d-token profiling forward, every sequence's whole input + output reserved, within the scheduler's %,d per"
        + " rank), scheduler limits %s, %s; throughput, TTFT and TPOT are the run's, its ramp and drain included, TTFT"
        + " counted from the start (the wait in the queue included)", requests, s.inputTokens(), s.outputTokens(),
        requests == (long) MAX_THROUGHPUT_REQUESTS_PER_SEQUENCE * limit
            ? MAX_THROUGHPUT_REQUESTS_PER_SEQUENCE + " per sequence of the batch limit, as InferenceX's benchmarks run"
                + " --num-prompts 10 x concurrency"
            : "given", limit, run.maxNumTokens(), run.maxBatchSize(),
        run.settings().equals("trtllm-bench heuristic")
            ? "as trtllm-bench throughput sets them up (TensorRT-LLM 1.0's heuristic, as the performance overview ran)"
            : "of the engine rule (trtllm-bench's heuristic cannot size this model)",
        scheduling == PrefillScheduling.MIXED
            ? "each prompt prefilled whole in a decode iteration within " + String.format(Locale.ROOT, "%,d",
                run.maxNumTokens()) + " tokens per rank (mixed)"
            : "prompts prefilled in iterations of their own while decoding waits (separate)");
    return new MaxThroughputEstimate(r, limit, rule);
  }

  /** Refuses a scenario whose engine KV cache holds not one whole sequence (s24e, {@link #maxThroughput}). */
  private void requireMaxThroughputFits(InferenceScenario s, OfflineRun limits) {
    double sequences = engineKvCacheSequences(s, limits.maxNumTokens());
    if (!(sequences >= 1)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "maximum throughput: not one sequence of %,d + %,d"
          + " tokens of %s fits the KV cache an engine sizes on %s at tp %d (%.2f of one)", s.inputTokens(),
          s.outputTokens(), s.model().id(), s.accelerator().id(), s.tp(), Math.max(0, sequences)));
    }
  }

  /**
   * Estimates an offline benchmark run ({@code trtllm-bench throughput}): {@code run.requests()}
   * requests of the scenario's lengths queued at once, simulated iteration by iteration. An
   * iteration decodes one token for every sequence in flight and admits waiting prompts whole (no
   * chunking) while the iteration's tokens stay within {@link OfflineRun#maxNumTokens()} per rank and
   * the requests in flight within both {@link OfflineRun#maxBatchSize()} per rank and the KV cache
   * ({@link #engineMaxBatch}: each request reserves its whole input + output, TensorRT-LLM's
   * "Guaranteed No Evict"); an admitted prompt yields its first token in the iteration that prefills
   * it. The ramp at the start and the drain at the end, when fewer sequences are in flight, are part
   * of the run, as in the benchmark's "Total Output Throughput" (all output tokens over the time to
   * the last one).
   *
   * <p>An iteration's GPU time is the serving simulator's step on this model's roofline (GEMMs over
   * all its tokens, the output head over the sequences that sample, decode attention at the mean
   * context, each prompt's causal attention); with {@link OfflineRun#withCudaGraphPadding} an
   * iteration without a prompt runs its GEMMs, output head and collectives at the batch padded up to
   * the next captured CUDA-graph size ({@link OfflineRun#paddedDecodeBatch}, per rank). Its host time, with {@link
   * ServingOverheads#hostSecondsPerSequence} per sequence on a rank and, when it prefills a prompt,
   * {@link ServingOverheads#hostSecondsPerEagerMoeLayer} times the MoE layers for launching the pass without
   * a CUDA graph (also charged to a decode-only iteration above the largest captured CUDA-graph size, {@link
   * OfflineRun#decodesEagerly}), overlaps the GPU's (TensorRT-LLM's overlap scheduler): the iteration takes the
   * longer of the two.
   *
   * <p>Under {@link OfflineRun#prefillScheduling()} {@link PrefillScheduling#SEPARATE} (vLLM V0 without chunked
   * prefill, SGLang 0.3 without mixed chunks) an iteration that admits prompts prefills only them, within
   * {@link OfflineRun#maxNumTokens()} prompt tokens per rank, and no sequence decodes in it; decode-only
   * iterations run when no waiting prompt can be admitted.
   *
   * <p>With pipeline parallelism ({@code pp > 1}) or {@link OfflineRun#withChunkedContext chunked context} the run
   * is simulated micro-batch by micro-batch as TensorRT-LLM's in-flight batching runs it (s13s; see {@link
   * #offlineRun(InferenceScenario, OfflineRun, int[], int[])}); with {@code pp = 1} and no chunking it is the
   * simulation above, unchanged.
   *
   * @param s the scenario (its batch is ignored)
   * @param run the requests and the scheduler's limits
   * @return the estimate
   * @throws IllegalArgumentException if no prompt fits the run's token budget (without chunked context) or the KV
   *     cache, or a pipelined run asks for CUDA-graph padding, attention data parallelism, SGLang's admission or
   *     separate prefills
   */
  public OfflineRunEstimate offlineRun(InferenceScenario s, OfflineRun run) {
    int in = s.inputTokens();
    int out = s.outputTokens();
    if (s.pp() != 1 || run.chunkedContext()) {
      // s13s: pipeline-parallel micro-batches and chunked context (simulatePipelined)
      int[] inputs = new int[run.requests()];
      int[] outputs = new int[run.requests()];
      java.util.Arrays.fill(inputs, in);
      java.util.Arrays.fill(outputs, out);
      return offlineRun(s, run, inputs, outputs);
    }
    if (in > run.maxNumTokens()) {
      throw new IllegalArgumentException("maxNumTokens (" + run.maxNumTokens() + ") must hold one prompt of " + in
          + " tokens (prompts are not chunked)");
    }
    if (run.admission() == OfflineAdmission.SGLANG_NEW_TOKEN_RATIO) {
      int[] inputs = new int[run.requests()];
      int[] outputs = new int[run.requests()];
      java.util.Arrays.fill(inputs, in);
      java.util.Arrays.fill(outputs, out);
      return simulateSglang(s, run, inputs, outputs);
    }
    int ranks = s.attentionDataParallel() ? s.tp() : 1;
    long capacity = engineMaxBatch(s, run.maxNumTokens());
    long seats = Math.min(capacity, (long) run.maxBatchSize() * ranks);
    int[] inputs = new int[run.requests()];
    int[] outputs = new int[run.requests()];
    java.util.Arrays.fill(inputs, in);
    java.util.Arrays.fill(outputs, out);
    String what = String.format(Locale.ROOT, "%d + %d tokens each; at most %d in flight (KV cache %d with the whole"
        + " sequence reserved, scheduler %d)", in, out, seats, capacity, (long) run.maxBatchSize() * ranks);
    // the KV cache is already in `seats` (every request reserves the same input + output)
    return simulateOffline(s, run, inputs, outputs, seats, Long.MAX_VALUE, what);
  }

  /**
   * Estimates an offline benchmark run whose requests have their own lengths: request {@code i} has a
   * prompt of {@code inputTokens[i]} tokens and generates {@code outputTokens[i]}, all queued at once in
   * that order (first come, first served), simulated iteration by iteration as {@link
   * #offlineRun(InferenceScenario, OfflineRun)} simulates requests of equal lengths: the same iteration
   * cost, CUDA-graph padding and host time. Admission differs only where lengths differ: the waiting
   * requests are admitted in order while the iteration's tokens (one per decoding sequence plus each
   * admitted prompt) stay within {@link OfflineRun#maxNumTokens()} per rank, the requests in flight within
   * {@link OfflineRun#maxBatchSize()} and {@link #ENGINE_MAX_SEQUENCES} per rank, and the KV cache
   * reserved by the requests in flight, each its own input + output (TensorRT-LLM's "Guaranteed No
   * Evict"), within the engine's KV cache: {@link #ENGINE_KV_SHARE} of the memory {@link
   * #engineMaxBatch(InferenceScenario, int)} leaves on a GPU, in tokens of the scenario's KV cache, times
   * the ranks under attention data parallelism (pooled over ranks). Each request leaves after its own
   * last token, so a long-tailed output distribution ends the run with a drain at a small batch, and a
   * long prompt can stop the admission of the requests behind it for an iteration. The throughput is
   * all output tokens over the time to the last one. A sampler of lengths is {@code
   * ServingSimulator#offlineRun}.
   *
   * <p>With pipeline parallelism ({@code pp > 1}) or {@link OfflineRun#withChunkedContext chunked context} (s13s)
   * the run follows TensorRT-LLM's in-flight batching micro-batch by micro-batch: {@code pp} micro-batches of
   * disjoint sequences in flight, each within {@link OfflineRun#maxBatchSize()} sequences and {@link
   * OfflineRun#maxNumTokens()} tokens, a generation request scheduled again {@code pp} micro-batches later, prompts
   * chunked first come first served, each stage holding the KV cache of its own layers, and the time of each
   * stage's pass (the activations' P2P send to the next stage included) laid out over the stages; see {@code
   * simulatePipelined}. A prompt may then exceed {@link OfflineRun#maxNumTokens()}.
   *
   * @param s the scenario (its batch and lengths are ignored but for the KV cache size per token)
   * @param run the number of requests and the scheduler's limits
   * @param inputTokens each request's prompt tokens, {@code run.requests()} values, each from 1 to {@code
   *     run.maxNumTokens()} (without chunked context)
   * @param outputTokens each request's output tokens, {@code run.requests()} values, each at least 1
   * @return the estimate
   * @throws IllegalArgumentException if a pipelined run asks for what it does not model (as the overload above), an array's length is not
   *     {@code run.requests()}, a length is out of range (naming the request), a request's input + output
   *     exceeds the model's context as {@link InferenceScenario#requireWithinContext(ModelArchitecture, int,
   *     int, boolean)} refuses it under the scenario's {@link InferenceScenario#allowLongContext()} (naming
   *     the request), or a request's input + output does not fit the KV cache
   */
  public OfflineRunEstimate offlineRun(InferenceScenario s, OfflineRun run, int[] inputTokens, int[] outputTokens) {
    boolean pipelined = s.pp() != 1 || run.chunkedContext();
    if (pipelined && (run.admission() != OfflineAdmission.RESERVE_WHOLE_SEQUENCE
        || run.prefillScheduling() != PrefillScheduling.MIXED || !run.capturedCudaGraphBatchSizes().isEmpty()
        || s.attentionDataParallel())) {
      throw new IllegalArgumentException("pp " + s.pp() + (run.chunkedContext() ? " with chunked context" : "")
          + ": the pipelined offline run is TensorRT-LLM's in-flight batching without CUDA-graph padding or"
          + " attention data parallelism (admission RESERVE_WHOLE_SEQUENCE, prefill scheduling MIXED), was " + run
          + (s.attentionDataParallel() ? " with attention data parallelism" : ""));
    }
    if (inputTokens.length != run.requests() || outputTokens.length != run.requests()) {
      throw new IllegalArgumentException("inputTokens (" + inputTokens.length + ") and outputTokens ("
          + outputTokens.length + ") must have one length per request (" + run.requests() + ")");
    }
    for (int i = 0; i < inputTokens.length; i++) {
      if (inputTokens[i] < 1 || !run.chunkedContext() && inputTokens[i] > run.maxNumTokens()) {
        throw new IllegalArgumentException("inputTokens[" + i + "] must be from 1 to maxNumTokens ("
            + run.maxNumTokens() + ", prompts are not chunked), was " + inputTokens[i]);
      }
      if (outputTokens[i] < 1) {
        throw new IllegalArgumentException("outputTokens[" + i + "] must be at least 1, was " + outputTokens[i]);
      }
      try {
        InferenceScenario.requireWithinContext(s.model(), inputTokens[i], outputTokens[i], s.allowLongContext());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("request " + i + ": " + e.getMessage(), e);
      }
    }
    if (run.admission() == OfflineAdmission.SGLANG_NEW_TOKEN_RATIO) {
      return simulateSglang(s, run, inputTokens.clone(), outputTokens.clone());
    }
    if (pipelined) {
      return simulatePipelined(s, run, inputTokens.clone(), outputTokens.clone());
    }
    int ranks = s.attentionDataParallel() ? s.tp() : 1;
    InferenceEstimate one = estimate(s.withBatch(1));
    InferenceMemory mem = one.memoryPerGpu();
    double chunk = config(s).roofline().profilingPeakBytes(run.maxNumTokens());
    double free = ENGINE_VISIBLE_MEMORY * mem.capacity().bytes() - mem.weights().bytes() - chunk
        - engineAllReduceWorkspaceBytes(s.tp());
    long perToken = Math.max(1, one.kvCachePerTokenPerGpu().bytes());
    long kvTokens = Math.max(0, (long) Math.floor(ENGINE_KV_SHARE * free / perToken)) * ranks;
    long seats = (long) Math.min(run.maxBatchSize(), ENGINE_MAX_SEQUENCES) * ranks;
    double meanIn = java.util.Arrays.stream(inputTokens).average().orElse(0);
    double meanOut = java.util.Arrays.stream(outputTokens).average().orElse(0);
    String what = String.format(Locale.ROOT, "lengths per request (mean %.1f + %.1f tokens, longest %d + %d), first"
        + " come first served; at most %d in flight (scheduler) and %d tokens of KV cache reserved, each request its"
        + " own input + output", meanIn, meanOut, java.util.Arrays.stream(inputTokens).max().orElse(0),
        java.util.Arrays.stream(outputTokens).max().orElse(0), seats, kvTokens);
    return simulateOffline(s, run, inputTokens.clone(), outputTokens.clone(), seats, kvTokens, what);
  }

  /**
   * Returns the KV-cache tokens SGLang 0.3.0 allocates on each GPU ({@code ModelRunner.profile_max_num_token},
   * python/sglang/srt/model_executor/model_runner.py at tag v0.3.0): the memory available after loading the
   * weights less {@code T × (1 − mem_fraction_static)}, {@code T} the memory available before, over the KV bytes
   * of one token on the GPU; that is {@code mem_fraction_static × T − weights}. {@code T} is taken as {@link
   * #ENGINE_VISIBLE_MEMORY} of the accelerator's memory (the CUDA context and NCCL's buffers, taken before
   * {@code T} is read, are not counted).
   *
   * @param s the scenario (its batch is ignored)
   * @param memFractionStatic SGLang's {@code mem_fraction_static}, above 0 and at most 1
   * @return tokens per GPU, at least 0
   * @throws IllegalArgumentException if the fraction is out of range
   */
  public long sglangKvCacheTokens(InferenceScenario s, double memFractionStatic) {
    if (!(memFractionStatic > 0 && memFractionStatic <= 1)) {
      throw new IllegalArgumentException("memFractionStatic must be above 0 and at most 1, was " + memFractionStatic);
    }
    InferenceEstimate one = estimate(s.withBatch(1));
    InferenceMemory mem = one.memoryPerGpu();
    double rest = memFractionStatic * ENGINE_VISIBLE_MEMORY * mem.capacity().bytes() - mem.weights().bytes();
    long perToken = Math.max(1, one.kvCachePerTokenPerGpu().bytes());
    return Math.max(0, (long) Math.floor(rest / perToken));
  }

  /**
   * The offline run under SGLang 0.3.0's scheduler ({@link OfflineAdmission#SGLANG_NEW_TOKEN_RATIO}), request by
   * request: a prefill batch, when one forms, runs instead of the decode step; admission by the running
   * requests' estimated outputs still to come ({@code new_token_ratio}); retraction when a decode step finds
   * fewer free KV tokens than sequences. Iteration costs as {@link #simulateOffline} (a prefill batch: its
   * prompts alone; a decode step: every running sequence at their mean context), no CUDA-graph padding.
   */
  private OfflineRunEstimate simulateSglang(InferenceScenario s, OfflineRun run, int[] inputs, int[] outputs) {
    if (s.attentionDataParallel()) {
      throw new IllegalArgumentException("SGLang 0.3.0's admission is modelled without attention data parallelism");
    }
    ServingConfig c = config(s);
    StepCost cost = new StepCost(c.roofline());
    java.util.Map<Integer, Double> promptAttention = new java.util.HashMap<>();
    HostCost host = HostCost.of(s);
    final int clip = OfflineAdmission.SGLANG_CLIP_MAX_NEW_TOKENS;
    final int retractSteps = OfflineAdmission.SGLANG_RETRACT_DECODE_STEPS;
    long kvTokens = sglangKvCacheTokens(s, run.memFractionStatic());
    long maxNumReqs = Math.min(Math.max((long) (kvTokens / (double) s.model().embeddings().maxPositions() * 512),
        2048), 5120);
    long maxRunning = Math.min(Math.min(kvTokens / 2, maxNumReqs - 1), run.maxBatchSize());
    int n = inputs.length;
    for (int r = 0; r < n; r++) {
      if (inputs[r] + (long) Math.min(outputs[r], clip) >= kvTokens) {
        throw new IllegalArgumentException("request " + r + " of " + inputs[r] + " + " + outputs[r]
            + " tokens does not fit SGLang's KV cache of " + kvTokens + " tokens of " + s.model().id() + " on "
            + s.accelerator().id());
      }
    }
    int[] generated = new int[n];
    java.util.ArrayDeque<Integer> waiting = new java.util.ArrayDeque<>();
    for (int r = 0; r < n; r++) {
      waiting.add(r);
    }
    List<Integer> running = new ArrayList<>();
    long used = 0; // KV tokens held by the running requests: prompt + outputs so far, less the newest token
    double ratio = OfflineAdmission.SGLANG_INIT_NEW_TOKEN_RATIO; // the server idled before the run
    double seconds = 0;
    long it = 0;
    long prefills = 0;
    long hostBound = 0;
    long retractions = 0;
    long retracted = 0;
    long recomputed = 0;
    double prefillSeconds = 0;
    double carried = 0;
    long maxInFlight = 0;
    long outputTotal = 0;
    for (int o : outputs) {
      outputTotal += o;
    }
    while (!waiting.isEmpty() || !running.isEmpty()) {
      // get_new_prefill_batch
      List<Integer> batch = new ArrayList<>();
      long promptTokens = 0;
      double attention = 0;
      if (running.size() < maxRunning) {
        double remTotal = kvTokens - used;
        for (int r : running) {
          remTotal -= Math.min(outputs[r] - generated[r], clip) * ratio;
        }
        long remInput = OfflineAdmission.SGLANG_MAX_PREFILL_TOKENS;
        long remChunk = run.maxNumTokens();
        for (int r : waiting) {
          int extend = inputs[r] + generated[r]; // a retracted request is prefilled over its outputs too
          long total = extend + (long) Math.min(outputs[r], clip);
          if (total >= remTotal || !batch.isEmpty() && (extend > remInput || extend > remChunk)) {
            break;
          }
          batch.add(r);
          remTotal -= total;
          remInput -= extend;
          remChunk -= extend;
          promptTokens += extend;
          attention += promptAttention.computeIfAbsent(extend, len -> cost.chunkAttention(0, len));
          if (remTotal <= 0 || remInput <= 0 || remChunk <= 0 || running.size() + batch.size() >= maxRunning) {
            break;
          }
        }
      }
      double gpu;
      long stepping;
      if (!batch.isEmpty()) {
        for (int i = 0; i < batch.size(); i++) {
          waiting.poll();
        }
        gpu = cost.step((int) Math.min(Integer.MAX_VALUE, promptTokens), batch.size(), 0, 0, attention);
        stepping = batch.size();
        prefills++;
        for (int r : batch) {
          if (generated[r] > 0) {
            recomputed += inputs[r] + generated[r];
          }
          generated[r]++;
          if (generated[r] < outputs[r]) {
            running.add(r);
            used += inputs[r] + generated[r] - 1; // the newest token's KV is written by the next decode step
          }
        }
        maxInFlight = Math.max(maxInFlight, running.size());
      } else if (!running.isEmpty()) {
        // forward_decode_batch: check_decode_mem, retract_decode
        if (kvTokens - used < running.size()) {
          List<Integer> order = new ArrayList<>(running);
          // sorted by (outputs, -prompt) descending; retracted from the end
          order.sort((x, y) -> generated[x] != generated[y] ? Integer.compare(generated[y], generated[x])
              : Integer.compare(inputs[x], inputs[y]));
          retractions++;
          while (kvTokens - used < (long) order.size() * retractSteps && order.size() > 1) {
            int r = order.remove(order.size() - 1);
            used -= inputs[r] + generated[r] - 1;
            waiting.addLast(r);
            retracted++;
          }
          running = order;
          long decoded = 0;
          long maxNew = 0;
          for (int r : running) {
            decoded += generated[r];
            maxNew += outputs[r];
          }
          ratio = Math.min(1.0, (decoded + (double) retractSteps * running.size()) / maxNew);
        } else {
          ratio = Math.max(ratio - OfflineAdmission.SGLANG_NEW_TOKEN_RATIO_DECAY,
              OfflineAdmission.SGLANG_MIN_NEW_TOKEN_RATIO);
        }
        double context = (double) (used + running.size()) / running.size();
        gpu = cost.step(running.size(), running.size(), running.size(), context, 0);
        stepping = running.size();
        List<Integer> still = new ArrayList<>(running.size());
        for (int r : running) {
          used++; // the slot of the token this step reads in
          generated[r]++;
          if (generated[r] < outputs[r]) {
            still.add(r);
          } else {
            used -= inputs[r] + generated[r] - 1;
          }
        }
        running = still;
      } else {
        int r = waiting.peek();
        throw new IllegalArgumentException("no prompt of " + inputs[r] + " + " + outputs[r] + " tokens fits SGLang's"
            + " KV cache of " + kvTokens + " tokens of " + s.model().id() + " on " + s.accelerator().id());
      }
      double hostSeconds = host.seconds(stepping, !batch.isEmpty());
      seconds += Math.max(gpu, hostSeconds);
      prefillSeconds += !batch.isEmpty() ? Math.max(gpu, hostSeconds) : 0;
      hostBound += hostSeconds > gpu ? 1 : 0;
      carried += stepping;
      it++;
    }
    List<String> a = new ArrayList<>(estimate(s.withBatch((int) Math.max(1, Math.min(maxInFlight, Integer.MAX_VALUE))))
        .assumptions());
    a.set(0, String.format(Locale.ROOT, "offline run under SGLang 0.3.0's scheduler: %s, all queued at the start"
        + " (mean %.1f + %.1f tokens); KV cache %d tokens per GPU (mem_fraction_static %.2f), max_running_requests"
        + " %d; a prefill batch (at most %d prompt tokens) runs instead of a decode step whenever the new-token-ratio"
        + " admission lets one form (%d prefill batches, %.1f of %.1f s); %d decode steps retracted %d requests (%d"
        + " tokens prefilled again); at most %d in flight; an iteration takes max(GPU, host), the ramp and the drain"
        + " included", run,
        java.util.Arrays.stream(inputs).average().orElse(0), java.util.Arrays.stream(outputs).average().orElse(0),
        kvTokens, run.memFractionStatic(), maxRunning, run.maxNumTokens(), prefills, prefillSeconds, seconds,
        retractions, retracted, recomputed, maxInFlight));
    return new OfflineRunEstimate(s, run, seconds, it, prefills, hostBound, carried / Math.max(1, it), maxInFlight,
        outputTotal, a);
  }

  /**
   * The offline run of an engine with pipeline parallelism, chunked context, or both, as TensorRT-LLM's
   * in-flight batching runs it (s13s), request by request:
   *
   * <ul>
   *   <li><b>Micro-batches.</b> With {@code pp} stages the engine keeps {@code pp} micro-batches in flight ({@code
   *       mNumMicroBatches = pipelineParallelism}) and schedules one at a time, each within {@link
   *       OfflineRun#maxBatchSize()} sequences and {@link OfflineRun#maxNumTokens()} tokens; a request already in
   *       flight in another micro-batch is skipped, so the micro-batches hold disjoint sequences, and a generation
   *       request is scheduled again only after its micro-batch's pass through every stage was synchronised, {@code
   *       pp} micro-batches later (cpp/tensorrt_llm/batch_manager/trtGptModelInflightBatching.cpp, {@code
   *       forwardAsync} with {@code mInflightReqIds}, NVIDIA/TensorRT-LLM at commit
   *       00825c4ee813bdc5eb2e5cf218b644b8c18ce2ec). A context request between two of its chunks is not in the
   *       in-flight set ("Context requests that are chunking are not added to inflight set, so they are scheduled
   *       in the next micro batch"): its next chunk may run in the next micro-batch. The engine holds at most
   *       {@code maxBatchSize × pp} requests ({@code mMaxNumSequences}, trtGptModel.h at commit
   *       2e2327b93c0a9aa9abbf4c4672f734b03c1e441f).
   *   <li><b>One micro-batch.</b> The active requests are walked in order (microBatchScheduler.cpp at commit
   *       0a949d3128bfaf4ddedefb0259125622a9ec830f): each generation request adds one token while the budget
   *       lasts, each context request is collected; then, FCFS, each context gets what is left of the budget, its
   *       chunk a multiple of {@link OfflineRun#chunkUnit()} unless it ends the prompt. Waiting requests join in
   *       order while the KV cache holds their whole input + output (as {@link #offlineRun(InferenceScenario,
   *       OfflineRun, int[], int[])} reserves it) and the engine's sequence bound allows.
   *   <li><b>Time.</b> A micro-batch's pass through one stage costs the roofline's pass of the slowest stage over
   *       its tokens ({@link StepCost}: GEMMs, the P2P send of its activations to the next stage, the output head
   *       over the sequences that sample, decode attention at their mean context, each chunk's causal attention
   *       over its prefix), or the host's time if longer. Stage {@code k} runs micro-batch {@code t} when it has
   *       run {@code t − 1} and stage {@code k − 1} has run {@code t}; stage 0 starts micro-batch {@code t} only
   *       after micro-batch {@code t − pp} left the last stage (the scheduler synchronises it first). The run ends
   *       when the last micro-batch leaves the last stage.
   * </ul>
   *
   * With {@code pp = 1} and chunked context this is an offline run with chunked prefill in one micro-batch.
   */
  private OfflineRunEstimate simulatePipelined(InferenceScenario s, OfflineRun run, int[] inputs, int[] outputs) {
    ServingConfig c = config(s);
    int pp = s.pp();
    StepCost cost = new StepCost(c.roofline());
    InferenceEstimate one = estimate(s.withBatch(1));
    InferenceMemory mem = one.memoryPerGpu();
    double profile = c.roofline().profilingPeakBytes(run.maxNumTokens());
    double free = ENGINE_VISIBLE_MEMORY * mem.capacity().bytes() - mem.weights().bytes() - profile
        - engineAllReduceWorkspaceBytes(s.tp());
    long perToken = Math.max(1, one.kvCachePerTokenPerGpu().bytes());
    long kvTokens = Math.max(0, (long) Math.floor(ENGINE_KV_SHARE * free / perToken));
    int maxBatch = Math.min(run.maxBatchSize(), ENGINE_MAX_SEQUENCES);
    long maxSequences = (long) maxBatch * pp;
    int budget = run.maxNumTokens();
    int unit = run.chunkedContext() ? run.chunkUnit() : 0;
    HostCost host = HostCost.of(s);
    int n = inputs.length;
    for (int r = 0; r < n; r++) {
      if ((long) inputs[r] + outputs[r] > kvTokens) {
        throw new IllegalArgumentException("request " + r + " of " + inputs[r] + " + " + outputs[r]
            + " tokens does not fit the KV cache of " + kvTokens + " tokens of " + s.model().id() + " on "
            + s.accelerator().id() + " at tp " + s.tp() + " x pp " + pp);
      }
    }
    int[] prefilled = new int[n];
    int[] generated = new int[n];
    long[] eligible = new long[n]; // the first micro-batch that may schedule the request
    double[] firstToken = new double[n]; // s24e: when each request's first token left the last stage
    long inputTotal = 0;
    for (int in : inputs) {
      inputTotal += in;
    }
    double ttftSum = 0;
    double tpotSum = 0;
    long tpotCount = 0;
    List<Integer> active = new ArrayList<>();
    int next = 0;
    long reserved = 0;
    double[] stageFree = new double[pp]; // when each stage finished its last micro-batch
    java.util.ArrayDeque<Double> leftLast = new java.util.ArrayDeque<>(); // last-stage finish of recent micro-batches
    long outputTotal = 0;
    for (int o : outputs) {
      outputTotal += o;
    }
    long t = 0;
    long prefills = 0;
    long hostBound = 0;
    long carried = 0;
    long maxInFlight = 0;
    long chunks = 0;
    List<Integer> gen = new ArrayList<>();
    List<Integer> ctx = new ArrayList<>();
    int[] chunk = new int[0];
    int idle = 0;
    while (next < n || !active.isEmpty()) {
      gen.clear();
      ctx.clear();
      int tokens = 0;
      int scheduled = 0;
      boolean full = false;
      for (int r : active) {
        if (eligible[r] > t) {
          continue;
        }
        if (prefilled[r] == inputs[r]) {
          if (tokens + 1 > budget) {
            full = true;
            break;
          }
          gen.add(r);
          tokens++;
        } else {
          ctx.add(r);
        }
        if (++scheduled >= maxBatch) {
          full = true;
          break;
        }
      }
      // waiting requests join while the KV cache, the sequence bound and the batch allow
      // (only while the budget has room after the contexts ahead of them, FCFS)
      int joined = 0;
      if (!full) {
        long room = budget - tokens;
        for (int r : ctx) {
          room -= inputs[r] - prefilled[r];
        }
        while (room > 0 && next + joined < n && scheduled < maxBatch && active.size() + joined < maxSequences
            && reserved + (long) inputs[next + joined] + outputs[next + joined] <= kvTokens) {
          int r = next + joined;
          reserved += (long) inputs[r] + outputs[r];
          room -= inputs[r];
          ctx.add(r);
          scheduled++;
          joined++;
        }
      }
      // first come first served chunks from what the generation tokens leave
      if (chunk.length < ctx.size()) {
        chunk = new int[Math.max(ctx.size(), 2 * chunk.length)];
      }
      int capacity = budget - tokens;
      double attention = 0;
      int finishing = 0;
      for (int i = 0; i < ctx.size(); i++) {
        int r = ctx.get(i);
        int remaining = inputs[r] - prefilled[r];
        int size = Math.min(remaining, capacity);
        if (size != remaining) {
          size = unit > 0 ? size / unit * unit : 0; // without chunking a prompt runs whole or waits
        }
        chunk[i] = size;
        capacity -= size;
        if (size > 0) {
          attention += cost.chunkAttention(prefilled[r], size);
          tokens += size;
          finishing += size == remaining ? 1 : 0;
        }
      }
      idle = tokens == 0 ? idle + 1 : 0;
      if (idle > pp) {
        throw new IllegalArgumentException("no request can be scheduled: maxNumTokens " + budget + ", chunk unit "
            + unit + ", request " + next + " of " + (next < n ? inputs[next] + " + " + outputs[next] : "-")
            + " tokens waiting, " + active.size() + " in flight");
      }
      int decoding = gen.size();
      double context = 0;
      for (int r : gen) {
        context += inputs[r] + generated[r];
      }
      context = decoding == 0 ? 0 : context / decoding;
      int stepping = 0;
      for (int i = 0; i < ctx.size(); i++) {
        stepping += chunk[i] > 0 ? 1 : 0;
      }
      double gpu = tokens == 0 ? 0 : cost.step(tokens, decoding + finishing, decoding, context, attention);
      double hostSeconds = tokens == 0 ? 0 : host.seconds(decoding + stepping, stepping > 0);
      double pass = Math.max(gpu, hostSeconds);
      hostBound += hostSeconds > gpu ? 1 : 0;
      prefills += stepping > 0 ? 1 : 0;
      carried += decoding + stepping;
      // the stages run the micro-batch in turn; stage 0 waits for micro-batch t - pp to leave the last stage
      double start = Math.max(stageFree[0], leftLast.size() == pp ? leftLast.peekFirst() : 0);
      for (int k = 0; k < pp; k++) {
        double begin = k == 0 ? start : Math.max(stageFree[k], stageFree[k - 1]);
        stageFree[k] = begin + pass;
      }
      if (leftLast.size() == pp) {
        leftLast.pollFirst();
      }
      leftLast.addLast(stageFree[pp - 1]);
      // the requests advance
      for (int i = 0; i < joined; i++) {
        active.add(next + i);
      }
      next += joined;
      for (int r : gen) {
        generated[r]++;
        eligible[r] = t + pp;
      }
      for (int i = 0; i < ctx.size(); i++) {
        int r = ctx.get(i);
        if (chunk[i] == 0) {
          continue;
        }
        chunks++;
        prefilled[r] += chunk[i];
        if (prefilled[r] == inputs[r]) {
          generated[r] = 1; // the last chunk yields the first token
          firstToken[r] = stageFree[pp - 1];
          ttftSum += firstToken[r];
          eligible[r] = t + pp;
        } else {
          eligible[r] = t + 1;
        }
      }
      maxInFlight = Math.max(maxInFlight, active.size());
      // requests whose last token this micro-batch produced leave
      if (decoding > 0 || finishing > 0) {
        java.util.Iterator<Integer> it = active.iterator();
        while (it.hasNext()) {
          int r = it.next();
          if (prefilled[r] == inputs[r] && generated[r] >= outputs[r]) {
            it.remove();
            reserved -= (long) inputs[r] + outputs[r];
            if (outputs[r] > 1) {
              tpotSum += (stageFree[pp - 1] - firstToken[r]) / (outputs[r] - 1);
              tpotCount++;
            }
          }
        }
      }
      t++;
    }
    double seconds = stageFree[pp - 1];
    List<String> a = new ArrayList<>(estimate(s.withBatch((int) Math.max(1, Math.min(maxInFlight, Integer.MAX_VALUE))))
        .assumptions());
    a.set(0, String.format(Locale.ROOT, "offline run (TensorRT-LLM in-flight batching): %s, all queued at the start;"
        + " %d micro-batch%s in flight (pp %d), each within %d sequences and %d tokens, disjoint sequences, a"
        + " generation request again %d micro-batches later; %s; at most %d requests in flight (%d by the engine)"
        + " and %d KV tokens reserved per GPU, each request its own input + output; %d micro-batches, %d prompt"
        + " chunks; a stage's pass takes max(GPU, host), the ramp, the pipeline's fill and drain included", run,
        pp, pp == 1 ? "" : "es", pp, maxBatch, budget, pp, unit > 0
            ? "prompts chunked first come first served in multiples of " + unit + " tokens" : "whole prompts",
        maxInFlight, maxSequences, kvTokens, t, chunks));
    return new OfflineRunEstimate(s, run, seconds, t, prefills, hostBound, (double) carried / Math.max(1, t),
        maxInFlight, outputTotal, inputTotal, ttftSum / n, tpotCount == 0 ? Double.NaN : tpotSum / tpotCount, a);
  }

  /** The requests admitted in one iteration that leave in one later iteration. */
  private static final class Leaving {
    long count;
    double startSum; // sum of (input - admission iteration)
    long reserved; // KV tokens reserved (input + output each)
    // s24e: for the mean TPOT, over the requests of more than one output token: sum of first-token time / (output - 1)
    // and of 1 / (output - 1)
    double firstOverSteps;
    double inverseSteps;
    // s15a, attention data parallelism in lock step: the same per rank, and the ranks' prompt tokens
    int @Nullable [] rankCount;
    double @Nullable [] rankStartSum;
    long @Nullable [] rankPrompt;
  }

  /**
   * The ranks of an offline run under attention data parallelism in lock step (s15a): which rank each admitted prompt
   * goes to, each rank's decoding sequences and their contexts, and the iteration's time as {@link
   * StepCost#rankStep} takes it. A prompt goes to the rank with the fewest active prompt tokens, then the fewest
   * requests, then the lowest index, among the ranks below the balanced share of the requests in flight and fetched
   * and below {@link OfflineRun#maxBatchSize()} ({@code ExecutorRequestQueue._balance_requests_across_ranks},
   * tensorrt_llm/_torch/pyexecutor/executor_request_queue.py at NVIDIA/TensorRT-LLM@007a7508, as the serving
   * simulator's engine assigns it, s14l), and only within that rank's {@link OfflineRun#maxNumTokens()} (the budget
   * is per rank). With {@link AttentionDpBalance#enabled()} the iteration's prompts are held back as {@link
   * AttentionDpBalance} states.
   */
  private static final class LockStep {
    private final int ranks;
    private final int cap;
    private final int budget;
    private final int maxBatch;
    private final AdpBalancer balancer;
    private final int[] decode;
    private final double[] startSum;
    private final long[] active;
    private final long[] prompt;
    // this iteration
    private final int[] admitted;
    private final long[] tokens;
    private final double[] attention;
    private int[] rankOf = new int[64];
    private int expected;
    // the step's arrays for StepCost.rankStep
    private final int[] stepTokens;
    private final int[] stepRows;
    private final double[] stepContext;

    LockStep(int ranks, OfflineRun run, long seats) {
      this.ranks = ranks;
      this.cap = (int) Math.min(Integer.MAX_VALUE, (seats + ranks - 1) / ranks);
      this.budget = run.maxNumTokens();
      this.maxBatch = run.maxBatchSize();
      this.balancer = new AdpBalancer(run.attentionDpBalance());
      decode = new int[ranks];
      startSum = new double[ranks];
      active = new long[ranks];
      prompt = new long[ranks];
      admitted = new int[ranks];
      tokens = new long[ranks];
      attention = new double[ranks];
      stepTokens = new int[ranks];
      stepRows = new int[ranks];
      stepContext = new double[ranks];
    }

    void startIteration(long waiting, long inFlight) {
      java.util.Arrays.fill(admitted, 0);
      java.util.Arrays.fill(attention, 0);
      long most = 0;
      for (int j = 0; j < ranks; j++) {
        tokens[j] = decode[j];
        most = Math.max(most, active[j]);
      }
      long fetched = Math.min(waiting, (long) cap * ranks - inFlight);
      expected = (int) Math.min(Integer.MAX_VALUE, Math.max((inFlight + fetched + ranks - 1) / ranks, most));
    }

    /** Assigns the iteration's next prompt to a rank; false if no rank takes it in this iteration. */
    boolean admit(int input, double promptAttention) {
      int best = -1;
      for (int j = 0; j < ranks; j++) {
        if (active[j] + admitted[j] >= Math.min(expected, cap)) {
          continue;
        }
        if (best < 0 || prompt[j] < prompt[best] || prompt[j] == prompt[best]
            && active[j] + admitted[j] < active[best] + admitted[best]) {
          best = j;
        }
      }
      if (best < 0 || tokens[best] + input > budget) {
        return false;
      }
      int i = 0;
      for (int j = 0; j < ranks; j++) {
        i += admitted[j];
      }
      if (i == rankOf.length) {
        rankOf = java.util.Arrays.copyOf(rankOf, 2 * i);
      }
      rankOf[i] = best;
      admitted[best]++;
      tokens[best] += input;
      attention[best] += promptAttention;
      prompt[best] += input; // seen by the next prompt's choice; undone by hold
      return true;
    }

    /** Returns whether the balancing holds the iteration's prompts back (and then forgets them). */
    boolean hold() {
      if (!balancer.enabled()) {
        return false;
      }
      boolean allFree = true;
      boolean allContext = true;
      boolean anyContext = false;
      boolean allGeneration = true;
      for (int j = 0; j < ranks; j++) {
        allFree &= decode[j] < maxBatch;
        allContext &= admitted[j] > 0;
        anyContext |= admitted[j] > 0;
        allGeneration &= decode[j] > 0 || active[j] == 0 && admitted[j] == 0;
      }
      if (!balancer.hold(allFree, allContext, allGeneration, anyContext)) {
        return false;
      }
      for (int j = 0; j < ranks; j++) {
        prompt[j] -= tokens[j] - decode[j];
        tokens[j] = decode[j];
        admitted[j] = 0;
        attention[j] = 0;
      }
      return true;
    }

    /** Commits the iteration's {@code i}-th admitted prompt to its rank. */
    void commit(int i, int input, double start, Leaving l) {
      int j = rankOf[i];
      decode[j]++;
      active[j]++;
      startSum[j] += start;
      if (l.rankCount == null) {
        l.rankCount = new int[ranks];
        l.rankStartSum = new double[ranks];
        l.rankPrompt = new long[ranks];
      }
      l.rankCount[j]++;
      l.rankStartSum[j] += start;
      l.rankPrompt[j] += input;
    }

    void leave(Leaving l) {
      if (l.rankCount == null) {
        return;
      }
      for (int j = 0; j < ranks; j++) {
        decode[j] -= l.rankCount[j];
        active[j] -= l.rankCount[j];
        startSum[j] -= l.rankStartSum[j];
        prompt[j] -= l.rankPrompt[j];
      }
    }

    int largestDecode() {
      int most = 0;
      for (int x : decode) {
        most = Math.max(most, x);
      }
      return most;
    }

    long held() {
      return balancer.held();
    }

    /**
     * Returns the iteration's time: each rank's decoding sequences (at decode step {@code d}) and admitted prompts,
     * the decode-only ranks padded to {@code graph} rows when it is above their batch (0: no padding).
     */
    double step(StepCost cost, int d, int graph) {
      long total = 0;
      for (int j = 0; j < ranks; j++) {
        boolean padded = graph > decode[j] && admitted[j] == 0;
        stepTokens[j] = (int) Math.min(Integer.MAX_VALUE, padded ? graph : tokens[j]);
        stepRows[j] = padded ? graph : decode[j] + admitted[j];
        stepContext[j] = decode[j] == 0 ? 0 : (startSum[j] + (double) decode[j] * d) / decode[j];
        total += stepTokens[j];
      }
      return cost.rankStep(ranks, (int) Math.min(Integer.MAX_VALUE, total), stepTokens, stepRows, decode,
          stepContext, attention);
    }
  }

  /**
   * The iteration loop of an offline run: requests {@code inputs[i]} + {@code outputs[i]} queued in order,
   * at most {@code seats} in flight and {@code kvTokens} reserved (each its input + output), each
   * iteration decoding every sequence in flight and admitting whole prompts within the token budget.
   */
  private OfflineRunEstimate simulateOffline(InferenceScenario s, OfflineRun run, int[] inputs, int[] outputs,
      long seats, long kvTokens, String what) {
    ServingConfig c = config(s);
    int ranks = s.attentionDataParallel() ? s.tp() : 1;
    long budget = (long) run.maxNumTokens() * ranks;
    StepCost cost = new StepCost(c.roofline());
    java.util.Map<Integer, Double> promptAttention = new java.util.HashMap<>();
    HostCost host = HostCost.of(s);
    // requests in flight by the iteration of their last token
    java.util.TreeMap<Integer, Leaving> leaving = new java.util.TreeMap<>();
    int n = inputs.length;
    int next = 0;
    long inFlight = 0;
    long decoding = 0;
    long reserved = 0;
    long outputTotal = 0;
    double startSum = 0; // sum over decoding sequences of (input - admission iteration)
    double seconds = 0;
    long prefills = 0;
    long hostBound = 0;
    long paddedIterations = 0;
    double carried = 0;
    long maxInFlight = 0;
    int it = 0;
    long inputTotal = 0;
    double ttftSum = 0; // s24e: sum over requests of the first token's time (all queued at 0)
    double tpotSum = 0; // s24e: sum over requests of more than one output token of (last - first) / (output - 1)
    long tpotCount = 0;
    // SEPARATE (PrefillScheduling): an iteration that admits prompts prefills only them, and decoding
    // advances only in the iterations without a prompt, so a request's decode steps are counted apart from
    // the iterations: `d` is the index of the next decode step (under MIXED every iteration is one, d == it).
    boolean separate = run.prefillScheduling() == PrefillScheduling.SEPARATE;
    int shift = separate ? 1 : 0; // SEPARATE: the first decode step follows the prefill at once
    // s15a: under attention data parallelism the ranks run in lock step, each prompt whole on one rank
    LockStep lock = ranks > 1 && !separate ? new LockStep(ranks, run, seats) : null;
    int d = 0;
    while (next < n || inFlight > 0) {
      long k = 0;
      long promptTokens = 0;
      long admitReserved = 0;
      double attention = 0;
      long decodeTokens = separate ? 0 : decoding; // a separate prefill iteration carries no decode token
      if (lock != null) {
        lock.startIteration(n - next, inFlight);
      }
      while (next + k < n && inFlight + k < seats) {
        int r = (int) (next + k);
        if (decodeTokens + promptTokens + inputs[r] > budget
            || reserved + admitReserved + (long) inputs[r] + outputs[r] > kvTokens) {
          break;
        }
        double a = promptAttention.computeIfAbsent(inputs[r], len -> cost.chunkAttention(0, len));
        if (lock != null && !lock.admit(inputs[r], a)) {
          break;
        }
        promptTokens += inputs[r];
        admitReserved += (long) inputs[r] + outputs[r];
        attention += a;
        k++;
      }
      if (lock != null && lock.hold()) {
        // attention-DP balancing holds this iteration's context requests back (AttentionDpBalance)
        k = 0;
        promptTokens = 0;
        admitReserved = 0;
        attention = 0;
      }
      if (k == 0 && inFlight == 0) {
        throw new IllegalArgumentException("no prompt of " + inputs[next] + " + " + outputs[next]
            + " tokens fits the KV cache of " + s.model().id() + " on " + s.accelerator().id());
      }
      double context = decoding == 0 ? 0 : (startSum + (double) decoding * d) / decoding;
      double gpu;
      int perRank = (int) Math.min(Integer.MAX_VALUE, (decoding + ranks - 1) / ranks);
      int padded = k == 0 ? run.paddedDecodeBatch(perRank) : perRank;
      boolean prefillOnly = separate && k > 0;
      long stepping = prefillOnly ? 0 : decoding; // the sequences this iteration decodes
      if (prefillOnly) {
        // the prompts alone: GEMMs and head over their tokens and sequences, their causal attention
        gpu = cost.step((int) Math.min(Integer.MAX_VALUE, promptTokens), (int) k, 0, 0, attention);
      } else if (lock != null) {
        // s15a: the slowest rank's own work plus the routed work over every rank's tokens; a decode-only iteration
        // pads every rank to the CUDA graph of its largest rank's batch
        int graph = k == 0 ? run.paddedDecodeBatch(lock.largestDecode()) : 0;
        if (graph > lock.largestDecode()) {
          paddedIterations++;
        }
        gpu = lock.step(cost, d, graph);
      } else if (k == 0 && padded > perRank) {
        // a decode-only iteration replays the CUDA graph of the next captured size: GEMMs, head and
        // collectives over the padded batch, attention over the real sequences (a dummy's KV is one token)
        long rows = (long) padded * ranks;
        gpu = cost.step((int) Math.min(Integer.MAX_VALUE, rows), (int) Math.min(Integer.MAX_VALUE, rows),
            (int) decoding, context, 0);
        paddedIterations++;
      } else {
        gpu = cost.step((int) Math.min(Integer.MAX_VALUE, decoding + promptTokens), (int) (decoding + k),
            (int) decoding, context, attention);
      }
      // a decode-only iteration above the largest captured CUDA graph launches its pass eagerly, as a prefill does
      // (OfflineRun#decodesEagerly: TensorRT-LLM before pull request 4843 captures no graph at max_batch_size)
      double hostSeconds = host.seconds(stepping + k, k > 0 || run.decodesEagerly(perRank));
      seconds += Math.max(gpu, hostSeconds);
      hostBound += hostSeconds > gpu ? 1 : 0;
      prefills += k > 0 ? 1 : 0;
      carried += stepping + k;
      for (int r = next; r < next + k; r++) {
        // MIXED: decode steps d+1 .. d+output-1 follow this iteration's first token; SEPARATE: d .. d+output-2
        Leaving l = leaving.computeIfAbsent(d + outputs[r] - 1 - shift, x -> new Leaving());
        l.count++;
        l.startSum += inputs[r] - d + shift;
        l.reserved += (long) inputs[r] + outputs[r];
        if (lock != null) {
          lock.commit(r - next, inputs[r], inputs[r] - d + shift, l);
        }
        startSum += inputs[r] - d + shift;
        outputTotal += outputs[r];
        inputTotal += inputs[r];
        ttftSum += seconds; // the iteration that prefills the prompt yields its first token
        if (outputs[r] > 1) {
          l.firstOverSteps += seconds / (outputs[r] - 1);
          l.inverseSteps += 1.0 / (outputs[r] - 1);
          tpotCount++;
        }
      }
      next += (int) k;
      inFlight += k;
      decoding += k;
      reserved += admitReserved;
      maxInFlight = Math.max(maxInFlight, inFlight);
      // requests whose last token was this iteration's leave (after a separate prefill: those of one token)
      int last = prefillOnly ? d - 1 : d;
      while (!leaving.isEmpty() && leaving.firstKey() <= last) {
        Leaving l = leaving.pollFirstEntry().getValue();
        if (lock != null) {
          lock.leave(l);
        }
        inFlight -= l.count;
        decoding -= l.count;
        startSum -= l.startSum;
        reserved -= l.reserved;
        tpotSum += seconds * l.inverseSteps - l.firstOverSteps; // their last token ended this iteration
      }
      if (!prefillOnly) {
        d++;
      }
      it++;
    }
    List<String> a = new ArrayList<>(estimate(s.withBatch((int) Math.max(1, Math.min(seats, Integer.MAX_VALUE))))
        .assumptions());
    a.set(0, String.format(Locale.ROOT, "offline run (trtllm-bench throughput): %s, all queued at the start, %s; each"
        + " iteration decodes every sequence in flight and admits whole prompts within %d tokens per rank; an"
        + " iteration takes max(GPU, host), the ramp and the drain included%s", run, what, run.maxNumTokens(),
        run.capturedCudaGraphBatchSizes().isEmpty() ? ""
            : String.format(Locale.ROOT, "; %d decode-only iterations of %d run a CUDA graph padded above their batch",
                paddedIterations, it)));
    if (lock != null) {
      a.add(1, String.format(Locale.ROOT, "attention data parallelism in lock step (s15a): each prompt is prefilled"
          + " whole on one of the %d ranks (the rank with the fewest active prompt tokens, TensorRT-LLM's"
          + " _balance_requests_across_ranks), within that rank's %d tokens; an iteration takes the slowest rank's"
          + " attention, dense and shared-expert work plus the routed experts, MoE collectives and overheads over"
          + " every rank's tokens; %s%s", ranks, run.maxNumTokens(), run.attentionDpBalance().describe(),
          run.attentionDpBalance().enabled() ? String.format(Locale.ROOT, " (%d of %d iterations held their"
              + " context requests)", lock.held(), it) : ""));
    }
    return new OfflineRunEstimate(s, run, seconds, it, prefills, hostBound, carried / Math.max(1, it),
        Math.min(seats, kvTokens == Long.MAX_VALUE ? seats : maxInFlight), outputTotal, inputTotal, ttftSum / n,
        tpotCount == 0 ? Double.NaN : tpotSum / tpotCount, a);
  }

  /**
   * Returns the steady state of one replica serving Poisson arrivals at {@code requestsPerSecond}
   * with continuous (in-flight) batching, as a benchmark client measures it (TensorRT-LLM's and
   * vLLM's serving benchmarks at a request rate): the concurrency {@code b} is the smallest with
   * {@code λ · (TTFT(b) + (output − 1) · τ(b)) ≤ b} (Little's law); an iteration {@code τ(b)} decodes
   * {@code b} sequences at the mean context and prefills the {@code b / output} prompts that replace
   * finished requests (Agrawal et al. 2024, "Sarathi-Serve"); a request's TTFT is half an iteration
   * (the one in progress when it arrives) plus the iteration that carries its prompt with the
   * others' decode steps (for an engine with an eager-pass host cost, {@link
   * ServingOverheads#hostSecondsPerEagerMoeLayer}, at least that pass's host time: the iteration that carries a prompt
   * runs without a CUDA graph), plus the per-request overhead (the capacity planner's formula without its
   * queue: an in-flight batching engine admits requests while memory lasts). The batch is found as the queue
   * grows from empty (s22h): {@code b ← ⌈λ · residence(b)⌉} from {@code b = 1} until Little's law holds, which is
   * the smallest such batch wherever the residence does not fall as the batch grows. The requests a second a batch
   * serves, {@code b / residence(b)}, do not always grow with it, so the batch found grows with the rate but passes
   * over every batch that a smaller batch out-serves (no rate settles there; {@link #atConcurrency} answers those).
   * When no batch whose steady state fits ({@link #steadyMaxBatch}) serves the rate the queue grows without bound:
   * the result is then the figures at that batch, marked {@link SteadyLoad#saturated()} ({@link #maxRequestRate} is
   * the edge).
   *
   * @param s the scenario (its batch is ignored)
   * @param requestsPerSecond arrival rate, positive and finite
   * @return the steady state
   * @throws IllegalArgumentException if the rate is not positive and finite
   */
  public SteadyLoad atRequestRate(InferenceScenario s, double requestsPerSecond) {
    return atRequestRate(s, requestsPerSecond, 1);
  }

  /**
   * Returns the steady state of {@link #atRequestRate(InferenceScenario, double)} for an engine that
   * schedules once every {@code schedulerSteps} iterations: vLLM's multi-step scheduling ({@code
   * --num-scheduler-steps n}, vLLM 0.6), whose release post says "A new request can only start
   * execution after the current multi-step execution finishes. Therefore, higher
   * --num-scheduler-steps will lead to higher TTFT at low request rates" (vLLM blog "vLLM v0.6.0: 2.7x
   * Throughput Improvement and 5x Latency Reduction", 2024-09-05, section "Limitation of current
   * optimizations"; vllm-project/vllm-project.github.io _posts/2024-09-05-perf-update.md at commit
   * c3a01c4a5807c8d900ae468897e45263373e534e). A request arriving at a uniformly random moment of an
   * {@code n}-iteration window waits {@code n / 2} iterations on average before the iteration that
   * carries its prompt, instead of half of one; the iteration itself, the ITL and the throughput are
   * those of single-step scheduling (the post's throughput gain from fewer host interruptions is not
   * modelled). {@code schedulerSteps = 1} is {@link #atRequestRate(InferenceScenario, double)}.
   *
   * @param s the scenario (its batch is ignored)
   * @param requestsPerSecond arrival rate, positive and finite
   * @param schedulerSteps iterations per scheduling window, at least 1
   * @return the steady state
   * @throws IllegalArgumentException if the rate is not positive and finite or {@code schedulerSteps} is below 1
   */
  public SteadyLoad atRequestRate(InferenceScenario s, double requestsPerSecond, int schedulerSteps) {
    return atRequestRate(s, requestsPerSecond, schedulerSteps, PrefillScheduling.MIXED);
  }

  /**
   * Returns the steady state of {@link #atRequestRate(InferenceScenario, double, int)} under a prefill
   * scheduling policy ({@link PrefillScheduling}). {@link PrefillScheduling#MIXED} is that method. Under
   * {@link PrefillScheduling#SEPARATE} (vLLM V0 without chunked prefill, SGLang 0.3 without mixed chunks: a
   * waiting prompt is prefilled in an iteration of its own before the next decode step, decoding paused) a
   * decode iteration {@code τd(b)} carries no prompt, and after it, when at least one request arrived in the
   * mean cycle {@code T} (probability {@code q = 1 − exp(−λT)}, Poisson arrivals), a prefill iteration {@code
   * τp(m)} runs the {@code m = λT / q} prompts that arrived; {@code T = τd + q · τp(m)}, solved by fixed-point
   * iteration, is the mean time between a sequence's decode steps, so it is the ITL, and the engine prefills
   * {@code q · m / T = λ} prompts a second. A request's TTFT is half a window of {@code schedulerSteps} cycles
   * plus the prefill iteration carrying it plus the per-request overhead. No constant is fitted.
   *
   * @param s the scenario (its batch is ignored)
   * @param requestsPerSecond arrival rate, positive and finite
   * @param schedulerSteps iterations per scheduling window, at least 1
   * @param scheduling how prompts are scheduled relative to the decoding sequences
   * @return the steady state
   * @throws IllegalArgumentException if the rate is not positive and finite or {@code schedulerSteps} is below 1
   */
  public SteadyLoad atRequestRate(InferenceScenario s, double requestsPerSecond, int schedulerSteps,
      PrefillScheduling scheduling) {
    java.util.Objects.requireNonNull(scheduling, "scheduling");
    if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
      throw new IllegalArgumentException("requestsPerSecond must be positive and finite, was " + requestsPerSecond);
    }
    if (schedulerSteps < 1) {
      throw new IllegalArgumentException("schedulerSteps must be at least 1, was " + schedulerSteps);
    }
    ServingConfig c = config(s);
    int out = s.outputTokens();
    // s22e: the steady state never prefills every prompt of its batch in one pass, so the largest batch it holds is
    // its own memory's (ServingConfig.steadyFits: the KV cache at full length plus one iteration's activations), not
    // the static batch's (maxBatchSize), which for DeepSeek-V3 FP8 at 7,373 + 922 tokens on 4 x B200 counts 10 GiB
    // of activations at 32 prompts prefilled at once where SGLang ran 32 with --chunked-prefill-size 8192
    int max = Math.max(1, c.maxSteadyBatch(s.inputTokens(), out));
    double[] t = new double[2];
    boolean separate = scheduling == PrefillScheduling.SEPARATE;
    int inFlight = steadyConcurrency(c, s, max, requestsPerSecond, schedulerSteps, separate, t);
    boolean saturated = inFlight == SATURATED;
    int b = saturated ? max : inFlight;
    double res = residence(c, s, b, schedulerSteps, separate, requestsPerSecond, t);
    double tokens = saturated ? b * out / res : requestsPerSecond * out;
    List<String> a = new ArrayList<>(estimate(s.withBatch(b)).assumptions());
    a.set(0, "continuous batching at " + requestsPerSecond + " requests/s: " + (saturated
        ? "more than any batch that fits (up to " + max + ") serves; the queue grows and the figures are at the largest"
        : b + " requests in flight (Little's law)") + steadyIterationsText(schedulerSteps, separate));
    // the wait for the scheduling point: half an iteration, half a window of n (SteadyIterations#ttftSeconds; the
    // same under SEPARATE, whose t[1] is the cycle)
    double wait = schedulerSteps * t[1] / 2;
    return new SteadyLoad(s.withBatch(b), requestsPerSecond, b, t[0], wait, t[1], tokens, saturated, a);
  }

  /**
   * Returns {@link #atConcurrency(InferenceScenario, int, int, PrefillScheduling)} with single-step scheduling and
   * prompts mixed into the decode iterations ({@link PrefillScheduling#MIXED}).
   *
   * @param s the scenario (its batch is ignored)
   * @param concurrency requests in flight, from 1 to {@link #steadyMaxBatch}
   * @return the steady state, its {@link SteadyLoad#concurrency()} equal to {@code concurrency}
   * @throws IllegalArgumentException if {@code concurrency} is below 1 or above {@link #steadyMaxBatch}
   */
  public SteadyLoad atConcurrency(InferenceScenario s, int concurrency) {
    return atConcurrency(s, concurrency, 1, PrefillScheduling.MIXED);
  }

  /**
   * Returns the steady state of continuous batching with {@code concurrency} requests in flight: a closed loop that
   * sends a new request as soon as one finishes (vLLM's and SGLang's {@code bench_serving --max-concurrency C
   * --request-rate inf}, genai-perf's {@code --concurrency C}). Its iterations, TTFT and ITL are those of {@link
   * #atRequestRate(InferenceScenario, double, int, PrefillScheduling)} at a batch of {@code C}, and its request rate
   * is the one Little's law gives for {@code C} in flight, {@code λ = C / (TTFT(C) + (output − 1) · ITL(C))}: the
   * largest rate with {@code λ · residence(C, λ) ≤ C}, found by bisection in log space (under {@link
   * PrefillScheduling#SEPARATE} the residence depends on the rate; under {@link PrefillScheduling#MIXED} the result
   * is {@code C / residence(C)} to the last bits). The bracket starts at {@code C} over the end-to-end time of a
   * static batch of {@code C}, doubles or halves at most 60 times, then 60 bisection steps: s21d's search in {@code
   * MultiSourceInferenceValidationTest}, which asks instead for the largest rate whose open-loop steady state has at
   * most {@code C} in flight; the two agree wherever that steady state's requests a second grow with the batch, and
   * this one also answers where they dip (the modelled iteration is not smooth in the batch, so no Poisson
   * rate settles at such a {@code C}, while a closed loop runs it). The loop's arrivals are its own completions rather than Poisson
   * arrivals, and its ramp and drain (all {@code C} requests started at once, the last ones finishing alone) are not
   * modelled; nothing is fitted. The rate is at most {@link #maxRequestRate} (the open loop's edge of saturation,
   * the most requests a second any batch serves, s22h), and under {@link PrefillScheduling#MIXED} {@link
   * #atRequestRate} at this rate settles at {@code C} exactly when {@code C} serves more requests a second than every
   * smaller batch (else at the first smaller batch that serves the rate).
   *
   * @param s the scenario (its batch is ignored)
   * @param concurrency requests in flight, from 1 to {@link #steadyMaxBatch} (the largest batch whose memory fits)
   * @param schedulerSteps iterations per scheduling window, at least 1 (as for {@code atRequestRate})
   * @param scheduling how prompts are scheduled relative to the decoding sequences
   * @return the steady state, its {@link SteadyLoad#concurrency()} equal to {@code concurrency}, not saturated
   * @throws IllegalArgumentException if {@code concurrency} is below 1 or above {@link #steadyMaxBatch}, or {@code
   *     schedulerSteps} is below 1
   */
  public SteadyLoad atConcurrency(InferenceScenario s, int concurrency, int schedulerSteps,
      PrefillScheduling scheduling) {
    java.util.Objects.requireNonNull(scheduling, "scheduling");
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
    }
    if (schedulerSteps < 1) {
      throw new IllegalArgumentException("schedulerSteps must be at least 1, was " + schedulerSteps);
    }
    ServingConfig c = config(s);
    requireConcurrencyFits(c, s, concurrency);
    boolean separate = scheduling == PrefillScheduling.SEPARATE;
    double[] t = new double[2];
    // s22g: the largest rate at which C requests in flight satisfy λ · residence(C, λ) <= C (Little's law), by the
    // bracket and bisection of largestRate; the residence at C depends on the rate only under SEPARATE, so
    // under MIXED this is λ = C / residence(C) to the last bits
    double rate = largestRate(r -> r * residence(c, s, concurrency, schedulerSteps, separate, r, t) <= concurrency,
        concurrency / estimate(s.withBatch(concurrency)).endToEndSeconds());
    residence(c, s, concurrency, schedulerSteps, separate, rate, t);
    List<String> a = new ArrayList<>(estimate(s.withBatch(concurrency)).assumptions());
    a.set(0, String.format(Locale.ROOT, "closed loop of %d requests in flight (a new request as soon as one finishes:"
        + " bench_serving --max-concurrency %d), taken as the steady state of continuous batching with %d in flight"
        + " at the rate Little's law gives, C / (TTFT + (output − 1) × TPOT) = %.4g requests/s", concurrency,
        concurrency, concurrency, rate) + steadyIterationsText(schedulerSteps, separate)
        + "; the loop's synchronised start and its drain are not modelled");
    return new SteadyLoad(s.withBatch(concurrency), rate, concurrency, t[0], schedulerSteps * t[1] / 2, t[1],
        rate * s.outputTokens(), false, a);
  }

  /**
   * Returns the highest request rate one replica serves in a steady state ({@link #atRequestRate} not {@link
   * SteadyLoad#saturated()}): the largest rate at which some batch of at most {@link #steadyMaxBatch} requests
   * satisfies Little's law, {@code rate · residence(b, rate) ≤ b}, found by {@link #atConcurrency(InferenceScenario,
   * int, int, PrefillScheduling)}'s bracket and bisection on that predicate. Under {@link PrefillScheduling#MIXED} it
   * is the most requests a second any batch serves, {@code max over b of b / residence(b)}: {@link
   * #atRequestRate} at this rate settles at the batch that serves the most (the first such, s22h), which need not be
   * the largest batch that fits (Llama 3.1 8B on one H100 at 1,000 + 250: 368 of 371), and no {@link
   * #atConcurrency} rate exceeds it. Before s22h it was the largest rate the largest batch served, which a smaller
   * batch could exceed.
   *
   * @param s the scenario (its batch is ignored)
   * @param schedulerSteps iterations per scheduling window, at least 1
   * @param scheduling how prompts are scheduled relative to the decoding sequences
   * @return requests per second, positive and finite
   * @throws IllegalArgumentException if not one sequence fits the memory ({@link #steadyMaxBatch} 0) or {@code
   *     schedulerSteps} is below 1
   */
  public double maxRequestRate(InferenceScenario s, int schedulerSteps, PrefillScheduling scheduling) {
    java.util.Objects.requireNonNull(scheduling, "scheduling");
    if (schedulerSteps < 1) {
      throw new IllegalArgumentException("schedulerSteps must be at least 1, was " + schedulerSteps);
    }
    ServingConfig c = config(s);
    int max = requireConcurrencyFits(c, s, 1);
    boolean separate = scheduling == PrefillScheduling.SEPARATE;
    double[] t = new double[2];
    // s22h: served when some batch up to max is stable (steadyConcurrency), not when the largest batch is
    return largestRate(r -> steadyConcurrency(c, s, max, r, schedulerSteps, separate, t) != SATURATED,
        max / estimate(s.withBatch(max)).endToEndSeconds());
  }

  /**
   * Returns the largest batch that fits, refusing a concurrency above it.
   *
   * @throws IllegalArgumentException naming {@code concurrency} and the limit
   */
  private static int requireConcurrencyFits(ServingConfig c, InferenceScenario s, int concurrency) {
    int max = c.maxSteadyBatch(s.inputTokens(), s.outputTokens());
    if (max < 1) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "concurrency %d: not one sequence of %d + %d"
          + " tokens fits the memory of each GPU (steadyMaxBatch is 0)", concurrency, s.inputTokens(),
          s.outputTokens()));
    }
    if (concurrency > max) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "concurrency must be at most %d, the largest"
          + " batch of %d + %d tokens whose steady state fits each GPU's memory (steadyMaxBatch), was %d", max,
          s.inputTokens(), s.outputTokens(), concurrency));
    }
    return max;
  }

  /**
   * Returns the largest rate that satisfies {@code within} (a predicate that holds up to some rate and fails above
   * it), by bisection in log space (at most 180 evaluations), starting from {@code start} (a static batch's rate;
   * 1 when that is not positive and finite): double or halve it at most 60 times to bracket the edge, then 60
   * bisection steps (s21d's search in {@code MultiSourceInferenceValidationTest}).
   */
  private static double largestRate(java.util.function.DoublePredicate within, double start) {
    double hi = start > 0 && Double.isFinite(start) ? start : 1;
    for (int i = 0; i < 60 && within.test(hi); i++) {
      hi *= 2;
    }
    double lo = hi / 2;
    for (int i = 0; i < 60 && !within.test(lo); i++) {
      lo /= 2;
    }
    for (int i = 0; i < 60; i++) {
      double mid = Math.sqrt(lo * hi);
      if (within.test(mid)) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The steady iterations and TTFT of {@link #atRequestRate}'s first assumption, from "; each iteration" on. */
  private static String steadyIterationsText(int schedulerSteps, boolean separate) {
    return "; each iteration decodes them and a share b / output of"
        + " the iterations prefills a whole prompt that replaces a finished one (the mean over the iterations);"
        + " TTFT = " + (schedulerSteps == 1 ? "half an iteration"
        : "half a window of " + schedulerSteps + " iterations (multi-step scheduling)")
        + " + the iteration carrying the prompt + the per-request overhead" + (separate
            ? "; prompts prefilled in iterations of their own, decoding paused (a prefill iteration follows a"
                + " decode iteration in which a request arrived)" : "");
  }

  /** {@link #steadyConcurrency}'s answer for a rate that the largest batch that fits cannot serve. */
  private static final int SATURATED = -1;

  /**
   * Returns the concurrency a request rate settles at: the smallest {@code b} in {@code [1, max]} with {@code rate ·
   * residence(b) ≤ b} (Little's law), or {@link #SATURATED} when no batch up to {@code max} serves the rate; {@code
   * t} is scratch.
   *
   * <p>s22h: the batch grows from empty as the queue does. With {@code b} requests in flight a request stays {@code
   * residence(b)}, during which {@code rate · residence(b)} arrive, so the search steps {@code b ← ⌈rate ·
   * residence(b)⌉} from {@code b = 1} until {@code rate · residence(b) ≤ b} (then {@code b} is stable), or until
   * {@code max} is reached and not stable (saturated; a step beyond {@code max} is cut to {@code max}, so saturation
   * is declared only after {@code max} itself was tried). Every batch a step passes over is unstable when the
   * residence does not fall as the batch grows: for {@code b_k ≤ b < ⌈rate · residence(b_k)⌉}, {@code rate ·
   * residence(b) ≥ rate · residence(b_k) > b}. So the batch it stops at is the smallest stable one, and a rate is
   * called saturated only when no batch up to {@code max} serves it. The residence grows with the batch in every
   * scenario s22h swept under {@code MIXED} (every batch up to {@code steadyMaxBatch}, 9 deployments); under {@code
   * SEPARATE} the decode-only pass dips by at most 0.16% at a few batches (Mixtral 8x7B FP8 tp 2 at 128 + 128, Llama
   * 3.2 1B), where a stable batch just below a step's target could be passed over (the batch returned is still
   * stable); no such case was found in s22h's brute-force comparison. The binary search this replaces (before s22h)
   * needed {@code b / residence(b)}, the requests a second the batch serves, to grow with {@code b}; it does not (the
   * prefill share, whole prompts in a share of the iterations, tile and CUDA-graph steps, MoE experts read), so it
   * settled above the smallest stable batch (Mixtral 8x7B FP8 tp 2 at 128 + 128, 90% of its highest rate: 2,094 in
   * flight for 1,907) and called a rate saturated because the largest batch did not serve it although a smaller one
   * did (Llama 3.1 8B on one H100 at 1,000 + 250, 99.9% of its highest rate: saturated for 367 in flight). The steps
   * grow the batch at least by one each, so at most {@code max} evaluations; s22h's sweep took 1 to 94 (the binary
   * search about {@code log2(max) + 1}), most near the edge of saturation, where {@code rate · residence(b) − b} is
   * small.
   */
  private static int steadyConcurrency(ServingConfig c, InferenceScenario s, int max, double rate, int steps,
      boolean separate, double[] t) {
    int b = 1;
    while (true) {
      double arrivals = rate * residence(c, s, b, steps, separate, rate, t);
      if (arrivals <= b) {
        return b;
      }
      if (b >= max) {
        return SATURATED;
      }
      b = arrivals >= max ? max : Math.max(b + 1, (int) Math.ceil(arrivals));
    }
  }

  /**
   * Returns a request's time in the system with {@code batch} requests in flight at {@code rate}: the residence that
   * {@link #atRequestRate}'s batch search compares with Little's law, for tests that check that search by brute force
   * (s22h).
   */
  double residenceSeconds(InferenceScenario s, int batch, double rate, int schedulerSteps,
      PrefillScheduling scheduling) {
    return residence(config(s), s, batch, schedulerSteps, scheduling == PrefillScheduling.SEPARATE, rate,
        new double[2]);
  }

  /**
   * Returns a request's time in the system at concurrency {@code b} when the engine schedules every
   * {@code steps} iterations; {@code t} gets TTFT and the iteration.
   */
  private static double residence(ServingConfig c, InferenceScenario s, int b, int steps, boolean separate,
      double rate, double[] t) {
    if (separate) {
      return separateResidence(c, s, b, steps, rate, t);
    }
    // s14o: with pp stages the b sequences are split into min(pp, b) micro-batches of disjoint sequences, each
    // stage working on another one ("mNumMicroBatches = pipelineParallelism"; a request in flight in one micro-batch
    // is skipped by the others, mInflightReqIds: cpp/tensorrt_llm/batch_manager/trtGptModelInflightBatching.cpp,
    // NVIDIA/TensorRT-LLM at commit 00825c4ee813bdc5eb2e5cf218b644b8c18ce2ec), as decodeIteration and the
    // pipelined offline run (s13s) already split them: a sequence's next token comes pp stage passes of its
    // micro-batch later (b / mb sequences, the b / (mb · output) prompts that replace finished ones; the iteration
    // that admits a request carries its prompt in one micro-batch). Before, the whole batch made every stage pass.
    // s21g: prompts prefilled whole in the iterations that admit them, the mean over those iterations
    // (ServingConfig#steadyIterationWholePrompts), not one iteration carrying a share of every prompt.
    // s21h: the iteration that carries the request's prompt is launched eagerly by an engine whose host loop has an
    // eager-pass cost (ServingOverheads.hostSecondsPerEagerMoeLayer: TensorRT-LLM's PyTorch backend replays CUDA
    // graphs only for iterations without a context request), as the serving simulator and the offline loops charge
    // it (HostCost, s13v); before, the steady state charged only the per-sequence host time here.
    // s22d: these iterations are SteadyIterations', which CapacityPlanner takes too (same figures to the last bit).
    SteadyIterations it = SteadyIterations.at(c, s, b);
    int out = s.outputTokens();
    double tau = it.iterationSeconds();
    double ttft = it.ttftSeconds(steps, s.overheads().perRequestSeconds());
    t[0] = ttft;
    t[1] = tau;
    return ttft + (out - 1) * tau;
  }

  /**
   * {@link #residence} under {@link PrefillScheduling#SEPARATE}: decode iterations without prompts, each
   * followed with probability {@code q} by a prefill-only iteration of the {@code m} prompts that arrived
   * (see {@link #atRequestRate(InferenceScenario, double, int, PrefillScheduling)}).
   */
  private static double separateResidence(ServingConfig c, InferenceScenario s, int b, int steps, double rate,
      double[] t) {
    int in = s.inputTokens();
    int out = s.outputTokens();
    double decode = Math.max(s.pp() * c.decodeOnlyIteration(b, in, out), hostStep(s, b));
    double cycle = decode;
    double prompts = 1;
    double prefill = 0;
    for (int i = 0; i < 50; i++) {
      double arrivals = rate * cycle;
      double q = -Math.expm1(-arrivals);
      prompts = Math.max(1, arrivals / q);
      // s21h: a prefill-only iteration is launched eagerly (HostCost's eager pass, as in residence)
      prefill = Math.max(s.pp() * c.prefillIteration(prompts, in), HostCost.of(s).seconds((long) Math.ceil(prompts),
          true));
      double next = decode + q * prefill;
      if (Math.abs(next - cycle) <= 1e-12 * next) {
        cycle = next;
        break;
      }
      cycle = next;
    }
    double ttft = steps * cycle / 2 + prefill + s.overheads().perRequestSeconds();
    t[0] = ttft;
    t[1] = cycle;
    return ttft + (out - 1) * cycle;
  }

  /**
   * Returns the throughput-versus-batch curve: batches 1, 2, 4 … up to the largest that fits, and
   * that largest batch; empty when none fits.
   *
   * @param s the scenario (its batch is ignored)
   * @return the points, batch ascending
   */
  public List<BatchPoint> throughputCurve(InferenceScenario s) {
    ServingConfig c = config(s);
    int max = c.maxBatch(s.inputTokens(), s.outputTokens());
    List<BatchPoint> points = new ArrayList<>();
    for (int b = 1; b > 0 && b <= max; b *= 2) {
      points.add(BatchPoint.of(estimate(s.withBatch(b))));
      if (b > Integer.MAX_VALUE / 2) {
        break;
      }
    }
    if (max > 0 && Integer.bitCount(max) != 1) {
      points.add(BatchPoint.of(estimate(s.withBatch(max))));
    }
    return points;
  }

  /**
   * Returns the smallest batch at which a decode step at the scenario's mean context is
   * compute-bound: its FLOPs take at least as long at the achieved rates as its bytes at the
   * achieved bandwidth. Below it, adding sequences to the batch costs almost nothing per step
   * (weights are read once for the whole batch), which is why batch 32 beats batch 1. Empty when
   * no batch up to 2²⁴ gets there (long contexts: KV reads grow with the batch as fast as FLOPs).
   * The batch need not fit in memory; compare with {@link #maxBatchSize}.
   *
   * @param s the scenario (its batch is ignored)
   * @return the batch, or empty
   */
  public OptionalInt computeBoundBatch(InferenceScenario s) {
    return computeBoundBatch(s, false);
  }

  /**
   * Returns the smallest batch at which the decode step's GEMMs alone (projections, MLP, experts,
   * output head) become compute-bound, ignoring attention and its KV reads: the classic "ridge
   * point" batch of weight streaming.
   *
   * @param s the scenario (its batch is ignored)
   * @return the batch, or empty
   */
  public OptionalInt gemmComputeBoundBatch(InferenceScenario s) {
    return computeBoundBatch(s, true);
  }

  private OptionalInt computeBoundBatch(InferenceScenario s, boolean gemmsOnly) {
    ServingConfig c = config(s);
    double context = s.inputTokens() + s.outputTokens() / 2.0;
    int limit = 1 << 24;
    if (!computeBound(c, limit, context, gemmsOnly)) {
      return OptionalInt.empty();
    }
    int lo = 0;
    int hi = limit;
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (computeBound(c, mid, context, gemmsOnly)) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return OptionalInt.of(hi);
  }

  private static boolean computeBound(ServingConfig c, int batch, double context, boolean gemmsOnly) {
    double[] a = new double[Roofline.GROUPS * Roofline.SLOTS];
    c.decodeIteration(batch, context, a);
    double compute = 0;
    double memory = 0;
    for (int g = 0; g < Roofline.GROUPS; g++) {
      boolean gemm =
          g == Roofline.G_QKV || g == Roofline.G_OUT || g == Roofline.G_MLP
              || g == Roofline.G_EXPERTS || g == Roofline.G_HEAD;
      if (gemmsOnly && !gemm) {
        continue;
      }
      compute += a[g * Roofline.SLOTS + Roofline.S_COMPUTE];
      memory += a[g * Roofline.SLOTS + Roofline.S_MEMORY];
    }
    return compute >= memory;
  }
}
