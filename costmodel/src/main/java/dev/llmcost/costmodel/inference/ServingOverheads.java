package dev.llmcost.costmodel.inference;

import dev.llmcost.core.internal.Require;
import org.jspecify.annotations.Nullable;

/**
 * Time a serving engine spends outside the roofline of its kernels: launch gaps and
 * synchronisation that the GPU does not hide, per layer and per forward pass, and fixed work per
 * request (tokenisation, network, scheduling); and, for an engine whose scheduler runs in Python,
 * host work per sequence per iteration and the host time of launching a forward pass eagerly, which
 * overlap the GPU's work.
 */
public final class ServingOverheads {
  private final double perLayerSeconds;
  private final double perStepSeconds;
  private final double perRequestSeconds;
  private final double hostSecondsPerSequence;
  private final double hostSecondsPerEagerMoeLayer;
  private final double hostSecondsPerEagerLayer;

  /** No overheads: the bare roofline. */
  public static final ServingOverheads NONE = new ServingOverheads(0, 0, 0, 0, 0, 0);

  /**
   * Host seconds per sequence in flight per decode iteration of TensorRT-LLM's PyTorch backend
   * (the {@code PyExecutor}, whose loop schedules, prepares inputs and post-processes samples in
   * Python): 45.11 ms of average {@code host_step_time} per iteration at 1,536 sequences per rank,
   * about 29.4 µs per sequence. Source: NVIDIA/TensorRT-LLM pull request 10273 ("Re-implement
   * MicroBatchScheduler and CapacityScheduler in Python", 2025-12-24), GB200, GPT-OSS-120B,
   * attention DP 2 with {@code max_batch_size} 1536, concurrency 3,072, 1k/1k, C++ scheduler: "the
   * average per iteration host_step_time is 45.11 ms". It is one measurement of one deployment,
   * divided by the sequences per rank as if the host work were all per sequence (no fixed part is
   * published).
   */
  public static final double TRTLLM_PYTORCH_HOST_SECONDS_PER_SEQUENCE = 45.11e-3 / 1536;

  /**
   * How much slower the host loop of TensorRT-LLM's PyTorch backend runs on {@link HostCpu#GRACE}
   * than on {@link HostCpu#X86}: 1.4 (1.5 before decode attention ran on tensor cores, infer9g, then 1.2; 1.3 once
   * the routed experts' NVFP4 GEMMs run at most at the measured fused-MoE rate, infer9h; 1.4 once their weight reads
   * take the measured NVFP4 fused-MoE bandwidth, s14g), fitted (with
   * {@link #TRTLLM_PYTORCH_EAGER_SECONDS_PER_MOE_LAYER})
   * to the 16 Qwen3-30B-A3B FP4 cells of TensorRT-LLM 1.0's performance overview on one B200 (x86
   * host) and one GB200 (Grace) that the multi-source validation does not compare
   * ({@code PytorchBackendHostFitTest} re-runs the fit). The per-operator CPU time of PyTorch
   * measured in NVIDIA/TransformerEngine issue 2053 is 2.75 times slower on GB200 than on a DGX H100
   * ({@link HostCpu}); the engine's loop, part Python and part C++, is slowed less. The refit's move
   * from 1.5 is not a host effect: once decode attention is memory-bound, the B200 cells whose GPU
   * side the model runs too fast (2048/128, 5000/500, 128/4096, 20000/2000: prefill-heavy or long
   * contexts) pull the x86 host slower, the only knob the fit has; the host-bound 128/128 cell then
   * reads 0.83 for GB200 over B200 against the measured 0.605 (inference-multi-source.md, infer9g). With the
   * fused-MoE ceiling of the expert GEMMs (grouped-gemm.csv) the prefill-heavy cells' GPU side is slower and the
   * fit moves back part of the way (1.2 -> 1.3, eager 52.5 -> 47.5 ms; RMS 0.144 -> 0.111, infer9h); with the
   * measured NVFP4 weight-read rate of those GEMMs (grouped-gemm.csv's B300 rows) further (1.3 -> 1.4, eager 47.5 ->
   * 42.5 ms, s14g).
   */
  public static final double GRACE_HOST_SLOWDOWN = 1.4;

  /**
   * Host seconds per mixture-of-experts layer to launch one forward pass eagerly in TensorRT-LLM's
   * PyTorch backend on an x86 host: 0.89 ms (42.5 ms for Qwen3-30B-A3B's 48 MoE layers; 40 ms before
   * decode attention ran on tensor cores, 52.5 ms before the routed experts' NVFP4 GEMMs took the measured
   * fused-MoE ceiling, infer9h, 47.5 ms before their weight reads took the measured NVFP4 fused-MoE bandwidth,
   * s14g), fitted with
   * {@link #GRACE_HOST_SLOWDOWN}. The backend replays CUDA graphs only for iterations without a
   * prompt ({@code ScheduledRequests.can_run_cuda_graph}: no context requests,
   * tensorrt_llm/_torch/pyexecutor/scheduler.py); an iteration that prefills a prompt launches every
   * kernel of the pass from Python, on the thread that also schedules and prepares the next
   * iteration. It is charged to the MoE layers only: the published dense runs show no such cost
   * (Llama 3.3 70B's 80 layers at 1000/1000 run faster on GB200 than on B200, 7,326 against 7,007
   * tokens/s, where any per-layer launch cost would be 1.5 times longer on the Grace host), while
   * the MoE runs of Qwen3-30B-A3B and Llama 4 Scout are slower on GB200 at high concurrency (17,481
   * against 25,828 and 7,738 against 10,591 tokens/s at 1000/1000).
   */
  public static final double TRTLLM_PYTORCH_EAGER_SECONDS_PER_MOE_LAYER = 42.5e-3 / 48;

  /**
   * s24g: host seconds per transformer layer that SGLang's eager (un-graphed) extend pass of a DeepSeek-V3-architecture
   * model costs beyond the same pass replayed from a CUDA graph: (82.64 − 23.10) ms over 61 layers, 0.976 ms. Source:
   * sgl-project/sglang pull request 12160 ("support prefill-cuda-graph based on cuda-graph-runner (including mla &amp;
   * prefix-cache)", 2025-10-26, DeepSeek-V3): the scheduler's "forward cost" log line of an extend of 1 new token is
   * 82.6406 ms eagerly (2025-10-14) and 23.0978 ms replayed from a prefill CUDA graph (2025-10-16). A 1-token pass does
   * almost no GPU work, so the difference is the time of launching the pass's kernels from Python that a graph replay
   * saves. One log of one deployment: the GPU, host CPU and SGLang commit are not stated (a CUDA GPU: the pull request
   * captures CUDA graphs). SGLang replays CUDA graphs for decode batches only unless the extend pass is captured too
   * (piecewise CUDA graphs: opt-in through 0.5.9, on by default from 0.5.10 where supported, sgl-project/sglang PR
   * 16331), so an engine of an earlier version launches every iteration that carries a prompt this way. Not fitted: no
   * validation row informs it. Default 0 ({@link #calibrated()}); a scenario sets it through {@link
   * Builder#hostSecondsPerEagerLayer}.
   */
  public static final double SGLANG_EAGER_EXTEND_SECONDS_PER_LAYER = (82.6406478881836e-3 - 23.097753524780273e-3) / 61;

  /**
   * Validates the overheads.
   *
   * @throws IllegalArgumentException if a value is negative, NaN or infinite
   */
  private ServingOverheads(
      double perLayerSeconds, double perStepSeconds, double perRequestSeconds, double hostSecondsPerSequence,
      double hostSecondsPerEagerMoeLayer, double hostSecondsPerEagerLayer) {
    Require.nonNegative("perLayerSeconds", perLayerSeconds);
    Require.nonNegative("perStepSeconds", perStepSeconds);
    Require.nonNegative("perRequestSeconds", perRequestSeconds);
    Require.nonNegative("hostSecondsPerSequence", hostSecondsPerSequence);
    Require.nonNegative("hostSecondsPerEagerMoeLayer", hostSecondsPerEagerMoeLayer);
    Require.nonNegative("hostSecondsPerEagerLayer", hostSecondsPerEagerLayer);
    this.perLayerSeconds = perLayerSeconds;
    this.perStepSeconds = perStepSeconds;
    this.perRequestSeconds = perRequestSeconds;
    this.hostSecondsPerSequence = hostSecondsPerSequence;
    this.hostSecondsPerEagerMoeLayer = hostSecondsPerEagerMoeLayer;
    this.hostSecondsPerEagerLayer = hostSecondsPerEagerLayer;
  }

  /**
   * Returns the overheads fitted to TensorRT-LLM v0.9.0 measurements (see {@link
   * InferenceCalibration#CALIBRATED}): a per-layer overhead, nothing per step or per request, and no
   * host work per sequence (a scheduler in C++, as TensorRT-LLM's C++ executor; see {@link
   * #pythonScheduler()} for TensorRT-LLM's PyTorch backend).
   *
   * @return the calibrated overheads
   */
  public static ServingOverheads calibrated() {
    return InferenceCalibration.CALIBRATED.overheads();
  }

  /** Returns a copy with another per-request overhead (seconds). */
  public ServingOverheads withPerRequestSeconds(double seconds) {
    return seconds == perRequestSeconds
        ? this
        : new ServingOverheads(perLayerSeconds, perStepSeconds, seconds, hostSecondsPerSequence,
            hostSecondsPerEagerMoeLayer, hostSecondsPerEagerLayer);
  }

  /**
   * Returns a copy with the host work of TensorRT-LLM's PyTorch backend, {@link
   * #TRTLLM_PYTORCH_HOST_SECONDS_PER_SEQUENCE} per sequence per decode iteration on each rank.
   *
   * @return the overheads
   */
  public ServingOverheads pythonScheduler() {
    return toBuilder().hostSecondsPerSequence(TRTLLM_PYTORCH_HOST_SECONDS_PER_SEQUENCE).build();
  }

  /**
   * Returns a copy with the host work of TensorRT-LLM's PyTorch backend on a given host CPU: per
   * sequence per iteration {@link #TRTLLM_PYTORCH_HOST_SECONDS_PER_SEQUENCE} (measured on GB200, a
   * Grace host) on {@link HostCpu#GRACE} and that over {@link #GRACE_HOST_SLOWDOWN} on {@link
   * HostCpu#X86}; per MoE layer of an eagerly launched pass (an iteration that prefills a prompt) {@link
   * #TRTLLM_PYTORCH_EAGER_SECONDS_PER_MOE_LAYER} on x86, times {@link #GRACE_HOST_SLOWDOWN} on Grace.
   *
   * @param cpu the host CPU ({@link HostCpu#of} gives the one of an accelerator)
   * @return the overheads
   */
  public ServingOverheads pythonScheduler(HostCpu cpu) {
    boolean grace = cpu == HostCpu.GRACE;
    return toBuilder()
        .hostSecondsPerSequence(grace ? TRTLLM_PYTORCH_HOST_SECONDS_PER_SEQUENCE
            : TRTLLM_PYTORCH_HOST_SECONDS_PER_SEQUENCE / GRACE_HOST_SLOWDOWN)
        .hostSecondsPerEagerMoeLayer(grace ? TRTLLM_PYTORCH_EAGER_SECONDS_PER_MOE_LAYER * GRACE_HOST_SLOWDOWN
            : TRTLLM_PYTORCH_EAGER_SECONDS_PER_MOE_LAYER)
        .build();
  }

  /**
   * Starts overheads of zero, to set by name.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder(NONE);
  }

  /**
   * Returns a builder that starts from these overheads.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds {@link ServingOverheads} by named parts; every part not set stays as it was (0 from {@link #builder()}). */
  public static final class Builder {
    private double perLayerSeconds;
    private double perStepSeconds;
    private double perRequestSeconds;
    private double hostSecondsPerSequence;
    private double hostSecondsPerEagerMoeLayer;
    private double hostSecondsPerEagerLayer;

    private Builder(ServingOverheads from) {
      this.perLayerSeconds = from.perLayerSeconds;
      this.perStepSeconds = from.perStepSeconds;
      this.perRequestSeconds = from.perRequestSeconds;
      this.hostSecondsPerSequence = from.hostSecondsPerSequence;
      this.hostSecondsPerEagerMoeLayer = from.hostSecondsPerEagerMoeLayer;
      this.hostSecondsPerEagerLayer = from.hostSecondsPerEagerLayer;
    }

    /** Sets the seconds added per transformer layer per forward pass, at least 0. */
    public Builder perLayerSeconds(double seconds) {
      this.perLayerSeconds = seconds;
      return this;
    }

    /** Sets the seconds added per forward pass, at least 0. */
    public Builder perStepSeconds(double seconds) {
      this.perStepSeconds = seconds;
      return this;
    }

    /** Sets the seconds added once to each request's time to first token, at least 0. */
    public Builder perRequestSeconds(double seconds) {
      this.perRequestSeconds = seconds;
      return this;
    }

    /**
     * Sets the host seconds per sequence in flight per decode iteration on each rank (an engine
     * whose scheduler runs in Python), at least 0; the host work overlaps the GPU's, so an iteration
     * takes the longer of the two.
     */
    public Builder hostSecondsPerSequence(double seconds) {
      this.hostSecondsPerSequence = seconds;
      return this;
    }

    /**
     * Sets the host seconds per mixture-of-experts layer to launch a forward pass eagerly (without a
     * CUDA graph) on each rank, at least 0: an engine that replays CUDA graphs only for decode-only
     * iterations launches every kernel of an iteration that prefills a prompt from the host thread
     * that also prepares the next iteration, so such an iteration takes the longer of the GPU's work
     * and this times the MoE layers plus the per-sequence host work ({@link
     * InferenceCostModel#offlineRun}).
     */
    public Builder hostSecondsPerEagerMoeLayer(double seconds) {
      this.hostSecondsPerEagerMoeLayer = seconds;
      return this;
    }

    /**
     * s24g: sets the host seconds per transformer layer (every layer, dense or MoE) to launch a forward pass that
     * prefills a prompt eagerly on each rank, at least 0, as {@link #hostSecondsPerEagerMoeLayer} but counted over
     * all layers: SGLang before piecewise CUDA graphs ({@link #SGLANG_EAGER_EXTEND_SECONDS_PER_LAYER}). Such an
     * iteration takes the longer of the GPU's work and this times the layers (plus any other host part).
     */
    public Builder hostSecondsPerEagerLayer(double seconds) {
      this.hostSecondsPerEagerLayer = seconds;
      return this;
    }

    /**
     * Returns the overheads.
     *
     * @return the overheads
     * @throws IllegalArgumentException if a value is negative, NaN or infinite, naming it
     */
    public ServingOverheads build() {
      return new ServingOverheads(perLayerSeconds, perStepSeconds, perRequestSeconds, hostSecondsPerSequence,
          hostSecondsPerEagerMoeLayer, hostSecondsPerEagerLayer);
    }
  }

  /** Returns the seconds added per transformer layer per forward pass (kernel launches and gaps between the ~10 kernels of a layer). */
  public double perLayerSeconds() {
    return perLayerSeconds;
  }

  /** Returns the seconds added per forward pass (sampling, host synchronisation). */
  public double perStepSeconds() {
    return perStepSeconds;
  }

  /** Returns the seconds added once to each request's time to first token. */
  public double perRequestSeconds() {
    return perRequestSeconds;
  }

  /**
   * Returns the host seconds per sequence in flight per decode iteration on each rank (0: the host
   * keeps up with the GPU). A decode iteration takes {@code max(GPU iteration, sequences per rank ×
   * this)}: the engine prepares the next iteration while the GPU runs the current one.
   */
  public double hostSecondsPerSequence() {
    return hostSecondsPerSequence;
  }

  /**
   * Returns the host seconds per mixture-of-experts layer to launch a forward pass eagerly on each rank (0:
   * launches never hold the host up); charged to iterations that prefill a prompt.
   */
  public double hostSecondsPerEagerMoeLayer() {
    return hostSecondsPerEagerMoeLayer;
  }

  /**
   * s24g: returns the host seconds per transformer layer to launch a forward pass that prefills a prompt eagerly on
   * each rank (0: none; {@link #SGLANG_EAGER_EXTEND_SECONDS_PER_LAYER} for SGLang's un-graphed extend pass).
   */
  public double hostSecondsPerEagerLayer() {
    return hostSecondsPerEagerLayer;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof ServingOverheads o
          && Double.compare(perLayerSeconds, o.perLayerSeconds) == 0
          && Double.compare(perStepSeconds, o.perStepSeconds) == 0
          && Double.compare(perRequestSeconds, o.perRequestSeconds) == 0
          && Double.compare(hostSecondsPerSequence, o.hostSecondsPerSequence) == 0
          && Double.compare(hostSecondsPerEagerMoeLayer, o.hostSecondsPerEagerMoeLayer) == 0
          && Double.compare(hostSecondsPerEagerLayer, o.hostSecondsPerEagerLayer) == 0;
  }

  @Override
  public int hashCode() {
    int h = Double.hashCode(perLayerSeconds);
    h = 31 * h + Double.hashCode(perStepSeconds);
    h = 31 * h + Double.hashCode(perRequestSeconds);
    h = 31 * h + Double.hashCode(hostSecondsPerSequence);
    h = 31 * h + Double.hashCode(hostSecondsPerEagerMoeLayer);
    if (hostSecondsPerEagerLayer != 0) { // s24g: the hash of overheads without it as before
      h = 31 * h + Double.hashCode(hostSecondsPerEagerLayer);
    }
    return h;
  }

  @Override
  public String toString() {
    return "ServingOverheads[perLayerSeconds=" + perLayerSeconds + ", perStepSeconds=" + perStepSeconds + ", perRequestSeconds=" + perRequestSeconds
        + ", hostSecondsPerSequence=" + hostSecondsPerSequence + ", hostSecondsPerEagerMoeLayer="
        + hostSecondsPerEagerMoeLayer + (hostSecondsPerEagerLayer > 0 ? ", hostSecondsPerEagerLayer="
        + hostSecondsPerEagerLayer : "") + "]";
  }
}
