package dev.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class CatalogAndTourCommandTest {

  @Test
  void catalogListsModelsWithCountsAndSources() {
    CliRunner.Result r = CliRunner.run("catalog", "models", "--json");
    assertThat(r.exitCode()).isZero();
    JsonNode models = r.json().get("models");
    assertThat(models.size()).isGreaterThanOrEqualTo(40);
    for (JsonNode m : models) {
      assertThat(m.get("source").asText()).isNotBlank();
      assertThat(m.get("totalParameters").asLong()).isPositive();
    }
  }

  @Test
  void catalogListsAccelerators() {
    CliRunner.Result r = CliRunner.run("catalog", "accelerators", "--json");
    assertThat(r.exitCode()).isZero();
    assertThat(r.json().get("accelerators").size()).isEqualTo(31);
    CliRunner.Result text = CliRunner.run("catalog", "accelerators");
    assertThat(text.out()).contains("h100-sxm").contains("989.4");
    // s13o's AMD CDNA 4 parts are listed in both forms
    assertThat(text.out()).contains("mi355x", "mi350x");
    assertThat(r.json().get("accelerators").toString()).contains("\"mi355x\"", "\"mi350x\"");
  }

  @Test
  void badCatalogKindIsBadInput() {
    CliRunner.Result r = CliRunner.run("catalog", "gpus");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("gpus");
  }

  @Test
  void tourStartsWithTheParametersSection() {
    CliRunner.Result r = CliRunner.run("tour");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("1. Parameters").contains("109,482,240").contains("405,853,388,800")
        .contains("110.7 million");
  }
}
