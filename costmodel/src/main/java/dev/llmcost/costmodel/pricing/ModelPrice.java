package dev.llmcost.costmodel.pricing;

import dev.llmcost.core.TokenCount;
import dev.llmcost.core.internal.Require;
import java.time.LocalDate;
import java.time.Year;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The prices of one model in a {@link PriceBook}: standard per-token rates, batch rates if the
 * provider has a batch API, long-context tiers, and the date the prices were seen and where.
 *
 * <p>Built with {@link #builder(String, TokenRates, String, String)}; immutable.
 */
public final class ModelPrice {

  private static final Pattern SEEN = Pattern.compile("\\d{4}(-\\d{2}(-\\d{2})?)?");

  private final String id;
  private final String provider;
  private final List<String> aliases;
  private final TokenRates standard;
  private final @Nullable TokenRates batch;
  private final List<ContextTier> tiers;
  private final String seen;
  private final String source;
  private final String note;

  private ModelPrice(Builder b) {
    this.id = b.id;
    this.provider = b.provider;
    this.aliases = List.copyOf(b.aliases);
    this.standard = b.standard;
    this.batch = b.batch;
    List<ContextTier> sorted = new ArrayList<>(b.tiers);
    sorted.sort(Comparator.comparing(ContextTier::threshold));
    this.tiers = List.copyOf(sorted);
    this.seen = b.seen;
    this.source = b.source;
    this.note = b.note;
  }

  /**
   * Starts a model price.
   *
   * @param id the model id, such as {@code gpt-4o}
   * @param standard the standard per-token prices, with an input price
   * @param seen when the prices were seen, an ISO 8601 date at the precision the source gives:
   *     {@code 2023}, {@code 2025-03} or {@code 2025-08-14}
   * @param source where the prices were seen
   * @return a builder
   * @throws IllegalArgumentException if {@code id} or {@code source} is blank, {@code standard}
   *     lists no input price, or {@code seen} is not an ISO 8601 date
   */
  public static Builder builder(String id, TokenRates standard, String seen, String source) {
    return new Builder(id, standard, seen, source);
  }

  /** Returns the model id. */
  public String id() {
    return id;
  }

  /** Returns the provider, such as {@code openai}, or {@code unknown}. */
  public String provider() {
    return provider;
  }

  /** Returns other names of the model, such as dated snapshot ids. */
  public List<String> aliases() {
    return aliases;
  }

  /** Returns the standard per-token prices. */
  public TokenRates standard() {
    return standard;
  }

  /** Returns the batch per-token prices, if the book knows them. */
  public Optional<TokenRates> batch() {
    return Optional.ofNullable(batch);
  }

  /** Returns the long-context tiers, lowest threshold first. */
  public List<ContextTier> tiers() {
    return tiers;
  }

  /** Returns when the prices were seen (ISO 8601 at year, month or day precision). */
  public String seen() {
    return seen;
  }

  /** Returns where the prices were seen. */
  public String source() {
    return source;
  }

  /** Returns a remark on the prices, or an empty string. */
  public String note() {
    return note;
  }

  /** Returns the currency of every price. */
  public Currency currency() {
    return standard.currency();
  }

  /**
   * Returns the long-context tier a prompt of {@code promptTokens} tokens is billed at: the one
   * with the highest threshold below the prompt.
   *
   * @param promptTokens every prompt-side token of a request
   * @return the tier, or empty if the prompt is billed at the base prices
   */
  public Optional<ContextTier> tierFor(TokenCount promptTokens) {
    @Nullable ContextTier found = null;
    for (ContextTier t : tiers) {
      if (t.appliesTo(promptTokens)) {
        found = t;
      }
    }
    return Optional.ofNullable(found);
  }

  /**
   * Returns the prices a request with {@code promptTokens} prompt tokens is billed at.
   *
   * @param promptTokens every prompt-side token of the request
   * @param mode standard or batch
   * @return the base or batch prices, with the prices of the tier the prompt crosses laid over them
   * @throws IllegalArgumentException if batch prices are asked for and the book has none for this
   *     model (or none above the crossed threshold)
   */
  public TokenRates rates(TokenCount promptTokens, BillingMode mode) {
    Optional<ContextTier> tier = tierFor(promptTokens);
    if (mode == BillingMode.STANDARD) {
      return tier.map(t -> standard.overriddenBy(t.rates())).orElse(standard);
    }
    if (batch == null) {
      throw new IllegalArgumentException(
          "model \"" + id + "\" has no batch prices in the price book (seen " + seen + ")");
    }
    if (tier.isEmpty()) {
      return batch;
    }
    TokenRates tierBatch =
        tier.get()
            .batch()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "model \"" + id + "\" has no batch prices for prompts above "
                            + tier.get().threshold().value() + " tokens in the price book, was a "
                            + promptTokens.value() + "-token prompt"));
    return batch.overriddenBy(tierBatch);
  }

  /**
   * Bills one request at standard prices.
   *
   * @param usage the tokens of the request
   * @return the itemised bill
   * @throws IllegalArgumentException if the book cannot price a kind of token the request has
   */
  public Bill bill(TokenUsage usage) {
    return bill(usage, BillingMode.STANDARD);
  }

  /**
   * Bills one request.
   *
   * <p>Each kind of token with a non-zero count becomes a line at {@link TokenRates#price} of the
   * {@linkplain #rates(TokenCount, BillingMode) rates} that apply: batch prices for {@link
   * BillingMode#BATCH}, and the prices of the long-context tier when the prompt crosses one.
   *
   * @param usage the tokens of the request
   * @param mode standard or batch
   * @return the itemised bill
   * @throws IllegalArgumentException if the book cannot price a kind of token the request has, or
   *     has no batch prices and batch is asked for
   */
  public Bill bill(TokenUsage usage, BillingMode mode) {
    TokenCount prompt = usage.promptTokens();
    TokenRates rates = rates(prompt, mode);
    List<BillLine> lines = new ArrayList<>();
    for (TokenKind kind : TokenKind.values()) {
      TokenCount tokens = usage.tokens(kind);
      if (tokens.isZero()) {
        continue;
      }
      TokenPrice p =
          rates
              .price(kind)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "model \"" + id + "\" has no " + kind.label() + " price"
                              + (mode == BillingMode.BATCH ? " (batch)" : "")
                              + " in the price book, was asked to bill " + tokens));
      lines.add(BillLine.of(kind, tokens, p));
    }
    return new Bill(this, usage, mode, tierFor(prompt).orElse(null), lines);
  }

  /**
   * Bills a day of requests.
   *
   * @param workload the requests per day and their mix
   * @return the bill per request and per day of each part of the mix
   * @throws IllegalArgumentException if the book cannot price a part of the mix
   */
  public WorkloadBill bill(Workload workload) {
    List<WorkloadBill.Line> lines = new ArrayList<>();
    for (WorkloadItem item : workload.items()) {
      Bill perRequest = bill(item.usage(), item.mode());
      lines.add(new WorkloadBill.Line(item, perRequest, perRequest.total().times(item.requestsPerDay())));
    }
    return new WorkloadBill(this, lines);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ModelPrice m
        && m.id.equals(id)
        && m.provider.equals(provider)
        && m.aliases.equals(aliases)
        && m.standard.equals(standard)
        && Objects.equals(m.batch, batch)
        && m.tiers.equals(tiers)
        && m.seen.equals(seen)
        && m.source.equals(source)
        && m.note.equals(note);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, standard, batch, tiers, seen);
  }

  @Override
  public String toString() {
    return id + " " + standard + (batch == null ? "" : ", batch " + batch)
        + (tiers.isEmpty() ? "" : ", tiers " + tiers) + " (seen " + seen + ", " + source + ")";
  }

  /** Builds a {@link ModelPrice}. */
  public static final class Builder {
    private final String id;
    private final TokenRates standard;
    private final String seen;
    private final String source;
    private String provider = "unknown";
    private List<String> aliases = List.of();
    private @Nullable TokenRates batch;
    private final List<ContextTier> tiers = new ArrayList<>();
    private String note = "";

    private Builder(String id, TokenRates standard, String seen, String source) {
      this.id = Require.nonBlank("id", id).strip();
      if (standard.listed(TokenKind.INPUT).isEmpty()) {
        throw new IllegalArgumentException(
            "standard prices of \"" + id + "\" must list an input price, were " + standard);
      }
      this.standard = standard;
      this.seen = checkSeen(seen);
      this.source = Require.nonBlank("source", source);
    }

    /**
     * Sets the provider.
     *
     * @param provider such as {@code openai} or {@code anthropic}
     * @return this builder
     * @throws IllegalArgumentException if blank
     */
    public Builder provider(String provider) {
      this.provider = Require.nonBlank("provider", provider);
      return this;
    }

    /**
     * Sets other names of the model.
     *
     * @param aliases such as dated snapshot ids
     * @return this builder
     */
    public Builder aliases(List<String> aliases) {
      for (String a : aliases) {
        Require.nonBlank("alias", a);
      }
      this.aliases = List.copyOf(aliases);
      return this;
    }

    /**
     * Sets the batch prices.
     *
     * @param batchRates the prices through the provider's batch API
     * @return this builder
     * @throws IllegalArgumentException if the currency differs from the standard prices'
     */
    public Builder batch(TokenRates batchRates) {
      requireCurrency("batch prices", batchRates);
      this.batch = batchRates;
      return this;
    }

    /**
     * Adds a long-context tier.
     *
     * @param tier the tier
     * @return this builder
     * @throws IllegalArgumentException if the currency differs from the standard prices', or a
     *     tier with the same threshold was added
     */
    public Builder tier(ContextTier tier) {
      requireCurrency("tier prices", tier.rates());
      for (ContextTier t : tiers) {
        if (t.threshold().equals(tier.threshold())) {
          throw new IllegalArgumentException(
              "model \"" + id + "\" has two tiers above " + tier.threshold().value() + " tokens");
        }
      }
      tiers.add(tier);
      return this;
    }

    /**
     * Sets a remark on the prices.
     *
     * @param note the remark
     * @return this builder
     */
    public Builder note(String note) {
      this.note = note.strip();
      return this;
    }

    /** Returns the model price. */
    public ModelPrice build() {
      return new ModelPrice(this);
    }

    private void requireCurrency(String what, TokenRates rates) {
      if (!rates.currency().equals(standard.currency())) {
        throw new IllegalArgumentException(
            what + " of \"" + id + "\" must be in " + standard.currency().getCurrencyCode()
                + ", were " + rates.currency().getCurrencyCode());
      }
    }

    private static String checkSeen(String seen) {
      String s = seen.strip();
      boolean valid = SEEN.matcher(s).matches();
      if (valid) {
        try {
          switch (s.length()) {
            case 4 -> Year.parse(s);
            case 7 -> YearMonth.parse(s);
            default -> LocalDate.parse(s);
          }
        } catch (DateTimeParseException e) {
          valid = false;
        }
      }
      if (!valid) {
        throw new IllegalArgumentException(
            "seen must be an ISO 8601 date such as 2023, 2025-03 or 2025-08-14, was \"" + seen + "\"");
      }
      return s;
    }
  }
}
