package dev.llmcost.costmodel.training;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * How many tokens an MoE layer lets each expert process in a training step.
 *
 * <p>A dropless layer (Megatron-Core's default, DeepSeek-V3, Qwen3, Mixtral training) processes
 * every routed token, so the busiest expert's load is the routing imbalance times the average.
 * A capacity factor {@code c} (GShard, Lepikhin et al. 2020 §2.2; Switch Transformer, Fedus et al.
 * 2021 §2.2; Megatron-Core's {@code --moe-expert-capacity-factor}) caps each expert at {@code c ×
 * tokens × top-k / experts} and drops what is routed beyond it, so the busiest expert computes and
 * receives at most {@code c} times the average. Padded to capacity (Megatron-Core's {@code
 * --moe-pad-expert-input-to-capacity}, GShard's fixed-shape dispatch), every expert computes and
 * exchanges exactly its capacity, whatever the routing: {@code c} times the average.
 *
 * <p>The cap is applied to the busiest rank's share, which is an upper bound for a rank holding
 * several experts (its other experts may be under capacity).
 */
public final class ExpertCapacity {
  /** Every routed token processed (the default). */
  public static final ExpertCapacity DROPLESS = new ExpertCapacity(0, false);

  private final double factor;
  private final boolean padded;

  private ExpertCapacity(double factor, boolean padded) {
    this.factor = factor;
    this.padded = padded;
  }

  /**
   * Returns a capacity of {@code factor} times each expert's average tokens; tokens beyond it are
   * dropped.
   *
   * @param factor the capacity factor, finite and {@code > 0} (1.0-1.25 are common)
   * @return the capacity
   * @throws IllegalArgumentException if {@code factor} is not finite and positive
   */
  public static ExpertCapacity dropping(double factor) {
    return new ExpertCapacity(check(factor), false);
  }

  /**
   * Returns a capacity of {@code factor} times each expert's average tokens, every expert's input
   * padded to it.
   *
   * @param factor the capacity factor, finite and {@code > 0}
   * @return the capacity
   * @throws IllegalArgumentException if {@code factor} is not finite and positive
   */
  public static ExpertCapacity padded(double factor) {
    return new ExpertCapacity(check(factor), true);
  }

  /**
   * Reads a capacity as a runs table writes it (column {@code expert_capacity} of {@link
   * TrainingRuns}): {@code dropless}, a factor such as {@code 1.25} (tokens beyond it dropped), or a
   * factor followed by {@code padded} such as {@code 1.0 padded} (Megatron-Core's {@code
   * --moe-expert-capacity-factor 1.0 --moe-pad-expert-input-to-capacity}).
   *
   * @param text the text
   * @return the capacity
   * @throws IllegalArgumentException if the text is none of these forms, or the factor is not a
   *     finite number {@code > 0}; the message quotes the text
   */
  public static ExpertCapacity parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("dropless")) {
      return DROPLESS;
    }
    boolean pad = t.endsWith(" padded");
    String number = pad ? t.substring(0, t.length() - " padded".length()).trim() : t;
    double factor;
    try {
      factor = Double.parseDouble(number);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "expert capacity must be dropless, a factor (1.25) or a factor followed by padded (1.0 padded), was \""
              + text + "\"", e);
    }
    if (!(factor > 0) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException(
          "expert capacity factor must be a finite number > 0, was \"" + text + "\"");
    }
    return pad ? padded(factor) : dropping(factor);
  }

  private static double check(double factor) {
    if (!(factor > 0) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException("expert capacity factor must be a finite number > 0, was " + factor);
    }
    return factor;
  }

  /** Returns whether every routed token is processed. */
  public boolean isDropless() {
    return factor == 0;
  }

  /** Returns the capacity factor; 0 for {@link #DROPLESS}. */
  public double factor() {
    return factor;
  }

  /** Returns whether every expert's input is padded to its capacity. */
  public boolean isPadded() {
    return padded;
  }

  /**
   * Returns the busiest expert's tokens over the average under this capacity: the imbalance when
   * dropless, at most the factor when dropping, the factor when padded.
   *
   * @param imbalance the routing imbalance, {@code >= 1}
   * @return the load factor the step is costed at
   */
  public double busiestLoad(double imbalance) {
    if (factor == 0) {
      return imbalance;
    }
    return padded ? factor : Math.min(imbalance, factor);
  }

  /**
   * Returns the share of the busiest expert's routed tokens that are dropped: {@code 1 − c /
   * imbalance} when the imbalance exceeds the factor, else 0.
   *
   * @param imbalance the routing imbalance, {@code >= 1}
   * @return the dropped share, in [0, 1)
   */
  public double droppedShareOfBusiest(double imbalance) {
    return factor == 0 || imbalance <= factor ? 0 : 1 - factor / imbalance;
  }

  /**
   * Returns an upper bound on the share of all routed tokens the experts compute: 1 when dropless,
   * {@code min(1, c)} under a capacity factor {@code c}, as no expert computes more than {@code c}
   * times the average (Fedus et al. 2021 §2.2: tokens beyond an expert's capacity are not computed
   * by it and pass on through the residual connection; Megatron-Core's {@code get_capacity} in
   * {@code megatron/core/transformer/moe/moe_utils.py}, NVIDIA/Megatron-LM e61c384, sets the capacity
   * to {@code ceil(tokens / experts × factor)}, at least its {@code min_capacity}, and the router
   * drops what is routed beyond it). The model FLOPs that utilization is measured in count only
   * these, so a factor far below 1, at whose load the step is costed, never reports more FLOPs than
   * the step performs (s14j's probe: a factor of 1e-300 reported an MFU above 100%).
   *
   * @return the share, in (0, 1]
   */
  public double processedShare() {
    return factor == 0 ? 1 : Math.min(1, factor);
  }

  /** Returns a short description: {@code dropless}, {@code capacity 1.25} or {@code capacity 1.25, padded}. */
  public String describe() {
    return factor == 0 ? "dropless"
        : String.format(Locale.ROOT, "capacity %s%s", trim(factor), padded ? ", padded" : "");
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? String.format(Locale.ROOT, "%.1f", v) : Double.toString(v);
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof ExpertCapacity o && Double.compare(factor, o.factor) == 0 && padded == o.padded;
  }

  @Override
  public int hashCode() {
    return Double.hashCode(factor) * 31 + (padded ? 1 : 0);
  }

  @Override
  public String toString() {
    return "ExpertCapacity[" + describe() + "]";
  }
}
