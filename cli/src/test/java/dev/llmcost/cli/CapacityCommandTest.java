package dev.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class CapacityCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void jsonHasTheDesignKeys() throws Exception {
    InferCommandTest.Run r = InferCommandTest.run("capacity", "--model", "llama-2-70b", "--accelerator", "h100-sxm",
        "--rps", "10", "--input", "1000", "--output", "250", "--ttft-slo", "1", "--tpot-slo", "0.05",
        "--price-per-gpu-hour", "2.5", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode n = JSON.readTree(r.out());
    for (String key : new String[] {"gpus", "replicas", "tp", "batch", "ttftSeconds", "tpotSeconds", "options",
        "rejected", "assumptions", "costPerMillionOutputTokens"}) {
      assertThat(n.has(key)).as(key).isTrue();
    }
    assertThat(n.get("gpus").asInt()).isEqualTo(n.get("tp").asInt() * n.get("replicas").asInt());
    assertThat(n.get("ttftSeconds").asDouble()).isLessThanOrEqualTo(1.0);
    assertThat(n.get("tpotSeconds").asDouble()).isLessThanOrEqualTo(0.05);
  }

  @Test
  void tensorParallelCandidatesCanBeRestricted() throws Exception {
    InferCommandTest.Run r = InferCommandTest.run("capacity", "--model", "llama-2-7b", "--accelerator", "h100-sxm",
        "--rps", "100", "--tp", "2,4", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode n = JSON.readTree(r.out());
    assertThat(n.get("options").size()).isEqualTo(2);
    assertThat(n.get("tp").asInt()).isIn(2, 4);
  }

  @Test
  void anUnreachableTimeToFirstTokenIsBadInputWithOneLineNamingEachDegree() {
    InferCommandTest.Run r = InferCommandTest.run("capacity", "--model", "llama-2-7b", "--accelerator", "a100-sxm-80gb",
        "--rps", "10", "--ttft-slo", "0.001");
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err())
        .startsWith("llmcost: no configuration of llama-2-7b on a100-sxm-80gb serves --rps 10.0 within TTFT <= 0.001 s and TPOT <= 0.05 s")
        .contains("tp 1: TTFT at batch 1 without queueing is", "tp 8: TTFT at batch 1 without queueing is");
  }

  @Test
  void pcieServersAreSearchedUpToTheirEightGpus() throws Exception {
    // an L40S server's 8 GPUs share PCIe Gen4 x16: 70B in fp8 (70 GB) needs tp 2 or more of its 48 GB cards
    InferCommandTest.Run r = InferCommandTest.run("capacity", "--model", "llama-3.1-70b", "--accelerator", "l40s",
        "--weights", "fp8", "--rps", "1", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode n = JSON.readTree(r.out());
    assertThat(n.get("tp").asInt()).isIn(2, 4, 8);
    assertThat(n.get("rejected").toString()).doesNotContain("exceeds the scale-up domain");
  }

  @Test
  void aModelThatFitsNoDegreeIsBadInput() throws Exception {
    InferCommandTest.Run r = InferCommandTest.run("capacity", "--model", "llama-3.1-405b", "--accelerator", "l4",
        "--rps", "1", "--json");
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(JSON.readTree(r.out()).get("error").asText())
        .startsWith("no configuration of llama-3.1-405b on l4")
        .contains("tp 1: weights (")
        .contains("do not fit");
  }

  @Test
  void everyOptionMeetsTheObjectivesAndTheBestHasTheFewestGpus() throws Exception {
    InferCommandTest.Run r = InferCommandTest.run("capacity", "--model", "llama-3.1-8b", "--accelerator", "h200-sxm",
        "--rps", "50", "--ttft-slo", "0.5", "--tpot-slo", "0.03", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode n = JSON.readTree(r.out());
    int fewest = Integer.MAX_VALUE;
    for (JsonNode o : n.get("options")) {
      assertThat(o.get("ttftSeconds").asDouble()).isLessThanOrEqualTo(0.5);
      assertThat(o.get("tpotSeconds").asDouble()).isLessThanOrEqualTo(0.03);
      assertThat(o.get("gpus").asInt()).isEqualTo(o.get("tp").asInt() * o.get("replicas").asInt());
      fewest = Math.min(fewest, o.get("gpus").asInt());
    }
    assertThat(n.get("gpus").asInt()).isEqualTo(fewest);
  }

  @Test
  void anImpossibleLoadIsBadInput() throws Exception {
    InferCommandTest.Run r = InferCommandTest.run("capacity", "--model", "llama-2-70b", "--accelerator", "h100-sxm",
        "--rps", "10", "--tpot-slo", "0.001", "--json");
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(JSON.readTree(r.out()).get("error").asText()).startsWith("no configuration of llama-2-70b on h100-sxm");
  }

  // issue 14: every line true — "1 GPUs: 1 replicas" was printed for a one-GPU answer
  @Test
  void oneGpuAndOneReplicaAreSingular() {
    Cli r = Cli.run("capacity", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--rps", "1");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("  1 GPU: 1 replica of tp 1,").doesNotContain("1 GPUs").doesNotContain("1 replicas");
    Cli many = Cli.run("capacity", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--rps", "100");
    assertThat(many.out()).containsPattern("  \\d+ GPUs: \\d+ replicas of tp");
  }

  @Test
  void simulateSearchesFromTheAnalyticAnswerAndMeetsTheP99Objectives() throws Exception {
    InferCommandTest.Run r = InferCommandTest.run("capacity", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm",
        "--rps", "20", "--input", "1000", "--output", "250", "--tp", "1,2", "--simulate", "--input-dist",
        "lognormal:1000,0.8", "--output-dist", "lognormal:250,0.6", "--duration", "120", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).as("no progress off a terminal").isEmpty();
    JsonNode s = JSON.readTree(r.out()).get("simulated");
    assertThat(s.get("feasible").asBoolean()).isTrue();
    assertThat(s.get("gpus").asInt()).isEqualTo(s.get("tp").asInt() * s.get("replicas").asInt());
    assertThat(s.get("ttftP99Seconds").asDouble()).isLessThanOrEqualTo(1.0);
    assertThat(s.get("tpotP99Seconds").asDouble()).isLessThanOrEqualTo(0.05);
    assertThat(s.get("trail").size()).isEqualTo(s.get("simulations").asInt());
    // the rate search: one unit per tp, batch limit and layout, each with its highest rate
    JsonNode units = s.get("units");
    assertThat(units.size()).isGreaterThanOrEqualTo(2 * (3 + 4));
    boolean disaggregated = false;
    for (JsonNode u : units) {
      assertThat(u.get("maxRequestsPerSecond").asDouble()).isGreaterThanOrEqualTo(0);
      assertThat(u.get("gpus").asInt()).isEqualTo(u.get("tp").asInt()
          * (u.get("disaggregated").asBoolean() ? u.get("prefillReplicas").asInt() + u.get("decodeReplicas").asInt() : 1));
      disaggregated |= u.get("disaggregated").asBoolean();
    }
    assertThat(disaggregated).isTrue();
    assertThat(s.get("maxNumSeqs").asInt()).isPositive();
    assertThat(s.get("prefillReplicas").asInt() + s.get("decodeReplicas").asInt())
        .isEqualTo(s.get("disaggregated").asBoolean() ? s.get("replicas").asInt() : 0);
  }

  // s18f: capacity --simulate takes simulate's engine options; the overlap scheduler and vLLM V0's scheduler apply to
  // engines that prefill and decode, so the search leaves the disaggregated units out
  @Test
  void simulateTakesTheSimulatorsEngineOptions() throws Exception {
    String[] base = {"capacity", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--rps", "10", "--tp", "1",
        "--simulate", "--duration", "20"};
    InferCommandTest.Run r = InferCommandTest.run(java.util.stream.Stream.concat(java.util.Arrays.stream(base),
        java.util.stream.Stream.of("--overlap-scheduler", "--cuda-graph-sizes", "1,2,4,8,16,32,64", "--json"))
        .toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode s = JSON.readTree(r.out()).get("simulated");
    assertThat(s.get("overlapScheduler").asBoolean()).isTrue();
    assertThat(s.get("cudaGraphSizes").toString()).isEqualTo("[1,2,4,8,16,32,64]");
    assertThat(s.get("schedulerSteps").asInt()).isEqualTo(1);
    assertThat(s.get("attentionDataParallel").asBoolean()).isFalse();
    assertThat(s.get("assumptions").toString()).contains("overlap scheduler (TensorRT-LLM PyTorch executor",
        "CUDA graphs padded (s16b)");
    assertThat(s.get("units")).isNotEmpty().allSatisfy(u -> assertThat(u.get("disaggregated").asBoolean()).isFalse());
    InferCommandTest.Run steps = InferCommandTest.run(java.util.stream.Stream.concat(java.util.Arrays.stream(base),
        java.util.stream.Stream.of("--scheduler-steps", "8")).toArray(String[]::new));
    assertThat(steps.code()).as(steps.err()).isZero();
    assertThat(steps.out()).contains("  engine: scheduler steps 8\n")
        .doesNotContain(" disaggregated, at most", ":1 disaggregated", ":2 disaggregated", ":3 disaggregated");
  }

  // s19b: capacity --simulate takes the harness batcher (simulate --harness-batching) for every candidate
  @Test
  void simulateTakesTheHarnessBatcher() throws Exception {
    String[] base = {"capacity", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--rps", "10", "--tp", "1",
        "--simulate", "--duration", "20", "--harness-batching", "0.05,8"};
    InferCommandTest.Run r = InferCommandTest.run(java.util.stream.Stream.concat(java.util.Arrays.stream(base),
        java.util.stream.Stream.of("--json")).toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode s = JSON.readTree(r.out()).get("simulated");
    assertThat(s.get("harnessBatching").toString())
        .isEqualTo("{\"enabled\":true,\"windowSeconds\":0.05,\"maxBatch\":8}");
    assertThat(s.get("assumptions").toString()).contains("harness batcher ahead of the engines (s18k): batches of up"
        + " to 8 requests");
    InferCommandTest.Run text = InferCommandTest.run(base);
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out()).contains("  engine: harness batching 0.05 s, up to 8 requests\n");
  }

  // s19i: capacity --simulate takes AMD's MLPerf prefill gate (simulate --prefill-gate) for every candidate
  @Test
  void simulateTakesThePrefillGate() throws Exception {
    String[] base = {"capacity", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--rps", "10", "--tp", "1",
        "--simulate", "--duration", "20", "--prefill-scheduling", "separate", "--prefill-gate", "64,0,4"};
    InferCommandTest.Run r = InferCommandTest.run(java.util.stream.Stream.concat(java.util.Arrays.stream(base),
        java.util.stream.Stream.of("--json")).toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode s = JSON.readTree(r.out()).get("simulated");
    assertThat(s.get("prefillGate").toString())
        .isEqualTo("{\"enabled\":true,\"maxRunning\":64,\"minFreeBlocks\":0,\"minWaiting\":4}");
    assertThat(s.get("prefillScheduling").asText()).isEqualTo("separate");
    assertThat(s.get("assumptions").toString()).contains("prefill gate (AMD MLPerf vLLM patch,"
        + " VLLM_LLAMA2_MLPERF_SCHED; s19f): a scheduling point prefills only while fewer than 64 sequences run");
    InferCommandTest.Run text = InferCommandTest.run(base);
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out()).contains("  engine: separate prefill steps, prefill gate below 64 running, above 0 free"
        + " blocks, 4 waiting\n");
    // off is the default
    InferCommandTest.Run plain = InferCommandTest.run("capacity", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm",
        "--rps", "10", "--tp", "1", "--simulate", "--duration", "20", "--prefill-scheduling", "separate", "--json");
    InferCommandTest.Run gateOff = InferCommandTest.run("capacity", "--model", "llama-3.1-8b", "--accelerator",
        "h100-sxm", "--rps", "10", "--tp", "1", "--simulate", "--duration", "20", "--prefill-scheduling", "separate",
        "--prefill-gate", "off", "--json");
    assertThat(gateOff.code()).as(gateOff.err()).isZero();
    assertThat(JSON.readTree(gateOff.out())).isEqualTo(JSON.readTree(plain.out()));
    assertThat(JSON.readTree(plain.out()).get("simulated").get("prefillGate").get("enabled").asBoolean()).isFalse();
  }

  @Test
  void simulationOptionsWithoutSimulateAreBadInput() {
    InferCommandTest.Run r = InferCommandTest.run("capacity", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm",
        "--rps", "2", "--input-dist", "fixed:100");
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("--input-dist, --output-dist, --duration, --burstiness and --seed need --simulate");
  }

  // issue 14 (every line true) on the simulator's reports: singular for one GPU or replica, thousands grouped
  @Test
  void simulatedReportsAreSingularForOneAndGroupThousands() {
    Cli cap = Cli.run("capacity", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--rps", "20", "--input",
        "1000", "--output", "250", "--tp", "1,2", "--simulate", "--duration", "30");
    assertThat(cap.exitCode()).as(cap.err()).isZero();
    assertThat(cap.out()).doesNotContainPattern("\\b1 GPUs").doesNotContainPattern("\\b1 replicas")
        .containsPattern("tp 1 × 1 replica \\(1 GPU\\)");
    Cli sim = Cli.run("simulate", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--rps", "12",
        "--duration", "30");
    assertThat(sim.exitCode()).as(sim.err()).isZero();
    assertThat(sim.out()).containsPattern("requests/s, \\d{1,3}(,\\d{3})+ output tokens/s")
        .containsPattern("budget of \\d{1,3},\\d{3} tokens").containsPattern("at most \\d{1,3},\\d{3} running");
  }

  @Test
  void disaggregatedPlansPrefillAndDecodePoolsAgainstColocatedServing() throws Exception {
    InferCommandTest.Run r = InferCommandTest.run("capacity", "--model", "llama-3.1-70b", "--accelerator", "h100-sxm",
        "--rps", "20", "--input", "2000", "--output", "200", "--disaggregated", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode n = JSON.readTree(r.out());
    assertThat(n.get("gpus").asInt()).isPositive(); // the co-located plan's keys stay
    JsonNode d = n.get("disaggregated");
    for (String key : new String[] {"feasible", "gpus", "prefillGpus", "decodeGpus", "prefillToDecodeRatio", "prefillTp",
        "prefillInstances", "decodeTp", "decodeInstances", "decodeBatch", "ttftSeconds", "tpotSeconds", "prefillSeconds",
        "kvTransferBytes", "kvTransferSeconds", "kvTransferLink", "colocatedGpus", "savesGpus", "assumptions"}) {
      assertThat(d.has(key)).as(key).isTrue();
    }
    assertThat(d.get("gpus").asInt()).isEqualTo(d.get("prefillGpus").asInt() + d.get("decodeGpus").asInt());
    assertThat(d.get("colocatedGpus").asInt()).isEqualTo(n.get("gpus").asInt());
    assertThat(d.get("kvTransferBytes").asLong()).isPositive();

    InferCommandTest.Run text = InferCommandTest.run("capacity", "--model", "llama-3.1-70b", "--accelerator", "h100-sxm",
        "--rps", "20", "--input", "2000", "--output", "200", "--disaggregated");
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out()).contains("prefill pool:", "decode pool:", "KV transfer:", "counted in the TTFT", "co-located:",
        "prefill:decode");
  }

  // s21b: --decode-tp / --decode-limits on capacity --disaggregated (the analytic plan)
  @Test
  void disaggregatedTakesADecodePoolOfItsOwn() throws Exception {
    String[] base = {"capacity", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--rps", "10", "--input", "2000",
        "--output", "200", "--disaggregated", "--json"};
    JsonNode plain = JSON.readTree(InferCommandTest.run(base).out());
    assertThat(plain.get("disaggregated").has("decodePool")).isFalse();
    assertThat(plain.get("disaggregated").has("decodeMemoryPerGpuBytes")).isFalse();
    assertThat(plain.get("defaultsUsed").has("decode-tp")).isFalse();
    JsonNode one = JSON.readTree(InferCommandTest.run(with(base, "--decode-tp", "1")).out()).get("disaggregated");
    InferCommandTest.Run r = InferCommandTest.run(with(base, "--decode-tp", "2", "--decode-limits", "64,4096"));
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode n = JSON.readTree(r.out());
    JsonNode two = n.get("disaggregated");
    assertThat(one.get("decodeTp").asInt()).isEqualTo(1);
    assertThat(two.get("decodeTp").asInt()).isEqualTo(2);
    assertThat(two.get("decodeGpus").asInt()).isEqualTo(2 * two.get("decodeInstances").asInt());
    assertThat(two.get("decodeBatch").asInt()).isLessThanOrEqualTo(64);
    assertThat(two.get("tpotSeconds").asDouble()).isNotEqualTo(one.get("tpotSeconds").asDouble());
    assertThat(two.get("decodePool").get("tp").asInt()).isEqualTo(2);
    assertThat(two.get("decodePool").get("maxNumSeqs").asInt()).isEqualTo(64);
    assertThat(two.get("decodePool").get("maxBatchedTokens").asInt()).isEqualTo(4096);
    assertThat(two.get("decodeMemoryPerGpuBytes").get("weights").asLong())
        .isLessThan(one.get("decodeMemoryPerGpuBytes").get("weights").asLong());
    assertThat(n.get("defaultsUsed").has("decode-tp")).isFalse();
    // the co-located plan is the same request's, unchanged by the decode pool
    assertThat(n.get("gpus").asInt()).isEqualTo(plain.get("gpus").asInt());
    assertThat(one.get("decodePool").get("maxNumSeqs").isNull()).isTrue();
    JsonNode limitsOnly = JSON.readTree(InferCommandTest.run(with(base, "--decode-limits", "16,16")).out());
    assertThat(limitsOnly.get("disaggregated").get("decodePool").get("tp").isNull()).isTrue();
    assertThat(limitsOnly.get("disaggregated").get("decodeBatch").asInt()).isLessThanOrEqualTo(16);
    assertThat(limitsOnly.get("defaultsUsed").get("decode-tp").asText()).isEqualTo("searched over the --tp candidates");

    InferCommandTest.Run report = InferCommandTest.run("capacity", "--model", "llama-3.1-8b", "--accelerator",
        "h100-sxm", "--rps", "10", "--input", "2000", "--output", "200", "--disaggregated", "--decode-tp", "2");
    assertThat(report.code()).as(report.err()).isZero();
    assertThat(report.out()).contains("decode pool:  1 instance of tp 2", "decode pool's own: tp 2 (given), batch up to"
        + " --max-batch 1,024; per decode GPU", "defaults used: --decode-limits --max-batch 1,024 sequences",
        "decode pool of its own: tp 2 fixed");
  }

  // s21b: --decode-tp / --decode-limits on capacity --simulate: the disaggregated units' decode pool, each pool named
  @Test
  void simulateTakesADecodePoolOfItsOwn() throws Exception {
    String[] base = {"capacity", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--rps", "30", "--tp", "1",
        "--tpot-slo", "0.01", "--simulate", "--duration", "30", "--decode-tp", "2", "--decode-limits", "64,4096"};
    InferCommandTest.Run r = InferCommandTest.run(with(base, "--json"));
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode s = JSON.readTree(r.out()).get("simulated");
    int disaggregatedUnits = 0;
    for (JsonNode u : s.get("units")) {
      if (u.get("disaggregated").asBoolean()) {
        disaggregatedUnits++;
        assertThat(u.get("decodeTp").asInt()).isEqualTo(2);
        assertThat(u.get("decodeMaxNumSeqs").asInt()).isEqualTo(64);
        assertThat(u.get("gpus").asInt())
            .isEqualTo(u.get("tp").asInt() * u.get("prefillReplicas").asInt() + 2 * u.get("decodeReplicas").asInt());
      } else {
        assertThat(u.has("decodeTp")).isFalse();
      }
    }
    assertThat(disaggregatedUnits).isEqualTo(4);
    // at a 10 ms TPOT the decode replicas of tp 2 serve the rate on fewer GPUs than co-located tp 1 replicas
    assertThat(s.get("disaggregated").asBoolean()).isTrue();
    assertThat(s.get("gpus").asInt())
        .isEqualTo(s.get("tp").asInt() * s.get("prefillReplicas").asInt() + 2 * s.get("decodeReplicas").asInt());
    JsonNode pool = s.get("decodePool");
    assertThat(pool.get("tp").asInt()).isEqualTo(2);
    assertThat(pool.get("maxNumSeqs").asInt()).isEqualTo(64);
    assertThat(pool.get("maxBatchedTokens").asInt()).isEqualTo(4096);
    assertThat(pool.get("kvCacheBlocksPerReplica").asLong()).isPositive();
    InferCommandTest.Run text = InferCommandTest.run(base);
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out()).containsPattern("prefill replicas? of tp 1 \\(at most 1,024 running sequences, [0-9,]+ KV"
        + " blocks each\\) \\+ \\d+ decode replicas? of tp 2 \\(at most 64 sequences and 4,096 tokens per step,"
        + " [0-9,]+ KV blocks each\\)").contains("1:1 disaggregated, prefill at most 1,024, decode tp 2 at most 64"
        + " sequences");
    // without the options the same search keeps its keys
    InferCommandTest.Run plain = InferCommandTest.run("capacity", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm",
        "--rps", "5", "--tp", "1", "--simulate", "--duration", "30", "--json");
    assertThat(JSON.readTree(plain.out()).get("simulated").has("decodePool")).isFalse();
  }

  // s21b: the decode pool's refusals, as simulate's, naming the option and the value
  @Test
  void decodePoolRefusalsNameTheOption() {
    String[] base = {"capacity", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--rps", "5"};
    String[][] cases = {
      {"--decode-tp 2 needs --disaggregated or --simulate", "--decode-tp", "2"},
      {"--decode-limits 64,4096 needs --disaggregated or --simulate", "--decode-limits", "64,4096"},
      {"--decode-tp must be in [1, 1024], was 0", "--disaggregated", "--decode-tp", "0"},
      {"--decode-tp 16: exceeds the scale-up domain of 8 GPUs", "--disaggregated", "--decode-tp", "16"},
      {"--decode-tp 3: ", "--disaggregated", "--decode-tp", "3"},
      {"--decode-limits 8,4: maxBatchedTokens (4) must be >= maxNumSeqs (8)", "--disaggregated", "--decode-limits",
        "8,4"},
      {"--decode-limits must be SEQS,TOKENS such as 256,8192, was \"a,b\"", "--simulate", "--decode-limits", "a,b"},
      {"--decode-tp 2: decode pool of its own: the template's engine behaviours", "--simulate", "--overlap-scheduler",
        "--decode-tp", "2"},
      {"--decode-tp 2 applies to --task generate", "--task", "embed", "--decode-tp", "2"},
    };
    for (String[] c : cases) {
      String[] args = with(base, java.util.Arrays.copyOfRange(c, 1, c.length));
      InferCommandTest.Run r = InferCommandTest.run(args);
      assertThat(r.code()).as(String.join(" ", args)).isEqualTo(Main.BAD_INPUT);
      assertThat(r.out()).isEmpty();
      assertThat(r.err().strip().lines()).hasSize(1);
      assertThat(r.err()).as(String.join(" ", args)).contains(c[0]).doesNotContain("Exception");
    }
    InferCommandTest.Run dp = InferCommandTest.run("capacity", "--model", "deepseek-v3", "--accelerator", "h200-sxm",
        "--rps", "1", "--attention-dp", "--simulate", "--decode-tp", "8");
    assertThat(dp.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(dp.err().strip()).isEqualTo("llmcost: --attention-dp with --decode-tp 8: the decode engine's attention"
        + " data parallelism is not simulated in a decode pool of its own");
  }

  @Test
  void disaggregatedRefusesWhatItCannotDoNamingTheOption() {
    for (String[] args : new String[][] {
      {"capacity", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--rps", "5", "--disaggregated", "--simulate"},
      {"capacity", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--rps", "5", "--disaggregated",
        "--task", "embed"},
      {"capacity", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--rps", "5", "--disaggregated",
        "--ttft-slo", "0.0001"},
    }) {
      InferCommandTest.Run r = InferCommandTest.run(args);
      assertThat(r.code()).as(String.join(" ", args)).isEqualTo(Main.BAD_INPUT);
      assertThat(r.out()).isEmpty();
      assertThat(r.err().strip().lines()).hasSize(1);
      assertThat(r.err()).contains("--disaggregated").doesNotContain("Exception");
    }
  }

  // s12o: capacity plans past a rotary model's context with --allow-long-context and states the context exceeded
  @Test
  void allowLongContextPlansPastTheContextAndStatesIt() throws Exception {
    InferCommandTest.Run refused = InferCommandTest.run("capacity", "--model", "llama-2-70b", "--accelerator",
        "h100-sxm", "--rps", "0.5", "--input", "128", "--output", "4096", "--ttft-slo", "5", "--tpot-slo", "0.2");
    assertThat(refused.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(refused.err()).contains("or pass --allow-long-context");
    InferCommandTest.Run r = InferCommandTest.run("capacity", "--model", "llama-2-70b", "--accelerator", "h100-sxm",
        "--rps", "0.5", "--input", "128", "--output", "4096", "--ttft-slo", "5", "--tpot-slo", "0.2",
        "--allow-long-context");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("input + output (4224 tokens) exceeds the model's configured context of 4096 tokens");
    InferCommandTest.Run json = InferCommandTest.run("capacity", "--model", "llama-2-70b", "--accelerator",
        "h100-sxm", "--rps", "0.5", "--input", "128", "--output", "4096", "--ttft-slo", "5", "--tpot-slo", "0.2",
        "--allow-long-context", "--json");
    assertThat(json.code()).as(json.err()).isZero();
    assertThat(JSON.readTree(json.out()).get("assumptions").toString()).contains("configured context of 4096 tokens");
    assertThat(JSON.readTree(json.out()).get("allowLongContext").asBoolean()).isTrue();
    InferCommandTest.Run without = InferCommandTest.run("capacity", "--model", "llama-2-70b", "--accelerator",
        "h100-sxm", "--rps", "0.5", "--input", "128", "--output", "512", "--ttft-slo", "5", "--tpot-slo", "0.2",
        "--json");
    assertThat(without.code()).as(without.err()).isZero();
    assertThat(JSON.readTree(without.out()).get("allowLongContext").isBoolean()).isTrue();
    assertThat(JSON.readTree(without.out()).get("allowLongContext").asBoolean()).isFalse();
  }

  // s16g: with one output token there is no time between output tokens, so a TPOT objective neither bounds the batch
  // nor rejects a configuration (a 1 µs objective was refused as "TPOT at batch 1 is ... above the objective"); the
  // report says it does not apply
  @Test
  void aTpotObjectiveDoesNotApplyToOneOutputToken() throws Exception {
    String[] base = {"capacity", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--rps", "5", "--input",
        "512", "--output", "1"};
    InferCommandTest.Run tight = InferCommandTest.run(with(base, "--tpot-slo", "0.000001", "--json"));
    assertThat(tight.code()).as(tight.err()).isZero();
    JsonNode t = JSON.readTree(tight.out());
    assertThat(t.get("tpotObjectiveApplies").asBoolean()).isFalse();
    assertThat(t.get("tpotSeconds").isNull()).isTrue();
    assertThat(t.get("assumptions").toString()).contains("TPOT objective (1.0E-6 s) not applicable: a request of one"
        + " output token has no time between output tokens");
    // the plan is the one a loose objective gives: the objective binds nothing
    JsonNode loose = JSON.readTree(InferCommandTest.run(with(base, "--tpot-slo", "10", "--json")).out());
    for (String key : new String[] {"gpus", "replicas", "tp", "batch"}) {
      assertThat(t.get(key).asInt()).as(key).isEqualTo(loose.get(key).asInt());
    }
    InferCommandTest.Run text = InferCommandTest.run(with(base, "--tpot-slo", "0.000001"));
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out()).contains("TTFT <= 1.00 s, TPOT objective n/a (one output token: no time between tokens)")
        .doesNotContain("TPOT <= ");
    InferCommandTest.Run disaggregated = InferCommandTest.run(with(base, "--tpot-slo", "0.000001", "--disaggregated"));
    assertThat(disaggregated.code()).as(disaggregated.err()).isZero();
    assertThat(disaggregated.out()).contains("TPOT objective n/a").doesNotContain("above the 0.0 ms TPOT objective");
    // two output tokens: the objective applies, and 1 µs is out of reach
    String[] two = base.clone();
    two[two.length - 1] = "2";
    InferCommandTest.Run refused = InferCommandTest.run(with(two, "--tpot-slo", "0.000001"));
    assertThat(refused.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(refused.err()).contains("and TPOT <= 1.0E-6 s", "above the 0.0 ms objective");
    assertThat(JSON.readTree(InferCommandTest.run(with(two, "--json")).out()).get("tpotObjectiveApplies").asBoolean())
        .isTrue();
  }

  // s24j: --host-us-per-eager-layer reaches the planner's steady iterations (HostCost, s22d) and --simulate's engine;
  // the plan's TTFT grows, the assumptions say so
  @Test
  void aHostLaunchTimePerEagerLayerLengthensThePlanAndTheSimulatedTtft() throws Exception {
    String[] plan = {"capacity", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--rps", "2", "--input", "128",
        "--output", "128", "--simulate", "--duration", "30", "--json"};
    InferCommandTest.Run plain = InferCommandTest.run(plan);
    InferCommandTest.Run eager = InferCommandTest.run(with(plan, "--host-us-per-eager-layer", "976"));
    assertThat(plain.code()).as(plain.err()).isZero();
    assertThat(eager.code()).as(eager.err()).isZero();
    JsonNode p = JSON.readTree(plain.out());
    JsonNode e = JSON.readTree(eager.out());
    double launch = 32 * 976e-6; // Llama 3.1 8B's 32 layers
    assertThat(p.get("ttftSeconds").asDouble()).isLessThan(launch);
    assertThat(e.get("ttftSeconds").asDouble()).isGreaterThan(launch);
    assertThat(e.get("simulated").get("ttftP50Seconds").asDouble()).isGreaterThan(launch)
        .isGreaterThan(p.get("simulated").get("ttftP50Seconds").asDouble());
    assertThat(e.get("assumptions").toString()).contains("the iteration carrying a prompt, launched without a CUDA"
        + " graph, 976.0 µs per layer more (s24g)");
    assertThat(p.get("assumptions").toString()).doesNotContain("launched without a CUDA graph");
  }

  // s24m: --fused-allreduce reaches every candidate's scenario (CapacityRequest.fusedOneShotAllReduce): DeepSeek-V3 on
  // B200 at tp 8 decodes with the fused one-shot all-reduce (s24l), so the plan's TPOT is shorter; on H200 the plan is
  // the same with or without it
  @Test
  void theFusedOneShotAllReduceReachesThePlanOnBlackwellTp8Only() throws Exception {
    String[] plan = {"capacity", "--model", "deepseek-v3", "--accelerator", "b200", "--tp", "8", "--weights", "fp8",
        "--rps", "4", "--input", "1024", "--output", "256", "--json"};
    InferCommandTest.Run plain = InferCommandTest.run(plan);
    InferCommandTest.Run fused = InferCommandTest.run(with(plan, "--fused-allreduce"));
    assertThat(plain.code()).as(plain.err()).isZero();
    assertThat(fused.code()).as(fused.err()).isZero();
    assertThat(JSON.readTree(fused.out()).get("tpotSeconds").asDouble())
        .isLessThan(JSON.readTree(plain.out()).get("tpotSeconds").asDouble());
    String[] hopper = {"capacity", "--model", "deepseek-v3", "--accelerator", "h200", "--tp", "8", "--weights", "fp8",
        "--rps", "4", "--input", "1024", "--output", "256", "--json"};
    InferCommandTest.Run hopperPlain = InferCommandTest.run(hopper);
    InferCommandTest.Run hopperFused = InferCommandTest.run(with(hopper, "--fused-allreduce"));
    assertThat(hopperFused.code()).as(hopperFused.err()).isZero();
    assertThat(hopperFused.out()).isEqualTo(hopperPlain.out());
  }

  private static String[] with(String[] args, String... more) {
    return java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.Arrays.stream(more))
        .toArray(String[]::new);
  }
}
