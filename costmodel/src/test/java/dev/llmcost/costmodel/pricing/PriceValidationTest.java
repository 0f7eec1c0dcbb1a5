package dev.llmcost.costmodel.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 14 item 17: a price file is validated when it loads; the message names the file, the
 * entry and the field, instead of a failure at bill time or an entry dropped without a word.
 */
class PriceValidationTest {

  private static final LocalDate SEEN = LocalDate.of(2025, 1, 1);

  @Test
  void aHugePriceIsRefusedAtLoadNamingFileEntryAndField() {
    assertThatThrownBy(() -> LiteLlmPrices.parse(
        "{\"m\": {\"input_cost_per_token\": 1e999999999, \"output_cost_per_token\": 1e-6}}", "prices.json", SEEN))
        .isInstanceOf(PriceBookFormatException.class)
        .hasMessage("prices.json: 1 malformed entry: \"m\": \"input_cost_per_token\" must be below 1E+9 with at most 30"
            + " decimal places, was 1E+999999999");
  }

  @Test
  void anEntryPricedPerTokenWithoutAnInputPriceIsRefusedNotDropped() {
    assertThatThrownBy(() -> LiteLlmPrices.parse(
        "{\"ok\": {\"input_cost_per_token\": 1e-6, \"output_cost_per_token\": 2e-6},"
            + " \"m\": {\"output_cost_per_token\": 2e-6, \"litellm_provider\": \"x\"}}", "prices.json", SEEN))
        .isInstanceOf(PriceBookFormatException.class)
        .hasMessage("prices.json: 1 malformed entry: \"m\": has per-token prices (output_cost_per_token) but no"
            + " \"input_cost_per_token\"");
  }

  private static PriceBook genAi(String prices) {
    String doc = "[{\"id\": \"prov\", \"models\": [{\"id\": \"ok\", \"prices\": {\"input_mtok\": 1, \"output_mtok\": 2}},"
        + " {\"id\": \"m\", \"prices\": " + prices + "}]}]";
    return GenAiPrices.read(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)), "data.json", SEEN);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"input_mtok\": 1e999999999, \"output_mtok\": 2} | \"input_mtok\" must be below 1E+9 with at most 30 decimal"
          + " places, was 1E+999999999",
      "{\"input_mtok\": \"cheap\", \"output_mtok\": 2} | \"input_mtok\" must be a non-negative number, was \"cheap\"",
      "{\"input_mtok\": {\"base\": 1e12}, \"output_mtok\": 2} | \"input_mtok\" \"base\" must be below 1E+9",
      "{\"output_mtok\": 2} | has per-token prices (output_mtok) but no \"input_mtok\"",
  })
  void aBadGenAiPricesEntryIsRefusedAtLoadNamingFileEntryAndField(String prices, String problem) {
    assertThatThrownBy(() -> genAi(prices.strip()))
        .isInstanceOf(PriceBookFormatException.class)
        .hasMessageStartingWith("genai-prices (data.json): 1 malformed entry: \"prov/m\": " + problem.strip());
  }

  @Test
  void aGenAiPricesEntryWithoutAnyPriceIsStillSkipped() {
    assertThat(genAi("{\"requests_kcount\": 1}").find("prov/m")).isEmpty();
    assertThat(genAi("{\"output_mtok\": 0}").find("prov/ok")).isPresent();
  }
}
