package dev.llmcost.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CarbonIntensityTest {

  @Test
  void tableLoadsWithEveryRowSourcedAndDated() {
    List<GridRegion> all = GridRegion.all();
    assertThat(all).hasSizeGreaterThanOrEqualTo(30);
    for (GridRegion r : all) {
      assertThat(r.source()).as(r.id()).contains("github.com/").contains("commit");
      assertThat(r.seen()).as(r.id()).isAfter(LocalDate.of(2024, 1, 1));
      assertThat(r.year()).as(r.id()).isBetween(2019, r.seen().getYear());
      assertThat(r.intensity().gramsPerKwh()).as(r.id()).isBetween(0.0, 1200.0);
    }
  }

  @Test
  void tableHoldsTheRegionsPeopleTrainAndServeIn() {
    assertThat(GridRegion.all()).extracting(GridRegion::id).contains("world", "eu", "us", "us-ca", "us-tx", "us-va",
        "us-wa", "us-or", "de", "fr", "nl", "ie", "se", "no", "fi", "gb", "pl", "es", "it", "ch", "jp", "kr", "cn",
        "in", "sg", "au", "ca", "ca-qc", "br");
  }

  @Test
  void regionsCarryTheValuesReadFromTheirSources() {
    // owid/energy-data e7897ae, World and European Union (27), 2024; codecarbon's OWID 2023 France
    assertThat(CarbonIntensity.forRegion("world")).contains(CarbonIntensity.of(471.08));
    assertThat(CarbonIntensity.forRegion("EU")).contains(CarbonIntensity.of(211.203));
    assertThat(CarbonIntensity.forRegion(" fr ")).contains(CarbonIntensity.of(56.039));
    assertThat(GridRegion.find("us-va").orElseThrow().year()).isEqualTo(2020);
    assertThat(CarbonIntensity.forRegion("atlantis")).isEmpty();
  }

  @Test
  void parsesARegionOrANumber() {
    assertThat(CarbonIntensity.parse("se")).isEqualTo(CarbonIntensity.of(40.695));
    assertThat(CarbonIntensity.parse("350")).isEqualTo(CarbonIntensity.of(350));
    assertThat(CarbonIntensity.parse("0")).isEqualTo(CarbonIntensity.of(0));
  }

  @Test
  void unknownRegionNamesItAndTheClosestIds() {
    assertThatThrownBy(() -> CarbonIntensity.parse("us-vaa"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"us-vaa\"")
        .hasMessageContaining("us-va");
  }

  @ParameterizedTest
  @ValueSource(doubles = {-1, Double.NaN, Double.POSITIVE_INFINITY})
  void rejectsNegativeAndNonFiniteIntensities(double g) {
    assertThatThrownBy(() -> CarbonIntensity.of(g))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was " + g);
  }

  @Test
  void convertsKwhToMass() {
    CarbonIntensity ci = CarbonIntensity.of(400);
    assertThat(ci.kilogramsFor(1000)).isCloseTo(400, within(1e-9));
    assertThat(ci.gramsFor(2.5)).isCloseTo(1000, within(1e-9));
    assertThatThrownBy(() -> ci.kilogramsFor(-1)).hasMessageContaining("kwh").hasMessageContaining("-1.0");
  }
}
