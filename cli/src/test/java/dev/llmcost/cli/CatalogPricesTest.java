package dev.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CatalogPricesTest {

  @Test
  void jsonListsAtLeastSixtyDatedModels() {
    Cli r = Cli.run("catalog", "prices", "--json");
    assertThat(r.exitCode()).isZero();
    JsonNode n = r.json();
    assertThat(n.get("prices").size()).isGreaterThanOrEqualTo(60);
    Set<String> providers = new HashSet<>();
    for (JsonNode p : n.get("prices")) {
      assertThat(p.get("seen").textValue()).as(p.get("id").textValue()).matches("\\d{4}(-\\d{2}){0,2}");
      assertThat(p.get("source").textValue()).isNotBlank();
      assertThat(p.get("standard").get("input").textValue()).isNotBlank();
      providers.add(p.get("provider").textValue());
    }
    assertThat(providers).contains("openai", "anthropic", "google", "deepseek", "mistral", "groq", "together",
        "fireworks", "cerebras");
    JsonNode gemini = find(n, "gemini-2.5-pro");
    assertThat(gemini.get("tiers").get(0).get("aboveTokens").longValue()).isEqualTo(200_000);
    JsonNode sonnet = find(n, "claude-sonnet-4-5");
    assertThat(sonnet.get("standard").get("cacheWrite1h").textValue()).isEqualTo("6");
    JsonNode gpt54 = find(n, "gpt-5.4");
    assertThat(gpt54.get("flex").get("input").textValue()).isEqualTo("1.25");
    assertThat(gpt54.get("priority").get("output").textValue()).isEqualTo("30");
    assertThat(gpt54.get("batch").get("input").textValue()).isEqualTo("1.25");
  }

  @Test
  void historyListsPastPricesToo() {
    JsonNode all = Cli.run("catalog", "prices", "--history", "--json").json();
    int gpt35 = 0;
    for (JsonNode p : all.get("prices")) {
      if (p.get("id").textValue().equals("gpt-3.5-turbo")) {
        gpt35++;
      }
    }
    assertThat(gpt35).isEqualTo(4);
    assertThat(all.get("entries").intValue()).isGreaterThan(all.get("models").intValue());
  }

  @Test
  void textTableHasSeenDateAndSource() {
    String out = Cli.run("catalog", "prices").out();
    assertThat(out).contains("gpt-5 ").contains("2026-09-23").contains("genai-prices 0.1.8")
        .contains(" models, USD per 1M tokens");
  }

  private static JsonNode find(JsonNode n, String id) {
    for (JsonNode p : n.get("prices")) {
      if (p.get("id").textValue().equals(id)) {
        return p;
      }
    }
    throw new AssertionError("no " + id);
  }
}
