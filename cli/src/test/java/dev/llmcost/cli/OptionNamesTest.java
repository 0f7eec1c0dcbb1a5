package dev.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** s11l: a field name claims a message only as a whole word, followed by a space or a colon. */
class OptionNamesTest {

  private static Object refuse(String message) {
    throw new IllegalArgumentException(message);
  }

  @Test
  void aWholeFieldNameFollowedByASpaceOrAColonGetsTheOption() {
    assertThatThrownBy(() -> OptionNames.prefixed(() -> refuse("top must be > 0, was 0"), "top", "--top"))
        .hasMessage("--top: top must be > 0, was 0");
    assertThatThrownBy(() -> OptionNames.prefixed(() -> refuse("min: must be > 0, was 0"), "min", "--min-gpus"))
        .hasMessage("--min-gpus: min: must be > 0, was 0");
  }

  @Test
  void aShortFieldDoesNotClaimAMessageAboutALongerOne() {
    assertThatThrownBy(() -> OptionNames.prefixed(() -> refuse("topK must be > 0, was 0"), "top", "--top"))
        .hasMessage("topK must be > 0, was 0");
    assertThatThrownBy(() -> OptionNames.prefixed(() -> refuse("minimum batch must be > 0, was 0"), "min", "--min-gpus"))
        .hasMessage("minimum batch must be > 0, was 0");
    assertThatThrownBy(() -> OptionNames.prefixed(() -> refuse("min-gpus must be <= gpus (8), was 9"), "min", "--min-gpus"))
        .hasMessage("min-gpus must be <= gpus (8), was 9");
    assertThatThrownBy(() -> OptionNames.prefixed(() -> refuse("top"), "top", "--top")).hasMessage("top");
  }

  @Test
  void theFirstMatchingPairWinsAndAValueIsReturnedUnchanged() {
    assertThatThrownBy(() -> OptionNames.prefixed(() -> refuse("ep × etp must divide 8, was 1 × 3"),
        "ep × etp", "--ep × --etp", "ep", "--ep")).hasMessage("--ep × --etp: ep × etp must divide 8, was 1 × 3");
    assertThat(OptionNames.prefixed(() -> 7, "top", "--top")).isEqualTo(7);
    assertThat(OptionNames.namesField("top:", "top")).isTrue();
    assertThat(OptionNames.namesField("top", "top")).isFalse();
    assertThat(OptionNames.namesField("tops x", "top")).isFalse();
  }
}
