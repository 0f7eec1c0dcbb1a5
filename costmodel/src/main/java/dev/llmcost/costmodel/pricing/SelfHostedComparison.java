package dev.llmcost.costmodel.pricing;

import dev.llmcost.core.Money;
import dev.llmcost.core.TokenCount;
import dev.llmcost.costmodel.inference.BreakEven;
import dev.llmcost.costmodel.inference.ServingCost;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Self-hosting a model against an API of a {@link PriceBook}: what the same requests cost each way,
 * and how busy the GPUs must be for self-hosting to break even.
 *
 * <p>The requests are those of the serving cost: {@link ServingCost#inputTokensPerRequest()} prompt
 * tokens and {@link ServingCost#outputTokensPerRequest()} output tokens, none of them cached. The
 * API side is {@link ModelPrice#bill(TokenUsage, BillingMode)} of one such request (with the
 * long-context tier its prompt crosses, if any); the self-hosted side assumes the GPUs are busy all
 * the time, and costs {@code 1 / u} times as much at utilisation {@code u}. The break-even is
 * {@link BreakEven#of(ServingCost, Money, Money)} at the prices the API charges for a prompt of
 * that length.
 *
 * <pre>{@code
 * ServingCost gpu = ServingCost.of(InferenceCostModel.calibrated().estimate(scenario), Money.usd("2.50"));
 * SelfHostedComparison c = SelfHostedComparison.of(gpu, PriceBook.bundled().get("gpt-4o-mini"));
 * c.breakEven().breakEvenUtilization();   // self-hosting is cheaper above this utilisation
 * }</pre>
 */
public final class SelfHostedComparison {
  private final ModelPrice api;
  private final BillingMode mode;
  private final ServingCost selfHosted;
  private final Bill apiRequest;
  private final BreakEven breakEven;

  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  /**
   * Validates that the parts describe the same requests.
   *
   * @throws IllegalArgumentException if the API bill is not for the serving cost's request lengths
   *     or another model's prices
   */
  SelfHostedComparison(ModelPrice api, BillingMode mode, ServingCost selfHosted, Bill apiRequest, BreakEven breakEven) {
    TokenUsage same = usage(selfHosted);
    if (!apiRequest.usage().equals(same) || apiRequest.mode() != mode
        || !apiRequest.modelPrice().equals(api)) {
      throw new IllegalArgumentException(
          "apiRequest must bill " + same + " at " + api.id() + " (" + mode + "), was " + apiRequest);
    }
    this.api = api;
    this.mode = mode;
    this.selfHosted = selfHosted;
    this.apiRequest = apiRequest;
    this.breakEven = breakEven;
  }

  /**
   * Compares self-hosting with an API at its standard prices.
   *
   * @param selfHosted the self-hosted cost, such as {@code ServingCost.of(estimate, pricePerGpuHour)}
   * @param api the API's entry of a price book, such as {@code PriceBook.bundled().get("gpt-4o-mini")}
   * @return the comparison
   * @throws IllegalArgumentException if the API's prices are in another currency than the GPU
   *     price, or it has no output price
   */
  public static SelfHostedComparison of(ServingCost selfHosted, ModelPrice api) {
    return of(selfHosted, api, BillingMode.STANDARD);
  }

  /**
   * Compares self-hosting with an API.
   *
   * @param selfHosted the self-hosted cost, such as {@code ServingCost.of(estimate, pricePerGpuHour)}
   * @param api the API's entry of a price book
   * @param mode {@link BillingMode#BATCH} to compare with the provider's batch API (for offline
   *     work, where a self-hosted GPU can also run full batches)
   * @return the comparison
   * @throws IllegalArgumentException if the API's prices are in another currency than the GPU
   *     price, it has no output price, or batch prices are asked for and the book has none
   */
  public static SelfHostedComparison of(ServingCost selfHosted, ModelPrice api, BillingMode mode) {
    TokenUsage usage = usage(selfHosted);
    if (!api.currency().equals(selfHosted.pricePerGpuHour().currency())) {
      throw new IllegalArgumentException(
          "prices of \"" + api.id() + "\" must be in " + selfHosted.pricePerGpuHour().currency().getCurrencyCode()
              + " like the GPU price, were " + api.currency().getCurrencyCode());
    }
    TokenRates rates = api.rates(usage.promptTokens(), mode);
    TokenPrice input = rates.price(TokenKind.INPUT).orElseThrow(() -> missing(api, TokenKind.INPUT, mode));
    TokenPrice output = rates.price(TokenKind.OUTPUT).orElseThrow(() -> missing(api, TokenKind.OUTPUT, mode));
    Bill bill = api.bill(usage, mode);
    BreakEven breakEven = BreakEven.of(selfHosted, input.perMillionTokens(), output.perMillionTokens());
    return new SelfHostedComparison(api, mode, selfHosted, bill, breakEven);
  }

  /**
   * Returns what the API charges per million output tokens for these requests, their input tokens
   * included: the counterpart of {@link ServingCost#perMillionOutputTokensAllIn()}.
   */
  public Money apiPerMillionOutputTokens() {
    Money perMillion = apiRequest.total().times(MILLION).div(selfHosted.outputTokensPerRequest());
    return Money.of(perMillion.amount().round(MathContext.DECIMAL64), perMillion.currency());
  }

  /**
   * Returns what self-hosting costs per million output tokens at full load, the prefill included
   * ({@link ServingCost#perMillionOutputTokensAllIn()}).
   */
  public Money selfHostedPerMillionOutputTokens() {
    return selfHosted.perMillionOutputTokensAllIn();
  }

  /**
   * Returns the self-hosted cost of a request at full load over the API's: below 1 self-hosting is
   * cheaper when the GPUs are always busy. Equal to {@link BreakEven#breakEvenUtilization()}.
   */
  public double costRatioAtFullLoad() {
    return breakEven.breakEvenUtilization();
  }

  /** Returns whether self-hosting at full load is cheaper than the API. */
  public boolean selfHostingCheaperAtFullLoad() {
    return breakEven.selfHostingCheaperAtFullLoad();
  }

  private static TokenUsage usage(ServingCost c) {
    return TokenUsage.of(TokenCount.of(c.inputTokensPerRequest()), TokenCount.of(c.outputTokensPerRequest()));
  }

  private static IllegalArgumentException missing(ModelPrice api, TokenKind kind, BillingMode mode) {
    return new IllegalArgumentException(
        "model \"" + api.id() + "\" has no " + kind.label() + " price" + (mode == BillingMode.BATCH ? " (batch)" : "")
            + " in the price book, which a comparison with self-hosting needs");
  }

  /** Returns the API's prices. */
  public ModelPrice api() {
    return api;
  }

  /** Returns whether the API is used at standard or batch prices. */
  public BillingMode mode() {
    return mode;
  }

  /** Returns the self-hosted cost at full load. */
  public ServingCost selfHosted() {
    return selfHosted;
  }

  /** Returns the API's bill for one request of the same lengths. */
  public Bill apiRequest() {
    return apiRequest;
  }

  /** Returns the utilisation and request rate at which both cost the same. */
  public BreakEven breakEven() {
    return breakEven;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof SelfHostedComparison o
          && Objects.equals(api, o.api)
          && Objects.equals(mode, o.mode)
          && Objects.equals(selfHosted, o.selfHosted)
          && Objects.equals(apiRequest, o.apiRequest)
          && Objects.equals(breakEven, o.breakEven);
  }

  @Override
  public int hashCode() {
    int h = Objects.hashCode(api);
    h = 31 * h + Objects.hashCode(mode);
    h = 31 * h + Objects.hashCode(selfHosted);
    h = 31 * h + Objects.hashCode(apiRequest);
    h = 31 * h + Objects.hashCode(breakEven);
    return h;
  }

  @Override
  public String toString() {
    return "SelfHostedComparison[api=" + api + ", mode=" + mode + ", selfHosted=" + selfHosted + ", apiRequest=" + apiRequest + ", breakEven=" + breakEven + "]";
  }
}
