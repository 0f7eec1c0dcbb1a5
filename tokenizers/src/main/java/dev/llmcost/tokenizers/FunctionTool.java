package dev.llmcost.tokenizers;

import dev.llmcost.core.internal.Require;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A function a chat request offers the model: one entry of the {@code tools} array ({@code
 * "type": "function"}), reduced to what its prompt tokens depend on.
 */
public final class FunctionTool {
  private final String name;
  private final String description;
  private final List<Property> properties;

  /**
   * Validates the function and copies the list.
   *
   * @throws IllegalArgumentException if {@code name} is blank
   */
  private FunctionTool(String name, String description, List<Property> properties) {
    Require.nonBlank("name", name);
    this.name = name;
    this.description = description;
    this.properties = List.copyOf(properties);
  }

  /**
   * Returns a function with properties.
   *
   * @param name the function's name, such as {@code get_current_weather}
   * @param description what it does ({@code ""} for none)
   * @param properties the properties of its {@code parameters} object, in order
   * @return the function
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static FunctionTool of(String name, String description, Property... properties) {
    return new FunctionTool(name, description, List.of(properties));
  }

  /**
   * Returns a function with properties.
   *
   * @param name the function's name, such as {@code get_current_weather}
   * @param description what it does ({@code ""} for none)
   * @param properties the properties of its {@code parameters} object, in order (copied)
   * @return the function
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static FunctionTool of(String name, String description, List<Property> properties) {
    return new FunctionTool(name, description, properties);
  }

  /** Returns the function's name, such as {@code get_current_weather}. */
  public String name() {
    return name;
  }

  /** Returns what it does ({@code ""} for none). */
  public String description() {
    return description;
  }

  /** Returns the properties of its {@code parameters} object, in order. */
  public List<Property> properties() {
    return properties;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof FunctionTool o
          && name.equals(o.name)
          && description.equals(o.description)
          && properties.equals(o.properties);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, description, properties);
  }

  @Override
  public String toString() {
    return "FunctionTool[name=" + name + ", description=" + description + ", properties=" + properties + "]";
  }

  /** One property of a function's {@code parameters} object. */
  public static final class Property {
    private final String name;
    private final String type;
    private final String description;
    private final List<String> enumValues;

    /**
     * Validates the property and copies the list.
     *
     * @throws IllegalArgumentException if {@code name} is blank
     */
    private Property(String name, String type, String description, List<String> enumValues) {
      Require.nonBlank("name", name);
      this.name = name;
      this.type = type;
      this.description = description;
      this.enumValues = List.copyOf(enumValues);
    }

    /**
     * Returns a property without an enum.
     *
     * @param name the property's key, such as {@code location}
     * @param type its JSON schema {@code type}, such as {@code string}
     * @param description its {@code description} ({@code ""} for none)
     * @return the property
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public static Property of(String name, String type, String description) {
      return new Property(name, type, description, List.of());
    }

    /**
     * Returns a copy with these enum values.
     *
     * @param values its {@code enum} values
     * @return this property if nothing changes, else a copy
     */
    public Property withEnum(String... values) {
      return withEnum(List.of(values));
    }

    /**
     * Returns a copy with these enum values.
     *
     * @param values its {@code enum} values (copied)
     * @return this property if nothing changes, else a copy
     */
    public Property withEnum(List<String> values) {
      return values.equals(enumValues) ? this : new Property(name, type, description, values);
    }

    /** Returns the property's key, such as {@code location}. */
    public String name() {
      return name;
    }

    /** Returns its JSON schema {@code type}, such as {@code string}. */
    public String type() {
      return type;
    }

    /** Returns its {@code description} ({@code ""} for none). */
    public String description() {
      return description;
    }

    /** Returns its {@code enum} values, empty if it has none. */
    public List<String> enumValues() {
      return enumValues;
    }

    @Override
    public boolean equals(@Nullable Object other) {
      return other == this
          || other instanceof Property o
            && name.equals(o.name)
            && type.equals(o.type)
            && description.equals(o.description)
            && enumValues.equals(o.enumValues);
    }

    @Override
    public int hashCode() {
      return Objects.hash(name, type, description, enumValues);
    }

    @Override
    public String toString() {
      return "Property[name=" + name + ", type=" + type + ", description=" + description
          + ", enumValues=" + enumValues + "]";
    }
  }
}
