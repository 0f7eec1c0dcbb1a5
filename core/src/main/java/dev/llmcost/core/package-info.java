/**
 * Exact quantities of LLM cost accounting: {@link dev.llmcost.core.TokenCount}, {@link
 * dev.llmcost.core.ParameterCount}, {@link dev.llmcost.core.DataSize}, {@link
 * dev.llmcost.core.FlopCount}, {@link dev.llmcost.core.FlopRate}, {@link
 * dev.llmcost.core.Bandwidth}, {@link dev.llmcost.core.Money} and {@link dev.llmcost.core.DType}.
 *
 * <p>Counts are exact integers in one canonical unit (tokens, parameters, bytes). FLOP counts and
 * rates are doubles because their magnitudes (3.14e23 FLOP for GPT-3) do not fit a {@code long};
 * NaN and infinities are rejected. Money is a {@link java.math.BigDecimal} with a {@link
 * java.util.Currency}, never a double. Arithmetic is named for Kotlin operators ({@code plus},
 * {@code minus}, {@code times}, {@code div}) and overflow throws {@link ArithmeticException}.
 */
@NullMarked
package dev.llmcost.core;

import org.jspecify.annotations.NullMarked;
