package dev.llmcost.costmodel.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.costmodel.inference.InferenceScenario;
import dev.llmcost.costmodel.inference.PrefillScheduling;
import java.io.StringReader;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** s22a: a closed loop of C clients in the serving simulator ({@link ArrivalProcess#closedLoop}). */
class ClosedLoopSimulationTest {

  private static final InferenceScenario ENGINE = ServingSimulatorTest.engine("llama-3.1-8b", 0.10);

  private static ServingSimulation.Builder loop(int clients, int requests) {
    return ServingSimulation.builder(ENGINE)
        .arrivals(ArrivalProcess.closedLoop(clients, requests))
        .input(LengthDistribution.fixed(1000))
        .output(LengthDistribution.fixed(200));
  }

  @Test
  void oneClientSendsItsRequestsBackToBack() {
    int n = 6;
    SimulationResult loop = ServingSimulator.calibrated().simulate(loop(1, n).build());
    Trace one = Trace.read(new StringReader("arrival,prompt_tokens,output_tokens\n0,1000,200\n"), "one",
        Trace.Format.CSV);
    SimulationResult single = ServingSimulator.calibrated().simulate(ServingSimulation.builder(ENGINE)
        .arrivals(ArrivalProcess.trace(one)).build());
    double overhead = ENGINE.overheads().perRequestSeconds();
    double e2e = single.endToEnd().mean(); // engine time plus the overhead, as the client sees it
    System.out.printf(Locale.ROOT, "closed loop c1 x %d: TTFT %.6f s (single %.6f), TPOT %.7f s (single %.7f),"
        + " elapsed %.5f s (n x e2e - overhead %.5f)%n", n, loop.ttft().mean(), single.ttft().mean(), loop.tpot().mean(),
        single.tpot().mean(), loop.elapsedSeconds(), n * e2e - overhead);
    assertThat(loop.completed()).isEqualTo(n);
    assertThat(loop.ttft().max()).isCloseTo(single.ttft().mean(), within(1e-9));
    assertThat(loop.ttft().mean()).isCloseTo(single.ttft().mean(), within(1e-9));
    assertThat(loop.tpot().mean()).isCloseTo(single.tpot().mean(), within(1e-12));
    // request k is sent at k (engine time + overhead) and the last completion is the engine time after the last send
    assertThat(loop.elapsedSeconds()).isCloseTo(n * e2e - overhead, within(1e-9));
    assertThat(loop.outputTokensPerSecond()).isCloseTo(n * 200 / loop.elapsedSeconds(), within(1e-9));
  }

  @Test
  void throughputRisesWithTheClientsUntilTheSequenceLimitBinds() {
    double[] tput = new double[4];
    double[] ttft = new double[4];
    int[] clients = {1, 4, 16, 64};
    for (int i = 0; i < clients.length; i++) {
      SimulationResult r = ServingSimulator.calibrated().simulate(loop(clients[i], 10 * clients[i]).maxNumSeqs(16)
          .build());
      tput[i] = r.outputTokensPerSecond();
      ttft[i] = r.ttft().mean();
      System.out.printf(Locale.ROOT, "closed loop c%d x %d (maxNumSeqs 16): %.0f output tok/s, mean TTFT %.4f s, mean"
          + " TPOT %.5f s%n", clients[i], 10 * clients[i], tput[i], ttft[i], r.tpot().mean());
    }
    assertThat(tput[1]).isGreaterThan(2.5 * tput[0]);
    assertThat(tput[2]).isGreaterThan(2 * tput[1]);
    // 64 clients on 16 sequence slots: the engine's limit binds, the extra clients only queue
    assertThat(tput[3]).isCloseTo(tput[2], within(0.1 * tput[2]));
    assertThat(ttft[3]).isGreaterThan(3 * ttft[2]);
  }

  @Test
  void theFirstWaveQueuesBehindSeparatePrefillsOfOnePromptEach() {
    // every client starts at t = 0; with prompts prefilled apart and a budget of one prompt per prefill step, the k-th
    // prompt's first token comes after k prefill steps, so the wave's mean TTFT is (C + 1) / 2 prefill steps
    double[] mean = new double[2];
    int[] clients = {2, 8};
    for (int i = 0; i < 2; i++) {
      SimulationResult r = ServingSimulator.calibrated().simulate(loop(clients[i], clients[i])
          .prefillScheduling(PrefillScheduling.SEPARATE).maxNumSeqs(64).maxBatchedTokens(1000).build());
      mean[i] = r.ttft().mean();
      System.out.printf(Locale.ROOT, "first wave of %d, separate prefill of one prompt a step: mean TTFT %.4f s, max"
          + " %.4f s%n", clients[i], mean[i], r.ttft().max());
    }
    assertThat(mean[1] / mean[0]).isCloseTo(4.5 / 1.5, within(0.3));
  }

  @Test
  void twoReplicasBehindRoundRobinServeTwoClientsAsOneEach() {
    SimulationResult one = ServingSimulator.calibrated().simulate(loop(1, 8).build());
    SimulationResult two = ServingSimulator.calibrated().simulate(loop(2, 16).replicas(2).build());
    assertThat(two.outputTokensPerSecond()).isCloseTo(2 * one.outputTokensPerSecond(),
        within(1e-6 * one.outputTokensPerSecond()));
    assertThat(two.ttft().mean()).isCloseTo(one.ttft().mean(), within(1e-9));
  }

  @Test
  void thinkTimeSpacesEachClientsRequests() {
    SimulationResult none = ServingSimulator.calibrated().simulate(loop(1, 4).build());
    SimulationResult thinking = ServingSimulator.calibrated().simulate(loop(1, 4)
        .arrivals(ArrivalProcess.closedLoop(1, 4, 0.5)).build());
    assertThat(thinking.elapsedSeconds()).isCloseTo(none.elapsedSeconds() + 3 * 0.5, within(1e-9));
  }

  @Test
  void theRunIsDeterministicAndSaysItIsAClosedLoop() {
    ServingSimulation sim = loop(8, 40).input(LengthDistribution.uniform(819, 1024))
        .output(LengthDistribution.uniform(160, 200)).build();
    SimulationResult a = ServingSimulator.calibrated().simulate(sim);
    SimulationResult b = ServingSimulator.calibrated().simulate(sim);
    assertThat(a.ttft().mean()).isEqualTo(b.ttft().mean());
    assertThat(a.outputTokensPerSecond()).isEqualTo(b.outputTokensPerSecond());
    assertThat(a.requests()).isEqualTo(40);
    assertThat(a.assumptions().get(0)).startsWith("load: closed loop of 8 clients starting together at t = 0, 40"
        + " requests in all");
  }

  @Test
  void badClosedLoopsAreRefusedNamingTheFieldAndValue() {
    assertThatThrownBy(() -> ArrivalProcess.closedLoop(0, 10)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("clients").hasMessageContaining("was 0");
    assertThatThrownBy(() -> ArrivalProcess.closedLoop(4, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("requests").hasMessageContaining("was 0");
    assertThatThrownBy(() -> ArrivalProcess.closedLoop(4, ArrivalProcess.MAX_CLOSED_LOOP_REQUESTS + 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requests");
    assertThatThrownBy(() -> ArrivalProcess.closedLoop(4, 10, -1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("thinkSeconds").hasMessageContaining("was -1");
    assertThatThrownBy(() -> ArrivalProcess.closedLoop(4, 10, Double.NaN)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("thinkSeconds").hasMessageContaining("NaN");
    assertThatThrownBy(() -> loop(4, 10).frontendSecondsPerRequest(0.003).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("frontendSecondsPerRequest 0.003")
        .hasMessageContaining("closed loop");
    assertThatThrownBy(() -> loop(4, 10).disaggregation(Disaggregation.of(1, 1)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("disaggregation");
    assertThatThrownBy(() -> ServingSimulator.calibrated().maxRate(loop(4, 10).build(), 1, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("closed loop");
  }
}
