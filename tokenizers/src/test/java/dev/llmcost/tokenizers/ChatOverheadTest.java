package dev.llmcost.tokenizers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.tokenizers.openai.OpenAiEncoding;
import dev.llmcost.tokenizers.openai.OpenAiModels;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Conversation counts against the published example of OpenAI's cookbook "How to count tokens
 * with tiktoken" (the example_messages, and the counts the notebook prints, which it says the API
 * confirmed).
 */
class ChatOverheadTest {

  static final List<ChatMessage> EXAMPLE = List.of(
      ChatMessage.of("system", "You are a helpful, pattern-following assistant that translates corporate jargon into plain English."),
      ChatMessage.of("system", "New synergies will help drive top-line growth.").withName("example_user"),
      ChatMessage.of("system", "Things working well together will increase revenue.").withName("example_assistant"),
      ChatMessage.of("system", "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage.").withName("example_user"),
      ChatMessage.of("system", "Let's talk later when we're less busy about how to do better.").withName("example_assistant"),
      ChatMessage.of("user", "This late pivot means we don't have time to boil the ocean for the client deliverable."));

  @ParameterizedTest(name = "{0}: {1} prompt tokens")
  @CsvSource({
    "gpt-3.5-turbo-0301, 127, OpenAI cookbook (2023 edition)",
    "gpt-3.5-turbo-0613, 129, OpenAI cookbook",
    "gpt-3.5-turbo, 129, OpenAI cookbook",
    "gpt-4-0613, 129, OpenAI cookbook",
    "gpt-4, 129, OpenAI cookbook",
    "gpt-4o, 124, OpenAI cookbook",
    "gpt-4o-mini, 124, OpenAI cookbook"
  })
  void countsTheCookbookExample(String model, long expected, String source) {
    TokenizerRegistry registry = TokenizerRegistry.standard();
    ChatOverhead overhead = registry.chatOverhead(model).orElseThrow();
    long actual = overhead.countTokens(registry.resolve(model), EXAMPLE).value();
    System.out.printf("%-20s expected %d, counted %d (%s)%n", model, expected, actual, source);
    assertThat(actual).isEqualTo(expected);
    assertThat(overhead.published()).isTrue();
  }

  @Test
  void laterModelsAreAnAssumptionAndCompletionModelsHaveNoChatFormat() {
    assertThat(OpenAiModels.chatOverhead("gpt-5").orElseThrow().published()).isFalse();
    assertThat(OpenAiModels.chatOverhead("o3-mini").orElseThrow().basis()).contains("assumed");
    assertThat(OpenAiModels.chatOverhead("text-davinci-003")).isEmpty();
    assertThat(OpenAiModels.chatOverhead("text-embedding-3-small")).isEmpty();
    assertThat(OpenAiModels.chatOverhead("gpt-3.5-turbo-0301").orElseThrow().tokensPerMessage()).isEqualTo(4);
  }

  private static final EncodeOptions ALLOWED = EncodeOptions.DEFAULT.withSpecialTokens(SpecialTokens.ALLOWED);

  @Test
  void harmonyCountsHarmonysRenderedConversation() {
    // openai/harmony test-data/test_simple_convo.txt (v0.0.8): what src/tests.rs test_simple_convo renders
    // for a system message and the user message "What is 2 + 2?", primed for the assistant's reply
    String system = "You are ChatGPT, a large language model trained by OpenAI.\nKnowledge cutoff: 2024-06\n\n"
        + "Reasoning: medium\n\n# Valid channels: analysis, commentary, final. Channel must be included for every message.";
    String rendered = "<|start|>system<|message|>" + system + "<|end|><|start|>user<|message|>What is 2 + 2?<|end|>"
        + "<|start|>assistant";
    Tokenizer harmony = TokenizerRegistry.standard().resolve("gpt-oss-120b");
    ChatOverhead overhead = TokenizerRegistry.standard().chatOverhead("gpt-oss-120b").orElseThrow();
    long counted = overhead.countTokens(harmony, List.of(ChatMessage.of("system", system), ChatMessage.of("user", "What is 2 + 2?"))).value();
    assertThat(counted).isEqualTo(harmony.encode(rendered, ALLOWED).size());
    assertThat(overhead.format()).isEqualTo(ChatOverhead.Format.HARMONY);
    assertThat(overhead).isEqualTo(ChatOverhead.harmony());
    assertThat(OpenAiModels.chatOverhead("gpt-oss-20b")).contains(ChatOverhead.harmony());
  }

  @Test
  void harmonyRendersANameAfterTheRoleAndAToolByItsName() {
    // src/encoding.rs (Render<Message>): role then ":{name}"; a tool message has its name in place of the role
    Tokenizer harmony = OpenAiEncoding.O200K_HARMONY.tokenizer();
    String rendered = "<|start|>user:alice<|message|>Weather in Tokyo?<|end|>"
        + "<|start|>functions.lookup_weather<|message|>{ \"temperature\": 20, \"sunny\": true }<|end|><|start|>assistant";
    List<ChatMessage> messages = List.of(
        ChatMessage.of("user", "Weather in Tokyo?").withName("alice"),
        ChatMessage.of("tool", "{ \"temperature\": 20, \"sunny\": true }").withName("functions.lookup_weather"));
    assertThat(ChatOverhead.harmony().countTokens(harmony, messages).value())
        .isEqualTo(harmony.encode(rendered, ALLOWED).size());
    assertThatThrownBy(() -> ChatOverhead.harmony().countTokens(harmony, List.of(ChatMessage.of("tool", "{}"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("messages[0]").hasMessageContaining("name");
  }
}
