package dev.llmcost.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds and prints the JSON objects of the command line. */
public final class JsonOutput {
  private JsonOutput() {}

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Returns a new empty object. */
  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /**
   * Serialises an object with two-space indentation.
   *
   * @param node the object
   * @return the JSON text
   */
  public static String write(ObjectNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise JSON output", e);
    }
  }

  /**
   * Returns {@code {"error": message}}.
   *
   * @param message the error
   * @return the JSON text
   */
  public static String error(String message) {
    ObjectNode n = object();
    n.put("error", message);
    return write(n);
  }
}
