package dev.llmcost.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * Typed access to the fields of a JSON object with HuggingFace semantics: a JSON {@code null} is
 * the same as an absent key, and every type error names the field and the value.
 */
public final class JsonFields {
  private final JsonNode node;
  private final String context;
  private final Function<String, RuntimeException> error;
  private final Map<String, Integer> integersRead = new LinkedHashMap<>();

  /**
   * Wraps an object node.
   *
   * @param node the object
   * @param context what the object is, for messages ({@code config.json}, {@code models.json
   *     entry "gpt2"})
   * @param error makes the exception thrown for a bad field from its message
   */
  public JsonFields(JsonNode node, String context, Function<String, RuntimeException> error) {
    this.node = node;
    this.context = context;
    this.error = error;
    if (!node.isObject()) {
      throw error.apply(context + " must be a JSON object, was " + describe(node));
    }
  }

  /** Returns the wrapped node. */
  public JsonNode node() {
    return node;
  }

  /** Returns the context used in messages. */
  public String context() {
    return context;
  }

  /** Returns the integer fields read so far, by key, in the order first read. */
  public Map<String, Integer> integersRead() {
    return Map.copyOf(integersRead);
  }

  /** Returns whether {@code key} is present with a non-null value. */
  public boolean has(String key) {
    JsonNode v = node.get(key);
    return v != null && !v.isNull();
  }

  /** Returns the first of {@code keys} present with a non-null value. */
  public Optional<String> firstPresent(String... keys) {
    for (String k : keys) {
      if (has(k)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  /**
   * Returns the integer under the first present key of {@code keys}.
   *
   * @throws RuntimeException (from the factory) if the value is not an integer that fits an int
   */
  public OptionalInt integer(String... keys) {
    for (String k : keys) {
      JsonNode v = node.get(k);
      if (v == null || v.isNull()) {
        continue;
      }
      if (v.isIntegralNumber() && v.canConvertToInt()) {
        integersRead.put(k, v.intValue());
        return OptionalInt.of(v.intValue());
      }
      if (v.isFloatingPointNumber() && v.doubleValue() == Math.rint(v.doubleValue())
          && Math.abs(v.doubleValue()) <= Integer.MAX_VALUE) {
        integersRead.put(k, (int) v.doubleValue());
        return OptionalInt.of((int) v.doubleValue());
      }
      throw error.apply(context + " field \"" + k + "\" must be an integer, was " + describe(v));
    }
    return OptionalInt.empty();
  }

  /** Returns the integer under the first present key, or {@code defaultValue}. */
  public int integer(int defaultValue, String... keys) {
    return integer(keys).orElse(defaultValue);
  }

  /**
   * Returns the integer under the first present key of {@code keys}.
   *
   * @throws RuntimeException (from the factory) naming the keys if none is present
   */
  public int requireInteger(String... keys) {
    OptionalInt v = integer(keys);
    if (v.isEmpty()) {
      throw error.apply(context + " is missing the required field " + names(keys));
    }
    return v.getAsInt();
  }

  /** Returns the number under the first present key. */
  public OptionalDouble number(String... keys) {
    for (String k : keys) {
      JsonNode v = node.get(k);
      if (v == null || v.isNull()) {
        continue;
      }
      if (v.isNumber()) {
        return OptionalDouble.of(v.doubleValue());
      }
      throw error.apply(context + " field \"" + k + "\" must be a number, was " + describe(v));
    }
    return OptionalDouble.empty();
  }

  /** Returns the boolean under the first present key, or {@code defaultValue}. */
  public boolean bool(boolean defaultValue, String... keys) {
    for (String k : keys) {
      JsonNode v = node.get(k);
      if (v == null || v.isNull()) {
        continue;
      }
      if (v.isBoolean()) {
        return v.booleanValue();
      }
      throw error.apply(context + " field \"" + k + "\" must be true or false, was " + describe(v));
    }
    return defaultValue;
  }

  /** Returns the string under the first present key. */
  public Optional<String> string(String... keys) {
    for (String k : keys) {
      JsonNode v = node.get(k);
      if (v == null || v.isNull()) {
        continue;
      }
      if (v.isTextual()) {
        return Optional.of(v.textValue());
      }
      throw error.apply(context + " field \"" + k + "\" must be a string, was " + describe(v));
    }
    return Optional.empty();
  }

  /** Returns the string under the first present key, or throws naming the keys. */
  public String requireString(String... keys) {
    return string(keys)
        .orElseThrow(() -> error.apply(context + " is missing the required field " + names(keys)));
  }

  /** Returns the nested object under {@code key}, if present. */
  public Optional<JsonFields> object(String key) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isObject()) {
      throw error.apply(context + " field \"" + key + "\" must be an object, was " + describe(v));
    }
    return Optional.of(new JsonFields(v, context + " \"" + key + "\"", error));
  }

  /** Returns the array under {@code key}, if present. */
  public Optional<JsonNode> array(String key) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isArray()) {
      throw error.apply(context + " field \"" + key + "\" must be an array, was " + describe(v));
    }
    return Optional.of(v);
  }

  /** Throws the factory's exception with {@code message} prefixed by the context. */
  public RuntimeException fail(String message) {
    return error.apply(context + ": " + message);
  }

  private static String names(String... keys) {
    return keys.length == 1 ? "\"" + keys[0] + "\"" : "\"" + String.join("\" (or \"", keys) + "\")";
  }

  /** Describes a value for an error message, shortened to 60 characters. */
  public static String describe(JsonNode v) {
    String s = v.toString();
    if (s.length() > 60) {
      s = s.substring(0, 57) + "...";
    }
    return s;
  }
}
