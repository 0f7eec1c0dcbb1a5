package dev.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class EnergyAndCarbonCommandTest {

  private static final String[] TRAIN = {"train", "--model", "llama-3.1-8b", "--gpus", "8", "--tp", "1", "--pp", "1",
      "--dp", "8", "--tokens", "1B"};
  private static final String[] INFER = {"infer", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--batch",
      "32", "--input", "1000", "--output", "250"};
  private static final String[] CAPACITY = {"capacity", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm",
      "--rps", "4"};

  private static String[] with(String[] base, String... more) {
    String[] a = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, a, base.length, more.length);
    return a;
  }

  @Test
  void trainReportsCo2eOfTheRunAndPerMillionTokensForARegion() {
    CliRunner.Result r = CliRunner.run(with(TRAIN, "--carbon-intensity", "fr", "--json"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode n = r.json();
    double kwh = n.get("energyKwh").asDouble();
    assertThat(n.get("pue").asDouble()).isEqualTo(1.2);
    assertThat(n.get("energyKwhPerMillionTokens").asDouble()).isCloseTo(kwh / 1000, within(1e-9 * kwh));
    assertThat(n.get("carbonIntensityGramsPerKwh").asDouble()).isEqualTo(56.039);
    assertThat(n.get("carbonIntensityRegion").get("year").asInt()).isEqualTo(2023);
    assertThat(n.get("co2eKg").asDouble()).isCloseTo(kwh * 0.056039, within(1e-9 * kwh));
    assertThat(n.get("co2eKgPerMillionTokens").asDouble()).isCloseTo(kwh * 0.056039 / 1000, within(1e-9 * kwh));
  }

  @Test
  void trainTextEchoesTheIntensityAndWithoutItPrintsEnergyOnly() {
    CliRunner.Result r = CliRunner.run(with(TRAIN, "--carbon-intensity", "350"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("kWh per million tokens").contains("kg CO2e").contains("350.0 gCO2e/kWh (given)");
    CliRunner.Result plain = CliRunner.run(TRAIN);
    assertThat(plain.out()).contains("kWh per million tokens").doesNotContain("CO2e");
  }

  @Test
  void inferReportsEnergyAndCo2ePerRequestAndPerMillionOutputTokens() {
    CliRunner.Result r = CliRunner.run(with(INFER, "--carbon-intensity", "us-va", "--pue", "1.1", "--json"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode n = r.json();
    // one H100 at 700 W × PUE 1.1 for 250 output tokens at the estimated throughput
    double seconds = 250 / n.get("outputTokensPerSecond").asDouble();
    double kwh = 700 * 1.1 * seconds / 3.6e6;
    assertThat(n.get("pue").asDouble()).isEqualTo(1.1);
    assertThat(n.get("energyKwhPerRequest").asDouble()).isCloseTo(kwh, within(1e-12));
    assertThat(n.get("energyKwhPerMillionOutputTokens").asDouble()).isCloseTo(kwh * 4000, within(1e-8));
    assertThat(n.get("co2eKgPerRequest").asDouble()).isCloseTo(kwh * 0.308, within(1e-12));
    assertThat(n.get("co2eGramsPerMillionOutputTokens").asDouble()).isCloseTo(kwh * 4000 * 308, within(1e-6));
    assertThat(n.get("carbonIntensityRegion").get("id").asText()).isEqualTo("us-va");
    assertThat(n.get("assumptions").toString()).contains("PUE 1.10");
  }

  @Test
  void inferTextPrintsEnergyAtTheDefaultPue() {
    CliRunner.Result r = CliRunner.run(with(INFER, "--carbon-intensity", "world"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("energy at PUE 1.20").contains("g CO2e per request").contains("world (World average, 2024");
  }

  @Test
  void capacityChargesAllGpusAtTheRequestedLoad() {
    CliRunner.Result r = CliRunner.run(with(CAPACITY, "--carbon-intensity", "100", "--json"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode n = r.json();
    double kwh = n.get("gpus").asInt() * 700 * 1.2 / 4 / 3.6e6;
    assertThat(n.get("energyKwhPerRequest").asDouble()).isCloseTo(kwh, within(1e-12));
    assertThat(n.get("energyKwhPerMillionOutputTokens").asDouble()).isCloseTo(kwh * 1e6 / Defaults.OUTPUT, within(1e-8));
    assertThat(n.get("co2eKgPerRequest").asDouble()).isCloseTo(kwh * 0.1, within(1e-12));
    CliRunner.Result text = CliRunner.run(with(CAPACITY, "--carbon-intensity", "100"));
    assertThat(text.out()).contains("energy at PUE 1.20").contains("100.0 gCO2e/kWh (given)");
  }

  @ParameterizedTest
  @CsvSource({
    "train,    --carbon-intensity, -5,     -5",
    "infer,    --carbon-intensity, NaN,    NaN",
    "capacity, --carbon-intensity, us-vaa, us-va",
    "infer,    --pue,              0.9,    0.9",
    "capacity, --pue,              NaN,    NaN",
  })
  void badInputIsExitTwoNamingTheOptionAndValue(String command, String option, String value, String named) {
    String[] base = command.equals("train") ? TRAIN : command.equals("infer") ? INFER : CAPACITY;
    CliRunner.Result r = CliRunner.run(with(base, option, value, "--json"));
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains(option).contains(named);
    assertThat(r.json().get("error").asText()).contains(option);
  }

  @Test
  void regionsListsTheTableWithSources() {
    CliRunner.Result r = CliRunner.run("regions", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode regions = r.json().get("regions");
    assertThat(regions.size()).isGreaterThanOrEqualTo(30);
    for (JsonNode x : regions) {
      assertThat(x.get("source").asText()).isNotBlank();
      assertThat(x.get("seen").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
    }
    assertThat(CliRunner.run("regions").out()).contains("us-va").contains("gCO2e/kWh").contains("sources");
  }

  // s14j: an accelerator whose catalog entry has no TDP (the TPUs: tdp_w 0) printed 0 kWh and 0 kW as if measured
  @Test
  void anAcceleratorWithoutATdpHasNoEnergy() {
    CliRunner.Result train = CliRunner.run("train", "--model", "llama-3.1-8b", "--accelerator", "tpu-v5e", "--gpus",
        "256", "--tokens", "1B");
    assertThat(train.exitCode()).as(train.err()).isZero();
    assertThat(train.out()).contains("energy               not estimated: tpu-v5e has no TDP in its catalog entry")
        .contains("energy: not estimated, tpu-v5e has no TDP in the catalog").doesNotContain("0 kWh")
        .doesNotContain("draws 0 W");
    JsonNode tj = CliRunner.run("train", "--model", "llama-3.1-8b", "--accelerator", "tpu-v5e", "--gpus", "256",
        "--tokens", "1B", "--json").json();
    assertThat(tj.has("energyKwh")).isFalse();
    assertThat(tj.has("energyKwhPerMillionTokens")).isFalse();
    assertThat(tj.get("energyNotEstimated").asText()).contains("tpu-v5e has no TDP");
    CliRunner.Result infer = CliRunner.run("infer", "--model", "llama-3.1-8b", "--accelerator", "tpu-v5e");
    assertThat(infer.exitCode()).as(infer.err()).isZero();
    assertThat(infer.out()).contains("energy: not estimated: the accelerator's catalog entry has no TDP (tdp_w 0)")
        .doesNotContain("0.00 kW drawn").doesNotContain("0 W TDP");
    JsonNode cj = CliRunner.run("capacity", "--model", "llama-3.1-8b", "--accelerator", "tpu-v5e", "--rps", "1",
        "--json").json();
    assertThat(cj.has("energyKwhPerRequest")).isFalse();
    assertThat(cj.get("energyNotEstimated").asText()).contains("no TDP");
    // with a TDP, unchanged
    assertThat(CliRunner.run(with(TRAIN, "--json")).json().get("energyKwh").asDouble()).isPositive();
  }
}
