package dev.llmcost.costmodel.planner;

import dev.llmcost.core.Money;
import dev.llmcost.core.TokenCount;
import dev.llmcost.core.internal.Require;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.PositionEncoding;
import dev.llmcost.costmodel.training.Cluster;
import dev.llmcost.costmodel.training.CudaGraphScope;
import dev.llmcost.costmodel.training.ExpertCapacity;
import dev.llmcost.costmodel.training.FlopsAccounting;
import dev.llmcost.costmodel.training.FsdpBackwardPrefetch;
import dev.llmcost.costmodel.training.MoeDispatcher;
import dev.llmcost.costmodel.training.Optimizer;
import dev.llmcost.costmodel.training.Parallelism;
import dev.llmcost.costmodel.training.PipelineLayout;
import dev.llmcost.costmodel.training.PipelineSchedule;
import dev.llmcost.costmodel.training.PrecisionRecipe;
import dev.llmcost.costmodel.training.Recompute;
import dev.llmcost.costmodel.training.StackSettings;
import dev.llmcost.costmodel.training.TrainingAttentionKernel;
import dev.llmcost.costmodel.training.TrainingFramework;
import dev.llmcost.costmodel.training.TrainingJob;
import dev.llmcost.costmodel.training.ZeroStage;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What to plan: a model on a cluster with a sequence length, a global batch and training tokens,
 * the numerics every candidate shares (precision, optimizer, attention kernel, overlap, price...),
 * the space to search, the objective and how many of the best to keep.
 *
 * <p>Build one with {@link #builder(ModelArchitecture, Cluster)} or, to search around an existing
 * job, {@link #builder(TrainingJob)}.
 */
public final class PlanRequest {
  private final TrainingJob recipe;
  private final int globalBatchSize;
  private final BatchPolicy batchPolicy;
  private final int shardGroupSize;
  private final SearchSpace space;
  private final Objective objective;
  private final int top;
  private final int threads;
  private final @Nullable PipelineLayout pipelineLayout;

  /** Best configurations kept when none is asked for. */
  public static final int DEFAULT_TOP = 5;
  /**
   * Validates the request.
   *
   * @throws IllegalArgumentException if the batch, top or threads are below 1, the shard group is
   *     negative, or a GPU count of the space is neither a whole number of the cluster's nodes nor
   *     a divisor of its node size
   */
  private PlanRequest(
      TrainingJob recipe,
      int globalBatchSize,
      BatchPolicy batchPolicy,
      int shardGroupSize,
      SearchSpace space,
      Objective objective,
      int top,
      int threads,
      @Nullable PipelineLayout pipelineLayout) {
    Require.positive("globalBatchSize", globalBatchSize);
    Require.nonNegative("shardGroupSize", shardGroupSize);
    Require.positive("top", top);
    Require.positive("threads", threads);
    int perNode = recipe.cluster().gpusPerNode();
    for (int g : space.gpuCounts()) {
      if (g % perNode != 0 && perNode % g != 0) {
        throw new IllegalArgumentException(
            "gpuCounts must be whole nodes of " + perNode + " GPUs or a divisor of " + perNode + ", was " + g);
      }
    }
    this.recipe = recipe;
    this.globalBatchSize = globalBatchSize;
    this.batchPolicy = batchPolicy;
    this.shardGroupSize = shardGroupSize;
    this.space = space;
    this.objective = objective;
    this.top = top;
    this.threads = threads;
    this.pipelineLayout = pipelineLayout;
    if (pipelineLayout != null) {
      validateLayout(recipe, space, pipelineLayout);
    }
  }

  /**
   * Refuses a pipeline layout the search cannot keep to (s21f): it fixes pp and the virtual stages, so the space must
   * allow its pp and its chunk count, and the schedule they run (1F1B for one chunk a rank, the interleaved schedule
   * for more); the layout must place the model's layers and trained multi-token-prediction layers (as {@link
   * TrainingJob.Builder#pipelineLayout(PipelineLayout)} requires), and cannot be combined with a last stage given.
   */
  private static void validateLayout(TrainingJob recipe, SearchSpace space, PipelineLayout layout) {
    int pp = layout.pipelineStages();
    int v = layout.virtualStages();
    if (pp < 2) {
      throw new IllegalArgumentException("pipelineLayout needs pp >= 2 (one stage has nothing to place), was " + layout);
    }
    if (recipe.lastPipelineStageLayers() > 0) {
      throw new IllegalArgumentException("pipelineLayout cannot be combined with lastPipelineStageLayers (one placement"
          + " each), was " + layout + " with " + recipe.lastPipelineStageLayers());
    }
    if (layout.decoderLayers() != recipe.model().layers()) {
      throw new IllegalArgumentException("pipelineLayout must place the " + recipe.model().layers()
          + " transformer layers of " + recipe.model().id() + ", placed " + layout.decoderLayers() + " (" + layout + ")");
    }
    int mtp = recipe.multiTokenPrediction() ? recipe.model().multiTokenPredictionLayers() : 0;
    if (layout.mtpLayers() != mtp) {
      throw new IllegalArgumentException("pipelineLayout must place the " + mtp + " multi-token-prediction layer(s) the"
          + " job trains, placed " + layout.mtpLayers() + " (" + layout + ")");
    }
    if (!space.pipelineParallel().isEmpty() && !space.pipelineParallel().contains(pp)) {
      throw new IllegalArgumentException("pipelineLayout " + layout + " fixes pp at " + pp
          + ", which the space's pipeline degrees " + space.pipelineParallel() + " leave out");
    }
    if (!space.virtualStages().isEmpty() && !space.virtualStages().contains(v)) {
      throw new IllegalArgumentException("pipelineLayout " + layout + " fixes the virtual stages at " + v
          + ", which the space's " + space.virtualStages() + " leave out");
    }
    if (v > 1 ? !space.schedules().contains(PipelineSchedule.INTERLEAVED)
        : !space.schedules().contains(PipelineSchedule.ONE_F_ONE_B)) {
      throw new IllegalArgumentException("pipelineLayout " + layout + " runs the " + (v > 1 ? "interleaved" : "1f1b")
          + " schedule, which the space's schedules " + space.schedules() + " leave out");
    }
  }

  /**
   * Returns the pipeline layout every candidate keeps (see {@link Builder#pipelineLayout(PipelineLayout)}), if any.
   * The recipe job does not carry it (its parallelism is a placeholder); each candidate's job does.
   */
  public java.util.Optional<PipelineLayout> pipelineLayout() {
    return java.util.Optional.ofNullable(pipelineLayout);
  }

  /** Returns the GPU counts searched: the space's, or the cluster's GPUs. */
  public List<Integer> gpuCounts() {
    return space.gpuCounts().isEmpty() ? List.of(recipe.cluster().gpus()) : space.gpuCounts();
  }

  /**
   * Returns the cluster of {@code gpus} GPUs with this request's nodes and links: whole nodes of
   * the recipe's node size, or one node of {@code gpus} GPUs below it.
   *
   * @param gpus GPUs
   * @return the cluster
   * @throws IllegalArgumentException if {@code gpus} is neither whole nodes nor a divisor of the
   *     node size
   */
  public Cluster clusterOf(int gpus) {
    Cluster c = recipe.cluster();
    int perNode = c.gpusPerNode();
    Require.positive("gpus", gpus);
    if (gpus % perNode != 0 && perNode % gpus != 0) {
      throw new IllegalArgumentException(
          "gpus must be whole nodes of " + perNode + " GPUs or a divisor of " + perNode + ", was " + gpus);
    }
    int nodeSize = Math.min(gpus, perNode);
    return c.withNodes(nodeSize, gpus / nodeSize);
  }

  /**
   * Starts a request for {@code model} on {@code cluster}. Defaults: sequence length 2048 (or the
   * model's learned position table if shorter), a
   * global batch of at least 512 sequences ({@link BatchPolicy#AT_LEAST}; setting a batch makes it
   * {@link BatchPolicy#EXACT} unless a policy is set), the numerics of {@link TrainingJob.Builder}
   * (bf16 mixed precision, AdamW, FlashAttention, no dropout...), every configuration of {@link
   * SearchSpace#ALL}, objective {@link Objective#TIME}, the best {@value #DEFAULT_TOP}, and one
   * thread per available processor.
   *
   * @param model the architecture
   * @param cluster the cluster (its GPUs are searched unless the space names other counts)
   * @return a builder
   */
  public static Builder builder(ModelArchitecture model, Cluster cluster) {
    int seq = TrainingJob.DEFAULT_SEQUENCE_LENGTH;
    if (model.embeddings().positions() == PositionEncoding.LEARNED) {
      seq = Math.min(seq, model.embeddings().maxPositions());
    }
    return new Builder(TrainingJob.builder(model, cluster).sequenceLength(seq), model, false, cluster,
        TrainingJob.DEFAULT_GLOBAL_BATCH, BatchPolicy.AT_LEAST, 0);
  }

  /**
   * Starts a request that searches around {@code job}: its model, cluster, sequence length,
   * training tokens, numerics and HSDP shard group, with its global batch kept exactly.
   *
   * @param job the job
   * @return a builder
   */
  public static Builder builder(TrainingJob job) {
    return new Builder(job.toBuilder(), job.model(), job.expertParallelOverlap(), job.cluster(), job.globalBatchSize(),
        BatchPolicy.EXACT, job.shardGroupSize()).pipelineLayout(job.pipelineLayout().orElse(null));
  }

  /**
   * Returns a builder that starts from this request, to change a few settings: the same model,
   * cluster, numerics, batch and batch policy, space, objective, top and threads.
   *
   * @return a builder holding every setting of this request
   */
  public Builder toBuilder() {
    Builder b = new Builder(recipe.toBuilder(), recipe.model(), recipe.expertParallelOverlap(), recipe.cluster(),
        globalBatchSize, batchPolicy, shardGroupSize);
    b.policySet = true;
    return b.space(space).objective(objective).top(top).threads(threads).pipelineLayout(pipelineLayout);
  }

  /** Builds a {@link PlanRequest}; setters not called keep the defaults listed on {@link #builder(ModelArchitecture, Cluster)}. */
  public static final class Builder implements StackSettings<Builder> {
    private final TrainingJob.Builder job;
    private final ModelArchitecture model;
    private boolean expertParallelOverlap;
    private final Cluster cluster;
    private int globalBatchSize;
    private BatchPolicy batchPolicy;
    private boolean policySet;
    private int shardGroupSize;
    private SearchSpace space = SearchSpace.ALL;
    private Objective objective = Objective.TIME;
    private int top = DEFAULT_TOP;
    private int threads = Runtime.getRuntime().availableProcessors();
    private @Nullable PipelineLayout pipelineLayout;

    private Builder(TrainingJob.Builder job, ModelArchitecture model, boolean expertParallelOverlap, Cluster cluster,
        int globalBatchSize, BatchPolicy batchPolicy, int shardGroupSize) {
      this.job = job;
      this.model = model;
      this.expertParallelOverlap = expertParallelOverlap;
      this.cluster = cluster;
      this.globalBatchSize = globalBatchSize;
      this.batchPolicy = batchPolicy;
      this.shardGroupSize = shardGroupSize;
    }

    /** Sets the sequence length in tokens. */
    public Builder sequenceLength(int value) {
      job.sequenceLength(value);
      return this;
    }

    /** Sets the global batch in sequences (exact unless {@link #batchPolicy} says otherwise). */
    public Builder globalBatchSize(int value) {
      globalBatchSize = value;
      if (!policySet) {
        batchPolicy = BatchPolicy.EXACT;
      }
      return this;
    }

    /** Sets how a configuration's batch follows from the requested one. */
    public Builder batchPolicy(BatchPolicy value) {
      batchPolicy = value;
      policySet = true;
      return this;
    }

    /** Sets the tokens to train on (default: 20 per parameter). */
    public Builder trainingTokens(TokenCount value) {
      job.trainingTokens(value);
      return this;
    }

    /** Sets the precision recipe. */
    public Builder precision(PrecisionRecipe value) {
      job.precision(value);
      return this;
    }

    /** Sets the optimizer. */
    public Builder optimizer(Optimizer value) {
      job.optimizer(value);
      return this;
    }

    /** Sets the attention kernel. */
    public Builder attention(TrainingAttentionKernel value) {
      job.attention(value);
      return this;
    }

    /** Sets whether the model trains with dropout. */
    public Builder dropout(boolean value) {
      job.dropout(value);
      return this;
    }

    /** Sets whether data-parallel communication overlaps with compute. */
    public Builder dataParallelOverlap(boolean value) {
      job.dataParallelOverlap(value);
      return this;
    }

    /** Sets the fraction of tensor-parallel communication run decomposed beside the matmuls, in [0, 1]. */
    public Builder tensorParallelOverlap(double value) {
      job.tensorParallelOverlap(value);
      return this;
    }

    /** Sets the software stack whose kernel rates every candidate is costed at (default megatron). */
    public Builder framework(TrainingFramework value) {
      job.framework(value);
      return this;
    }

    /**
     * Sets whether the loss over the vocabulary runs as one fused kernel (the default) or unfused, as
     * {@link TrainingJob.Builder#crossEntropyFusion(boolean)} describes.
     */
    public Builder crossEntropyFusion(boolean value) {
      job.crossEntropyFusion(value);
      return this;
    }

    /**
     * Sets whether each micro-batch's weight gradients are accumulated inside the weight-gradient
     * GEMM (default true), as {@link TrainingJob.Builder#gradientAccumulationFusion(boolean)}
     * describes.
     */
    public Builder gradientAccumulationFusion(boolean value) {
      job.gradientAccumulationFusion(value);
      return this;
    }

    /**
     * Sets whether the model's multi-token-prediction modules are trained (default true), as {@link
     * TrainingJob.Builder#multiTokenPrediction(boolean)} describes.
     */
    public Builder multiTokenPrediction(boolean value) {
      job.multiTokenPrediction(value);
      return this;
    }

    /** Sets the tokens routed to the busiest expert over the average, {@code >= 1} (default 1: balanced). */
    public Builder expertLoadImbalance(double value) {
      job.expertLoadImbalance(value);
      return this;
    }

    /**
     * Sets whether one micro-batch's expert-parallel all-to-alls hide behind another's computation,
     * as {@link TrainingJob.Builder#expertParallelOverlap(boolean)} describes (default false).
     */
    public Builder expertParallelOverlap(boolean value) {
      job.expertParallelOverlap(value);
      expertParallelOverlap = value;
      return this;
    }

    /**
     * Sets when a fully sharded candidate all-gathers the next layer's parameters in the backward
     * pass (default {@link FsdpBackwardPrefetch#PRE}).
     *
     * @throws NullPointerException if {@code value} is null
     */
    public Builder fsdpBackwardPrefetch(FsdpBackwardPrefetch value) {
      job.fsdpBackwardPrefetch(value);
      return this;
    }

    /**
     * Sets how an MoE candidate's routed tokens reach their experts (default {@link
     * MoeDispatcher#ALL_TO_ALL}).
     *
     * @throws NullPointerException if {@code value} is null
     */
    public Builder moeDispatcher(MoeDispatcher value) {
      job.moeDispatcher(value);
      return this;
    }

    /**
     * Sets the transformer layers whose activations every candidate offloads to host memory (default
     * 0), as {@link TrainingJob.Builder#activationOffloadLayers(int)} describes; the search then keeps
     * to candidates without pipeline parallelism or recomputation, as Megatron-Core requires.
     *
     * @throws IllegalArgumentException at {@link #build()} if {@code value} is negative or not less than the layers
     */
    public Builder activationOffloadLayers(int value) {
      job.activationOffloadLayers(value);
      return this;
    }

    /**
     * Sets the transformer layers of every candidate's last pipeline stage (default 0: the default placement), as
     * {@link TrainingJob.Builder#lastPipelineStageLayers(int)} describes; the search then keeps to the pipeline degrees
     * whose other stages split the rest evenly, and also tries the virtual-stage counts that divide both the last
     * stage's layers and the others' (s20o). The DualPipe schedule is refused with it, so a space searching DualPipe
     * must not be combined with a value above 0.
     *
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public Builder lastPipelineStageLayers(int value) {
      job.lastPipelineStageLayers(value);
      return this;
    }

    /**
     * Sets the pipeline layout every candidate keeps (default none), as {@link
     * TrainingJob.Builder#pipelineLayout(PipelineLayout)} describes (s21f): the search then keeps to the layout's pp
     * and virtual stages, under 1F1B (one chunk a rank) or the interleaved schedule, and varies the rest.
     *
     * @throws IllegalArgumentException at {@link #build()} if the layout does not place the model's layers, the space
     *     leaves out its pp, its virtual stages or its schedule, or a last stage is also given
     */
    public Builder pipelineLayout(@Nullable PipelineLayout value) {
      pipelineLayout = value;
      return this;
    }

    /**
     * Sets which part of each layer every candidate replays from CUDA graphs (default {@link CudaGraphScope#NONE}),
     * as {@link TrainingJob.Builder#cudaGraphs(CudaGraphScope)} describes; the search then keeps to the
     * recomputation modes Megatron-Core allows beside them (none for whole-layer graphs, none or selective for
     * partial ones).
     *
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException at {@link #build()} where Megatron-Core refuses the graphs
     */
    public Builder cudaGraphs(CudaGraphScope value) {
      job.cudaGraphs(value);
      return this;
    }

    /**
     * Sets whether every candidate runs its attention core in FP8 (default false), as {@link
     * TrainingJob.Builder#fp8Attention(boolean)} describes.
     *
     * @throws IllegalArgumentException at {@link #build()} where FP8 attention cannot run or be costed
     */
    public Builder fp8Attention(boolean value) {
      job.fp8Attention(value);
      return this;
    }

    /**
     * Sets every candidate's parameters per data-parallel gradient bucket (fixed, never searched), as {@link
     * TrainingJob.Builder#ddpBucketParameters(long)} describes.
     *
     * @throws IllegalArgumentException if {@code value} is not positive
     */
    public Builder ddpBucketParameters(long value) {
      job.ddpBucketParameters(value);
      return this;
    }

    /**
     * Sets whether every candidate recomputes its routed experts' activation in the backward pass (default false;
     * fixed, never searched), as {@link TrainingJob.Builder#recomputeMoeActivation(boolean)} describes.
     *
     * @throws IllegalArgumentException at {@link #build()} for a dense model
     */
    public Builder recomputeMoeActivation(boolean value) {
      job.recomputeMoeActivation(value);
      return this;
    }

    /**
     * Sets how many tokens each expert processes (default {@link ExpertCapacity#DROPLESS}), as
     * {@link TrainingJob.Builder#expertCapacity(ExpertCapacity)} describes.
     *
     * @throws NullPointerException if {@code value} is null
     */
    public Builder expertCapacity(ExpertCapacity value) {
      job.expertCapacity(value);
      return this;
    }

    /** Sets whether pipeline messages are scattered across tensor-parallel ranks. */
    public Builder pipelineScatterGather(boolean value) {
      job.pipelineScatterGather(value);
      return this;
    }

    /** Sets the model-FLOP accounting (for MFU). */
    public Builder accounting(FlopsAccounting value) {
      job.accounting(value);
      return this;
    }

    /** Sets whether the attention term of model FLOPs is halved for causal masking. */
    public Builder causalAttentionFlops(boolean value) {
      job.causalAttentionFlops(value);
      return this;
    }

    /** Sets the price of one GPU-hour. */
    public Builder pricePerGpuHour(Money value) {
      job.pricePerGpuHour(value);
      return this;
    }

    /** Sets the data centre's power usage effectiveness. */
    public Builder pue(double value) {
      job.pue(value);
      return this;
    }

    /** Sets the fragmentation reserve as a share of the memory total, in [0, 1). */
    public Builder memoryReserveFraction(double value) {
      job.memoryReserveFraction(value);
      return this;
    }

    /** Sets the HSDP shard group of every candidate (0: shard over all of dp × cp). */
    public Builder shardGroupSize(int value) {
      shardGroupSize = value;
      return this;
    }

    /** Sets the search space. */
    public Builder space(SearchSpace value) {
      space = value;
      return this;
    }

    /** Sets the objective. */
    public Builder objective(Objective value) {
      objective = value;
      return this;
    }

    /** Sets how many of the best configurations to keep. */
    public Builder top(int value) {
      top = value;
      return this;
    }

    /** Sets the worker threads (1: search on the calling thread). */
    public Builder threads(int value) {
      threads = value;
      return this;
    }

    /**
     * Builds and validates the request.
     *
     * @return the request
     * @throws IllegalArgumentException naming the field and its value when a number is out of range,
     *     and as {@link TrainingJob.Builder#build()} for the shared fields (a sequence longer than a
     *     learned position table, a precision the accelerator has no peak for...)
     */
    public PlanRequest build() {
      TrainingJob recipe =
          job.parallelism(expertParallelOverlap ? Parallelism.dataParallelWithExperts(cluster.gpus(), model)
                  : Parallelism.dataParallel(cluster.gpus()))
              .globalBatchSize(cluster.gpus())
              .microBatchSize(1)
              .zero(ZeroStage.NONE)
              .shardGroupSize(0)
              .recompute(Recompute.NONE)
              .pipelineLayout(null) // the candidates carry it (PlanRequest#pipelineLayout); the placeholder has pp 1
              .build();
      return new PlanRequest(recipe, globalBatchSize, batchPolicy, shardGroupSize, space, objective, top, threads,
          pipelineLayout);
    }
  }

  /** Returns a valid job that carries the model, the cluster, the sequence length, the training tokens and the shared numerics; its parallelism (pure data parallelism; with the expert-parallel overlap, Parallelism.dataParallelWithExperts), micro-batch (1), global batch (the GPUs), ZeRO stage and recomputation are placeholders that each candidate replaces. */
  public TrainingJob recipe() {
    return recipe;
  }

  /** Returns the requested global batch in sequences (see {@code batchPolicy}). */
  public int globalBatchSize() {
    return globalBatchSize;
  }

  /** Returns how a configuration's batch follows from the requested one. */
  public BatchPolicy batchPolicy() {
    return batchPolicy;
  }

  /** Returns data-parallel ranks a ZeRO shard spans (HSDP) in every candidate; 0 for all of dp × cp. */
  public int shardGroupSize() {
    return shardGroupSize;
  }

  /** Returns the values each dimension may take. */
  public SearchSpace space() {
    return space;
  }

  /** Returns what the best configurations are ranked by. */
  public Objective objective() {
    return objective;
  }

  /** Returns how many of the best to keep. */
  public int top() {
    return top;
  }

  /** Returns worker threads for the search (1 searches on the calling thread). */
  public int threads() {
    return threads;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof PlanRequest o
        && Objects.equals(recipe, o.recipe)
        && globalBatchSize == o.globalBatchSize
        && Objects.equals(batchPolicy, o.batchPolicy)
        && shardGroupSize == o.shardGroupSize
        && Objects.equals(space, o.space)
        && Objects.equals(objective, o.objective)
        && top == o.top
        && threads == o.threads
        && Objects.equals(pipelineLayout, o.pipelineLayout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(recipe, globalBatchSize, batchPolicy, shardGroupSize, space, objective, top, threads,
        pipelineLayout);
  }

  @Override
  public String toString() {
    return "PlanRequest[recipe=" + recipe + ", globalBatchSize=" + globalBatchSize + ", batchPolicy=" + batchPolicy + ", shardGroupSize=" + shardGroupSize + ", space=" + space + ", objective=" + objective + ", top=" + top + ", threads=" + threads
        + (pipelineLayout != null ? ", pipelineLayout=" + pipelineLayout : "") + "]";
  }
}
