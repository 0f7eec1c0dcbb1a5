package dev.llmcost.cli.tour;

import dev.llmcost.cli.chart.ChartSink;
import dev.llmcost.cli.chart.Charts;
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
import dev.llmcost.costmodel.inference.ServingCost;
import dev.llmcost.costmodel.pricing.ModelPrice;
import dev.llmcost.costmodel.pricing.PriceBook;
import dev.llmcost.costmodel.pricing.SelfHostedComparison;
import dev.llmcost.costmodel.pricing.TokenUsage;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

/**
 * The article's fourth concept: inference. Tokens come out one at a time, batching many sequences
 * makes each step serve them all for nearly the price of one, and a load in requests per second
 * turns into a number of GPUs.
 */
public final class InferenceSection implements TourSection {

  private static final String GPU = "h100-sxm";
  private static final String PRICE = "2.50";
  private static final int INPUT = 1000;
  private static final int OUTPUT = 250;

  /** The load of the cost comparison, requests per second. */
  static final double COMPARISON_RPS = 100;

  /** Assumed on-demand prices per GPU-hour, USD (the A100's as in the training section). */
  static final Map<String, String> GPU_PRICES = orderedPrices();

  /** APIs of the cost comparison, ids of the bundled price book. */
  static final List<String> API_MODELS = List.of("gpt-4o-mini", "claude-haiku-3.5", "gpt-4o", "claude-sonnet-4");

  /** Models and GPUs of the throughput-versus-batch chart. */
  static final List<String> CURVE_MODELS = List.of("llama-2-7b", "llama-3.1-8b");

  static final List<String> CURVE_GPUS = List.of("h100-sxm", "a100-sxm-80gb");

  private static Map<String, String> orderedPrices() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("l40s", "1.00");
    m.put("a100-sxm-80gb", "2.00");
    m.put("h100-sxm", "2.50");
    m.put("h200-sxm", "3.50");
    return Collections.unmodifiableMap(m);
  }

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
    out.println("Llama 2 7B in bf16 on one H100, 512 prompt tokens, 256 generated, as predicted by the inference model"
        + " calibrated on TensorRT-LLM's published figures:");
    out.println("(tokens/s counts the 256 output tokens of each sequence over the whole request, its prefill"
        + " included; while decoding alone, a step yields one token per sequence)");
    for (InferenceEstimate e : List.of(one, many)) {
      int b = e.scenario().batch();
      out.printf(Locale.ROOT, "  batch %2d: a decode step takes %.1f ms (%,.0f tokens/s while decoding), after a"
              + " %,.0f ms prefill: %,.0f tokens/s over the request%s%n",
          b, e.tpotSeconds() * 1e3, b / e.tpotSeconds(), e.ttftSeconds() * 1e3, e.outputTokensPerSecond(),
          e == one ? "" : String.format(Locale.ROOT, ", %.1f× as many", e.outputTokensPerSecond()
              / one.outputTokensPerSecond()));
    }
    double weightsMs = one.memoryPerGpu().weights().bytes()
        / (h100.memoryBandwidth().bytesPerSecond() * model.calibration().memoryBandwidthFraction()) * 1e3;
    double overheadMs = 0;
    for (var op : one.decodeStep().operators()) {
      if (op.group() == dev.llmcost.costmodel.inference.OperatorGroup.OVERHEAD) {
        overheadMs += op.seconds() * 1e3;
      }
    }
    out.printf(Locale.ROOT,
        "Why: a decode step reads all %.1f GB of weights (%.1f ms at the %.1f%% of the memory bandwidth kernels"
            + " reach) whether it serves one sequence or 32; most of the rest of the %.1f ms step is a serving"
            + " overhead of %.1f ms (%d layers × %.1f µs of launch gaps and synchronisation, fitted to"
            + " TensorRT-LLM's figures).%n"
            + "At batch 1 it does %.1f FLOP per byte moved, while the H100 needs %.0f FLOP per byte to keep its"
            + " tensor cores busy.%n",
        one.memoryPerGpu().weights().toGB(), weightsMs, model.calibration().memoryBandwidthFraction() * 100,
        one.tpotSeconds() * 1e3, overheadMs, llama7.layers(), overheadMs * 1e3 / llama7.layers(),
        one.decodeStep().arithmeticIntensity(), h100.ridgePoint(dev.llmcost.core.DType.BF16));
    OptionalInt gemms = model.gemmComputeBoundBatch(base);
    OptionalInt step = model.computeBoundBatch(base);
    out.printf(Locale.ROOT, "The weight GEMMs turn compute-bound at batch %s; the whole step %s.%n",
        gemms.isPresent() ? Integer.toString(gemms.getAsInt()) : "never",
        step.isPresent() ? "at batch " + step.getAsInt()
            : String.format(Locale.ROOT, "never:%nLlama 2 keeps all 32 heads in its KV cache, so attention reads grow with"
                + " the batch as fast as FLOPs"));
    InferenceScenario gqa =
        InferenceScenario.builder(ModelCatalog.bundled().get("llama-3.1-70b"), h100).tp(4)
            .inputTokens(512).outputTokens(256).build();
    OptionalInt gqaStep = model.computeBoundBatch(gqa);
    out.printf(Locale.ROOT,
        "With grouped-query attention (Llama 3.1 70B on 4 H100s, 8 KV heads for 64 query heads) %s.%n",
        gqaStep.isPresent() ? "it does, at batch " + gqaStep.getAsInt() : "it does not either");
    out.println();
    out.println("Throughput against batch (Llama 2 7B, one H100; larger batches wait longer for their first token):");
    out.printf(Locale.ROOT, "  %8s %10s %10s %12s%n", "batch", "TTFT", "TPOT", "tokens/s");
    List<BatchPoint> curve = model.throughputCurve(base);
    for (BatchPoint p : curve) {
      out.printf(Locale.ROOT, "  %8d %,8.0f ms %7.1f ms %,12.0f%n", p.batch(), p.ttftSeconds() * 1e3,
          p.tpotSeconds() * 1e3, p.outputTokensPerSecond());
    }
    out.printf(Locale.ROOT, "  the KV cache (%,d bytes per token) fills the GPU at batch %d%n",
        one.kvCachePerToken().bytes(), one.maxBatchSize());
    InferenceEstimate llama3 = model.estimate(InferenceScenario.builder(ModelCatalog.bundled().get("llama-3.1-8b"), h100)
        .inputTokens(512).outputTokens(256).build());
    List<BatchPoint> curve3 = model.throughputCurve(llama3.scenario());
    BatchPoint top3 = curve3.get(curve3.size() - 1);
    out.printf(Locale.ROOT, "Llama 3.1 8B, with 8 KV heads for 32 query heads, stores %,d bytes per token: its batch grows to"
            + " %d and its throughput to %,.0f tokens/s on the same GPU (tour --charts DIR draws it as throughput-versus-batch,"
            + " with A100s too).%n",
        llama3.kvCachePerToken().bytes(), top3.batch(), top3.outputTokensPerSecondPerGpu());
    out.println();
    out.printf(Locale.ROOT,
        "\"One GPU serves 10 requests a second, a cluster 1,000\": requests of 1,000 input and 250 output"
            + " tokens, mean TTFT <= 1 s and TPOT <= 50 ms, H100s at an assumed $%s per GPU-hour:%n", PRICE);
    out.printf(Locale.ROOT, "  %-12s %9s %6s %16s %7s %9s %9s %14s%n", "model", "req/s", "GPUs", "layout", "batch",
        "TTFT", "TPOT", "$/1M out tok");
    List<String> notes = new ArrayList<>();
    List<Boolean> holds = new ArrayList<>();
    for (String id : List.of("llama-2-7b", "llama-2-70b")) {
      @Nullable CapacityOption ten = null;
      for (double rps : new double[] {10, 1000}) {
        CapacityPlan full = CapacityPlanner.calibrated().plan(request(id, GPU, Money.usd(PRICE), rps));
        CapacityOption o = full.best().orElseThrow(
            () -> new IllegalStateException("no plan for " + id + " on " + GPU + ": " + full.rejected()));
        boolean oneFits = full.rejected().stream().noneMatch(x -> x.startsWith("tp 1: weights"));
        out.printf(Locale.ROOT, "  %-12s %,9.0f %,6d %16s %7d %6.0f ms %6.1f ms %14s%n", id, rps, o.gpus(),
            o.replicas() + " × tp " + o.tp(), o.batch(), o.ttftSeconds() * 1e3, o.tpotSeconds() * 1e3,
            "$" + o.costPerMillionOutputTokens().amount().setScale(3, RoundingMode.HALF_UP).toPlainString());
        if (ten == null) {
          ten = o;
          holds.add(o.gpus() == 1);
        } else {
          notes.add(String.format(Locale.ROOT, "%s: %s %.1f such requests a second, 10 take %d GPU%s and"
                  + " 1,000 take %,d", id,
              o.tp() == 1 ? "one H100 serves" : "a replica of " + o.tp() + " H100s (tensor parallel; "
                  + (oneFits ? "fewer GPUs at this load than replicas of one" : "the weights do not fit one")
                  + ") serves " + String.format(Locale.ROOT, "%.1f, per H100", o.requestsPerSecondPerReplica()),
              o.requestsPerSecondPerReplica() / o.tp(), ten.gpus(), ten.gpus() == 1 ? "" : "s", o.gpus()));
        }
      }
    }
    out.println("Steady-state model: continuous batching with chunked prefill, Poisson arrivals, Erlang C"
        + " queueing; see 'llmcost capacity' for the assumptions.");
    String verdict = holds.get(0)
        ? holds.get(1) ? "holds for both a 7B and a 70B model" : "holds for a 7B model, not a 70B one"
        : holds.get(1) ? "holds for the 70B model only" : "holds for neither a 7B nor a 70B model";
    out.printf(Locale.ROOT, "Note: the article's \"one GPU serves 10 requests a second, a cluster 1,000\" %s.%n  %s;%n"
        + "  %s.%n", verdict, notes.get(0), notes.get(1));
    out.println();
    printAgainstApis(out);
  }

  /** Plans the GPUs for the section's load: requests of 1,000 input and 250 output tokens, TTFT <= 1 s, TPOT <= 50 ms. */
  private static CapacityOption plan(String model, String gpu, Money pricePerGpuHour, double rps) {
    CapacityPlan plan = CapacityPlanner.calibrated().plan(request(model, gpu, pricePerGpuHour, rps));
    return plan.best().orElseThrow(
        () -> new IllegalStateException("no plan for " + model + " on " + gpu + ": " + plan.rejected()));
  }

  private static CapacityRequest request(String model, String gpu, Money pricePerGpuHour, double rps) {
    return CapacityRequest.builder(ModelCatalog.bundled().get(model), AcceleratorCatalog.bundled().get(gpu))
        .requestsPerSecond(rps).inputTokens(INPUT).outputTokens(OUTPUT).ttftSloSeconds(1.0)
        .tpotSloSeconds(0.05).pricePerGpuHour(pricePerGpuHour).build();
  }

  private void printAgainstApis(PrintWriter out) {
    out.printf(Locale.ROOT, "What the tokens cost, self-hosted or through an API, at %,.0f requests a second of the same shape and"
        + " objectives.%nUSD per million output tokens with each request's input included: for GPUs (at assumed prices"
        + " per GPU-hour), the planned GPUs' hours over the tokens they serve; for APIs, the price book's bill for the same"
        + " requests:%n", COMPARISON_RPS);
    out.printf(Locale.ROOT, "  %-14s %-32s %9s %6s %14s %10s%n", "model", "served by", "$/GPU-h", "GPUs", "layout",
        "$/1M out");
    for (Served s : selfHosted()) {
      CapacityOption o = s.option();
      out.printf(Locale.ROOT, "  %-14s %-32s %9s %,6d %14s %10s%n", s.model(), shortGpu(s.gpu()),
          s.price().amount().setScale(2, RoundingMode.HALF_UP).toPlainString(), o.gpus(),
          o.replicas() + " × tp " + o.tp(), o.costPerMillionOutputTokens().amount().setScale(3, RoundingMode.HALF_UP));
    }
    for (ModelPrice api : apis()) {
      out.printf(Locale.ROOT, "  %-14s %-32s %9s %6s %14s %10s%n", "API", api.id() + " (seen " + api.seen() + ")", "",
          "", "", apiPerMillionOutputTokens(api).amount().setScale(3, RoundingMode.HALF_UP));
    }
    out.println("Break-even of one replica that is always busy, at $" + PRICE + " per H100-hour (SelfHostedComparison):");
    for (String model : List.of("llama-3.1-8b", "llama-3.1-70b")) {
      CapacityOption o = plan(model, GPU, Money.usd(PRICE), COMPARISON_RPS);
      ServingCost replica = ServingCost.of(
          InferenceCostModel.calibrated().estimate(request(model, GPU, Money.usd(PRICE), COMPARISON_RPS)
              .scenario(o.tp(), o.batch())), Money.usd(PRICE));
      out.printf(Locale.ROOT, "  %s on %d × H100, batch %d: $%s per request%n", model, o.tp(), o.batch(),
          replica.perRequest().amount().setScale(6, RoundingMode.HALF_UP).toPlainString());
      for (String apiId : List.of("gpt-4o-mini", "gpt-4o")) {
        SelfHostedComparison c = SelfHostedComparison.of(replica, PriceBook.bundled().get(apiId));
        out.printf(Locale.ROOT, "    against %-12s ($%s): %s%n", apiId,
            c.apiRequest().total().amount().setScale(6, RoundingMode.HALF_UP).toPlainString(),
            c.selfHostingCheaperAtFullLoad()
                ? String.format(Locale.ROOT, "cheaper above %.0f%% utilisation", 100 * c.costRatioAtFullLoad())
                : String.format(Locale.ROOT, "dearer even at full load (%.1f×)", c.costRatioAtFullLoad()));
      }
    }
    out.println("Try: llmcost infer --model llama-3.1-8b --accelerator h100-sxm --batch 64 --price-per-gpu-hour 2.50"
        + " --api-model gpt-4o-mini");
    out.println("Note: an API serves another model; this compares prices, not quality.");
  }

  /** A model served at {@link #COMPARISON_RPS} on one kind of GPU at a price per GPU-hour. */
  private record Served(String model, String gpu, Money price, CapacityOption option) {}

  private static List<Served> selfHosted() {
    List<Served> served = new ArrayList<>();
    for (String model : List.of("llama-3.1-8b", "llama-3.1-70b")) {
      for (Map.Entry<String, String> gpu : GPU_PRICES.entrySet()) {
        if (model.endsWith("70b") && gpu.getKey().equals("l40s")) {
          continue; // 141 GB of weights: tensor parallelism across PCIe cards, not a layout anyone would choose
        }
        Money price = Money.usd(gpu.getValue());
        served.add(new Served(model, gpu.getKey(), price, plan(model, gpu.getKey(), price, COMPARISON_RPS)));
      }
    }
    return served;
  }

  private static List<ModelPrice> apis() {
    List<ModelPrice> apis = new ArrayList<>();
    for (String id : API_MODELS) {
      apis.add(PriceBook.bundled().get(id));
    }
    return apis;
  }

  /** The API's bill for one request of the section's shape, over its output tokens, per million. */
  private static Money apiPerMillionOutputTokens(ModelPrice api) {
    return api.bill(TokenUsage.of(INPUT, OUTPUT)).total().times(BigDecimal.valueOf(1_000_000)).div(OUTPUT);
  }

  /** Draws throughput against batch, and the cost per million output tokens by GPU against APIs. */
  @Override
  public void draw(ChartSink charts) {
    InferenceCostModel model = InferenceCostModel.calibrated();
    XYChart t = Charts.lines("Throughput against batch, one GPU, bf16",
        "batch: sequences served together (log scale); 512 prompt + 256 output tokens each", "output tokens/s per GPU");
    t.getStyler().setXAxisLogarithmic(true);
    t.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    t.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
    for (String id : CURVE_MODELS) {
      for (String gpu : CURVE_GPUS) {
        InferenceScenario s = InferenceScenario.builder(ModelCatalog.bundled().get(id),
            AcceleratorCatalog.bundled().get(gpu)).inputTokens(512).outputTokens(256).build();
        List<Integer> batch = new ArrayList<>();
        List<Double> perGpu = new ArrayList<>();
        for (BatchPoint p : model.throughputCurve(s)) {
          batch.add(p.batch());
          perGpu.add(p.outputTokensPerSecondPerGpu());
        }
        Charts.addLine(t, curveLabel(id, gpu), batch, perGpu);
      }
    }
    charts.write("throughput-versus-batch", t);

    List<Served> served = selfHosted();
    List<ModelPrice> apis = apis();
    List<String> categories = new ArrayList<>();
    Map<String, Map<String, Double>> bySeries = new LinkedHashMap<>();
    for (Served s : served) {
      String category = String.format(Locale.ROOT, "%s %s $%s/h", size(s.model()), shortGpu(s.gpu()),
          s.price().amount().setScale(2, RoundingMode.HALF_UP).toPlainString());
      categories.add(category);
      bySeries.computeIfAbsent("self-hosted " + display(s.model()), k -> new LinkedHashMap<>())
          .put(category, s.option().costPerMillionOutputTokens().amount().doubleValue());
    }
    for (ModelPrice api : apis) {
      String category = api.id() + " API";
      categories.add(category);
      bySeries.computeIfAbsent("API list price (price book)", k -> new LinkedHashMap<>())
          .put(category, apiPerMillionOutputTokens(api).amount().doubleValue());
    }
    CategoryChart c = Charts.groupedBars(
        String.format(Locale.ROOT, "Cost per million output tokens: self-hosted at %,.0f req/s vs API", COMPARISON_RPS),
        "requests of 1,000 input + 250 output tokens, input included; TTFT <= 1 s, TPOT <= 50 ms",
        "USD per 1M output tokens (log scale)", true);
    bySeries.forEach((name, values) -> Charts.addBars(c, name, categories, values));
    charts.write("cost-per-million-output-tokens-gpu-versus-api", c);
  }

  /** Returns a catalog id as people write it: {@code llama-3.1-8b} as {@code Llama 3.1 8B}. */
  static String display(String id) {
    StringBuilder b = new StringBuilder();
    for (String part : id.split("-")) {
      if (b.length() > 0) {
        b.append(' ');
      }
      if (part.matches("\\d+(\\.\\d+)?[bm]")) {
        b.append(part.toUpperCase(Locale.ROOT));
      } else {
        b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return b.toString();
  }

  /** Returns the size part of a model id: {@code 8B} for {@code llama-3.1-8b}. */
  static String size(String id) {
    return id.substring(id.lastIndexOf('-') + 1).toUpperCase(Locale.ROOT);
  }

  /** Returns a short accelerator name: {@code H100 80GB} for {@code h100-sxm}. */
  static String shortGpu(String id) {
    return AcceleratorCatalog.bundled().get(id).name().replace("NVIDIA ", "").replace(" SXM", "");
  }

  static String curveLabel(String model, String gpu) {
    return display(model) + " on " + shortGpu(gpu);
  }
}
