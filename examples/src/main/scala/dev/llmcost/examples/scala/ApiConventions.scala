// The API's conventions from Scala 3 / 2.13: one estimator pattern, inputs built by name, results
// with typed accessors, quantities with plus/minus/times/div/compareTo, Java lists through
// scala.jdk.CollectionConverters.
// java -cp examples/target/examples.jar dev.llmcost.examples.scala.ApiConventions
package dev.llmcost.examples.scala

import dev.llmcost.core.{DataSize, Money, TokenCount}
import dev.llmcost.core.hardware.AcceleratorCatalog
import dev.llmcost.core.model.ModelCatalog
import dev.llmcost.costmodel.inference.{InferenceCostModel, InferenceScenario}
import dev.llmcost.costmodel.training.{Cluster, Parallelism, TrainingCostModel, TrainingJob, ZeroStage}

import java.math.RoundingMode
import scala.jdk.CollectionConverters._

object ApiConventions {
  def main(args: Array[String]): Unit = {
    val model = ModelCatalog.bundled().get("llama-3.1-8b")
    val h100 = AcceleratorCatalog.bundled().get("h100-sxm")

    val job = TrainingJob.builder(model, Cluster.of(h100, 64))
      .parallelism(Parallelism.builder().dp(16).tp(4).sequenceParallel(true).build())
      .zero(ZeroStage.OPTIMIZER_STATES)
      .sequenceLength(8192).globalBatchSize(512)
      .trainingTokens(TokenCount.ofBillions(1000))
      .build()
    val training = TrainingCostModel.calibrated().estimate(job)
    val memory = training.memory()
    println(f"training: ${training.wallClock().toHours() / 24.0}%.1f days, ${training.cost()}, ${training.energy()}")
    println(s"memory per GPU: ${memory.total().toSiString()} of ${memory.capacity().toSiString()} (fits: ${memory.fits()})")

    val scenario = InferenceScenario.builder(model, h100).batch(16).inputTokens(1000).outputTokens(250).build()
    val serving = InferenceCostModel.calibrated().estimate(scenario)
    println(f"serving: TTFT ${serving.ttft().toNanos() / 1e6}%.1f ms, TPOT ${serving.tpot().toNanos() / 1e6}%.2f ms")

    val perToken: DataSize = serving.kvCachePerToken()
    val sequence = perToken.times(8192L)
    val free = serving.memoryPerGpu().free()
    println(s"KV cache per token: ${perToken.bytes()} bytes; an 8,192-token sequence: ${sequence.toSiString()}, " +
      (if (sequence.compareTo(free) < 0) "fits in" else "does not fit in") + s" the ${free.toSiString()} left")
    val total = training.cost().plus(Money.usd("1200.00"))
    println(s"with USD 1,200 of storage: ${total.format(2, RoundingMode.HALF_UP)}, " +
      s"${total.div(30L).format(2, RoundingMode.HALF_UP)} a day over 30 days")
    println(s"energy per million tokens: ${training.energyPerMillionTokens()}, both runs: ${training.energy().times(2.0)}")

    // Java lists are converted at the boundary: the first three assumptions of the training estimate.
    training.assumptions().asScala.take(3).zipWithIndex.foreach { case (a, i) => println(s"assumption ${i + 1}: ${a.take(60)}...") }
  }
}
