package dev.llmcost.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.core.DType;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.costmodel.finetuning.Checkpointing;
import dev.llmcost.costmodel.finetuning.Distribution;
import dev.llmcost.costmodel.finetuning.FineTuningCostModel;
import dev.llmcost.costmodel.finetuning.FineTuningEstimate;
import dev.llmcost.costmodel.finetuning.FineTuningJob;
import dev.llmcost.costmodel.finetuning.FineTuningMemory;
import dev.llmcost.costmodel.finetuning.FineTuningMethod;
import dev.llmcost.costmodel.finetuning.FineTuningOptimizer;
import dev.llmcost.costmodel.finetuning.LogitsMode;
import dev.llmcost.costmodel.finetuning.LoraConfig;
import dev.llmcost.costmodel.finetuning.Offload;
import dev.llmcost.costmodel.finetuning.QuantizationLibrary;
import dev.llmcost.costmodel.finetuning.TrainablePrecision;
import java.io.PrintWriter;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code llmcost finetune}: memory per GPU, whether it fits, time and cost of fine-tuning a model. */
@Command(
    name = "finetune",
    mixinStandardHelpOptions = true,
    description = {
      "Memory per GPU item by item, whether it fits, tokens per second, hours and dollars of fine-tuning a model:"
          + " full, freeze, LoRA, DoRA, QLoRA; with --fit, the largest micro-batch and sequence that fit and how"
          + " every method fares on the card."
    })
public final class FinetuneCommand implements Callable<Integer> {

  @Option(names = "--model", required = true,
      description = "Catalog id (see 'llmcost catalog models') or path to a HuggingFace config.json.")
  String model;

  @Option(names = "--accelerator", required = true, description = "Accelerator id (see 'llmcost catalog accelerators'), or a JSON file in the catalog's format: of one accelerator, or FILE.json#ID for one of several.")
  String accelerator;

  @Option(names = "--method", defaultValue = "lora",
      description = "full, freeze, lora, dora, qlora, qdora (default ${DEFAULT-VALUE}).")
  String method;

  @Option(names = "--rank", description = "LoRA rank (default 16).")
  @Nullable Integer rank;

  @Option(names = "--targets", description = "LoRA targets: all-linear, attention, mlp, qv or a list such as"
      + " q,k,v,o,gate,up,down[,embeddings,head] (default all-linear).")
  @Nullable String targets;

  @Option(names = "--lora-dropout", defaultValue = "0", description = "Adapter dropout (default ${DEFAULT-VALUE}).")
  double loraDropout;

  @Option(names = "--experts", description = "Put adapters on every routed expert of an MoE model.")
  boolean experts;

  @Option(names = "--freeze-layers", description = "Layers frozen from the bottom, with --method freeze (default half).")
  @Nullable Integer freezeLayers;

  @Option(names = "--base", description = "Base weight storage: bf16, fp16, fp32, fp8, int8, nf4, fp4 (default bf16;"
      + " nf4 for qlora).")
  @Nullable String base;

  @Option(names = "--quant-library", description = "4-bit library: bitsandbytes, peft (bitsandbytes under"
      + " PEFT's prepare_model_for_kbit_training: the rest of the model in fp32), torchao (default bitsandbytes).")
  @Nullable String quantLibrary;

  @Option(names = "--precision", description = "Trainable parameters: bf16 (pure), mixed (fp32 + autocast), fp32"
      + " (default bf16).")
  @Nullable String precision;

  @Option(names = "--optimizer", description = "adamw, adamw-8bit, paged-adamw, paged-adamw-8bit, adafactor, sgd, galore"
      + " (default adamw; paged-adamw-8bit for qlora).")
  @Nullable String optimizer;

  @Option(names = "--galore-rank", description = "GaLore rank, with --optimizer galore (default 128).")
  @Nullable Integer galoreRank;

  @Option(names = "--offload", defaultValue = "none", description = "none, optimizer, all (default ${DEFAULT-VALUE}).")
  String offload;

  @Option(names = "--fused-optimizer", description = "Step the optimizer inside the backward pass (torchtune optimizer_in_bwd).")
  boolean fusedOptimizer;

  @Option(names = "--fused-adam", description = "AdamW as one fused kernel (torch.optim.AdamW(fused=True)); default:"
      + " PyTorch's multi-tensor foreach update, a pass over memory per op.")
  boolean fusedAdam;

  @Option(names = "--clip-gradients", description = "Clip gradients by their global norm each step (clip_grad_norm_).")
  boolean clipGradients;

  @Option(names = "--activation-offloading",
      description = "Keep the activations saved for the backward pass in pinned host memory (torchtune enable_activation_offloading).")
  boolean activationOffloading;

  @Option(names = "--checkpointing", description = "none, selective, full (default full).")
  @Nullable String checkpointing;

  @Option(names = "--logits", description = "fp32-upcast, chunked, chunked-compiled (torch.compile), fused (default fp32-upcast).")
  @Nullable String logits;

  @Option(names = "--gpus", defaultValue = "1", description = "GPUs (default ${DEFAULT-VALUE}).")
  int gpus;

  @Option(names = "--distribution", description = "single, ddp, fsdp (default single for one GPU, ddp for more).")
  @Nullable String distribution;

  @Option(names = "--seq", description = "Sequence length in tokens (default 2,048).")
  @Nullable Integer seq;

  @Option(names = "--batch", defaultValue = "1", description = "Sequences per micro-batch per GPU (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--grad-accum", defaultValue = "1", description = "Micro-batches per step (default ${DEFAULT-VALUE}).")
  int gradAccum;

  @Option(names = "--no-packing", description = "Pad each example to --seq instead of packing.")
  boolean noPacking;

  @Option(names = "--mean-example-tokens", description = "Mean tokens per example (for padding and --examples).")
  @Nullable Integer meanExampleTokens;

  @Option(names = "--tokens", description = "Training tokens, e.g. 50M or 1.2B.")
  @Nullable String tokens;

  @Option(names = "--examples", description = "Examples in the data set (with --mean-example-tokens and --epochs).")
  @Nullable Long examples;

  // no picocli default: an --epochs given without --examples is refused, --epochs 1 included (null = not given)
  @Option(names = "--epochs", description = "Passes over --examples (default 1).")
  @Nullable Integer epochs;

  @Option(names = "--price-per-gpu-hour", description = "Price of one GPU for an hour, USD (default 2.00).")
  @Nullable String pricePerGpuHour;

  @Option(names = "--fit", description = "Also search the largest micro-batch and sequence that fit, and every method on the card.")
  boolean fit;

  private static final java.util.Map<String, String> OPTION_OF = java.util.Map.ofEntries(
      java.util.Map.entry("baseWeights", "--base"), java.util.Map.entry("precision", "--precision"),
      java.util.Map.entry("optimizer", "--optimizer"), java.util.Map.entry("checkpointing", "--checkpointing"),
      java.util.Map.entry("logits", "--logits"), java.util.Map.entry("pricePerGpuHour", "--price-per-gpu-hour"),
      java.util.Map.entry("quantizationLibrary", "--quant-library"), java.util.Map.entry("sequenceLength", "--seq"),
      java.util.Map.entry("lora", "--rank/--targets"), java.util.Map.entry("distribution", "--distribution"),
      java.util.Map.entry("frozenLayers", "--freeze-layers"), java.util.Map.entry("fusedAdamKernel", "--fused-adam"));

  @Mixin JsonOption json;

  @Spec CommandSpec spec;

  private static <T> T opt(String option, String value, java.util.function.Function<String, T> parse) {
    try {
      return parse.apply(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Integer call() {
    ModelArchitecture m = Models.resolve(model);
    AcceleratorSpec a = Accelerators.resolve(accelerator);
    FineTuningMethod meth = opt("--method", method, FineTuningMethod::parse);
    FineTuningJob.Builder b = FineTuningJob.builder(m, a).method(meth).gpus(gpus).microBatchSize(batch)
        .gradientAccumulation(gradAccum).packing(!noPacking)
        .offload(opt("--offload", offload, Offload::parse)).fusedOptimizerStep(fusedOptimizer)
        .activationOffloading(activationOffloading).gradientClipping(clipGradients);
    if (fusedAdam) {
      b.fusedAdamKernel(true);
    }
    if (rank != null || targets != null || loraDropout != 0 || experts) {
      if (!meth.usesAdapters()) {
        throw new IllegalArgumentException("--rank, --targets, --lora-dropout and --experts need --method lora, dora,"
            + " qlora or qdora, was --method " + meth.id());
      }
      int r = rank == null ? FineTuningJob.DEFAULT_RANK : rank;
      if (r < 1) {
        throw new IllegalArgumentException("--rank must be >= 1, was " + r);
      }
      LoraConfig lc = LoraConfig.of(r, targets == null ? LoraConfig.ALL_LINEAR
          : opt("--targets", targets, LoraConfig::parseTargets));
      LoraConfig withTargets = lc;
      lc = opt("--lora-dropout", String.valueOf(loraDropout), v -> withTargets.withDropout(loraDropout))
          .withExperts(experts);
      b.lora(lc);
    }
    if (freezeLayers != null) {
      b.frozenLayers(freezeLayers);
    }
    if (base != null) {
      b.baseWeights(opt("--base", base, DType::parse));
    }
    if (quantLibrary != null) {
      b.quantizationLibrary(opt("--quant-library", quantLibrary, QuantizationLibrary::parse));
    }
    if (precision != null) {
      b.precision(opt("--precision", precision, TrainablePrecision::parse));
    }
    if (optimizer != null) {
      b.optimizer(opt("--optimizer", optimizer, FineTuningOptimizer::parse));
    }
    if (galoreRank != null) {
      if (optimizer == null || opt("--optimizer", optimizer, FineTuningOptimizer::parse) != FineTuningOptimizer.GALORE) {
        throw new IllegalArgumentException("--galore-rank needs --optimizer galore, was --optimizer "
            + (optimizer == null ? "default" : optimizer));
      }
      b.galoreRank(galoreRank);
    }
    if (checkpointing != null) {
      b.checkpointing(opt("--checkpointing", checkpointing, Checkpointing::parse));
    }
    if (logits != null) {
      b.logits(opt("--logits", logits, LogitsMode::parse));
    }
    if (distribution != null) {
      b.distribution(opt("--distribution", distribution, Distribution::parse));
    }
    if (seq != null) {
      b.sequenceLength(seq);
    }
    if (meanExampleTokens != null) {
      b.meanExampleTokens(meanExampleTokens);
    }
    if (tokens != null && examples != null) {
      throw new IllegalArgumentException("--tokens and --examples exclude each other");
    }
    if (tokens != null) {
      b.trainingTokens(TrainCommand.parseTokens(tokens).value());
    }
    if (examples == null && epochs != null) {
      throw new IllegalArgumentException("--epochs counts passes over --examples and needs it, was " + epochs);
    }
    if (examples != null) {
      if (meanExampleTokens == null) {
        throw new IllegalArgumentException("--examples needs --mean-example-tokens");
      }
      try {
        b.dataset(examples, meanExampleTokens, epochs == null ? 1 : epochs);
      } catch (ArithmeticException ex) {
        // was "long overflow", naming nothing (s14j)
        throw new IllegalArgumentException(String.format(Locale.ROOT, "--examples %,d × --mean-example-tokens %,d"
            + " × --epochs %,d must be at most %,d tokens", examples, meanExampleTokens, epochs == null ? 1 : epochs,
            Long.MAX_VALUE), ex);
      }
    }
    if (pricePerGpuHour != null) {
      b.pricePerGpuHour(InferCommand.usd("--price-per-gpu-hour", pricePerGpuHour));
    }
    FineTuningJob job = withOptionNames(b);
    if (quantLibrary != null && !(fourBit(job.baseWeights()) && meth.usesAdapters())) {
      // FineTuningCostModel reads the library only for a 4-bit base under adapters (bitsandbytes' Linear4bit)
      throw new IllegalArgumentException("--quant-library applies to a 4-bit base (nf4, fp4, int4) under adapters"
          + " (qlora, qdora, or lora/dora with --base nf4), was --method " + meth.id() + " with --base "
          + job.baseWeights().id());
    }
    FineTuningCostModel cm = FineTuningCostModel.defaults();
    FineTuningEstimate e;
    try {
      e = cm.estimate(job);
      e.memory().deviceTotal(); // the memory items are summed when read: overflows show here, not in the report
    } catch (ArithmeticException ex) {
      // a byte count past 2^63 (--batch 2,147,483,647 at --seq 2,048) was refused as "long overflow" (s14j)
      throw new IllegalArgumentException(String.format(Locale.ROOT, "--batch %,d at --seq %,d: the memory per GPU"
          + " overflows a 64-bit byte count (above 8 EiB); lower --batch or --seq", job.microBatchSize(),
          job.sequenceLength()), ex);
    }
    Defaults defaults = new Defaults();
    for (String d : job.defaultsUsed()) {
      int sp = d.indexOf(' ');
      String field = d.substring(0, sp);
      String option = OPTION_OF.get(field);
      if (option != null) {
        defaults.add(option, d.substring(sp + 1));
      } else if (field.equals("hostLinkBytesPerSecond")) {
        defaults.addAssumed("host link", d.substring(sp + 1) + " (the card's catalog link; no option sets it)");
      } else {
        throw new IllegalStateException("default " + field + " has no option in finetune: add it to OPTION_OF");
      }
    }
    OptionalInt maxBatch = fit ? cm.largestMicroBatch(job) : OptionalInt.empty();
    OptionalInt maxSeq = fit ? cm.longestSequence(job) : OptionalInt.empty();
    PrintWriter out = spec.commandLine().getOut();
    if (json.enabled()) {
      ObjectNode n = toJson(e);
      if (fit) {
        ObjectNode f = n.putObject("fit");
        f.put("largestMicroBatch", maxBatch.orElse(0));
        f.put("longestSequence", maxSeq.orElse(0));
        ArrayNode ms = f.putArray("methods");
        for (FineTuningEstimate x : methods(cm, job)) {
          ObjectNode o = ms.addObject();
          o.put("method", x.job().method().id());
          o.put("fits", x.fits());
          o.put("peakBytes", x.memory().deviceTotal().bytes());
          o.put("tokensPerSecond", x.tokensPerSecond());
          o.put("costUsd", x.cost().amount().toPlainString());
        }
      }
      defaults.json(n);
      out.println(JsonOutput.write(n));
    } else {
      StringBuilder sb = new StringBuilder(report(e));
      if (fit) {
        sb.append(String.format(Locale.ROOT, "  largest micro-batch at seq %,d: %s; longest sequence at micro-batch %d: %s%n",
            job.sequenceLength(), maxBatch.isPresent() ? String.format(Locale.ROOT, "%,d", maxBatch.getAsInt()) : "none fits",
            job.microBatchSize(), maxSeq.isPresent() ? String.format(Locale.ROOT, "%,d", maxSeq.getAsInt()) : "none fits"));
        sb.append("  methods on this card (same batch and sequence):\n");
        for (FineTuningEstimate x : methods(cm, job)) {
          sb.append(String.format(Locale.ROOT, "    %-6s %-8s %8s  %,8.0f tokens/s  %s%n", x.job().method().id(),
              x.fits() ? "fits" : "no fit", x.memory().deviceTotal().toIecString(), x.tokensPerSecond(),
              x.steps() > 0 ? x.cost().format(2, RoundingMode.HALF_EVEN) : ""));
        }
      }
      out.print(defaults.insertInto(sb.toString()));
    }
    return 0;
  }

  /** Builds the job, prefixing a refusal with the option it came from. */
  private static boolean fourBit(DType d) {
    return d == DType.NF4 || d == DType.FP4 || d == DType.INT4;
  }

  private static FineTuningJob withOptionNames(FineTuningJob.Builder b) {
    return OptionNames.prefixed(b::build, "targets", "--targets", "experts", "--experts", "baseWeights", "--base",
        "method", "--method", "frozenLayers", "--freeze-layers", "gpus", "--gpus", "distribution", "--distribution",
        "sequenceLength", "--seq", "microBatchSize", "--batch", "gradientAccumulation", "--grad-accum",
        "meanExampleTokens", "--mean-example-tokens", "galoreRank", "--galore-rank", "rank", "--rank",
        "dropout", "--lora-dropout");
  }

  private static List<FineTuningEstimate> methods(FineTuningCostModel cm, FineTuningJob job) {
    List<FineTuningEstimate> out = new java.util.ArrayList<>();
    for (FineTuningMethod x : List.of(FineTuningMethod.FULL, FineTuningMethod.LORA, FineTuningMethod.QLORA)) {
      FineTuningJob.Builder b = FineTuningJob.builder(job.model(), job.accelerator()).method(x).gpus(job.gpus())
          .distribution(job.distribution()).sequenceLength(job.sequenceLength()).microBatchSize(job.microBatchSize())
          .gradientAccumulation(job.gradientAccumulation()).checkpointing(job.checkpointing()).logits(job.logits())
          .trainingTokens(job.trainingTokens()).pricePerGpuHour(job.pricePerGpuHour()).precision(job.precision());
      job.lora().ifPresent(l -> {
        if (x.usesAdapters()) {
          b.lora(l);
        }
      });
      try {
        out.add(cm.estimate(b.build()));
      } catch (IllegalArgumentException skipped) {
        // a method this model cannot take (QLoRA of an fp8 checkpoint) is left out of the comparison
      }
    }
    return out;
  }

  private static String report(FineTuningEstimate e) {
    FineTuningJob j = e.job();
    FineTuningMemory mem = e.memory();
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s%s%n", j,
        j.lora().map(l -> ", " + l).orElse("")));
    sb.append(String.format(Locale.ROOT, "  trainable parameters %,d of %,d (%.3f%%)%n", e.trainableParameters(),
        e.totalParameters(), 100.0 * e.trainableParameters() / e.totalParameters()));
    sb.append(String.format(Locale.ROOT, "  memory per GPU: %s of %s: %s%n", mem.deviceTotal().toIecString(),
        mem.capacity().toIecString(), mem.fits() ? "fits" : "DOES NOT FIT"));
    String[][] items = {{"frozen weights", mem.frozenWeights().toIecString()},
        {"quantization constants", mem.quantizationConstants().toIecString()},
        {"trainable weights", mem.trainableWeights().toIecString()}, {"gradients", mem.gradients().toIecString()},
        {"optimizer states", mem.optimizerStates().toIecString()}, {"activations", mem.activations().toIecString()},
        {"logits", mem.logits().toIecString()}, {"buffers", mem.buffers().toIecString()},
        {"peak allocated", mem.peakAllocated().toIecString()}, {"CUDA context", mem.cudaContext().toIecString()},
        {"paged optimizer states", mem.pagedOptimizerStates().toIecString() + " (unified memory, not counted)"},
        {"host (offloaded)", mem.hostOffloaded().toIecString()}};
    for (String[] it : items) {
      sb.append(String.format(Locale.ROOT, "    %-24s %s%n", it[0], it[1]));
    }
    sb.append(String.format(Locale.ROOT, "  step %.3f s, %,.0f tokens/s (%,.0f per GPU), MFU %.1f%%%n", e.stepSeconds(),
        e.tokensPerSecond(), e.tokensPerSecondPerGpu(), 100 * e.mfu()));
    if (e.steps() > 0) {
      sb.append(String.format(Locale.ROOT, "  %,d tokens: %,d steps, %.2f hours, %.2f GPU-hours, %s%n",
          j.trainingTokens(), e.steps(), e.wallClockSeconds() / 3600, e.gpuHours(),
          e.cost().format(2, RoundingMode.HALF_EVEN)));
    }
    for (String as : e.assumptions()) {
      sb.append("  assumption: ").append(as).append('\n');
    }
    return sb.toString();
  }

  private static ObjectNode toJson(FineTuningEstimate e) {
    FineTuningJob j = e.job();
    FineTuningMemory mem = e.memory();
    ObjectNode n = JsonOutput.object();
    n.put("model", j.model().id());
    n.put("accelerator", j.accelerator().id());
    n.put("method", j.method().id());
    n.put("gpus", j.gpus());
    n.put("distribution", j.distribution().id());
    j.lora().ifPresent(l -> {
      n.put("rank", l.rank());
      ArrayNode t = n.putArray("targets");
      l.targets().stream().map(x -> x.id()).sorted().forEach(t::add);
    });
    n.put("baseWeights", j.baseWeights().id());
    if (j.method().quantizedBase()) {
      n.put("quantizationLibrary", j.quantizationLibrary().id());
    }
    n.put("optimizer", j.optimizer().id());
    n.put("seq", j.sequenceLength());
    n.put("microBatch", j.microBatchSize());
    n.put("trainableParameters", e.trainableParameters());
    n.put("totalParameters", e.totalParameters());
    ObjectNode mj = n.putObject("memoryPerGpuBytes");
    mj.put("frozenWeights", mem.frozenWeights().bytes());
    mj.put("quantizationConstants", mem.quantizationConstants().bytes());
    mj.put("trainableWeights", mem.trainableWeights().bytes());
    mj.put("gradients", mem.gradients().bytes());
    mj.put("optimizer", mem.optimizerStates().bytes());
    mj.put("activations", mem.activations().bytes());
    mj.put("logits", mem.logits().bytes());
    mj.put("buffers", mem.buffers().bytes());
    mj.put("peakAllocated", mem.peakAllocated().bytes());
    mj.put("cudaContext", mem.cudaContext().bytes());
    mj.put("total", mem.deviceTotal().bytes());
    mj.put("pagedOptimizerStates", mem.pagedOptimizerStates().bytes());
    mj.put("hostOffloaded", mem.hostOffloaded().bytes());
    mj.put("capacity", mem.capacity().bytes());
    n.put("fits", mem.fits());
    n.put("flopsPerToken", e.flopsPerToken());
    n.put("stepSeconds", e.stepSeconds());
    n.put("tokensPerSecond", e.tokensPerSecond());
    n.put("tokensPerSecondPerGpu", e.tokensPerSecondPerGpu());
    n.put("mfu", e.mfu());
    n.put("trainingTokens", j.trainingTokens());
    n.put("steps", e.steps());
    n.put("wallClockSeconds", e.wallClockSeconds());
    n.put("gpuHours", e.gpuHours());
    n.put("costUsd", e.cost().amount().toPlainString());
    ArrayNode as = n.putArray("assumptions");
    e.assumptions().forEach(as::add);
    return n;
  }
}
