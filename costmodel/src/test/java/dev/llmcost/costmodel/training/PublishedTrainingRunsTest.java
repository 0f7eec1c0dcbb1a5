package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.TokenCount;
import dev.llmcost.core.hardware.PowerLimit;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.PositionEncoding;
import dev.llmcost.costmodel.planner.SearchSpace;
import dev.llmcost.costmodel.internal.training.CsvTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs every row of {@code training-runs.csv} (a copy of the shared validation file, source column
 * kept) with its published configuration and compares like with like: GPT-3 totals in 6ND
 * accounting, Megatron Table 1 in hardware TFLOP/s (Narayanan eq. 3), Korthikanti Table 4 and MT-NLG
 * in seconds per iteration, llm-foundry in MFU with llm-foundry's own FLOP formula, and the GPU-hours
 * of Meta's full runs (Llama 2 Table 2, LLaMA Table 15) with Meta's own stack as published ({@link
 * #META_STACK}: PyTorch eager, xformers attention, model and sequence parallelism, power limits), the
 * defaults where Meta did not publish the configuration printed with the table.
 */
class PublishedTrainingRunsTest {

  record Row(String id, String group, String measured, double published, double predicted, String note) {
    double error() {
      return predicted / published - 1;
    }
  }

  static final List<Row> ROWS = new ArrayList<>();

  /**
   * LLaMA's Table 15 rates between the two stacks the model knows: Meta's code as PyTorch eager (the
   * PyTorch-native factor fitted to torchtitan) and at the microbenchmark kernel rates; printed.
   */
  static final List<String> LLAMA1_BRACKET = new ArrayList<>();

  /**
   * What Meta published about how LLaMA and Llama 2 were trained, and the defaults where it did not;
   * printed with the table. The job is Meta's own PyTorch stack, not an idealised Megatron-Core
   * layout: comparing Meta's GPU-hours with the fastest Megatron-Core layout the planner finds over every
   * degree, pipelines included (what this test did once), predicted Llama 2 30-38% too fast. Within
   * Meta's published stack (no pipeline, model and sequence parallelism, 2048 GPUs) the planner still
   * picks the tensor-parallel degree and micro-batch, which neither paper gives.
   */
  static final List<String> META_STACK =
      List.of(
          "published: A100-SXM 80GB, 200 Gb/s per GPU (InfiniBand on RSC, RoCE in production), bf16, batch 4M tokens,"
              + " seq 2048 (LLaMA) / 4096 (Llama 2); Touvron et al. 2023a §2.2-2.4, Table 2; 2023b §2.2, §2.2.1, Table 1",
          "published: power caps of 400 W on RSC and 350 W on the production clusters (Llama 2 §2.2.1); Table 2 gives"
              + " 400 W for 7B, 13B and 70B, 350 W for 34B; LLaMA's Table 15 counts 400 W, the A100 SXM's TDP, as a board"
              + " power limit that changes nothing (Cluster.withPowerLimit)",
          "published (s16f): 34B, Table 2's one 350 W run, ran on the production cluster (RoCE, 350 W), where Meta's code"
              + " \"reached up to 90% of the performance of RSC using IB interconnect and 400W GPU power\" (Llama 2 §2.2.1,"
              + " p. 7): costed as the same job on RSC (400 W) at 0.90 of its rate, the highest rate \"up to\" allows. Before,"
              + " the 350 W cap alone (cube-root law, 0.956 on GEMMs and attention: on Ampere the most a cap costs by Zeus's"
              + " A40 sweep, NSDI 2023, PowerLimitTest) with RoCE costed as InfiniBand; printed beside the row",
          "published: model and sequence parallelism as Korthikanti et al. 2022, no pipeline named; gradient all-reduce"
              + " overlapped with the backward pass (LLaMA §2.4)",
          "published: xformers memory-efficient causal attention with FlashAttention's backward (LLaMA §2.4), trained"
              + " Dec 2022-Jul 2023 (model cards), before FlashAttention-2 (Jul 2023): costed as FlashAttention-1 (flash1)",
          "published: checkpointing keeps the outputs of the linear layers and recomputes only cheap activations, with a"
              + " hand-written backward (LLaMA §2.4): costed as selective recomputation (no extra matmul or attention time)",
          "assumed: PyTorch eager (pytorch-eager: the PyTorch-native kernel factor plus the unfused RMSNorm, complex64"
              + " rotary and SiLU-gate traffic of Meta's released llama/model.py, fairscale model-parallel layers;"
              + " torch.compile came with PyTorch 2.0 in March 2023, after LLaMA and while Llama 2 trained)",
          "searched: the tensor-parallel degree (1, 2, 4 or 8 within the 8-GPU node, sequence parallelism on when above 1)"
              + " and the micro-batch, the fastest layout that fits the published 4M-token batch, as the planner completes"
              + " any layout left open (DESIGN.md); pipeline 1 (none named). Neither paper states the degree; the"
              + " model-parallel shards Meta released (7B 1, 13B 2, 33B/34B 4, 65B/70B 8) were used before, but the llama and"
              + " codellama READMEs give them under Inference, as what loading a checkpoint needs. The search picks the"
              + " released degree for every run but the two 7B ones: LLaMA 7B tp 2 (a little faster than tp 1), Llama 2 7B tp 2"
              + " (at 2048 GPUs its 1024 sequences leave no tp 1); each row prints both",
          "2048 GPUs for every run (before: fewer where the batch has fewer sequences than data ranks, Llama 2 7B on"
              + " 1024): published for 65B (LLaMA §2.4) and for the development of all four LLaMA models (§6.3: 2048"
              + " A100-80GB for about 5 months); every other GPU-hour figure of LLaMA Table 15 and Llama 2 Table 2 is a whole"
              + " number of hours on 2048 GPUs (LLaMA 7B/13B/33B 40.25/66/259 h, Llama 2 7B/13B/34B/70B 90/180/507/840 h;"
              + " 7B's 90 h is also 180 h on 1024);"
              + " the 65B figure is §2.4's 380 tok/s/GPU over 1.4T tokens (Table 15 within 0.1%), i.e. the training steps only."
              + " Llama 2's Table 2 counts \"total GPU time required for training each model\", which no source splits"
              + " further: compared as steps alone",
          "assumed: optimizer states and fp32 master weights sharded over data ranks (ZeRO 1: the least sharding that"
              + " fits, gradients still all-reduced as §2.4 says), gradients reduced in bf16, AdamW, no dropout",
          "assumed: gradients reduced in buckets of 100 MiB as the backward produces them (the PyTorch stack's: torchtitan's"
              + " DDP bucket_cap_mb; PyTorch DDP's default is 25 MiB), not Megatron-Core's max(40 M, 1 M × dp) parameters,"
              + " which at dp 2048 would hold 2 B parameters and leave a third of a 7B model's reduction exposed",
          "assumed: Llama 2 34B (never released) has Code Llama 34B's architecture, which was initialised from it"
              + " (Rozière et al. 2023 §2): 48 layers, hidden 8192, 64 heads, 8 KV heads, ffn 22016, vocab 32000, as in"
              + " codellama/CodeLlama-34b-hf's config.json (GQA for 34B and 70B: Llama 2 Table 1)");

  /** LLaMA §2.4 and §6.3: 2048 A100-80GB; every whole-hour GPU-hour figure of both papers divides by it. */
  static final int META_GPUS = 2048;

  /** The tensor-parallel degrees the search may pick: the divisors of the 8-GPU node. */
  static final List<Integer> META_TP = List.of(1, 2, 4, 8);

  /**
   * The job of one of Meta's LLaMA / Llama 2 runs as {@link #META_STACK} describes it, its layout
   * (tensor-parallel degree, micro-batch) the fastest that fits, as the planner completes it.
   *
   * @param model the architecture
   * @param seq the sequence length
   * @param tokens the training tokens
   * @param watts the board power limit
   */
  static TrainingJob metaStack(ModelArchitecture model, int seq, TokenCount tokens, double watts) {
    return metaStack(model, META_TP, seq, tokens, watts);
  }

  /** {@link #metaStack(ModelArchitecture, int, TokenCount, double)} with the tensor-parallel degrees given. */
  static TrainingJob metaStack(ModelArchitecture model, List<Integer> tp, int seq, TokenCount tokens, double watts) {
    int batch = (4 << 20) / seq; // 4M tokens
    int gpus = META_GPUS;
    Cluster cluster =
        Cluster.of(AcceleratorCatalog.bundled().get("a100-sxm-80gb"), gpus).withPowerLimit(PowerLimit.of(watts));
    TrainingJob.Builder template =
        TrainingJob.builder(model, cluster)
            .sequenceLength(seq)
            .globalBatchSize(batch)
            .trainingTokens(tokens)
            .precision(PrecisionRecipe.BF16_MIXED_HALF_GRADIENTS)
            .zero(ZeroStage.OPTIMIZER_STATES)
            .recompute(Recompute.SELECTIVE)
            .attention(TrainingAttentionKernel.FLASH_1)
            .framework(TrainingFramework.PYTORCH_EAGER);
    SearchSpace space =
        SearchSpace.ALL
            .withTensorParallel(tp)
            .withPipelineParallel(List.of(1))
            .withContextParallel(List.of(1))
            .withSequenceParallel(List.of(true)) // off where tp = 1
            .withZeroStages(List.of(ZeroStage.OPTIMIZER_STATES))
            .withRecomputes(List.of(Recompute.SELECTIVE))
            .withShardGroups(List.of(0));
    return ParallelismChooser.complete(template, space);
  }

  /**
   * A run whose GPU-hours Meta published, with the model-parallel shards of its released checkpoint (printed only)
   * and the rate of the cluster it ran on relative to RSC ({@link #PRODUCTION_CLUSTER_RATE}, or 1 on RSC).
   */
  record MetaRun(String id, ModelArchitecture model, int releasedShards, int seq, long tokensBillions, double watts, double gpuHours,
      String source, double rateOfRsc) {
    MetaRun {
      if (!(rateOfRsc > 0 && rateOfRsc <= 1)) {
        throw new IllegalArgumentException("rateOfRsc must be in (0, 1], was " + rateOfRsc + " for " + id);
      }
    }

    /** Whether the run is costed on RSC's stack and scaled by its cluster's published rate (not by its power cap). */
    boolean onProductionCluster() {
      return rateOfRsc < 1;
    }
  }

  /**
   * s16f: Meta's production cluster (RoCE, GPUs capped at 350 W) runs Meta's training code at "up to 90%" of RSC's
   * rate (InfiniBand, 400 W): "On A100s with RoCE and GPU power capped at 350W, our optimized codebase reached up to
   * 90% of the performance of RSC using IB interconnect and 400W GPU power" (Touvron et al. 2023b, Llama 2, arXiv
   * 2307.09288, §2.2.1, p. 7, read in the PDF's text that 2023-24 versions of huggingface/transformers'
   * {@code tests/models/llama/test_modeling_llama.py} keep as a long test prompt). Llama 2 34B is Table 2's only 350 W run, so it ran there; it
   * is costed as the same job on RSC (400 W, the stack of the other runs) at 0.90 of that rate. "Up to" makes 0.90 the
   * highest rate the sentence allows: the prediction stays the fastest reading of the source.
   */
  static final double PRODUCTION_CLUSTER_RATE = 0.90;

  static final String LLAMA1_TABLE15 =
      "Touvron et al. 2023a, LLaMA, arXiv 2302.13971, Table 15 (GPU-hours on A100-80GB, 400 W) and Table 2 (tokens)";

  /**
   * LLaMA's four runs (Table 15) and the Llama 2 run whose GPU-hours come from the production cluster at 350
   * W (34B, Table 2); the other Llama 2 rows are read from {@code training-runs.csv}.
   */
  static List<MetaRun> metaRuns() {
    ModelCatalog c = ModelCatalog.bundled();
    return List.of(
        new MetaRun("llama1-7b-gpuh", c.get("llama-7b"), 1, 2048, 1000, 400, 82_432, LLAMA1_TABLE15, 1),
        // LLaMA 13B and 33B: Table 2 (dimension, heads, layers), ffn from the released checkpoints' config
        new MetaRun("llama1-13b-gpuh", TrainingRuns.llamaStyle("llama-13b", 40, 5120, 40, 40, 13824, 32000)
            .positions(PositionEncoding.ROTARY, 2048).build(), 2, 2048, 1000, 400, 135_168, LLAMA1_TABLE15, 1),
        new MetaRun("llama1-33b-gpuh", TrainingRuns.llamaStyle("llama-33b", 60, 6656, 52, 52, 17920, 32000)
            .positions(PositionEncoding.ROTARY, 2048).build(), 4, 2048, 1400, 400, 530_432, LLAMA1_TABLE15, 1),
        new MetaRun("llama1-65b-gpuh", c.get("llama-65b"), 8, 2048, 1400, 400, 1_022_362, LLAMA1_TABLE15, 1),
        new MetaRun("llama2-34b-gpuh", TrainingRuns.llamaStyle("llama-2-34b", 48, 8192, 64, 8, 22016, 32000)
            .positions(PositionEncoding.ROTARY, 4096).build(), 4, 4096, 2000, 350, 1_038_336,
            "Touvron et al. 2023b, Llama 2, arXiv 2307.09288, Table 2 (1,038,336 GPU-hours at 350 W)",
            PRODUCTION_CLUSTER_RATE));
  }

  /** The model-parallel shards Meta released for each Llama 2 model (llama README, Inference; printed only). */
  static final Map<String, Integer> LLAMA2_SHARDS = Map.of("llama-2-7b", 1, "llama-2-13b", 2, "llama-2-70b", 8);

  static String describe(TrainingJob job, TrainingEstimate e, int releasedShards) {
    return job.gpus() + " GPUs " + job.parallelism() + " micro " + job.microBatchSize() + " " + job.recompute().id()
        + String.format(Locale.ROOT, " %.0f W, %.0f tok/s/GPU, MFU %.1f%%", job.cluster().accelerator().tdpWatts(),
            e.tokensPerSecondPerGpu(), 100 * e.mfu())
        + (e.memory().fits() ? "" : " DOES NOT FIT")
        + (job.parallelism().tp() == releasedShards ? "; tp = released shards" : "; released shards " + releasedShards);
  }

  static final Map<String, String> CALIBRATION_ID =
      Map.of(
          "foundry-h100-7b", "foundry-h100-7b-2048-8",
          "foundry-h100-13b", "foundry-h100-13b-2048-8",
          "foundry-h100-70b", "foundry-h100-70b-2048-64",
          "foundry-a100-7b", "foundry-a100-80-7b-2048-8",
          "foundry-a100-13b", "foundry-a100-80-13b-2048-8",
          "foundry-a100-70b", "foundry-a100-80-70b-2048-64");

  @BeforeAll
  static void runAll() {
    CsvTable t = CsvTable.read(PublishedTrainingRunsTest.class, "training-runs.csv");
    Map<String, CalibrationRun> runs = new LinkedHashMap<>();
    for (CalibrationRun r : EfficiencyCalibration.bundledRuns()) {
      runs.put(r.id(), r);
    }
    for (int i = 0; i < t.size(); i++) {
      String id = t.get(i, "id");
      String measured = t.get(i, "measured");
      double value = t.number(i, "value");
      String source = t.get(i, "source");
      if (id.startsWith("gpt3-flops")) {
        ModelArchitecture m = ModelCatalog.bundled().get(t.get(i, "model"));
        double flops =
            TrainingFlops.total(m, TokenCount.ofBillions(300), 2048, FlopsAccounting.SIX_N, false).value();
        ROWS.add(new Row(id, "gpt3", measured, value, flops, "6ND, N = " + m.parameterCounts().total().toHumanString()));
      } else if (id.startsWith("llama2")) {
        String model = t.get(i, "model");
        TrainingJob job = metaStack(ModelCatalog.bundled().get(model), t.integer(i, "seq", 0),
            TokenCount.ofBillions(2000), 400);
        TrainingEstimate e = TrainingCostModel.calibrated().estimate(job);
        ROWS.add(new Row(id, "llama2", measured, value, e.gpuHours(), describe(job, e, LLAMA2_SHARDS.get(model))));
      } else {
        CalibrationRun run = runs.get(CALIBRATION_ID.getOrDefault(id, id));
        assertThat(run).as("calibration run for %s", id).isNotNull();
        TrainingJob job = run.job();
        assertSameConfiguration(t, i, job);
        if (measured.equals("mfu")) {
          // llm-foundry's MFU: (6 × all parameters + 12·l·h·s) per token over the dense bf16 peak
          TrainingEstimate e = TrainingCostModel.calibrated().estimate(job.toBuilder().accounting(FlopsAccounting.ALL_PARAMETERS).build());
          ROWS.add(new Row(id, "foundry", measured, value, e.mfu(), job.model().id()));
        } else {
          TrainingEstimate e = TrainingCostModel.calibrated().estimate(job);
          double predicted =
              measured.equals("tflops_per_gpu") ? e.hardwareFlopsPerGpu().toTera() : e.stepSeconds();
          // seconds: compare as throughput (published/predicted), so a positive error means too fast
          if (measured.equals("iteration_seconds")) {
            ROWS.add(new Row(id, "megatron", measured, 1 / value, 1 / predicted,
                String.format(Locale.ROOT, "%.2f s published, %.2f s predicted", value, predicted)));
          } else {
            ROWS.add(new Row(id, "megatron", measured, value, predicted, job.parallelism().toString()));
          }
        }
      }
      assertThat(source).isNotBlank();
    }
    for (MetaRun r : metaRuns()) {
      TokenCount tokens = TokenCount.ofBillions(r.tokensBillions());
      // a production-cluster run: RSC's job (400 W, InfiniBand) at the cluster's published rate of RSC's
      TrainingJob job = metaStack(r.model(), r.seq(), tokens, r.onProductionCluster() ? 400 : r.watts());
      TrainingEstimate e = TrainingCostModel.calibrated().estimate(job);
      String note = describe(job, e, r.releasedShards());
      if (r.onProductionCluster()) {
        TrainingJob capped = metaStack(r.model(), r.seq(), tokens, r.watts());
        TrainingEstimate c = TrainingCostModel.calibrated().estimate(capped);
        note += String.format(Locale.ROOT, "; production cluster at %.2f of RSC's rate (Llama 2 §2.2.1): %.0f tok/s/GPU"
            + " (the %.0f W cap alone, cube-root law: %.0f tok/s/GPU, %.4g GPU-hours, %+.1f%%)", r.rateOfRsc(),
            r.rateOfRsc() * e.tokensPerSecondPerGpu(), r.watts(), c.tokensPerSecondPerGpu(), c.gpuHours(),
            100 * (c.gpuHours() / r.gpuHours() - 1));
      }
      ROWS.add(new Row(r.id(), r.id().startsWith("llama1") ? "llama1" : "llama2", "gpu_hours", r.gpuHours(),
          e.gpuHours() / r.rateOfRsc(), note));
      if (r.id().startsWith("llama1")) {
        // the same job at the microbenchmark kernel rates, without PyTorch eager's factor and elementwise traffic
        TrainingEstimate fast = TrainingCostModel.calibrated().estimate(job.toBuilder().framework(TrainingFramework.MEGATRON).build());
        double published = r.tokensBillions() * 1e9 / (r.gpuHours() * 3600);
        LLAMA1_BRACKET.add(String.format(Locale.ROOT, "  %-16s published %6.0f tok/s/GPU; pytorch-eager %6.0f (%+5.1f%%); microbenchmark"
            + " rates (framework megatron) %6.0f (%+5.1f%%)", r.id(), published, e.tokensPerSecondPerGpu(),
            100 * (e.tokensPerSecondPerGpu() / published - 1), fast.tokensPerSecondPerGpu(),
            100 * (fast.tokensPerSecondPerGpu() / published - 1)));
      }
    }
    print();
  }

  static void assertSameConfiguration(CsvTable t, int i, TrainingJob job) {
    String id = t.get(i, "id");
    assertThat(job.model().layers()).as(id + " layers").isEqualTo(t.integer(i, "layers", 0));
    assertThat(job.model().hidden()).as(id + " hidden").isEqualTo(t.integer(i, "hidden", 0));
    assertThat(job.model().heads()).as(id + " heads").isEqualTo(t.integer(i, "heads", 0));
    assertThat(job.model().vocabSize()).as(id + " vocab").isEqualTo(t.integer(i, "vocab", 0));
    assertThat(job.sequenceLength()).as(id + " seq").isEqualTo(t.integer(i, "seq", 0));
    assertThat(job.gpus()).as(id + " gpus").isEqualTo(t.integer(i, "gpus", 0));
    assertThat(job.parallelism().tp()).as(id + " tp").isEqualTo(t.integer(i, "tp", 1));
    assertThat(job.parallelism().pp()).as(id + " pp").isEqualTo(t.integer(i, "pp", 1));
    assertThat(job.parallelism().dp()).as(id + " dp").isEqualTo(t.integer(i, "dp", job.gpus()));
    assertThat(job.globalBatchSize()).as(id + " global batch").isEqualTo(t.integer(i, "global_batch_seqs", job.globalBatchSize()));
    assertThat(job.microBatchSize()).as(id + " micro batch").isEqualTo(t.integer(i, "micro_batch", job.microBatchSize()));
    String recompute = t.get(i, "recompute");
    if (!recompute.isEmpty()) {
      assertThat(job.recompute()).as(id + " recompute").isEqualTo(Recompute.parse(recompute.replace("+sp", "")));
      assertThat(job.parallelism().sequenceParallel()).as(id + " sp").isEqualTo(recompute.endsWith("+sp"));
    }
  }

  static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    s.sort(Comparator.naturalOrder());
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  static List<Double> absErrors(String group, String prefix) {
    return ROWS.stream()
        .filter(r -> r.group().equals(group) && r.id().startsWith(prefix))
        .map(r -> Math.abs(r.error()))
        .toList();
  }

  static void print() {
    System.out.printf(Locale.ROOT, "%nPublished training runs (error = predicted/published - 1; seconds compared as 1/s):%n");
    System.out.printf(Locale.ROOT, "%-20s %-9s %-22s %12s %12s %8s  %s%n", "id", "group", "measured", "published", "predicted", "error", "note");
    for (Row r : ROWS) {
      boolean seconds = r.measured().equals("iteration_seconds");
      System.out.printf(Locale.ROOT, "%-20s %-9s %-22s %12.4g %12.4g %+7.1f%%  %s%n", r.id(), r.group(), r.measured(),
          seconds ? 1 / r.published() : r.published(), seconds ? 1 / r.predicted() : r.predicted(), 100 * r.error(), r.note());
    }
    System.out.printf(Locale.ROOT, "%nLLaMA / Llama 2 jobs, Meta's stack as published, with the defaults it leaves open:%n");
    META_STACK.forEach(a -> System.out.println("  " + a));
    System.out.printf(Locale.ROOT, "%nLLaMA Table 15 (tokens of Table 2 over GPU-hours) against both stacks (tok/s/GPU, error as throughput):%n");
    LLAMA1_BRACKET.forEach(System.out::println);
    System.out.printf(Locale.ROOT, "%n%-34s %5s %10s %10s%n", "group", "rows", "median|e|", "worst|e|");
    String[][] groups = {
      {"gpt3", "gpt3", "GPT-3 total FLOPs (Table D.1)"},
      {"megatron", "megatron-t1", "Megatron Table 1"},
      {"megatron", "korthikanti", "Korthikanti Table 4"},
      {"megatron", "mtnlg", "MT-NLG"},
      {"megatron", "", "Megatron + Korthikanti + MT-NLG"},
      {"foundry", "", "llm-foundry MFU"},
      {"llama2", "llama2-", "Llama 2 GPU-hours (7B, 13B, 34B, 70B)"},
      {"llama1", "", "LLaMA GPU-hours (Table 15)"}
    };
    for (String[] g : groups) {
      List<Double> e = absErrors(g[0], g[1]);
      System.out.printf(Locale.ROOT, "%-34s %5d %9.1f%% %9.1f%%%n", g[2], e.size(), 100 * median(e),
          100 * e.stream().mapToDouble(Double::doubleValue).max().orElse(0));
    }
  }

  @Test
  void everyRowIsCovered() {
    assertThat(ROWS).hasSize(35);
  }

  @Test
  void gpt3TotalFlopsWithinTwoPercent() {
    assertThat(absErrors("gpt3", "gpt3-flops-175b")).singleElement().satisfies(e -> assertThat(e).isLessThanOrEqualTo(0.02));
    assertThat(absErrors("gpt3", "")).allSatisfy(e -> assertThat(e).isLessThanOrEqualTo(0.02));
  }

  @Test
  void megatronKorthikantiAndMtNlgWithinTenPercentMedianAndThirtyWorst() {
    List<Double> e = absErrors("megatron", "");
    assertThat(e).hasSize(17);
    assertThat(median(e)).isLessThanOrEqualTo(0.10);
    // MT-NLG's DeepSpeed pipeline runs 17-22% slower than the measured components predict (24-29% before its
    // gradient accumulation outside the weight-gradient GEMM was costed, 10 bytes per parameter and micro-batch
    // of its 240/192/160 micro-batches per step); the end-to-end fit before the microbenchmark model (worst 17%)
    // absorbed that into its link fractions, which then failed elsewhere. Known gap, reported in the training
    // validation notes.
    assertThat(median(e)).isLessThanOrEqualTo(0.06);
    assertThat(e).allSatisfy(x -> assertThat(x).isLessThanOrEqualTo(0.23));
  }

  @Test
  void llmFoundryMfuWithinFifteenPercentMedian() {
    List<Double> e = absErrors("foundry", "");
    assertThat(e).hasSize(6);
    assertThat(median(e)).isLessThanOrEqualTo(0.15);
  }

  @Test
  void metaGpuHoursWithinFifteenPercentForTheReleasedModelsOfLlama2() {
    List<Double> e = absErrors("llama2", "llama2-");
    assertThat(e).hasSize(4);
    // Meta's own stack as published (PyTorch eager, xformers attention, model + sequence parallelism, ZeRO-1-style
    // sharding, no pipeline): 7B, 13B and 70B +2.6%, -0.2%, +8.2% (30-38% too fast with the planner's Megatron-Core
    // layout). They were -1.0%, -3.5%, +4.6% with the PyTorch-native factor at 0.730; FSDP2's layer-by-layer
    // prefetch (train7b) hides the torchtitan runs' FSDP collectives and, with the FP8 recipes costed (train7a), the
    // factor refits to 0.700, which makes these ZeRO-1 runs, with no FSDP to hide, 4.3% slower. At 0.719 (train8a: the
    // torchtitan async-TP rowwise rows costed) they are +0.3%, -2.4%, +5.9%
    for (String id : List.of("llama2-7b-gpuh", "llama2-13b-gpuh", "llama2-70b-gpuh")) {
      assertThat(absErrors("llama2", id)).singleElement().satisfies(x -> assertThat(x).isLessThanOrEqualTo(0.10));
    }
    // 34B (never released: Code Llama 34B's architecture, its 350 W power limit) is predicted 11.6% too fast; 13.6% once
    // the PyTorch-native factor refits from 0.700 to 0.719 (train8a), so loosened from 0.12 to 0.14: the factor is
    // fitted to compiled torchtitan runs and moves these eager-stack rows with it; 14.6% at 0.727 (train9c: the
    // async-TP rowwise rows run torchao's measured float8 curve and no longer pull the factor down). train9d: the
    // PyTorch stack reduces its gradients in torchtitan's 100 MiB DDP buckets instead of Megatron-Core's
    // max(40 M, 1 M × dp) parameters, so the last bucket no longer waits exposed (alone: 34B -13.8% -> -14.7%)
    // Together (lead, session 8 merge): -15.4%, outside the 15% by 0.4 points; loosened to 0.16 and reported
    // as not met in the closing note, since neither mechanism was tuned to this row and both have their sources.
    // train10d: 2048 GPUs for every run and the tensor-parallel degree searched (not the released shards): 7B, 13B,
    // 70B +3.4% (tp 2 at 2048 GPUs; was -2.6% at tp 1 on 1024), -6.6%, +4.1%; 34B unchanged at -15.6% (the search
    // keeps tp 4; its architecture checked against CodeLlama-34b-hf's config; its 350 W cap already costed at the
    // most the Ampere A40 sweep allows, PowerLimitTest)
    // s16f: 34B ran on Meta's production cluster (RoCE, 350 W), which ran Meta's code at "up to 90%" of RSC's rate (Llama
    // 2 §2.2.1, p. 7; PRODUCTION_CLUSTER_RATE): costed as RSC's job at 0.90 of its rate, -15.7% -> -9.7% (the cap
    // alone by the cube-root law stays printed beside the row); back within the 15%, bound 0.16 -> 0.15
    assertThat(absErrors("llama2", "llama2-34b")).singleElement().satisfies(x -> assertThat(x).isLessThanOrEqualTo(0.15));
  }

  @Test
  void onlyTheProductionClusterRunIsScaledByItsPublishedRate() {
    // Table 2's power column tells the clusters apart: 350 W is the production cluster, 400 W RSC (Llama 2 §2.2.1)
    assertThat(metaRuns()).allSatisfy(r -> assertThat(r.onProductionCluster()).as(r.id()).isEqualTo(r.watts() < 400));
    Row r34 = ROWS.stream().filter(r -> r.id().equals("llama2-34b-gpuh")).findFirst().orElseThrow();
    assertThat(r34.note()).contains("production cluster at 0.90 of RSC's rate").contains("the 350 W cap alone");
    MetaRun any = metaRuns().get(0);
    for (double bad : new double[] {0, -0.1, 1.1, Double.NaN}) {
      assertThatThrownBy(() -> new MetaRun(any.id(), any.model(), any.releasedShards(),
              any.seq(), any.tokensBillions(), any.watts(), any.gpuHours(), any.source(), bad))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rateOfRsc").hasMessageContaining(any.id());
    }
  }

  @Test
  void llamaTable15AgreesWithThe65bThroughputOfSection24() {
    // §2.4: "around 380 tokens/sec/GPU on 2048 A100 GPU", 1.4T tokens (Table 2) -> GPU-hours of Table 15
    double gpuHours = 1.4e12 / 380.0 / 3600;
    MetaRun r65 = metaRuns().stream().filter(r -> r.id().equals("llama1-65b-gpuh")).findFirst().orElseThrow();
    assertThat(gpuHours / r65.gpuHours() - 1).isBetween(-0.01, 0.01);
  }

  @Test
  void llamaOneGpuHoursWithTheSameMethod() {
    List<Double> e = absErrors("llama1", "");
    assertThat(e).hasSize(4);
    // every row too slow: 7B +13.2%, 13B +21.1%, 33B +4.3%, 65B +13.1% with the factor at 0.727 (train9c); 7B +15.1%,
    // 13B +22.8%, 33B +5.6%, 65B +14.4% with the factor at 0.719 (train8a); 7B +17.5%,
    // 13B +25.5%, 33B +7.9%, 65B +16.8% at 0.700 (+13.8/+21.4/+4.4/+13.1% with the
    // PyTorch-native factor at 0.730 before FSDP2's layer-by-layer prefetch and the FP8 recipes refitted it to 0.700: that factor,
    // fitted to compiled torchtitan runs, does not carry over to Meta's 2022 stack); Table 15's 13B ran at 2055
    // tokens/s per GPU, 55% of the bf16 peak, above both 7B (47%) and 65B (50%), which no per-layer cost explains.
    // train9d: +7.6%, +18.7%, +4.1%, +13.6% (from +14.2/+22.1/+5.3/+14.1%) once the PyTorch stack reduces its gradients
    // in 100 MiB buckets (torchtitan's DDP bucket_cap_mb) rather than Megatron-Core's 1 M × dp parameters (2 B at dp
    // 2048, which left a third of the 7B model's reduction exposed); bounds tightened from 0.16 and 0.24. The 13B row
    // stays beyond 15%: Table 15 puts it at 1.36x Llama 2 13B's tokens/s per GPU (Llama 2 Table 2: 1507), on the same
    // stack, layout and tokens per GPU per step, where the model gives 1.09x (held-out-runs.md, llama1-paper).
    // train10d: tp searched instead of the released shards: 7B +4.9% (tp 2; +6.2% at tp 1), 13B +17.2%, 33B +2.9%,
    // 65B +12.4% (the search keeps 2, 4 and 8; 13B is slower at tp 1, +19.6%, and at tp 4, +23.8%)
    assertThat(median(e)).isLessThanOrEqualTo(0.11);
    assertThat(e).allSatisfy(x -> assertThat(x).isLessThanOrEqualTo(0.19));
  }
}
