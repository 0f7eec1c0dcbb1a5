package dev.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.inference.InferenceCostModel;
import dev.llmcost.costmodel.inference.InferenceScenario;
import dev.llmcost.costmodel.inference.PrefillScheduling;
import dev.llmcost.costmodel.inference.SteadyLoad;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * s22g: {@code infer --rate R} and {@code infer --concurrency C} print the library's steady state of continuous
 * batching ({@link InferenceCostModel#atRequestRate}, {@link InferenceCostModel#atConcurrency}) figure for figure, and
 * refuse bad values, both options together, a static batch with either, and a rate above saturation (exit 2, naming
 * the option).
 */
class InferSteadyStateCommandTest {

  private static final InferenceCostModel MODEL = InferenceCostModel.calibrated();

  private static final String[] BASE = {"infer", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--input",
      "1000", "--output", "250"};

  private static String[] args(String... more) {
    String[] a = java.util.Arrays.copyOf(BASE, BASE.length + more.length);
    System.arraycopy(more, 0, a, BASE.length, more.length);
    return a;
  }

  private static InferenceScenario scenario() {
    return InferenceScenario.builder(ModelCatalog.bundled().get("llama-3.1-8b"), AcceleratorCatalog.bundled().get("h100-sxm"))
        .inputTokens(1000).outputTokens(250).build();
  }

  private static void sameFigures(JsonNode n, SteadyLoad l, double maxRate) {
    assertThat(n.get("requestsPerSecond").asDouble()).isEqualTo(l.requestsPerSecond());
    assertThat(n.get("concurrency").asInt()).isEqualTo(l.concurrency());
    assertThat(n.get("ttftSeconds").asDouble()).isEqualTo(l.ttftSeconds());
    assertThat(n.get("ttftWaitSeconds").asDouble()).isEqualTo(l.ttftWaitSeconds());
    assertThat(n.get("tpotSeconds").asDouble()).isEqualTo(l.itlSeconds());
    assertThat(n.get("endToEndSeconds").asDouble()).isEqualTo(l.ttftSeconds() + 249 * l.itlSeconds());
    assertThat(n.get("outputTokensPerSecond").asDouble()).isEqualTo(l.outputTokensPerSecond());
    assertThat(n.get("outputTokensPerSecondPerGpu").asDouble()).isEqualTo(l.outputTokensPerSecond());
    assertThat(n.get("maxRequestsPerSecond").asDouble()).isEqualTo(maxRate);
    assertThat(n.get("utilization").asDouble()).isEqualTo(l.requestsPerSecond() / maxRate);
    assertThat(n.get("steadyMaxBatch").asInt()).isEqualTo(MODEL.steadyMaxBatch(scenario()));
  }

  @Test
  void rateJsonIsTheLibrarysSteadyState() {
    Cli r = Cli.run(args("--rate", "10", "--json"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode n = r.json();
    SteadyLoad l = MODEL.atRequestRate(scenario(), 10);
    double max = MODEL.maxRequestRate(scenario(), 1, PrefillScheduling.MIXED);
    assertThat(n.get("operatingPoint").asText()).isEqualTo("rate");
    sameFigures(n, l, max);
    assertThat(n.get("assumptions").get(0).asText()).startsWith("the steady state of continuous batching under"
        + " Poisson arrivals at --rate 10 requests/s");
    assertThat(n.get("assumptions").get(1).asText()).isEqualTo(l.assumptions().get(0));
  }

  @Test
  void concurrencyJsonIsTheLibrarysClosedLoopWithCost() {
    Cli r = Cli.run(args("--concurrency", "64", "--price-per-gpu-hour", "2.50", "--json"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode n = r.json();
    SteadyLoad l = MODEL.atConcurrency(scenario(), 64);
    double max = MODEL.maxRequestRate(scenario(), 1, PrefillScheduling.MIXED);
    assertThat(n.get("operatingPoint").asText()).isEqualTo("concurrency");
    sameFigures(n, l, max);
    assertThat(n.get("concurrency").asInt()).isEqualTo(64);
    // the replica's hour over the output tokens served an hour at this load
    assertThat(Double.parseDouble(n.get("cost").get("perMillionOutputTokens").asText()))
        .isCloseTo(2.50 / 3600 / l.outputTokensPerSecond() * 1e6, org.assertj.core.data.Percentage.withPercentage(1e-9));
    assertThat(Double.parseDouble(n.get("cost").get("perRequest").asText()))
        .isCloseTo(2.50 / 3600 / l.requestsPerSecond(), org.assertj.core.data.Percentage.withPercentage(1e-9));
    assertThat(n.get("assumptions").get(1).asText()).startsWith("closed loop of 64 requests in flight");
  }

  /**
   * s23c: the cost the command prints is the library's {@link SteadyLoad#cost}, and it is the figure the command's own
   * arithmetic gave before s23c moved it into the library (reproduced here, as it was: the hour over 3600, times 10^6,
   * over the tokens a second; the JSON rounded to 16 significant digits), string for string in the JSON and the text.
   */
  @Test
  void costIsTheLibrarysAndTheFigureTheCommandPrintedBefore() {
    String[][] runs = {{"--concurrency", "64", "--price-per-gpu-hour", "2.50"}, {"--rate", "10",
        "--price-per-gpu-hour", "3.99"}, {"--rate", "0.37", "--tp", "2", "--price-per-gpu-hour", "2.123456789"},
        {"--concurrency", "8", "--price-per-gpu-hour", "0.000"}};
    for (String[] run : runs) {
      Cli j = Cli.run(args(java.util.stream.Stream.concat(java.util.Arrays.stream(run), java.util.stream.Stream.of(
          "--json")).toArray(String[]::new)));
      assertThat(j.exitCode()).as(j.err()).isZero();
      InferenceScenario s = scenario().withTp(run.length == 6 ? 2 : 1);
      SteadyLoad l = run[0].equals("--rate") ? MODEL.atRequestRate(s, Double.parseDouble(run[1]))
          : MODEL.atConcurrency(s, Integer.parseInt(run[1]));
      dev.llmcost.core.Money price = dev.llmcost.core.Money.usd(run[run.length - 1]);
      dev.llmcost.costmodel.inference.SteadyLoadCost c = l.cost(price);
      java.math.MathContext mc = java.math.MathContext.DECIMAL64;
      dev.llmcost.core.Money perHour = price.times(s.gpus());
      dev.llmcost.core.Money perSecond = perHour.div(java.math.BigDecimal.valueOf(3600));
      dev.llmcost.core.Money perMillion = perSecond.times(java.math.BigDecimal.valueOf(1_000_000))
          .div(new java.math.BigDecimal(l.outputTokensPerSecond(), mc));
      dev.llmcost.core.Money perRequest = perSecond.div(new java.math.BigDecimal(l.requestsPerSecond(), mc));
      JsonNode cost = j.json().get("cost");
      String what = String.join(" ", run);
      assertThat(cost.get("costPerHour").asText()).as(what).isEqualTo(perHour.amount().toPlainString())
          .isEqualTo(c.costPerHour().amount().toPlainString());
      assertThat(cost.get("perMillionOutputTokens").asText()).as(what)
          .isEqualTo(perMillion.amount().round(mc).toPlainString())
          .isEqualTo(c.perMillionOutputTokens().amount().toPlainString());
      assertThat(cost.get("perRequest").asText()).as(what).isEqualTo(perRequest.amount().round(mc).toPlainString())
          .isEqualTo(c.perRequest().amount().toPlainString());
      Cli t = Cli.run(args(run));
      assertThat(t.exitCode()).as(t.err()).isZero();
      assertThat(t.out()).as(what).contains(String.format(Locale.ROOT, "  cost at %s per GPU-hour (%s an hour): %s per"
          + " million output tokens, %s per request, at this load%n", InferCommand.money(price),
          InferCommand.money(perHour), InferCommand.money(perMillion), InferCommand.money(perRequest)));
    }
  }

  /** The text report prints the same figures, rounded as the static report rounds them. */
  @Test
  void textReportPrintsTheFigures() {
    Cli r = Cli.run(args("--concurrency", "64", "--price-per-gpu-hour", "2.50"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    SteadyLoad l = MODEL.atConcurrency(scenario(), 64);
    double max = MODEL.maxRequestRate(scenario(), 1, PrefillScheduling.MIXED);
    assertThat(r.out())
        .contains("continuous batching with 64 requests in flight (closed loop), 1,000 input + 250 output tokens")
        .contains(String.format(Locale.ROOT, "  request rate           %10s requests/s", Text.fixed(l.requestsPerSecond(), 3)))
        .contains("  requests in flight             64   (the mean batch, of at most "
            + Text.grouped(MODEL.steadyMaxBatch(scenario())) + " the steady state holds in memory)")
        .contains(String.format(Locale.ROOT, "  time to first token    %10s   (%s waiting for the running iteration",
            InferCommand.seconds(l.ttftSeconds()), InferCommand.seconds(l.ttftWaitSeconds())))
        .contains(String.format(Locale.ROOT, "  time per output token  %10s", InferCommand.seconds(l.itlSeconds())))
        .contains(String.format(Locale.ROOT, "  throughput             %10s output tokens/s",
            Text.grouped(Math.round(l.outputTokensPerSecond()))))
        .contains(String.format(Locale.ROOT, "  utilisation            %9.1f%%   of the highest sustainable rate, %s"
            + " requests/s (368 in flight)", 100 * l.requestsPerSecond() / max, Text.fixed(max, 3)))
        .contains("  cost at $2.50 per GPU-hour ($2.50 an hour): ")
        .contains("    - --concurrency 64: the closed loop's steady state")
        .contains("'llmcost simulate --concurrency 64' runs the loop request by request")
        .contains("    - closed loop of 64 requests in flight");
  }

  private static void refused(String option, String message, String... more) {
    Cli r = Cli.run(args(more));
    assertThat(r.exitCode()).as(String.join(" ", more) + ": " + r.out()).isEqualTo(2);
    assertThat(r.err()).as(String.join(" ", more)).contains(option).contains(message);
  }

  @Test
  void badValuesExitTwoNamingTheOption() {
    refused("--rate", "--rate must be a positive, finite number of requests per second, was 0", "--rate", "0");
    refused("--rate", "was -2.5", "--rate", "-2.5");
    refused("--rate", "was NaN", "--rate", "NaN");
    refused("--rate", "was Infinity", "--rate", "Infinity");
    refused("--rate", "'abc'", "--rate", "abc");
    refused("--concurrency", "--concurrency must be a whole number of requests >= 1, was 0", "--concurrency", "0");
    refused("--concurrency", "was -3", "--concurrency", "-3");
    refused("--concurrency", "'2.5'", "--concurrency", "2.5");
    int max = MODEL.steadyMaxBatch(scenario());
    refused("--concurrency", "--concurrency must be at most " + max + ", the largest batch of 1000 + 250 tokens whose"
        + " steady state fits each GPU's memory (steadyMaxBatch), was " + (max + 1), "--concurrency", String.valueOf(max + 1));
    refused("--rate", "--rate and --concurrency exclude each other", "--rate", "5", "--concurrency", "4");
    refused("--batch", "--batch and --rate exclude each other", "--rate", "5", "--batch", "4");
    refused("--batch", "--batch and --concurrency exclude each other", "--concurrency", "4", "--batch", "max");
    refused("--spec-draft", "excludes --rate", "--rate", "5", "--spec-draft", "mtp");
    refused("--rate", "--rate applies to --task generate", "--rate", "5", "--task", "embed");
    refused("--scheduler-steps", "--scheduler-steps must be in [1, 1024], was 0", "--rate", "5", "--scheduler-steps",
        "0");
    refused("--prefill-scheduling", "--prefill-scheduling must be mixed or separate, was \"MIXED\"", "--concurrency",
        "4", "--prefill-scheduling", "MIXED");
    refused("--scheduler-steps", "--scheduler-steps 8 applies to --rate or --concurrency", "--scheduler-steps", "8");
  }

  /**
   * s22j: {@code --scheduler-steps} and {@code --prefill-scheduling} reach the library's steady state (an SGLang-like
   * engine: prompts in iterations of their own, a scheduling decision every 10 decode iterations), the JSON carries
   * them, and without them their defaults are echoed.
   */
  @Test
  void schedulerOptionsReachTheLibraryAndTheirDefaultsAreEchoed() {
    Cli r = Cli.run(args("--rate", "10", "--scheduler-steps", "10", "--prefill-scheduling", "separate", "--json"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode n = r.json();
    SteadyLoad l = MODEL.atRequestRate(scenario(), 10, 10, PrefillScheduling.SEPARATE);
    double max = MODEL.maxRequestRate(scenario(), 10, PrefillScheduling.SEPARATE);
    sameFigures(n, l, max);
    assertThat(n.get("schedulerSteps").asInt()).isEqualTo(10);
    assertThat(n.get("prefillScheduling").asText()).isEqualTo("separate");
    assertThat(n.get("defaultsUsed").has("scheduler-steps")).isFalse();
    assertThat(n.get("defaultsUsed").has("prefill-scheduling")).isFalse();
    assertThat(n.get("assumptions").get(1).asText()).isEqualTo(l.assumptions().get(0));
    // not the single-step mixed figures
    assertThat(l.ttftWaitSeconds()).isNotEqualTo(MODEL.atRequestRate(scenario(), 10).ttftWaitSeconds());

    Cli c = Cli.run(args("--concurrency", "64", "--scheduler-steps", "4"));
    assertThat(c.exitCode()).as(c.err()).isZero();
    SteadyLoad lc = MODEL.atConcurrency(scenario(), 64, 4, PrefillScheduling.MIXED);
    assertThat(c.out())
        .contains(String.format(Locale.ROOT, "  time to first token    %10s   (%s waiting for the running window of 4"
            + " iterations", InferCommand.seconds(lc.ttftSeconds()), InferCommand.seconds(lc.ttftWaitSeconds())))
        .contains("  defaults used: --prefill-scheduling mixed (each prompt prefilled in a decode iteration)\n");

    // under separate prefill the inter-token latency is the cycle: a decode iteration and its share of prefill ones
    Cli sep = Cli.run(args("--rate", "10", "--scheduler-steps", "10", "--prefill-scheduling", "separate"));
    assertThat(sep.exitCode()).as(sep.err()).isZero();
    assertThat(sep.out()).contains(String.format(Locale.ROOT, "  time per output token  %10s   (inter-token latency: a"
        + " decode iteration plus, on average, the prefill iteration that follows it)", InferCommand.seconds(l.itlSeconds())))
        .doesNotContain("defaults used");

    JsonNode d = Cli.run(args("--concurrency", "64", "--json")).json();
    assertThat(d.get("schedulerSteps").asInt()).isEqualTo(1);
    assertThat(d.get("prefillScheduling").asText()).isEqualTo("mixed");
    assertThat(d.get("defaultsUsed").get("scheduler-steps").asText())
        .isEqualTo("1 (a scheduling decision every iteration)");
    assertThat(d.get("defaultsUsed").get("prefill-scheduling").asText())
        .isEqualTo("mixed (each prompt prefilled in a decode iteration)");
  }

  /**
   * s22k: vLLM V0's settings (--scheduler-steps above 1, --prefill-scheduling separate) are refused with --pp above 1
   * and --attention-dp (BadInputTest), as simulate refuses them; the defaults' values given explicitly are not those
   * settings, so they stay allowed there, as in simulate.
   */
  @Test
  void theDefaultSchedulingGivenExplicitlyIsAllowedWithPipelineParallelism() {
    Cli r = Cli.run(args("--pp", "2", "--rate", "1", "--scheduler-steps", "1", "--prefill-scheduling", "mixed"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    Cli v0 = Cli.run(args("--pp", "2", "--rate", "1", "--scheduler-steps", "2"));
    assertThat(v0.exitCode()).isEqualTo(2);
    assertThat(v0.err()).contains("--scheduler-steps 2 (vLLM V0's scheduler) is not simulated with --pp 2");
  }

  @Test
  void aRateAboveSaturationExitsTwoNamingTheHighestSustainableRate() {
    double max = MODEL.maxRequestRate(scenario(), 1, PrefillScheduling.MIXED);
    // s22h: the highest rate is served at the batch that serves the most requests a second, 368 of the 371 that fit
    refused("--rate", "--rate 100 is above the highest rate this deployment sustains, " + Text.fixed(max, 3)
        + " requests/s (" + MODEL.atRequestRate(scenario(), max).concurrency() + " requests in flight; no batch of the "
        + Text.grouped(MODEL.steadyMaxBatch(scenario())) + " that fit serves more)", "--rate", "100");
    assertThat(MODEL.atRequestRate(scenario(), max).concurrency()).isEqualTo(368);
    // just below it: served (before s22h a rate this close to the edge was refused as saturated, as the largest
    // batch served less than batch 368)
    Cli r = Cli.run(args("--rate", String.valueOf(0.999 * max), "--json"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.json().get("utilization").asDouble()).isCloseTo(0.999, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(r.json().get("concurrency").asInt()).isEqualTo(367);
  }
}
