package dev.llmcost.costmodel.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.DType;
import dev.llmcost.core.model.MultiHeadAttention;
import dev.llmcost.costmodel.inference.MultiSourceInferenceValidationTest.Compared;
import dev.llmcost.costmodel.inference.MultiSourceInferenceValidationTest.Metric;
import dev.llmcost.costmodel.inference.MultiSourceInferenceValidationTest.Point;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The decode step of the Llama 4 FP8 rows on Hopper as the model costs it (inference-multi-source.md,
 * section s11f): the sequences in flight, the KV cache the step's attention reads (FP8, as the checkpoints'
 * {@code kv_cache_quant_algo} and TensorRT-LLM's accuracy tests give it) against the routed experts'
 * weights, and the time of each. Checks that the attention's bytes are exactly the FP8 cache of the
 * sequences at their context, read at the calibrated bandwidth, and prints the 16-bit what-if the sources
 * rule out.
 */
class Llama4DecodeKvReadTest {

  private static final InferenceCostModel MODEL = InferenceCostModel.calibrated();

  @Test
  void kvReadOfTheLlama4HopperRowsIsTheFp8CacheAtTheCalibratedBandwidth() {
    MultiSourceInferenceValidationTest.Mapping m =
        MultiSourceInferenceValidationTest.map(MultiSourceInferenceValidationTest.read("inference-multi-source.csv"));
    StringBuilder sb = new StringBuilder("Llama 4 rows: decode step at the run's mean batch and mean context,"
        + " per GPU (seqs = sequences on one GPU's attention); KV GB and expert GB read per step; ms of each;"
        + " step = modelled decode step, implied = measured run time over the model's iterations;"
        + " kv16 = the step and the run's error with a 16-bit KV cache (what-if)\n");
    sb.append(String.format(Locale.ROOT, "  %-52s %6s %6s %5s %7s %7s %7s %7s %7s %7s %7s %8s %8s %8s%n",
        "row", "inflt", "seqs", "ctx", "kvGB", "kvMs", "expGB", "expMs", "step", "implied", "error",
        "kv16step", "kv16err", "kv16infl"));
    StringBuilder groups = new StringBuilder("the same steps by operator group, ms per GPU (host = the host loop's"
        + " time for the step's sequences on one rank)\n");
    groups.append(String.format(Locale.ROOT, "  %-52s", "row"));
    for (OperatorGroup g : OperatorGroup.values()) {
      groups.append(String.format(Locale.ROOT, " %8.8s", g.name().toLowerCase(Locale.ROOT)));
    }
    groups.append(String.format(Locale.ROOT, " %7s%n", "host"));
    int hopper = 0;
    for (Compared c : m.compared()) {
      if (c.point() != Point.OFFLINE || !c.model().id().startsWith("llama-4")) {
        continue;
      }
      OfflineRunEstimate run = c.offlineRun(MODEL);
      int b = (int) Math.max(1, Math.round(run.meanBatch()));
      long context = c.input() + c.output() / 2;
      InferenceScenario s = c.scenario(MODEL, b);
      PhaseCost step = MODEL.decodeStep(s, context);
      OperatorCost attention = group(step, OperatorGroup.ATTENTION);
      OperatorCost experts = group(step, OperatorGroup.ROUTED_EXPERTS);
      int ranks = c.attentionDp() ? c.tp() : 1;
      double seqs = Math.ceil((double) b / ranks);
      MultiHeadAttention mha = (MultiHeadAttention) c.model().attention();
      int attnTp = c.attentionDp() ? 1 : c.tp();
      int kvHeads = KvCacheSize.kvHeadsPerGpu(c.model(), attnTp);
      double kvBytesPerToken = 2.0 * kvHeads * mha.headDim() * c.kvCache().bits() / 8.0;
      double kvRead = seqs * context * kvBytesPerToken * c.model().attentionLayers();
      double measured = c.metric() == Metric.THROUGHPUT_PER_GPU ? c.row().value() * c.tp() : c.row().value();
      double implied = (double) run.run().requests() * c.output() / measured / run.iterations();
      double error = run.outputTokensPerSecond() / measured - 1;
      Compared kv16 = with16BitKv(c);
      OfflineRunEstimate run16 = kv16.offlineRun(MODEL);
      int b16 = (int) Math.max(1, Math.round(run16.meanBatch()));
      double step16 = MODEL.decodeStep(kv16.scenario(MODEL, b16), context).seconds();
      double error16 = run16.outputTokensPerSecond() / measured - 1;
      sb.append(String.format(Locale.ROOT,
          "  %-52.52s %6d %6.0f %5d %7.2f %7.2f %7.2f %7.2f %7.2f %7.2f %+6.1f%% %8.2f %+7.1f%% %8d%n",
          c.row().id().replace("-instruct", "").replace("-17b-128e", "").replace("-17b-16e", ""),
          run.maxInFlight(), seqs, context, attention.bytes() / 1e9, attention.seconds() * 1e3,
          experts.bytes() / 1e9, experts.seconds() * 1e3, step.seconds() * 1e3, implied * 1e3, error * 100,
          step16 * 1e3, error16 * 100, run16.maxInFlight()));
      groups.append(String.format(Locale.ROOT, "  %-52.52s", c.row().id().replace("-instruct", "")
          .replace("-17b-128e", "").replace("-17b-16e", "")));
      for (OperatorGroup g : OperatorGroup.values()) {
        double t = step.operators().stream().filter(o -> o.group() == g).mapToDouble(OperatorCost::seconds).sum();
        groups.append(String.format(Locale.ROOT, " %8.2f", t * 1e3));
      }
      groups.append(String.format(Locale.ROOT, " %7.2f%n", s.overheads().hostSecondsPerSequence() * seqs * 1e3));
      if (c.kvCache() != DType.FP8_E4M3 || !c.accelerator().id().startsWith("h")) {
        continue;
      }
      hopper++;
      // every layer's FP8 cache of every sequence on the GPU, plus each sequence's query/output rows
      // and the new token's K/V (decodeConstantBytes): no more than a percent above the cache itself
      assertThat((double) attention.bytes()).as(c.row().id()).isBetween(kvRead, kvRead * 1.01);
      // memory-bound at the calibrated bandwidth: the time is the bytes over the calibrated fraction of the
      // datasheet HBM bandwidth
      double calibrated =
          MODEL.calibration().memoryBandwidthFraction() * c.accelerator().memoryBandwidth().bytesPerSecond();
      assertThat(attention.seconds()).as(c.row().id())
          .isCloseTo(attention.memorySeconds(), within(attention.memorySeconds() * 1e-9));
      assertThat(attention.memorySeconds()).as(c.row().id())
          .isCloseTo(attention.bytes() / calibrated, within(attention.memorySeconds() * 1e-6));
      assertThat(attention.computeSeconds()).as(c.row().id()).isLessThan(attention.memorySeconds());
    }
    System.out.println(sb.append(groups));
    assertThat(hopper).isEqualTo(14);
  }

  private static Compared with16BitKv(Compared c) {
    return new Compared(c.row(), c.model(), c.accelerator(), c.tp(), c.pp(), c.instances(), c.ep(),
        c.attentionDp(), c.weights(),
        DType.BF16, c.input(), c.output(), c.point(), c.batch(), c.rate(), c.metric(), c.how(), c.imbalance(),
        c.hostCost(), c.communication(), c.attention());
  }

  private static OperatorCost group(PhaseCost step, OperatorGroup g) {
    return step.operators().stream().filter(o -> o.group() == g).findFirst()
        .orElseThrow(() -> new AssertionError("no " + g + " in the step"));
  }
}
