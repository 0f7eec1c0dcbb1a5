package dev.llmcost.costmodel.inference;

import dev.llmcost.costmodel.inference.MultiSourceInferenceValidationTest.Compared;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * s24c, printed: the modelled decode step of the SGLang cookbook's Llama 4 Scout and Maverick bf16 runs on 8 x MI300X
 * (sgl-project/sgl-cookbook @ 7b5bd9c0 docs/autoregressive/Llama/Llama4.md; SGLang 0.5.7, TP 8) by operator group, at
 * each block's mean number in flight (its printed {@code Concurrency}), beside the decode step the block itself shows:
 * its {@code Median ITL} (bench_serving's inter-token gaps, one per token, so the median is a step without a prefill in
 * it) and its decode time per token, {@code Σ(E2E − TTFT) / Σ(output − 1)} from its printed mean E2E, mean TTFT and
 * token totals (inference-multi-source.md, s24c, where the Scout blocks' contradicted fields are listed: the Scout c1
 * median ITL, 7.49 ms above its own P95 of 7.47 ms, is printed as published). Nothing is compared or fitted; the test
 * checks only that the groups sum to the step.
 */
class Llama4Mi300xCookbookStepTest {

  private static final InferenceCostModel MODEL = InferenceCostModel.calibrated();

  /** Per block: a compared row of it, the block's Concurrency, Median ITL (s), and Σ(E2E − TTFT) / Σ(out − 1) (s). */
  private record Block(String rowId, double inFlight, double medianItl, double perToken) {}

  // the blocks' printed fields (page lines 134-416); perToken = n (mean E2E - mean TTFT) / (output total - n)
  private static final List<Block> BLOCKS = List.of(
      new Block("sgc26-mi300x-llama4-scout-tp8-1k1k-c1-median-ttft", 1.00, 0.00749,
          10 * (7.45948 - 4.24698) / (4220 - 10)),
      new Block("sgc26-mi300x-llama4-scout-tp8-1k1k-c16-median-ttft", 13.76, 0.01054,
          80 * (6.08922 - 0.12444) / (40805 - 80)),
      new Block("sgc26-mi300x-llama4-scout-tp8-1k1k-c100-median-ttft", 92.24, 0.02446,
          500 * (15.84400 - 0.20446) / (252662 - 500)),
      new Block("sgc26-mi300x-llama4-maverick-tp8-1k1k-c1-median-ttft", 1.00, 0.00596,
          10 * (6.80562 - 4.29656) / (4220 - 10)),
      new Block("sgc26-mi300x-llama4-maverick-tp8-1k1k-c16-median-ttft", 13.92, 0.00910,
          80 * (5.34515 - 0.25930) / (40805 - 80)),
      new Block("sgc26-mi300x-llama4-maverick-tp8-1k1k-c100-median-ttft", 93.04, 0.02766,
          500 * (16.92417 - 0.18819) / (252662 - 500)));

  @Test
  void cookbookLlama4DecodeStepIsPrinted() {
    List<Compared> all = MultiSourceInferenceValidationTest.map(
        MultiSourceInferenceValidationTest.read("inference-multi-source.csv")).compared();
    StringBuilder sb = new StringBuilder("s24c: SGLang cookbook Llama 4 bf16, 8 x MI300X TP 8 (SGLang 0.5.7): modelled"
        + " decode step at the block's mean in flight, ms per GPU, against the block's median ITL and decode time per"
        + " token\n");
    for (Block k : BLOCKS) {
      Compared c = all.stream().filter(x -> x.row().id().equals(k.rowId())).findFirst().orElseThrow();
      int b = (int) Math.max(1, Math.round(k.inFlight()));
      long context = c.input() + c.output() / 2;
      PhaseCost step = MODEL.decodeStep(c.scenario(MODEL, b), context);
      sb.append(String.format(Locale.ROOT, "  %s: batch %d, ctx %d; step %.2f ms modelled; median ITL %.2f ms"
              + " (%+.1f%%), decode time per token %.2f ms (%+.1f%%)%n", c.row().id().replace("-median-ttft", ""), b,
          context, step.seconds() * 1e3, k.medianItl() * 1e3, 100 * (step.seconds() / k.medianItl() - 1),
          k.perToken() * 1e3, 100 * (step.seconds() / k.perToken() - 1)));
      Llama4HopperStepBreakdownTest.appendOperators(sb, step, c.row().id());
    }
    System.out.println(sb);
  }
}
