package dev.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.core.DType;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.QuantizationScheme;
import dev.llmcost.costmodel.inference.InferenceCostModel;
import dev.llmcost.costmodel.inference.InferenceScenario;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class InferCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void jsonHasTheDesignKeys() throws Exception {
    Run r = run("infer", "--model", "llama-3.1-70b", "--accelerator", "h100-sxm", "--tp", "4", "--batch", "32",
        "--input", "1000", "--output", "250", "--weights", "fp8", "--kv-cache", "fp8", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode n = JSON.readTree(r.out());
    for (String key : new String[] {"ttftSeconds", "tpotSeconds", "outputTokensPerSecond",
        "outputTokensPerSecondPerGpu", "kvCacheBytesPerToken", "maxBatchSize", "memoryPerGpuBytes", "fits",
        "endToEndSeconds", "prefill", "decodeStep", "throughputCurve", "computeBoundBatch", "assumptions"}) {
      assertThat(n.has(key)).as(key).isTrue();
    }
    assertThat(n.get("kvCacheBytesPerToken").asLong()).isEqualTo(80L * 2 * 8 * 128);
    JsonNode memory = n.get("memoryPerGpuBytes");
    assertThat(memory.get("total").asLong())
        .isEqualTo(memory.get("weights").asLong() + memory.get("kvCache").asLong()
            + memory.get("activations").asLong() + memory.get("reserve").asLong());
    assertThat(n.get("fits").asBoolean()).isTrue();
    assertThat(n.get("outputTokensPerSecondPerGpu").asDouble() * 4)
        .isCloseTo(n.get("outputTokensPerSecond").asDouble(), org.assertj.core.api.Assertions.within(1e-6));
    assertThat(n.get("throughputCurve").size()).isGreaterThan(3);
  }

  @Test
  void priceAndApiPricesAddCostAndBreakEven() throws Exception {
    Run r = run("infer", "--model", "llama-2-7b", "--accelerator", "a100-sxm-80gb", "--batch", "16",
        "--price-per-gpu-hour", "1.80", "--api-input-price", "0.20", "--api-output-price", "0.20", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode n = JSON.readTree(r.out());
    assertThat(n.get("cost").get("currency").asText()).isEqualTo("USD");
    assertThat(n.get("cost").get("costPerHour").asText()).isEqualTo("1.8");
    assertThat(new java.math.BigDecimal(n.get("cost").get("perMillionOutputTokens").asText())).isPositive();
    assertThat(n.get("breakEven").get("breakEvenUtilization").asDouble()).isPositive();
  }

  @Test
  void aBatchThatDoesNotFitIsReportedNotRejected() throws Exception {
    Run r = run("infer", "--model", "llama-2-7b", "--accelerator", "h100-sxm", "--batch", "4096", "--json");
    assertThat(r.code()).isZero();
    JsonNode n = JSON.readTree(r.out());
    assertThat(n.get("fits").asBoolean()).isFalse();
    assertThat(n.get("maxBatchSize").asInt()).isBetween(1, 4095);
  }

  @Test
  void badInputExitsWithTwoAndOneLine() throws Exception {
    Run r = run("infer", "--model", "llama-3.1-70b", "--accelerator", "h100-sxm", "--tp", "6", "--json");
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(JSON.readTree(r.out()).get("error").asText()).isEqualTo("--tp: tp must divide heads (64), was 6");
    assertThat(r.err().strip().lines()).hasSize(1);

    Run w = run("infer", "--model", "llama-2-7b", "--accelerator", "h100-sxm", "--weights", "int3");
    assertThat(w.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(w.err()).contains("weights must be one of");
  }

  @Test
  void fp8OnAnAcceleratorWithoutFp8MathIsMappedAndStated() throws Exception {
    Run r = run("infer", "--model", "llama-2-7b", "--accelerator", "a100-sxm-80gb", "--batch", "8", "--weights", "fp8",
        "--kv-cache", "fp8", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode n = JSON.readTree(r.out());
    assertThat(n.get("outputTokensPerSecond").asDouble()).isPositive();
    assertThat(n.get("assumptions").toString())
        .contains("a100-sxm-80gb has no fp8 tensor-core peak: fp8 weights are stored in 8 bits and dequantized")
        .contains("fp8 KV cache on a100-sxm-80gb");
  }

  @Test
  void anAcceleratorWithoutGemmMeasurementsSaysWhatItBorrows() throws Exception {
    Run r = run("infer", "--model", "llama-2-7b", "--accelerator", "a10", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(JSON.readTree(r.out()).get("assumptions").toString())
        .contains("efficiency profile of a10")
        .contains("no GEMM rows for a10");
    // the L40S has a measured GEMM row of its own (gemm.csv) but no attention rows
    Run l40s = run("infer", "--model", "llama-2-7b", "--accelerator", "l40s", "--json");
    assertThat(l40s.code()).as(l40s.err()).isZero();
    assertThat(JSON.readTree(l40s.out()).get("assumptions").toString())
        .contains("efficiency profile of l40s")
        .contains("no attention rows for l40s")
        .doesNotContain("no GEMM rows for l40s");
  }

  @Test
  void mixtureOfExpertsSaysHowManyExpertsAStepReads() throws Exception {
    Run json = run("infer", "--model", "mixtral-8x7b-v0.1", "--accelerator", "h100-sxm", "--tp", "2", "--weights",
        "fp8", "--kv-cache", "fp8", "--batch", "1", "--input", "128", "--output", "128", "--json");
    assertThat(json.code()).as(json.err()).isZero();
    JsonNode n = JSON.readTree(json.out());
    assertThat(n.get("expertsReadPerDecodeStep").asDouble()).isEqualTo(2.0);
    assertThat(n.get("routedExperts").asInt()).isEqualTo(8);
    Run text = run("infer", "--model", "mixtral-8x7b-v0.1", "--accelerator", "h100-sxm", "--tp", "2", "--weights",
        "fp8", "--batch", "512");
    assertThat(text.out()).contains("experts read per decode step: 8.00 of 8 per MoE layer");
  }

  @Test
  void reportNamesEveryPart() {
    Run r = run("infer", "--model", "mistral-7b-v0.1", "--accelerator", "h100-sxm", "--batch", "8");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("time to first token", "time per output token", "memory per GPU",
        "throughput vs batch", "assumptions", "4096-token window");
  }

  @Test
  void weightNamesParse() {
    assertThat(InferCommand.parseWeights("int4").name()).isEqualTo("int4-g128");
    assertThat(InferCommand.parseWeights("int4-g64").groupSize()).isEqualTo(64);
    assertThat(InferCommand.parseWeights("FP8").name()).isEqualTo("fp8");
    assertThat(InferCommand.parseWeights("bf16").isUniform()).isTrue();
  }

  @Test
  void apiModelComparesWithThePriceBook() throws Exception {
    Run r = run("infer", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--batch", "64", "--input", "1000",
        "--output", "250", "--price-per-gpu-hour", "2.50", "--api-model", "gpt-4o-mini", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode n = JSON.readTree(r.out());
    JsonNode c = n.get("apiComparison");
    assertThat(c.get("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(c.get("priceSeen").asText()).isEqualTo("2025-03");
    // 1,000 × $0.15 + 250 × $0.60 per million tokens
    assertThat(c.get("apiPerRequest").asText()).isEqualTo("0.0003");
    assertThat(c.get("apiPerMillionOutputTokens").asText()).isEqualTo("1.2");
    assertThat(c.get("selfHostedPerRequest").asText()).isEqualTo(n.get("cost").get("perRequest").asText());
    double u = c.get("breakEvenUtilization").asDouble();
    assertThat(u).isCloseTo(new java.math.BigDecimal(c.get("selfHostedPerRequest").asText()).doubleValue() / 0.0003,
        org.assertj.core.api.Assertions.within(1e-9));
    assertThat(n.get("breakEven").get("breakEvenUtilization").asDouble()).isEqualTo(u);
    assertThat(c.get("selfHostingCheaperAtFullLoad").asBoolean()).isEqualTo(u < 1);

    Run text = run("infer", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--batch", "64", "--input", "1000",
        "--output", "250", "--price-per-gpu-hour", "2.50", "--api-model", "gpt-4o-mini");
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out())
        .contains("against gpt-4o-mini (list prices seen 2025-03): $0.000300 per request, $1.20 per million output tokens")
        .containsPattern("self-hosted at full load \\$[\\d.]+ per million output tokens: cheaper above \\d+% utilisation");
  }

  @Test
  void apiModelNeedsAPriceAndAKnownModel() {
    Run noPrice = run("infer", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--api-model", "gpt-4o-mini");
    assertThat(noPrice.code()).isEqualTo(2);
    assertThat(noPrice.err()).contains("--api-model needs --price-per-gpu-hour");
    Run unknown = run("infer", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--price-per-gpu-hour", "2",
        "--api-model", "gpt-4o-mni");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("gpt-4o-mni").contains("gpt-4o-mini");
    Run both = run("infer", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--price-per-gpu-hour", "2",
        "--api-model", "gpt-4o-mini", "--api-output-price", "1");
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err()).contains("exclude each other");
  }

  /** Issue 13 deliverable 3: tensor parallelism on an NVLink-less server runs over its PCIe, and says so. */
  @Test
  void tensorParallelismOnAnL40sServerRunsOverPcieAndSaysSo() throws Exception {
    Run r = run("infer", "--model", "llama-3.1-70b", "--accelerator", "l40s", "--tp", "8", "--weights", "fp8",
        "--batch", "64", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(JSON.readTree(r.out()).get("assumptions").toString())
        .contains("no NVLink: collectives between the 8 GPUs of a server over PCIe Gen4 x16")
        .contains("measured NCCL bus bandwidth of 19.0 GB/s")
        .contains("over PCIe Gen4 x16 between the GPUs of one server")
        .doesNotContain("tp exceeds the scale-up domain");
  }

  /** Issue 14 item 6: the assumptions describe the device they are about. */
  @Test
  void assumptionsOfAGddrCardWithoutNvlinkSpeakOfNeitherHbmNorScaleUp() {
    CliRunner.Result card = CliRunner.run("infer", "--model", "llama-3.1-8b", "--accelerator", "rtx-4090",
        "--weights", "int4-g128");
    assertThat(card.exitCode()).isZero();
    assertThat(card.out()).doesNotContain("HBM").doesNotContain("of the scale-up")
        .contains("device memory", "no NVLink: collectives between the 8 GPUs of a server over PCIe Gen4 x16 (32 GB/s"
            + " per direction) at a measured NCCL bus bandwidth of");
    CliRunner.Result h100 = CliRunner.run("infer", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm");
    assertThat(h100.exitCode()).isZero();
    assertThat(h100.out()).doesNotContain("HBM").contains("of the scale-up and").doesNotContain("no scale-up link");
  }

  /** Issue 14 item 8: the decode-step table's headers sit over their columns, numbers grouped. */
  @Test
  void decodeStepColumnsAlignWithTheirHeadersAndGroupThousands() {
    String out = CliRunner.run("infer", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm").out();
    java.util.List<String> lines = out.lines().toList();
    int h = 0;
    while (!lines.get(h).startsWith("  decode step on one GPU")) {
      h++;
    }
    String header = lines.get(h);
    String mlp = lines.stream().filter(l -> l.startsWith("    mlp ")).findFirst().orElseThrow();
    // each header ends where its column's numbers end
    for (String column : new String[] {"GFLOP", "MiB moved", "time"}) {
      int end = header.indexOf(column) + column.length();
      assertThat(mlp.charAt(end - 1)).as(column + " in\n" + header + "\n" + mlp).isNotEqualTo(' ');
      assertThat(mlp.length() > end ? mlp.charAt(end) : ' ').as(column).isEqualTo(' ');
    }
    assertThat(mlp).contains("10,755.1"); // 11,277.6 MB in MiB
  }

  @Test
  void batchMaxIsTheEngineRuleAndSaysSo() throws Exception {
    Run r = run("infer", "--model", "mixtral-8x7b-v0.1", "--accelerator", "h100-sxm", "--tp", "2", "--weights", "fp8",
        "--kv-cache", "fp8", "--batch", "max", "--input", "128", "--output", "128", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode n = JSON.readTree(r.out());
    int b = n.get("engineMaxBatch").asInt();
    assertThat(n.get("batchRule").asText()).isEqualTo("max");
    assertThat(n.get("batch").asInt()).isEqualTo(b);
    // 128 + 128 tokens of fp8 KV per sequence leave room for far more than the 4,096-sequence cap
    assertThat(b).isEqualTo(4096);
    assertThat(n.get("assumptions").get(0).asText()).startsWith("--batch max = 4,096")
        // the engine's batch can show as not fitting here: the rule says why (static batch vs chunked prefill)
        .contains("where the engine prefills 8,192 tokens at a time and keeps 5% of the memory after the weights free")
        // TensorRT-LLM's custom all-reduce workspace at TP2: 16e6 x 2 x 4 bytes (+ barriers) per GPU
        .contains("the custom all-reduce workspace (128 MB per GPU)");
    assertThat(n.get("defaultsUsed").get("ep").asText()).startsWith("1 (every expert sharded over the 2 GPUs");
    // at long lengths the KV cache binds instead
    Run longer = run("infer", "--model", "llama-3.1-70b", "--accelerator", "h100-sxm", "--tp", "2", "--weights", "fp8",
        "--kv-cache", "fp8", "--batch", "max", "--input", "2048", "--output", "2048", "--json");
    JsonNode l = JSON.readTree(longer.out());
    // the engine keeps 5% of the free memory, less than the 10% --reserve the fit is judged with
    assertThat(l.get("engineMaxBatch").asInt()).isBetween(l.get("maxBatchSize").asInt(), l.get("maxBatchSize").asInt() * 2);
    Run text = run("infer", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--batch", "max");
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out()).contains("--batch max = ");
  }

  /**
   * s24e: --batch max reports the engine's maximum-throughput run first (an offline run as trtllm-bench measures it,
   * InferenceCostModel.maxThroughput), the static batch of the limit's size after it, both in JSON.
   */
  @Test
  void batchMaxIsTheMaximumThroughputRun() throws Exception {
    String[] mixtral = {"infer", "--model", "mixtral-8x7b-v0.1", "--accelerator", "h100-sxm", "--tp", "2", "--weights",
        "fp8", "--kv-cache", "fp8", "--batch", "max", "--input", "128", "--output", "128"};
    Run r = run(concat(mixtral, "--json"));
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode n = JSON.readTree(r.out());
    JsonNode m = n.get("maxThroughput");
    // the static batch's keys stay as they were
    assertThat(n.get("engineMaxBatch").asInt()).isEqualTo(4096);
    assertThat(n.get("batch").asInt()).isEqualTo(4096);
    assertThat(m.get("engineBatchLimit").asInt()).isEqualTo(4096);
    assertThat(m.get("requests").asInt()).isEqualTo(40960); // 10 per sequence of the limit
    assertThat(m.get("requestsPerSequence").asInt()).isEqualTo(10);
    assertThat(m.get("maxInFlight").asLong()).isEqualTo(4096);
    assertThat(m.get("meanBatch").asDouble()).isBetween(1.0, 4096.0);
    assertThat(m.get("prefillScheduling").asText()).isEqualTo("mixed");
    assertThat(m.get("cudaGraphPadding").asBoolean()).isTrue();
    assertThat(m.get("maxNumTokensPerRank").asInt()).isEqualTo(8192); // trtllm-bench's heuristic here
    double out = m.get("outputTokensPerSecond").asDouble();
    assertThat(m.get("outputTokensPerSecondPerGpu").asDouble()).isCloseTo(out / 2, within(1e-6));
    // equal lengths: the total is twice the output
    assertThat(m.get("totalTokensPerSecond").asDouble()).isCloseTo(2 * out, within(1e-6 * out));
    assertThat(m.get("totalTokensPerSecondPerGpu").asDouble()).isCloseTo(out, within(1e-6 * out));
    assertThat(out * m.get("seconds").asDouble()).isCloseTo(40960.0 * 128, within(1e-3));
    assertThat(m.get("meanTtftSeconds").asDouble()).isPositive().isLessThan(m.get("seconds").asDouble());
    assertThat(m.get("meanTpotSeconds").asDouble()).isPositive();
    assertThat(m.get("iterations").asLong()).isPositive();
    assertThat(m.get("assumptions").get(0).asText()).startsWith("maximum-throughput point (s24e): an offline run of"
        + " 40,960 requests of 128 + 128 tokens");
    assertThat(n.get("defaultsUsed").get("prefill-scheduling").asText())
        .isEqualTo("mixed (each prompt prefilled in a decode iteration)");
    // the library's figure, printed as it is
    InferenceScenario s = InferenceScenario.builder(ModelCatalog.bundled().get("mixtral-8x7b-v0.1"),
            AcceleratorCatalog.bundled().get("h100-sxm")).tp(2).weights(QuantizationScheme.fp8())
        .kvCache(DType.FP8_E4M3).inputTokens(128).outputTokens(128).build();
    assertThat(out).isEqualTo(InferenceCostModel.calibrated().maxThroughput(s).outputTokensPerSecond());

    Run text = run(mixtral);
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out())
        .contains("maximum-throughput run (--batch max): 40,960 requests of 128 input + 128 output tokens, all queued"
            + " at once (10 per sequence of the batch limit)")
        .contains("  batch limit                 4,096   (the engine's KV cache")
        .contains("  output throughput      ")
        .contains("  total throughput       ")
        .contains("  mean TTFT              ")
        .contains("  mean TPOT              ")
        .contains("static batch of the limit's size (every prompt prefilled at once, then decoded together, as --batch"
            + " 4096 costs it):\nbatch 4,096, 128 input + 128 output tokens per sequence");
    assertThat(text.out().indexOf("maximum-throughput run")).isLessThan(text.out().indexOf("time to first token"));

    // prompts in iterations of their own (vLLM V0, SGLang without mixed chunks), echoed
    Run separate = run(concat(mixtral, "--prefill-scheduling", "separate", "--json"));
    assertThat(separate.code()).as(separate.err()).isZero();
    JsonNode sep = JSON.readTree(separate.out()).get("maxThroughput");
    assertThat(sep.get("prefillScheduling").asText()).isEqualTo("separate");
    assertThat(JSON.readTree(separate.out()).get("defaultsUsed").has("prefill-scheduling")).isFalse();
    assertThat(sep.get("outputTokensPerSecond").asDouble()).isNotEqualTo(out);

    // one output token: no TPOT
    Run one = run("infer", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--batch", "max", "--input", "512",
        "--output", "1", "--json");
    assertThat(one.code()).as(one.err()).isZero();
    assertThat(JSON.readTree(one.out()).get("maxThroughput").get("meanTpotSeconds").isNull()).isTrue();
  }

  private static String[] concat(String[] a, String... b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  @Test
  void expertParallelAndAttentionDataParallelOptionsAreEchoed() throws Exception {
    Run r = run("infer", "--model", "deepseek-v3", "--accelerator", "h200-sxm", "--tp", "8", "--ep", "8",
        "--attention-dp", "--weights", "fp8", "--batch", "1024", "--input", "1024", "--output", "2048", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode n = JSON.readTree(r.out());
    assertThat(n.get("ep").asInt()).isEqualTo(8);
    assertThat(n.get("attentionDataParallel").asBoolean()).isTrue();
    // DeepSeek-V3 at EP8 without a load balancer: 1 + z(8) × 2.14 × √(8/256) ≈ 1.54
    assertThat(n.get("expertImbalance").asDouble()).isCloseTo(1.54, org.assertj.core.api.Assertions.within(0.01));
    assertThat(n.get("defaultsUsed").get("expert-imbalance").asText())
        .isEqualTo("1.54 (routing without a load balancer at ep 8 over 256 experts)");
    Run text = run("infer", "--model", "deepseek-v3", "--accelerator", "h200-sxm", "--tp", "8", "--ep", "8",
        "--attention-dp", "--weights", "fp8", "--batch", "1024", "--input", "1024", "--output", "2048");
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out()).contains("expert parallelism 8: each GPU holds 32 experts; the busiest rank receives 1.54 ×"
        + " the mean routed tokens (routing without a load balancer, the default)");
    boolean a2a = false;
    for (JsonNode op : n.get("decodeStep").get("operators")) {
      a2a |= op.get("group").asText().equals("ep_all_to_all") && op.get("seconds").asDouble() > 0;
    }
    assertThat(a2a).as("an all-to-all in the decode step").isTrue();
    Run skewed = run("infer", "--model", "deepseek-v3", "--accelerator", "h200-sxm", "--tp", "8", "--ep", "8",
        "--attention-dp", "--weights", "fp8", "--batch", "1024", "--input", "1024", "--output", "2048",
        "--expert-imbalance", "2.5", "--json");
    JsonNode k = JSON.readTree(skewed.out());
    assertThat(k.has("defaultsUsed") && k.get("defaultsUsed").has("expert-imbalance")).isFalse();
    assertThat(k.get("tpotSeconds").asDouble()).isGreaterThan(n.get("tpotSeconds").asDouble());
  }

  /**
   * {@code --expert-communication all-gather}: TensorRT-LLM's fused MoE on one node gathers every
   * rank's tokens and reduce-scatters the outputs; for Llama 4 Maverick's top-1 routing that moves
   * tp times the bytes of an all-to-all, so the step is slower; the default is printed.
   */
  @Test
  void expertCommunicationAllGatherIsSlowerForTopOneRoutingAndItsDefaultIsPrinted() throws Exception {
    String[] base = {"infer", "--model", "llama-4-maverick", "--accelerator", "h200-sxm", "--tp", "8", "--ep", "8",
        "--attention-dp", "--weights", "fp8", "--kv-cache", "fp8", "--batch", "2048", "--input", "1000", "--output",
        "1000", "--json"};
    Run a2a = run(base);
    assertThat(a2a.code()).as(a2a.err()).isZero();
    JsonNode n = JSON.readTree(a2a.out());
    assertThat(n.get("expertCommunication").asText()).isEqualTo("all-to-all");
    assertThat(n.get("defaultsUsed").get("expert-communication").asText()).startsWith("all-to-all");
    String[] gather = java.util.Arrays.copyOf(base, base.length + 2);
    gather[base.length] = "--expert-communication";
    gather[base.length + 1] = "all-gather";
    Run g = run(gather);
    assertThat(g.code()).as(g.err()).isZero();
    JsonNode k = JSON.readTree(g.out());
    assertThat(k.get("expertCommunication").asText()).isEqualTo("all-gather");
    assertThat(k.get("defaultsUsed").has("expert-communication")).isFalse();
    assertThat(k.get("tpotSeconds").asDouble()).isGreaterThan(n.get("tpotSeconds").asDouble());
    Run bad = run("infer", "--model", "llama-4-maverick", "--accelerator", "h200-sxm", "--tp", "8", "--ep", "8",
        "--attention-dp", "--weights", "fp8", "--expert-communication", "broadcast");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err().strip()).doesNotContain("\n")
        .contains("--expert-communication must be all-to-all or all-gather, was \"broadcast\"");
    Run without = run("infer", "--model", "llama-4-maverick", "--accelerator", "h200-sxm", "--tp", "8", "--ep", "8",
        "--weights", "fp8", "--expert-communication", "all-gather");
    assertThat(without.code()).isEqualTo(2);
    assertThat(without.err()).contains("--expert-communication applies with --attention-dp");
  }

  @Test
  void badExpertParallelInputIsOneLineNamingTheOption() {
    Run dp = run("infer", "--model", "deepseek-v3", "--accelerator", "h200-sxm", "--tp", "8", "--ep", "4",
        "--attention-dp");
    assertThat(dp.code()).isEqualTo(2);
    assertThat(dp.err().strip()).doesNotContain("\n").contains("--attention-dp needs --ep = --tp (8)");
    Run ep = run("infer", "--model", "mixtral-8x7b-v0.1", "--accelerator", "h100-sxm", "--tp", "8", "--ep", "3");
    assertThat(ep.code()).isEqualTo(2);
    assertThat(ep.err()).contains("--ep must divide tp (8)");
    Run dense = run("infer", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--ep", "2");
    assertThat(dense.code()).isEqualTo(2);
    assertThat(dense.err()).contains("apply to MoE models");
    Run batch = run("infer", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--batch", "most");
    assertThat(batch.code()).isEqualTo(2);
    assertThat(batch.err()).contains("--batch must be a whole number >= 1 or max, was \"most\"");
    Run imbalance = run("infer", "--model", "deepseek-v3", "--accelerator", "h200-sxm", "--tp", "8", "--ep", "8",
        "--expert-imbalance", "0.5");
    assertThat(imbalance.code()).isEqualTo(2);
    assertThat(imbalance.err()).contains("--expert-imbalance must be a finite number >= 1, was 0.5");
  }

  /**
   * Issue 14 item 4: "decode turns compute-bound at batch 1" (then 6) for a 70B in fp8 on four A100s.
   * FP8 weights run as W8A16 there: 2 FLOPs per weight per sequence against 1 byte per weight gives
   * the crossover 312 TFLOP/s / (2 × 2,039 GB/s) = 76.5 at datasheet rates (DecodeCrossoverTest
   * derives the bounds); the GEMMs' batch must lie between half of it and it.
   */
  @Test
  void theComputeBoundLineNamesABatchNearTheArithmeticIntensityCrossover() {
    Run r = run("infer", "--model", "llama-3.1-70b", "--accelerator", "a100-sxm-80gb", "--tp", "4", "--weights", "fp8");
    assertThat(r.code()).as(r.err()).isZero();
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("decode turns compute-bound at batch ([0-9,]+) \\(the GEMMs alone at ([0-9,]+)\\)").matcher(r.out());
    assertThat(m.find()).as(r.out()).isTrue();
    int step = Integer.parseInt(m.group(1).replace(",", ""));
    int gemms = Integer.parseInt(m.group(2).replace(",", ""));
    assertThat(gemms).isBetween(39, 76);
    assertThat(step).isGreaterThanOrEqualTo(gemms);
  }

  /** A step whose KV reads grow as fast as its FLOPs never turns compute-bound, and says so in words. */
  @Test
  void aStepThatNeverTurnsComputeBoundSaysSoWithoutABatchOfNever() {
    Run r = run("infer", "--model", "mixtral-8x7b-v0.1", "--accelerator", "h100-sxm", "--weights", "fp8", "--batch", "max");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).doesNotContain("at batch never")
        .containsPattern("decode never turns compute-bound \\(its KV-cache reads grow with the batch as fast as its"
            + " FLOPs\\); the GEMMs alone turn compute-bound at batch [0-9,]+\n");
  }

  @Test
  void aHostCostPerSequenceSlowsLargeBatchesAndIsPrinted() throws Exception {
    Run plain = run("infer", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--weights", "fp8", "--batch",
        "2048", "--input", "128", "--output", "128", "--json");
    Run host = run("infer", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--weights", "fp8", "--batch",
        "2048", "--input", "128", "--output", "128", "--host-us-per-sequence", "29.4", "--json");
    assertThat(host.code()).as(host.err()).isZero();
    JsonNode a = JSON.readTree(plain.out());
    JsonNode h = JSON.readTree(host.out());
    // 2,048 × 29.4 µs = 60.2 ms per iteration, longer than the GPU's step
    assertThat(h.get("tpotSeconds").asDouble()).isCloseTo(2048 * 29.4e-6, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(h.get("tpotSeconds").asDouble()).isGreaterThan(a.get("tpotSeconds").asDouble());
    assertThat(h.get("assumptions").toString()).contains("host scheduling 29.4 µs per sequence");
    Run bad = run("infer", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--host-us-per-sequence", "-1");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err().strip()).doesNotContain("\n").contains("--host-us-per-sequence must be a finite number >= 0, was -1.0");
  }

  // s24j: --host-us-per-eager-layer sets ServingOverheads.hostSecondsPerEagerLayer (s24g): at one request in flight the
  // iteration that prefills the prompt takes max(GPU, 61 layers x 976 µs), the launch time, so TTFT is the wait for
  // the running iteration plus 59.536 ms; --host-us-per-sequence adds its 29.4 µs for the prompt's sequence on top
  @Test
  void aHostLaunchTimePerEagerLayerLengthensTheIterationThatPrefillsAndCombinesWithThePerSequenceHostTime()
      throws Exception {
    String[] c1 = {"infer", "--model", "deepseek-v3", "--accelerator", "b200", "--tp", "8", "--weights", "fp8",
        "--concurrency", "1", "--input", "128", "--output", "128", "--json"};
    Run plain = run(c1);
    Run eager = run(with(c1, "--host-us-per-eager-layer", "976"));
    Run both = run(with(c1, "--host-us-per-eager-layer", "976", "--host-us-per-sequence", "29.4"));
    Run sequence = run(with(c1, "--host-us-per-sequence", "29.4"));
    for (Run r : java.util.List.of(plain, eager, both, sequence)) {
      assertThat(r.code()).as(r.err()).isZero();
    }
    JsonNode p = JSON.readTree(plain.out());
    JsonNode e = JSON.readTree(eager.out());
    JsonNode b = JSON.readTree(both.out());
    JsonNode q = JSON.readTree(sequence.out());
    int layers = 61; // DeepSeek-V3
    double launch = layers * 976e-6;
    double wait = e.get("ttftWaitSeconds").asDouble();
    assertThat(wait).isEqualTo(p.get("ttftWaitSeconds").asDouble()); // the decode iterations are unchanged
    assertThat(e.get("tpotSeconds").asDouble()).isEqualTo(p.get("tpotSeconds").asDouble());
    // the GPU's prefill of 128 tokens is shorter than the launch: the prompt's iteration is the launch time
    assertThat(p.get("ttftSeconds").asDouble() - wait).isLessThan(launch);
    assertThat(e.get("ttftSeconds").asDouble() - wait).isCloseTo(launch, within(1e-9));
    assertThat(e.get("ttftSeconds").asDouble()).isGreaterThan(p.get("ttftSeconds").asDouble() + 0.02);
    // both options apply: the prompt's sequence adds its 29.4 µs to the launch
    assertThat(b.get("ttftSeconds").asDouble() - wait).isCloseTo(launch + 29.4e-6, within(1e-9));
    assertThat(q.get("ttftSeconds").asDouble()).isEqualTo(p.get("ttftSeconds").asDouble());
    assertThat(e.get("assumptions").toString())
        .contains("0.976 ms of host time per layer to launch a pass that prefills a prompt (no CUDA graph)");
    assertThat(p.get("assumptions").toString()).doesNotContain("per layer to launch");
    assertThat(b.get("assumptions").toString()).contains("host scheduling 29.4 µs per sequence")
        .contains("0.976 ms of host time per layer to launch");
    // --batch max's offline run takes it too (here 5 ms per layer, above the GPU's mixed iterations)
    String[] max = {"infer", "--model", "deepseek-v3", "--accelerator", "b200", "--tp", "8", "--weights", "fp8",
        "--batch", "max", "--input", "128", "--output", "128", "--json"};
    Run maxPlain = run(max);
    Run maxEager = run(with(max, "--host-us-per-eager-layer", "5000"));
    assertThat(maxEager.code()).as(maxEager.err()).isZero();
    assertThat(JSON.readTree(maxEager.out()).get("maxThroughput").get("outputTokensPerSecond").asDouble())
        .isLessThan(JSON.readTree(maxPlain.out()).get("maxThroughput").get("outputTokensPerSecond").asDouble());
  }

  // s24m: --fused-allreduce sets InferenceScenario.Builder.fusedOneShotAllReduce (s24l): DeepSeek-V3 on B200 at tp 8
  // decodes 64 sequences with all-reduces of 64 x 7168 x 2 B = 0.875 MiB, in the fused one-shot range (256 KiB to
  // 2.625 MiB), so the step is shorter and the tensor-parallel assumption names the rule; on Hopper it changes nothing
  @Test
  void theFusedOneShotAllReduceShortensBlackwellTp8DecodeAndChangesNothingElsewhere() throws Exception {
    String[] b200 = {"infer", "--model", "deepseek-v3", "--accelerator", "b200", "--tp", "8", "--weights", "fp8",
        "--concurrency", "64", "--input", "1024", "--output", "256", "--json"};
    Run plain = run(b200);
    Run fused = run(with(b200, "--fused-allreduce"));
    assertThat(plain.code()).as(plain.err()).isZero();
    assertThat(fused.code()).as(fused.err()).isZero();
    JsonNode p = JSON.readTree(plain.out());
    JsonNode f = JSON.readTree(fused.out());
    assertThat(f.get("tpotSeconds").asDouble()).isLessThan(p.get("tpotSeconds").asDouble());
    assertThat(f.get("assumptions").toString()).contains("fused one-shot all-reduce")
        .contains("trtllm_allreduce_fusion");
    assertThat(p.get("assumptions").toString()).doesNotContain("fused one-shot all-reduce");
    // Hopper: DeepSeek-V3 in FP8 does not fit eight H100s, so H200 for it and Llama 3.1 70B on H100
    for (String[] hopper : java.util.List.of(
        new String[] {"infer", "--model", "deepseek-v3", "--accelerator", "h200", "--tp", "8", "--weights", "fp8",
            "--concurrency", "64", "--input", "1024", "--output", "256", "--json"},
        new String[] {"infer", "--model", "llama-3.1-70b", "--accelerator", "h100-sxm", "--tp", "8",
            "--concurrency", "64", "--input", "1024", "--output", "256", "--json"})) {
      Run hopperPlain = run(hopper);
      Run hopperFused = run(with(hopper, "--fused-allreduce"));
      assertThat(hopperFused.code()).as(hopperFused.err()).isZero();
      assertThat(hopperFused.out()).isEqualTo(hopperPlain.out()).doesNotContain("fused one-shot");
    }
    // not tp 8 on Blackwell: not refused, not applied, not claimed
    String[] tp4 = {"infer", "--model", "llama-3.1-70b", "--accelerator", "b200", "--tp", "4", "--concurrency", "64"};
    Run tp4Plain = run(tp4);
    Run tp4Fused = run(with(tp4, "--fused-allreduce"));
    assertThat(tp4Fused.code()).as(tp4Fused.err()).isZero();
    assertThat(tp4Fused.out()).isEqualTo(tp4Plain.out()).doesNotContain("fused one-shot");
  }

  private static String[] with(String[] args, String... more) {
    String[] a = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, a, args.length, more.length);
    return a;
  }

  // s11j: only a batch beyond what a GPU holds at one token of KV cache per sequence is refused (BadInputTest); one
  // below that is still estimated and says DOES NOT FIT with the largest batch that fits
  @Test
  void aBatchThatDoesNotFitOnlyWithTheWeightsIsStillReported() {
    Run r = run("infer", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--batch", "500");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("DOES NOT FIT; the largest batch that fits is");
  }

  // s11l: the embedding path refuses only a batch beyond what the GPU holds at one token of activations per sequence
  // (BadInputTest); one below that (bert-base, 512 tokens: about 10,900 fit on 80 GiB) is estimated, DOES NOT FIT
  @Test
  void anEmbeddingBatchBelowTheCeilingIsStillReported() {
    Run r = run("infer", "--model", "bert-base-uncased", "--accelerator", "h100-sxm", "--task", "embed", "--batch", "100000");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("(DOES NOT FIT)");
  }

  // s12o: --allow-long-context costs a rotary model past its configured context (as vLLM's
  // VLLM_ALLOW_LONG_MAX_MODEL_LEN=1), Llama 2 70B at TensorRT-LLM's 128 + 4,096 tokens, and says so
  @Test
  void allowLongContextCostsPastTheContextAndStatesIt() throws Exception {
    String[] args = {"infer", "--model", "llama-2-70b", "--accelerator", "h100-sxm", "--tp", "4", "--batch", "8",
        "--input", "128", "--output", "4096", "--allow-long-context"};
    Run text = run(args);
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out()).contains("input + output (4224 tokens) exceeds the model's configured context of 4096 tokens");
    Run json = run(java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--json"))
        .toArray(String[]::new));
    assertThat(json.code()).as(json.err()).isZero();
    assertThat(JSON.readTree(json.out()).get("assumptions").toString())
        .contains("exceeds the model's configured context of 4096 tokens");
    assertThat(JSON.readTree(json.out()).get("allowLongContext").asBoolean()).isTrue();
    Run without = run("infer", "--model", "llama-2-70b", "--accelerator", "h100-sxm", "--tp", "4", "--batch", "8",
        "--input", "128", "--output", "3968", "--json");
    assertThat(without.code()).as(without.err()).isZero();
    assertThat(JSON.readTree(without.out()).get("allowLongContext").isBoolean()).isTrue();
    assertThat(JSON.readTree(without.out()).get("allowLongContext").asBoolean()).isFalse();
    Run within = run("infer", "--model", "llama-2-70b", "--accelerator", "h100-sxm", "--tp", "4", "--batch", "8",
        "--input", "128", "--output", "3968", "--allow-long-context");
    assertThat(within.code()).as(within.err()).isZero();
    assertThat(within.out()).doesNotContain("configured context");
  }
}
