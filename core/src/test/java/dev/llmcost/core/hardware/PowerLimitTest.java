package dev.llmcost.core.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.DType;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class PowerLimitTest {

  static final AcceleratorCatalog CATALOG = AcceleratorCatalog.bundled();

  static double bf16(String id) {
    return CATALOG.get(id).requirePeak(DType.BF16).flopsPerSecond();
  }

  /**
   * The cube-root law against NVIDIA's datasheets of parts on the same GH100 die at different
   * board power (dense BF16 peaks at each part's boost clock): H100 NVL at 400 W and, per SM, H100
   * PCIe at 350 W with 114 of the SXM's 132 SMs, each against H100 SXM at 700 W.
   */
  @Test
  void theCubeRootLawMatchesTheSameDieAtOtherBoardPowers() {
    PowerLimit nvlCap = PowerLimit.of(400);
    double nvlMeasured = bf16("h100-nvl") / bf16("h100-sxm");
    double nvlPredicted = nvlCap.clockFactor(CATALOG.get("h100-sxm"));
    // per SM: the PCIe part's 350 W feed 114 SMs, the SXM's 700 W 132
    double pcieMeasured = (bf16("h100-pcie") / 114) / (bf16("h100-sxm") / 132);
    double pciePredicted = Math.cbrt((350.0 / 114) / (700.0 / 132));
    System.out.printf(Locale.ROOT, "%-34s %9s %9s %8s%n", "part against H100 SXM 700 W", "datasheet", "cube root", "error");
    System.out.printf(Locale.ROOT, "%-34s %9.3f %9.3f %+7.1f%%%n", "H100 NVL 400 W", nvlMeasured, nvlPredicted,
        100 * (nvlPredicted / nvlMeasured - 1));
    System.out.printf(Locale.ROOT, "%-34s %9.3f %9.3f %+7.1f%%%n", "H100 PCIe 350 W, per SM", pcieMeasured, pciePredicted,
        100 * (pciePredicted / pcieMeasured - 1));
    assertThat(nvlPredicted / nvlMeasured - 1).isBetween(-0.03, 0.03);
    assertThat(pciePredicted / pcieMeasured - 1).isBetween(-0.07, 0.07);
  }

  /**
   * The cube-root law against a measured power-limit sweep (Zeus, NSDI 2023: {@code zeus-v100-power-limit.csv}): the
   * median over 20 BERT-base and ResNet-50 training configurations of a V100's throughput at each limit, relative to
   * its 250 W TDP. From 60% to 90% of the TDP the law is within 2.5 points of the measured throughput (and slower than
   * measured at mild caps: these jobs draw about 90% of the TDP uncapped); below half the TDP it is too fast.
   */
  @Test
  void theCubeRootLawMatchesAMeasuredPowerLimitSweepFromSixtyToNinetyPercentOfTheTdp() throws Exception {
    java.util.Map<String, java.util.Map<Integer, double[]>> epochSeconds = readSweep("zeus-v100-power-limit.csv");
    assertThat(epochSeconds).hasSize(20);
    AcceleratorSpec v100 = CATALOG.get("v100-sxm2-32gb").toBuilder().tdpWatts(250).build();
    System.out.printf(Locale.ROOT, "%n%-12s %9s %9s %9s%n", "V100 limit", "measured", "cube root", "error");
    for (int watts : new int[] {125, 150, 175, 200, 225}) {
      java.util.List<Double> speed = new java.util.ArrayList<>();
      for (java.util.Map<Integer, double[]> run : epochSeconds.values()) {
        speed.add(run.get(250)[0] / run.get(watts)[0]);
      }
      speed.sort(null);
      double measured = (speed.get(speed.size() / 2 - 1) + speed.get(speed.size() / 2)) / 2;
      double law = PowerLimit.of(watts).clockFactor(v100);
      System.out.printf(Locale.ROOT, "%-12s %9.3f %9.3f %+8.1f%%%n", watts + " W", measured, law, 100 * (law / measured - 1));
      if (watts >= 150) {
        assertThat(law - measured).isBetween(-0.025, 0.025);
      } else {
        assertThat(law).isGreaterThan(measured + 0.05);
      }
    }
  }

  /**
   * The cube-root law against the Ampere sweep of the same study ({@code zeus-a40-power-limit.csv}: 23 BERT-base and
   * ResNet-50 training configurations on a 300 W A40, the generation of the A100). Each job's throughput at a limit,
   * relative to its throughput at 300 W, against the law taken two ways: as the cap over the TDP (what {@link
   * PowerLimit#clockFactor} charges, a board that would draw its full TDP uncapped) and as the cap over the job's own
   * uncapped mean draw. From two thirds of the TDP up, the second is within 1.5 points of the measured median and the
   * first is 2 to 6 points slower than measured: the law charged at the TDP is the most a mild cap costs, not less.
   * (Llama 2 34B, 350 W of a 400 W A100, is costed at 0.956: the TDP reading.)
   */
  @Test
  void onAmpereTheCubeRootLawOfTheJobsOwnDrawMatchesAndTheTdpReadingIsTheMostAMildCapCosts() throws Exception {
    java.util.Map<String, java.util.Map<Integer, double[]>> runs = readSweep("zeus-a40-power-limit.csv");
    assertThat(runs).hasSize(23);
    // the law needs only the TDP: an A100 datasheet with the A40's 300 W
    AcceleratorSpec a40Tdp = CATALOG.get("a100-sxm-80gb").toBuilder().tdpWatts(300).build();
    System.out.printf(Locale.ROOT, "%n%-10s %5s %9s %14s %14s%n", "A40 limit", "jobs", "measured", "law (TDP)", "law (own draw)");
    for (int watts : new int[] {200, 225, 250, 275}) {
      java.util.List<Double> measured = new java.util.ArrayList<>();
      java.util.List<Double> ownDraw = new java.util.ArrayList<>();
      for (java.util.Map<Integer, double[]> run : runs.values()) {
        if (run.containsKey(watts)) {
          measured.add(run.get(300)[0] / run.get(watts)[0]);
          double drawn = run.get(300)[1];
          ownDraw.add(watts >= drawn ? 1 : PowerLimit.of(watts).clockFactor(a40Tdp.toBuilder().tdpWatts(drawn).build()));
        }
      }
      double m = median(measured);
      double own = median(ownDraw);
      double tdp = PowerLimit.of(watts).clockFactor(a40Tdp);
      System.out.printf(Locale.ROOT, "%-10s %5d %9.3f %8.3f %+5.1f %8.3f %+5.1f%n", watts + " W", measured.size(), m, tdp,
          100 * (tdp - m), own, 100 * (own - m));
      assertThat(own - m).isBetween(-0.015, 0.015);
      assertThat(m - tdp).isBetween(0.02, 0.065);
    }
  }

  /**
   * Reads a Zeus power-limit sweep: each configuration (its first four columns) to its figures at each limit (the
   * fifth column, watts), the columns after the limit in file order.
   */
  static java.util.Map<String, java.util.Map<Integer, double[]>> readSweep(String resource) throws java.io.IOException {
    java.util.Map<String, java.util.Map<Integer, double[]>> runs = new java.util.TreeMap<>();
    try (java.io.InputStream in = PowerLimitTest.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      String[] lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n");
      for (String line : lines) {
        if (line.startsWith("#") || line.startsWith("dataset") || line.isBlank()) {
          continue;
        }
        String[] f = line.split(",");
        double[] figures = new double[f.length - 5];
        for (int i = 5; i < f.length; i++) {
          figures[i - 5] = Double.parseDouble(f[i]);
        }
        runs.computeIfAbsent(f[0] + "/" + f[1] + "/" + f[2] + "/" + f[3], k -> new java.util.TreeMap<>())
            .put(Integer.parseInt(f[4]), figures);
      }
    }
    return runs;
  }

  static double median(java.util.List<Double> values) {
    java.util.List<Double> s = new java.util.ArrayList<>(values);
    s.sort(null);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  @Test
  void aCapLowersTheClockAndTheBoardPowerButKeepsTheDatasheetPeaks() {
    AcceleratorSpec h100 = CATALOG.get("h100-sxm");
    AcceleratorSpec capped = PowerLimit.of(500).apply(h100);
    assertThat(capped.id()).isEqualTo("h100-sxm");
    assertThat(capped.tdpWatts()).isEqualTo(500);
    assertThat(capped.densePeaks()).isEqualTo(h100.densePeaks());
    assertThat(capped.name()).contains("500 W power limit");
    assertThat(PowerLimit.of(500).clockFactor(h100)).isCloseTo(Math.cbrt(5.0 / 7), org.assertj.core.data.Offset.offset(1e-12));
    // a limit above the TDP changes nothing: boards never draw more than their TDP
    assertThat(PowerLimit.of(900).clockFactor(h100)).isEqualTo(1);
    assertThat(PowerLimit.of(900).apply(h100).tdpWatts()).isEqualTo(700);
  }

  @Test
  void limitsBelowAQuarterOfTheTdpOrWithoutATdpAreRefused() {
    assertThatThrownBy(() -> PowerLimit.of(100).clockFactor(CATALOG.get("h100-sxm")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("power limit must be >= 175 W (a quarter of the 700 W TDP of h100-sxm), was 100.0 W");
    assertThatThrownBy(() -> PowerLimit.of(200).clockFactor(CATALOG.get("tpu-v5p")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tpu-v5p has none");
    assertThatThrownBy(() -> PowerLimit.of(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
    assertThatThrownBy(() -> PowerLimit.of(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }
}
