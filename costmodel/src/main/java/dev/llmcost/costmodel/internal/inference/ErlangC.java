package dev.llmcost.costmodel.internal.inference;

/**
 * The Erlang C formula: the probability that an arrival waits in an M/M/c queue, and the mean
 * wait (Erlang 1917; e.g. Kleinrock, "Queueing Systems" vol. 1, §3.5).
 */
public final class ErlangC {
  private ErlangC() {}

  /**
   * Returns the probability that an arrival finds all {@code servers} busy, for offered load
   * {@code load} (arrival rate × mean service time, in Erlangs), through the stable recursion of
   * the Erlang B formula {@code B(k) = a·B(k−1) / (k + a·B(k−1))}, then {@code C = c·B / (c − a(1 −
   * B))}.
   *
   * @param servers parallel servers, at least 1
   * @param load offered load in Erlangs, below {@code servers}
   * @return the probability of waiting, in [0, 1]; 1 when the load reaches the servers
   */
  public static double waitProbability(int servers, double load) {
    if (load <= 0) {
      return 0;
    }
    if (load >= servers) {
      return 1;
    }
    double b = 1;
    for (int k = 1; k <= servers; k++) {
      b = load * b / (k + load * b);
    }
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
