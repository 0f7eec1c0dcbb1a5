package dev.llmcost.tokenizers.internal.huggingface;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The packed pair table answers as a map from pairs to their last rank, packed or not. */
class PairRanksTest {

  @Test
  void agreesWithAMapOnRandomPairsWithRepeats() {
    agrees(1 << 18, 42);
  }

  @Test
  void agreesWithAMapWhenIdsDoNotFitThePackedFields() {
    agrees(1 << 22, 7);
  }

  private static void agrees(int ids, long seed) {
    Random random = new Random(seed);
    int m = 20_000;
    int[] lefts = new int[m];
    int[] rights = new int[m];
    Map<Long, Integer> expected = new HashMap<>();
    for (int r = 0; r < m; r++) {
      // a few repeated pairs: the later rank replaces the earlier, as in a map
      boolean repeat = r > 0 && random.nextInt(50) == 0;
      int copy = repeat ? random.nextInt(r) : r;
      lefts[r] = repeat ? lefts[copy] : random.nextInt(ids);
      rights[r] = repeat ? rights[copy] : random.nextInt(ids);
      expected.put(((long) lefts[r] << 32) | rights[r], r);
    }
    PairRanks ranks = new PairRanks(lefts, rights);
    for (Map.Entry<Long, Integer> e : expected.entrySet()) {
      int a = (int) (e.getKey() >>> 32);
      int b = (int) (long) e.getKey();
      assertThat(ranks.get(a, b)).as("rank of (%d, %d)", a, b).isEqualTo(e.getValue());
    }
    for (int trial = 0; trial < 20_000; trial++) {
      int a = random.nextInt(ids);
      int b = random.nextInt(ids);
      assertThat(ranks.get(a, b)).as("rank of (%d, %d)", a, b)
          .isEqualTo(expected.getOrDefault(((long) a << 32) | b, -1));
    }
    assertThat(ranks.get(-1, 0)).isEqualTo(-1);
    assertThat(ranks.get(Integer.MAX_VALUE, 0)).isEqualTo(-1);
  }
}
