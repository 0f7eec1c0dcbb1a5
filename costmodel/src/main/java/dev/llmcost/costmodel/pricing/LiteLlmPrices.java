package dev.llmcost.costmodel.pricing;

import dev.llmcost.costmodel.internal.pricing.LiteLlmParser;
import dev.llmcost.costmodel.internal.pricing.PriceJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Loads a LiteLLM {@code model_prices_and_context_window.json} that the user supplies into a
 * {@link PriceBook}, with exact decimal prices (the file's numbers are read as decimals, never
 * through {@code double}).
 *
 * <p>Read per entry (every other field is ignored):
 *
 * <ul>
 *   <li>{@code input_cost_per_token}, {@code output_cost_per_token}, {@code
 *       cache_read_input_token_cost} (or {@code input_cost_per_token_cache_hit}), {@code
 *       cache_creation_input_token_cost} (5-minute writes),
 *       {@code cache_creation_input_token_cost_above_1hr} (1-hour writes), {@code
 *       output_cost_per_reasoning_token}: the standard prices, in dollars per token;
 *   <li>any of the above with the suffix {@code _batches}, {@code _flex} or {@code _priority}: the
 *       prices of the batch API and of the flex and priority service tiers;
 *   <li>any of the above with {@code _above_<N>k_tokens} (before or after a service suffix): a
 *       long-context tier above {@code N × 1000} prompt tokens (such as OpenAI's 272K, Anthropic's
 *       200K and Gemini's 128K or 200K thresholds);
 *   <li>{@code litellm_provider}: the provider.
 * </ul>
 *
 * <p>An entry without {@code input_cost_per_token} is not priced per token (images, audio seconds,
 * characters, searches) and is left out, as is the {@code sample_spec} entry that documents the
 * format. An entry that is not an object, or whose price field is not a non-negative number, is
 * malformed: the whole file is rejected with a {@link PriceBookFormatException} that names every
 * malformed entry by its key. Nothing is half-loaded.
 */
public final class LiteLlmPrices {
  private LiteLlmPrices() {}

  /**
   * Loads a file, dated by its last-modified time (UTC).
   *
   * @param file the {@code model_prices_and_context_window.json}
   * @return the book of every per-token priced entry
   * @throws PriceBookFormatException if the file is not JSON or has malformed entries
   * @throws UncheckedIOException if the file cannot be read
   */
  public static PriceBook read(Path file) {
    LocalDate seen;
    try {
      seen = LocalDate.ofInstant(Files.getLastModifiedTime(file).toInstant(), ZoneOffset.UTC);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return read(file, seen);
  }

  /**
   * Loads a file.
   *
   * @param file the {@code model_prices_and_context_window.json}
   * @param seen the date its prices were current
   * @return the book of every per-token priced entry
   * @throws PriceBookFormatException if the file is not JSON or has malformed entries
   * @throws UncheckedIOException if the file cannot be read
   */
  public static PriceBook read(Path file, LocalDate seen) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString(), seen);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Loads a document from a stream (which is not closed).
   *
   * @param in the document
   * @param source what the document is, for the book's name and messages
   * @param seen the date its prices were current
   * @return the book of every per-token priced entry
   * @throws PriceBookFormatException if the document is not JSON or has malformed entries
   * @throws UncheckedIOException if reading fails
   */
  public static PriceBook read(InputStream in, String source, LocalDate seen) {
    return LiteLlmParser.parse(PriceJson.read(in, source), source, seen.toString());
  }

  /**
   * Loads a document from a string.
   *
   * @param json the document
   * @param source what the document is, for the book's name and messages
   * @param seen the date its prices were current
   * @return the book of every per-token priced entry
   * @throws PriceBookFormatException if the document is not JSON or has malformed entries
   */
  public static PriceBook parse(String json, String source, LocalDate seen) {
    return read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), source, seen);
  }
}
