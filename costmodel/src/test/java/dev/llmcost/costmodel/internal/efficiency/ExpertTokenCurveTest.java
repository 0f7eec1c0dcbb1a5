package dev.llmcost.costmodel.internal.efficiency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExpertTokenCurveTest {

  private static final ExpertTokenCurve TWO_SERIES = ExpertTokenCurve.of(List.of(
      List.of(new double[] {1, 0.5}, new double[] {16, 0.9}),
      List.of(new double[] {64, 0.6}, new double[] {256, 0.4})));

  @Test
  void interpolatesInTheLogarithmOfTheCountWithinASeries() {
    // 4 tokens is half way from 1 to 16 in the logarithm
    assertThat(TWO_SERIES.at(4)).isCloseTo(0.7, within(1e-12));
    assertThat(TWO_SERIES.at(1)).isCloseTo(0.5, within(1e-12));
    assertThat(TWO_SERIES.at(128)).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void holdsTheNearestEndInAGapAndOutsideEverySeries() {
    // 24 tokens lies between 16 (log distance 0.405) and 64 (0.981): the first series' end holds
    assertThat(TWO_SERIES.at(24)).isCloseTo(0.9, within(1e-12));
    assertThat(TWO_SERIES.at(48)).isCloseTo(0.6, within(1e-12));
    assertThat(TWO_SERIES.at(0.25)).isCloseTo(0.5, within(1e-12));
    assertThat(TWO_SERIES.at(1e6)).isCloseTo(0.4, within(1e-12));
  }

  @Test
  void theFastestCoveringSeriesWins() {
    ExpertTokenCurve overlapping = ExpertTokenCurve.of(List.of(
        List.of(new double[] {1, 0.2}, new double[] {64, 0.8}),
        List.of(new double[] {1, 0.7}, new double[] {64, 0.3})));
    assertThat(overlapping.at(1)).isCloseTo(0.7, within(1e-12));
    assertThat(overlapping.at(64)).isCloseTo(0.8, within(1e-12));
    assertThat(overlapping.at(8)).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void theLogarithmReadsTheSameFraction() {
    for (double t : new double[] {0.25, 1, 3, 4, 16, 24, 48, 64, 100, 256, 1e6}) {
      assertThat(TWO_SERIES.atLogarithm(Math.log(t))).isEqualTo(TWO_SERIES.at(t));
    }
    assertThatThrownBy(() -> TWO_SERIES.atLogarithm(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("logTokensPerExpert")
        .hasMessageContaining("NaN");
  }

  @Test
  void rejectsEmptySeriesAndCountsThatAreNotPositive() {
    assertThatThrownBy(() -> ExpertTokenCurve.of(List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("series");
    assertThatThrownBy(() -> ExpertTokenCurve.of(List.of(List.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("series 0");
    assertThatThrownBy(() -> TWO_SERIES.at(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tokensPerExpert").hasMessageContaining("0.0");
    assertThatThrownBy(() -> TWO_SERIES.at(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
  }
}
