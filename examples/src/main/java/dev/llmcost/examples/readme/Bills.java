package dev.llmcost.examples.readme;

// snippet:bills-java
import dev.llmcost.costmodel.pricing.Bill;
import dev.llmcost.costmodel.pricing.PriceBook;
import dev.llmcost.costmodel.pricing.TokenUsage;
import dev.llmcost.costmodel.pricing.Workload;
import dev.llmcost.costmodel.pricing.WorkloadBill;
// end-snippet

/** The README's bills snippet. */
public final class Bills {
  private Bills() {}

  /**
   * Runs the snippet.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    // snippet:bills-java
    PriceBook book = PriceBook.bundled();
    // OpenAI's counts: cached tokens inside the prompt, reasoning inside the completion
    Bill bill = book.bill("gpt-4o",
        TokenUsage.openAi().promptTokens(12_000).cachedTokens(8_000).completionTokens(400).build());
    System.out.println(bill.total());                                          // USD 0.024
    // Anthropic's: cache reads and writes apart from the other input tokens
    book.bill("claude-sonnet-4", TokenUsage.anthropic().inputTokens(1_000).cacheReadInputTokens(50_000)
        .cacheCreationInputTokens(10_000).outputTokens(800).build());
    WorkloadBill day = book.bill("gpt-4o-mini", Workload.perDay(100_000)
        .share("chat", 70, TokenUsage.of(500, 1_000))
        .share("retrieval", 30,
            TokenUsage.openAi().promptTokens(8_000).cachedTokens(6_000).completionTokens(300).build())
        .build());
    System.out.println(day.forDays(30));                                       // USD 2,254.50
    // end-snippet
  }
}
