package dev.llmcost.costmodel.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.Money;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelCatalog;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CapacityPlannerTest {

  private static final AcceleratorSpec H100 = AcceleratorCatalog.bundled().get("h100-sxm");
  private static final CapacityPlanner PLANNER = CapacityPlanner.calibrated();

  private static CapacityRequest.Builder request(String model, double rps) {
    return CapacityRequest.builder(ModelCatalog.bundled().get(model), H100)
        .requestsPerSecond(rps)
        .inputTokens(1000)
        .outputTokens(250)
        .ttftSloSeconds(1.0)
        .tpotSloSeconds(0.05)
        .pricePerGpuHour(Money.usd("2.50"));
  }

  @ParameterizedTest(name = "{0} at {1} requests/s")
  @CsvSource({"llama-2-7b, 10", "llama-2-7b, 1000", "llama-2-70b, 10", "llama-2-70b, 1000"})
  void theArticlesTenAndThousandRequestsPerSecond(String model, double rps) {
    CapacityPlan plan = PLANNER.plan(request(model, rps).build());
    CapacityOption best = plan.best().orElseThrow();
    System.out.printf(Locale.ROOT,
        "%-12s %6.0f req/s: %4d GPUs = tp %d × %d replicas, batch %d, TTFT %.0f ms, TPOT %.1f ms, %s per 1M output tokens%n",
        model, rps, best.gpus(), best.tp(), best.replicas(), best.batch(), best.ttftSeconds() * 1e3,
        best.tpotSeconds() * 1e3, best.costPerMillionOutputTokens().format(3, java.math.RoundingMode.HALF_UP));
    assertThat(best.ttftSeconds()).isLessThanOrEqualTo(1.0);
    assertThat(best.tpotSeconds()).isLessThanOrEqualTo(0.05);
    assertThat(best.memoryPerGpu().fits()).isTrue();
    assertThat(best.utilization()).isBetween(0.0, 1.0);
    assertThat(best.gpus()).isEqualTo(best.tp() * best.replicas());
    assertThat(best.replicas() * best.requestsPerSecondPerReplica()).isGreaterThan(rps);
    assertThat(plan.options()).isSortedAccordingTo((a, b) -> Integer.compare(a.gpus(), b.gpus()));
    assertThat(plan.assumptions()).isNotEmpty();
  }

  @Test
  void oneGpuServesTenRequestsPerSecondOfA7bModel() {
    assertThat(PLANNER.plan(request("llama-2-7b", 10).build()).best().orElseThrow().gpus()).isEqualTo(1);
  }

  @Test
  void moreLoadNeverNeedsFewerGpus() {
    int previous = 0;
    for (double rps : new double[] {1, 3, 10, 30, 100, 300, 1000}) {
      int gpus = PLANNER.plan(request("llama-3.1-8b", rps).build()).best().orElseThrow().gpus();
      assertThat(gpus).as("%s req/s", rps).isGreaterThanOrEqualTo(previous);
      previous = gpus;
    }
  }

  @Test
  void largeLoadsScaleAboutLinearly() {
    int thousand = PLANNER.plan(request("llama-3.1-8b", 1000).build()).best().orElseThrow().gpus();
    int twoThousand = PLANNER.plan(request("llama-3.1-8b", 2000).build()).best().orElseThrow().gpus();
    assertThat((double) twoThousand / thousand).isBetween(1.8, 2.2);
  }

  @Test
  void unreachableObjectivesGiveAnInfeasiblePlanWithReasons() {
    CapacityPlan plan = PLANNER.plan(request("llama-2-70b", 10).tpotSloSeconds(0.001).build());
    assertThat(plan.feasible()).isFalse();
    assertThat(plan.best()).isEmpty();
    assertThat(plan.rejected()).anyMatch(r -> r.contains("TPOT at batch 1"));
    assertThat(plan.rejected()).anyMatch(r -> r.startsWith("tp 1: weights"));
  }

  @Test
  void invalidTensorParallelDegreesAreRejectedWithTheirReason() {
    CapacityPlan plan = PLANNER.plan(request("llama-2-70b", 10).tpCandidates(List.of(3, 4)).build());
    assertThat(plan.rejected()).containsExactly("tp 3: tp must divide heads (64), was 3");
    assertThat(plan.options()).extracting(CapacityOption::tp).containsExactly(4);
  }

  @Test
  void requestsAreValidated() {
    assertThatThrownBy(() -> request("llama-2-7b", 0).build())
        .hasMessage("requestsPerSecond must be > 0, was 0.0");
    assertThatThrownBy(() -> request("llama-2-7b", 1).ttftSloSeconds(-1).build())
        .hasMessage("ttftSloSeconds must be > 0, was -1.0");
    assertThatThrownBy(() -> request("llama-2-7b", 1).tpCandidates(List.of()).build())
        .hasMessage("tpCandidates must not be empty");
  }

  @ParameterizedTest(name = "{0} at {1} requests/s")
  @CsvSource({"llama-2-7b, 10", "llama-3.1-8b, 300", "llama-2-70b, 10", "llama-3.1-70b, 1000"})
  void theGridIsWithinTenPercentOfTheExhaustiveSearch(String model, double rps) {
    CapacityRequest r = request(model, rps).build();
    int grid = PLANNER.plan(r).best().orElseThrow().gpus();
    int exhaustive = PLANNER.planExhaustively(r).best().orElseThrow().gpus();
    System.out.printf(Locale.ROOT, "%s %s req/s: grid %d GPUs, exhaustive %d GPUs%n", model, rps, grid, exhaustive);
    assertThat(exhaustive).isLessThanOrEqualTo(grid);
    assertThat((double) grid).isLessThanOrEqualTo(1.1 * exhaustive + 1);
  }

  @Test
  void gridCoversPowersOfTwoTheirMidpointsAndTheBound() {
    assertThat(CapacityPlanner.grid(1)).containsExactly(1);
    assertThat(CapacityPlanner.grid(20)).containsExactly(1, 2, 3, 4, 6, 8, 12, 16, 20);
  }
}
