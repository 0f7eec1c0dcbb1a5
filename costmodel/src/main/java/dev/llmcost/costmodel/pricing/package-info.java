/**
 * API prices and bills: a dated, sourced {@link dev.llmcost.costmodel.pricing.PriceBook} of
 * per-token prices (input, output, cache reads and writes, batch, reasoning, long-context tiers),
 * loaded from the bundled book or from a LiteLLM {@code model_prices_and_context_window.json}, and
 * itemised {@link dev.llmcost.costmodel.pricing.Bill}s for one request or a day of requests, all in
 * exact {@link dev.llmcost.core.Money}.
 *
 * <p>Both usage conventions are expressible through {@link
 * dev.llmcost.costmodel.pricing.TokenUsage}: OpenAI's, where cached tokens are part of the prompt
 * count and reasoning tokens part of the completion count ({@link
 * dev.llmcost.costmodel.pricing.TokenUsage#openAi}), and Anthropic's, where cache reads and cache
 * writes are counted apart from the other input tokens ({@link
 * dev.llmcost.costmodel.pricing.TokenUsage#anthropic}).
 */
@NullMarked
package dev.llmcost.costmodel.pricing;

import org.jspecify.annotations.NullMarked;
