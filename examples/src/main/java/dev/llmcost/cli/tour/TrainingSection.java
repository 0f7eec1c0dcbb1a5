package dev.llmcost.cli.tour;

import dev.llmcost.core.Money;
import dev.llmcost.core.TokenCount;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.training.Cluster;
import dev.llmcost.costmodel.training.FlopsAccounting;
import dev.llmcost.costmodel.training.MemoryBreakdown;
import dev.llmcost.costmodel.training.Parallelism;
import dev.llmcost.costmodel.training.ParallelismChooser;
import dev.llmcost.costmodel.training.PrecisionRecipe;
import dev.llmcost.costmodel.training.TrainingEstimate;
import dev.llmcost.costmodel.training.TrainingFlops;
import dev.llmcost.costmodel.training.TrainingJob;
import dev.llmcost.costmodel.training.ZeroStage;
import java.io.PrintWriter;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * The article's third concept: training. What GPT-3 cost in FLOPs, days, dollars and energy, and
 * how mixed precision and ZeRO decide whether a 7B model fits.
 */
public final class TrainingSection implements TourSection {

  /** The price the section states: USD per A100-hour, an illustrative on-demand figure. */
  static final Money PRICE = Money.usd("2.00");

  @Override
  public String title() {
    return "3. Training: FLOPs, GPUs, days, dollars, and the memory that decides how to split the model";
  }

  @Override
  public void print(PrintWriter out) {
    ModelArchitecture gpt3 = ModelCatalog.bundled().get("gpt3-175b");
    TokenCount tokens = TokenCount.ofBillions(300);
    double sixNd = TrainingFlops.total(gpt3, tokens, 2048, FlopsAccounting.SIX_N, false).value();
    out.printf(Locale.ROOT, "GPT-3 175B on 300B tokens: 6 × N × D = 6 × %,d × %,d = %s FLOP (the paper: 3.14e23).%n",
        gpt3.parameterCounts().total().value(), tokens.value(), sci(sixNd));
    double withAttention = TrainingFlops.total(gpt3, tokens, 2048, FlopsAccounting.MATMUL_WEIGHTS, false).value();
    out.printf(Locale.ROOT, "Counting the attention scores too (Megatron accounting): %s FLOP.%n%n", sci(withAttention));

    AcceleratorSpec a100 = AcceleratorCatalog.bundled().get("a100-sxm-80gb");
    TrainingJob job =
        ParallelismChooser.choose(
            TrainingJob.builder(gpt3, Cluster.of(a100, 1024))
                .sequenceLength(2048)
                .globalBatchSize(1536)
                .trainingTokens(tokens)
                .zero(ZeroStage.OPTIMIZER_STATES)
                .pricePerGpuHour(PRICE));
    TrainingEstimate e = TrainingEstimate.of(job);
    out.printf(Locale.ROOT, "On 1,024 A100 80GB GPUs (global batch 1,536 × 2,048 tokens, as in the paper) the fastest%n");
    out.printf(Locale.ROOT, "configuration that fits is %s, micro-batch %d, recompute %s:%n",
        job.parallelism(), job.microBatchSize(), job.recompute().id());
    out.printf(Locale.ROOT, "  step %.1f s, MFU %.1f%% (%.0f of 312 TFLOP/s), %.1f days, %,.0f GPU-hours,%n",
        e.stepSeconds(), 100 * e.mfu(), e.achievedFlopsPerGpu().toTera(), e.wallClockSeconds() / 86400, e.gpuHours());
    out.printf(Locale.ROOT, "  USD %s at USD %s per GPU-hour (an illustrative price), %,.0f MWh at the 400 W TDP and PUE %.1f.%n%n",
        e.cost().amount().setScale(0, RoundingMode.HALF_UP).toPlainString(), PRICE.amount().setScale(2, RoundingMode.HALF_UP).toPlainString(),
        e.energyKwh() / 1000, job.pue());

    ModelArchitecture llama = ModelCatalog.bundled().get("llama-2-7b");
    out.printf(Locale.ROOT, "Mixed-precision training of %s (%s parameters) on 8 A100 80GB GPUs, sequence 4096, micro-batch 1:%n",
        llama.id(), llama.parameterCounts().total().toHumanString());
    out.printf(Locale.ROOT, "bf16 weights (2 bytes), fp32 gradients (4), fp32 master weights (4), Adam moments (8) = 18 bytes per parameter.%n");
    out.printf(Locale.ROOT, "%-26s %9s %9s %9s %9s %11s %9s %9s  %s%n",
        "", "weights", "grads", "master", "Adam", "activations", "total", "+reserve", "fits 80 GB?");
    for (ZeroStage z : ZeroStage.values()) {
      TrainingJob j =
          TrainingJob.builder(llama, Cluster.of(a100, 8))
              .parallelism(Parallelism.dataParallel(8))
              .sequenceLength(4096)
              .globalBatchSize(64)
              .precision(PrecisionRecipe.BF16_MIXED)
              .zero(z)
              .build();
      MemoryBreakdown m = TrainingEstimate.of(j).memory();
      out.printf(Locale.ROOT, "%-26s %9s %9s %9s %9s %11s %9s %9s  %s%n",
          label(z), gb(m.weights().bytes()), gb(m.gradients().bytes()), gb(m.masterWeights().bytes()),
          gb(m.optimizerStates().bytes()), gb(m.activations().bytes()), gb(m.total().bytes()),
          gb(m.required().bytes()), m.fits() ? "yes" : "no");
    }
    out.println("ZeRO (Rajbhandari et al. 2020) shards optimizer states, then gradients, then weights across the 8 GPUs.");
    out.println("GB = 10^9 bytes; the reserve is 10% for allocator fragmentation, stated separately.");
  }

  private static String label(ZeroStage z) {
    return switch (z) {
      case NONE -> "no ZeRO";
      case OPTIMIZER_STATES -> "ZeRO-1 (optimizer states)";
      case GRADIENTS -> "ZeRO-2 (+ gradients)";
      case PARAMETERS -> "ZeRO-3 / FSDP (+ weights)";
    };
  }

  private static String gb(long bytes) {
    return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
  }

  private static String sci(double v) {
    return String.format(Locale.ROOT, "%.3e", v).replace("e+", "e");
  }
}
