package dev.llmcost.benchmarks;

import dev.llmcost.costmodel.planner.PlanRequest;
import dev.llmcost.costmodel.planner.TrainingPlanner;
import java.util.Arrays;
import java.util.Locale;

/**
 * Wall time of whole plans on one thread and on two, interleaved, reported as low percentiles: on
 * a machine shared with other processes most plans are slowed by the scheduler, but the fastest
 * ones ran with both threads on a core, so their ratio estimates what a quiet machine would show
 * (an estimate for comparing two versions in the same load window, not a substitute for JMH on a
 * quiet machine). Each sample is the fastest of three plans in a row of one mode, so that each mode
 * runs in its steady state (the helper thread spinning, the set-up options kept).
 *
 * <pre>
 * java -Dwarmup.seconds=8 -cp benchmarks/target/benchmarks.jar dev.llmcost.benchmarks.PlannerWallPercentiles PROBLEM [ROUNDS] [SAMPLES]
 * </pre>
 */
public final class PlannerWallPercentiles {
  private PlannerWallPercentiles() {}

  /**
   * Runs the comparison.
   *
   * @param args problem (as in {@link PlannerBenchmark}), rounds (default 3), samples per round
   *     (default 300)
   */
  public static void main(String[] args) {
    String problem = args[0];
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int n = args.length > 2 ? Integer.parseInt(args[2]) : 300;
    PlanRequest one = PlannerBenchmark.request(problem).threads(1).build();
    PlanRequest two = PlannerBenchmark.request(problem).threads(2).build();
    TrainingPlanner planner = TrainingPlanner.calibrated();
    long sink = PlannerBenchmark.warmUp(planner, one, two, 8);
    System.out.println("percentile: one thread / two threads (us) = ratio");
    for (int round = 0; round < rounds; round++) {
      long[] w1 = new long[n];
      long[] w2 = new long[n];
      for (int i = 0; i < n; i++) {
        w1[i] = Long.MAX_VALUE;
        w2[i] = Long.MAX_VALUE;
        for (int k = 0; k < 3; k++) {
          long t0 = System.nanoTime();
          sink += planner.plan(one).evaluated();
          w1[i] = Math.min(w1[i], System.nanoTime() - t0);
        }
        for (int k = 0; k < 3; k++) {
          long t0 = System.nanoTime();
          sink += planner.plan(two).evaluated();
          w2[i] = Math.min(w2[i], System.nanoTime() - t0);
        }
      }
      Arrays.sort(w1);
      Arrays.sort(w2);
      StringBuilder b = new StringBuilder();
      for (double q : new double[] {0, 0.02, 0.05, 0.10, 0.25, 0.5}) {
        int k = (int) (q * (n - 1));
        b.append(String.format(Locale.ROOT, " p%.0f %.0f / %.0f = %.2fx |", q * 100, w1[k] / 1e3, w2[k] / 1e3,
            (double) w1[k] / w2[k]));
      }
      System.out.printf(Locale.ROOT, "round %d, load %s:%s%n", round, PlannerBenchmark.loadAverage(3), b);
    }
    System.out.printf(Locale.ROOT, "(sink %d)%n", sink);
  }

}
