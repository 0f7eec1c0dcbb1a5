package dev.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code --spec-draft mtp|<model>}, {@code --spec-k}, {@code --spec-acceptance} in infer and simulate. */
class SpeculativeCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void inferWithTheModelsMtpLayers() throws Exception {
    InferCommandTest.Run r = InferCommandTest.run("infer", "--model", "deepseek-v3", "--accelerator", "h200-sxm",
        "--tp", "8", "--weights", "fp8", "--batch", "16", "--spec-draft", "mtp", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode n = JSON.readTree(r.out());
    JsonNode s = n.get("speculative");
    for (String key : new String[] {"draft", "multiTokenPredictionModules", "k", "acceptance", "expectedTokensPerStep",
        "draftParameters", "draftSecondsPerStep", "verifySecondsPerStep", "draftPrefillSeconds", "ttftSeconds",
        "tpotSeconds", "endToEndSeconds", "outputTokensPerSecond", "outputTokensPerSecondPerGpu", "speedup",
        "draftWeightBytesPerGpu", "draftKvCacheBytesPerTokenPerGpu", "memoryPerGpuBytes", "fits", "maxBatchSize"}) {
      assertThat(s.has(key)).as(key).isTrue();
    }
    assertThat(s.get("draft").asText()).isEqualTo("mtp");
    assertThat(s.get("k").asInt()).isEqualTo(1);
    assertThat(s.get("acceptance").asDouble()).isEqualTo(0.85);
    assertThat(s.get("tpotSeconds").asDouble()).isLessThan(n.get("tpotSeconds").asDouble());
    assertThat(s.get("speedup").asDouble()).isGreaterThan(1).isLessThan(1.85);
    assertThat(n.get("defaultsUsed").get("spec-k").asText()).isEqualTo("1");
    assertThat(n.get("defaultsUsed").get("spec-acceptance").asText()).startsWith("0.85").contains("DeepSeek-V3");
    assertThat(n.get("assumptions").toString()).contains("multi-token-prediction module");
  }

  @Test
  void theTextReportShowsBothTpots() {
    InferCommandTest.Run r = InferCommandTest.run("infer", "--model", "glm-4.5-air", "--accelerator", "h100-sxm",
        "--tp", "4", "--spec-draft", "mtp", "--spec-k", "2", "--spec-acceptance", "0.8");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("speculative decoding (the model's MTP module, k = 2, acceptance 0.80", "faster than",
        "runs again");
  }

  // s16g: with one output token there is no token after the first: the speculative lines print no TPOT and no
  // speed-up (they printed the step a second token would take, "× faster than" a TPOT that does not exist)
  @Test
  void oneOutputTokenPrintsNoSpeculativeTpot() throws Exception {
    String[] args = {"infer", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--input", "512", "--output", "1",
        "--spec-draft", "llama-3.2-1b", "--spec-k", "4", "--spec-acceptance", "0.7"};
    InferCommandTest.Run text = InferCommandTest.run(args);
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out()).contains("speculative decoding (draft llama-3.2-1b, k = 4",
        "TPOT n/a (one output token: no token after the first)").doesNotContain("faster than").doesNotContain("NaN");
    InferCommandTest.Run json = InferCommandTest.run(java.util.stream.Stream.concat(java.util.Arrays.stream(args),
        java.util.stream.Stream.of("--json")).toArray(String[]::new));
    assertThat(json.code()).as(json.err()).isZero();
    JsonNode s = JSON.readTree(json.out()).get("speculative");
    assertThat(s.get("tpotSeconds").isNull()).isTrue();
    assertThat(s.get("speedup").isNull()).isTrue();
    assertThat(s.get("ttftSeconds").asDouble()).isPositive();
    // two output tokens: both TPOTs and the speed-up are printed
    args[8] = "2";
    assertThat(InferCommandTest.run(args).out()).contains("faster than").doesNotContain("TPOT n/a");
  }

  @Test
  void aModelWithoutMtpLayersIsRefusedByName() {
    InferCommandTest.Run r = InferCommandTest.run("infer", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm",
        "--spec-draft", "mtp");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).startsWith("llmcost: --spec-draft mtp: model llama-3.1-8b has no multi-token-prediction layers")
        .doesNotContain("\n").doesNotContain("Exception");
  }

  @Test
  void badSpeculativeOptionsExitTwoNamingTheOption() {
    String[][] cases = {
      {"--spec-k", "2"},
      {"--spec-draft", "mtp", "--spec-k", "0"},
      {"--spec-draft", "mtp", "--spec-acceptance", "1"},
      {"--spec-draft", "llama-3.2-1b", "--spec-k", "2"},
    };
    String[] expected = {"--spec-draft", "--spec-k must be in [1, 16], was 0", "--spec-acceptance must be in [0, 1), was 1.0",
        "needs both --spec-k and --spec-acceptance"};
    for (int i = 0; i < cases.length; i++) {
      String[] args = new String[6 + cases[i].length];
      System.arraycopy(new String[] {"infer", "--model", "deepseek-v3", "--accelerator", "h200-sxm", "--json"}, 0, args, 0, 6);
      System.arraycopy(cases[i], 0, args, 6, cases[i].length);
      InferCommandTest.Run r = InferCommandTest.run(args);
      assertThat(r.code()).as(String.join(" ", cases[i])).isEqualTo(2);
      assertThat(r.out()).contains("\"error\"").contains(expected[i]);
    }
  }

  @Test
  void inferWithADraftModel() throws Exception {
    InferCommandTest.Run r = InferCommandTest.run("infer", "--model", "llama-3.1-70b", "--accelerator", "h100-sxm",
        "--tp", "4", "--spec-draft", "llama-3.2-1b", "--spec-k", "4", "--spec-acceptance", "0.7", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode s = JSON.readTree(r.out()).get("speculative");
    assertThat(s.get("draft").asText()).isEqualTo("llama-3.2-1b");
    assertThat(s.has("multiTokenPredictionModules")).isFalse();
    assertThat(s.get("expectedTokensPerStep").asDouble()).isCloseTo(2.7731, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void simulateDraftsWithMtpToo() throws Exception {
    InferCommandTest.Run r = InferCommandTest.run("simulate", "--model", "glm-4.5-air", "--accelerator", "h100-sxm",
        "--tp", "4", "--rps", "2", "--duration", "30", "--spec-draft", "mtp", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode n = JSON.readTree(r.out());
    assertThat(n.get("defaultsUsed").get("spec-k").asText()).isEqualTo("1");
    assertThat(n.get("assumptions").toString()).contains("multi-token-prediction module");
  }
}
