package dev.llmcost.examples;

import dev.llmcost.core.DType;
import dev.llmcost.core.FlopCount;
import dev.llmcost.core.Money;
import dev.llmcost.core.TokenCount;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.training.Cluster;
import dev.llmcost.costmodel.training.ParallelismChooser;
import dev.llmcost.costmodel.training.TrainingCostModel;
import dev.llmcost.costmodel.training.TrainingEstimate;
import dev.llmcost.costmodel.training.TrainingFlops;
import dev.llmcost.costmodel.training.TrainingJob;
import dev.llmcost.costmodel.training.ZeroStage;
import java.math.RoundingMode;

/**
 * What training GPT-3 175B costs: its 3.14e23 FLOPs, then days, GPU-hours and dollars on 1,024
 * A100s at the utilisation llmcost predicts for the fastest layout that fits.
 *
 * <pre>java -cp examples/target/llmcost.jar dev.llmcost.examples.Gpt3TrainingCost</pre>
 */
public final class Gpt3TrainingCost {
  private Gpt3TrainingCost() {}

  /**
   * Prints the cost.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    ModelArchitecture gpt3 = ModelCatalog.bundled().get("gpt3-175b");
    TokenCount tokens = TokenCount.ofBillions(300);

    // The GPT-3 paper's count (Table D.1): 6 FLOPs per parameter per token.
    FlopCount sixND = TrainingFlops.sixND(gpt3.parameterCounts().total(), tokens);
    System.out.printf("GPT-3 175B (%,d parameters) on 300B tokens: 6 × N × D = %.3e FLOPs (the paper: 3.14e23)%n",
        gpt3.parameterCounts().total().value(), sixND.value());

    // 1,024 A100 80GB GPUs, the paper's batch of 1,536 sequences of 2,048 tokens, and a stated price.
    AcceleratorSpec a100 = AcceleratorCatalog.bundled().get("a100-sxm-80gb");
    Money pricePerGpuHour = Money.usd("2.00"); // an assumed on-demand price; use your own
    TrainingJob job = ParallelismChooser.choose(
        TrainingJob.builder(gpt3, Cluster.of(a100, 1024))
            .sequenceLength(2048)
            .globalBatchSize(1536)
            .trainingTokens(tokens)
            .zero(ZeroStage.OPTIMIZER_STATES)
            .pricePerGpuHour(pricePerGpuHour));
    TrainingEstimate e = TrainingCostModel.calibrated().estimate(job);

    // describe() names every degree above 1 (context, expert, interleaving), so the degrees multiply to the GPUs
    System.out.printf("Fastest layout that fits on 1,024 A100s: %s, micro-batch %d, recomputation: %s%n",
        job.parallelism().describe(), job.microBatchSize(), job.recompute().id());
    System.out.printf("Counting attention too (Megatron's accounting): %.3e FLOPs%n", e.totalFlops().value());
    double peak = a100.requirePeak(DType.BF16).flopsPerSecond();
    System.out.printf("Step %.1f s, %.0f TFLOP/s per GPU, MFU %.1f%% of the %.0f TFLOP/s bf16 peak%n",
        e.stepSeconds(), e.achievedFlopsPerGpu().toTera(), 100 * e.mfu(), peak / 1e12);
    System.out.printf("Wall clock: %.1f days%n", e.wallClock().toSeconds() / 86_400.0);
    System.out.printf("GPU-hours: %,.0f%n", e.gpuHours());
    System.out.printf("Cost: USD %,.0f at USD %s per GPU-hour%n",
        e.cost().amount().setScale(0, RoundingMode.HALF_UP), pricePerGpuHour.amount().setScale(2, RoundingMode.HALF_UP));
    System.out.printf("Energy: %,.0f MWh (GPUs at their %.0f W TDP, PUE %.1f)%n",
        e.energy().kilowattHours() / 1000, a100.tdpWatts(), job.pue());

    // The same with a pencil: days = FLOPs / (GPUs × peak × MFU).
    double pencil = e.totalFlops().value() / (1024 * peak * e.mfu()) / 86_400;
    System.out.printf("Check: %.3e FLOPs / (1,024 GPUs × %.0f TFLOP/s × %.3f MFU) = %.1f days%n",
        e.totalFlops().value(), peak / 1e12, e.mfu(), pencil);
    System.out.println("Narayanan et al. 2021 estimated 34 days on 1,024 A100s at 140 TFLOP/s per GPU with full"
        + " recomputation (8 FLOPs per parameter per token).");
  }
}
