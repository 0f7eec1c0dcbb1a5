package dev.llmcost.costmodel.serving;

import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * How requests arrive: a Poisson process, a gamma renewal process with a given coefficient of
 * variation of the gaps (bursts above 1, as Vidur and DistServe model bursty load), the
 * arrivals of a {@link Trace}, or a closed loop of clients that each send their next request when
 * their previous one completes ({@link #closedLoop}, s22a). Immutable.
 */
public final class ArrivalProcess {

  /** Most requests a closed loop may send ({@link #closedLoop}). */
  public static final int MAX_CLOSED_LOOP_REQUESTS = 20_000_000;
  /** Most clients of a closed loop ({@link #closedLoop}). */
  public static final int MAX_CLIENTS = 1_000_000;

  private final double rate;
  private final double cv;
  private final @Nullable Trace trace;
  private final int clients;
  private final int requests;
  private final double thinkSeconds;

  private ArrivalProcess(double rate, double cv, @Nullable Trace trace) {
    this(rate, cv, trace, 0, 0, 0);
  }

  private ArrivalProcess(double rate, double cv, @Nullable Trace trace, int clients, int requests,
      double thinkSeconds) {
    this.rate = rate;
    this.cv = cv;
    this.trace = trace;
    this.clients = clients;
    this.requests = requests;
    this.thinkSeconds = thinkSeconds;
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

  /**
   * Returns a closed loop of {@code clients} clients (s22a), as benchmark clients run a fixed concurrency
   * ({@code benchmark_serving.py --max-concurrency C --request-rate inf}, SGLang's {@code bench_serving}, {@code
   * genai-perf --concurrency}): all clients send their first request together at t = 0, and each sends its next
   * request the moment its previous one completes (its last token, and the engine's per-request overhead, as the
   * client sees the end), {@code requests} requests in all, taken in order by whichever client is free first (the
   * semaphore of {@code benchmark_serving.py}, SemiAnalysisAI/InferenceX {@code
   * utils/bench_serving/benchmark_serving.py} at 843c6254, {@code limited_request_func}). A request the engine refuses (it can never fit the KV cache) frees its
   * client at once. The simulation's duration is then not used for arrivals; its lengths are drawn per request in
   * order, as for generated arrivals.
   *
   * @param clients the concurrency, 1 to {@value #MAX_CLIENTS}
   * @param requests the requests sent in all, 1 to {@value #MAX_CLOSED_LOOP_REQUESTS}
   * @return the process
   * @throws IllegalArgumentException if an argument is out of range
   */
  public static ArrivalProcess closedLoop(int clients, int requests) {
    return closedLoop(clients, requests, 0);
  }

  /**
   * Returns a closed loop of {@code clients} clients whose clients wait {@code thinkSeconds} between the completion of
   * one request and the send of their next ({@link #closedLoop(int, int)} with a think time; 0 for none).
   *
   * @param clients the concurrency, 1 to {@value #MAX_CLIENTS}
   * @param requests the requests sent in all, 1 to {@value #MAX_CLOSED_LOOP_REQUESTS}
   * @param thinkSeconds seconds between a completion and the client's next send, at least 0 and finite
   * @return the process
   * @throws IllegalArgumentException if an argument is out of range
   */
  public static ArrivalProcess closedLoop(int clients, int requests, double thinkSeconds) {
    if (clients < 1 || clients > MAX_CLIENTS) {
      throw new IllegalArgumentException("clients must be in [1, " + MAX_CLIENTS + "], was " + clients);
    }
    if (requests < 1 || requests > MAX_CLOSED_LOOP_REQUESTS) {
      throw new IllegalArgumentException("requests must be in [1, " + MAX_CLOSED_LOOP_REQUESTS + "], was " + requests);
    }
    if (!(thinkSeconds >= 0) || Double.isInfinite(thinkSeconds)) {
      throw new IllegalArgumentException("thinkSeconds must be >= 0 and finite, was " + thinkSeconds);
    }
    return new ArrivalProcess(0, 0, null, clients, requests, thinkSeconds);
  }

  /**
   * Returns the mean rate, requests per second (for a trace: requests over its last arrival; 0 for a closed loop,
   * whose rate is an outcome of the run, {@link SimulationResult#requestsPerSecond()}).
   */
  public double requestsPerSecond() {
    return rate;
  }

  /** Returns whether this is a closed loop of clients ({@link #closedLoop}). */
  public boolean isClosedLoop() {
    return clients > 0;
  }

  /** Returns the clients of a closed loop (0 for open arrivals). */
  public int clients() {
    return clients;
  }

  /** Returns the requests a closed loop sends in all (0 for open arrivals). */
  public int requests() {
    return requests;
  }

  /** Returns a closed loop's think time between a completion and the client's next send, seconds (0 otherwise). */
  public double thinkSeconds() {
    return thinkSeconds;
  }

  /** Returns the coefficient of variation of the gaps (0 for a trace or a closed loop). */
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
    if (clients > 0) {
      return String.format(Locale.ROOT, "closed loop of %d client%s starting together at t = 0, %d requests in all,"
          + " each client's next request sent when its previous one completes%s", clients, clients == 1 ? "" : "s",
          requests, thinkSeconds > 0 ? String.format(Locale.ROOT, " plus %s s of think time", thinkSeconds) : "");
    }
    return cv == 1
        ? String.format(Locale.ROOT, "Poisson at %s requests/s", rate)
        : String.format(Locale.ROOT, "gamma at %s requests/s, cv %s", rate, cv);
  }
}
