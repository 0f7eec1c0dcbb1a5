package dev.llmcost.costmodel.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The calibrated model against TensorRT-LLM v0.9.0's published peak throughput and batch-1 time to
 * first token ({@code docs/source/performance.md}): the 14 rows of the project's {@code
 * inference-runs.csv}, which the calibration was fitted on, and 76 held-out rows of the same
 * document (other models, H200, tensor parallelism 2–8, MoE) that it was not.
 */
class InferenceValidationTest {

  private static final InferenceCostModel MODEL = InferenceCostModel.calibrated();

  @Test
  void publishedRunsAreWithinTheirBounds() {
    ValidationTable t = ValidationTable.of(MeasuredRun.read("inference-runs.csv"), MODEL);
    System.out.println(t.format("TensorRT-LLM v0.9.0 (inference-runs.csv; fitting data)"));
    double[] tp = t.errors(true);
    double[] ttft = t.errors(false);
    assertThat(tp).hasSize(10);
    assertThat(ttft).hasSize(4);
    assertThat(ValidationTable.median(tp)).as("throughput median |error|").isLessThanOrEqualTo(0.20);
    assertThat(ValidationTable.worst(tp)).as("throughput worst |error|").isLessThanOrEqualTo(0.40);
    assertThat(ValidationTable.median(ttft)).as("TTFT median |error|").isLessThanOrEqualTo(0.25);
  }

  @Test
  void heldOutRunsOfTheSameDocument() {
    List<MeasuredRun> runs = MeasuredRun.read("trtllm-v0.9.0-held-out.csv");
    ValidationTable t = ValidationTable.of(runs, MODEL);
    System.out.println(t.format("TensorRT-LLM v0.9.0 held-out rows (not used by the fit)"));
    assertThat(ValidationTable.median(t.errors(true))).as("throughput median |error|").isLessThanOrEqualTo(0.25);
    assertThat(ValidationTable.median(t.errors(false))).as("TTFT median |error|").isLessThanOrEqualTo(0.25);
  }

  /**
   * The held-out rows of dense models with tensor parallelism 2–8: the only published rows whose
   * time depends on the collective factors, which come from the shared efficiency profiles (no row
   * of the fit runs on more than one GPU).
   */
  @Test
  void heldOutTensorParallelRowsCheckTheSharedCollectiveFactors() {
    List<MeasuredRun> runs =
        MeasuredRun.read("trtllm-v0.9.0-held-out.csv").stream()
            .filter(r -> r.tp() > 1 && !r.model().startsWith("mixtral"))
            .toList();
    ValidationTable t = ValidationTable.of(runs, MODEL);
    System.out.println(t.format("TensorRT-LLM v0.9.0 held-out dense rows with tensor parallelism 2-8"));
    assertThat(runs).hasSize(15);
    assertThat(ValidationTable.median(t.errors(true))).as("throughput median |error|").isLessThanOrEqualTo(0.15);
    assertThat(ValidationTable.worst(t.errors(true))).as("throughput worst |error|").isLessThanOrEqualTo(0.25);
    assertThat(ValidationTable.median(t.errors(false))).as("TTFT median |error|").isLessThanOrEqualTo(0.15);
  }

  @Test
  void everyPublishedConfigurationFitsInMemory() {
    for (String resource : List.of("inference-runs.csv", "trtllm-v0.9.0-held-out.csv")) {
      for (MeasuredRun r : MeasuredRun.read(resource)) {
        InferenceEstimate e = MODEL.estimate(r.scenario(MODEL.calibration().overheads()));
        assertThat(e.fits())
            .as("%s: %s, max batch %d", r.id(), e.memoryPerGpu(), e.maxBatchSize())
            .isTrue();
      }
    }
  }
}
