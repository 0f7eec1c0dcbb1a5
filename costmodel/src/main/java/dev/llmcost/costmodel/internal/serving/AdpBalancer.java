package dev.llmcost.costmodel.internal.serving;

import dev.llmcost.costmodel.inference.AttentionDpBalance;

/**
 * The counters of TensorRT-LLM's attention-DP balancing over the iterations of one engine (s15a): {@code
 * PyExecutor._balance_adp_requests}, whose rule {@link AttentionDpBalance} states. The serving simulator's engine and
 * the offline run ask it once per iteration, with what every rank reports for that iteration. Not thread-safe.
 */
public final class AdpBalancer {

  private final AttentionDpBalance setting;
  private int waiting; // adp_ctx_waiting_iters_count
  private int batching; // adp_ctx_batching_wait_iters_count
  private long held;

  /**
   * Starts the counters at 0.
   *
   * @param setting the engine's balancing
   */
  public AdpBalancer(AttentionDpBalance setting) {
    this.setting = setting;
  }

  /** Returns whether the balancing is on. */
  public boolean enabled() {
    return setting.enabled();
  }

  /** Returns the iterations whose context requests (on some rank) were held back. */
  public long held() {
    return held;
  }

  /**
   * Counts one iteration and returns whether its context requests wait.
   *
   * @param allFree every rank has fewer generation requests than its {@code max_batch_size}
   * @param allContext every rank has a context request scheduled
   * @param allGeneration every rank has a generation request (a dummy one where it holds no request)
   * @param anyContext some rank has a context request (only counted in {@link #held()})
   * @return true if the contexts are held back this iteration
   */
  public boolean hold(boolean allFree, boolean allContext, boolean allGeneration, boolean anyContext) {
    boolean hold = decide(allFree, allContext, allGeneration);
    if (hold && anyContext) {
      held++;
    }
    return hold;
  }

  private boolean decide(boolean allFree, boolean allContext, boolean allGeneration) {
    if (allFree && allContext) {
      waiting = 0;
      if (allGeneration) {
        if (batching < setting.batchingWaitIters()) {
          batching++;
          return true;
        }
        batching = 0;
      }
      return false;
    }
    waiting++;
    if (waiting >= setting.timeoutIters() || !allGeneration) {
      waiting = 0;
      return false;
    }
    return true;
  }
}
