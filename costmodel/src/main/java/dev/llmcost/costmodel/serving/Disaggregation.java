package dev.llmcost.costmodel.serving;

import dev.llmcost.core.Bandwidth;
import dev.llmcost.costmodel.inference.InferenceScenario;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * Disaggregated serving (DistServe, Zhong et al. OSDI 2024; Splitwise, Patel et al. ISCA 2024): a
 * pool of prefill replicas produces each request's first token, its prompt's KV cache is sent over
 * a link to a pool of decode replicas, which generate the rest. Without a given link the simulator
 * chooses it as the analytic disaggregated capacity plan does: the scale-up link when the whole
 * deployment fits one scale-up domain, else the network, at the efficiency profile's fractions,
 * after the path's latency (the simulation's assumptions and {@link SimulationResult#kvLink()} say
 * which). The decode pool runs the simulation's engine under its limits unless {@link
 * #withDecodePool} gives it an engine of its own (another tensor-parallel degree, as DistServe
 * chooses each phase's parallelism apart) and limits of its own. Immutable.
 */
public final class Disaggregation {

  private final int prefillReplicas;
  private final int decodeReplicas;
  private final @Nullable Bandwidth link;
  private final @Nullable InferenceScenario decodeEngine;
  private final int decodeMaxNumSeqs;
  private final int decodeMaxBatchedTokens;

  private Disaggregation(int prefillReplicas, int decodeReplicas, @Nullable Bandwidth link) {
    this(prefillReplicas, decodeReplicas, link, null, 0, 0);
  }

  private Disaggregation(int prefillReplicas, int decodeReplicas, @Nullable Bandwidth link,
      @Nullable InferenceScenario decodeEngine, int decodeMaxNumSeqs, int decodeMaxBatchedTokens) {
    this.prefillReplicas = prefillReplicas;
    this.decodeReplicas = decodeReplicas;
    this.link = link;
    this.decodeEngine = decodeEngine;
    this.decodeMaxNumSeqs = decodeMaxNumSeqs;
    this.decodeMaxBatchedTokens = decodeMaxBatchedTokens;
  }

  /**
   * Returns a disaggregated deployment whose KV link the simulator chooses (see the class
   * description).
   *
   * @param prefillReplicas replicas in the prefill pool, at least 1
   * @param decodeReplicas replicas in the decode pool, at least 1
   * @return the deployment
   * @throws IllegalArgumentException if a pool is empty
   */
  public static Disaggregation of(int prefillReplicas, int decodeReplicas) {
    check(prefillReplicas, decodeReplicas);
    return new Disaggregation(prefillReplicas, decodeReplicas, null);
  }

  /**
   * Returns a disaggregated deployment with a given KV link bandwidth per GPU; the path (scale-up
   * link or network) and its latency are still the deployment's.
   *
   * @param prefillReplicas replicas in the prefill pool, at least 1
   * @param decodeReplicas replicas in the decode pool, at least 1
   * @param link bandwidth one GPU sends its share of a prompt's KV cache with, positive
   * @return the deployment
   * @throws IllegalArgumentException if a pool is empty or the link has no bandwidth
   */
  public static Disaggregation of(int prefillReplicas, int decodeReplicas, Bandwidth link) {
    check(prefillReplicas, decodeReplicas);
    if (!(link.bytesPerSecond() > 0)) {
      throw new IllegalArgumentException("link must be > 0 bytes/s, was " + link);
    }
    return new Disaggregation(prefillReplicas, decodeReplicas, link);
  }

  private static void check(int prefillReplicas, int decodeReplicas) {
    if (prefillReplicas < 1) {
      throw new IllegalArgumentException("prefillReplicas must be >= 1, was " + prefillReplicas);
    }
    if (decodeReplicas < 1) {
      throw new IllegalArgumentException("decodeReplicas must be >= 1, was " + decodeReplicas);
    }
  }

  /**
   * Returns the same pools with {@code prefillReplicas} and {@code decodeReplicas} replicas and this
   * deployment's link (given or chosen).
   *
   * @param prefillReplicas replicas in the prefill pool, at least 1
   * @param decodeReplicas replicas in the decode pool, at least 1
   * @return the deployment
   * @throws IllegalArgumentException if a pool is empty
   */
  public Disaggregation withReplicas(int prefillReplicas, int decodeReplicas) {
    check(prefillReplicas, decodeReplicas);
    return new Disaggregation(prefillReplicas, decodeReplicas, link, decodeEngine, decodeMaxNumSeqs,
        decodeMaxBatchedTokens);
  }

  /**
   * Returns the same pools whose decode replicas run {@code engine} under their own limits: the
   * most sequences in flight and the token budget of one decode replica's step (a decode replica
   * spends one token per decoding sequence). The engine must serve the simulation's model on its
   * accelerator in one pipeline stage, without speculative decoding or attention data
   * parallelism (the simulator checks the model and accelerator against the simulation's engine).
   * An MLPerf v5.1 example: NVIDIA's GB200 NVL72 Llama 3.1 405B Interactive run, 14 context
   * servers of tp 4 and 2 generation servers of tp 8 (inference-multi-source.md, s20c).
   *
   * @param engine the decode replicas' engine (its lengths are the simulation's requests')
   * @param maxNumSeqs most sequences one decode replica holds, at least 1
   * @param maxBatchedTokens token budget of one decode replica's step, at least {@code maxNumSeqs}
   * @return the deployment
   * @throws IllegalArgumentException if a limit is out of range, or the engine has pipeline stages
   *     or attention data parallelism
   */
  public Disaggregation withDecodePool(InferenceScenario engine, int maxNumSeqs, int maxBatchedTokens) {
    if (maxNumSeqs < 1) {
      throw new IllegalArgumentException("maxNumSeqs must be >= 1, was " + maxNumSeqs);
    }
    if (maxBatchedTokens < maxNumSeqs) {
      throw new IllegalArgumentException("maxBatchedTokens (" + maxBatchedTokens + ") must be >= maxNumSeqs ("
          + maxNumSeqs + ")");
    }
    if (engine.pp() != 1) {
      throw new IllegalArgumentException("the decode engine must have one pipeline stage, was pp " + engine.pp());
    }
    if (engine.attentionDataParallel()) {
      throw new IllegalArgumentException("the decode engine's attention data parallelism is not simulated in a"
          + " decode pool of its own");
    }
    return new Disaggregation(prefillReplicas, decodeReplicas, link, engine, maxNumSeqs, maxBatchedTokens);
  }

  /** Returns the prefill replicas. */
  public int prefillReplicas() {
    return prefillReplicas;
  }

  /** Returns the decode replicas. */
  public int decodeReplicas() {
    return decodeReplicas;
  }

  /** Returns the decode replicas' own engine ({@link #withDecodePool}); empty when they run the simulation's. */
  public Optional<InferenceScenario> decodeEngine() {
    return Optional.ofNullable(decodeEngine);
  }

  /** Returns the decode replicas' own sequence limit ({@link #withDecodePool}); empty when it is the simulation's. */
  public OptionalInt decodeMaxNumSeqs() {
    return decodeEngine == null ? OptionalInt.empty() : OptionalInt.of(decodeMaxNumSeqs);
  }

  /** Returns the decode replicas' own token budget ({@link #withDecodePool}); empty when it is the simulation's. */
  public OptionalInt decodeMaxBatchedTokens() {
    return decodeEngine == null ? OptionalInt.empty() : OptionalInt.of(decodeMaxBatchedTokens);
  }

  /** Returns the given per-GPU KV transfer bandwidth; empty when the simulator chooses it. */
  public Optional<Bandwidth> link() {
    return Optional.ofNullable(link);
  }
}
