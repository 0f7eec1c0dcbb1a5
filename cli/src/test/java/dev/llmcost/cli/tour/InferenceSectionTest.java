package dev.llmcost.cli.tour;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class InferenceSectionTest {

  @Test
  void comparesBatchesAndPlansTheArticlesLoads() {
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text);
    InferenceSection s = new InferenceSection();
    s.print(out);
    out.flush();
    System.out.println(s.title());
    System.out.println(text);
    assertThat(s.title()).startsWith("4. Inference");
    assertThat(text.toString())
        .contains("batch  1:", "batch 32:", "compute-bound", "llama-2-7b", "llama-2-70b", "1,000");
  }

  // issue 14 item 4: tokens/s folded the prefill in unsaid, and the fitted per-layer overhead was never named
  @Test
  void batchLinesSayWhatTheirTokensPerSecondCountAndNameTheOverhead() {
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text);
    new InferenceSection().print(out);
    out.flush();
    String t = text.toString();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(
        "batch 32: a decode step takes ([\\d.]+) ms \\(([\\d,]+) tokens/s while decoding\\), after a ([\\d,]+) ms"
            + " prefill: ([\\d,]+) tokens/s over the request").matcher(t);
    assertThat(m.find()).as(t).isTrue();
    double step = Double.parseDouble(m.group(1));
    double decoding = Double.parseDouble(m.group(2).replace(",", ""));
    // 32 tokens per step: the printed rate is 32 / step, within the rounding of the printed step
    assertThat(decoding).isCloseTo(32 / (step / 1e3), org.assertj.core.data.Percentage.withPercentage(1));
    assertThat(t).containsPattern("serving overhead of [\\d.]+ ms \\(32 layers × [\\d.]+ µs of launch gaps");
  }

  @Test
  void printsTheArticlesNoteAndTheComparisonWithApis() {
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text);
    new InferenceSection().print(out);
    out.flush();
    assertThat(text.toString())
        .containsPattern("Note: the article's \"one GPU serves 10 requests a second, a cluster 1,000\" holds for ")
        // one H100, or replicas of two where that takes fewer GPUs at 1,000 requests a second (said so)
        .containsPattern("llama-2-7b: (one H100 serves|a replica of 2 H100s \\(tensor parallel; fewer GPUs at this load"
            + " than replicas of one\\) serves [\\d.]+, per H100) [\\d.]+ such requests a second, 10 take \\d+ GPUs? and"
            + " 1,000 take")
        .containsPattern("llama-2-70b: a replica of 4 H100s \\(tensor parallel; the weights do not fit one\\) serves"
            + " [\\d.]+, per H100 [\\d.]+ such requests a second, 10 take \\d+ GPUs? and 1,000 take")
        .containsPattern("API +gpt-4o-mini \\(seen 2025-03\\) +1\\.200\n")
        .containsPattern("API +claude-sonnet-4 \\(seen 2025-08\\) +27\\.000\n")
        .contains("Break-even of one replica that is always busy")
        .containsPattern("against gpt-4o-mini +\\(\\$0\\.000300\\): ")
        .contains("compares prices, not quality");
  }

  @Test
  void throughputGrowsWithTheBatchUpToTheLargestThatFits() {
    XYChart c = (XYChart) TrainingSectionTest.draw(new InferenceSection()).get("throughput-versus-batch");
    assertThat(c.getSeriesMap()).hasSize(4);
    for (XYSeries s : c.getSeriesMap().values()) {
      double[] batch = s.getXData();
      double[] tokens = s.getYData();
      assertThat(batch[0]).isEqualTo(1);
      for (int i = 1; i < batch.length; i++) {
        assertThat(batch[i]).as(s.getName()).isGreaterThan(batch[i - 1]);
        assertThat(tokens[i]).as(s.getName() + " at batch " + batch[i]).isGreaterThan(tokens[i - 1]);
      }
    }
    // grouped-query attention: Llama 3.1 8B's KV cache is a quarter of Llama 2 7B's, so larger batches fit
    double[] llama2 = c.getSeriesMap().get("Llama 2 7B on H100 80GB").getXData();
    double[] llama3 = c.getSeriesMap().get("Llama 3.1 8B on H100 80GB").getXData();
    assertThat(llama3[llama3.length - 1]).isGreaterThan(2 * llama2[llama2.length - 1]);
  }

  @Test
  void costChartPutsApiBillsAndSelfHostedCostsOnOneAxis() {
    CategoryChart c =
        (CategoryChart) TrainingSectionTest.draw(new InferenceSection()).get("cost-per-million-output-tokens-gpu-versus-api");
    List<Object> categories = new ArrayList<>(c.getSeriesMap().values().iterator().next().getXData());
    CategorySeries api = c.getSeriesMap().get("API list price (price book)");
    List<Double> apiValues = TrainingSectionTest.values(api);
    // the bill of 1,000 input + 250 output tokens over 250 output tokens, per million: exact list prices
    Map<String, Double> expected = Map.of("gpt-4o-mini API", 1.2, "claude-haiku-3.5 API", 7.2, "gpt-4o API", 20.0,
        "claude-sonnet-4 API", 27.0);
    expected.forEach((category, value) ->
        assertThat(apiValues.get(categories.indexOf(category))).as(category).isEqualTo(value));
    CategorySeries small = c.getSeriesMap().get("self-hosted Llama 3.1 8B");
    CategorySeries large = c.getSeriesMap().get("self-hosted Llama 3.1 70B");
    for (String gpu : List.of("A100 80GB $2.00/h", "H100 80GB $2.50/h", "H200 141GB $3.50/h")) {
      double eight = TrainingSectionTest.values(small).get(categories.indexOf("8B " + gpu));
      double seventy = TrainingSectionTest.values(large).get(categories.indexOf("70B " + gpu));
      assertThat(eight).as(gpu).isPositive();
      assertThat(seventy).as(gpu).isGreaterThan(eight);
    }
    // each category has exactly one bar
    for (int i = 0; i < categories.size(); i++) {
      int bars = 0;
      for (CategorySeries s : c.getSeriesMap().values()) {
        bars += Double.isNaN(TrainingSectionTest.values(s).get(i)) ? 0 : 1;
      }
      assertThat(bars).as(categories.get(i).toString()).isEqualTo(1);
    }
  }
}
