package dev.llmcost.costmodel.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.Bandwidth;
import dev.llmcost.core.DType;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.QuantizationScheme;
import dev.llmcost.costmodel.inference.InferenceCostModel;
import dev.llmcost.costmodel.inference.InferenceEstimate;
import dev.llmcost.costmodel.inference.InferenceScenario;
import dev.llmcost.costmodel.inference.PrefillScheduling;
import dev.llmcost.costmodel.inference.ServingOverheads;
import dev.llmcost.costmodel.inference.SpeculativeDecoding;
import java.io.StringReader;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ServingSimulatorTest {

  static InferenceScenario engine(String model, double reserve) {
    return InferenceScenario.builder(ModelCatalog.bundled().get(model), AcceleratorCatalog.bundled().get("h100-sxm"))
        .memoryReserveFraction(reserve)
        .build();
  }

  static ServingSimulation.Builder load(double rps, double seconds) {
    return ServingSimulation.builder(engine("llama-3.1-8b", 0.10))
        .requestsPerSecond(rps)
        .durationSeconds(seconds)
        .input(LengthDistribution.lognormal(1000, 0.8))
        .output(LengthDistribution.lognormal(250, 0.6));
  }

  @Test
  void lowLoadAgreesWithTheAnalyticModelOnTtftAndTpot() {
    InferenceScenario s = engine("llama-3.1-8b", 0.10);
    ServingSimulation sim = ServingSimulation.builder(s)
        .requestsPerSecond(0.01)
        .durationSeconds(20_000)
        .input(LengthDistribution.fixed(1000))
        .output(LengthDistribution.fixed(250))
        .build();
    SimulationResult r = ServingSimulator.calibrated().simulate(sim);
    InferenceEstimate e = InferenceCostModel.calibrated().estimate(s.toBuilder().batch(1).inputTokens(1000)
        .outputTokens(250).build());
    System.out.printf(Locale.ROOT, "low load (%d requests): TTFT sim %.5f s vs analytic %.5f s; TPOT sim %.6f s vs"
        + " analytic %.6f s%n", r.completed(), r.ttft().p50(), e.ttftSeconds(), r.tpot().p50(), e.tpotSeconds());
    assertThat(r.completed()).isGreaterThan(150);
    assertThat(r.ttft().p50()).isCloseTo(e.ttftSeconds(), within(0.05 * e.ttftSeconds()));
    assertThat(r.tpot().p50()).isCloseTo(e.tpotSeconds(), within(0.05 * e.tpotSeconds()));
  }

  @Test
  void aStepAgreesWithTheRooflineOfTheSameBatch() {
    InferenceScenario s = engine("llama-3.1-8b", 0.10).toBuilder().batch(1).inputTokens(2048).outputTokens(2).build();
    InferenceEstimate e = InferenceCostModel.calibrated().estimate(s);
    double step = ServingSimulator.calibrated().stepSeconds(s, 2048, 0, 0);
    assertThat(step).isCloseTo(e.prefillSeconds(), within(1e-3 * e.prefillSeconds()));
  }

  @Test
  void aHostBoundEngineAgreesWithTheAnalyticModelsHostLoop() {
    // s13v: a scheduler whose host loop (20 ms per sequence) outlasts the GPU's decode step: at low load the
    // simulated TPOT is the host time the analytic model charges, max(GPU, host) per iteration
    ServingOverheads calibrated = InferenceCostModel.calibrated().calibration().overheads();
    InferenceScenario s = engine("llama-3.1-8b", 0.10).toBuilder()
        .overheads(calibrated.toBuilder().hostSecondsPerSequence(20e-3).build()).build();
    ServingSimulation sim = ServingSimulation.builder(s)
        .requestsPerSecond(0.01)
        .durationSeconds(20_000)
        .input(LengthDistribution.fixed(500))
        .output(LengthDistribution.fixed(100))
        .build();
    SimulationResult r = ServingSimulator.calibrated().simulate(sim);
    InferenceScenario one = s.toBuilder().batch(1).inputTokens(500).outputTokens(100).build();
    InferenceEstimate e = InferenceCostModel.calibrated().estimate(one);
    InferenceEstimate gpuOnly = InferenceCostModel.calibrated().estimate(one.toBuilder().overheads(calibrated).build());
    System.out.printf(Locale.ROOT, "host-bound (%d requests): TPOT sim %.5f s vs analytic %.5f s (GPU alone %.5f s)%n",
        r.completed(), r.tpot().p50(), e.tpotSeconds(), gpuOnly.tpotSeconds());
    assertThat(r.completed()).isGreaterThan(150);
    assertThat(e.tpotSeconds()).isGreaterThan(1.5 * gpuOnly.tpotSeconds());
    assertThat(r.tpot().p50()).isCloseTo(e.tpotSeconds(), within(0.01 * e.tpotSeconds()));
    // a step is the longer of the roofline's step and the host loop over its sequences
    InferenceScenario bare = engine("llama-3.1-8b", 0.10);
    assertThat(ServingSimulator.calibrated().stepSeconds(s, 0, 64, 900))
        .isEqualTo(Math.max(ServingSimulator.calibrated().stepSeconds(bare, 0, 64, 900), 64 * 20e-3));
  }

  /**
   * s14l: under attention data parallelism over 8 ranks every rank holds the KV cache of its own sequences (the
   * latent cache is not replicated), so the engine holds 8 ranks' pools, as the analytic model counts them ({@code
   * InferenceCostModel}: {@code ceil(batch / tp)} sequences' cache per GPU, {@code engineMaxBatch} and {@code
   * offlineRun} tp times one GPU's). The simulator held one rank's pool for the whole engine.
   */
  @Test
  void underAttentionDataParallelismTheKvCacheHoldsEveryRanksSequences() {
    InferenceScenario s = InferenceScenario.builder(ModelCatalog.bundled().get("deepseek-v3"),
            AcceleratorCatalog.bundled().get("b200"))
        .tp(8).ep(8).attentionDataParallel(true)
        .weights(QuantizationScheme.nvfp4()).kvCache(DType.FP8_E4M3)
        .inputTokens(1000).outputTokens(1000)
        .build();
    InferenceCostModel m = InferenceCostModel.calibrated();
    // infer --batch max: the engine's KV cache after its profiling forward on a rank, every sequence
    // reserving its input + output, on each of the 8 ranks
    int analytic = m.engineMaxBatch(s);
    // a flood of 1000 + 1000-token requests: the engine fills its KV cache
    ServingSimulation sim = ServingSimulation.builder(s)
        .requestsPerSecond(500)
        .durationSeconds(60)
        .input(LengthDistribution.fixed(1000))
        .output(LengthDistribution.fixed(1000))
        .maxNumSeqs(8 * 4096)
        .maxBatchedTokens(8 * 8192)
        .build();
    SimulationResult r = ServingSimulator.calibrated().simulate(sim);
    int peak = r.series().stream().mapToInt(OccupancySample::running).max().orElse(0);
    double held = r.kvCacheBlocksPerReplica() * 16.0 / 2000;
    System.out.printf(Locale.ROOT, "attention DP 8: analytic max batch %d; simulator KV %d blocks"
        + " = %.0f sequences of 2,000 tokens; peak running %d, %d preemptions%n", analytic,
        r.kvCacheBlocksPerReplica(), held, peak, r.preemptions());
    // the simulator's KV cache holds as many whole sequences as the analytic engine's batch (the memory accounting
    // differs in what it sets aside: the scenario's reserve and one full step's activations against the engine's
    // visible memory, its KV share and its profiling forward)
    assertThat(held).isCloseTo(analytic, within(0.15 * analytic));
    // and the engine runs that many at once: every sequence reserves blocks as it grows, so at least the
    // analytic batch of whole sequences is in flight at the peak
    assertThat(peak).isGreaterThanOrEqualTo((int) (0.9 * analytic));
    assertThat(r.completed()).isEqualTo(r.requests() - r.rejected());
  }

  /**
   * s16b: with CUDA-graph padding a decode-only step runs at the smallest captured size at least its batch
   * (TensorRT-LLM's {@code CUDAGraphRunner._get_padded_batch}); one request at a time decodes a batch of 1, so a
   * captured size of 1 changes nothing and a smallest size of 128 makes every decode step a 128-row step.
   */
  @Test
  void aDecodeOnlyStepRunsAtTheNextCapturedCudaGraph() {
    ServingSimulation.Builder one = ServingSimulation.builder(engine("llama-3.1-8b", 0.10))
        .requestsPerSecond(0.01)
        .durationSeconds(5_000)
        .input(LengthDistribution.fixed(500))
        .output(LengthDistribution.fixed(100));
    ServingSimulator sim = ServingSimulator.calibrated();
    SimulationResult plain = sim.simulate(one.build());
    SimulationResult exact = sim.simulate(one.cudaGraphPadding(java.util.List.of(1, 128)).build());
    SimulationResult padded = sim.simulate(one.cudaGraphPadding(java.util.List.of(128, 256)).build());
    InferenceScenario s = engine("llama-3.1-8b", 0.10);
    System.out.printf(Locale.ROOT, "CUDA-graph padding, one request at a time: TPOT %.6f s (none), %.6f s ([1, 128]),"
        + " %.6f s ([128, 256]); roofline step of 1 and of 128 rows: %.6f / %.6f s%n", plain.tpot().p50(),
        exact.tpot().p50(), padded.tpot().p50(), sim.stepSeconds(s, 0, 1, 550), sim.stepSeconds(s, 0, 128, 550));
    assertThat(exact.tpot().p50()).isEqualTo(plain.tpot().p50());
    assertThat(padded.tpot().p50()).isGreaterThan(plain.tpot().p50());
    assertThat(padded.assumptions()).anyMatch(a -> a.startsWith("CUDA graphs padded (s16b)"));
    assertThat(plain.assumptions()).anyMatch(a -> a.startsWith("not simulated:") && a.contains("CUDA-graph padding"));
    // under attention data parallelism every rank runs the padded rows: DeepSeek-V3 on 8 B200 ranks
    InferenceScenario adp = InferenceScenario.builder(ModelCatalog.bundled().get("deepseek-v3"),
            AcceleratorCatalog.bundled().get("b200"))
        .tp(8).ep(8).attentionDataParallel(true)
        .weights(QuantizationScheme.nvfp4()).kvCache(DType.FP8_E4M3)
        .build();
    ServingSimulation.Builder dp = ServingSimulation.builder(adp)
        .requestsPerSecond(0.05)
        .durationSeconds(2_000)
        .input(LengthDistribution.fixed(800))
        .output(LengthDistribution.fixed(200));
    double dpPlain = sim.simulate(dp.build()).tpot().p50();
    double dpPadded = sim.simulate(dp.cudaGraphPadding(java.util.List.of(128, 256, 384, 512)).build()).tpot().p50();
    System.out.printf(Locale.ROOT, "attention DP 8, one request at a time: TPOT %.6f s (none), %.6f s ([128, ...])%n",
        dpPlain, dpPadded);
    assertThat(dpPadded).isGreaterThan(dpPlain);
  }

  @Test
  void cudaGraphPaddingRefusesBadSizes() {
    assertThatThrownBy(() -> load(1, 10).cudaGraphPadding(java.util.List.of(4, 2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cudaGraphPadding")
        .hasMessageContaining("[4, 2]");
    assertThatThrownBy(() -> load(1, 10).cudaGraphPadding(java.util.List.of(0, 2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 2]");
  }

  @Test
  void theSameSeedGivesTheSameResultAndAnotherSeedAnother() {
    ServingSimulation a = load(20, 120).seed(7).build();
    SimulationResult r1 = ServingSimulator.calibrated().simulate(a);
    SimulationResult r2 = ServingSimulator.calibrated().simulate(a);
    SimulationResult r3 = ServingSimulator.calibrated().simulate(a.toBuilder().seed(8).build());
    assertThat(r2.ttft().p99()).isEqualTo(r1.ttft().p99());
    assertThat(r2.tpot().p50()).isEqualTo(r1.tpot().p50());
    assertThat(r2.requests()).isEqualTo(r1.requests());
    assertThat(r3.ttft().p99()).isNotEqualTo(r1.ttft().p99());
  }

  @Test
  void littlesLawHoldsForTheSampledOccupancy() {
    double rps = 12;
    ServingSimulation sim = load(rps, 600).samples(20_000).build();
    SimulationResult r = ServingSimulator.calibrated().simulate(sim);
    double overhead = sim.engine().overheads().perRequestSeconds();
    double lw = r.requests() / r.elapsedSeconds() * (r.endToEnd().mean() - overhead);
    System.out.printf(Locale.ROOT, "Little: sampled L %.3f vs lambda W %.3f%n", r.meanInSystem(), lw);
    assertThat(r.meanInSystem()).isCloseTo(lw, within(0.05 * lw));
  }

  @Test
  void aSmallKvCachePreemptsAndStillFinishesEveryRequest() {
    ServingSimulation sim = ServingSimulation.builder(engine("llama-3.1-8b", 0.76))
        .requestsPerSecond(30)
        .durationSeconds(60)
        .input(LengthDistribution.fixed(2000))
        .output(LengthDistribution.fixed(1000))
        .build();
    SimulationResult r = ServingSimulator.calibrated().simulate(sim);
    System.out.printf(Locale.ROOT, "small KV: %d blocks, %d preemptions, %d completed%n", r.kvCacheBlocksPerReplica(),
        r.preemptions(), r.completed());
    assertThat(r.preemptions()).isPositive();
    assertThat(r.completed()).isEqualTo(r.requests());
    assertThat(r.series()).anySatisfy(x -> assertThat(x.kvCacheFraction()).isGreaterThan(0.9));
    SimulationResult roomy = ServingSimulator.calibrated().simulate(sim.toBuilder(engine("llama-3.1-8b", 0.10))
        .requestsPerSecond(1).build());
    assertThat(roomy.preemptions()).isZero();
  }

  @Test
  void moreLoadNeverLowersLatencyAndMoreReplicasSpreadIt() {
    SimulationResult low = ServingSimulator.calibrated().simulate(load(5, 300).build());
    SimulationResult high = ServingSimulator.calibrated().simulate(load(15, 300).build());
    SimulationResult two = ServingSimulator.calibrated().simulate(load(15, 300).replicas(2)
        .router(Router.LEAST_OUTSTANDING).build());
    assertThat(high.tpot().p50()).isGreaterThan(low.tpot().p50());
    assertThat(two.tpot().p50()).isLessThan(high.tpot().p50());
    assertThat(two.gpus()).isEqualTo(2);
  }

  @Test
  void prefixCachingSpeculationAndDisaggregationChangeWhatTheyShould() {
    SimulationResult base = ServingSimulator.calibrated().simulate(load(10, 300).build());
    SimulationResult cached = ServingSimulator.calibrated().simulate(load(10, 300).prefixHitRate(0.8).build());
    assertThat(cached.ttft().p50()).isLessThan(base.ttft().p50());
    SimulationResult spec = ServingSimulator.calibrated().simulate(load(2, 300)
        .speculative(SpeculativeDecoding.of(ModelCatalog.bundled().get("llama-3.2-1b"), 4, 0.8)).build());
    SimulationResult plain = ServingSimulator.calibrated().simulate(load(2, 300).build());
    assertThat(spec.tpot().p50()).isLessThan(plain.tpot().p50());
    assertThat(SpeculativeDecoding.of(ModelCatalog.bundled().get("llama-3.2-1b"), 4, 0.8).expectedTokensPerStep())
        .isCloseTo((1 - Math.pow(0.8, 5)) / 0.2, within(1e-12));
    SimulationResult dis = ServingSimulator.calibrated().simulate(load(10, 300)
        .disaggregation(Disaggregation.of(1, 1, Bandwidth.ofGBps(50))).build());
    assertThat(dis.completed()).isEqualTo(dis.requests());
    assertThat(dis.gpus()).isEqualTo(2);
    assertThat(dis.tpot().p50()).isLessThan(base.tpot().p50());
    System.out.printf(Locale.ROOT, "P50 TTFT base %.4f cached %.4f; TPOT plain %.5f spec %.5f; TPOT disagg %.5f%n",
        base.ttft().p50(), cached.ttft().p50(), plain.tpot().p50(), spec.tpot().p50(), dis.tpot().p50());
  }

  @Test
  void aDecodePoolOfItsOwnEngineDecodesWithIt() {
    // s20c: DistServe-style pools of different tensor parallelism (NVIDIA's MLPerf v5.1 GB200 NVL72 Llama 3.1 405B
    // Interactive run: context servers of tp 4, generation servers of tp 8); here prefill tp 1, decode tp 2
    InferenceScenario tp2 = engine("llama-3.1-8b", 0.10).toBuilder().tp(2).build();
    SimulationResult same = ServingSimulator.calibrated().simulate(load(10, 300)
        .disaggregation(Disaggregation.of(1, 1)).build());
    SimulationResult own = ServingSimulator.calibrated().simulate(load(10, 300)
        .disaggregation(Disaggregation.of(1, 1).withDecodePool(tp2, 256, 256)).build());
    assertThat(own.completed()).isEqualTo(own.requests());
    assertThat(own.gpus()).isEqualTo(3);
    assertThat(same.gpus()).isEqualTo(2);
    // the first token is the prefill pool's, unchanged up to the decode pool's admission of the transferred cache
    assertThat(own.ttft().p50()).isCloseTo(same.ttft().p50(), within(0.02 * same.ttft().p50()));
    assertThat(own.tpot().p50()).isLessThan(same.tpot().p50());
    assertThat(own.assumptions()).anyMatch(a -> a.contains("decode pool of its own engine: tp 2"));
    // s21b: the decode pool's own KV blocks (tp 2 holds half the weights per GPU: more blocks), the prefill's apart
    assertThat(same.decodeKvCacheBlocksPerReplica()).isEmpty();
    assertThat(own.kvCacheBlocksPerReplica()).isEqualTo(same.kvCacheBlocksPerReplica());
    assertThat(own.decodeKvCacheBlocksPerReplica()).isPresent();
    assertThat(own.decodeKvCacheBlocksPerReplica().getAsLong()).isGreaterThan(own.kvCacheBlocksPerReplica());
    assertThat(Disaggregation.of(1, 1).withDecodePool(tp2, 256, 512).withReplicas(2, 3).decodeEngine()).contains(tp2);
    assertThat(Disaggregation.of(1, 1).decodeMaxNumSeqs()).isEmpty();
    assertThatThrownBy(() -> Disaggregation.of(1, 1).withDecodePool(tp2, 0, 256))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxNumSeqs");
    assertThatThrownBy(() -> Disaggregation.of(1, 1).withDecodePool(tp2, 512, 256))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBatchedTokens (256)");
    assertThatThrownBy(() -> Disaggregation.of(1, 1).withDecodePool(tp2.toBuilder().pp(2).build(), 256, 256))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pp 2");
    InferenceScenario other = engine("llama-3.2-1b", 0.10);
    assertThatThrownBy(() -> ServingSimulator.calibrated().simulate(load(1, 60)
        .disaggregation(Disaggregation.of(1, 1).withDecodePool(other, 256, 256)).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("llama-3.2-1b");
    System.out.printf(Locale.ROOT, "disaggregated 1:1, decode tp 1 vs its own tp 2: P50 TTFT %.4f / %.4f s, P50 TPOT"
        + " %.5f / %.5f s%n", same.ttft().p50(), own.ttft().p50(), same.tpot().p50(), own.tpot().p50());
  }

  @Test
  void aDraftWithAShorterPositionTableThanTheEngineLengthsStillGivesItsStepTable() {
    // GPT-2's learned table has 1,024 positions; the engine's scenario is 1,024 + 256 tokens. The draft's scenario
    // only supplies its step table, so its lengths are clipped to its table instead of refusing the simulation
    assertThat(engine("llama-3.1-8b", 0.10).inputTokens() + engine("llama-3.1-8b", 0.10).outputTokens())
        .isGreaterThan(ModelCatalog.bundled().get("gpt2").embeddings().maxPositions());
    SimulationResult spec = ServingSimulator.calibrated().simulate(load(2, 120)
        .speculative(SpeculativeDecoding.of(ModelCatalog.bundled().get("gpt2"), 4, 0.8)).build());
    assertThat(spec.completed()).isEqualTo(spec.requests());
  }

  @Test
  void aTraceDrivesTheSimulationAndItsPrefixesHit() {
    StringBuilder csv = new StringBuilder("arrival,prompt_tokens,output_tokens,prefix_id,prefix_tokens\n");
    for (int i = 0; i < 200; i++) {
      csv.append(i * 0.5).append(",1200,100,sys,1024\n");
    }
    Trace t = Trace.read(new StringReader(csv.toString()), "t.csv", Trace.Format.CSV);
    SimulationResult r = ServingSimulator.calibrated().simulate(ServingSimulation.builder(engine("llama-3.1-8b", 0.1))
        .arrivals(ArrivalProcess.trace(t)).build());
    assertThat(r.completed()).isEqualTo(200);
    StringBuilder none = new StringBuilder("arrival,prompt_tokens,output_tokens\n");
    for (int i = 0; i < 200; i++) {
      none.append(i * 0.5).append(",1200,100\n");
    }
    SimulationResult r2 = ServingSimulator.calibrated().simulate(ServingSimulation.builder(engine("llama-3.1-8b", 0.1))
        .arrivals(ArrivalProcess.trace(Trace.read(new StringReader(none.toString()), "n.csv", Trace.Format.CSV))).build());
    assertThat(r.ttft().p50()).isLessThan(r2.ttft().p50());
  }

  @Test
  void malformedTracesNameTheLineAndField() {
    assertThatThrownBy(() -> Trace.read(new StringReader("{\"arrival\":0,\"prompt_tokens\":10,\"output_tokens\":5}\n"
        + "{\"arrival\":1,\"prompt_tokens\":\"x\",\"output_tokens\":5}\n"), "a.jsonl", Trace.Format.JSONL))
        .isInstanceOf(TraceFormatException.class)
        .hasMessage("a.jsonl:2: field 'prompt_tokens': not a number: \"x\"")
        .satisfies(e -> assertThat(((TraceFormatException) e).line()).isEqualTo(2));
    assertThatThrownBy(() -> Trace.read(new StringReader("{\"arrival\":0,\"prompt_tokens\":10}\n"), "b.jsonl",
        Trace.Format.JSONL)).hasMessage("b.jsonl:1: field 'output_tokens': missing");
    assertThatThrownBy(() -> Trace.read(new StringReader("not json\n"), "c.jsonl", Trace.Format.JSONL))
        .hasMessage("c.jsonl:1: not a JSON object");
    assertThatThrownBy(() -> Trace.read(new StringReader("arrival,prompt_tokens,output_tokens\n0,10,5\n-1,3,4\n"),
        "d.csv", Trace.Format.CSV)).hasMessage("d.csv:3: field 'arrival': must be finite and >= 0, was -1");
    assertThatThrownBy(() -> Trace.read(new StringReader("arrival,prompt_tokens\n"), "e.csv", Trace.Format.CSV))
        .hasMessage("e.csv:1: field 'output_tokens': missing from the CSV header");
    assertThatThrownBy(() -> Trace.read(new StringReader("arrival,prompt_tokens,output_tokens\n0,10.5,5\n"),
        "f.csv", Trace.Format.CSV)).hasMessage("f.csv:2: field 'prompt_tokens': must be an integer >= 1, was 10.5");
    assertThatThrownBy(() -> Trace.read(new StringReader("arrival,prompt_tokens,output_tokens\n0,10\n"),
        "g.csv", Trace.Format.CSV)).hasMessage("g.csv:2: has 2 cells, the header 3");
  }

  @Test
  void lengthDistributionsParseAndReject() {
    assertThat(LengthDistribution.parse("lognormal:1000,0.8")).isEqualTo(LengthDistribution.lognormal(1000, 0.8));
    assertThat(LengthDistribution.parse("uniform:10,20").toString()).isEqualTo("uniform:10,20");
    assertThat(LengthDistribution.parse("300")).isEqualTo(LengthDistribution.fixed(300));
    assertThatThrownBy(() -> LengthDistribution.parse("normal:3,4")).hasMessageContaining("'normal:3,4'");
    assertThatThrownBy(() -> LengthDistribution.parse("lognormal:-3,4")).hasMessageContaining("median must be > 0");
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
    double[] v = new double[20001];
    LengthDistribution d = LengthDistribution.lognormal(1000, 0.8);
    for (int i = 0; i < v.length; i++) {
      v[i] = d.sample(rnd);
    }
    java.util.Arrays.sort(v);
    assertThat(v[10000]).isCloseTo(1000, within(30.0));
  }

  @Test
  void gammaArrivalsHaveTheirRateAndBurstiness() {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
    ArrivalProcess p = ArrivalProcess.gamma(10, 3);
    int n = 200_000;
    double sum = 0;
    double sq = 0;
    for (int i = 0; i < n; i++) {
      double g = p.nextGap(rnd);
      sum += g;
      sq += g * g;
    }
    double mean = sum / n;
    double cv = Math.sqrt(sq / n - mean * mean) / mean;
    assertThat(mean).isCloseTo(0.1, within(0.003));
    assertThat(cv).isCloseTo(3, within(0.15));
  }

  // s14j: below cv ~1e-154 the shape 1/cv² overflowed, every gap was NaN and no request arrived
  @Test
  void aVanishingBurstinessGivesTheConstantGap() {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
    ArrivalProcess p = ArrivalProcess.gamma(4, 1e-300);
    for (int i = 0; i < 100; i++) {
      assertThat(p.nextGap(rnd)).isEqualTo(0.25);
    }
    assertThat(ArrivalProcess.gamma(4, 1e-6).nextGap(rnd)).isCloseTo(0.25, within(1e-4));
  }

  @Test
  void aFrontEndHoldsABurstBackAndAddsItsTimeAtLowLoad() {
    StringBuilder csv = new StringBuilder("arrival,prompt_tokens,output_tokens\n");
    for (int i = 0; i < 100; i++) {
      csv.append("0,100,2\n");
    }
    Trace burst = Trace.read(new StringReader(csv.toString()), "burst", Trace.Format.CSV);
    ServingSimulation.Builder b = ServingSimulation.builder(engine("llama-3.1-8b", 0.10))
        .arrivals(ArrivalProcess.trace(burst));
    SimulationResult none = ServingSimulator.calibrated().simulate(b.build());
    SimulationResult held = ServingSimulator.calibrated().simulate(b.frontendSecondsPerRequest(0.01).build());
    // processor sharing with equal demands: the whole burst leaves the front end together after 100 × 10 ms
    assertThat(held.ttft().p50() - none.ttft().p50()).isCloseTo(1.0, within(0.02));
    assertThat(held.ttft().max() - held.ttft().p50()).isLessThan(none.ttft().max() - none.ttft().p50() + 0.02);
    // two replicas, two front ends: half the wait
    SimulationResult two = ServingSimulator.calibrated().simulate(b.replicas(2).build());
    SimulationResult twoNone = ServingSimulator.calibrated().simulate(b.frontendSecondsPerRequest(0).build());
    assertThat(two.ttft().p50() - twoNone.ttft().p50()).isCloseTo(0.5, within(0.02));
    SimulationResult sparse = ServingSimulator.calibrated().simulate(load(0.05, 2_000).build());
    SimulationResult sparseHeld = ServingSimulator.calibrated().simulate(load(0.05, 2_000)
        .frontendSecondsPerRequest(0.003).build());
    assertThat(sparseHeld.ttft().p50() - sparse.ttft().p50()).isCloseTo(0.003, within(0.0005));
    assertThat(sparseHeld.assumptions()).anyMatch(a -> a.startsWith("API front end: 3 ms of CPU per request"));
    assertThatThrownBy(() -> b.frontendSecondsPerRequest(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("frontendSecondsPerRequest must be >= 0 and finite, was -1.0");
  }

  @Test
  void multiStepSchedulingHoldsNewRequestsToTheEndOfTheDecodeWindow() {
    // s15b: vLLM V0's num_scheduler_steps n admits requests only when the window of n decode steps has run out, so a
    // request waits about (n - 1) / 2 decode steps more on average; the decode steps themselves are unchanged
    SimulationResult one = ServingSimulator.calibrated().simulate(load(4, 300).build());
    SimulationResult eight = ServingSimulator.calibrated().simulate(load(4, 300).schedulerSteps(8).build());
    double step = one.tpot().p50();
    double added = eight.ttft().mean() - one.ttft().mean();
    System.out.printf(Locale.ROOT, "multi-step 8: mean TTFT %.4f -> %.4f s (+%.2f decode steps of %.4f s); TPOT p50"
        + " %.4f -> %.4f s%n", one.ttft().mean(), eight.ttft().mean(), added / step, step, one.tpot().p50(),
        eight.tpot().p50());
    assertThat(eight.completed()).isEqualTo(one.completed());
    assertThat(added).isBetween(2.0 * step, 6.0 * step);
    assertThat(eight.tpot().p50()).isCloseTo(one.tpot().p50(), within(0.1 * one.tpot().p50()));
    assertThat(eight.assumptions()).anyMatch(a -> a.startsWith("multi-step scheduling (vLLM V0 num_scheduler_steps 8)"));
    assertThat(one.assumptions()).noneMatch(a -> a.startsWith("multi-step scheduling"));
    assertThatThrownBy(() -> load(4, 300).schedulerSteps(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("schedulerSteps must be in [1, 1024], was 0");
  }

  @Test
  void separatePrefillStallsTheDecodingSequencesAndIsAWindowOfOneStep() {
    // s15b: vLLM V0 without chunked prefill: a step that admits prompts prefills only them, so the decoding
    // sequences wait (TPOT up) while a new prompt no longer waits for the end of a multi-step decode window
    SimulationResult mixed = ServingSimulator.calibrated().simulate(load(4, 300).build());
    SimulationResult separate = ServingSimulator.calibrated().simulate(load(4, 300)
        .prefillScheduling(PrefillScheduling.SEPARATE).build());
    SimulationResult windowed = ServingSimulator.calibrated().simulate(load(4, 300)
        .prefillScheduling(PrefillScheduling.SEPARATE).schedulerSteps(8).build());
    System.out.printf(Locale.ROOT, "separate prefill: mean TTFT %.4f (mixed) / %.4f / %.4f s (8 steps); mean TPOT"
        + " %.5f / %.5f / %.5f s%n", mixed.ttft().mean(), separate.ttft().mean(), windowed.ttft().mean(),
        mixed.tpot().mean(), separate.tpot().mean(), windowed.tpot().mean());
    assertThat(separate.completed()).isEqualTo(mixed.completed());
    assertThat(windowed.completed()).isEqualTo(mixed.completed());
    assertThat(separate.tpot().mean()).isGreaterThan(mixed.tpot().mean());
    assertThat(windowed.ttft().mean()).isGreaterThan(separate.ttft().mean());
    assertThat(separate.assumptions()).anyMatch(a -> a.startsWith("separate prefill (vLLM V0 without chunked"));
    assertThatThrownBy(() -> load(4, 300).prefillScheduling(PrefillScheduling.SEPARATE)
        .disaggregation(Disaggregation.of(1, 1)).build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("schedulerSteps (1) and prefillScheduling (SEPARATE) apply to engines that prefill");
  }

  @Test
  void amdsPrefillGateHoldsBackToBackPrefillsUntilEnoughRequestsWait() {
    // s19f: AMD's MLPerf vLLM patch (VLLM_LLAMA2_MLPERF_SCHED): right after a scheduling point that passed, a prefill
    // needs minWaiting requests waiting, so a prompt that arrives during a prefill-only step waits for a decode window
    // instead of being prefilled in the next step; minWaiting 0 with no running or block limit is the plain engine
    ServingSimulation.Builder windowed = load(4, 300).prefillScheduling(PrefillScheduling.SEPARATE).schedulerSteps(8);
    SimulationResult plain = ServingSimulator.calibrated().simulate(windowed.build());
    SimulationResult open = ServingSimulator.calibrated().simulate(windowed.prefillGate(PrefillGate.of(1_000_000, 0,
        0)).build());
    SimulationResult gated = ServingSimulator.calibrated().simulate(windowed.prefillGate(PrefillGate.of(1_000_000, 0,
        8)).build());
    System.out.printf(Locale.ROOT, "prefill gate: mean TTFT %.4f (none) / %.4f (minWaiting 0) / %.4f s (minWaiting"
        + " 8); mean TPOT %.5f / %.5f / %.5f s%n", plain.ttft().mean(), open.ttft().mean(), gated.ttft().mean(),
        plain.tpot().mean(), open.tpot().mean(), gated.tpot().mean());
    assertThat(open.ttft().mean()).isEqualTo(plain.ttft().mean());
    assertThat(open.tpot().mean()).isEqualTo(plain.tpot().mean());
    assertThat(gated.completed()).isEqualTo(plain.completed());
    assertThat(gated.ttft().mean()).isGreaterThan(plain.ttft().mean());
    assertThat(gated.assumptions()).anyMatch(a -> a.startsWith("prefill gate (AMD MLPerf vLLM patch"));
    assertThat(plain.assumptions()).noneMatch(a -> a.startsWith("prefill gate"));
    assertThatThrownBy(() -> load(4, 300).prefillGate(PrefillGate.of(608, 0, 8)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("prefillGate (PrefillGate[maxRunning=608, minFreeBlocks=0, minWaiting=8]) needs prefillScheduling"
            + " SEPARATE, was MIXED");
    assertThatThrownBy(() -> PrefillGate.of(0, 0, 8)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("prefillGate maxRunning must be in [1, 1000000], was 0");
    assertThatThrownBy(() -> PrefillGate.of(608, -1, 8)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("prefillGate minFreeBlocks must be >= 0, was -1");
    assertThatThrownBy(() -> PrefillGate.of(608, 0, -1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("prefillGate minWaiting must be in [0, 1000000], was -1");
  }

  @Test
  void theOverlapSchedulerAdmitsARequestArrivingDuringAStepOneStepLater() {
    // s16a: TensorRT-LLM's _executor_loop_overlap schedules the next step while the GPU runs the current one, so a
    // request arriving during a step misses the step already scheduled: about one step more TTFT on a busy engine,
    // nothing on an idle one, and the decode steps themselves unchanged
    SimulationResult plain = ServingSimulator.calibrated().simulate(load(4, 300).build());
    SimulationResult overlap = ServingSimulator.calibrated().simulate(load(4, 300).overlapScheduler(true).build());
    double step = plain.tpot().p50();
    double added = overlap.ttft().mean() - plain.ttft().mean();
    SimulationResult idle = ServingSimulator.calibrated().simulate(load(0.01, 20_000).build());
    SimulationResult idleOverlap = ServingSimulator.calibrated().simulate(load(0.01, 20_000).overlapScheduler(true)
        .build());
    System.out.printf(Locale.ROOT, "overlap scheduler: mean TTFT %.4f -> %.4f s (+%.2f decode steps of %.4f s); TPOT"
        + " p50 %.4f -> %.4f s; at 0.01 req/s %.4f -> %.4f s%n", plain.ttft().mean(), overlap.ttft().mean(),
        added / step, step, plain.tpot().p50(), overlap.tpot().p50(), idle.ttft().mean(), idleOverlap.ttft().mean());
    assertThat(overlap.completed()).isEqualTo(plain.completed());
    assertThat(added).isBetween(0.5 * step, 2.5 * step);
    assertThat(overlap.tpot().p50()).isCloseTo(plain.tpot().p50(), within(0.05 * plain.tpot().p50()));
    assertThat(idleOverlap.ttft().mean() - idle.ttft().mean()).isBetween(0.0, 0.1 * step);
    assertThat(overlap.assumptions()).anyMatch(a -> a.startsWith("overlap scheduler (TensorRT-LLM PyTorch executor"));
    assertThat(plain.assumptions()).noneMatch(a -> a.startsWith("overlap scheduler"));
    assertThatThrownBy(() -> load(4, 300).overlapScheduler(true).schedulerSteps(8).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("overlapScheduler (true) is simulated on an engine that prefills and decodes in one stage, was"
            + " schedulerSteps 8, prefillScheduling MIXED");
  }
}
