package dev.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class PlanCommandTest {

  static final String[] TRAIN_KEYS = {
    "flopsPerToken", "stepSeconds", "tokensPerSecondPerGpu", "achievedTflopsPerGpu", "hardwareTflopsPerGpu", "mfu",
    "hfu", "memoryPerGpuBytes", "fits", "totalFlops", "wallClockSeconds", "gpuHours", "costUsd"
  };

  @Test
  void jsonHasTheDesignKeysAndEachConfigurationTheTrainKeys() {
    Cli r = Cli.run("plan", "--model", "llama-3.1-8b", "--gpus", "16", "--seq", "4096", "--global-batch", "64",
        "--tokens", "1T", "--top", "3", "--json");
    assertThat(r.exitCode()).isZero();
    JsonNode n = r.json();
    for (String key : new String[] {"searched", "feasible", "seconds", "best", "evaluated", "pruned", "paretoFront"}) {
      assertThat(n.has(key)).as(key).isTrue();
    }
    assertThat(n.get("searched").asLong()).isEqualTo(n.get("evaluated").asLong() + n.get("pruned").asLong());
    assertThat(n.get("feasible").asLong()).isPositive();
    assertThat(n.get("best")).hasSize(3);
    double previous = 0;
    for (JsonNode b : n.get("best")) {
      for (String key : TRAIN_KEYS) {
        assertThat(b.has(key)).as(key).isTrue();
      }
      for (String key : new String[] {"weights", "gradients", "optimizer", "activations", "total"}) {
        assertThat(b.get("memoryPerGpuBytes").has(key)).as(key).isTrue();
      }
      assertThat(b.get("fits").asBoolean()).isTrue();
      assertThat(b.get("dp").asInt() * b.get("tp").asInt() * b.get("pp").asInt() * b.get("cp").asInt()).isEqualTo(16);
      assertThat(b.get("wallClockSeconds").asDouble()).isGreaterThanOrEqualTo(previous);
      previous = b.get("wallClockSeconds").asDouble();
    }
    assertThat(n.get("best").get(0).get("rank").asInt()).isEqualTo(1);
    assertThat(n.get("paretoFront")).hasSize(1);
    assertThat(n.get("paretoFront").get(0).get("stepSeconds")).isEqualTo(n.get("best").get(0).get("stepSeconds"));
  }

  @Test
  void nvfp4PlansOnBlackwellFasterThanMxfp8() {
    String[] common = {"plan", "--model", "llama-3.1-8b", "--accelerator", "b200", "--gpus", "8", "--seq", "8192",
        "--global-batch", "128", "--top", "1", "--json", "--precision"};
    Cli nv = Cli.run(concat(common, new String[] {"nvfp4"}));
    Cli mx = Cli.run(concat(common, new String[] {"mxfp8"}));
    assertThat(nv.exitCode()).isZero();
    assertThat(mx.exitCode()).isZero();
    JsonNode best = nv.json().get("best").get(0);
    assertThat(best.get("fits").asBoolean()).isTrue();
    assertThat(best.get("stepSeconds").asDouble()).isLessThan(mx.json().get("best").get(0).get("stepSeconds").asDouble());
  }

  @Test
  void theProgressBarGoesToStderrAndNeverIntoTheJson() {
    Cli r = Cli.run("plan", "--model", "llama-3.1-8b", "--gpus", "64", "--seq", "8192", "--global-batch", "256",
        "--progress-after-ms", "0", "--threads", "1", "--json");
    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).contains("searching [").contains("100%").contains("configurations");
    assertThat(r.json().get("searched").asLong()).isPositive();
    assertThat(r.out()).doesNotContain("searching");
  }

  @Test
  void trainWithoutDegreesChoosesWhatPlanRanksFirst() {
    String[] common = {"--model", "llama-3.1-70b", "--gpus", "64", "--seq", "8192", "--global-batch", "128", "--json"};
    JsonNode train = Cli.run(concat(new String[] {"train"}, common)).json();
    // train now searches the ZeRO stage too (it used to keep a default of 1)
    JsonNode plan = Cli.run(concat(new String[] {"plan", "--top", "1"}, common)).json();
    JsonNode best = plan.get("best").get(0);
    for (String key : new String[] {"dp", "tp", "pp", "cp", "ep", "virtualStages", "sequenceParallel", "microBatch",
        "globalBatch", "zero", "recompute", "stepSeconds", "mfu"}) {
      assertThat(best.get(key)).as(key).isEqualTo(train.get(key));
    }
  }

  @Test
  void theStackOptionsOfTrainReachEveryCandidateOfPlan() {
    // MoE options: the planner's best layout, costed by train with the same options, gives the same step
    String[] moe = {"--model", "qwen3-30b-a3b", "--gpus", "32", "--seq", "4096", "--global-batch", "256",
        "--moe-dispatcher", "flex", "--ep-overlap", "--expert-imbalance", "1.3", "--no-loss-fusion", "--json"};
    JsonNode plan = Cli.run(concat(new String[] {"plan", "--top", "1"}, moe)).json();
    JsonNode best = plan.get("best").get(0);
    assertThat(best.get("moeDispatcher").asText()).isEqualTo("flex");
    assertThat(best.get("expertParallelOverlap").asBoolean()).isTrue();
    assertThat(best.get("expertLoadImbalance").asDouble()).isEqualTo(1.3);
    assertThat(best.get("crossEntropyFusion").asBoolean()).isFalse();
    String[] layout = {"--dp", best.get("dp").asText(), "--tp", best.get("tp").asText(), "--pp", best.get("pp").asText(),
        "--cp", best.get("cp").asText(), "--ep", best.get("ep").asText(), "--etp", best.get("etp").asText(),
        "--micro-batch", best.get("microBatch").asText(), "--zero", best.get("zero").asText(),
        "--recompute", best.get("recompute").asText(), "--virtual-stages", best.get("virtualStages").asText(),
        best.get("sequenceParallel").asBoolean() ? "--sequence-parallel" : "--no-sequence-parallel"};
    JsonNode train = Cli.run(concat(concat(new String[] {"train"}, moe), layout)).json();
    assertThat(train.get("stepSeconds")).isEqualTo(best.get("stepSeconds"));
    JsonNode plain = Cli.run(concat(new String[] {"train", "--model", "qwen3-30b-a3b", "--gpus", "32", "--seq", "4096",
        "--global-batch", "256", "--json"}, layout)).json();
    assertThat(plain.get("stepSeconds").asDouble()).isNotEqualTo(train.get("stepSeconds").asDouble());

    // FSDP options: post-backward prefetch and FP8 parameter all-gathers reach the ZeRO-3 candidates
    String[] fsdp = {"--model", "llama-3.1-8b", "--gpus", "64", "--seq", "8192", "--global-batch", "128",
        "--tp", "1", "--pp", "1", "--cp", "1", "--zero", "3", "--precision", "fp8", "--top", "1", "--json"};
    JsonNode pre = Cli.run(concat(new String[] {"plan"}, fsdp)).json().get("best").get(0);
    JsonNode post = Cli.run(concat(new String[] {"plan", "--fsdp-backward-prefetch", "post", "--fp8-param-gather"},
        fsdp)).json().get("best").get(0);
    assertThat(pre.get("fsdpBackwardPrefetch").asText()).isEqualTo("pre");
    assertThat(post.get("fsdpBackwardPrefetch").asText()).isEqualTo("post");
    assertThat(pre.get("parameterGatherBytes").asInt()).isEqualTo(2);
    assertThat(post.get("parameterGatherBytes").asInt()).isEqualTo(1);
    // s21j: with ZeRO 2, post is PyTorch FSDP1's SHARD_GRAD_OP (s21a), costed as train costs it; a --zero list keeps
    // its stages 2 and 3
    String[] zero2 = {"--model", "llama-3.1-8b", "--gpus", "64", "--seq", "8192", "--global-batch", "128",
        "--tp", "1", "--pp", "1", "--cp", "1", "--micro-batch", "1", "--recompute", "none", "--top", "1", "--json"};
    JsonNode bucketed = Cli.run(concat(new String[] {"plan", "--zero", "2", "--fsdp-backward-prefetch", "pre"}, zero2))
        .json().get("best").get(0);
    JsonNode shardGradOp = Cli.run(concat(new String[] {"plan", "--zero", "1,2", "--fsdp-backward-prefetch", "post"},
        zero2)).json().get("best").get(0);
    assertThat(bucketed.get("zero").asInt()).isEqualTo(2);
    assertThat(shardGradOp.get("zero").asInt()).isEqualTo(2);
    assertThat(shardGradOp.get("fsdpBackwardPrefetch").asText()).isEqualTo("post");
    assertThat(shardGradOp.get("stepSeconds").asDouble()).isGreaterThan(bucketed.get("stepSeconds").asDouble());
    JsonNode trained = Cli.run("train", "--model", "llama-3.1-8b", "--gpus", "64", "--seq", "8192", "--global-batch",
        "128", "--dp", "64", "--tp", "1", "--pp", "1", "--cp", "1", "--micro-batch", "1", "--recompute", "none",
        "--zero", "2", "--fsdp-backward-prefetch", "post", "--json").json();
    assertThat(shardGradOp.get("stepSeconds")).isEqualTo(trained.get("stepSeconds"));
    assertThat(trained.get("assumptions").toString()).contains("FSDP1 SHARD_GRAD_OP");
    // s23l: --ddp-bucket-params reaches every candidate, costed as train costs it
    JsonNode bucket = Cli.run(concat(new String[] {"plan", "--zero", "2", "--ddp-bucket-params", "768000000"}, zero2))
        .json().get("best").get(0);
    assertThat(bucket.get("ddpBucketParameters").asLong()).isEqualTo(768_000_000L);
    JsonNode bucketTrain = Cli.run("train", "--model", "llama-3.1-8b", "--gpus", "64", "--seq", "8192",
        "--global-batch", "128", "--dp", "64", "--tp", "1", "--pp", "1", "--cp", "1", "--micro-batch", "1",
        "--recompute", "none", "--zero", "2", "--ddp-bucket-params", "768000000", "--json").json();
    assertThat(bucket.get("stepSeconds")).isEqualTo(bucketTrain.get("stepSeconds"));
    assertThat(bucket.get("stepSeconds").asDouble()).isGreaterThan(bucketed.get("stepSeconds").asDouble());

    // bad input names the option
    Cli bad = Cli.run("plan", "--model", "llama-3.1-8b", "--fp8-param-gather");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err().strip()).startsWith("llmcost: --fp8-param-gather needs an FP8 --precision").endsWith("was bf16");
    assertThat(Cli.run("plan", "--model", "qwen3-30b-a3b", "--moe-dispatcher", "nccl").err().strip())
        .isEqualTo("llmcost: --moe-dispatcher must be one of alltoall, flex (deepep, hybridep), was \"nccl\"");
    assertThat(Cli.run("plan", "--model", "llama-3.1-8b", "--fsdp-backward-prefetch", "early").exitCode()).isEqualTo(2);
    Cli capped = Cli.run("plan", "--model", "qwen3-30b-a3b", "--gpus", "32", "--expert-imbalance", "2",
        "--expert-capacity-factor", "1.25", "--top", "1", "--json");
    assertThat(capped.json().get("best").get(0).get("expertCapacityFactor").asDouble()).isEqualTo(1.25);
    assertThat(capped.json().get("best").get(0).get("expertPaddedToCapacity").asBoolean()).isFalse();
    assertThat(Cli.run("plan", "--model", "qwen3-30b-a3b", "--pad-to-capacity").err().strip())
        .isEqualTo("llmcost: --pad-to-capacity needs --expert-capacity-factor");
    assertThat(Cli.run("plan", "--model", "qwen3-30b-a3b", "--expert-capacity-factor", "0").err().strip())
        .isEqualTo("llmcost: --expert-capacity-factor must be a finite number > 0, was 0.0");
    Cli imbalance = Cli.run("plan", "--model", "qwen3-30b-a3b", "--expert-imbalance", "0.5");
    assertThat(imbalance.exitCode()).isEqualTo(2);
    assertThat(imbalance.err().strip()).isEqualTo("llmcost: --expert-imbalance must be a finite number >= 1, was 0.5");
  }

  @Test
  void moeActivationRecomputeIsAFixedSettingOfEveryCandidate() {
    // s22i: --recompute-moe-act is a stack option of plan too, fixed (never searched): the request and every
    // candidate carry it; without it, false; a dense model's plan has no key
    String[] moe = {"plan", "--model", "qwen3-30b-a3b", "--accelerator", "b200", "--gpus", "8", "--seq", "4096",
        "--global-batch", "64", "--top", "3", "--json"};
    JsonNode off = Cli.run(moe).json();
    JsonNode on = Cli.run(concat(moe, new String[] {"--recompute-moe-act"})).json();
    assertThat(off.get("recomputeMoeActivation").asBoolean()).isFalse();
    off.get("best").forEach(b -> assertThat(b.get("recomputeMoeActivation").asBoolean()).isFalse());
    assertThat(on.get("recomputeMoeActivation").asBoolean()).isTrue();
    assertThat(on.get("best").size()).isPositive();
    on.get("best").forEach(b -> assertThat(b.get("recomputeMoeActivation").asBoolean()).isTrue());
    JsonNode dense = Cli.run("plan", "--model", "llama-3.1-8b", "--accelerator", "b200", "--gpus", "8", "--top", "1",
        "--json").json();
    assertThat(dense.has("recomputeMoeActivation")).isFalse();
  }

  @Test
  void cudaGraphsAndFp8AttentionReachEveryCandidateOfPlan() {
    // s13q: --cuda-graphs and --fp8-attention are stack options of plan too; whole-layer graphs keep the search to
    // candidates without recomputation (Megatron-Core refuses the two together)
    JsonNode graphs = Cli.run("plan", "--model", "qwen3-30b-a3b", "--accelerator", "b200", "--gpus", "8", "--seq",
        "4096", "--global-batch", "64", "--expert-capacity-factor", "1.0", "--pad-to-capacity", "--cuda-graphs",
        "full", "--top", "3", "--json").json();
    assertThat(graphs.get("cudaGraphs").asText()).isEqualTo("full");
    assertThat(graphs.get("best").size()).isPositive();
    graphs.get("best").forEach(b -> {
      assertThat(b.get("cudaGraphs").asText()).isEqualTo("full");
      assertThat(b.get("recompute").asText()).isEqualTo("none");
    });
    String[] fp8 = {"plan", "--model", "llama-3.1-8b", "--accelerator", "b200", "--gpus", "8", "--seq", "8192",
        "--global-batch", "16", "--precision", "fp8", "--top", "1", "--json"};
    JsonNode off = Cli.run(fp8).json();
    JsonNode on = Cli.run(concat(fp8, new String[] {"--fp8-attention"})).json();
    assertThat(off.get("fp8Attention").asBoolean()).isFalse();
    assertThat(on.get("fp8Attention").asBoolean()).isTrue();
    assertThat(on.get("best").get(0).get("fp8Attention").asBoolean()).isTrue();
    // B200's FP8 attention is faster both ways (attention-fp8.csv), so every candidate is
    assertThat(on.get("best").get(0).get("stepSeconds").asDouble())
        .isLessThan(off.get("best").get(0).get("stepSeconds").asDouble());
  }

  @Test
  void fp8ParameterGatherCandidatesAreRankedAsTrainCostsThem() {
    // s24h: with --fp8-param-gather, ZeRO 1 candidates (Megatron-Core's distributed optimizer) carry the merged last
    // bucket group (s23j) and, for mxfp8, bf16 all-gathers (s23o); plan ranks each candidate with its own stage's
    // mapping, so its rows come in the order of their printed step times and the top row is what train prints
    for (String precision : new String[] {"fp8", "mxfp8"}) {
      String[] common = {"--model", "llama-3.1-8b", "--accelerator", "b200", "--seq", "8192", "--global-batch", "128",
          "--precision", precision, "--fp8-param-gather"};
      String[] search = {"plan", "--gpus", "64", "--min-gpus", "32", "--top", "8", "--threads", "1"};
      Cli planned = Cli.run(concat(concat(search, common), new String[] {"--json"}));
      assertThat(planned.exitCode()).as(planned.err()).isZero();
      JsonNode plan = planned.json();
      System.out.println("s24h " + String.join(" ", concat(search, common)) + "\n" + Cli.run(concat(search, common)).out());
      double previous = 0;
      for (JsonNode b : plan.get("best")) {
        assertThat(b.get("wallClockSeconds").asDouble()).as("%s rank %s", precision, b.get("rank"))
            .isGreaterThanOrEqualTo(previous);
        previous = b.get("wallClockSeconds").asDouble();
      }
      JsonNode best = plan.get("best").get(0);
      String[] layout = {"--dp", best.get("dp").asText(), "--tp", best.get("tp").asText(), "--pp",
          best.get("pp").asText(), "--cp", best.get("cp").asText(), "--gpus", String.valueOf(best.get("dp").asInt()
              * best.get("tp").asInt() * best.get("pp").asInt() * best.get("cp").asInt()),
          "--micro-batch", best.get("microBatch").asText(), "--zero", best.get("zero").asText(),
          "--recompute", best.get("recompute").asText(), "--virtual-stages", best.get("virtualStages").asText(),
          best.get("sequenceParallel").asBoolean() ? "--sequence-parallel" : "--no-sequence-parallel", "--json"};
      Cli trained = Cli.run(concat(concat(new String[] {"train"}, common), layout));
      assertThat(trained.exitCode()).as(trained.err()).isZero();
      JsonNode train = trained.json();
      assertThat(train.get("stepSeconds")).as(precision).isEqualTo(best.get("stepSeconds"));
      System.out.println("s24h train " + String.join(" ", common) + " " + String.join(" ", layout) + ": step "
          + train.get("stepSeconds").asDouble() + " s");
    }
  }

  @Test
  void theTextReportShowsTheRankingAndTheParetoFronts() {
    Cli r = Cli.run("plan", "--model", "llama-3.1-8b", "--gpus", "64", "--min-gpus", "8", "--seq", "8192",
        "--global-batch", "128", "--objective", "cost");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("llama-3.1-8b on 8-64 × h100-sxm").contains("best by cost").contains("rank")
        .contains("Pareto front, wall clock against GPUs").contains("Pareto front, wall clock against cost")
        .contains("pruned by memory bounds").contains("assumptions");
  }

  @Test
  void nothingThatFitsIsReportedWithTheSmallest() {
    Cli r = Cli.run("plan", "--model", "llama-3.1-405b", "--accelerator", "a100-sxm-80gb", "--gpus", "8", "--json");
    assertThat(r.exitCode()).isZero();
    assertThat(r.json().get("best")).isEmpty();
    assertThat(r.json().get("feasible").asLong()).isZero();
    assertThat(r.json().get("leastMemory").get("fits").asBoolean()).isFalse();
  }

  @Test
  void badInputExitsTwoWithOneLine() {
    Cli r = Cli.run("plan", "--model", "gpt2", "--objective", "fast", "--json");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("llmcost: objective must be time, cost or mfu, was \"fast\"");
    assertThat(r.json().get("error").asText()).isEqualTo("objective must be time, cost or mfu, was \"fast\"");
    assertThat(Cli.run("plan", "--model", "gpt2", "--gpus", "8", "--min-gpus", "16").err())
        .contains("min-gpus must be <= gpus (8), was 16");
    assertThat(Cli.run("plan", "--model", "gpt2", "--gpus", "8", "--global-batch", "7", "--tp", "1", "--pp", "1",
        "--cp", "1").err()).contains("no configuration is valid for gpt2 on 8 GPUs with global batch 7 (exact)");
  }

  static String[] concat(String[] a, String[] b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
