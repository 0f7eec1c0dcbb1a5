// The API's conventions from Kotlin: one estimator pattern, inputs built by name, results with
// typed accessors (called as methods, records and classes alike), operators on every quantity.
// java -cp examples/target/examples.jar dev.llmcost.examples.kotlin.ApiConventionsKt
package dev.llmcost.examples.kotlin

import dev.llmcost.core.DataSize
import dev.llmcost.core.Money
import dev.llmcost.core.TokenCount
import dev.llmcost.core.hardware.AcceleratorCatalog
import dev.llmcost.core.model.ModelCatalog
import dev.llmcost.costmodel.inference.InferenceCostModel
import dev.llmcost.costmodel.inference.InferenceScenario
import dev.llmcost.costmodel.training.Cluster
import dev.llmcost.costmodel.training.Parallelism
import dev.llmcost.costmodel.training.TrainingCostModel
import dev.llmcost.costmodel.training.TrainingJob
import dev.llmcost.costmodel.training.ZeroStage

fun main() {
    val model = ModelCatalog.bundled().get("llama-3.1-8b")
    val h100 = AcceleratorCatalog.bundled().get("h100-sxm")

    // Training: TrainingCostModel.calibrated().estimate(job); sequence parallelism only when asked for.
    val job = TrainingJob.builder(model, Cluster.of(h100, 64))
        .parallelism(Parallelism.builder().dp(16).tp(4).sequenceParallel(true).build())
        .zero(ZeroStage.OPTIMIZER_STATES)
        .sequenceLength(8192).globalBatchSize(512)
        .trainingTokens(TokenCount.ofBillions(1_000))
        .build()
    val training = TrainingCostModel.calibrated().estimate(job)
    val memory = training.memory()
    println("training: %.1f days, %s, %s".format(training.wallClock().toHours() / 24.0, training.cost(), training.energy()))
    println("memory per GPU: %s of %s (fits: %s)".format(
        memory.total().toSiString(), memory.capacity().toSiString(), memory.fits()))

    // Inference: InferenceCostModel.calibrated().estimate(scenario); times are java.time.Duration.
    val scenario = InferenceScenario.builder(model, h100).batch(16).inputTokens(1000).outputTokens(250).build()
    val serving = InferenceCostModel.calibrated().estimate(scenario)
    println("serving: TTFT %.1f ms, TPOT %.2f ms".format(serving.ttft().toNanos() / 1e6, serving.tpot().toNanos() / 1e6))

    // Operators: + - * / and < > on quantities.
    val perToken: DataSize = serving.kvCachePerToken()
    val sequence = perToken * 8192L
    val free = serving.memoryPerGpu().free()
    println("KV cache per token: ${perToken.bytes()} bytes; an 8,192-token sequence: ${sequence.toSiString()}, " +
        (if (sequence < free) "fits in" else "does not fit in") + " the ${free.toSiString()} left")
    val total = training.cost() + Money.usd("1200.00")
    println("with USD 1,200 of storage: ${total.format(2, java.math.RoundingMode.HALF_UP)}, " +
        "${(total / 30L).format(2, java.math.RoundingMode.HALF_UP)} a day over 30 days")
    println("energy per million tokens: ${training.energyPerMillionTokens()}, both runs: ${training.energy() * 2.0}")
}
