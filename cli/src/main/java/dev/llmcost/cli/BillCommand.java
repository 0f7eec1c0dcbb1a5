package dev.llmcost.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.core.Money;
import dev.llmcost.core.TokenCount;
import dev.llmcost.costmodel.pricing.Bill;
import dev.llmcost.costmodel.pricing.BillLine;
import dev.llmcost.costmodel.pricing.BillingMode;
import dev.llmcost.costmodel.pricing.LiteLlmPrices;
import dev.llmcost.costmodel.pricing.ModelPrice;
import dev.llmcost.costmodel.pricing.PriceBook;
import dev.llmcost.costmodel.pricing.TokenUsage;
import dev.llmcost.tokenizers.TokenizerRegistry;
import dev.llmcost.core.internal.Similarity;
import java.io.PrintWriter;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code llmcost bill}: the itemised API bill of one request (or a day of them). */
@Command(
    name = "bill",
    mixinStandardHelpOptions = true,
    description = {
      "The itemised API bill of one request, in exact decimal money, from the bundled price book"
          + " (every price dated and sourced) or a LiteLLM model_prices_and_context_window.json.",
      "Counts follow OpenAI's convention: --input is the whole prompt and --cached, --cache-write"
          + " and --cache-write-1h say how many of those tokens were read from or written to the"
          + " cache; --reasoning says how many of the --output tokens were reasoning.",
      "Prices are those in force on --at (default: today, UTC); the report gives the age of the"
          + " price used and warns when it was seen more than 90 days before that day."
    })
public final class BillCommand implements Callable<Integer> {

  @Option(names = "--model", required = true, description = "Model id or alias in the price book, such as gpt-4o or claude-sonnet-4.")
  String model;

  @Option(names = "--input", required = true, paramLabel = "N", description = "Prompt tokens, cached ones included.")
  long input;

  @Option(names = "--output", paramLabel = "N",
      description = "Generated tokens, reasoning included (default: 0, as for an embedding API such as text-embedding-3-small).")
  long output;

  @Option(names = "--cached", paramLabel = "N", description = "Of the --input tokens, how many were read from the cache (default: 0).")
  long cached;

  @Option(names = "--cache-write", paramLabel = "N", description = "Of the --input tokens, how many were written to the cache with a 5-minute lifetime (default: 0).")
  long cacheWrite;

  @Option(names = "--cache-write-1h", paramLabel = "N", description = "Of the --input tokens, how many were written to the cache with a 1-hour lifetime (default: 0).")
  long cacheWrite1h;

  @Option(names = "--reasoning", paramLabel = "N", description = "Of the --output tokens, how many were reasoning tokens (default: 0).")
  long reasoning;

  @Option(names = "--batch", description = "Bill at the batch API's prices.")
  boolean batch;

  @Option(names = "--flex", description = "Bill at the flex service tier's prices (slower, cheaper).")
  boolean flex;

  @Option(names = "--priority", description = "Bill at the priority service tier's prices (faster, dearer).")
  boolean priority;

  @Option(names = "--at", paramLabel = "YYYY-MM-DD", description = "Bill at the prices in force on this day (default: today, UTC), such as 2023-06-01.")
  @Nullable String at;

  @Option(names = "--requests-per-day", paramLabel = "N", description = "Also give the cost of N such requests a day, and of 30 days.")
  @Nullable Long requestsPerDay;

  @Option(names = "--prices", paramLabel = "FILE", description = "A LiteLLM model_prices_and_context_window.json whose prices replace the bundled ones.")
  @Nullable Path prices;

  @Mixin JsonOption json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    TokenUsage usage = usage();
    PriceBook book = PriceBook.bundled();
    if (prices != null) {
      book = book.withPrices(LiteLlmPrices.read(prices));
    }
    LocalDate day = billingDate();
    BillingMode mode = mode();
    if (book.find(model).isEmpty()) {
      throw new IllegalArgumentException(unknownModel(book, model));
    }
    Bill bill = book.get(model, day).bill(usage, mode);
    billedOn = day;
    PrintWriter out = spec.commandLine().getOut();
    if (json.enabled()) {
      out.println(JsonOutput.write(toJson(bill)));
    } else {
      out.print(report(bill));
    }
    return 0;
  }

  /** The day the bill was made for (set by {@link #call()}). */
  LocalDate billedOn = LocalDate.now(ZoneOffset.UTC);

  /** How many days before the billing day a price may have been seen without a warning. */
  static final long STALE_AFTER_DAYS = 90;

  LocalDate billingDate() {
    if (at == null) {
      return LocalDate.now(ZoneOffset.UTC);
    }
    try {
      return LocalDate.parse(at.strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("--at must be a date such as 2024-06-01, was \"" + at + "\"", e);
    }
  }

  BillingMode mode() {
    int chosen = (batch ? 1 : 0) + (flex ? 1 : 0) + (priority ? 1 : 0);
    if (chosen > 1) {
      throw new IllegalArgumentException("--batch, --flex and --priority exclude each other, were " + chosen + " given");
    }
    return batch ? BillingMode.BATCH : flex ? BillingMode.FLEX : priority ? BillingMode.PRIORITY : BillingMode.STANDARD;
  }

  /** The message for a model the price book does not list: close price-book ids and tokenizer ids. */
  static String unknownModel(PriceBook book, String model) {
    StringBuilder sb = new StringBuilder("unknown model \"").append(model).append("\" in the price book");
    List<String> prices = book.closeMatches(model, 5);
    if (!prices.isEmpty()) {
      sb.append("; did you mean ").append(String.join(", ", prices)).append('?');
    }
    List<String> tokenizers = Similarity.closeMatches(model, TokenizerRegistry.standard().ids(), 3);
    if (!tokenizers.isEmpty()) {
      sb.append(" Close tokenizer ids (they count tokens, see 'llmcost tokens', but carry no price): ")
          .append(String.join(", ", tokenizers)).append('.');
    }
    if (prices.isEmpty() && tokenizers.isEmpty()) {
      sb.append("; 'llmcost catalog prices' lists the ").append(book.size()).append(" models it prices");
    }
    return sb.toString();
  }

  /** Days from the day the price was seen to the billing day (negative: seen after it). */
  long priceAgeDays(ModelPrice p) {
    return ChronoUnit.DAYS.between(p.seenDate(), billedOn);
  }

  /** Warnings about the price used: stale, or no longer in force on the billing day. */
  List<String> warnings(ModelPrice p) {
    List<String> w = new ArrayList<>();
    long age = priceAgeDays(p);
    if (age > STALE_AFTER_DAYS) {
      w.add("the price was seen " + age + " days before " + billedOn + " (more than " + STALE_AFTER_DAYS
          + "); check the provider's current price");
    }
    if (p.validUntil().isPresent() && !billedOn.isBefore(p.validUntil().get())) {
      w.add("this price was in force only until " + p.validUntil().get()
          + "; the book lists no later price for " + p.id());
    }
    return w;
  }

  /** Converts the options (OpenAI's convention) into disjoint counts, rejecting bad ones. */
  TokenUsage usage() {
    nonNegative("--input", input);
    nonNegative("--output", output);
    nonNegative("--cached", cached);
    nonNegative("--cache-write", cacheWrite);
    nonNegative("--cache-write-1h", cacheWrite1h);
    nonNegative("--reasoning", reasoning);
    if (requestsPerDay != null) {
      nonNegative("--requests-per-day", requestsPerDay);
    }
    // summed exactly: three counts near Long.MAX_VALUE must not wrap around or end in a bare "long overflow"
    java.math.BigInteger sum = java.math.BigInteger.valueOf(cached).add(java.math.BigInteger.valueOf(cacheWrite))
        .add(java.math.BigInteger.valueOf(cacheWrite1h));
    if (sum.compareTo(java.math.BigInteger.valueOf(input)) > 0) {
      throw new IllegalArgumentException(
          "--cached + --cache-write + --cache-write-1h must be <= --input (" + input + "), was "
              + cached + " + " + cacheWrite + " + " + cacheWrite1h + " = " + sum);
    }
    long fromCache = sum.longValueExact();
    if (reasoning > output) {
      throw new IllegalArgumentException(
          "--reasoning must be <= --output (" + output + "), was " + reasoning);
    }
    return TokenUsage.NONE
        .withInput(TokenCount.of(input - fromCache))
        .withCacheRead(TokenCount.of(cached))
        .withCacheWrite5m(TokenCount.of(cacheWrite))
        .withCacheWrite1h(TokenCount.of(cacheWrite1h))
        .withOutput(TokenCount.of(output - reasoning))
        .withReasoning(TokenCount.of(reasoning));
  }

  private static void nonNegative(String option, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(option + " must be >= 0, was " + value);
    }
  }

  ObjectNode toJson(Bill bill) {
    ModelPrice p = bill.modelPrice();
    ObjectNode n = JsonOutput.object();
    n.put("model", p.id());
    n.put("provider", p.provider());
    n.put("currency", bill.currency().getCurrencyCode());
    n.put("inputCost", bill.inputCost().toPlainString());
    n.put("outputCost", bill.outputCost().toPlainString());
    n.put("total", bill.total().toPlainString());
    n.put("batch", bill.mode() == BillingMode.BATCH);
    n.put("serviceTier", bill.mode().label());
    n.put("billedOn", billedOn.toString());
    if (bill.tier().isPresent()) {
      n.put("longContextTierAboveTokens", bill.tier().get().threshold().value());
    } else {
      n.putNull("longContextTierAboveTokens");
    }
    ObjectNode tokens = n.putObject("tokens");
    tokens.put("input", input);
    tokens.put("cached", cached);
    tokens.put("cacheWrite5m", cacheWrite);
    tokens.put("cacheWrite1h", cacheWrite1h);
    tokens.put("output", output);
    tokens.put("reasoning", reasoning);
    ArrayNode items = n.putArray("items");
    for (BillLine l : bill.lines()) {
      ObjectNode o = items.addObject();
      o.put("kind", l.kind().name());
      o.put("tokens", l.tokens().value());
      o.put("pricePerMillionTokens", l.price().perMillionTokens().toPlainString());
      o.put("cost", l.cost().toPlainString());
    }
    if (requestsPerDay != null) {
      Money perDay = bill.total().times(requestsPerDay);
      n.put("requestsPerDay", requestsPerDay.longValue());
      n.put("perDay", perDay.toPlainString());
      n.put("per30Days", perDay.times(30).toPlainString());
    }
    n.put("priceSeen", p.seen());
    n.put("priceAgeDays", priceAgeDays(p));
    if (p.validFrom().isPresent()) {
      n.put("priceValidFrom", p.validFrom().get().toString());
    } else {
      n.putNull("priceValidFrom");
    }
    if (p.validUntil().isPresent()) {
      n.put("priceValidUntil", p.validUntil().get().toString());
    } else {
      n.putNull("priceValidUntil");
    }
    n.put("priceSource", p.source());
    n.put("priceNote", p.note());
    ArrayNode warnings = n.putArray("warnings");
    warnings(p).forEach(warnings::add);
    return n;
  }

  String report(Bill bill) {
    ModelPrice p = bill.modelPrice();
    StringBuilder sb = new StringBuilder();
    sb.append(p.id()).append(" (").append(p.provider()).append(")");
    if (bill.mode() != BillingMode.STANDARD) {
      sb.append(", ").append(bill.mode().label()).append(" prices");
    }
    bill.tier().ifPresent(t -> sb.append(", long-context prices (prompt above ")
        .append(Text.grouped(t.threshold().value())).append(" tokens)"));
    sb.append('\n');
    for (BillLine l : bill.lines()) {
      sb.append(String.format(Locale.ROOT, "  %-16s %,14d tokens × %10s per 1M = %s%n",
          l.kind().label(), l.tokens().value(), l.price().perMillionTokens().toPlainString(),
          money(l.cost())));
    }
    sb.append(String.format(Locale.ROOT, "  %-16s %s%n", "input cost", money(bill.inputCost())));
    sb.append(String.format(Locale.ROOT, "  %-16s %s%n", "output cost", money(bill.outputCost())));
    sb.append(String.format(Locale.ROOT, "  %-16s %s%n", "total", money(bill.total())));
    if (requestsPerDay != null) {
      Money perDay = bill.total().times(requestsPerDay);
      sb.append(String.format(Locale.ROOT, "  %-16s %s (%s requests)%n", "per day",
          perDay.format(2, RoundingMode.HALF_UP), Text.grouped(requestsPerDay)));
      sb.append(String.format(Locale.ROOT, "  %-16s %s%n", "per 30 days",
          perDay.times(30).format(2, RoundingMode.HALF_UP)));
    }
    long age = priceAgeDays(p);
    sb.append("  prices seen ").append(p.seen()).append(" (")
        .append(age >= 0 ? age + " days before " : -age + " days after ").append(billedOn)
        .append("), ").append(p.source()).append('\n');
    if (p.validFrom().isPresent() || p.validUntil().isPresent()) {
      sb.append("  in force ").append(p.validFrom().map(d -> "from " + d).orElse("since before it was seen"))
          .append(p.validUntil().map(d -> " until " + d).orElse("")).append('\n');
    }
    for (String w : warnings(p)) {
      sb.append("  warning: ").append(w).append('\n');
    }
    if (!p.note().isEmpty()) {
      sb.append("  note: ").append(p.note()).append('\n');
    }
    return sb.toString();
  }

  /** Formats money for the report: exact, with at least 2 decimals, rounded past 8. */
  static String money(Money m) {
    String exact = m.toPlainString();
    int dot = exact.indexOf('.');
    int decimals = dot < 0 ? 0 : exact.length() - dot - 1;
    int scale = Math.max(2, Math.min(8, decimals));
    return m.format(scale, RoundingMode.HALF_UP);
  }
}
