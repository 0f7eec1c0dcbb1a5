// The README's quick start in Kotlin (ReadmeSnippetsTest keeps the README block equal to the region).
package dev.llmcost.examples.readme

// snippet:quickstart-kotlin
import dev.llmcost.core.DType
import dev.llmcost.core.model.ModelCatalog
// end-snippet

fun main() {
    // snippet:quickstart-kotlin
    val counts = ModelCatalog.bundled().get("mixtral-8x7b-v0.1").parameterCounts()
    println("${counts.total().toHumanString()} total, ${counts.active().toHumanString()} active")
    println(counts.total().memory(DType.BF16))
    // end-snippet
}
