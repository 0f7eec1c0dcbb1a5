package dev.llmcost.costmodel.serving;

import dev.llmcost.costmodel.inference.AttentionDpBalance;
import dev.llmcost.costmodel.inference.InferenceScenario;
import dev.llmcost.costmodel.inference.PrefillScheduling;
import dev.llmcost.costmodel.inference.SpeculativeDecoding;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * What to simulate: the engine (an {@link InferenceScenario} whose model, accelerator, tensor
 * and pipeline parallelism, weight and KV-cache types, attention kernel, overheads and memory reserve are used;
 * its batch and lengths are ignored), the load (arrivals and length distributions over a duration,
 * or a trace), the scheduler limits, the replicas and router, and the features (prefix caching,
 * speculative decoding, disaggregation). Build with {@link #builder}. Immutable.
 */
public final class ServingSimulation {

  /** Default duration of generated arrivals, seconds. */
  public static final double DEFAULT_DURATION_SECONDS = 600;
  /** Default seed. */
  public static final long DEFAULT_SEED = 1;
  /** Default P99 TTFT objective for goodput, seconds. */
  public static final double DEFAULT_TTFT_SLO_SECONDS = 1.0;
  /** Default P99 TPOT objective for goodput, seconds. */
  public static final double DEFAULT_TPOT_SLO_SECONDS = 0.05;

  private final InferenceScenario engine;
  private final ArrivalProcess arrivals;
  private final LengthDistribution input;
  private final LengthDistribution output;
  private final double durationSeconds;
  private final long seed;
  private final int replicas;
  private final Router router;
  private final @Nullable Integer maxNumSeqs;
  private final @Nullable Integer maxBatchedTokens;
  private final double prefixHitRate;
  private final @Nullable SpeculativeDecoding speculative;
  private final @Nullable Disaggregation disaggregation;
  private final double ttftSloSeconds;
  private final double tpotSloSeconds;
  private final int samples;
  private final double frontendSecondsPerRequest;
  private final AttentionDpBalance attentionDpBalance;
  private final int schedulerSteps;
  private final PrefillScheduling prefillScheduling;
  private final List<Integer> cudaGraphBatchSizes;
  private final boolean overlapScheduler;
  private final @Nullable ArrivalBatching batching;
  private final @Nullable PrefillGate prefillGate;

  private ServingSimulation(Builder b) {
    this.engine = b.engine;
    this.arrivals = Objects.requireNonNull(b.arrivals, "arrivals");
    this.input = b.input;
    this.output = b.output;
    this.durationSeconds = b.durationSeconds;
    this.seed = b.seed;
    this.replicas = b.replicas;
    this.router = b.router;
    this.maxNumSeqs = b.maxNumSeqs;
    this.maxBatchedTokens = b.maxBatchedTokens;
    this.prefixHitRate = b.prefixHitRate;
    this.speculative = b.speculative;
    this.disaggregation = b.disaggregation;
    this.ttftSloSeconds = b.ttftSloSeconds;
    this.tpotSloSeconds = b.tpotSloSeconds;
    this.samples = b.samples;
    this.frontendSecondsPerRequest = b.frontendSecondsPerRequest;
    this.attentionDpBalance = b.attentionDpBalance;
    this.schedulerSteps = b.schedulerSteps;
    this.prefillScheduling = b.prefillScheduling;
    this.cudaGraphBatchSizes = b.cudaGraphBatchSizes;
    this.overlapScheduler = b.overlapScheduler;
    this.batching = b.batching;
    this.prefillGate = b.prefillGate;
  }

  /**
   * Starts a simulation of an engine configuration.
   *
   * @param engine the engine (batch and lengths ignored); with pipeline parallelism ({@code pp > 1}) each replica
   *     runs {@code pp} micro-batches in flight as TensorRT-LLM does (s15f), {@link Builder#maxNumSeqs} bounding
   *     one micro-batch
   * @return the builder
   */
  public static Builder builder(InferenceScenario engine) {
    return new Builder(engine);
  }

  /** Returns a builder holding this simulation's settings. */
  public Builder toBuilder() {
    return toBuilder(engine);
  }

  /** Returns a builder holding this simulation's settings with another engine. */
  Builder toBuilder(InferenceScenario otherEngine) {
    Builder b = new Builder(otherEngine);
    b.arrivals = arrivals;
    b.input = input;
    b.output = output;
    b.durationSeconds = durationSeconds;
    b.seed = seed;
    b.replicas = replicas;
    b.router = router;
    b.maxNumSeqs = maxNumSeqs;
    b.maxBatchedTokens = maxBatchedTokens;
    b.prefixHitRate = prefixHitRate;
    b.speculative = speculative;
    b.disaggregation = disaggregation;
    b.ttftSloSeconds = ttftSloSeconds;
    b.tpotSloSeconds = tpotSloSeconds;
    b.samples = samples;
    b.frontendSecondsPerRequest = frontendSecondsPerRequest;
    b.attentionDpBalance = attentionDpBalance;
    b.schedulerSteps = schedulerSteps;
    b.prefillScheduling = prefillScheduling;
    b.cudaGraphBatchSizes = cudaGraphBatchSizes;
    b.overlapScheduler = overlapScheduler;
    b.batching = batching;
    b.prefillGate = prefillGate;
    return b;
  }

  /** Returns the engine configuration. */
  public InferenceScenario engine() {
    return engine;
  }

  /** Returns the arrivals. */
  public ArrivalProcess arrivals() {
    return arrivals;
  }

  /** Returns the prompt lengths (ignored with a trace). */
  public LengthDistribution input() {
    return input;
  }

  /** Returns the output lengths (ignored with a trace). */
  public LengthDistribution output() {
    return output;
  }

  /**
   * Returns the seconds over which arrivals are generated (ignored with a trace; with a closed loop only the
   * occupancy samples' spacing, {@code durationSeconds / samples}, is taken from it).
   */
  public double durationSeconds() {
    return durationSeconds;
  }

  /** Returns the seed of the random streams. */
  public long seed() {
    return seed;
  }

  /** Returns the replicas (co-located serving; see {@link #disaggregation()} for pools). */
  public int replicas() {
    return replicas;
  }

  /** Returns the router. */
  public Router router() {
    return router;
  }

  /** Returns the most running sequences per replica, if set (else vLLM's default for the GPU). */
  public OptionalInt maxNumSeqs() {
    return maxNumSeqs == null ? OptionalInt.empty() : OptionalInt.of(maxNumSeqs);
  }

  /** Returns the token budget per step, if set (else vLLM's default for the GPU). */
  public OptionalInt maxBatchedTokens() {
    return maxBatchedTokens == null ? OptionalInt.empty() : OptionalInt.of(maxBatchedTokens);
  }

  /** Returns the fraction of each prompt found in the prefix cache (0: none). */
  public double prefixHitRate() {
    return prefixHitRate;
  }

  /** Returns the speculative decoding, if any. */
  public Optional<SpeculativeDecoding> speculative() {
    return Optional.ofNullable(speculative);
  }

  /** Returns the harness batcher ahead of the engines (s18k), if any. */
  public Optional<ArrivalBatching> batching() {
    return Optional.ofNullable(batching);
  }

  /** Returns AMD's MLPerf prefill gate (s19f), if any. */
  public Optional<PrefillGate> prefillGate() {
    return Optional.ofNullable(prefillGate);
  }

  /** Returns the disaggregated pools, if any. */
  public Optional<Disaggregation> disaggregation() {
    return Optional.ofNullable(disaggregation);
  }

  /** Returns the P99 TTFT objective, seconds (also each request's objective for goodput). */
  public double ttftSloSeconds() {
    return ttftSloSeconds;
  }

  /** Returns the P99 TPOT objective, seconds (also each request's objective for goodput). */
  public double tpotSloSeconds() {
    return tpotSloSeconds;
  }

  /** Returns the number of occupancy samples over the run. */
  public int samples() {
    return samples;
  }

  /**
   * Returns the CPU time the API front end spends on each request before the engine sees it
   * (HTTP, validation, tokenisation), seconds; 0 for none. The front ends of a pool (one per
   * replica) share their CPU among the requests they hold (processor sharing), so a burst of
   * {@code n} requests reaches the engines after about {@code n · s / replicas}.
   */
  public double frontendSecondsPerRequest() {
    return frontendSecondsPerRequest;
  }

  /**
   * Returns TensorRT-LLM's attention-DP balancing of the engine (s15a; used only when the engine has attention data
   * parallelism; default {@link AttentionDpBalance#tensorRtLlmDefault()}, off).
   */
  public AttentionDpBalance attentionDpBalance() {
    return attentionDpBalance;
  }

  /**
   * Returns the decode steps per scheduling window (s15b): 1, the default, schedules every step (vLLM v1); {@code n >
   * 1} is vLLM V0's multi-step scheduling ({@code num_scheduler_steps n}), under which a request is admitted only when
   * the window in progress has run out.
   */
  public int schedulerSteps() {
    return schedulerSteps;
  }

  /**
   * Returns how prompts are scheduled relative to the decoding sequences (s15b): {@link PrefillScheduling#MIXED}, the
   * default, chunks them into the decode steps; {@link PrefillScheduling#SEPARATE} (vLLM V0 without chunked
   * prefill) prefills whole prompts in steps of their own, in which no sequence decodes.
   */
  public PrefillScheduling prefillScheduling() {
    return prefillScheduling;
  }

  /**
   * Returns the CUDA-graph batch sizes a decode-only step is padded to, per attention-data-parallel rank (s16b; empty,
   * the default: every step runs at its own batch). See {@link Builder#cudaGraphPadding}.
   */
  public List<Integer> cudaGraphBatchSizes() {
    return cudaGraphBatchSizes;
  }

  /**
   * Returns whether the engine schedules as TensorRT-LLM's overlap scheduler does (s16a; default false): the host
   * schedules the next step while the GPU runs the current one, so a request that arrives during a step is admitted
   * no earlier than the second step that starts after its arrival.
   */
  public boolean overlapScheduler() {
    return overlapScheduler;
  }

  /** Builds a {@link ServingSimulation}. */
  public static final class Builder {
    private final InferenceScenario engine;
    private @Nullable ArrivalProcess arrivals;
    private LengthDistribution input = LengthDistribution.fixed(1024);
    private LengthDistribution output = LengthDistribution.fixed(256);
    private double durationSeconds = DEFAULT_DURATION_SECONDS;
    private long seed = DEFAULT_SEED;
    private int replicas = 1;
    private Router router = Router.ROUND_ROBIN;
    private @Nullable Integer maxNumSeqs;
    private @Nullable Integer maxBatchedTokens;
    private double prefixHitRate;
    private @Nullable SpeculativeDecoding speculative;
    private @Nullable Disaggregation disaggregation;
    private double ttftSloSeconds = DEFAULT_TTFT_SLO_SECONDS;
    private double tpotSloSeconds = DEFAULT_TPOT_SLO_SECONDS;
    private int samples = 200;
    private double frontendSecondsPerRequest;
    private AttentionDpBalance attentionDpBalance = AttentionDpBalance.tensorRtLlmDefault();
    private int schedulerSteps = 1;
    private PrefillScheduling prefillScheduling = PrefillScheduling.MIXED;
    private List<Integer> cudaGraphBatchSizes = List.of();
    private boolean overlapScheduler;
    private @Nullable ArrivalBatching batching;
    private @Nullable PrefillGate prefillGate;

    private Builder(InferenceScenario engine) {
      this.engine = engine;
    }

    /**
     * Sets the arrivals (required).
     *
     * @param value the process
     * @return this builder
     */
    public Builder arrivals(ArrivalProcess value) {
      this.arrivals = value;
      return this;
    }

    /**
     * Sets Poisson arrivals.
     *
     * @param requestsPerSecond the rate
     * @return this builder
     * @throws IllegalArgumentException if the rate is not positive and finite
     */
    public Builder requestsPerSecond(double requestsPerSecond) {
      this.arrivals = ArrivalProcess.poisson(requestsPerSecond);
      return this;
    }

    /**
     * Sets the prompt lengths (default fixed 1,024).
     *
     * @param value the distribution
     * @return this builder
     */
    public Builder input(LengthDistribution value) {
      this.input = value;
      return this;
    }

    /**
     * Sets the output lengths (default fixed 256).
     *
     * @param value the distribution
     * @return this builder
     */
    public Builder output(LengthDistribution value) {
      this.output = value;
      return this;
    }

    /**
     * Sets the seconds of generated arrivals (default 600).
     *
     * @param value seconds, positive and finite
     * @return this builder
     * @throws IllegalArgumentException if not positive and finite
     */
    public Builder durationSeconds(double value) {
      if (!(value > 0) || Double.isInfinite(value)) {
        throw new IllegalArgumentException("durationSeconds must be > 0 and finite, was " + value);
      }
      this.durationSeconds = value;
      return this;
    }

    /**
     * Sets the seed (default 1).
     *
     * @param value the seed
     * @return this builder
     */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /**
     * Sets the replicas of co-located serving (default 1).
     *
     * @param value replicas, 1 to 100,000
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder replicas(int value) {
      if (value < 1 || value > 100_000) {
        throw new IllegalArgumentException("replicas must be in [1, 100000], was " + value);
      }
      this.replicas = value;
      return this;
    }

    /**
     * Sets the router (default round robin).
     *
     * @param value the router
     * @return this builder
     */
    public Builder router(Router value) {
      this.router = value;
      return this;
    }

    /**
     * Sets the most running sequences per replica ({@code max_num_seqs}); with pipeline parallelism the most in one
     * micro-batch (TensorRT-LLM's {@code max_batch_size}; {@code pp} times that active).
     *
     * @param value sequences, 1 to 1,000,000
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxNumSeqs(int value) {
      if (value < 1 || value > 1_000_000) {
        throw new IllegalArgumentException("maxNumSeqs must be in [1, 1000000], was " + value);
      }
      this.maxNumSeqs = value;
      return this;
    }

    /**
     * Sets the token budget per step ({@code max_num_batched_tokens}).
     *
     * @param value tokens, 1 to 1,048,576
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxBatchedTokens(int value) {
      if (value < 1 || value > 1 << 20) {
        throw new IllegalArgumentException("maxBatchedTokens must be in [1, 1048576], was " + value);
      }
      this.maxBatchedTokens = value;
      return this;
    }

    /**
     * Sets the fraction of each prompt found in the prefix cache (rounded down to whole blocks;
     * default 0). A trace's prefix ids take precedence for the requests that have one.
     *
     * @param value in [0, 1]
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder prefixHitRate(double value) {
      if (!(value >= 0 && value <= 1)) {
        throw new IllegalArgumentException("prefixHitRate must be in [0, 1], was " + value);
      }
      this.prefixHitRate = value;
      return this;
    }

    /**
     * Sets speculative decoding.
     *
     * @param value the draft and acceptance
     * @return this builder
     */
    public Builder speculative(SpeculativeDecoding value) {
      this.speculative = value;
      return this;
    }

    /**
     * Sets a harness batcher ahead of the engines (s18k; default none): requests reach the engines when their batch
     * is released, each batch whole to the replica the router picks at its release.
     *
     * @param value the batcher
     * @return this builder
     */
    public Builder batching(ArrivalBatching value) {
      this.batching = value;
      return this;
    }

    /**
     * Sets AMD's MLPerf prefill gate (s19f; default none): a scheduling point of a vLLM V0 engine without chunked
     * prefill prefills only when the gate passes (see {@link PrefillGate}). Needs {@link PrefillScheduling#SEPARATE}.
     *
     * @param value the gate
     * @return this builder
     */
    public Builder prefillGate(PrefillGate value) {
      this.prefillGate = Objects.requireNonNull(value, "prefillGate");
      return this;
    }

    /**
     * Sets disaggregated prefill and decode pools (in place of {@link #replicas}).
     *
     * @param value the pools
     * @return this builder
     */
    public Builder disaggregation(Disaggregation value) {
      this.disaggregation = value;
      return this;
    }

    /**
     * Sets the TTFT objective (default 1 s).
     *
     * @param value seconds, positive
     * @return this builder
     * @throws IllegalArgumentException if not positive and finite
     */
    public Builder ttftSloSeconds(double value) {
      if (!(value > 0) || Double.isInfinite(value)) {
        throw new IllegalArgumentException("ttftSloSeconds must be > 0 and finite, was " + value);
      }
      this.ttftSloSeconds = value;
      return this;
    }

    /**
     * Sets the TPOT objective (default 50 ms).
     *
     * @param value seconds, positive
     * @return this builder
     * @throws IllegalArgumentException if not positive and finite
     */
    public Builder tpotSloSeconds(double value) {
      if (!(value > 0) || Double.isInfinite(value)) {
        throw new IllegalArgumentException("tpotSloSeconds must be > 0 and finite, was " + value);
      }
      this.tpotSloSeconds = value;
      return this;
    }

    /**
     * Sets the number of occupancy samples over the run (default 200).
     *
     * @param value samples, 1 to 1,000,000
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder samples(int value) {
      if (value < 1 || value > 1_000_000) {
        throw new IllegalArgumentException("samples must be in [1, 1000000], was " + value);
      }
      this.samples = value;
      return this;
    }

    /**
     * Sets the API front end's CPU time per request (default 0: requests reach the engine as they
     * arrive). One front end per replica, each sharing its CPU among the requests it holds.
     *
     * @param value seconds, at least 0
     * @return this builder
     * @throws IllegalArgumentException if negative, NaN or infinite
     */
    public Builder frontendSecondsPerRequest(double value) {
      if (!(value >= 0) || Double.isInfinite(value)) {
        throw new IllegalArgumentException("frontendSecondsPerRequest must be >= 0 and finite, was " + value);
      }
      this.frontendSecondsPerRequest = value;
      return this;
    }

    /**
     * Sets TensorRT-LLM's attention-DP balancing (s15a; default {@link AttentionDpBalance#tensorRtLlmDefault()},
     * off): with it on, context requests wait until every attention-data-parallel rank has one. Used only when the
     * engine has attention data parallelism.
     *
     * @param value the setting
     * @return this builder
     */
    public Builder attentionDpBalance(AttentionDpBalance value) {
      this.attentionDpBalance = Objects.requireNonNull(value, "attentionDpBalance");
      return this;
    }

    /**
     * Sets the decode steps per scheduling window (default 1; s15b): vLLM V0's {@code num_scheduler_steps}. The
     * scheduler runs only when the window it last scheduled has run out, so a request that arrives during a window
     * of decode steps waits for its end before it is admitted.
     *
     * @param value steps, in [1, 1024]
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder schedulerSteps(int value) {
      if (value < 1 || value > 1024) {
        throw new IllegalArgumentException("schedulerSteps must be in [1, 1024], was " + value);
      }
      this.schedulerSteps = value;
      return this;
    }

    /**
     * Sets how prompts are scheduled (default {@link PrefillScheduling#MIXED}; s15b). {@link
     * PrefillScheduling#SEPARATE} is vLLM V0 with {@code enable_chunked_prefill: False}: a scheduling point admits
     * whole prompts within the token budget and, if it admitted any, runs a step prefilling only them.
     *
     * @param value the policy
     * @return this builder
     */
    public Builder prefillScheduling(PrefillScheduling value) {
      this.prefillScheduling = Objects.requireNonNull(value, "prefillScheduling");
      return this;
    }

    /**
     * Sets the CUDA graphs a TensorRT-LLM PyTorch engine captures with padding on ({@code cuda_graph_config:
     * enable_padding: true, batch_sizes: ...}; s16b; default none). A step in which no rank prefills is padded with
     * dummy generation requests to the smallest captured size at least the busiest rank's decoding sequences, and
     * every rank runs that many rows through its GEMMs, experts, collectives and output head (decode attention over the
     * real sequences); the sizes kept are those up to the per-rank {@code min(maxNumSeqs, maxBatchedTokens)} and
     * that bound where a size exceeds it; a larger decode-only batch runs eagerly. As TensorRT-LLM's {@code
     * CUDAGraphRunner._get_padded_batch} applies them (tensorrt_llm/_torch/pyexecutor/cuda_graph_runner.py); the
     * offline run's counterpart is {@code OfflineRun#withCudaGraphPadding}.
     *
     * @param batchSizes the sizes, ascending, each at least 1; empty for none
     * @return this builder
     * @throws IllegalArgumentException if a size is below 1 or the sizes are not ascending
     */
    public Builder cudaGraphPadding(List<Integer> batchSizes) {
      Objects.requireNonNull(batchSizes, "batchSizes");
      for (int i = 0; i < batchSizes.size(); i++) {
        Integer b = Objects.requireNonNull(batchSizes.get(i), "batchSizes element");
        if (b < 1 || i > 0 && b <= batchSizes.get(i - 1)) {
          throw new IllegalArgumentException(
              "cudaGraphPadding batch sizes must be ascending and at least 1, were " + batchSizes);
        }
      }
      this.cudaGraphBatchSizes = List.copyOf(batchSizes);
      return this;
    }

    /**
     * Sets TensorRT-LLM's overlap scheduler (default false; s16a). The PyTorch executor's {@code
     * _executor_loop_overlap} fetches new requests, schedules and launches a step, and only then waits for the
     * previous step's sampling and returns its responses, so while the GPU runs one step the next is scheduled
     * already: a request that arrives during a step is admitted no earlier than the second step that starts after its
     * arrival (NVIDIA/TensorRT-LLM tensorrt_llm/_torch/pyexecutor/py_executor.py at
     * 9521caf4696c1fb79b0f946f0d980f8f0ebd3e64). TensorRT-LLM turns it on unless {@code disable_overlap_scheduler}.
     *
     * @param value whether the engine overlaps its scheduling with the GPU's step
     * @return this builder
     */
    public Builder overlapScheduler(boolean value) {
      this.overlapScheduler = value;
      return this;
    }

    /**
     * Builds the simulation.
     *
     * @return the simulation
     * @throws IllegalArgumentException if no arrivals were set, the token budget is below the
     *     sequence limit, or an engine with pipeline parallelism asks for speculative decoding, prefix caching,
     *     disaggregation, attention data parallelism or CUDA-graph padding (not simulated with {@code pp > 1})
     */
    public ServingSimulation build() {
      if (arrivals == null) {
        throw new IllegalArgumentException("arrivals must be set (requestsPerSecond, arrivals or a trace)");
      }
      if (engine.pp() > 1) {
        // s15f: the pipelined engine runs TensorRT-LLM's micro-batches without these features
        @Nullable String unsupported = null;
        if (speculative != null) {
          unsupported = "speculative decoding";
        } else if (prefixHitRate > 0) {
          unsupported = "prefixHitRate " + prefixHitRate;
        } else if (disaggregation != null) {
          unsupported = "disaggregation";
        } else if (engine.attentionDataParallel()) {
          unsupported = "attention data parallelism";
        } else if (!cudaGraphBatchSizes.isEmpty()) {
          unsupported = "CUDA-graph padding";
        }
        if (unsupported != null) {
          throw new IllegalArgumentException(unsupported + " is not simulated with pipeline parallelism (pp "
              + engine.pp() + ")");
        }
      }
      if ((schedulerSteps > 1 || prefillScheduling != PrefillScheduling.MIXED) && disaggregation != null) {
        throw new IllegalArgumentException("schedulerSteps (" + schedulerSteps + ") and prefillScheduling ("
            + prefillScheduling + ") apply to engines that prefill and decode; not simulated with disaggregation");
      }
      if ((schedulerSteps > 1 || prefillScheduling != PrefillScheduling.MIXED)
          && (engine.pp() > 1 || engine.attentionDataParallel())) {
        // vLLM V0's settings (s15b) are simulated on the one-stage engine without attention-DP lock step (s15a, s15f)
        throw new IllegalArgumentException("schedulerSteps (" + schedulerSteps + ") and prefillScheduling ("
            + prefillScheduling + ") are not simulated with " + (engine.pp() > 1 ? "pipeline parallelism (pp "
            + engine.pp() + ")" : "attention data parallelism"));
      }
      if (arrivals.isClosedLoop()) {
        // s22a: the closed loop drives co-located replicas directly; the stages that rewrite arrivals ahead of the
        // engines (front end, harness batcher) and the disaggregated pools' second routing are open-arrival paths
        @Nullable String unsupported = disaggregation != null ? "disaggregation"
            : batching != null ? "batching (" + batching + ")"
            : frontendSecondsPerRequest > 0 ? "frontendSecondsPerRequest " + frontendSecondsPerRequest : null;
        if (unsupported != null) {
          throw new IllegalArgumentException(unsupported + " is not simulated with a closed loop (" + arrivals + ")");
        }
      }
      if (prefillGate != null && prefillScheduling != PrefillScheduling.SEPARATE) {
        // s19f: the patch gates Scheduler._schedule_default's prefills, the path without chunked prefill
        throw new IllegalArgumentException("prefillGate (" + prefillGate + ") needs prefillScheduling SEPARATE, was "
            + prefillScheduling);
      }
      if (overlapScheduler && (disaggregation != null || engine.pp() > 1 || schedulerSteps > 1
          || prefillScheduling != PrefillScheduling.MIXED)) {
        // s16a: the PyTorch executor's overlap loop on one stage, prefilling and decoding; its pipeline loop does not
        // overlap, and the vLLM V0 settings are another engine's
        throw new IllegalArgumentException("overlapScheduler (true) is simulated on an engine that prefills and decodes"
            + " in one stage, was " + (disaggregation != null ? "disaggregation" : engine.pp() > 1 ? "pp " + engine.pp()
            : "schedulerSteps " + schedulerSteps + ", prefillScheduling " + prefillScheduling));
      }
      if (maxNumSeqs != null && maxBatchedTokens != null && maxBatchedTokens < maxNumSeqs) {
        throw new IllegalArgumentException("maxBatchedTokens (" + maxBatchedTokens
            + ") must be >= maxNumSeqs (" + maxNumSeqs + ")");
      }
      return new ServingSimulation(this);
    }
  }
}
