package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.ParameterCounts;
import dev.llmcost.costmodel.efficiency.EfficiencyProfiles;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * TPU Multislice as MaxText runs it ({@code ici_fsdp_parallelism} = the chips of a slice, {@code
 * dcn_data_parallelism} = the slices): parameters, gradients and optimizer states sharded over the
 * chips of one slice, the gradient shards all-reduced across slices over the data-centre network at
 * each chip's share of its host's NICs (TPU v5e: 2 × 100 Gbps for 8 chips, cloud.google.com/tpu/docs/v5e).
 */
class MultisliceDataCentreNetworkTest {

  static final AcceleratorSpec V5E = AcceleratorCatalog.bundled().get("tpu-v5e");
  static final ModelArchitecture LLAMA = ModelCatalog.bundled().get("llama-2-13b");
  static final int SLICE = 256;

  static TrainingEstimate slices(int s) {
    int chips = SLICE * s;
    TrainingJob job =
        TrainingJob.builder(LLAMA, Cluster.of(V5E, chips, SLICE))
            .parallelism(Parallelism.dataParallel(chips))
            .shardGroupSize(SLICE)
            .zero(ZeroStage.PARAMETERS)
            .precision(PrecisionRecipe.BF16_MIXED)
            .recompute(Recompute.FULL)
            .sequenceLength(2048)
            .microBatchSize(4)
            .globalBatchSize(4 * chips)
            .build();
    return TrainingCostModel.calibrated().estimate(job);
  }

  @Test
  void theSlicesAllReduceEachChipsFp32GradientShardOverItsShareOfTheHostNics() {
    double perChip = V5E.scaleOutBandwidth().bytesPerSecond()
        * EfficiencyProfiles.forAccelerator(V5E).scaleOutBandwidthFraction();
    double latency = EfficiencyProfiles.forAccelerator(V5E).networkLatencySeconds();
    double shard = 4.0 * ParameterCounts.of(LLAMA).total().value() / SLICE; // fp32 gradients, 1/256 per chip
    System.out.printf(Locale.ROOT, "%nTPU v5e Multislice, %s, FSDP over each v5e-256 slice (25 Gbit/s DCN per chip):%n",
        LLAMA.id());
    System.out.printf(Locale.ROOT, "%7s %14s %14s %12s%n", "slices", "DCN s/step", "expected s", "tok/s/chip");
    double previous = Double.MAX_VALUE;
    for (int s : new int[] {1, 2, 4, 8, 16, 32}) {
      TrainingEstimate e = slices(s);
      // ring all-reduce over the slices: 2(s-1)/s of the shard each way, 2(s-1) network steps
      double expected = s == 1 ? 0 : 2.0 * (s - 1) / s * shard / perChip + 2.0 * (s - 1) * latency;
      System.out.printf(Locale.ROOT, "%7d %14.4f %14.4f %12.1f%n", s, e.time().dataParallel(), expected,
          e.tokensPerSecondPerGpu());
      assertThat(e.time().dataParallel()).isCloseTo(expected, within(0.005 * expected + 1e-9));
      // the same per-chip work and memory on every slice count, one more all-reduce step for each added slice
      assertThat(e.tokensPerSecondPerGpu()).isLessThanOrEqualTo(previous);
      assertThat(e.memory().total()).isEqualTo(slices(1).memory().total());
      previous = e.tokensPerSecondPerGpu();
    }
  }
}
