package dev.llmcost.costmodel.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import dev.llmcost.costmodel.inference.MultiSourceInferenceValidationTest.Compared;
import dev.llmcost.costmodel.serving.DeploymentRate;
import dev.llmcost.costmodel.serving.Router;
import dev.llmcost.costmodel.serving.ServingSimulator;
import dev.llmcost.costmodel.serving.SimulationResult;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Checks of the mapping of the MLPerf Server/Interactive latency rows to the serving simulator ({@link
 * MlperfServingRun}, s13m): the simulator's decode step is the inference model's, every row with limits is
 * mapped, and the runs are deterministic and serve their requests.
 */
class MlperfServingRunTest {

  private static final InferenceCostModel MODEL = InferenceCostModel.calibrated();

  private static List<Compared> rows() {
    return MultiSourceInferenceValidationTest.map(MultiSourceInferenceValidationTest.read("inference-multi-source.csv"))
        .compared().stream().filter(MlperfServingRun::applies).toList();
  }

  @Test
  void everyConfiguredSystemAndScenarioIsSimulated() {
    List<Compared> rows = rows();
    // 17 Server/Interactive systems of v5.1 with a config-read TP, one TTFT and one TPOT row each; s14n: + 7 of
    // v5.0 and 2 of v4.1 with the engine limits read and pp 1 (MlperfServingRun.WITHOUT_LIMITS: the other 7); s15f:
    // + the 2 pipeline-parallel v5.0 systems (WITHOUT_LIMITS: the other 5); s18i: + the v4.1 NVIDIA H100 x8 and H200 x8
    // Llama 2 systems, their base config's max_num_tokens read (WITHOUT_LIMITS: the other 3); s18k: + the v4.1 AMD
    // MI300X Llama 2 system, run whole behind its harness batcher (WITHOUT_LIMITS: the other 2)
    assertThat(rows).hasSize(62);
    assertThat(rows.stream().map(c -> MlperfServingRun.key(c).orElseThrow()).distinct().count())
        .isEqualTo(MlperfServingRun.LIMITS.size());
  }

  /**
   * s18a: every simulated system runs as long as its own loadgen run ({@link LoadgenRunLength}): each has the settings
   * its log prints, the row's rate times its instances is the log's {@code target_qps}, loadgen's rule gives the
   * query count of every detail log read ({@code generated_query_count}), and the run's span is within 1% of the log's
   * last scheduled query (a Poisson draw of that many arrivals). Printed: the settings, the rule's queries and
   * seconds, and the log's.
   */
  @Test
  void everySystemRunsAsLongAsItsLoadgenRun() {
    StringBuilder sb = new StringBuilder("MLPerf serving (s18a): each system's loadgen run, the simulated runs'"
        + " length\n");
    assertThat(LoadgenRunLength.BY_KEY.keySet()).containsExactlyInAnyOrderElementsOf(MlperfServingRun.LIMITS.keySet());
    for (Compared c : rows()) {
      if (c.metric() != MultiSourceInferenceValidationTest.Metric.TTFT) {
        continue;
      }
      String k = MlperfServingRun.key(c).orElseThrow();
      LoadgenRunLength l = LoadgenRunLength.BY_KEY.get(k);
      assertThat(c.rate() * c.instances()).as(k).isCloseTo(l.targetQps(), withPercentage(1e-6));
      if (l.logged().isPresent()) {
        assertThat(l.queries()).as(k).isEqualTo(l.logged().getAsLong());
        assertThat(l.seconds()).as(k).isCloseTo(l.loggedSeconds(), withPercentage(1));
      }
      assertThat(MlperfServingRun.duration(c)).as(k).isEqualTo(l.seconds());
      sb.append(String.format(Locale.ROOT, "  %-74s %s%n", k, MlperfServingRun.runLength(c)));
    }
    System.out.println(sb);
  }

  /**
   * s14l: NVIDIA's DeepSeek-R1 harness serves its Offline scenario through the same {@code trtllm-serve --backend
   * pytorch} as its Server scenario ({@link MlperfServingRun#pytorchBackend}), so each Offline row's engine has the
   * host loop the Server row's simulated engine has: the same {@link ServingOverheads}.
   */
  @Test
  void deepSeekR1OfflineRowsHaveTheServerRowsHostLoop() {
    List<Compared> all = MultiSourceInferenceValidationTest.map(
        MultiSourceInferenceValidationTest.read("inference-multi-source.csv")).compared();
    int offline = 0;
    for (Compared off : all) {
      String id = off.row().id();
      if (!id.startsWith("mlp51-nvidia") || !id.contains("_trt-deepseek-r1-offline")) {
        continue;
      }
      String system = id.substring(0, id.indexOf("-offline"));
      Compared server = all.stream()
          .filter(c -> MlperfServingRun.applies(c) && c.row().id().startsWith(system + "-server-"))
          .findFirst().orElseThrow(() -> new AssertionError(id + ": no Server latency row of " + system));
      ServingOverheads served = MlperfServingRun.run(server, MODEL).simulation().engine().overheads();
      assertThat(off.hostCost()).as(id).isTrue();
      assertThat(served.hostSecondsPerSequence()).as(server.row().id()).isPositive();
      assertThat(off.scenario(MODEL, 1).overheads()).as(id).isEqualTo(served);
      offline++;
    }
    assertThat(offline).isEqualTo(2); // B200 x8 and GB200 NVL72
  }

  /**
   * The simulator's decode-only step ({@link ServingSimulator#stepSeconds}) against the inference model's decode
   * step ({@link InferenceCostModel#decodeStep}) for each simulated engine at the batch its run held on average
   * and the dataset's mean context: both are the roofline's pass ({@code StepCost} tabulates {@code
   * Roofline.forward}), so they agree to the attention table's interpolation (every 16 tokens of context). s15f:
   * with {@code pp} stages the inference model's step is {@code pp} passes of one micro-batch of {@code b / pp}
   * sequences (s14o), the time between a sequence's tokens in the simulator's pipeline, so the simulator's pass of
   * {@code b / pp} sequences is taken {@code pp} times.
   */
  @Test
  void theSimulatorsDecodeStepIsTheInferenceModels() {
    StringBuilder sb = new StringBuilder("MLPerf serving runs (s13m): simulator decode step vs infer's decode step\n");
    for (Compared c : rows()) {
      if (c.metric() != MultiSourceInferenceValidationTest.Metric.TTFT) {
        continue;
      }
      int b = 64;
      long context = c.input() + c.output() / 2;
      double infer = MODEL.decodeStep(c.scenario(MODEL, b), context).seconds();
      int pp = c.scenario(MODEL, 1).pp();
      double sim = pp * ServingSimulator.of(MODEL).stepSeconds(c.scenario(MODEL, 1), 0, b / pp, context);
      sb.append(String.format(Locale.ROOT, "  %-80s b %d ctx %6d: infer %.4f ms, simulator %.4f ms (%+.3f%%)%n",
          c.row().id(), b, context, infer * 1e3, sim * 1e3, 100 * (sim / infer - 1)));
      assertThat(sim).as(c.row().id()).isCloseTo(infer, withPercentage(1));
    }
    System.out.println(sb);
  }

  /**
   * What-if, printed only: each system's simulated mean TTFT and TPOT at 70%, 80%, 90% and 100% of its {@code
   * target_qps}, against loadgen's means at 100%. Where the measured TTFT is reached only below the target, the
   * modelled engine is that much slower than the real one at the operating point; where the simulated TTFT stays
   * below the measured one at the target, it is faster.
   */
  @Test
  void latencyAgainstTheFractionOfTheTargetRateIsPrinted() {
    StringBuilder sb = new StringBuilder("MLPerf serving runs (s13m what-if): simulated mean TTFT / TPOT (s) at a"
        + " fraction of target_qps, per instance; measured at 100%\n");
    double[] fractions = {0.7, 0.8, 0.9, 1.0};
    for (Compared c : rows()) {
      if (c.metric() != MultiSourceInferenceValidationTest.Metric.TTFT) {
        continue;
      }
      Compared tpot = rows().stream().filter(o -> o.metric() == MultiSourceInferenceValidationTest.Metric.TPOT
          && MlperfServingRun.key(o).equals(MlperfServingRun.key(c))).findFirst().orElseThrow();
      sb.append(String.format(Locale.ROOT, "  %-74s measured %7.3f / %6.4f;", MlperfServingRun.key(c).orElseThrow(),
          c.row().value(), tpot.row().value()));
      for (double f : fractions) {
        SimulationResult r = MlperfServingRun.runAt(c, MODEL, f * c.rate());
        assertThat(r.ttft().mean()).as(c.row().id()).isFinite().isPositive();
        sb.append(String.format(Locale.ROOT, "  %3.0f%% %7.3f / %6.4f", 100 * f, r.ttft().mean(), r.tpot().mean()));
      }
      sb.append('\n');
    }
    System.out.println(sb);
  }

  /**
   * The runs at {@code target_qps ÷ N} (s13m, printed) and at the model's own operating point (s14a, compared) serve
   * every request; the compared run is the rate search's run at its highest passing rate, so it is within loadgen's
   * P99 limits at that rate, and the compared mean is its mean.
   */
  @Test
  void runsAreDeterministicAndServeTheirRequests() {
    for (Compared c : rows()) {
      SimulationResult r = MlperfServingRun.run(c, MODEL);
      assertThat(r.completed()).as(c.row().id()).isEqualTo(r.requests());
      assertThat(r.ttft().mean()).as(c.row().id()).isFinite().isPositive();
      assertThat(r.tpot().mean()).as(c.row().id()).isFinite().isPositive();
      SimulationResult op = MlperfServingRun.atOperatingPoint(c, MODEL);
      MlperfServingRun.Objectives o = MlperfServingRun.objectives(c);
      assertThat(op.completed()).as(c.row().id()).isEqualTo(op.requests());
      assertThat(op.simulation().arrivals().requestsPerSecond()).as(c.row().id())
          .isEqualTo(MlperfServingRun.capacity(c, MODEL).maxRequestsPerSecond());
      assertThat(op.ttft().p99()).as(c.row().id()).isLessThanOrEqualTo(o.ttftSeconds());
      assertThat(op.tpot().p99()).as(c.row().id()).isLessThanOrEqualTo(o.tpotSeconds());
      double mean = c.metric() == MultiSourceInferenceValidationTest.Metric.TTFT ? op.ttft().mean() : op.tpot().mean();
      assertThat(MlperfServingRun.predict(c, MODEL)).as(c.row().id()).isEqualTo(mean);
      assertThat(c.predict(MODEL)).as(c.row().id()).isEqualTo(mean);
    }
    Compared first = rows().get(0);
    // another model instance of the same calibration runs it again from the seed: the same means
    assertThat(MlperfServingRun.predict(first, InferenceCostModel.of(MODEL.calibration())))
        .isEqualTo(MlperfServingRun.predict(first, MODEL));
  }

  private static List<Compared> throughputRows() {
    return MultiSourceInferenceValidationTest.map(MultiSourceInferenceValidationTest.read("inference-multi-source.csv"))
        .compared().stream().filter(MlperfServingRun::measuresCapacity).toList();
  }

  /**
   * s13p: the 17 Server/Interactive throughput rows against the rate search's capacity (the highest Poisson rate
   * per instance within loadgen's P99 TTFT and P99 TPOT limits, {@link MlperfServingRun#capacity}), printed with
   * the measured {@code target_qps ÷ N}; every row has limits, a positive capacity and a search within the
   * bisection's 40 simulations. The run time of the searches is printed, not asserted.
   */
  @Test
  void everyThroughputRowHasACapacity() {
    List<Compared> rows = throughputRows();
    assertThat(rows).hasSize(MlperfServingRun.LIMITS.size());
    StringBuilder sb = new StringBuilder("MLPerf capacity (s13p): highest Poisson rate per instance within loadgen's"
        + " P99 TTFT / P99 TPOT limits vs target_qps / N\n");
    // a model instance of its own, so that the searches run here (not cached by the table's mapping) and are timed
    InferenceCostModel fresh = InferenceCostModel.of(MODEL.calibration());
    long t0 = System.nanoTime();
    for (Compared c : rows) {
      long t = System.nanoTime();
      DeploymentRate d = MlperfServingRun.capacity(c, fresh);
      assertThat(d.maxRequestsPerSecond()).as(c.row().id())
          .isEqualTo(MlperfServingRun.capacity(c, MODEL).maxRequestsPerSecond());
      MlperfServingRun.Objectives o = MlperfServingRun.objectives(c);
      assertThat(d.maxRequestsPerSecond()).as(c.row().id()).isFinite().isPositive();
      assertThat(d.simulations()).as(c.row().id()).isBetween(2, 40);
      SimulationResult at = d.atMax().orElseThrow();
      assertThat(at.ttft().p99()).as(c.row().id()).isLessThanOrEqualTo(o.ttftSeconds());
      assertThat(at.tpot().p99()).as(c.row().id()).isLessThanOrEqualTo(o.tpotSeconds());
      double predicted = c.predict(MODEL);
      sb.append(String.format(Locale.ROOT, "  %-74s target %8.4g max %8.4g req/s (%+6.1f%%); tok/s %9.0f vs %9.0f"
          + " (%+6.1f%%); at max P99 TTFT %6.3f / %5.3f s, P99 TPOT %6.4f / %5.3f s, mean in system %5.0f, %d"
          + " preemptions, %d KV blocks; %2d sims, %.2f s%n", MlperfServingRun.key(c).orElseThrow(), c.rate(),
          d.maxRequestsPerSecond() / MlperfServingRun.instancesSimulated(c),
          100 * (d.maxRequestsPerSecond() / MlperfServingRun.instancesSimulated(c) / c.rate() - 1), predicted, c.row().value(),
          100 * (predicted / c.row().value() - 1), at.ttft().p99(), o.ttftSeconds(), at.tpot().p99(), o.tpotSeconds(),
          at.meanInSystem(), at.preemptions(), at.kvCacheBlocksPerReplica(), d.simulations(),
          (System.nanoTime() - t) / 1e9));
    }
    sb.append(String.format(Locale.ROOT, "  all rate searches: %.1f s%n", (System.nanoTime() - t0) / 1e9));
    // the lowest rate each search found outside the limits (the last trial that missed), and why
    for (Compared c : rows) {
      List<String> trail = MlperfServingRun.capacity(c, MODEL).trail();
      String miss = "";
      for (String line : trail) {
        if (!line.endsWith(": meets")) {
          miss = line;
        }
      }
      sb.append(String.format(Locale.ROOT, "  %-74s above: %s%n", MlperfServingRun.key(c).orElseThrow(), miss));
    }
    System.out.println(sb);
  }

  /**
   * s13p, printed only: the inference model's decode step at the batch the measured run held, against the measured
   * mean TPOT. Little's law on the measured means gives the requests in flight per instance, {@code target_qps ÷ N
   * × (TTFT + (output − 1) × TPOT)} (printed per rank under attention data parallelism too); the model's decode step at that
   * batch and the mean context (input + output ÷ 2) is compared with the measured TPOT. This takes the simulated
   * run's own batch out of the comparison (a faster modelled step holds fewer requests, s13m).
   */
  @Test
  void decodeStepAtTheMeasuredBatchIsPrinted() {
    List<Compared> all = rows();
    StringBuilder sb = new StringBuilder("MLPerf serving (s13p): model decode step at the measured run's batch"
        + " (Little's law on the measured means) vs measured mean TPOT\n");
    for (Compared c : all) {
      if (c.metric() != MultiSourceInferenceValidationTest.Metric.TTFT) {
        continue;
      }
      Compared tpot = all.stream().filter(o -> o.metric() == MultiSourceInferenceValidationTest.Metric.TPOT
          && MlperfServingRun.key(o).equals(MlperfServingRun.key(c))).findFirst().orElseThrow();
      double inFlight = c.rate() * (c.row().value() + (c.output() - 1) * tpot.row().value());
      int ranks = c.attentionDp() ? c.tp() : 1;
      int batch = (int) Math.max(1, Math.round(inFlight));
      long context = c.input() + c.output() / 2;
      // under attention data parallelism the scenario's batch is the engine's, spread over its ranks
      // (InferenceCostModel: ceil(batch / tp) rows per rank)
      double step = MODEL.decodeStep(c.scenario(MODEL, batch), context).seconds();
      // the prompt tokens that arrive per measured step, prefilled in the same pass (chunked prefill)
      int prefill = (int) Math.round(c.rate() * c.input() * tpot.row().value());
      double mixed = ServingSimulator.of(MODEL).stepSeconds(c.scenario(MODEL, 1), prefill, batch, context);
      assertThat(step).as(c.row().id()).isFinite().isPositive();
      assertThat(mixed).as(c.row().id()).isGreaterThanOrEqualTo(step * 0.99);
      sb.append(String.format(Locale.ROOT, "  %-74s in flight %6.0f (%.0f per %s), ctx %5d: decode step %.4f s"
          + " (%+6.1f%%), with %5d prompt tokens %.4f s (%+6.1f%%) vs TPOT %.4f s%n",
          MlperfServingRun.key(c).orElseThrow(), inFlight, inFlight / ranks, ranks > 1 ? "rank" : "instance", context,
          step, 100 * (step / tpot.row().value() - 1), prefill, mixed, 100 * (mixed / tpot.row().value() - 1),
          tpot.row().value()));
      String k = MlperfServingRun.key(c).orElseThrow();
      if (MlperfServingRun.LATENCY_NS.containsKey(k)) {
        // s17a: the sequences in flight at the log's long-tailed output lengths are further into their outputs
        long biased = c.input() + Math.round(MlperfServingRun.meanDecodedInFlight(c, k));
        double longer = MODEL.decodeStep(c.scenario(MODEL, batch), biased).seconds();
        assertThat(longer).as(c.row().id()).isGreaterThanOrEqualTo(step);
        sb.append(String.format(Locale.ROOT, "  %-74s   s17a: outputs drawn from the log's latency percentiles, ctx"
            + " in flight %5d: decode step %.4f s (%+6.1f%%)%n", "", biased, longer,
            100 * (longer / tpot.row().value() - 1)));
      }
      if (c.attentionDp() && c.communication() == dev.llmcost.costmodel.inference.ExpertCommunication.ALL_GATHER) {
        // what-if: the expert exchange the DeepSeek-R1 configs name (moe_backend WIDEEP,
        // TRTLLM_MOE_ENABLE_ALLTOALL_WITHOUT_ALLGATHER=1) instead of the mapping's all-gather + reduce-scatter
        Compared a2a = new Compared(c.row(), c.model(), c.accelerator(), c.tp(), c.pp(), c.instances(), c.ep(),
            c.attentionDp(), c.weights(), c.kvCache(), c.input(), c.output(), c.point(), c.batch(), c.rate(),
            c.metric(), c.how(), c.imbalance(), c.hostCost(), dev.llmcost.costmodel.inference.ExpertCommunication.ALL_TO_ALL,
            c.attention());
        double a2aMixed = ServingSimulator.of(MODEL).stepSeconds(a2a.scenario(MODEL, 1), prefill, batch, context);
        sb.append(String.format(Locale.ROOT, "  %-74s   what-if all-to-all: with prompt tokens %.4f s (%+6.1f%%)%n", "",
            a2aMixed, 100 * (a2aMixed / tpot.row().value() - 1)));
      }
    }
    System.out.println(sb);
  }

  /**
   * s13p what-if, printed only: the capacity per instance when the system's instances share one Poisson stream as
   * the harness dispatches it ({@link MlperfServingRun#capacityAsDispatched}: NVIDIA Server fewest pending, NVIDIA
   * Interactive round-robin, AMD balanced), against the compared per-instance capacity and {@code target_qps ÷ N}.
   */
  @Test
  void capacityAsTheHarnessDispatchesIsPrinted() {
    StringBuilder sb = new StringBuilder("MLPerf capacity (s13p what-if): per instance, independent Poisson vs as the"
        + " harness dispatches, against target_qps / N\n");
    long t0 = System.nanoTime();
    for (Compared c : throughputRows()) {
      long t = System.nanoTime();
      double own = MlperfServingRun.maxRatePerInstance(c, MODEL);
      DeploymentRate d = MlperfServingRun.capacityAsDispatched(c, MODEL);
      // a system already run whole (s18k batcher, s20c disaggregated) is the system's rate, as is fewest-outstanding
      boolean whole = MlperfServingRun.dispatch(c) == Router.LEAST_OUTSTANDING && c.instances() > 1
          || MlperfServingRun.instancesSimulated(c) > 1;
      double shared = d.maxRequestsPerSecond() / (whole ? c.instances() : 1);
      assertThat(shared).as(c.row().id()).isFinite().isPositive();
      sb.append(String.format(Locale.ROOT, "  %-74s N %2d %-17s target %8.4g; independent %8.4g (%+6.1f%%);"
          + " dispatched %8.4g (%+6.1f%%); %.2f s%n", MlperfServingRun.key(c).orElseThrow(), c.instances(),
          MlperfServingRun.dispatch(c), c.rate(), own, 100 * (own / c.rate() - 1), shared,
          100 * (shared / c.rate() - 1), (System.nanoTime() - t) / 1e9));
    }
    sb.append(String.format(Locale.ROOT, "  all: %.1f s%n", (System.nanoTime() - t0) / 1e9));
    System.out.println(sb);
  }

  /**
   * s16a, printed only: each simulated system's mean TTFT at the model's MLPerf operating point (the compared run,
   * s14a) taken apart, against loadgen's means. The simulator counts a request's TTFT from its Poisson arrival (as
   * loadgen does from the query's {@code scheduled_time}) to the end of the step that prefills its last prompt
   * token, the step that starts after it arrives at the earliest (TensorRT-LLM's C++ executor fetches new requests
   * between iterations: {@code Executor::Impl::executionLoop} runs {@code forwardSync}, {@code
   * populateNewResponses}, {@code enqueueNewResponses}, then {@code fetchNewRequests} and {@code forwardAsync};
   * inference-multi-source.md, s16a). Parts: the queued wait (arrival to the step that admits the request), by
   * Little's law on the run's sampled waiting requests over its arrival rate; the rest, admission to the first token
   * (the admitting step and, with chunked context, the further steps of the prompt). The last columns set the TTFT
   * against the TPOT: the model's TTFT in its own mean TPOTs against the measured TTFT in measured TPOTs, and the
   * TTFT error left once the step-time error (the TPOT error) is taken out.
   */
  @Test
  void ttftAtTheOperatingPointIsTakenApart() {
    List<Compared> all = rows();
    StringBuilder sb = new StringBuilder("MLPerf serving (s16a): mean TTFT at the model's operating point taken apart"
        + " (queued wait by Little's law, then admission to first token) vs loadgen's means\n");
    for (Compared c : all) {
      if (c.metric() != MultiSourceInferenceValidationTest.Metric.TTFT) {
        continue;
      }
      Compared tpot = all.stream().filter(o -> o.metric() == MultiSourceInferenceValidationTest.Metric.TPOT
          && MlperfServingRun.key(o).equals(MlperfServingRun.key(c))).findFirst().orElseThrow();
      SimulationResult op = MlperfServingRun.atOperatingPoint(c, MODEL);
      double arrivals = op.requests() / op.simulation().durationSeconds();
      double waiting = op.series().stream().mapToInt(dev.llmcost.costmodel.serving.OccupancySample::waiting)
          .average().orElse(0);
      double queued = waiting / arrivals;
      double ttft = op.ttft().mean();
      double step = op.tpot().mean();
      double measuredTtft = c.row().value();
      double measuredTpot = tpot.row().value();
      assertThat(queued).as(c.row().id()).isFinite().isGreaterThanOrEqualTo(0);
      assertThat(ttft).as(c.row().id()).isFinite().isPositive();
      sb.append(String.format(Locale.ROOT, "  %-70s %7.4g req/s: TTFT %.4f s (%+6.1f%%) = queued %.4f + admitted to"
          + " first token %.4f; TPOT %.4f s (%+6.1f%%); TTFT/TPOT model %5.1f, measured %5.1f; TTFT error at the"
          + " measured step %+6.1f%%%n", MlperfServingRun.key(c).orElseThrow(), arrivals, ttft,
          100 * (ttft / measuredTtft - 1), queued, ttft - queued, step, 100 * (step / measuredTpot - 1), ttft / step,
          measuredTtft / measuredTpot, 100 * ((ttft / step) / (measuredTtft / measuredTpot) - 1)));
    }
    System.out.println(sb);
  }

  /**
   * s16a, printed only: the ShareGPT online TTFT rows of SGLang 0.3.0 and vLLM 0.6.0 (sglang-vllm060-readme, steady
   * state with prefills apart, s12n) taken apart: the wait for the scheduling point (half a window of {@code
   * --num-scheduler-steps} cycles, one cycle for SGLang) and the prefill iteration that carries the prompt; then the
   * TTFT had the window been of the measured TPOT (the median TPOT stands in for the cycle), the share of the TTFT
   * error that the step-time error explains.
   */
  /**
   * s17b: the compared run at the model's operating point (s14a) of every simulated system, printed with what the
   * harness configured: the rate and its ratio to {@code target_qps ÷ N}, the P99s against loadgen's limits, the run's
   * length, the mean and largest number of running sequences against the sequence limit, and the prompt tokens per
   * step (every request's prompt over the run's steps) against the token budget.
   */
  @Test
  void theOperatingPointRunIsPrintedAgainstTheEngineLimits() {
    StringBuilder sb = new StringBuilder("MLPerf serving (s17b): the run at the model's operating point against the"
        + " engine's limits and loadgen's P99 limits\n");
    for (Compared c : rows()) {
      if (c.metric() != MultiSourceInferenceValidationTest.Metric.TTFT) {
        continue;
      }
      SimulationResult op = MlperfServingRun.atOperatingPoint(c, MODEL);
      MlperfServingRun.Objectives o = MlperfServingRun.objectives(c);
      double rate = MlperfServingRun.maxRatePerInstance(c, MODEL);
      double meanRunning = op.series().stream().mapToInt(dev.llmcost.costmodel.serving.OccupancySample::running)
          .average().orElse(0);
      int maxRunning = op.series().stream().mapToInt(dev.llmcost.costmodel.serving.OccupancySample::running)
          .max().orElse(0);
      double promptPerStep = op.requests() * op.simulation().input().mean() / op.steps();
      assertThat(op.ttft().p99()).as(c.row().id()).isLessThanOrEqualTo(o.ttftSeconds());
      assertThat(op.tpot().p99()).as(c.row().id()).isLessThanOrEqualTo(o.tpotSeconds());
      // the limits are a micro-batch's under pipeline parallelism, pp micro-batches in flight (s15f)
      // s18k: a batched system's run holds its N instances, the series their sum
      assertThat(maxRunning).as(c.row().id())
          .isLessThanOrEqualTo(op.maxNumSeqs() * c.pp() * MlperfServingRun.instancesSimulated(c));
      assertThat(promptPerStep).as(c.row().id()).isPositive().isLessThanOrEqualTo(op.maxBatchedTokens() * c.pp());
      sb.append(String.format(Locale.ROOT, "  %-70s %7.4g req/s (%.3f of target_qps / N), %5.0f s; P99 TTFT %.3f /"
          + " %.3f s, P99 TPOT %.4f / %.3f s; running mean %6.0f, max %5d of %5d; prompt tokens per step %6.0f of"
          + " %6d%s; %d preemptions%n", MlperfServingRun.key(c).orElseThrow(), rate, rate / c.rate(),
          op.simulation().durationSeconds(), op.ttft().p99(), o.ttftSeconds(), op.tpot().p99(), o.tpotSeconds(),
          meanRunning, maxRunning, op.maxNumSeqs(), promptPerStep, op.maxBatchedTokens(),
          c.pp() > 1 ? " (per micro-batch, pp " + c.pp() + ")" : "", op.preemptions()));
    }
    System.out.println(sb);
  }

  @Test
  void shareGptTtftIsTakenApart() {
    List<Compared> all = MultiSourceInferenceValidationTest.map(
        MultiSourceInferenceValidationTest.read("inference-multi-source.csv")).compared();
    StringBuilder sb = new StringBuilder("ShareGPT online rows (s16a): steady-state TTFT taken apart vs the measured"
        + " medians\n");
    int n = 0;
    for (Compared c : all) {
      if (!c.row().group().equals("sglang-vllm060-readme")
          || c.metric() != MultiSourceInferenceValidationTest.Metric.TTFT) {
        continue;
      }
      Compared tpot = all.stream().filter(o -> o.metric() == MultiSourceInferenceValidationTest.Metric.TPOT
          && o.row().group().equals(c.row().group()) && o.row().engine().equals(c.row().engine())
          && o.rate() == c.rate() && o.tp() == c.tp() && o.row().model().equals(c.row().model()))
          .findFirst().orElseThrow();
      SteadyLoad load = MODEL.atRequestRate(c.scenario(MODEL, 1), c.rate(), c.schedulerSteps(), c.prefillScheduling());
      double window = c.schedulerSteps() * load.itlSeconds() / 2;
      double prefill = load.ttftSeconds() - window;
      double measuredTtft = c.row().value();
      double measuredTpot = tpot.row().value();
      double atMeasuredStep = c.schedulerSteps() * measuredTpot / 2 + prefill;
      assertThat(prefill).as(c.row().id()).isPositive();
      sb.append(String.format(Locale.ROOT, "  %-58s TTFT %.2f ms (%+6.1f%%) = window wait %.2f (%d steps) + prefill"
          + " iteration %.2f; cycle %.2f ms vs median TPOT %.2f (%+6.1f%%); at the measured TPOT %.2f ms (%+6.1f%%)%n",
          c.row().id(), load.ttftSeconds() * 1e3, 100 * (load.ttftSeconds() / measuredTtft - 1), window * 1e3,
          c.schedulerSteps(), prefill * 1e3, load.itlSeconds() * 1e3, measuredTpot * 1e3,
          100 * (load.itlSeconds() / measuredTpot - 1), atMeasuredStep * 1e3,
          100 * (atMeasuredStep / measuredTtft - 1)));
      n++;
    }
    assertThat(n).isEqualTo(8);
    System.out.println(sb);
  }

  /**
   * s19d, a what-if, printed only: the v4.1 AMD MI300X Llama 2 Server run (vLLM 0.4.3, whole behind its harness
   * batcher, s18k) with a serial host time added to every engine step ({@link
   * MlperfServingRun#capacityWithHostStep}): the model's operating point, its mean and percentile TPOT and TTFT, and
   * the TPOT at {@code target_qps ÷ N}, against the run's log. The added times span what vLLM's developers reported
   * for upstream V0 engines of mid-2024, on other models and GPUs: "5-13ms of GPU bubble" per decode step
   * (vllm-project/vllm issue 6854, 2024-07-26) and "When BS is 200, all this together can be 20ms" (sampling, input
   * preparation, output processing and scheduling; issue 6801, comment of 2024-08-08). AMD's build (ROCm/vllm
   * 799388d7 with PR 104 cherry-picked, closed/AMD/docker/build_llama2.sh lines 3 and 14) publishes no such figure,
   * so no row is mapped with one. Measured (mlcommons/inference_results_v4.1 @ 198fc467, closed/AMD/results/
   * 8xMI300X_2xEPYC-9374F/llama2-70b-99/Server/performance/run_1/mlperf_log_summary.txt lines 46-48 and 51): TPOT
   * mean 0.1431 s, 50th percentile 0.1439, 90th 0.1759, 99th 0.1979.
   */
  @Test
  void v41AmdTpotAgainstASerialHostStepIsPrinted() {
    List<Compared> all = rows();
    Compared ttftRow = all.stream().filter(c -> c.metric() == MultiSourceInferenceValidationTest.Metric.TTFT
        && MlperfServingRun.key(c).orElseThrow().equals("mlp41-amd-8xmi300x-2xepyc-9374f-llama2-70b-99-server"))
        .findFirst().orElseThrow();
    StringBuilder sb = new StringBuilder("MLPerf serving (s19d, what-if): v4.1 AMD MI300X Llama 2 Server with a serial"
        + " host time per engine step; measured TTFT mean 1.006 s, TPOT mean 0.1431 / p50 0.1439 / p90 0.1759 / p99"
        + " 0.1979 s, 21,028 tok/s (mlperf_log_summary.txt line 8)\n");
    double previous = Double.POSITIVE_INFINITY;
    for (double host : new double[] {0, 0.005, 0.013, 0.020}) {
      DeploymentRate d = MlperfServingRun.capacityWithHostStep(ttftRow, MODEL, host);
      SimulationResult op = d.atMax().orElseThrow();
      double rate = d.maxRequestsPerSecond() / MlperfServingRun.instancesSimulated(ttftRow);
      SimulationResult target = MlperfServingRun.runWithHostStep(ttftRow, MODEL, ttftRow.rate(), host);
      if (host == 0) {
        // no added time: the compared run itself
        assertThat(op.tpot().mean()).isEqualTo(MlperfServingRun.atOperatingPoint(ttftRow, MODEL).tpot().mean());
      }
      assertThat(op.tpot().p99()).isLessThanOrEqualTo(MlperfServingRun.objectives(ttftRow).tpotSeconds());
      // a slower step serves no more
      assertThat(rate).isLessThanOrEqualTo(previous);
      previous = rate;
      // the compared throughput row's figure (MlperfServingRun.predictCapacity): the rate times the mean output
      double tokens = rate * ttftRow.instances() * ttftRow.output();
      sb.append(String.format(Locale.ROOT, "  host %4.1f ms per step: operating point %.4f req/s per instance (%.3f"
          + " of target_qps / N), %6.0f tok/s (%+5.1f%%); TTFT mean %.3f s (%+5.1f%%); TPOT mean %.4f s (%+5.1f%%),"
          + " p50 %.4f, p90 %.4f, p99 %.4f; at target_qps / N TPOT mean %.4f s (%+5.1f%%)%n", host * 1e3, rate,
          rate / ttftRow.rate(), tokens, 100 * (tokens / 21028.23 - 1),
          op.ttft().mean(), 100 * (op.ttft().mean() / 1.006329670 - 1), op.tpot().mean(),
          100 * (op.tpot().mean() / 0.143097185 - 1), op.tpot().p50(), op.tpot().p90(), op.tpot().p99(),
          target.tpot().mean(), 100 * (target.tpot().mean() / 0.143097185 - 1)));
    }
    System.out.println(sb);
  }
}
