package dev.llmcost.costmodel.pricing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

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
}
