package dev.llmcost.costmodel.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** s18k: the harness batcher (AMD's MLPerf v4.1 Llama 2 Server rule, sync_sut.py batch_samples_loop). */
class ArrivalBatchingTest {

  @Test
  void aKnownArrivalPatternIsReleasedAsTheHarnessDoes() {
    double[] arrivals = {0, 0.1, 0.2, 0.35, 0.36, 2.0, 2.05};
    double[] release = new double[arrivals.length];
    int[] batch = new int[arrivals.length];
    int batches = ArrivalBatching.of(0.3, 3).release(arrivals, arrivals.length, release, batch);
    // 0-2: full at the third arrival; 3-4: the timeout check 0.3 s after the check at 0.36 (0.66 - 0.2 >= 0.3);
    // 5: on arrival, 1.34 s after the last release; 6: the timeout check 0.3 s after its arrival
    double[] expected = {0.2, 0.2, 0.2, 0.66, 0.66, 2.0, 2.35};
    for (int i = 0; i < arrivals.length; i++) {
      assertThat(release[i]).as("release of %d", i).isCloseTo(expected[i], within(1e-9));
    }
    assertThat(batch).containsExactly(0, 0, 0, 1, 1, 2, 3);
    assertThat(batches).isEqualTo(4);
  }

  @Test
  void aFullBatchLeavesTheRestHeldUntilTheNextCheck() {
    double[] arrivals = {0, 0, 0, 0, 0};
    double[] release = new double[5];
    int[] batch = new int[5];
    int batches = ArrivalBatching.of(1.0, 2).release(arrivals, 5, release, batch);
    assertThat(release).containsExactly(0, 0, 0, 0, 1.0);
    assertThat(batch).containsExactly(0, 0, 1, 1, 2);
    assertThat(batches).isEqualTo(3);
  }

  @Test
  void windowZeroReleasesEachRequestOnArrival() {
    double[] arrivals = {0.5, 0.5, 0.7, 3.0};
    double[] release = new double[4];
    int[] batch = new int[4];
    ArrivalBatching.of(0, 96).release(arrivals, 4, release, batch);
    assertThat(release).containsExactly(arrivals);
    assertThat(batch).containsExactly(0, 1, 2, 3);
  }

  private static SimulationResult run(Router router, @org.jspecify.annotations.Nullable ArrivalBatching batching) {
    ServingSimulation.Builder b = ServingSimulation.builder(ServingSimulatorTest.engine("llama-3.1-8b", 0.10))
        .requestsPerSecond(20).durationSeconds(60).replicas(3).router(router)
        .input(LengthDistribution.fixed(800)).output(LengthDistribution.fixed(100));
    if (batching != null) {
      b.batching(batching);
    }
    return ServingSimulator.calibrated().simulate(b.build());
  }

  @Test
  void windowZeroReproducesTheUnbatchedRunExactly() {
    for (Router router : new Router[] {Router.ROUND_ROBIN, Router.LEAST_OUTSTANDING}) {
      SimulationResult plain = run(router, null);
      SimulationResult zero = run(router, ArrivalBatching.of(0, 96));
      assertThat(zero.completed()).isEqualTo(plain.completed());
      assertThat(zero.ttft().mean()).isEqualTo(plain.ttft().mean());
      assertThat(zero.ttft().p99()).isEqualTo(plain.ttft().p99());
      assertThat(zero.tpot().mean()).isEqualTo(plain.tpot().mean());
      assertThat(zero.elapsedSeconds()).isEqualTo(plain.elapsedSeconds());
      assertThat(zero.steps()).isEqualTo(plain.steps());
    }
  }

  @Test
  void aWindowDelaysTheFirstTokenFromEachRequestsOwnArrival() {
    SimulationResult plain = run(Router.ROUND_ROBIN, null);
    SimulationResult batched = run(Router.ROUND_ROBIN, ArrivalBatching.of(0.3, 96));
    System.out.printf(Locale.ROOT, "mean TTFT unbatched %.4f s, batched (0.3 s, 96) %.4f s%n",
        plain.ttft().mean(), batched.ttft().mean());
    // at 20/s a batch of ~6 leaves every 0.3 s: a request waits ~0.15 s on average before its batch leaves, then its
    // batch's prompts are prefilled together
    assertThat(batched.ttft().mean() - plain.ttft().mean()).isBetween(0.08, 0.4);
    assertThat(batched.completed()).isEqualTo(plain.completed());
    assertThat(batched.assumptions()).anyMatch(a -> a.contains("harness batcher"));
  }

  @Test
  void badValuesAreRefusedByName() {
    assertThatThrownBy(() -> ArrivalBatching.of(-0.1, 96)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batching windowSeconds must be 0 or in [1e-6, 3600], was -0.1");
    assertThatThrownBy(() -> ArrivalBatching.of(Double.NaN, 96)).hasMessageContaining("windowSeconds");
    assertThatThrownBy(() -> ArrivalBatching.of(1e-9, 96)).hasMessageContaining("was 1.0E-9");
    assertThatThrownBy(() -> ArrivalBatching.of(0.3, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batching maxBatch must be in [1, 1000000], was 0");
  }
}
