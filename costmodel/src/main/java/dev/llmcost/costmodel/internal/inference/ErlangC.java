package dev.llmcost.costmodel.internal.inference;

/**
 * The Erlang C formula: the probability that an arrival waits in an M/M/c queue, and the mean
 * wait (Erlang 1917; e.g. Kleinrock, "Queueing Systems" vol. 1, §3.5).
 */
public final class ErlangC {
  private ErlangC() {}

  /**
   * Returns the probability that an arrival finds all {@code servers} busy, for offered load
   * {@code load} (arrival rate × mean service time, in Erlangs).
   *
   * <p>Computed through the inverse Erlang B recursion {@code 1/B(k) = 1 + (k/a) · 1/B(k−1)}, then
   * {@code C = c·B / (c − a(1 − B))}. The recursion starts at {@code k0 = a − 12√a} with {@code
   * 1/B(k0) ≈ 1}: the error this makes is multiplied by {@code Π_{k0<k≤a} k/a ≈ e^{−72}} before it
   * reaches {@code 1/B(c)}, so only about {@code 12√a + c − a} steps are needed.
   *
   * @param servers parallel servers, at least 1
   * @param load offered load in Erlangs
   * @return the probability of waiting, in [0, 1]; 1 when the load reaches the servers
   */
  public static double waitProbability(int servers, double load) {
    if (load <= 0) {
      return 0;
    }
    if (load >= servers) {
      return 1;
    }
    int start = (int) Math.max(0, Math.floor(load - 12 * Math.sqrt(load)));
    double perLoad = 1 / load;
    double inverse = 1;
    for (int k = start + 1; k <= servers; k++) {
      inverse = 1 + k * perLoad * inverse;
    }
    double b = 1 / inverse;
    return servers * b / (servers - load * (1 - b));
  }

  /**
   * Returns the mean wait in queue: {@code C(c, a) · S / (c − a)}.
   *
   * @param servers parallel servers
   * @param load offered load in Erlangs
   * @param serviceSeconds mean service time
   * @return seconds; infinite when the load reaches the servers
   */
  public static double meanWaitSeconds(int servers, double load, double serviceSeconds) {
    if (load >= servers) {
      return Double.POSITIVE_INFINITY;
    }
    return waitProbability(servers, load) * serviceSeconds / (servers - load);
  }
}
