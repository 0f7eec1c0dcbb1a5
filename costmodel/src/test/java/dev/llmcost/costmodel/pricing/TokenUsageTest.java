package dev.llmcost.costmodel.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.TokenCount;
import org.junit.jupiter.api.Test;

class TokenUsageTest {

  @Test
  void openAiCountsCachedInsidePromptAndReasoningInsideCompletion() {
    TokenUsage u = TokenUsage.openAi().promptTokens(12_000).cachedTokens(8_000).completionTokens(900).reasoningTokens(600).build();
    assertThat(u.input()).isEqualTo(TokenCount.of(4_000));
    assertThat(u.cacheRead()).isEqualTo(TokenCount.of(8_000));
    assertThat(u.output()).isEqualTo(TokenCount.of(300));
    assertThat(u.reasoning()).isEqualTo(TokenCount.of(600));
    assertThat(u.promptTokens()).isEqualTo(TokenCount.of(12_000));
    assertThat(u.completionTokens()).isEqualTo(TokenCount.of(900));
    assertThat(u.total()).isEqualTo(TokenCount.of(12_900));
  }

  @Test
  void anthropicCountsCacheReadsAndWritesApart() {
    TokenUsage u = TokenUsage.anthropic().inputTokens(50).cacheReadInputTokens(100_000).cacheCreationInputTokens(2_000).outputTokens(700).build();
    assertThat(u.input()).isEqualTo(TokenCount.of(50));
    assertThat(u.cacheRead()).isEqualTo(TokenCount.of(100_000));
    assertThat(u.cacheWrite5m()).isEqualTo(TokenCount.of(2_000));
    assertThat(u.cacheWrite1h()).isEqualTo(TokenCount.ZERO);
    assertThat(u.output()).isEqualTo(TokenCount.of(700));
    assertThat(u.promptTokens()).isEqualTo(TokenCount.of(102_050));
    assertThat(TokenUsage.anthropic().inputTokens(50).cacheReadInputTokens(100_000).cacheCreationInputTokens(2_000).cacheCreation1hInputTokens(3_000).outputTokens(700).build().cacheWrite1h())
        .isEqualTo(TokenCount.of(3_000));
  }

  @Test
  void bothConventionsDescribeTheSameRequest() {
    // 10,000 prompt tokens of which 9,000 cached, 400 output: the same request in both conventions.
    assertThat(TokenUsage.openAi().promptTokens(10_000).cachedTokens(9_000).completionTokens(400).build())
        .isEqualTo(TokenUsage.anthropic().inputTokens(1_000).cacheReadInputTokens(9_000).outputTokens(400).build());
  }

  @Test
  void partsCannotExceedTheirWhole() {
    assertThatThrownBy(() -> TokenUsage.openAi().promptTokens(100).cachedTokens(101).completionTokens(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cachedTokens must be <= promptTokens (100), was 101");
    assertThatThrownBy(() -> TokenUsage.openAi().promptTokens(100).cachedTokens(0).completionTokens(10).reasoningTokens(11).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reasoningTokens must be <= completionTokens (10), was 11");
  }

  @Test
  void negativeCountsAreRejected() {
    assertThatThrownBy(() -> TokenUsage.of(-1, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tokens must be >= 0, was -1");
    assertThatThrownBy(() -> TokenUsage.anthropic().inputTokens(0).cacheReadInputTokens(-5).outputTokens(0).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void withersReplaceOneCountAndTimesScalesAll() {
    TokenUsage u = TokenUsage.of(10, 20).withCacheRead(TokenCount.of(30)).withReasoning(TokenCount.of(5));
    assertThat(u.tokens(TokenKind.INPUT)).isEqualTo(TokenCount.of(10));
    assertThat(u.tokens(TokenKind.CACHE_READ)).isEqualTo(TokenCount.of(30));
    assertThat(u.tokens(TokenKind.REASONING)).isEqualTo(TokenCount.of(5));
    assertThat(u.withInput(TokenCount.of(10))).isSameAs(u);
    assertThat(u.times(3).total()).isEqualTo(TokenCount.of(3 * 65));
  }
}
