package dev.llmcost.costmodel.serving;

import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * How requests arrive: a Poisson process, a gamma renewal process with a given coefficient of
 * variation of the gaps (bursts above 1, as Vidur and DistServe model bursty load), or the
 * arrivals of a {@link Trace}. Immutable.
 */
public final class ArrivalProcess {

  private final double rate;
  private final double cv;
  private final @Nullable Trace trace;

  private ArrivalProcess(double rate, double cv, @Nullable Trace trace) {
    this.rate = rate;
    this.cv = cv;
    this.trace = trace;
  }

  /**
   * Returns Poisson arrivals: exponential gaps of mean {@code 1 / requestsPerSecond}.
   *
   * @param requestsPerSecond mean rate, positive and finite
   * @return the process
   * @throws IllegalArgumentException if the rate is not positive and finite
   */
  public static ArrivalProcess poisson(double requestsPerSecond) {
    return gamma(requestsPerSecond, 1);
  }

  /**
   * Returns gamma-renewal arrivals: gaps drawn from a gamma distribution of mean {@code 1 / rate}
   * and coefficient of variation {@code cv} (shape {@code 1/cv²}); {@code cv = 1} is Poisson, above
   * 1 bursty.
   *
   * @param requestsPerSecond mean rate, positive and finite
   * @param cv coefficient of variation of the gaps, positive and finite
   * @return the process
   * @throws IllegalArgumentException if an argument is not positive and finite
   */
  public static ArrivalProcess gamma(double requestsPerSecond, double cv) {
    if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
      throw new IllegalArgumentException("requestsPerSecond must be > 0 and finite, was " + requestsPerSecond);
    }
    if (!(cv > 0) || Double.isInfinite(cv)) {
      throw new IllegalArgumentException("cv must be > 0 and finite, was " + cv);
    }
    return new ArrivalProcess(requestsPerSecond, cv, null);
  }

  /**
   * Returns the arrivals, lengths and prefixes of a trace.
   *
   * @param trace the trace
   * @return the process
   */
  public static ArrivalProcess trace(Trace trace) {
    return new ArrivalProcess(trace.size() / Math.max(1e-9, trace.lastArrivalSeconds()), 0, trace);
  }

  /** Returns the mean rate, requests per second (for a trace: requests over its last arrival). */
  public double requestsPerSecond() {
    return rate;
  }

  /** Returns the coefficient of variation of the gaps (0 for a trace). */
  public double cv() {
    return cv;
  }

  /** Returns the trace, if the arrivals come from one. */
  public Optional<Trace> trace() {
    return Optional.ofNullable(trace);
  }

  /** Draws the next gap, seconds. */
  double nextGap(SplittableRandom random) {
    if (cv == 1) {
      return -Math.log(1 - random.nextDouble()) / rate;
    }
    double shape = 1 / (cv * cv);
    if (Double.isInfinite(shape)) {
      // cv below about 1e-154: the gamma's limit as cv -> 0 is the constant gap (Marsaglia-Tsang's d = shape - 1/3
      // would be infinite and the gap NaN, so no request would arrive)
      return 1 / rate;
    }
    return gammaDraw(random, shape) / (shape * rate);
  }

  /** Draws Gamma(shape, 1) (Marsaglia and Tsang 2000, with the shape-below-1 boost). */
  static double gammaDraw(SplittableRandom random, double shape) {
    if (shape < 1) {
      double u = random.nextDouble();
      return gammaDraw(random, shape + 1) * Math.pow(u, 1 / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x;
      double v;
      do {
        x = LengthDistribution.gaussian(random);
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      double u = random.nextDouble();
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
        return d * v;
      }
    }
  }

  @Override
  public String toString() {
    if (trace != null) {
      return "trace of " + trace.size() + " requests";
    }
    return cv == 1
        ? String.format(Locale.ROOT, "Poisson at %s requests/s", rate)
        : String.format(Locale.ROOT, "gamma at %s requests/s, cv %s", rate, cv);
  }
}
