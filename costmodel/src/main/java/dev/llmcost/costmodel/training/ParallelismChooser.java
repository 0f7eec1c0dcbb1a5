package dev.llmcost.costmodel.training;

import dev.llmcost.costmodel.planner.BatchPolicy;
import dev.llmcost.costmodel.planner.Objective;
import dev.llmcost.costmodel.planner.Plan;
import dev.llmcost.costmodel.planner.PlanRequest;
import dev.llmcost.costmodel.planner.SearchSpace;
import dev.llmcost.costmodel.planner.TrainingPlanner;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Picks a sensible configuration for a job whose tensor, pipeline and data-parallel degrees were
 * not given: the fastest that fits, found by the {@link TrainingPlanner} (so {@code llmcost train} without
 * degrees and {@code llmcost plan} agree).
 *
 * <p>Searched, as the planner does: tensor parallelism within a node, pipeline, context and (for
 * MoE models, unless the template sets an expert-parallel degree above 1) expert parallelism,
 * the interleaved schedule, sequence parallelism on and off, every micro-batch that divides the
 * per-replica batch and every recomputation mode (unless asked to keep the template's). The
 * template's ZeRO stage, HSDP group, precision, optimizer and everything else are kept. Without a
 * global batch, each candidate takes the smallest multiple of its data-parallel degree (times the
 * micro-batch, when that is kept) of at least 512 sequences, so candidates are ranked by tokens per
 * second per GPU; with one, the batch is exact.
 */
public final class ParallelismChooser {
  private ParallelismChooser() {}

  /**
   * Returns the job with the chosen parallelism, micro-batch and recomputation (see {@link
   * #choose(TrainingJob.Builder)}).
   *
   * @param job a job whose configuration is to be replaced
   * @return the chosen job
   * @throws IllegalArgumentException if no candidate is valid, naming the reason
   */
  public static TrainingJob choose(TrainingJob job) {
    return choose(job.toBuilder());
  }

  /**
   * Chooses the parallelism, micro-batch and recomputation for the job the template describes:
   * the fastest (tokens per second per GPU) that fits; if nothing fits, the one that needs the
   * least memory, whose estimate then says {@code fits = false}.
   *
   * @param template the job without (or with a provisional) parallelism; it is updated with the
   *     choice
   * @return the chosen job
   * @throws IllegalArgumentException if no candidate is valid (for example a global batch that no
   *     data-parallel degree divides), naming the reason
   */
  public static TrainingJob choose(TrainingJob.Builder template) {
    return choose(template, true, true);
  }

  /**
   * Chooses as {@link #choose(TrainingJob.Builder)}, keeping the template's micro-batch or
   * recomputation when they are not to be chosen.
   *
   * @param template the job without (or with a provisional) parallelism; it is updated with the
   *     choice
   * @param chooseMicroBatch whether to search the micro-batch
   * @param chooseRecompute whether to search the recomputation modes
   * @return the chosen job
   * @throws IllegalArgumentException if no candidate is valid, naming the reason
   */
  public static TrainingJob choose(TrainingJob.Builder template, boolean chooseMicroBatch, boolean chooseRecompute) {
    @Nullable Parallelism given = template.parallelismOrNull();
    int ep = given == null ? 1 : given.ep();
    SearchSpace space =
        SearchSpace.ALL
            .withZeroStages(List.of(template.zero()))
            .withMicroBatches(chooseMicroBatch ? List.of() : List.of(template.microBatchSize()))
            .withRecomputes(chooseRecompute ? List.of(Recompute.NONE, Recompute.SELECTIVE, Recompute.FULL) : List.of(template.recompute()))
            .withExpertParallel(ep > 1 ? List.of(ep) : List.of())
            .withShardGroups(List.of(template.shardGroupSize()));
    return complete(template, space);
  }

  /**
   * Completes a partial layout: the fastest configuration (tokens per second per GPU) in {@code
   * space} that fits, found by the {@link TrainingPlanner}; if nothing fits, the one that needs the least
   * memory, whose estimate then says {@code fits = false}. What the caller fixed is a one-element
   * list of the space (a degree, the micro-batch, the virtual stages, the recomputation, the ZeRO
   * stage, sequence parallelism); everything else the space leaves open is searched. The
   * template's HSDP shard group, precision, optimizer, overlap and other numerics are kept. Without
   * a global batch in the template, each candidate takes the smallest multiple of its data-parallel
   * degree (times the micro-batch) of at least 512 sequences; with one, the batch is exact.
   *
   * @param template the job without (or with a provisional) configuration; it is updated with the
   *     choice
   * @param space the values each knob may take
   * @return the completed job
   * @throws IllegalArgumentException if no configuration of the space is valid for the job
   */
  public static TrainingJob complete(TrainingJob.Builder template, SearchSpace space) {
    int gpus = template.cluster().gpus();
    int batch = template.globalBatchSize();
    int shardGroup = template.shardGroupSize();
    // a valid placeholder carrying the template's numerics; the planner replaces the configuration. A pipeline layout
    // (s21f) fixes pp, so the placeholder (pp 1) leaves it to the request, whose candidates carry it
    @org.jspecify.annotations.Nullable PipelineLayout layout = template.givenPipelineLayout();
    TrainingJob recipe =
        template.pipelineLayout(null).parallelism(template.expertParallelOverlap()
                ? Parallelism.dataParallelWithExperts(gpus, template.model()) : Parallelism.dataParallel(gpus))
            .globalBatchSize(gpus).microBatchSize(1)
            .zero(ZeroStage.NONE).shardGroupSize(0).recompute(Recompute.NONE).build();
    PlanRequest.Builder request =
        PlanRequest.builder(recipe).space(space).shardGroupSize(shardGroup).objective(Objective.TIME).top(1)
            .pipelineLayout(layout);
    if (batch > 0) {
      request.globalBatchSize(batch).batchPolicy(BatchPolicy.EXACT);
    } else {
      request.globalBatchSize(TrainingJob.DEFAULT_GLOBAL_BATCH).batchPolicy(BatchPolicy.AT_LEAST);
    }
    Plan plan = TrainingPlanner.calibrated().plan(request.build());
    TrainingJob pick;
    if (!plan.best().isEmpty()) {
      pick = plan.best().get(0).job();
    } else {
      pick = plan.leastMemory().orElseThrow(() -> new IllegalArgumentException(
          "no configuration of " + gpus + " GPUs completes the layout for " + recipe.model().id()
              + " (the fixed degrees, batch and schedule admit none)")).job();
    }
    return template
        .pipelineLayout(layout)
        .parallelism(pick.parallelism())
        .microBatchSize(pick.microBatchSize())
        .recompute(pick.recompute())
        .zero(pick.zero())
        .shardGroupSize(pick.shardGroupSize())
        .globalBatchSize(pick.globalBatchSize())
        .build();
  }
}
