package dev.llmcost.costmodel.internal.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.model.BlockLayout;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.NormKind;
import dev.llmcost.core.model.Normalization;
import dev.llmcost.costmodel.training.TrainingRuns;
import org.junit.jupiter.api.Test;

/**
 * The parallel attention/MLP block (GPT-J, GPT-NeoX, PaLM) as {@link Evaluator} costs it: fewer norms,
 * fewer tensor-parallel reductions, one fused input GEMM where the model fuses it, the same FLOPs.
 */
class ParallelBlockTest {
  private static final int HIDDEN = 4096;

  private static ModelArchitecture model(BlockLayout layout, int norms) {
    return TrainingRuns.llamaStyle("m-" + layout, 8, HIDDEN, 32, 32, 16384, 32000)
        .blockLayout(layout)
        .normalization(Normalization.of(NormKind.RMS_NORM, norms, true))
        .build();
  }

  private static LayerCosts costs(ModelArchitecture a, HardwareConstants hw, int tp, boolean sp) {
    EvalConfig c = new EvalConfig();
    c.seq = 2048;
    c.micro = 2;
    c.globalBatch = 64;
    c.tp = tp;
    c.dp = 8;
    c.sequenceParallel = sp;
    LayerCosts l = new LayerCosts();
    Evaluator.layerCosts(ModelConstants.of(a), hw, c, l);
    return l;
  }

  @Test
  void oneSharedNormSavesOneNormsMemoryTraffic() {
    HardwareConstants hw = SyntheticHardware.h100Like(280);
    LayerCosts serial = costs(model(BlockLayout.SERIAL, 2), hw, 1, false);
    LayerCosts shared = costs(model(BlockLayout.PARALLEL, 1), hw, 1, false);
    LayerCosts twoNorms = costs(model(BlockLayout.PARALLEL, 2), hw, 1, false);
    double tokens = 2.0 * 2048;
    double oneNorm = tokens * 2 * 2.0 * HIDDEN / hw.memoryBandwidth; // read and write h 16-bit elements
    assertThat(serial.elementwise - shared.elementwise).isCloseTo(oneNorm, within(1e-12));
    assertThat(twoNorms.elementwise).isEqualTo(serial.elementwise); // GPT-NeoX's ln1 and ln2 both run
    assertThat(shared.linear).isEqualTo(serial.linear); // unfused: the same GEMMs
  }

  @Test
  void summedOutputsTakeOneTensorParallelReductionPerPass() {
    HardwareConstants hw = SyntheticHardware.h100Like(280);
    LayerCosts serial = costs(model(BlockLayout.SERIAL, 2), hw, 8, false);
    assertThat(serial.tpBackwardPass).isEqualTo(serial.tpPass).isPositive();
    // GPT-NeoX (gpt_j_residual): one all-reduce forward; backward, each input projection reduces its gradient
    LayerCosts neox = costs(model(BlockLayout.PARALLEL, 2), hw, 8, false);
    assertThat(neox.tpPass).isCloseTo(0.5 * serial.tpPass, within(1e-15));
    assertThat(neox.tpBackwardPass).isCloseTo(serial.tpPass, within(1e-15));
    // PaLM: one fused input projection, one reduction each way
    LayerCosts palm = costs(model(BlockLayout.PARALLEL_FUSED_INPUT, 1), hw, 8, false);
    assertThat(palm.tpPass).isCloseTo(0.5 * serial.tpPass, within(1e-15));
    assertThat(palm.tpBackwardPass).isCloseTo(0.5 * serial.tpPass, within(1e-15));
    // sequence parallelism: two all-gathers and one reduce-scatter of a serial block's two and two
    LayerCosts serialSp = costs(model(BlockLayout.SERIAL, 2), hw, 8, true);
    LayerCosts neoxSp = costs(model(BlockLayout.PARALLEL, 2), hw, 8, true);
    assertThat(neoxSp.tpPass).isCloseTo(0.75 * serialSp.tpPass, within(1e-15));
    assertThat(neoxSp.tpBackwardPass).isCloseTo(0.75 * serialSp.tpPass, within(1e-15));
    assertThat(costs(model(BlockLayout.PARALLEL_FUSED_INPUT, 1), hw, 8, true).tpBackwardPass)
        .isCloseTo(0.5 * serialSp.tpPass, within(1e-15));
  }

  @Test
  void aFusedInputGemmIsOneWiderGemmOfTheSameFlops() {
    // a flat GEMM curve: fusing changes nothing; a saturating one: the wider GEMM runs no slower
    HardwareConstants flat = SyntheticHardware.h100Like(0);
    assertThat(costs(model(BlockLayout.PARALLEL_FUSED_INPUT, 1), flat, 8, true).linear)
        .isCloseTo(costs(model(BlockLayout.SERIAL, 2), flat, 8, true).linear, within(1e-15));
    HardwareConstants curve = SyntheticHardware.h100Like(280);
    assertThat(costs(model(BlockLayout.PARALLEL_FUSED_INPUT, 1), curve, 8, true).linear)
        .isLessThan(costs(model(BlockLayout.SERIAL, 2), curve, 8, true).linear);
  }

  @Test
  void theBlockLayoutChangesNoFlops() {
    ModelConstants serial = ModelConstants.of(model(BlockLayout.SERIAL, 2));
    ModelConstants palm = ModelConstants.of(model(BlockLayout.PARALLEL_FUSED_INPUT, 1));
    assertThat(palm.attnMatmul).isEqualTo(serial.attnMatmul);
    assertThat(palm.mlpMatmul).isEqualTo(serial.mlpMatmul);
    assertThat(palm.parallelBlockNorms).isEqualTo(1);
    assertThat(serial.parallelBlockNorms).isEqualTo(2);
  }
}
