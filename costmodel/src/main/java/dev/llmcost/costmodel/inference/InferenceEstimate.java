package dev.llmcost.costmodel.inference;

import dev.llmcost.core.internal.Require;
import java.util.List;

/**
 * The predicted latency, throughput and memory of serving a scenario, with the roofline of its
 * phases and the assumptions behind it.
 *
 * <p>Definitions: {@code ttftSeconds} is the time until every sequence of the batch has its first
 * token (the batch's prefill, plus the per-request overhead); {@code tpotSeconds} is the mean time
 * per output token after the first, averaged exactly over the decode steps as the context grows
 * from {@code input + 1} to {@code input + output − 1} tokens; {@code endToEndSeconds = ttft +
 * (output − 1) · tpot}; throughput is the batch's output tokens over the prefill and decode time
 * together, as TensorRT-LLM's {@code gptSessionBenchmark} reports it.
 *
 * @param scenario what was estimated
 * @param prefill the prefill of the whole batch (one forward pass; the slowest pipeline stage)
 * @param decodeStep one decode iteration of the batch at the mean context {@code input + output /
 *     2} (with pipeline parallelism: one micro-batch's operators on the slowest stage, the time of
 *     the whole iteration)
 * @param prefillSeconds wall time of the batch's prefill (pipeline fill included)
 * @param decodeSeconds wall time of all decode steps, {@code (output − 1) · tpot}
 * @param ttftSeconds time to first token, seconds
 * @param tpotSeconds time per output token after the first, seconds (for one output token: the
 *     step that would produce a second)
 * @param endToEndSeconds time from request to last token, seconds
 * @param outputTokensPerSecond output tokens per second of the replica ({@code tp × pp} GPUs)
 * @param outputTokensPerSecondPerGpu the same per GPU
 * @param kvCacheBytesPerToken KV-cache bytes one token stores across all layers and GPUs, ignoring
 *     sliding windows and replication
 * @param kvCacheBytesPerTokenPerGpu KV-cache bytes one token stores on one GPU (replicated KV heads
 *     included)
 * @param memoryPerGpu memory one GPU needs
 * @param maxBatchSize the largest batch whose memory fits, 0 when not even the weights fit
 * @param assumptions what the estimate assumed, in words
 */
public record InferenceEstimate(
    InferenceScenario scenario,
    PhaseCost prefill,
    PhaseCost decodeStep,
    double prefillSeconds,
    double decodeSeconds,
    double ttftSeconds,
    double tpotSeconds,
    double endToEndSeconds,
    double outputTokensPerSecond,
    double outputTokensPerSecondPerGpu,
    long kvCacheBytesPerToken,
    long kvCacheBytesPerTokenPerGpu,
    InferenceMemory memoryPerGpu,
    int maxBatchSize,
    List<String> assumptions) {

  /**
   * Validates the estimate and copies the assumptions.
   *
   * @throws IllegalArgumentException if a time or rate is negative, NaN or infinite
   */
  public InferenceEstimate {
    Require.nonNegative("prefillSeconds", prefillSeconds);
    Require.nonNegative("decodeSeconds", decodeSeconds);
    Require.nonNegative("ttftSeconds", ttftSeconds);
    Require.nonNegative("tpotSeconds", tpotSeconds);
    Require.nonNegative("endToEndSeconds", endToEndSeconds);
    Require.nonNegative("outputTokensPerSecond", outputTokensPerSecond);
    Require.nonNegative("outputTokensPerSecondPerGpu", outputTokensPerSecondPerGpu);
    Require.nonNegative("maxBatchSize", maxBatchSize);
    assumptions = List.copyOf(assumptions);
  }

  /** Returns whether the scenario's memory fits each GPU. */
  public boolean fits() {
    return memoryPerGpu.fits();
  }

  /** Returns the GPUs of the replica, {@code tp × pp}. */
  public int gpus() {
    return scenario.gpus();
  }

  /** Returns the requests the replica completes per second at this batch. */
  public double requestsPerSecond() {
    return outputTokensPerSecond / scenario.outputTokens();
  }

  /**
   * Returns the energy per request and per million output tokens at the default PUE ({@link
   * InferenceEnergy#DEFAULT_PUE}, 1.2).
   *
   * @return the energy
   * @throws IllegalArgumentException if the estimate completes no requests
   */
  public InferenceEnergy energy() {
    return InferenceEnergy.of(this, InferenceEnergy.DEFAULT_PUE);
  }

  /**
   * Returns the energy per request and per million output tokens at this PUE.
   *
   * @param pue power usage effectiveness of the data centre, at least 1
   * @return the energy
   * @throws IllegalArgumentException if the PUE is below 1 or the estimate completes no requests
   */
  public InferenceEnergy energy(double pue) {
    return InferenceEnergy.of(this, pue);
  }
}
