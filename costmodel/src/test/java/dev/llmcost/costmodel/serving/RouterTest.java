package dev.llmcost.costmodel.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RouterTest {

  /** 1,200 requests at 40/s over 400 prefixes of 1,500 tokens, each prefix used three times in random order. */
  static Trace sharedPrefixes() {
    Random random = new Random(7);
    int[] ids = new int[1200];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = i / 3;
    }
    for (int i = ids.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = ids[i];
      ids[i] = ids[j];
      ids[j] = t;
    }
    StringBuilder csv = new StringBuilder("arrival,prompt_tokens,output_tokens,prefix_id,prefix_tokens\n");
    double t = 0;
    for (int id : ids) {
      t += -Math.log(1 - random.nextDouble()) / 40;
      csv.append(String.format(Locale.ROOT, "%.6f,1600,60,%d,1500%n", t, id));
    }
    return Trace.read(new StringReader(csv.toString()), "shared prefixes", Trace.Format.CSV);
  }

  static SimulationResult run(Router router) {
    return ServingSimulator.calibrated().simulate(ServingSimulation.builder(ServingSimulatorTest.engine("llama-3.1-8b",
        0.10)).arrivals(ArrivalProcess.trace(sharedPrefixes())).replicas(4).router(router).build());
  }

  @Test
  void thePrefixAwareRouterFindsTheCachedPrefixAndCutsTtft() {
    SimulationResult least = run(Router.LEAST_OUTSTANDING);
    SimulationResult aware = run(Router.PREFIX_AWARE);
    SimulationResult rr = run(Router.ROUND_ROBIN);
    System.out.printf(Locale.ROOT, "P50 TTFT: round robin %.4f s, least outstanding %.4f s, prefix-aware %.4f s%n",
        rr.ttft().p50(), least.ttft().p50(), aware.ttft().p50());
    assertThat(aware.completed()).isEqualTo(1200);
    assertThat(aware.ttft().p50()).isLessThan(0.8 * least.ttft().p50());
    assertThat(aware.ttft().p50()).isLessThan(0.8 * rr.ttft().p50());
    assertThat(aware.assumptions()).anyMatch(a -> a.contains("prefix aware router"));
  }
}
