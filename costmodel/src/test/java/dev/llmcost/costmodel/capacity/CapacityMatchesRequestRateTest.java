package dev.llmcost.costmodel.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.QuantizationScheme;
import dev.llmcost.costmodel.inference.HostCpu;
import dev.llmcost.costmodel.inference.InferenceCostModel;
import dev.llmcost.costmodel.inference.InferenceScenario;
import dev.llmcost.costmodel.inference.ServingOverheads;
import dev.llmcost.costmodel.inference.SteadyLoad;
import dev.llmcost.costmodel.internal.inference.ErlangC;
import dev.llmcost.costmodel.internal.inference.ServingConfig;
import dev.llmcost.costmodel.internal.serving.SteadyIterations;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * s22d: the capacity planner and {@link InferenceCostModel#atRequestRate} run the same steady state of continuous
 * batching (whole prompts in a share {@code b / output} of the iterations, s21g; the scenario's host time and
 * per-request overhead), so for the same deployment (model, accelerator, formats, tp, lengths) they give the same
 * TPOT and TTFT at the same concurrency. The planner reports an option at its batch {@code b} of sequence slots (TPOT
 * at full concurrency, an upper bound) and adds the Erlang C wait for a slot to the TTFT; {@code atRequestRate}
 * reports the concurrency Little's law gives at a rate. So, for every option of a dense and an MoE plan:
 *
 * <ul>
 *   <li>the option's TPOT, and its TTFT less its Erlang C wait, are the steady iterations at its batch ({@code
 *       SteadyIterations}, which both take);
 *   <li>{@code atRequestRate} at the option's own per-replica rate gives those iterations at its concurrency, which is
 *       at most the option's batch, so the option's TPOT and TTFT bound it from above (printed side by side);
 *   <li>at a rate whose concurrency is the option's batch, where one exists, {@code atRequestRate}'s ITL is the
 *       option's TPOT and its TTFT the option's less the wait (at least one option of each plan).
 * </ul>
 *
 * <p>Tolerance: relative 1e-12 on the TPOT (both sides take the iteration from one code path: only a reassociation
 * of the same floating-point terms may differ; the fractional-prompt iteration the planner used before s22d differed
 * by up to 50%), and 1e-9 of the TTFT, whose Erlang C wait the test rebuilds from the option's utilization and
 * per-replica rate (each a quotient rounded once, the wait's relative error amplified near saturation).
 */
class CapacityMatchesRequestRateTest {

  private static final InferenceCostModel MODEL = InferenceCostModel.calibrated();
  private static final CapacityPlanner PLANNER = CapacityPlanner.calibrated();

  private static CapacityRequest.Builder request(String model, String accelerator, double rps, int in, int out) {
    return CapacityRequest.builder(ModelCatalog.bundled().get(model), AcceleratorCatalog.bundled().get(accelerator))
        .requestsPerSecond(rps).inputTokens(in).outputTokens(out).ttftSloSeconds(1).tpotSloSeconds(0.05);
  }

  @Test
  void denseLlama31EightBOnH100() {
    // every tp candidate's cheapest option (tp 1, 2, 4, 8: batches 192, 384, 512, 512 of 250-token outputs, so a
    // share of the iterations carries one prompt more than the rest)
    assertSameSteadyState(request("llama-3.1-8b", "h100-sxm", 300, 1000, 250).build());
  }

  @Test
  void denseWithHostTimeAndPerRequestOverhead() {
    // TensorRT-LLM's PyTorch backend's host time per sequence (ServingOverheads#pythonScheduler, 29.4 µs per sequence
    // and iteration) and a per-request overhead: a 1B model's decode iteration at 128 + 512 tokens is host-bound
    // (TPOT = 29.4 µs × batch for tp 1, 2 and 4), and the planner charges the host time as atRequestRate does
    // (before s22d it left it out: its TPOT was the GPU's)
    ServingOverheads overheads = ServingOverheads.calibrated().pythonScheduler().toBuilder().perRequestSeconds(0.004)
        .build();
    CapacityPlan plan = assertSameSteadyState(request("llama-3.2-1b", "h100-sxm", 300, 128, 512).overheads(overheads)
        .build());
    assertThat(plan.options()).allSatisfy(o -> assertThat(o.tpotSeconds())
        .isGreaterThanOrEqualTo(overheads.hostSecondsPerSequence() * o.batch()));
    assertThat(plan.options()).as("a host-bound option").anySatisfy(o -> assertThat(o.tpotSeconds())
        .isEqualTo(overheads.hostSecondsPerSequence() * o.batch()));
  }

  @Test
  void moeWithEagerPrefillHostTime() {
    // on an x86 host TensorRT-LLM's PyTorch backend also launches a prefilling pass eagerly, a host time per MoE
    // layer (ServingOverheads#pythonScheduler(HostCpu)): charged in the admitting iteration by both
    assertSameSteadyState(request("qwen3-30b-a3b", "h100-sxm", 20, 1024, 256).tpCandidates(List.of(2, 4, 8))
        .overheads(ServingOverheads.calibrated().pythonScheduler(HostCpu.X86)).build());
  }

  @Test
  void moeDeepSeekV3OnEightH200() {
    assertSameSteadyState(request("deepseek-v3", "h200-sxm", 2, 8192, 1024).weights(QuantizationScheme.fp8())
        .tpCandidates(List.of(8)).build());
  }

  @Test
  void moeMixtralOnH100() {
    assertSameSteadyState(request("mixtral-8x7b-v0.1", "h100-sxm", 20, 1024, 256).build());
  }

  private static CapacityPlan assertSameSteadyState(CapacityRequest r) {
    CapacityPlan plan = PLANNER.plan(r);
    assertThat(plan.options()).isNotEmpty();
    int direct = 0;
    for (CapacityOption o : plan.options()) {
      InferenceScenario s = r.scenario(o.tp(), 1);
      ServingConfig c = new ServingConfig(s, MODEL.calibration(), MODEL.profile(r.accelerator()),
          r.model().parameterCounts());
      double perRequest = s.overheads().perRequestSeconds();
      double wait = ErlangC.meanWaitSeconds(o.batch(), o.utilization() * o.batch(),
          o.batch() / o.requestsPerSecondPerReplica());
      // the planner: its option's TPOT is the steady iteration at its batch, its TTFT that TTFT plus the wait
      SteadyIterations planned = SteadyIterations.at(c, s, o.batch());
      assertThat(o.tpotSeconds()).as("tp %d batch %d TPOT", o.tp(), o.batch())
          .isCloseTo(planned.iterationSeconds(), within(1e-12 * planned.iterationSeconds()));
      assertThat(o.ttftSeconds() - wait).as("tp %d batch %d TTFT without the wait", o.tp(), o.batch())
          .isCloseTo(planned.ttftSeconds(1, perRequest), within(1e-9 * o.ttftSeconds()));
      // atRequestRate at the option's own per-replica rate: the same steady state at its Little's-law concurrency,
      // which is at most the option's batch of slots, so the option's figures bound it from above
      SteadyLoad atRate = MODEL.atRequestRate(s, r.requestsPerSecond() / o.replicas());
      SteadyIterations rated = SteadyIterations.at(c, s, atRate.concurrency());
      assertThat(atRate.itlSeconds()).isCloseTo(rated.iterationSeconds(), within(1e-12 * rated.iterationSeconds()));
      assertThat(atRate.ttftSeconds()).isCloseTo(rated.ttftSeconds(1, perRequest),
          within(1e-12 * atRate.ttftSeconds()));
      assertThat(atRate.concurrency()).isLessThanOrEqualTo(o.batch());
      assertThat(atRate.itlSeconds()).isLessThanOrEqualTo(o.tpotSeconds());
      assertThat(atRate.ttftSeconds()).isLessThanOrEqualTo(o.ttftSeconds());
      // and at a rate whose concurrency is the option's batch, where there is one, the same figures directly
      SteadyLoad atBatch = atConcurrency(s, o.batch());
      System.out.printf(Locale.ROOT, "%s on %s, %s req/s, %d/%d: tp %d x %d, batch %d: TPOT %.3f ms, TTFT %.1f ms"
              + " (Erlang C wait %.1f ms) | atRequestRate at concurrency %d: %s | at %.3f req/s per replica:"
              + " concurrency %d, ITL %.3f ms, TTFT %.1f ms%n", r.model().id(), r.accelerator().id(),
          r.requestsPerSecond(), r.inputTokens(), r.outputTokens(), o.tp(), o.replicas(), o.batch(),
          o.tpotSeconds() * 1e3, o.ttftSeconds() * 1e3, wait * 1e3, o.batch(), atBatch == null
              ? "no rate gives it (Little's law skips it: residence(b) / b does not fall at b)"
              : String.format(Locale.ROOT, "ITL %.3f ms, TTFT %.1f ms", atBatch.itlSeconds() * 1e3,
                  atBatch.ttftSeconds() * 1e3),
          r.requestsPerSecond() / o.replicas(), atRate.concurrency(), atRate.itlSeconds() * 1e3,
          atRate.ttftSeconds() * 1e3);
      if (atBatch != null) {
        direct++;
        assertThat(o.tpotSeconds()).as("tp %d batch %d TPOT", o.tp(), o.batch())
            .isCloseTo(atBatch.itlSeconds(), within(1e-12 * atBatch.itlSeconds()));
        assertThat(o.ttftSeconds() - wait).as("tp %d batch %d TTFT without the wait", o.tp(), o.batch())
            .isCloseTo(atBatch.ttftSeconds(), within(1e-9 * o.ttftSeconds()));
      }
    }
    assertThat(direct).as("options compared at the same concurrency").isPositive();
    return plan;
  }

  /**
   * Returns {@code atRequestRate} at a rate whose Little's-law concurrency is {@code batch}: under the default
   * (mixed) scheduling its figures at a concurrency do not depend on the rate, so any such rate will do. Bisects on
   * the rate (the concurrency does not fall as the rate grows); null where no rate gives it: the concurrency is the
   * smallest {@code b} with {@code rate · residence(b) <= b}, and where {@code residence(b) / b} does not fall at
   * {@code b} (the iteration is stepped: GEMM rows padded, tile waves, whole prompts) a larger rate jumps over it.
   */
  private static @Nullable SteadyLoad atConcurrency(InferenceScenario s, int batch) {
    if (MODEL.atRequestRate(s, 1e12).concurrency() < batch) {
      throw new AssertionError("batch " + batch + " is beyond atRequestRate's largest for " + s);
    }
    double lo = 1e-9;
    double hi = 1;
    while (MODEL.atRequestRate(s, hi).concurrency() < batch) {
      hi *= 2;
    }
    for (int i = 0; i < 200; i++) {
      SteadyLoad l = MODEL.atRequestRate(s, hi);
      if (l.concurrency() == batch) {
        return l;
      }
      double mid = (lo + hi) / 2;
      if (MODEL.atRequestRate(s, mid).concurrency() < batch) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return null;
  }
}
