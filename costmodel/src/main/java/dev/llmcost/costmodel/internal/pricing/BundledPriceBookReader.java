package dev.llmcost.costmodel.internal.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.core.Money;
import dev.llmcost.core.TokenCount;
import dev.llmcost.core.internal.JsonFields;
import dev.llmcost.costmodel.pricing.BillingMode;
import dev.llmcost.costmodel.pricing.ContextTier;
import dev.llmcost.costmodel.pricing.ModelPrice;
import dev.llmcost.costmodel.pricing.PriceBook;
import dev.llmcost.costmodel.pricing.TokenKind;
import dev.llmcost.costmodel.pricing.TokenPrice;
import dev.llmcost.costmodel.pricing.TokenRates;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Reads the bundled {@code prices.json} and the datasets it names; a broken bundled file is a
 * build defect and throws.
 *
 * <p>The hand-kept entries of {@code prices.json} (price history, the article's 2023 price, prices
 * read from the providers' pages) win over a dataset's: a dataset entry whose id has a hand-kept
 * entry still in force is left out, and one whose id has only closed hand-kept entries starts the
 * day the last of them ends. A dataset's alias that already names another model is dropped.
 * A dataset of {@code format} {@code litellm-services} adds only batch, flex and priority prices,
 * to the entry of the same id whose standard input and output prices it repeats exactly.
 */
public final class BundledPriceBookReader {
  private BundledPriceBookReader() {}

  private static final String RESOURCE = "/dev/llmcost/costmodel/pricing/prices.json";

  /** Reads the bundled book. */
  public static PriceBook read() {
    try (InputStream in = BundledPriceBookReader.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("bundled resource " + RESOURCE + " is missing");
      }
      return read(PriceJson.read(in, RESOURCE), BundledPriceBookReader::open);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream open(String resource) {
    String path = "/dev/llmcost/costmodel/pricing/" + resource;
    InputStream in = BundledPriceBookReader.class.getResourceAsStream(path);
    if (in == null) {
      throw new IllegalStateException("bundled resource " + path + " is missing");
    }
    try {
      return resource.endsWith(".gz") ? new GZIPInputStream(in) : in;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  static PriceBook read(JsonNode root, Function<String, InputStream> resources) {
    JsonFields top = new JsonFields(root, "prices.json", IllegalStateException::new);
    Currency currency = Currency.getInstance(top.requireString("currency"));
    int perTokens = top.requireInteger("per_tokens");
    int exponent = BigDecimal.valueOf(perTokens).precision() - 1;
    if (BigDecimal.ONE.movePointRight(exponent).intValueExact() != perTokens) {
      throw new IllegalStateException("prices.json per_tokens must be a power of ten, was " + perTokens);
    }
    List<ModelPrice> prices = new ArrayList<>();
    for (JsonNode n : top.array("models").orElseThrow()) {
      String id = new JsonFields(n, "prices.json entry " + (prices.size() + 1), IllegalStateException::new)
          .requireString("id");
      JsonFields f = new JsonFields(n, "prices.json entry \"" + id + "\"", IllegalStateException::new);
      try {
        ModelPrice.Builder b =
            ModelPrice.builder(
                id,
                rates("prices", n.get("prices"), currency, exponent),
                f.requireString("seen"),
                f.requireString("source"));
        b.provider(f.requireString("provider"));
        List<String> aliases = new ArrayList<>();
        f.array("aliases").ifPresent(a -> a.forEach(x -> aliases.add(x.textValue())));
        b.aliases(aliases);
        for (BillingMode mode : SERVICES) {
          JsonNode service = n.get(mode.label());
          if (service != null) {
            b.service(mode, rates(mode.label(), service, currency, exponent));
          }
        }
        f.string("from").ifPresent(d -> b.validFrom(LocalDate.parse(d)));
        f.string("until").ifPresent(d -> b.validUntil(LocalDate.parse(d)));
        JsonNode tiers = n.get("tiers");
        if (tiers != null) {
          for (JsonNode t : tiers) {
            ContextTier tier =
                ContextTier.above(
                    TokenCount.of(aboveTokens(t)),
                    rates("tiers.prices", t.get("prices"), currency, exponent));
            for (BillingMode mode : SERVICES) {
              JsonNode tb = t.get(mode.label());
              if (tb != null) {
                tier = tier.withService(mode, rates("tiers." + mode.label(), tb, currency, exponent));
              }
            }
            b.tier(tier);
          }
        }
        f.string("note").ifPresent(b::note);
        prices.add(b.build());
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("prices.json entry \"" + id + "\": " + e.getMessage(), e);
      }
    }
    Optional<JsonNode> datasets = top.array("datasets");
    if (datasets.isPresent()) {
      for (JsonNode d : datasets.get()) {
        prices = withDataset(prices, d, resources);
      }
    }
    return PriceBook.of(top.requireString("name"), prices);
  }

  private static final List<BillingMode> SERVICES =
      List.of(BillingMode.BATCH, BillingMode.FLEX, BillingMode.PRIORITY);

  private static List<ModelPrice> withDataset(
      List<ModelPrice> kept, JsonNode d, Function<String, InputStream> resources) {
    JsonFields f = new JsonFields(d, "prices.json dataset", IllegalStateException::new);
    String resource = f.requireString("resource");
    String format = f.requireString("format");
    String source = f.requireString("source");
    String seen = f.requireString("seen");
    Set<String> providers = new LinkedHashSet<>();
    f.array("providers").ifPresent(a -> a.forEach(x -> providers.add(x.textValue())));
    Set<String> prefixed = new LinkedHashSet<>();
    f.array("prefixed").ifPresent(a -> a.forEach(x -> prefixed.add(x.textValue())));
    JsonNode root;
    try (InputStream in = resources.apply(resource)) {
      root = PriceJson.read(in, resource);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<ModelPrice> found =
        switch (format) {
          case "genai-prices" -> GenAiPricesParser.parse(
              root, source, seen, providers,
              n -> prefixed.contains(n[0]) ? n[0] + "/" + n[1] : n[1]);
          case "litellm-services" -> LiteLlmParser.parse(root, resource, seen).all();
          default -> throw new IllegalStateException("prices.json dataset format unknown: " + format);
        };
    if (format.equals("litellm-services")) {
      return withServices(kept, found, source);
    }
    Map<String, LocalDate> closedUntil = new HashMap<>();
    Set<String> open = new HashSet<>();
    Set<String> names = new HashSet<>();
    for (ModelPrice p : kept) {
      names.add(p.id());
      names.addAll(p.aliases());
      if (p.validUntil().isEmpty()) {
        open.add(p.id());
      } else {
        closedUntil.merge(p.id(), p.validUntil().get(), (a, b) -> a.isAfter(b) ? a : b);
      }
    }
    found = firstOfEachId(found);
    Set<String> foundIds = new HashSet<>();
    for (ModelPrice p : found) {
      foundIds.add(p.id());
    }
    Map<String, String> aliasOwner = new HashMap<>();
    List<ModelPrice> out = new ArrayList<>(kept);
    for (ModelPrice p : found) {
      boolean keptId = open.contains(p.id()) || closedUntil.containsKey(p.id());
      if (open.contains(p.id()) || (names.contains(p.id()) && !keptId)) {
        continue;
      }
      LocalDate after = closedUntil.get(p.id());
      if (after != null && p.validUntil().map(u -> !u.isAfter(after)).orElse(false)) {
        continue;
      }
      List<String> aliases = new ArrayList<>();
      for (String a : p.aliases()) {
        if (!names.contains(a) && !foundIds.contains(a)
            && aliasOwner.getOrDefault(a, p.id()).equals(p.id())) {
          aliasOwner.put(a, p.id());
          aliases.add(a);
        }
      }
      ModelPrice.Builder b = copy(p).aliases(aliases);
      if (after != null && p.validFrom().map(v -> v.isBefore(after)).orElse(true)) {
        b.validFrom(after);
      }
      out.add(b.build());
    }
    return out;
  }

  /**
   * Keeps, of a dataset's entries that share an id (one model listed twice, or by two providers),
   * the first model's: a later entry is kept only when it continues the history without overlap.
   */
  private static List<ModelPrice> firstOfEachId(List<ModelPrice> found) {
    Map<String, ModelPrice> last = new HashMap<>();
    List<ModelPrice> out = new ArrayList<>(found.size());
    for (ModelPrice p : found) {
      ModelPrice before = last.get(p.id());
      boolean continues =
          before == null
              || (before.validUntil().isPresent()
                  && p.validFrom().equals(before.validUntil())
                  && before.provider().equals(p.provider()));
      if (continues) {
        out.add(p);
        last.put(p.id(), p);
      }
    }
    return out;
  }

  /** Adds the service tiers of {@code services} to the kept entries whose standard prices agree. */
  private static List<ModelPrice> withServices(
      List<ModelPrice> kept, List<ModelPrice> services, String source) {
    Map<String, ModelPrice> byId = new HashMap<>();
    for (ModelPrice s : services) {
      byId.put(s.id(), s);
    }
    List<ModelPrice> out = new ArrayList<>(kept.size());
    for (ModelPrice p : kept) {
      ModelPrice s = byId.get(p.id());
      if (s == null
          || p.validUntil().isPresent()
          || !samePrice(s.standard(), p.standard(), TokenKind.INPUT)
          || !samePrice(s.standard(), p.standard(), TokenKind.OUTPUT)) {
        out.add(p);
        continue;
      }
      ModelPrice.Builder b = copy(p);
      s.services().forEach(b::service);
      String note = (p.note().isEmpty() ? "" : p.note() + " ") + "Batch, flex and priority prices: " + source + ".";
      out.add(b.note(note).build());
    }
    return out;
  }

  private static boolean samePrice(TokenRates a, TokenRates b, TokenKind kind) {
    Optional<BigDecimal> x = a.listed(kind).map(t -> t.perMillionTokens().amount());
    Optional<BigDecimal> y = b.listed(kind).map(t -> t.perMillionTokens().amount());
    return x.isPresent() && y.isPresent() && x.get().compareTo(y.get()) == 0;
  }

  /** Starts a builder holding every part of {@code p}. */
  private static ModelPrice.Builder copy(ModelPrice p) {
    ModelPrice.Builder b =
        ModelPrice.builder(p.id(), p.standard(), p.seen(), p.source())
            .provider(p.provider())
            .aliases(p.aliases())
            .note(p.note());
    p.services().forEach(b::service);
    p.tiers().forEach(b::tier);
    p.validFrom().ifPresent(b::validFrom);
    p.validUntil().ifPresent(b::validUntil);
    return b;
  }

  private static long aboveTokens(JsonNode tier) {
    JsonNode v = tier.get("above_tokens");
    if (v == null || !v.canConvertToLong() || !v.isIntegralNumber() || v.longValue() < 0) {
      throw new IllegalArgumentException(
          "field \"tiers.above_tokens\" must be a whole number of tokens >= 0, was "
              + (v == null ? "missing" : PriceJson.describe(v)));
    }
    return v.longValue();
  }

  private static TokenRates rates(String field, @Nullable JsonNode set, Currency currency, int exponent) {
    if (set == null || !set.isObject() || set.isEmpty()) {
      throw new IllegalArgumentException("field \"" + field + "\" must be a non-empty object of prices, was "
          + (set == null ? "missing" : PriceJson.describe(set)));
    }
    @Nullable TokenRates r = null;
    for (Map.Entry<String, JsonNode> e : set.properties()) {
      TokenKind kind;
      try {
        kind = TokenKind.valueOf(e.getKey().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException unknown) {
        throw new IllegalArgumentException("field \"" + field + "\" has an unknown token kind \"" + e.getKey()
            + "\"", unknown);
      }
      BigDecimal amount;
      try {
        amount = PriceJson.decimalString(set, e.getKey()).orElseThrow(
            () -> new IllegalArgumentException("must be a decimal string, was null"));
      } catch (IllegalArgumentException bad) {
        throw new IllegalArgumentException("\"" + field + "\": " + bad.getMessage(), bad);
      }
      TokenPrice p = TokenPrice.perToken(Money.of(amount.movePointLeft(exponent), currency));
      r = r == null ? TokenRates.of(kind, p) : r.with(kind, p);
    }
    return r;
  }
}
