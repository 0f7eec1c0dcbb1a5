package dev.llmcost.core.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

/**
 * The one JSON reader of llmcost: Jackson's tree model with limits that keep hostile files bounded
 * (document size, nesting, string and number lengths) and duplicate keys rejected.
 */
public final class Json {
  private Json() {}

  /** The longest document accepted, in characters (256 MiB: large tokenizer.json files are ~30 MB). */
  public static final long MAX_DOCUMENT_CHARS = 256L << 20;

  /**
   * Whether the Jackson on the class path limits a document's length itself ({@code
   * StreamReadConstraints.Builder.maxDocumentLength}, Jackson 2.16+). Apache Spark 3.5 puts Jackson
   * 2.15.2 on its class path; there {@link #read} counts the input itself, refusing an oversized
   * document with the message Jackson 2.16+ gives.
   */
  static final boolean JACKSON_LIMITS_DOCUMENT = jacksonLimitsDocument();

  /**
   * The parsers of {@link #read}: a tree is built from Jackson's streaming parser, without an
   * ObjectMapper, whose set-up (serializer and deserializer factories, type introspection, a few
   * hundred classes) was a third of the start-up of a command that reads one catalog.
   */
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .streamReadConstraints(limits())
          .build();

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The mapper, made on first use. */
  private static final class Mapper {
    static final ObjectMapper MAPPER = newMapper();
  }

  private static boolean jacksonLimitsDocument() {
    try {
      StreamReadConstraints.Builder.class.getMethod("maxDocumentLength", long.class);
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private static ObjectMapper newMapper() {
    JsonMapper m =
        JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();
    m.getFactory().setStreamReadConstraints(limits());
    return m;
  }

  private static StreamReadConstraints limits() {
    // every method here exists since Jackson 2.15; maxDocumentLength (2.16) is called only where it
    // exists (the JVM links a method on its first call)
    StreamReadConstraints.Builder limits =
        StreamReadConstraints.builder().maxNestingDepth(200).maxStringLength(64 << 20).maxNumberLength(400);
    if (JACKSON_LIMITS_DOCUMENT) {
      limits.maxDocumentLength(MAX_DOCUMENT_CHARS);
    }
    return limits.build();
  }

  /** Jackson 2.16+'s message for a document over the limit, which {@link #read} gives on any Jackson. */
  static String documentTooLong(long length) {
    return String.format(
        java.util.Locale.ROOT,
        "Document length (%d) exceeds the maximum allowed (%d, from %s)",
        length,
        MAX_DOCUMENT_CHARS,
        "`StreamReadConstraints.getMaxDocumentLength()`");
  }

  /**
   * Returns the shared mapper (thread-safe once configured), with the limits and features of
   * {@link #read}; made on first call.
   */
  public static ObjectMapper mapper() {
    return Mapper.MAPPER;
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
      try (JsonParser p = FACTORY.createParser(JACKSON_LIMITS_DOCUMENT ? in : documentLimit(in, MAX_DOCUMENT_CHARS))) {
        return tree(p);
      }
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
    if (!JACKSON_LIMITS_DOCUMENT && text.length() > MAX_DOCUMENT_CHARS) {
      throw new JsonFormatException(documentTooLong(text.length()), null);
    }
    try (JsonParser p = FACTORY.createParser(text)) {
      return tree(p);
    } catch (JsonProcessingException e) {
      throw new JsonFormatException(describe(e), e);
    } catch (NumberFormatException e) {
      throw new JsonFormatException("number out of range: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a string is not read from anywhere: never thrown
    }
  }

  /**
   * The document's tree, as {@code ObjectMapper.readTree} with {@code FAIL_ON_TRAILING_TOKENS}
   * builds it: {@code MissingNode} for no content, an int, long or BigInteger node by an integer's
   * size, a double node for a number with a fraction or exponent (and NaN, Infinity).
   */
  private static JsonNode tree(JsonParser p) throws IOException {
    JsonToken t = p.nextToken();
    if (t == null) {
      return MissingNode.getInstance();
    }
    JsonNode root = value(p, t);
    JsonToken trailing = p.nextToken();
    if (trailing != null) {
      throw MismatchedInputException.from(p, JsonNode.class, String.format(java.util.Locale.ROOT,
          "Trailing token (of type %s) found after value (bound as `%s`): not allowed as per"
              + " `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`",
          trailing, JsonNode.class.getName()));
    }
    return root;
  }

  private static JsonNode value(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case START_OBJECT:
        ObjectNode o = NODES.objectNode();
        for (JsonToken k = p.nextToken(); k == JsonToken.FIELD_NAME; k = p.nextToken()) {
          String name = p.currentName();
          o.set(name, value(p, p.nextToken()));
        }
        return o;
      case START_ARRAY:
        ArrayNode a = NODES.arrayNode();
        for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
          a.add(value(p, v));
        }
        return a;
      case VALUE_STRING:
        return NODES.textNode(p.getText());
      case VALUE_NUMBER_INT:
        switch (p.getNumberType()) {
          case INT:
            return NODES.numberNode(p.getIntValue());
          case LONG:
            return NODES.numberNode(p.getLongValue());
          default:
            return NODES.numberNode(p.getBigIntegerValue());
        }
      case VALUE_NUMBER_FLOAT:
        return NODES.numberNode(p.getDoubleValue());
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      case VALUE_NULL:
        return NODES.nullNode();
      default:
        throw new JsonParseException(p, "Unexpected token (" + t + ")");
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

    JsonFormatException(String message, @Nullable Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Returns a stream that refuses to deliver more than {@code limit} bytes, throwing what Jackson
   * 2.16+ throws: the document limit on a Jackson without one.
   */
  static InputStream documentLimit(InputStream in, long limit) {
    return new LimitedInputStream(in, limit, n -> {
      throw new StreamConstraintsException(documentTooLong(n));
    });
  }
}
