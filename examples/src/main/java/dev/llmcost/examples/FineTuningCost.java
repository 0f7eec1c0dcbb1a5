package dev.llmcost.examples;

import dev.llmcost.core.Money;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.finetuning.Distribution;
import dev.llmcost.costmodel.finetuning.FineTuningCostModel;
import dev.llmcost.costmodel.finetuning.FineTuningEstimate;
import dev.llmcost.costmodel.finetuning.FineTuningJob;
import dev.llmcost.costmodel.finetuning.FineTuningMethod;
import dev.llmcost.costmodel.finetuning.LogitsMode;
import dev.llmcost.costmodel.finetuning.LoraConfig;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * Issue 17's three questions: can QLoRA fine-tune Llama 3.1 8B on one 24 GB RTX 4090, how many
 * hours and dollars 50 million tokens take, and LoRA on eight H100s against full fine-tuning with
 * FSDP.
 *
 * <pre>java -cp examples/target/examples.jar dev.llmcost.examples.FineTuningCost</pre>
 */
public final class FineTuningCost {
  private FineTuningCost() {}

  /**
   * Prints the answers.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    ModelArchitecture llama = ModelCatalog.bundled().get("llama-3.1-8b");
    AcceleratorSpec rtx4090 = AcceleratorCatalog.bundled().get("rtx-4090");
    AcceleratorSpec h100 = AcceleratorCatalog.bundled().get("h100-sxm");
    Money price = Money.usd("2.00"); // an assumed price per GPU-hour; use your own
    long tokens = 50_000_000L;
    FineTuningCostModel costModel = FineTuningCostModel.defaults();
    System.out.printf(Locale.ROOT, "Llama 3.1 8B (%,d parameters), sequences of 2,048 tokens, 4 per micro-batch%n",
        llama.parameterCounts().total().value());

    // 1. QLoRA: an NF4 base with double quantization, rank-16 adapters on every linear layer.
    FineTuningJob.Builder qlora = FineTuningJob.builder(llama, rtx4090)
        .method(FineTuningMethod.QLORA)
        .lora(LoraConfig.of(16, LoraConfig.ALL_LINEAR))
        .sequenceLength(2048)
        .microBatchSize(4)
        .trainingTokens(tokens)
        .pricePerGpuHour(price);
    FineTuningEstimate upcast = costModel.estimate(qlora.logits(LogitsMode.FP32_UPCAST).build());
    FineTuningEstimate chunked = costModel.estimate(qlora.logits(LogitsMode.CHUNKED).build());
    System.out.println("1. QLoRA (rank 16, all linear layers, NF4 base) on one 24 GB RTX 4090:");
    System.out.printf(Locale.ROOT, "  %,d trainable parameters (%.2f%%)%n", chunked.trainableParameters(),
        100.0 * chunked.trainableParameters() / chunked.totalParameters());
    System.out.println("  logits upcast to fp32 (HuggingFace): " + fit(upcast));
    System.out.println("  logits in chunks (torchtune):        " + fit(chunked));
    OptionalInt largest = costModel.largestMicroBatch(chunked.job());
    System.out.println("  largest micro-batch with chunked logits: "
        + (largest.isPresent() ? largest.getAsInt() + " sequences" : "none fits"));

    // 2. Hours and dollars for 50 million tokens on that card.
    System.out.println("2. 50M tokens on it: " + time(chunked));

    // 3. Eight H100s: LoRA with data parallelism against full fine-tuning sharded by FSDP.
    System.out.println("3. 50M tokens on eight H100 SXM:");
    FineTuningEstimate lora = costModel.estimate(FineTuningJob.builder(llama, h100)
        .method(FineTuningMethod.LORA)
        .lora(LoraConfig.of(16, LoraConfig.ALL_LINEAR))
        .gpus(8)
        .distribution(Distribution.DDP)
        .logits(LogitsMode.CHUNKED)
        .sequenceLength(2048)
        .microBatchSize(4)
        .trainingTokens(tokens)
        .pricePerGpuHour(price)
        .build());
    FineTuningEstimate full = costModel.estimate(lora.job().toBuilder()
        .method(FineTuningMethod.FULL)
        .distribution(Distribution.FSDP)
        .build());
    for (FineTuningEstimate e : new FineTuningEstimate[] {lora, full}) {
      System.out.printf(Locale.ROOT, "  %-4s (%s): %s per GPU, %s%n", e.job().method().id(),
          e.job().distribution().id(), e.memory().deviceTotal().toIecString(), time(e));
    }
    System.out.printf(Locale.ROOT, "  LoRA trains %,d parameters, full fine-tuning all %,d; LoRA is %.2f× as fast%n",
        lora.trainableParameters(), full.trainableParameters(), lora.tokensPerSecond() / full.tokensPerSecond());
  }

  private static String fit(FineTuningEstimate e) {
    return String.format(Locale.ROOT, "%s of %s, logits %s: %s", e.memory().deviceTotal().toIecString(),
        e.memory().capacity().toIecString(), e.memory().logits().toIecString(),
        e.fits() ? "fits" : "does not fit");
  }

  private static String time(FineTuningEstimate e) {
    return String.format(Locale.ROOT, "%,.0f tokens/s, %.2f hours, %.2f GPU-hours, %s at %s per GPU-hour (assumed)",
        e.tokensPerSecond(), e.wallClockSeconds() / 3600, e.gpuHours(), e.cost().format(2, RoundingMode.HALF_EVEN),
        e.job().pricePerGpuHour().format(2, RoundingMode.HALF_EVEN));
  }
}
