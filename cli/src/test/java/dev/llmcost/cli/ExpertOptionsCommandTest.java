package dev.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * {@code --expert-weights} on infer, capacity and simulate; {@code --attention-dp} and {@code --expert-communication} on
 * capacity, analytic and simulated.
 */
class ExpertOptionsCommandTest {

  private static final String[] MIXTRAL = {"--model", "mixtral-8x7b-v0.1", "--accelerator", "h100-sxm"};

  private static String[] args(String command, String[] common, String... more) {
    String[] a = new String[1 + common.length + more.length];
    a[0] = command;
    System.arraycopy(common, 0, a, 1, common.length);
    System.arraycopy(more, 0, a, 1 + common.length, more.length);
    return a;
  }

  @Test
  void inferWithSixteenBitExpertsReadsMoreAndServesFewerTokens() {
    JsonNode fp8 = Cli.run(args("infer", MIXTRAL, "--tp", "2", "--weights", "fp8", "--kv-cache", "fp8",
        "--batch", "512", "--input", "128", "--output", "128", "--json")).json();
    Cli split = Cli.run(args("infer", MIXTRAL, "--tp", "2", "--weights", "fp8", "--expert-weights", "fp16",
        "--kv-cache", "fp8", "--batch", "512", "--input", "128", "--output", "128", "--json"));
    assertThat(split.exitCode()).as(split.err()).isZero();
    JsonNode s = split.json();
    assertThat(fp8.get("expertWeights").asText()).isEqualTo("fp8");
    assertThat(s.get("weights").asText()).isEqualTo("fp8");
    assertThat(s.get("expertWeights").asText()).isEqualTo("fp16");
    assertThat(s.get("memoryPerGpuBytes").get("weights").asLong())
        .isGreaterThan(fp8.get("memoryPerGpuBytes").get("weights").asLong());
    assertThat(s.get("tpotSeconds").asDouble()).isGreaterThan(fp8.get("tpotSeconds").asDouble());
    assertThat(s.get("outputTokensPerSecondPerGpu").asDouble())
        .isLessThan(fp8.get("outputTokensPerSecondPerGpu").asDouble());
    assertThat(s.get("assumptions").toString())
        .contains("routed experts stored apart from the other linear layers (fp8): fp16");
    assertThat(fp8.get("assumptions").toString()).doesNotContain("routed experts stored apart");
    Cli text = Cli.run(args("infer", MIXTRAL, "--tp", "2", "--weights", "fp8", "--expert-weights", "fp16"));
    assertThat(text.out()).contains("fp8 (routed experts fp16) weights");
  }

  @Test
  void capacityAndSimulateTakeExpertWeights() {
    Cli cap = Cli.run(args("capacity", MIXTRAL, "--rps", "2", "--weights", "fp8", "--expert-weights", "bf16",
        "--json"));
    assertThat(cap.exitCode()).as(cap.err()).isZero();
    assertThat(cap.json().get("expertWeights").asText()).isEqualTo("bf16");
    assertThat(cap.json().get("assumptions").toString()).contains("routed experts stored apart");
    Cli sim = Cli.run(args("simulate", MIXTRAL, "--tp", "2", "--rps", "1", "--duration", "20", "--weights", "fp8",
        "--expert-weights", "bf16", "--json"));
    assertThat(sim.exitCode()).as(sim.err()).isZero();
    assertThat(sim.json().get("weights").asText()).isEqualTo("fp8");
    assertThat(sim.json().get("expertWeights").asText()).isEqualTo("bf16");
  }

  @Test
  void capacityTakesAttentionDataParallelismAndItsCommunication() {
    JsonNode a2a = Cli.run(args("capacity", MIXTRAL, "--rps", "20", "--tp", "2,4", "--attention-dp", "--json")).json();
    Cli gather = Cli.run(args("capacity", MIXTRAL, "--rps", "20", "--tp", "2,4", "--attention-dp",
        "--expert-communication", "all-gather", "--json"));
    assertThat(gather.exitCode()).as(gather.err()).isZero();
    JsonNode g = gather.json();
    assertThat(g.get("attentionDataParallel").asBoolean()).isTrue();
    assertThat(g.get("expertCommunication").asText()).isEqualTo("all-gather");
    assertThat(a2a.get("expertCommunication").asText()).isEqualTo("all-to-all");
    assertThat(a2a.get("defaultsUsed").toString()).contains("expert-communication");
    assertThat(g.get("assumptions").toString()).contains("all-gather and reduce-scatter");
    // the same degree is served differently: the all-gather moves every token to every rank
    assertThat(g.get("options").get(0).get("tpotSeconds").asDouble())
        .isNotEqualTo(a2a.get("options").get(0).get("tpotSeconds").asDouble());
    JsonNode plain = Cli.run(args("capacity", MIXTRAL, "--rps", "20", "--tp", "2,4", "--json")).json();
    assertThat(plain.get("attentionDataParallel").asBoolean()).isFalse();
    // the text report names the layout the plan costs
    Cli text = Cli.run(args("capacity", MIXTRAL, "--rps", "20", "--tp", "2", "--attention-dp"));
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out()).contains("of tp 2 (ep 2, attention data-parallel)");
    assertThat(Cli.run(args("capacity", MIXTRAL, "--rps", "20", "--tp", "2")).out())
        .doesNotContain("attention data-parallel");
  }

  // s18f: capacity --simulate searches attention-data-parallel replicas as the analytic plan costs them (ep = tp)
  @Test
  void capacitySimulatesAttentionDataParallelReplicas() {
    Cli r = Cli.run(args("capacity", MIXTRAL, "--rps", "4", "--tp", "2", "--attention-dp", "--simulate", "--duration",
        "20", "--attention-dp-balance", "on", "--json"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode s = r.json().get("simulated");
    assertThat(s.get("tp").asInt()).isEqualTo(2);
    assertThat(s.get("ep").asInt()).isEqualTo(2);
    assertThat(s.get("attentionDataParallel").asBoolean()).isTrue();
    assertThat(s.get("attentionDpBalance").get("enabled").asBoolean()).isTrue();
    assertThat(s.get("assumptions").toString()).contains("attention data parallelism over 2 ranks",
        "attention-DP balancing on (TensorRT-LLM enable_balance)");
    Cli text = Cli.run(args("capacity", MIXTRAL, "--rps", "4", "--tp", "2", "--attention-dp", "--simulate",
        "--duration", "20", "--attention-dp-balance", "on"));
    assertThat(text.out()).contains("of tp 2, ep 2, attention data-parallel", "engine: attention-DP balancing 50,10");
    // the per-unit lines of the search name the layout too
    assertThat(text.out()).contains("tp 2, ep 2 attention-dp");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "infer --model mixtral-8x7b-v0.1 --accelerator h100-sxm --expert-weights fp5 | --expert-weights must be one of bf16, fp16, fp32, fp8, int8, int4, int4-g<group>, nf4, mxfp4, nvfp4, was \"fp5\"",
      "infer --model mixtral-8x7b-v0.1 --accelerator h100-sxm --expert-weights int4-g7 | --expert-weights \"int4-g7\": groupSize must be a power of two",
      "infer --model llama-3.1-8b --accelerator h100-sxm --expert-weights fp8 | --expert-weights applies to MoE models; llama-3.1-8b is dense, was \"fp8\"",
      "capacity --model mixtral-8x7b-v0.1 --accelerator h100-sxm --rps 1 --expert-weights nf5 | --expert-weights must be one of",
      "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 1 --expert-weights fp8 | --expert-weights applies to MoE models",
      "simulate --model mixtral-8x7b-v0.1 --accelerator h100-sxm --rps 1 --expert-weights x | --expert-weights must be one of",
      "capacity --model mixtral-8x7b-v0.1 --accelerator h100-sxm --rps 1 --expert-communication all-gather | --expert-communication applies with --attention-dp, was all-gather without it",
      "capacity --model mixtral-8x7b-v0.1 --accelerator h100-sxm --rps 1 --attention-dp --expert-communication ring | --expert-communication must be all-to-all or all-gather, was \"ring\"",
      "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 1 --attention-dp | --attention-dp and --expert-communication apply to MoE models; llama-3.1-8b is dense",
      "capacity --model mixtral-8x7b-v0.1 --accelerator h100-sxm --rps 1 --attention-dp --simulate --scheduler-steps 4 | --scheduler-steps 4 (vLLM V0's scheduler) is not simulated with --attention-dp",
      "capacity --model mixtral-8x7b-v0.1 --accelerator h100-sxm --rps 1 --attention-dp --simulate --prefill-scheduling separate --prefill-gate 608,0,8 | --prefill-scheduling separate and --prefill-gate 608,0,8 (vLLM V0's scheduler) is not simulated with --attention-dp",
      "capacity --model mixtral-8x7b-v0.1 --accelerator h100-sxm --rps 1 --attention-dp --simulate --attention-dp-balance 50 | --attention-dp-balance must be on, off or TIMEOUT,WAIT iterations such as 50,10",
  })
  void badInputNamesTheOptionAndTheValue(String args, String expected) {
    Cli text = Cli.run(args.strip().split(" "));
    assertThat(text.exitCode()).as(args).isEqualTo(Main.BAD_INPUT);
    assertThat(text.out()).as(args).isEmpty();
    assertThat(text.err().strip().lines()).as(args).hasSize(1);
    assertThat(text.err()).as(args).contains(expected.strip()).doesNotContain("Exception", "\tat ");
    Cli json = Cli.run((args.strip() + " --json").split(" "));
    assertThat(json.exitCode()).as(args).isEqualTo(Main.BAD_INPUT);
    assertThat(json.json().get("error").asText()).as(args).contains(expected.strip());
  }
}
