package dev.llmcost.costmodel.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.CarbonIntensity;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.internal.Seconds;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.training.Cluster;
import dev.llmcost.costmodel.training.Parallelism;
import dev.llmcost.costmodel.training.TrainingCostModel;
import dev.llmcost.costmodel.training.TrainingEstimate;
import dev.llmcost.costmodel.training.TrainingJob;
import dev.llmcost.core.TokenCount;
import org.junit.jupiter.api.Test;

class InferenceEnergyTest {

  @Test
  void perRequestAndPerMillionTokensByHand() {
    // 8 GPUs × 700 W × PUE 1.2 = 6.72 kW; 2 requests/s → 6.72 / 2 / 3600 = 9.3333e-4 kWh per request;
    // 500 output tokens per request → 2,000 requests per million tokens = 1.86667 kWh;
    // at 400 g/kWh: 0.373333 g = 3.73333e-4 kg per request, 746.667 g per million tokens
    InferenceEnergy e = new InferenceEnergy(8, 700, 1.2, 2, 500);
    assertThat(e.powerKw()).isCloseTo(6.72, within(1e-12));
    assertThat(e.kwhPerRequest()).isCloseTo(9.333333e-4, within(1e-9));
    assertThat(e.kwhPerMillionOutputTokens()).isCloseTo(1.866667, within(1e-6));
    CarbonIntensity ci = CarbonIntensity.of(400);
    assertThat(e.co2eKgPerRequest(ci)).isCloseTo(3.733333e-4, within(1e-9));
    assertThat(e.co2eGramsPerMillionOutputTokens(ci)).isCloseTo(746.6667, within(1e-3));
    assertThat(e.assumption()).contains("8 GPUs × 700 W TDP × PUE 1.20");
  }

  @Test
  void estimateUsesItsReplicaTdpAndThroughputAtTheDefaultPue() {
    AcceleratorSpec h100 = AcceleratorCatalog.bundled().get("h100-sxm");
    InferenceEstimate est = InferenceCostModel.calibrated().estimate(
        InferenceScenario.builder(ModelCatalog.bundled().get("llama-3.1-8b"), h100).batch(32).inputTokens(1000)
            .outputTokens(250).build());
    InferenceEnergy e = est.energy();
    assertThat(e.pue()).isEqualTo(1.2);
    double seconds = 250 / est.outputTokensPerSecond();
    assertThat(e.kwhPerRequest()).isCloseTo(1 * h100.tdpWatts() * 1.2 * seconds / 3.6e6, within(1e-15));
    assertThat(est.energy(1.5).kwhPerRequest()).isCloseTo(e.kwhPerRequest() * 1.5 / 1.2, within(1e-15));
  }

  @Test
  void rejectsPueBelowOne() {
    assertThatThrownBy(() -> new InferenceEnergy(1, 700, 0.9, 1, 1)).hasMessage("pue must be >= 1, was 0.9");
  }

  @Test
  void trainingCarbonIsEnergyTimesIntensityByHand() {
    TrainingEstimate t = TrainingCostModel.calibrated().estimate(
        TrainingJob.builder(ModelCatalog.bundled().get("llama-3.1-8b"), Cluster.of(AcceleratorCatalog.bundled().get("h100-sxm"), 8))
            .parallelism(Parallelism.builder().dp(8).build())
            .trainingTokens(TokenCount.of(1_000_000_000L))
            .build());
    // energy = 8 × 700 W × wall clock × 1.2; per million tokens = energy / 1,000; CO2e at 56.039 g/kWh (fr)
    double kwh = 8 * 700.0 * Seconds.of(t.wallClock()) / 3.6e6 * 1.2;
    assertThat(t.energy().kilowattHours()).isCloseTo(kwh, within(1e-9 * kwh));
    assertThat(t.energyPerMillionTokens().kilowattHours()).isCloseTo(kwh / 1000, within(1e-9 * kwh));
    CarbonIntensity fr = CarbonIntensity.forRegion("fr").orElseThrow();
    assertThat(t.co2eKg(fr)).isCloseTo(kwh * 0.056039, within(1e-9 * kwh));
    assertThat(t.co2eKgPerMillionTokens(fr)).isCloseTo(kwh * 0.056039 / 1000, within(1e-12 * kwh));
  }
}
