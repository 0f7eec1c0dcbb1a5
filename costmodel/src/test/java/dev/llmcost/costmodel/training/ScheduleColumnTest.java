package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.model.ModelCatalog;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The runs table's {@code schedule} column: a pipeline schedule the source names (DeepSeek-V3's DualPipe, arXiv
 * 2412.19437 §3.2.1); blank keeps 1F1B, interleaved when virtual stages are given or searched.
 */
class ScheduleColumnTest {
  static final String HEADER =
      "id,model,accelerator,gpus,gpus_per_node,dp,tp,pp,vpp,cp,ep,sp,global_batch,micro_batch,seq,recompute,precision,"
          + "zero,tokens_per_second_per_gpu,schedule\n";

  static CalibrationRun run(String vpp, String schedule) {
    String row = "dsv3,deepseek-v3,h800-sxm,256,8,32,1,8," + vpp + ",1,32,false,1024,1,4096,full,fp8-blockwise,1,1500,"
        + schedule + "\n";
    List<CalibrationRun> runs =
        TrainingRuns.parse("test", HEADER + row, (id, seq) -> Optional.of(ModelCatalog.bundled().get(id)));
    return runs.get(0);
  }

  @Test
  void theColumnSetsTheScheduleAndBlankKeepsOneF1B() {
    assertThat(run("1", "dualpipe").job().parallelism().schedule()).isEqualTo(PipelineSchedule.DUALPIPE);
    assertThat(run("1", "").job().parallelism().schedule()).isEqualTo(PipelineSchedule.ONE_F_ONE_B);
    assertThat(run("2", "").job().parallelism().schedule()).isEqualTo(PipelineSchedule.INTERLEAVED);
    // a blank vpp is not searched under a schedule with one chunk per rank
    CalibrationRun searched = run("", "dualpipe");
    assertThat(searched.job().parallelism().schedule()).isEqualTo(PipelineSchedule.DUALPIPE);
    assertThat(searched.job().parallelism().virtualStages()).isEqualTo(1);
    assertThat(searched.assumed()).doesNotContain("vpp=");
  }

  @Test
  void anUnknownScheduleIsNamed() {
    assertThatThrownBy(() -> run("1", "gpipe"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("test, run dsv3: schedule must be 1f1b, interleaved, zb or dualpipe, was \"gpipe\"");
  }
}
