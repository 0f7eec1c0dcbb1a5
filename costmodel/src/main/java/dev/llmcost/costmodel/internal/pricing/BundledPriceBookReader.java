package dev.llmcost.costmodel.internal.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.core.Money;
import dev.llmcost.core.TokenCount;
import dev.llmcost.core.internal.JsonFields;
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
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Reads the bundled {@code prices.json}; a broken bundled file is a build defect and throws. */
public final class BundledPriceBookReader {
  private BundledPriceBookReader() {}

  private static final String RESOURCE = "/dev/llmcost/costmodel/pricing/prices.json";

  /** Reads the bundled book. */
  public static PriceBook read() {
    try (InputStream in = BundledPriceBookReader.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("bundled resource " + RESOURCE + " is missing");
      }
      return read(PriceJson.read(in, RESOURCE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static PriceBook read(JsonNode root) {
    JsonFields top = new JsonFields(root, "prices.json", IllegalStateException::new);
    Currency currency = Currency.getInstance(top.requireString("currency"));
    int perTokens = top.requireInteger("per_tokens");
    int exponent = BigDecimal.valueOf(perTokens).precision() - 1;
    if (BigDecimal.ONE.movePointRight(exponent).intValueExact() != perTokens) {
      throw new IllegalStateException("prices.json per_tokens must be a power of ten, was " + perTokens);
    }
    List<ModelPrice> prices = new ArrayList<>();
    for (JsonNode n : top.array("models").orElseThrow()) {
      JsonFields f = new JsonFields(n, "prices.json entry", IllegalStateException::new);
      String id = f.requireString("id");
      try {
        ModelPrice.Builder b =
            ModelPrice.builder(
                id,
                rates(n.get("prices"), currency, exponent),
                f.requireString("seen"),
                f.requireString("source"));
        b.provider(f.requireString("provider"));
        List<String> aliases = new ArrayList<>();
        f.array("aliases").ifPresent(a -> a.forEach(x -> aliases.add(x.textValue())));
        b.aliases(aliases);
        JsonNode batch = n.get("batch");
        if (batch != null) {
          b.batch(rates(batch, currency, exponent));
        }
        JsonNode tiers = n.get("tiers");
        if (tiers != null) {
          for (JsonNode t : tiers) {
            ContextTier tier =
                ContextTier.above(
                    TokenCount.of(t.get("above_tokens").longValue()),
                    rates(t.get("prices"), currency, exponent));
            JsonNode tb = t.get("batch");
            if (tb != null) {
              tier = tier.withBatch(rates(tb, currency, exponent));
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
    return PriceBook.of(top.requireString("name"), prices);
  }

  private static TokenRates rates(@Nullable JsonNode set, Currency currency, int exponent) {
    if (set == null || !set.isObject() || set.isEmpty()) {
      throw new IllegalArgumentException("a price set must be a non-empty object, was " + set);
    }
    @Nullable TokenRates r = null;
    for (Map.Entry<String, JsonNode> e : set.properties()) {
      TokenKind kind = TokenKind.valueOf(e.getKey().toUpperCase(Locale.ROOT));
      BigDecimal amount = PriceJson.decimalString(set, e.getKey()).orElseThrow();
      TokenPrice p = TokenPrice.perToken(Money.of(amount.movePointLeft(exponent), currency));
      r = r == null ? TokenRates.of(kind, p) : r.with(kind, p);
    }
    return r;
  }
}
