package dev.llmcost.costmodel.internal.serving;

import java.util.Arrays;

/**
 * One engine replica with {@code pp > 1} pipeline stages, run micro-batch by micro-batch as TensorRT-LLM's in-flight
 * batching runs a pipeline (s15f; the serving counterpart of {@code InferenceCostModel}'s pipelined offline run,
 * s13s):
 *
 * <ul>
 *   <li><b>Micro-batches in flight.</b> The executor keeps {@code mNumMicroBatches = pipelineParallelism}
 *       micro-batches in flight and schedules one per {@code forwardAsync}; the micro-batch scheduler skips the
 *       requests in {@code mInflightReqIds} ("Add requests to in-flight set, so they can be skipped in other micro
 *       batches"), so the micro-batches hold disjoint requests. Before micro-batch {@code t} is scheduled, {@code
 *       forwardSync} waits for the decoder of the micro-batch that last used its slot, {@code t − pp} ({@code
 *       decoderSync}), so a generation request is scheduled again {@code pp} micro-batches later; an empty
 *       micro-batch launches nothing and its slot is passed on ({@code mMicroBatchId = getNextMicroBatchId(...)}
 *       in either case). "Context requests that are chunking are not added to inflight set, so they are scheduled in
 *       the next micro batch." (cpp/tensorrt_llm/batch_manager/trtGptModelInflightBatching.cpp, {@code
 *       forwardAsync} and {@code forwardSync}, NVIDIA/TensorRT-LLM at commit
 *       00825c4ee813bdc5eb2e5cf218b644b8c18ce2ec.) At most {@code maxBatch × pp} requests are active ({@code
 *       mMaxNumSequences = mMaxBatchSize * pipelineParallelism}, trtGptModel.h at commit
 *       2e2327b93c0a9aa9abbf4c4672f734b03c1e441f).
 *   <li><b>One micro-batch</b> (microBatchScheduler.cpp at commit 0a949d3128bfaf4ddedefb0259125622a9ec830f): the
 *       active requests not in flight, in admission order; each generation request adds one token while the token
 *       budget lasts, each context request is collected, every one counting against {@code maxBatch}; waiting
 *       requests join, in arrival order, while the budget has room after the collected contexts, the batch and the
 *       active bound allow and the KV cache holds the blocks of their whole prompt (TensorRT-LLM's {@code
 *       addSequence} allocates a context's blocks when it is first scheduled); then the contexts get the budget the
 *       generation tokens left first come first served, a chunk a multiple of the simulator's 16-token block unless
 *       it ends the prompt. No request joins in a micro-batch that paused one.
 *   <li><b>KV cache.</b> The simulator's 16-token blocks of one GPU of the stage (every stage holds its own layers
 *       for the same tokens); a generation token takes a block when it crosses a block boundary. When the blocks a
 *       micro-batch's generation tokens need are not free, the most recently admitted request not in flight is
 *       paused (its blocks freed; it is recomputed later from its prompt and the tokens it generated), as
 *       TensorRT-LLM's {@code MAX_UTILIZATION} capacity scheduler pauses the requests started last.
 *   <li><b>Time.</b> A micro-batch's pass through one stage is {@link StepCost#step} of the roofline of the slowest
 *       stage (its GEMMs, the P2P send of its activations to the next stage, the output head over the rows that
 *       sample, decode attention at their mean context, each chunk's causal attention over its prefix), or the
 *       host's time if longer. Stage {@code k} runs micro-batch {@code t} when it has run {@code t − 1} and stage
 *       {@code k − 1} has run {@code t}; the host schedules micro-batch {@code t} once micro-batch {@code t − pp} has
 *       left the last stage (its sync) and not before the previous one was scheduled. A micro-batch's tokens, a
 *       finished prompt's first token included, come when it leaves the last stage; a finished request leaves the
 *       engine (its blocks freed) when its micro-batch is synchronised, {@code pp} micro-batches later.
 * </ul>
 *
 * <p>Not modelled here: speculative decoding, prefix caching, attention data parallelism and disaggregated pools (the
 * simulation refuses them with {@code pp > 1}).
 */
public final class PipelinedEngine implements Replica {

  private static final int BLOCK = Engine.BLOCK;

  private final StepCost cost;
  private final Requests q;
  private final int pp;
  private final int maxBatch;
  private final long maxActive;
  private final int maxTokens;
  private final long totalBlocks;
  private final HostCost host;
  private final OccupancySeries series;

  // the host's clock (when the next micro-batch is scheduled), the micro-batch index, the stages
  private double now;
  private long t;
  private final double[] stageFree;
  private final double[] leftLast; // last-stage exit of micro-batch t at t % pp
  private double busy;
  private long stepsRun;
  private long preemptions;
  private int idle;

  // per request (indexed by request)
  private final long[] eligible;
  private final int[] target;
  private final int[] prefilled;
  private final long[] held;
  private final boolean[] finished;

  // active requests in admission order; waiting requests as a ring buffer
  private int[] active = new int[64];
  private int activeSize;
  private int finishedPending;
  private int[] waiting = new int[64];
  private int waitHead;
  private int waitSize;
  private long usedBlocks;

  // this micro-batch
  private int[] gen = new int[64];
  private int[] ctx = new int[64];
  private int[] chunk = new int[64];

  // records
  private final LogHistogram itl = new LogHistogram();

  /**
   * Creates a pipelined engine.
   *
   * @param cost the step cost of one pass through the slowest stage
   * @param requests the shared request table (all requests loaded)
   * @param pp pipeline stages, at least 2
   * @param maxBatch most requests in one micro-batch (TensorRT-LLM's {@code max_batch_size})
   * @param maxTokens token budget of one micro-batch ({@code max_num_tokens})
   * @param blocks KV-cache blocks of 16 tokens on one GPU of a stage
   * @param sampleEvery seconds between samples of the occupancy series
   * @param host the host time of a pass, overlapped with the GPU's ({@link HostCost#NONE} for none)
   * @throws IllegalArgumentException if pp is below 2 or a limit below 1
   */
  public PipelinedEngine(StepCost cost, Requests requests, int pp, int maxBatch, int maxTokens, long blocks,
      double sampleEvery, HostCost host) {
    if (pp < 2) {
      throw new IllegalArgumentException("pp must be >= 2 in a pipelined engine, was " + pp);
    }
    if (maxBatch < 1 || maxTokens < 1 || blocks < 1) {
      throw new IllegalArgumentException("maxBatch, maxTokens and blocks must be >= 1, were " + maxBatch + ", "
          + maxTokens + ", " + blocks);
    }
    this.cost = cost;
    this.q = requests;
    this.pp = pp;
    this.maxBatch = maxBatch;
    this.maxActive = (long) maxBatch * pp;
    this.maxTokens = maxTokens;
    this.totalBlocks = blocks;
    this.host = host;
    this.series = new OccupancySeries(sampleEvery);
    this.stageFree = new double[pp];
    this.leftLast = new double[pp];
    int n = requests.size;
    eligible = new long[n];
    target = new int[n];
    prefilled = new int[n];
    held = new long[n];
    finished = new boolean[n];
  }

  // ---- queries ----

  @Override
  public int outstanding() {
    return waitSize + activeSize - finishedPending;
  }

  @Override
  public boolean hasWork() {
    return waitSize + activeSize > 0;
  }

  @Override
  public double now() {
    return now;
  }

  @Override
  public double busySeconds() {
    return busy;
  }

  @Override
  public long preemptions() {
    return preemptions;
  }

  @Override
  public long steps() {
    return stepsRun;
  }

  @Override
  public LogHistogram itl() {
    return itl;
  }

  @Override
  public int samples() {
    return series.size();
  }

  @Override
  public double[] sampleKv() {
    return series.kv();
  }

  @Override
  public int[] sampleWaiting() {
    return series.waiting();
  }

  @Override
  public int[] sampleRunning() {
    return series.running();
  }

  // ---- driving ----

  @Override
  public void offer(int r, double time) {
    sampleUntil(time);
    if (!hasWork() && now < time) {
      now = time;
    }
    if (blocks((long) q.prompt[r] + q.output[r]) > totalBlocks) {
      q.rejected[r] = true;
      return;
    }
    if (waitSize == waiting.length) {
      waiting = unwrap(waiting, waitHead, waitSize, waiting.length * 2);
      waitHead = 0;
    }
    waiting[(waitHead + waitSize) % waiting.length] = r;
    waitSize++;
  }

  @Override
  public void advanceTo(double time) {
    while (hasWork() && now < time) {
      microBatch();
    }
  }

  @Override
  public void drain() {
    while (hasWork()) {
      microBatch();
    }
  }

  @Override
  public void sampleTo(double time) {
    sampleUntil(time);
  }

  // ---- one micro-batch ----

  private static long blocks(long tokens) {
    return (tokens + BLOCK - 1) / BLOCK;
  }

  private static int[] unwrap(int[] ring, int head, int size, int capacity) {
    int[] w = new int[capacity];
    for (int i = 0; i < size; i++) {
      w[i] = ring[(head + i) % ring.length];
    }
    return w;
  }

  /** Blocks a generation request needs for the token it feeds in this micro-batch. */
  private long genNeed(int r) {
    return blocks((long) q.prompt[r] + q.generated[r]) - held[r];
  }

  private boolean schedulable(int r) {
    return eligible[r] <= t && !finished[r];
  }

  private void microBatch() {
    sampleUntil(now);
    // forwardSync: requests that finished in the micro-batch that last used this slot leave
    if (finishedPending > 0) {
      int w = 0;
      for (int i = 0; i < activeSize; i++) {
        int r = active[i];
        if (finished[r] && eligible[r] <= t) {
          usedBlocks -= held[r];
          held[r] = 0;
          finishedPending--;
          continue;
        }
        active[w++] = r;
      }
      activeSize = w;
    }
    // capacity: the generation tokens' blocks, pausing the newest request not in flight while they do not fit
    boolean paused = false;
    while (true) {
      long need = 0;
      for (int i = 0; i < activeSize; i++) {
        int r = active[i];
        if (schedulable(r) && prefilled[r] == target[r]) {
          need += genNeed(r);
        }
      }
      if (need <= totalBlocks - usedBlocks) {
        break;
      }
      pauseNewest();
      paused = true;
    }
    // the micro-batch scheduler: active requests not in flight, in order
    int budget = maxTokens;
    int tokens = 0;
    int nGen = 0;
    int nCtx = 0;
    int scheduled = 0;
    boolean full = false;
    for (int i = 0; i < activeSize; i++) {
      int r = active[i];
      if (!schedulable(r)) {
        continue;
      }
      if (prefilled[r] == target[r]) {
        if (tokens + 1 > budget) {
          full = true;
          break;
        }
        gen = push(gen, nGen++, r);
        tokens++;
      } else {
        ctx = push(ctx, nCtx++, r);
      }
      if (++scheduled >= maxBatch) {
        full = true;
        break;
      }
    }
    // waiting requests join while the budget has room after the contexts ahead of them
    if (!full && !paused) {
      long room = budget - tokens;
      for (int i = 0; i < nCtx; i++) {
        room -= target[ctx[i]] - prefilled[ctx[i]];
      }
      while (room > 0 && waitSize > 0 && scheduled < maxBatch && activeSize < maxActive) {
        int r = waiting[waitHead];
        int p = q.prompt[r] + q.generated[r];
        long add = blocks(p);
        if (add > totalBlocks - usedBlocks) {
          break;
        }
        waitHead = (waitHead + 1) % waiting.length;
        waitSize--;
        usedBlocks += add;
        held[r] = add;
        target[r] = p;
        prefilled[r] = 0;
        finished[r] = false;
        eligible[r] = t;
        active = push(active, activeSize++, r);
        ctx = push(ctx, nCtx++, r);
        room -= p;
        scheduled++;
      }
    }
    // first come first served chunks from what the generation tokens leave
    if (chunk.length < nCtx) {
      chunk = new int[Math.max(nCtx, 2 * chunk.length)];
    }
    int capacity = budget - tokens;
    double attention = 0;
    int finishing = 0;
    int stepping = 0;
    for (int i = 0; i < nCtx; i++) {
      int r = ctx[i];
      int remaining = target[r] - prefilled[r];
      int size = Math.min(remaining, capacity);
      if (size != remaining && size >= BLOCK) {
        size = size / BLOCK * BLOCK;
      }
      chunk[i] = size;
      capacity -= size;
      if (size > 0) {
        attention += cost.chunkAttention(prefilled[r], size);
        tokens += size;
        finishing += size == remaining ? 1 : 0;
        stepping++;
      }
    }
    // generation tokens take their blocks
    double context = 0;
    for (int i = 0; i < nGen; i++) {
      int r = gen[i];
      long add = genNeed(r);
      if (add > 0) {
        usedBlocks += add;
        held[r] += add;
      }
      context += q.prompt[r] + q.generated[r];
    }
    context = nGen == 0 ? 0 : context / nGen;
    // the stages run the micro-batch in turn
    int slot = (int) (t % pp);
    double exit;
    if (tokens > 0) {
      double gpu = cost.step(tokens, nGen + finishing, nGen, context, attention);
      double pass = host.isNone() ? gpu : Math.max(gpu, host.seconds((long) nGen + stepping, stepping > 0));
      if (!(pass > 0)) {
        pass = 1e-9;
      }
      for (int k = 0; k < pp; k++) {
        double begin = k == 0 ? Math.max(now, stageFree[0]) : Math.max(stageFree[k], stageFree[k - 1]);
        stageFree[k] = begin + pass;
      }
      exit = stageFree[pp - 1];
      busy += pass;
      stepsRun++;
      idle = 0;
    } else {
      exit = now; // nothing launched: nothing to wait for in this slot
      if (++idle > 2 * pp && !anyInFlight()) {
        throw new IllegalStateException("no request can be scheduled: maxNumTokens " + maxTokens + ", "
            + activeSize + " active, " + waitSize + " waiting, " + (totalBlocks - usedBlocks) + " KV blocks free");
      }
    }
    leftLast[slot] = exit;
    // the requests advance; their tokens come when the micro-batch leaves the last stage
    for (int i = 0; i < nGen; i++) {
      int r = gen[i];
      q.generated[r]++;
      itl.add(exit - q.lastToken[r], 1);
      q.lastToken[r] = exit;
      eligible[r] = t + pp;
      if (q.generated[r] >= q.output[r]) {
        finish(r, exit);
      }
    }
    for (int i = 0; i < nCtx; i++) {
      int r = ctx[i];
      if (chunk[i] == 0) {
        continue;
      }
      prefilled[r] += chunk[i];
      if (prefilled[r] < target[r]) {
        eligible[r] = t + 1; // a chunking context is not in flight: its next chunk may run in the next micro-batch
        continue;
      }
      q.generated[r]++;
      if (q.generated[r] == 1) {
        q.firstToken[r] = exit;
      } else {
        itl.add(exit - q.lastToken[r], 1);
      }
      q.lastToken[r] = exit;
      eligible[r] = t + pp;
      if (q.generated[r] >= q.output[r]) {
        finish(r, exit);
      }
    }
    // the next micro-batch is scheduled once the one that last used its slot has left the last stage
    t++;
    now = Math.max(now, leftLast[(int) (t % pp)]);
  }

  private static int[] push(int[] a, int i, int v) {
    int[] b = i < a.length ? a : Arrays.copyOf(a, 2 * a.length);
    b[i] = v;
    return b;
  }

  private void finish(int r, double time) {
    q.generated[r] = q.output[r];
    q.finish[r] = time;
    finished[r] = true;
    finishedPending++;
  }

  private boolean anyInFlight() {
    for (int i = 0; i < activeSize; i++) {
      if (eligible[active[i]] > t) {
        return true;
      }
    }
    return false;
  }

  /** Pauses the most recently admitted active request not in flight (its blocks freed, back to the queue's head). */
  private void pauseNewest() {
    for (int i = activeSize - 1; i >= 0; i--) {
      int r = active[i];
      if (!schedulable(r)) {
        continue;
      }
      System.arraycopy(active, i + 1, active, i, activeSize - i - 1);
      activeSize--;
      usedBlocks -= held[r];
      held[r] = 0;
      prefilled[r] = 0;
      q.preemptions[r]++;
      preemptions++;
      if (waitSize == waiting.length) {
        waiting = unwrap(waiting, waitHead, waitSize, waiting.length * 2);
        waitHead = 0;
      }
      waitHead = (waitHead - 1 + waiting.length) % waiting.length;
      waiting[waitHead] = r;
      waitSize++;
      return;
    }
    throw new IllegalStateException("KV cache exhausted with no request to pause");
  }

  // ---- records ----

  private void sampleUntil(double time) {
    while (series.due(time)) {
      series.add((double) usedBlocks / totalBlocks, waitSize, activeSize - finishedPending);
    }
  }
}
