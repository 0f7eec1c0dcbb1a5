// Issue 17's three questions in Scala: QLoRA of Llama 3.1 8B on one 24 GB RTX 4090, hours and
// dollars for 50M tokens, LoRA on eight H100s against full fine-tuning with FSDP.
// java -cp examples/target/examples.jar dev.llmcost.examples.scala.FineTuningCost
package dev.llmcost.examples.scala

import dev.llmcost.core.Money
import dev.llmcost.core.hardware.AcceleratorCatalog
import dev.llmcost.core.model.ModelCatalog
import dev.llmcost.costmodel.finetuning.{Distribution, FineTuningCostModel, FineTuningEstimate, FineTuningJob,
  FineTuningMethod, LogitsMode, LoraConfig}

import java.math.RoundingMode
import java.util.Locale

object FineTuningCost {
  def main(args: Array[String]): Unit = {
    val llama = ModelCatalog.bundled.get("llama-3.1-8b")
    val rtx4090 = AcceleratorCatalog.bundled.get("rtx-4090")
    val h100 = AcceleratorCatalog.bundled.get("h100-sxm")
    val price = Money.usd("2.00") // an assumed price per GPU-hour; use your own
    val tokens = 50000000L
    val costModel = FineTuningCostModel.defaults
    println("Llama 3.1 8B (%,d parameters), sequences of 2,048 tokens, 4 per micro-batch"
      .formatLocal(Locale.ROOT, llama.parameterCounts.total.value))

    // 1. QLoRA: an NF4 base with double quantization, rank-16 adapters on every linear layer.
    val qlora = FineTuningJob.builder(llama, rtx4090)
      .method(FineTuningMethod.QLORA)
      .lora(LoraConfig.of(16, LoraConfig.ALL_LINEAR))
      .sequenceLength(2048)
      .microBatchSize(4)
      .trainingTokens(tokens)
      .pricePerGpuHour(price)
    val upcast = costModel.estimate(qlora.logits(LogitsMode.FP32_UPCAST).build)
    val chunked = costModel.estimate(qlora.logits(LogitsMode.CHUNKED).build)
    println("1. QLoRA (rank 16, all linear layers, NF4 base) on one 24 GB RTX 4090:")
    println("  %,d trainable parameters (%.2f%%)".formatLocal(Locale.ROOT, chunked.trainableParameters,
      100.0 * chunked.trainableParameters / chunked.totalParameters))
    println("  logits upcast to fp32 (HuggingFace): " + fit(upcast))
    println("  logits in chunks (torchtune):        " + fit(chunked))
    val largest = costModel.largestMicroBatch(chunked.job)
    println("  largest micro-batch with chunked logits: " +
      (if (largest.isPresent) s"${largest.getAsInt} sequences" else "none fits"))

    // 2. Hours and dollars for 50 million tokens on that card.
    println("2. 50M tokens on it: " + time(chunked))

    // 3. Eight H100s: LoRA with data parallelism against full fine-tuning sharded by FSDP.
    println("3. 50M tokens on eight H100 SXM:")
    val lora = costModel.estimate(FineTuningJob.builder(llama, h100)
      .method(FineTuningMethod.LORA)
      .lora(LoraConfig.of(16, LoraConfig.ALL_LINEAR))
      .gpus(8)
      .distribution(Distribution.DDP)
      .logits(LogitsMode.CHUNKED)
      .sequenceLength(2048)
      .microBatchSize(4)
      .trainingTokens(tokens)
      .pricePerGpuHour(price)
      .build)
    val full = costModel.estimate(lora.job.toBuilder
      .method(FineTuningMethod.FULL)
      .distribution(Distribution.FSDP)
      .build)
    for (e <- List(lora, full))
      println("  %-4s (%s): %s per GPU, %s".formatLocal(Locale.ROOT, e.job.method.id,
        e.job.distribution.id, e.memory.deviceTotal.toIecString, time(e)))
    println("  LoRA trains %,d parameters, full fine-tuning all %,d; LoRA is %.2f× as fast".formatLocal(Locale.ROOT,
      lora.trainableParameters, full.trainableParameters, lora.tokensPerSecond / full.tokensPerSecond))
  }

  private def fit(e: FineTuningEstimate): String =
    "%s of %s, logits %s: %s".formatLocal(Locale.ROOT, e.memory.deviceTotal.toIecString,
      e.memory.capacity.toIecString, e.memory.logits.toIecString,
      if (e.fits) "fits" else "does not fit")

  private def time(e: FineTuningEstimate): String =
    "%,.0f tokens/s, %.2f hours, %.2f GPU-hours, %s at %s per GPU-hour (assumed)".formatLocal(Locale.ROOT,
      e.tokensPerSecond, e.wallClockSeconds / 3600, e.gpuHours, e.cost.format(2, RoundingMode.HALF_EVEN),
      e.job.pricePerGpuHour.format(2, RoundingMode.HALF_EVEN))
}
