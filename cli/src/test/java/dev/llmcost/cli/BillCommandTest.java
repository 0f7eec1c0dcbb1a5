package dev.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BillCommandTest {

  @Test
  void jsonHasTheContractKeysAsDecimalStrings() {
    Cli r = Cli.run("bill", "--model", "gpt-4o", "--input", "500", "--output", "1000", "--json");
    assertThat(r.exitCode()).isZero();
    JsonNode n = r.json();
    assertThat(n.get("currency").textValue()).isEqualTo("USD");
    assertThat(n.get("inputCost").textValue()).isEqualTo("0.00125");
    assertThat(n.get("outputCost").textValue()).isEqualTo("0.01");
    assertThat(n.get("total").textValue()).isEqualTo("0.01125");
    assertThat(n.get("priceSeen").textValue()).isEqualTo("2025-03");
    assertThat(n.get("items")).hasSize(2);
    assertThat(n.get("longContextTierAboveTokens").isNull()).isTrue();
  }

  @Test
  void gpt5BillsAtTodaysPriceWithItsDateAndSource() {
    Cli r = Cli.run("bill", "--model", "gpt-5", "--input", "1000", "--output", "500", "--at", "2026-12-05");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("total            USD 0.00625")
        .contains("prices seen 2026-09-23 (73 days before 2026-12-05), genai-prices 0.1.8")
        .contains("in force from 2025-08-07")
        .doesNotContain("warning");
    JsonNode n = Cli.run("bill", "--model", "gpt-5", "--input", "1000", "--output", "500", "--json").json();
    assertThat(n.get("total").textValue()).isEqualTo("0.00625");
    assertThat(n.get("priceSeen").textValue()).isEqualTo("2026-09-23");
    assertThat(n.get("priceSource").textValue()).contains("genai-prices 0.1.8");
    assertThat(n.get("priceAgeDays").isIntegralNumber()).isTrue();
  }

  @Test
  void claudeSonnet45BillsWithDateAndSource() {
    JsonNode n = Cli.run("bill", "--model", "claude-sonnet-4-5", "--input", "1000", "--output", "500",
        "--at", "2026-12-05", "--json").json();
    // $3 per 1M in, $15 per 1M out
    assertThat(n.get("total").textValue()).isEqualTo("0.0105");
    assertThat(n.get("provider").textValue()).isEqualTo("anthropic");
    assertThat(n.get("priceSeen").textValue()).isEqualTo("2026-09-23");
    assertThat(n.get("priceAgeDays").longValue()).isEqualTo(73);
    assertThat(n.get("warnings")).isEmpty();
  }

  @Test
  void gemini25ProLongPromptIsBilledAtTheLongContextTier() {
    Cli r = Cli.run("bill", "--model", "gemini-2.5-pro", "--input", "250000", "--output", "1000",
        "--at", "2026-12-05");
    assertThat(r.out()).contains("long-context prices (prompt above 200,000 tokens)")
        .contains("total            USD 0.64")
        .contains("prices seen 2026-09-23");
    JsonNode n = Cli.run("bill", "--model", "gemini-2.5-pro", "--input", "250000", "--output", "1000",
        "--json").json();
    assertThat(n.get("longContextTierAboveTokens").longValue()).isEqualTo(200_000);
    assertThat(n.get("total").textValue()).isEqualTo("0.64");
  }

  @Test
  void atBillsAtThePricesThenInForce() {
    Cli r = Cli.run("bill", "--at", "2023-06-01", "--model", "gpt-3.5-turbo", "--input", "1000", "--output", "0");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("input                     1,000 tokens ×          2 per 1M = USD 0.002")
        .contains("total            USD 0.002")
        .contains("in force from 2023-03-01 until 2023-06-13")
        .contains("warning: the price was seen 151 days before 2023-06-01");
    JsonNode june2024 = Cli.run("bill", "--at", "2024-06-01", "--model", "gpt-3.5-turbo", "--input", "1000",
        "--output", "0", "--json").json();
    assertThat(june2024.get("total").textValue()).isEqualTo("0.0005");
    assertThat(june2024.get("priceValidFrom").textValue()).isEqualTo("2024-01-25");
    JsonNode today = Cli.run("bill", "--model", "gpt-3.5-turbo", "--input", "1000", "--output", "0", "--json").json();
    assertThat(today.get("total").textValue()).isEqualTo("0.0005");
  }

  @Test
  void aDayBeforeTheFirstPriceIsRefused() {
    Cli r = Cli.run("bill", "--at", "2022-01-01", "--model", "gpt-3.5-turbo", "--input", "1", "--output", "1");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("has no price on 2022-01-01").contains("2023-03-01");
    Cli bad = Cli.run("bill", "--at", "June 2024", "--model", "gpt-5", "--input", "1", "--output", "1");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--at must be a date such as 2024-06-01, was \"June 2024\"");
  }

  @Test
  void unknownModelSuggestsPriceBookAndTokenizerIds() {
    Cli r = Cli.run("bill", "--model", "gpt-5-turbo", "--input", "1", "--output", "1");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("unknown model \"gpt-5-turbo\" in the price book; did you mean")
        .contains("gpt-5")
        .contains("Close tokenizer ids");
  }

  @Test
  void flexAndPriorityTiersAreBilledWhereTheBookHasThem() {
    // gpt-5.4: $2.50 per 1M input; flex $1.25, priority $5 (LiteLLM's service-tier fields)
    JsonNode flex = Cli.run("bill", "--model", "gpt-5.4", "--input", "100000", "--output", "0", "--flex",
        "--json").json();
    assertThat(flex.get("serviceTier").textValue()).isEqualTo("flex");
    assertThat(flex.get("total").textValue()).isEqualTo("0.125");
    JsonNode priority = Cli.run("bill", "--model", "gpt-5.4", "--input", "100000", "--output", "0",
        "--priority", "--json").json();
    assertThat(priority.get("total").textValue()).isEqualTo("0.5");
    // above the 272K threshold the book knows no flex price: refused, not guessed
    Cli longFlex = Cli.run("bill", "--model", "gpt-5.4", "--input", "300000", "--output", "0", "--flex");
    assertThat(longFlex.exitCode()).isEqualTo(2);
    assertThat(longFlex.err()).contains("has no flex prices for prompts above 271999 tokens");
    Cli both = Cli.run("bill", "--model", "gpt-5.4", "--input", "1", "--output", "1", "--flex", "--batch");
    assertThat(both.exitCode()).isEqualTo(2);
  }

  @Test
  void articleRequestCostsWhatTheArticleSays() {
    Cli r = Cli.run("bill", "--model", "gpt-3.5-turbo-2023", "--input", "200", "--output", "500", "--json");
    assertThat(r.json().get("total").textValue()).isEqualTo("0.0014");
    assertThat(r.json().get("priceNote").textValue()).contains("2023");
  }

  @Test
  void cachedTokensArePartOfTheInputCount() {
    Cli r =
        Cli.run("bill", "--model", "gpt-4o", "--input", "10000", "--cached", "9000", "--output", "500",
            "--json");
    JsonNode n = r.json();
    assertThat(n.get("inputCost").textValue()).isEqualTo("0.01375"); // 1,000 × 2.50 + 9,000 × 1.25 per 1M
    assertThat(n.get("total").textValue()).isEqualTo("0.01875");
    assertThat(n.get("items").get(1).get("kind").textValue()).isEqualTo("CACHE_READ");
  }

  @Test
  void batchAndLongContextAndAWorkload() {
    JsonNode batch =
        Cli.run("bill", "--model", "gpt-4o", "--input", "10000", "--output", "500", "--batch", "--json").json();
    assertThat(batch.get("batch").booleanValue()).isTrue();
    assertThat(batch.get("total").textValue()).isEqualTo("0.015");
    JsonNode longContext =
        Cli.run("bill", "--model", "claude-sonnet-4", "--input", "250000", "--cached", "100000",
                "--cache-write", "20000", "--output", "2000", "--reasoning", "500",
                "--requests-per-day", "1000", "--json")
            .json();
    assertThat(longContext.get("longContextTierAboveTokens").longValue()).isEqualTo(200_000);
    assertThat(longContext.get("total").textValue()).isEqualTo("1.035");
    assertThat(longContext.get("perDay").textValue()).isEqualTo("1035");
    assertThat(longContext.get("per30Days").textValue()).isEqualTo("31050");
  }

  @Test
  void reportIsItemised() {
    Cli r = Cli.run("bill", "--model", "claude-sonnet-4", "--input", "10000", "--cached", "9000", "--output", "500");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .contains("cache read")
        .contains("total            USD 0.0132")
        .contains("prices seen 2025-08");
  }

  @ParameterizedTest
  @ValueSource(strings = {"--input", "--output", "--cached", "--cache-write", "--cache-write-1h", "--reasoning"})
  void negativeCountsExitWithTwo(String option) {
    List<String> args = new ArrayList<>(List.of("bill", "--model", "gpt-4o"));
    for (String required : List.of("--input", "--output")) {
      if (!required.equals(option)) {
        args.addAll(List.of(required, "10"));
      }
    }
    args.addAll(List.of(option, "-1", "--json"));
    Cli r = Cli.run(args.toArray(String[]::new));
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("llmcost: " + option + " must be >= 0, was -1\n");
    assertThat(r.json().get("error").textValue()).isEqualTo(option + " must be >= 0, was -1");
  }

  @Test
  void impossibleCountsExitWithTwo() {
    Cli cached = Cli.run("bill", "--model", "gpt-4o", "--input", "10", "--output", "10", "--cached", "11");
    assertThat(cached.exitCode()).isEqualTo(2);
    assertThat(cached.err()).contains("--cached + --cache-write + --cache-write-1h must be <= --input (10), was 11");
    Cli reasoning = Cli.run("bill", "--model", "o1", "--input", "10", "--output", "10", "--reasoning", "20");
    assertThat(reasoning.exitCode()).isEqualTo(2);
    Cli batch = Cli.run("bill", "--model", "o1", "--input", "10", "--output", "10", "--batch");
    assertThat(batch.exitCode()).isEqualTo(2);
    assertThat(batch.err()).contains("has no batch prices");
    Cli notANumber = Cli.run("bill", "--model", "o1", "--input", "ten", "--output", "10");
    assertThat(notANumber.exitCode()).isEqualTo(2);
  }

  @Test
  void unknownModelListsCloseMatches() {
    Cli r = Cli.run("bill", "--model", "claude-sonet-4", "--input", "1", "--output", "1", "--json");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.json().get("error").textValue())
        .startsWith("unknown model \"claude-sonet-4\" in the price book; did you mean claude-sonnet-4");
  }

  @Test
  void aLiteLlmFileReplacesTheBundledPrices(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("model_prices_and_context_window.json");
    Files.writeString(file,
        "{\"gpt-4o\": {\"input_cost_per_token\": 2e-06, \"output_cost_per_token\": 8e-06,"
            + " \"litellm_provider\": \"openai\"}}");
    JsonNode n =
        Cli.run("bill", "--model", "gpt-4o", "--input", "500", "--output", "1000", "--prices",
                file.toString(), "--json")
            .json();
    assertThat(n.get("total").textValue()).isEqualTo("0.009");
    assertThat(n.get("priceSource").textValue()).contains("model_prices_and_context_window.json");

    Files.writeString(file, "{\"bad\": {\"input_cost_per_token\": \"free\"}}");
    Cli bad = Cli.run("bill", "--model", "gpt-4o", "--input", "1", "--output", "1", "--prices", file.toString());
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("1 malformed entry: \"bad\": \"input_cost_per_token\" must be a non-negative number");
  }
}
