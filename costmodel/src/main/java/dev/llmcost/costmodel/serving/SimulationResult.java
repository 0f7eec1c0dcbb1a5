package dev.llmcost.costmodel.serving;

import dev.llmcost.core.Bandwidth;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * What a serving simulation measured: latencies at percentiles, throughput, goodput under the
 * objectives, preemptions, utilisation and the occupancy over time, with the assumptions and the
 * defaults that produced them. Immutable.
 */
public final class SimulationResult {

  private final ServingSimulation simulation;
  private final long requests;
  private final long completed;
  private final long rejected;
  private final double elapsedSeconds;
  private final LatencySummary ttft;
  private final LatencySummary tpot;
  private final LatencySummary itl;
  private final LatencySummary endToEnd;
  private final double requestsPerSecond;
  private final double outputTokensPerSecond;
  private final double goodputRequestsPerSecond;
  private final double sloAttainment;
  private final long preemptions;
  private final double gpuUtilization;
  private final int gpus;
  private final long kvCacheBlocksPerReplica;
  private final int maxNumSeqs;
  private final int maxBatchedTokens;
  private final long steps;
  private final double meanInSystem;
  private final List<OccupancySample> series;
  private final List<String> assumptions;
  private final List<String> defaultsUsed;
  private final double[] ttftByRequest;
  private final @Nullable Bandwidth kvLink;
  private final String kvLinkDescription;
  private final long decodeKvCacheBlocksPerReplica;

  SimulationResult(
      ServingSimulation simulation,
      long requests,
      long completed,
      long rejected,
      double elapsedSeconds,
      LatencySummary ttft,
      LatencySummary tpot,
      LatencySummary itl,
      LatencySummary endToEnd,
      double requestsPerSecond,
      double outputTokensPerSecond,
      double goodputRequestsPerSecond,
      double sloAttainment,
      long preemptions,
      double gpuUtilization,
      int gpus,
      long kvCacheBlocksPerReplica,
      int maxNumSeqs,
      int maxBatchedTokens,
      long steps,
      double meanInSystem,
      List<OccupancySample> series,
      List<String> assumptions,
      List<String> defaultsUsed,
      double[] ttftByRequest,
      @Nullable Bandwidth kvLink,
      String kvLinkDescription,
      long decodeKvCacheBlocksPerReplica) {
    this.simulation = simulation;
    this.requests = requests;
    this.completed = completed;
    this.rejected = rejected;
    this.elapsedSeconds = elapsedSeconds;
    this.ttft = ttft;
    this.tpot = tpot;
    this.itl = itl;
    this.endToEnd = endToEnd;
    this.requestsPerSecond = requestsPerSecond;
    this.outputTokensPerSecond = outputTokensPerSecond;
    this.goodputRequestsPerSecond = goodputRequestsPerSecond;
    this.sloAttainment = sloAttainment;
    this.preemptions = preemptions;
    this.gpuUtilization = gpuUtilization;
    this.gpus = gpus;
    this.kvCacheBlocksPerReplica = kvCacheBlocksPerReplica;
    this.maxNumSeqs = maxNumSeqs;
    this.maxBatchedTokens = maxBatchedTokens;
    this.steps = steps;
    this.meanInSystem = meanInSystem;
    this.series = List.copyOf(series);
    this.assumptions = List.copyOf(assumptions);
    this.defaultsUsed = List.copyOf(defaultsUsed);
    this.ttftByRequest = ttftByRequest;
    this.kvLink = kvLink;
    this.kvLinkDescription = kvLinkDescription;
    this.decodeKvCacheBlocksPerReplica = decodeKvCacheBlocksPerReplica;
  }

  /** Returns what was simulated. */
  public ServingSimulation simulation() {
    return simulation;
  }

  /** Returns the requests that arrived. */
  public long requests() {
    return requests;
  }

  /** Returns the requests that finished. */
  public long completed() {
    return completed;
  }

  /** Returns the requests refused because prompt and output can never fit a replica's KV cache. */
  public long rejected() {
    return rejected;
  }

  /** Returns the seconds from the start to the last token of the last request. */
  public double elapsedSeconds() {
    return elapsedSeconds;
  }

  /** Returns the time to first token over the finished requests (arrival to first token plus the per-request overhead). */
  public LatencySummary ttft() {
    return ttft;
  }

  /** Returns the time per output token over the finished requests with more than one output token: (last − first token) / (output − 1). */
  public LatencySummary tpot() {
    return tpot;
  }

  /** Returns the gaps between consecutive tokens of a request, over all such gaps. */
  public LatencySummary itl() {
    return itl;
  }

  /** Returns the end-to-end latency over the finished requests (plus the per-request overhead). */
  public LatencySummary endToEnd() {
    return endToEnd;
  }

  /** Returns finished requests per second of {@link #elapsedSeconds()}. */
  public double requestsPerSecond() {
    return requestsPerSecond;
  }

  /** Returns output tokens per second of {@link #elapsedSeconds()}. */
  public double outputTokensPerSecond() {
    return outputTokensPerSecond;
  }

  /**
   * Returns the requests per second that met both objectives (TTFT and TPOT each within its
   * objective; DistServe's per-request definition of goodput).
   */
  public double goodputRequestsPerSecond() {
    return goodputRequestsPerSecond;
  }

  /** Returns the fraction of finished requests that met both objectives. */
  public double sloAttainment() {
    return sloAttainment;
  }

  /** Returns whether the P99 TTFT and the P99 TPOT are within the objectives and nothing was rejected. */
  public boolean meetsObjectives() {
    return rejected == 0 && completed > 0 && ttft.p99() <= simulation.ttftSloSeconds()
        && tpot.p99() <= simulation.tpotSloSeconds();
  }

  /** Returns the preemptions (requests evicted from the KV cache and recomputed later). */
  public long preemptions() {
    return preemptions;
  }

  /** Returns the fraction of the elapsed time the replicas spent in steps, mean over replicas. */
  public double gpuUtilization() {
    return gpuUtilization;
  }

  /** Returns the GPUs of the deployment. */
  public int gpus() {
    return gpus;
  }

  /**
   * Returns the KV-cache blocks (16 tokens each) of one replica: of a prefill replica when the decode pool runs an
   * engine of its own ({@link Disaggregation#withDecodePool}; its replicas' are {@link
   * #decodeKvCacheBlocksPerReplica()}).
   */
  public long kvCacheBlocksPerReplica() {
    return kvCacheBlocksPerReplica;
  }

  /**
   * Returns the KV-cache blocks (16 tokens each) of one decode replica when the decode pool runs an engine of its own
   * ({@link Disaggregation#withDecodePool}: its own tensor parallelism, limits and memory); empty otherwise, when
   * every replica has {@link #kvCacheBlocksPerReplica()}.
   */
  public OptionalLong decodeKvCacheBlocksPerReplica() {
    return decodeKvCacheBlocksPerReplica < 0 ? OptionalLong.empty() : OptionalLong.of(decodeKvCacheBlocksPerReplica);
  }

  /**
   * Returns the most running sequences per replica used: of a prefill replica when the decode pool has limits of its
   * own ({@link Disaggregation#decodeMaxNumSeqs()}).
   */
  public int maxNumSeqs() {
    return maxNumSeqs;
  }

  /**
   * Returns the token budget per step used: of a prefill replica when the decode pool has limits of its own ({@link
   * Disaggregation#decodeMaxBatchedTokens()}).
   */
  public int maxBatchedTokens() {
    return maxBatchedTokens;
  }

  /** Returns the engine steps run, over all replicas. */
  public long steps() {
    return steps;
  }

  /** Returns the time-averaged number of requests waiting or running over the elapsed time. */
  public double meanInSystem() {
    return meanInSystem;
  }

  /** Returns the occupancy sampled at equal intervals. */
  public List<OccupancySample> series() {
    return series;
  }

  /** Returns the assumptions behind the numbers. */
  public List<String> assumptions() {
    return assumptions;
  }

  /** Returns each request's TTFT in arrival order (NaN for a rejected request), seconds; not copied. */
  double[] ttftByRequest() {
    return ttftByRequest;
  }

  /** Returns the defaults that were applied, each with its value. */
  public List<String> defaultsUsed() {
    return defaultsUsed;
  }

  /**
   * Returns the per-GPU bandwidth each prompt's KV cache crossed from the prefill to the decode pool
   * (disaggregated serving only): the given link, or the one the KV transfer model chose.
   */
  public Optional<Bandwidth> kvLink() {
    return Optional.ofNullable(kvLink);
  }

  /**
   * Returns the KV transfer path in words (disaggregated serving only): the scale-up link or the
   * network and why, the streams, the bandwidth and where it comes from, and the latency.
   */
  public Optional<String> kvLinkDescription() {
    return kvLink == null ? Optional.empty() : Optional.of(kvLinkDescription);
  }
}
