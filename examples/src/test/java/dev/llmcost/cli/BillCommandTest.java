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
        .startsWith("unknown model \"claude-sonet-4\"; did you mean claude-sonnet-4");
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
