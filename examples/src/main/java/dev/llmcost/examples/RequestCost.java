package dev.llmcost.examples;

import dev.llmcost.core.Money;
import dev.llmcost.costmodel.pricing.Bill;
import dev.llmcost.costmodel.pricing.BillLine;
import dev.llmcost.costmodel.pricing.BillingMode;
import dev.llmcost.costmodel.pricing.ModelPrice;
import dev.llmcost.costmodel.pricing.PriceBook;
import dev.llmcost.costmodel.pricing.TokenUsage;
import dev.llmcost.costmodel.pricing.Workload;
import dev.llmcost.costmodel.pricing.WorkloadBill;
import java.math.RoundingMode;
import java.util.List;

/**
 * The article's bills: a request at $0.002 per 1K tokens (a 2023 price), the same request at
 * today's prices, an itemised bill with prompt caching, and a day of traffic.
 *
 * <pre>java -cp examples/target/llmcost.jar dev.llmcost.examples.RequestCost</pre>
 */
public final class RequestCost {
  private RequestCost() {}

  /**
   * Prints the bills.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    PriceBook book = PriceBook.bundled();

    // The article: $0.002 per 1K tokens, input and output alike (gpt-3.5-turbo, 2023).
    ModelPrice article = book.get("gpt-3.5-turbo-2023");
    TokenUsage small = TokenUsage.of(200, 500);
    TokenUsage medium = TokenUsage.of(500, 1_000);
    System.out.println("At $0.002 per 1K tokens (seen " + article.seen() + "):");
    System.out.println("  200 in + 500 out:    " + article.bill(small).total());
    System.out.println("  500 in + 1,000 out:  " + article.bill(medium).total()
        + " (the article says about $0.004; that is 2,000 tokens' worth)");

    // The same 500 + 1,000 request at today's list prices.
    System.out.println("Today:");
    for (String model : List.of("gpt-4o-mini", "gpt-4o", "claude-haiku-3.5", "claude-sonnet-4")) {
      Bill bill = book.bill(model, medium);
      System.out.printf("  %-18s %s (prices seen %s)%n", model, bill.total(), bill.modelPrice().seen());
    }

    // An itemised bill: a 10,000-token prompt of which 9,000 come from the cache (OpenAI's counts),
    // and the same request as Anthropic counts it (cache reads apart from the other input).
    TokenUsage usage = TokenUsage.openAi().promptTokens(10_000).cachedTokens(9_000).completionTokens(500).build();
    Bill cached = book.bill("gpt-4o", usage);
    System.out.printf("gpt-4o, %,d of %,d prompt tokens cached:%n",
        usage.cacheRead().value(), usage.promptTokens().value());
    for (BillLine line : cached.lines()) {
      System.out.printf("  %-12s %,8d tokens  %s%n", line.kind().label(), line.tokens().value(), line.cost());
    }
    Money saved = book.bill("gpt-4o", TokenUsage.of(10_000, 500)).total().minus(cached.total());
    System.out.println("  total " + cached.total() + ", saving " + saved);
    System.out.println(book.bill("claude-sonnet-4", TokenUsage.anthropic().inputTokens(1_000).cacheReadInputTokens(9_000).outputTokens(500).build()));
    System.out.println("gpt-4o through the batch API: "
        + book.bill("gpt-4o", TokenUsage.of(10_000, 500), BillingMode.BATCH).total());

    // A day of traffic: 100,000 requests, 70% short chats, 30% retrieval with a cached prompt.
    Workload day = Workload.perDay(100_000)
        .share("chat", 70, medium)
        .share("retrieval", 30, TokenUsage.openAi().promptTokens(8_000).cachedTokens(6_000).completionTokens(300).build())
        .build();
    WorkloadBill bill = book.bill("gpt-4o-mini", day);
    System.out.printf("100,000 requests a day on gpt-4o-mini: %s a day, %s a month of 30 days%n",
        bill.perDay().format(2, RoundingMode.HALF_UP), bill.forDays(30).format(2, RoundingMode.HALF_UP));
  }
}
