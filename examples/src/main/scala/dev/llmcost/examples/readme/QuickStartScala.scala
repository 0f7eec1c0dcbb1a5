// The README's quick start in Scala (ReadmeSnippetsTest keeps the README block equal to the region).
package dev.llmcost.examples.readme

// snippet:quickstart-scala
import dev.llmcost.core.model.ModelCatalog
// end-snippet

object QuickStartScala {
  def main(args: Array[String]): Unit = {
    // snippet:quickstart-scala
    val counts = ModelCatalog.bundled().get("deepseek-v3").parameterCounts()
    println(s"${counts.total().toHumanString} total, ${counts.active().toHumanString} active")
    // end-snippet
  }
}
