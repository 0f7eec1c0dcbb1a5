package dev.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParamsCommandTest {

  @Test
  void printsTheContractKeysForACatalogModel() {
    CliRunner.Result r = CliRunner.run("params", "--model", "llama-3.1-405b", "--json");
    assertThat(r.exitCode()).isZero();
    JsonNode j = r.json();
    assertThat(j.get("totalParameters").asLong()).isEqualTo(405_853_388_800L);
    assertThat(j.get("activeParameters").asLong()).isEqualTo(405_853_388_800L);
    assertThat(j.get("embeddingParameters").asLong()).isEqualTo(2L * 128256 * 16384);
    assertThat(j.get("nonEmbeddingParameters").asLong())
        .isEqualTo(405_853_388_800L - 2L * 128256 * 16384);
    assertThat(j.get("weightMemoryBytes").get("bf16").asLong()).isEqualTo(2 * 405_853_388_800L);
  }

  @Test
  void readsAConfigJsonPath(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("config.json");
    Files.writeString(config, "{\"model_type\":\"mixtral\",\"torch_dtype\":\"bfloat16\"}");
    CliRunner.Result r = CliRunner.run("params", "--model", config.toString(), "--json");
    assertThat(r.exitCode()).isZero();
    assertThat(r.json().get("totalParameters").asLong()).isEqualTo(46_702_792_704L);
    assertThat(r.json().get("activeParameters").asLong()).isEqualTo(12_879_925_248L);
  }

  @Test
  void unknownModelExitsTwoWithCloseIds() {
    CliRunner.Result r = CliRunner.run("params", "--model", "llama-3-405b", "--json");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("llmcost: unknown model \"llama-3-405b\"; did you mean")
        .contains("llama-3.1-405b");
    assertThat(r.err().strip().lines().count()).isEqualTo(1);
    assertThat(r.json().get("error").asText()).contains("llama-3.1-405b");
  }

  @Test
  void malformedConfigExitsTwoNamingTheFile(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("config.json");
    Files.writeString(config, "{\"model_type\":\"llama\",\"hidden_size\":\"wide\"}");
    CliRunner.Result r = CliRunner.run("params", "--model", config.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("\"hidden_size\" must be an integer, was \"wide\"");
    CliRunner.Result missing = CliRunner.run("params", "--model", dir.resolve("nope.json").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("no such file");
  }

  @Test
  void missingOptionIsBadInput() {
    CliRunner.Result r = CliRunner.run("params", "--json");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.json().get("error").asText()).contains("--model");
  }

  @Test
  void humanReportListsBreakdownMemoryAndAssumptions() {
    CliRunner.Result r = CliRunner.run("params", "--model", "deepseek-v3");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("671,026,419,200").contains("37,552,297,472")
        .contains("layers.*.mlp.experts").contains("int4-g128").contains("multi-token-prediction");
  }

  /** Issue 14 item 5: int4-g128 and nf4 weigh more than int4 because embeddings and head stay bf16. */
  @Test
  void fourBitSchemesSayTheirEmbeddingsAndHeadStayBf16InTheRowAndTheAssumptions() {
    CliRunner.Result text = CliRunner.run("params", "--model", "llama-3.1-8b");
    assertThat(text.exitCode()).isZero();
    assertThat(text.out().lines().filter(l -> l.strip().startsWith("int4-g128") || l.strip().startsWith("nf4")))
        .hasSize(2)
        .allMatch(l -> l.endsWith("embeddings and head in bf16"));
    assertThat(text.out().lines().filter(l -> l.strip().startsWith("int4 ")))
        .singleElement().matches(l -> !l.contains("bf16"));
    assertThat(text.out()).contains("\n  assumptions\n",
        "weight memory int4-g128: linear-layer weights in int4 with a 16-bit scale and a 4-bit zero point per 128"
            + " weights (4.156 bits each); embeddings, output head, norms and routers stay bf16",
        "weight memory nf4: linear-layer weights in nf4 with a 32-bit scale per 64 weights (4.500 bits each);"
            + " embeddings, output head, norms and routers stay bf16");
    JsonNode j = CliRunner.run("params", "--model", "llama-3.1-8b", "--json").json();
    assertThat(j.get("assumptions")).isNotEmpty();
    assertThat(j.get("assumptions").toString()).contains("weight memory int4-g128", "weight memory nf4");
  }
}
