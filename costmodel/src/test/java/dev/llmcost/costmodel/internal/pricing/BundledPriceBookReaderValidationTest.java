package dev.llmcost.costmodel.internal.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 14 item 17: the bundled prices.json is validated when it loads; a price of 1E+9 or more,
 * a price that is not a decimal, an unknown token kind or a missing required field is refused
 * naming the file, the entry and the field.
 */
class BundledPriceBookReaderValidationTest {

  private static final String GOOD =
      "\"provider\":\"p\",\"seen\":\"2025-01-01\",\"source\":\"s\",\"prices\":{\"input\":\"1.00\",\"output\":\"2.00\"}";

  private static Object load(String entry) {
    String doc = "{\"name\":\"b\",\"currency\":\"USD\",\"per_tokens\":1000000,\"models\":["
        + "{\"id\":\"ok\"," + GOOD + "}," + entry + "]}";
    return BundledPriceBookReader.read(
        PriceJson.read(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)), "prices.json"),
        r -> {
          throw new AssertionError("no dataset expected: " + r);
        });
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // a price of 1E+9 or more
      "{\"id\":\"m\",\"provider\":\"p\",\"seen\":\"2025\",\"source\":\"s\",\"prices\":{\"input\":\"1e999999999\"}}"
          + " | prices.json entry \"m\": \"prices\": \"input\" must be below 1E+9",
      // not a number
      "{\"id\":\"m\",\"provider\":\"p\",\"seen\":\"2025\",\"source\":\"s\",\"prices\":{\"input\":\"cheap\"}}"
          + " | prices.json entry \"m\": \"prices\": \"input\" must be a decimal string",
      // a number, not a decimal string
      "{\"id\":\"m\",\"provider\":\"p\",\"seen\":\"2025\",\"source\":\"s\",\"prices\":{\"input\":1.5}}"
          + " | prices.json entry \"m\": \"prices\": \"input\" must be a decimal string",
      // no price set
      "{\"id\":\"m\",\"provider\":\"p\",\"seen\":\"2025\",\"source\":\"s\"}"
          + " | prices.json entry \"m\": field \"prices\" must be a non-empty object of prices, was missing",
      // an unknown token kind
      "{\"id\":\"m\",\"provider\":\"p\",\"seen\":\"2025\",\"source\":\"s\",\"prices\":{\"inptu\":\"1\"}}"
          + " | prices.json entry \"m\": field \"prices\" has an unknown token kind \"inptu\"",
      // a missing required field
      "{\"id\":\"m\",\"provider\":\"p\",\"source\":\"s\",\"prices\":{\"input\":\"1\"}}"
          + " | prices.json entry \"m\" is missing the required field \"seen\"",
      // a tier without its threshold
      "{\"id\":\"m\",\"provider\":\"p\",\"seen\":\"2025\",\"source\":\"s\",\"prices\":{\"input\":\"1\"},"
          + "\"tiers\":[{\"prices\":{\"input\":\"2\"}}]}"
          + " | prices.json entry \"m\": field \"tiers.above_tokens\" must be a whole number of tokens >= 0, was missing",
  })
  void aBadEntryIsRefusedAtLoadNamingFileEntryAndField(String entry, String message) {
    assertThatThrownBy(() -> load(entry.strip()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(message.strip());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"{\"id\":\"m\"," + GOOD + "}"})
  void aGoodEntryLoads(String entry) {
    assertThat(load(entry)).isNotNull();
  }
}
