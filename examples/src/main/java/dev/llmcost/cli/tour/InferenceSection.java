package dev.llmcost.cli.tour;

import dev.llmcost.core.Money;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.capacity.CapacityOption;
import dev.llmcost.costmodel.capacity.CapacityPlan;
import dev.llmcost.costmodel.capacity.CapacityPlanner;
import dev.llmcost.costmodel.capacity.CapacityRequest;
import dev.llmcost.costmodel.inference.BatchPoint;
import dev.llmcost.costmodel.inference.InferenceCostModel;
import dev.llmcost.costmodel.inference.InferenceEstimate;
import dev.llmcost.costmodel.inference.InferenceScenario;
import java.io.PrintWriter;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * The article's fourth concept: inference. Tokens come out one at a time, batching many sequences
 * makes each step serve them all for nearly the price of one, and a load in requests per second
 * turns into a number of GPUs.
 */
public final class InferenceSection implements TourSection {

  private static final String GPU = "h100-sxm";
  private static final String PRICE = "2.50";

  @Override
  public String title() {
    return "4. Inference: one token at a time, why batch 32 beats batch 1, and how many GPUs a load needs";
  }

  @Override
  public void print(PrintWriter out) {
    InferenceCostModel model = InferenceCostModel.calibrated();
    AcceleratorSpec h100 = AcceleratorCatalog.bundled().get(GPU);
    ModelArchitecture llama7 = ModelCatalog.bundled().get("llama-2-7b");
    InferenceScenario base =
        InferenceScenario.builder(llama7, h100).inputTokens(512).outputTokens(256).build();
    InferenceEstimate one = model.estimate(base.withBatch(1));
    InferenceEstimate many = model.estimate(base.withBatch(32));
    out.println("Llama 2 7B in bf16 on one H100, 512 prompt tokens, 256 generated, as predicted by the model"
        + " calibrated on TensorRT-LLM's published figures:");
    out.printf(Locale.ROOT, "  batch  1: every token takes %.1f ms: %,.0f tokens/s%n",
        one.tpotSeconds() * 1e3, one.outputTokensPerSecond());
    out.printf(Locale.ROOT, "  batch 32: every token takes %.1f ms: %,.0f tokens/s, %.1f× as many%n",
        many.tpotSeconds() * 1e3, many.outputTokensPerSecond(),
        many.outputTokensPerSecond() / one.outputTokensPerSecond());
    double weightsMs = one.memoryPerGpu().weights().bytes()
        / (h100.memoryBandwidth().bytesPerSecond() * model.calibration().memoryBandwidthFraction()) * 1e3;
    out.printf(Locale.ROOT,
        "Why: a decode step reads all %.1f GB of weights (%.1f ms at the bandwidth kernels reach) whether it"
            + " serves one sequence or 32;%n"
            + "at batch 1 it does %.1f FLOP per byte moved, while the H100 needs %.0f FLOP per byte to keep its"
            + " tensor cores busy.%n",
        one.memoryPerGpu().weights().toGB(), weightsMs, one.decodeStep().arithmeticIntensity(),
        h100.ridgePoint(dev.llmcost.core.DType.BF16));
    OptionalInt gemms = model.gemmComputeBoundBatch(base);
    OptionalInt step = model.computeBoundBatch(base);
    out.printf(Locale.ROOT, "The weight GEMMs turn compute-bound at batch %s; the whole step %s.%n",
        gemms.isPresent() ? Integer.toString(gemms.getAsInt()) : "never",
        step.isPresent() ? "at batch " + step.getAsInt()
            : "never: Llama 2 keeps all 32 heads in its KV cache, so attention reads grow with the batch as"
                + " fast as FLOPs");
    InferenceScenario gqa =
        InferenceScenario.builder(ModelCatalog.bundled().get("llama-3.1-70b"), h100).tp(4)
            .inputTokens(512).outputTokens(256).build();
    OptionalInt gqaStep = model.computeBoundBatch(gqa);
    out.printf(Locale.ROOT,
        "With grouped-query attention (Llama 3.1 70B on 4 H100s, 8 KV heads for 64 query heads) it does,"
            + " at batch %s.%n",
        gqaStep.isPresent() ? Integer.toString(gqaStep.getAsInt()) : "never");
    out.println();
    out.println("Throughput against batch (Llama 2 7B, one H100; larger batches wait longer for their first token):");
    out.printf(Locale.ROOT, "  %8s %10s %10s %12s%n", "batch", "TTFT", "TPOT", "tokens/s");
    List<BatchPoint> curve = model.throughputCurve(base);
    for (BatchPoint p : curve) {
      out.printf(Locale.ROOT, "  %8d %8.0f ms %7.1f ms %,12.0f%n", p.batch(), p.ttftSeconds() * 1e3,
          p.tpotSeconds() * 1e3, p.outputTokensPerSecond());
    }
    out.printf(Locale.ROOT, "  the KV cache (%,d bytes per token) fills the GPU at batch %d%n",
        one.kvCacheBytesPerToken(), one.maxBatchSize());
    out.println();
    out.printf(Locale.ROOT,
        "\"One GPU serves 10 requests a second, a cluster 1,000\": requests of 1,000 input and 250 output"
            + " tokens,%nmean TTFT <= 1 s and TPOT <= 50 ms, H100s at an assumed $%s per GPU-hour:%n", PRICE);
    out.printf(Locale.ROOT, "  %-12s %9s %6s %16s %7s %9s %9s %14s%n", "model", "req/s", "GPUs", "layout", "batch",
        "TTFT", "TPOT", "$/1M out tok");
    CapacityPlanner planner = CapacityPlanner.calibrated();
    for (String id : List.of("llama-2-7b", "llama-2-70b")) {
      for (double rps : new double[] {10, 1000}) {
        CapacityPlan plan = planner.plan(CapacityRequest.builder(ModelCatalog.bundled().get(id), h100)
            .requestsPerSecond(rps).inputTokens(1000).outputTokens(250).ttftSloSeconds(1.0)
            .tpotSloSeconds(0.05).pricePerGpuHour(Money.usd(PRICE)).build());
        CapacityOption o = plan.best().orElseThrow();
        out.printf(Locale.ROOT, "  %-12s %,9.0f %,6d %16s %7d %6.0f ms %6.1f ms %14s%n", id, rps, o.gpus(),
            o.replicas() + " × tp " + o.tp(), o.batch(), o.ttftSeconds() * 1e3, o.tpotSeconds() * 1e3,
            "$" + o.costPerMillionOutputTokens().amount().setScale(3, RoundingMode.HALF_UP).toPlainString());
      }
    }
    out.println("Steady-state model: continuous batching with chunked prefill, Poisson arrivals, Erlang C"
        + " queueing; see 'llmcost capacity' for the assumptions.");
  }
}
