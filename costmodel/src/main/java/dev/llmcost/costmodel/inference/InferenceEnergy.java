package dev.llmcost.costmodel.inference;

import dev.llmcost.core.CarbonIntensity;
import dev.llmcost.core.internal.Require;
import dev.llmcost.costmodel.capacity.CapacityOption;
import dev.llmcost.costmodel.capacity.CapacityPlan;
import dev.llmcost.costmodel.capacity.CapacityRequest;
import dev.llmcost.costmodel.training.TrainingJob;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The electricity a deployment draws to serve requests, per request and per million output
 * tokens, and the CO₂e it emits on a grid of a given carbon intensity.
 *
 * <p>Model: every GPU of the deployment draws its TDP all the time and the facility adds its PUE,
 * so the deployment draws {@code gpus × TDP × PUE}; a request is charged the time the deployment
 * spends per request at its throughput, {@code 1 / requestsPerSecond}. This is an upper bound on
 * the GPUs' draw (a GPU below full load draws less than its TDP) and leaves out the host CPUs,
 * memory and network, the same accounting as {@link
 * dev.llmcost.costmodel.training.TrainingEstimate#energy()}.
 */
public final class InferenceEnergy {
  private final int gpus;
  private final double wattsPerGpu;
  private final double pue;
  private final double requestsPerSecond;
  private final int outputTokensPerRequest;

  /** The default PUE, the same as training's {@link TrainingJob#DEFAULT_PUE}. */
  public static final double DEFAULT_PUE = TrainingJob.DEFAULT_PUE;

  /**
   * Validates the figures.
   *
   * @throws IllegalArgumentException if gpus, the request rate or the output tokens are not
   *     positive, the watts are negative or not finite, or the PUE is below 1 or not finite
   */
  InferenceEnergy(int gpus, double wattsPerGpu, double pue, double requestsPerSecond, int outputTokensPerRequest) {
    Require.positive("gpus", gpus);
    Require.nonNegative("wattsPerGpu", wattsPerGpu);
    Require.finite("pue", pue);
    if (pue < 1) {
      throw new IllegalArgumentException("pue must be >= 1, was " + pue);
    }
    Require.positive("requestsPerSecond", requestsPerSecond);
    Require.positive("outputTokensPerRequest", outputTokensPerRequest);
    this.gpus = gpus;
    this.wattsPerGpu = wattsPerGpu;
    this.pue = pue;
    this.requestsPerSecond = requestsPerSecond;
    this.outputTokensPerRequest = outputTokensPerRequest;
  }

  /**
   * Returns the energy of serving the scenario of {@code estimate} at its estimated throughput: the
   * replica's {@code tp × pp} GPUs at the accelerator's TDP, for {@code 1 / requestsPerSecond}
   * seconds per request.
   *
   * @param estimate an inference estimate
   * @param pue power usage effectiveness, at least 1
   * @return the energy
   * @throws IllegalArgumentException if the estimate completes no requests or the PUE is below 1
   */
  public static InferenceEnergy of(InferenceEstimate estimate, double pue) {
    InferenceScenario s = estimate.scenario();
    return new InferenceEnergy(
        estimate.gpus(), s.accelerator().tdpWatts(), pue, estimate.requestsPerSecond(), s.outputTokens());
  }

  /**
   * Returns the energy of the best option of a capacity plan at the plan's request rate: all the
   * option's GPUs (every replica) at the accelerator's TDP, shared by the requests arriving per
   * second (idle slots included).
   *
   * @param plan a capacity plan with a feasible option
   * @param pue power usage effectiveness, at least 1
   * @return the energy
   * @throws IllegalArgumentException if the plan has no feasible option or the PUE is below 1
   */
  public static InferenceEnergy of(CapacityPlan plan, double pue) {
    CapacityRequest r = plan.request();
    CapacityOption best =
        plan.best().orElseThrow(() -> new IllegalArgumentException("plan must have a feasible option, was none"));
    return new InferenceEnergy(
        best.gpus(), r.accelerator().tdpWatts(), pue, r.requestsPerSecond(), r.outputTokens());
  }

  /** Returns the power the deployment draws from the grid, in kW ({@code gpus × TDP × PUE}). */
  public double powerKw() {
    return gpus * wattsPerGpu * pue / 1000;
  }

  /** Returns the energy per request, in kWh. */
  public double kwhPerRequest() {
    return powerKw() / requestsPerSecond / 3600;
  }

  /** Returns the energy per million output tokens, in kWh. */
  public double kwhPerMillionOutputTokens() {
    return kwhPerRequest() * 1e6 / outputTokensPerRequest;
  }

  /**
   * Returns the CO₂e per request on a grid of this intensity, in kg.
   *
   * @param intensity the grid's carbon intensity
   * @return kg CO₂e per request
   */
  public double co2eKgPerRequest(CarbonIntensity intensity) {
    return intensity.kilogramsFor(kwhPerRequest());
  }

  /**
   * Returns the CO₂e per million output tokens on a grid of this intensity, in grams.
   *
   * @param intensity the grid's carbon intensity
   * @return g CO₂e per million output tokens
   */
  public double co2eGramsPerMillionOutputTokens(CarbonIntensity intensity) {
    return intensity.gramsFor(kwhPerMillionOutputTokens());
  }

  /** Returns the energy model and its inputs, in words. */
  public String assumption() {
    return String.format(Locale.ROOT,
        "energy: %,d GPU%s × %.0f W TDP × PUE %.2f = %.3f kW drawn all the time (an upper bound; hosts and"
            + " network not counted), %.4g s of it per request at %,.4g requests/s",
        gpus, gpus == 1 ? "" : "s", wattsPerGpu, pue, powerKw(), 1 / requestsPerSecond, requestsPerSecond);
  }

  /** Returns the GPUs of the deployment. */
  public int gpus() {
    return gpus;
  }

  /** Returns the TDP of one GPU, in W. */
  public double wattsPerGpu() {
    return wattsPerGpu;
  }

  /** Returns the power usage effectiveness of the data centre (facility energy / IT energy), at least 1. */
  public double pue() {
    return pue;
  }

  /** Returns the requests the deployment completes per second. */
  public double requestsPerSecond() {
    return requestsPerSecond;
  }

  /** Returns the output tokens per request. */
  public int outputTokensPerRequest() {
    return outputTokensPerRequest;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof InferenceEnergy o
          && gpus == o.gpus
          && Double.compare(wattsPerGpu, o.wattsPerGpu) == 0
          && Double.compare(pue, o.pue) == 0
          && Double.compare(requestsPerSecond, o.requestsPerSecond) == 0
          && outputTokensPerRequest == o.outputTokensPerRequest;
  }

  @Override
  public int hashCode() {
    int h = Integer.hashCode(gpus);
    h = 31 * h + Double.hashCode(wattsPerGpu);
    h = 31 * h + Double.hashCode(pue);
    h = 31 * h + Double.hashCode(requestsPerSecond);
    h = 31 * h + Integer.hashCode(outputTokensPerRequest);
    return h;
  }

  @Override
  public String toString() {
    return "InferenceEnergy[gpus=" + gpus + ", wattsPerGpu=" + wattsPerGpu + ", pue=" + pue + ", requestsPerSecond=" + requestsPerSecond + ", outputTokensPerRequest=" + outputTokensPerRequest + "]";
  }
}
