package dev.llmcost.tokenizers;

import dev.llmcost.core.TokenCount;
import java.util.List;

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
 *
 * @param functionInit tokens of each function's frame
 * @param propertiesInit tokens added once for a function that has properties
 * @param propertyKey tokens of each property's frame
 * @param enumInit tokens added for a property that has an enum (negative: the cookbook's -3)
 * @param enumItem tokens of each enum value's frame
 * @param functionsEnd tokens added once when there is at least one function
 * @param published whether OpenAI published these values for the model (else an assumption)
 * @param basis where the values come from, for reports
 */
public record ToolOverhead(
    int functionInit, int propertiesInit, int propertyKey, int enumInit, int enumItem, int functionsEnd,
    boolean published, String basis) {

  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException if a value other than {@code enumInit} is negative
   */
  public ToolOverhead {
    if (functionInit < 0 || propertiesInit < 0 || propertyKey < 0 || enumItem < 0 || functionsEnd < 0) {
      throw new IllegalArgumentException("functionInit, propertiesInit, propertyKey, enumItem and functionsEnd"
          + " must be >= 0, were " + functionInit + ", " + propertiesInit + ", " + propertyKey + ", " + enumItem
          + " and " + functionsEnd);
    }
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
}
