package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import org.junit.jupiter.api.Test;

/**
 * A given last pipeline stage (s20m): Megatron-Core's {@code num_layers_in_last_pipeline_stage}, or the {@code
 * pipeline_model_parallel_layout} of Megatron-Bridge's DeepSeek-V3 recipes, {@code [embedding + 4 decoders] + [4
 * decoders] × 14 + [1 decoder + mtp + loss]} at pp 16 ({@code set_deepseek_v3_pipeline_model_parallel_layout},
 * NVIDIA-NeMo/Megatron-Bridge {@code src/megatron/bridge/recipes/deepseek/deepseek_v3.py} at v0.3.1 9c9dd8489,
 * l.29-49).
 */
class LastPipelineStageLayersTest {

  static final AcceleratorSpec B200 = AcceleratorCatalog.bundled().get("b200");
  static final ModelArchitecture DEEPSEEK_V3 = ModelCatalog.bundled().get("deepseek-v3");

  /** DeepSeek-V3 as the Megatron-Bridge B200 recipe lays it out: PP 16, EP 8, DP 16, MBS 1, GBS 4096, MXFP8. */
  static TrainingJob.Builder job() {
    return TrainingJob.builder(DEEPSEEK_V3, Cluster.of(B200, 256))
        .parallelism(Parallelism.builder().dp(16).pp(16).ep(8).build())
        .sequenceLength(4096)
        .globalBatchSize(4096)
        .microBatchSize(1)
        .precision(PrecisionRecipe.parse("mxfp8"))
        .moeDispatcher(MoeDispatcher.FLEX)
        .recompute(Recompute.NONE);
  }

  @Test
  void theDefaultPlacementIsUnchanged() {
    TrainingJob plain = job().build();
    assertThat(plain.lastPipelineStageLayers()).isZero();
    assertThat(job().lastPipelineStageLayers(0).build()).isEqualTo(plain);
    assertThat(plain.toString()).doesNotContain("lastPipelineStageLayers");
  }

  @Test
  void aLightLastStageTakesTheHeadAndTheMtpModuleOffTheCriticalPath() {
    // default placement: 61 layers on 16 stages as 4 × 13 + 3 × 3, the last with 3 layers, the output head, the loss
    // and the MTP module (a layer, its projection and a second pass through the head), the slowest stage
    TrainingEstimate plain = TrainingCostModel.calibrated().estimate(job().build());
    TrainingJob laidOut = job().lastPipelineStageLayers(1).build();
    assertThat(laidOut.lastPipelineStageLayers()).isEqualTo(1);
    assertThat(laidOut).isNotEqualTo(job().build());
    assertThat(laidOut.toString()).contains("lastPipelineStageLayers=1");
    TrainingEstimate e = TrainingCostModel.calibrated().estimate(laidOut);
    // the recipe's layout: 15 stages of 4 layers and a last of 1 layer beside the MTP module and the loss, which
    // is lighter than 4 layers, so a 4-layer stage sets the pace
    assertThat(e.stepSeconds()).isLessThan(plain.stepSeconds());
    assertThat(e.assumptions()).anyMatch(a -> a.startsWith("layers placed as given: the last stage takes 1 and each"
        + " of the other 15 stages 4"));
    // the first stage now holds 4 layers and the embedding, more than the default placement's 3: more memory
    assertThat(e.memory().total().bytes()).isGreaterThan(plain.memory().total().bytes());
  }

  @Test
  void aHeavierLastStageIsTheSlowest() {
    // 61 = 13 + 3 × 16 at pp 4: the last stage with 13 layers and the head; 16-layer stages set the pace
    TrainingJob.Builder pp4 = job().parallelism(Parallelism.builder().dp(64).pp(4).ep(8).build());
    double paced = TrainingCostModel.calibrated().estimate(pp4.lastPipelineStageLayers(13).build()).stepSeconds();
    // 61 = 16 + 3 × 15: the last stage with 16 layers, the head and the MTP module, slower than any
    double heavy = TrainingCostModel.calibrated().estimate(pp4.lastPipelineStageLayers(16).build()).stepSeconds();
    assertThat(heavy).isGreaterThan(paced);
  }

  @Test
  void badValuesAreRefusedNamingTheField() {
    assertThatThrownBy(() -> job().lastPipelineStageLayers(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lastPipelineStageLayers");
    // 59 layers do not split evenly over 15 stages
    assertThatThrownBy(() -> job().lastPipelineStageLayers(2).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lastPipelineStageLayers must leave the other 15 stages an equal share")
        .hasMessageContaining("was 2");
    // at least one layer for each other stage
    assertThatThrownBy(() -> job().lastPipelineStageLayers(61).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 61");
    assertThatThrownBy(() -> job()
            .parallelism(Parallelism.builder().dp(16).pp(16).ep(8).schedule(PipelineSchedule.DUALPIPE).build())
            .lastPipelineStageLayers(1).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DualPipe");
  }

  @Test
  void withoutPipelineParallelismTheSettingHasNothingToPlace() {
    TrainingJob.Builder flat = job().parallelism(Parallelism.builder().dp(256).ep(8).build()).globalBatchSize(256);
    double plain = TrainingCostModel.calibrated().estimate(flat.build()).stepSeconds();
    assertThat(TrainingCostModel.calibrated().estimate(flat.lastPipelineStageLayers(5).build()).stepSeconds())
        .isEqualTo(plain);
  }
}
