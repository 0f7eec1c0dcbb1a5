package dev.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * {@code train --pp-last-stage-layers} and {@code plan --pp-last-stage-layers} (s20o, issue 12 item 3): Megatron-Core's {@code
 * num_layers_in_last_pipeline_stage} on the command line, kept through the layout search, named among the fixed
 * settings and in the JSON, with the library's placement assumption; the refusals are in {@link BadInputTest}.
 */
class PipelineLastStageCommandTest {

  /**
   * DeepSeek-V3's 61 layers on 16 stages as Megatron-Bridge's recipe places them (1 on the last, 4 on each other), on
   * the paper's 2,048 GPUs with 16-way pipeline and 64-way expert parallelism (arXiv 2412.19437 §3.2).
   */
  private static final String[] DEEPSEEK = {"train", "--model", "deepseek-v3", "--accelerator", "h100-sxm", "--gpus",
      "2048", "--tp", "1", "--pp", "16", "--ep", "64", "--seq", "4096", "--global-batch", "4096", "--micro-batch", "1",
      "--recompute", "full", "--zero", "1", "--precision", "fp8", "--pp-last-stage-layers", "1"};

  private static String[] with(String[] base, String... more) {
    String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  @Test
  void theLastStageIsKeptNamedAndAssumed() {
    Cli text = Cli.run(DEEPSEEK);
    System.out.println(String.join(" ", DEEPSEEK) + "\n" + text.out());
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out()).contains("fixed: tp 1, pp 16, ep 64, micro-batch 1, last stage layers 1, ")
        .contains("layers placed as given: the last stage takes 1 and each of the other 15 stages 4 (Megatron-Core's"
            + " num_layers_in_last_pipeline_stage");
    Cli json = Cli.run(with(DEEPSEEK, "--json"));
    assertThat(json.exitCode()).as(json.err()).isZero();
    JsonNode n = json.json();
    assertThat(n.get("lastPipelineStageLayers").asInt()).isEqualTo(1);
    assertThat(n.get("pp").asInt()).isEqualTo(16);
    assertThat(n.get("fixed")).extracting(JsonNode::asText).contains("last stage layers");
    // 1 layer on the last stage admits one chunk a rank only: the search keeps virtual stages at 1
    assertThat(n.get("virtualStages").asInt()).isEqualTo(1);
    assertThat(n.get("assumptions")).extracting(JsonNode::asText)
        .anyMatch(a -> a.startsWith("layers placed as given: the last stage takes 1 and each of the other 15 stages 4"));
    // the default placement differs: 61 layers on 16 stages take 3 or 4 each, the end stages one fewer
    Cli plain = Cli.run(java.util.Arrays.copyOf(DEEPSEEK, DEEPSEEK.length - 2));
    assertThat(plain.out()).doesNotContain("last stage layers").doesNotContain("layers placed as given");
    assertThat(json.json().get("stepSeconds").asDouble())
        .isNotEqualTo(Cli.run(with(java.util.Arrays.copyOf(DEEPSEEK, DEEPSEEK.length - 2), "--json")).json()
            .get("stepSeconds").asDouble());
  }

  @Test
  void thePipelineSetByTheOtherDegreesIsFixedToo() {
    // tp 8, dp 1, cp 1 on 24 GPUs set pp 3: the last of 32 layers' stages takes 8, the other two 12 each
    Cli r = Cli.run("train", "--model", "llama-3.1-8b", "--gpus", "24", "--tp", "8", "--dp", "1", "--cp", "1",
        "--pp-last-stage-layers", "8", "--global-batch", "576", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.json().get("pp").asInt()).isEqualTo(3);
    assertThat(r.json().get("lastPipelineStageLayers").asInt()).isEqualTo(8);
  }

  @Test
  void virtualStagesDivideEveryStageNotOnlyTheLargest() {
    // 32 layers on 3 stages, the last 8: 12, 12, 8 divide into 2 or 4 chunks, which the default placement's largest
    // stage (11 layers) does not; the search tries them and a given count that divides every stage runs
    String[] base = {"train", "--model", "llama-3.1-8b", "--gpus", "24", "--tp", "8", "--pp", "3",
        "--pp-last-stage-layers", "8", "--global-batch", "576", "--json"};
    for (String v : new String[] {"2", "4"}) {
      Cli r = Cli.run(with(base, "--virtual-stages", v));
      assertThat(r.exitCode()).as(v + ": " + r.err()).isZero();
      assertThat(r.json().get("virtualStages").asText()).isEqualTo(v);
      assertThat(r.json().get("fixed")).extracting(JsonNode::asText).contains("virtual stages", "last stage layers");
    }
    Cli searched = Cli.run(base);
    assertThat(searched.exitCode()).as(searched.err()).isZero();
    assertThat(searched.json().get("virtualStages").asInt()).isIn(1, 2, 4);
    // 80 layers on 4 stages, the last 14: 22, 22, 22, 14 share only 2 chunks; 4 (which divides 80 / 4) is refused and
    // the search picks no more than 2
    Cli seventy = Cli.run("train", "--model", "llama-3.1-70b", "--gpus", "64", "--pp", "4", "--tp", "8",
        "--pp-last-stage-layers", "14", "--schedule", "interleaved", "--global-batch", "256", "--json");
    assertThat(seventy.exitCode()).as(seventy.err()).isZero();
    assertThat(seventy.json().get("virtualStages").asInt()).isEqualTo(2);
  }

  @Test
  void planTakesItForOnePipelineDegree() {
    Cli r = Cli.run("plan", "--model", "llama-3.1-8b", "--gpus", "24", "--tp", "8", "--pp", "3",
        "--pp-last-stage-layers", "8", "--global-batch", "576", "--top", "50", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode best = r.json().get("best");
    assertThat(best.size()).isPositive();
    java.util.Set<Integer> chunks = new java.util.TreeSet<>();
    best.forEach(b -> {
      assertThat(b.get("lastPipelineStageLayers").asInt()).isEqualTo(8);
      chunks.add(b.get("virtualStages").asInt());
    });
    // 12, 12 and 8 layers: 1, 2 or 4 chunks a rank, never the default placement's 11
    assertThat(chunks).isSubsetOf(1, 2, 4).contains(2, 4);
    assertThat(r.json().get("assumptions")).extracting(JsonNode::asText)
        .anyMatch(a -> a.contains("pipeline stages as given: the last holds 8 layers, the others split the rest evenly"));
  }
}
