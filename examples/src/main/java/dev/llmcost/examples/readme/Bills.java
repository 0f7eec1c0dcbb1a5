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
    Bill bill = book.bill("gpt-4o", TokenUsage.openAi(12_000, 8_000, 400, 0)); // OpenAI's counts: cached inside the prompt
    System.out.println(bill.total());                                          // USD 0.024
    book.bill("claude-sonnet-4", TokenUsage.anthropic(1_000, 50_000, 10_000, 800)); // Anthropic's: cache reads and writes apart
    WorkloadBill day = book.bill("gpt-4o-mini", Workload.perDay(100_000)
        .share("chat", 70, TokenUsage.of(500, 1_000))
        .share("retrieval", 30, TokenUsage.openAi(8_000, 6_000, 300, 0)).build());
    System.out.println(day.forDays(30));                                       // USD 2,254.50
    // end-snippet
  }
}
