package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * s20h (2026-12-07): which H100 torchao's float8 training table ran on (pytorch/ao {@code torchao/float8/README.md} at
 * 8c81863ba, PR 1793, "8xH100", variant not named), read from the benchmark author's own log of the same benchmark,
 * and the runs table's mapping of the three rows to that part.
 *
 * <p>The evidence (held-out-runs.md, s20h): pytorch/ao PR 1802 (D. Vega-Myhre, 2025-02-28, the launcher the table's
 * reproduction steps name, rowwise at batch 1) shows torchtitan's step line {@code memory: 47.79GiB(50.30%) ... tflops:
 * 380.35 mfu: 38.46%}; 47.79 GiB is the table's rowwise peak memory. torchtitan's percentage is of
 * {@code torch.cuda.get_device_properties(..).total_memory} ({@code DeviceMemoryMonitor._to_pct}) and its MFU divides by
 * {@code get_peak_flops(device name)}: 989e12 for an H100 whose name says neither NVL (835e12) nor PCIe (756e12).
 * torchtitan's {@code benchmarks/llama3_h100_202412_torchtitan.md} names Meta's part of that kind: 96 GB HBM2e, 2.4 TB/s,
 * "the default 500W power limit", the SXM peak used for its MFU, memory readings up to 84.9 GiB.
 */
class TorchaoH100PartTest {

  /** PR 1802's logged step: peak reserved memory (GiB) and its percentage of the device's total memory. */
  static final double LOGGED_GIB = 47.79;

  static final double LOGGED_PERCENT = 50.30;

  /** PR 1802's logged step: model TFLOP/s and MFU (%), the latter against torchtitan's peak for the device name. */
  static final double LOGGED_TFLOPS = 380.35;

  static final double LOGGED_MFU_PERCENT = 38.46;

  /** torchao README at 8c81863ba: the rowwise row's "Peak Memory (GB)", the maximum of the logged memory readings. */
  static final double TABLE_ROWWISE_PEAK = 47.79;

  static final List<String> ROWS = List.of("torchao-h100-8b-8gpu-bf16", "torchao-h100-8b-8gpu-float8-tensorwise",
      "torchao-h100-8b-8gpu-float8-rowwise");

  @Test
  void theAuthorsLogShowsANinetyFiveGibH100ThatIsNeitherNvlNorPcie() {
    assertThat(LOGGED_GIB).isEqualTo(TABLE_ROWWISE_PEAK);
    double capacityGib = LOGGED_GIB / (LOGGED_PERCENT / 100);
    assertThat(capacityGib).isCloseTo(95.0, within(0.05));
    // an 80 GB part holds about 79.2 GiB: the log's GPU is not the catalog's SXM part
    double sxmGib = AcceleratorCatalog.bundled().get("h100-sxm").memory().toGiB();
    assertThat(capacityGib).isGreaterThan(sxmGib);
    assertThat(capacityGib).isLessThanOrEqualTo(AcceleratorCatalog.bundled().get("h100-hbm2e-96gb-500w").memory().toGiB());
    // torchtitan's peak for the device name: the SXM value, so the name carries neither NVL nor PCIe
    double peakTflops = LOGGED_TFLOPS / (LOGGED_MFU_PERCENT / 100);
    assertThat(peakTflops).isCloseTo(989.0, within(1.0));
  }

  @Test
  void theTablesRowsRunOnTheGrandTetonPart() throws IOException {
    // the header and the table's three rows only (HeldOutValidationTest.comparable would list the other rows again)
    String[] lines = HeldOutValidationTest.resource("held-out-runs.csv").split("\n");
    StringBuilder csv = new StringBuilder(lines[0]).append('\n');
    int columns = HeldOutValidationTest.splitCsv(lines[0]).size();
    for (String line : lines) {
      if (ROWS.contains(line.substring(0, Math.max(0, line.indexOf(','))))) {
        // columns added after the rows were written (s20j: fsdp_backward_prefetch, train_metric_cross_entropies)
        // are left blank in them, as HeldOutValidationTest.comparable pads them
        csv.append(line).append(",".repeat(Math.max(0, columns - HeldOutValidationTest.splitCsv(line).size())))
            .append('\n');
      }
    }
    List<CalibrationRun> rows = TrainingRuns.parse("held-out-runs.csv", csv.toString(),
        TrainingRuns.modelsTable("held-out-models.csv", HeldOutValidationTest.resource("held-out-models.csv")));
    assertThat(rows).hasSize(3);
    assertThat(rows).allSatisfy(r ->
        assertThat(r.job().cluster().accelerator().id()).isEqualTo("h100-hbm2e-96gb-500w"));
    // still flagged: the 500 W limit of the author's machine is the platform's default, not logged
    assertThat(rows).allSatisfy(r -> assertThat(r.assumed()).contains("accelerator"));
  }
}
