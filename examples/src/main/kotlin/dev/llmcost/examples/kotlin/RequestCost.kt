// The article's bills in Kotlin: $0.002 per 1K tokens (2023), today's prices, caching, a day of traffic.
// java -cp examples/target/llmcost.jar dev.llmcost.examples.kotlin.RequestCostKt
package dev.llmcost.examples.kotlin

import dev.llmcost.costmodel.pricing.BillingMode
import dev.llmcost.costmodel.pricing.PriceBook
import dev.llmcost.costmodel.pricing.TokenUsage
import dev.llmcost.costmodel.pricing.Workload
import java.math.RoundingMode

fun main() {
    val book = PriceBook.bundled()

    val article = book.get("gpt-3.5-turbo-2023")
    val small = TokenUsage.of(200, 500)
    val medium = TokenUsage.of(500, 1_000)
    println("At \$0.002 per 1K tokens (seen ${article.seen()}):")
    println("  200 in + 500 out:    ${article.bill(small).total()}")
    println("  500 in + 1,000 out:  ${article.bill(medium).total()} " +
        "(the article says about \$0.004; that is 2,000 tokens' worth)")

    println("Today:")
    for (model in listOf("gpt-4o-mini", "gpt-4o", "claude-haiku-3.5", "claude-sonnet-4")) {
        val bill = book.bill(model, medium)
        println("  %-18s %s (prices seen %s)".format(model, bill.total(), bill.modelPrice().seen()))
    }

    // Accessors are methods on every llmcost type: usage.cacheRead(), line.tokens(), line.cost().
    val usage = TokenUsage.openAi().promptTokens(10_000).cachedTokens(9_000).completionTokens(500).build()
    val cached = book.bill("gpt-4o", usage)
    println("gpt-4o, ${"%,d".format(usage.cacheRead().value)} of ${"%,d".format(usage.promptTokens().value)} prompt tokens cached:")
    for (line in cached.lines()) {
        println("  %-12s %,8d tokens  %s".format(line.kind().label(), line.tokens().value, line.cost()))
    }
    // Money has Kotlin operator names: plus, minus, times.
    val saved = book.bill("gpt-4o", TokenUsage.of(10_000, 500)).total() - cached.total()
    println("  total ${cached.total()}, saving $saved")
    println(book.bill("claude-sonnet-4", TokenUsage.anthropic().inputTokens(1_000).cacheReadInputTokens(9_000).outputTokens(500).build()))
    println("gpt-4o through the batch API: " +
        book.bill("gpt-4o", TokenUsage.of(10_000, 500), BillingMode.BATCH).total())

    val day = Workload.perDay(100_000)
        .share("chat", 70, medium)
        .share("retrieval", 30, TokenUsage.openAi().promptTokens(8_000).cachedTokens(6_000).completionTokens(300).build())
        .build()
    val bill = book.bill("gpt-4o-mini", day)
    println("100,000 requests a day on gpt-4o-mini: ${bill.perDay().format(2, RoundingMode.HALF_UP)} a day, " +
        "${(bill.perDay() * 30L).format(2, RoundingMode.HALF_UP)} a month of 30 days")
}
