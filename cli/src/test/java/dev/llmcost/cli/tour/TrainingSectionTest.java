package dev.llmcost.cli.tour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.costmodel.training.TrainingMemory;
import dev.llmcost.costmodel.training.ZeroStage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.internal.chartpart.Chart;

class TrainingSectionTest {

  static Map<String, Chart<?, ?>> draw(TourSection s) {
    Map<String, Chart<?, ?>> charts = new LinkedHashMap<>();
    s.draw(charts::put);
    return charts;
  }

  static List<Double> values(CategorySeries s) {
    List<Double> v = new ArrayList<>();
    for (Number n : s.getYData()) {
      v.add(n == null ? Double.NaN : n.doubleValue());
    }
    return v;
  }

  @Test
  void printsGpt3AndTheMemoryTableWithItsNotes() {
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text);
    new TrainingSection().print(out);
    out.flush();
    System.out.println(text);
    assertThat(text.toString())
        .contains("6 × N × D = 6 × 174,604,259,328 × 300,000,000,000 = 3.143e23 FLOP (the paper's Table D.1: 3.14e23)")
        .contains("the fastest layout that fits is")
        .containsPattern("\\$[\\d,]+ at an assumed \\$2.00 per GPU-hour")
        .contains("Narayanan et al. (2021) estimated 34 days")
        .contains("GPT-3 itself was trained on V100s")
        .containsPattern("no ZeRO +13.5 +27.0 +27.0 +53.9 .* no\n")
        .containsPattern("ZeRO-1 \\(optimizer states\\) .* yes\n");
  }

  // issue 17: the article's "BERT is good at specific tasks" answered by what fine-tuning costs
  @Test
  void fineTuningParagraphPutsATaskNextToPreTraining() {
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text);
    TrainingSection.printFineTuning(out, dev.llmcost.core.Money.usd("1000000"));
    out.flush();
    System.out.println(text);
    String s = text.toString();
    assertThat(s)
        .contains("The article says BERT is good at specific tasks")
        .containsPattern("bert-base-uncased, full fine-tuning, 153\\.6M tokens on one rtx-4090:")
        .containsPattern("llama-3\\.1-8b, QLoRA \\(NF4 base, rank 16 on all linear layers\\), 50M tokens on one"
            + " rtx-4090:\n +[\\d.]+ GB per GPU \\(fits\\)")
        .contains("llama-3.1-8b, full fine-tuning with FSDP, 50M tokens on 8 x h100-sxm:")
        .contains("and it would not fit the card.");
    // the tour wraps prose at 100 columns (TourCommand); what it prints fits
    for (String line : dev.llmcost.cli.Text.wrap(s, 100).split("\n")) {
      assertThat(line.length()).as(line).isLessThanOrEqualTo(100);
    }
    List<dev.llmcost.costmodel.finetuning.FineTuningEstimate> rows = TrainingSection.fineTuningRows();
    // 400,000 examples × 128 tokens × 3 epochs; every run fits its card
    assertThat(rows.get(0).job().trainingTokens()).isEqualTo(153_600_000L);
    assertThat(rows).allMatch(r -> r.fits());
    // the ratio printed is the stated pre-training cost over the QLoRA run's
    double ratio = 1_000_000 / rows.get(1).cost().amount().doubleValue();
    assertThat(s).contains(String.format(java.util.Locale.ROOT, "costs %,.0f times the", ratio));
    // fine-tuning an 8B model costs dollars to tens of dollars at $2 per GPU-hour, not thousands
    assertThat(rows.get(1).cost().amount().doubleValue()).isBetween(1.0, 100.0);
  }

  @Test
  void memoryChartStacksEveryPartOfWhatEachGpuMustHold() {
    CategoryChart c = (CategoryChart) draw(new TrainingSection()).get("training-memory-by-zero-stage");
    assertThat(c).isNotNull();
    List<CategorySeries> series = new ArrayList<>(c.getSeriesMap().values());
    CategorySeries capacity = series.remove(series.size() - 1);
    assertThat(capacity.getChartCategorySeriesRenderStyle()).isEqualTo(CategorySeries.CategorySeriesRenderStyle.Line);
    ZeroStage[] stages = ZeroStage.values();
    for (int i = 0; i < stages.length; i++) {
      TrainingMemory m = TrainingSection.llamaMemory(stages[i]);
      double sum = 0;
      for (CategorySeries s : series) {
        sum += values(s).get(i);
      }
      // the segments are the six parts of the total plus the reserve: what the device must hold
      assertThat(sum).as(stages[i].name()).isCloseTo(m.required().bytes() / 1e9, within(1e-6));
      assertThat(values(capacity).get(i)).isEqualTo(m.capacity().bytes() / 1e9);
      String category = (String) new ArrayList<>(series.get(0).getXData()).get(i);
      assertThat(category.endsWith("(does not fit)")).as(category).isEqualTo(!m.fits());
    }
    // without ZeRO a 7B model's 18 bytes per parameter alone overflow an 80 GB GPU; ZeRO-1 fits
    assertThat(TrainingSection.llamaMemory(ZeroStage.NONE).fits()).isFalse();
    assertThat(TrainingSection.llamaMemory(ZeroStage.OPTIMIZER_STATES).fits()).isTrue();
    assertThat(c.getStyler().getYAxisMax()).isGreaterThan(TrainingSection.llamaMemory(ZeroStage.NONE).required().bytes() / 1e9);
  }
}
