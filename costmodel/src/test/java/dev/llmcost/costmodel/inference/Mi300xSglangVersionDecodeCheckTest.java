package dev.llmcost.costmodel.inference;

import static dev.llmcost.costmodel.inference.ValidationTable.max;
import static dev.llmcost.costmodel.inference.ValidationTable.median;
import static dev.llmcost.costmodel.inference.ValidationTable.min;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.costmodel.inference.MultiSourceInferenceValidationTest.Compared;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * s24a: the SGLang cookbook's DeepSeek-V3.1 decode on 8 × MI300X under SGLang 0.5.7 (rows
 * {@code sgc26-mi300x-dsv31-tp8-*-tpot}, the MoE worst rows of issue 13) set against InferenceX's own runs of the same
 * architecture (DeepSeek-R1-0528 block FP8, TP 8) on the same accelerator under each SGLang image from v0.5.2 to
 * v0.5.12, and against the model.
 *
 * <p>The data file {@code inferencex-mi30x-sglang-dsr1-history.csv} holds the median TPOT of every MI300X / MI325X
 * SGLang run in InferenceX's API history, with the image in the InferenceX config at the run. Printed: per GPU, lengths
 * and concurrency the median TPOT of each image's runs; the model's closed-loop TPOT of the ix26 MI300X rows beside the
 * v0.5.12 runs; each cookbook TPOT row against the model and, where the lengths match, against InferenceX's v0.5.7 run;
 * the modelled decode step of the cookbook's c1 row at batch 1 by operator group. Asserted, each with its tolerance:
 * on MI300X at 1k/1k the v0.5.7 runs decode slower than the v0.5.12 run by a near-constant time per step at c4, c16 and
 * c64 ({@link #GAP_LOW_MS}..{@link #GAP_HIGH_MS}); the model is within {@link #MODEL_TO_V0512} of the v0.5.12 runs at
 * 1k/1k c4 and c64; the cookbook rows without prefill interruptions lie the same constant above the model; and the
 * cookbook's 0.5.7 runs at 1k/8k c16 / c64 lie within {@link #COOKBOOK_TO_IX_V057} of InferenceX's v0.5.7 runs. A
 * check, not a model input: nothing is fitted, no row, mapping or bound changes (inference-multi-source.md, s24a).
 */
class Mi300xSglangVersionDecodeCheckTest {

  private static final InferenceCostModel MODEL = InferenceCostModel.calibrated();

  private static final String HEADER = "gpu,date,sglang,image,flags,run,isl,osl,conc,median_tpot_ms,median_itl_ms,"
      + "p99_tpot_ms,median_ttft_ms,image_basis";

  /** The v0.5.7 runs' median TPOT minus the v0.5.12 run's, MI300X 1k/1k, c4 / c16 / c64, must lie in this range. */
  private static final double GAP_LOW_MS = 9;

  private static final double GAP_HIGH_MS = 14;

  /** The model's closed-loop TPOT must lie within this fraction of the v0.5.12 runs' median. */
  private static final double MODEL_TO_V0512 = 0.10;

  /** The cookbook's 0.5.7 TPOT must lie within this fraction of InferenceX's v0.5.7 run at the same nominal lengths. */
  private static final double COOKBOOK_TO_IX_V057 = 0.10;

  private record Run(String gpu, String date, String sglang, String flags, int isl, int osl, int conc,
      double tpotMs, double ttftMs) {}

  @Test
  void cookbookMi300xDecodeIsTheEngineVersionsOwn() {
    List<Run> runs = read();
    List<Compared> all = MultiSourceInferenceValidationTest.map(
        MultiSourceInferenceValidationTest.read("inference-multi-source.csv")).compared();
    StringBuilder sb = new StringBuilder("s24a: DeepSeek-R1-0528 FP8 TP 8 under SGLang on MI300X / MI325X, median TPOT"
        + " (ms) of InferenceX's runs by SGLang image (API history), against the model and the SGLang cookbook's"
        + " DeepSeek-V3.1 MI300X 0.5.7 rows\n");
    List<String> versions = List.of("v0.5.2-sgl-dev", "v0.5.5.post3", "v0.5.7", "v0.5.8", "v0.5.9", "v0.5.12");
    sb.append(String.format(Locale.ROOT, "  %-6s %-9s %4s", "gpu", "lengths", "conc"));
    for (String v : versions) {
      sb.append(String.format(Locale.ROOT, " %15s", v));
    }
    sb.append('\n');
    for (String gpu : List.of("mi300x", "mi325x")) {
      for (int[] len : new int[][] {{1024, 1024}, {1024, 8192}, {8192, 1024}}) {
        for (int conc : new int[] {4, 16, 64}) {
          sb.append(String.format(Locale.ROOT, "  %-6s %-9s %4d", gpu, lengths(len[0], len[1]), conc));
          for (String v : versions) {
            double[] t = tpot(runs, gpu, v, len[0], len[1], conc);
            sb.append(t.length == 0 ? String.format(Locale.ROOT, " %15s", "-")
                : String.format(Locale.ROOT, " %9.2f (%d)%s", median(t), t.length, t.length < 10 ? "  " : " "));
          }
          sb.append('\n');
        }
      }
    }

    // the constant per-step difference between the v0.5.7 and v0.5.12 images on MI300X (the same flags-b launch)
    for (int conc : new int[] {4, 16, 64}) {
      double v057 = median(tpot(runs, "mi300x", "v0.5.7", 1024, 1024, conc));
      double v0512 = median(tpot(runs, "mi300x", "v0.5.12", 1024, 1024, conc));
      sb.append(String.format(Locale.ROOT, "  MI300X 1k/1k c%d: v0.5.7 %.2f ms - v0.5.12 %.2f ms = %.2f ms a step"
          + " (%.0f us a layer over 61 layers)%n", conc, v057, v0512, v057 - v0512, (v057 - v0512) / 61 * 1e3));
      assertThat(v057 - v0512).as("MI300X 1k/1k c" + conc + ": v0.5.7 minus v0.5.12, ms")
          .isBetween(GAP_LOW_MS, GAP_HIGH_MS);
    }

    // the first token does not follow the decode step: the median TTFT at c4 is the same under v0.5.7 and v0.5.12
    for (int isl : new int[] {1024, 8192}) {
      sb.append(String.format(Locale.ROOT, "  MI300X %s c4 median TTFT by image (ms):", lengths(isl, 1024)));
      for (String v : versions) {
        double[] t = runs.stream().filter(r -> r.gpu().equals("mi300x") && r.sglang().equals(v) && r.isl() == isl
            && r.osl() == 1024 && r.conc() == 4).mapToDouble(Run::ttftMs).toArray();
        sb.append(String.format(Locale.ROOT, " %s %.0f", v, median(t)));
      }
      sb.append('\n');
    }

    // the model (ix26 MI300X rows' mapping, closed loop) against the v0.5.12 runs, and the ix26 rows themselves
    for (String id : List.of("ix26-mi300x-sglang-fp8-tp8-1k1k-c4-tpot", "ix26-mi300x-sglang-fp8-tp8-1k1k-c64-tpot",
        "ix26-mi300x-sglang-fp8-tp8-1k8k-c4-tpot", "ix26-mi300x-sglang-fp8-tp8-1k8k-c64-tpot")) {
      Compared c = find(all, id);
      double model = c.predict(MODEL) * 1e3;
      int conc = Integer.parseInt(c.row().concurrency());
      int osl = id.contains("1k8k") ? 8192 : 1024;
      double[] v0512 = tpot(runs, "mi300x", "v0.5.12", 1024, osl, conc);
      sb.append(String.format(Locale.ROOT, "  %s (row: SGLang %s, %.2f ms measured, mean): model %.2f ms (%+.1f%%)",
          id, c.row().engineVersion().split(" ")[0], c.row().value() * 1e3, model,
          100 * (model / (c.row().value() * 1e3) - 1)));
      if (v0512.length > 0) {
        sb.append(String.format(Locale.ROOT, "; history v0.5.12 median %.2f ms (model %+.1f%%)", median(v0512),
            100 * (model / median(v0512) - 1)));
        assertThat(model / median(v0512) - 1).as(id + ": model over the v0.5.12 runs")
            .isBetween(-MODEL_TO_V0512, MODEL_TO_V0512);
      } else {
        double[] v059 = tpot(runs, "mi300x", "v0.5.9", 1024, osl, conc);
        sb.append(String.format(Locale.ROOT, "; no v0.5.12 run at these lengths, v0.5.9 median %.2f ms: measured -"
            + " model %.2f ms", median(v059), median(v059) - model));
      }
      sb.append('\n');
    }

    // the cookbook rows (SGLang 0.5.7, default flags: bf16 KV, aiter attention, no continuous decode steps)
    Map<String, Double> gaps = new LinkedHashMap<>();
    for (String lengths : List.of("1k1k", "1k8k", "8k1k")) {
      for (String conc : List.of("c1", "c16", "c64", "c100")) {
        String id = "sgc26-mi300x-dsv31-tp8-" + lengths + "-" + conc + "-tpot";
        Compared c = all.stream().filter(x -> x.row().id().equals(id)).findFirst().orElse(null);
        if (c == null) {
          continue;
        }
        double measured = c.row().value() * 1e3;
        double model = c.predict(MODEL) * 1e3;
        gaps.put(id, measured - model);
        sb.append(String.format(Locale.ROOT, "  %s: measured %.2f ms, model %.2f ms (%+.1f%%), measured - model %.2f"
            + " ms (%.0f us a layer)", id, measured, model, 100 * (model / measured - 1), measured - model,
            (measured - model) / 61 * 1e3));
        if (lengths.equals("1k8k") && (conc.equals("c16") || conc.equals("c64"))) {
          double v057 = median(tpot(runs, "mi300x", "v0.5.7", 1024, 8192, Integer.parseInt(conc.substring(1))));
          sb.append(String.format(Locale.ROOT, "; InferenceX v0.5.7 (DeepSeek-R1, FP8 KV) 1k/8k %s: %.2f ms"
              + " (cookbook %+.1f%%)", conc, v057, 100 * (measured / v057 - 1)));
          assertThat(measured / v057 - 1).as(id + ": cookbook over InferenceX v0.5.7")
              .isBetween(-COOKBOOK_TO_IX_V057, COOKBOOK_TO_IX_V057);
        }
        sb.append('\n');
      }
    }
    // rows whose decode no long prompt interrupts: every c1 row, and the 1k-input rows at c16 / c64
    List<String> steady = List.of("sgc26-mi300x-dsv31-tp8-1k1k-c1-tpot", "sgc26-mi300x-dsv31-tp8-1k8k-c1-tpot",
        "sgc26-mi300x-dsv31-tp8-8k1k-c1-tpot", "sgc26-mi300x-dsv31-tp8-1k1k-c16-tpot",
        "sgc26-mi300x-dsv31-tp8-1k8k-c16-tpot", "sgc26-mi300x-dsv31-tp8-1k8k-c64-tpot");
    double[] steadyGaps = steady.stream().mapToDouble(gaps::get).toArray();
    sb.append(String.format(Locale.ROOT, "  cookbook rows without long-prompt interruptions (%d): measured - model"
        + " %.2f..%.2f ms, median %.2f ms a step%n", steadyGaps.length, min(steadyGaps), max(steadyGaps),
        median(steadyGaps)));
    for (String id : steady) {
      assertThat(gaps.get(id)).as(id + ": measured minus model, ms").isBetween(GAP_LOW_MS, GAP_HIGH_MS);
    }

    // where such a constant would have to sit: the modelled step of the cookbook's c1 row at batch 1
    AmdDecodeIndependentCheckTest.appendStep(sb, find(all, "sgc26-mi300x-dsv31-tp8-1k1k-c1-tpot"), 1);
    System.out.println(sb);
  }

  private static Compared find(List<Compared> all, String id) {
    return all.stream().filter(x -> x.row().id().equals(id)).findFirst().orElseThrow(() -> new AssertionError(id));
  }

  private static String lengths(int isl, int osl) {
    return (isl / 1024) + "k/" + (osl / 1024) + "k";
  }

  private static double[] tpot(List<Run> runs, String gpu, String sglang, int isl, int osl, int conc) {
    return runs.stream().filter(r -> r.gpu().equals(gpu) && r.sglang().equals(sglang) && r.isl() == isl
        && r.osl() == osl && r.conc() == conc).mapToDouble(Run::tpotMs).toArray();
  }

  private static List<Run> read() {
    List<Run> out = new ArrayList<>();
    List<String> lines = CommentedCsv.lines(Mi300xSglangVersionDecodeCheckTest.class,
        "inferencex-mi30x-sglang-dsr1-history.csv");
    assertThat(lines.get(0)).isEqualTo(HEADER);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      assertThat(f).as(line).hasSize(14);
      assertThat(f[0]).as(line).isIn("mi300x", "mi325x");
      assertThat(f[4]).as(line).isIn("flags-a", "flags-b");
      out.add(new Run(f[0], f[1], f[2], f[4], Integer.parseInt(f[6]), Integer.parseInt(f[7]),
          Integer.parseInt(f[8]), Double.parseDouble(f[9]), Double.parseDouble(f[12])));
    }
    assertThat(out).hasSize(176);
    // the v0.5.7 image ran with flags-b (PR 544 / 545 changed image and flags together)
    assertThat(out.stream().filter(r -> r.sglang().equals("v0.5.7")).map(Run::flags).distinct())
        .containsExactly("flags-b");
    return out;
  }
}
