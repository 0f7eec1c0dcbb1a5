package dev.llmcost.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.tokenizers.Tokenizer;
import dev.llmcost.tokenizers.TokenizerRegistry;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The Scala example runs, and its totals are the tokenizers' own counts. */
class ScalaExampleTest {

  @Test
  void theScalaExampleCountsWhatTheTokenizersCount() throws ReflectiveOperationException {
    // compiled by scalac after javac: reached by name
    Class<?> example = Class.forName("dev.llmcost.spark.examples.TokenCountExample");
    @SuppressWarnings("unchecked")
    Map<String, Long> totals = (Map<String, Long>) example.getMethod("run", SparkSession.class)
        .invoke(null, LocalSpark.session());
    List<String> texts = List.of("The cost of training depends on the tokens.", "训练成本取决于词元的数量。",
        "Le coût dépend des données.");
    for (String id : List.of("gpt-4o", "qwen2.5")) {
      Tokenizer t = TokenizerRegistry.standard().resolve(id);
      assertThat(totals.get(t.id())).isEqualTo(texts.stream().mapToLong(s -> t.countTokens(s).value()).sum());
    }
  }
}
