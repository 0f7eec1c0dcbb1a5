// The article's first number in Kotlin: BERT-base's parameters, counted exactly.
// java -cp examples/target/llmcost.jar dev.llmcost.examples.kotlin.BertParameterCountKt
package dev.llmcost.examples.kotlin

import dev.llmcost.core.DType
import dev.llmcost.core.model.ModelCatalog

fun main() {
    val bert = ModelCatalog.bundled().get("bert-base-uncased")
    val counts = bert.parameterCounts()
    val total = counts.total()

    println("BERT-base (${bert.layers()} layers, hidden ${bert.hidden()}, ${bert.heads()} heads): " +
        "${"%,d".format(total.value)} parameters (${total.toHumanString()})")
    for (component in counts.components()) {
        println("  %-24s %,12d".format(component.name(), component.total().value))
    }
    println("  embedding %,d + non-embedding %,d".format(counts.embedding().value, counts.nonEmbedding().value))
    println("Weights: ${total.memory(DType.FP32).toSiString()} in fp32, ${total.memory(DType.BF16).toSiString()} in bf16")

    val article = 110_700_000L
    val difference = article - total.value
    println("The article says 110.7 million; the exact count is ${"%,d".format(difference)} lower " +
        "(${"%.1f".format(100.0 * difference / total.value)}%).")
}
