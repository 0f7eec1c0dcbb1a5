package dev.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FinetuneCommandTest {
  private static JsonNode json(String... args) throws Exception {
    CliRunner.Result r = CliRunner.run(args);
    assertThat(r.exitCode()).as(r.err()).isZero();
    return new ObjectMapper().readTree(r.out());
  }

  @Test
  void qloraOfLlama8bOnOne24GbCardAnswersFitHoursAndDollars() throws Exception {
    JsonNode n = json("finetune", "--model", "llama-3.1-8b", "--method", "qlora", "--rank", "16", "--targets",
        "all-linear", "--accelerator", "rtx-4090", "--seq", "2048", "--batch", "1", "--logits", "chunked",
        "--tokens", "50M", "--json");
    assertThat(n.get("fits").asBoolean()).isTrue();
    JsonNode m = n.get("memoryPerGpuBytes");
    long sum = 0;
    for (String k : new String[] {"frozenWeights", "quantizationConstants", "trainableWeights", "gradients", "optimizer",
        "activations", "logits", "buffers"}) {
      sum += m.get(k).asLong();
    }
    assertThat(sum).isEqualTo(m.get("peakAllocated").asLong());
    assertThat(n.get("wallClockSeconds").asDouble()).isBetween(3600.0, 100 * 3600.0);
    assertThat(n.get("defaultsUsed").has("base")).isTrue();
  }

  @Test
  void loraOnEightH100sIsCheaperThanFullFineTuningWithFsdp() throws Exception {
    JsonNode lora = json("finetune", "--model", "llama-3.1-8b", "--method", "lora", "--accelerator", "h100-sxm",
        "--gpus", "8", "--distribution", "ddp", "--batch", "4", "--tokens", "50M", "--json");
    JsonNode full = json("finetune", "--model", "llama-3.1-8b", "--method", "full", "--accelerator", "h100-sxm",
        "--gpus", "8", "--distribution", "fsdp", "--batch", "4", "--tokens", "50M", "--json");
    assertThat(lora.get("fits").asBoolean()).isTrue();
    assertThat(full.get("fits").asBoolean()).isTrue();
    assertThat(lora.get("gpuHours").asDouble()).isLessThan(full.get("gpuHours").asDouble());
  }

  @Test
  void theFusedAdamKernelAndGradientClippingChangeTheStepAndLeaveTheDefaultUnlisted() throws Exception {
    String[] base = {"finetune", "--model", "llama-3.1-8b", "--method", "full", "--accelerator", "h100-sxm", "--gpus",
        "8", "--distribution", "fsdp", "--batch", "4", "--tokens", "50M", "--json"};
    JsonNode foreach = json(base);
    JsonNode fused = json(concat(base, "--fused-adam"));
    JsonNode clipped = json(concat(base, "--clip-gradients"));
    // the foreach AdamW is a default that changes the number, so it is listed; the fused kernel is chosen
    assertThat(foreach.get("defaultsUsed").has("fused-adam")).isTrue();
    assertThat(fused.get("defaultsUsed").has("fused-adam")).isFalse();
    // one fused pass moves fewer bytes than a pass per operation; clipping adds a pass over the gradients
    assertThat(fused.get("wallClockSeconds").asDouble()).isLessThan(foreach.get("wallClockSeconds").asDouble());
    assertThat(clipped.get("wallClockSeconds").asDouble()).isGreaterThan(foreach.get("wallClockSeconds").asDouble());
  }

  private static String[] concat(String[] a, String b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + 1);
    r[a.length] = b;
    return r;
  }

  @Test
  void fitFindsTheLargestBatchAndSequence() throws Exception {
    JsonNode n = json("finetune", "--model", "llama-3.1-8b", "--method", "qlora", "--accelerator", "rtx-4090",
        "--fit", "--json");
    assertThat(n.get("fit").get("largestMicroBatch").asInt()).isPositive();
    assertThat(n.get("fit").get("longestSequence").asInt()).isGreaterThan(2048);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--rank|0|--method|lora|--rank",
      "--targets|gate|--method|lora|--targets",
      "--targets|qq|--method|lora|--targets",
      "--base|bf16|--method|qlora|--base",
      "--method|sft|--base|bf16|--method",
      "--optimizer|adam9|--method|lora|--optimizer",
      "--quant-library|gptq|--method|qlora|--quant-library",
      "--logits|chunky|--method|lora|--logits"})
  void badInputExitsTwoNamingTheOption(String o1, String v1, String o2, String v2, String named) {
    String modelId = "gate".equals(v1) ? "gpt2" : "llama-3.1-8b";
    CliRunner.Result r = CliRunner.run("finetune", "--model", modelId, "--accelerator", "rtx-4090", o1, v1, o2, v2);
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains(named).doesNotContain("Exception").hasLineCount(1);
  }

  @Test
  void qloraOfACheckpointPublishedInFp8ExitsTwoNamingTheMethod(@TempDir java.nio.file.Path dir) throws Exception {
    // Llama 3.1 8B's shape, published in float8_e4m3fn: no 16- or 32-bit weights for bitsandbytes to quantize
    java.nio.file.Path config = dir.resolve("config.json");
    java.nio.file.Files.writeString(config, "{\"model_type\": \"llama\", \"architectures\": [\"LlamaForCausalLM\"],"
        + " \"hidden_size\": 4096, \"intermediate_size\": 14336, \"num_hidden_layers\": 32,"
        + " \"num_attention_heads\": 32, \"num_key_value_heads\": 8, \"vocab_size\": 128256,"
        + " \"max_position_embeddings\": 131072, \"rms_norm_eps\": 1e-5, \"tie_word_embeddings\": false,"
        + " \"hidden_act\": \"silu\", \"torch_dtype\": \"float8_e4m3fn\"}");
    CliRunner.Result r = CliRunner.run("finetune", "--model", config.toString(), "--accelerator", "h100-sxm",
        "--method", "qlora");
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
    assertThat(r.err()).contains("--method").contains("fp8").doesNotContain("Exception").hasLineCount(1);
  }

  // s11j: the host link was echoed as "--hostLinkBytesPerSecond", an option that does not exist
  @Test
  void everyDefaultIsAnOptionOrLabelledAsNone() throws Exception {
    String[] args = {"finetune", "--model", "llama-3.1-8b", "--accelerator", "rtx-4090", "--method", "qlora"};
    Cli text = Cli.run(args);
    assertThat(text.out()).doesNotContain("hostLinkBytesPerSecond").contains("host link: PCIe Gen4 x16")
        .contains("no option sets it");
    JsonNode n = json(concat(args, "--json"));
    assertThat(n.get("defaultsUsed").has("host link")).isTrue();
    assertThat(n.get("defaultsUsed").has("rank/targets")).isTrue();
    n.get("defaultsUsed").fieldNames().forEachRemaining(k -> assertThat(k).doesNotContain("BytesPerSecond"));
  }
}
