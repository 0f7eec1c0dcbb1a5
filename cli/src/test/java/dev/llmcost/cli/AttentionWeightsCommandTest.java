package dev.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** {@code --attention-weights} and {@code --attention-output-weights} on infer, capacity and simulate (s14p). */
class AttentionWeightsCommandTest {

  private static final String[] DSV3 = {"infer", "--model", "deepseek-v3", "--accelerator", "b200", "--tp", "8",
      "--ep", "8", "--attention-dp", "--weights", "nvfp4", "--kv-cache", "fp8", "--batch", "256", "--input", "1024",
      "--output", "1024"};

  private static String[] with(String[] base, String... more) {
    String[] a = new String[base.length + more.length];
    System.arraycopy(base, 0, a, 0, base.length);
    System.arraycopy(more, 0, a, base.length, more.length);
    return a;
  }

  @Test
  void inferWithSixteenBitAttentionUnderNvfp4ReadsMoreAndEchoesIt() {
    Cli plainRun = Cli.run(with(DSV3, "--json"));
    assertThat(plainRun.exitCode()).as(plainRun.err()).isZero();
    JsonNode plain = plainRun.json();
    Cli splitRun = Cli.run(with(DSV3, "--attention-weights", "bf16", "--json"));
    assertThat(splitRun.exitCode()).as(splitRun.err()).isZero();
    JsonNode split = splitRun.json();
    assertThat(plain.get("attentionWeights").asText()).isEqualTo("nvfp4");
    assertThat(plain.get("attentionOutputWeights").asText()).isEqualTo("nvfp4");
    assertThat(split.get("attentionWeights").asText()).isEqualTo("bf16");
    assertThat(split.get("attentionOutputWeights").asText()).isEqualTo("nvfp4");
    assertThat(split.get("memoryPerGpuBytes").get("weights").asLong())
        .isGreaterThan(plain.get("memoryPerGpuBytes").get("weights").asLong());
    assertThat(split.get("tpotSeconds").asDouble()).isGreaterThan(plain.get("tpotSeconds").asDouble());
    assertThat(split.get("assumptions").toString())
        .contains("attention input projections (q/k/v; latent attention's q_a, q_b, kv_a, kv_b) stored apart");
    assertThat(plain.get("assumptions").toString()).doesNotContain("attention input projections");
    JsonNode all = Cli.run(with(DSV3, "--attention-weights", "bf16", "--attention-output-weights", "bf16", "--json"))
        .json();
    assertThat(all.get("memoryPerGpuBytes").get("weights").asLong())
        .isGreaterThan(split.get("memoryPerGpuBytes").get("weights").asLong());
    assertThat(all.get("assumptions").toString()).contains("attention output projection (o_proj) stored apart");
    Cli text = Cli.run(with(DSV3, "--attention-weights", "bf16"));
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out()).contains("nvfp4 (attention input projections bf16) weights");
  }

  @Test
  void capacityAndSimulateTakeAttentionWeights() {
    Cli cap = Cli.run("capacity", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--rps", "2", "--weights",
        "fp8", "--attention-weights", "bf16", "--json");
    assertThat(cap.exitCode()).as(cap.err()).isZero();
    assertThat(cap.json().get("attentionWeights").asText()).isEqualTo("bf16");
    assertThat(cap.json().get("attentionOutputWeights").asText()).isEqualTo("fp8");
    assertThat(cap.json().get("assumptions").toString()).contains("attention input projections");
    Cli sim = Cli.run("simulate", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--rps", "1", "--duration",
        "20", "--weights", "fp8", "--attention-output-weights", "bf16", "--json");
    assertThat(sim.exitCode()).as(sim.err()).isZero();
    assertThat(sim.json().get("weights").asText()).isEqualTo("fp8");
    assertThat(sim.json().get("attentionOutputWeights").asText()).isEqualTo("bf16");
    assertThat(sim.json().get("attentionWeights").asText()).isEqualTo("fp8");
  }
}
