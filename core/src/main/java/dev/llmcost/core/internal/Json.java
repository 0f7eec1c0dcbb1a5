package dev.llmcost.core.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The one JSON reader of llmcost: Jackson's tree model with limits that keep hostile files bounded
 * (document size, nesting, string and number lengths) and duplicate keys rejected.
 */
public final class Json {
  private Json() {}

  /** The longest document accepted, in characters (256 MiB: large tokenizer.json files are ~30 MB). */
  public static final long MAX_DOCUMENT_CHARS = 256L << 20;

  private static final ObjectMapper MAPPER = newMapper();

  private static ObjectMapper newMapper() {
    JsonMapper m =
        JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();
    m.getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxDocumentLength(MAX_DOCUMENT_CHARS)
                .maxNestingDepth(200)
                .maxStringLength(64 << 20)
                .maxNumberLength(400)
                .build());
    return m;
  }

  /** Returns the shared mapper (thread-safe once configured). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Parses a JSON document.
   *
   * @param in the document
   * @return the root node
   * @throws JsonFormatException if the document is not well-formed JSON or exceeds a limit
   * @throws UncheckedIOException if reading fails
   */
  public static JsonNode read(InputStream in) {
    try {
      return MAPPER.readTree(in);
    } catch (JsonProcessingException e) {
      throw new JsonFormatException(describe(e), e);
    } catch (NumberFormatException e) {
      // a number Jackson cannot hold (an exponent past BigDecimal's range, such as 1e9999999999)
      throw new JsonFormatException("number out of range: " + e.getMessage(), e);
    } catch (java.io.CharConversionException e) {
      // bytes that are not UTF-8/16/32 text: a malformed document, not a failure to read
      throw new JsonFormatException("not JSON text: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses a JSON document.
   *
   * @param text the document
   * @return the root node
   * @throws JsonFormatException if the document is not well-formed JSON or exceeds a limit
   */
  public static JsonNode read(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new JsonFormatException(describe(e), e);
    } catch (NumberFormatException e) {
      throw new JsonFormatException("number out of range: " + e.getMessage(), e);
    }
  }

  private static String describe(JsonProcessingException e) {
    String msg = e.getOriginalMessage();
    if (e.getLocation() != null) {
      msg += " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }
    return msg;
  }

  /** Not well-formed JSON; the message says what and where. */
  public static final class JsonFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    JsonFormatException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
