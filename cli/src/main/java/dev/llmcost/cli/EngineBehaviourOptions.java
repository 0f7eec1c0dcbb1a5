package dev.llmcost.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.costmodel.inference.AttentionDpBalance;
import dev.llmcost.costmodel.inference.PrefillScheduling;
import dev.llmcost.costmodel.serving.ArrivalBatching;
import dev.llmcost.costmodel.serving.PrefillGate;
import dev.llmcost.costmodel.serving.ServingSimulation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The serving simulator's engine behaviours that {@code simulate} and {@code capacity --simulate} share (a picocli
 * mixin): vLLM V0's multi-step scheduling and prefill-only steps (s15b), CUDA-graph padding (s16b), TensorRT-LLM's
 * overlap scheduler (s16a), attention-DP balancing (s15a), a harness batcher ahead of the engines (s18k; on the
 * command line s19b) and AMD's MLPerf prefill gate on separate prefill (s19f; on the command line s19i), each validated
 * naming the option and the value, and the combinations {@code ServingSimulation.Builder.build} refuses refused by
 * option name.
 */
public final class EngineBehaviourOptions {

  /** Most iterations {@code --attention-dp-balance} waits for (a typing error beyond). */
  static final int MAX_BALANCE_ITERS = 1_000_000;

  @Option(names = "--scheduler-steps", paramLabel = "N",
      description = "vLLM V0's multi-step scheduling (num_scheduler_steps): the scheduler runs once per window of N decode"
          + " steps, a request arriving inside a window waiting for its end; 1 to 1024; not with --pp, --disaggregate,"
          + " --attention-dp or --overlap-scheduler (default 1).")
  @Nullable Integer schedulerSteps;

  @Option(names = "--prefill-scheduling", paramLabel = "mixed|separate",
      description = "How prompts are scheduled: mixed (chunked prefill, prompts ride in the decode steps) or separate"
          + " (vLLM V0 without chunked prefill: whole prompts in steps of their own while decoding waits); separate not"
          + " with --pp, --disaggregate, --attention-dp or --overlap-scheduler (default mixed).")
  @Nullable String prefillScheduling;

  @Option(names = "--cuda-graph-sizes", paramLabel = "N,N,...",
      description = "Batch sizes of the CUDA graphs a TensorRT-LLM PyTorch engine captures with padding on"
          + " (cuda_graph_config batch_sizes, enable_padding): a decode-only step runs at the smallest size at least its"
          + " sequences (per attention-DP rank), dummy requests filling it; ascending, each at least 1; not with --pp"
          + " (default: none).")
  @Nullable String cudaGraphSizes;

  @Option(names = "--overlap-scheduler",
      description = "TensorRT-LLM's overlap scheduler: the next step is scheduled while the GPU runs the current one, so"
          + " an arriving request waits for the second step after it; not with --pp, --disaggregate, --scheduler-steps"
          + " or --prefill-scheduling separate (default: off).")
  boolean overlapScheduler;

  @Option(names = "--attention-dp-balance", paramLabel = "on|off|TIMEOUT,WAIT",
      description = "TensorRT-LLM's attention-DP balancing (attention_dp_config enable_balance), with --attention-dp:"
          + " context requests wait until every rank has one, at most TIMEOUT iterations (timeout_iters), then up to"
          + " WAIT more while every rank decodes (batching_wait_iters); on is 50,10, TensorRT-LLM's values (default:"
          + " off, TensorRT-LLM's default).")
  @Nullable String attentionDpBalance;

  @Option(names = "--harness-batching", paramLabel = "off|WINDOW,MAX",
      description = "A harness batcher ahead of the engines, as AMD's MLPerf v4.1 Llama 2 Server harness runs"
          + " (--enable-batcher, batch_samples_loop): arriving requests are held and released, the oldest MAX at most,"
          + " once MAX are held or WINDOW seconds have passed since the last release, each batch sent whole to one"
          + " replica; latencies count from arrival; WINDOW 0 (no wait) or in [0.000001, 3600], MAX in [1, 1000000],"
          + " such as 0.3,96 (default: off).")
  @Nullable String harnessBatching;

  @Option(names = "--prefill-gate", paramLabel = "off|MAX_RUNNING,MIN_FREE_BLOCKS,MIN_WAITING",
      description = "AMD's MLPerf vLLM scheduler patch (VLLM_LLAMA2_MLPERF_SCHED), with --prefill-scheduling separate:"
          + " a scheduling point prefills only while fewer than MAX_RUNNING sequences run, more than MIN_FREE_BLOCKS"
          + " KV-cache blocks of 16 tokens are free and at least MIN_WAITING requests wait (or the previous point did"
          + " not prefill); MAX_RUNNING in [1, 1000000], MIN_FREE_BLOCKS at least 0, MIN_WAITING in [0, 1000000], such"
          + " as 608,0,8 (AMD's MLPerf v5.1 MI300X Llama 2 Server); not where separate is refused (default: off).")
  @Nullable String prefillGate;

  /** Returns {@code --cuda-graph-sizes} as given, or null. */
  @Nullable String cudaGraphSizes() {
    return cudaGraphSizes;
  }

  /** Returns the first of the options given, as given ({@code --overlap-scheduler}, {@code --scheduler-steps 8}), or null. */
  @Nullable String given() {
    return schedulerSteps != null ? "--scheduler-steps " + schedulerSteps
        : prefillScheduling != null ? "--prefill-scheduling " + prefillScheduling
        : cudaGraphSizes != null ? "--cuda-graph-sizes " + cudaGraphSizes
        : overlapScheduler ? "--overlap-scheduler"
        : attentionDpBalance != null ? "--attention-dp-balance " + attentionDpBalance
        : harnessBatching != null ? "--harness-batching " + harnessBatching
        : prefillGate != null ? "--prefill-gate " + prefillGate : null;
  }

  /**
   * Returns the simulation's engine behaviours other than the defaults, in words separated by commas ({@code overlap
   * scheduler, CUDA graphs [1, 2, 4]}), or an empty string when every one is the default.
   */
  static String describe(ServingSimulation s) {
    List<String> parts = new ArrayList<>();
    if (s.schedulerSteps() > 1) {
      parts.add("scheduler steps " + s.schedulerSteps());
    }
    if (s.prefillScheduling() != PrefillScheduling.MIXED) {
      parts.add("separate prefill steps");
    }
    if (!s.cudaGraphBatchSizes().isEmpty()) {
      parts.add("CUDA graphs " + s.cudaGraphBatchSizes());
    }
    if (s.overlapScheduler()) {
      parts.add("overlap scheduler");
    }
    AttentionDpBalance balance = s.attentionDpBalance();
    if (balance.enabled() && s.engine().attentionDataParallel()) {
      parts.add("attention-DP balancing " + balance.timeoutIters() + "," + balance.batchingWaitIters());
    }
    s.batching().ifPresent(h -> parts.add("harness batching " + BigDecimal.valueOf(h.windowSeconds())
        .stripTrailingZeros().toPlainString() + " s, up to " + Text.grouped(h.maxBatch()) + " requests"));
    s.prefillGate().ifPresent(g -> parts.add("prefill gate below " + Text.grouped(g.maxRunning()) + " running, above "
        + Text.grouped(g.minFreeBlocks()) + " free blocks, " + Text.grouped(g.minWaiting()) + " waiting"));
    return String.join(", ", parts);
  }

  /**
   * Refuses vLLM V0's scheduler settings on an engine they are not modelled on: shared by {@code simulate} and {@code
   * infer --rate}/{@code --concurrency} (s22k), the same reasons in both. With {@code --pp} (or {@code --disaggregate})
   * the engine is not one stage that prefills and decodes: simulate's pipelined engine and the steady state's
   * micro-batches (InferenceCostModel.residence, s14o) are TensorRT-LLM's in-flight batching, not vLLM V0's scheduler
   * (the steady state's separate prefill would pass the whole batch through every stage). With attention data
   * parallelism the ranks run in lock step as TensorRT-LLM schedules them (s15a, s15b; SteadyIterations likewise).
   *
   * @param vllm the settings as given ({@code --scheduler-steps 8}, {@code --prefill-scheduling separate}, joined)
   * @param oneStageOnly the option that makes the engine other than one stage, or null
   * @param attentionDp whether the engine has attention data parallelism
   * @throws IllegalArgumentException naming both options and their values
   */
  static void refuseV0SchedulerOn(String vllm, @Nullable String oneStageOnly, boolean attentionDp) {
    if (oneStageOnly != null) {
      throw new IllegalArgumentException(vllm + " (vLLM V0's scheduler) is not simulated with " + oneStageOnly
          + ": it applies to one engine stage that prefills and decodes");
    }
    if (attentionDp) {
      // s15a, s15b: vLLM V0's scheduler is simulated on the engine without attention-DP lock step
      throw new IllegalArgumentException(vllm + " (vLLM V0's scheduler) is not simulated with --attention-dp: the"
          + " attention-data-parallel ranks run in lock step as TensorRT-LLM schedules them");
    }
  }

  /**
   * Validates the options and sets them on the simulation's builder.
   *
   * @param b the simulation's builder
   * @param oneStageOnly the option that makes the engine other than one stage that prefills and decodes ({@code --pp
   *     2}, {@code --disaggregate 1:1}), or null
   * @param attentionDp whether the engine has attention data parallelism ({@code --attention-dp} with {@code --tp}
   *     above 1; for a capacity search, whether its candidates above tp 1 have it)
   * @throws IllegalArgumentException naming the option and the value: a value out of range or malformed, vLLM V0's
   *     settings or the overlap scheduler with {@code oneStageOnly}, vLLM V0's settings with attention data parallelism
   *     or with the overlap scheduler, or {@code --attention-dp-balance} without {@code --attention-dp}; {@code
   *     --prefill-gate} without {@code --prefill-scheduling separate}, and wherever separate prefill is refused (it
   *     joins vLLM V0's settings in those messages); {@code --harness-batching} combines with every engine (the library
   *     refuses no combination with it)
   */
  void apply(ServingSimulation.Builder b, @Nullable String oneStageOnly, boolean attentionDp) {
    int steps = 1;
    if (schedulerSteps != null) {
      steps = schedulerSteps(schedulerSteps);
      b.schedulerSteps(steps);
    }
    boolean separate = false;
    if (prefillScheduling != null) {
      separate = prefillScheduling(prefillScheduling) == PrefillScheduling.SEPARATE;
      b.prefillScheduling(separate ? PrefillScheduling.SEPARATE : PrefillScheduling.MIXED);
    }
    if (cudaGraphSizes != null) {
      b.cudaGraphPadding(cudaGraphSizes(cudaGraphSizes));
    }
    if (attentionDpBalance != null) {
      AttentionDpBalance balance = attentionDpBalance(attentionDpBalance);
      if (!attentionDp) {
        throw new IllegalArgumentException("--attention-dp-balance applies with --attention-dp and --tp above 1 (it"
            + " balances the attention-data-parallel ranks), was " + attentionDpBalance + " without them");
      }
      b.attentionDpBalance(balance);
    }
    if (harnessBatching != null) {
      @Nullable ArrivalBatching batching = harnessBatching(harnessBatching);
      if (batching != null) {
        b.batching(batching);
      }
    }
    @Nullable String gateGiven = null;
    if (prefillGate != null) {
      @Nullable PrefillGate gate = prefillGate(prefillGate);
      if (gate != null) {
        if (!separate) {
          // s19f: ServingSimulation.Builder.build refuses a gate without PrefillScheduling.SEPARATE (the patch gates
          // Scheduler._schedule_default's prefills, vLLM V0's path without chunked prefill)
          throw new IllegalArgumentException("--prefill-gate " + prefillGate + " needs --prefill-scheduling separate"
              + " (AMD's patch gates vLLM V0's prefill-only steps), was " + (prefillScheduling == null
              ? "without it (mixed, the default)" : "--prefill-scheduling " + prefillScheduling));
        }
        gateGiven = "--prefill-gate " + prefillGate;
        b.prefillGate(gate);
      }
    }
    List<String> v0 = new ArrayList<>();
    if (steps > 1) {
      v0.add("--scheduler-steps " + steps);
    }
    if (separate) {
      v0.add("--prefill-scheduling separate");
    }
    if (gateGiven != null) {
      v0.add(gateGiven);
    }
    @Nullable String vllm = v0.isEmpty() ? null : v0.size() == 1 ? v0.get(0)
        : String.join(", ", v0.subList(0, v0.size() - 1)) + " and " + v0.get(v0.size() - 1);
    if (vllm != null) {
      refuseV0SchedulerOn(vllm, oneStageOnly, attentionDp);
    }
    if (overlapScheduler) {
      @Nullable String other = oneStageOnly != null ? oneStageOnly : vllm;
      if (other != null) {
        throw new IllegalArgumentException("--overlap-scheduler (TensorRT-LLM's) is not simulated with " + other
            + ": it applies to one engine stage that prefills and decodes, scheduled as TensorRT-LLM schedules");
      }
      b.overlapScheduler(true);
    }
  }

  /**
   * Checks {@code --scheduler-steps}: decode iterations per scheduling decision, 1 to 1024 (shared with {@code infer
   * --rate} and {@code --concurrency}, s22j).
   *
   * @return {@code steps}
   * @throws IllegalArgumentException naming the option and the value when it is out of range
   */
  static int schedulerSteps(int steps) {
    if (steps < 1 || steps > 1024) {
      throw new IllegalArgumentException("--scheduler-steps must be in [1, 1024], was " + steps);
    }
    return steps;
  }

  /**
   * Parses {@code --prefill-scheduling}: {@code mixed} or {@code separate} (shared with {@code infer --rate} and
   * {@code --concurrency}, s22j).
   *
   * @throws IllegalArgumentException naming the option and the value for anything else
   */
  static PrefillScheduling prefillScheduling(String text) {
    return switch (text) {
      case "mixed" -> PrefillScheduling.MIXED;
      case "separate" -> PrefillScheduling.SEPARATE;
      default -> throw new IllegalArgumentException("--prefill-scheduling must be mixed or separate, was \"" + text
          + "\"");
    };
  }

  /** Parses {@code --cuda-graph-sizes}: ascending whole numbers of at least 1, separated by commas. */
  static List<Integer> cudaGraphSizes(String text) {
    List<Integer> sizes = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      int v;
      try {
        v = Integer.parseInt(part.strip());
      } catch (NumberFormatException e) {
        v = 0;
      }
      if (v < 1 || v > 1_000_000 || !sizes.isEmpty() && v <= sizes.get(sizes.size() - 1)) {
        throw new IllegalArgumentException("--cuda-graph-sizes must be ascending whole numbers in [1, 1000000]"
            + " separated by commas, such as 1,2,4,8, was \"" + text + "\"");
      }
      sizes.add(v);
    }
    return sizes;
  }

  /**
   * Parses {@code --attention-dp-balance}: {@code off} (TensorRT-LLM's default), {@code on} (50 and 10 iterations,
   * {@link AttentionDpBalance#DEFAULT_TIMEOUT_ITERS} and {@link AttentionDpBalance#DEFAULT_BATCHING_WAIT_ITERS}) or
   * {@code TIMEOUT,WAIT}: {@code timeout_iters} in [1, 1000000] and {@code batching_wait_iters} in [0, 1000000].
   */
  static AttentionDpBalance attentionDpBalance(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.equals("off")) {
      return AttentionDpBalance.tensorRtLlmDefault();
    }
    if (t.equals("on")) {
      return AttentionDpBalance.enabled(AttentionDpBalance.DEFAULT_TIMEOUT_ITERS,
          AttentionDpBalance.DEFAULT_BATCHING_WAIT_ITERS);
    }
    String[] parts = t.split(",", -1);
    int timeout = -1;
    int wait = -1;
    if (parts.length == 2) {
      try {
        timeout = Integer.parseInt(parts[0].strip());
        wait = Integer.parseInt(parts[1].strip());
      } catch (NumberFormatException e) {
        timeout = -1;
      }
    }
    if (timeout < 1 || timeout > MAX_BALANCE_ITERS || wait < 0 || wait > MAX_BALANCE_ITERS) {
      throw new IllegalArgumentException("--attention-dp-balance must be on, off or TIMEOUT,WAIT iterations such as"
          + " 50,10 (timeout in [1, 1000000], wait in [0, 1000000]), was \"" + text + "\"");
    }
    return AttentionDpBalance.enabled(timeout, wait);
  }

  /**
   * Parses {@code --harness-batching}: {@code off} (the default: requests reach the engines as they arrive), or {@code
   * WINDOW,MAX} with the window in seconds, 0 or in [1e-6, 3600], and the most requests a batch takes in [1, 1000000],
   * the ranges {@link ArrivalBatching#of} takes (s19b).
   *
   * @return the batcher, or null for {@code off}
   */
  static @Nullable ArrivalBatching harnessBatching(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.equals("off")) {
      return null;
    }
    String[] parts = t.split(",", -1);
    double window = Double.NaN;
    int max = 0;
    if (parts.length == 2 && parts[0].strip().matches("[0-9.e+-]+")) {
      try {
        window = Double.parseDouble(parts[0].strip());
        max = Integer.parseInt(parts[1].strip());
      } catch (NumberFormatException e) {
        window = Double.NaN;
      }
    }
    if (!(window == 0 || window >= 1e-6 && window <= 3600) || max < 1 || max > 1_000_000) {
      throw new IllegalArgumentException("--harness-batching must be off or WINDOW,MAX such as 0.3,96 (WINDOW seconds,"
          + " 0 or in [0.000001, 3600]; MAX requests in [1, 1000000]), was \"" + text + "\"");
    }
    return ArrivalBatching.of(window, max);
  }

  /**
   * Parses {@code --prefill-gate}: {@code off} (the default: no gate), or {@code MAX_RUNNING,MIN_FREE_BLOCKS,MIN_WAITING}
   * with the running sequences at which prefill stops in [1, 1000000], the free 16-token KV-cache blocks a prefill needs
   * more than, at least 0, and the waiting requests a prefill needs after a point that passed in [0, 1000000], the
   * ranges {@link PrefillGate#of} takes (s19i).
   *
   * @return the gate, or null for {@code off}
   */
  static @Nullable PrefillGate prefillGate(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.equals("off")) {
      return null;
    }
    String[] parts = t.split(",", -1);
    long maxRunning = -1;
    long minFreeBlocks = -1;
    long minWaiting = -1;
    if (parts.length == 3) {
      try {
        maxRunning = Long.parseLong(parts[0].strip());
        minFreeBlocks = Long.parseLong(parts[1].strip());
        minWaiting = Long.parseLong(parts[2].strip());
      } catch (NumberFormatException e) {
        maxRunning = -1;
      }
    }
    if (maxRunning < 1 || maxRunning > 1_000_000 || minFreeBlocks < 0 || minWaiting < 0 || minWaiting > 1_000_000) {
      throw new IllegalArgumentException("--prefill-gate must be off or MAX_RUNNING,MIN_FREE_BLOCKS,MIN_WAITING such"
          + " as 608,0,8 (MAX_RUNNING sequences in [1, 1000000]; MIN_FREE_BLOCKS at least 0; MIN_WAITING requests in"
          + " [0, 1000000]), was \"" + text + "\"");
    }
    return PrefillGate.of((int) maxRunning, minFreeBlocks, (int) minWaiting);
  }

  /**
   * Puts the simulation's engine behaviours on {@code n}: {@code schedulerSteps}, {@code prefillScheduling}, {@code
   * cudaGraphSizes}, {@code overlapScheduler}, {@code attentionDpBalance} {@code {enabled, timeoutIters,
   * batchingWaitIters}}, {@code harnessBatching} {@code {enabled, windowSeconds, maxBatch}} and {@code prefillGate} {@code
   * {enabled, maxRunning, minFreeBlocks, minWaiting}} (null numbers when off).
   */
  static void json(ObjectNode n, ServingSimulation s) {
    n.put("schedulerSteps", s.schedulerSteps());
    n.put("prefillScheduling", s.prefillScheduling().name().toLowerCase(Locale.ROOT));
    ArrayNode graphs = n.putArray("cudaGraphSizes");
    s.cudaGraphBatchSizes().forEach(graphs::add);
    n.put("overlapScheduler", s.overlapScheduler());
    ObjectNode balance = n.putObject("attentionDpBalance");
    balance.put("enabled", s.attentionDpBalance().enabled());
    balance.put("timeoutIters", s.attentionDpBalance().timeoutIters());
    balance.put("batchingWaitIters", s.attentionDpBalance().batchingWaitIters());
    ObjectNode harness = n.putObject("harnessBatching");
    harness.put("enabled", s.batching().isPresent());
    if (s.batching().isPresent()) {
      harness.put("windowSeconds", s.batching().get().windowSeconds());
      harness.put("maxBatch", s.batching().get().maxBatch());
    } else {
      harness.putNull("windowSeconds");
      harness.putNull("maxBatch");
    }
    ObjectNode gate = n.putObject("prefillGate");
    gate.put("enabled", s.prefillGate().isPresent());
    if (s.prefillGate().isPresent()) {
      gate.put("maxRunning", s.prefillGate().get().maxRunning());
      gate.put("minFreeBlocks", s.prefillGate().get().minFreeBlocks());
      gate.put("minWaiting", s.prefillGate().get().minWaiting());
    } else {
      gate.putNull("maxRunning");
      gate.putNull("minFreeBlocks");
      gate.putNull("minWaiting");
    }
  }
}
