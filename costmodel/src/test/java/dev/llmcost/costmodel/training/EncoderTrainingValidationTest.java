package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.internal.training.CsvTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * BERT-large masked-LM pre-training against NVIDIA's published throughputs ({@code
 * bert-pretraining.csv}: DeepLearningExamples PyTorch BERT, 21.11 container, A100 80GB and V100
 * 32GB, phase 1 at 128 tokens and phase 2 at 512, mixed precision and TF32, 1 to 256 GPUs). Each row
 * is predicted as pure data parallelism with the published micro batch and gradient accumulation,
 * unfused attention (the scripts use PyTorch's own softmax and dropout) and sequences per second
 * compared with sequences per second.
 *
 * <p>The phase-2 rows of the 21.11 tables are not like for like and are only bounded: their data
 * is binned by length (bins of 64 tokens, LDDL), so a batch is padded to its bin, not to 512, and
 * the published sequences per second count shorter sequences. Read at 512 tokens they would be 1.45×
 * phase 1's tokens per second on the A100 (210 × 512 against 580 × 128), impossible when attention
 * costs more per token at 512; the 20.06 tables, padded to 512, show 0.75×. The model at the full
 * 512 must therefore be slower than the measurement, and the table prints the padded length at which
 * it would match (about 310–340 tokens).
 *
 * <p>Accounting not modelled: the 21.11 scripts compute the masked-LM logits at the masked
 * positions only (20 of 128, 80 of 512; {@code modeling.py} {@code index_select}), the model at
 * every position as the 2020 scripts and HuggingFace do. The logit GEMM is about 9% of BERT-large's
 * FLOPs per token, so the 21.11 rows would be predicted roughly 8% faster with it.
 *
 * <p>Nothing is fitted to these rows: the efficiencies are the bundled profiles of the decoder
 * calibration, so the all-rows figure is already out of sample and there is no
 * leave-one-source-out twin.
 */
class EncoderTrainingValidationTest {

  /**
   * The worst |error| a padded row of the 21.11 tables (current scripts) may show, and their median.
   * These rows are like for like: every sequence is padded to 128 (phase 1 data is not binned).
   */
  static final double CURRENT_TOLERANCE = 0.15;

  static final double CURRENT_MEDIAN_TOLERANCE = 0.10;

  /**
   * The worst |error| of a row of the 20.06 tables (2020 scripts, HDF5 data padded to 128 and 512),
   * and their median. The model predicts them 23–44% too fast: the same scripts on the same V100 ran
   * phase 1 at 158 sequences/s in 20.06 and 224 in 21.11, and the model's efficiencies are those of
   * the later, fused software (TorchScript/NVFuser), not of the 2020 kernels.
   */
  static final double LEGACY_TOLERANCE = 0.50;

  /**
   * Median of the 20.06 rows. Loosened from 0.40 to 0.42 (41.8%) by train9b: the training profiles' fitted
   * layer overhead fell from 121.6 to 95.7 µs once PyTorch FSDP1's runs (llm-foundry) pay a ring's step
   * latencies for every transformer block's collectives, and these rows, already too fast, come out faster.
   */
  static final double LEGACY_MEDIAN_TOLERANCE = 0.42;

  @Test
  void bertLargePreTrainingAgainstDeepLearningExamples() {
    CsvTable t = CsvTable.read(EncoderTrainingValidationTest.class, "bert-pretraining.csv");
    TrainingCostModel model = TrainingCostModel.calibrated();
    List<Double> current = new ArrayList<>();
    List<Double> legacy = new ArrayList<>();
    List<Double> binnedErrors = new ArrayList<>();
    StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
        "%-22s %-15s %4s %-5s %5s %4s %4s %-7s %10s %10s %8s %6s %8s%n",
        "id", "accelerator", "gpus", "prec", "phase", "mb", "seq", "padding", "measured", "predicted", "error", "mfu",
        "implied"));
    for (int r = 0; r < t.size(); r++) {
      int seq = Integer.parseInt(t.get(r, "seq"));
      double measured = Double.parseDouble(t.get(r, "sequences_per_second"));
      // every published run ran, so its micro batch must fit the GPU's memory
      assertThat(estimate(model, t, r, seq).memory().fits()).as(t.get(r, "id") + " fits").isTrue();
      double predicted = sequencesPerSecond(model, t, r, seq);
      double error = predicted / measured - 1;
      boolean binned = t.get(r, "padding").equals("binned");
      String implied = "";
      if (binned) {
        binnedErrors.add(error);
        implied = Integer.toString(impliedLength(model, t, r, measured));
      } else if (t.get(r, "software").startsWith("PyTorch 21.11")) {
        current.add(Math.abs(error));
      } else {
        legacy.add(Math.abs(error));
      }
      table.append(String.format(Locale.ROOT, "%-22s %-15s %4s %-5s %5s %4s %4d %-7s %10.1f %10.1f %+7.1f%% %5.1f%% %8s%n",
          t.get(r, "id"), t.get(r, "accelerator"), t.get(r, "gpus"), t.get(r, "precision"), t.get(r, "phase"),
          t.get(r, "micro_batch"), seq, t.get(r, "padding"), measured, predicted, 100 * error,
          100 * estimate(model, t, r, seq).mfu(), implied));
    }
    Collections.sort(current);
    Collections.sort(legacy);
    System.out.printf(Locale.ROOT, "BERT-large pre-training, sequences/s (source per row in bert-pretraining.csv;"
        + " 'implied': the padded length at which the model gives the measured rate, binned rows only)%n%s"
        + "21.11 padded rows (%d): median |error| %.1f%%, worst %.1f%% (tolerance %.0f%%, median %.0f%%)%n"
        + "20.06 padded rows (%d): median |error| %.1f%%, worst %.1f%% (tolerance %.0f%%, median %.0f%%)%n"
        + "21.11 binned phase-2 rows (predicted at the full 512, so slower by construction): %s%n",
        table, current.size(), 100 * median(current), 100 * worst(current), 100 * CURRENT_TOLERANCE,
        100 * CURRENT_MEDIAN_TOLERANCE, legacy.size(), 100 * median(legacy), 100 * worst(legacy),
        100 * LEGACY_TOLERANCE, 100 * LEGACY_MEDIAN_TOLERANCE, binnedErrors.stream()
            .map(e -> String.format(Locale.ROOT, "%+.0f%%", 100 * e)).toList());
    assertThat(worst(current)).isLessThan(CURRENT_TOLERANCE);
    assertThat(median(current)).isLessThan(CURRENT_MEDIAN_TOLERANCE);
    assertThat(worst(legacy)).isLessThan(LEGACY_TOLERANCE);
    assertThat(median(legacy)).isLessThan(LEGACY_MEDIAN_TOLERANCE);
    // Binned batches are shorter than 512 on average, so the model at the full length must be slower.
    assertThat(binnedErrors).allSatisfy(e -> assertThat(e).isBetween(-0.6, 0.0));
  }

  private static double median(List<Double> sorted) {
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static double worst(List<Double> sorted) {
    return sorted.get(sorted.size() - 1);
  }

  private static TrainingEstimate estimate(TrainingCostModel model, CsvTable t, int r, int seq) {
    ModelArchitecture m = ModelCatalog.bundled().get(t.get(r, "model"));
    assertThat(m.isEncoder()).as(t.get(r, "model")).isTrue();
    int gpus = Integer.parseInt(t.get(r, "gpus"));
    int micro = Integer.parseInt(t.get(r, "micro_batch"));
    int accumulation = Integer.parseInt(t.get(r, "accumulation"));
    TrainingJob job = TrainingJob.builder(m, AcceleratorCatalog.bundled().get(t.get(r, "accelerator")), gpus)
        .parallelism(Parallelism.dataParallel(gpus))
        .sequenceLength(seq)
        .microBatchSize(micro)
        .globalBatchSize(micro * accumulation * gpus)
        .precision(PrecisionRecipe.parse(t.get(r, "precision")))
        .optimizer(Optimizer.ADAM)
        .attention(TrainingAttentionKernel.UNFUSED)
        .build();
    return model.estimate(job);
  }

  private static double sequencesPerSecond(TrainingCostModel model, CsvTable t, int r, int seq) {
    return estimate(model, t, r, seq).tokensPerSecondPerGpu() * Integer.parseInt(t.get(r, "gpus")) / seq;
  }

  /** The padded length (multiple of 8) at which the model's rate equals {@code measured}; a diagnostic. */
  private static int impliedLength(TrainingCostModel model, CsvTable t, int r, double measured) {
    int lo = 8;
    int hi = Integer.parseInt(t.get(r, "seq"));
    while (hi - lo > 8) {
      int mid = (lo + hi) / 16 * 8;
      if (sequencesPerSecond(model, t, r, mid) > measured) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return hi;
  }
}
