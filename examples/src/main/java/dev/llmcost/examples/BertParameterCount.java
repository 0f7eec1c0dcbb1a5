package dev.llmcost.examples;

import dev.llmcost.core.DType;
import dev.llmcost.core.ParameterCount;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.ParameterComponent;
import dev.llmcost.core.model.ParameterCounts;

/**
 * The article's first number: how many parameters BERT-base has, counted exactly from its
 * architecture, with the memory its weights take.
 *
 * <pre>java -cp examples/target/llmcost.jar dev.llmcost.examples.BertParameterCount</pre>
 */
public final class BertParameterCount {
  private BertParameterCount() {}

  /**
   * Prints the count, its breakdown and the weight memory.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    ModelArchitecture bert = ModelCatalog.bundled().get("bert-base-uncased");
    ParameterCounts counts = bert.parameterCounts();
    ParameterCount total = counts.total();

    System.out.printf("BERT-base (%d layers, hidden %d, %d heads): %,d parameters (%s)%n",
        bert.layers(), bert.hidden(), bert.heads(), total.value(), total.toHumanString());
    for (ParameterComponent c : counts.components()) {
      System.out.printf("  %-24s %,12d%n", c.name(), c.total().value());
    }
    System.out.printf("  embedding %,d + non-embedding %,d%n",
        counts.embedding().value(), counts.nonEmbedding().value());
    System.out.printf("Weights: %s in fp32, %s in bf16%n",
        total.memory(DType.FP32).toSiString(), total.memory(DType.BF16).toSiString());

    long article = 110_700_000L;
    System.out.printf("The article says 110.7 million; the exact count is %,d lower (%.1f%%).%n",
        article - total.value(), 100.0 * (article - total.value()) / total.value());
  }
}
