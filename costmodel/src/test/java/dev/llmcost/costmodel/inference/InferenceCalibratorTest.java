package dev.llmcost.costmodel.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.costmodel.training.FittedProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public fit of the inference factors ({@link InferenceCalibrator}), its runs table and its profile. */
class InferenceCalibratorTest {

  private static final String HEADER =
      "id,model,accelerator,gpus,tp,precision,batch,input_tokens,output_tokens,measured,value,unit,source,note\n";

  static String bundledText() {
    try (InputStream in = InferenceCalibratorTest.class.getResourceAsStream("inference-runs.csv")) {
      if (in == null) {
        throw new IllegalStateException("missing inference-runs.csv");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final List<InferenceRun> BUNDLED = InferenceRuns.parse("inference-runs.csv", bundledText());

  @Test
  void bundledRunsReproduceTheCalibratedFactorsFromAnotherStart() {
    InferenceCalibration start = InferenceCalibration.builder().gemmOverlapLoss(0.5).memoryBandwidthFraction(0.8)
        .perLayerOverheadSeconds(20e-6).fp8MatmulRelativeEfficiency(0.6).source("start").build();
    Set<InferenceFactor> free = InferenceCalibrator.defaultFree(BUNDLED);
    assertThat(free).containsExactlyInAnyOrder(InferenceFactor.values());
    InferenceCalibrator.Fit fit = InferenceCalibrator.fit(BUNDLED, free, start);
    InferenceCalibration c = InferenceCalibration.CALIBRATED;
    System.out.printf(Locale.ROOT, "library fit over %d runs: RMS log error %.4f -> %.4f, %s%n", BUNDLED.size(),
        fit.rmsLogErrorBefore(), fit.rmsLogErrorAfter(), fit.calibration());
    for (InferenceFactor f : InferenceFactor.values()) {
      assertThat(f.of(fit.calibration())).as(f.property()).isCloseTo(f.of(c), within(0.01 * f.of(c)));
    }
    assertThat(fit.converged()).isTrue();
    assertThat(fit.atBounds()).isEmpty();
    assertThat(fit.rmsLogErrorAfter()).isLessThan(fit.rmsLogErrorBefore());
    assertThat(fit.residuals()).hasSize(BUNDLED.size());
  }

  @Test
  void syntheticRunsGiveBackTheCalibrationThatGeneratedThem() {
    InferenceCalibration truth = InferenceCalibration.builder().gemmOverlapLoss(0.4).memoryBandwidthFraction(0.75)
        .perLayerOverheadSeconds(30e-6).fp8MatmulRelativeEfficiency(0.9).source("truth").build();
    InferenceCostModel m = InferenceCostModel.of(truth);
    List<InferenceRun> synthetic = new ArrayList<>();
    for (InferenceRun r : BUNDLED) {
      synthetic.add(new InferenceRun(r.id(), r.model(), r.accelerator(), r.gpus(), r.tp(), r.precision(), r.batch(),
          r.inputTokens(), r.outputTokens(), r.measure(), r.predict(m), "synthetic"));
    }
    InferenceCalibrator.Fit fit = InferenceCalibrator.fit(synthetic, EnumSet.allOf(InferenceFactor.class));
    for (InferenceFactor f : InferenceFactor.values()) {
      assertThat(f.of(fit.calibration())).as(f.property()).isCloseTo(f.of(truth), within(1e-3 * f.of(truth)));
    }
    assertThat(fit.medianAbsErrorAfter()).isLessThan(1e-4);
    assertThat(fit.medianAbsErrorBefore()).isGreaterThan(0.01);
  }

  @Test
  void factorsNotFreeKeepTheBaseValues() {
    InferenceCalibrator.Fit fit = InferenceCalibrator.fit(BUNDLED, List.of(InferenceFactor.MEMORY_BANDWIDTH_FRACTION));
    InferenceCalibration c = InferenceCalibration.CALIBRATED;
    assertThat(fit.calibration().gemmOverlapLoss()).isEqualTo(c.gemmOverlapLoss());
    assertThat(fit.calibration().perLayerOverheadSeconds()).isEqualTo(c.perLayerOverheadSeconds());
    assertThat(fit.calibration().fp8MatmulRelativeEfficiency()).isEqualTo(c.fp8MatmulRelativeEfficiency());
    assertThat(fit.free()).containsExactly(InferenceFactor.MEMORY_BANDWIDTH_FRACTION);
  }

  @Test
  void tooFewRunsForTheFreeFactorsAreRefused() {
    assertThatThrownBy(() -> InferenceCalibrator.fit(BUNDLED.subList(0, 3),
        List.of(InferenceFactor.GEMM_OVERLAP_LOSS, InferenceFactor.MEMORY_BANDWIDTH_FRACTION,
            InferenceFactor.PER_LAYER_OVERHEAD_SECONDS)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs at least 4 runs, had 3");
    assertThatThrownBy(() -> InferenceCalibrator.fit(BUNDLED, List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
  }

  @Test
  void fp8EfficiencyWithoutFp8RunsIsRefused() {
    List<InferenceRun> fp16 = BUNDLED.stream().filter(r -> !r.precision().equals("fp8")).toList();
    assertThat(fp16).hasSizeGreaterThan(2);
    assertThat(InferenceCalibrator.defaultFree(fp16)).doesNotContain(InferenceFactor.FP8_MATMUL_RELATIVE_EFFICIENCY);
    assertThatThrownBy(() -> InferenceCalibrator.fit(fp16, List.of(InferenceFactor.FP8_MATMUL_RELATIVE_EFFICIENCY)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no run informs fp8-matmul-relative-efficiency");
  }

  @Test
  void badRowsNameTheRowTheColumnAndTheValue() {
    String good = "a,llama-2-7b,a100-sxm-80gb,1,1,fp16,64,128,128,output_tokens_per_second_per_gpu,1500,tok/s,x,\n";
    assertThat(InferenceRuns.parse("t.csv", HEADER + good)).hasSize(1);
    assertThatThrownBy(() -> InferenceRuns.parse("t.csv", HEADER + good
        + "b,llama-9b,a100-sxm-80gb,1,1,fp16,64,128,128,ttft_ms,12,ms,x,\n"))
        .hasMessageContaining("t.csv row 2 (id b), column model: \"llama-9b\"")
        .hasMessageContaining("unknown model");
    assertThatThrownBy(() -> InferenceRuns.parse("t.csv", HEADER
        + "b,llama-2-7b,z100,1,1,fp16,64,128,128,ttft_ms,12,ms,x,\n"))
        .hasMessageContaining("row 1 (id b), column accelerator: \"z100\"").hasMessageContaining("unknown accelerator");
    assertThatThrownBy(() -> InferenceRuns.parse("t.csv", HEADER
        + "b,llama-2-7b,a100-sxm-80gb,1,1,fp16,64,128,128,ttft_ms,fast,ms,x,\n"))
        .hasMessageContaining("row 1 (id b), column value: \"fast\" is not a number");
    assertThatThrownBy(() -> InferenceRuns.parse("t.csv", HEADER
        + "b,llama-2-7b,a100-sxm-80gb,1,1,fp16,64,128,128,ttft_ms,12,s,x,\n"))
        .hasMessageContaining("column unit: \"s\": must be ms for ttft_ms");
    assertThatThrownBy(() -> InferenceRuns.parse("t.csv", HEADER
        + "b,llama-2-7b,a100-sxm-80gb,1,1,int3,64,128,128,ttft_ms,12,ms,x,\n"))
        .hasMessageContaining("column precision: \"int3\"");
    assertThatThrownBy(() -> InferenceRuns.parse("t.csv", HEADER
        + "b,llama-2-7b,a100-sxm-80gb,1,1,fp16,64,128,128,latency,12,ms,x,\n"))
        .hasMessageContaining("column measured: \"latency\"");
    assertThatThrownBy(() -> InferenceRuns.parse("t.csv", HEADER + good + good))
        .hasMessageContaining("row 2 (id a), column id: \"a\" appears twice");
    assertThatThrownBy(() -> InferenceRuns.parse("t.csv", "id,model\na,llama-2-7b\n"))
        .hasMessageContaining("t.csv has no column accelerator");
  }

  @Test
  void profileRoundTripsAndTrainingOnlyFilesHaveNoInferenceSection(@TempDir Path dir) throws IOException {
    InferenceCalibrator.Fit fit = InferenceCalibrator.fit(BUNDLED, List.of(InferenceFactor.MEMORY_BANDWIDTH_FRACTION,
        InferenceFactor.PER_LAYER_OVERHEAD_SECONDS));
    InferenceProfile p = InferenceProfile.of(fit, "bench.csv");
    Path file = dir.resolve("p.json");
    p.write(file);
    InferenceProfile back = InferenceProfile.read(file).orElseThrow();
    assertThat(back).isEqualTo(p);
    assertThat(back.calibration().memoryBandwidthFraction()).isEqualTo(fit.calibration().memoryBandwidthFraction());
    assertThat(back.calibration().source()).contains("bench.csv").contains("memory-bandwidth fraction");
    assertThatThrownBy(() -> FittedProfile.read(file))
        .hasMessageContaining("holds inference factors only");

    Path training = dir.resolve("t.json");
    Files.writeString(training, "{\"format\": \"llmcost-profile/1\", \"values\": {\"OVERLAP_EFFICIENCY\": 0.5},"
        + " \"runs\": 3, \"source\": \"x\"}");
    assertThat(InferenceProfile.read(training)).isEmpty();
    p.write(training, FittedProfile.read(training));
    assertThat(InferenceProfile.read(training)).contains(p);
    assertThat(FittedProfile.read(training).values()).hasSize(1);

    Path bad = dir.resolve("b.json");
    Files.writeString(bad, "{\"format\": \"llmcost-profile/1\", \"inference\": {\"values\": {\"gemmOverlapLoss\": 0.5,"
        + " \"memoryBandwidthFraction\": 1.5, \"perLayerOverheadSeconds\": 0, \"fp8MatmulRelativeEfficiency\": 0.7},"
        + " \"runs\": 3, \"source\": \"x\"}}");
    assertThatThrownBy(() -> InferenceProfile.read(bad))
        .hasMessageContaining("inference.").hasMessageContaining("memoryBandwidthFraction").hasMessageContaining("1.5");
  }

  @Test
  void aModelWithOtherFactorsSaysSoInItsAssumptions() {
    InferenceRun r = BUNDLED.get(0);
    InferenceCalibration other = InferenceCalibration.CALIBRATED.toBuilder().memoryBandwidthFraction(0.5)
        .source("my profile").build();
    InferenceCostModel m = InferenceCostModel.of(other);
    assertThat(m.estimate(r.scenario(other.overheads())).assumptions()).anyMatch(a -> a.contains("my profile"));
    assertThat(InferenceCostModel.calibrated().estimate(r.scenario(ServingOverheads.calibrated())).assumptions())
        .noneMatch(a -> a.startsWith("inference factors:"));
  }
}
