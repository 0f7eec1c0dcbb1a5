package dev.llmcost.costmodel.finetuning;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The shape of low-rank adapters: rank, scaling, the matrices they attach to, dropout, and whether
 * the routed experts of a mixture of experts get them.
 *
 * <p>Each adapted {@code d_out × d_in} matrix gains {@code r·(d_in + d_out)} trainable parameters
 * (Hu et al. 2021, §4.1); DoRA adds {@code d_out} magnitudes (Liu et al. 2024, §4.1). {@code alpha}
 * scales the update by {@code alpha/r} and costs nothing.
 */
public final class LoraConfig {
  /** Attention projections only: q, k, v, o. */
  public static final Set<LoraTarget> ATTENTION = EnumSet.of(LoraTarget.Q, LoraTarget.K, LoraTarget.V, LoraTarget.O);

  /** Every linear layer of a transformer block (PEFT's {@code all-linear}, the QLoRA paper's choice). */
  public static final Set<LoraTarget> ALL_LINEAR = EnumSet.of(
      LoraTarget.Q, LoraTarget.K, LoraTarget.V, LoraTarget.O, LoraTarget.GATE, LoraTarget.UP, LoraTarget.DOWN);

  private final int rank;
  private final double alpha;
  private final Set<LoraTarget> targets;
  private final double dropout;
  private final boolean experts;

  private LoraConfig(int rank, double alpha, Set<LoraTarget> targets, double dropout, boolean experts) {
    if (rank < 1) {
      throw new IllegalArgumentException("rank must be >= 1, was " + rank);
    }
    if (!(alpha > 0) || !Double.isFinite(alpha)) {
      throw new IllegalArgumentException("alpha must be a finite number > 0, was " + alpha);
    }
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("targets must name at least one matrix, was empty");
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout must be in [0, 1), was " + dropout);
    }
    this.rank = rank;
    this.alpha = alpha;
    this.targets = Set.copyOf(targets);
    this.dropout = dropout;
    this.experts = experts;
  }

  /**
   * Returns adapters of rank {@code rank} with {@code alpha = 2·rank}, no dropout, on {@code
   * targets}, not on routed experts.
   *
   * @param rank the rank r, at least 1
   * @param targets the matrices
   * @return the configuration
   * @throws IllegalArgumentException if the rank is below 1 or no target is given
   */
  public static LoraConfig of(int rank, Set<LoraTarget> targets) {
    return new LoraConfig(rank, 2.0 * Math.max(rank, 1), targets, 0, false);
  }

  /** Returns a copy with scaling {@code alpha} (no effect on cost). */
  public LoraConfig withAlpha(double alpha) {
    return new LoraConfig(rank, alpha, targets, dropout, experts);
  }

  /** Returns a copy with adapter dropout {@code p} in [0, 1) (stores a mask and a copy per adapted input). */
  public LoraConfig withDropout(double p) {
    return new LoraConfig(rank, alpha, targets, p, experts);
  }

  /** Returns a copy that does ({@code true}) or does not put adapters on every routed expert. */
  public LoraConfig withExperts(boolean onExperts) {
    return new LoraConfig(rank, alpha, targets, dropout, onExperts);
  }

  /** Returns a copy with rank {@code r}. */
  public LoraConfig withRank(int r) {
    return new LoraConfig(r, alpha, targets, dropout, experts);
  }

  /** Returns the rank. */
  public int rank() {
    return rank;
  }

  /** Returns alpha. */
  public double alpha() {
    return alpha;
  }

  /** Returns the targeted matrices. */
  public Set<LoraTarget> targets() {
    return targets;
  }

  /** Returns the adapter dropout probability. */
  public double dropout() {
    return dropout;
  }

  /** Returns whether routed experts carry adapters. */
  public boolean experts() {
    return experts;
  }

  /**
   * Parses targets: {@code all-linear}, {@code attention}, {@code mlp}, or a comma-separated list of
   * {@code q, k, v, o, gate, up, down, embeddings, head} (HuggingFace names such as {@code q_proj}
   * also work), each group optionally followed by {@code +embeddings} or {@code +head}.
   *
   * @param text the list
   * @return the targets
   * @throws IllegalArgumentException naming the unknown entry
   */
  public static Set<LoraTarget> parseTargets(String text) {
    EnumSet<LoraTarget> out = EnumSet.noneOf(LoraTarget.class);
    for (String raw : text.split("[,+]")) {
      String t = raw.trim().toLowerCase(Locale.ROOT).replace("_proj", "").replace('_', '-');
      if (t.isEmpty()) {
        continue;
      }
      switch (t) {
        case "all-linear", "all" -> out.addAll(ALL_LINEAR);
        case "attention", "attn" -> out.addAll(ATTENTION);
        case "mlp" -> out.addAll(List.of(LoraTarget.GATE, LoraTarget.UP, LoraTarget.DOWN));
        case "qv" -> out.addAll(List.of(LoraTarget.Q, LoraTarget.V));
        case "q" -> out.add(LoraTarget.Q);
        case "k" -> out.add(LoraTarget.K);
        case "v" -> out.add(LoraTarget.V);
        case "o", "out", "output" -> out.add(LoraTarget.O);
        case "gate" -> out.add(LoraTarget.GATE);
        case "up", "fc1" -> out.add(LoraTarget.UP);
        case "down", "fc2" -> out.add(LoraTarget.DOWN);
        case "embeddings", "embed-tokens", "embedding" -> out.add(LoraTarget.EMBEDDINGS);
        case "head", "lm-head" -> out.add(LoraTarget.HEAD);
        default -> throw new IllegalArgumentException("targets: unknown matrix \"" + raw.trim()
            + "\" (all-linear, attention, mlp, qv, q, k, v, o, gate, up, down, embeddings, head), in \"" + text + "\"");
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("targets must name at least one matrix, was \"" + text + "\"");
    }
    return out;
  }

  @Override
  public String toString() {
    return "LoRA r=" + rank + " alpha=" + alpha + " on " + targets.stream().map(LoraTarget::id).sorted().toList()
        + (dropout > 0 ? " dropout " + dropout : "") + (experts ? " incl. routed experts" : "");
  }
}
