package dev.llmcost.cli.tour;

import dev.llmcost.cli.chart.ChartSink;
import dev.llmcost.cli.chart.Charts;
import dev.llmcost.core.Money;
import dev.llmcost.costmodel.pricing.BillingMode;
import dev.llmcost.costmodel.pricing.ModelPrice;
import dev.llmcost.costmodel.pricing.PriceBook;
import dev.llmcost.costmodel.pricing.TokenKind;
import dev.llmcost.costmodel.pricing.TokenUsage;
import dev.llmcost.costmodel.pricing.Workload;
import dev.llmcost.costmodel.pricing.WorkloadBill;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.CategoryChart;

/** The article's bills: what a request costs, then and now, with caching, batch and a day of traffic. */
public final class BillsSection implements TourSection {

  /** The article's price: $0.002 per 1K tokens, input and output alike (2023). */
  static final String ARTICLE_MODEL = "gpt-3.5-turbo-2023";

  /**
   * Today's models the tour bills next to the article's price: OpenAI, Anthropic, Google, DeepSeek
   * and an open-weight model on a host.
   */
  static final List<String> CURRENT_MODELS =
      List.of("gpt-5", "gpt-5-mini", "gpt-5-nano", "gpt-4.1", "gpt-4o-mini", "o3", "claude-opus-4-5",
          "claude-sonnet-4-5", "claude-haiku-4-5", "gemini-2.5-pro", "gemini-2.5-flash", "deepseek-v3.2",
          "groq/openai/gpt-oss-120b");

  /** The article's $0.0014 request: 700 tokens (the split is ours; at a flat price it does not matter). */
  static final TokenUsage REQUEST_A = TokenUsage.of(200, 500);

  /** The article's "500 input and 1,000 output tokens", which it puts at about $0.004. */
  static final TokenUsage REQUEST_B = TokenUsage.of(500, 1_000);

  /** A retrieval request: an 8,000-token prompt of which 6,000 come from the cache, 300 out. */
  static final TokenUsage RETRIEVAL = TokenUsage.openAi().promptTokens(8_000).cachedTokens(6_000).completionTokens(300).build();

  @Override
  public String title() {
    return "5. Bills: what a request costs, then and now";
  }

  @Override
  public void print(PrintWriter out) {
    PriceBook book = PriceBook.bundled();
    ModelPrice article = book.get(ARTICLE_MODEL);
    out.println("APIs bill tokens: the prompt's (input) and the answer's (output), each at a price per token.");
    out.println("The article's price is $0.002 per 1K tokens, input and output alike:");
    out.println();
    out.printf(Locale.ROOT, "  %-10s %7s %7s %7s   %s%n", "request", "input", "output", "tokens", "USD at $0.002 per 1K");
    printArticleRow(out, "A", REQUEST_A, article);
    printArticleRow(out, "B", REQUEST_B, article);
    out.println();
    out.println("Note: $0.002 per 1K tokens is a 2023 price (gpt-3.5-turbo at its launch), seen " + article.seen()
        + "; current prices follow, each with the date it was seen.");
    out.printf(Locale.ROOT,
        "Note: the article puts request B (500 input + 1,000 output tokens) at \"about $0.004\"; at $0.002 per 1K"
            + " its 1,500 tokens cost exactly $%s. $0.004 buys 2,000 tokens.%n",
        amount(article.bill(REQUEST_B).total()));
    out.println("Request A is the article's $0.0014 request: 700 tokens, split here as 200 in + 500 out.");

    out.println();
    out.println("The same requests at today's prices, per the bundled price book (prices in USD per 1M tokens,");
    out.println("bills in USD; 'llmcost catalog prices' lists all " + book.size() + " models):");
    out.println();
    List<ModelPrice> models = models(book);
    out.printf(Locale.ROOT, "  %-24s %7s %7s  %-10s %12s %12s%n", "model", "input", "output", "seen", "request A", "request B");
    for (ModelPrice p : models) {
      out.printf(Locale.ROOT, "  %-24s %7s %7s  %-10s %12s %12s%n",
          p.id(), perMillion(p, TokenKind.INPUT), perMillion(p, TokenKind.OUTPUT), p.seen(),
          amount(p.bill(REQUEST_A).total()), amount(p.bill(REQUEST_B).total()));
    }

    out.println();
    out.println("Prompt caching and the batch API change the bill as much as the model does. A request with a");
    out.println("10,000-token prompt, 500 tokens out, in USD (cached tokens at the book's cache-read price, as");
    out.println("input where it has none; \"-\" where the book has no batch price):");
    out.println();
    TokenUsage uncached = TokenUsage.of(10_000, 500);
    TokenUsage cached = TokenUsage.openAi().promptTokens(10_000).cachedTokens(9_000).completionTokens(500).build();
    out.printf(Locale.ROOT, "  %-24s %12s %14s %12s%n", "model", "no cache", "9,000 cached", "batch");
    for (ModelPrice p : models) {
      String batch = p.batch().isPresent() ? amount(p.bill(uncached, BillingMode.BATCH).total()) : "-";
      out.printf(Locale.ROOT, "  %-24s %12s %14s %12s%n",
          p.id(), amount(p.bill(uncached).total()), amount(p.bill(cached).total()), batch);
    }

    Workload day =
        Workload.perDay(100_000).share("like request B", 70, REQUEST_B).share("retrieval", 30, RETRIEVAL).build();
    out.println();
    out.println("A day of traffic: 100,000 requests, 70% like request B, 30% retrieval (8,000-token prompt,");
    out.println("6,000 of them cached, 300 out):");
    out.println();
    out.printf(Locale.ROOT, "  %-24s %12s %14s %16s%n", "model", "USD per day", "per 30 days", "per 1M tokens");
    for (ModelPrice p : models) {
      WorkloadBill w = p.bill(day);
      out.printf(Locale.ROOT, "  %-24s %12s %14s %16s%n",
          p.id(), amount(w.perDay(), 2), amount(w.forDays(30), 2), amount(w.costPerMillionTokens(), 4));
    }
    out.println();
    out.println("Serving a model on your own GPUs instead: section 4 set the cost per million output tokens on GPUs against"
        + " these prices; 'llmcost infer ... --price-per-gpu-hour P --api-model gpt-4o-mini' gives the break-even.");
    out.println("Every amount is exact decimal money (no floating point); only this display rounds.");
    out.println("Prices are dated: 'llmcost bill --at 2023-06-01 --model gpt-3.5-turbo --input 1000 --output 0' bills");
    out.println("at the prices then in force (the article's $0.002 per 1K).");
    out.println("Try: llmcost bill --model gpt-5 --input 500 --output 1000 --json");
  }

  /** The article's 2023 entry, then today's models. */
  static List<ModelPrice> models(PriceBook book) {
    List<ModelPrice> out = new ArrayList<>();
    out.add(book.get(ARTICLE_MODEL));
    for (String id : CURRENT_MODELS) {
      out.add(book.get(id));
    }
    return out;
  }

  private static void printArticleRow(PrintWriter out, String name, TokenUsage u, ModelPrice article) {
    out.printf(Locale.ROOT, "  %-10s %,7d %,7d %,7d   %s%n", name, u.input().value(), u.output().value(),
        u.total().value(), amount(article.bill(u).total()));
  }

  private static String perMillion(ModelPrice p, TokenKind kind) {
    return p.standard().price(kind).map(x -> x.perMillionTokens().amount().setScale(2, RoundingMode.HALF_UP)
        .toPlainString()).orElse("-");
  }

  /** Formats an amount without its currency, exactly, with 4 to 8 decimals (half-up past 8). */
  static String amount(Money m) {
    int decimals = Math.max(0, m.amount().stripTrailingZeros().scale());
    return m.amount().setScale(Math.max(4, Math.min(8, decimals)), RoundingMode.HALF_UP).toPlainString();
  }

  /** Formats an amount without its currency, rounded half-up to {@code scale} decimals. */
  static String amount(Money m, int scale) {
    // as Money.format does, without the currency code: %,f on a BigDecimal groups it exactly
    return String.format(Locale.ROOT, "%,." + scale + "f", m.amount().setScale(scale, RoundingMode.HALF_UP));
  }

  @Override
  public void draw(ChartSink charts) {
    PriceBook book = PriceBook.bundled();
    List<String> models = new ArrayList<>();
    List<BigDecimal> input = new ArrayList<>();
    List<BigDecimal> output = new ArrayList<>();
    for (ModelPrice p : models(book)) {
      models.add(p.id() + " (" + p.seen() + ")");
      input.add(p.standard().price(TokenKind.INPUT).orElseThrow().perMillionTokens().amount());
      output.add(p.standard().price(TokenKind.OUTPUT).orElseThrow().perMillionTokens().amount());
    }
    CategoryChart c =
        Charts.bars("API price per million tokens (bundled price book)", "model (date seen)",
            "USD per 1M tokens (log scale)", true);
    Charts.addBars(c, "input", models, input);
    Charts.addBars(c, "output", models, output);
    charts.write("api-price-per-million-tokens", c);
  }
}
