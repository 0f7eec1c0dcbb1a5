package dev.llmcost.tokenizers.internal.huggingface;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.tokenizers.huggingface.TokenizerFormatException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A JSON node with its path in the file, whose typed getters fail with the path named. */
record Node(JsonNode json, String path) {

  static Node root(JsonNode json) {
    return new Node(json, "");
  }

  TokenizerFormatException error(String message) {
    return new TokenizerFormatException(path.isEmpty() ? "tokenizer.json" : path, message);
  }

  private String childPath(String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  boolean has(String field) {
    JsonNode v = json.get(field);
    return v != null && !v.isNull();
  }

  /** Returns the child, or null if absent or JSON null. */
  @Nullable Node opt(String field) {
    JsonNode v = json.get(field);
    return v == null || v.isNull() ? null : new Node(v, childPath(field));
  }

  Node get(String field) {
    Node n = opt(field);
    if (n == null) {
      throw new TokenizerFormatException(childPath(field), "is missing");
    }
    return n;
  }

  Node object(String field) {
    Node n = get(field);
    if (!n.json.isObject()) {
      throw n.error("must be an object, was " + kind(n.json));
    }
    return n;
  }

  List<Node> array(String field) {
    Node n = get(field);
    return n.elements();
  }

  List<Node> elements() {
    if (!json.isArray()) {
      throw error("must be an array, was " + kind(json));
    }
    List<Node> out = new ArrayList<>(json.size());
    for (int i = 0; i < json.size(); i++) {
      out.add(new Node(json.get(i), path + "[" + i + "]"));
    }
    return out;
  }

  String type() {
    return string("type");
  }

  String string(String field) {
    Node n = get(field);
    return n.asString();
  }

  String asString() {
    if (!json.isTextual()) {
      throw error("must be a string, was " + kind(json));
    }
    return json.textValue();
  }

  @Nullable String optString(String field) {
    Node n = opt(field);
    return n == null ? null : n.asString();
  }

  String string(String field, String defaultValue) {
    String s = optString(field);
    return s == null ? defaultValue : s;
  }

  boolean bool(String field, boolean defaultValue) {
    Node n = opt(field);
    if (n == null) {
      return defaultValue;
    }
    if (!n.json.isBoolean()) {
      throw n.error("must be true or false, was " + kind(n.json));
    }
    return n.json.booleanValue();
  }

  int integer(String field, int min, int max) {
    return get(field).asInt(min, max);
  }

  int integer(String field, int min, int max, int defaultValue) {
    Node n = opt(field);
    return n == null ? defaultValue : n.asInt(min, max);
  }

  int asInt(int min, int max) {
    if (!json.isIntegralNumber() || !json.canConvertToLong()) {
      throw error("must be an integer, was " + kind(json));
    }
    long v = json.longValue();
    if (v < min || v > max) {
      throw error("must be in [" + min + ", " + max + "], was " + v);
    }
    return (int) v;
  }

  double asDouble() {
    if (!json.isNumber() || !Double.isFinite(json.doubleValue())) {
      throw error("must be a finite number, was " + kind(json));
    }
    return json.doubleValue();
  }

  static String kind(JsonNode v) {
    if (v.isTextual()) {
      String t = v.textValue();
      return "the string \"" + (t.length() > 40 ? t.substring(0, 40) + "…" : t) + "\"";
    }
    if (v.isNumber() || v.isBoolean()) {
      return v.toString();
    }
    return v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
