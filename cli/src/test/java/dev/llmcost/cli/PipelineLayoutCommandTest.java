package dev.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * {@code train --pp-layout} and {@code plan --pp-layout} (s21f, issue 12 items 3-4): Megatron-Core's {@code
 * pipeline_model_parallel_layout} string on the command line, fixing the pipeline, its chunks and their schedule, named
 * among the fixed settings and in the JSON, with the library's placement assumption; the refusals are in {@link
 * BadInputTest}. The layout is Megatron-Bridge's DeepSeek-V3 preset's ({@code
 * scripts/performance/configs/deepseek/deepseek_workload_base_configs.py} at NVIDIA-NeMo/Megatron-Bridge 17a381f95,
 * l.231: B200 PP 8, VP 2, EP 32).
 */
class PipelineLayoutCommandTest {

  private static final String LAYOUT = "Et*4|(t*4|)*14tmL";

  private static final String[] DEEPSEEK = {"train", "--model", "deepseek-v3", "--accelerator", "b200", "--gpus",
      "256", "--tp", "1", "--pp", "8", "--ep", "32", "--seq", "4096", "--global-batch", "4096", "--micro-batch", "1",
      "--precision", "mxfp8", "--recompute-norm-up-proj", "--pp-layout", LAYOUT};

  private static String[] with(String[] base, String... more) {
    String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  @Test
  void theLayoutIsKeptNamedAndAssumed() {
    Cli text = Cli.run(DEEPSEEK);
    System.out.println(String.join(" ", DEEPSEEK) + "\n" + text.out());
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out()).contains("fixed: tp 1, pp 8, ep 32, micro-batch 1, pp layout " + LAYOUT + ", virtual stages 2")
        .contains("layers placed by the pipeline layout " + LAYOUT + " (Megatron-Core's pipeline_model_parallel_layout,"
            + " 2 chunks a rank): the first rank holds 8 with the embedding, the last 5");
    Cli json = Cli.run(with(DEEPSEEK, "--json"));
    assertThat(json.exitCode()).as(json.err()).isZero();
    JsonNode n = json.json();
    assertThat(n.get("pipelineLayout").asText()).isEqualTo(LAYOUT);
    assertThat(n.get("pp").asInt()).isEqualTo(8);
    assertThat(n.get("virtualStages").asInt()).isEqualTo(2);
    assertThat(n.get("schedule").asText()).isEqualTo("interleaved");
    assertThat(n.get("fixed")).extracting(JsonNode::asText).contains("pp layout", "virtual stages");
    // without the option no layout is written
    Cli plain = Cli.run(with(java.util.Arrays.copyOf(DEEPSEEK, DEEPSEEK.length - 2), "--json"));
    assertThat(plain.exitCode()).as(plain.err()).isZero();
    assertThat(plain.json().has("pipelineLayout")).isFalse();
  }

  @Test
  void oneChunkARankRunsOneFOneB() {
    // the same 16 stages on pp 16: one chunk a rank, 1F1B, the figures of --pp-last-stage-layers 1
    String[] base = {"train", "--model", "deepseek-v3", "--accelerator", "b200", "--gpus", "256", "--tp", "1", "--pp",
        "16", "--ep", "8", "--seq", "4096", "--global-batch", "4096", "--micro-batch", "1", "--precision", "mxfp8",
        "--recompute", "none", "--zero", "1", "--json"};
    Cli layout = Cli.run(with(base, "--pp-layout", LAYOUT));
    Cli last = Cli.run(with(base, "--pp-last-stage-layers", "1"));
    assertThat(layout.exitCode()).as(layout.err()).isZero();
    assertThat(last.exitCode()).as(last.err()).isZero();
    assertThat(layout.json().get("virtualStages").asInt()).isEqualTo(1);
    assertThat(layout.json().get("schedule").asText()).isEqualTo("1f1b");
    assertThat(layout.json().get("stepSeconds").asDouble()).isEqualTo(last.json().get("stepSeconds").asDouble());
  }

  @Test
  void thePlanKeepsEveryCandidateOnTheLayout() {
    Cli r = Cli.run("plan", "--model", "deepseek-v3", "--accelerator", "b200", "--gpus", "256", "--tp", "1", "--pp", "8",
        "--ep", "32", "--seq", "4096", "--global-batch", "4096", "--micro-batch", "1", "--precision", "mxfp8",
        "--pp-layout", LAYOUT, "--top", "3", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode best = r.json().get("best");
    assertThat(best).isNotEmpty();
    for (JsonNode c : best) {
      assertThat(c.get("pipelineLayout").asText()).isEqualTo(LAYOUT);
      assertThat(c.get("virtualStages").asInt()).isEqualTo(2);
    }
  }
}
