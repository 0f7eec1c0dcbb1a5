package dev.llmcost.costmodel.pricing;

import dev.llmcost.core.TokenCount;
import dev.llmcost.core.internal.Require;
import java.time.LocalDate;
import java.time.Year;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Collections;
import java.util.Currency;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The prices of one model in a {@link PriceBook} over one stretch of time: standard per-token
 * rates, the rates of the batch, flex and priority service tiers where the provider has them,
 * long-context tiers, the interval the prices were in force ({@link #validFrom()}, {@link
 * #validUntil()}), and the date the prices were seen and where.
 *
 * <p>A price cut or a launch is a new entry with the same id and a later {@code validFrom}, not an
 * edit: the book keeps the history, and {@link PriceBook#find(String, LocalDate)} picks the entry in
 * force on a date.
 *
 * <p>Built with {@link #builder(String, TokenRates, String, String)}; immutable.
 */
public final class ModelPrice {

  private static final Pattern SEEN = Pattern.compile("\\d{4}(-\\d{2}(-\\d{2})?)?");

  private final String id;
  private final String provider;
  private final List<String> aliases;
  private final TokenRates standard;
  private final Map<BillingMode, TokenRates> services;
  private final List<ContextTier> tiers;
  private final @Nullable LocalDate from;
  private final @Nullable LocalDate until;
  private final String seen;
  private final String source;
  private final String note;

  private ModelPrice(Builder b) {
    this.id = b.id;
    this.provider = b.provider;
    this.aliases = List.copyOf(b.aliases);
    this.standard = b.standard;
    this.services = Collections.unmodifiableMap(new EnumMap<>(b.services));
    this.from = b.from;
    this.until = b.until;
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
    return service(BillingMode.BATCH);
  }

  /**
   * Returns the base per-token prices of a service tier.
   *
   * @param mode standard, batch, flex or priority
   * @return {@link #standard()} for standard; the tier's prices, if the book knows them
   */
  public Optional<TokenRates> service(BillingMode mode) {
    return mode == BillingMode.STANDARD ? Optional.of(standard) : Optional.ofNullable(services.get(mode));
  }

  /** Returns the service tiers other than standard that the book has prices for, in mode order. */
  public Map<BillingMode, TokenRates> services() {
    return services;
  }

  /** Returns the first day these prices were in force, if known (empty: since before they were seen). */
  public Optional<LocalDate> validFrom() {
    return Optional.ofNullable(from);
  }

  /** Returns the first day these prices were no longer in force, if they have been replaced. */
  public Optional<LocalDate> validUntil() {
    return Optional.ofNullable(until);
  }

  /**
   * Returns whether these prices were in force on {@code date}: on or after {@link #validFrom()}
   * (when known) and before {@link #validUntil()} (when set).
   *
   * @param date the day
   * @return whether the prices applied that day
   */
  public boolean inForceOn(LocalDate date) {
    return (from == null || !date.isBefore(from)) && (until == null || date.isBefore(until));
  }

  /**
   * Returns the day the prices were seen, as a date: the first day of the month or year when
   * {@link #seen()} gives only those.
   */
  public LocalDate seenDate() {
    return seenDate(seen);
  }

  static LocalDate seenDate(String seen) {
    return switch (seen.length()) {
      case 4 -> Year.parse(seen).atDay(1);
      case 7 -> YearMonth.parse(seen).atDay(1);
      default -> LocalDate.parse(seen);
    };
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
   * @param mode standard, batch, flex or priority
   * @return the prices of that service, with the prices of the long-context tier the prompt crosses
   *     laid over them
   * @throws IllegalArgumentException if the book has no prices of that service for this model (or
   *     none above the crossed threshold)
   */
  public TokenRates rates(TokenCount promptTokens, BillingMode mode) {
    Optional<ContextTier> tier = tierFor(promptTokens);
    TokenRates base =
        service(mode)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "model \"" + id + "\" has no " + mode.label()
                            + " prices in the price book (seen " + seen + ")"));
    if (tier.isEmpty()) {
      return base;
    }
    TokenRates above =
        tier.get()
            .service(mode)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "model \"" + id + "\" has no " + mode.label() + " prices for prompts above "
                            + tier.get().threshold().value() + " tokens in the price book, was a "
                            + promptTokens.value() + "-token prompt"));
    return base.overriddenBy(above);
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
                              + (mode == BillingMode.STANDARD ? "" : " (" + mode.label() + ")")
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
        && m.services.equals(services)
        && Objects.equals(m.from, from)
        && Objects.equals(m.until, until)
        && m.tiers.equals(tiers)
        && m.seen.equals(seen)
        && m.source.equals(source)
        && m.note.equals(note);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, standard, services, tiers, from, until, seen);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(id).append(' ').append(standard);
    services.forEach((m, r) -> sb.append(", ").append(m.label()).append(' ').append(r));
    if (!tiers.isEmpty()) {
      sb.append(", tiers ").append(tiers);
    }
    if (from != null || until != null) {
      sb.append(", in force ").append(from == null ? "" : from).append("..")
          .append(until == null ? "" : until);
    }
    return sb.append(" (seen ").append(seen).append(", ").append(source).append(')').toString();
  }

  /** Builds a {@link ModelPrice}. */
  public static final class Builder {
    private final String id;
    private final TokenRates standard;
    private final String seen;
    private final String source;
    private String provider = "unknown";
    private List<String> aliases = List.of();
    private final EnumMap<BillingMode, TokenRates> services = new EnumMap<>(BillingMode.class);
    private @Nullable LocalDate from;
    private @Nullable LocalDate until;
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
      return service(BillingMode.BATCH, batchRates);
    }

    /**
     * Sets the prices of a service tier other than standard.
     *
     * @param mode batch, flex or priority
     * @param rates the prices at that tier
     * @return this builder
     * @throws IllegalArgumentException if {@code mode} is standard, or the currency differs from the
     *     standard prices'
     */
    public Builder service(BillingMode mode, TokenRates rates) {
      if (mode == BillingMode.STANDARD) {
        throw new IllegalArgumentException(
            "service of \"" + id + "\" must be batch, flex or priority, was standard");
      }
      requireCurrency(mode.label() + " prices", rates);
      services.put(mode, rates);
      return this;
    }

    /**
     * Sets the first day the prices were in force (a launch or a price change).
     *
     * @param first the day
     * @return this builder
     * @throws IllegalArgumentException if not before the day set with {@link #validUntil}
     */
    public Builder validFrom(LocalDate first) {
      if (until != null && !first.isBefore(until)) {
        throw new IllegalArgumentException(
            "validFrom of \"" + id + "\" must be before validUntil (" + until + "), was " + first);
      }
      this.from = first;
      return this;
    }

    /**
     * Sets the first day the prices were no longer in force (the day the next prices took over).
     *
     * @param end the day
     * @return this builder
     * @throws IllegalArgumentException if not after the day set with {@link #validFrom}
     */
    public Builder validUntil(LocalDate end) {
      if (from != null && !end.isAfter(from)) {
        throw new IllegalArgumentException(
            "validUntil of \"" + id + "\" must be after validFrom (" + from + "), was " + end);
      }
      this.until = end;
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
