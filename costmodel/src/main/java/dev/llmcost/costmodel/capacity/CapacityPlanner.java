package dev.llmcost.costmodel.capacity;

import dev.llmcost.core.DataSize;
import dev.llmcost.core.Money;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ParameterCounts;
import dev.llmcost.costmodel.inference.InferenceCalibration;
import dev.llmcost.costmodel.inference.InferenceCostModel;
import dev.llmcost.costmodel.inference.ExpertCommunication;
import dev.llmcost.costmodel.inference.InferenceScenario;
import dev.llmcost.costmodel.inference.KvCacheSize;
import dev.llmcost.costmodel.internal.inference.ErlangC;
import dev.llmcost.costmodel.internal.inference.HourlyCost;
import dev.llmcost.costmodel.internal.inference.ServingConfig;
import dev.llmcost.costmodel.internal.serving.HostCost;
import dev.llmcost.costmodel.internal.serving.KvTransfer;
import dev.llmcost.costmodel.internal.serving.SteadyIterations;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Finds the GPUs, tensor-parallel degree, replicas and batch that serve a request rate within TTFT
 * and TPOT objectives at the lowest cost, with a steady-state analytic model of continuous
 * batching (no simulation).
 *
 * <p>For each tensor-parallel degree the planner bounds the batch by memory and by the TPOT
 * objective (both monotone in the batch, found by bisection), evaluates a geometric grid of
 * batches up to that bound, and for each takes the fewest replicas whose queueing keeps the mean
 * TTFT within its objective. Thread-safe and immutable.
 */
public final class CapacityPlanner {

  private static final CapacityPlanner CALIBRATED = new CapacityPlanner(InferenceCostModel.calibrated());

  private final InferenceCostModel model;
  private volatile CountsCache counts = new CountsCache(null, null);

  private record CountsCache(@Nullable ModelArchitecture model, @Nullable ParameterCounts counts) {}

  private CapacityPlanner(InferenceCostModel model) {
    this.model = model;
  }

  /** Returns the planner over the calibrated inference model. */
  public static CapacityPlanner calibrated() {
    return CALIBRATED;
  }

  /**
   * Returns a planner over another inference model.
   *
   * @param model the inference model
   * @return the planner
   */
  public static CapacityPlanner of(InferenceCostModel model) {
    return new CapacityPlanner(model);
  }

  /**
   * Plans capacity for a load.
   *
   * @param r the load and objectives
   * @return the plan; {@link CapacityPlan#feasible()} is false when nothing meets the objectives
   */
  public CapacityPlan plan(CapacityRequest r) {
    return plan(r, false);
  }

  /**
   * Plans capacity evaluating every batch from 1 to the memory and TPOT bound instead of the
   * geometric grid: slower, for checking what the grid misses.
   *
   * @param r the load and objectives
   * @return the plan
   */
  public CapacityPlan planExhaustively(CapacityRequest r) {
    return plan(r, true);
  }

  private CapacityPlan plan(CapacityRequest r, boolean exhaustive) {
    ParameterCounts counts = counts(r.model());
    List<CapacityOption> options = new ArrayList<>();
    List<String> rejected = new ArrayList<>();
    int searched = 0;
    for (int tp : r.tpCandidates()) {
      InferenceScenario s;
      try {
        s = r.scenario(tp, 1);
      } catch (IllegalArgumentException e) {
        rejected.add("tp " + tp + ": " + e.getMessage());
        continue;
      }
      if (tp > r.accelerator().scaleUpDomain()) {
        rejected.add("tp " + tp + ": exceeds the scale-up domain of " + r.accelerator().scaleUpDomain()
            + " GPUs");
        continue;
      }
      ServingConfig c =
          new ServingConfig(s, model.calibration(), model.profile(r.accelerator()), counts);
      Search result = search(r, tp, s, c, exhaustive);
      searched += result.evaluated;
      if (result.best != null) {
        options.add(result.best);
      } else {
        rejected.add("tp " + tp + ": " + result.reason);
      }
    }
    options.sort(
        Comparator.comparingInt(CapacityOption::gpus)
            .thenComparingDouble(o -> o.ttftSeconds() + (r.outputTokens() - 1) * o.tpotSeconds()));
    return new CapacityPlan(r, options, rejected, searched, assumptions(r));
  }

  /**
   * Plans capacity with prefill and decode disaggregated (DistServe, Zhong et al. OSDI 2024;
   * Splitwise, Patel et al. ISCA 2024): separate pools of prefill and decode instances, each with
   * its own tensor-parallel degree from {@link CapacityRequest#tpCandidates()}, and the KV cache of
   * every prompt sent from the prefill to the decode instance over the interconnect.
   *
   * <p>A prefill instance prefills one prompt per pass ({@code T_p}); it is an M/M/1 queue, and the
   * pool has the fewest instances whose mean wait keeps {@code wait + T_p + T_kv + τ/2} within the
   * TTFT objective, {@code T_kv} being the prompt's KV cache over the link and {@code τ} a decode
   * iteration (the request joins the next one). A decode instance runs up to {@code b} sequences,
   * decode only, each iteration {@code τ(b)} at the mean context {@code input + output/2}; it is an
   * M/M/b queue of sequence slots held for {@code output − 1} iterations, and the pool has the
   * fewest instances whose mean wait for a slot is at most one iteration. For every pair of degrees
   * the decode batch is searched on the grid up to the memory and TPOT bounds; each pool is sized
   * for the same request rate, so the prefill:decode GPU ratio comes out of the search. The
   * cheapest pair (fewest GPUs, then lowest end-to-end latency) is returned with the co-located
   * plan ({@link #plan}) of the same request.
   *
   * @param r the load and objectives
   * @return the plan; {@link DisaggregatedPlan#feasible()} is false when no pair meets the objectives
   */
  public DisaggregatedPlan planDisaggregated(CapacityRequest r) {
    CapacityPlan colocated = plan(r);
    ParameterCounts counts = counts(r.model());
    int in = r.inputTokens();
    int o = r.outputTokens();
    List<String> rejected = new ArrayList<>();
    List<int[]> degrees = new ArrayList<>();
    List<ServingConfig> configs = new ArrayList<>();
    for (int tp : r.tpCandidates()) {
      InferenceScenario s;
      try {
        s = r.scenario(tp, 1);
      } catch (IllegalArgumentException e) {
        rejected.add("tp " + tp + ": " + e.getMessage());
        continue;
      }
      if (tp > r.accelerator().scaleUpDomain()) {
        rejected.add("tp " + tp + ": exceeds the scale-up domain of " + r.accelerator().scaleUpDomain() + " GPUs");
        continue;
      }
      ServingConfig c = new ServingConfig(s, model.calibration(), model.profile(r.accelerator()), counts);
      if (!c.steadyFits(1, in, o)) {
        rejected.add(String.format(Locale.ROOT, "tp %d: weights (%s per GPU) and one sequence do not fit %s", tp,
            c.steadyMemory(1, in, o).weights().toSiString(), c.steadyMemory(1, in, o).capacity().toSiString()));
        continue;
      }
      degrees.add(new int[] {tp});
      configs.add(c);
    }
    double context = in + o / 2.0;
    int searched = 0;
    // s21b: a fixed decode degree replaces the candidates on the decode side only; the prefill side keeps them
    List<Integer> decodeDegrees = new ArrayList<>();
    List<ServingConfig> decodeConfigs = new ArrayList<>();
    if (r.decodeTp().isPresent()) {
      int tp = r.decodeTp().getAsInt();
      ServingConfig c = new ServingConfig(r.scenario(tp, 1), model.calibration(), model.profile(r.accelerator()),
          counts); // the request's build checked that this degree builds and fits the scale-up domain
      if (c.steadyFits(1, in, o)) {
        decodeDegrees.add(tp);
        decodeConfigs.add(c);
      } else {
        rejected.add(String.format(Locale.ROOT, "decode tp %d: weights (%s per GPU) and one sequence do not fit %s",
            tp, c.steadyMemory(1, in, o).weights().toSiString(), c.steadyMemory(1, in, o).capacity().toSiString()));
      }
    } else {
      for (int i = 0; i < configs.size(); i++) {
        decodeDegrees.add(degrees.get(i)[0]);
        decodeConfigs.add(configs.get(i));
      }
    }
    // a decode step spends one token per sequence: the decode limits cap the batch at their sequences
    int decodeCap = r.decodeMaxNumSeqs().orElse(r.maxBatch());
    // the cheapest decode pool of each degree: independent of the prefill side
    DecodePool[] decode = new DecodePool[decodeConfigs.size()];
    for (int i = 0; i < decodeConfigs.size(); i++) {
      ServingConfig c = decodeConfigs.get(i);
      int tp = decodeDegrees.get(i);
      double tau1 = c.decodeIteration(1, context, null);
      if (r.tpotObjectiveApplies() && tau1 > r.tpotSloSeconds()) {
        rejected.add(String.format(Locale.ROOT, "decode tp %d: a decode step at batch 1 is %.1f ms, above the %.1f ms"
            + " TPOT objective", tp, tau1 * 1e3, r.tpotSloSeconds() * 1e3));
        continue;
      }
      int memoryMax = largest(1, decodeCap, b -> c.steadyFits(b, in, o));
      int high = !r.tpotObjectiveApplies() ? memoryMax
          : largest(1, memoryMax, b -> c.decodeIteration(b, context, null) <= r.tpotSloSeconds());
      DecodePool best = null;
      for (int b : grid(high)) {
        searched++;
        double tau = c.decodeIteration(b, context, null);
        double service = Math.max(1, o - 1) * tau;
        double offered = r.requestsPerSecond() * service;
        long n = fewest(b, offered, service, tau, Integer.MAX_VALUE / tp);
        if (n < 0) {
          continue;
        }
        int gpus = (int) (n * tp);
        if (best == null || gpus < best.gpus || (gpus == best.gpus && tau < best.tau)) {
          best = new DecodePool(tp, (int) n, b, tau, gpus, offered / n / b, c);
        }
      }
      if (best == null) {
        rejected.add("decode tp " + tp + ": requestsPerSecond " + trim(r.requestsPerSecond()) + " needs more than "
            + String.format(Locale.ROOT, "%,d", Integer.MAX_VALUE) + " GPUs at every batch up to " + high);
      }
      decode[i] = best;
    }
    DisaggregatedOption bestOption = null;
    DecodePool bestPool = null;
    double bestScore = Double.POSITIVE_INFINITY;
    for (int i = 0; i < configs.size(); i++) {
      ServingConfig p = configs.get(i);
      int tpP = degrees.get(i)[0];
      double prefill = p.prefillSeconds(1, in, null);
      long kvBytes = KvCacheSize.bytesPerSequence(r.model(), r.kvCache(), in);
      for (int j = 0; j < decode.length; j++) {
        DecodePool d = decode[j];
        if (d == null) {
          continue;
        }
        searched++;
        // NVLink only when the whole deployment fits one scale-up domain; else the network
        for (boolean scaleUp : new boolean[] {true, false}) {
          KvTransfer t = scaleUp
              ? KvTransfer.overScaleUp(r.accelerator(), p.profile(), tpP, d.tp)
              : KvTransfer.overNetwork(r.accelerator(), p.profile(), tpP, d.tp);
          if (t == null) {
            continue;
          }
          double kvSeconds = t.seconds(kvBytes);
          double base = prefill + kvSeconds + d.tau / 2;
          double slack = r.ttftSloSeconds() - base;
          if (slack <= 0) {
            if (!scaleUp || KvTransfer.overScaleUp(r.accelerator(), p.profile(), tpP, d.tp) == null) {
              rejected.add(String.format(Locale.ROOT, "prefill tp %d, decode tp %d: prefill %.1f ms + KV transfer %.1f"
                  + " ms + half a decode step %.1f ms exceed the %.1f ms TTFT objective", tpP, d.tp, prefill * 1e3,
                  kvSeconds * 1e3, d.tau / 2 * 1e3, r.ttftSloSeconds() * 1e3));
            }
            continue;
          }
          double offered = r.requestsPerSecond() * prefill;
          long n = fewest(1, offered, prefill, slack, Integer.MAX_VALUE / tpP);
          if (n < 0 || n * tpP + (long) d.gpus > Integer.MAX_VALUE) {
            continue;
          }
          int gpus = (int) (n * tpP + d.gpus);
          if (scaleUp && gpus > r.accelerator().scaleUpDomain()) {
            continue; // the pools spill over one scale-up domain: the KV cache crosses the network
          }
          double ttft = base + ErlangC.meanWaitSeconds(1, offered / n, prefill);
          double score = ttft + (o - 1) * d.tau;
          if (bestOption == null || gpus < bestOption.gpus() || (gpus == bestOption.gpus() && score < bestScore)) {
            bestScore = score;
            bestPool = d;
            bestOption = new DisaggregatedOption(tpP, (int) n, d.tp, d.instances, d.batch, ttft, d.tau, prefill,
                offered / n, d.utilization, DataSize.ofBytes(kvBytes), kvSeconds, t.link(),
                r.pricePerGpuHour().times(gpus), null);
          }
          break;
        }
      }
    }
    if (bestOption != null && bestPool != null) {
      // the chosen decode instance's memory, once (s21b)
      bestOption = bestOption.withDecodeMemoryPerGpu(bestPool.config.steadyMemory(bestPool.batch, in, o));
    }
    return new DisaggregatedPlan(r, bestOption, colocated, rejected, searched, disaggregatedAssumptions(r));
  }

  private record DecodePool(int tp, int instances, int batch, double tau, int gpus, double utilization,
      ServingConfig config) {}

  /**
   * Returns the fewest instances of {@code servers} servers each that keep the M/M/c mean wait of
   * load {@code offered} (Erlangs, shared evenly) within {@code slack}, or −1 beyond {@code limit}.
   */
  private static long fewest(int servers, double offered, double service, double slack, long limit) {
    if (offered / servers >= limit) {
      return -1;
    }
    long n = Math.max(1, (long) Math.ceil(offered / servers));
    if (offered / n >= servers) {
      n++;
    }
    if (ErlangC.meanWaitSeconds(servers, offered / n, service) <= slack) {
      return n;
    }
    long good = n + 1;
    long step = 1;
    while (ErlangC.meanWaitSeconds(servers, offered / good, service) > slack) {
      step *= 2;
      good = n + step;
      if (good > limit) {
        return -1;
      }
    }
    long bad = Math.max(n, good - step);
    while (good - bad > 1) {
      long mid = (good + bad) >>> 1;
      if (ErlangC.meanWaitSeconds(servers, offered / mid, service) > slack) {
        bad = mid;
      } else {
        good = mid;
      }
    }
    return good;
  }

  private static List<String> disaggregatedAssumptions(CapacityRequest r) {
    List<String> a = new ArrayList<>();
    a.add(String.format(Locale.ROOT,
        "disaggregated prefill and decode (DistServe, OSDI 2024; Splitwise, ISCA 2024): Poisson arrivals at %s"
            + " requests/s, each %,d input and %,d output tokens; separate prefill and decode pools, each of identical"
            + " instances with a tensor-parallel degree searched over %s", trim(r.requestsPerSecond()),
        r.inputTokens(), r.outputTokens(), r.tpCandidates()));
    tpotNotApplicable(r, a);
    a.add("prefill instance: one prompt per pass, an M/M/1 queue; the pool has the fewest instances whose mean wait"
        + " keeps wait + prefill + KV transfer + half a decode iteration within the TTFT objective");
    a.add(KvTransfer.assumption() + "; counted in the TTFT");
    a.add("decode instance: continuous batching without prefill, every iteration at the mean context input +"
        + " output/2; an M/M/b queue of sequence slots held for output − 1 iterations, with the fewest instances"
        + " whose mean wait for a slot is at most one iteration; TPOT is the iteration at full concurrency");
    a.add("the prefill:decode GPU ratio is searched: every pair of degrees, each pool at its fewest instances for the"
        + " rate, the decode batch on the grid 1, 2, 3, 4, 6 … up to the memory and TPOT bounds; lowest cost ="
        + " fewest GPUs, ties to the lower end-to-end latency; compared with co-located serving of the same request");
    if (r.decodePoolGiven()) {
      // s21b: only a request that fixes them gets these lines
      a.add("decode pool of its own: "
          + (r.decodeTp().isPresent() ? "tp " + r.decodeTp().getAsInt() + " fixed (the prefill degree searched over "
              + r.tpCandidates() + ")" : "tp searched over " + r.tpCandidates())
          + (r.decodeMaxNumSeqs().isPresent() ? String.format(Locale.ROOT, ", at most %,d sequences and a budget of"
              + " %,d tokens per decode instance's step (one token per decoding sequence, so the decode batch is"
              + " searched up to %,d)", r.decodeMaxNumSeqs().getAsInt(), r.decodeMaxBatchedTokens().getAsInt(),
              r.decodeMaxNumSeqs().getAsInt()) : String.format(Locale.ROOT, ", the decode batch searched up to"
              + " maxBatch %,d", r.maxBatch())));
    }
    return a;
  }

  /** Adds, for requests of one output token, that the TPOT objective does not apply ({@link CapacityRequest#tpotObjectiveApplies()}). */
  private static void tpotNotApplicable(CapacityRequest r, List<String> a) {
    if (!r.tpotObjectiveApplies()) {
      a.add("TPOT objective (" + trim(r.tpotSloSeconds()) + " s) not applicable: a request of one output token has no"
          + " time between output tokens (its token is the first, in the TTFT), so the objective bounds no batch and"
          + " rejects no configuration");
    }
  }

  private ParameterCounts counts(ModelArchitecture m) {
    CountsCache c = counts;
    if (c.model() == m && c.counts() != null) {
      return c.counts();
    }
    ParameterCounts p = m.parameterCounts();
    counts = new CountsCache(m, p);
    return p;
  }

  private static final class Search {
    @Nullable CapacityOption best;
    String reason = "";
    int evaluated;
  }

  private Search search(CapacityRequest r, int tp, InferenceScenario s, ServingConfig c, boolean exhaustive) {
    Search out = new Search();
    int in = r.inputTokens();
    int o = r.outputTokens();
    if (!c.steadyFits(1, in, o)) {
      out.reason =
          String.format(
              Locale.ROOT,
              "weights (%s per GPU) and one sequence do not fit %s",
              c.steadyMemory(1, in, o).weights().toSiString(),
              c.steadyMemory(1, in, o).capacity().toSiString());
      return out;
    }
    int memoryMax = largest(1, r.maxBatch(), b -> c.steadyFits(b, in, o));
    // s22d: the steady iterations of InferenceCostModel.atRequestRate (SteadyIterations: whole prompts in a share
    // b / output of the iterations, s21g; the host time and the per-request overhead of the scenario's overheads),
    // so that at the same concurrency the plan and atRequestRate give the same TTFT and TPOT. Before, every
    // iteration carried b / output of every prompt (ServingConfig#steadyIteration), which charged each MoE decode
    // pass the routed experts of those prompt tokens, and the host time and per-request overhead were left out.
    double perRequest = s.overheads().perRequestSeconds();
    HostCost host = HostCost.of(s);
    SteadyIterations one = SteadyIterations.at(c, s, host, 1);
    double tpot1 = one.iterationSeconds();
    if (r.tpotObjectiveApplies() && tpot1 > r.tpotSloSeconds()) {
      out.reason =
          String.format(
              Locale.ROOT, "TPOT at batch 1 is %.1f ms, above the %.1f ms objective", tpot1 * 1e3,
              r.tpotSloSeconds() * 1e3);
      return out;
    }
    int high = !r.tpotObjectiveApplies() ? memoryMax
        : largest(1, memoryMax, b -> SteadyIterations.iterationAt(c, s, host, b) <= r.tpotSloSeconds());
    double floor1 = one.ttftSeconds(1, perRequest);
    if (floor1 > r.ttftSloSeconds()) {
      out.reason =
          String.format(
              Locale.ROOT, "TTFT at batch 1 without queueing is %.1f ms, above the %.1f ms objective",
              floor1 * 1e3, r.ttftSloSeconds() * 1e3);
      return out;
    }
    double bestScore = Double.POSITIVE_INFINITY;
    int bestGpus = Integer.MAX_VALUE;
    boolean tooMany = false;
    for (int b : exhaustive ? every(high) : grid(high)) {
      out.evaluated++;
      SteadyIterations it = SteadyIterations.at(c, s, host, b);
      double tau = it.iterationSeconds();
      double tauPrompt = it.admittingSeconds();
      double base = it.ttftSeconds(1, perRequest);
      if (base > r.ttftSloSeconds()) {
        continue;
      }
      double service = tauPrompt + (o - 1) * tau;
      double offered = r.requestsPerSecond() * service;
      if (offered / b >= Integer.MAX_VALUE / tp) {
        // more replicas than GPUs can be counted: no batch this size serves the load
        tooMany = true;
        continue;
      }
      long replicas = Math.max(1, (long) Math.ceil(offered / b));
      if (offered / replicas >= b) {
        replicas++;
      }
      // the wait falls as replicas are added: find the fewest that meet the objective by doubling
      // the step, then bisecting
      double slack = r.ttftSloSeconds() - base;
      if (ErlangC.meanWaitSeconds(b, offered / replicas, service) > slack) {
        long good = replicas + 1;
        long step = 1;
        while (ErlangC.meanWaitSeconds(b, offered / good, service) > slack) {
          step *= 2;
          good = replicas + step;
          if (good > Integer.MAX_VALUE / tp) {
            break;
          }
        }
        if (good > Integer.MAX_VALUE / tp) {
          continue;
        }
        long bad = Math.max(replicas, good - step);
        while (good - bad > 1) {
          long mid = (good + bad) >>> 1;
          if (ErlangC.meanWaitSeconds(b, offered / mid, service) > slack) {
            bad = mid;
          } else {
            good = mid;
          }
        }
        replicas = good;
      }
      if (replicas * tp > Integer.MAX_VALUE) {
        continue;
      }
      double ttft = base + ErlangC.meanWaitSeconds(b, offered / replicas, service);
      int gpus = (int) (replicas * tp);
      double score = ttft + (o - 1) * tau;
      if (gpus < bestGpus || (gpus == bestGpus && score < bestScore)) {
        bestGpus = gpus;
        bestScore = score;
        out.best = option(r, tp, (int) replicas, b, ttft, tau, offered / replicas / b, b / service,
            c);
      }
    }
    if (out.best == null && tooMany) {
      out.reason = String.format(Locale.ROOT,
          "requestsPerSecond %s needs more than %,d GPUs at every batch up to %d", trim(r.requestsPerSecond()),
          Integer.MAX_VALUE, high);
    } else if (out.best == null) {
      out.reason = "no batch up to " + high + " keeps the mean TTFT within the objective";
    }
    return out;
  }

  private static CapacityOption option(
      CapacityRequest r, int tp, int replicas, int batch, double ttft, double tpot, double utilization,
      double perReplica, ServingConfig c) {
    int gpus = tp * replicas;
    Money perHour = r.pricePerGpuHour().times(gpus);
    BigDecimal tokensPerHour =
        new BigDecimal(r.requestsPerSecond() * r.outputTokens() * 3600.0, MathContext.DECIMAL64);
    return new CapacityOption(
        tp,
        replicas,
        gpus,
        batch,
        ttft,
        tpot,
        utilization,
        perReplica,
        c.steadyMemory(batch, r.inputTokens(), r.outputTokens()),
        perHour,
        // s23c: the formula SteadyLoad.cost uses, cost per hour × 10^6 / output tokens an hour, rounded to 16 digits
        HourlyCost.perMillion(perHour, tokensPerHour));
  }

  private static int[] every(int high) {
    int[] all = new int[high];
    for (int i = 0; i < high; i++) {
      all[i] = i + 1;
    }
    return all;
  }

  /** Returns batches 1, 2, 3, 4, 6, 8, 12, 16, 24 … below {@code high}, and {@code high}. */
  static int[] grid(int high) {
    int[] g = new int[64];
    int n = 0;
    for (long p = 1; p < high; p *= 2) {
      g[n++] = (int) p;
      long mid = p + p / 2;
      if (p >= 2 && mid < high && mid < 2 * p) {
        g[n++] = (int) mid;
      }
    }
    g[n++] = high;
    int[] out = new int[n];
    System.arraycopy(g, 0, out, 0, n);
    java.util.Arrays.sort(out);
    return out;
  }

  private interface IntPredicate {
    boolean test(int b);
  }

  /** Returns the largest {@code b} in [lo, hi] with {@code ok(b)}, given {@code ok(lo)} and monotonicity. */
  private static int largest(int lo, int hi, IntPredicate ok) {
    if (ok.test(hi)) {
      return hi;
    }
    int good = lo;
    int bad = hi;
    while (bad - good > 1) {
      int mid = (good + bad) >>> 1;
      if (ok.test(mid)) {
        good = mid;
      } else {
        bad = mid;
      }
    }
    return good;
  }

  private List<String> assumptions(CapacityRequest r) {
    List<String> a = new ArrayList<>();
    if (!model.calibration().equals(InferenceCalibration.CALIBRATED)) {
      a.add("inference factors: " + model.calibration().source());
    }
    a.add(String.format(Locale.ROOT,
        "steady state: Poisson arrivals at %s requests/s, each %,d input and %,d output tokens, spread"
            + " evenly over identical replicas", trim(r.requestsPerSecond()), r.inputTokens(),
        r.outputTokens()));
    tpotNotApplicable(r, a);
    // s22d: whole prompts in a share of the iterations, as InferenceCostModel.atRequestRate (s21g)
    a.add("continuous batching with prompts prefilled in the decode iterations (Orca, OSDI 2022; Sarathi-Serve, OSDI"
        + " 2024): every iteration decodes one token for each running sequence at the mean context input + output/2,"
        + " and a share batch/output of the iterations also prefills a whole prompt that replaces a finished one (the"
        + " mean over the iterations, as the steady state at a request rate); TPOT is that mean iteration at full"
        + " concurrency (an upper bound)");
    a.add("a replica is an M/M/c queue with c = batch sequence slots and a service time of one"
        + " prefill iteration plus output − 1 decode iterations (Erlang C; exponential service"
        + " overstates the wait of near-deterministic decoding)");
    a.add("TTFT = queueing wait + half an iteration (arrival to the next iteration) + one iteration"
        + " that carries the whole prompt" + (r.overheads().perRequestSeconds() > 0
            ? String.format(Locale.ROOT, " + the per-request overhead (%.1f ms)", r.overheads().perRequestSeconds()
                * 1e3) : "") + "; objectives are on the mean");
    if (r.overheads().hostSecondsPerSequence() > 0
        || (r.overheads().hostSecondsPerEagerMoeLayer() > 0 && r.model().moeLayers() > 0)
        || r.overheads().hostSecondsPerEagerLayer() > 0) {
      // s22d: the host time of the scenario's overheads, as the steady state at a request rate charges it
      // each clause only where its time is set (s24j: "0.0 µs per sequence" printed beside an eager launch time alone)
      List<String> host = new ArrayList<>();
      if (r.overheads().hostSecondsPerSequence() > 0) {
        host.add(String.format(Locale.ROOT, "an iteration takes at least %.1f µs per sequence it holds",
            r.overheads().hostSecondsPerSequence() * 1e6));
      }
      if (r.overheads().hostSecondsPerEagerMoeLayer() > 0 && r.model().moeLayers() > 0) {
        host.add(String.format(Locale.ROOT, "the iteration carrying a prompt, launched without a CUDA graph, %.1f µs per"
            + " MoE layer more", r.overheads().hostSecondsPerEagerMoeLayer() * 1e6));
      }
      if (r.overheads().hostSecondsPerEagerLayer() > 0) {
        host.add(String.format(Locale.ROOT, "the iteration carrying a prompt, launched without a CUDA graph, %.1f µs per"
            + " layer more (s24g)", r.overheads().hostSecondsPerEagerLayer() * 1e6));
      }
      a.add("host time overlapped with the GPU's: " + String.join(", and ", host));
    }
    a.add("memory at full concurrency: KV cache of batch × (input + output) tokens plus one"
        + " iteration's activations, with the memory reserve");
    a.add("tensor parallelism within one scale-up domain ("
        + r.accelerator().scaleUpDomain()
        + " GPUs); no pipeline parallelism, prefix caching, speculative decoding or disaggregated"
        + " prefill; batches searched on the grid 1, 2, 3, 4, 6, 8, 12 … up to the largest that"
        + " meets memory and TPOT (at most " + String.format(Locale.ROOT, "%,d", r.maxBatch()) + ")");
    if (!r.expertWeights().equals(r.weights())) {
      a.add("routed experts stored apart from the other linear layers (" + r.weights().name() + "): "
          + r.expertWeights().name() + String.format(Locale.ROOT, ", %.3f bits per weight", r.expertWeights()
              .effectiveBitsPerWeight()) + "; each expert a step reaches is read at that size and its GEMMs run in"
          + " that type's math where the accelerator has it, else dequantized to 16 bits");
    }
    if (!r.attentionWeights().equals(r.weights())) {
      a.add("attention input projections (q/k/v; latent attention's q_a, q_b, kv_a, kv_b) stored apart from the other"
          + " linear layers (" + r.weights().name() + "): " + r.attentionWeights().name()
          + String.format(Locale.ROOT, ", %.3f bits per weight", r.attentionWeights().effectiveBitsPerWeight())
          + "; read at that size, their GEMMs in that type's math where the accelerator has it, else dequantized to"
          + " 16 bits");
    }
    if (!r.attentionOutputWeights().equals(r.weights())) {
      a.add("attention output projection (o_proj) stored apart from the other linear layers (" + r.weights().name()
          + "): " + r.attentionOutputWeights().name()
          + String.format(Locale.ROOT, ", %.3f bits per weight", r.attentionOutputWeights().effectiveBitsPerWeight())
          + "; read at that size, its GEMM in that type's math where the accelerator has it, else dequantized to"
          + " 16 bits");
    }
    if (r.attentionDataParallel()) {
      a.add("attention data parallelism: a replica of tp > 1 GPUs holds the routed experts with ep = tp and attends"
          + " data-parallel, each GPU for batch / tp sequences; its MoE layers exchange tokens by "
          + (r.expertCommunication() == ExpertCommunication.ALL_GATHER
              ? "all-gather and reduce-scatter (TensorRT-LLM's fused MoE on one node)"
              : "all-to-all (DeepEP's dispatch and combine)"));
    }
    String beyond = InferenceCostModel.contextAssumption(r.model(), r.inputTokens(), r.outputTokens());
    if (beyond != null) {
      a.add(beyond); // only a request that allows a long context gets here
    }
    a.add("lowest cost = fewest GPUs (one accelerator type); ties go to the lower end-to-end latency");
    if (!r.pricePerGpuHour().isZero()) {
      a.add("cost per million output tokens at the requested load: GPUs × price per GPU-hour /"
          + " (requests/s × output tokens × 3600) × 10^6");
    }
    return a;
  }

  private static String trim(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%,d", (long) v) : String.valueOf(v);
  }
}
