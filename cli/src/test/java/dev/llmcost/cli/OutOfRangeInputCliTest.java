package dev.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * s15d: what s14j's probe left open. A tiny expert capacity factor reported an MFU above 100%; calibrate took
 * measured throughputs beyond the accelerator's peak; finetune took any LoRA rank; one output token printed a
 * TPOT (0 in simulate, a decode step that never runs in infer and capacity); finetune read --mean-example-tokens 0
 * as "not given".
 */
class OutOfRangeInputCliTest {

  private static void refused(String expected, String... args) {
    BadInputTest.refusedArgs(expected, args);
  }

  @Test
  void aTinyCapacityFactorNeverReportsMoreThanThePeak() {
    for (String f : new String[] {"1e-300", "0.01", "0.5"}) {
      Cli c = Cli.run("train", "--model", "mixtral-8x7b", "--gpus", "16", "--ep", "8", "--expert-capacity-factor", f,
          "--json");
      assertThat(c.exitCode()).as(f).isZero();
      assertThat(c.json().get("mfu").asDouble()).as(f).isPositive().isLessThanOrEqualTo(1);
      assertThat(c.json().get("hfu").asDouble()).as(f).isPositive().isLessThanOrEqualTo(1);
    }
  }

  @Test
  void calibrateRefusesAThroughputBeyondThePeakNamingTheRowAndTheUtilization(@TempDir Path dir) throws Exception {
    Path runs = dir.resolve("runs.csv");
    Files.writeString(runs, "id,model,accelerator,gpus,seq,global_batch,tokens_per_second_per_gpu\n"
        + "r1,llama-3.1-8b,h100-sxm,8,2048,512,9000\nr2,llama-3.1-8b,h100-sxm,8,2048,512,1e30\n");
    refused(runs + ", run r2: tokens_per_second_per_gpu 1.0E30 implies ", "calibrate", "--runs", runs.toString(),
        "--out", dir.resolve("p.json").toString());
    refused("of h100-sxm's bf16 peak (989", "calibrate", "--runs", runs.toString(), "--out",
        dir.resolve("p.json").toString());
  }

  @Test
  void finetuneRefusesARankAboveTheAdaptedMatricesAndAnExplicitZeroExampleLength() {
    refused("--rank: rank must be <= 1024, the smaller side of llama-3.1-8b's adapted k/v (4096 × 1024) matrices",
        "finetune", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--rank", "2147483647");
    refused("was 2147483647", "finetune", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--rank",
        "2147483647");
    refused("--mean-example-tokens: meanExampleTokens must be >= 1, was 0", "finetune", "--model", "llama-3.1-8b", "--accelerator",
        "h100-sxm", "--mean-example-tokens", "0");
  }

  @Test
  void oneOutputTokenHasNoTpotInInferCapacityOrSimulate() {
    Cli infer = Cli.run("infer", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--input", "512", "--output",
        "1", "--json");
    assertThat(infer.exitCode()).isZero();
    assertThat(infer.json().get("tpotSeconds").isNull()).isTrue();
    for (JsonNode p : infer.json().get("throughputCurve")) {
      assertThat(p.get("tpotSeconds").isNull()).isTrue();
    }
    Cli inferText = Cli.run("infer", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--input", "512",
        "--output", "1");
    assertThat(inferText.out()).contains("time per output token         n/a   (one output token: no token after the"
        + " first)");
    Cli two = Cli.run("infer", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--input", "512", "--output",
        "2", "--json");
    assertThat(two.json().get("tpotSeconds").asDouble()).isPositive();

    Cli capacity = Cli.run("capacity", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--rps", "5",
        "--input", "512", "--output", "1", "--json");
    assertThat(capacity.exitCode()).isZero();
    assertThat(capacity.json().get("tpotSeconds").isNull()).isTrue();
    for (JsonNode o : capacity.json().get("options")) {
      assertThat(o.get("tpotSeconds").isNull()).isTrue();
    }
    assertThat(Cli.run("capacity", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--rps", "5", "--input",
        "512", "--output", "1").out()).contains("TPOT n/a").doesNotContain("TPOT 0");

    Cli simulate = Cli.run("simulate", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--rps", "1",
        "--duration", "5", "--input-dist", "fixed:512", "--output-dist", "fixed:1", "--json");
    assertThat(simulate.exitCode()).isZero();
    JsonNode tpot = simulate.json().get("tpotSeconds");
    assertThat(tpot.get("count").asLong()).isZero();
    assertThat(tpot.get("p50").isNull()).isTrue();
    assertThat(tpot.get("p99").isNull()).isTrue();
    assertThat(simulate.json().get("itlSeconds").get("p99").isNull()).isTrue();
    assertThat(Cli.run("simulate", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--rps", "1", "--duration",
        "5", "--input-dist", "fixed:512", "--output-dist", "fixed:1").out())
        .containsPattern("time per output token +n/a +n/a +n/a +n/a")
        .doesNotContain("0.0 µs");
  }

  @Test
  void simulateChartsOfOneTokenOutputsLeaveTheTpotChartOut(@TempDir Path dir) {
    // 40 s at 1/8 of 1 request/s still sees requests: the TTFT chart is drawn, the TPOT chart has nothing to draw
    Cli c = Cli.run("simulate", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--rps", "1", "--duration",
        "40", "--input-dist", "fixed:512", "--output-dist", "fixed:1", "--charts", dir.toString(), "--json");
    assertThat(c.exitCode()).as(c.err()).isZero();
    assertThat(c.json().get("charts").toString()).contains("latency-vs-rate-ttft").doesNotContain("latency-vs-rate-tpot");
    for (JsonNode r : c.json().get("rateSweep")) {
      assertThat(r.get("tpotSeconds").get("p99").isNull()).isTrue();
    }
  }

  @Test
  void simulateChartsOfARateThatSawNoRequestLeaveThatRateOut(@TempDir Path dir) {
    // 5 s at 1/8 of 1 request/s: no request arrives at the lowest rates, whose TTFT summary is empty (it drew 0 on a
    // logarithmic axis: "Series data ... cannot be less or equal to zero for a logarithmic Y-Axis")
    Cli c = Cli.run("simulate", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--rps", "1", "--duration",
        "5", "--charts", dir.toString(), "--json");
    assertThat(c.exitCode()).as(c.err()).isZero();
    assertThat(c.json().get("charts").toString()).contains("latency-vs-rate-ttft", "latency-vs-rate-tpot");
  }

  @Test
  void tokensCountOfAnEmptyFileHasNoRatios(@TempDir Path dir) throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.txt"), "");
    Cli c = Cli.run("tokens", "count", "--tokenizer", "gpt2", "--dataset", empty.toString(), "--json");
    assertThat(c.exitCode()).as(c.err()).isZero();
    assertThat(c.json().get("characters").asLong()).isZero();
    assertThat(c.json().get("tokensPerCharacter").get("r50k_base").isNull()).isTrue();
    assertThat(c.json().get("tokensPerByte").get("r50k_base").isNull()).isTrue();
    assertThat(Cli.run("tokens", "count", "--tokenizer", "gpt2", "--dataset", empty.toString()).out())
        .containsPattern("r50k_base +0 +n/a +n/a");
  }
}
