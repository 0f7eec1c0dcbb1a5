package dev.llmcost.cli.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.llmcost.costmodel.pricing.LiteLlmPrices;
import dev.llmcost.costmodel.pricing.PriceBook;
import dev.llmcost.costmodel.pricing.PriceBookFormatException;
import dev.llmcost.costmodel.pricing.TokenUsage;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/**
 * Coverage-guided fuzzing (Jazzer) of the LiteLLM price-file reader (issue 14): a file is either
 * read whole, with every price finite and not negative, or refused with the documented
 * {@link PriceBookFormatException}; nothing else escapes. Run in fuzzing mode for a bounded time by
 * execution {@code fuzz-prices} in {@code cli/pom.xml}, and on its seeds with the other tests.
 */
class PriceFileFuzzTest {

  private static final LocalDate SEEN = LocalDate.of(2026, 12, 5);

  @FuzzTest(maxDuration = "10s")
  @DictionaryEntries({"\"input_cost_per_token\"", "\"output_cost_per_token\"", "\"litellm_provider\"",
      "\"openai\"", "\"anthropic\"", "\"mode\"", "\"chat\"", "\"embedding\"", "\"cache_read_input_token_cost\"",
      "\"cache_creation_input_token_cost\"", "\"input_cost_per_token_above_200k_tokens\"", "\"max_input_tokens\"",
      "1e999999999", "-1", "null", "\"sample_spec\""})
  void fuzz(byte[] data) {
    String json = new String(data, StandardCharsets.UTF_8);
    PriceBook book;
    try {
      book = LiteLlmPrices.parse(json, "fuzz.json", SEEN);
    } catch (PriceBookFormatException expected) {
      return;
    }
    for (String model : book.ids()) {
      // a price that loaded must bill: a huge but finite count, never an overflow or a negative amount
      var bill = book.bill(model, TokenUsage.of(1_000_000_000L, 1_000_000L));
      if (bill.total().amount().signum() < 0) {
        throw new IllegalStateException("negative bill for " + model + ": " + bill.total());
      }
    }
  }
}
