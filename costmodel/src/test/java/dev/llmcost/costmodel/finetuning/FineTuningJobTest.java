package dev.llmcost.costmodel.finetuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.DType;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import org.junit.jupiter.api.Test;

class FineTuningJobTest {
  private static final ModelArchitecture LLAMA = ModelCatalog.bundled().get("llama-3.1-8b");

  @Test
  void qloraOfAnFp8CheckpointIsRefused() {
    ModelArchitecture fp8 = LLAMA.toBuilder().dtype(DType.FP8_E4M3).build();
    assertThatThrownBy(() -> FineTuningJob.builder(fp8, AcceleratorCatalog.bundled().get("h100-sxm"))
        .method(FineTuningMethod.QLORA).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fp8");
  }

  @Test
  void memoryPartsSumToThePeakAndQloraNeedsLessThanLoraThanFull() {
    FineTuningCostModel cm = FineTuningCostModel.defaults();
    long[] peaks = new long[3];
    int k = 0;
    for (FineTuningMethod m : new FineTuningMethod[] {FineTuningMethod.QLORA, FineTuningMethod.LORA, FineTuningMethod.FULL}) {
      FineTuningMemory mem = cm.estimate(FineTuningJob.builder(LLAMA, AcceleratorCatalog.bundled().get("h100-sxm"))
          .method(m).build()).memory();
      long sum = mem.frozenWeights().bytes() + mem.quantizationConstants().bytes() + mem.trainableWeights().bytes()
          + mem.gradients().bytes() + mem.optimizerStates().bytes() + mem.activations().bytes() + mem.logits().bytes()
          + mem.buffers().bytes();
      assertThat(mem.peakAllocated().bytes()).isEqualTo(sum);
      peaks[k++] = mem.peakAllocated().bytes();
    }
    assertThat(peaks[0]).isLessThan(peaks[1]);
    assertThat(peaks[1]).isLessThan(peaks[2]);
  }

  @Test
  void checkpointingAndChunkedLogitsSaveMemory() {
    var b = FineTuningJob.builder(LLAMA, AcceleratorCatalog.bundled().get("h100-sxm")).sequenceLength(8192);
    FineTuningCostModel cm = FineTuningCostModel.defaults();
    long none = cm.estimate(b.checkpointing(Checkpointing.NONE).logits(LogitsMode.FP32_UPCAST).build())
        .memory().peakAllocated().bytes();
    long ckpt = cm.estimate(b.checkpointing(Checkpointing.FULL).build()).memory().peakAllocated().bytes();
    long fused = cm.estimate(b.logits(LogitsMode.FUSED).build()).memory().peakAllocated().bytes();
    assertThat(ckpt).isLessThan(none);
    assertThat(fused).isLessThan(ckpt);
  }

  @Test
  void rankZeroAndMissingTargetsAreRefused() {
    assertThatThrownBy(() -> LoraConfig.of(0, LoraConfig.ALL_LINEAR)).hasMessageContaining("rank");
    ModelArchitecture gpt2 = ModelCatalog.bundled().get("gpt2");
    assertThatThrownBy(() -> FineTuningJob.builder(gpt2, AcceleratorCatalog.bundled().get("rtx-4090"))
        .lora(LoraConfig.of(8, java.util.Set.of(LoraTarget.GATE))).build()).hasMessageContaining("gate");
    FineTuningJob.builder(gpt2, AcceleratorCatalog.bundled().get("rtx-4090")).lora(LoraConfig.of(8, LoraConfig.ALL_LINEAR))
        .sequenceLength(1024).build();
  }
}
