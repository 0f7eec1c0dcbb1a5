package dev.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Architectures2025CommandTest {

  @Test
  void gptOss120bAt128kCachesFarLessThanAFullAttentionModelAndSaysWhy() {
    CliRunner.Result oss = CliRunner.run("infer", "--model", "gpt-oss-120b", "--accelerator", "h100-sxm",
        "--input", "130000", "--output", "1000", "--json");
    assertThat(oss.exitCode()).isZero();
    JsonNode j = oss.json();
    long perSequence = j.get("kvCacheBytesPerSequence").asLong();
    // 18 full layers × 131,000 tokens + 18 sliding layers × 128 tokens, 2 × 8 heads × 64 × 2 bytes each
    assertThat(perSequence).isEqualTo(2048L * (18L * 131_000 + 18L * 128));
    assertThat(j.get("kvCacheBytesPerSequenceIfAllLayersFullAttention").asLong()).isEqualTo(2048L * 36 * 131_000);
    CliRunner.Result llama = CliRunner.run("infer", "--model", "llama-3.1-70b", "--accelerator", "h100-sxm",
        "--tp", "4", "--input", "130000", "--output", "1000", "--json");
    assertThat(llama.exitCode()).isZero();
    assertThat(perSequence).isLessThan(llama.json().get("kvCacheBytesPerSequence").asLong() / 8);
    assertThat(j.get("assumptions").toString()).contains("128-token window (sliding)").contains("sinks");
    assertThat(j.get("weights").asText()).isEqualTo("mxfp4");
  }

  @Test
  void hybridsCacheOnlyTheirAttentionLayersAndKeepAConstantState() {
    CliRunner.Result r = CliRunner.run("infer", "--model", "qwen3-next-80b-a3b", "--accelerator", "h200",
        "--tp", "2", "--input", "100000", "--output", "1000", "--json");
    assertThat(r.exitCode()).isZero();
    JsonNode j = r.json();
    assertThat(j.get("kvCacheBytesPerToken").asLong()).isEqualTo(12L * 2 * 2 * 256 * 2);
    assertThat(j.get("recurrentStateBytesPerSequence").asLong()).isEqualTo(2L * 36 * (32 * 128 * 128 + 8192 * 3));
    assertThat(j.get("assumptions").toString()).contains("36 of 48 layers are linear-attention or state-space layers");
  }

  @Test
  void paramsOfNemotronCountTheNonGatedMlp() {
    CliRunner.Result r = CliRunner.run("params", "--model", "nemotron-4-340b", "--json");
    assertThat(r.exitCode()).isZero();
    assertThat(r.json().get("totalParameters").asLong()).isEqualTo(341_029_195_776L);
  }

  @Test
  void paramsReportsLayerKindsAndTheShippedCheckpoint() {
    CliRunner.Result r = CliRunner.run("params", "--model", "gpt-oss-120b", "--json");
    assertThat(r.exitCode()).isZero();
    assertThat(r.json().get("layers").get("sliding_attention").asInt()).isEqualTo(18);
    assertThat(r.json().get("checkpointBytes").asLong() / 1e9).isBetween(64.5, 65.5);
  }

  @Test
  void unknownModelTypeExitsTwoUnlessAssumeLlamaIsGiven(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("config.json");
    Files.writeString(config, "{\"model_type\":\"brand_new\",\"hidden_size\":4096,\"num_hidden_layers\":32,"
        + "\"num_attention_heads\":32,\"intermediate_size\":11008,\"vocab_size\":32000,\"torch_dtype\":\"bfloat16\"}");
    CliRunner.Result refused = CliRunner.run("params", "--model", config.toString());
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("unknown model_type \"brand_new\"").contains("--assume-llama");
    assertThat(refused.err().lines().count()).isEqualTo(1);
    CliRunner.Result generic = CliRunner.run("params", "--model", config.toString(), "--assume-llama", "--json");
    assertThat(generic.exitCode()).isZero();
    assertThat(generic.json().get("assumptions").toString()).contains("no dedicated rules").contains("tie_word_embeddings");
  }

  @Test
  void bertTrainsAsAMaskedLanguageModel() {
    CliRunner.Result r = CliRunner.run("train", "--model", "bert-base-uncased", "--accelerator", "a100-sxm-80gb",
        "--gpus", "8", "--seq", "512", "--global-batch", "256", "--tokens", "131072000000", "--json");
    assertThat(r.exitCode()).isZero();
    JsonNode j = r.json();
    // 6 × weight-matrix parameters + 12·l·h·s, the MLM decoder (tied) included: about 7.07e8 per token
    assertThat(j.get("flopsPerToken").asDouble()).isBetween(6.9e8, 7.2e8);
    assertThat(j.get("fits").asBoolean()).isTrue();
    assertThat(j.get("assumptions").toString()).contains("masked-language-model pre-training");
  }

  @Test
  void bertEmbedsWithThroughputAndCostPerMillionTokens() {
    CliRunner.Result r = CliRunner.run("infer", "--model", "bert-base-uncased", "--task", "embed",
        "--accelerator", "a100-sxm-40gb", "--batch", "128", "--input", "384", "--price-per-gpu-hour", "2", "--json");
    assertThat(r.exitCode()).isZero();
    JsonNode j = r.json();
    // NVIDIA TensorRT measured 51.26 ms for this batch (see EmbeddingValidationTest)
    assertThat(j.get("secondsPerBatch").asDouble()).isBetween(0.045, 0.060);
    assertThat(j.get("sequencesPerSecond").asDouble()).isEqualTo(128 / j.get("secondsPerBatch").asDouble(),
        org.assertj.core.data.Offset.offset(1e-6));
    assertThat(new java.math.BigDecimal(j.get("costPerMillionTokens").asText())).isPositive();
  }

  @Test
  void embedRefusesOptionsThatDoNotApply() {
    CliRunner.Result r = CliRunner.run("infer", "--model", "bert-base-uncased", "--accelerator", "a100-sxm-40gb",
        "--input", "1024");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--input must be <= 512").contains("1024");
    CliRunner.Result t = CliRunner.run("infer", "--model", "gpt2", "--accelerator", "a100-sxm-40gb", "--task", "rerank");
    assertThat(t.exitCode()).isEqualTo(2);
    assertThat(t.err()).contains("--task must be generate or embed, was \"rerank\"");
  }

  @Test
  void capacityForEmbeddingsSizesAFleetFromTheSameThroughputAsInfer() {
    CliRunner.Result r = CliRunner.run("capacity", "--model", "bert-base-uncased", "--accelerator", "a100-sxm-40gb",
        "--rps", "5000", "--input", "384", "--ttft-slo", "0.1", "--max-batch", "256", "--price-per-gpu-hour", "2",
        "--json");
    assertThat(r.exitCode()).isZero();
    JsonNode j = r.json();
    assertThat(j.get("task").asText()).isEqualTo("embed");
    int batch = j.get("batch").asInt();
    // the batch is the highest-throughput one whose forward pass meets the 0.1 s objective
    assertThat(j.get("secondsPerBatch").asDouble()).isLessThanOrEqualTo(0.1);
    CliRunner.Result one = CliRunner.run("infer", "--model", "bert-base-uncased", "--task", "embed",
        "--accelerator", "a100-sxm-40gb", "--batch", String.valueOf(batch), "--input", "384", "--json");
    double perGpu = one.json().get("sequencesPerSecond").asDouble();
    assertThat(j.get("sequencesPerSecondPerGpu").asDouble()).isEqualTo(perGpu, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(j.get("gpus").asInt()).isEqualTo((int) Math.ceil(5000 / perGpu));
    assertThat(j.get("utilization").asDouble()).isEqualTo(5000 / (j.get("gpus").asInt() * perGpu),
        org.assertj.core.data.Offset.offset(1e-9));
    // cost per million embedded tokens: the fleet's USD 2/GPU-hour over 5000 × 384 tokens/s
    double expected = j.get("gpus").asInt() * 2.0 / (5000.0 * 384 * 3600 / 1e6);
    assertThat(Double.parseDouble(j.get("costPerMillionTokens").asText())).isCloseTo(expected,
        org.assertj.core.data.Offset.offset(expected * 1e-5));
    assertThat(j.get("rejected").toString()).contains("exceeds the objective");
  }

  @Test
  void capacityForEmbeddingsRefusesWhatDoesNotApply() {
    CliRunner.Result out = CliRunner.run("capacity", "--model", "bert-base-uncased", "--accelerator", "l4",
        "--rps", "10", "--output", "5");
    assertThat(out.exitCode()).isEqualTo(2);
    assertThat(out.err()).contains("--output does not apply to --task embed").doesNotContain("Exception");
    CliRunner.Result slo = CliRunner.run("capacity", "--model", "bert-base-uncased", "--accelerator", "l4",
        "--rps", "10", "--ttft-slo", "0.000001");
    assertThat(slo.exitCode()).isEqualTo(2);
    assertThat(slo.err()).contains("--ttft-slo 1.0E-6").contains("exceeds the objective");
    CliRunner.Result tp = CliRunner.run("capacity", "--model", "bert-base-uncased", "--accelerator", "l4",
        "--rps", "10", "--tp", "2");
    assertThat(tp.exitCode()).isEqualTo(2);
    assertThat(tp.err()).contains("--tp does not apply to --task embed");
  }

  @Test
  void embeddingApisAreBilledAndComparedWithSelfHosting() {
    CliRunner.Result bill = CliRunner.run("bill", "--model", "text-embedding-3-small", "--input", "1000000", "--json");
    assertThat(bill.exitCode()).isZero();
    assertThat(bill.json().get("total").asText()).isEqualTo("0.02");
    CliRunner.Result r = CliRunner.run("infer", "--model", "bert-base-uncased", "--task", "embed",
        "--accelerator", "l4", "--batch", "256", "--input", "256", "--price-per-gpu-hour", "0.80",
        "--api-model", "text-embedding-3-small", "--json");
    assertThat(r.exitCode()).isZero();
    JsonNode c = r.json().get("apiComparison");
    assertThat(c.get("apiPerMillionTokens").asText()).isEqualTo("0.02");
    double self = Double.parseDouble(c.get("selfHostedPerMillionTokens").asText());
    assertThat(c.get("breakEvenUtilization").asDouble()).isCloseTo(self / 0.02, org.assertj.core.data.Offset.offset(1e-4));
    CliRunner.Result noPrice = CliRunner.run("infer", "--model", "bert-base-uncased", "--task", "embed",
        "--accelerator", "l4", "--api-model", "text-embedding-3-small");
    assertThat(noPrice.exitCode()).isEqualTo(2);
    assertThat(noPrice.err()).contains("--api-model needs --price-per-gpu-hour");
  }

  @Test
  void trainCountsDeepSeekV3sMultiTokenPredictionModuleUnlessTurnedOff() {
    String[] base = {"train", "--model", "deepseek-v3", "--accelerator", "h800", "--gpus", "2048", "--tp", "1",
        "--pp", "16", "--ep", "64", "--dp", "128", "--micro-batch", "1", "--global-batch", "15360", "--seq", "4096",
        "--zero", "1", "--recompute", "none", "--tokens", "14.8T", "--json"};
    CliRunner.Result with = CliRunner.run(base);
    String[] off = java.util.Arrays.copyOf(base, base.length + 1);
    off[base.length] = "--no-mtp";
    CliRunner.Result without = CliRunner.run(off);
    assertThat(with.exitCode()).withFailMessage(with.err()).isZero();
    assertThat(without.exitCode()).withFailMessage(without.err()).isZero();
    double ratio = with.json().get("flopsPerToken").asDouble() / without.json().get("flopsPerToken").asDouble();
    assertThat(ratio - 1).isBetween(0.035, 0.05);
    assertThat(with.json().get("assumptions").toString()).contains("multi-token-prediction module(s) trained");
    assertThat(without.json().get("assumptions").toString()).contains("not trained");
  }
}
