package dev.llmcost.costmodel.internal.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Refits the fused-attention block curve that ring attention's per-step kernels run at. */
class AttentionBlockRateTest {

  /** FlashAttention-3 forward on an H100, head dim 128, batch × sequence = 16K (pytorch/benchmark PR #2391). */
  static final double[][] FA3_H100 = {
    {512, 430.32}, {1024, 517.099}, {2048, 565.544}, {4096, 590.233}, {8192, 614.234}, {16384, 620.73}};

  @Test
  void theCurveFitsThePublishedRatesWithinTwoPercent() {
    // least squares of the relative error over a grid of half-saturation lengths, rate scaled to the data
    double bestN = 0;
    double bestErr = Double.POSITIVE_INFINITY;
    for (double n0 = 50; n0 <= 1000; n0 += 1) {
      double scale = 0;
      for (double[] row : FA3_H100) {
        scale += row[1] / (row[0] / (row[0] + n0));
      }
      scale /= FA3_H100.length;
      double err = 0;
      for (double[] row : FA3_H100) {
        double e = scale * row[0] / (row[0] + n0) / row[1] - 1;
        err += e * e;
      }
      if (err < bestErr) {
        bestErr = err;
        bestN = n0;
      }
    }
    assertThat(Evaluator.ATTENTION_HALF_SATURATION_KEYS).isCloseTo(bestN, org.assertj.core.data.Offset.offset(40.0));
    double top = FA3_H100[FA3_H100.length - 1][1] / Evaluator.attentionBlockRate(FA3_H100[FA3_H100.length - 1][0]);
    for (double[] row : FA3_H100) {
      assertThat(top * Evaluator.attentionBlockRate(row[0]) / row[1] - 1).as("%s keys", row[0])
          .isBetween(-0.02, 0.02);
    }
  }
}
