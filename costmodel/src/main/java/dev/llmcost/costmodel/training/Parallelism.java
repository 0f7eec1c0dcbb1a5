package dev.llmcost.costmodel.training;

import dev.llmcost.core.internal.Require;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a training job splits its work: data ({@code dp}), tensor ({@code tp}, Shoeybi et al. 2019),
 * pipeline ({@code pp}, with {@code virtualStages} model chunks per GPU for the interleaved 1F1B
 * schedule of Narayanan et al. 2021, or another {@link PipelineSchedule}), context ({@code cp}: the
 * sequence split across GPUs, ring attention) and expert ({@code ep}: MoE experts spread over
 * ranks, each expert split {@code etp} ways) parallelism, and Megatron's sequence parallelism of
 * the norm and dropout regions ({@code sequenceParallel}, Korthikanti et al. 2022 §4.2.2).
 *
 * <p>GPUs = dp × tp × pp × cp. Ranks are laid out tensor-parallel first, then context, data and
 * pipeline (Megatron's order), so tensor-parallel groups sit inside a node whenever {@code tp} ≤
 * GPUs per node. MoE layers fold their own grid onto the same tp × cp × dp ranks of a pipeline
 * stage (Megatron-Core "MoE parallel folding", Liu et al. 2025, arXiv:2504.14960): expert-tensor
 * parallel ({@code etp}) innermost, then expert parallel ({@code ep}), then expert data parallel
 * ({@code tp·cp·dp / (ep·etp)}), so {@code ep·etp} must divide {@code tp·cp·dp}. Megatron's default
 * {@code --expert-tensor-parallel-size} is the attention tp, which the {@link #builder() builder}
 * follows when {@code etp} is not set.
 */
public final class Parallelism {
  private final int dp;
  private final int tp;
  private final int pp;
  private final int cp;
  private final int ep;
  private final int etp;
  private final int virtualStages;
  private final PipelineSchedule schedule;
  private final boolean sequenceParallel;

  /**
   * Validates the degrees.
   *
   * @throws IllegalArgumentException if a degree is below 1, if ep × etp does not divide tp × cp ×
   *     dp, if virtual stages are asked for without pipeline parallelism, or if the schedule does
   *     not match the virtual stages and the pipeline depth
   */
  Parallelism(int dp, int tp, int pp, int cp, int ep, int etp, int virtualStages, PipelineSchedule schedule, boolean sequenceParallel) {
    Require.positive("dp", dp);
    Require.positive("tp", tp);
    Require.positive("pp", pp);
    Require.positive("cp", cp);
    Require.positive("ep", ep);
    Require.positive("etp", etp);
    Require.positive("virtualStages", virtualStages);
    long ranks = (long) tp * cp * dp;
    if (etp == tp) {
      if ((dp * cp) % ep != 0) {
        throw new IllegalArgumentException("ep must divide dp × cp (" + dp * cp + "), was " + ep);
      }
    } else if (ranks % ((long) ep * etp) != 0) {
      throw new IllegalArgumentException(
          "ep × etp must divide tp × cp × dp (" + ranks + "), was " + ep + " × " + etp);
    }
    if (virtualStages > 1 && pp == 1) {
      throw new IllegalArgumentException("virtualStages must be 1 without pipeline parallelism, was " + virtualStages);
    }
    if (virtualStages > 1 && schedule != PipelineSchedule.INTERLEAVED) {
      throw new IllegalArgumentException(
          "schedule must be interleaved with virtualStages > 1 (" + virtualStages + "), was " + schedule.id());
    }
    if (virtualStages == 1 && schedule == PipelineSchedule.INTERLEAVED) {
      throw new IllegalArgumentException("the interleaved schedule needs virtualStages > 1, was 1");
    }
    if (pp == 1 && (schedule == PipelineSchedule.ZERO_BUBBLE || schedule == PipelineSchedule.DUALPIPE)) {
      throw new IllegalArgumentException("schedule " + schedule.id() + " needs pp > 1, was pp = 1");
    }
    if (schedule == PipelineSchedule.DUALPIPE && pp % 2 != 0) {
      throw new IllegalArgumentException("pp must be even for the dualpipe schedule, was " + pp);
    }
    this.dp = dp;
    this.tp = tp;
    this.pp = pp;
    this.cp = cp;
    this.ep = ep;
    this.etp = etp;
    this.virtualStages = virtualStages;
    this.schedule = schedule;
    this.sequenceParallel = sequenceParallel;
  }

  /**
   * Returns the parallelism with expert tensor parallelism equal to {@code tp} (Megatron's default)
   * and the 1F1B schedule, interleaved when {@code virtualStages > 1}.
   *
   * @param dp data-parallel degree
   * @param tp tensor-parallel degree
   * @param pp pipeline-parallel degree
   * @param cp context-parallel degree
   * @param ep expert-parallel degree
   * @param virtualStages model chunks per pipeline rank
   * @param sequenceParallel whether sequence parallelism is on
   * @throws IllegalArgumentException as the canonical constructor
   */
  Parallelism(int dp, int tp, int pp, int cp, int ep, int virtualStages, boolean sequenceParallel) {
    this(dp, tp, pp, cp, ep, tp, virtualStages, defaultSchedule(virtualStages), sequenceParallel);
  }

  private static PipelineSchedule defaultSchedule(int virtualStages) {
    return virtualStages > 1 ? PipelineSchedule.INTERLEAVED : PipelineSchedule.ONE_F_ONE_B;
  }

  /** Returns pure data parallelism over {@code gpus} GPUs. */
  public static Parallelism dataParallel(int gpus) {
    return new Parallelism(gpus, 1, 1, 1, 1, 1, false);
  }

  /**
   * Returns pure data parallelism over {@code gpus} GPUs with the smallest expert-parallel degree
   * above 1 that divides both the GPUs and {@code model}'s routed experts, or ep 1 when none does or
   * the model is dense: the placeholder layout of a planner request or a chooser's template whose
   * job keeps the expert-parallel overlap, which needs ep > 1 ({@link
   * TrainingJob.Builder#expertParallelOverlap(boolean)}). Each candidate replaces it.
   *
   * @param gpus the GPUs, at least 1
   * @param model the architecture
   * @return the layout
   * @throws IllegalArgumentException if {@code gpus} is below 1
   */
  public static Parallelism dataParallelWithExperts(int gpus, dev.llmcost.core.model.ModelArchitecture model) {
    int experts = model.isMoe() ? model.moe().routedExperts() : 1;
    for (int ep = 2; ep <= Math.min(gpus, experts); ep++) {
      if (gpus % ep == 0 && experts % ep == 0) {
        return new Parallelism(gpus, 1, 1, 1, ep, 1, false);
      }
    }
    return dataParallel(gpus);
  }

  /**
   * Starts a parallelism of one GPU: every degree 1, expert tensor parallelism equal to {@code tp}
   * unless set, the 1F1B schedule (interleaved when virtual stages are set), sequence parallelism
   * off unless asked for.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Parallelism} by named degrees; nothing is turned on that is not set. */
  public static final class Builder {
    private int dp = 1;
    private int tp = 1;
    private int pp = 1;
    private int cp = 1;
    private int ep = 1;
    private @Nullable Integer etp;
    private int virtualStages = 1;
    private @Nullable PipelineSchedule schedule;
    private boolean sequenceParallel;

    private Builder() {}

    /** Sets the data-parallel degree (default 1). */
    public Builder dp(int value) {
      this.dp = value;
      return this;
    }

    /** Sets the tensor-parallel degree (default 1). */
    public Builder tp(int value) {
      this.tp = value;
      return this;
    }

    /** Sets the pipeline-parallel degree (default 1). */
    public Builder pp(int value) {
      this.pp = value;
      return this;
    }

    /** Sets the context-parallel degree (default 1). */
    public Builder cp(int value) {
      this.cp = value;
      return this;
    }

    /** Sets the expert-parallel degree (default 1). */
    public Builder ep(int value) {
      this.ep = value;
      return this;
    }

    /** Sets the expert-tensor-parallel degree (default: equal to tp, Megatron's default). */
    public Builder etp(int value) {
      this.etp = value;
      return this;
    }

    /** Sets the model chunks per pipeline rank (default 1; more selects the interleaved schedule). */
    public Builder virtualStages(int value) {
      this.virtualStages = value;
      return this;
    }

    /** Sets the pipeline schedule (default 1F1B, interleaved with virtual stages). */
    public Builder schedule(PipelineSchedule value) {
      this.schedule = value;
      return this;
    }

    /** Sets whether Megatron's sequence parallelism is on (default off; effective with tp > 1). */
    public Builder sequenceParallel(boolean value) {
      this.sequenceParallel = value;
      return this;
    }

    /**
     * Builds and validates the parallelism.
     *
     * @return the parallelism
     * @throws IllegalArgumentException if a degree is below 1, if ep × etp does not divide tp × cp
     *     × dp, or if the schedule does not match the virtual stages and the pipeline depth
     */
    public Parallelism build() {
      return new Parallelism(
          dp, tp, pp, cp, ep, etp != null ? etp : tp, virtualStages,
          schedule != null ? schedule : defaultSchedule(virtualStages), sequenceParallel);
    }
  }

  /** Returns the GPUs this parallelism needs: dp × tp × pp × cp. */
  public int gpus() {
    return dp * tp * pp * cp;
  }

  /** Returns the expert data-parallel degree: tp × cp × dp / (ep × etp). */
  public int expertDataParallel() {
    return tp * cp * dp / (ep * etp);
  }

  /** Returns a copy with sequence parallelism on or off. */
  public Parallelism withSequenceParallel(boolean on) {
    return on == sequenceParallel ? this : new Parallelism(dp, tp, pp, cp, ep, etp, virtualStages, schedule, on);
  }

  /**
   * Returns a copy with {@code v} model chunks per pipeline rank: the interleaved schedule when
   * {@code v > 1}, 1F1B when {@code v} is 1.
   */
  public Parallelism withVirtualStages(int v) {
    return v == virtualStages ? this
        : new Parallelism(dp, tp, pp, cp, ep, etp, v, defaultSchedule(v), sequenceParallel);
  }

  /** Returns a copy with context-parallel degree {@code value}. */
  public Parallelism withContextParallel(int value) {
    return value == cp ? this : new Parallelism(dp, tp, pp, value, ep, etp, virtualStages, schedule, sequenceParallel);
  }

  /** Returns a copy with expert-parallel degree {@code value}. */
  public Parallelism withExpertParallel(int value) {
    return value == ep ? this : new Parallelism(dp, tp, pp, cp, value, etp, virtualStages, schedule, sequenceParallel);
  }

  /** Returns a copy with expert-tensor-parallel degree {@code value}. */
  public Parallelism withExpertTensorParallel(int value) {
    return value == etp ? this : new Parallelism(dp, tp, pp, cp, ep, value, virtualStages, schedule, sequenceParallel);
  }

  /** Returns a copy with another pipeline schedule (1F1B, zero-bubble or DualPipe keep one chunk per rank). */
  public Parallelism withSchedule(PipelineSchedule value) {
    return value == schedule ? this : new Parallelism(dp, tp, pp, cp, ep, etp, virtualStages, value, sequenceParallel);
  }

  /**
   * Describes the layout in words, every degree above 1 named so that the degrees multiply to the
   * GPUs: {@code "tensor 4 (sequence parallel) × pipeline 8 (interleaved, 2 chunks per GPU) × context
   * 2 × data 16, expert 8"}; tensor, pipeline and data are always named.
   *
   * @return the description
   */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append("tensor ").append(tp);
    if (sequenceParallel && tp > 1) {
      sb.append(" (sequence parallel)");
    }
    sb.append(" × pipeline ").append(pp);
    if (virtualStages > 1) {
      sb.append(" (interleaved, ").append(virtualStages).append(" chunks per GPU)");
    }
    if (cp > 1) {
      sb.append(" × context ").append(cp);
    }
    sb.append(" × data ").append(dp);
    if (ep > 1) {
      sb.append(", expert ").append(ep);
    }
    if (etp != tp) {
      sb.append(", expert tensor ").append(etp);
    }
    return sb.toString();
  }

  /**
   * Returns, for example, {@code dp=32 tp=8 pp=4 cp=1 ep=1 v=1 sp}, with {@code etp} when it
   * differs from tp and the schedule when it is zero-bubble or DualPipe.
   */
  @Override
  public String toString() {
    return "dp=" + dp + " tp=" + tp + " pp=" + pp + " cp=" + cp + " ep=" + ep + (etp != tp ? " etp=" + etp : "")
        + " v=" + virtualStages
        + (schedule == PipelineSchedule.ZERO_BUBBLE || schedule == PipelineSchedule.DUALPIPE ? " " + schedule.id() : "")
        + (sequenceParallel ? " sp" : "");
  }

  /** Returns the data-parallel degree. */
  public int dp() {
    return dp;
  }

  /** Returns the tensor-parallel degree (attention and dense MLPs). */
  public int tp() {
    return tp;
  }

  /** Returns the pipeline-parallel degree. */
  public int pp() {
    return pp;
  }

  /** Returns the context-parallel degree. */
  public int cp() {
    return cp;
  }

  /** Returns the expert-parallel degree (1 for dense models). */
  public int ep() {
    return ep;
  }

  /** Returns the expert-tensor-parallel degree: ways each routed expert's matrices are split. */
  public int etp() {
    return etp;
  }

  /** Returns the model chunks per pipeline rank (1: plain 1F1B; more: interleaved). */
  public int virtualStages() {
    return virtualStages;
  }

  /** Returns the pipeline schedule ({@link PipelineSchedule#INTERLEAVED} exactly when {@code virtualStages > 1}). */
  public PipelineSchedule schedule() {
    return schedule;
  }

  /** Returns whether sequence parallelism is on (effective with tp > 1). */
  public boolean sequenceParallel() {
    return sequenceParallel;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof Parallelism o
          && dp == o.dp
          && tp == o.tp
          && pp == o.pp
          && cp == o.cp
          && ep == o.ep
          && etp == o.etp
          && virtualStages == o.virtualStages
          && Objects.equals(schedule, o.schedule)
          && sequenceParallel == o.sequenceParallel;
  }

  @Override
  public int hashCode() {
    int h = Integer.hashCode(dp);
    h = 31 * h + Integer.hashCode(tp);
    h = 31 * h + Integer.hashCode(pp);
    h = 31 * h + Integer.hashCode(cp);
    h = 31 * h + Integer.hashCode(ep);
    h = 31 * h + Integer.hashCode(etp);
    h = 31 * h + Integer.hashCode(virtualStages);
    h = 31 * h + Objects.hashCode(schedule);
    h = 31 * h + Boolean.hashCode(sequenceParallel);
    return h;
  }
}
