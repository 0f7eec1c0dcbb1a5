package dev.llmcost.costmodel.internal.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.core.Money;
import dev.llmcost.core.TokenCount;
import dev.llmcost.costmodel.pricing.BillingMode;
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

  /** Service-tier suffixes of a price field and the mode they price. */
  private static final Map<String, BillingMode> SERVICES = new LinkedHashMap<>();

  static {
    STANDARD.put("input_cost_per_token", TokenKind.INPUT);
    STANDARD.put("cache_read_input_token_cost", TokenKind.CACHE_READ);
    STANDARD.put("cache_creation_input_token_cost", TokenKind.CACHE_WRITE_5M);
    STANDARD.put("cache_creation_input_token_cost_above_1hr", TokenKind.CACHE_WRITE_1H);
    STANDARD.put("output_cost_per_token", TokenKind.OUTPUT);
    STANDARD.put("output_cost_per_reasoning_token", TokenKind.REASONING);
    SERVICES.put("_batches", BillingMode.BATCH);
    SERVICES.put("_flex", BillingMode.FLEX);
    SERVICES.put("_priority", BillingMode.PRIORITY);
  }

  /** Another name of the cache-read price, read when {@code cache_read_input_token_cost} is absent. */
  private static final String CACHE_HIT = "input_cost_per_token_cache_hit";

  /** A long-context tier part of a field name: {@code <stem>_above_<N>k_tokens}. */
  private static final Pattern TIER = Pattern.compile("(.+)_above_(\\d{1,7})k_tokens");

  /** What one price field prices: a kind of token, at a service tier, above a threshold (0: none). */
  private record Field(TokenKind kind, BillingMode mode, long threshold) {}

  /**
   * Reads a field name: a standard field, optionally with {@code _above_<N>k_tokens} and a service
   * suffix ({@code _batches}, {@code _flex}, {@code _priority}) before or after it.
   */
  private static @Nullable Field field(String name) {
    String rest = name;
    BillingMode mode = BillingMode.STANDARD;
    long threshold = 0;
    for (int pass = 0; pass < 2; pass++) {
      for (Map.Entry<String, BillingMode> s : SERVICES.entrySet()) {
        if (mode == BillingMode.STANDARD && rest.endsWith(s.getKey())) {
          mode = s.getValue();
          rest = rest.substring(0, rest.length() - s.getKey().length());
        }
      }
      Matcher m = TIER.matcher(rest);
      if (threshold == 0 && m.matches() && !STANDARD.containsKey(rest)) {
        threshold = Long.parseLong(m.group(2)) * 1000;
        rest = m.group(1);
      }
    }
    @Nullable TokenKind kind = STANDARD.get(rest);
    return kind == null ? null : new Field(kind, mode, threshold);
  }

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

  /** The names of the price fields an entry gives. */
  private static List<String> priced(JsonNode n) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> f : n.properties()) {
      if (field(f.getKey()) != null && !f.getValue().isNull()) {
        out.add(f.getKey());
      }
    }
    return out;
  }

  /** Parses one entry; empty if it is not priced per token. */
  private static Optional<ModelPrice> entry(String key, JsonNode n, String seen, String origin) {
    if (!n.isObject()) {
      throw new IllegalArgumentException("must be a JSON object, was " + PriceJson.describe(n));
    }
    if (key.isBlank()) {
      throw new IllegalArgumentException("model key must not be blank");
    }
    // Every price field, by service tier and threshold (0: the base prices).
    Map<BillingMode, TreeMap<Long, EnumMap<TokenKind, BigDecimal>>> all = new EnumMap<>(BillingMode.class);
    for (Map.Entry<String, JsonNode> f : n.properties()) {
      @Nullable Field field = field(f.getKey());
      if (field == null) {
        continue;
      }
      Optional<BigDecimal> v = PriceJson.price(n, f.getKey());
      if (v.isPresent()) {
        all.computeIfAbsent(field.mode(), k -> new TreeMap<>())
            .computeIfAbsent(field.threshold(), k -> new EnumMap<>(TokenKind.class))
            .put(field.kind(), v.get());
      }
    }
    TreeMap<Long, EnumMap<TokenKind, BigDecimal>> std = all.getOrDefault(BillingMode.STANDARD, new TreeMap<>());
    EnumMap<TokenKind, BigDecimal> standard = std.getOrDefault(0L, new EnumMap<>(TokenKind.class));
    if (!standard.containsKey(TokenKind.CACHE_READ)) {
      PriceJson.price(n, CACHE_HIT).ifPresent(v -> standard.put(TokenKind.CACHE_READ, v));
    }
    if (!standard.containsKey(TokenKind.INPUT)) {
      boolean nonZero = all.values().stream().flatMap(m -> m.values().stream())
          .flatMap(m -> m.values().stream()).anyMatch(v -> v.signum() > 0);
      if (nonZero) {
        // charged per token, but not for input: a bill could not be made, and dropping it would turn
        // the model into an "unknown model" at bill time (image models list a zero output price: skipped)
        throw new IllegalArgumentException("has per-token prices (" + String.join(", ", priced(n))
            + ") but no \"input_cost_per_token\"");
      }
      return Optional.empty();
    }
    ModelPrice.Builder builder = ModelPrice.builder(key, rates(standard), seen, origin);
    JsonNode provider = n.get("litellm_provider");
    if (provider != null && provider.isTextual() && !provider.textValue().isBlank()) {
      builder.provider(provider.textValue());
    }
    for (Map.Entry<BillingMode, TreeMap<Long, EnumMap<TokenKind, BigDecimal>>> s : all.entrySet()) {
      if (s.getKey() == BillingMode.STANDARD) {
        continue;
      }
      EnumMap<TokenKind, BigDecimal> base = s.getValue().get(0L);
      if (base != null) {
        builder.service(s.getKey(), rates(base));
      }
    }
    for (Map.Entry<Long, EnumMap<TokenKind, BigDecimal>> t : std.entrySet()) {
      if (t.getKey() == 0L) {
        continue;
      }
      ContextTier tier = ContextTier.above(TokenCount.of(t.getKey()), rates(t.getValue()));
      for (Map.Entry<BillingMode, TreeMap<Long, EnumMap<TokenKind, BigDecimal>>> s : all.entrySet()) {
        @Nullable EnumMap<TokenKind, BigDecimal> above =
            s.getKey() == BillingMode.STANDARD ? null : s.getValue().get(t.getKey());
        if (above != null) {
          tier = tier.withService(s.getKey(), rates(above));
        }
      }
      builder.tier(tier);
    }
    for (Map.Entry<BillingMode, TreeMap<Long, EnumMap<TokenKind, BigDecimal>>> s : all.entrySet()) {
      for (Long threshold : s.getValue().keySet()) {
        if (threshold != 0L && !std.containsKey(threshold)) {
          throw new IllegalArgumentException(
              "has " + s.getKey().label() + " prices above " + threshold
                  + " tokens but no standard prices there");
        }
      }
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
