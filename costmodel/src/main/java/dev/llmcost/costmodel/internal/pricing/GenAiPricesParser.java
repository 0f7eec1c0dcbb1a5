package dev.llmcost.costmodel.internal.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.core.Money;
import dev.llmcost.core.TokenCount;
import dev.llmcost.costmodel.pricing.ContextTier;
import dev.llmcost.costmodel.pricing.ModelPrice;
import dev.llmcost.costmodel.pricing.PriceBookFormatException;
import dev.llmcost.costmodel.pricing.TokenKind;
import dev.llmcost.costmodel.pricing.TokenPrice;
import dev.llmcost.costmodel.pricing.TokenRates;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Parses the provider list of Pydantic's genai-prices ({@code data.json}: an array of providers,
 * each with {@code id}, {@code pricing_urls} and {@code models}); see {@code GenAiPrices}.
 *
 * <p>Per model: {@code id}; the {@code equals} clauses of {@code match} become aliases; {@code
 * prices} is either one price set or a list of them, the first unconstrained and each later one
 * with a {@code start_date} constraint (a price change: a new entry from that day) or a {@code
 * time_of_date} constraint (off-peak prices: the model is left out, since its price depends on the hour). A price set's fields, in USD
 * per million tokens: {@code input_mtok}, {@code cache_read_mtok}, {@code cache_write_mtok}
 * (5-minute writes), {@code cache_write_1h_mtok}, {@code output_mtok}, {@code
 * output_reasoning_mtok}; each a number or {@code {"base": b, "tiers": [{"start": n, "price":
 * p}]}}, where genai-prices bills the whole request at {@code p} once the prompt holds more than
 * {@code n} tokens (its {@code calcTieredPrice}: {@code inputTokens > start}), which is {@link
 * ContextTier#above}. Other fields (images, audio, searches) are not per text token and are
 * ignored; a model without {@code input_mtok} is left out.
 */
public final class GenAiPricesParser {
  private GenAiPricesParser() {}

  private static final Map<String, TokenKind> FIELDS = new LinkedHashMap<>();

  static {
    FIELDS.put("input_mtok", TokenKind.INPUT);
    FIELDS.put("cache_read_mtok", TokenKind.CACHE_READ);
    FIELDS.put("cache_write_mtok", TokenKind.CACHE_WRITE_5M);
    FIELDS.put("cache_write_1h_mtok", TokenKind.CACHE_WRITE_1H);
    FIELDS.put("output_mtok", TokenKind.OUTPUT);
    FIELDS.put("output_reasoning_mtok", TokenKind.REASONING);
  }

  /** A snapshot date in a model name: {@code gpt-5-2025-08-07} or {@code claude-sonnet-4-5-20250929}. */
  private static final Pattern SNAPSHOT = Pattern.compile("(?<!\\d)(20\\d{2})-?(\\d{2})-?(\\d{2})(?!\\d)");

  /**
   * Parses the document.
   *
   * @param root the parsed document
   * @param source what the document is (package and version), for each entry's source
   * @param seen the ISO date its prices were current (the package's publication)
   * @param include which providers to read, by genai-prices id; empty for all
   * @param naming the id an entry gets from its provider id and model id
   * @return every per-token priced entry, a price change as a further entry of the same id
   * @throws PriceBookFormatException naming every malformed model
   */
  public static List<ModelPrice> parse(
      JsonNode root,
      String source,
      String seen,
      Set<String> include,
      Function<String[], String> naming) {
    if (!root.isArray()) {
      throw new PriceBookFormatException(
          source, "must be a JSON array of providers, was " + PriceJson.describe(root), null);
    }
    Map<String, String> problems = new LinkedHashMap<>();
    List<ModelPrice> out = new ArrayList<>();
    for (JsonNode provider : root) {
      String pid = provider.path("id").asText("");
      if (pid.isEmpty() || !(include.isEmpty() || include.contains(pid))) {
        continue;
      }
      JsonNode urls = provider.path("pricing_urls");
      String page = urls.isArray() && urls.size() > 0 ? urls.get(0).asText() : pid;
      for (JsonNode m : provider.path("models")) {
        String mid = m.path("id").asText("");
        try {
          out.addAll(model(pid, mid, m, source + ", " + page, seen, naming));
        } catch (IllegalArgumentException e) {
          problems.put(pid + "/" + mid, e.getMessage());
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new PriceBookFormatException(source, problems);
    }
    return out;
  }

  private static List<ModelPrice> model(
      String pid, String mid, JsonNode m, String source, String seen, Function<String[], String> naming) {
    if (mid.isBlank()) {
      throw new IllegalArgumentException("model id must not be blank");
    }
    String id = naming.apply(new String[] {pid, mid});
    Set<String> aliases = new LinkedHashSet<>();
    equalsClauses(m.path("match"), aliases);
    aliases.remove(mid);
    List<String> names = new ArrayList<>();
    for (String a : aliases) {
      String named = naming.apply(new String[] {pid, a});
      if (!named.equals(id)) {
        names.add(named);
      }
    }
    @Nullable LocalDate snapshot = snapshotDate(mid, aliases);
    JsonNode prices = m.path("prices");
    List<JsonNode> sets = new ArrayList<>();
    List<@Nullable LocalDate> starts = new ArrayList<>();
    if (prices.isArray()) {
      for (JsonNode p : prices) {
        JsonNode c = p.path("constraint");
        if (c.isMissingNode() || c.isNull()) {
          sets.add(p.path("prices"));
          starts.add(null);
        } else if ("start_date".equals(c.path("type").asText())) {
          sets.add(p.path("prices"));
          starts.add(date(c.path("start_date").asText()));
        } else {
          // Prices that depend on the hour (DeepSeek's off-peak discount): no single price per
          // day, so the model is left out rather than billed at the wrong hour's price.
          return List.of();
        }
      }
    } else {
      sets.add(prices);
      starts.add(null);
    }
    String comments = m.path("price_comments").asText("");
    List<ModelPrice> out = new ArrayList<>();
    for (int i = 0; i < sets.size(); i++) {
      JsonNode set = sets.get(i);
      if (!set.isObject()) {
        continue;
      }
      if (!set.has("input_mtok") || set.get("input_mtok").isNull()) {
        List<String> priced = new ArrayList<>();
        for (String f : FIELDS.keySet()) {
          JsonNode v = set.get(f);
          if (v != null && !v.isNull() && !(v.isNumber() && v.decimalValue().signum() == 0)) {
            priced.add(f);
          }
        }
        if (!priced.isEmpty()) {
          // charged per token but not for input: dropping it would turn the model into an
          // "unknown model" at bill time
          throw new IllegalArgumentException("has per-token prices (" + String.join(", ", priced)
              + ") but no \"input_mtok\"");
        }
        continue;
      }
      @Nullable LocalDate from = starts.get(i);
      if (from == null) {
        from = snapshot;
      }
      @Nullable LocalDate until = i + 1 < sets.size() ? starts.get(i + 1) : null;
      if (from != null && until != null && !until.isAfter(from)) {
        from = null;
      }
      if (i > 0 && starts.get(i) == null) {
        throw new IllegalArgumentException("price set " + i + " has neither a start date nor a time of day");
      }
      out.add(entry(id, pid, names, set, from, until, seen, source, comments));
    }
    return out;
  }

  private static ModelPrice entry(
      String id,
      String pid,
      List<String> aliases,
      JsonNode set,
      @Nullable LocalDate from,
      @Nullable LocalDate until,
      String seen,
      String source,
      String comments) {
    EnumMap<TokenKind, BigDecimal> base = new EnumMap<>(TokenKind.class);
    TreeMap<Long, EnumMap<TokenKind, BigDecimal>> tiers = new TreeMap<>();
    for (Map.Entry<String, TokenKind> f : FIELDS.entrySet()) {
      JsonNode v = set.get(f.getKey());
      if (v == null || v.isNull()) {
        continue;
      }
      if (v.isObject()) {
        base.put(f.getValue(), named(f.getKey(), v, "base").orElseThrow(
            () -> new IllegalArgumentException("\"" + f.getKey() + "\" has no base price")));
        for (JsonNode t : v.path("tiers")) {
          long start = t.path("start").asLong(-1);
          if (start <= 0) {
            throw new IllegalArgumentException(
                "\"" + f.getKey() + "\" tier start must be > 0 tokens, was " + t.path("start"));
          }
          tiers.computeIfAbsent(start, k -> new EnumMap<>(TokenKind.class))
              .put(f.getValue(), named(f.getKey(), t, "price").orElseThrow(
                  () -> new IllegalArgumentException("\"" + f.getKey() + "\" tier has no price")));
        }
      } else {
        base.put(f.getValue(), PriceJson.price(set, f.getKey()).orElseThrow());
      }
    }
    ModelPrice.Builder b = ModelPrice.builder(id, rates(base), seen, source).provider(pid).aliases(aliases);
    for (Map.Entry<Long, EnumMap<TokenKind, BigDecimal>> t : tiers.entrySet()) {
      b.tier(ContextTier.above(TokenCount.of(t.getKey()), rates(t.getValue())));
    }
    if (from != null) {
      b.validFrom(from);
    }
    if (until != null) {
      b.validUntil(until);
    }
    if (!comments.isBlank()) {
      b.note(comments);
    }
    return b.build();
  }

  /** Reads {@code field} of an object under {@code key}, a bad value named as {@code key.field}. */
  private static Optional<BigDecimal> named(String key, JsonNode object, String field) {
    try {
      return PriceJson.price(object, field);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("\"" + key + "\" " + e.getMessage(), e);
    }
  }

  private static void equalsClauses(JsonNode match, Set<String> out) {
    if (match.has("equals")) {
      out.add(match.get("equals").asText());
    }
    for (JsonNode c : match.path("or")) {
      equalsClauses(c, out);
    }
  }

  private static @Nullable LocalDate snapshotDate(String id, Set<String> aliases) {
    @Nullable LocalDate earliest = null;
    List<String> names = new ArrayList<>(aliases);
    names.add(id);
    for (String n : names) {
      Matcher mm = SNAPSHOT.matcher(n);
      while (mm.find()) {
        try {
          LocalDate d = LocalDate.of(
              Integer.parseInt(mm.group(1)), Integer.parseInt(mm.group(2)), Integer.parseInt(mm.group(3)));
          if (earliest == null || d.isBefore(earliest)) {
            earliest = d;
          }
        } catch (java.time.DateTimeException e) {
          // not a date: a version number that looks like one
        }
      }
    }
    return earliest;
  }

  private static LocalDate date(String s) {
    try {
      return LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("start_date must be an ISO date, was \"" + s + "\"", e);
    }
  }

  private static TokenRates rates(EnumMap<TokenKind, BigDecimal> perMillion) {
    @Nullable TokenRates r = null;
    for (Map.Entry<TokenKind, BigDecimal> e : perMillion.entrySet()) {
      TokenPrice p = TokenPrice.perToken(Money.usd(e.getValue().movePointLeft(6)));
      r = r == null ? TokenRates.of(e.getKey(), p) : r.with(e.getKey(), p);
    }
    if (r == null) {
      throw new IllegalArgumentException("no prices");
    }
    return r;
  }
}
