package dev.llmcost.cli.tour;

import dev.llmcost.cli.chart.ChartSink;
import dev.llmcost.cli.chart.Charts;
import dev.llmcost.core.DType;
import dev.llmcost.core.ParameterCount;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.ParameterCounts;
import dev.llmcost.core.model.QuantizationScheme;
import dev.llmcost.core.model.WeightMemory;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The article's first concept: parameters, and the memory their weights take. */
public final class ParametersSection implements TourSection {

  private static final List<String> MODELS =
      List.of(
          "bert-base-uncased",
          "gpt2",
          "gpt3-175b",
          "llama-3.1-8b",
          "llama-3.1-70b",
          "llama-3.1-405b",
          "mixtral-8x7b-v0.1",
          "deepseek-v3");

  private static final List<QuantizationScheme> SCHEMES =
      List.of(
          QuantizationScheme.uniform(DType.FP32),
          QuantizationScheme.uniform(DType.BF16),
          QuantizationScheme.uniform(DType.INT8),
          QuantizationScheme.uniform(DType.INT4));

  @Override
  public String title() {
    return "1. Parameters: how big is the model, and how much memory do its weights take?";
  }

  @Override
  public void print(PrintWriter out) {
    out.println("Exact counts, equal to HuggingFace num_parameters(), from each model's config.json.");
    out.println("Weight memory is parameters × bytes per parameter (GB = 10^9 bytes).");
    out.println();
    out.printf(Locale.ROOT, "%-20s %18s %9s %10s %10s %10s %10s%n",
        "model", "parameters", "", "fp32", "bf16", "int8", "int4");
    for (String id : MODELS) {
      ParameterCounts p = ModelCatalog.bundled().get(id).parameterCounts();
      StringBuilder row = new StringBuilder();
      row.append(String.format(Locale.ROOT, "%-20s %,18d %9s", id, p.total().value(), p.total().toHumanString()));
      for (QuantizationScheme s : SCHEMES) {
        row.append(String.format(Locale.ROOT, " %10s", gb(WeightMemory.of(p, s).total().toGB())));
      }
      out.println(row);
      if (!p.active().equals(p.total())) {
        out.printf(Locale.ROOT, "%-20s %,18d %9s  active per token (only the top-k experts run)%n",
            "", p.active().value(), p.active().toHumanString());
      }
    }
    ParameterCount bert = ModelCatalog.bundled().get("bert-base-uncased").parameterCounts().total();
    out.println();
    out.printf(Locale.ROOT,
        "Note: the article gives BERT-base 110.7 million parameters; BertModel with its pooler has %,d"
            + " (%s). The 110M of the BERT paper is a rounded figure.%n", bert.value(), bert.toHumanString());
    out.println("Note: GPT-3 175B is rebuilt from the paper's Table 2.1; the paper's own total is 174.6B.");
    out.println("Note: DeepSeek-V3's 671B excludes its multi-token-prediction layer (685B with it).");
  }

  /** Draws the weight memory of a few catalog models in each data type. */
  @Override
  public void draw(ChartSink charts) {
    List<String> models = List.of("bert-base-uncased", "gpt2", "llama-3.1-8b", "llama-3.1-70b", "gpt3-175b",
        "llama-3.1-405b", "deepseek-v3");
    org.knowm.xchart.CategoryChart c = Charts.bars("Weight memory by data type (parameters × bytes)", "model",
        "GB (10^9 bytes, log scale)", true);
    for (QuantizationScheme s : SCHEMES) {
      List<Double> gb = new ArrayList<>();
      for (String id : models) {
        gb.add(WeightMemory.of(ModelCatalog.bundled().get(id).parameterCounts(), s).total().toGB());
      }
      Charts.addBars(c, s.name(), models, gb);
    }
    charts.write("weight-memory-by-dtype", c);
  }

  private static String gb(double gb) {
    if (gb >= 100) {
      return String.format(Locale.ROOT, "%,.0f GB", gb);
    }
    if (gb >= 1) {
      return String.format(Locale.ROOT, "%.1f GB", gb);
    }
    return String.format(Locale.ROOT, "%.2f GB", gb);
  }
}
