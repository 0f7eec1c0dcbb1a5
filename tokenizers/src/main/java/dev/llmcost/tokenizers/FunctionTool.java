package dev.llmcost.tokenizers;

import dev.llmcost.core.internal.Require;
import java.util.List;

/**
 * A function a chat request offers the model: one entry of the {@code tools} array ({@code
 * "type": "function"}), reduced to what its prompt tokens depend on.
 *
 * @param name the function's name, such as {@code get_current_weather}
 * @param description what it does ({@code ""} for none)
 * @param properties the properties of its {@code parameters} object, in order
 */
public record FunctionTool(String name, String description, List<Property> properties) {

  /**
   * Validates the function and copies the list.
   *
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public FunctionTool {
    Require.nonBlank("name", name);
    properties = List.copyOf(properties);
  }

  /**
   * Returns a function with properties.
   *
   * @param name the function's name
   * @param description what it does
   * @param properties its parameters' properties
   * @return the function
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static FunctionTool of(String name, String description, Property... properties) {
    return new FunctionTool(name, description, List.of(properties));
  }

  /**
   * One property of a function's {@code parameters} object.
   *
   * @param name the property's key, such as {@code location}
   * @param type its JSON schema {@code type}, such as {@code string}
   * @param description its {@code description} ({@code ""} for none)
   * @param enumValues its {@code enum} values, empty if it has none
   */
  public record Property(String name, String type, String description, List<String> enumValues) {

    /**
     * Validates the property and copies the list.
     *
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public Property {
      Require.nonBlank("name", name);
      enumValues = List.copyOf(enumValues);
    }

    /**
     * Returns a property without an enum.
     *
     * @param name the key
     * @param type the JSON schema type
     * @param description the description
     * @return the property
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public static Property of(String name, String type, String description) {
      return new Property(name, type, description, List.of());
    }

    /** Returns a copy with these enum values. */
    public Property withEnum(String... values) {
      List<String> v = List.of(values);
      return v.equals(enumValues) ? this : new Property(name, type, description, v);
    }
  }
}
