package dev.llmcost.examples.readme;

// snippet:quickstart-java
import dev.llmcost.core.DType;
import dev.llmcost.core.model.HuggingFaceConfigs;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.ParameterCounts;
import dev.llmcost.core.model.QuantizationScheme;
import dev.llmcost.core.model.WeightMemory;
import java.nio.file.Path;
// end-snippet

/** The README's quick start in Java. */
public final class QuickStart {
  private QuickStart() {}

  /**
   * Runs the snippet.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    // snippet:quickstart-java
    ModelArchitecture llama = ModelCatalog.bundled().get("llama-3.1-8b");
    ParameterCounts counts = llama.parameterCounts();
    System.out.println(counts.total());                                   // 8030261248 parameters
    System.out.println(counts.total().memory(DType.BF16));                // 16.06 GB
    System.out.println(WeightMemory.of(counts, QuantizationScheme.int4(128)).total()); // int4, group 128

    ModelArchitecture mine = HuggingFaceConfigs.read(Path.of("config.json"));
    System.out.println(mine.parameterCounts().active().toHumanString()); // active per token (MoE)
    // end-snippet
  }
}
