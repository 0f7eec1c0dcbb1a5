package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.core.DType;
import dev.llmcost.costmodel.efficiency.EfficiencyProfiles;
import dev.llmcost.costmodel.training.EfficiencyCalibration.Fit;
import dev.llmcost.costmodel.training.EfficiencyCalibration.Residual;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Predicts published training runs that the model was never fitted to ({@code held-out-runs.csv},
 * collected with their configuration and source, see {@code held-out-runs.md}) and prints the error
 * table, the per-publication summary, and the leave-one-publication-out table over every
 * publication (calibration and held-out): the fitted values (the layer overhead and the PyTorch-native compute
 * factor) are refitted without the publication, which is then predicted.
 *
 * <p>The compared quantity is tokens per second per GPU throughout (each source's own TFLOP/s
 * accounting converted as the CSV's {@code accounting} column states).
 */
class HeldOutValidationTest {

  static final List<CalibrationRun> HELD_OUT = new ArrayList<>();
  static final List<String> NOT_COMPARED = new ArrayList<>();
  static final Map<String, List<Residual>> BY_PUBLICATION = new LinkedHashMap<>();
  static final int[] NOT_FITTING = {0};
  /** Predictions and LOPO figures before issue 12's third pass ({@code held-out-baseline.csv}), by run id or publication. */
  static final Map<String, Double> BEFORE = new LinkedHashMap<>();
  static final Map<String, double[]> LOPO_BEFORE = new LinkedHashMap<>();

  /** Asserted bounds: what this version reaches, rounded up, so that a regression fails. */
  /**
   * Held-out median (issue 12's fifth pass, every branch merged: 9.1%; 8.3% once FSDP2 / Megatron-FSDP
   * prefetch their all-gathers layer by layer, train7b; 8.1% with the FP8 recipes costed too, train7a).
   * Loosened to 0.084 (8.3%) by train7e: Blackwell Megatron runs now cost Transformer Engine's cuDNN
   * attention (cuDNN 9.13 on B200) instead of FlashAttention-4, which brings the Llama FP8 rows from
   * +18..+32% to +7..+20% but takes Blackwell MoE rows at 4K tokens that were near 0 to -6..-20% (the
   * 26.02 containers likely ship a newer, faster cuDNN than the 9.13 rows, not checked; the fitted curve is 13% under the
   * published rate at 4K-8K keys), and those rows sit near the median.
   * Tightened to 0.080 (7.9%) by train8e: MaxText's multi-slice rows shard within a slice and all-reduce
   * across slices over the data-centre network, as they ran; and by train8b: the flex dispatcher's rows no
   * longer pay a permute before their all-to-all and an unpermute after it (DeepEP and HybridEP do both inside
   * their kernels), which brings eleven flex-dispatcher MoE rows 2-5 points closer.
   * Still 0.080 once torchao's rowwise float8 casts every linear layer's gathered input and torchtitan's per-op
   * checkpointing gathers again (train8a).
   * Loosened to 0.085 (8.43%) by train8d:
   * with the gradient accumulation of Narayanan et al. 2021 and MT-NLG costed ({@code grad_accum_fusion}),
   * the bundled fit's layer overhead falls from 206.5 to 121.6 µs (MT-NLG's rows had pulled it up), and
   * held-out rows that were too slow near the median come out a little faster.
   */
  static final double HELD_OUT_MEDIAN_BOUND = 0.085;

  /**
   * All rows (7.8% before train7b's layer-by-layer FSDP schedule, 7.6% with it, 7.5% with the flex dispatcher,
   * 7.4% with the FP8 recipes). Loosened to 0.076 (7.54%) by train7e, for the reason given at {@link
   * #HELD_OUT_MEDIAN_BOUND}: Blackwell MoE rows at 4K tokens near the median move from about 0 to -6..-20%.
   * Tightened to 0.074 (7.3%) by train8e (MaxText's multi-slice rows, see {@link #HELD_OUT_MEDIAN_BOUND}),
   * with train8b's flex-dispatcher routing traffic and train8a's torchao rowwise float8 costs merged.
   */
  static final double ALL_ROWS_MEDIAN_BOUND = 0.074;

  static final double TORCHTITAN_MEDIAN_BOUND = 0.06;

  /**
   * 8.6% with every branch of issue 12's fifth pass merged (7.8% before it): the Qwen3-30B-A3B rows predicted
   * 2–3× too fast had pulled every refitted layer overhead up to 740–1000 µs; with MoE layers costed and the
   * PyTorch-native compute factor refitted beside the overlap and the overhead, the refits settle at
   * 360–470 µs with overlap 0.14–0.44, which the llm-foundry and Megatron-LM README publications like less.
   * The worst leave-one-out row fell from 175.8% to 67.3%. 7.5% once FSDP2 / Megatron-FSDP prefetch their
   * all-gathers layer by layer (train7b: the Megatron-FSDP rows stop being 20-23% too slow, and nothing
   * in the calibration set moves, so the refits stay where they were); 7.6% over 350 rows once the
   * flex-dispatcher MoE rows send a token once per destination rank and domain and the fixed-recipe
   * Qwen3-30B-A3B rows of 26.02.01/26.04 are added. 7.5% (bound 0.076) once MaxText's multi-slice rows are
   * costed as they ran (train8e) and the flex dispatcher's rows stop paying a separate permute
   * and unpermute (train8b), with train8a's torchao rowwise float8 costs.
   */
  static final double LOPO_MEDIAN_BOUND = 0.076;

  /**
   * MaxText README's leave-one-publication-out median and worst row: 8.4% and 32.1% while its multi-slice rows
   * were costed as one FSDP group over every chip of every slice (the ring capped at the ICI rate, so 32 slices
   * cost what one did); 6.9% and 21.7% once each slice shards over its own chips ({@code shard_group}, MaxText's
   * {@code ici_fsdp_parallelism}) and the slices all-reduce their gradient shards over the data-centre network at
   * the hosts' NIC rate (train8e). The worst row is the 128B model on 32 slices of v5e-256 (+22%): the measured
   * loss grows with the slice count faster than any bandwidth term (held-out-runs.md). s15g: 4.4% and 22.2% once a
   * tensor-parallel mesh axis moves its collectives over one of the slice's torus axes, not the chip's whole ICI
   * ({@code HardwareConstants#torusShare}, jax-ml/scaling-book): the six v5e 128B rows and six of the eight v5p rows
   * come down from +5 … +22% to −7 … +9%; the v5p 512B and the 1024B-on-v5p-4096 rows, already −10 / −11%, go to
   * −21 / −22%, and the latter is the worst row: the model predicts it as its v5p-2048 twin (the same layout per chip)
   * while its measurement is 19% higher.
   */
  static final double LOPO_MAXTEXT_MEDIAN_BOUND = 0.05;

  /** See {@link #LOPO_MAXTEXT_MEDIAN_BOUND}. */
  static final double LOPO_MAXTEXT_WORST_BOUND = 0.23;

  /**
   * Megatron-Bridge's leave-one-publication-out median and worst row (issue 12's fifth pass, every branch
   * merged: 19.6%, 48.0%; 17.8% and 175.8% before it): its Blackwell FP8 Llama rows are 27–38% too fast.
   * 17.7% and 47.8% with train7b's layer-by-layer FSDP schedule (its Megatron-FSDP rows from -23..-21% to
   * -7..+8%). 15.5% with the sixth pass merged; 11.1% once Blackwell Megatron runs cost cuDNN attention
   * (train7e).
   */
  static final double LOPO_MEGATRON_BRIDGE_MEDIAN_BOUND = 0.115;

  /**
   * Loosened from 0.49 to 0.55 (54.1%): the worst row is the Qwen3-30B-A3B H100 FP8 row (+90% with the
   * bundled profiles, its MoE cost not modelled), and its leave-one-out error follows the layer overhead the
   * other publications choose (scaled 9.5× for MoE layers). Costing BLOOM's 4 × 100 Gb/s Omni-Path network
   * and the Megatron-LM README runs' unfused cross entropy made those publications slower, so the refit
   * without Megatron-Bridge settles at 423 µs instead of 468 µs and that row comes out faster still.
   * 50.5% (bound 0.51) with the sixth pass's four branches merged; 50.8% once MaxText's multi-slice rows pay
   * their cross-slice all-reduce (train8e: slower TPU rows move the refitted layer overhead without Megatron-Bridge
   * from 427 to 425 µs, and that MoE row comes out a little faster).
   *
   * train8a's refit of the PyTorch-native factor moved it to 51.2% alone.
   *
   * Loosened to 0.55 (54.7%) by train8d: the
   * calibration's Megatron-LM 2021 and MT-NLG rows now cost their gradient accumulation outside the GEMM and
   * no longer pull the shared layer overhead up, so the refit without Megatron-Bridge settles at 397 µs instead
   * of 427 µs and that Qwen3-30B-A3B row (its MoE cost not modelled) comes out faster still.
   *
   * <p>Loosened to 0.71 (70.8%) by train8b, a data correction and not a model change: both H100 Qwen3-30B-A3B
   * rows ran Megatron-Core's combined-1F1B all-to-all overlap ({@code moe_a2a_overlap=True} in the recipes of
   * their releases), and the 26.02 one the flex dispatcher with DeepEP (the release branch's recipe applies the
   * {@code deepep} backend on Hopper); the rows had recorded neither. Costed as run, the overlap hides their
   * all-to-alls and the flex dispatcher sends fewer copies, so they come out faster still (bundled +87% to
   * +120% and +57% to +88%), while the measured runs are half as fast as a token-drop run of the same layout and
   * 0.57x the 26.04 run without the overlap. What those two runs lose is not costed (see held-out-runs.md,
   * "seventh pass (train8b)").
   *
   * train8c alone moved it to 55.7%: BLOOM's
   * single row, which weighs as much in the refit as Megatron-Bridge's 42, is no longer 21% too fast once
   * DeepSpeed's BF16_Optimizer and the tied-embedding all-reduce are costed, so the layer overhead refitted
   * without Megatron-Bridge drops from 427 to 390 µs and that MoE row (its overhead scaled 9.5×, its MoE cost
   * not modelled) comes out faster still; no Megatron-Bridge row changes under the bundled profiles.
   *
   * <p>0.78 (77.6%) with the seventh pass's branches merged: train8d's lower shared layer overhead (MT-NLG's
   * gradient accumulation costed) makes the refit without Megatron-Bridge 389 µs, and the 25.11 H100
   * Qwen3-30B-A3B row, whose lost time is not costed, comes out faster still (bundled +146.5%). 0.85 (84.9%)
   * with train8c merged as well (the refit without Megatron-Bridge 352 µs). That one row's leave-one-out error
   * follows whatever layer overhead the dense publications choose, scaled for its MoE layers: the gap is the
   * host-bound time of the dropless all-to-all dispatcher (a host-device sync before every expert-parallel
   * all-to-all, held-out-runs.md "seventh pass (train8b)"), which no microbenchmark pins down.
   *
   * <p>0.86 (85.3%) by train9c: the torchtitan async-TP rowwise rows run torchao's measured float8 GEMM curve and
   * come out slower, so the layer overhead refitted without Megatron-Bridge settles at 349.7 µs instead of 351.7 µs
   * and that row comes out faster still (84.9% -> 85.3%); no Megatron-Bridge row changes under the bundled profiles.
   *
   * <p>Then (train9b): llm-foundry's FSDP1 rows pay a ring's step latencies for every
   * transformer block's collectives, so the refit without Megatron-Bridge settles at 341.6 µs instead of
   * 351.7 µs and that Qwen3-30B-A3B row comes out faster still; no Megatron-Bridge row changes under the
   * bundled profiles beyond the lower bundled overhead.
   * Merged with train9c (lead): bound 0.88, re-read from the merged run.
   *
   * <p>Tightened to 0.44 (43.4% on its branch, the 26.02 H100 Qwen3-30B-A3B row) by train9a, a data correction and not a
   * model change: the 25.11 H100 Qwen3-30B-A3B row ran its release's recipe (micro-batch 1, VP 12), not the
   * 25.09 layout its table cells were carried over from (Megatron-Bridge #1596, 97ad8cc6f); costed at that
   * layout it is +34.0% leave-one-out (bundled +110.1%). What the two H100 rows with the combined-1F1B
   * overlap lose is still not costed (held-out-runs.md, "eighth pass (train9a)").
   *
   * <p>0.47 (45.8%) with train9b merged (lead): the refit without Megatron-Bridge is 341.4 µs instead of 351 µs, so
   * the 26.02 H100 row comes out faster.
   *
   * <p>Tightened to 0.34 (33.4%) with train9i merged (lead): the rows recorded without recompute as their recipes
   * ran (Llama 3 405B at m = p among them) raise the layer overhead refitted without Megatron-Bridge from 342.5 to
   * 419.3 µs, and the 26.02 H100 Qwen3-30B-A3B row, still the worst, comes out slower, nearer its measurement.
   *
   * <p>Loosened to 0.35 (34.2%) by train9k: Blackwell GEMMs at Transformer Engine's measured layer-shape rate and
   * GB200's attention at its measured GEMM clock make every Blackwell row slower; the 26.02 GB200 DeepSeek-V3 row,
   * whose leave-one-out error is the ×9.5 MoE layer overhead at the refit without Megatron-Bridge (train9h's table;
   * train9j replaces that overhead), goes from −33.6% to −34.2% and is the worst. Its bundled error is −13.1%.
   *
   * <p>Loosened to 0.49 (48.6%) by train10a: an MoE layer takes the longer of its device time and the host time of its
   * eager kernels (measured kernel count and host time per kernel, {@code Evaluator.moeHostSeconds}) instead of 9.5 ×
   * the fitted layer overhead, so the MoE rows no longer follow the refit: the DeepSeek-V3 rows go from −13..−34% to
   * −12..+5% leave-one-out, the 26.02.01/26.04 Qwen3-30B-A3B rows from −28..−33% to +9..+11%, the B200 MBS-1 rows to
   * −15/−18% (bundled +89/+82% before), and the two H100 Qwen3-30B-A3B rows with 16 local experts (PP 2, VP 12,
   * combined-1F1B overlap, FP8 current scaling, no CUDA graphs), +21/+29% only because the refitted 419 µs × 9.5 slowed
   * them, are +44/+49% as bundled (+124/+146% before). Leave-one-out median 10.3% -> 8.2%.
   *
   * <p>Loosened to 0.57 (56.1%) by s12h, no cost changed: the 25.09 token-drop rows (capacity factor 1.0, padded,
   * column {@code expert_capacity}) are compared, and the B200 Qwen3-30B-A3B MBS-1 row (18066 tok/s) is predicted
   * at the 25.11 dropless row's 7929 (−56.1%): it ran Megatron-Core's whole-layer CUDA graphs ({@code
   * cuda_graphs: true}, which capture an MoE layer only with capacity and padding), which the model does not cost,
   * so its MoE layers are charged their eager host time. Costing the graphs (no host time) would put it at +38%
   * bundled, +26% leave-one-out (s12h, held-out-runs.md).
   *
   * <p>Loosened to 0.62 (61.4%) by s12h's GPT-OSS-120B rows (26.02, BF16, alltoall, force-balanced): predicted
   * +65% (GB200, EP 64 in the rack, bundled; +61% leave-one-out), +28% (B200, EP 64 over InfiniBand) and +37%
   * (H100, PP 4) too fast with the sliding-window layers costed at their 128-token window; what the runs spend
   * beyond the modelled device time is not pinned by a source (held-out-runs.md, s12h).
   *
   * <p>Back to 0.57 by s12j: Megatron-Core's grouped experts add GPT-OSS's down-projection bias expert by expert and
   * clamp its activation in kernels of their own ({@code Evaluator.EXPERT_BIAS_FORWARD_BYTES}, {@code
   * ACTIVATION_CLAMP_FORWARD_BYTES}, their kernels in the MoE host time); the GB200 row goes to +45.8% leave-one-out,
   * and the worst row is again the B200 MBS-1 token-drop row (−56.1%).
   *
   * <p>Loosened to 0.64 (63.4%) by s20i (2026-12-07), no cost changed: the 81 expressible rows of the 26.02.01,
   * 26.04 and 26.04.01 tables are added (42.8% before), among them 15 GPT-OSS-120B rows. The worst is the 26.02.01
   * GB200 GPT-OSS row (EP 64, HybridEP and the a2a overlap of #2906's preset), +63.4% leave-one-out, and the 26.04 GB200
   * row is +61.5%: the ~10 ms a layer and micro-batch beyond the modelled time that s20a found on every Blackwell
   * GPT-OSS layout, which no source read so far prices (held-out-runs.md, s20a, s20i).
   *
   * <p>Tightened to 0.59 (58.1%) by s22c (2026-12-07): the GB200, B200 and H100 GPT-OSS recipes recompute the experts'
   * clamped activation ({@code recompute_modules} {@code moe_act}, column {@code recompute_moe_act}), whose rerun
   * traffic and kernels are now costed; the 26.02.01 GB200 row, still the worst, goes from +63.1% to +58.1%
   * leave-one-out (held-out-runs.md, s22c).
   */
  static final double LOPO_MEGATRON_BRIDGE_WORST_BOUND = 0.59;

  /**
   * Leave-one-publication-out median and worst row of NeMo's 25.07 GB200 pre-training table (train10f, the three
   * dense Llama rows the stored page shows, never fitted to: 13.1% and 27.4%). The worst is the Llama 3.1 405B
   * Megatron-FSDP row with 95 layers' activations offloaded, +27.4% like the same layout in Megatron-Bridge's
   * 25.09 table (+22.4%). Bounds at what it measures.
   */
  static final double LOPO_NEMO_2507_MEDIAN_BOUND = 0.135;

  /** See {@link #LOPO_NEMO_2507_MEDIAN_BOUND}. */
  static final double LOPO_NEMO_2507_WORST_BOUND = 0.28;

  /**
   * Leave-one-publication-out median and worst row of NeMo's 25.04 GB200 pre-training table (train10f, 6 rows,
   * never fitted to: 7.9% and 13.4%). Bounds at what it measures.
   */
  static final double LOPO_NEMO_2504_MEDIAN_BOUND = 0.08;

  /** See {@link #LOPO_NEMO_2504_MEDIAN_BOUND}. */
  static final double LOPO_NEMO_2504_WORST_BOUND = 0.14;

  /**
   * Leave-one-publication-out median and worst row of NeMo's 25.02 B200 pre-training table (train10f, 6 rows:
   * 9.2% and 34.6%). Its Llama 3 8B and Nemotron-4 15B rows (one replica per GPU, no model parallelism) are
   * 26% and 35% too fast: the same 8B layout reached 29,994 tokens/s with Megatron-Bridge 25.09 against 26,006
   * here, a software difference no costed mechanism names (held-out-runs.md, "train10f"). Bounds at what it
   * measures. Median loosened 0.095 -> 0.096 by train10k (9.2% -> 9.5%): Nemotron's squared ReLU is now costed as
   * Megatron-Core runs it (unfused PyTorch kernels), which slows both Nemotron rows and, with NeMo 24.07's three
   * Nemotron rows added to the other publications' refits, moves the layer overhead refitted without 25.02
   * (451.6 -> 454.4 us); its worst row (Nemotron-4 15B) improves from 31.9% to 27.6%.
   */
  static final double LOPO_NEMO_2502_MEDIAN_BOUND = 0.096;

  /**
   * See {@link #LOPO_NEMO_2502_MEDIAN_BOUND}. Tightened 0.35 -> 0.26 by s23j (2026-12-07): with FP8 parameters
   * Megatron-Core merges every non-FP8 parameter into the last bucket group, exposed at the end of the backward and
   * the start of the forward; the Nemotron-4 15B row (untied 256k-vocabulary embedding and head, 3.1 B bf16
   * parameters per GPU) moves from 28.7% to 25.1% (held-out-runs.md, "s23j").
   */
  static final double LOPO_NEMO_2502_WORST_BOUND = 0.26;

  /**
   * Leave-one-publication-out median and worst row of the Megatron-LM README weak-scaling table (12.6% and
   * 20.8% with its unfused cross entropy costed; 13.1% and 29.5% before). Loosened from 0.13 to 0.134
   * (13.3%) by train7e: with Blackwell Megatron runs costing cuDNN attention, the Megatron-Bridge Blackwell
   * rows no longer pull the shared layer overhead up, so the refit without the README drops from 315 to
   * 280 µs and its rows come out a little faster (no README row changes under the bundled profiles). 0.132
   * (13.1%) once the rows train with Megatron-LM's default dropout (train8c). Tightened to 0.096 (9.5%) by
   * train9d: the rows' {@code --overlap-param-gather} implies Megatron's distributed optimizer, whose memory is
   * ZeRO-1's (gradients kept whole), so the search no longer picks the larger micro-batches that ZeRO-2's sharded
   * gradients made room for (119B and 314B rows, held-out-runs.md). Loosened to 0.099 by train10h: main at 95eec6b
   * already reached 10.4% here (the refits without the README rose with train10e's Llama 3 rows, which came out
   * 29% too fast and pulled the shared layer overhead up); with those rows predicted but not fitted it is 9.9%.
   * Loosened to 0.100 (9.91%, 9.84% before) by s11b: with the unfused attention core's softmax and dropout traffic
   * counted from their kernels, the calibration's Megatron-LM 2021 small-model rows no longer want a zero layer
   * overhead, so the refit without the README moves from 453.7 to 470.6 µs and its rows come out a little slower
   * (no README row changes under its own costs; its rows use fused attention).
   */
  static final double LOPO_MEGATRON_README_MEDIAN_BOUND = 0.100;

  /**
   * 0.22: 21.2% once train7b's layer-by-layer FSDP schedule is merged too (the refitted layer overhead
   * without the README drops from 352 to 328 µs, so its 1.7B row comes out faster). 0.221 (22.03%) by train8d:
   * the calibration's Megatron-LM 2021 and MT-NLG rows cost their gradient accumulation outside the GEMM and
   * pull the refitted overhead without the README from 280 to 275 µs. train8c: 0.21 (20.5%) once BLOOM's
   * BF16_Optimizer and Megatron-LM's default dropout are costed.
   */
  static final double LOPO_MEGATRON_README_WORST_BOUND = 0.221;

  /**
   * Leave-one-publication-out median and worst row of the calibration's Megatron publications (Narayanan et
   * al. 2021 Table 1, Korthikanti et al. 2022 Table 4, MT-NLG): 4.7% and 21.0% (MT-NLG 420 nodes) once
   * Megatron-LM 2021 and MT-NLG cost their gradient accumulation outside the weight-gradient GEMM (train8d;
   * 7.7% and 28.5% before). 5.03% and 20.9% (bound 0.051) with the seventh pass's branches merged: train8a's
   * PyTorch-native factor and train8e's TPU rows move the refit without Megatron from 331 to 335 µs.
   * Loosened to 0.054 (4.7% -> 5.2%) by s12b, with no cost changed: the four MLPerf Training publications
   * (v3.1, v4.0 and v4.1 GPT-3 175B, v5.0 Llama 3.1 405B; 20 rows) enter every other publication's refit,
   * and the layer overhead refitted without Megatron falls from 596 to 392 µs (the v4.1 and v5.0 H100 rows,
   * 3-8% too slow under the bundled profiles, pull it down most), so Table 1's small rows come out faster;
   * Megatron's worst row improves (23.9% -> 21.2%) for the same reason (held-out-runs.md, "s12b").
   */
  static final double LOPO_MEGATRON_MEDIAN_BOUND = 0.054;

  /**
   * Megatron's leave-one-out worst row: 20.9% (bound 0.215) until train10a; 25.9% since (Megatron-LM 2021 Table 1's
   * 7.5B row, −25.9%): with MoE layers no longer charged 9.5 × the fitted layer overhead, the Megatron-Bridge MoE rows
   * stop holding the refitted overhead down, and the refit without Megatron settles at 608 µs instead of 322 µs
   * (Megatron's own rows want 0 µs). No Megatron row changed under the bundled profiles; its median fell to 4.1%.
   * Tightened to 0.24 (23.9%, 25.6% before; median 4.1% -> 4.7%) by s11b: the unfused attention core's softmax and
   * dropout are costed from their kernels (the causal softmax reads the lower triangle only; the backward reads the
   * gradient, the saved probabilities and the one-byte dropout mask once, not twice the forward), which takes
   * 4-6% off Table 1's 1.7B-18.4B rows (their score matrix is a large share of their memory traffic at 24-48
   * heads and 2,048 tokens); the refit without Megatron stays at 597 µs, so the 7.5B row goes from -25.6% to
   * -23.9% (held-out-runs.md, "s11b").
   */
  static final double LOPO_MEGATRON_WORST_BOUND = 0.24;

  /**
   * BLOOM-176B's leave-one-out error (20.4% on Jean Zay's Omni-Path network; 28.9% on an assumed DGX network;
   * 11.5% with DeepSpeed's BF16_Optimizer and the tied-embedding all-reduce costed, train8c).
   * Loosened to 0.122 (11.7% -> 12.1%) by s12b, with no cost changed: the four MLPerf Training
   * publications (20 rows) enter the refit without BLOOM and move its layer overhead from 491 to 355 µs.
   */
  static final double LOPO_BLOOM_WORST_BOUND = 0.122;

  /**
   * Loosened from 0.055 to 0.057 in the FP8 recipe pass: torchao's float8 rows now pay the quantization of
   * every output gradient and weight, which the former 3-byte input cast left out, and the two 8B FSDP float8
   * rows went from +0.7%/+2.0% to -3%/-2% (5.0% → 5.6%).
   *
   * <p>Loosened to 0.07 (6.8%, 5.1% before) by train9c, with the worst-row bound below: the async-TP table's
   * rowwise rows run torchao's measured float8 linear-layer curve (fp8-linear.csv) and are no longer 25% too fast,
   * so without the 2024 table the PyTorch-native factor refits to 0.751 instead of 0.736 (the rowwise rows had
   * been pulling it down) and every 2024 row comes out faster; no cost of a 2024 row changed (none is rowwise).
   */
  static final double LOPO_TORCHTITAN_MEDIAN_BOUND = 0.07;

  /**
   * Leave-one-publication-out worst row of torchtitan-2024 (context parallelism at 256K: 19.5% on its branch, 21.6% with
   * every branch merged, 20.7% in the sixth pass). Loosened to 0.215 by train8a (16.3% -> 21.0%): without the 2024
   * table the PyTorch-native factor refits to 0.736 instead of 0.704, because the async-TP table's rowwise rows no
   * longer pull it down, and the 405B row at 256K (+18.4% with the bundled fit) comes out faster still; no cost of
   * the 2024 rows changed (none is rowwise or per-op checkpointed under TP). Loosened to 0.24 by train9c (21.1% ->
   * 23.4%, the 405B row at 256K) for the same reason again: the refit without the 2024 table goes from 0.736 to 0.751
   * once the rowwise rows run torchao's measured float8 curve ({@link #LOPO_TORCHTITAN_MEDIAN_BOUND}).
   * Loosened to 0.245 (24.3%) by train10a: the refit without the 2024 table settles at 440 µs instead of 307 µs once
   * the Megatron-Bridge MoE rows no longer scale the fitted layer overhead 9.5× (see {@link
   * #LOPO_MEGATRON_WORST_BOUND}); no 2024 row changed under the bundled profiles. Loosened to 0.247 by train10h:
   * main at 95eec6b already reached 24.9% (and a 7.06% median against {@link #LOPO_TORCHTITAN_MEDIAN_BOUND}), the
   * refit without the 2024 table having moved with train10e's Llama 3 rows; with those rows predicted but not
   * fitted, 24.6% and 7.0%.
   */
  static final double LOPO_TORCHTITAN_WORST_BOUND = 0.247;

  /**
   * Leave-one-publication-out medians of the other PyTorch-native publications (async TP 2025: its float8
   * rowwise rows are not modelled). Loosened from 15% to 16% by train7b: with FSDP2's layer-by-layer
   * prefetch its FSDP collectives hide, every FSDP row gets faster and the PyTorch-native factor refits
   * from 0.737 to 0.691; its 70B rows improve by about 1 point, its 8B float8 rows (already too fast, the
   * float8 GEMM rate at TP 8's narrow shapes) lose 1-3 points: 14.5% -> 15.7%. 16.9% (bound 0.17) once the
   * FP8 recipes are costed too (train7a): its float8 rows pay the quantization of output gradients and
   * weights, the rowwise rows come down from +23..+62% to +17..+51%, the tensorwise 8B TP 8 rows go from
   * +14% to +17% (skinny per-rank GEMMs the layer benchmark does not cover). 7.4% (bound 0.075) once
   * torchao's rowwise recipe casts the gathered input of every linear layer at the bytes of torchao's own
   * roofline, async TP decomposes only its reduce-scatters (pytorch issue 149990), and torchtitan's per-op
   * checkpointing gathers the norm outputs again (train8a). Tightened to 0.065 (6.2%) by train9c: the rowwise
   * rows run torchao's measured float8 linear-layer curve (fp8-linear.csv).
   */
  static final double LOPO_TORCHTITAN_ASYNCTP_MEDIAN_BOUND = 0.065;

  /**
   * Leave-one-publication-out worst row of the async-TP 2025 table: 58.6% before train8a (its 8B rowwise row), 26.5%
   * with it; the 8B float8 rows at TP 8 remain too fast (tensorwise +15..17%, rowwise +24..25%: the FP8 GEMM
   * rate at TP 8's narrow per-rank shapes and the rowwise kernels' rate are taken from large-shape benchmarks).
   * Tightened to 0.19 by train9c (18.5%): the rowwise rows run the FP8 GEMM curve fitted to torchao's measured
   * float8 linear-layer speed-ups by shape (8B +5..+6%, 70B -7..-6%); the worst row is now the 8B tensorwise
   * async-TP row, whose narrow per-rank shapes have no tensorwise table.
   */
  static final double LOPO_TORCHTITAN_ASYNCTP_WORST_BOUND = 0.19;

  /**
   * Trainy's H200 rows: 15.8% before their published float8 all-gather was costed, 14.3% with it; 9.6% once the
   * PyTorch-native factor refits without the async-TP rows' rowwise overestimate (train8a).
   */
  static final double LOPO_TRAINY_MEDIAN_BOUND = 0.098; // 9.7% with the seventh pass merged, 7.9% with train9c

  /**
   * torchao's float8 H100 table (s13k, predicted only): 16.6% / 22.2% leave-one-publication-out median / worst while its
   * rows were costed on the 80 GB SXM part; s20h (2026-12-07) costs them on the part the table's author logged, Meta's
   * Grand Teton 96 GB HBM2e H100 at its default 500 W ({@link TorchaoH100PartTest}; held-out-runs.md, s20h): 3.6% /
   * 10.8%. The median bound is issue 12's per-publication target; the worst bound is what s20h reaches, rounded up.
   */
  static final double LOPO_TORCHAO_H100_MEDIAN_BOUND = 0.12;

  static final double LOPO_TORCHAO_H100_WORST_BOUND = 0.11;

  /**
   * torchao's float8 MI300X table (s13k, predicted only): 55.1% / 58.7% leave-one-publication-out median / worst while
   * its PyTorch-native jobs were costed at AITER's FMHA v3 attention rates; s23f (2026-12-07) costs PyTorch SDPA's own
   * kernels on CDNA3 at the latencies AMD measured against AITER's in one TorchTitan job ({@code RocmSdpaAttention};
   * held-out-runs.md, s23f): 3.2% / 7.0%. The median bound is issue 12's per-publication target; the worst bound is
   * what s23f reaches, rounded up.
   */
  static final double LOPO_TORCHAO_MI300X_MEDIAN_BOUND = 0.12;

  static final double LOPO_TORCHAO_MI300X_WORST_BOUND = 0.075;

  /** Leave-one-publication-out rows whose error exceeds this are printed one by one. */
  static final double LOPO_ROW_PRINTED = 0.20;

  /**
   * The values the leave-one-publication-out table refits: the bundled fit's layer overhead and the factor on
   * PyTorch-native kernel rates. s18g dropped the overlap efficiency from both fits: freed, it sits at its lower
   * bound (0) in the fit over every publication and in every fold but one, and leaves it (0.043) only when
   * foundry-a100-40 is left out, which then made that publication's own 70b row 1.1 points worse (held-out-runs.md,
   * s18g); {@link #overlapEfficiencyStaysAtItsBoundOverEveryPublication} re-runs that fit.
   */
  static final List<EfficiencyCalibration.Parameter> LOPO_FREE =
      List.of(
          EfficiencyCalibration.Parameter.LAYER_OVERHEAD_SECONDS,
          EfficiencyCalibration.Parameter.PYTORCH_NATIVE_COMPUTE);

  /**
   * Rows that are predicted and reported but enter no fit: LLaMA 65B's 380 tokens/s per GPU, whose
   * layout and stack (Meta's PyTorch eager code, xformers attention, ZeRO-1-style sharding) are
   * completed from what Meta published elsewhere and partly assumed (see {@code held-out-runs.md}).
   * As a publication of its own it would weigh as much in the PyTorch-native compute factor's fit as
   * torchtitan's 18 runs (each publication is weighted equally) and move the factor, documented as the
   * fit of the compiled torchtitan runs, from 0.730 to 0.76. Llama 3 405B's two tokens-per-second rows likewise
   * (train10h): their stack is Meta's own PyTorch one (FSDP, not Megatron-Core; Dubey et al. 2024 §3.3.2), costed at
   * the PyTorch-native kernel rates as an assumption, so they enter no fit of those rates or of anything else.
   */
  static final Set<String> PREDICTED_NOT_FITTED = predictedNotFitted(
      Set.of("llama1-65b-2048gpu", "llama3-405b-8192gpu-cp1", "llama3-405b-16384gpu-cp1",
          // s12c: published full runs of papers, predicted only
          "deepseek-v3-2048gpu-h800", "opt-175b-992gpu", "palm-540b-6144chip-tpuv4",
          // s13i: Cisco's MLPerf v5.1 Llama 3.1 8B H100 rows, a NeMo pretrain.py of NVIDIA's v5.0 form on a
          // container its systems json gives as PyTorch 23.09 (software partly unknown), +22% / +55% too fast
          // bundled; as a fitted publication of two rows it moves every other publication's refitted layer
          // overhead from ~365 to ~500 µs (held-out-runs.md, s13i)
          "mlperf51-cisco-h100-llama31-8b-64gpu", "mlperf51-cisco-h100-llama31-8b-128gpu",
          // s13k: publications added after the fit (torchao's float8 tables on H100 and MI300X, Megatron-Core's MoE
          // README) and the Megatron-LM README's strong-scaling end points, predicted only: nothing is fitted to them
          "torchao-h100-8b-8gpu-bf16", "torchao-h100-8b-8gpu-float8-tensorwise", "torchao-h100-8b-8gpu-float8-rowwise",
          "torchao-mi300x-8b-8gpu-bf16", "torchao-mi300x-8b-8gpu-float8-tensorwise", "torchao-mi300x-8b-8gpu-float8-rowwise",
          "mlm-readme-strong-177b-96gpu", "mlm-readme-strong-177b-4608gpu", "mcore-moe-readme-mixtral-8x7b-64gpu",
          // s13o: AMD MI355X / MI350X MLPerf v5.1 Llama 3.1 8B rows (AMD's ROCm implementation), +13 … +34% too fast
          // bundled; CDNA 4 has no FP8 GEMM, attention, HBM or Infinity Fabric rows (the BF16 GEMM fraction, the
          // A100's attention fraction and the measured parts' means stand in), so what they miss is measurement, not
          // layer overhead: fitted, the publication alone wants the bound (1 ms) and moves every other publication's
          // refitted layer overhead from ~412 to ~454 µs (held-out-runs.md, s13o)
          "mlperf51-amd-mi355x-llama31-8b-8gpu", "mlperf51-amd-mi350x-llama31-8b-8gpu",
          "mlperf51-cisco-mi350x-llama31-8b-8gpu", "mlperf51-dell-mi355x-llama31-8b-8gpu",
          "mlperf51-gigacomputing-mi355x-llama31-8b-8gpu", "mlperf51-supermicro-mi355x-llama31-8b-8gpu"));

  /**
   * s13k: the ids above and every row of the DGX Cloud Benchmarking recipes (ids {@code dgxc2411-}, {@code dgxc2505-}),
   * predicted only. s20j (2026-12-07): likewise every row of llm-foundry's January-2024 "H100 80GB BF16 (Large Scale,
   * >= 128 GPUs)" table (ids {@code foundry-h100-ls-}, publication {@code foundry-h100-large}), added after the fit.
   */
  private static Set<String> predictedNotFitted(Set<String> listed) {
    Set<String> out = new HashSet<>(listed);
    try {
      for (String line : resource("held-out-runs.csv").split("\n")) {
        if (line.startsWith("dgxc2411-") || line.startsWith("dgxc2505-") || line.startsWith("foundry-h100-ls-")) {
          out.add(line.substring(0, line.indexOf(',')));
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return Set.copyOf(out);
  }

  /**
   * s13k: published GPU runs the memory model puts just over the device, listed (printed above) and not counted
   * as failures; the lead decides. {@code dgxc2505-h100-nemotron4-15b-16gpu-bf16} (DGX Cloud Benchmarking v25.05,
   * Nemotron-4 15B BF16 on 16 H100s, TP 2, MBS 2, no recompute) is modelled at 80.2 GiB against the H100's 80.0:
   * 54.6 GiB of states (bf16 weights, fp32 gradients, distributed optimizer over 8) and 25.5 GiB of activations.
   */
  static final Set<String> OVER_CAPACITY_BY_A_LITTLE = Set.of("dgxc2505-h100-nemotron4-15b-16gpu-bf16");

  static Set<String> withNotFitted(Set<String> ids) {
    Set<String> out = new HashSet<>(ids);
    out.addAll(PREDICTED_NOT_FITTED);
    return out;
  }

  static String resource(String name) throws IOException {
    try (InputStream in = HeldOutValidationTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Rows without a comparable tokens/s figure or without a published layout are listed, not compared. */
  static String comparable(String csv) {
    StringBuilder out = new StringBuilder();
    String[] lines = csv.split("\n");
    List<String> header = null;
    for (String line : lines) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      List<String> fields = splitCsv(line);
      if (header == null) {
        header = fields;
        out.append(line).append('\n');
        continue;
      }
      String id = fields.get(header.indexOf("id"));
      String tokens = fields.get(header.indexOf("tokens_per_second_per_gpu"));
      String tp = fields.get(header.indexOf("tp"));
      String batch = fields.get(header.indexOf("global_batch"));
      String note = fields.get(header.indexOf("note"));
      if (tokens.isBlank()) {
        NOT_COMPARED.add(id + ": no tokens/s figure (TFLOP/s accounting not stated)");
      } else if (tp.isBlank() || batch.isBlank()) {
        NOT_COMPARED.add(id + ": layout or global batch not published");
      } else if (note.contains("quarter of")) {
        NOT_COMPARED.add(id + ": the published layout covers a quarter of the published GPU count");
      } else {
        // columns added after a row was written (tp_overlap) are left blank in it
        out.append(line).append(",".repeat(Math.max(0, header.size() - fields.size()))).append('\n');
      }
    }
    return out.toString();
  }

  static List<String> splitCsv(String line) {
    return java.util.Arrays.stream(dev.llmcost.costmodel.internal.training.CsvTable.split(line)).map(String::trim).toList();
  }

  @BeforeAll
  static void load() throws IOException {
    HELD_OUT.addAll(
        TrainingRuns.parse(
            "held-out-runs.csv",
            comparable(resource("held-out-runs.csv")),
            TrainingRuns.modelsTable("held-out-models.csv", resource("held-out-models.csv"))));
    for (String line : resource("held-out-baseline.csv").split("\n")) {
      List<String> f = splitCsv(line);
      if (line.startsWith("#") || line.isBlank() || f.get(0).equals("kind")) {
        continue;
      }
      if (f.get(0).equals("prediction")) {
        BEFORE.put(f.get(1), Double.parseDouble(f.get(2)));
      } else {
        LOPO_BEFORE.put(f.get(1), new double[] {Double.parseDouble(f.get(3)), Double.parseDouble(f.get(4))});
      }
    }
  }

  /** A fraction as a percentage, or "n/a" where a publication has no figure (added after the baseline). */
  private static String percent(double fraction) {
    return Double.isNaN(fraction) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
  }

  /** A signed error as a percentage, or "n/a" where the row has no figure. */
  private static String signedPercent(double fraction) {
    return Double.isNaN(fraction) ? "n/a" : String.format(Locale.ROOT, "%+.1f%%", 100 * fraction);
  }

  static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    s.sort(Comparator.naturalOrder());
    int n = s.size();
    return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  static double worst(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  static List<Double> abs(List<Residual> rs) {
    return rs.stream().map(r -> Math.abs(r.error())).toList();
  }

  @Test
  void heldOutRunsArePredictedWithTheBundledProfiles() {
    List<CalibrationRun> all = new ArrayList<>(EfficiencyCalibration.bundledRuns());
    all.addAll(HELD_OUT);
    Map<String, List<Residual>> byPublication = new LinkedHashMap<>();
    Map<String, List<Double>> beforeByPublication = new LinkedHashMap<>();
    System.out.printf(Locale.ROOT, "%nheld-out runs (bundled profiles; tokens/s per GPU; before = at commit 3d42073,"
        + " held-out-baseline.csv):%n");
    System.out.printf(Locale.ROOT, "%-36s %-26s %-14s %10s %10s %8s %10s %8s%n", "run", "publication", "accelerator",
        "measured", "predicted", "error", "before", "error");
    for (CalibrationRun r : HELD_OUT) {
      double predicted = EfficiencyCalibration.predict(r);
      double error = r.throughputError(predicted);
      // rows added after the baseline (issue 12's fourth pass) have no "before" figure
      double before = BEFORE.getOrDefault(r.id(), Double.NaN);
      double beforeError = Double.isNaN(before) ? Double.NaN : r.throughputError(before);
      byPublication.computeIfAbsent(r.group(), k -> new ArrayList<>()).add(Residual.of(r, predicted));
      List<Double> beforeList = beforeByPublication.computeIfAbsent(r.group(), k -> new ArrayList<>());
      if (!Double.isNaN(beforeError)) {
        beforeList.add(Math.abs(beforeError));
      }
      System.out.printf(Locale.ROOT, "%-36s %-26s %-14s %10.1f %10.1f %+7.1f%% %10s %8s%n", r.id(), r.group(),
          r.job().cluster().accelerator().id(), r.value(), predicted, 100 * error,
          Double.isNaN(before) ? "n/a" : String.format(Locale.ROOT, "%.1f", before), signedPercent(beforeError));
    }
    System.out.printf(Locale.ROOT, "%npublished runs that the memory model says do not fit (memory per GPU / device):%n");
    int notFitting = 0;
    int gpuNotFitting = 0;
    for (CalibrationRun r : HELD_OUT) {
      TrainingEstimate e = TrainingCostModel.calibrated().estimate(r.job());
      if (!e.memory().fits()) {
        notFitting++;
        if (!r.job().cluster().accelerator().id().startsWith("tpu") && !OVER_CAPACITY_BY_A_LITTLE.contains(r.id())) {
          gpuNotFitting++;
        }
        System.out.printf(Locale.ROOT, "  %-36s %6.1f / %6.1f GiB (%s)%n", r.id(), e.memory().total().bytes() / 1073741824.0,
            e.memory().capacity().bytes() / 1073741824.0, r.assumed());
      }
    }
    System.out.printf(Locale.ROOT, "  %d of %d runs%n", notFitting, HELD_OUT.size());
    NOT_FITTING[0] = notFitting;
    // every GPU run fits as published; MaxText's XLA remat policies and activation sharding on TPUs are
    // not modelled, and those runs are listed above
    assertThat(gpuNotFitting).isZero();
    System.out.printf(Locale.ROOT, "%nnot compared:%n");
    NOT_COMPARED.forEach(s -> System.out.println("  " + s));
    List<Double> every = new ArrayList<>();
    List<Double> everyBefore = new ArrayList<>();
    System.out.printf(Locale.ROOT, "%n%-28s %5s %10s %10s %14s %14s%n", "publication", "runs", "median|e|", "worst|e|",
        "median before", "worst before");
    for (var e : byPublication.entrySet()) {
      List<Double> a = abs(e.getValue());
      List<Double> b = beforeByPublication.get(e.getKey());
      every.addAll(a);
      everyBefore.addAll(b);
      System.out.printf(Locale.ROOT, "%-28s %5d %9.1f%% %9.1f%% %14s %14s%n", e.getKey(), a.size(),
          100 * median(a), 100 * worst(a), percent(median(b)), percent(worst(b)));
    }
    System.out.printf(Locale.ROOT, "%-28s %5d %9.1f%% %9.1f%% %13.1f%% %13.1f%%%n", "all held-out", every.size(),
        100 * median(every), 100 * worst(every), 100 * median(everyBefore), 100 * worst(everyBefore));
    BY_PUBLICATION.putAll(byPublication);
    List<Double> allRows = new ArrayList<>(every);
    List<Double> allRowsBefore = new ArrayList<>(everyBefore);
    for (CalibrationRun r : EfficiencyCalibration.bundledRuns()) {
      // the calibration runs' accelerators (A100, H100 SXM) have rows of their own, which this pass left alone
      double e = Math.abs(r.throughputError(EfficiencyCalibration.predict(r)));
      allRows.add(e);
      allRowsBefore.add(e);
    }
    System.out.printf(Locale.ROOT, "%-28s %5d %9.1f%% %9.1f%% %13.1f%% %13.1f%%   (calibration and held-out runs,"
        + " bundled profiles)%n", "all rows", allRows.size(), 100 * median(allRows), 100 * worst(allRows),
        100 * median(allRowsBefore), 100 * worst(allRowsBefore));
    assertThat(every).hasSizeGreaterThanOrEqualTo(100);
    assertThat(byPublication).hasSizeGreaterThanOrEqualTo(8);
    // bounds at what this version reaches (the printed tables), so that a regression fails
    assertThat(median(every)).isLessThanOrEqualTo(HELD_OUT_MEDIAN_BOUND);
    assertThat(median(allRows)).isLessThanOrEqualTo(ALL_ROWS_MEDIAN_BOUND);
    assertThat(median(abs(byPublication.get("torchtitan-2024")))).isLessThanOrEqualTo(TORCHTITAN_MEDIAN_BOUND);
  }

  @Test
  void leaveOnePublicationOut() {
    List<CalibrationRun> all = new ArrayList<>(EfficiencyCalibration.bundledRuns());
    all.addAll(HELD_OUT);
    Map<String, Set<String>> publications = new LinkedHashMap<>();
    for (CalibrationRun r : all) {
      publications.computeIfAbsent(r.group(), k -> new HashSet<>()).add(r.id());
    }
    System.out.printf(Locale.ROOT, "%nleave-one-publication-out (layer overhead and the PyTorch-native compute factor"
        + " refitted without the publication; overlap efficiency held at its bundled value since s18g):%n");
    System.out.printf(Locale.ROOT, "%-28s %5s %9s %11s %8s %10s %10s %14s %14s%n", "publication", "runs", "overlap",
        "sustain/overhead us", "pytorch", "median|e|", "worst|e|", "median before", "worst before");
    List<Double> medians = new ArrayList<>();
    List<Double> every = new ArrayList<>();
    Map<String, Double> medianOf = new LinkedHashMap<>();
    Map<String, Double> worstOf = new LinkedHashMap<>();
    List<String> worstRows = new ArrayList<>();
    List<String> fp4Rows = new ArrayList<>();
    // s18g: the fit over every fitted publication, against which each fold's values are compared
    Fit everyFit = EfficiencyCalibration.fit(all, LOPO_FREE, PREDICTED_NOT_FITTED);
    Map<String, Map<EfficiencyCalibration.Parameter, Double>> foldValues = new LinkedHashMap<>();
    Map<String, Integer> foldFittedRows = new LinkedHashMap<>();
    List<Residual> farRows = new ArrayList<>();
    Map<String, Map<EfficiencyCalibration.Parameter, Double>> farRowValues = new LinkedHashMap<>();
    for (var p : publications.entrySet()) {
      Fit fit = EfficiencyCalibration.fit(all, LOPO_FREE, withNotFitted(p.getValue()));
      foldValues.put(p.getKey(), fit.values());
      foldFittedRows.put(p.getKey(), (int) p.getValue().stream().filter(id -> !PREDICTED_NOT_FITTED.contains(id)).count());
      fit.residuals().stream()
          .filter(r -> p.getValue().contains(r.run().id()) && Math.abs(r.error()) > FIT_ATTRIBUTION_PRINTED)
          .forEach(r -> {
            farRows.add(r);
            farRowValues.put(r.run().id(), fit.values());
          });
      // s12g: every NVFP4 row's leave-one-publication-out error, printed whatever its size
      fit.residuals().stream()
          .filter(r -> p.getValue().contains(r.run().id()) && r.run().job().precision().mathType() == DType.FP4)
          .forEach(r -> fp4Rows.add(String.format(Locale.ROOT, "  %-40s %-26s measured %10.4g predicted %10.4g %+7.1f%%",
              r.run().id(), p.getKey(), r.run().value(), r.predicted(), 100 * r.error())));
      fit.residuals().stream()
          .filter(r -> p.getValue().contains(r.run().id()) && Math.abs(r.error()) > LOPO_ROW_PRINTED)
          .forEach(r -> worstRows.add(String.format(Locale.ROOT, "  %-40s %-26s measured %10.4g predicted %10.4g %+7.1f%%",
              r.run().id(), p.getKey(), r.run().value(), r.predicted(), 100 * r.error())));
      List<Double> a =
          fit.residuals().stream()
              .filter(r -> p.getValue().contains(r.run().id()))
              .map(r -> Math.abs(r.error()))
              .toList();
      medians.add(median(a));
      medianOf.put(p.getKey(), median(a));
      worstOf.put(p.getKey(), worst(a));
      every.addAll(a);
      double[] before = LOPO_BEFORE.getOrDefault(p.getKey(), new double[] {Double.NaN, Double.NaN});
      System.out.printf(Locale.ROOT, "%-28s %5d %9.3f %7.3f/%-7.1f %8.3f %9.1f%% %9.1f%% %14s %14s%n", p.getKey(),
          a.size(), fit.values().getOrDefault(EfficiencyCalibration.Parameter.OVERLAP_EFFICIENCY,
              EfficiencyProfiles.FITTED_OVERLAP_EFFICIENCY),
          fit.values().getOrDefault(EfficiencyCalibration.Parameter.SUSTAINED_COMPUTE_FACTOR, -1.0),
          1e6 * fit.values().getOrDefault(EfficiencyCalibration.Parameter.LAYER_OVERHEAD_SECONDS, 0.0),
          fit.values().get(EfficiencyCalibration.Parameter.PYTORCH_NATIVE_COMPUTE), 100 * median(a),
          100 * worst(a), percent(before[0]), percent(before[1]));
    }
    System.out.printf(Locale.ROOT, "%-28s %5d %9s %11s %8s %9.1f%% %9.1f%%%n", "all (held out)", every.size(), "", "", "",
        100 * median(every),
        100 * worst(every));
    System.out.printf(Locale.ROOT, "%nleave-one-publication-out rows beyond +-%.0f%% (error of the measured quantity as"
        + " throughput):%n", 100 * LOPO_ROW_PRINTED);
    worstRows.forEach(System.out::println);
    System.out.printf(Locale.ROOT, "%nleave-one-publication-out NVFP4 rows (s12g):%n");
    fp4Rows.forEach(System.out::println);
    printFoldMovement(everyFit, foldValues, foldFittedRows);
    printFitAttribution(farRows, farRowValues);
    assertThat(median(every)).isLessThanOrEqualTo(LOPO_MEDIAN_BOUND);
    // issue 12's targets for every publication (s12g's NVFP4 round, GB200 and GB300: 11.8% / 14.6% when added)
    assertThat(medianOf.get("mlperf-training-v5.1")).isLessThanOrEqualTo(0.12);
    assertThat(worstOf.get("mlperf-training-v5.1")).isLessThanOrEqualTo(0.25);
    assertThat(medianOf.get("torchtitan-2024")).isLessThanOrEqualTo(LOPO_TORCHTITAN_MEDIAN_BOUND);
    assertThat(medianOf.get("megatron-bridge-perf")).isLessThanOrEqualTo(LOPO_MEGATRON_BRIDGE_MEDIAN_BOUND);
    assertThat(worstOf.get("megatron-bridge-perf")).isLessThanOrEqualTo(LOPO_MEGATRON_BRIDGE_WORST_BOUND);
    assertThat(medianOf.get("nemo-perf-25.07")).isLessThanOrEqualTo(LOPO_NEMO_2507_MEDIAN_BOUND);
    assertThat(worstOf.get("nemo-perf-25.07")).isLessThanOrEqualTo(LOPO_NEMO_2507_WORST_BOUND);
    assertThat(medianOf.get("nemo-perf-25.04")).isLessThanOrEqualTo(LOPO_NEMO_2504_MEDIAN_BOUND);
    assertThat(worstOf.get("nemo-perf-25.04")).isLessThanOrEqualTo(LOPO_NEMO_2504_WORST_BOUND);
    assertThat(medianOf.get("nemo-perf-25.02")).isLessThanOrEqualTo(LOPO_NEMO_2502_MEDIAN_BOUND);
    assertThat(worstOf.get("nemo-perf-25.02")).isLessThanOrEqualTo(LOPO_NEMO_2502_WORST_BOUND);
    assertThat(medianOf.get("megatron-lm-readme-2024")).isLessThanOrEqualTo(LOPO_MEGATRON_README_MEDIAN_BOUND);
    assertThat(worstOf.get("megatron-lm-readme-2024")).isLessThanOrEqualTo(LOPO_MEGATRON_README_WORST_BOUND);
    assertThat(worstOf.get("bloom-tr11-2022")).isLessThanOrEqualTo(LOPO_BLOOM_WORST_BOUND);
    assertThat(medianOf.get("maxtext-readme")).isLessThanOrEqualTo(LOPO_MAXTEXT_MEDIAN_BOUND);
    assertThat(worstOf.get("maxtext-readme")).isLessThanOrEqualTo(LOPO_MAXTEXT_WORST_BOUND);
    assertThat(medianOf.get("megatron")).isLessThanOrEqualTo(LOPO_MEGATRON_MEDIAN_BOUND);
    assertThat(worstOf.get("megatron")).isLessThanOrEqualTo(LOPO_MEGATRON_WORST_BOUND);
    // the shared layer overhead each publication would choose on its own: where the publications
    // disagree, a publication's leave-one-out error is set by the others' choice, not its own
    System.out.printf(Locale.ROOT, "%nlayer overhead each publication would fit on its own (overlap as bundled):%n");
    Map<String, Double> own = new LinkedHashMap<>();
    for (var p : publications.entrySet()) {
      Set<String> others = new HashSet<>();
      all.stream().map(CalibrationRun::id).filter(id -> !p.getValue().contains(id)).forEach(others::add);
      if (p.getValue().stream().noneMatch(id -> all.stream().anyMatch(r -> r.id().equals(id)
          && r.job().model().parameterCounts().total().value() >= EfficiencyCalibration.MIN_FITTED_PARAMETERS))) {
        continue; // only models too small to be fitted
      }
      if (PREDICTED_NOT_FITTED.containsAll(p.getValue())) {
        continue; // predicted, never fitted
      }
      Fit alone = EfficiencyCalibration.fit(all, List.of(EfficiencyCalibration.Parameter.LAYER_OVERHEAD_SECONDS), withNotFitted(others));
      double us = 1e6 * alone.values().get(EfficiencyCalibration.Parameter.LAYER_OVERHEAD_SECONDS);
      own.put(p.getKey(), us);
      System.out.printf(Locale.ROOT, "  %-28s %7.1f µs%n", p.getKey(), us);
    }
    // Megatron-Core and Megatron-LM runs of the calibration and held-out data want well under the
    // fitted bound of 1 ms (Megatron-LM 2021 and NeMo 24.07 about 0.1-0.3 ms)
    assertThat(own.get("megatron")).isLessThan(500);
    assertThat(own.get("nemo-perf-24.07")).isLessThan(500);
    assertThat(worstOf.get("torchtitan-2024")).isLessThanOrEqualTo(LOPO_TORCHTITAN_WORST_BOUND);
    assertThat(medianOf.get("torchtitan-asynctp-2025")).isLessThanOrEqualTo(LOPO_TORCHTITAN_ASYNCTP_MEDIAN_BOUND);
    assertThat(worstOf.get("torchtitan-asynctp-2025")).isLessThanOrEqualTo(LOPO_TORCHTITAN_ASYNCTP_WORST_BOUND);
    assertThat(medianOf.get("torchtitan-trainy-h200-2025")).isLessThanOrEqualTo(LOPO_TRAINY_MEDIAN_BOUND);
    assertThat(medianOf.get("torchao-float8-h100-2025")).isLessThanOrEqualTo(LOPO_TORCHAO_H100_MEDIAN_BOUND);
    assertThat(worstOf.get("torchao-float8-h100-2025")).isLessThanOrEqualTo(LOPO_TORCHAO_H100_WORST_BOUND);
    assertThat(medianOf.get("torchao-float8-mi300x-2025")).isLessThanOrEqualTo(LOPO_TORCHAO_MI300X_MEDIAN_BOUND);
    assertThat(worstOf.get("torchao-float8-mi300x-2025")).isLessThanOrEqualTo(LOPO_TORCHAO_MI300X_WORST_BOUND);
  }

  /** s18g: leave-one-publication-out rows whose error exceeds this get their fitted values' shares printed. */
  static final double FIT_ATTRIBUTION_PRINTED = 0.25;

  /**
   * s18g: each fold's fitted values against the fit over every fitted publication, and the range each value spans
   * over the folds (the publication whose removal moves a value most pins it).
   */
  private static void printFoldMovement(Fit everyFit, Map<String, Map<EfficiencyCalibration.Parameter, Double>> folds,
      Map<String, Integer> fittedRows) {
    System.out.printf(Locale.ROOT, "%nfitted values per leave-one-publication-out fold, against the fit over every fitted"
        + " publication (s18g; fitted = the publication's rows that enter a fit; overhead in us per layer and pass):%n");
    Map<EfficiencyCalibration.Parameter, Double> every = everyFit.values();
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-30s %6s", "fold (publication left out)", "fitted"));
    StringBuilder all = new StringBuilder(String.format(Locale.ROOT, "%-30s %6s", "(none: every publication)", ""));
    for (EfficiencyCalibration.Parameter q : LOPO_FREE) {
      head.append(String.format(Locale.ROOT, " %24s %9s", q, "delta"));
      all.append(String.format(Locale.ROOT, " %24s %9s", printed(q, every.get(q), false), ""));
    }
    System.out.println(head);
    System.out.println(all);
    for (var f : folds.entrySet()) {
      if (fittedRows.get(f.getKey()) == 0) {
        continue; // predicted only: its fold is the fit over every publication
      }
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-30s %6d", f.getKey(), fittedRows.get(f.getKey())));
      for (EfficiencyCalibration.Parameter q : LOPO_FREE) {
        double x = f.getValue().get(q);
        line.append(String.format(Locale.ROOT, " %24s %9s", printed(q, x, false), printed(q, x - every.get(q), true)));
      }
      System.out.println(line);
    }
    System.out.printf(Locale.ROOT, "range over the folds (lowest, highest, the fold that gives each):%n");
    for (EfficiencyCalibration.Parameter q : LOPO_FREE) {
      String lo = "";
      String hi = "";
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (var f : folds.entrySet()) {
        double x = f.getValue().get(q);
        if (fittedRows.get(f.getKey()) > 0 && x < min) {
          min = x;
          lo = f.getKey();
        }
        if (fittedRows.get(f.getKey()) > 0 && x > max) {
          max = x;
          hi = f.getKey();
        }
      }
      System.out.printf(Locale.ROOT, "  %-24s every %9.4g  lowest %9.4g (%s)  highest %9.4g (%s)  spread %.1f%% of every%n",
          q, scaled(q, every.get(q)), scaled(q, min), lo, scaled(q, max), hi, 100 * (max - min) / every.get(q));
    }
  }

  /** A fitted value or its change as printed: the layer overhead in microseconds, a factor to four places. */
  private static String printed(EfficiencyCalibration.Parameter q, double x, boolean signed) {
    boolean us = q == EfficiencyCalibration.Parameter.LAYER_OVERHEAD_SECONDS;
    return String.format(Locale.ROOT, (signed ? "%+" : "%") + (us ? ".1f" : ".4f"), scaled(q, x));
  }

  /** A fitted value in its printed unit (the layer overhead in microseconds). */
  private static double scaled(EfficiencyCalibration.Parameter q, double x) {
    return q == EfficiencyCalibration.Parameter.LAYER_OVERHEAD_SECONDS ? 1e6 * x : x;
  }

  /**
   * s18g: for each leave-one-publication-out row beyond {@link #FIT_ATTRIBUTION_PRINTED}, its error at its fold's
   * values, with each fitted value in turn at its neutral point (overhead 0, PyTorch-native factor 1), at
   * the bundled profile's values, and the layer overhead that would make the row exact or bring it to the bound.
   */
  private static void printFitAttribution(List<Residual> rows,
      Map<String, Map<EfficiencyCalibration.Parameter, Double>> values) {
    System.out.printf(Locale.ROOT, "%nleave-one-publication-out rows beyond +-%.0f%%: error at the fold's fitted values and with"
        + " each set to its neutral point (s18g; overhead in us per layer and pass):%n", 100 * FIT_ATTRIBUTION_PRINTED);
    System.out.printf(Locale.ROOT, "%-42s %8s %8s %9s %9s %9s %10s %12s %12s%n", "row", "fold", "overh us",
        "ovh 0", "pytorch 1", "bundled", "pts/100us", "ovh for 0%", "ovh for 25%");
    for (Residual r : rows) {
      CalibrationRun run = r.run();
      Map<EfficiencyCalibration.Parameter, Double> v = values.get(run.id());
      double fold = run.throughputError(EfficiencyCalibration.predict(run, v));
      double noOverhead = errorWith(run, v, EfficiencyCalibration.Parameter.LAYER_OVERHEAD_SECONDS, 0);
      double native1 = errorWith(run, v, EfficiencyCalibration.Parameter.PYTORCH_NATIVE_COMPUTE, 1);
      double bundled = run.throughputError(EfficiencyCalibration.predict(run));
      double ovh = v.get(EfficiencyCalibration.Parameter.LAYER_OVERHEAD_SECONDS);
      double plus = errorWith(run, v, EfficiencyCalibration.Parameter.LAYER_OVERHEAD_SECONDS, ovh + 100e-6);
      double target = Math.signum(fold) * FIT_ATTRIBUTION_PRINTED;
      System.out.printf(Locale.ROOT, "%-42s %+7.1f%% %8.1f %+8.1f%% %+8.1f%% %+8.1f%% %+10.2f %12s %12s%n", run.id(),
          100 * fold, 1e6 * ovh, 100 * noOverhead, 100 * native1, 100 * bundled, 100 * (plus - fold),
          overheadFor(run, v, 0), overheadFor(run, v, target));
    }
  }

  private static double errorWith(CalibrationRun run, Map<EfficiencyCalibration.Parameter, Double> v,
      EfficiencyCalibration.Parameter q, double x) {
    Map<EfficiencyCalibration.Parameter, Double> w = new java.util.EnumMap<>(v);
    w.put(q, x);
    return run.throughputError(EfficiencyCalibration.predict(run, w));
  }

  /** The layer overhead in [0, 1 ms] at which the row's error is {@code target}, by bisection, as text. */
  private static String overheadFor(CalibrationRun run, Map<EfficiencyCalibration.Parameter, Double> v, double target) {
    double lo = 0;
    double hi = 1e-3;
    double atLo = errorWith(run, v, EfficiencyCalibration.Parameter.LAYER_OVERHEAD_SECONDS, lo) - target;
    double atHi = errorWith(run, v, EfficiencyCalibration.Parameter.LAYER_OVERHEAD_SECONDS, hi) - target;
    if (atLo * atHi > 0) {
      return atLo > 0 ? "> 1000" : "< 0";
    }
    for (int i = 0; i < 30; i++) {
      double mid = (lo + hi) / 2;
      double atMid = errorWith(run, v, EfficiencyCalibration.Parameter.LAYER_OVERHEAD_SECONDS, mid) - target;
      if (atMid * atLo > 0) {
        lo = mid;
        atLo = atMid;
      } else {
        hi = mid;
      }
    }
    return String.format(Locale.ROOT, "%.1f", 1e6 * (lo + hi) / 2);
  }

  @Test
  void overlapEfficiencyStaysAtItsBoundOverEveryPublication() {
    // s18g: the overlap efficiency is held at its bundled value (0) in every fit; freed over every fitted
    // publication it must stay at that lower bound, or dropping it (LOPO_FREE) no longer holds
    List<CalibrationRun> all = new ArrayList<>(EfficiencyCalibration.bundledRuns());
    all.addAll(HELD_OUT);
    List<EfficiencyCalibration.Parameter> free = new ArrayList<>(LOPO_FREE);
    free.add(0, EfficiencyCalibration.Parameter.OVERLAP_EFFICIENCY);
    Fit fit = EfficiencyCalibration.fit(all, free, PREDICTED_NOT_FITTED);
    System.out.printf(Locale.ROOT, "%noverlap efficiency freed over every fitted publication (s18g): %.4f, layer overhead"
        + " %.1f us, PyTorch-native factor %.4f%n", fit.values().get(EfficiencyCalibration.Parameter.OVERLAP_EFFICIENCY),
        1e6 * fit.values().get(EfficiencyCalibration.Parameter.LAYER_OVERHEAD_SECONDS),
        fit.values().get(EfficiencyCalibration.Parameter.PYTORCH_NATIVE_COMPUTE));
    assertThat(fit.values().get(EfficiencyCalibration.Parameter.OVERLAP_EFFICIENCY))
        .isCloseTo(EfficiencyProfiles.FITTED_OVERLAP_EFFICIENCY, org.assertj.core.data.Offset.offset(1e-3));
  }

  @Test
  void pytorchNativeComputeFactorIsTheFitOfTheTorchtitanRuns() {
    // the one value fitted to held-out data: its re-run here, with the bundled fit's values kept
    List<CalibrationRun> all = new ArrayList<>(EfficiencyCalibration.bundledRuns());
    all.addAll(HELD_OUT);
    Fit fit = EfficiencyCalibration.fit(all, List.of(EfficiencyCalibration.Parameter.PYTORCH_NATIVE_COMPUTE), PREDICTED_NOT_FITTED);
    double value = fit.values().get(EfficiencyCalibration.Parameter.PYTORCH_NATIVE_COMPUTE);
    System.out.printf(Locale.ROOT, "%nPyTorch-native compute factor refitted to the torchtitan runs: %.4f (bundled %.2f)%n", value,
        dev.llmcost.costmodel.efficiency.EfficiencyProfiles.FITTED_PYTORCH_NATIVE_COMPUTE);
    assertThat(value).isCloseTo(dev.llmcost.costmodel.efficiency.EfficiencyProfiles.FITTED_PYTORCH_NATIVE_COMPUTE,
        org.assertj.core.data.Offset.offset(0.005));
  }
}
