package dev.llmcost.costmodel.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.internal.training.CsvTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Encoder forward passes against NVIDIA's published TensorRT BERT latencies (A100 40GB, FP16,
 * {@code bert-inference-tensorrt.csv}). Nothing is fitted to these rows: the efficiencies are the
 * decoder inference calibration's, so the all-rows figure is already out of sample (no
 * leave-one-source-out twin is needed).
 */
class EmbeddingValidationTest {

  @Test
  void bertLatenciesAgainstTensorRtMeasurements() {
    CsvTable t = CsvTable.read(EmbeddingValidationTest.class, "bert-inference-tensorrt.csv");
    List<Double> errors = new ArrayList<>();
    List<Double> largeBatchErrors = new ArrayList<>();
    StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-20s %-14s %5s %5s %10s %10s %8s%n",
        "model", "accelerator", "seq", "batch", "measured", "predicted", "error"));
    for (int r = 0; r < t.size(); r++) {
      String model = t.get(r, "model");
      String acc = t.get(r, "accelerator");
      int seq = Integer.parseInt(t.get(r, "sequence_length"));
      int batch = Integer.parseInt(t.get(r, "batch"));
      double measured = Double.parseDouble(t.get(r, "fp16_average_latency_ms"));
      EmbeddingEstimate e = EmbeddingEstimate.of(ModelCatalog.bundled().get(model),
          AcceleratorCatalog.bundled().get(acc), batch, seq);
      double predicted = 1000 * e.secondsPerBatch();
      double error = predicted / measured - 1;
      errors.add(Math.abs(error));
      if (batch >= 32) {
        largeBatchErrors.add(Math.abs(error));
      }
      table.append(String.format(Locale.ROOT, "%-20s %-14s %5d %5d %10.2f %10.2f %7.1f%%%n",
          model, acc, seq, batch, measured, predicted, 100 * error));
    }
    Collections.sort(errors);
    Collections.sort(largeBatchErrors);
    double median = errors.get(errors.size() / 2);
    double worst = errors.get(errors.size() - 1);
    double largeWorst = largeBatchErrors.get(largeBatchErrors.size() - 1);
    System.out.printf(Locale.ROOT, "BERT forward latency vs TensorRT (source: NVIDIA TensorRT demo/BERT README)%n%s"
        + "median |error| %.1f%%, worst %.1f%%; batch >= 32: worst %.1f%%%n", table, 100 * median, 100 * worst,
        100 * largeWorst);
    assertThat(largeWorst).isLessThan(0.30);
    assertThat(median).isLessThan(0.35);
    assertThat(worst).isLessThan(1.5);
  }

  /**
   * The worst error against PyTorch eager inference (DeepLearningExamples {@code run_squad.sh}
   * evaluation, fp16 via AMP). These rows are not like for like with an engine and only bound the
   * model: it predicts them 1.0–1.4× too fast. Its A100 batch-32 prediction (738 sequences/s) equals
   * TensorRT's measured 744 (43.01 ms in {@code bert-inference-tensorrt.csv}); the SQuAD loop reaches
   * 312, about 25% of the fp16 peak in model FLOPs, while the same 21.11 scripts train at 48% (580
   * sequences/s of 128 tokens, {@code bert-pretraining.csv}), so the eager evaluation loop (fp32
   * weights cast under autocast on every forward, unfused kernels, logits copied to the host per
   * batch) and not the encoder's arithmetic sets the gap.
   */
  static final double PYTORCH_TOLERANCE = 1.5;

  @Test
  void bertLargeThroughputAgainstPyTorchMeasurements() {
    CsvTable t = CsvTable.read(EmbeddingValidationTest.class, "bert-inference-pytorch.csv");
    List<Double> errors = new ArrayList<>();
    StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-24s %-15s %5s %5s %10s %10s %8s%n",
        "id", "accelerator", "seq", "batch", "measured", "predicted", "error"));
    for (int r = 0; r < t.size(); r++) {
      int seq = Integer.parseInt(t.get(r, "sequence_length"));
      int batch = Integer.parseInt(t.get(r, "batch"));
      double measured = Double.parseDouble(t.get(r, "sequences_per_second"));
      EmbeddingEstimate e = EmbeddingEstimate.of(ModelCatalog.bundled().get(t.get(r, "model")),
          AcceleratorCatalog.bundled().get(t.get(r, "accelerator")), batch, seq);
      double error = e.sequencesPerSecond() / measured - 1;
      errors.add(error);
      table.append(String.format(Locale.ROOT, "%-24s %-15s %5d %5d %10.1f %10.1f %+7.1f%%%n",
          t.get(r, "id"), t.get(r, "accelerator"), seq, batch, measured, e.sequencesPerSecond(), 100 * error));
    }
    Collections.sort(errors);
    double median = (errors.get((errors.size() - 1) / 2) + errors.get(errors.size() / 2)) / 2;
    double worst = errors.get(errors.size() - 1);
    System.out.printf(Locale.ROOT, "BERT-large fp16 inference, sequences/s vs PyTorch (source per row in"
        + " bert-inference-pytorch.csv)%n%smedian error %+.1f%%, worst %+.1f%% (bound: faster than measured, by"
        + " less than %.0f%%)%n", table, 100 * median, 100 * worst, 100 * PYTORCH_TOLERANCE);
    assertThat(worst).isLessThan(PYTORCH_TOLERANCE);
    // an optimized-engine estimate is never slower than eager PyTorch
    assertThat(errors.get(0)).isGreaterThan(0.0);
  }
}
