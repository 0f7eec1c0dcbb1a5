package dev.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TrainCommandTest {

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Result(code, out.toString(), err.toString());
  }

  static JsonNode json(String text) throws Exception {
    return new ObjectMapper().readTree(text);
  }

  @Test
  void jsonHasEveryDesignKey() throws Exception {
    Result r = run("train", "--model", "llama-2-7b", "--accelerator", "a100-sxm-80gb", "--gpus", "16", "--tp", "2",
        "--pp", "1", "--seq", "4096", "--global-batch", "64", "--tokens", "2T", "--recompute", "selective",
        "--zero", "1", "--price-per-gpu-hour", "1.50", "--json");
    assertThat(r.code()).isZero();
    JsonNode n = json(r.out());
    for (String key : new String[] {"flopsPerToken", "stepSeconds", "tokensPerSecondPerGpu", "achievedTflopsPerGpu",
        "hardwareTflopsPerGpu", "mfu", "hfu", "memoryPerGpuBytes", "fits", "totalFlops", "wallClockSeconds", "gpuHours",
        "costUsd"}) {
      assertThat(n.has(key)).as(key).isTrue();
    }
    for (String key : new String[] {"weights", "gradients", "optimizer", "activations", "total"}) {
      assertThat(n.get("memoryPerGpuBytes").has(key)).as(key).isTrue();
    }
    assertThat(n.get("dp").asInt()).isEqualTo(8);
    assertThat(n.get("tp").asInt()).isEqualTo(2);
    // tp, pp, ZeRO and recomputation fixed: dp, cp, the micro-batch and sequence parallelism completed by search
    assertThat(n.get("configurationChosen").asBoolean()).isTrue();
    assertThat(n.get("fixed")).extracting(JsonNode::asText).containsExactly("tp", "pp", "recompute", "ZeRO");
    assertThat(n.get("chosen").has("micro-batch")).isTrue();
    assertThat(n.get("chosen").has("dp")).isTrue();
    assertThat(n.get("recompute").asText()).isEqualTo("selective");
    assertThat(n.get("zero").asInt()).isEqualTo(1);
    assertThat(n.get("tokens").asLong()).isEqualTo(2_000_000_000_000L);
    assertThat(n.get("mfu").asDouble()).isBetween(0.2, 0.8);
    assertThat(n.get("hfu").asDouble()).isGreaterThan(n.get("mfu").asDouble());
    assertThat(n.get("costUsd").decimalValue())
        .isEqualByComparingTo(new java.math.BigDecimal(n.get("gpuHours").asDouble() * 1.5)
            .setScale(2, java.math.RoundingMode.HALF_UP));
    assertThat(n.get("assumptions").size()).isGreaterThan(5);
  }

  @Test
  void epOverlapCompletesOnlyLayoutsMegatronCoreRuns() throws Exception {
    // s14q: with --recompute and --virtual-stages left to the search, the completion chose full recomputation (and
    // could choose one chunk a rank) beside --ep-overlap, which Megatron-Core's TransformerConfig refuses
    // (NVIDIA/Megatron-LM d98e8a64dd), and costed it overlapped; the same job without the overlap does pick them here
    String[] base = {"train", "--model", "qwen3-235b-a22b", "--accelerator", "h100-sxm", "--gpus", "64", "--ep", "8",
        "--pp", "8", "--seq", "4096", "--global-batch", "512", "--json"};
    Result plain = run(base);
    String[] overlapped = java.util.Arrays.copyOf(base, base.length + 1);
    overlapped[base.length] = "--ep-overlap";
    Result overlap = run(overlapped);
    assertThat(plain.code()).as(plain.err()).isZero();
    assertThat(overlap.code()).as(overlap.err()).isZero();
    JsonNode p = json(plain.out());
    JsonNode o = json(overlap.out());
    System.out.println("s14q plain: recompute " + p.get("recompute").asText() + ", v " + p.get("virtualStages").asInt()
        + "; overlap: recompute " + o.get("recompute").asText() + ", v " + o.get("virtualStages").asInt());
    assertThat(p.get("recompute").asText().equals("full") || p.get("virtualStages").asInt() == 1).isTrue();
    assertThat(o.get("recompute").asText()).isNotEqualTo("full");
    assertThat(o.get("virtualStages").asInt()).isGreaterThan(1);
    assertThat(o.get("expertParallelOverlap").asBoolean()).isTrue();
  }

  @Test
  void deepSeekV3sOwnMemoryAndDispatchOptionsReachTheEstimate() throws Exception {
    // DeepSeek-V3's run (arXiv 2412.19437 §3.2-3.3): FP8 dispatch, norms and MLA up-projections recomputed, FP8
    // activation caching; each is off by default and echoed in the JSON, and together they shrink the activations
    // the layout fixed (dp 128, cp 1, micro-batch 1, ZeRO 1) so that both runs are the same layout
    String[] base = {"train", "--model", "deepseek-v3", "--accelerator", "h800", "--gpus", "2048", "--tp", "1", "--pp",
        "16", "--dp", "128", "--cp", "1", "--ep", "64", "--micro-batch", "1", "--zero", "1", "--precision",
        "fp8-blockwise", "--moe-dispatcher", "flex", "--seq", "4096", "--global-batch", "15360", "--recompute", "none",
        "--schedule", "dualpipe", "--json"};
    Result plain = run(base);
    String[] withOptions = java.util.Arrays.copyOf(base, base.length + 3);
    withOptions[base.length] = "--fp8-dispatch";
    withOptions[base.length + 1] = "--recompute-norm-up-proj";
    withOptions[base.length + 2] = "--fp8-activation-cache";
    Result deepSeek = run(withOptions);
    assertThat(plain.code()).as(plain.err()).isZero();
    assertThat(deepSeek.code()).as(deepSeek.err()).isZero();
    JsonNode p = json(plain.out());
    JsonNode d = json(deepSeek.out());
    assertThat(p.get("fp8Dispatch").asBoolean()).isFalse();
    assertThat(p.get("recomputeNormsAndUpProjections").asBoolean()).isFalse();
    assertThat(p.get("fp8ActivationCache").asBoolean()).isFalse();
    assertThat(d.get("fp8Dispatch").asBoolean()).isTrue();
    assertThat(d.get("recomputeNormsAndUpProjections").asBoolean()).isTrue();
    assertThat(d.get("fp8ActivationCache").asBoolean()).isTrue();
    // 87.3 GiB of activations without them (does not fit on 80 GiB), about 40 GiB with them (fits)
    assertThat(p.get("fits").asBoolean()).isFalse();
    assertThat(d.get("fits").asBoolean()).isTrue();
    assertThat(d.get("memoryPerGpuBytes").get("activations").asLong())
        .isLessThan(p.get("memoryPerGpuBytes").get("activations").asLong() / 2);
    assertThat(d.get("stepSeconds").asDouble()).isPositive();
  }

  @Test
  void wholeLayerCudaGraphsReachTheEstimateAndAreEchoed() throws Exception {
    // s13a: Megatron-Bridge 25.09's B200 Qwen3-30B-A3B token-drop layout (EP 8, capacity 1.0 padded, micro-batch 1),
    // whose recipe ran Megatron-Core whole-layer graphs; eagerly its MoE layers wait for the host
    String[] base = {"train", "--model", "qwen3-30b-a3b", "--accelerator", "b200", "--gpus", "8", "--tp", "1", "--pp",
        "1", "--dp", "8", "--ep", "8", "--micro-batch", "1", "--zero", "1", "--recompute", "none", "--precision", "fp8",
        "--seq", "4096", "--global-batch", "512", "--expert-capacity-factor", "1.0", "--pad-to-capacity", "--json"};
    Result eager = run(base);
    String[] graphed = java.util.Arrays.copyOf(base, base.length + 2);
    graphed[base.length] = "--cuda-graphs";
    graphed[base.length + 1] = "full";
    Result full = run(graphed);
    assertThat(eager.code()).as(eager.err()).isZero();
    assertThat(full.code()).as(full.err()).isZero();
    JsonNode e = json(eager.out());
    JsonNode f = json(full.out());
    assertThat(e.get("cudaGraphs").asText()).isEqualTo("none");
    assertThat(f.get("cudaGraphs").asText()).isEqualTo("full");
    assertThat(f.get("tokensPerSecondPerGpu").asDouble()).isGreaterThan(2 * e.get("tokensPerSecondPerGpu").asDouble());
  }

  @Test
  void fp8AttentionReachesTheEstimateAndIsEchoed() throws Exception {
    // s13n: MLPerf v5.1's one-node Llama 3.1 8B NVFP4 layout on eight B200s, attention in FP8 (FP8_DPA=True)
    String[] base = {"train", "--model", "llama-3.1-8b", "--accelerator", "b200", "--gpus", "8", "--tp", "1", "--pp",
        "1", "--dp", "8", "--micro-batch", "2", "--zero", "1", "--recompute", "none", "--precision", "nvfp4",
        "--seq", "8192", "--global-batch", "16", "--json"};
    Result plain = run(base);
    String[] fp8 = java.util.Arrays.copyOf(base, base.length + 1);
    fp8[base.length] = "--fp8-attention";
    Result on = run(fp8);
    assertThat(plain.code()).as(plain.err()).isZero();
    assertThat(on.code()).as(on.err()).isZero();
    JsonNode p = json(plain.out());
    JsonNode f = json(on.out());
    assertThat(p.get("fp8Attention").isBoolean()).isTrue();
    assertThat(p.get("fp8Attention").asBoolean()).isFalse();
    assertThat(f.get("fp8Attention").asBoolean()).isTrue();
    assertThat(f.get("tokensPerSecondPerGpu").asDouble()).isGreaterThan(p.get("tokensPerSecondPerGpu").asDouble());
  }

  @Test
  void moeActivationRecomputeReachesTheEstimateAndIsEchoed() throws Exception {
    // s22i: s22c's TrainingJob.Builder.recomputeMoeActivation (Megatron-Core's recompute_modules moe_act) as
    // --recompute-moe-act, on a fixed Qwen3-30B-A3B layout: off by default and echoed in the JSON; with it the routed
    // experts' activation outputs are not stored (fewer activation bytes) and its forward traffic runs again (a longer
    // step), and the assumptions say so
    String[] base = {"train", "--model", "qwen3-30b-a3b", "--accelerator", "b200", "--gpus", "8", "--tp", "1", "--pp",
        "1", "--dp", "8", "--ep", "8", "--micro-batch", "1", "--zero", "1", "--recompute", "selective", "--seq", "4096",
        "--global-batch", "64", "--json"};
    Result plain = run(base);
    String[] moeAct = java.util.Arrays.copyOf(base, base.length + 1);
    moeAct[base.length] = "--recompute-moe-act";
    Result on = run(moeAct);
    assertThat(plain.code()).as(plain.err()).isZero();
    assertThat(on.code()).as(on.err()).isZero();
    JsonNode p = json(plain.out());
    JsonNode r = json(on.out());
    assertThat(p.get("recomputeMoeActivation").isBoolean()).isTrue();
    assertThat(p.get("recomputeMoeActivation").asBoolean()).isFalse();
    assertThat(r.get("recomputeMoeActivation").asBoolean()).isTrue();
    assertThat(r.get("memoryPerGpuBytes").get("activations").asDouble())
        .isLessThan(p.get("memoryPerGpuBytes").get("activations").asDouble());
    assertThat(r.get("stepSeconds").asDouble()).isGreaterThan(p.get("stepSeconds").asDouble());
    assertThat(r.get("assumptions").toString()).contains("recompute_modules moe_act");
    assertThat(p.get("assumptions").toString()).doesNotContain("recompute_modules moe_act");
    // a dense model has no routed experts: no key in its JSON
    Result dense = run("train", "--model", "llama-3.1-8b", "--gpus", "8", "--json");
    assertThat(dense.code()).as(dense.err()).isZero();
    assertThat(json(dense.out()).has("recomputeMoeActivation")).isFalse();
  }

  @Test
  void distributedCheckpointsReachTheEstimateAndAreEchoed() throws Exception {
    // s13q: metaseq's --distribute-checkpointed-activations (OPT-175B) as a train option: the stored layer inputs of
    // full recomputation split over tp 8; without --recompute and sequence parallelism given, both are kept for it
    String[] base = {"train", "--model", "llama-3.1-8b", "--accelerator", "a100-sxm-80gb", "--gpus", "8", "--tp", "8",
        "--pp", "1", "--micro-batch", "1", "--zero", "1", "--seq", "4096", "--global-batch", "64", "--json"};
    String[] whole = java.util.Arrays.copyOf(base, base.length + 3);
    whole[base.length] = "--recompute";
    whole[base.length + 1] = "full";
    whole[base.length + 2] = "--no-sequence-parallel";
    String[] split = java.util.Arrays.copyOf(base, base.length + 1);
    split[base.length] = "--distribute-checkpoints";
    Result w = run(whole);
    Result d = run(split);
    assertThat(w.code()).as(w.err()).isZero();
    assertThat(d.code()).as(d.err()).isZero();
    JsonNode a = json(w.out());
    JsonNode b = json(d.out());
    assertThat(a.get("distributeCheckpointedActivations").asBoolean()).isFalse();
    assertThat(b.get("distributeCheckpointedActivations").asBoolean()).isTrue();
    assertThat(b.get("recompute").asText()).isEqualTo("full");
    assertThat(b.get("sequenceParallel").asBoolean()).isFalse();
    assertThat(b.get("fixed").toString()).contains("\"recompute\"", "\"sequence parallel\"");
    assertThat(b.get("memoryPerGpuBytes").get("activations").asLong())
        .isLessThan(a.get("memoryPerGpuBytes").get("activations").asLong());
    assertThat(b.get("assumptions").toString()).contains("checkpointed layer inputs distributed over the"
        + " tensor-parallel ranks");
    String[] textArgs = base.clone();
    textArgs[base.length - 1] = "--distribute-checkpoints"; // in place of --json
    Result t = run(textArgs);
    assertThat(t.code()).as(t.err()).isZero();
    assertThat(t.out()).contains("recompute full (kept for --distribute-checkpoints)",
        "sequence parallel off (kept for --distribute-checkpoints)", "1/8 of each layer's input stored");
  }

  @Test
  void scaleUpDomainFoldingAndScheduleAreEchoed() throws Exception {
    Result r = run("train", "--model", "deepseek-v3", "--accelerator", "h800", "--gpus", "128", "--tp", "2", "--pp", "2",
        "--ep", "32", "--etp", "1", "--schedule", "dualpipe", "--expert-imbalance", "1.2", "--seq", "4096",
        "--global-batch", "64", "--recompute", "full", "--json");
    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isZero();
    JsonNode n = json(r.out());
    assertThat(n.get("scaleUpDomain").asInt()).isEqualTo(8);
    assertThat(n.get("etp").asInt()).isEqualTo(1);
    assertThat(n.get("schedule").asText()).isEqualTo("dualpipe");
    assertThat(n.get("expertLoadImbalance").asDouble()).isEqualTo(1.2);

    Result tpu = run("train", "--model", "gpt3-175b", "--accelerator", "tpu-v5p", "--gpus", "256", "--tp", "16",
        "--scale-up-domain", "256", "--global-batch", "256", "--recompute", "full");
    assertThat(tpu.code()).isZero();
    assertThat(tpu.out()).contains("on 256 × tpu-v5p (scale-up domains of 256)");

    Result bad = run("train", "--model", "gpt3-175b", "--accelerator", "gb200", "--gpus", "128", "--tp", "8",
        "--scale-up-domain", "80");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("scaleUpDomain must be <= the 72 GPUs one scale-up fabric of gb200 connects, was 80");
  }

  @Test
  void omittedParallelismIsChosenAndPrinted() throws Exception {
    Result r = run("train", "--model", "llama-3.1-70b", "--gpus", "64", "--seq", "8192", "--global-batch", "128", "--json");
    assertThat(r.code()).isZero();
    JsonNode n = json(r.out());
    assertThat(n.get("configurationChosen").asBoolean()).isTrue();
    assertThat(n.get("fits").asBoolean()).isTrue();
    assertThat(n.get("dp").asInt() * n.get("tp").asInt() * n.get("pp").asInt() * n.get("cp").asInt()).isEqualTo(64);
    Result text = run("train", "--model", "llama-3.1-70b", "--gpus", "64", "--seq", "8192", "--global-batch", "128");
    assertThat(text.out()).contains("configuration (chosen: fastest that fits)").contains("MFU").contains("assumptions");
  }

  @Test
  void aPartialLayoutIsCompletedKeepingWhatWasFixed() throws Exception {
    String[] args = {"train", "--model", "llama-3.1-405b", "--gpus", "8192", "--tp", "8", "--pp", "16", "--dp", "64",
        "--seq", "8192", "--global-batch", "2048"};
    Result r = run(concat(args, "--json"));
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode n = json(r.out());
    assertThat(n.get("tp").asInt()).isEqualTo(8);
    assertThat(n.get("pp").asInt()).isEqualTo(16);
    assertThat(n.get("dp").asInt()).isEqualTo(64);
    assertThat(n.get("globalBatch").asInt()).isEqualTo(2048);
    assertThat(n.get("fits").asBoolean()).isTrue();
    assertThat(n.get("fixed")).extracting(JsonNode::asText).containsExactly("tp", "pp", "dp", "cp");
    assertThat(n.get("chosen").fieldNames()).toIterable()
        .containsExactly("micro-batch", "virtual stages", "recompute", "ZeRO", "shard group", "schedule",
            "sequence parallel");
    assertThat(n.get("chosen").get("micro-batch").asInt()).isEqualTo(n.get("microBatch").asInt());
    Result text = run(args);
    assertThat(text.out())
        .contains("chosen by search: micro-batch " + n.get("microBatch").asInt() + ", virtual stages "
            + n.get("virtualStages").asInt() + ", recompute " + n.get("recompute").asText() + ", ZeRO "
            + n.get("zero").asInt())
        .contains("fixed: tp 8, pp 16, dp 64, cp 1")
        .contains(": fits");
  }

  @Test
  void contextOrVirtualStagesAloneAreCompletedToo() throws Exception {
    JsonNode cp = json(run("train", "--model", "llama-3.1-8b", "--gpus", "16", "--cp", "2", "--seq", "16384",
        "--global-batch", "64", "--json").out());
    assertThat(cp.get("cp").asInt()).isEqualTo(2);
    assertThat(cp.get("dp").asInt() * cp.get("tp").asInt() * cp.get("pp").asInt()).isEqualTo(8);
    assertThat(cp.get("fixed")).extracting(JsonNode::asText).containsExactly("cp");
    JsonNode v = json(run("train", "--model", "llama-3.1-70b", "--gpus", "64", "--virtual-stages", "4",
        "--global-batch", "256", "--json").out());
    assertThat(v.get("virtualStages").asInt()).isEqualTo(4);
    assertThat(v.get("pp").asInt()).isGreaterThan(1);
  }

  @Test
  void contextParallelismAtShortSequenceIsSlowerThanDataParallelism() throws Exception {
    String[] common = {"train", "--model", "llama-3.1-8b", "--gpus", "8", "--seq", "2048", "--tp", "1", "--pp", "1",
        "--micro-batch", "1", "--recompute", "none", "--zero", "1", "--json"};
    JsonNode cp = json(run(concat(common, "--dp", "1", "--cp", "8")).out());
    JsonNode dp = json(run(concat(common, "--dp", "8")).out());
    assertThat(cp.get("cp").asInt()).isEqualTo(8);
    assertThat(dp.get("cp").asInt()).isEqualTo(1);
    assertThat(cp.get("stepSeconds").asDouble()).isGreaterThan(dp.get("stepSeconds").asDouble());
    assertThat(cp.get("stepSecondsBreakdown").get("contextParallel").asDouble()).isPositive();
    // the same with everything else left to the search
    JsonNode cpOpen = json(run("train", "--model", "llama-3.1-8b", "--gpus", "8", "--seq", "2048", "--dp", "1", "--cp",
        "8", "--json").out());
    JsonNode dpOpen = json(run("train", "--model", "llama-3.1-8b", "--gpus", "8", "--seq", "2048", "--dp", "8",
        "--json").out());
    assertThat(cpOpen.get("stepSeconds").asDouble()).isGreaterThan(dpOpen.get("stepSeconds").asDouble());
  }

  @Test
  void shardGroupAndTensorParallelOverlapAreEchoedAndValidated() throws Exception {
    JsonNode n = json(run("train", "--model", "llama-3.1-8b", "--gpus", "16", "--tp", "2", "--pp", "1", "--cp", "1",
        "--zero", "3", "--shard-group", "4", "--tp-overlap", "0.5", "--json").out());
    assertThat(n.get("shardGroup").asInt()).isEqualTo(4);
    assertThat(n.get("tensorParallelOverlap").asDouble()).isEqualTo(0.5);
    assertThat(run("train", "--model", "llama-3.1-8b", "--gpus", "16", "--tp", "2", "--zero", "3", "--shard-group",
        "4", "--tp-overlap", "0.5").out()).contains("HSDP shard group 4, tensor-parallel overlap 0.50");
    Result bad = run("train", "--model", "llama-3.1-8b", "--tp-overlap", "1.5");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err().strip()).isEqualTo("llmcost: --tp-overlap must be in [0, 1], was 1.5");
    Result group = run("train", "--model", "llama-3.1-8b", "--shard-group", "0");
    assertThat(group.code()).isEqualTo(2);
    assertThat(group.err().strip()).isEqualTo("llmcost: --shard-group must be >= 1, was 0");
    for (String cmd : new String[] {"train", "plan"}) {
      Result p = run(cmd, "--model", "llama-3.1-8b", "--tp-overlap", "-0.1");
      assertThat(p.code()).as(cmd).isEqualTo(2);
      assertThat(p.err()).as(cmd).contains("--tp-overlap must be in [0, 1], was -0.1");
    }
    JsonNode plan = json(run("plan", "--model", "llama-3.1-8b", "--gpus", "16", "--zero", "3", "--shard-group", "8",
        "--tp-overlap", "0.25", "--top", "1", "--json").out());
    assertThat(plan.get("shardGroup").asInt()).isEqualTo(8);
    assertThat(plan.get("tensorParallelOverlap").asDouble()).isEqualTo(0.25);
  }

  @Test
  void moeDispatcherAndFsdpPrefetchAreOptionsAndEchoed() throws Exception {
    String[] moe = {"train", "--model", "qwen3-30b-a3b", "--accelerator", "h100-sxm", "--gpus", "16", "--dp", "16",
        "--tp", "1", "--pp", "1", "--ep", "16", "--micro-batch", "1", "--global-batch", "1024", "--seq", "4096",
        "--precision", "fp8", "--zero", "1", "--json"};
    JsonNode alltoall = json(run(moe).out());
    String[] flexArgs = java.util.Arrays.copyOf(moe, moe.length + 2);
    flexArgs[moe.length] = "--moe-dispatcher";
    flexArgs[moe.length + 1] = "hybridep";
    JsonNode flex = json(run(flexArgs).out());
    assertThat(alltoall.get("moeDispatcher").asText()).isEqualTo("alltoall");
    assertThat(flex.get("moeDispatcher").asText()).isEqualTo("flex");
    // EP 16 over two nodes: a token crosses the network once, not once per routed copy
    assertThat(flex.get("stepSeconds").asDouble()).isLessThan(alltoall.get("stepSeconds").asDouble());
    String[] fsdp = {"train", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--gpus", "8", "--dp", "8",
        "--tp", "1", "--pp", "1", "--zero", "3", "--micro-batch", "1", "--global-batch", "128", "--seq", "8192", "--json"};
    JsonNode pre = json(run(fsdp).out());
    String[] postArgs = java.util.Arrays.copyOf(fsdp, fsdp.length + 2);
    postArgs[fsdp.length] = "--fsdp-backward-prefetch";
    postArgs[fsdp.length + 1] = "post";
    JsonNode post = json(run(postArgs).out());
    assertThat(pre.get("fsdpBackwardPrefetch").asText()).isEqualTo("pre");
    assertThat(post.get("fsdpBackwardPrefetch").asText()).isEqualTo("post");
    assertThat(post.get("stepSeconds").asDouble()).isGreaterThan(pre.get("stepSeconds").asDouble());
    Result bad = run("train", "--model", "qwen3-30b-a3b", "--moe-dispatcher", "nccl");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err().strip())
        .isEqualTo("llmcost: --moe-dispatcher must be one of alltoall, flex (deepep, hybridep), was \"nccl\"");
    Result badFsdp = run("train", "--model", "llama-3.1-8b", "--fsdp-backward-prefetch", "early");
    assertThat(badFsdp.code()).isEqualTo(2);
    assertThat(badFsdp.err().strip())
        .isEqualTo("llmcost: --fsdp-backward-prefetch must be one of pre, post, was \"early\"");
  }

  @Test
  void ddpBucketParamsIsAFixedSettingAndEchoed() throws Exception {
    // s23l: Megatron-Core's bucket_size; NVIDIA's MLPerf v5.1 Llama 3.1 8B sets 768,000,000 (config_common_8b.sh l.19)
    String[] args = {"train", "--model", "llama-3.1-8b", "--accelerator", "b200", "--gpus", "64", "--dp", "64",
        "--tp", "1", "--pp", "1", "--zero", "1", "--micro-batch", "1", "--global-batch", "64", "--seq", "8192",
        "--precision", "fp8"};
    JsonNode plain = json(run(concatArgs(args, "--json")).out());
    JsonNode large = json(run(concatArgs(args, "--json", "--ddp-bucket-params", "768000000")).out());
    assertThat(plain.has("ddpBucketParameters")).isFalse();
    assertThat(large.get("ddpBucketParameters").asLong()).isEqualTo(768_000_000L);
    // ~10 buckets instead of ~125: a larger exposed last bucket
    assertThat(large.get("stepSeconds").asDouble()).isGreaterThan(plain.get("stepSeconds").asDouble());
    String defaultText = run(args).out();
    String text = run(concatArgs(args, "--ddp-bucket-params", "768000000")).out();
    assertThat(defaultText).contains("64 M parameters (Megatron-Core's default max(40 M, 1 M × data-parallel size))");
    assertThat(text).contains("ddp bucket params").contains("768,000,000")
        .contains("768 M parameters (the job's bucket size)");
  }

  @Test
  void lossFusionAndFp8ParameterGatherAreOptionsAndEchoed() throws Exception {
    String[] fsdp = {"train", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--gpus", "64", "--dp", "64",
        "--tp", "1", "--pp", "1", "--zero", "3", "--micro-batch", "1", "--global-batch", "128", "--seq", "8192",
        "--precision", "fp8", "--json"};
    JsonNode plain = json(run(fsdp).out());
    JsonNode unfused = json(run(concatArgs(fsdp, "--no-loss-fusion")).out());
    JsonNode fp8Gather = json(run(concatArgs(fsdp, "--fp8-param-gather")).out());
    JsonNode unfusedAccumulation = json(run(concatArgs(fsdp, "--no-grad-accum-fusion")).out());
    assertThat(plain.get("gradientAccumulationFusion").asBoolean()).isTrue();
    assertThat(unfusedAccumulation.get("gradientAccumulationFusion").asBoolean()).isFalse();
    assertThat(unfusedAccumulation.get("stepSeconds").asDouble()).isGreaterThan(plain.get("stepSeconds").asDouble());
    assertThat(plain.get("crossEntropyFusion").asBoolean()).isTrue();
    assertThat(unfused.get("crossEntropyFusion").asBoolean()).isFalse();
    // about 52 bytes of traffic per logit against 16: a slower step
    assertThat(unfused.get("stepSeconds").asDouble()).isGreaterThan(plain.get("stepSeconds").asDouble());
    assertThat(plain.get("parameterGatherBytes").asInt()).isEqualTo(2);
    assertThat(fp8Gather.get("parameterGatherBytes").asInt()).isEqualTo(1);
    // half the bytes in every parameter all-gather of 64-way FSDP
    assertThat(fp8Gather.get("stepSeconds").asDouble()).isLessThan(plain.get("stepSeconds").asDouble());
    Result bad = run("train", "--model", "llama-3.1-8b", "--precision", "bf16", "--fp8-param-gather");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err().strip()).isEqualTo("llmcost: --fp8-param-gather needs an FP8 --precision (fp8, fp8-delayed,"
        + " mxfp8, fp8-blockwise, fp8-rowwise), was bf16");
  }

  @Test
  void mxfp8ParameterGatherUnderMegatronsDistributedOptimizerTravelsInBf16() throws Exception {
    // s23o: Megatron-Core's distributed optimizer gathers MXFP8 parameters through the bf16 gradient buffer
    // (param_and_grad_buffer.py l.695-712 at NVIDIA/Megatron-LM 0d8e0714c); per-tensor FP8 keeps its 1-byte gather
    String[] zero1 = {"train", "--model", "llama-3.1-8b", "--accelerator", "b200", "--gpus", "64", "--dp", "64",
        "--tp", "1", "--pp", "1", "--zero", "1", "--micro-batch", "1", "--global-batch", "128", "--seq", "8192",
        "--framework", "megatron", "--json"};
    JsonNode mx = json(run(concatArgs(zero1, "--precision", "mxfp8")).out());
    JsonNode mxGather = json(run(concatArgs(zero1, "--precision", "mxfp8", "--fp8-param-gather")).out());
    JsonNode fp8Gather = json(run(concatArgs(zero1, "--precision", "fp8", "--fp8-param-gather")).out());
    String mxText = mxGather.get("assumptions").toString();
    assertThat(mxText).contains("parameters all-gathered in 2-byte elements (MXFP8 parameters all-gathered in bf16"
        + " through the gradient buffer, Megatron-Core)").doesNotContain("parameters gathered in FP8");
    assertThat(mx.get("assumptions").toString()).doesNotContain("through the gradient buffer");
    assertThat(fp8Gather.get("assumptions").toString()).contains("parameters all-gathered in 1-byte elements")
        .doesNotContain("through the gradient buffer");
    // s24d: the JSON reports the bytes the model costs, not the recipe's 1; the copy out of the buffer after each
    // all-gather and the buffer's zeroing are printed in the FP8 scaling line
    assertThat(mxGather.get("parameterGatherBytes").asInt()).isEqualTo(2);
    assertThat(fp8Gather.get("parameterGatherBytes").asInt()).isEqualTo(1);
    assertThat(mxText).contains("as Megatron-Core copies the bf16 all-gather into the MXFP8 parameters; it then zeroes"
        + " the gradient buffer's bf16 copy, 2 more bytes per weight at the streaming bandwidth");
    assertThat(mx.get("assumptions").toString()).contains("once per step (Transformer Engine's cache)")
        .doesNotContain("zeroes the gradient buffer");
    // the same bytes as without the option, and the FP8 parameters' bucket groups (s23j) on top (measured 2026-12-07:
    // 0.5523 s without the option; with it 0.5621 s before s23o's 1-byte gather, 0.5656 s now)
    assertThat(mxGather.get("stepSeconds").asDouble()).isGreaterThanOrEqualTo(mx.get("stepSeconds").asDouble());
  }

  @Test
  void nvfp4RunsOnBlackwellAndSaysWhatStaysInBf16() throws Exception {
    // Megatron-Bridge's Llama-3-70B GB200 layout (TP 2, PP 4, VP 5) on 64 GPUs of an NVL72 rack
    String[] args = {"train", "--model", "llama-3-70b", "--accelerator", "gb200", "--gpus", "64", "--tp", "2", "--pp", "4",
        "--dp", "8", "--virtual-stages", "5", "--micro-batch", "1", "--global-batch", "256", "--seq", "8192",
        "--zero", "1", "--recompute", "none", "--json"};
    JsonNode nv = json(run(concatArgs(args, "--precision", "nvfp4")).out());
    JsonNode mx = json(run(concatArgs(args, "--precision", "mxfp8")).out());
    assertThat(nv.get("precision").asText()).isEqualTo("nvfp4");
    assertThat(nv.get("stepSeconds").asDouble()).isLessThan(mx.get("stepSeconds").asDouble());
    String assumptions = nv.get("assumptions").toString();
    assertThat(assumptions).contains("NVFP4 (Transformer Engine NVFP4BlockScaling")
        .contains("vLLM pull requests 20646 and 19566").contains("attention core, output head and router in bf16");
    Result text = run(concatArgs(java.util.Arrays.copyOf(args, args.length - 1), "--precision", "nvfp4"));
    assertThat(text.code()).isZero();
    assertThat(text.out()).contains("no transformer block kept in bf16");
    // the NVFP4 paper's kind of recipe: a few blocks kept in bf16, slower than none
    JsonNode kept = json(run(concatArgs(args, "--precision", "nvfp4", "--bf16-layers", "10")).out());
    assertThat(kept.get("stepSeconds").asDouble()).isGreaterThan(nv.get("stepSeconds").asDouble())
        .isLessThan(mx.get("stepSeconds").asDouble());
    assertThat(kept.get("assumptions").toString()).contains("10 of 80 transformer layers kept in bf16");
  }

  private static String[] concatArgs(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void frameworkSetsTheKernelRatesAndIsEchoed() throws Exception {
    JsonNode megatron = json(run("train", "--model", "llama-3.1-8b", "--gpus", "8", "--dp", "8", "--json").out());
    JsonNode torchtitan = json(run("train", "--model", "llama-3.1-8b", "--gpus", "8", "--dp", "8", "--framework",
        "torchtitan", "--json").out());
    assertThat(megatron.get("framework").asText()).isEqualTo("megatron");
    assertThat(torchtitan.get("framework").asText()).isEqualTo("pytorch-native");
    assertThat(torchtitan.get("stepSeconds").asDouble()).isGreaterThan(megatron.get("stepSeconds").asDouble());
    JsonNode eager = json(run("train", "--model", "llama-3.1-8b", "--gpus", "8", "--dp", "8", "--framework",
        "pytorch-eager", "--json").out());
    assertThat(eager.get("framework").asText()).isEqualTo("pytorch-eager");
    assertThat(eager.get("stepSeconds").asDouble()).isGreaterThan(torchtitan.get("stepSeconds").asDouble());
    // DeepSpeed's BF16_Optimizer: an fp32 gradient pass per micro-batch and an all-reduce of the fp32 gradients
    JsonNode deepspeed = json(run("train", "--model", "llama-3.1-8b", "--gpus", "8", "--dp", "8", "--framework",
        "megatron-deepspeed", "--json").out());
    assertThat(deepspeed.get("framework").asText()).isEqualTo("megatron-deepspeed");
    assertThat(deepspeed.get("assumptions").toString()).contains("BF16_Optimizer");
    assertThat(torchtitan.get("assumptions").toString()).contains(String.format(java.util.Locale.ROOT,
        "PyTorch-native (torchtitan) at %.2f", dev.llmcost.costmodel.efficiency.EfficiencyProfiles.FITTED_PYTORCH_NATIVE_COMPUTE));
    for (String cmd : new String[] {"train", "plan"}) {
      Result bad = run(cmd, "--model", "llama-3.1-8b", "--framework", "jax");
      assertThat(bad.code()).as(cmd).isEqualTo(2);
      assertThat(bad.err().strip()).as(cmd)
          .isEqualTo("llmcost: --framework must be one of megatron, pytorch-native (torchtitan), pytorch-eager,"
              + " megatron-deepspeed, was \"jax\"");
    }
    JsonNode plan = json(run("plan", "--model", "llama-3.1-8b", "--gpus", "8", "--framework", "pytorch-native", "--top",
        "1", "--json").out());
    assertThat(plan.get("framework").asText()).isEqualTo("pytorch-native");
  }

  @Test
  void headroomIsReportedSeparatelyFromTheVerdict() throws Exception {
    JsonNode n = json(run("train", "--model", "llama-3.1-8b", "--gpus", "8", "--json").out());
    JsonNode mem = n.get("memoryPerGpuBytes");
    assertThat(mem.get("headroom").asLong()).isEqualTo(mem.get("capacity").asLong() - mem.get("total").asLong());
    assertThat(n.get("fits").asBoolean()).isEqualTo(mem.get("headroom").asLong() >= 0);
    assertThat(n.get("headroomBelowReserve").asBoolean())
        .isEqualTo(n.get("fits").asBoolean() && mem.get("headroom").asLong() < mem.get("fragmentationReserve").asLong());
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void aConfigurationThatDoesNotFitIsReportedNotRejected() throws Exception {
    Result r = run("train", "--model", "llama-2-70b", "--gpus", "8", "--tp", "1", "--pp", "1", "--zero", "0", "--json");
    assertThat(r.code()).isZero();
    assertThat(json(r.out()).get("fits").asBoolean()).isFalse();
  }

  @Test
  void badInputExitsTwoWithOneLine() throws Exception {
    Result r = run("train", "--model", "gpt2", "--gpus", "8", "--tp", "8", "--json");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("llmcost: --tp: tp must divide heads (12), was 8");
    assertThat(json(r.out()).get("error").asText()).isEqualTo("--tp: tp must divide heads (12), was 8");
    assertThat(run("train", "--model", "gpt2", "--tokens", "lots").err()).contains("tokens must be a count such as 300B");
    assertThat(run("train", "--model", "gpt2", "--precision", "bf8").code()).isEqualTo(2);
  }

  @Test
  void tourHasTheTrainingSection() {
    Result r = run("tour");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("3. Training").contains("3.143e23").contains("1,024 A100").contains("ZeRO-3");
  }

  @Test
  void offloadedActivationLayersAreCostedAndStated() throws Exception {
    String[] layout = {"train", "--model", "llama-3-70b", "--accelerator", "gb200", "--gpus", "64", "--dp", "64",
        "--tp", "1", "--pp", "1", "--seq", "8192", "--global-batch", "256", "--micro-batch", "2", "--precision", "fp8",
        "--zero", "3", "--offload-activation-layers", "40", "--json"};
    Result r = run(layout);
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode n = json(r.out());
    assertThat(n.get("recompute").asText()).isEqualTo("none");
    assertThat(n.get("fits").asBoolean()).isTrue();
    assertThat(n.get("assumptions").toString()).contains("activations of 40 of 80 layers offloaded to host memory",
        "NVLink-C2C");
  }

  // s11j: --fsdp-backward-prefetch without --zero let the search pick ZeRO 2, where the option does nothing
  @Test
  void fsdpBackwardPrefetchWithoutZeroKeepsZero3AndSaysSo() throws Exception {
    Result text = run("train", "--model", "llama-3.1-8b", "--gpus", "8", "--fsdp-backward-prefetch", "post");
    assertThat(text.code()).isEqualTo(0);
    assertThat(text.out())
        .contains("fixed: ZeRO 3 (kept for --fsdp-backward-prefetch; --zero 2 for FSDP1 SHARD_GRAD_OP)");
    JsonNode j = json(run("train", "--model", "llama-3.1-8b", "--gpus", "8", "--fsdp-backward-prefetch", "post",
        "--json").out());
    assertThat(j.get("zero").asInt()).isEqualTo(3);
    assertThat(j.get("fsdpBackwardPrefetch").asText()).isEqualTo("post");
  }

  // s21j: the library costs ZeRO 2 with post as PyTorch FSDP1's SHARD_GRAD_OP since s21a; the CLI refused it
  @Test
  void zero2WithPostPrefetchIsFsdp1ShardGradOp() throws Exception {
    String[] base = {"train", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--gpus", "64", "--dp", "64",
        "--tp", "1", "--pp", "1", "--zero", "2", "--micro-batch", "1", "--global-batch", "128", "--seq", "8192"};
    Result post = run(concat(base, "--fsdp-backward-prefetch", "post"));
    Result pre = run(concat(base, "--fsdp-backward-prefetch", "pre"));
    assertThat(post.code()).isEqualTo(0);
    assertThat(pre.code()).isEqualTo(0);
    assertThat(post.out()).contains("fixed: tp 1, pp 1, dp 64, cp 1, micro-batch 1, ZeRO 2" + System.lineSeparator())
        .contains("FSDP1 SHARD_GRAD_OP: one all-gather per transformer block in the forward and one reduce-scatter"
            + " per block in the backward");
    assertThat(pre.out()).doesNotContain("SHARD_GRAD_OP").contains("in buckets of 64 M parameters");
    JsonNode postJson = json(run(concat(base, "--fsdp-backward-prefetch", "post", "--json")).out());
    JsonNode preJson = json(run(concat(base, "--json")).out());
    assertThat(postJson.get("zero").asInt()).isEqualTo(2);
    assertThat(postJson.get("fsdpBackwardPrefetch").asText()).isEqualTo("post");
    assertThat(preJson.get("fsdpBackwardPrefetch").asText()).isEqualTo("pre");
    // 2 × 32 + 2 rings over 64 ranks a step, each paying its latencies, against Megatron-Core's buckets
    assertThat(postJson.get("stepSeconds").asDouble()).isGreaterThan(preJson.get("stepSeconds").asDouble());
    assertThat(postJson.get("stepSecondsBreakdown").get("dataParallel").asDouble())
        .isGreaterThan(preJson.get("stepSecondsBreakdown").get("dataParallel").asDouble());
  }
}
