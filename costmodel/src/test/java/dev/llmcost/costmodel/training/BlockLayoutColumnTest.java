package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.BlockLayout;
import dev.llmcost.core.model.ModelArchitecture;
import org.junit.jupiter.api.Test;

/** The models table's {@code block_layout} column. */
class BlockLayoutColumnTest {
  private static final String HEADER = "id,style,layers,hidden,heads,kv_heads,head_dim,ffn,vocab,block_layout\n";

  private static ModelArchitecture model(String layout) {
    return TrainingRuns.modelsTable("t", HEADER + "m,llama,4,1024,8,1,128,4096,32000," + layout + "\n")
        .apply("m", 2048).orElseThrow();
  }

  @Test
  void blankIsSerialAndTheFusedParallelBlockHasOneNorm() {
    assertThat(model("").blockLayout()).isEqualTo(BlockLayout.SERIAL);
    assertThat(model("serial").blockLayout()).isEqualTo(BlockLayout.SERIAL);
    assertThat(model("parallel").blockLayout()).isEqualTo(BlockLayout.PARALLEL);
    assertThat(model("parallel").normalization().perLayer()).isEqualTo(2);
    ModelArchitecture palm = model("parallel-fused-input");
    assertThat(palm.blockLayout()).isEqualTo(BlockLayout.PARALLEL_FUSED_INPUT);
    assertThat(palm.normalization().perLayer()).isEqualTo(1);
  }

  @Test
  void anUnknownLayoutIsRefusedByName() {
    assertThatThrownBy(() -> model("sideways"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("block_layout")
        .hasMessageContaining("sideways");
  }

  private static TrainingEstimate estimate(String layout) {
    ModelArchitecture model = TrainingRuns.modelsTable("t",
            HEADER + "m,llama,16,8192,64,8,128,28672,128256," + layout + "\n")
        .apply("m", 4096).orElseThrow();
    TrainingJob job = TrainingJob.builder(model, Cluster.of(AcceleratorCatalog.bundled().get("h100-sxm"), 64))
        .parallelism(Parallelism.builder().dp(8).tp(8).sequenceParallel(true).build())
        .sequenceLength(4096)
        .globalBatchSize(64)
        .microBatchSize(1)
        .build();
    return TrainingCostModel.calibrated().estimate(job);
  }

  @Test
  void aParallelBlockKeepsItsFlopsAndSavesTensorParallelTime() {
    TrainingEstimate serial = estimate("");
    TrainingEstimate neox = estimate("parallel");
    TrainingEstimate palm = estimate("parallel-fused-input");
    assertThat(neox.modelFlopsPerToken()).isEqualTo(serial.modelFlopsPerToken());
    assertThat(palm.modelFlopsPerToken()).isEqualTo(serial.modelFlopsPerToken());
    assertThat(neox.time().tensorParallel()).isLessThan(serial.time().tensorParallel());
    assertThat(palm.time().tensorParallel()).isLessThan(neox.time().tensorParallel());
    assertThat(palm.stepSeconds()).isLessThan(neox.stepSeconds());
    assertThat(neox.stepSeconds()).isLessThan(serial.stepSeconds());
    assertThat(palm.assumptions()).anyMatch(a -> a.contains("one fused input projection"));
    assertThat(neox.assumptions()).anyMatch(a -> a.contains("gpt_j_residual"));
    assertThat(serial.assumptions()).noneMatch(a -> a.contains("parallel attention/MLP"));
  }
}
