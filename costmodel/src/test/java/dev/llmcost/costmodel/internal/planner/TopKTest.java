package dev.llmcost.costmodel.internal.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** TopK keeps the k smallest entries by (score, memory, key) and lists them in that order, for small and large k. */
class TopKTest {
  @Test
  void keepsAndSortsTheSmallestEntries() {
    Random random = new Random(7);
    for (int k : new int[] {1, 5, 64, 65, 200}) {
      for (int trial = 0; trial < 20; trial++) {
        TopK top = new TopK(k);
        List<double[]> all = new ArrayList<>();
        int n = random.nextInt(3 * k + 2);
        for (int i = 0; i < n; i++) {
          // few distinct scores and memories, so that ties go down to the key
          double score = random.nextInt(5);
          double memory = random.nextInt(3);
          long key = random.nextInt(1_000_000);
          top.offer(score, memory, key);
          all.add(new double[] {score, memory, key});
        }
        all.sort(Comparator.<double[]>comparingDouble(e -> e[0]).thenComparingDouble(e -> e[1])
            .thenComparingDouble(e -> e[2]));
        // equal keys with equal score and memory are the same entry offered twice; both may be kept
        long[] expected = all.stream().limit(k).mapToLong(e -> (long) e[2]).toArray();
        assertThat(top.sortedKeys()).as("k %d, %d offers", k, n).containsExactly(expected);
      }
    }
  }
}
