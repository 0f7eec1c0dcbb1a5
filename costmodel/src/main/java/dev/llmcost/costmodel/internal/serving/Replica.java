package dev.llmcost.costmodel.internal.serving;

/**
 * One simulated engine replica as the serving simulator's router and result see it: requests are offered to it at
 * their arrival after it was advanced to that time, it runs its steps, and it reports what it did. {@link Engine}
 * steps as vLLM v1's scheduler does (one pipeline stage); {@link PipelinedEngine} runs TensorRT-LLM's micro-batches
 * through pipeline stages (s15f).
 */
public interface Replica {

  /** Returns requests waiting or running. */
  int outstanding();

  /** Returns whether requests wait or run. */
  boolean hasWork();

  /** Returns the engine clock, seconds. */
  double now();

  /** Returns seconds spent in steps (with pipeline stages: in one stage's passes). */
  double busySeconds();

  /** Returns preemptions. */
  long preemptions();

  /** Returns steps run (with pipeline stages: micro-batches that carried tokens). */
  long steps();

  /** Returns the inter-token gaps, weighted by the tokens that share each. */
  LogHistogram itl();

  /** Returns the samples taken. */
  int samples();

  /** Returns the sampled KV-cache occupancy (fraction of blocks). */
  double[] sampleKv();

  /** Returns the sampled waiting requests. */
  int[] sampleWaiting();

  /** Returns the sampled running requests. */
  int[] sampleRunning();

  /**
   * Hands the engine a request arriving at {@code time}; the engine must have been advanced to it.
   *
   * @param r request index
   * @param time arrival, seconds
   */
  void offer(int r, double time);

  /**
   * Runs the steps that start before {@code time}.
   *
   * @param time seconds
   */
  void advanceTo(double time);

  /** Runs until no request waits or runs. */
  void drain();

  /**
   * Samples the occupancy up to {@code time} (the end of the run).
   *
   * @param time seconds
   */
  void sampleTo(double time);
}
