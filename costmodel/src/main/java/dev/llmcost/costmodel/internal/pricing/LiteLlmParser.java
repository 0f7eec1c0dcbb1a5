package dev.llmcost.costmodel.internal.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.core.Money;
import dev.llmcost.core.TokenCount;
import dev.llmcost.costmodel.pricing.ContextTier;
import dev.llmcost.costmodel.pricing.ModelPrice;
import dev.llmcost.costmodel.pricing.PriceBook;
import dev.llmcost.costmodel.pricing.PriceBookFormatException;
import dev.llmcost.costmodel.pricing.TokenKind;
import dev.llmcost.costmodel.pricing.TokenPrice;
import dev.llmcost.costmodel.pricing.TokenRates;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Parses LiteLLM's {@code model_prices_and_context_window.json}; see {@code LiteLlmPrices}. */
public final class LiteLlmParser {
  private LiteLlmParser() {}

  /** The entry that documents the format rather than pricing a model. */
  private static final String SAMPLE_SPEC = "sample_spec";

  /** Standard price fields, in dollars per token. */
  private static final Map<String, TokenKind> STANDARD = new LinkedHashMap<>();

  /** Batch price fields. */
  private static final Map<String, TokenKind> BATCH = new LinkedHashMap<>();

  static {
    STANDARD.put("input_cost_per_token", TokenKind.INPUT);
    STANDARD.put("cache_read_input_token_cost", TokenKind.CACHE_READ);
    STANDARD.put("cache_creation_input_token_cost", TokenKind.CACHE_WRITE_5M);
    STANDARD.put("cache_creation_input_token_cost_above_1hr", TokenKind.CACHE_WRITE_1H);
    STANDARD.put("output_cost_per_token", TokenKind.OUTPUT);
    STANDARD.put("output_cost_per_reasoning_token", TokenKind.REASONING);
    BATCH.put("input_cost_per_token_batches", TokenKind.INPUT);
    BATCH.put("output_cost_per_token_batches", TokenKind.OUTPUT);
  }

  /** Another name of the cache-read price, read when {@code cache_read_input_token_cost} is absent. */
  private static final String CACHE_HIT = "input_cost_per_token_cache_hit";

  /**
   * A long-context tier field: a standard or batch field with {@code _above_<N>k_tokens}, or a
   * standard field with {@code _above_<N>k_tokens_batches} (its batch price above the threshold).
   * Other service tiers ({@code _priority}, {@code _flex}) are not modelled and are ignored.
   */
  private static final Pattern TIER = Pattern.compile("(.+)_above_(\\d{1,7})k_tokens(_batches)?");

  /**
   * Parses the document.
   *
   * @param root the parsed document
   * @param source the file, for the book's name and messages
   * @param seen the ISO date its prices were current
   * @return the book of every per-token priced entry
   * @throws PriceBookFormatException naming every malformed entry
   */
  public static PriceBook parse(JsonNode root, String source, String seen) {
    if (!root.isObject()) {
      throw new PriceBookFormatException(
          source, "must be a JSON object of model entries, was " + PriceJson.describe(root), null);
    }
    Map<String, String> problems = new LinkedHashMap<>();
    List<ModelPrice> prices = new ArrayList<>();
    String origin = "LiteLLM model_prices_and_context_window.json (" + source + ")";
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      String key = e.getKey();
      if (key.equals(SAMPLE_SPEC)) {
        continue;
      }
      try {
        entry(key, e.getValue(), seen, origin).ifPresent(prices::add);
      } catch (IllegalArgumentException ex) {
        problems.put(key, ex.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new PriceBookFormatException(source, problems);
    }
    try {
      return PriceBook.of(origin, prices);
    } catch (IllegalArgumentException ex) {
      throw new PriceBookFormatException(source, ex.getMessage(), ex);
    }
  }

  /** Parses one entry; empty if it is not priced per token. */
  private static Optional<ModelPrice> entry(String key, JsonNode n, String seen, String origin) {
    if (!n.isObject()) {
      throw new IllegalArgumentException("must be a JSON object, was " + PriceJson.describe(n));
    }
    if (key.isBlank()) {
      throw new IllegalArgumentException("model key must not be blank");
    }
    EnumMap<TokenKind, BigDecimal> standard = fields(n, STANDARD);
    if (!standard.containsKey(TokenKind.CACHE_READ)) {
      PriceJson.price(n, CACHE_HIT).ifPresent(v -> standard.put(TokenKind.CACHE_READ, v));
    }
    EnumMap<TokenKind, BigDecimal> batch = fields(n, BATCH);
    // Tiers: every field name ending in _above_<N>k_tokens whose stem is a price field.
    TreeMap<Long, EnumMap<TokenKind, BigDecimal>> tierStandard = new TreeMap<>();
    TreeMap<Long, EnumMap<TokenKind, BigDecimal>> tierBatch = new TreeMap<>();
    for (Map.Entry<String, JsonNode> field : n.properties()) {
      String name = field.getKey();
      Matcher m = TIER.matcher(name);
      if (!m.matches()) {
        continue;
      }
      boolean batchSuffix = m.group(3) != null;
      @Nullable TokenKind s = batchSuffix ? null : STANDARD.get(m.group(1));
      @Nullable TokenKind b = batchSuffix ? STANDARD.get(m.group(1)) : BATCH.get(m.group(1));
      if (s == null && b == null) {
        continue;
      }
      long threshold = Long.parseLong(m.group(2)) * 1000;
      Optional<BigDecimal> v = PriceJson.price(n, name);
      if (v.isEmpty()) {
        continue;
      }
      if (s != null) {
        tierStandard.computeIfAbsent(threshold, t -> new EnumMap<>(TokenKind.class)).put(s, v.get());
      } else if (b != null) {
        tierBatch.computeIfAbsent(threshold, t -> new EnumMap<>(TokenKind.class)).put(b, v.get());
      }
    }
    if (!standard.containsKey(TokenKind.INPUT)) {
      return Optional.empty();
    }
    ModelPrice.Builder builder = ModelPrice.builder(key, rates(standard), seen, origin);
    JsonNode provider = n.get("litellm_provider");
    if (provider != null && provider.isTextual() && !provider.textValue().isBlank()) {
      builder.provider(provider.textValue());
    }
    if (!batch.isEmpty()) {
      builder.batch(rates(batch));
    }
    for (Map.Entry<Long, EnumMap<TokenKind, BigDecimal>> t : tierStandard.entrySet()) {
      ContextTier tier = ContextTier.above(TokenCount.of(t.getKey()), rates(t.getValue()));
      @Nullable EnumMap<TokenKind, BigDecimal> tb = tierBatch.remove(t.getKey());
      if (tb != null) {
        tier = tier.withBatch(rates(tb));
      }
      builder.tier(tier);
    }
    if (!tierBatch.isEmpty()) {
      throw new IllegalArgumentException(
          "has batch prices above " + tierBatch.firstKey() + " tokens but no standard prices there");
    }
    return Optional.of(builder.build());
  }

  private static EnumMap<TokenKind, BigDecimal> fields(JsonNode n, Map<String, TokenKind> names) {
    EnumMap<TokenKind, BigDecimal> out = new EnumMap<>(TokenKind.class);
    for (Map.Entry<String, TokenKind> f : names.entrySet()) {
      PriceJson.price(n, f.getKey()).ifPresent(v -> out.put(f.getValue(), v));
    }
    return out;
  }

  private static TokenRates rates(EnumMap<TokenKind, BigDecimal> perToken) {
    @Nullable TokenRates r = null;
    for (Map.Entry<TokenKind, BigDecimal> e : perToken.entrySet()) {
      TokenPrice p = TokenPrice.perToken(Money.usd(e.getValue()));
      r = r == null ? TokenRates.of(e.getKey(), p) : r.with(e.getKey(), p);
    }
    if (r == null) {
      throw new IllegalStateException("no prices");
    }
    return r;
  }
}
