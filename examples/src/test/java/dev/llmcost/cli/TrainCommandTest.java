package dev.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TrainCommandTest {

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Result(code, out.toString(), err.toString());
  }

  static JsonNode json(String text) throws Exception {
    return new ObjectMapper().readTree(text);
  }

  @Test
  void jsonHasEveryDesignKey() throws Exception {
    Result r = run("train", "--model", "llama-2-7b", "--accelerator", "a100-sxm-80gb", "--gpus", "16", "--tp", "2",
        "--pp", "1", "--seq", "4096", "--global-batch", "64", "--tokens", "2T", "--recompute", "selective",
        "--zero", "1", "--price-per-gpu-hour", "1.50", "--json");
    assertThat(r.code()).isZero();
    JsonNode n = json(r.out());
    for (String key : new String[] {"flopsPerToken", "stepSeconds", "tokensPerSecondPerGpu", "achievedTflopsPerGpu",
        "hardwareTflopsPerGpu", "mfu", "hfu", "memoryPerGpuBytes", "fits", "totalFlops", "wallClockSeconds", "gpuHours",
        "costUsd"}) {
      assertThat(n.has(key)).as(key).isTrue();
    }
    for (String key : new String[] {"weights", "gradients", "optimizer", "activations", "total"}) {
      assertThat(n.get("memoryPerGpuBytes").has(key)).as(key).isTrue();
    }
    assertThat(n.get("dp").asInt()).isEqualTo(8);
    assertThat(n.get("tp").asInt()).isEqualTo(2);
    assertThat(n.get("configurationChosen").asBoolean()).isFalse();
    assertThat(n.get("tokens").asLong()).isEqualTo(2_000_000_000_000L);
    assertThat(n.get("mfu").asDouble()).isBetween(0.2, 0.8);
    assertThat(n.get("hfu").asDouble()).isGreaterThan(n.get("mfu").asDouble());
    assertThat(n.get("costUsd").decimalValue())
        .isEqualByComparingTo(new java.math.BigDecimal(n.get("gpuHours").asDouble() * 1.5)
            .setScale(2, java.math.RoundingMode.HALF_UP));
    assertThat(n.get("assumptions").size()).isGreaterThan(5);
  }

  @Test
  void scaleUpDomainFoldingAndScheduleAreEchoed() throws Exception {
    Result r = run("train", "--model", "deepseek-v3", "--accelerator", "h800", "--gpus", "128", "--tp", "2", "--pp", "2",
        "--ep", "32", "--etp", "1", "--schedule", "dualpipe", "--expert-imbalance", "1.2", "--seq", "4096",
        "--global-batch", "64", "--recompute", "full", "--json");
    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isZero();
    JsonNode n = json(r.out());
    assertThat(n.get("scaleUpDomain").asInt()).isEqualTo(8);
    assertThat(n.get("etp").asInt()).isEqualTo(1);
    assertThat(n.get("schedule").asText()).isEqualTo("dualpipe");
    assertThat(n.get("expertLoadImbalance").asDouble()).isEqualTo(1.2);

    Result tpu = run("train", "--model", "gpt3-175b", "--accelerator", "tpu-v5p", "--gpus", "256", "--tp", "16",
        "--scale-up-domain", "256", "--global-batch", "256", "--recompute", "full");
    assertThat(tpu.code()).isZero();
    assertThat(tpu.out()).contains("on 256 × tpu-v5p (scale-up domains of 256)");

    Result bad = run("train", "--model", "gpt3-175b", "--accelerator", "gb200", "--gpus", "128", "--tp", "8",
        "--scale-up-domain", "80");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("scaleUpDomain must be <= the 72 GPUs one scale-up fabric of gb200 connects, was 80");
  }

  @Test
  void omittedParallelismIsChosenAndPrinted() throws Exception {
    Result r = run("train", "--model", "llama-3.1-70b", "--gpus", "64", "--seq", "8192", "--global-batch", "128", "--json");
    assertThat(r.code()).isZero();
    JsonNode n = json(r.out());
    assertThat(n.get("configurationChosen").asBoolean()).isTrue();
    assertThat(n.get("fits").asBoolean()).isTrue();
    assertThat(n.get("dp").asInt() * n.get("tp").asInt() * n.get("pp").asInt() * n.get("cp").asInt()).isEqualTo(64);
    Result text = run("train", "--model", "llama-3.1-70b", "--gpus", "64", "--seq", "8192", "--global-batch", "128");
    assertThat(text.out()).contains("configuration (chosen: fastest that fits)").contains("MFU").contains("assumptions");
  }

  @Test
  void aConfigurationThatDoesNotFitIsReportedNotRejected() throws Exception {
    Result r = run("train", "--model", "llama-2-70b", "--gpus", "8", "--tp", "1", "--pp", "1", "--zero", "0", "--json");
    assertThat(r.code()).isZero();
    assertThat(json(r.out()).get("fits").asBoolean()).isFalse();
  }

  @Test
  void badInputExitsTwoWithOneLine() throws Exception {
    Result r = run("train", "--model", "gpt2", "--gpus", "8", "--tp", "8", "--json");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("llmcost: tp must divide heads (12), was 8");
    assertThat(json(r.out()).get("error").asText()).isEqualTo("tp must divide heads (12), was 8");
    assertThat(run("train", "--model", "gpt2", "--tokens", "lots").err()).contains("tokens must be a count such as 300B");
    assertThat(run("train", "--model", "gpt2", "--precision", "bf8").code()).isEqualTo(2);
  }

  @Test
  void tourHasTheTrainingSection() {
    Result r = run("tour");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("3. Training").contains("3.143e23").contains("1,024 A100").contains("ZeRO-3");
  }
}
