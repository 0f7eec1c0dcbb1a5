package dev.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.costmodel.inference.InferenceScenario;
import dev.llmcost.costmodel.serving.ArrivalBatching;
import dev.llmcost.costmodel.serving.ArrivalProcess;
import dev.llmcost.costmodel.inference.PrefillScheduling;
import dev.llmcost.costmodel.serving.LengthDistribution;
import dev.llmcost.costmodel.serving.PrefillGate;
import dev.llmcost.costmodel.serving.Router;
import dev.llmcost.costmodel.serving.ServingSimulation;
import dev.llmcost.costmodel.serving.ServingSimulator;
import dev.llmcost.costmodel.serving.SimulationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimulateCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theIssuesExampleRunsAndPrintsTheContractKeys() throws Exception {
    InferCommandTest.Run r = InferCommandTest.run("simulate", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm",
        "--rps", "10", "--input-dist", "lognormal:1000,0.8", "--output-dist", "lognormal:250,0.6", "--duration", "120",
        "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode n = JSON.readTree(r.out());
    for (String key : new String[] {"ttftSeconds", "tpotSeconds", "itlSeconds", "e2eSeconds", "throughputRequestsPerSecond",
        "outputTokensPerSecond", "goodputRequestsPerSecond", "meetsObjectives", "preemptions", "series", "assumptions",
        "defaultsUsed", "gpus", "kvCacheBlocksPerReplica"}) {
      assertThat(n.has(key)).as(key).isTrue();
    }
    assertThat(n.get("ttftSeconds").get("p99").asDouble()).isGreaterThanOrEqualTo(n.get("ttftSeconds").get("p50").asDouble());
    assertThat(n.get("defaultsUsed").has("max-num-seqs")).isTrue();
    assertThat(n.get("completed").asLong()).isEqualTo(n.get("requests").asLong());
  }

  @Test
  void aClosedLoopOfClientsRunsFromTheCommandLine() throws Exception {
    // s22a: --concurrency C, 10 x C requests by default, echoed; the assumptions say it is a closed loop
    InferCommandTest.Run r = InferCommandTest.run("simulate", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm",
        "--concurrency", "8", "--input-dist", "uniform:819,1024", "--output-dist", "uniform:100,128", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode n = JSON.readTree(r.out());
    assertThat(n.get("concurrency").asInt()).isEqualTo(8);
    assertThat(n.get("requests").asLong()).isEqualTo(80);
    assertThat(n.get("completed").asLong()).isEqualTo(80);
    assertThat(n.get("defaultsUsed").get("requests").asText()).isEqualTo("80 (10 x --concurrency)");
    assertThat(n.get("defaultsUsed").has("frontend-ms")).isFalse();
    assertThat(n.get("assumptions").get(0).asText()).startsWith("load: closed loop of 8 clients starting together at"
        + " t = 0, 80 requests in all");
    InferCommandTest.Run text = InferCommandTest.run("simulate", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm",
        "--concurrency", "2", "--requests", "6", "--think-ms", "100");
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out()).contains("closed loop of 2 clients", "6 requests in", "plus 0.1 s of think time");
  }

  @Test
  void theReportEchoesItsDefaults() {
    InferCommandTest.Run r = InferCommandTest.run("simulate", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm",
        "--rps", "5", "--duration", "60");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("defaults used: --input-dist fixed:1024, --output-dist fixed:256",
        "--max-num-seqs 1,024", "time to first token", "goodput");
  }

  @Test
  void featuresRunFromTheCommandLine() throws Exception {
    InferCommandTest.Run r = InferCommandTest.run("simulate", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm",
        "--rps", "8", "--duration", "60", "--spec-k", "4", "--spec-acceptance", "0.7", "--prefix-hit-rate", "0.5",
        "--disaggregate", "1:1", "--router", "least-outstanding", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode n = JSON.readTree(r.out());
    assertThat(n.get("gpus").asInt()).isEqualTo(2);
    assertThat(n.get("defaultsUsed").get("spec-draft").asText()).isEqualTo("llama-3.2-1b");
    // 1 + 1 GPUs fit one HGX node: the KV cache crosses NVLink, and the default says so (not "network")
    assertThat(n.get("defaultsUsed").get("kv-link-gbps").asText()).contains("the scale-up link", "2 GPUs fit one"
        + " scale-up domain of 8").doesNotContain("network bandwidth");
    InferCommandTest.Run given = InferCommandTest.run("simulate", "--model", "llama-3.1-8b", "--accelerator",
        "h100-sxm", "--rps", "4", "--duration", "30", "--disaggregate", "1:1", "--kv-link-gbps", "5", "--json");
    assertThat(given.code()).as(given.err()).isZero();
    assertThat(JSON.readTree(given.out()).get("defaultsUsed").has("kv-link-gbps")).isFalse();
    assertThat(JSON.readTree(given.out()).get("assumptions").toString()).contains("5.0 GB/s (given)");
    InferCommandTest.Run front = InferCommandTest.run("simulate", "--model", "llama-3.1-8b", "--accelerator",
        "h100-sxm", "--rps", "8", "--duration", "60", "--frontend-ms", "3", "--json");
    assertThat(front.code()).as(front.err()).isZero();
    JsonNode f = JSON.readTree(front.out());
    assertThat(f.get("defaultsUsed").has("frontend-ms")).isFalse();
    assertThat(f.get("assumptions").toString()).contains("API front end: 3 ms of CPU per request");
    InferCommandTest.Run none = InferCommandTest.run("simulate", "--model", "llama-3.1-8b", "--accelerator",
        "h100-sxm", "--rps", "8", "--duration", "60", "--json");
    assertThat(f.get("ttftSeconds").get("p50").asDouble())
        .isGreaterThan(JSON.readTree(none.out()).get("ttftSeconds").get("p50").asDouble() + 0.002);
  }

  // s20p: --decode-tp / --decode-limits, the decode pool of its own engine (Disaggregation.withDecodePool, s20c)
  @Test
  void aDecodePoolOfItsOwnTensorParallelismShortensTpot() throws Exception {
    String[] base = {"simulate", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--rps", "4", "--duration",
        "30", "--disaggregate", "1:1", "--json"};
    InferCommandTest.Run same = InferCommandTest.run(base);
    assertThat(same.code()).as(same.err()).isZero();
    JsonNode s = JSON.readTree(same.out());
    assertThat(s.has("decodePool")).isFalse();
    assertThat(s.get("defaultsUsed").has("decode-tp")).isFalse();
    String[] own = java.util.Arrays.copyOf(base, base.length + 2);
    own[base.length] = "--decode-tp";
    own[base.length + 1] = "2";
    InferCommandTest.Run r = InferCommandTest.run(own);
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode n = JSON.readTree(r.out());
    assertThat(n.get("gpus").asInt()).isEqualTo(3);
    assertThat(n.get("tp").asInt()).isEqualTo(1);
    assertThat(n.get("decodePool").get("tp").asInt()).isEqualTo(2);
    // the prefill replicas' limits, vLLM v1's defaults for an 80 GB GPU, echoed
    assertThat(n.get("decodePool").get("maxNumSeqs").asInt()).isEqualTo(1024);
    assertThat(n.get("decodePool").get("maxBatchedTokens").asInt()).isEqualTo(8192);
    assertThat(n.get("defaultsUsed").get("decode-limits").asText()).isEqualTo("1024,8192 (the prefill replicas' limits)");
    assertThat(n.get("assumptions").toString()).contains("decode pool of its own engine: tp 2 (prefill pool tp 1)");
    // s21b: the decode pool's own KV blocks (half the weights per GPU at tp 2: more), the top level the prefill's
    assertThat(n.get("decodePool").get("kvCacheBlocksPerReplica").asLong())
        .isGreaterThan(n.get("kvCacheBlocksPerReplica").asLong());
    assertThat(n.get("kvCacheBlocksPerReplica").asLong()).isEqualTo(s.get("kvCacheBlocksPerReplica").asLong());
    assertThat(n.get("defaultsUsed").get("max-num-seqs").asText()).endsWith("; the prefill replicas')");
    assertThat(s.get("defaultsUsed").get("max-num-seqs").asText()).doesNotContain("prefill");
    double tpot = n.get("tpotSeconds").get("p50").asDouble();
    double tpotSame = s.get("tpotSeconds").get("p50").asDouble();
    System.out.printf("s20p: llama-3.1-8b h100-sxm 1:1 at 4 req/s, TPOT P50 decode tp 1 %.5f s, decode tp 2 %.5f s%n",
        tpotSame, tpot);
    assertThat(tpot).isLessThan(0.8 * tpotSame);
    // the first token is the prefill pool's in both: TTFT moves far less than TPOT
    assertThat(n.get("ttftSeconds").get("p50").asDouble())
        .isCloseTo(s.get("ttftSeconds").get("p50").asDouble(), org.assertj.core.data.Percentage.withPercentage(20));
    InferCommandTest.Run text = InferCommandTest.run("simulate", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm",
        "--rps", "4", "--duration", "30", "--disaggregate", "1:2", "--decode-tp", "2", "--decode-limits", "64,4096");
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out()).contains("1 prefill replica of tp 1 + 2 decode replicas of tp 2 with at most 64 sequences"
        + " and 4,096 tokens per step (5 GPUs)", "decode pool of its own engine: tp 2 (prefill pool tp 1), at most 64"
        + " sequences and a budget of 4,096 tokens").doesNotContain("--decode-limits", "--decode-tp");
    assertThat(text.out()).containsPattern("KV cache peak \\d+% \\(mean over replicas\\) of [0-9,]+ blocks per prefill"
        + " replica and [0-9,]+ per decode replica");
    // limits alone: the prefill replicas' tp, echoed
    InferCommandTest.Run limits = InferCommandTest.run("simulate", "--model", "llama-3.1-8b", "--accelerator",
        "h100-sxm", "--rps", "4", "--duration", "30", "--disaggregate", "1:1", "--decode-limits", "64,4096", "--json");
    assertThat(limits.code()).as(limits.err()).isZero();
    JsonNode l = JSON.readTree(limits.out());
    assertThat(l.get("decodePool").get("tp").asInt()).isEqualTo(1);
    assertThat(l.get("decodePool").get("maxNumSeqs").asInt()).isEqualTo(64);
    assertThat(l.get("defaultsUsed").get("decode-tp").asText()).isEqualTo("1 (the prefill replicas' --tp)");
  }

  // s20p: the library's refusals of a decode pool of its own, by option
  @Test
  void decodePoolRefusalsNameTheOption() {
    InferCommandTest.Run dp = InferCommandTest.run("simulate", "--model", "mixtral-8x7b-v0.1", "--accelerator",
        "h100-sxm", "--rps", "2", "--duration", "10", "--tp", "2", "--ep", "2", "--attention-dp", "--disaggregate", "1:1",
        "--decode-tp", "2");
    assertThat(dp.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(dp.err().strip()).isEqualTo("llmcost: --attention-dp with --decode-tp 2: the decode engine's attention"
        + " data parallelism is not simulated in a decode pool of its own");
    InferCommandTest.Run ep = InferCommandTest.run("simulate", "--model", "mixtral-8x7b-v0.1", "--accelerator",
        "h100-sxm", "--rps", "2", "--duration", "10", "--tp", "2", "--ep", "2", "--disaggregate", "1:1",
        "--decode-tp", "1");
    assertThat(ep.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(ep.err().strip()).startsWith("llmcost: --decode-tp 1: ").contains("ep");
    InferCommandTest.Run memory = InferCommandTest.run("simulate", "--model", "llama-3.1-70b", "--accelerator",
        "h100-sxm", "--rps", "1", "--duration", "10", "--tp", "4", "--disaggregate", "1:1", "--decode-tp", "1");
    assertThat(memory.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(memory.err().strip()).startsWith("llmcost: --decode-tp 1: decode pool: llama-3.1-70b on h100-sxm with"
        + " tp 1: weights").endsWith("leave no room for the KV cache");
  }

  @Test
  void chartsDrawLatencyPercentilesAgainstTheRequestRate(@TempDir Path dir) throws Exception {
    InferCommandTest.Run r = InferCommandTest.run("simulate", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm",
        "--rps", "8", "--duration", "60", "--charts", dir.toString(), "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode n = JSON.readTree(r.out());
    JsonNode sweep = n.get("rateSweep");
    assertThat(sweep.size()).isEqualTo(8);
    assertThat(sweep.get(0).get("requestsPerSecond").asDouble()).isEqualTo(1.0);
    assertThat(sweep.get(7).get("requestsPerSecond").asDouble()).isEqualTo(16.0);
    assertThat(sweep.get(7).get("ttftSeconds").get("p99").asDouble())
        .isGreaterThan(sweep.get(0).get("ttftSeconds").get("p99").asDouble());
    assertThat(n.get("charts").size()).isEqualTo(4);
    for (String f : new String[] {"latency-vs-rate-ttft.png", "latency-vs-rate-ttft.svg", "latency-vs-rate-tpot.png",
        "latency-vs-rate-tpot.svg"}) {
      assertThat(dir.resolve(f)).isNotEmptyFile();
    }
    InferCommandTest.Run text = InferCommandTest.run("simulate", "--model", "llama-3.1-8b", "--accelerator",
        "h100-sxm", "--rps", "8", "--duration", "30", "--charts", dir.resolve("again").toString());
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out()).contains("latency against request rate", "charts (4 files) in");
  }

  @Test
  void aTraceFileDrivesIt(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("t.jsonl");
    Files.writeString(f, "{\"arrival\": 0.0, \"prompt_tokens\": 500, \"output_tokens\": 20}\n"
        + "{\"arrival\": 0.5, \"prompt_tokens\": 800, \"output_tokens\": 30}\n");
    InferCommandTest.Run r = InferCommandTest.run("simulate", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm",
        "--trace", f.toString(), "--json");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(JSON.readTree(r.out()).get("completed").asInt()).isEqualTo(2);
    InferCommandTest.Run charted = InferCommandTest.run("simulate", "--model", "llama-3.1-8b", "--accelerator",
        "h100-sxm", "--trace", f.toString(), "--charts", dir.resolve("c").toString());
    assertThat(charted.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(charted.err().strip()).isEqualTo("llmcost: --charts varies the request rate; it needs --rps, not --trace");
    Files.writeString(f, "{\"arrival\": 0.0, \"prompt_tokens\": 500, \"output_tokens\": 20}\n{\"arrival\": 1}\n");
    InferCommandTest.Run bad = InferCommandTest.run("simulate", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm",
        "--trace", f.toString());
    assertThat(bad.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(bad.err().strip()).endsWith("t.jsonl:2: field 'prompt_tokens': missing");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "--rps -1                          | --rps must be > 0 and finite, was -1.0",
    "--rps 5 --input-dist normal:3     | --input-dist: length distribution must be fixed:N",
    "--rps 5 --disaggregate 2          | --disaggregate must be PREFILL:DECODE replicas such as 1:2, was \"2\"",
    "--rps 5 --spec-k 4                | speculative decoding needs both --spec-k and --spec-acceptance",
    "--rps 5 --spec-k 4 --spec-acceptance 1 | --spec-acceptance must be in [0, 1), was 1.0",
    "--rps 5 --router prefix           | --router must be round-robin, least-outstanding or prefix-aware, was \"prefix\"",
    "--rps 5 --router random           | --router must be round-robin, least-outstanding or prefix-aware, was \"random\"",
    "--rps 5 --tp 3                    | --tp 3: ",
    "--rps 5 --pp 0                    | --pp: pp must be > 0, was 0",
    "--rps 5 --pp 64                   | --pp: pp must be <= layers (32), was 64",
    "--rps 5 --pp 2 --prefix-hit-rate 0.5 | --prefix-hit-rate 0.5 is not simulated with --pp 2",
    "--rps 5 --pp 2 --disaggregate 1:1 | --disaggregate 1:1 is not simulated with --pp 2",
    "--rps 5 --pp 2 --spec-k 2 --spec-acceptance 0.7 | speculative decoding (--spec-k, --spec-acceptance, --spec-draft) is not simulated with --pp 2",
    "--rps 5 --pp 2 --cuda-graph-sizes 1,2,4 | --cuda-graph-sizes 1,2,4 is not simulated with --pp 2",
    "--rps 5 --pp 2 --scheduler-steps 8 | --scheduler-steps 8 (vLLM V0's scheduler) is not simulated with --pp 2",
    "--rps 5 --disaggregate 1:1 --prefill-scheduling separate | --prefill-scheduling separate (vLLM V0's scheduler) is not simulated with --disaggregate 1:1",
    "--rps 5 --pp 2 --overlap-scheduler | --overlap-scheduler (TensorRT-LLM's) is not simulated with --pp 2",
    "--rps 5 --disaggregate 1:1 --overlap-scheduler | --overlap-scheduler (TensorRT-LLM's) is not simulated with --disaggregate 1:1",
    "--rps 5 --scheduler-steps 4 --overlap-scheduler | --overlap-scheduler (TensorRT-LLM's) is not simulated with --scheduler-steps 4",
    "--rps 5 --prefill-scheduling separate --overlap-scheduler | --overlap-scheduler (TensorRT-LLM's) is not simulated with --prefill-scheduling separate",
    "--rps 5 --attention-dp            | --ep, --attention-dp, --expert-communication and --expert-imbalance apply to MoE models; llama-3.1-8b is dense",
    "--rps 5 --attention-dp-balance on | --attention-dp-balance applies with --attention-dp and --tp above 1",
    "--rps 5 --harness-batching -0.1,32 | --harness-batching must be off or WINDOW,MAX such as 0.3,96 (WINDOW seconds, 0 or in [0.000001, 3600]; MAX requests in [1, 1000000]), was \"-0.1,32\"",
    "--rps 5 --harness-batching NaN,32 | --harness-batching must be off or WINDOW,MAX such as 0.3,96 (WINDOW seconds, 0 or in [0.000001, 3600]; MAX requests in [1, 1000000]), was \"NaN,32\"",
    "--rps 5 --harness-batching Infinity,32 | was \"Infinity,32\"",
    "--rps 5 --harness-batching 0.05,0 | --harness-batching must be off or WINDOW,MAX such as 0.3,96 (WINDOW seconds, 0 or in [0.000001, 3600]; MAX requests in [1, 1000000]), was \"0.05,0\"",
    "--rps 5 --harness-batching 0.05,-4 | was \"0.05,-4\"",
    "--rps 5 --harness-batching 0.05,1.5 | was \"0.05,1.5\"",
    "--rps 5 --harness-batching 0.05 | was \"0.05\"",
    "--rps 5 --harness-batching 0.05,32,1 | was \"0.05,32,1\"",
    "--rps 5 --harness-batching on | was \"on\"",
    "--rps 5 --harness-batching 1e-7,32 | was \"1e-7,32\"",
    "--rps 5 --harness-batching 3601,32 | was \"3601,32\"",
    "--rps 5 --harness-batching 0.05,1000001 | was \"0.05,1000001\"",
    "--rps 5 --prefill-gate 608,0,8 | --prefill-gate 608,0,8 needs --prefill-scheduling separate (AMD's patch gates vLLM V0's prefill-only steps), was without it (mixed, the default)",
    "--rps 5 --prefill-scheduling mixed --prefill-gate 608,0,8 | --prefill-gate 608,0,8 needs --prefill-scheduling separate (AMD's patch gates vLLM V0's prefill-only steps), was --prefill-scheduling mixed",
    "--rps 5 --pp 2 --prefill-scheduling separate --prefill-gate 608,0,8 | --prefill-scheduling separate and --prefill-gate 608,0,8 (vLLM V0's scheduler) is not simulated with --pp 2",
    "--rps 5 --disaggregate 1:1 --prefill-scheduling separate --prefill-gate 608,0,8 | --prefill-scheduling separate and --prefill-gate 608,0,8 (vLLM V0's scheduler) is not simulated with --disaggregate 1:1",
    "--rps 5 --scheduler-steps 4 --prefill-scheduling separate --prefill-gate 608,0,8 --pp 2 | --scheduler-steps 4, --prefill-scheduling separate and --prefill-gate 608,0,8 (vLLM V0's scheduler) is not simulated with --pp 2",
    "--rps 5 --prefill-scheduling separate --prefill-gate 608,0,8 --overlap-scheduler | --overlap-scheduler (TensorRT-LLM's) is not simulated with --prefill-scheduling separate and --prefill-gate 608,0,8",
    "--rps 5 --prefill-scheduling separate --prefill-gate 0,0,8 | --prefill-gate must be off or MAX_RUNNING,MIN_FREE_BLOCKS,MIN_WAITING such as 608,0,8 (MAX_RUNNING sequences in [1, 1000000]; MIN_FREE_BLOCKS at least 0; MIN_WAITING requests in [0, 1000000]), was \"0,0,8\"",
    "--rps 5 --prefill-scheduling separate --prefill-gate 1000001,0,8 | was \"1000001,0,8\"",
    "--rps 5 --prefill-scheduling separate --prefill-gate 608,-1,8 | was \"608,-1,8\"",
    "--rps 5 --prefill-scheduling separate --prefill-gate 608,0,-1 | was \"608,0,-1\"",
    "--rps 5 --prefill-scheduling separate --prefill-gate 608,0,1000001 | was \"608,0,1000001\"",
    "--rps 5 --prefill-scheduling separate --prefill-gate 608,0.5,8 | was \"608,0.5,8\"",
    "--rps 5 --prefill-scheduling separate --prefill-gate 608,0 | was \"608,0\"",
    "--rps 5 --prefill-scheduling separate --prefill-gate 608,0,8,1 | was \"608,0,8,1\"",
    "--rps 5 --prefill-scheduling separate --prefill-gate on | was \"on\"",
    "--rps 5 --prefill-scheduling separate --prefill-gate 608,x,8 | was \"608,x,8\"",
    "--rps 5 --prefill-scheduling separate --prefill-gate 608,99999999999999999999,8 | was \"608,99999999999999999999,8\"",
    "--rps 5 --decode-tp 2             | --decode-tp 2 needs --disaggregate",
    "--rps 5 --decode-limits 64,4096   | --decode-limits 64,4096 needs --disaggregate",
    "--rps 5 --disaggregate 1:1 --decode-tp 0 | --decode-tp must be in [1, 1024], was 0",
    "--rps 5 --disaggregate 1:1 --decode-tp 2000 | --decode-tp must be in [1, 1024], was 2000",
    "--rps 5 --disaggregate 1:1 --decode-tp 3 | --decode-tp 3: ",
    "--rps 5 --disaggregate 1:1 --decode-limits 64,32 | --decode-limits 64,32: maxBatchedTokens (32) must be >= maxNumSeqs (64)",
    "--rps 5 --disaggregate 1:1 --decode-tp 2 --decode-limits 64 | --decode-limits must be SEQS,TOKENS such as 256,8192, was \"64\"",
    "--rps 5 --disaggregate 1:1 --decode-limits 64,x | --decode-limits must be SEQS,TOKENS such as 256,8192, was \"64,x\"",
    "--rps 5 --disaggregate 1:1 --decode-limits 64,4096,1 | was \"64,4096,1\"",
    "--rps 5 --disaggregate 1:1 --decode-limits 0,4096 | --decode-limits needs SEQS in [1, 1000000] and TOKENS in [1, 1048576], was \"0,4096\"",
    "--rps 5 --disaggregate 1:1 --decode-limits 64,2000000 | was \"64,2000000\"",
    "--rps 5 --disaggregate 1:1 --decode-tp 2 --spec-k 2 --spec-acceptance 0.7 | --decode-tp 2: speculative decoding (--spec-k, --spec-acceptance, --spec-draft) is not simulated with a decode pool of its own engine",
    "--rps 5 --pp 2 --disaggregate 1:1 --decode-tp 2 | --disaggregate 1:1 is not simulated with --pp 2",
    "--rps 1e6 --duration 1e6          | at most 20,000,000 per simulation",
    "--rps 5 --prefix-hit-rate 2       | --prefix-hit-rate must be in [0, 1], was 2.0",
    "--rps 5 --frontend-ms -1          | --frontend-ms must be in [0, 60000], was -1.0",
    "--duration 10                     | --rps is required (or --trace, or --concurrency)",
  })
  void badInputIsOneLineNamingTheOption(String args, String message) {
    String[] base = {"simulate", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm"};
    String[] extra = args.trim().split("\\s+");
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    InferCommandTest.Run r = InferCommandTest.run(all);
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains(message.strip());
  }

  // s12a: the library refuses a scenario beyond the model's context; simulate's engine (whose lengths the simulator
  // ignores) is built within GPT-2's 1,024 learned positions, so the command runs as before
  @Test
  void aModelWithAShortLearnedTableIsStillSimulated() {
    InferCommandTest.Run r = InferCommandTest.run("simulate", "--model", "gpt2", "--accelerator", "h100-sxm",
        "--rps", "5", "--duration", "20", "--input-dist", "fixed:512", "--output-dist", "fixed:128");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("time to first token");
  }

  // s12o: requests past a rotary model's context are shortened to it unless --allow-long-context runs them whole
  @Test
  void allowLongContextRunsRequestsPastTheContextWhole() {
    String[] args = {"simulate", "--model", "llama-2-7b", "--accelerator", "h100-sxm", "--rps", "0.5", "--duration",
        "20", "--input-dist", "fixed:4000", "--output-dist", "fixed:200"};
    InferCommandTest.Run shortened = InferCommandTest.run(args);
    assertThat(shortened.code()).as(shortened.err()).isZero();
    assertThat(shortened.out()).contains("requests shortened to the model's context of 4096 tokens");
    InferCommandTest.Run whole = InferCommandTest.run(java.util.stream.Stream.concat(java.util.Arrays.stream(args),
        java.util.stream.Stream.of("--allow-long-context")).toArray(String[]::new));
    assertThat(whole.code()).as(whole.err()).isZero();
    assertThat(whole.out()).contains("requests run past the model's configured context of 4096 tokens")
        .doesNotContain("shortened");
  }

  // s16g: --pp runs the pipelined engine the serving simulator has had since s15f (TensorRT-LLM's in-flight micro-batches),
  // refused as infer --pp refuses it
  @Test
  void pipelineParallelismRunsFromTheCommandLine() throws Exception {
    String[] args = {"simulate", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--rps", "4", "--duration",
        "30", "--pp", "2"};
    InferCommandTest.Run r = InferCommandTest.run(java.util.stream.Stream.concat(java.util.Arrays.stream(args),
        java.util.stream.Stream.of("--json")).toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode n = JSON.readTree(r.out());
    assertThat(n.get("pp").asInt()).isEqualTo(2);
    assertThat(n.get("tp").asInt()).isEqualTo(1);
    assertThat(n.get("gpus").asInt()).isEqualTo(2);
    assertThat(n.get("completed").asLong()).isPositive();
    assertThat(n.get("assumptions").toString()).contains("micro-batches in flight (pp 2)");
    InferCommandTest.Run text = InferCommandTest.run(args);
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out()).contains("1 replica of tp 1, pp 2 (2 GPUs)", "micro-batches in flight (pp 2)");
    InferCommandTest.Run one = InferCommandTest.run("simulate", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm",
        "--rps", "4", "--duration", "30", "--json");
    assertThat(JSON.readTree(one.out()).get("pp").asInt()).isEqualTo(1);
    assertThat(JSON.readTree(one.out()).get("assumptions").toString()).doesNotContain("micro-batches in flight");
    // the same refusal as infer's, word for word
    for (String pp : new String[] {"0", "64"}) {
      InferCommandTest.Run infer = InferCommandTest.run("infer", "--model", "llama-3.1-8b", "--accelerator",
          "h100-sxm", "--pp", pp);
      InferCommandTest.Run simulate = InferCommandTest.run("simulate", "--model", "llama-3.1-8b", "--accelerator",
          "h100-sxm", "--rps", "4", "--pp", pp);
      assertThat(simulate.code()).isEqualTo(Main.BAD_INPUT).isEqualTo(infer.code());
      assertThat(simulate.err()).isEqualTo(infer.err());
    }
  }

  // s17c: the engine behaviours ServingSimulation.Builder has had since s15b, s16a and s16b, from the command line
  private static JsonNode simulated(String... extra) throws Exception {
    String[] base = {"simulate", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--rps", "8", "--duration",
        "30", "--json"};
    InferCommandTest.Run r = InferCommandTest.run(java.util.stream.Stream.concat(java.util.Arrays.stream(base),
        java.util.Arrays.stream(extra)).toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isZero();
    return JSON.readTree(r.out());
  }

  @Test
  void theDefaultEngineBehavioursAreEchoedInTheJson() throws Exception {
    JsonNode n = simulated();
    assertThat(n.get("schedulerSteps").asInt()).isEqualTo(1);
    assertThat(n.get("prefillScheduling").asText()).isEqualTo("mixed");
    assertThat(n.get("cudaGraphSizes")).isEmpty();
    assertThat(n.get("overlapScheduler").asBoolean()).isFalse();
    assertThat(n.get("assumptions").toString()).doesNotContain("overlap scheduler", "multi-step scheduling",
        "separate prefill", "CUDA graphs padded");
  }

  @Test
  void theOverlapSchedulerDelaysAdmissionSoTtftRises() throws Exception {
    JsonNode off = simulated();
    JsonNode on = simulated("--overlap-scheduler");
    assertThat(on.get("overlapScheduler").asBoolean()).isTrue();
    assertThat(on.get("assumptions").toString()).contains("overlap scheduler (TensorRT-LLM PyTorch executor");
    assertThat(on.get("ttftSeconds").get("mean").asDouble()).isGreaterThan(off.get("ttftSeconds").get("mean").asDouble());
  }

  @Test
  void multiStepSchedulingMakesArrivalsWaitForTheWindow() throws Exception {
    JsonNode one = simulated();
    JsonNode eight = simulated("--scheduler-steps", "8");
    assertThat(eight.get("schedulerSteps").asInt()).isEqualTo(8);
    assertThat(eight.get("assumptions").toString()).contains("multi-step scheduling (vLLM V0 num_scheduler_steps 8)");
    assertThat(eight.get("ttftSeconds").get("mean").asDouble())
        .isGreaterThan(one.get("ttftSeconds").get("mean").asDouble());
  }

  @Test
  void separatePrefillStepsPauseDecoding() throws Exception {
    JsonNode mixed = simulated("--prefill-scheduling", "mixed");
    JsonNode separate = simulated("--prefill-scheduling", "separate");
    assertThat(separate.get("prefillScheduling").asText()).isEqualTo("separate");
    assertThat(separate.get("assumptions").toString()).contains("separate prefill (vLLM V0 without chunked prefill)");
    assertThat(mixed.get("assumptions").toString()).doesNotContain("separate prefill");
    // decoding waits behind whole prompts: the worst inter-token gaps grow
    assertThat(separate.get("itlSeconds").get("max").asDouble())
        .isGreaterThan(mixed.get("itlSeconds").get("max").asDouble());
  }

  @Test
  void cudaGraphPaddingRunsDecodeStepsAtTheCapturedSize() throws Exception {
    JsonNode eager = simulated();
    JsonNode padded = simulated("--cuda-graph-sizes", "512");
    assertThat(padded.get("cudaGraphSizes").toString()).isEqualTo("[512]");
    assertThat(padded.get("assumptions").toString()).contains("CUDA graphs padded (s16b)", "[512]");
    // a few sequences decoding at 512 rows: the GEMMs are compute-bound and every token slower
    assertThat(padded.get("tpotSeconds").get("mean").asDouble())
        .isGreaterThan(eager.get("tpotSeconds").get("mean").asDouble());
    InferCommandTest.Run text = InferCommandTest.run("simulate", "--model", "llama-3.1-8b", "--accelerator",
        "h100-sxm", "--rps", "8", "--duration", "30", "--cuda-graph-sizes", "1, 2,4,512");
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out()).contains("CUDA graphs padded (s16b)", "[1, 2, 4, 512]");
  }

  // s18f: the mixture-of-experts layout (as infer takes it) and TensorRT-LLM's attention-DP balancing
  private static final java.util.Map<String, JsonNode> DEEPSEEK = new java.util.HashMap<>();

  private static JsonNode deepSeek(String... extra) throws Exception {
    String key = String.join(" ", extra);
    JsonNode cached = DEEPSEEK.get(key);
    if (cached != null) {
      return cached;
    }
    String[] base = {"simulate", "--model", "deepseek-v3", "--accelerator", "h200-sxm", "--tp", "8", "--weights", "fp8",
        "--rps", "4", "--duration", "20", "--json"};
    InferCommandTest.Run r = InferCommandTest.run(java.util.stream.Stream.concat(java.util.Arrays.stream(base),
        java.util.Arrays.stream(extra)).toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode n = JSON.readTree(r.out());
    DEEPSEEK.put(key, n);
    return n;
  }

  @Test
  void attentionDataParallelismHoldsEveryRanksKvCacheAndRunsInLockStep() throws Exception {
    JsonNode tp = deepSeek();
    JsonNode dp = deepSeek("--ep", "8", "--attention-dp");
    assertThat(tp.get("ep").asInt()).isEqualTo(1);
    assertThat(tp.get("attentionDataParallel").asBoolean()).isFalse();
    assertThat(dp.get("ep").asInt()).isEqualTo(8);
    assertThat(dp.get("attentionDataParallel").asBoolean()).isTrue();
    assertThat(dp.get("expertCommunication").asText()).isEqualTo("all-to-all");
    assertThat(dp.get("defaultsUsed").get("expert-communication").asText()).startsWith("all-to-all");
    // MLA's latent cache is replicated over tensor-parallel ranks; each attention-DP rank holds its own sequences'
    assertThat(dp.get("kvCacheBlocksPerReplica").asLong()).isGreaterThan(4 * tp.get("kvCacheBlocksPerReplica").asLong());
    assertThat(dp.get("assumptions").toString()).contains("attention data parallelism over 8 ranks",
        "attention data parallelism in lock step (s15a)", "attention-DP balancing off (TensorRT-LLM's default)");
    assertThat(tp.get("assumptions").toString()).doesNotContain("attention data parallelism");
    InferCommandTest.Run text = InferCommandTest.run("simulate", "--model", "deepseek-v3", "--accelerator", "h200-sxm",
        "--tp", "8", "--weights", "fp8", "--rps", "4", "--duration", "20", "--ep", "8", "--attention-dp");
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out()).contains("1 replica of tp 8, ep 8, attention data-parallel (8 GPUs)",
        "attention data parallelism over 8 ranks");
  }

  @Test
  void expertParallelismWaitsForTheBusiestRank() throws Exception {
    JsonNode unbalanced = deepSeek("--ep", "8");
    JsonNode uniform = deepSeek("--ep", "8", "--expert-imbalance", "1");
    assertThat(unbalanced.get("ep").asInt()).isEqualTo(8);
    assertThat(unbalanced.get("defaultsUsed").get("expert-imbalance").asText()).startsWith("1.54");
    assertThat(uniform.get("expertImbalance").asDouble()).isEqualTo(1.0);
    assertThat(uniform.get("tpotSeconds").get("mean").asDouble())
        .isLessThan(unbalanced.get("tpotSeconds").get("mean").asDouble());
  }

  @Test
  void theAllGatherMovesEveryTokenToEveryRank() throws Exception {
    JsonNode a2a = deepSeek("--ep", "8", "--attention-dp");
    JsonNode gather = deepSeek("--ep", "8", "--attention-dp", "--expert-communication", "all-gather");
    assertThat(gather.get("expertCommunication").asText()).isEqualTo("all-gather");
    assertThat(gather.get("tpotSeconds").get("mean").asDouble())
        .isGreaterThan(a2a.get("tpotSeconds").get("mean").asDouble());
  }

  @Test
  void attentionDpBalancingHoldsContextRequestsBack() throws Exception {
    JsonNode off = deepSeek("--ep", "8", "--attention-dp");
    JsonNode on = deepSeek("--ep", "8", "--attention-dp", "--attention-dp-balance", "on");
    JsonNode given = deepSeek("--ep", "8", "--attention-dp", "--attention-dp-balance", "20,5");
    assertThat(off.get("attentionDpBalance").get("enabled").asBoolean()).isFalse();
    assertThat(on.get("attentionDpBalance").toString())
        .isEqualTo("{\"enabled\":true,\"timeoutIters\":50,\"batchingWaitIters\":10}");
    assertThat(given.get("attentionDpBalance").toString())
        .isEqualTo("{\"enabled\":true,\"timeoutIters\":20,\"batchingWaitIters\":5}");
    assertThat(on.get("assumptions").toString()).contains("attention-DP balancing on (TensorRT-LLM enable_balance)",
        "at most 50 iterations");
    // at 4 requests/s the ranks rarely all hold a context request: each waits up to the timeout
    assertThat(on.get("ttftSeconds").get("mean").asDouble())
        .isGreaterThan(2 * off.get("ttftSeconds").get("mean").asDouble());
    assertThat(given.get("ttftSeconds").get("mean").asDouble())
        .isLessThan(on.get("ttftSeconds").get("mean").asDouble());
  }

  // s19b: the harness batcher ahead of the engines (ArrivalBatching, s18k) from the command line
  @Test
  void harnessBatchingHoldsArrivalsAsTheLibraryDoes() throws Exception {
    JsonNode off = simulated("--replicas", "2");
    JsonNode on = simulated("--replicas", "2", "--harness-batching", "0.3,32");
    assertThat(on.get("harnessBatching").toString())
        .isEqualTo("{\"enabled\":true,\"windowSeconds\":0.3,\"maxBatch\":32}");
    assertThat(off.get("harnessBatching").toString())
        .isEqualTo("{\"enabled\":false,\"windowSeconds\":null,\"maxBatch\":null}");
    assertThat(on.get("assumptions").toString()).contains("harness batcher ahead of the engines (s18k): batches of up"
        + " to 32 requests released after 0.300 s since the last release");
    assertThat(off.get("assumptions").toString()).doesNotContain("harness batcher");
    // the same simulation built through the library: TTFT counts from arrival, so held requests add their wait
    InferenceScenario engine = InferenceScenario.builder(Models.resolve("llama-3.1-8b"), Accelerators.resolve("h100-sxm"))
        .build();
    ServingSimulation.Builder b = ServingSimulation.builder(engine).seed(1).replicas(2).router(Router.ROUND_ROBIN)
        .arrivals(ArrivalProcess.gamma(8, 1)).durationSeconds(30).input(LengthDistribution.fixed(1024))
        .output(LengthDistribution.fixed(256));
    SimulationResult plain = ServingSimulator.calibrated().simulate(b.build());
    SimulationResult batched = ServingSimulator.calibrated().simulate(b.batching(ArrivalBatching.of(0.3, 32)).build());
    System.out.printf(java.util.Locale.ROOT, "harness batching 0.3 s, 32 (llama-3.1-8b, h100-sxm, 2 replicas, 8 req/s,"
        + " 30 s): mean TTFT %.4f s (library %.4f s), P99 %.4f s (library %.4f s); off %.4f s (library %.4f s)%n",
        on.get("ttftSeconds").get("mean").asDouble(), batched.ttft().mean(), on.get("ttftSeconds").get("p99").asDouble(),
        batched.ttft().p99(), off.get("ttftSeconds").get("mean").asDouble(), plain.ttft().mean());
    assertThat(on.get("ttftSeconds").get("mean").asDouble()).isEqualTo(batched.ttft().mean());
    assertThat(on.get("ttftSeconds").get("p99").asDouble()).isEqualTo(batched.ttft().p99());
    assertThat(off.get("ttftSeconds").get("mean").asDouble()).isEqualTo(plain.ttft().mean());
    assertThat(batched.ttft().mean()).isGreaterThan(plain.ttft().mean() + 0.05);
    // off is the default: the same run, key for key
    assertThat(simulated("--replicas", "2", "--harness-batching", "off")).isEqualTo(off);
    InferCommandTest.Run text = InferCommandTest.run("simulate", "--model", "llama-3.1-8b", "--accelerator",
        "h100-sxm", "--rps", "8", "--duration", "30", "--harness-batching", "0.05,8");
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out()).contains("harness batcher ahead of the engines (s18k): batches of up to 8 requests released"
        + " after 0.0500 s since the last release");
  }

  // s19i: AMD's MLPerf prefill gate (PrefillGate, s19f) from the command line, on separate prefill
  @Test
  void prefillGateHoldsPrefillsAsTheLibraryDoes() throws Exception {
    JsonNode off = simulated("--prefill-scheduling", "separate");
    JsonNode on = simulated("--prefill-scheduling", "separate", "--prefill-gate", "608,0,8");
    assertThat(on.get("prefillGate").toString())
        .isEqualTo("{\"enabled\":true,\"maxRunning\":608,\"minFreeBlocks\":0,\"minWaiting\":8}");
    assertThat(off.get("prefillGate").toString())
        .isEqualTo("{\"enabled\":false,\"maxRunning\":null,\"minFreeBlocks\":null,\"minWaiting\":null}");
    assertThat(simulated().get("prefillGate").get("enabled").asBoolean()).isFalse();
    assertThat(on.get("assumptions").toString()).contains("prefill gate (AMD MLPerf vLLM patch,"
        + " VLLM_LLAMA2_MLPERF_SCHED; s19f): a scheduling point prefills only while fewer than 608 sequences run, more"
        + " than 0 KV blocks are free and at least 8 requests wait");
    assertThat(off.get("assumptions").toString()).doesNotContain("prefill gate");
    // the same simulation built through the library
    InferenceScenario engine = InferenceScenario.builder(Models.resolve("llama-3.1-8b"), Accelerators.resolve("h100-sxm"))
        .build();
    ServingSimulation.Builder b = ServingSimulation.builder(engine).seed(1).replicas(1).router(Router.ROUND_ROBIN)
        .arrivals(ArrivalProcess.gamma(8, 1)).durationSeconds(30).input(LengthDistribution.fixed(1024))
        .output(LengthDistribution.fixed(256)).prefillScheduling(PrefillScheduling.SEPARATE);
    SimulationResult plain = ServingSimulator.calibrated().simulate(b.build());
    SimulationResult gated = ServingSimulator.calibrated().simulate(b.prefillGate(PrefillGate.of(608, 0, 8)).build());
    System.out.printf(java.util.Locale.ROOT, "prefill gate 608,0,8 (llama-3.1-8b, h100-sxm, separate prefill, 8 req/s,"
        + " 30 s): mean TTFT %.4f s (library %.4f s), P99 %.4f s (library %.4f s), mean TPOT %.5f s (library %.5f s);"
        + " off: mean TTFT %.4f s (library %.4f s), mean TPOT %.5f s (library %.5f s)%n",
        on.get("ttftSeconds").get("mean").asDouble(), gated.ttft().mean(), on.get("ttftSeconds").get("p99").asDouble(),
        gated.ttft().p99(), on.get("tpotSeconds").get("mean").asDouble(), gated.tpot().mean(),
        off.get("ttftSeconds").get("mean").asDouble(), plain.ttft().mean(),
        off.get("tpotSeconds").get("mean").asDouble(), plain.tpot().mean());
    assertThat(on.get("ttftSeconds").get("mean").asDouble()).isEqualTo(gated.ttft().mean());
    assertThat(on.get("ttftSeconds").get("p99").asDouble()).isEqualTo(gated.ttft().p99());
    assertThat(on.get("tpotSeconds").get("mean").asDouble()).isEqualTo(gated.tpot().mean());
    assertThat(off.get("ttftSeconds").get("mean").asDouble()).isEqualTo(plain.ttft().mean());
    assertThat(off.get("tpotSeconds").get("mean").asDouble()).isEqualTo(plain.tpot().mean());
    // waiting for 8 requests after a prefill point lengthens the first token
    assertThat(gated.ttft().mean()).isGreaterThan(plain.ttft().mean());
    // off is the default: the same run, key for key
    assertThat(simulated("--prefill-scheduling", "separate", "--prefill-gate", "off")).isEqualTo(off);
    InferCommandTest.Run text = InferCommandTest.run("simulate", "--model", "llama-3.1-8b", "--accelerator",
        "h100-sxm", "--rps", "8", "--duration", "30", "--prefill-scheduling", "separate", "--prefill-gate", "64,0,4");
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out()).contains("prefill gate (AMD MLPerf vLLM patch, VLLM_LLAMA2_MLPERF_SCHED; s19f): a scheduling"
        + " point prefills only while fewer than 64 sequences run, more than 0 KV blocks are free and at least 4"
        + " requests wait");
  }

  // s24j: --host-us-per-eager-layer (ServingOverheads.hostSecondsPerEagerLayer, s24g) reaches the simulator's steps:
  // one request at a time, each step that prefills a 128-token prompt takes max(GPU, 61 x 976 µs) = 59.536 ms on
  // DeepSeek-V3, the first token's whole time, and the assumptions say so
  @Test
  void aHostLaunchTimePerEagerLayerIsTheStepThatPrefillsWhenItExceedsTheGpu() throws Exception {
    String[] c1 = {"simulate", "--model", "deepseek-v3", "--accelerator", "b200", "--tp", "8", "--weights", "fp8",
        "--concurrency", "1", "--requests", "20", "--input-dist", "fixed:128", "--output-dist", "fixed:128", "--json"};
    InferCommandTest.Run plain = InferCommandTest.run(c1);
    String[] withOption = java.util.Arrays.copyOf(c1, c1.length + 2);
    withOption[c1.length] = "--host-us-per-eager-layer";
    withOption[c1.length + 1] = "976";
    InferCommandTest.Run eager = InferCommandTest.run(withOption);
    assertThat(plain.code()).as(plain.err()).isZero();
    assertThat(eager.code()).as(eager.err()).isZero();
    JsonNode p = JSON.readTree(plain.out());
    JsonNode e = JSON.readTree(eager.out());
    double launch = 61 * 976e-6;
    assertThat(p.get("ttftSeconds").get("p50").asDouble()).isLessThan(launch);
    assertThat(e.get("ttftSeconds").get("p50").asDouble())
        .isCloseTo(launch, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(e.get("assumptions").toString())
        .contains("plus 59.5 ms to launch a step that prefills a prompt without a CUDA graph");
    assertThat(p.get("assumptions").toString()).doesNotContain("without a CUDA graph");
  }

  // s24m: --fused-allreduce reaches the simulated engine (InferenceScenario.fusedOneShotAllReduce, s24l): DeepSeek-V3 on
  // B200 at tp 8 with 64 clients decodes with all-reduces in the fused one-shot range, so its steps are shorter
  @Test
  void theFusedOneShotAllReduceShortensTheSimulatedDecodeSteps() throws Exception {
    String[] c64 = {"simulate", "--model", "deepseek-v3", "--accelerator", "b200", "--tp", "8", "--weights", "fp8",
        "--concurrency", "64", "--requests", "128", "--input-dist", "fixed:1024", "--output-dist", "fixed:256",
        "--json"};
    InferCommandTest.Run plain = InferCommandTest.run(c64);
    String[] withOption = java.util.Arrays.copyOf(c64, c64.length + 1);
    withOption[c64.length] = "--fused-allreduce";
    InferCommandTest.Run fused = InferCommandTest.run(withOption);
    assertThat(plain.code()).as(plain.err()).isZero();
    assertThat(fused.code()).as(fused.err()).isZero();
    assertThat(JSON.readTree(fused.out()).get("tpotSeconds").get("p50").asDouble())
        .isLessThan(JSON.readTree(plain.out()).get("tpotSeconds").get("p50").asDouble());
  }
}
