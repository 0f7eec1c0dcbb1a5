package dev.llmcost.costmodel.internal;

import dev.llmcost.costmodel.internal.efficiency.SpecKeyedCache;

/**
 * How many parts of an expert-parallel group (ranks, or scale-up domains: nodes) one token's routed experts reach,
 * under uniform or group-limited routing; shared by the training and the inference cost models.
 *
 * <p>Placement: the experts lie on the expert ranks in order, consecutive experts on consecutive ranks and
 * consecutive ranks on the same node. DeepEP addresses them so: its low-latency dispatch sends a token's copy for
 * expert {@code e} to rank {@code e / num_local_experts} ({@code csrc/kernels/legacy/internode_ll.cu}), its normal
 * kernels count a token once per rank and once per RDMA rank (node of {@code LEGACY_NUM_MAX_NVL_PEERS} = 8 GPUs)
 * holding one of its experts ({@code get_dispatch_layout}, {@code csrc/kernels/legacy/layout.cu}, both at
 * deepseek-ai/DeepEP dd758ca); SGLang and Megatron-Core give each EP rank a contiguous block of experts. Where the
 * parts do not divide the experts, part {@code i} of {@code P} holds experts {@code ⌊i·E/P⌋} to {@code
 * ⌊(i+1)·E/P⌋ − 1} under group-limited routing (an assumption: SGLang pads such layouts with redundant experts,
 * whose placement its load balancer chooses), and uniform routing takes the average part {@code E/P}.
 *
 * <p>Routing: a token's {@code k} experts are drawn uniformly without replacement, under group-limited routing
 * from the experts of the {@code perToken} of {@code groups} groups of consecutive experts it picks, the groups
 * also drawn uniformly (DeepSeek-V3, arXiv 2412.19437 §3.2.2: "each token will be sent to at most 4 nodes";
 * {@code config.json} {@code n_group} / {@code topk_group}; Megatron-Core {@code moe_router_num_groups} / {@code
 * moe_router_group_topk}). Uniform routing is what force-balanced benchmarks run and what a balanced router
 * approaches.
 *
 * <p>Where the parts nest with the groups the probabilities are closed forms (s12i); otherwise a count over the
 * picked groups' overlaps with each part (a subset-sum over the groups, exact under the model above), cached by its
 * five integers, so an estimate that asks again pays a map look-up.
 */
public final class ExpertReach {
  private ExpertReach() {}

  private record Key(int experts, int k, int groups, int perToken, int parts) {}

  // not keyed by accelerators: SpecKeyedCache's bounded least-recently-used side only
  private static final SpecKeyedCache<Key, Double> GENERAL = new SpecKeyedCache<>();

  /**
   * Returns the probability that a token's {@code k} experts, drawn without replacement from {@code experts}
   * split evenly into {@code parts} parts, include at least one of a given part: {@code 1 − C(E − E/P, k) /
   * C(E, k)} (E/P may be fractional: an average part).
   *
   * @param experts routed experts E
   * @param k experts per token
   * @param parts parts P
   * @return probability in [0, 1]
   */
  public static double uniformHitProbability(int experts, int k, double parts) {
    if (k >= experts) {
      return 1;
    }
    double outside = experts - experts / parts;
    double miss = 1;
    for (int i = 0; i < k; i++) {
      miss *= Math.max(0, outside - i) / (experts - i);
    }
    return 1 - miss;
  }

  /**
   * Returns the probability, averaged over the parts, that a token's {@code k} experts include at least one of
   * a part of {@code parts} consecutive parts of the experts, under routing limited to {@code perToken} of
   * {@code groups} groups (1 of 1, or {@code perToken ≥ groups}: no limit, {@link #uniformHitProbability} with
   * the average part). Where the parts hold whole groups
   * ({@code groups} a multiple of {@code parts}) a part is reached when one of its {@code j} picked groups
   * (hypergeometric) gets an expert, {@code 1 − C(S − j·E/G, k)/C(S, k)} with {@code S = perToken·E/G}; where a
   * part lies inside one group only when its group is picked, {@code perToken/G}, and then {@code 1 − C(S − E/P,
   * k)/C(S, k)}. Otherwise every part's overlap with every group is counted over the picked group sets.
   *
   * @param experts routed experts E, at least 1
   * @param k experts per token, at least 1
   * @param groups routing groups G, dividing E
   * @param perToken groups per token, 1 to G
   * @param parts parts P, at least 1
   * @return probability in [0, 1]
   * @throws IllegalArgumentException if an argument of a group-limited count is out of range
   */
  public static double hitProbability(int experts, int k, int groups, int perToken, int parts) {
    if (perToken >= groups || groups <= 1) {
      return uniformHitProbability(experts, k, parts);
    }
    if (experts < 1 || k < 1 || perToken < 1 || experts % groups != 0 || parts < 1) {
      throw new IllegalArgumentException("group-limited expert reach needs experts >= 1, k >= 1, groups dividing"
          + " experts, perToken >= 1 and parts >= 1; was experts " + experts + ", k " + k + ", groups " + groups
          + ", perToken " + perToken + ", parts " + parts);
    }
    if (experts % parts == 0 && (groups % parts == 0 || parts % groups == 0)) {
      int perGroup = experts / groups;
      int selected = perToken * perGroup;
      if (parts % groups == 0) {
        return perToken / (double) groups * missComplement(selected, experts / parts, k);
      }
      int held = groups / parts;
      double hit = 0;
      for (int j = 1; j <= Math.min(held, perToken); j++) {
        hit += hypergeometric(groups, held, perToken, j) * missComplement(selected, j * perGroup, k);
      }
      return hit;
    }
    return GENERAL.get(new Key(experts, k, groups, perToken, parts), false, ExpertReach::general);
  }

  /**
   * Returns the expected number of other parts a token's experts reach, seen from a part chosen uniformly: {@code
   * (P − 1)·}{@link #hitProbability} (each part is the source as often, so the other parts' mean is the mean).
   * With the parts the nodes of the EP group this is the number of remote nodes a token's dispatch crosses the
   * network to under DeepEP's normal kernels (one copy per destination node, forwarded inside it over NVLink;
   * DeepSeek-V3 §3.2.2).
   *
   * @param experts routed experts E
   * @param k experts per token
   * @param groups routing groups G
   * @param perToken groups per token
   * @param parts parts P
   * @return expected other parts reached, in [0, min(P − 1, k)]
   */
  public static double expectedOtherParts(int experts, int k, int groups, int perToken, int parts) {
    return (parts - 1) * hitProbability(experts, k, groups, perToken, parts);
  }

  private static Double general(Key key) {
    int e = key.experts();
    int g = key.groups();
    int t = key.perToken();
    int k = key.k();
    int p = key.parts();
    int perGroup = e / g;
    int selected = t * perGroup;
    double subsets = binomial(g, t);
    double sum = 0;
    for (int part = 0; part < p; part++) {
      int lo = (int) ((long) part * e / p);
      int hi = (int) ((long) (part + 1) * e / p);
      int size = hi - lo;
      // ways[j][m]: sets of j groups whose overlap with the part sums to m experts
      double[][] ways = new double[t + 1][size + 1];
      ways[0][0] = 1;
      for (int group = 0; group < g; group++) {
        int overlap = Math.max(0, Math.min(hi, (group + 1) * perGroup) - Math.max(lo, group * perGroup));
        for (int j = Math.min(t, group + 1); j >= 1; j--) {
          for (int m = size; m >= overlap; m--) {
            ways[j][m] += ways[j - 1][m - overlap];
          }
        }
      }
      double hit = 0;
      for (int m = 1; m <= size; m++) {
        if (ways[t][m] > 0) {
          hit += ways[t][m] * missComplement(selected, m, k);
        }
      }
      sum += hit / subsets;
    }
    return sum / p;
  }

  /**
   * Returns {@code 1 − C(n − m, k)/C(n, k)}: the probability that {@code k} of {@code n} drawn include one of
   * {@code m}.
   */
  private static double missComplement(int n, int m, int k) {
    if (k >= n) {
      return m > 0 ? 1 : 0;
    }
    double miss = 1;
    for (int i = 0; i < k; i++) {
      miss *= Math.max(0, n - m - i) / (double) (n - i);
    }
    return 1 - miss;
  }

  /** Returns the probability that {@code draws} of {@code n} drawn include exactly {@code j} of {@code marked}. */
  private static double hypergeometric(int n, int marked, int draws, int j) {
    return binomial(marked, j) * binomial(n - marked, draws - j) / binomial(n, draws);
  }

  private static double binomial(int n, int r) {
    if (r < 0 || r > n) {
      return 0;
    }
    double b = 1;
    for (int i = 1; i <= r; i++) {
      b = b * (n - r + i) / i;
    }
    return b;
  }
}
