package dev.llmcost.tokenizers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.tokenizers.FunctionTool.Property;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Tool definitions against the published example of OpenAI's cookbook "How to count tokens with
 * tiktoken", section 7 (openai/openai-cookbook {@code examples/How_to_count_tokens_with_tiktoken.ipynb},
 * commit c81359c): its {@code tools} and {@code example_messages}, and the prompt tokens the
 * notebook prints, which it says the API confirmed.
 */
class ToolOverheadTest {

  static final List<FunctionTool> TOOLS = List.of(FunctionTool.of(
      "get_current_weather", "Get the current weather in a given location",
      Property.of("location", "string", "The city and state, e.g. San Francisco, CA"),
      Property.of("unit", "string", "The unit of temperature to return").withEnum("celsius", "fahrenheit")));

  static final List<ChatMessage> MESSAGES = List.of(
      ChatMessage.of("system", "You are a helpful assistant that can answer to questions about the weather."),
      ChatMessage.of("user", "What's the weather like in San Francisco?"));

  @ParameterizedTest(name = "{0}: {1} prompt tokens")
  @CsvSource({
    "gpt-3.5-turbo, 105, OpenAI cookbook section 7 (API: 105)",
    "gpt-4, 105, OpenAI cookbook section 7 (API: 105)",
    "gpt-4o, 101, OpenAI cookbook section 7 (API: 101)",
    "gpt-4o-mini, 101, OpenAI cookbook section 7 (API: 101)"
  })
  void countsTheCookbookExample(String model, long expected, String source) {
    TokenizerRegistry registry = TokenizerRegistry.standard();
    Tokenizer tokenizer = registry.resolve(model);
    ToolOverhead tools = registry.toolOverhead(model).orElseThrow();
    long messages = registry.chatOverhead(model).orElseThrow().countTokens(tokenizer, MESSAGES).value();
    long actual = messages + tools.countTokens(tokenizer, TOOLS).value();
    System.out.printf("%-14s expected %d, counted %d (%d for the messages; %s)%n", model, expected, actual, messages, source);
    assertThat(actual).isEqualTo(expected);
    assertThat(tools.published()).isTrue();
    assertThat(tools.basis()).contains("cookbook");
  }

  @Test
  void addsNothingWithoutFunctions() {
    ToolOverhead tools = TokenizerRegistry.standard().toolOverhead("gpt-4o").orElseThrow();
    assertThat(tools.countTokens(TokenizerRegistry.standard().resolve("gpt-4o"), List.of()).value()).isZero();
  }

  @Test
  void aFunctionWithoutPropertiesHasNoPropertyFrame() {
    Tokenizer o200k = TokenizerRegistry.standard().resolve("o200k_base");
    ToolOverhead tools = TokenizerRegistry.standard().toolOverhead("gpt-4o").orElseThrow();
    long nameAndDescription = o200k.countTokens("get_location:Gets the location of the user").value();
    // 7 for the function, its "name:description" without the final period, 12 at the end
    assertThat(tools.countTokens(o200k, List.of(FunctionTool.of("get_location", "Gets the location of the user."))).value())
        .isEqualTo(7 + nameAndDescription + 12);
  }

  @Test
  void laterModelsAreAnAssumptionAndGptOssHasNoSuchRule() {
    TokenizerRegistry registry = TokenizerRegistry.standard();
    assertThat(registry.toolOverhead("gpt-4.1").orElseThrow().published()).isFalse();
    assertThat(registry.toolOverhead("gpt-5").orElseThrow().functionInit()).isEqualTo(7);
    assertThat(registry.toolOverhead("gpt-4-0613").orElseThrow().functionInit()).isEqualTo(10);
    assertThat(registry.toolOverhead("gpt-oss-120b")).isEmpty();
    assertThat(registry.toolOverhead("text-embedding-3-small")).isEmpty();
  }

  @Test
  void rejectsNegativeFrames() {
    assertThatThrownBy(() -> ToolOverhead.builder().functionInit(-1).basis("x").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("functionInit");
    assertThatThrownBy(() -> FunctionTool.of(" ", "d")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name");
  }
}
