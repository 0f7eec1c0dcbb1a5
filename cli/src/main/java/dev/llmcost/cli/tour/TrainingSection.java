package dev.llmcost.cli.tour;

import dev.llmcost.cli.chart.ChartSink;
import dev.llmcost.cli.chart.Charts;
import dev.llmcost.core.DType;
import dev.llmcost.core.DataSize;
import dev.llmcost.core.Money;
import dev.llmcost.core.TokenCount;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.internal.Seconds;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.finetuning.Distribution;
import dev.llmcost.costmodel.finetuning.FineTuningCostModel;
import dev.llmcost.costmodel.finetuning.FineTuningEstimate;
import dev.llmcost.costmodel.finetuning.FineTuningJob;
import dev.llmcost.costmodel.finetuning.FineTuningMethod;
import dev.llmcost.costmodel.finetuning.LogitsMode;
import dev.llmcost.costmodel.finetuning.LoraConfig;
import dev.llmcost.costmodel.training.Cluster;
import dev.llmcost.costmodel.training.FlopsAccounting;
import dev.llmcost.costmodel.training.TrainingCostModel;
import dev.llmcost.costmodel.training.TrainingMemory;
import dev.llmcost.costmodel.training.Parallelism;
import dev.llmcost.costmodel.training.ParallelismChooser;
import dev.llmcost.costmodel.training.PrecisionRecipe;
import dev.llmcost.costmodel.training.Recompute;
import dev.llmcost.costmodel.training.TrainingEstimate;
import dev.llmcost.costmodel.training.TrainingFlops;
import dev.llmcost.costmodel.training.TrainingJob;
import dev.llmcost.costmodel.training.ZeroStage;
import java.io.PrintWriter;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.knowm.xchart.CategoryChart;

/**
 * The article's third concept: training. What GPT-3 cost in FLOPs, days, dollars and energy, how
 * mixed precision and ZeRO decide whether a 7B model fits, and what fine-tuning costs next to it.
 */
public final class TrainingSection implements TourSection {

  /** The price the section states: USD per A100-hour, an illustrative on-demand figure. */
  static final Money PRICE = Money.usd("2.00");

  /** MFU Korthikanti et al. 2022 (Table 4) measured for a 175B model with selective recomputation. */
  private static final double KORTHIKANTI_175B_MFU = 0.514;

  private static final String LLAMA = "llama-2-7b";
  private static final int LLAMA_GPUS = 8;

  /**
   * The article's BERT: pre-training BERT-base as Devlin et al. (2019, appendix A.2) did, 1,000,000
   * steps of 256 sequences of 512 tokens, costed on eight A100s.
   */
  private static void bert(PrintWriter out) {
    ModelArchitecture bert = ModelCatalog.bundled().get("bert-base-uncased");
    AcceleratorSpec a100 = AcceleratorCatalog.bundled().get("a100-sxm-80gb");
    TokenCount tokens = TokenCount.of(1_000_000L * 256 * 512);
    TrainingJob job =
        ParallelismChooser.choose(
            TrainingJob.builder(bert, Cluster.of(a100, 8))
                .sequenceLength(512)
                .globalBatchSize(256)
                .trainingTokens(tokens)
                .pricePerGpuHour(PRICE));
    TrainingEstimate e = TrainingCostModel.calibrated().estimate(job);
    out.printf(Locale.ROOT, "BERT-base (%s parameters), masked-LM pre-training as its paper: 1,000,000 steps of 256"
            + " sequences of 512 tokens (%s tokens), %s FLOP.%n",
        bert.parameterCounts().total().toHumanString(), String.format(Locale.ROOT, "%,d", tokens.value()),
        sci(e.totalFlops().value()));
    out.printf(Locale.ROOT, "  on 8 A100 80GB GPUs: %.1f days, %,.0f GPU-hours, $%,d at $%s per GPU-hour (MFU %.1f%%)."
            + " The paper used 4 Cloud TPUs (16 chips) for 4 days.%n%n",
        Seconds.of(e.wallClock()) / 86_400, e.gpuHours(), e.cost().amount().setScale(0, RoundingMode.HALF_UP).longValueExact(),
        PRICE.amount().setScale(2, RoundingMode.HALF_UP).toPlainString(), 100 * e.mfu());
  }

  @Override
  public String title() {
    return "3. Training: FLOPs, GPUs, days, dollars, and the memory that decides how to split the model";
  }

  @Override
  public void print(PrintWriter out) {
    ModelArchitecture gpt3 = ModelCatalog.bundled().get("gpt3-175b");
    TokenCount tokens = TokenCount.ofBillions(300);
    double sixNd = TrainingFlops.total(gpt3, tokens, 2048, FlopsAccounting.SIX_N, false).value();
    out.printf(Locale.ROOT, "GPT-3 175B on 300B tokens: 6 × N × D = 6 × %,d × %,d = %s FLOP (the paper's Table D.1:"
        + " 3.14e23).%n", gpt3.parameterCounts().total().value(), tokens.value(), sci(sixNd));
    double withAttention = TrainingFlops.total(gpt3, tokens, 2048, FlopsAccounting.MATMUL_WEIGHTS, false).value();
    out.printf(Locale.ROOT, "Counting the attention scores too (Megatron's accounting, used for MFU below): %s FLOP.%n%n",
        sci(withAttention));

    AcceleratorSpec a100 = AcceleratorCatalog.bundled().get("a100-sxm-80gb");
    double peak = a100.requirePeak(DType.BF16).flopsPerSecond();
    TrainingJob job =
        ParallelismChooser.choose(
            TrainingJob.builder(gpt3, Cluster.of(a100, 1024))
                .sequenceLength(2048)
                .globalBatchSize(1536)
                .trainingTokens(tokens)
                .zero(ZeroStage.OPTIMIZER_STATES)
                .pricePerGpuHour(PRICE));
    TrainingEstimate e = TrainingCostModel.calibrated().estimate(job);
    Parallelism p = job.parallelism();
    out.printf(Locale.ROOT, "On 1,024 A100 80GB GPUs with the paper's batch (1,536 sequences of 2,048 tokens), the fastest"
        + " layout that fits is %s, ZeRO-1, micro-batch %d, %s:%n",
        layout(p), job.microBatchSize(),
        job.recompute() == Recompute.NONE ? "no recomputation" : job.recompute().id() + " recomputation");
    out.printf(Locale.ROOT, "  step %.1f s, %.0f TFLOP/s per GPU: MFU %.1f%% of the %.0f TFLOP/s bf16 peak%n",
        e.stepSeconds(), e.achievedFlopsPerGpu().toTera(), 100 * e.mfu(), peak / 1e12);
    out.printf(Locale.ROOT, "  %.1f days, %,.0f GPU-hours, $%,d at an assumed $%s per GPU-hour,"
            + " %,.0f MWh (%.0f W TDP, PUE %.1f)%n",
        Seconds.of(e.wallClock()) / 86_400, e.gpuHours(), e.cost().amount().setScale(0, RoundingMode.HALF_UP).longValueExact(),
        PRICE.amount().setScale(2, RoundingMode.HALF_UP).toPlainString(), e.energy().kilowattHours() / 1000, a100.tdpWatts(),
        job.pue());
    out.printf(Locale.ROOT,
        "Note: Narayanan et al. (2021) estimated 34 days for this job at 140 TFLOP/s per GPU with full recomputation"
            + " (8 FLOPs per parameter per token); at the %.1f%% MFU Korthikanti et al. (2022) measured for a 175B"
            + " model with selective recomputation it takes %.1f days. GPT-3 itself was trained on V100s"
            + " (the paper, section 2.3).%n%n",
        100 * KORTHIKANTI_175B_MFU, withAttention / (1024 * peak * KORTHIKANTI_175B_MFU) / 86_400);

    bert(out);

    ModelArchitecture llama = ModelCatalog.bundled().get(LLAMA);
    out.printf(Locale.ROOT, "Mixed-precision training of %s (%s parameters) on %d A100 80GB GPUs, data parallel,"
            + " sequence 4,096, micro-batch 1: bf16 weights (2 bytes per parameter), fp32 gradients (4), fp32 master"
            + " weights (4) and Adam moments (8): 18 bytes per parameter.%n", llama.id(),
        llama.parameterCounts().total().toHumanString(), LLAMA_GPUS);
    out.printf(Locale.ROOT, "%-25s %7s %7s %7s %7s %11s %7s %7s %8s  %s%n",
        "GB per GPU", "weights", "grads", "master", "Adam", "activations", "buffers", "total", "+reserve", "fits");
    for (ZeroStage z : ZeroStage.values()) {
      TrainingMemory m = llamaMemory(z);
      out.printf(Locale.ROOT, "%-25s %7s %7s %7s %7s %11s %7s %7s %8s  %s%n",
          label(z), gb(m.weights().bytes()), gb(m.gradients().bytes()), gb(m.masterWeights().bytes()),
          gb(m.optimizerStates().bytes()), gb(m.activations().bytes()), gb(m.communicationBuffers().bytes()),
          gb(m.total().bytes()), gb(m.required().bytes()), m.fits() ? "yes" : "no");
    }
    TrainingMemory any = llamaMemory(ZeroStage.NONE);
    out.printf(Locale.ROOT, "ZeRO (Rajbhandari et al. 2020) shards optimizer states, then gradients, then weights across the"
        + " %d GPUs.%n", LLAMA_GPUS);
    out.printf(Locale.ROOT, "GB = 10^9 bytes; an A100 80GB holds 80 GiB = %.1f GB; the reserve (10%%, for allocator"
        + " fragmentation) is stated apart.%n", any.capacity().bytes() / 1e9);
    out.println();
    printFineTuning(out, e.cost());
  }

  /**
   * The article's "BERT is good at specific tasks": a model learns a task by fine-tuning, and what
   * that costs next to pre-training.
   */
  static void printFineTuning(PrintWriter out, Money pretraining) {
    out.println("Fine-tuning. The article says BERT is good at specific tasks: a pre-trained model learns a task");
    out.println("by fine-tuning on a few thousand to a few million examples, at a sliver of the cost of"
        + " pre-training");
    out.println("(llmcost finetune):");
    List<FineTuningEstimate> rows = fineTuningRows();
    for (FineTuningEstimate f : rows) {
      out.printf(Locale.ROOT, "  %s%n    %s per GPU (%s), %,.0f tokens/s, %s hours on %d GPU%s, %s%n",
          describe(f), f.memory().deviceTotal().toSiString(), f.fits() ? "fits" : "does not fit",
          f.tokensPerSecond(), hours(f.wallClockSeconds() / 3600), f.job().gpus(), f.job().gpus() == 1 ? "" : "s",
          f.cost().format(2, RoundingMode.HALF_UP));
    }
    FineTuningEstimate qlora = rows.get(1);
    out.printf(Locale.ROOT, "At the same assumed $%s per GPU-hour, GPT-3's pre-training above costs %,.0f times the"
            + " QLoRA run.%n", PRICE.amount().setScale(2, RoundingMode.HALF_UP).toPlainString(),
        pretraining.amount().doubleValue() / qlora.cost().amount().doubleValue());
    out.printf(Locale.ROOT, "BERT's cost counts a vocabulary-wide output head (a masked-LM objective); a classifier's"
            + " head of a few outputs needs less. Logits are computed in chunks, as torchtune does; HuggingFace's"
            + " fp32 upcast of a 128K vocabulary alone takes %s at the QLoRA run's batch, and it would not fit the"
            + " card.%n",
        upcastLogits(qlora.job()).toSiString());
  }

  /** The paragraph's three fine-tuning runs: BERT-base in full, Llama 3.1 8B by QLoRA on a 4090, and on 8 H100s. */
  static List<FineTuningEstimate> fineTuningRows() {
    FineTuningCostModel cm = FineTuningCostModel.defaults();
    AcceleratorSpec rtx4090 = AcceleratorCatalog.bundled().get("rtx-4090");
    ModelArchitecture llama = ModelCatalog.bundled().get("llama-3.1-8b");
    FineTuningJob bert = FineTuningJob.builder(ModelCatalog.bundled().get("bert-base-uncased"), rtx4090)
        .method(FineTuningMethod.FULL).logits(LogitsMode.CHUNKED).sequenceLength(128).microBatchSize(32)
        .packing(false).dataset(400_000, 128, 3).pricePerGpuHour(PRICE).build();
    FineTuningJob qlora = FineTuningJob.builder(llama, rtx4090)
        .method(FineTuningMethod.QLORA).lora(LoraConfig.of(16, LoraConfig.ALL_LINEAR)).logits(LogitsMode.CHUNKED)
        .sequenceLength(2048).microBatchSize(4).trainingTokens(50_000_000L).pricePerGpuHour(PRICE).build();
    FineTuningJob full = FineTuningJob.builder(llama, AcceleratorCatalog.bundled().get("h100-sxm"))
        .method(FineTuningMethod.FULL).gpus(8).distribution(Distribution.FSDP).logits(LogitsMode.CHUNKED)
        .sequenceLength(2048).microBatchSize(4).trainingTokens(50_000_000L).pricePerGpuHour(PRICE).build();
    return List.of(cm.estimate(bert), cm.estimate(qlora), cm.estimate(full));
  }

  private static String describe(FineTuningEstimate f) {
    FineTuningJob j = f.job();
    String what = switch (j.method()) {
      case QLORA -> "QLoRA (NF4 base, rank " + j.lora().orElseThrow().rank() + " on all linear layers)";
      case FULL -> "full fine-tuning" + (j.distribution() == Distribution.FSDP ? " with FSDP" : "");
      default -> j.method().id();
    };
    return String.format(Locale.ROOT, "%s, %s, %s tokens on %s%s:", j.model().id(), what,
        millions(j.trainingTokens()), j.gpus() == 1 ? "one " : j.gpus() + " x ",
        j.accelerator().id());
  }

  private static String millions(long tokens) {
    return tokens % 1_000_000 == 0 ? tokens / 1_000_000 + "M"
        : String.format(Locale.ROOT, "%.1fM", tokens / 1e6);
  }

  private static String hours(double h) {
    return String.format(Locale.ROOT, h < 10 ? "%.2f" : "%,.0f", h);
  }

  private static DataSize upcastLogits(FineTuningJob j) {
    return FineTuningCostModel.defaults().estimate(j.toBuilder().logits(LogitsMode.FP32_UPCAST).build())
        .memory().logits();
  }

  /** Draws the memory per GPU of the 7B model's mixed-precision training under each ZeRO stage. */
  @Override
  public void draw(ChartSink charts) {
    List<String> stages = new ArrayList<>();
    List<TrainingMemory> rows = new ArrayList<>();
    for (ZeroStage z : ZeroStage.values()) {
      TrainingMemory m = llamaMemory(z);
      rows.add(m);
      stages.add(shortLabel(z) + (m.fits() ? "" : " (does not fit)"));
    }
    CategoryChart c = Charts.stackedBars(
        "Training Llama 2 7B on 8 A100s: memory per GPU",
        "ZeRO stage (bf16 mixed precision, AdamW, sequence 4,096, micro-batch 1)", "GB per GPU (10^9 bytes)");
    segment(c, "weights (bf16)", stages, rows, TrainingMemory::weights);
    segment(c, "gradients (fp32)", stages, rows, TrainingMemory::gradients);
    segment(c, "master weights (fp32)", stages, rows, TrainingMemory::masterWeights);
    segment(c, "Adam moments (fp32)", stages, rows, TrainingMemory::optimizerStates);
    segment(c, "activations", stages, rows, TrainingMemory::activations);
    segment(c, "buffers", stages, rows, TrainingMemory::communicationBuffers);
    segment(c, "reserve (10%)", stages, rows, TrainingMemory::fragmentationReserve);
    Charts.addLevel(c, String.format(Locale.ROOT, "A100 memory (80 GiB = %.1f GB)", rows.get(0).capacity().bytes() / 1e9),
        stages, rows.get(0).capacity().bytes() / 1e9);
    charts.write("training-memory-by-zero-stage", c);
  }

  private static void segment(CategoryChart c, String name, List<String> stages, List<TrainingMemory> rows,
      Function<TrainingMemory, DataSize> part) {
    List<Double> gb = new ArrayList<>();
    for (TrainingMemory m : rows) {
      gb.add(part.apply(m).bytes() / 1e9);
    }
    Charts.addBars(c, name, stages, gb);
  }

  /** The memory per GPU of the section's 7B job under one ZeRO stage. */
  static TrainingMemory llamaMemory(ZeroStage z) {
    TrainingJob j =
        TrainingJob.builder(ModelCatalog.bundled().get(LLAMA),
                Cluster.of(AcceleratorCatalog.bundled().get("a100-sxm-80gb"), LLAMA_GPUS))
            .parallelism(Parallelism.dataParallel(LLAMA_GPUS))
            .sequenceLength(4096)
            .globalBatchSize(64)
            .precision(PrecisionRecipe.BF16_MIXED)
            .zero(z)
            .build();
    return TrainingCostModel.calibrated().estimate(j).memory();
  }

  private static String label(ZeroStage z) {
    return switch (z) {
      case NONE -> "no ZeRO";
      case OPTIMIZER_STATES -> "ZeRO-1 (optimizer states)";
      case GRADIENTS -> "ZeRO-2 (+ gradients)";
      case PARAMETERS -> "ZeRO-3 / FSDP (+ weights)";
    };
  }

  private static String shortLabel(ZeroStage z) {
    return switch (z) {
      case NONE -> "no ZeRO";
      case OPTIMIZER_STATES -> "ZeRO-1";
      case GRADIENTS -> "ZeRO-2";
      case PARAMETERS -> "ZeRO-3 / FSDP";
    };
  }

  private static String gb(long bytes) {
    return String.format(Locale.ROOT, "%.1f", bytes / 1e9);
  }

  private static String sci(double v) {
    return String.format(Locale.ROOT, "%.3e", v).replace("e+", "e");
  }

  /** Describes a layout in words, every degree above 1 named: "tensor 4 × pipeline 8 (interleaved, 6 chunks) × ...". */
  static String layout(Parallelism p) {
    return p.describe();
  }
}
