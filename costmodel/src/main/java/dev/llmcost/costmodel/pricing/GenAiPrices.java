package dev.llmcost.costmodel.pricing;

import dev.llmcost.costmodel.internal.pricing.GenAiPricesParser;
import dev.llmcost.costmodel.internal.pricing.PriceJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Loads the price data of Pydantic's genai-prices (its {@code data.json}: a JSON array of
 * providers and their models, MIT licence) into a {@link PriceBook}, with exact decimal prices.
 *
 * <p>Each model becomes an entry {@code <provider>/<model>}, such as {@code openai/gpt-5} or
 * {@code groq/llama-3.3-70b-versatile}, with the model's exact-match names as aliases; a price
 * change with a {@code start_date} becomes a further entry of the same id in force from that day,
 * so the book keeps the history. Long-context tiers ({@code {"base": .., "tiers": [{"start": N,
 * "price": ..}]}}) become {@link ContextTier}s above {@code N} prompt tokens. A model with time-of-day prices
 * (off-peak discounts) is left out, and prices that are not per text token (images, audio, searches) are not
 * read. The file may be gzipped ({@code .gz}).
 */
public final class GenAiPrices {
  private GenAiPrices() {}

  /**
   * Loads a file.
   *
   * @param file the {@code data.json}, or its gzip ({@code .gz})
   * @param seen the date its prices were current (such as the package's publication date)
   * @return the book of every per-token priced model
   * @throws PriceBookFormatException if the file is not JSON or has malformed models
   * @throws UncheckedIOException if the file cannot be read
   */
  public static PriceBook read(Path file, LocalDate seen) {
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
      return read(in, file.toString(), seen);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Loads a document from a stream (which is not closed).
   *
   * @param in the document
   * @param source what it is (package and version), for the book's name and each entry's source
   * @param seen the date its prices were current
   * @return the book of every per-token priced model
   * @throws PriceBookFormatException if the document is not JSON or has malformed models
   */
  public static PriceBook read(InputStream in, String source, LocalDate seen) {
    return PriceBook.of(
        "genai-prices (" + source + ")",
        GenAiPricesParser.parse(
            PriceJson.read(in, source), "genai-prices (" + source + ")", seen.toString(), Set.of(),
            n -> n[0] + "/" + n[1]));
  }
}
