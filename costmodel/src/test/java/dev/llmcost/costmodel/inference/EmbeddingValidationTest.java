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
}
