package dev.llmcost.costmodel.internal.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.core.DType;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.efficiency.EfficiencyProfile;
import dev.llmcost.costmodel.inference.InferenceCostModel;
import dev.llmcost.costmodel.internal.training.CsvTable;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The recurrent decode step of a Mamba-2 layer against vLLM's published {@code
 * selective_state_update} kernel timings on H100 ({@code ssm-state-update-kernel.csv}; heads of 64
 * channels with a 128-element state, 8 groups, bf16 inputs, fp16 state: Mamba-Codestral's layer,
 * 128 heads, so an effective batch of {@code 128 × sequences}). Only the rows above the 50 MB L2
 * cache of H100 are compared (2,048 head-states and more: 64 MiB of state read and written and
 * up); below it the kernel runs from L2 and at its launch latency, which the roofline does not
 * model. The 8,192 row pins {@link RecurrentMixers#STATE_UPDATE_BANDWIDTH_FRACTION} (one figure, read
 * off that row, not fitted across rows); the other three are predicted from it. A single source: no
 * leave-one-source-out twin is possible, and the worst error over the three other rows is the
 * figure that counts.
 */
class RecurrentMixersTest {

  static final double TOLERANCE = 0.15;

  @Test
  void mamba2StateUpdateAgainstVllmKernelTimings() {
    ModelArchitecture m = ModelCatalog.bundled().get("mamba-codestral-7b");
    AcceleratorSpec h100 = AcceleratorCatalog.bundled().get("h100-sxm");
    EfficiencyProfile p = InferenceCostModel.calibrated().profile(h100);
    double bandwidth = p.memoryBandwidth(h100.memoryBandwidth()).bytesPerSecond();
    double peak16 = h100.requirePeak(DType.BF16).flopsPerSecond();
    double vector = h100.requirePeak(DType.FP32).flopsPerSecond();
    int heads = m.stateSpace().orElseThrow().heads();
    // one layer of the model (stage share 1 / layers), state in 16 bits
    RecurrentMixers r = new RecurrentMixers(m, 1, 1.0 / m.layers(), 2, 2, peak16, vector, bandwidth,
        h100.memoryBandwidth().bytesPerSecond(), p);
    CsvTable t = CsvTable.read(RecurrentMixersTest.class, "ssm-state-update-kernel.csv");
    StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%10s %10s %10s %10s %8s%n",
        "eff.batch", "sequences", "measured", "predicted", "error"));
    double worst = 0;
    for (int i = 0; i < t.size(); i++) {
      int eff = Integer.parseInt(t.get(i, "effective_batch"));
      double measured = Double.parseDouble(t.get(i, "microseconds"));
      double seqs = (double) eff / heads;
      double predicted = 1e6 * r.mix(seqs, 0, 0, null);
      double error = predicted / measured - 1;
      worst = Math.max(worst, Math.abs(error));
      table.append(String.format(Locale.ROOT, "%10d %10.0f %10.2f %10.2f %+7.1f%%%n", eff, seqs, measured, predicted,
          100 * error));
    }
    System.out.printf(Locale.ROOT, "Mamba-2 selective_state_update on H100 vs the recurrent decode term"
        + " (source: vLLM PR #43083)%n%sworst |error| %.1f%% (tolerance %.0f%%; the term also moves the convolution"
        + " state and the layer's inputs, about 4%% more bytes than the kernel)%n", table, 100 * worst, 100 * TOLERANCE);
    assertThat(worst).isLessThan(TOLERANCE);
  }
}
