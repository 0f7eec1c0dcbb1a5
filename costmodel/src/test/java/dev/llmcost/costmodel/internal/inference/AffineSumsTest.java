package dev.llmcost.costmodel.internal.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AffineSumsTest {

  @Test
  void sumOfMaxEqualsTheLoop() {
    Random r = new Random(7);
    for (int i = 0; i < 2000; i++) {
      double a0 = r.nextDouble() * 10 - 5;
      double a1 = r.nextDouble() * 2 - 1;
      double b0 = r.nextDouble() * 10 - 5;
      double b1 = i % 10 == 0 ? a1 : r.nextDouble() * 2 - 1;
      long lo = r.nextInt(200) - 50;
      long hi = lo + r.nextInt(300) - 5;
      double loop = 0;
      for (long c = lo; c <= hi; c++) {
        loop += Math.max(a0 + a1 * c, b0 + b1 * c);
      }
      assertThat(AffineSums.sumOfMax(a0, a1, b0, b1, lo, hi)).isCloseTo(loop, within(1e-9 * (1 + Math.abs(loop))));
    }
  }

  @Test
  void emptyRangeSumsToZero() {
    assertThat(AffineSums.sumOfMax(1, 1, 2, 2, 10, 9)).isZero();
  }
}
