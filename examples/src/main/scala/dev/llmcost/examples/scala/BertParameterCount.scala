// The article's first number in Scala: BERT-base's parameters, counted exactly.
// java -cp examples/target/llmcost.jar dev.llmcost.examples.scala.BertParameterCount
package dev.llmcost.examples.scala

import dev.llmcost.core.DType
import dev.llmcost.core.model.ModelCatalog

import scala.jdk.CollectionConverters._

object BertParameterCount {
  def main(args: Array[String]): Unit = {
    val bert = ModelCatalog.bundled.get("bert-base-uncased")
    val counts = bert.parameterCounts
    val total = counts.total

    println(f"BERT-base (${bert.layers}%d layers, hidden ${bert.hidden}%d, ${bert.heads}%d heads): " +
      f"${total.value}%,d parameters (${total.toHumanString})")
    for (component <- counts.components.asScala)
      println(f"  ${component.name}%-24s ${component.total.value}%,12d")
    println(f"  embedding ${counts.embedding.value}%,d + non-embedding ${counts.nonEmbedding.value}%,d")
    println(s"Weights: ${total.memory(DType.FP32).toSiString} in fp32, ${total.memory(DType.BF16).toSiString} in bf16")

    val article = 110700000L
    val difference = article - total.value
    println(f"The article says 110.7 million; the exact count is $difference%,d lower " +
      f"(${100.0 * difference / total.value}%.1f%%).")
  }
}
