package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.costmodel.planner.Plan;
import dev.llmcost.costmodel.planner.PlanRequest;
import dev.llmcost.costmodel.planner.SearchSpace;
import dev.llmcost.costmodel.planner.TrainingPlanner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Megatron-Core's {@code pipeline_model_parallel_layout} as {@link PipelineLayout} (s21f): the string form ({@code
 * parse_str_to_list} in {@code megatron/core/transformer/pipeline_parallel_layer_layout.py} at NVIDIA/Megatron-LM
 * core_v0.15.0, 103851dc), the order of virtual stages ({@code layout[vpp_rank * pp + pp_rank]}), and the layouts of
 * Megatron-Bridge's DeepSeek-V3 presets ({@code scripts/performance/configs/deepseek/deepseek_workload_base_configs.py}
 * at NVIDIA-NeMo/Megatron-Bridge 17a381f95: {@code Et*4|(t*4|)*14tmL} l.48, {@code Et|(tt|)*30mL} l.158).
 */
class PipelineLayoutTest {

  static final String DEEPSEEK = "Et*4|(t*4|)*14tmL";

  @Test
  void megatronBridgesDeepSeekLayoutReadsAsSixteenVirtualStages() {
    PipelineLayout pp16 = PipelineLayout.parse(DEEPSEEK, 16);
    assertThat(pp16.virtualStages()).isEqualTo(1);
    assertThat(pp16.decoderLayers()).isEqualTo(61);
    assertThat(pp16.mtpLayers()).isEqualTo(1);
    assertThat(pp16.stageLayers(0)).isEqualTo(4);
    assertThat(pp16.stageLayers(15)).isEqualTo(1);
    // pp 2 × vp 8: virtual stage i is chunk i / 2 of rank i % 2; rank 1 holds 7 × 4 + 1 = 29 (s20m)
    PipelineLayout pp2 = PipelineLayout.parse(DEEPSEEK, 2);
    assertThat(pp2.virtualStages()).isEqualTo(8);
    assertThat(pp2.stageLayers(0)).isEqualTo(32);
    assertThat(pp2.stageLayers(1)).isEqualTo(29);
    assertThat(pp2.chunkLayers(1, 7)).isEqualTo(1);
    assertThat(pp2.chunkLayers(1, 6)).isEqualTo(4);
    // pp 8 × vp 2: the last rank 4 + 1; pp 4 × vp 4: 13
    assertThat(PipelineLayout.parse(DEEPSEEK, 8).stageLayers(7)).isEqualTo(5);
    assertThat(PipelineLayout.parse(DEEPSEEK, 4).stageLayers(3)).isEqualTo(13);
    // the H100 preset: 32 virtual stages, the last only the MTP layer and the loss
    PipelineLayout h100 = PipelineLayout.parse("Et|(tt|)*30mL", 8);
    assertThat(h100.virtualStages()).isEqualTo(4);
    assertThat(h100.chunkLayers(7, 3)).isZero();
    assertThat(h100.stageLayers(0)).isEqualTo(7);
    assertThat(h100.stageLayers(7)).isEqualTo(6);
    assertThat(h100.stageLayers(3)).isEqualTo(8);
    // commas are cosmetic, a run x*N may follow a separator
    assertThat(PipelineLayout.parse("Et,t|t*2|tt|,L", 4)).isEqualTo(PipelineLayout.of(4, List.of(2, 2, 2, 0)));
    assertThat(PipelineLayout.parse("Ett|*2ttL", 3)).isEqualTo(PipelineLayout.of(3, List.of(2, 0, 2)));
  }

  @Test
  void theStringFormReadsBackToAnEqualLayout() {
    for (String s : List.of(DEEPSEEK, "Et|(tt|)*30mL", "EtL", "Et*3|t*3|t*3|t*2L", "E|t*4|t*4|L", "Et*2|||t*2L")) {
      for (int pp : List.of(1, 2, 4)) {
        PipelineLayout l;
        try {
          l = PipelineLayout.parse(s, pp);
        } catch (IllegalArgumentException e) {
          continue; // pp does not divide the virtual stages
        }
        assertThat(PipelineLayout.parse(l.toString(), pp)).as(s + " at pp " + pp + " -> " + l).isEqualTo(l);
      }
    }
    assertThat(PipelineLayout.parse(DEEPSEEK, 16).toString()).isEqualTo("Et*4|(t*4|)*14tmL");
  }

  @Test
  void badStringsAreRefusedNamingThePositionAndCharacter() {
    assertThatThrownBy(() -> PipelineLayout.parse("Et*4|x*4L", 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown character")
        .hasMessageContaining("position 5").hasMessageContaining("('x')");
    assertThatThrownBy(() -> PipelineLayout.parse("Et*|tL", 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("position 2").hasMessageContaining("('*')");
    assertThatThrownBy(() -> PipelineLayout.parse("Et|(tt|*2L", 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unclosed bracket")
        .hasMessageContaining("position 3");
    assertThatThrownBy(() -> PipelineLayout.parse("E((t|)*2)*2L", 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nested").hasMessageContaining("position 2");
    assertThatThrownBy(() -> PipelineLayout.parse("Et*0|tL", 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count below 1");
    assertThatThrownBy(() -> PipelineLayout.parse("tE|tL", 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("position 0").hasMessageContaining("('t')");
    assertThatThrownBy(() -> PipelineLayout.parse("Et|tL|t", 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("after the loss");
    assertThatThrownBy(() -> PipelineLayout.parse("Etm|tL", 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("after a multi-token-prediction");
    assertThatThrownBy(() -> PipelineLayout.parse("Et|tm|L", 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the last stage");
    assertThatThrownBy(() -> PipelineLayout.parse(DEEPSEEK, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16 virtual stages");
    assertThatThrownBy(() -> PipelineLayout.parse(" ", 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
    assertThatThrownBy(() -> PipelineLayout.parse("E|L", 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no transformer layer");
    assertThatThrownBy(() -> PipelineLayout.parse("Et*99999999L", 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count above");
  }

  @Test
  void aLayoutOfTheLastStagesShapeGivesTheFiguresOfTheLastStageSetting() {
    // the pp 16 rows: Megatron-Bridge's layout and s20m's lastPipelineStageLayers(1) describe the same placement
    TrainingJob last = LastPipelineStageLayersTest.job().lastPipelineStageLayers(1).build();
    TrainingJob layout = LastPipelineStageLayersTest.job().pipelineLayout(PipelineLayout.parse(DEEPSEEK, 16)).build();
    TrainingEstimate a = TrainingCostModel.calibrated().estimate(last);
    TrainingEstimate b = TrainingCostModel.calibrated().estimate(layout);
    assertThat(b.stepSeconds()).isEqualTo(a.stepSeconds());
    assertThat(b.memory().total().bytes()).isEqualTo(a.memory().total().bytes());
    assertThat(b.assumptions()).anyMatch(s -> s.startsWith("layers placed by the pipeline layout Et*4|(t*4|)*14tmL"));
    // Megatron-Core's num_layers_in_last_pipeline_stage as a layout (one chunk a rank): the same figures
    TrainingJob viaFactory = LastPipelineStageLayersTest.job()
        .pipelineLayout(PipelineLayout.lastStage(61, 16, 1, 1, 1)).build();
    assertThat(TrainingCostModel.calibrated().estimate(viaFactory).stepSeconds()).isEqualTo(a.stepSeconds());
  }

  @Test
  void unequalChunksAreExpressible() {
    // GB300 pp 2 × vp 8 with rank 1's last chunk of one layer (the layout search never offered vp 8 for 61 layers, s20m)
    TrainingJob.Builder b = LastPipelineStageLayersTest.job()
        .parallelism(Parallelism.builder().dp(128).pp(2).ep(32).virtualStages(8).build());
    TrainingJob job = b.pipelineLayout(PipelineLayout.parse(DEEPSEEK, 2)).recompute(Recompute.FULL).build();
    TrainingEstimate e = TrainingCostModel.calibrated().estimate(job);
    assertThat(e.stepSeconds()).isPositive();
    assertThat(e.assumptions()).anyMatch(s -> s.contains("8 chunks a rank") && s.contains("the first rank holds 32")
        && s.contains("the last 29"));
  }

  @Test
  void aHeavierRankIsTheSlowest() {
    // the same 61 layers on 16 ranks: one rank with 8 layers sets the pace
    List<Integer> even = new ArrayList<>(Collections.nCopies(16, 4));
    even.set(15, 1);
    List<Integer> heavy = new ArrayList<>(even);
    heavy.set(3, 8);
    heavy.set(4, 0);
    double paced = TrainingCostModel.calibrated().estimate(LastPipelineStageLayersTest.job()
        .pipelineLayout(PipelineLayout.of(16, even, 1)).build()).stepSeconds();
    double slow = TrainingCostModel.calibrated().estimate(LastPipelineStageLayersTest.job()
        .pipelineLayout(PipelineLayout.of(16, heavy, 1)).build()).stepSeconds();
    assertThat(slow).isGreaterThan(paced * 1.5);
  }

  @Test
  void jobsRefuseALayoutThatDoesNotFit() {
    assertThatThrownBy(() -> LastPipelineStageLayersTest.job().pipelineLayout(PipelineLayout.parse("Et*30|t*30mL", 2))
            .build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("61 transformer layers")
        .hasMessageContaining("placed 60");
    assertThatThrownBy(() -> LastPipelineStageLayersTest.job().pipelineLayout(PipelineLayout.parse(DEEPSEEK, 8)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is for pp 8, pp was 16");
    assertThatThrownBy(() -> LastPipelineStageLayersTest.job()
            .parallelism(Parallelism.builder().dp(16).pp(16).ep(8).build())
            .pipelineLayout(PipelineLayout.parse("Et|(tt|)*30mL", 16)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 virtual stages per rank")
        .hasMessageContaining("virtualStages was 1");
    assertThatThrownBy(() -> LastPipelineStageLayersTest.job()
            .parallelism(Parallelism.builder().dp(16).pp(16).ep(8).schedule(PipelineSchedule.DUALPIPE).build())
            .pipelineLayout(PipelineLayout.parse(DEEPSEEK, 16)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DualPipe");
    assertThatThrownBy(() -> LastPipelineStageLayersTest.job().lastPipelineStageLayers(1)
            .pipelineLayout(PipelineLayout.parse(DEEPSEEK, 16)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lastPipelineStageLayers");
    assertThatThrownBy(() -> LastPipelineStageLayersTest.job().multiTokenPrediction(false)
            .pipelineLayout(PipelineLayout.parse(DEEPSEEK, 16)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multi-token-prediction");
    assertThatThrownBy(() -> PipelineLayout.lastStage(61, 16, 2, 1, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("virtualStages must divide");
    assertThatThrownBy(() -> PipelineLayout.of(3, List.of(1, 2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiple of pipelineStages");
  }

  @Test
  void thePlannerKeepsToTheLayoutsPipeline() {
    PlanRequest r = PlanRequest.builder(LastPipelineStageLayersTest.DEEPSEEK_V3,
            Cluster.of(LastPipelineStageLayersTest.B200, 256))
        .sequenceLength(4096).globalBatchSize(4096).precision(PrecisionRecipe.parse("mxfp8"))
        .space(SearchSpace.ALL.withTensorParallel(List.of(1)).withExpertParallel(List.of(8))
            .withMicroBatches(List.of(1)))
        .pipelineLayout(PipelineLayout.parse(DEEPSEEK, 8)).top(3).threads(1).build();
    Plan plan = TrainingPlanner.calibrated().plan(r);
    assertThat(plan.best()).isNotEmpty();
    assertThat(plan.best()).allSatisfy(c -> {
      assertThat(c.job().parallelism().pp()).isEqualTo(8);
      assertThat(c.job().parallelism().virtualStages()).isEqualTo(2);
      assertThat(c.job().pipelineLayout()).contains(PipelineLayout.parse(DEEPSEEK, 8));
    });
    assertThatThrownBy(() -> r.toBuilder().space(SearchSpace.ALL.withPipelineParallel(List.of(4))).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fixes pp at 8");
  }
}
