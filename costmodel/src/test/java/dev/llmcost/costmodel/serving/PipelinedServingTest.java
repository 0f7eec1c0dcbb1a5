package dev.llmcost.costmodel.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.capacity.CapacityRequest;
import dev.llmcost.costmodel.inference.InferenceScenario;
import dev.llmcost.costmodel.inference.SpeculativeDecoding;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

/**
 * The serving simulator with pipeline parallelism (s15f): each replica runs {@code pp} micro-batches in flight as
 * TensorRT-LLM's executor does ({@code mNumMicroBatches = pipelineParallelism}, disjoint requests, a micro-batch's
 * slot scheduled again once its previous micro-batch left the last stage), each micro-batch passing the stages in
 * turn. The figures are checked against a two-stage pipeline computed by hand from the simulator's own step time
 * ({@link ServingSimulator#stepSeconds}, one pass through the slowest stage).
 */
class PipelinedServingTest {

  private static final ServingSimulator SIM = ServingSimulator.calibrated();
  private static final int PROMPT = 512;

  private static InferenceScenario engine(int pp) {
    return InferenceScenario.builder(ModelCatalog.bundled().get("llama-3.1-8b"),
            AcceleratorCatalog.bundled().get("h100-sxm"))
        .pp(pp)
        .memoryReserveFraction(0.10)
        .build();
  }

  private static Trace trace(String rows) {
    return Trace.read(new StringReader("arrival,prompt_tokens,output_tokens\n" + rows), "pipeline.csv",
        Trace.Format.CSV);
  }

  /** The stage pass of a prompt prefilled whole. */
  private static double prefill(InferenceScenario e) {
    return SIM.stepSeconds(e, PROMPT, 0, 0);
  }

  /** The stage pass of one sequence decoding at a context. */
  private static double decode(InferenceScenario e, int context) {
    return SIM.stepSeconds(e, 0, 1, context);
  }

  /**
   * One request alone: its prompt crosses both stages (TTFT {@code 2p}), then each token crosses both stages again,
   * {@code 2 d(c)} apart (the micro-batch's slot waits for its last stage before it is scheduled again).
   */
  @Test
  void oneRequestCrossesBothStagesForEveryToken() {
    InferenceScenario e = engine(2);
    SimulationResult r = SIM.simulate(ServingSimulation.builder(e)
        .arrivals(ArrivalProcess.trace(trace("0,512,4\n")))
        .maxNumSeqs(8)
        .maxBatchedTokens(1024)
        .build());
    double overhead = e.overheads().perRequestSeconds();
    double p = prefill(e);
    double tokens = 2 * (decode(e, PROMPT + 1) + decode(e, PROMPT + 2) + decode(e, PROMPT + 3));
    assertThat(r.completed()).isEqualTo(1);
    assertThat(r.ttft().mean() - overhead).isCloseTo(2 * p, within(1e-9));
    assertThat(r.tpot().mean()).isCloseTo(tokens / 3, within(1e-9));
    assertThat(r.endToEnd().mean() - overhead).isCloseTo(2 * p + tokens, within(1e-9));
    assertThat(r.gpus()).isEqualTo(2);
    assertThat(r.steps()).isEqualTo(4);
  }

  /**
   * Two requests at once, one sequence per micro-batch: A's prompt runs in micro-batch 0, B's in micro-batch 1, one
   * stage behind it. Stage 0 takes B's prompt while stage 1 takes A's: A's first token at {@code 2p}, B's at {@code
   * 3p} (not {@code 4p}: the stages overlap). A's slot comes back at {@code 2p}; its token passes stage 0 by {@code 2p
   * + d} but waits for stage 1 to finish B's prompt, so it comes at {@code 3p + d}; B's token then follows at {@code
   * 3p + 2d}.
   */
  @Test
  void twoMicroBatchesOverlapInTheStages() {
    InferenceScenario e = engine(2);
    SimulationResult r = SIM.simulate(ServingSimulation.builder(e)
        .arrivals(ArrivalProcess.trace(trace("0,512,2\n0,512,2\n")))
        .maxNumSeqs(1)
        .maxBatchedTokens(1024)
        .build());
    double overhead = e.overheads().perRequestSeconds();
    double p = prefill(e);
    double d = decode(e, PROMPT + 1);
    assertThat(d).isLessThan(p);
    assertThat(r.completed()).isEqualTo(2);
    assertThat(r.ttft().mean() - overhead).isCloseTo((2 * p + 3 * p) / 2, within(1e-9));
    assertThat(r.ttft().max() - overhead).isCloseTo(3 * p, within(1e-9));
    // TPOT: A (3p + d) - 2p, B (3p + 2d) - 3p
    assertThat(r.tpot().mean()).isCloseTo(((p + d) + 2 * d) / 2, within(1e-9));
    assertThat(r.elapsedSeconds()).isCloseTo(3 * p + 2 * d, within(1e-9));
    assertThat(r.assumptions()).anyMatch(a -> a.contains("2 micro-batches in flight (pp 2)"));
    assertThat(r.assumptions()).noneMatch(a -> a.contains("not simulated: pipeline parallelism"));
  }

  /** Under load the pipeline serves more than one stage pass at a time: each stage works on its own micro-batch. */
  @Test
  void aLoadedPipelineKeepsBothStagesBusy() {
    InferenceScenario e = engine(2);
    SimulationResult r = SIM.simulate(ServingSimulation.builder(e)
        .requestsPerSecond(20)
        .durationSeconds(60)
        .input(LengthDistribution.fixed(256))
        .output(LengthDistribution.fixed(128))
        .maxNumSeqs(64)
        .maxBatchedTokens(2048)
        .seed(3)
        .build());
    assertThat(r.completed()).isEqualTo(r.requests());
    assertThat(r.preemptions()).isZero();
    // one token per sequence every two stage passes of its micro-batch, at least
    assertThat(r.tpot().p50()).isGreaterThanOrEqualTo(2 * decode(e, 256));
    assertThat(r.gpuUtilization()).isGreaterThan(0).isLessThanOrEqualTo(1);
    assertThat(r.series()).isNotEmpty();
  }

  @Test
  void refusesWhatThePipelinedEngineDoesNotRun() {
    InferenceScenario e = engine(2);
    assertThatThrownBy(() -> ServingSimulation.builder(e).requestsPerSecond(1).prefixHitRate(0.5).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prefixHitRate 0.5 is not simulated with pipeline parallelism (pp 2)");
    assertThatThrownBy(() -> ServingSimulation.builder(e).requestsPerSecond(1)
            .speculative(SpeculativeDecoding.of(ModelCatalog.bundled().get("llama-3.2-1b"), 4, 0.7)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("speculative decoding is not simulated with pipeline parallelism");
    assertThatThrownBy(() -> ServingSimulation.builder(e).requestsPerSecond(1).disaggregation(Disaggregation.of(1, 1))
            .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("disaggregation is not simulated with pipeline parallelism");
    Trace shared = Trace.read(new StringReader("arrival,prompt_tokens,output_tokens,prefix_id,prefix_tokens\n"
        + "0,512,4,7,256\n"), "prefix.csv", Trace.Format.CSV);
    assertThatThrownBy(() -> SIM.simulate(ServingSimulation.builder(e).arrivals(ArrivalProcess.trace(shared)).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trace prefix ids");
    ServingSimulation template = ServingSimulation.builder(e).requestsPerSecond(1).build();
    assertThatThrownBy(() -> SIM.searchCapacity(CapacityRequest.builder(ModelCatalog.bundled().get("llama-3.1-8b"),
            AcceleratorCatalog.bundled().get("h100-sxm")).requestsPerSecond(1).build(), template, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has pp 2");
  }
}
