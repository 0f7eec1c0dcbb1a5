package dev.llmcost.costmodel.training;

import dev.llmcost.core.FlopCount;
import dev.llmcost.core.internal.Require;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The compute-optimal model size and training tokens for a FLOP budget, after Hoffmann et al. 2022
 * ("Training Compute-Optimal Large Language Models", Chinchilla), approach 3.
 *
 * <p>The fitted loss {@code L(N, D) = E + A/N^α + B/D^β} with {@code E = 1.69, A = 406.4, B =
 * 410.7, α = 0.34, β = 0.28} (§3.3, eq. 10) is minimised under {@code C = 6ND}: {@code N_opt =
 * G·(C/6)^a}, {@code D_opt = G⁻¹·(C/6)^b} with {@code a = β/(α+β)}, {@code b = α/(α+β)} and {@code
 * G = (αA/(βB))^(1/(α+β))} (eq. 4 and App. D.2).
 */
public final class ComputeOptimal {
  private final FlopCount budget;
  private final double parameters;
  private final double tokens;
  private final double loss;

  /** Irreducible loss E of the fit. */
  public static final double E = 1.69;
  /** Parameter coefficient A. */
  public static final double A = 406.4;
  /** Data coefficient B. */
  public static final double B = 410.7;
  /** Parameter exponent α. */
  public static final double ALPHA = 0.34;
  /** Data exponent β. */
  public static final double BETA = 0.28;

  /**
   * Validates the figures.
   *
   * @throws IllegalArgumentException if a figure is not positive
   */
  private ComputeOptimal(FlopCount budget, double parameters, double tokens, double loss) {
    Require.positive("parameters", parameters);
    Require.positive("tokens", tokens);
    Require.positive("loss", loss);
    this.budget = budget;
    this.parameters = parameters;
    this.tokens = tokens;
    this.loss = loss;
  }

  /**
   * Returns the compute-optimal allocation of {@code budget}.
   *
   * @param budget the FLOP budget, greater than zero
   * @return N_opt, D_opt and the fitted loss
   * @throws IllegalArgumentException if the budget is zero
   */
  public static ComputeOptimal forBudget(FlopCount budget) {
    Require.positive("budget", budget.value());
    double g = Math.pow(ALPHA * A / (BETA * B), 1 / (ALPHA + BETA));
    double a = BETA / (ALPHA + BETA);
    double b = ALPHA / (ALPHA + BETA);
    double c6 = budget.value() / 6;
    double n = g * Math.pow(c6, a);
    double d = Math.pow(c6, b) / g;
    return new ComputeOptimal(budget, n, d, loss(n, d));
  }

  /**
   * Returns the fitted loss {@code E + A/N^α + B/D^β}.
   *
   * @param parameters N
   * @param tokens D
   * @return the loss in nats per token
   */
  public static double loss(double parameters, double tokens) {
    return E + A / Math.pow(parameters, ALPHA) + B / Math.pow(tokens, BETA);
  }

  /** Returns the tokens per parameter of the optimum. */
  public double tokensPerParameter() {
    return tokens / parameters;
  }

  /** Returns the compute budget C. */
  public FlopCount budget() {
    return budget;
  }

  /** Returns the N_opt. */
  public double parameters() {
    return parameters;
  }

  /** Returns the D_opt. */
  public double tokens() {
    return tokens;
  }

  /** Returns the fitted loss at (N_opt, D_opt), nats per token. */
  public double loss() {
    return loss;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof ComputeOptimal o
          && Objects.equals(budget, o.budget)
          && Double.compare(parameters, o.parameters) == 0
          && Double.compare(tokens, o.tokens) == 0
          && Double.compare(loss, o.loss) == 0;
  }

  @Override
  public int hashCode() {
    int h = Objects.hashCode(budget);
    h = 31 * h + Double.hashCode(parameters);
    h = 31 * h + Double.hashCode(tokens);
    h = 31 * h + Double.hashCode(loss);
    return h;
  }

  @Override
  public String toString() {
    return "ComputeOptimal[budget=" + budget + ", parameters=" + parameters + ", tokens=" + tokens + ", loss=" + loss + "]";
  }
}
