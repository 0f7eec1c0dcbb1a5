package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import org.junit.jupiter.api.Test;

class ActivationOffloadTest {

  static final ModelArchitecture LLAMA_70B = ModelCatalog.bundled().get("llama-3-70b");

  /** The Megatron-FSDP GB200 layout of Megatron-Bridge's Llama 3 70B FP8 recipe, without offloading. */
  static TrainingJob.Builder gb200Fsdp() {
    return TrainingJob.builder(LLAMA_70B, Cluster.of(AcceleratorCatalog.bundled().get("gb200"), 64, 64))
        .parallelism(Parallelism.dataParallel(64))
        .sequenceLength(8192)
        .globalBatchSize(256)
        .microBatchSize(2)
        .precision(PrecisionRecipe.parse("fp8"))
        .zero(ZeroStage.PARAMETERS);
  }

  @Test
  void badLayerCountsNameTheFieldAndTheValue() {
    assertThatThrownBy(() -> gb200Fsdp().activationOffloadLayers(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("activationOffloadLayers must be >= 0, was -1");
    assertThatThrownBy(() -> gb200Fsdp().activationOffloadLayers(80).build())
        .hasMessage("activationOffloadLayers must be less than the layers of llama-3-70b (80), was 80");
    assertThatThrownBy(() -> gb200Fsdp().activationOffloadLayers(40).recompute(Recompute.FULL).build())
        .hasMessage("activationOffloadLayers needs recompute none (Megatron-Core offloads instead of recomputing),"
            + " was recompute full with 40 layers offloaded");
    assertThatThrownBy(() -> gb200Fsdp().activationOffloadLayers(40)
            .parallelism(Parallelism.builder().dp(32).pp(2).build()).build())
        .hasMessage("activationOffloadLayers needs pp 1 (Megatron-Core offloads without pipeline parallelism), was pp 2"
            + " with 40 layers offloaded");
  }

  @Test
  void offloadingFreesAllButOneOfTheOffloadedLayers() {
    TrainingEstimate kept = TrainingEstimate.compute(gb200Fsdp().build());
    TrainingEstimate offloaded = TrainingEstimate.compute(gb200Fsdp().activationOffloadLayers(40).build());
    double perLayer = (kept.memory().activations().bytes() - offloaded.memory().activations().bytes()) / 39.0;
    TrainingEstimate more = TrainingEstimate.compute(gb200Fsdp().activationOffloadLayers(60).build());
    // (L - N + 1) layers resident: each further layer offloaded frees one layer's activations
    assertThat((double) (offloaded.memory().activations().bytes() - more.memory().activations().bytes()))
        .isCloseTo(20 * perLayer, within(20 * perLayer * 1e-9 + 20));
    assertThat(kept.memory().fits()).isFalse();
    assertThat(offloaded.memory().fits()).isTrue();
  }

  @Test
  void copiesToTheGraceHideBehindTheComputeAndPcieGen4CopiesShow() {
    TrainingEstimate kept = TrainingEstimate.compute(gb200Fsdp().build());
    TrainingEstimate offloaded = TrainingEstimate.compute(gb200Fsdp().activationOffloadLayers(40).build());
    // the forward copies at 256 GB/s (the GPU's half of its Grace's LPDDR5X) mostly hide behind a layer's forward
    assertThat(offloaded.stepSeconds()).isBetween(kept.stepSeconds(), 1.01 * kept.stepSeconds());
    offloaded.assumptions().stream().filter(a -> a.contains("offloaded to host memory")).forEach(System.out::println);
    assertThat(offloaded.assumptions()).anyMatch(a -> a.startsWith("activations of 40 of 80 layers offloaded")
        && a.contains("NVLink-C2C") && a.contains(" ms exposed"));
    assertThat(kept.assumptions()).noneMatch(a -> a.contains("offloaded to host memory"));

    // the same job on A100s (PCIe Gen4 x16, 32 GB/s each way, bf16): the copies outlast the layers
    ModelArchitecture gpt = ModelCatalog.bundled().get("llama-2-7b");
    TrainingJob.Builder a100 = TrainingJob.builder(gpt, AcceleratorCatalog.bundled().get("a100-sxm-80gb"), 8)
        .sequenceLength(4096).globalBatchSize(32).microBatchSize(4).zero(ZeroStage.PARAMETERS);
    double without = TrainingEstimate.compute(a100.build()).stepSeconds();
    double with = TrainingEstimate.compute(a100.activationOffloadLayers(16).build()).stepSeconds();
    assertThat(with).isGreaterThan(without * 1.01);
  }

  @Test
  void theOffloadedLayersAreCompared() {
    TrainingJob a = gb200Fsdp().build();
    TrainingJob b = gb200Fsdp().activationOffloadLayers(40).build();
    assertThat(b).isNotEqualTo(a);
    assertThat(b).isEqualTo(gb200Fsdp().activationOffloadLayers(40).build());
    assertThat(b.hashCode()).isEqualTo(gb200Fsdp().activationOffloadLayers(40).build().hashCode());
    assertThat(b.toString()).contains("activationOffloadLayers=40");
    assertThat(b.toBuilder().build().activationOffloadLayers()).isEqualTo(40);
  }

  @Test
  void theSearchKeepsToLayoutsMegatronCanOffload() {
    TrainingJob.Builder template = gb200Fsdp().activationOffloadLayers(40).microBatchSize(2);
    TrainingJob chosen = ParallelismChooser.choose(template, false, true);
    assertThat(chosen.recompute()).isEqualTo(Recompute.NONE);
    assertThat(chosen.parallelism().pp()).isEqualTo(1);
  }
}
