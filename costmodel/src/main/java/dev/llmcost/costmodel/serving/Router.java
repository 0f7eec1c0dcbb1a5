package dev.llmcost.costmodel.serving;

/** How requests are spread over the replicas of a pool. */
public enum Router {
  /** Replica {@code i mod n} for the {@code i}-th request. */
  ROUND_ROBIN,
  /** The replica with the fewest requests waiting or running at the arrival (lowest index on ties). */
  LEAST_OUTSTANDING
}
