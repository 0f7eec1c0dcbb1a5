package dev.llmcost.costmodel.serving;

/** How requests are spread over the replicas of a pool. */
public enum Router {
  /** Replica {@code i mod n} for the {@code i}-th request. */
  ROUND_ROBIN,
  /** The replica with the fewest requests waiting or running at the arrival (lowest index on ties). */
  LEAST_OUTSTANDING,
  /**
   * A request with a prefix id goes to the replica that served that prefix last, where its prefix
   * is cached, unless that replica has more than {@value #PREFIX_IMBALANCE} requests outstanding
   * beyond the least loaded one; otherwise, and for a request without a prefix id, to the least
   * outstanding replica (which then holds the prefix). After the cache-aware policy of SGLang's
   * router, which falls back to the shortest queue when the load is out of balance.
   */
  PREFIX_AWARE;

  /** Outstanding requests beyond the least loaded replica above which the prefix-aware router stops following a prefix. */
  public static final int PREFIX_IMBALANCE = 32;
}
