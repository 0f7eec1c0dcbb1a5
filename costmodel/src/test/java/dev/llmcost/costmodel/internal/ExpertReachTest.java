package dev.llmcost.costmodel.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The expected number of remote nodes a token's experts reach: DeepSeek-V3's 256 experts, top-8, in 8 groups of
 * which a token picks 4, over 8-GPU nodes at EP 32, 64 and 72, against uniform routing and against a simulation
 * of the routing.
 */
class ExpertReachTest {

  private static final int EXPERTS = 256;
  private static final int K = 8;
  private static final int GROUPS = 8;
  private static final int PER_TOKEN = 4;

  /** Remote nodes under uniform routing: (D − 1)(1 − C(E − E/D, k)/C(E, k)), computed here on its own. */
  private static double uniformRemote(int nodes) {
    double perNode = (double) EXPERTS / nodes;
    double miss = 1;
    for (int i = 0; i < K; i++) {
      miss *= (EXPERTS - perNode - i) / (EXPERTS - i);
    }
    return (nodes - 1) * (1 - miss);
  }

  /**
   * Simulates the routing: the token picks PER_TOKEN of the groups, then K experts among theirs; node i of D holds
   * experts ⌊iE/D⌋ to ⌊(i+1)E/D⌋ − 1; returns the mean number of nodes reached other than a uniformly drawn
   * source.
   */
  private static double simulatedRemote(int nodes, int groupsPerToken, int samples) {
    Random random = new Random(12);
    int perGroup = EXPERTS / GROUPS;
    int[] nodeOf = new int[EXPERTS];
    for (int i = 0; i < nodes; i++) {
      for (int e = (int) ((long) i * EXPERTS / nodes); e < (int) ((long) (i + 1) * EXPERTS / nodes); e++) {
        nodeOf[e] = i;
      }
    }
    long reached = 0;
    int[] groups = new int[GROUPS];
    int[] pool = new int[EXPERTS];
    for (int s = 0; s < samples; s++) {
      for (int g = 0; g < GROUPS; g++) {
        groups[g] = g;
      }
      for (int g = 0; g < groupsPerToken; g++) {
        int j = g + random.nextInt(GROUPS - g);
        int t = groups[g];
        groups[g] = groups[j];
        groups[j] = t;
      }
      int n = 0;
      for (int g = 0; g < groupsPerToken; g++) {
        for (int e = 0; e < perGroup; e++) {
          pool[n++] = groups[g] * perGroup + e;
        }
      }
      boolean[] hit = new boolean[nodes];
      for (int i = 0; i < K; i++) {
        int j = i + random.nextInt(n - i);
        int t = pool[i];
        pool[i] = pool[j];
        pool[j] = t;
        hit[nodeOf[pool[i]]] = true;
      }
      int source = random.nextInt(nodes);
      for (int i = 0; i < nodes; i++) {
        if (hit[i] && i != source) {
          reached++;
        }
      }
    }
    return (double) reached / samples;
  }

  @Test
  void groupLimitedRoutingReachesFewerRemoteNodesAtEp32To72() {
    for (int ep : new int[] {32, 64, 72}) {
      int nodes = ep / 8;
      double limited = ExpertReach.expectedOtherParts(EXPERTS, K, GROUPS, PER_TOKEN, nodes);
      double uniform = ExpertReach.expectedOtherParts(EXPERTS, K, 1, 1, nodes);
      double simulated = simulatedRemote(nodes, PER_TOKEN, 200_000);
      System.out.printf(Locale.ROOT, "EP%d over %d nodes: remote nodes per token %.3f group-limited (simulated %.3f),"
          + " %.3f uniform%n", ep, nodes, limited, simulated, uniform);
      assertThat(uniform).isCloseTo(uniformRemote(nodes), within(1e-12));
      assertThat(limited).isCloseTo(simulated, within(0.02));
      assertThat(limited).isLessThan(uniform);
    }
    // whole groups on whole nodes: at most topk_group = 4 nodes, so at most 4 remote (and 3 of 3 at EP32)
    assertThat(ExpertReach.expectedOtherParts(EXPERTS, K, GROUPS, PER_TOKEN, 4)).isLessThan(3);
    assertThat(ExpertReach.expectedOtherParts(EXPERTS, K, GROUPS, PER_TOKEN, 8)).isCloseTo(3.17, within(0.01));
    assertThat(ExpertReach.expectedOtherParts(EXPERTS, K, 1, 1, 8)).isCloseTo(4.63, within(0.01));
    // EP72: nine nodes of 28 or 29 experts, groups of 32 straddle nodes: more than EP64's count, still below 4
    double ep72 = ExpertReach.expectedOtherParts(EXPERTS, K, GROUPS, PER_TOKEN, 9);
    assertThat(ep72).isBetween(ExpertReach.expectedOtherParts(EXPERTS, K, GROUPS, PER_TOKEN, 8), 4.0);
  }

  @Test
  void uniformRoutingIsTheOldClosedFormAndNoLimitIsUniform() {
    assertThat(ExpertReach.hitProbability(EXPERTS, K, GROUPS, GROUPS, 9))
        .isEqualTo(ExpertReach.uniformHitProbability(EXPERTS, K, 9));
    assertThat(ExpertReach.hitProbability(EXPERTS, K, 1, 1, 64))
        .isEqualTo(ExpertReach.uniformHitProbability(EXPERTS, K, 64));
    // one part: reached for sure
    assertThat(ExpertReach.hitProbability(EXPERTS, K, GROUPS, PER_TOKEN, 1)).isCloseTo(1, within(1e-12));
    assertThat(ExpertReach.expectedOtherParts(EXPERTS, K, GROUPS, PER_TOKEN, 1)).isZero();
  }

  @Test
  void theGeneralCountAgreesWithTheClosedFormsWhereBothApply() {
    // 6 parts of 256 do not divide the experts: general count; compare the simulation at D = 6 too
    double general = ExpertReach.expectedOtherParts(EXPERTS, K, GROUPS, PER_TOKEN, 6);
    assertThat(general).isCloseTo(simulatedRemote(6, PER_TOKEN, 200_000), within(0.02));
    // at D = 4 (closed form, nesting) the simulation agrees as well
    assertThat(ExpertReach.expectedOtherParts(EXPERTS, K, GROUPS, PER_TOKEN, 4))
        .isCloseTo(simulatedRemote(4, PER_TOKEN, 200_000), within(0.02));
    // a second call returns the cached value
    assertThat(ExpertReach.expectedOtherParts(EXPERTS, K, GROUPS, PER_TOKEN, 6)).isEqualTo(general);
  }

  @Test
  void invalidGroupLimitedArgumentsNameTheValues() {
    assertThatThrownBy(() -> ExpertReach.hitProbability(250, K, 8, 4, 9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("experts 250").hasMessageContaining("groups 8");
    assertThatThrownBy(() -> ExpertReach.hitProbability(EXPERTS, K, 8, 4, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parts 0");
  }
}
