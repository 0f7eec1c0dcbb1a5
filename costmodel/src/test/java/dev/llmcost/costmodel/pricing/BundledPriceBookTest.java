package dev.llmcost.costmodel.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.core.Money;
import dev.llmcost.core.TokenCount;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.provider.CsvFileSource;

/**
 * Checks the bundled book against {@code api-prices.csv} (copied from the project's validation
 * data with its source column): every row is in the book with exactly its prices and its date,
 * and the table of book versus published prices is printed.
 */
class BundledPriceBookTest {

  /** The validation file names the article's example by a description, not an id. */
  static String bookId(String csvModel) {
    return csvModel.equals("gpt-3.5-turbo (2023 example)") ? "gpt-3.5-turbo-2023" : csvModel;
  }

  static Optional<BigDecimal> perMillion(TokenRates rates, TokenKind kind) {
    return rates.listed(kind).map(p -> p.perMillionTokens().amount());
  }

  static void assertSamePrice(String what, Optional<BigDecimal> book, @Nullable String published) {
    if (published == null || published.isEmpty()) {
      assertThat(book).as(what + " (not published)").isEmpty();
    } else {
      assertThat(book).as(what).isPresent();
      assertThat(book.orElseThrow()).as(what).isEqualByComparingTo(published);
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvFileSource(resources = "api-prices.csv", numLinesToSkip = 1)
  void bookHasEveryPublishedPrice(
      String provider,
      String model,
      String input,
      String output,
      @Nullable String cached,
      @Nullable String batchInput,
      @Nullable String batchOutput,
      String seen,
      String source,
      String note) {
    ModelPrice p = PriceBook.bundled().get(bookId(model));
    assertThat(p.provider()).isEqualTo(provider);
    assertThat(p.seen()).isEqualTo(seen);
    assertThat(p.source()).isNotBlank();
    assertThat(source).isNotBlank();
    assertThat(note).isNotBlank();
    assertSamePrice(model + " input", perMillion(p.standard(), TokenKind.INPUT), input);
    assertSamePrice(model + " output", perMillion(p.standard(), TokenKind.OUTPUT), output);
    assertSamePrice(model + " cached", perMillion(p.standard(), TokenKind.CACHE_READ), cached);
    assertSamePrice(
        model + " batch input",
        p.batch().flatMap(b -> perMillion(b, TokenKind.INPUT)),
        batchInput);
    assertSamePrice(
        model + " batch output",
        p.batch().flatMap(b -> perMillion(b, TokenKind.OUTPUT)),
        batchOutput);
  }

  @Test
  void printsBookAgainstPublishedTable() throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                Objects.requireNonNull(getClass().getResourceAsStream("api-prices.csv")),
                StandardCharsets.UTF_8))) {
      assertThat(r.readLine()).startsWith("provider,model,input_usd_per_mtok");
      String line;
      while ((line = r.readLine()) != null) {
        rows.add(line.split(",", -1));
      }
    }
    assertThat(rows).hasSize(9);
    StringBuilder table = new StringBuilder();
    table.append(String.format(Locale.ROOT, "%-30s %-9s %-9s %-9s %-9s %-9s %-8s %s%n",
        "model", "input", "output", "cached", "b.input", "b.output", "seen", "differences"));
    int differences = 0;
    for (String[] c : rows) {
      ModelPrice p = PriceBook.bundled().get(bookId(c[1]));
      List<Optional<BigDecimal>> book =
          List.of(
              perMillion(p.standard(), TokenKind.INPUT),
              perMillion(p.standard(), TokenKind.OUTPUT),
              perMillion(p.standard(), TokenKind.CACHE_READ),
              p.batch().flatMap(b -> perMillion(b, TokenKind.INPUT)),
              p.batch().flatMap(b -> perMillion(b, TokenKind.OUTPUT)));
      int diff = 0;
      StringBuilder cells = new StringBuilder();
      for (int i = 0; i < 5; i++) {
        String published = c[2 + i];
        Optional<BigDecimal> b = book.get(i);
        boolean same =
            published.isEmpty()
                ? b.isEmpty()
                : b.isPresent() && b.get().compareTo(new BigDecimal(published)) == 0;
        diff += same ? 0 : 1;
        cells.append(String.format(Locale.ROOT, "%-9s ",
            b.map(BigDecimal::toPlainString).orElse("-") + (same ? "" : "≠" + published)));
      }
      diff += p.seen().equals(c[7]) ? 0 : 1;
      differences += diff;
      table.append(String.format(Locale.ROOT, "%-30s %s%-8s %d%n", c[1], cells, p.seen(), diff));
    }
    System.out.println("Bundled price book against api-prices.csv (USD per 1M tokens):\n" + table);
    assertThat(differences).isZero();
  }

  @Test
  void articleExampleCostsTwoTenthsOfACentPerThousandTokens() {
    ModelPrice p = PriceBook.bundled().get("gpt-3.5-turbo-2023");
    assertThat(p.standard().listed(TokenKind.INPUT).orElseThrow().perThousandTokens())
        .isEqualTo(Money.usd("0.002"));
    assertThat(p.seen()).isEqualTo("2023");
    assertThat(p.note()).contains("2023");
    // 700 tokens at $0.002 per 1K: the article's $0.0014 request, exactly.
    assertThat(p.bill(TokenUsage.of(200, 500)).total()).isEqualTo(Money.usd("0.0014"));
    // 2,000 tokens: the article's $0.004.
    assertThat(p.bill(TokenUsage.of(1_000, 1_000)).total()).isEqualTo(Money.usd("0.004"));
    // 500 input + 1,000 output is 1,500 tokens: $0.003, not "about $0.004".
    assertThat(p.bill(TokenUsage.of(500, 1_000)).total()).isEqualTo(Money.usd("0.003"));
  }

  @Test
  void everyEntryIsDatedSourcedAndPricesInputAndOutput() {
    PriceBook book = PriceBook.bundled();
    assertThat(book.size()).isGreaterThanOrEqualTo(9);
    for (ModelPrice p : book.all()) {
      assertThat(p.seen()).as(p.id()).matches("\\d{4}(-\\d{2})?(-\\d{2})?");
      assertThat(p.source()).as(p.id()).isNotBlank();
      if (!p.source().startsWith("genai-prices")) {
        assertThat(p.note()).as(p.id()).isNotBlank();
      }
      assertThat(p.currency()).isEqualTo(Money.USD);
      assertThat(p.standard().listed(TokenKind.INPUT)).as(p.id()).isPresent();
      if (!p.source().startsWith("genai-prices")) {
        assertThat(p.standard().listed(TokenKind.OUTPUT)).as(p.id()).isPresent();
      }
      for (String alias : p.aliases()) {
        assertThat(book.history(alias)).as(alias).contains(p);
      }
    }
  }

  @Test
  void anthropicLongContextTierIsBundled() {
    ModelPrice sonnet = PriceBook.bundled().get("claude-sonnet-4-20250514");
    assertThat(sonnet.id()).isEqualTo("claude-sonnet-4");
    assertThat(sonnet.tiers()).hasSize(1);
    ContextTier tier = sonnet.tiers().get(0);
    assertThat(tier.threshold()).isEqualTo(TokenCount.of(200_000));
    assertThat(tier.rates().listed(TokenKind.INPUT).orElseThrow())
        .isEqualTo(TokenPrice.usdPerMillion("6.00"));
    assertThat(tier.rates().listed(TokenKind.OUTPUT).orElseThrow())
        .isEqualTo(TokenPrice.usdPerMillion("22.50"));
    assertThat(sonnet.standard().listed(TokenKind.CACHE_WRITE_5M).orElseThrow())
        .isEqualTo(TokenPrice.usdPerMillion("3.75"));
    assertThat(sonnet.standard().listed(TokenKind.CACHE_WRITE_1H).orElseThrow())
        .isEqualTo(TokenPrice.usdPerMillion("6.00"));
  }
}
