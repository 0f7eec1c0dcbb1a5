package dev.llmcost.costmodel.internal.pricing;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.llmcost.core.internal.Json;
import dev.llmcost.costmodel.pricing.PriceBookFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * Reads price documents with llmcost's JSON limits and every non-integer number as an exact
 * {@link BigDecimal} (never through {@code double}), and converts price fields.
 */
public final class PriceJson {
  private PriceJson() {}

  private static final ObjectReader READER =
      Json.mapper().reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  /**
   * Parses a document.
   *
   * @param in the document
   * @param source what it is, for messages
   * @return the root node
   * @throws PriceBookFormatException if it is not well-formed JSON
   * @throws UncheckedIOException if reading fails
   */
  public static JsonNode read(InputStream in, String source) {
    try {
      JsonNode root = READER.readTree(new dev.llmcost.core.internal.LimitedInputStream(in, MAX_DOCUMENT_BYTES, n -> {
        throw new PriceBookFormatException(source, String.format(java.util.Locale.ROOT,
            "larger than the limit of %,d bytes (64 MiB) for a price document", MAX_DOCUMENT_BYTES), null);
      }));
      if (root == null || root.isMissingNode()) {
        throw new PriceBookFormatException(source, "empty, not a JSON object", null);
      }
      return root;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
      String what = e.getOriginalMessage();
      int detail = what.indexOf(" (start marker at");
      if (detail > 0) {
        what = what.substring(0, detail);
      }
      throw new PriceBookFormatException(source, "not valid JSON: " + what + where, e);
    } catch (NumberFormatException e) {
      // a number Jackson cannot hold (an exponent past BigDecimal's range, such as 1e9999999999)
      throw new PriceBookFormatException(source, "number out of range: " + e.getMessage(), e);
    } catch (java.io.CharConversionException e) {
      // bytes that are not UTF-8/16/32 text: a malformed document, not a failure to read
      throw new PriceBookFormatException(source, "not JSON text: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source, e);
    }
  }

  /**
   * Returns a price field as an exact decimal.
   *
   * @param entry the object holding the field
   * @param field the field name
   * @return the value, or empty if the field is absent or {@code null}
   * @throws IllegalArgumentException naming the field and value if it is not a non-negative finite
   *     number
   */
  public static Optional<BigDecimal> price(JsonNode entry, String field) {
    JsonNode v = entry.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isNumber() || ((v.isDouble() || v.isFloat()) && !Double.isFinite(v.doubleValue()))) {
      throw new IllegalArgumentException(
          "\"" + field + "\" must be a non-negative number, was " + describe(v));
    }
    BigDecimal d = v.decimalValue();
    if (d.signum() < 0) {
      throw new IllegalArgumentException(
          "\"" + field + "\" must be a non-negative number, was " + d);
    }
    return Optional.of(inRange(field, d));
  }

  /**
   * Returns a price field written as a decimal string, such as {@code "2.50"}.
   *
   * @param entry the object holding the field
   * @param field the field name
   * @return the value, or empty if absent
   * @throws IllegalArgumentException naming the field if it is not a non-negative decimal string
   */
  public static Optional<BigDecimal> decimalString(JsonNode entry, String field) {
    JsonNode v = entry.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException("\"" + field + "\" must be a decimal string, was " + describe(v));
    }
    BigDecimal d;
    try {
      d = new BigDecimal(v.textValue().strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "\"" + field + "\" must be a decimal string, was " + describe(v), e);
    }
    if (d.signum() < 0) {
      throw new IllegalArgumentException("\"" + field + "\" must be >= 0, was " + d);
    }
    return Optional.of(inRange(field, d));
  }

  /** Prices at or above this (in the file's unit) are refused: no token or million costs that much. */
  static final BigDecimal MAX_PRICE = BigDecimal.TEN.pow(9);

  /** Decimal places a price may carry (per-token prices need about 12). */
  static final int MAX_SCALE = 30;

  /**
   * Returns {@code d} if it is below 10^9 with at most 30 decimal places, so that a bill stays a
   * number a {@code BigDecimal} can print ({@code 1e999999999} is refused here, at load).
   */
  static BigDecimal inRange(String field, BigDecimal d) {
    if (d.compareTo(MAX_PRICE) >= 0 || d.stripTrailingZeros().scale() > MAX_SCALE) {
      throw new IllegalArgumentException("\"" + field + "\" must be below 1E+9 with at most " + MAX_SCALE
          + " decimal places, was " + d);
    }
    return d;
  }

  /** Describes a value for a message, shortened to 60 characters. */
  static String describe(JsonNode v) {
    String s = v.toString();
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }

  /**
   * The largest price document read, in bytes: 64 MiB, about 40 times LiteLLM's whole
   * {@code model_prices_and_context_window.json} of 2026. A larger document (a million-entry file, an
   * endless stream) is refused with a {@link PriceBookFormatException} naming the limit instead of
   * filling the heap.
   */
  public static final long MAX_DOCUMENT_BYTES = 64L << 20;
}
