// The article's bills in Scala: $0.002 per 1K tokens (2023), today's prices, caching, a day of traffic.
// java -cp examples/target/llmcost.jar dev.llmcost.examples.scala.RequestCost
package dev.llmcost.examples.scala

import dev.llmcost.costmodel.pricing.{BillingMode, PriceBook, TokenUsage, Workload}

import java.math.RoundingMode
import scala.jdk.CollectionConverters._

object RequestCost {
  def main(args: Array[String]): Unit = {
    val book = PriceBook.bundled

    val article = book.get("gpt-3.5-turbo-2023")
    val small = TokenUsage.of(200, 500)
    val medium = TokenUsage.of(500, 1000)
    println(s"At $$0.002 per 1K tokens (seen ${article.seen}):")
    println(s"  200 in + 500 out:    ${article.bill(small).total}")
    println(s"  500 in + 1,000 out:  ${article.bill(medium).total} " +
      "(the article says about $0.004; that is 2,000 tokens' worth)")

    println("Today:")
    for (model <- List("gpt-4o-mini", "gpt-4o", "claude-haiku-3.5", "claude-sonnet-4")) {
      val bill = book.bill(model, medium)
      println(f"  $model%-18s ${bill.total} (prices seen ${bill.modelPrice.seen})")
    }

    val usage = TokenUsage.openAi().promptTokens(10000).cachedTokens(9000).completionTokens(500).build()
    val cached = book.bill("gpt-4o", usage)
    println(f"gpt-4o, ${usage.cacheRead.value}%,d of ${usage.promptTokens.value}%,d prompt tokens cached:")
    for (line <- cached.lines.asScala)
      println(f"  ${line.kind.label}%-12s ${line.tokens.value}%,8d tokens  ${line.cost}")
    val saved = book.bill("gpt-4o", TokenUsage.of(10000, 500)).total.minus(cached.total)
    println(s"  total ${cached.total}, saving $saved")
    println(book.bill("claude-sonnet-4", TokenUsage.anthropic().inputTokens(1000).cacheReadInputTokens(9000).outputTokens(500).build()))
    println("gpt-4o through the batch API: " +
      book.bill("gpt-4o", TokenUsage.of(10000, 500), BillingMode.BATCH).total)

    val day = Workload.perDay(100000)
      .share("chat", 70, medium)
      .share("retrieval", 30, TokenUsage.openAi().promptTokens(8000).cachedTokens(6000).completionTokens(300).build())
      .build()
    val bill = book.bill("gpt-4o-mini", day)
    println(s"100,000 requests a day on gpt-4o-mini: ${bill.perDay.format(2, RoundingMode.HALF_UP)} a day, " +
      s"${bill.forDays(30).format(2, RoundingMode.HALF_UP)} a month of 30 days")
  }
}
