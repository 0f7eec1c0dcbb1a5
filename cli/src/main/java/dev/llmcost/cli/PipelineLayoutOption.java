package dev.llmcost.cli;

import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.costmodel.training.PipelineLayout;
import dev.llmcost.costmodel.training.PipelineSchedule;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The checks {@code train} and {@code plan} share for {@code --pp-layout} (s21f): Megatron-Core's {@code
 * pipeline_model_parallel_layout} string ({@link PipelineLayout#parse}) for one fixed pipeline degree above 1, which
 * fixes the virtual stages (its stages over pp) and the schedule (1F1B for one chunk a rank, interleaved for more).
 * Every refusal names the option and the value.
 */
final class PipelineLayoutOption {

  private PipelineLayoutOption() {
  }

  /**
   * Parses and checks {@code value} for a job of {@code m} on {@code pp} stages.
   *
   * @param value the option's value
   * @param m the model
   * @param pp the fixed pipeline degree, or null when none is fixed
   * @param ppText how the pipeline degree was given, for the refusal ("--pp 1", "--pp not given", ...)
   * @param lastStageGiven whether --pp-last-stage-layers is given too
   * @param virtualStages the --virtual-stages values given, or null
   * @param schedules the --schedule values given, or null
   * @param multiTokenPrediction whether the job trains the model's multi-token-prediction layers
   * @return the layout
   * @throws IllegalArgumentException naming --pp-layout and its value
   */
  static PipelineLayout parse(String value, ModelArchitecture m, @Nullable Integer pp, String ppText,
      boolean lastStageGiven, @Nullable List<Integer> virtualStages, @Nullable List<PipelineSchedule> schedules,
      boolean multiTokenPrediction) {
    if (lastStageGiven) {
      throw new IllegalArgumentException("--pp-layout excludes --pp-last-stage-layers (one placement each), was --pp-layout "
          + value);
    }
    if (pp == null || pp < 2) {
      throw new IllegalArgumentException("--pp-layout " + value + " places the layers of a given pipeline; needs one"
          + " --pp above 1, was " + ppText);
    }
    PipelineLayout layout;
    try {
      layout = PipelineLayout.parse(value, pp);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--pp-layout is not a valid Megatron-Core layout for --pp " + pp + ": "
          + e.getMessage(), e);
    }
    if (layout.decoderLayers() != m.layers()) {
      throw new IllegalArgumentException("--pp-layout must place the " + m.layers() + " transformer layers of " + m.id()
          + " ('t'), placed " + layout.decoderLayers() + ", was " + value);
    }
    int mtp = multiTokenPrediction ? m.multiTokenPredictionLayers() : 0;
    if (layout.mtpLayers() != mtp) {
      throw new IllegalArgumentException("--pp-layout must place the " + mtp + " multi-token-prediction layer(s) of "
          + m.id() + " trained here ('m'), placed " + layout.mtpLayers() + ", was " + value);
    }
    int v = layout.virtualStages();
    if (virtualStages != null && !virtualStages.contains(v)) {
      throw new IllegalArgumentException("--pp-layout " + value + " has " + v + " virtual stage(s) per rank on --pp " + pp
          + ", --virtual-stages was " + virtualStages.stream().map(String::valueOf)
              .collect(java.util.stream.Collectors.joining(",")));
    }
    PipelineSchedule runs = v > 1 ? PipelineSchedule.INTERLEAVED : PipelineSchedule.ONE_F_ONE_B;
    if (schedules != null && !schedules.contains(runs)) {
      throw new IllegalArgumentException("--pp-layout " + value + " runs the " + runs.id() + " schedule (" + v
          + " chunk(s) a rank; not dualpipe or zero-bubble), --schedule was " + schedules.stream()
              .map(PipelineSchedule::id).collect(java.util.stream.Collectors.joining(",")));
    }
    return layout;
  }

  /** Returns the schedule the layout runs: interleaved for more than one chunk a rank, else 1F1B. */
  static PipelineSchedule schedule(PipelineLayout layout) {
    return layout.virtualStages() > 1 ? PipelineSchedule.INTERLEAVED : PipelineSchedule.ONE_F_ONE_B;
  }
}
