package dev.llmcost.costmodel.training;

import java.util.Locale;

/**
 * The order in which pipeline ranks run forward and backward passes of their micro-batches, which
 * sets the bubble and the activations in flight. {@code F}, {@code B} and {@code W} below are the
 * times of one stage's forward pass, whole backward pass and weight-gradient part of it for one
 * micro-batch, {@code p} the pipeline depth; the bubble forms follow DeepSeek-AI 2024
 * (DeepSeek-V3 technical report, arXiv:2412.19437) Table 2.
 */
public enum PipelineSchedule {
  /**
   * One forward, one backward (PipeDream-Flush, Narayanan et al. 2021 §2.2.1): bubble {@code
   * (p−1)(F+B)}, {@code p} micro-batches of activations on the first stage.
   */
  ONE_F_ONE_B("1f1b"),
  /**
   * Interleaved 1F1B with {@code v} model chunks per rank (Narayanan et al. 2021 §2.2.2): bubble
   * {@code (p−1)(F+B)/v}, activations × {@code (1 + (p−1)/(p·v))} (Korthikanti et al. 2022 §4.2.3).
   * Chosen by {@code virtualStages > 1}.
   */
  INTERLEAVED("interleaved"),
  /**
   * Zero-bubble ZB-H1 (Qi et al. 2024, "Zero Bubble Pipeline Parallelism", ICLR 2024,
   * arXiv:2401.10241 §3.1): the backward pass is split into its input-gradient and weight-gradient
   * parts and the weight gradients fill the bubble: {@code (p−1)(F+B−2W)} (DeepSeek-V3 Table 2,
   * "ZB1P"), with the activations of 1F1B ({@code p} micro-batches).
   */
  ZERO_BUBBLE("zb"),
  /**
   * DualPipe (DeepSeek-V3 §3.2.1): micro-batches fed from both ends of the pipeline, each rank
   * holding two chunks (two copies of its stage's parameters: rank r holds stages r and p−1−r and
   * runs half the micro-batches through each, so the end ranks run the output head for half of
   * theirs, §3.2.3), forward and backward chunks
   * overlapped with the expert-parallel all-to-all and pipeline sends: bubble {@code (p/2−1)(F&B +
   * B − 3W)} with {@code F&B} the time of a forward and a backward chunk run together, {@code p+1}
   * micro-batches of activations; needs an even pipeline depth and an even number of
   * micro-batches.
   */
  DUALPIPE("dualpipe");

  private final String id;

  PipelineSchedule(String id) {
    this.id = id;
  }

  /** Returns the short name: {@code 1f1b}, {@code interleaved}, {@code zb} or {@code dualpipe}. */
  public String id() {
    return id;
  }

  /**
   * Parses {@code 1f1b}, {@code interleaved}, {@code zb} (or {@code zero-bubble}) or {@code
   * dualpipe}, ignoring case.
   *
   * @param name the name
   * @return the schedule
   * @throws IllegalArgumentException if the name is unknown
   */
  public static PipelineSchedule parse(String name) {
    String key = name.trim().toLowerCase(Locale.ROOT);
    if (key.equals("zero-bubble") || key.equals("zb-h1")) {
      return ZERO_BUBBLE;
    }
    for (PipelineSchedule s : values()) {
      if (s.id.equals(key)) {
        return s;
      }
    }
    throw new IllegalArgumentException("schedule must be 1f1b, interleaved, zb or dualpipe, was \"" + name + "\"");
  }
}
