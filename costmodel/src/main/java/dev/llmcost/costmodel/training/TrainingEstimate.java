package dev.llmcost.costmodel.training;

import dev.llmcost.core.CarbonIntensity;
import dev.llmcost.core.DataSize;
import dev.llmcost.core.Energy;
import dev.llmcost.core.FlopCount;
import dev.llmcost.core.FlopRate;
import dev.llmcost.core.Money;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.internal.Require;
import dev.llmcost.core.internal.Seconds;
import dev.llmcost.core.model.BlockLayout;
import dev.llmcost.core.model.LatentAttention;
import dev.llmcost.costmodel.efficiency.EfficiencyProfile;
import dev.llmcost.costmodel.efficiency.EfficiencyProfiles;
import dev.llmcost.costmodel.internal.efficiency.Fp8Attention;
import dev.llmcost.costmodel.internal.efficiency.Fp8Gemm;
import dev.llmcost.costmodel.internal.efficiency.Microbenchmarks;
import dev.llmcost.costmodel.internal.efficiency.RocmSdpaAttention;
import dev.llmcost.costmodel.internal.training.EvalConfig;
import dev.llmcost.costmodel.internal.training.Evaluation;
import dev.llmcost.costmodel.internal.training.Evaluator;
import dev.llmcost.costmodel.internal.training.HardwareConstants;
import dev.llmcost.costmodel.internal.training.HostLinks;
import dev.llmcost.costmodel.internal.training.JobMapping;
import dev.llmcost.costmodel.internal.training.ModelConstants;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a training job costs: FLOPs, memory per GPU, step time and its breakdown, throughput,
 * utilisation, wall clock, GPU-hours, dollars and energy, with the assumptions behind them.
 *
 * <p>Immutable; computed by {@link TrainingCostModel#estimate(TrainingJob)}, a pure function of the job (the efficiency
 * profile is part of the job's cluster). The same allocation-free evaluator serves the planner, so
 * an estimate and a planner's figure for the same configuration are the same number.
 */
public final class TrainingEstimate {
  private final TrainingJob job;
  private final FlopCount modelFlopsPerToken;
  private final FlopCount hardwareFlopsPerToken;
  private final FlopCount totalFlops;
  private final TrainingMemory memory;
  private final TimeBreakdown time;
  private final double tokensPerSecondPerGpu;
  private final FlopRate achievedFlopsPerGpu;
  private final FlopRate hardwareFlopsPerGpu;
  private final double mfu;
  private final double hfu;
  private final double wallClockSeconds;
  private final double gpuHours;
  private final Money cost;
  private final double energyKwh;
  private final List<String> assumptions;

  /**
   * Validates the figures and copies the assumptions.
   *
   * @throws IllegalArgumentException if a figure is negative or not finite
   */
  TrainingEstimate(
      TrainingJob job,
      FlopCount modelFlopsPerToken,
      FlopCount hardwareFlopsPerToken,
      FlopCount totalFlops,
      TrainingMemory memory,
      TimeBreakdown time,
      double tokensPerSecondPerGpu,
      FlopRate achievedFlopsPerGpu,
      FlopRate hardwareFlopsPerGpu,
      double mfu,
      double hfu,
      double wallClockSeconds,
      double gpuHours,
      Money cost,
      double energyKwh,
      List<String> assumptions) {
    Require.positive("tokensPerSecondPerGpu", tokensPerSecondPerGpu);
    Require.nonNegative("mfu", mfu);
    Require.nonNegative("hfu", hfu);
    Require.nonNegative("wallClockSeconds", wallClockSeconds);
    Require.nonNegative("gpuHours", gpuHours);
    Require.nonNegative("energyKwh", energyKwh);
    assumptions = assumptions instanceof LazyAssumptions ? assumptions : List.copyOf(assumptions);
    this.job = job;
    this.modelFlopsPerToken = modelFlopsPerToken;
    this.hardwareFlopsPerToken = hardwareFlopsPerToken;
    this.totalFlops = totalFlops;
    this.memory = memory;
    this.time = time;
    this.tokensPerSecondPerGpu = tokensPerSecondPerGpu;
    this.achievedFlopsPerGpu = achievedFlopsPerGpu;
    this.hardwareFlopsPerGpu = hardwareFlopsPerGpu;
    this.mfu = mfu;
    this.hfu = hfu;
    this.wallClockSeconds = wallClockSeconds;
    this.gpuHours = gpuHours;
    this.cost = cost;
    this.energyKwh = energyKwh;
    this.assumptions = assumptions;
  }

  static TrainingEstimate compute(TrainingJob job) {
    ModelConstants m = ModelConstants.of(job.model());
    EvalConfig c = JobMapping.config(job, new EvalConfig());
    HardwareConstants hw = JobMapping.hardware(job.cluster(), job.precision(), job.framework(), new HardwareConstants());
    Evaluation e = new Evaluation();
    Evaluator.evaluate(m, hw, c, e);
    return from(job, m, c, e);
  }

  private static TrainingEstimate from(TrainingJob job, ModelConstants m, EvalConfig c, Evaluation e) {
    DataSize weights = DataSize.ofBytesCeil(e.weightsBytes);
    DataSize gradients = DataSize.ofBytesCeil(e.gradientsBytes);
    DataSize master = DataSize.ofBytesCeil(e.masterBytes);
    DataSize optimizer = DataSize.ofBytesCeil(e.optimizerBytes);
    DataSize activations = DataSize.ofBytesCeil(e.activationsBytes);
    DataSize buffers = DataSize.ofBytesCeil(e.buffersBytes);
    DataSize reserve = DataSize.ofBytes((long) e.reserveBytes);
    DataSize capacity = job.cluster().accelerator().memory();
    TrainingMemory memory =
        new TrainingMemory(weights, gradients, master, optimizer, activations, buffers, reserve, capacity);
    double step =
        e.computeSeconds + e.memoryBoundSeconds + e.tensorParallelSeconds + e.contextParallelSeconds
            + e.expertParallelSeconds + e.pipelineP2pSeconds + e.fsdpSeconds + e.bubbleSeconds
            + e.dataParallelSeconds + e.optimizerSeconds;
    TimeBreakdown time =
        new TimeBreakdown(
            e.computeSeconds,
            e.memoryBoundSeconds,
            e.tensorParallelSeconds,
            e.contextParallelSeconds,
            e.expertParallelSeconds,
            e.pipelineP2pSeconds,
            e.fsdpSeconds,
            e.bubbleSeconds,
            e.dataParallelSeconds,
            e.optimizerSeconds,
            step);
    double tokens = job.trainingTokens().value();
    int gpus = job.gpus();
    double tokensPerSecond = e.tokensPerSecondPerGpu * gpus;
    double wall = tokens / tokensPerSecond;
    double gpuHours = gpus * wall / 3600;
    Money cost = job.pricePerGpuHour().times(gpuHoursDecimal(gpuHours));
    double energy = gpus * job.cluster().accelerator().tdpWatts() * wall / 3600 / 1000 * job.pue();
    return new TrainingEstimate(
        job,
        FlopCount.of(e.modelFlopsPerToken),
        FlopCount.of(e.hardwareFlopsPerToken),
        FlopCount.of(e.modelFlopsPerToken * tokens),
        memory,
        time,
        e.tokensPerSecondPerGpu,
        FlopRate.of(e.achievedFlopsPerGpu),
        FlopRate.of(e.hardwareFlopsPerGpu),
        e.mfu,
        e.hfu,
        wall,
        gpuHours,
        cost,
        energy,
        lazyAssumptions(job, m, c, e));
  }

  private static String schedule(Parallelism par, int micros) {
    int p = par.pp();
    return switch (par.schedule()) {
      case ONE_F_ONE_B -> "1F1B schedule, bubble (p−1)/m = " + pct((p - 1.0) / micros) + " of the micro-batch time";
      case INTERLEAVED -> "interleaved 1F1B with " + par.virtualStages() + " chunks per GPU, bubble (p−1)/(m·v) = "
          + pct((p - 1.0) / (micros * par.virtualStages())) + " of the micro-batch time";
      case ZERO_BUBBLE -> "zero-bubble ZB-H1 schedule (Qi et al. 2024): bubble (p−1)(F+B−2W), the weight-gradient"
          + " GEMMs W costed as one forward pass of the GEMMs";
      case DUALPIPE -> "DualPipe schedule (DeepSeek-V3 §3.2.1): bubble (p/2−1)(F&B+B−3W) with F&B = F+B, two copies"
          + " of each stage's parameters: rank r holds stages r and p−1−r and runs half the micro-batches through each,"
          + " so the end ranks run the output head (and the MTP modules) for half of theirs (§3.2.3); the all-to-alls of the " + pct(Evaluator.dualPipePairedFraction(micros, p))
          + " of forward chunks that run paired with a backward chunk (m − 1.5p + 1 of m on the end ranks, deepseek-ai/DualPipe)"
          + " hidden behind their computation, which loses the " + Evaluator.DUALPIPE_COMMUNICATION_SMS
          + " SMs the communication kernels take (§3.2.2); pipeline sends overlapped";
    };
  }

  private static List<String> lazyAssumptions(TrainingJob job, ModelConstants m, EvalConfig c, Evaluation e) {
    int layers = m.layers;
    double optimizerBytes = c.optimizerBytes;
    int shardGroup = c.zeroShardGroup;
    boolean hsdpPerUnit = Evaluator.hsdpReplicasReducePerUnit(c, JobMapping.ringCollectives(job.cluster().accelerator()));
    boolean fsdp1ShardGradOp = Evaluator.fsdp1ShardGradOp(c);
    double reserve = c.reserveFraction;
    double tokensPerSecondPerGpu = e.tokensPerSecondPerGpu;
    double offloaded = e.offloadedBytes;
    double offloadCopy = e.offloadCopySeconds;
    double offloadExposed = e.offloadExposedSeconds;
    return new LazyAssumptions(() -> {
      List<String> a = assumptions(job, layers, optimizerBytes, shardGroup, hsdpPerUnit, fsdp1ShardGradOp, reserve,
          tokensPerSecondPerGpu);
      if (job.activationOffloadLayers() > 0) {
        a.add(a.size() - 2, offloadAssumption(job, layers, offloaded, offloadCopy, offloadExposed));
      }
      return a;
    });
  }

  /** The assumption line of activation offloading: link, copies, exposed part and memory freed. */
  private static String offloadAssumption(
      TrainingJob job, int layers, double offloaded, double copySeconds, double exposedSeconds) {
    int n = job.activationOffloadLayers();
    return String.format(Locale.ROOT,
        "activations of %d of %d layers offloaded to host memory (Megatron-Core cpu_offloading, activations only,"
            + " Transformer Engine's cpu_offload.py) over %s: each copied out during the forward pass and back"
            + " during the backward pass on a stream of its own, one copy in flight, hidden behind the layers of"
            + " its window (layer_window_map); copies %.1f ms per step, %.1f ms exposed; %.2f GiB of activations"
            + " freed on the GPU (L − N + 1 layers resident at the peak); copies' HBM traffic not costed",
        n, layers, HostLinks.name(job.cluster().accelerator()), 1e3 * copySeconds, 1e3 * exposedSeconds,
        offloaded / (1L << 30));
  }

  /**
   * Returns GPU-hours as the decimal that prices them: rounded to the micro-hour (3.6 ms of one
   * GPU), exact below 9.2e12 hours.
   */
  static BigDecimal gpuHoursDecimal(double gpuHours) {
    double micro = Math.rint(gpuHours * 1e6);
    return micro < 9.2e18 ? BigDecimal.valueOf((long) micro, 6) : new BigDecimal(gpuHours, MathContext.DECIMAL64);
  }

  /**
   * Returns the step time in seconds, raw (the same figure as {@link #stepTime()} at full double
   * precision, {@code time().step()}).
   */
  public double stepSeconds() {
    return time.step();
  }

  /** Returns the time of one optimizer step, to the nanosecond. */
  public Duration stepTime() {
    return Seconds.toDuration(time.step());
  }

  /** Returns the model FLOPs of one optimizer step. */
  public FlopCount modelFlopsPerStep() {
    return modelFlopsPerToken.times(job.tokensPerStep());
  }

  /** Returns the time to train on the job's tokens, to the nanosecond. */
  public Duration wallClock() {
    return Seconds.toDuration(wallClockSeconds);
  }

  /** Returns the optimizer steps needed for the training tokens (fractional). */
  public double steps() {
    return job.trainingTokens().value() / (double) job.tokensPerStep();
  }

  /** Returns the energy per million training tokens ({@link #energy()} over the tokens). */
  public Energy energyPerMillionTokens() {
    return Energy.ofKilowattHours(energyKwh / job.trainingTokens().value() * 1e6);
  }

  /**
   * Returns the CO₂e of the run on a grid of this intensity, in kg: {@link #energy()} × the
   * intensity.
   *
   * @param intensity the grid's carbon intensity
   * @return kg CO₂e
   */
  public double co2eKg(CarbonIntensity intensity) {
    return intensity.kilogramsFor(energyKwh);
  }

  /**
   * Returns the CO₂e per million training tokens on a grid of this intensity, in kg.
   *
   * @param intensity the grid's carbon intensity
   * @return kg CO₂e per million tokens
   */
  public double co2eKgPerMillionTokens(CarbonIntensity intensity) {
    return intensity.kilogramsFor(energyPerMillionTokens());
  }

  /** Returns the share of the step lost to the pipeline bubble. */
  public double bubbleFraction() {
    return time.bubble() / time.step();
  }

  private static String pct(double v) {
    long tenths = Math.round(1000 * v);
    return (tenths < 0 ? "-" : "") + Math.abs(tenths) / 10 + "." + Math.abs(tenths) % 10 + "%";
  }

  /** The layers an FP8 or FP4 recipe keeps in bf16, and how they are costed. */
  private static String bf16LayersText(TrainingJob job) {
    return job.precision().bf16Layers() + " of " + job.model().layers() + " transformer layers kept in bf16 (Megatron's"
        + " first_last_layers_bf16): their linear GEMMs at the 16-bit rates, without quantizations, their inputs saved in"
        + " 16 bits; costed as that share of every layer, not placed on the first and last pipeline stages";
  }

  /**
   * The assumption line of the NVFP4 recipe: which GEMMs run in FP4 and at what rate, what stays in 16 bits, and what
   * the quantizations cost (sources in {@link Fp8Gemm#fp4SpeedupOverFp8} and {@link Fp8Gemm#bytesPerElement}).
   */
  private static String nvfp4Assumption(TrainingJob job, Fp8Gemm fp8, AcceleratorSpec acc) {
    int s = EvalConfig.FP8_NVFP4;
    return String.format(Locale.ROOT,
        "NVFP4 (Transformer Engine NVFP4BlockScaling, arXiv:2509.25149): the Fprop, Dgrad and Wgrad GEMMs of every"
            + " transformer layer's linear layers in FP4 (E2M1, an E4M3 scale per 16 elements and an FP32 scale per"
            + " tensor; weights in 16x16 blocks; random Hadamard transform on the Wgrad inputs, stochastic rounding of"
            + " gradients) at %.3f x the per-tensor FP8 kernel's rate (%s), i.e. %s of the dense FP4 peak where FP8 GEMMs"
            + " reach %s of theirs;"
            + " %s; attention core, output head and router in bf16 at"
            + " the 16-bit rates; every FP4 layer's input and output gradient quantized at %.2f bytes per element (%s),"
            + " weights at %.2f, at %s of the HBM bandwidth (NVFP4's own, Transformer Engine's B300 layer benchmark,"
            + " fp8-gemm.csv); weights quantized %s",
        fp8.fp4SpeedupOverFp8(acc), fp8.fp4SpeedupSource(acc),
        pct(job.cluster().profile().fp8MatmulPeakFraction() * fp8.relativeToPerTensor(acc, s)),
        pct(job.cluster().profile().fp8MatmulPeakFraction()),
        job.precision().bf16Layers() == 0
            ? "no transformer block kept in bf16 (Megatron-Bridge's bf16_with_nvfp4_mixed; the paper's 12B run kept a few"
                + " blocks, about 16% of its linear layers, in bf16: set them with bf16Layers, --bf16-layers)"
            : bf16LayersText(job),
        Fp8Gemm.bytesPerElement(s, false, true), Fp8Gemm.bytesPerElementTerms(s, false, true),
        Fp8Gemm.weightBytesPerElement(s, false),
        pct(fp8.quantizeEfficiency(acc, s)),
        job.framework().pytorchNative() ? "at every forward" : "once per step (Transformer Engine's cache)");
  }

  private static List<String> assumptions(
      TrainingJob job, int layers, double optimizerBytes, int shardGroup, boolean hsdpPerUnit, boolean fsdp1ShardGradOp,
      double reserve, double tokensPerSecondPerGpu) {
    List<String> a = new ArrayList<>();
    EfficiencyProfile p = job.cluster().profile();
    Parallelism par = job.parallelism();
    // FSDP's per-unit collectives are NCCL rings on GPUs (JobMapping.hardware), not on TPUs
    boolean ringCollectives = JobMapping.ringCollectives(job.cluster().accelerator());
    a.add(String.format(Locale.ROOT,
        "efficiency profile %s: large GEMMs reach %s of the dense %s peak, half of that at a smallest GEMM"
            + " dimension of %.0f; fused attention %s of the 16-bit peak at long sequences (half of that at"
            + " %.0f keys); memory-bound kernels %s of the"
            + " datasheet bandwidth; collectives %s of NVLink and %s of the network bandwidth, %.1f µs per"
            + " ring step within a node and %.1f µs across nodes; overlapped collectives hide %s of the time"
            + " they share with compute (%s)",
        p.acceleratorId(),
        pct(job.precision().mathType().bits() < 16
            ? p.fp8MatmulPeakFraction() * (job.precision().fp8Scaling() == Fp8Scaling.NVFP4
                ? Fp8Gemm.bundled().relativeToPerTensor(job.cluster().accelerator(), EvalConfig.FP8_NVFP4) : 1)
            : p.matmulPeakFraction()),
        job.precision().mathType(), p.matmulHalfSaturationDim(),
        pct(p.attentionKernelFraction()), p.attentionHalfSaturationSeq(), pct(p.memoryBandwidthFraction()), pct(p.scaleUpBandwidthFraction()),
        pct(p.scaleOutBandwidthFraction()), job.cluster().intraNodeLatencySeconds() * 1e6,
        job.cluster().interNodeLatencySeconds() * 1e6, pct(p.overlapEfficiency()),
        p.source()));
    boolean fp8Math = job.precision().mathType().bits() < 16;
    double layerShape = Fp8Gemm.bundled().layerShapeFactor(job.cluster().accelerator(), fp8Math);
    if (layerShape != 1) {
      a.add(String.format(Locale.ROOT,
          "GEMMs at transformer-layer shapes at %.3f × the best-shape curve (%s): Transformer Engine's layer"
              + " benchmark of its silicon family against the same part's best-shape rate (fp8-gemm.csv, gemm.csv)",
          layerShape, fp8Math ? "FP8" : "16-bit"));
    }
    if (job.model().isEncoder()) {
      a.add("encoder " + job.model().id() + ": masked-language-model pre-training as BERT (Devlin et al. 2019):"
          + " bidirectional attention (its FLOPs never halved), the MLM decoder tied to the token embeddings"
          + " computing logits at every position as HuggingFace BertForMaskedLM does; the MLM transform layer"
          + " (hidden² + 3·hidden) and the next-sentence head are not counted");
    }
    a.add("model FLOPs: " + switch (job.accounting()) {
      case MATMUL_WEIGHTS -> "6 × weight-matrix parameters + 12·l·h·s per token (Narayanan et al. 2021 eq. 2)";
      case ALL_PARAMETERS -> "6 × all parameters + 12·l·h·s per token (PaLM App. B, llm-foundry)";
      case SIX_N -> "6 × parameters per token (Kaplan et al. 2020)";
    } + (job.model().attention() instanceof LatentAttention
            ? " (latent attention: 6·l·s·(query width + value width), its keys and values expanded per head)"
            : "")
        + (job.causalAttentionFlops() ? ", attention term halved for the causal mask" : ", attention term not halved")
        + "; hardware FLOPs add the recomputed forward pass");
    int mtp = job.model().multiTokenPredictionLayers();
    if (mtp > 0) {
      a.add(job.multiTokenPrediction()
          ? mtp + " multi-token-prediction module(s) trained with the model, as DeepSeek-V3 was (arXiv:2412.19437"
              + " §2.2): each one transformer block, a 2h×h projection and the shared output head per token,"
              + " counted in the FLOPs and on the last pipeline stage's time; their parameters are not in the"
              + " memory figures (turn off with multiTokenPrediction(false), --no-mtp)"
              + (par.pp() > 1 && par.schedule() != PipelineSchedule.DUALPIPE
                  ? "; the first and last pipeline stages all-reduce the embedding's gradients the module shares,"
                      + " after the last micro-batch's backward (Megatron-Core's finalize_model_grads)"
                  : "")
          : mtp + " multi-token-prediction module(s) in the checkpoint not trained (multiTokenPrediction false)");
    }
    a.add("precision " + job.precision().id() + ": " + job.precision().weightBytes() + "-byte weights, "
        + job.precision().gradientBytes() + "-byte gradients, " + job.precision().masterWeightBytes()
        + "-byte master weights" + (job.precision().gradientCopyBytes() > 0
            ? ", " + job.precision().gradientCopyBytes() + "-byte gradient partition" : "")
        + ", " + job.optimizer().id() + " with " + String.format(Locale.ROOT, "%.3g", optimizerBytes)
        + " bytes of state per parameter; ZeRO stage " + job.zero().stage()
        + (shardGroup > 0 ? " within groups of " + shardGroup + " ranks (HSDP)" : ""));
    int micros = job.microBatchesPerStep();
    a.add(String.format(Locale.ROOT,
        "parallelism %s on %,d GPUs (scale-up domains of %d); %,d micro-batch%s of %,d per step; %s",
        par, job.gpus(), job.cluster().gpusPerNode(), micros, micros == 1 ? "" : "es", job.microBatchSize(),
        par.pp() == 1 ? "no pipeline" : schedule(par, micros)));
    if (par.pp() > 1 && job.pipelineLayout().isPresent()) {
      PipelineLayout layout = job.pipelineLayout().get();
      int least = Integer.MAX_VALUE;
      int most = 0;
      for (int r = 0; r < par.pp(); r++) {
        least = Math.min(least, layout.stageLayers(r));
        most = Math.max(most, layout.stageLayers(r));
      }
      // s21f: Megatron-Core's pipeline_model_parallel_layout (TrainingJob.Builder#pipelineLayout)
      a.add("layers placed by the pipeline layout " + layout + " (Megatron-Core's pipeline_model_parallel_layout, "
          + layout.virtualStages() + " chunk" + (layout.virtualStages() == 1 ? "" : "s") + " a rank): the first rank"
          + " holds " + layout.stageLayers(0) + " with the embedding, the last " + layout.stageLayers(par.pp() - 1)
          + " with the output head and the loss" + (layout.mtpLayers() > 0 ? " and the multi-token-prediction layers" : "")
          + ", the ranks " + least + " to " + most + "; each rank's memory from its own chunks, time that of the slowest"
          + " rank");
    } else if (par.pp() > 1 && job.lastPipelineStageLayers() > 0) {
      int last = job.lastPipelineStageLayers();
      a.add("layers placed as given: the last stage takes " + last + " and each of the other " + (par.pp() - 1)
          + " stages " + (layers - last) / (par.pp() - 1) + " (Megatron-Core's num_layers_in_last_pipeline_stage, or a"
          + " pipeline_model_parallel_layout of that shape); time is that of the slowest stage, memory that of the"
          + " stage that needs the most");
    } else if (layers % par.pp() != 0) {
      int first = Evaluator.firstStageLayers(layers, par.pp());
      int last = Evaluator.lastStageLayers(layers, par.pp());
      int most = Evaluator.largestStageLayers(layers, par.pp());
      a.add("layers " + layers + " do not divide into " + par.pp() + " stages: the first stage takes " + first
          + ", the last " + last + " and the largest " + most + " (the stages with the embedding and the output head"
          + " hold one fewer, as Llama 3 placed 126 layers on 16 stages, Dubey et al. 2024 §3.3.2); time is that of"
          + " the slowest stage, memory that of the stage that needs the most");
    }
    if (par.pp() > 1) {
      a.add("the last pipeline stage also runs the output head and the loss; the step time is that of the slowest stage");
      if (par.schedule() != PipelineSchedule.DUALPIPE) {
        a.add(par.virtualStages() > 1 && job.pipelineOverlap()
            ? "pipeline sends and receives posted before each chunk's compute and waited after it (Megatron-LM's"
                + " --overlap-p2p-communication, its default with virtual stages): only what outlasts a chunk's forward"
                + " is exposed"
            : "pipeline sends and receives not overlapped with compute");
      }
    }
    a.add(switch (job.recompute()) {
      case NONE -> "no activation recomputation";
      case SELECTIVE -> "selective recomputation of the attention core (Korthikanti et al. 2022 §5)";
      case FULL -> "full recomputation: each layer stores its input and reruns its forward pass in the backward"
          + " pass; one layer's activations are counted as working set";
      case OP_SELECTIVE -> "per-operator selective recomputation (torchtitan selective_ac_option \"op\"): every second"
          + " matmul of a layer's forward (key and output projections, one MLP matrix) is recomputed; activation"
          + " memory counted as selective recomputation's (an upper bound)";
    });
    a.add(job.framework() == TrainingFramework.MEGATRON
        ? "kernel rates: the microbenchmark GEMM and attention rates as calibrated (framework megatron, the default)"
        : job.framework() == TrainingFramework.MEGATRON_DEEPSPEED
        ? "kernel rates: the microbenchmark GEMM and attention rates as calibrated (framework megatron-deepspeed)"
            + (job.precision().mathType() == dev.llmcost.core.DType.BF16 && job.precision().masterWeightBytes() > 0
                ? "; DeepSpeed's BF16_Optimizer adds every micro-batch's bf16 gradients into fp32 ones in a pass of"
                    + " its own, " + (int) Evaluator.BF16_OPTIMIZER_ACCUMULATION_BYTES + " bytes per parameter of the"
                    + " stage and micro-batch"
                : "")
        : String.format(Locale.ROOT, "kernel rates: PyTorch-native (torchtitan) at %.2f of the microbenchmark GEMM and"
            + " attention rates, fitted to torchtitan's published runs (no microbenchmark explains the gap)%s",
            EfficiencyProfiles.FITTED_PYTORCH_NATIVE_COMPUTE,
            (job.framework() == TrainingFramework.PYTORCH_EAGER
                ? "; eager mode: RMSNorm, rotary and SiLU-product as separate kernels (their memory traffic counted"
                    + " from torchtitan's Llama code)"
                : "") + rocmSdpaText(job.cluster().accelerator())));
    a.add(job.crossEntropyFusion()
        ? "loss: one fused cross-entropy kernel, " + (int) Evaluator.FUSED_LOSS_BYTES_PER_LOGIT
            + " bytes of memory traffic per logit (the default)"
        : "loss: Megatron's unfused vocab-parallel cross entropy, " + (int) Evaluator.UNFUSED_LOSS_BYTES_PER_LOGIT
            + " bytes of memory traffic per logit (fp32 copy, max, subtract, exp, sum, normalise; backward scale and"
            + " cast)");
    if (job.trainingMetricCrossEntropies() > 0) {
      a.add("training metrics: " + job.trainingMetricCrossEntropies() + " cross entropies over every micro-batch's logits"
          + " after its backward pass, without gradients (Composer's LanguageCrossEntropy and LanguagePerplexity), "
          + (int) Evaluator.TRAINING_METRIC_BYTES_PER_LOGIT + " bytes of memory traffic per logit each (16-bit"
          + " log-softmax, fp32 copy for the loss)");
    }
    if (!job.gradientAccumulationFusion()) {
      a.add("gradient accumulation outside the weight-gradient GEMM (Megatron-LM before 2022-02, DeepSpeed): "
          + (job.precision().activationBytes() + 2 * job.precision().gradientBytes())
          + " bytes of memory traffic per parameter of the rank and micro-batch (read the gradient the GEMM wrote, "
          + job.precision().activationBytes() + "-byte, read and write the accumulated one)"
          + (job.zero().stage() >= 3 && par.pp() == 1
              ? "; ZeRO-3 with sharded gradients (Megatron-FSDP) first copies param.grad into the unit's unsharded"
                  + " main_grad bucket: " + (job.precision().activationBytes() + job.precision().gradientBytes())
                  + " more bytes per unsharded"
                  + " parameter and micro-batch (megatron_fsdp.py _grad_acc)"
              : ""));
    }
    a.add(job.attention() != TrainingAttentionKernel.UNFUSED
        ? "FlashAttention: scores never stored, masked causal blocks skipped, backward 2.5× the forward FLOPs"
        : "unfused attention: the s×s scores are stored and computed in full under the causal mask; softmax"
            + (job.dropout() ? " and dropout" : "") + " run at memory bandwidth");
    if (job.fp8Attention()) {
      a.add(fp8AttentionText(job));
    }
    if (JobMapping.unfusedYarnRotary(job)) {
      a.add("rotary: the model's YaRN-scaled rotary embedding (rope_scaling yarn) runs unfused in Megatron-Core"
          + " (apply_rope_fusion off for position_embedding_type yarn; no fused kernel for a concentration factor"
          + " other than 1): " + (int) Evaluator.YARN_ROTARY_FORWARD_BYTES + " bytes forward and "
          + (int) Evaluator.YARN_ROTARY_BACKWARD_BYTES + " backward per query and key element (16-bit) instead of the"
          + " fused kernel's 4 and 8, the fp32 cos/sin tables rebuilt in every call, "
          + (int) (Evaluator.YARN_ROTARY_KERNELS - Evaluator.FUSED_ROTARY_KERNELS) + " more kernels per layer and"
          + " micro-batch (host time counted in MoE layers)");
    }
    a.add("activations after Korthikanti et al. 2022 Table 2" + (job.dropout() ? " with dropout masks" : " without dropout")
        + (par.schedule() == PipelineSchedule.DUALPIPE
            ? "; each rank holds min(p+1, m) = " + Math.min(par.pp() + 1, micros) + " micro-batches in flight"
            : "; the first stage holds min(p, m) = " + Math.min(par.pp(), micros) + " micro-batches in flight")
        + (par.virtualStages() > 1
            ? "; interleaved: each rank holds the model chunks of Megatron-Core's 2(p−rank−1) + (v−1)·p warm-up"
                + " forwards and one more (rank 0: (1 + (p−1)/(p·v)) × p micro-batches of equal chunks)"
            : "")
        + (job.precision().mathType().bits() < 16 && job.framework() == TrainingFramework.MEGATRON
            ? "; FP8 linear layers keep their inputs quantized for the backward pass (Transformer Engine)"
            : ""));
    if (par.tp() > 1) {
      a.add("tensor parallelism " + par.tp() + (par.sequenceParallel() ? " with sequence parallelism (all-gather and"
          + " reduce-scatter)" : " (all-reduce)") + " per layer over "
          + (par.tp() <= job.cluster().gpusPerNode() ? "the scale-up fabric" : "the network")
          + torusAxisText(job, par.tp()) + ", "
          + (job.tensorParallelOverlap() > 0 ? pct(job.tensorParallelOverlap()) + " overlapped" : "not overlapped")
          + (job.tensorParallelOverlap() > 0 && par.sequenceParallel() && job.framework() == TrainingFramework.MEGATRON
              ? " as Transformer Engine userbuffers (ring-exchange all-gathers over " + par.tp() + " GEMM chunks;"
                  + " reduce-scatters pipelined in " + Evaluator.UB_PIPELINE_SPLITS + " chunks on "
                  + Evaluator.UB_PIPELINE_SMS + " SMs of their own, the last chunk's exposed)"
              : "")
          + parallelBlockCollectives(job));
    }
    if (par.dp() * par.cp() > 1) {
      a.add("data parallelism over " + String.format(Locale.ROOT, "%,d", par.dp() * par.cp()) + " ranks: gradients reduced in "
          + job.precision().gradientReduceBytes() + "-byte elements"
          + (job.zero().stage() >= 1 ? ", parameters all-gathered in " + JobMapping.gatherElementBytes(job) + "-byte elements"
              + (JobMapping.mxfp8GatheredInBf16(job) && job.precision().parameterGatherBytes() < 2
                  ? " (MXFP8 parameters all-gathered in bf16 through the gradient buffer, Megatron-Core)" : "")
              : "")
          + (!job.dataParallelOverlap() ? ", after the backward pass (not overlapped)"
              : job.zero().stage() >= 3
                  ? (par.pp() > 1 ? ", each unit (transformer block, chunk root) gathered and reduced once a step"
                      + (ringCollectives ? " as a ring of its own, paying its ring's step latencies," : "")
                      + " overlapped with the step's compute"
                      : job.fsdpBackwardPrefetch() == FsdpBackwardPrefetch.POST
                          ? ", the backward all-gathers issued after each layer's gradients (FSDP1 BACKWARD_POST),"
                              + " one all-gather forward, one backward and one reduce-scatter per transformer block"
                              + " (each block its own FSDP unit, as llm-foundry wraps them)"
                              + (ringCollectives ? ", each paying its ring's step latencies" : "")
                              + ", hidden by the profile's overlap efficiency"
                          : String.format(Locale.ROOT, ", layer by layer: each layer's all-gather prefetched behind"
                              + " the previous layer's forward (backward), its reduce-scatter behind the next"
                              + " layer's backward (FSDP2, Megatron-FSDP)"
                              + (ringCollectives ? ", every block and the root unit collectives of their own, each"
                                  + " paying its ring's step latencies (3 × layers + 1 per micro-batch)" : "")
                              + "; the first all-gather" + (ringCollectives ? ", the root unit's two" : "")
                              + ", the last reduce-scatter and what outlasts a layer's compute are exposed, and the hidden rest"
                              + " slows the compute beside it by %.1f%% of its duration (arXiv:2507.03114)"
                              + (hsdpPerUnit // the condition Evaluator costs it under
                                  ? "; the replicas all-reduce each unit's gradient shard after its reduce-scatter,"
                                      + " on the last micro-batch and a stream of their own (Megatron-FSDP's"
                                      + " hsdp_all_reduce_stream), behind the backward of the layers after it; the"
                                      + " last unit's share and what outlasts a layer's backward are exposed"
                                  : ""),
                              100 * Evaluator.OVERLAP_COMPUTE_SLOWDOWN))
              : fsdp1ShardGradOp
                  ? ", FSDP1 SHARD_GRAD_OP: one all-gather per transformer block in the forward and one reduce-scatter"
                      + " per block in the backward (each block its own FSDP unit, as llm-foundry wraps them, and the"
                      + " root unit)" + (ringCollectives ? ", each paying its ring's step latencies" : "")
                      + ", hidden by the profile's overlap efficiency"
              : String.format(Locale.ROOT, ", in buckets of %s: gradients as the last micro-batch's backward produces"
                  + " them%s; the last gradient bucket%s and what exceeds the %s window are exposed, and the hidden rest"
                  + " slows the compute beside it by %.1f%% of its duration (arXiv:2507.03114)"
                  + (job.framework() == TrainingFramework.MEGATRON && job.zero().stage() == 1
                      && job.precision().fp8Parameters()
                      ? "; FP8 parameters: every non-FP8 parameter (embedding, output layer, norms, biases, router)"
                          + " joins the last bucket group, exposed with it (Megatron-Core's partition_buckets)"
                      : ""),
                  job.framework().pytorchNative()
                      ? String.format(Locale.ROOT, "%.0f MiB (torchtitan's DDP bucket_cap_mb)",
                          Evaluator.TORCHTITAN_DDP_BUCKET_BYTES / 1048576)
                      : job.ddpBucketParameters().isPresent()
                          ? String.format(Locale.ROOT, "%,.0f M parameters (the job's bucket size)",
                              job.ddpBucketParameters().getAsLong() / 1e6)
                          : String.format(Locale.ROOT, "%,.0f M parameters (Megatron-Core's default max(40 M, 1 M ×"
                              + " data-parallel size))",
                              Evaluator.bucketParameters(shardGroup > 0 ? shardGroup : par.dp() * par.cp()) / 1e6),
                  job.zero().stage() >= 1 ? ", parameters before the next step's forward needs them" : "",
                  job.zero().stage() >= 1 ? ", the first parameter bucket" : "",
                  job.zero().stage() >= 1 ? "backward (forward)" : "backward",
                  100 * Evaluator.OVERLAP_COMPUTE_SLOWDOWN)));
    }
    if ((par.ep() > 1 || par.etp() != par.tp()) && job.zero().stage() < 3 && shardGroup <= 0
        && par.expertDataParallel() != par.dp() * par.cp()) {
      // Evaluator.expertDataParallelGroup (s21c)
      int expertStride = par.ep() * par.etp();
      a.add(par.expertDataParallel() == 1
          ? "routed experts held once across the " + par.dp() * par.cp() + " data ranks (expert data parallelism 1):"
              + " their gradients not reduced, their optimizer states not sharded (Megatron-Core's expert buffers)"
          : "routed experts' gradients reduced" + (job.zero().stage() >= 1 ? " and parameters all-gathered" : "")
          + " over their expert data-parallel group of " + par.expertDataParallel() + " ranks, " + expertStride
          + " apart (Megatron-Core's expert buffers), not over all " + par.dp() * par.cp() + " data ranks"
          + (par.expertDataParallel() > 1 && (long) par.expertDataParallel() * expertStride > job.cluster().gpusPerNode()
              ? (expertStride >= job.cluster().gpusPerNode()
                  ? ", one member per scale-up domain, each over its own network link"
                  : ", across scale-up domains over the network")
              : "")
          + (job.zero().stage() >= 1 ? "; their optimizer states sharded over that group" : ""));
    }
    if (par.cp() > 1) {
      a.add("context parallelism " + par.cp() + ": ring attention over 2·cp load-balanced causal chunks (Liu et al. 2023;"
          + " Megatron-Core): cp attention kernels per layer and pass on blocks of seq/(2·cp) keys at the kernel's rate"
          + " for that length, cp − 1 sends of the local keys and values (with their gradients backward), each hidden"
          + " only behind the kernel of its own step, its latency never");
    }
    if (job.model().isMoe()) {
      a.add("token routing of every MoE layer costed as memory traffic (router logits and top-k, permute and"
          + " unpermute around the all-to-all, regrouping by local expert); routing is dropless, and an MoE layer"
          + (job.cudaGraphs() == CudaGraphScope.FULL_LAYER
              ? " is replayed from whole-layer CUDA graphs: the host launches "
                  + String.format(Locale.ROOT, "%.0f", Evaluator.LAYER_GRAPH_REPLAYS) + " graphs per micro-batch ("
                  + String.format(Locale.ROOT, "%.1f", 1e6 * Evaluator.MOE_HOST_SECONDS_PER_KERNEL) + " µs each, an"
                  + " eager operator's host time) and the padded dispatcher reads nothing back to it, so the layer"
                  + " takes its device time"
              : " takes per micro-batch the longer of its device time and the host time of its eager kernels ("
              + String.format(Locale.ROOT, "%.0f", Evaluator.MOE_LAYER_KERNELS) + " at "
              + String.format(Locale.ROOT, "%.0f", Evaluator.MOE_KERNELS_REFERENCE_EXPERTS) + " local experts, "
              + String.format(Locale.ROOT, "%.0f", Evaluator.MOE_KERNELS_PER_LOCAL_EXPERT) + " more per local expert, "
              + String.format(Locale.ROOT, "%.1f", 1e6 * Evaluator.MOE_HOST_SECONDS_PER_KERNEL) + " µs each: a measured"
              + " Megatron-Bridge Qwen3-30B-A3B profile"
              + (job.cudaGraphs() == CudaGraphScope.PARTIAL
                  ? ", itself taken with CUDA graphs of the router and the dispatcher's preprocessing: the partial graphs"
                      + " set here are costed as that profile ran them, an attention graph's kernels not counted apart"
                  : "")
              + (job.expertCapacity().isPadded()
                  ? "), the padded dispatcher reading nothing back to the host (split sizes from the capacity)"
                  : "), the dispatcher's device-to-host read of the tokens per expert"
                      + " keeping the host from running ahead")
              + (job.expertParallelOverlap() || par.schedule() == PipelineSchedule.DUALPIPE
                  || job.expertCapacity().isPadded()
                  ? ""
                  : " and exposing the attention core issued just before it (its time beyond the host's "
                      + String.format(Locale.ROOT, "%.0f", Evaluator.MOE_SYNC_TAIL_KERNELS) + " kernels after it)"))
          + (job.moeDispatcher() == MoeDispatcher.FLEX
              ? "; flex dispatcher (DeepEP / HybridEP): a token travels once to each rank, and across scale-up domains"
                  + " once to each domain, that holds one of its experts ("
                  + (job.model().moe().isGroupLimited()
                      ? "group-limited routing: each token's experts within " + job.model().moe().groupsPerToken()
                          + " of " + job.model().moe().routingGroups() + " groups of consecutive experts"
                      : "uniform routing")
                  + ")"
                  + (job.fp8Dispatch() ? ", dispatched in FP8 (1×128 tiles) and combined in 16 bits (DeepSeek-V3 §3.3.3)"
                      : "")
              : "; all-to-all dispatcher: every routed copy travels"));
    }
    if (job.recomputeNormsAndUpProjections()) {
      a.add("norms and latent attention's up-projections recomputed in the backward pass (DeepSeek-V3 §3.2.3;"
          + " Megatron-Core recompute_modules layernorm, mla_up_proj): the latents are kept instead of the queries,"
          + " keys and values" + (job.recompute() == Recompute.FULL ? " (subsumed by full recomputation)" : ""));
    }
    if (job.recomputeMoeActivation()) {
      a.add("routed experts' activation recomputed in the backward pass (Megatron-Core recompute_modules moe_act):"
          + " its forward traffic" + (job.model().feedForward().gated() && job.model().feedForward().activationClamp() > 0
              && job.framework() == TrainingFramework.MEGATRON ? " and the clamp's" : "")
          + " run again per routed copy, its output not stored"
          + (job.recompute() == Recompute.FULL ? " (subsumed by full recomputation)" : ""));
    }
    if (job.distributeCheckpointedActivations()) {
      a.add(distributedCheckpointsText(job));
    }
    if (job.cudaGraphs() != CudaGraphScope.NONE && !job.model().isMoe()) {
      a.add("CUDA graphs " + job.cudaGraphs().id() + ": dense layers costed as launched eagerly (the fitted per-layer"
          + " overhead kept); graphs change only an MoE layer's host time");
    }
    if (job.fp8ActivationCache()) {
      a.add("attention output cached in E5M6 and the routed experts' SwiGLU inputs in FP8, the SwiGLU output"
          + " recomputed (DeepSeek-V3 §3.3.3); the recomputation's memory traffic is not counted");
    }
    if (job.precision().mathType().bits() < 16) {
      a.add("the output head's GEMMs run in 16 bits (FP8 and FP4 recipes convert the transformer layers only)");
      if (job.precision().bf16Layers() > 0 && job.precision().fp8Scaling() != Fp8Scaling.NVFP4) {
        a.add(bf16LayersText(job));
      }
      Fp8Gemm fp8 = Fp8Gemm.bundled();
      AcceleratorSpec acc = job.cluster().accelerator();
      int scaling = JobMapping.fp8Scaling(job.precision().fp8Scaling());
      boolean transposes = Fp8Gemm.transposes(Microbenchmarks.family(acc));
      if (scaling == EvalConfig.FP8_NVFP4) {
        a.add(nvfp4Assumption(job, fp8, acc));
      } else {
        double[] deepGemm = scaling == EvalConfig.FP8_BLOCKWISE ? fp8.blockwiseTrainingShapeFactors(acc) : new double[0];
        a.add(String.format(Locale.ROOT,
          "FP8 scaling %s: GEMM kernels at %s; every"
              + " FP8 layer's input, output gradient and weight quantized in both usages at %.2f bytes per element"
              + " (%s) and %s of the HBM bandwidth (Transformer Engine's layer benchmark, fp8-gemm.csv); weights"
              + " quantized %s%s",
          job.precision().fp8Scaling(),
          deepGemm.length == 0
              ? String.format(Locale.ROOT, "%.3f × the per-tensor kernel's rate at transformer-layer shapes",
                  fp8.relativeToPerTensor(acc, scaling))
              : String.format(Locale.ROOT, "DeepGEMM's rates measured on this part at DeepSeek-V3's training shapes,"
                  + " %.3f × the FP8 GEMM curve (forward kernels %.3f, weight-gradient kernels %.3f; grouped-gemm.csv),"
                  + " the blockwise kernels that the part's FP8 GEMM rows also measure (no per-tensor ratio)",
                  deepGemm[2], deepGemm[0], deepGemm[1]),
          Fp8Gemm.bytesPerElement(scaling, transposes, true),
          Fp8Gemm.bytesPerElementTerms(scaling, transposes, true),
          pct(fp8.quantizeEfficiency(acc)),
          job.framework().pytorchNative() ? "at every forward (torchao)"
              : JobMapping.mxfp8GatheredInBf16(job)
                  ? "once per step, as Megatron-Core copies the bf16 all-gather into the MXFP8 parameters; it then"
                      + " zeroes the gradient buffer's bf16 copy, 2 more bytes per weight at the streaming bandwidth"
                  : "once per step (Transformer Engine's cache)",
          JobMapping.gatherElementBytes(job) < 2 ? "; parameters gathered in FP8" : ""));
      }
      if (job.precision().fp8Scaling() == Fp8Scaling.ROWWISE) {
        a.add("torchao rowwise float8: tensor parallelism gathers in 16 bits and every linear layer casts its own"
            + " gathered input (query, key and value projections and the MLP's up projections apart), its gradient"
            + " GEMMs rescale their outputs, and async TP decomposes only the reduce-scatters (pytorch issue 149990)");
      }
      if (job.model().isMoe()) {
        ModelConstants mc = ModelConstants.of(job.model());
        EvalConfig ec = JobMapping.config(job, new EvalConfig());
        if (Evaluator.quantizationPadding(mc, ec, (double) job.microBatchSize() * job.sequenceLength() / par.cp())) {
          a.add(String.format(Locale.ROOT,
              "Megatron-Core's grouped experts pad each local expert's rows to a multiple of %d for the quantized"
                  + " GEMMs (Transformer Engine's Fp8Padding / Fp8Unpadding in TEGroupedMLP; the recipes leave"
                  + " moe_router_padding_for_quantization off): every routed row copied into the padded buffer and"
                  + " the output copied out, both ways, and %.0f more kernels per MoE layer and micro-batch",
              scaling == EvalConfig.FP8_MXFP8 || scaling == EvalConfig.FP8_NVFP4
                  ? Evaluator.QUANTIZATION_ALIGNMENT_BLOCK_SCALED : Evaluator.QUANTIZATION_ALIGNMENT_PER_TENSOR,
              Evaluator.QUANTIZATION_PADDING_KERNELS));
        }
      }
      double fp8HalfSaturation = fp8.halfSaturationDim(acc, scaling);
      if (fp8HalfSaturation > 0) {
        a.add(String.format(Locale.ROOT,
            "FP8 scaling %s: GEMM rate d/(d + %.0f) of its large-shape rate at smallest dimension d (16-bit: d/(d + %.0f)),"
                + " fitted to torchao's float8 linear-layer speed-ups over bf16 by shape (fp8-linear.csv)",
            job.precision().fp8Scaling(), fp8HalfSaturation, job.cluster().profile().matmulHalfSaturationDim()));
      }
    }
    if (par.ep() > 1) {
      a.add("expert parallelism " + par.ep() + " (ranks " + par.etp() + " apart) with expert tensor parallelism "
          + par.etp() + (par.etp() == par.tp() ? " (Megatron's default, = tp)" : " folded apart from tp " + par.tp()
              + " (Liu et al. 2025)")
          + ", expert data parallelism " + par.expertDataParallel()
          + ": two all-to-alls per MoE layer and pass, "
          + ((long) par.ep() * par.etp() > job.cluster().gpusPerNode()
              ? "across scale-up domains (each rank sends its off-domain share through its own network link, its"
                  + " rail's NIC, while the on-domain share crosses the scale-up fabric), "
              : "within a scale-up domain, ")
          + (par.schedule() == PipelineSchedule.DUALPIPE ? "overlapped by DualPipe"
              : job.expertParallelOverlap()
                  // (pp > 1 with one chunk a rank is refused beside the overlap: TrainingJob, s14q)
                  ? ("each behind one part of another micro-batch's layer (Megatron-Core's combined 1F1B: the"
                          + " backward combine behind the attention's forward, both dispatches behind the experts'"
                          + " backward and forward, the forward combine behind the attention's backward), what"
                          + " outlasts its part exposed, the warm-up and cool-down micro-batches' all exposed, and the"
                          + " hidden rest taking SMs from the computation beside it ("
                          + (job.moeDispatcher() == MoeDispatcher.FLEX
                              ? Evaluator.DEEPEP_COMMUNICATION_SMS + " SMs for DeepEP's kernels)"
                              : String.format(Locale.ROOT, "%.1f%% of its time for NCCL's all-to-all)",
                                  100 * Evaluator.OVERLAP_COMPUTE_SLOWDOWN)))
                  : "not overlapped"));
    } else if (job.model().isMoe() && par.etp() != par.tp()) {
      a.add("expert tensor parallelism " + par.etp() + " folded apart from tp " + par.tp() + " (Liu et al. 2025)");
    }
    if (job.model().isMoe()) {
      ExpertCapacity cap = job.expertCapacity();
      boolean capped = cap.busiestLoad(job.expertLoadImbalance()) != job.expertLoadImbalance();
      a.add(job.expertLoadImbalance() == 1
          ? "balanced expert routing assumed (imbalance 1.0: the busiest expert is routed the average tokens"
              + (capped ? "; what it computes is set by the expert capacity below)" : ")")
          : capped
              ? String.format(Locale.ROOT, "routing imbalance %.2f: the busiest expert is routed %.2f × the average"
                  + " tokens; what its GEMMs and all-to-all carry is set by the expert capacity below",
                  job.expertLoadImbalance(), job.expertLoadImbalance())
              : String.format(Locale.ROOT, "routing imbalance %.2f: the busiest expert's GEMMs and all-to-all carry"
                  + " %.2f × the average tokens, and every rank waits for it", job.expertLoadImbalance(),
                  job.expertLoadImbalance()));
      if (!cap.isDropless()) {
        double imb = job.expertLoadImbalance();
        a.add(String.format(Locale.ROOT, "expert %s: the busiest expert is costed at %.2f × the average tokens%s", cap.describe(),
            cap.busiestLoad(imb), cap.droppedShareOfBusiest(imb) > 0
                ? String.format(Locale.ROOT, ", %.0f%% of its routed tokens dropped", 100 * cap.droppedShareOfBusiest(imb))
                : cap.isPadded() ? ", every expert's input padded to it" : ", no token dropped at this imbalance"));
      }
    }
    a.add("memory: a " + pct(reserve) + " fragmentation reserve is stated separately from the total;"
        + " CUDA context and library workspaces are not itemised");
    double tdp = job.cluster().accelerator().tdpWatts();
    a.add(String.format(Locale.ROOT,
        "wall clock for %,d tokens at %,.0f tokens/s per GPU; %s; cost: GPU-hours × %s per GPU-hour",
        job.trainingTokens().value(), tokensPerSecondPerGpu, tdp > 0
            ? String.format(Locale.ROOT, "energy: every GPU draws %.0f W (its TDP, or the power limit when one is set)"
                + " for the whole run, × PUE %.2f (hosts and network not counted)", tdp, job.pue())
            // the TPUs' entries: Google publishes no per-chip TDP, and energy() is then 0 (s14j)
            : "energy: not estimated, " + job.cluster().accelerator().id() + " has no TDP in the catalog (energy()"
                + " is 0)",
        job.pricePerGpuHour().toPlainString() + " " + job.pricePerGpuHour().currency()));
    return a;
  }

  /** The tensor-parallel reductions a parallel attention/MLP block saves, for the assumptions; empty for a serial block. */
  /**
   * The torus-axis share of a TPU slice's ICI that the tensor-parallel axis and the data-parallel axes beside it
   * reach ({@link HardwareConstants#torusShare}), or nothing on a switched fabric.
   */
  private static String torusAxisText(TrainingJob job, int tp) {
    int axes = JobMapping.torusAxes(job.cluster().accelerator());
    if (axes == 0 || tp > job.cluster().gpusPerNode()) {
      return "";
    }
    HardwareConstants hw = new HardwareConstants();
    hw.torusAxes = axes;
    int tpAxes = (int) Math.round(hw.torusShare(tp, true) * axes);
    return " on " + (tpAxes == 1 ? "one" : String.valueOf(tpAxes)) + " of its " + axes + " torus axes ("
        + pct(hw.torusShare(tp, true)) + " of a chip's ICI; the data-parallel axes beside it the other "
        + pct(hw.torusShare(tp, false)) + ": jax-ml/scaling-book sharding.md, a collective over a mesh axis moves"
        + " bytes / (bidirectional ICI bandwidth x its torus axes))";
  }

  private static String parallelBlockCollectives(TrainingJob job) {
    BlockLayout layout = job.model().blockLayout();
    if (!layout.parallel()) {
      return "";
    }
    boolean sp = job.parallelism().sequenceParallel();
    return layout == BlockLayout.PARALLEL_FUSED_INPUT
        ? "; parallel attention/MLP block with one fused input projection: one reduction per layer each way"
            + " (PaLM §2), half a serial block's"
        : sp ? "; parallel attention/MLP block: the summed outputs reduce-scattered once, each input projection"
                + " gathering its own input (GPT-NeoX gpt_j_residual), three quarters of a serial block's collectives"
            : "; parallel attention/MLP block: one all-reduce of the summed outputs forward, one per input"
                + " projection backward (GPT-NeoX gpt_j_residual)";
  }

  /**
   * PyTorch SDPA's kernels on CDNA3 as costed, for the assumptions of a PyTorch-native job; empty where the factor is
   * 1 ({@link RocmSdpaAttention}).
   */
  private static String rocmSdpaText(AcceleratorSpec a) {
    double f = RocmSdpaAttention.relativeToAiter(a);
    return f >= 1 ? "" : String.format(Locale.ROOT, "; attention: PyTorch SDPA's own kernels (AOTriton on ROCm), not"
        + " AITER's FMHA v3 that the profile measured, at %.3f of its fwd+bwd rate at %,d keys (AITER cuts the native"
        + " forward latency %.0f%% and the backward %.0f%% in AMD's Primus deep dive, Llama 3.1 70B in TorchTitan)",
        f, RocmSdpaAttention.MEASURED_SEQUENCE, 100 * RocmSdpaAttention.FORWARD_LATENCY_REDUCTION,
        100 * RocmSdpaAttention.BACKWARD_LATENCY_REDUCTION);
  }

  /** FP8 attention as costed, for the assumptions (Evaluator: the FP8/BF16 ratios at the kernel's keys, the casts). */
  private static String fp8AttentionText(TrainingJob job) {
    int keys = job.sequenceLength() / job.parallelism().cp();
    double[] r = Fp8Attention.bundled().curve(job.cluster().accelerator()).at(keys);
    boolean delayed = job.precision().fp8Scaling() == Fp8Scaling.TENSOR_DELAYED;
    return String.format(Locale.ROOT, "attention core in FP8 (Transformer Engine's fp8_dpa): cuDNN's FP8 fused"
        + " attention at the 16-bit rate times the FP8/BF16 ratios measured in one run on this part or its family"
        + " (attention-fp8.csv; at sequence length %,d: forward %.2f×, backward %.2f×), plus the casts of Q, K, V and"
        + " dO to FP8%s, in the layers that run in FP8", keys, r[0], r[1],
        delayed ? " and of O, dQ, dK, dV back to 16 bits (delayed scaling)" : "");
  }

  /** metaseq's distributed checkpoints as costed, or why they change nothing, for the assumptions. */
  private static String distributedCheckpointsText(TrainingJob job) {
    Parallelism par = job.parallelism();
    String what = "checkpointed layer inputs distributed over the tensor-parallel ranks (metaseq's"
        + " --distribute-checkpointed-activations, checkpoint_activations.py at f7ffa5fd)";
    if (job.recompute() != Recompute.FULL) {
      return what + ": nothing to split, recompute " + job.recompute().id() + " stores no checkpointed layer input";
    }
    if (par.tp() == 1) {
      return what + ": nothing to split at tp 1";
    }
    if (par.sequenceParallel()) {
      return what + ": nothing more to split, sequence parallelism splits the stored inputs already";
    }
    return what + ": 1/" + par.tp() + " of each layer's input stored, one all-gather of it before each layer's"
        + " recomputation, which waits for it";
  }

  /** Returns the job. */
  public TrainingJob job() {
    return job;
  }

  /** Returns model FLOPs per token in the job's accounting. */
  public FlopCount modelFlopsPerToken() {
    return modelFlopsPerToken;
  }

  /** Returns hardware FLOPs per token: weight-matrix accounting plus recomputation (Narayanan et al. 2021 eq. 3 under full recompute). */
  public FlopCount hardwareFlopsPerToken() {
    return hardwareFlopsPerToken;
  }

  /** Returns model FLOPs for the job's training tokens. */
  public FlopCount totalFlops() {
    return totalFlops;
  }

  /** Returns memory per GPU, itemised. */
  public TrainingMemory memory() {
    return memory;
  }

  /** Returns step time, itemised, in seconds. */
  public TimeBreakdown time() {
    return time;
  }

  /** Returns training tokens per second per GPU. */
  public double tokensPerSecondPerGpu() {
    return tokensPerSecondPerGpu;
  }

  /** Returns model FLOP/s per GPU. */
  public FlopRate achievedFlopsPerGpu() {
    return achievedFlopsPerGpu;
  }

  /** Returns hardware FLOP/s per GPU. */
  public FlopRate hardwareFlopsPerGpu() {
    return hardwareFlopsPerGpu;
  }

  /** Returns model FLOPs utilisation: achieved over the dense peak of the math type. */
  public double mfu() {
    return mfu;
  }

  /** Returns hardware FLOPs utilisation. */
  public double hfu() {
    return hfu;
  }

  /** Returns GPUs × wall clock in hours. */
  public double gpuHours() {
    return gpuHours;
  }

  /** Returns GPU-hours (to the micro-hour) × price per GPU-hour. */
  public Money cost() {
    return cost;
  }

  /** Returns the energy of the run: GPUs × TDP × wall clock × PUE. */
  public Energy energy() {
    return Energy.ofKilowattHours(energyKwh);
  }

  /** Returns what was assumed, in words. */
  public List<String> assumptions() {
    return assumptions;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof TrainingEstimate o
        && Objects.equals(job, o.job)
        && Objects.equals(modelFlopsPerToken, o.modelFlopsPerToken)
        && Objects.equals(hardwareFlopsPerToken, o.hardwareFlopsPerToken)
        && Objects.equals(totalFlops, o.totalFlops)
        && Objects.equals(memory, o.memory)
        && Objects.equals(time, o.time)
        && Double.compare(tokensPerSecondPerGpu, o.tokensPerSecondPerGpu) == 0
        && Objects.equals(achievedFlopsPerGpu, o.achievedFlopsPerGpu)
        && Objects.equals(hardwareFlopsPerGpu, o.hardwareFlopsPerGpu)
        && Double.compare(mfu, o.mfu) == 0
        && Double.compare(hfu, o.hfu) == 0
        && Double.compare(wallClockSeconds, o.wallClockSeconds) == 0
        && Double.compare(gpuHours, o.gpuHours) == 0
        && Objects.equals(cost, o.cost)
        && Double.compare(energyKwh, o.energyKwh) == 0
        && Objects.equals(assumptions, o.assumptions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(job, modelFlopsPerToken, hardwareFlopsPerToken, totalFlops, memory, time, tokensPerSecondPerGpu, achievedFlopsPerGpu, hardwareFlopsPerGpu, mfu, hfu, wallClockSeconds, gpuHours, cost, energyKwh, assumptions);
  }

  @Override
  public String toString() {
    return "TrainingEstimate[job=" + job + ", modelFlopsPerToken=" + modelFlopsPerToken + ", hardwareFlopsPerToken=" + hardwareFlopsPerToken + ", totalFlops=" + totalFlops + ", memory=" + memory + ", time=" + time + ", tokensPerSecondPerGpu=" + tokensPerSecondPerGpu + ", achievedFlopsPerGpu=" + achievedFlopsPerGpu + ", hardwareFlopsPerGpu=" + hardwareFlopsPerGpu + ", mfu=" + mfu + ", hfu=" + hfu + ", wallClockSeconds=" + wallClockSeconds + ", gpuHours=" + gpuHours + ", cost=" + cost + ", energyKwh=" + energyKwh + ", assumptions=" + assumptions + "]";
  }
}
