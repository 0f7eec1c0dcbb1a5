package dev.llmcost.cli.tour;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

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
}
