package dev.llmcost.tokenizers;

import dev.llmcost.core.TokenCount;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The prompt tokens the {@code tools} array of a chat request adds: OpenAI renders the function
 * definitions into the prompt, and the API bills them as prompt tokens.
 *
 * <p>The rules are those of OpenAI's cookbook "How to count tokens with tiktoken", section 7
 * "Counting tokens for chat completions with tool calls" (function {@code num_tokens_for_tools},
 * openai/openai-cookbook {@code examples/How_to_count_tokens_with_tiktoken.ipynb}, commit
 * c81359c), which it checked against the API's {@code usage.prompt_tokens}: for each function,
 * {@code functionInit} plus the tokens of {@code name:description}; if it has properties, {@code
 * propertiesInit}, and for each property {@code propertyKey}, the tokens of {@code
 * key:type:description}, and, if it has an enum, {@code enumInit} plus {@code enumItem} and the
 * value's tokens for each value; then {@code functionsEnd} once. A description loses one trailing
 * period. The cookbook publishes the constants for gpt-4o and gpt-4o-mini (7, 3, 3, -3, 3, 12) and
 * for gpt-3.5-turbo and gpt-4 (10, 3, 3, -3, 3, 12).
 */
public final class ToolOverhead {
  private final int functionInit;
  private final int propertiesInit;
  private final int propertyKey;
  private final int enumInit;
  private final int enumItem;
  private final int functionsEnd;
  private final boolean published;
  private final String basis;

  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException if a value other than {@code enumInit} is negative
   */
  private ToolOverhead(
      int functionInit,
      int propertiesInit,
      int propertyKey,
      int enumInit,
      int enumItem,
      int functionsEnd,
      boolean published,
      String basis) {
    if (functionInit < 0 || propertiesInit < 0 || propertyKey < 0 || enumItem < 0 || functionsEnd < 0) {
      throw new IllegalArgumentException("functionInit, propertiesInit, propertyKey, enumItem and functionsEnd"
          + " must be >= 0, were " + functionInit + ", " + propertiesInit + ", " + propertyKey + ", " + enumItem
          + " and " + functionsEnd);
    }
    this.functionInit = functionInit;
    this.propertiesInit = propertiesInit;
    this.propertyKey = propertyKey;
    this.enumInit = enumInit;
    this.enumItem = enumItem;
    this.functionsEnd = functionsEnd;
    this.published = published;
    this.basis = basis;
  }

  /**
   * Counts the prompt tokens that function definitions add to a request (on top of its messages,
   * which {@link ChatOverhead} counts).
   *
   * @param tokenizer the model's tokenizer
   * @param functions the functions of the {@code tools} array
   * @return the tokens they add; zero for no functions
   */
  public TokenCount countTokens(Tokenizer tokenizer, List<FunctionTool> functions) {
    if (functions.isEmpty()) {
      return TokenCount.ZERO;
    }
    long n = functionsEnd;
    for (FunctionTool f : functions) {
      n += functionInit + tokenizer.countTokens(f.name() + ":" + withoutFinalPeriod(f.description())).value();
      if (f.properties().isEmpty()) {
        continue;
      }
      n += propertiesInit;
      for (FunctionTool.Property p : f.properties()) {
        n += propertyKey;
        if (!p.enumValues().isEmpty()) {
          n += enumInit;
          for (String v : p.enumValues()) {
            n += enumItem + tokenizer.countTokens(v).value();
          }
        }
        n += tokenizer.countTokens(p.name() + ":" + p.type() + ":" + withoutFinalPeriod(p.description())).value();
      }
    }
    return TokenCount.of(n);
  }

  private static String withoutFinalPeriod(String s) {
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  /** Returns tokens of each function's frame. */
  public int functionInit() {
    return functionInit;
  }

  /** Returns tokens added once for a function that has properties. */
  public int propertiesInit() {
    return propertiesInit;
  }

  /** Returns tokens of each property's frame. */
  public int propertyKey() {
    return propertyKey;
  }

  /** Returns tokens added for a property that has an enum (negative: the cookbook's -3). */
  public int enumInit() {
    return enumInit;
  }

  /** Returns tokens of each enum value's frame. */
  public int enumItem() {
    return enumItem;
  }

  /** Returns tokens added once when there is at least one function. */
  public int functionsEnd() {
    return functionsEnd;
  }

  /** Returns whether OpenAI published these values for the model (else an assumption). */
  public boolean published() {
    return published;
  }

  /** Returns where the values come from, for reports. */
  public String basis() {
    return basis;
  }

  /**
   * Returns a builder of {@code ToolOverhead}. The basis must be set; unset, the
   * counts are 0 and the values not published.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder that starts from this value.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a {@link ToolOverhead}; {@link #build()} validates. */
  public static final class Builder {
    private int functionInit;
    private int propertiesInit;
    private int propertyKey;
    private int enumInit;
    private int enumItem;
    private int functionsEnd;
    private boolean published;
    private @Nullable String basis;

    private Builder() {}

    private Builder(ToolOverhead from) {
      this.functionInit = from.functionInit;
      this.propertiesInit = from.propertiesInit;
      this.propertyKey = from.propertyKey;
      this.enumInit = from.enumInit;
      this.enumItem = from.enumItem;
      this.functionsEnd = from.functionsEnd;
      this.published = from.published;
      this.basis = from.basis;
    }

    /**
     * Sets tokens of each function's frame.
     *
     * @param value the value
     * @return this builder
     */
    public Builder functionInit(int value) {
      this.functionInit = value;
      return this;
    }

    /**
     * Sets tokens added once for a function that has properties.
     *
     * @param value the value
     * @return this builder
     */
    public Builder propertiesInit(int value) {
      this.propertiesInit = value;
      return this;
    }

    /**
     * Sets tokens of each property's frame.
     *
     * @param value the value
     * @return this builder
     */
    public Builder propertyKey(int value) {
      this.propertyKey = value;
      return this;
    }

    /**
     * Sets tokens added for a property that has an enum (negative: the cookbook's -3).
     *
     * @param value the value
     * @return this builder
     */
    public Builder enumInit(int value) {
      this.enumInit = value;
      return this;
    }

    /**
     * Sets tokens of each enum value's frame.
     *
     * @param value the value
     * @return this builder
     */
    public Builder enumItem(int value) {
      this.enumItem = value;
      return this;
    }

    /**
     * Sets tokens added once when there is at least one function.
     *
     * @param value the value
     * @return this builder
     */
    public Builder functionsEnd(int value) {
      this.functionsEnd = value;
      return this;
    }

    /**
     * Sets whether OpenAI published these values for the model (else an assumption).
     *
     * @param value the value
     * @return this builder
     */
    public Builder published(boolean value) {
      this.published = value;
      return this;
    }

    /**
     * Sets where the values come from, for reports.
     *
     * @param value the value
     * @return this builder
     */
    public Builder basis(String value) {
      this.basis = value;
      return this;
    }

    /**
     * Returns the {@code ToolOverhead}.
     *
     * @return the value
     * @throws IllegalArgumentException if a value is out of range
     * @throws IllegalStateException if a required value is not set
     */
    public ToolOverhead build() {
      return new ToolOverhead(
          functionInit,
          propertiesInit,
          propertyKey,
          enumInit,
          enumItem,
          functionsEnd,
          published,
          required("basis", basis));
    }

    private static <T> T required(String field, @Nullable T value) {
      if (value == null) {
        throw new IllegalStateException(field + " must be set on ToolOverhead.Builder");
      }
      return value;
    }
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof ToolOverhead o
          && functionInit == o.functionInit
          && propertiesInit == o.propertiesInit
          && propertyKey == o.propertyKey
          && enumInit == o.enumInit
          && enumItem == o.enumItem
          && functionsEnd == o.functionsEnd
          && published == o.published
          && Objects.equals(basis, o.basis);
  }

  @Override
  public int hashCode() {
    int h = Integer.hashCode(functionInit);
    h = 31 * h + Integer.hashCode(propertiesInit);
    h = 31 * h + Integer.hashCode(propertyKey);
    h = 31 * h + Integer.hashCode(enumInit);
    h = 31 * h + Integer.hashCode(enumItem);
    h = 31 * h + Integer.hashCode(functionsEnd);
    h = 31 * h + Boolean.hashCode(published);
    h = 31 * h + Objects.hashCode(basis);
    return h;
  }

  @Override
  public String toString() {
    return "ToolOverhead[functionInit=" + functionInit + ", propertiesInit=" + propertiesInit
        + ", propertyKey=" + propertyKey + ", enumInit=" + enumInit + ", enumItem=" + enumItem
        + ", functionsEnd=" + functionsEnd + ", published=" + published + ", basis=" + basis + "]";
  }
}
