package dev.llmcost.costmodel.pricing;

import dev.llmcost.core.TokenCount;

/**
 * The tokens of one request, split into the kinds a price book prices apart. The six counts are
 * disjoint: {@link #input()} holds only the prompt tokens that were neither read from nor written
 * to a cache, and {@link #output()} only the generated tokens that were not reasoning tokens.
 *
 * <p>The APIs report usage in two conventions, and each has a factory:
 *
 * <ul>
 *   <li>OpenAI counts cached tokens inside the prompt count and reasoning tokens inside the
 *       completion count: {@link #openAi(long, long, long, long)} takes {@code prompt_tokens},
 *       {@code cached_tokens}, {@code completion_tokens} and {@code reasoning_tokens} as reported.
 *   <li>Anthropic counts cache reads and cache writes apart from the other input tokens: {@link
 *       #anthropic(long, long, long, long)} takes {@code input_tokens}, {@code
 *       cache_read_input_tokens}, {@code cache_creation_input_tokens} and {@code output_tokens} as
 *       reported (thinking tokens are part of {@code output_tokens} and billed as output).
 * </ul>
 *
 * @param input prompt tokens neither read from nor written to a cache
 * @param cacheRead prompt tokens read from the cache
 * @param cacheWrite5m prompt tokens written to the cache with a 5-minute lifetime
 * @param cacheWrite1h prompt tokens written to the cache with a 1-hour lifetime
 * @param output generated tokens that are not reasoning tokens
 * @param reasoning generated reasoning tokens
 */
public record TokenUsage(
    TokenCount input,
    TokenCount cacheRead,
    TokenCount cacheWrite5m,
    TokenCount cacheWrite1h,
    TokenCount output,
    TokenCount reasoning) {

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

  /**
   * Returns the usage an OpenAI response reports, where cached tokens are part of the prompt count
   * and reasoning tokens part of the completion count.
   *
   * @param promptTokens {@code usage.prompt_tokens}: every prompt token, cached or not, at least 0
   * @param cachedTokens {@code prompt_tokens_details.cached_tokens}: how many of them were read
   *     from the cache, at most {@code promptTokens}
   * @param completionTokens {@code usage.completion_tokens}: every generated token, at least 0
   * @param reasoningTokens {@code completion_tokens_details.reasoning_tokens}: how many of them
   *     were reasoning, at most {@code completionTokens}
   * @return the usage with disjoint counts
   * @throws IllegalArgumentException if a count is negative, or a part exceeds its whole
   */
  public static TokenUsage openAi(
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

  /**
   * Returns the usage an Anthropic response reports, where cache reads and cache writes are counted
   * apart from the other input tokens; cache writes have the default 5-minute lifetime.
   *
   * @param inputTokens {@code usage.input_tokens}: prompt tokens neither read from nor written to
   *     the cache, at least 0
   * @param cacheReadInputTokens {@code usage.cache_read_input_tokens}, at least 0
   * @param cacheCreationInputTokens {@code usage.cache_creation_input_tokens}, at least 0
   * @param outputTokens {@code usage.output_tokens}, thinking included, at least 0
   * @return the usage
   * @throws IllegalArgumentException if a count is negative
   */
  public static TokenUsage anthropic(
      long inputTokens, long cacheReadInputTokens, long cacheCreationInputTokens, long outputTokens) {
    return anthropic(inputTokens, cacheReadInputTokens, cacheCreationInputTokens, 0, outputTokens);
  }

  /**
   * Returns the usage an Anthropic response reports, with cache writes split by lifetime ({@code
   * usage.cache_creation.ephemeral_5m_input_tokens} and {@code ephemeral_1h_input_tokens}).
   *
   * @param inputTokens {@code usage.input_tokens}, at least 0
   * @param cacheReadInputTokens {@code usage.cache_read_input_tokens}, at least 0
   * @param cacheWrite5mTokens tokens written with a 5-minute lifetime, at least 0
   * @param cacheWrite1hTokens tokens written with a 1-hour lifetime, at least 0
   * @param outputTokens {@code usage.output_tokens}, thinking included, at least 0
   * @return the usage
   * @throws IllegalArgumentException if a count is negative
   */
  public static TokenUsage anthropic(
      long inputTokens,
      long cacheReadInputTokens,
      long cacheWrite5mTokens,
      long cacheWrite1hTokens,
      long outputTokens) {
    return new TokenUsage(
        TokenCount.of(inputTokens),
        TokenCount.of(cacheReadInputTokens),
        TokenCount.of(cacheWrite5mTokens),
        TokenCount.of(cacheWrite1hTokens),
        TokenCount.of(outputTokens),
        TokenCount.ZERO);
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
}
