package dev.llmcost.costmodel.pricing;

import dev.llmcost.core.TokenCount;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The tokens of one request, split into the kinds a price book prices apart. The six counts are
 * disjoint: {@link #input()} holds only the prompt tokens that were neither read from nor written
 * to a cache, and {@link #output()} only the generated tokens that were not reasoning tokens.
 *
 * <p>The APIs report usage in two conventions, and each has a builder whose setters carry the
 * API's own field names, so that no count can land in another's place:
 *
 * <ul>
 *   <li>OpenAI counts cached tokens inside the prompt count and reasoning tokens inside the
 *       completion count: {@code TokenUsage.openAi().promptTokens(12_000).cachedTokens(8_000)
 *       .completionTokens(400).build()} ({@link #openAi()}).
 *   <li>Anthropic counts cache reads and cache writes apart from the other input tokens: {@code
 *       TokenUsage.anthropic().inputTokens(1_000).cacheReadInputTokens(50_000)
 *       .cacheCreationInputTokens(10_000).outputTokens(800).build()} ({@link #anthropic()};
 *       thinking tokens are part of {@code output_tokens} and billed as output).
 * </ul>
 */
public final class TokenUsage {
  private final TokenCount input;
  private final TokenCount cacheRead;
  private final TokenCount cacheWrite5m;
  private final TokenCount cacheWrite1h;
  private final TokenCount output;
  private final TokenCount reasoning;

  private TokenUsage(TokenCount input, TokenCount cacheRead, TokenCount cacheWrite5m, TokenCount cacheWrite1h, TokenCount output, TokenCount reasoning) {
    this.input = input;
    this.cacheRead = cacheRead;
    this.cacheWrite5m = cacheWrite5m;
    this.cacheWrite1h = cacheWrite1h;
    this.output = output;
    this.reasoning = reasoning;
  }


  /** No tokens at all. */
  public static final TokenUsage NONE =
      new TokenUsage(
          TokenCount.ZERO, TokenCount.ZERO, TokenCount.ZERO, TokenCount.ZERO, TokenCount.ZERO,
          TokenCount.ZERO);

  /**
   * Returns a request of plain input and output tokens, as the article's bills have.
   *
   * @param input prompt tokens, at least zero
   * @param output generated tokens, at least zero
   * @return the usage
   * @throws IllegalArgumentException if a count is negative
   */
  public static TokenUsage of(long input, long output) {
    return of(TokenCount.of(input), TokenCount.of(output));
  }

  /**
   * Returns a request of plain input and output tokens.
   *
   * @param input prompt tokens
   * @param output generated tokens
   * @return the usage
   */
  public static TokenUsage of(TokenCount input, TokenCount output) {
    return NONE.withInput(input).withOutput(output);
  }

  private static TokenUsage fromOpenAi(
      long promptTokens, long cachedTokens, long completionTokens, long reasoningTokens) {
    TokenCount prompt = TokenCount.of(promptTokens);
    TokenCount cached = TokenCount.of(cachedTokens);
    TokenCount completion = TokenCount.of(completionTokens);
    TokenCount reasoning = TokenCount.of(reasoningTokens);
    if (cached.compareTo(prompt) > 0) {
      throw new IllegalArgumentException(
          "cachedTokens must be <= promptTokens (" + promptTokens + "), was " + cachedTokens);
    }
    if (reasoning.compareTo(completion) > 0) {
      throw new IllegalArgumentException(
          "reasoningTokens must be <= completionTokens (" + completionTokens + "), was "
              + reasoningTokens);
    }
    return new TokenUsage(
        prompt.minus(cached), cached, TokenCount.ZERO, TokenCount.ZERO, completion.minus(reasoning),
        reasoning);
  }

  /** Returns this usage with {@code tokens} plain input tokens. */
  public TokenUsage withInput(TokenCount tokens) {
    return tokens.equals(input)
        ? this
        : new TokenUsage(tokens, cacheRead, cacheWrite5m, cacheWrite1h, output, reasoning);
  }

  /** Returns this usage with {@code tokens} tokens read from the cache. */
  public TokenUsage withCacheRead(TokenCount tokens) {
    return tokens.equals(cacheRead)
        ? this
        : new TokenUsage(input, tokens, cacheWrite5m, cacheWrite1h, output, reasoning);
  }

  /** Returns this usage with {@code tokens} tokens written to the cache for 5 minutes. */
  public TokenUsage withCacheWrite5m(TokenCount tokens) {
    return tokens.equals(cacheWrite5m)
        ? this
        : new TokenUsage(input, cacheRead, tokens, cacheWrite1h, output, reasoning);
  }

  /** Returns this usage with {@code tokens} tokens written to the cache for 1 hour. */
  public TokenUsage withCacheWrite1h(TokenCount tokens) {
    return tokens.equals(cacheWrite1h)
        ? this
        : new TokenUsage(input, cacheRead, cacheWrite5m, tokens, output, reasoning);
  }

  /** Returns this usage with {@code tokens} output tokens (reasoning not included). */
  public TokenUsage withOutput(TokenCount tokens) {
    return tokens.equals(output)
        ? this
        : new TokenUsage(input, cacheRead, cacheWrite5m, cacheWrite1h, tokens, reasoning);
  }

  /** Returns this usage with {@code tokens} reasoning tokens (apart from the output tokens). */
  public TokenUsage withReasoning(TokenCount tokens) {
    return tokens.equals(reasoning)
        ? this
        : new TokenUsage(input, cacheRead, cacheWrite5m, cacheWrite1h, output, tokens);
  }

  /**
   * Returns the tokens of one kind.
   *
   * @param kind the kind
   * @return the count
   */
  public TokenCount tokens(TokenKind kind) {
    return switch (kind) {
      case INPUT -> input;
      case CACHE_READ -> cacheRead;
      case CACHE_WRITE_5M -> cacheWrite5m;
      case CACHE_WRITE_1H -> cacheWrite1h;
      case OUTPUT -> output;
      case REASONING -> reasoning;
    };
  }

  /**
   * Returns every prompt-side token: plain input, cache reads and cache writes (OpenAI's {@code
   * prompt_tokens}; what long-context thresholds count).
   *
   * @throws ArithmeticException on overflow
   */
  public TokenCount promptTokens() {
    return input.plus(cacheRead).plus(cacheWrite5m).plus(cacheWrite1h);
  }

  /**
   * Returns every generated token, reasoning included (OpenAI's {@code completion_tokens}).
   *
   * @throws ArithmeticException on overflow
   */
  public TokenCount completionTokens() {
    return output.plus(reasoning);
  }

  /**
   * Returns every token of the request.
   *
   * @throws ArithmeticException on overflow
   */
  public TokenCount total() {
    return promptTokens().plus(completionTokens());
  }

  /**
   * Returns the usage of {@code requests} such requests together.
   *
   * @param requests how many requests, at least zero
   * @return every count times {@code requests}
   * @throws IllegalArgumentException if {@code requests} is negative
   * @throws ArithmeticException on overflow
   */
  public TokenUsage times(long requests) {
    return new TokenUsage(
        input.times(requests),
        cacheRead.times(requests),
        cacheWrite5m.times(requests),
        cacheWrite1h.times(requests),
        output.times(requests),
        reasoning.times(requests));
  }

  /**
   * Starts the usage an OpenAI response reports, where cached tokens are part of the prompt count
   * and reasoning tokens part of the completion count; counts left unset are zero.
   *
   * @return a builder named after OpenAI's usage fields
   */
  public static OpenAiUsage openAi() {
    return new OpenAiUsage();
  }

  /**
   * Starts the usage an Anthropic response reports, where cache reads and cache writes are counted
   * apart from the other input tokens; counts left unset are zero.
   *
   * @return a builder named after Anthropic's usage fields
   */
  public static AnthropicUsage anthropic() {
    return new AnthropicUsage();
  }

  /** Builds a {@link TokenUsage} from the fields of an OpenAI {@code usage} object. */
  public static final class OpenAiUsage {
    private long promptTokens;
    private long cachedTokens;
    private long completionTokens;
    private long reasoningTokens;

    private OpenAiUsage() {}

    /**
     * Sets {@code usage.prompt_tokens}: every prompt token, cached or not.
     *
     * @param value tokens, at least 0
     * @return this builder
     */
    public OpenAiUsage promptTokens(long value) {
      this.promptTokens = value;
      return this;
    }

    /**
     * Sets {@code prompt_tokens_details.cached_tokens}: how many prompt tokens were read from the
     * cache.
     *
     * @param value tokens, at most the prompt tokens
     * @return this builder
     */
    public OpenAiUsage cachedTokens(long value) {
      this.cachedTokens = value;
      return this;
    }

    /**
     * Sets {@code usage.completion_tokens}: every generated token, reasoning included.
     *
     * @param value tokens, at least 0
     * @return this builder
     */
    public OpenAiUsage completionTokens(long value) {
      this.completionTokens = value;
      return this;
    }

    /**
     * Sets {@code completion_tokens_details.reasoning_tokens}: how many generated tokens were
     * reasoning.
     *
     * @param value tokens, at most the completion tokens
     * @return this builder
     */
    public OpenAiUsage reasoningTokens(long value) {
      this.reasoningTokens = value;
      return this;
    }

    /**
     * Returns the usage with disjoint counts.
     *
     * @return the usage
     * @throws IllegalArgumentException if a count is negative, or a part exceeds its whole
     */
    public TokenUsage build() {
      return fromOpenAi(promptTokens, cachedTokens, completionTokens, reasoningTokens);
    }
  }

  /** Builds a {@link TokenUsage} from the fields of an Anthropic {@code usage} object. */
  public static final class AnthropicUsage {
    private long inputTokens;
    private long cacheReadInputTokens;
    private long cacheCreation5mInputTokens;
    private long cacheCreation1hInputTokens;
    private long outputTokens;

    private AnthropicUsage() {}

    /**
     * Sets {@code usage.input_tokens}: prompt tokens neither read from nor written to the cache.
     *
     * @param value tokens, at least 0
     * @return this builder
     */
    public AnthropicUsage inputTokens(long value) {
      this.inputTokens = value;
      return this;
    }

    /**
     * Sets {@code usage.cache_read_input_tokens}.
     *
     * @param value tokens, at least 0
     * @return this builder
     */
    public AnthropicUsage cacheReadInputTokens(long value) {
      this.cacheReadInputTokens = value;
      return this;
    }

    /**
     * Sets {@code usage.cache_creation_input_tokens}: tokens written to the cache with the default
     * 5-minute lifetime.
     *
     * @param value tokens, at least 0
     * @return this builder
     */
    public AnthropicUsage cacheCreationInputTokens(long value) {
      this.cacheCreation5mInputTokens = value;
      return this;
    }

    /**
     * Sets {@code usage.cache_creation.ephemeral_1h_input_tokens}: tokens written to the cache
     * with a 1-hour lifetime.
     *
     * @param value tokens, at least 0
     * @return this builder
     */
    public AnthropicUsage cacheCreation1hInputTokens(long value) {
      this.cacheCreation1hInputTokens = value;
      return this;
    }

    /**
     * Sets {@code usage.output_tokens}, thinking included.
     *
     * @param value tokens, at least 0
     * @return this builder
     */
    public AnthropicUsage outputTokens(long value) {
      this.outputTokens = value;
      return this;
    }

    /**
     * Returns the usage.
     *
     * @return the usage
     * @throws IllegalArgumentException if a count is negative
     */
    public TokenUsage build() {
      return new TokenUsage(
          TokenCount.of(inputTokens),
          TokenCount.of(cacheReadInputTokens),
          TokenCount.of(cacheCreation5mInputTokens),
          TokenCount.of(cacheCreation1hInputTokens),
          TokenCount.of(outputTokens),
          TokenCount.ZERO);
    }
  }

  /** Returns the prompt tokens neither read from nor written to a cache. */
  public TokenCount input() {
    return input;
  }

  /** Returns the prompt tokens read from the cache. */
  public TokenCount cacheRead() {
    return cacheRead;
  }

  /** Returns the prompt tokens written to the cache with a 5-minute lifetime. */
  public TokenCount cacheWrite5m() {
    return cacheWrite5m;
  }

  /** Returns the prompt tokens written to the cache with a 1-hour lifetime. */
  public TokenCount cacheWrite1h() {
    return cacheWrite1h;
  }

  /** Returns the generated tokens that are not reasoning tokens. */
  public TokenCount output() {
    return output;
  }

  /** Returns the generated reasoning tokens. */
  public TokenCount reasoning() {
    return reasoning;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof TokenUsage o
          && Objects.equals(input, o.input)
          && Objects.equals(cacheRead, o.cacheRead)
          && Objects.equals(cacheWrite5m, o.cacheWrite5m)
          && Objects.equals(cacheWrite1h, o.cacheWrite1h)
          && Objects.equals(output, o.output)
          && Objects.equals(reasoning, o.reasoning);
  }

  @Override
  public int hashCode() {
    int h = Objects.hashCode(input);
    h = 31 * h + Objects.hashCode(cacheRead);
    h = 31 * h + Objects.hashCode(cacheWrite5m);
    h = 31 * h + Objects.hashCode(cacheWrite1h);
    h = 31 * h + Objects.hashCode(output);
    h = 31 * h + Objects.hashCode(reasoning);
    return h;
  }

  @Override
  public String toString() {
    return "TokenUsage[input=" + input + ", cacheRead=" + cacheRead + ", cacheWrite5m=" + cacheWrite5m + ", cacheWrite1h=" + cacheWrite1h + ", output=" + output + ", reasoning=" + reasoning + "]";
  }
}
