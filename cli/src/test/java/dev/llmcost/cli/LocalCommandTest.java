package dev.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.core.gguf.GgufLayout;
import dev.llmcost.core.gguf.GgufModels;
import dev.llmcost.core.gguf.GgufTensorInfo;
import dev.llmcost.core.gguf.GgufValueType;
import dev.llmcost.core.gguf.GgufWriter;
import dev.llmcost.core.gguf.QuantMix;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCommandTest {

  @Test
  void printsSizeMemoryAndSpeedForACatalogModel() {
    CliRunner.Result r = CliRunner.run("local", "--model", "qwen2.5-7b", "--quant", "Q4_K_M", "--device", "rtx-4090",
        "--ngl", "99", "--ctx", "8192", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode j = r.json();
    assertThat(j.get("quant").asText()).isEqualTo("Q4_K_M");
    assertThat(j.get("fileSizeBytes").asLong()).isBetween(4_640_000_000L, 4_730_000_000L);
    assertThat(j.get("gpuLayers").asInt()).isEqualTo(28);
    assertThat(j.get("outputOnGpu").asBoolean()).isTrue();
    assertThat(j.get("fits").asBoolean()).isTrue();
    assertThat(j.get("tgTokensPerSecond").asDouble()).isBetween(60.0, 250.0);
    assertThat(j.get("ppTokensPerSecond").asDouble()).isGreaterThan(1000);
    assertThat(j.get("memory").get("kvCacheBytes").asLong()).isEqualTo(28L * 2 * 4 * 128 * 2 * 8192);
    assertThat(j.get("defaultsUsed").has("kv-cache")).isTrue();
    assertThat(j.get("assumptions").size()).isGreaterThan(2);
  }

  @Test
  void partialOffloadIsSlowerAndUsesLessGpuMemory() {
    JsonNode full = CliRunner.run("local", "--model", "llama-3.1-8b", "--device", "rtx-3060", "--json").json();
    JsonNode half = CliRunner.run("local", "--model", "llama-3.1-8b", "--device", "rtx-3060", "--ngl", "16", "--json").json();
    assertThat(half.get("tgTokensPerSecond").asDouble()).isLessThan(full.get("tgTokensPerSecond").asDouble());
    assertThat(half.get("memory").get("gpuBytes").asLong()).isLessThan(full.get("memory").get("gpuBytes").asLong());
    assertThat(half.get("memory").get("cpuBytes").asLong()).isGreaterThan(full.get("memory").get("cpuBytes").asLong());
    assertThat(full.get("defaultsUsed").get("quant").asText()).isEqualTo("Q4_K_M");
  }

  @Test
  void fitPicksTheBestQuantizationThatFits() {
    CliRunner.Result r = CliRunner.run("local", "--model", "llama-3.1-8b", "--device", "rtx-4060", "--fit", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode best = r.json().get("best");
    // 8 GB: Q8_0 (8.5 GB) does not fit; Q6_K (6.6 GB) with a 4k context does.
    assertThat(best.get("quant").asText()).isEqualTo("Q6_K");
    assertThat(r.json().get("candidates").size()).isEqualTo(12);
    CliRunner.Result text = CliRunner.run("local", "--model", "llama-3.1-70b", "--device", "rtx-4090", "--fit");
    assertThat(text.exitCode()).isZero();
    assertThat(text.out()).contains("best:").contains("defaults used");
    // issue 14 item 8: thousands grouped in the speed columns (an 8B model's prompt processing on a 4090)
    CliRunner.Result small = CliRunner.run("local", "--model", "llama-3.1-8b", "--device", "rtx-4090", "--fit");
    assertThat(small.out()).containsPattern("Q4_K_M .* \\d{1,3},\\d{3} +\\d+\\.\\d")
        .doesNotContainPattern(" \\d{4,}(\\.\\d)? ");
    CliRunner.Result one = CliRunner.run("local", "--model", "llama-3.1-8b", "--device", "rtx-4090", "--quant", "Q4_K_M");
    assertThat(one.out()).containsPattern("prompt processing +\\d{1,3},\\d{3}\\.\\d tokens/s");
  }

  @Test
  void readsAGgufFileExactly(@TempDir Path dir) {
    ModelArchitecture a = ModelCatalog.bundled().get("qwen3-30b-a3b");
    String arch = GgufModels.ggufArchitecture(a.modelType());
    GgufLayout l = GgufLayout.of(a, arch).quantize(QuantMix.Q4_K_M, false);
    GgufWriter w = GgufWriter.create(3, ByteOrder.LITTLE_ENDIAN)
        .putString("general.architecture", arch)
        .putString("general.name", "Qwen3-30B-A3B")
        .put("general.file_type", GgufValueType.UINT32, QuantMix.Q4_K_M.fileType())
        .putUint32(arch + ".block_count", a.layers())
        .putUint32(arch + ".embedding_length", a.hidden())
        .putUint32(arch + ".feed_forward_length", a.feedForward().intermediateSize())
        .putUint32(arch + ".attention.head_count", a.heads())
        .putUint32(arch + ".attention.head_count_kv", l.context().kvHeads())
        .putUint32(arch + ".attention.key_length", 128)
        .putUint32(arch + ".context_length", 40960)
        .putUint32(arch + ".expert_count", a.moe().routedExperts())
        .putUint32(arch + ".expert_used_count", a.moe().expertsPerToken())
        .putUint32(arch + ".expert_feed_forward_length", a.moe().expertIntermediateSize());
    for (GgufTensorInfo t : l.tensors()) {
      w.tensor(t.name(), t.type(), t.dims());
    }
    Path p = w.write(dir.resolve("qwen3-30b-a3b-Q4_K_M.gguf"));
    CliRunner.Result r = CliRunner.run("local", "--model", p.toString(), "--device", "rtx-4090", "--n-cpu-moe", "20",
        "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode j = r.json();
    assertThat(j.get("quant").asText()).isEqualTo("Q4_K_M");
    assertThat(j.get("fileSizeBytes").asLong()).isEqualTo(w.fileSize());
    assertThat(j.get("modelBytes").asLong()).isEqualTo(l.tensorBytes());
    assertThat(j.get("parameters").asLong()).isEqualTo(a.parameterCounts().total().value());
    JsonNode all = CliRunner.run("local", "--model", p.toString(), "--device", "rtx-4090", "--json").json();
    assertThat(j.get("memory").get("gpuWeightsBytes").asLong())
        .isLessThan(all.get("memory").get("gpuWeightsBytes").asLong());
    assertThat(j.get("tgTokensPerSecond").asDouble()).isLessThan(all.get("tgTokensPerSecond").asDouble());
    // A file's --fit varies only the offload: on a 12 GB card the 18.6 GB file keeps some layers in RAM.
    CliRunner.Result fit = CliRunner.run("local", "--model", p.toString(), "--device", "rtx-3060", "--fit", "--json");
    assertThat(fit.exitCode()).as(fit.err()).isZero();
    assertThat(fit.json().get("candidates").size()).isEqualTo(1);
    assertThat(fit.json().get("best").get("quant").asText()).isEqualTo("Q4_K_M");
    assertThat(fit.json().get("best").get("gpuLayers").asInt()).isBetween(1, a.layers() - 1);
    assertThat(fit.json().get("best").get("fits").asBoolean()).isTrue();
    CliRunner.Result params = CliRunner.run("params", "--model", p.toString(), "--json");
    assertThat(params.exitCode()).as(params.err()).isZero();
    assertThat(params.json().get("totalParameters").asLong()).isEqualTo(a.parameterCounts().total().value());
    assertThat(params.json().get("activeParameters").asLong()).isEqualTo(a.parameterCounts().active().value());
    assertThat(params.json().get("ggufBytesByType").get("Q4_K").asLong()).isEqualTo(l.bytesByType().get(
        dev.llmcost.core.gguf.GgmlType.Q4_K));
  }

  @Test
  void badInputExitsTwoWithOneLine(@TempDir Path dir) throws Exception {
    String[][] cases = {
      {"local", "--model", "llama-3.1-8b", "--device", "rtx-9090"},
      {"local", "--model", "llama-3.1-8b", "--device", "rtx-4090", "--quant", "Q4_K_X"},
      {"local", "--model", "llama-3.1-8b", "--device", "rtx-4090", "--kv-cache", "q8_0"},
      {"local", "--model", "llama-3.1-8b", "--device", "rtx-4090", "--kv-cache", "q5"},
      {"local", "--model", "llama-3.1-8b", "--device", "rtx-4090", "--n-cpu-moe", "3"},
      {"local", "--model", "llama-3.1-8b", "--device", "rtx-4090", "--ngl", "-1"},
      {"local", "--model", "llama-3.1-8b", "--device", "rtx-4090", "--ctx", "0"},
      {"local", "--model", "llama-3.1-8b", "--device", "ryzen-9-7950x", "--ngl", "10"},
      {"local", "--model", "llama-3.1-8b", "--device", "rtx-4090", "--host", "rtx-3090"},
      {"local", "--model", dir.resolve("missing.gguf").toString(), "--device", "rtx-4090"},
      {"local", "--model", java.nio.file.Files.writeString(dir.resolve("bad.gguf"), "not gguf at all, no").toString(),
        "--device", "rtx-4090"},
    };
    for (String[] c : cases) {
      CliRunner.Result r = CliRunner.run(c);
      assertThat(r.exitCode()).as(String.join(" ", c) + " -> " + r.err() + r.out()).isEqualTo(2);
      assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
      assertThat(r.err()).doesNotContain("Exception").doesNotContain("NaN");
    }
  }
}
