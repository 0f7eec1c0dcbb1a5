package dev.llmcost.costmodel.internal.serving;

import dev.llmcost.costmodel.inference.AttentionDpBalance;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One engine replica stepping as vLLM v1's scheduler does: each step spends a token budget first on
 * one token for every decoding sequence, then on the prompt chunks of partially prefilled
 * requests, then on new requests in arrival order while there are sequence slots; KV-cache blocks
 * are allocated for the tokens of the step and, when they run out, the most recently admitted
 * request is preempted and later recomputed (its prompt and the tokens it generated prefilled
 * again); no request is admitted in a step that preempted one.
 *
 * <p>Decoding sequences advance in lock step, so their per-step bookkeeping is O(1): a sequence
 * that started decoding at step {@code s} with {@code P} tokens cached holds {@code P + (g − s)}
 * tokens at step {@code g}, needs a new block when that is a multiple of the block size (counted
 * per residue class of {@code P − s}), and finishes at a step known when it starts (a min-heap).
 * With speculative decoding a sequence advances {@code E} tokens a step on average and the
 * decoding sequences are visited every step.
 *
 * <p>Under attention data parallelism over {@code ranks} GPUs (s14l) each rank holds the KV cache of its own
 * sequences in its own pool of blocks (latent attention's cache is not replicated), so the engine holds {@code
 * ranks} pools. A new request goes to a rank as TensorRT-LLM's PyTorch executor assigns it ({@code
 * ExecutorRequestQueue._schedule_attention_dp_requests} and {@code _balance_requests_across_ranks},
 * tensorrt_llm/_torch/pyexecutor/executor_request_queue.py at NVIDIA/TensorRT-LLM@007a7508): of the ranks with
 * fewer active requests than {@code max(⌈(active + fetched) / tp⌉, most active on a rank)}, the one with the
 * fewest prompt tokens among its active requests, then the fewest requests, then the lowest rank; at most {@code
 * ⌈maxSeqs / ranks⌉} per rank ({@code max_num_active_requests}). Blocks are allocated and, when they run out,
 * the newest request is preempted within the request's rank. With one rank this is the engine above, unchanged.
 *
 * <p>Under attention data parallelism the ranks step in lock step (s15a): each rank runs its own decoding sequences
 * and the prompts assigned to it, a prompt whole on its one rank, and the step takes the slowest rank's local work
 * plus the routed experts' and collectives' work over every rank's tokens ({@link StepCost#rankStep}). With {@link
 * AttentionDpBalance#enabled()} the step's context requests are held back as TensorRT-LLM's {@code
 * PyExecutor._balance_adp_requests} holds them (see {@link AttentionDpBalance}): a rank has a context request when
 * it continues a prompt or the step would admit one to it (the admission below, run dry), a generation request when
 * it decodes a sequence or holds no request at all (the executor pads such a rank with a dummy generation request,
 * {@code _pad_attention_dp_dummy_request}), and a free slot when it decodes fewer than its share of {@code
 * maxSeqs}. A held step decodes only; the waiting requests stay in the queue and are assigned their ranks when they
 * run.
 *
 * <p>s16b: with CUDA graphs ({@link #cudaGraphs}) a step in which no rank prefills runs every rank at the smallest
 * captured size at least the busiest rank's decoding sequences, as TensorRT-LLM's {@code
 * CUDAGraphRunner._get_padded_batch} pads it (see {@link CudaGraphs}).
 *
 * <p>s15b: two settings of vLLM's V0 engine ({@link #scheduling}). With {@code schedulerSteps} {@code n > 1}
 * (multi-step scheduling, {@code num_scheduler_steps}) the scheduler runs only when the window of steps it last
 * scheduled has run out ({@code LLMEngine.step}: "Skip the scheduler if there are any remaining steps in the seq
 * groups"), so a decode window is {@code n} steps during which no request is admitted. With separate prefill (V0
 * without chunked prefill) a scheduling point first admits whole prompts in arrival order within the token budget,
 * the sequence limit and the free blocks, and a step that admits any prefills only them ({@code
 * Scheduler._schedule_default}: "Don't schedule decodes if prefills are scheduled"); such a step is a window of one
 * step (a prompt gets no lookahead slots without chunking, {@code _get_num_lookahead_slots}, and {@code
 * SequenceGroup.init_multi_step_from_lookahead_slots} sets its window to lookahead + 1), after which the scheduler
 * runs again. The decoding sequences do not advance in a prefill-only step: their decode bookkeeping counts decode
 * steps ({@link #step}), not engine steps. Sources: ROCm/vllm branch mlperf_ater @
 * 27d568dc3bfeebdee1ba2f7b4f4237733abbbf82, vllm/engine/llm_engine.py lines 1300-1310 and 1381-1420,
 * vllm/core/scheduler.py line 822, vllm/sequence.py line 753.
 *
 * <p>s16a: TensorRT-LLM's overlap scheduler ({@link #overlapScheduler}). The PyTorch executor's {@code
 * _executor_loop_overlap} fetches new requests at the top of each pass, schedules and launches that pass's batch,
 * and only then waits for the previous batch's sampling and returns its responses ({@code _process_previous_batch}):
 * while the GPU runs one step the host has already scheduled the next, so a request that arrives during a step is
 * fetched for the step after the next one (NVIDIA/TensorRT-LLM tensorrt_llm/_torch/pyexecutor/py_executor.py at
 * 9521caf4696c1fb79b0f946f0d980f8f0ebd3e64, {@code _executor_loop_overlap}). A request that arrives while a step is
 * in progress is therefore admitted no earlier than the second step that starts after its arrival; one that arrives
 * at an idle engine, or a preempted one, as before. Its first token still leaves with the step that completes its
 * prompt: the response waits for that step's sampling, which the pass after it waits for while the GPU is busy.
 */
public final class Engine implements Replica {

  /** What the engine does with a request. */
  public enum Mode {
    /** Prefill and decode. */
    BOTH,
    /** Prefill only: a request leaves after its first token (disaggregated prefill pool). */
    PREFILL,
    /** Decode requests whose prompt KV cache arrives with them (disaggregated decode pool). */
    DECODE
  }

  static final int BLOCK = 16;
  private static final int SLOT_BITS = 21;

  private final StepCost cost;
  private final @Nullable StepCost draft;
  private final Requests q;
  private final Mode mode;
  private final int maxSeqs;
  private final int maxTokens;
  private final long totalBlocks;
  private final long rankBlocks;
  private final int ranks;
  private final int rankSeqs;
  private final double prefixHitRate;
  private final int specK;
  private final double specTokens;
  private final boolean spec;
  private final HostCost host;
  private final AdpBalancer balance;
  private final Set<Integer> prefixes = new HashSet<>();

  // time and step; {@code step} counts decode steps (every step but the prefill-only steps of separate prefill)
  private double now;
  private long step;
  private double busy;

  // s15b: the V0 scheduler's window (multi-step scheduling) and separate prefill
  private int schedulerSteps = 1;
  private boolean separatePrefill;
  private int windowLeft;

  // s19f: AMD's MLPerf prefill gate (maxRunning <= 0: none); gateOpen is the patch's Scheduler._do_prefill
  private int gateMaxRunning;
  private long gateMinFreeBlocks;
  private int gateMinWaiting;
  private boolean gateOpen = true;

  // s16b: the CUDA graphs a decode-only step is padded to, per rank
  private CudaGraphs graphs = CudaGraphs.NONE;
  private long paddedSteps;
  private double stall;

  // s16a: TensorRT-LLM's overlap scheduler; per waiting request, the first step (stepsRun) that may admit it
  private boolean overlap;

  // waiting requests: a ring buffer of request indices
  private int[] waiting = new int[64];
  private long[] waitingFrom = new long[64];
  private int waitHead;
  private int waitSize;

  // running sequences by slot
  private final int[] slotReq;
  private final int[] slotP;
  private final int[] slotDone;
  private final int[] slotShared;
  private final long[] slotStart;
  private final int[] slotGen0;
  private final long[] slotFinish;
  private final int[] slotRank;
  private final int[] prev;
  private final int[] next;
  private final int[] freeSlots;
  private int freeTop;
  private int runHead = -1;
  private int runTail = -1;
  private int running;
  private final int[] prefilling;
  private int prefillCount;

  // decode aggregates (lock step), per attention-data-parallel rank
  private final int[][] bucket;
  private long sumBase;
  private int decodeCount;
  private final long[] usedBlocks;
  private final int[] rankRunning;
  private final long[] rankPromptTokens;
  private final int[] rankDecode;
  private final long[] rankSumBase;
  // s15a: this step's work per rank
  private final int[] stepTokens;
  private final int[] stepRows;
  private final int[] stepDecode;
  private final double[] stepContext;
  private final double[] stepAttention;
  private final boolean[] stepContextRank;
  private final int[] dryRunning;
  private final long[] dryPrompt;
  private final long[] dryUsed;

  // finishing steps, (step << SLOT_BITS) | slot
  private long[] heap = new long[64];
  private int heapSize;

  // this step's chunks
  private final int[] chunkSlot;
  private final int[] chunkLen;

  // records
  private final LogHistogram itl = new LogHistogram();
  private long preemptions;
  private final OccupancySeries series;
  private long stepsRun;

  /**
   * Creates an engine; under attention data parallelism its sequences are spread over the ranks, each with its own
   * KV cache (one rank without it).
   *
   * @param cost the target model's step cost
   * @param draft the draft model's step cost for speculative decoding, or null
   * @param requests the shared request table
   * @param mode what the engine does
   * @param maxSeqs most running sequences over all ranks
   * @param maxTokens token budget per step
   * @param blocksPerRank KV-cache blocks of {@value #BLOCK} tokens on each rank
   * @param ranks attention-data-parallel ranks (1 without attention data parallelism)
   * @param prefixHitRate fraction of each prompt found in the prefix cache (0 for none)
   * @param specK draft tokens per step (0 for none)
   * @param specTokens expected tokens per step per sequence with speculation (1 for none)
   * @param sampleEvery seconds between samples of the occupancy series
   * @param host the host time of a step, overlapped with the GPU's ({@link HostCost#NONE} for none)
   * @param balance TensorRT-LLM's attention-DP balancing (used with more than one rank)
   * @throws IllegalArgumentException if maxSeqs is too large or ranks is below 1
   */
  public Engine(
      StepCost cost,
      @Nullable StepCost draft,
      Requests requests,
      Mode mode,
      int maxSeqs,
      int maxTokens,
      long blocksPerRank,
      int ranks,
      double prefixHitRate,
      int specK,
      double specTokens,
      double sampleEvery,
      HostCost host,
      AttentionDpBalance balance) {
    if (ranks < 1) {
      throw new IllegalArgumentException("ranks must be >= 1, was " + ranks);
    }
    if (maxSeqs >= (1 << SLOT_BITS)) {
      throw new IllegalArgumentException("maxNumSeqs must be < " + (1 << SLOT_BITS) + ", was " + maxSeqs);
    }
    this.cost = cost;
    this.draft = draft;
    this.q = requests;
    this.mode = mode;
    this.maxSeqs = maxSeqs;
    this.maxTokens = maxTokens;
    this.ranks = ranks;
    this.rankBlocks = blocksPerRank;
    this.totalBlocks = blocksPerRank > Long.MAX_VALUE / ranks ? Long.MAX_VALUE : blocksPerRank * ranks;
    this.rankSeqs = (maxSeqs + ranks - 1) / ranks;
    this.bucket = new int[ranks][BLOCK];
    this.usedBlocks = new long[ranks];
    this.rankRunning = new int[ranks];
    this.rankPromptTokens = new long[ranks];
    this.prefixHitRate = prefixHitRate;
    this.specK = specK;
    this.specTokens = specTokens;
    this.spec = specK > 0;
    this.series = new OccupancySeries(sampleEvery);
    this.host = host;
    this.balance = new AdpBalancer(balance);
    this.rankDecode = new int[ranks];
    this.rankSumBase = new long[ranks];
    this.stepTokens = new int[ranks];
    this.stepRows = new int[ranks];
    this.stepDecode = new int[ranks];
    this.stepContext = new double[ranks];
    this.stepAttention = new double[ranks];
    this.stepContextRank = new boolean[ranks];
    this.dryRunning = new int[ranks];
    this.dryPrompt = new long[ranks];
    this.dryUsed = new long[ranks];
    slotReq = new int[maxSeqs];
    slotP = new int[maxSeqs];
    slotDone = new int[maxSeqs];
    slotShared = new int[maxSeqs];
    slotStart = new long[maxSeqs];
    slotGen0 = new int[maxSeqs];
    slotFinish = new long[maxSeqs];
    slotRank = new int[maxSeqs];
    prev = new int[maxSeqs];
    next = new int[maxSeqs];
    freeSlots = new int[maxSeqs];
    for (int i = 0; i < maxSeqs; i++) {
      freeSlots[i] = maxSeqs - 1 - i;
    }
    freeTop = maxSeqs;
    prefilling = new int[maxSeqs];
    chunkSlot = new int[maxSeqs];
    chunkLen = new int[maxSeqs];
  }

  /**
   * Sets how the scheduler runs (s15b; see the class comment): a scheduling point every {@code schedulerSteps}
   * decode steps (1: every step) and, with {@code separatePrefill}, prompts prefilled whole in steps of their own.
   * Call before the first request is offered.
   *
   * @param schedulerSteps decode steps per scheduling window, at least 1
   * @param separatePrefill whether prompts are prefilled in steps without decoding (vLLM V0 without chunked prefill)
   * @return this engine
   * @throws IllegalArgumentException if schedulerSteps is below 1, or separate prefill is asked of an engine that
   *     does not prefill and decode both
   */
  public Engine scheduling(int schedulerSteps, boolean separatePrefill) {
    if (schedulerSteps < 1) {
      throw new IllegalArgumentException("schedulerSteps must be >= 1, was " + schedulerSteps);
    }
    if (separatePrefill && mode != Mode.BOTH) {
      throw new IllegalArgumentException("separate prefill needs an engine that prefills and decodes, was " + mode);
    }
    this.schedulerSteps = schedulerSteps;
    this.separatePrefill = separatePrefill;
    return this;
  }

  /**
   * Sets AMD's MLPerf prefill gate (s19f; {@code dev.llmcost.costmodel.serving.PrefillGate}): under separate prefill
   * a scheduling point prefills only while fewer than {@code maxRunning} sequences run, more than {@code
   * minFreeBlocks} blocks are free, and at least {@code minWaiting} requests wait or the previous scheduling point did
   * not pass (mlcommons/inference_results_v5.1 @ 965182b0, {@code closed/AMD/setup/vllm_patches/}
   * {@code scheduler-change-to-have-prefill-and-decode-reach-go.patch} and {@code
   * add-MIN_REQUIRE_PREFILL_QUERY-condition.patch}, {@code Scheduler._schedule_default}). Call after {@link
   * #scheduling} and before the first request is offered.
   *
   * @param maxRunning running sequences at which prefill stops, at least 1
   * @param minFreeBlocks free blocks a prefill needs more than, at least 0
   * @param minWaiting waiting requests a prefill needs right after a point that passed, at least 0
   * @return this engine
   * @throws IllegalArgumentException if a value is out of range, or the engine does not prefill separately
   */
  public Engine prefillGate(int maxRunning, long minFreeBlocks, int minWaiting) {
    if (maxRunning < 1 || minFreeBlocks < 0 || minWaiting < 0) {
      throw new IllegalArgumentException("prefill gate needs maxRunning >= 1, minFreeBlocks >= 0 and minWaiting >= 0,"
          + " was " + maxRunning + ", " + minFreeBlocks + ", " + minWaiting);
    }
    if (!separatePrefill) {
      throw new IllegalArgumentException("prefill gate needs separate prefill (scheduling(n, true))");
    }
    this.gateMaxRunning = maxRunning;
    this.gateMinFreeBlocks = minFreeBlocks;
    this.gateMinWaiting = minWaiting;
    return this;
  }

  /**
   * Sets the CUDA graphs the engine replays with padding on (s16b; {@link CudaGraphs}): a step in which no rank
   * prefills runs every rank at the smallest captured size at least the busiest rank's decoding sequences (dummy
   * generation requests fill it: GEMMs, experts, collectives and the output head run over the padded rows, decode
   * attention over the real sequences only), and a decode-only step above every captured size launches eagerly. Call
   * before the first request is offered.
   *
   * @param value the captured graphs ({@link CudaGraphs#NONE}: every step at its own batch)
   * @return this engine
   */
  public Engine cudaGraphs(CudaGraphs value) {
    this.graphs = java.util.Objects.requireNonNull(value, "graphs");
    return this;
  }

  /**
   * Sets TensorRT-LLM's overlap scheduler (s16a; see the class comment): a request that arrives while a step is in
   * progress is admitted no earlier than the second step that starts after its arrival. Call before the first request
   * is offered.
   *
   * @param on whether the engine overlaps scheduling with the GPU's step
   * @return this engine
   */
  public Engine overlapScheduler(boolean on) {
    this.overlap = on;
    return this;
  }

  // ---- queries ----

  /** Returns requests waiting or running. */
  public int outstanding() {
    return waitSize + running;
  }

  /** Returns whether requests wait or run. */
  public boolean hasWork() {
    return waitSize + running > 0;
  }

  /** Returns the engine clock, seconds. */
  public double now() {
    return now;
  }

  /** Returns seconds spent in steps. */
  public double busySeconds() {
    return busy;
  }

  /** Returns preemptions. */
  public long preemptions() {
    return preemptions;
  }

  /** Returns steps run. */
  public long steps() {
    return stepsRun;
  }

  /** Returns the decode-only steps run at a CUDA graph padded above their batch (s16b). */
  public long paddedSteps() {
    return paddedSteps;
  }

  /** Returns the steps whose context requests attention-DP balancing held back (s15a). */
  public long heldSteps() {
    return balance.held();
  }

  /** Returns the inter-token gaps, weighted by the tokens that share each. */
  public LogHistogram itl() {
    return itl;
  }

  /** Returns the samples taken. */
  public int samples() {
    return series.size();
  }

  /** Returns the sampled KV-cache occupancy (fraction of blocks). */
  public double[] sampleKv() {
    return series.kv();
  }

  /** Returns the sampled waiting requests. */
  public int[] sampleWaiting() {
    return series.waiting();
  }

  /** Returns the sampled running requests. */
  public int[] sampleRunning() {
    return series.running();
  }

  // ---- driving ----

  /**
   * Hands the engine a request arriving at {@code time}; the engine must have been advanced to it.
   *
   * @param r request index
   * @param time arrival, seconds
   */
  public void offer(int r, double time) {
    sampleUntil(time);
    if (!hasWork() && now < time) {
      now = time;
    }
    long need = blocks((long) q.prompt[r] + q.output[r]);
    if (need > rankBlocks) {
      q.rejected[r] = true;
      return;
    }
    if (waitSize == waiting.length) {
      growWaiting();
    }
    int at = (waitHead + waitSize) % waiting.length;
    waiting[at] = r;
    // s16a: a step in progress at the arrival (it ends after it) had the next step scheduled already
    waitingFrom[at] = overlap && now > time ? stepsRun + 1 : stepsRun;
    waitSize++;
  }

  private void growWaiting() {
    int[] w = new int[waiting.length * 2];
    long[] f = new long[waiting.length * 2];
    for (int i = 0; i < waitSize; i++) {
      w[i] = waiting[(waitHead + i) % waiting.length];
      f[i] = waitingFrom[(waitHead + i) % waiting.length];
    }
    waiting = w;
    waitingFrom = f;
    waitHead = 0;
  }

  /** Returns whether the {@code i}-th waiting request may be admitted in the step about to run (s16a). */
  private boolean admissible(int i) {
    return waitingFrom[(waitHead + i) % waiting.length] <= stepsRun;
  }

  /**
   * Runs the steps that start before {@code time}.
   *
   * @param time seconds
   */
  public void advanceTo(double time) {
    while (hasWork() && now < time) {
      step();
    }
  }

  /** Runs until no request waits or runs. */
  public void drain() {
    while (hasWork()) {
      step();
    }
  }

  // ---- the step ----

  private static long blocks(long tokens) {
    return (tokens + BLOCK - 1) / BLOCK;
  }

  private long free(int rank) {
    return rankBlocks - usedBlocks[rank];
  }

  /**
   * Returns the rank a new request goes to, or -1 when no rank may take one: the rank with the fewest active
   * prompt tokens, then requests, then the lowest index, among those below {@code expected} requests and the
   * per-rank cap (TensorRT-LLM's attention-DP balancing; see the class comment).
   */
  private int pickRank(int expected) {
    return pickRank(expected, rankRunning, rankPromptTokens);
  }

  private int pickRank(int expected, int[] running, long[] promptTokens) {
    if (ranks == 1) {
      return 0;
    }
    int best = -1;
    for (int k = 0; k < ranks; k++) {
      if (running[k] >= Math.min(expected, rankSeqs)) {
        continue;
      }
      if (best < 0 || promptTokens[k] < promptTokens[best]
          || promptTokens[k] == promptTokens[best] && running[k] < running[best]) {
        best = k;
      }
    }
    return best;
  }

  /** Returns the active requests per rank the balancer fills each rank up to in this step's fetch. */
  private int expectedPerRank() {
    if (ranks == 1) {
      return Integer.MAX_VALUE;
    }
    long fetched = Math.min(waitSize, maxSeqs - running);
    int most = 0;
    for (int k = 0; k < ranks; k++) {
      most = Math.max(most, rankRunning[k]);
    }
    return (int) Math.max((running + fetched + ranks - 1) / ranks, most);
  }

  /** Tokens a decoding slot holds in its KV cache before its {@code j}-th decode step. */
  private long kvLength(int slot, long j) {
    return slotP[slot] + (spec ? (long) Math.floor(specTokens * j) : j);
  }

  /** Tokens generated by a decoding slot after {@code j} decode steps. */
  private int generatedAfter(int slot, long j) {
    long g = slotGen0[slot] + (spec ? (long) Math.floor(specTokens * j) : j);
    return (int) Math.min(g, q.output[slotReq[slot]]);
  }

  private void step() {
    sampleUntil(now);
    long g = step;
    if (decodeCount == 0 && prefillCount == 0) {
      windowLeft = 0; // nothing runs in a window: the scheduler runs at once
    }
    boolean scheduling = windowLeft == 0;
    if (separatePrefill && scheduling && mayPrefill() && prefillOnlyStep(g)) {
      return;
    }
    int budget = maxTokens;
    boolean preempted = false;
    // 1. decode tokens for the running sequences, preempting the newest (on the rank) while blocks run short
    for (int k = 0; k < ranks; k++) {
      long need = decodeBlocksNeeded(g, k);
      while (need > free(k)) {
        preemptNewest(g, k);
        preempted = true;
        need = decodeBlocksNeeded(g, k);
      }
      usedBlocks[k] += need;
    }
    int d = decodeCount;
    budget -= spec ? Math.min(budget, d * (specK + 1)) : d;
    // s15a: attention-DP balancing may hold this step's context requests back (partial prefills and admissions)
    boolean hold = !preempted && ranks > 1 && mode != Mode.DECODE && balance.enabled() && holdContexts(budget);
    // 2. partial prefills, oldest first; a chunk shrinks to the blocks that are free
    int chunks = 0;
    for (int i = 0; i < prefillCount && budget > 0 && !hold; i++) {
      int slot = prefilling[i];
      int done = slotDone[slot];
      int k = slotRank[slot];
      int chunk = Math.min(slotP[slot] - done, budget);
      long add = blocks((long) done + chunk) - blocks(done);
      if (add > free(k)) {
        chunk = (int) Math.min(chunk, (blocks(done) + free(k)) * BLOCK - done);
        add = blocks((long) done + chunk) - blocks(done);
      }
      if (chunk <= 0) {
        continue;
      }
      usedBlocks[k] += add;
      chunkSlot[chunks] = slot;
      chunkLen[chunks++] = chunk;
      budget -= chunk;
    }
    // 3. new requests in arrival order, unless a request was preempted in this step; each to its rank; only at a
    // scheduling point, and not here under separate prefill (prefillOnlyStep admitted none)
    int expected = expectedPerRank();
    while (scheduling && !separatePrefill && !preempted && !hold && waitSize > 0 && running < maxSeqs && budget > 0
        && admissible(0)) {
      int r = waiting[waitHead];
      int k = pickRank(expected);
      if (k < 0) {
        break;
      }
      if (mode == Mode.DECODE && q.preloaded[r]) {
        int p = q.prompt[r];
        long add = blocks(p + (spec ? (long) Math.floor(specTokens) : 1));
        if (add > free(k)) {
          break;
        }
        popWaiting();
        usedBlocks[k] += add;
        q.preloaded[r] = false;
        int slot = admit(r, p, 0, p, k);
        startDecode(slot, g);
        budget -= spec ? Math.min(budget, specK + 1) : 1;
        d++;
        continue;
      }
      int p = q.prompt[r] + q.generated[r];
      int cached = prefixCached(r);
      int chunk = Math.min(p - cached, budget);
      long add = blocks((long) cached + chunk) - cached / BLOCK;
      if (add > free(k)) {
        break;
      }
      int slot = admitPrompt(r, p, cached, k, add);
      chunkSlot[chunks] = slot;
      chunkLen[chunks++] = chunk;
      budget -= chunk;
    }
    // cost the step
    int tokens = maxTokens - budget;
    int rows = d;
    double attention = 0;
    for (int i = 0; i < chunks; i++) {
      int slot = chunkSlot[i];
      attention += cost.chunkAttention(slotDone[slot], chunkLen[i]);
      if (slotDone[slot] + chunkLen[i] == slotP[slot]) {
        rows++;
      }
    }
    double context = d == 0 ? 0 : meanContext(g, d);
    // s16b: a step in which no rank prefills replays the CUDA graph of the busiest rank's batch, rounded up to a
    // captured size (CudaGraphs); a larger decode-only batch runs eagerly
    int busiest = chunks > 0 || d == 0 || graphs.isNone() ? 0 : busiestDecode(d);
    int graph = busiest > 0 ? graphs.padded(busiest) : 0;
    double seconds;
    if (ranks > 1) {
      seconds = rankStep(g, tokens, chunks, graph);
    } else if (graph > d) {
      int perSeq = spec ? specK + 1 : 1;
      seconds = cost.step(graph * perSeq, graph, d, context, 0);
    } else {
      seconds = cost.step(tokens, rows, d, context, attention);
    }
    if (graph > busiest) {
      paddedSteps++;
    }
    if (spec && d > 0 && draft != null) {
      seconds += specK * draft.step(d, d, d, context, 0);
    }
    if (!host.isNone()) {
      // s13v: the host loop overlaps the GPU's work, so the step takes the longer of the two
      // (InferenceCostModel.offlineRun's iteration: its decoding sequences and the prompts it prefills)
      seconds = Math.max(seconds, host.seconds((long) d + chunks, chunks > 0 || busiest > 0 && graphs.eager(busiest)));
    }
    if (!(seconds > 0)) {
      seconds = 1e-9;
    }
    now += seconds;
    busy += seconds;
    stepsRun++;
    step = g + 1;
    windowLeft = scheduling ? schedulerSteps - 1 : windowLeft - 1;
    if (d > 0) {
      // a prefill-only step before this one held every decoding sequence's next token back (s15b)
      recordItl(seconds + stall, d);
    }
    stall = 0;
    // finish decoding sequences whose last token came in this step
    while (heapSize > 0 && (heap[0] >>> SLOT_BITS) == g) {
      long top = popHeap();
      int slot = (int) (top & ((1L << SLOT_BITS) - 1));
      if (slotReq[slot] < 0 || slotStart[slot] < 0 || slotFinish[slot] != g) {
        continue;
      }
      int r = slotReq[slot];
      long j = g - slotStart[slot] + 1;
      q.generated[r] = q.output[r];
      q.finish[r] = now;
      usedBlocks[slotRank[slot]] -= blocks(kvLength(slot, j)) - slotShared[slot];
      removeDecode(slot);
      release(slot);
    }
    // prefill progress
    for (int i = 0; i < chunks; i++) {
      int slot = chunkSlot[i];
      slotDone[slot] += chunkLen[i];
      if (slotDone[slot] < slotP[slot]) {
        continue;
      }
      removePrefilling(slot);
      int r = slotReq[slot];
      q.generated[r]++;
      if (q.generated[r] == 1) {
        q.firstToken[r] = now;
      } else {
        recordItl(now - q.lastToken[r], 1);
      }
      if (q.generated[r] >= q.output[r] || mode == Mode.PREFILL) {
        q.finish[r] = now;
        usedBlocks[slotRank[slot]] -= blocks(slotP[slot]) - slotShared[slot];
        release(slot);
      } else {
        startDecode(slot, g + 1);
      }
    }
  }

  /**
   * Returns the lock-step time of this step's work over the ranks (s15a): each rank's decoding sequences (they all
   * step) and this step's chunks, by the rank they belong to, through {@link StepCost#rankStep}; with {@code graph}
   * above a rank's decoding sequences that rank runs {@code graph} rows (s16b), its attention over the real ones.
   */
  private double rankStep(long g, int tokens, int chunks, int graph) {
    int perSeq = spec ? specK + 1 : 1;
    for (int k = 0; k < ranks; k++) {
      int dk = rankDecode[k];
      stepDecode[k] = dk;
      // s16b: padded to the CUDA graph (graph > 0 only when no rank prefills), a rank's dummy rows included
      int rowsK = Math.max(dk, graph);
      if (rowsK > dk) {
        tokens += (rowsK - dk) * perSeq;
      }
      stepTokens[k] = rowsK * perSeq;
      stepRows[k] = rowsK;
      stepAttention[k] = 0;
      stepContext[k] = dk == 0 ? 0 : spec ? 0 : (double) (rankSumBase[k] + (long) dk * g) / dk + 1;
    }
    if (spec && decodeCount > 0) {
      for (int s = runHead; s >= 0; s = next[s]) {
        if (slotStart[s] >= 0 && slotStart[s] <= g) {
          stepContext[slotRank[s]] += kvLength(s, g - slotStart[s]);
        }
      }
      for (int k = 0; k < ranks; k++) {
        stepContext[k] = stepDecode[k] == 0 ? 0 : stepContext[k] / stepDecode[k] + 1;
      }
    }
    for (int i = 0; i < chunks; i++) {
      int slot = chunkSlot[i];
      int k = slotRank[slot];
      stepTokens[k] += chunkLen[i];
      stepAttention[k] += cost.chunkAttention(slotDone[slot], chunkLen[i]);
      if (slotDone[slot] + chunkLen[i] == slotP[slot]) {
        stepRows[k]++;
      }
    }
    return cost.rankStep(ranks, tokens, stepTokens, stepRows, stepDecode, stepContext, stepAttention);
  }

  /**
   * Returns whether attention-DP balancing holds this step's context requests back, and counts the step as {@code
   * PyExecutor._balance_adp_requests} counts it (see {@link AttentionDpBalance}). A rank has a context request when
   * it continues a prompt or this step's admission, run dry within {@code budget}, would give it one.
   */
  private boolean holdContexts(int budget) {
    Arrays.fill(stepContextRank, false);
    int left = budget;
    for (int i = 0; i < prefillCount && left > 0; i++) {
      int slot = prefilling[i];
      stepContextRank[slotRank[slot]] = true;
      left -= Math.min(slotP[slot] - slotDone[slot], left);
    }
    // the admission of step 3, dry: the same order, limits and rank choice, nothing committed
    System.arraycopy(rankRunning, 0, dryRunning, 0, ranks);
    System.arraycopy(rankPromptTokens, 0, dryPrompt, 0, ranks);
    System.arraycopy(usedBlocks, 0, dryUsed, 0, ranks);
    int expected = expectedPerRank();
    int admitted = 0;
    for (int i = 0; i < waitSize && running + admitted < maxSeqs && left > 0 && admissible(i); i++) {
      int r = waiting[(waitHead + i) % waiting.length];
      int k = pickRank(expected, dryRunning, dryPrompt);
      if (k < 0) {
        break;
      }
      int p = q.prompt[r] + q.generated[r];
      int chunk = Math.min(p, left);
      long add = blocks(chunk);
      if (add > rankBlocks - dryUsed[k]) {
        break;
      }
      dryUsed[k] += add;
      dryRunning[k]++;
      dryPrompt[k] += q.prompt[r];
      stepContextRank[k] = true;
      left -= chunk;
      admitted++;
    }
    boolean allContext = true;
    boolean anyContext = false;
    boolean allGeneration = true;
    boolean allFree = true;
    for (int k = 0; k < ranks; k++) {
      allContext &= stepContextRank[k];
      anyContext |= stepContextRank[k];
      allGeneration &= rankDecode[k] > 0 || rankRunning[k] == 0 && !stepContextRank[k];
      allFree &= rankDecode[k] < rankSeqs;
    }
    return balance.hold(allFree, allContext, allGeneration, anyContext);
  }

  /**
   * Takes the waiting request {@code r} at the head of the queue onto rank {@code k} as a prompt to prefill from
   * {@code cached} tokens of {@code p}, holding {@code add} more blocks; returns its slot (both admissions: the mixed
   * step's and the prefill-only step's).
   */
  private int admitPrompt(int r, int p, int cached, int k, long add) {
    popWaiting();
    usedBlocks[k] += add;
    int slot = admit(r, p, cached / BLOCK, cached, k);
    prefilling[prefillCount++] = slot;
    return slot;
  }

  /**
   * Separate prefill at a scheduling point (s15b): admits whole prompts in arrival order while the token budget, the
   * sequence limit and the free blocks allow (a prompt longer than the whole budget alone in a step: vLLM V0 refuses
   * a budget below {@code max_model_len} without chunked prefill, so that happens only outside its configurations)
   * and, if it admitted any, runs the step prefilling only them; the decoding sequences wait. Returns whether it ran
   * a step.
   */
  private boolean prefillOnlyStep(long g) {
    int budget = maxTokens;
    int chunks = 0;
    int expected = expectedPerRank();
    while (waitSize > 0 && running < maxSeqs && budget > 0 && admissible(0)) {
      int r = waiting[waitHead];
      int k = pickRank(expected);
      if (k < 0) {
        break;
      }
      int p = q.prompt[r] + q.generated[r];
      int cached = prefixCached(r);
      int chunk = p - cached;
      if (chunk > budget && chunks > 0) {
        break;
      }
      long add = blocks(p) - cached / BLOCK;
      if (add > free(k)) {
        break;
      }
      int slot = admitPrompt(r, p, cached, k, add);
      chunkSlot[chunks] = slot;
      chunkLen[chunks++] = chunk;
      budget -= chunk;
    }
    if (chunks == 0) {
      return false;
    }
    double attention = 0;
    for (int i = 0; i < chunks; i++) {
      attention += cost.chunkAttention(slotDone[chunkSlot[i]], chunkLen[i]);
    }
    int tokens = maxTokens - budget;
    double seconds = cost.step(tokens, chunks, 0, 0, attention);
    if (!host.isNone()) {
      seconds = Math.max(seconds, host.seconds(chunks, true));
    }
    if (!(seconds > 0)) {
      seconds = 1e-9;
    }
    now += seconds;
    busy += seconds;
    stepsRun++;
    if (decodeCount > 0) {
      stall += seconds;
    }
    // every admitted prompt is whole: its first token comes at the end of this step, and it decodes from the next
    // decode step, numbered g (this step was not one)
    for (int i = 0; i < chunks; i++) {
      int slot = chunkSlot[i];
      slotDone[slot] += chunkLen[i];
      removePrefilling(slot);
      int r = slotReq[slot];
      q.generated[r]++;
      if (q.generated[r] == 1) {
        q.firstToken[r] = now;
      } else {
        recordItl(now - q.lastToken[r], 1);
      }
      if (q.generated[r] >= q.output[r]) {
        q.finish[r] = now;
        usedBlocks[slotRank[slot]] -= blocks(slotP[slot]) - slotShared[slot];
        release(slot);
      } else {
        startDecode(slot, g);
      }
    }
    windowLeft = 0;
    return true;
  }

  /**
   * Returns whether this scheduling point may prefill (s19f): always without a gate; with one, as the patched {@code
   * Scheduler._schedule_default} decides {@code do_prefill}, updating its {@code _do_prefill} (one rank: the gate
   * is refused with attention data parallelism).
   */
  private boolean mayPrefill() {
    if (gateMaxRunning <= 0) {
      return true;
    }
    boolean prefill = running < gateMaxRunning && free(0) > gateMinFreeBlocks
        && (waitSize >= gateMinWaiting || gateOpen);
    gateOpen = !prefill;
    return prefill;
  }

  private long decodeBlocksNeeded(long g, int rank) {
    if (decodeCount == 0) {
      return 0;
    }
    if (!spec) {
      return bucket[rank][(int) (-g) & (BLOCK - 1)];
    }
    long need = 0;
    for (int s = runHead; s >= 0; s = next[s]) {
      if (slotRank[s] == rank && slotStart[s] >= 0 && slotStart[s] <= g) {
        long j = g - slotStart[s];
        need += blocks(kvLength(s, j + 1)) - blocks(kvLength(s, j));
      }
    }
    return need;
  }

  /** Returns the decoding sequences of the busiest rank ({@code d}, the step's, with one rank). */
  private int busiestDecode(int d) {
    if (ranks == 1) {
      return d;
    }
    int most = 0;
    for (int k = 0; k < ranks; k++) {
      most = Math.max(most, rankDecode[k]);
    }
    return most;
  }

  private double meanContext(long g, int d) {
    if (!spec) {
      return (double) (sumBase + (long) d * g) / d + 1;
    }
    double sum = 0;
    for (int s = runHead; s >= 0; s = next[s]) {
      if (slotStart[s] >= 0 && slotStart[s] <= g) {
        sum += kvLength(s, g - slotStart[s]);
      }
    }
    return sum / d + 1;
  }

  private int prefixCached(int r) {
    int p = q.prompt[r] + q.generated[r];
    int cached = 0;
    if (q.prefixId[r] >= 0) {
      if (!prefixes.add(q.prefixId[r])) {
        cached = q.prefixTokens[r];
      }
    } else if (prefixHitRate > 0) {
      cached = (int) Math.floor(prefixHitRate * q.prompt[r]);
    }
    cached = Math.min(cached, p - 1);
    cached = Math.max(0, cached / BLOCK * BLOCK);
    if (q.generated[r] == 0 && q.preemptions[r] == 0) {
      q.cachedTokens[r] = cached;
    }
    return cached;
  }

  private void popWaiting() {
    waitHead = (waitHead + 1) % waiting.length;
    waitSize--;
  }

  private void pushWaitingFront(int r) {
    if (waitSize == waiting.length) {
      growWaiting();
    }
    waitHead = (waitHead - 1 + waiting.length) % waiting.length;
    waiting[waitHead] = r;
    waitingFrom[waitHead] = 0; // a preempted request is the executor's already
    waitSize++;
  }

  private int admit(int r, int p, int shared, int done, int rank) {
    int slot = freeSlots[--freeTop];
    slotRank[slot] = rank;
    rankRunning[rank]++;
    rankPromptTokens[rank] += q.prompt[r];
    slotReq[slot] = r;
    slotP[slot] = p;
    slotDone[slot] = done;
    slotShared[slot] = shared;
    slotStart[slot] = -1;
    slotFinish[slot] = -1;
    prev[slot] = runTail;
    next[slot] = -1;
    if (runTail >= 0) {
      next[runTail] = slot;
    } else {
      runHead = slot;
    }
    runTail = slot;
    running++;
    return slot;
  }

  private void release(int slot) {
    int p = prev[slot];
    int n = next[slot];
    if (p >= 0) {
      next[p] = n;
    } else {
      runHead = n;
    }
    if (n >= 0) {
      prev[n] = p;
    } else {
      runTail = p;
    }
    rankRunning[slotRank[slot]]--;
    rankPromptTokens[slotRank[slot]] -= q.prompt[slotReq[slot]];
    slotReq[slot] = -1;
    slotStart[slot] = -1;
    freeSlots[freeTop++] = slot;
    running--;
  }

  /**
   * Starts decoding at step {@code s}. A preloaded request joins the current step {@code s}: its
   * admission allocated the block for the step's token.
   */
  private void startDecode(int slot, long s) {
    int r = slotReq[slot];
    slotStart[slot] = s;
    slotGen0[slot] = q.generated[r];
    int remaining = q.output[r] - q.generated[r];
    long steps = spec ? Math.max(1, (long) Math.ceil(remaining / specTokens - 1e-9)) : remaining;
    slotFinish[slot] = s + steps - 1;
    pushHeap((slotFinish[slot] << SLOT_BITS) | slot);
    decodeCount++;
    rankDecode[slotRank[slot]]++;
    if (!spec) {
      long base = (long) slotP[slot] - s;
      sumBase += base;
      rankSumBase[slotRank[slot]] += base;
      bucket[slotRank[slot]][(int) base & (BLOCK - 1)]++;
    }
  }

  private void removeDecode(int slot) {
    decodeCount--;
    rankDecode[slotRank[slot]]--;
    if (!spec) {
      long base = (long) slotP[slot] - slotStart[slot];
      sumBase -= base;
      rankSumBase[slotRank[slot]] -= base;
      bucket[slotRank[slot]][(int) base & (BLOCK - 1)]--;
    }
  }

  private void removePrefilling(int slot) {
    for (int i = 0; i < prefillCount; i++) {
      if (prefilling[i] == slot) {
        System.arraycopy(prefilling, i + 1, prefilling, i, prefillCount - i - 1);
        prefillCount--;
        return;
      }
    }
  }

  /** Preempts the most recently admitted running request of a rank. */
  private void preemptNewest(long g, int rank) {
    int slot = runTail;
    while (slot >= 0 && slotRank[slot] != rank) {
      slot = prev[slot];
    }
    if (slot < 0) {
      throw new IllegalStateException("KV cache exhausted with nothing to preempt");
    }
    int r = slotReq[slot];
    if (slotStart[slot] >= 0) {
      long j = g - slotStart[slot];
      usedBlocks[rank] -= blocks(kvLength(slot, j)) - slotShared[slot];
      q.generated[r] = generatedAfter(slot, j);
      removeDecode(slot);
    } else {
      usedBlocks[rank] -= blocks(slotDone[slot]) - slotShared[slot];
      removePrefilling(slot);
    }
    q.lastToken[r] = now;
    q.preemptions[r]++;
    q.preloaded[r] = false;
    preemptions++;
    release(slot);
    pushWaitingFront(r);
  }

  // ---- records ----

  private void recordItl(double seconds, double weight) {
    itl.add(seconds, weight);
  }

  private void sampleUntil(double time) {
    while (series.due(time)) {
      long used = 0;
      for (long u : usedBlocks) {
        used += u;
      }
      series.add(totalBlocks == 0 ? 0 : (double) used / totalBlocks, waitSize, running);
    }
  }

  /** Samples the occupancy up to {@code time} (the end of the run). */
  public void sampleTo(double time) {
    sampleUntil(time);
  }

  // ---- heap ----

  private void pushHeap(long v) {
    if (heapSize == heap.length) {
      heap = Arrays.copyOf(heap, heapSize * 2);
    }
    int i = heapSize++;
    while (i > 0) {
      int p = (i - 1) >>> 1;
      if (heap[p] <= v) {
        break;
      }
      heap[i] = heap[p];
      i = p;
    }
    heap[i] = v;
  }

  private long popHeap() {
    long top = heap[0];
    long v = heap[--heapSize];
    int i = 0;
    int half = heapSize >>> 1;
    while (i < half) {
      int c = 2 * i + 1;
      if (c + 1 < heapSize && heap[c + 1] < heap[c]) {
        c++;
      }
      if (v <= heap[c]) {
        break;
      }
      heap[i] = heap[c];
      i = c;
    }
    if (heapSize > 0) {
      heap[i] = v;
    }
    return top;
  }
}
