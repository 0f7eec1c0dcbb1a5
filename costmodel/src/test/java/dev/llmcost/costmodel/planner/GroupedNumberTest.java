package dev.llmcost.costmodel.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The planner's digit grouping writes numbers as {@code String.format(Locale.ROOT, "%,d", n)} does. */
class GroupedNumberTest {
  @Test
  void groupsDigitsAsFormatDoes() {
    Random random = new Random(22);
    long[] edges = {0, 1, 9, 10, 99, 100, 999, 1_000, 9_999, 10_000, 999_999, 1_000_000, -1, -999, -1_000, -1_234_567,
        Long.MAX_VALUE, Long.MIN_VALUE + 1};
    for (long n : edges) {
      assertThat(TrainingPlanner.grouped(n)).as("%d", n).isEqualTo(String.format(Locale.ROOT, "%,d", n));
    }
    for (int i = 0; i < 10_000; i++) {
      long n = random.nextLong() >> random.nextInt(64);
      assertThat(TrainingPlanner.grouped(n)).as("%d", n).isEqualTo(String.format(Locale.ROOT, "%,d", n));
    }
  }
}
