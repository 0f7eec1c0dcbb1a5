package dev.llmcost.costmodel.internal.efficiency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.internal.training.HardwareConstants;
import dev.llmcost.costmodel.internal.training.JobMapping;
import dev.llmcost.costmodel.training.Cluster;
import dev.llmcost.costmodel.training.Parallelism;
import dev.llmcost.costmodel.training.PrecisionRecipe;
import dev.llmcost.costmodel.training.TrainingCostModel;
import dev.llmcost.costmodel.training.TrainingFramework;
import dev.llmcost.costmodel.training.TrainingJob;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * PyTorch SDPA's attention on CDNA3 against AITER's FMHA v3 (s23f, {@link RocmSdpaAttention}): the fwd+bwd factor
 * re-derived from AITER's MI300X rows at 8,192 keys and the Primus deep dive's two latency reductions, and which jobs
 * take it.
 */
class RocmSdpaAttentionTest {

  private static AcceleratorSpec part(String id) {
    return AcceleratorCatalog.bundled().get(id);
  }

  @Test
  void theFactorIsTheTwoMeasuredLatencyCutsWeightedByAitersOwnForwardAndBackwardTimes() {
    // AITER's MI300X rows at 8,192 keys (attention.csv): forward 547.09, backward 422.835 TFLOP/s, causal half
    double forward = 1 / 547.09;
    double backward = 2.5 / 422.835;
    double expected = (forward + backward) / (forward / 0.53 + backward / 0.25);
    double fwdBwdRate = 3.5 / (forward + backward);
    assertThat(RocmSdpaAttention.relativeToAiter(fwdBwdRate, 547.09)).isCloseTo(expected, within(1e-12));
    // all of the time in the forward keeps the forward cut alone, none of it the backward cut
    assertThat(RocmSdpaAttention.relativeToAiter(3.5, 1)).isCloseTo(0.53, within(1e-12));
    assertThat(RocmSdpaAttention.relativeToAiter(3.5, Double.MAX_VALUE)).isCloseTo(0.25, within(1e-12));
    System.out.printf(Locale.ROOT, "MI300X rows at 8,192 keys: native/AITER fwd+bwd %.4f%n", expected);
  }

  @Test
  void mi300xFromItsFittedCurvesIsNearItsRows() {
    double f = RocmSdpaAttention.relativeToAiter(part("mi300x"));
    System.out.printf(Locale.ROOT, "MI300X fitted curves at 8,192 keys: native/AITER fwd+bwd %.4f%n", f);
    // between the backward cut (0.25) and the forward cut (0.53), and near the rows' own 0.2856
    assertThat(f).isBetween(0.25, 0.53);
    assertThat(f).isCloseTo(0.2856, within(0.01));
  }

  @Test
  void onlyPyTorchNativeJobsOnCdna3TakeIt() {
    assertThat(RocmSdpaAttention.relativeToAiter(part("h100-sxm"))).isEqualTo(1);
    assertThat(RocmSdpaAttention.relativeToAiter(part("mi355x"))).isEqualTo(1);
    Cluster mi300x = Cluster.of(part("mi300x"), 8);
    HardwareConstants megatron = JobMapping.hardware(mi300x, PrecisionRecipe.BF16_MIXED, TrainingFramework.MEGATRON,
        new HardwareConstants());
    HardwareConstants torchtitan = JobMapping.hardware(mi300x, PrecisionRecipe.BF16_MIXED,
        TrainingFramework.PYTORCH_NATIVE, new HardwareConstants());
    assertThat(torchtitan.attentionKernelFraction).isCloseTo(
        megatron.attentionKernelFraction * RocmSdpaAttention.relativeToAiter(part("mi300x")), within(1e-15));
    Cluster h100 = Cluster.of(part("h100-sxm"), 8);
    assertThat(JobMapping.hardware(h100, PrecisionRecipe.BF16_MIXED, TrainingFramework.PYTORCH_NATIVE,
        new HardwareConstants()).attentionKernelFraction).isEqualTo(JobMapping.hardware(h100,
        PrecisionRecipe.BF16_MIXED, TrainingFramework.MEGATRON, new HardwareConstants()).attentionKernelFraction);
  }

  @Test
  void theEstimateSaysWhichAttentionAPyTorchNativeJobRunsOnMi300x() {
    for (String id : new String[] {"mi300x", "h100-sxm"}) {
      for (TrainingFramework framework : new TrainingFramework[] {TrainingFramework.PYTORCH_NATIVE,
          TrainingFramework.MEGATRON}) {
        TrainingJob job = TrainingJob.builder(ModelCatalog.bundled().get("llama-3.1-8b"), Cluster.of(part(id), 8))
            .parallelism(Parallelism.builder().dp(8).build())
            .sequenceLength(8192)
            .globalBatchSize(8)
            .microBatchSize(1)
            .framework(framework)
            .build();
        String line = TrainingCostModel.calibrated().estimate(job).assumptions().stream()
            .filter(x -> x.startsWith("kernel rates")).findFirst().orElseThrow();
        if (id.equals("mi300x") && framework == TrainingFramework.PYTORCH_NATIVE) {
          assertThat(line).contains("PyTorch SDPA's own kernels (AOTriton on ROCm)")
              .contains(String.format(Locale.ROOT, "%.3f", RocmSdpaAttention.relativeToAiter(part(id))));
        } else {
          assertThat(line).doesNotContain("SDPA");
        }
      }
    }
  }
}
