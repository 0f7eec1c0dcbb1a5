package dev.llmcost.costmodel.pricing;

/**
 * A kind of token that a price book prices apart: the prompt side (plain input, cache reads, cache
 * writes with a 5-minute or a 1-hour lifetime) and the completion side (visible output, reasoning).
 *
 * <p>Each kind a book does not list falls back as the providers bill it: a cache read or a cache
 * write without a price of its own is charged as plain input (a provider without prompt caching,
 * or without a write surcharge, as OpenAI), a reasoning token as an output token (as both OpenAI and
 * Anthropic bill reasoning and thinking tokens). A 1-hour cache write falls back to the input price
 * only when the book lists no 5-minute write price either: a book that knows the 5-minute surcharge
 * but not the 1-hour one cannot price it. See {@link TokenRates#price(TokenKind)}.
 */
public enum TokenKind {
  /** Prompt tokens neither read from nor written to a cache. */
  INPUT("input", true),
  /** Prompt tokens read from the prompt cache (a cache hit). */
  CACHE_READ("cache read", true),
  /** Prompt tokens written to the prompt cache with a 5-minute lifetime (Anthropic's default). */
  CACHE_WRITE_5M("cache write 5m", true),
  /** Prompt tokens written to the prompt cache with a 1-hour lifetime. */
  CACHE_WRITE_1H("cache write 1h", true),
  /** Generated tokens that are not reasoning tokens. */
  OUTPUT("output", false),
  /** Generated reasoning (thinking) tokens, billed as output unless the book prices them apart. */
  REASONING("reasoning", false);

  private final String label;
  private final boolean prompt;

  TokenKind(String label, boolean prompt) {
    this.label = label;
    this.prompt = prompt;
  }

  /** Returns a short human label, such as {@code cache read}. */
  public String label() {
    return label;
  }

  /** Returns whether tokens of this kind are part of the prompt (the input side of a bill). */
  public boolean isPrompt() {
    return prompt;
  }
}
