package dev.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The layout options of {@code plan} and {@code train} (issue 12, Deliver 2 and 4): HSDP shard
 * groups, pipeline schedules, virtual stages, expert tensor parallelism and the scale-up domain
 * size under its node name.
 */
class LayoutOptionsCommandTest {

  static Set<String> values(JsonNode best, String key) {
    Set<String> seen = new TreeSet<>();
    best.forEach(b -> seen.add(b.get(key).asText()));
    return seen;
  }

  @Test
  void planSearchesListedShardGroupsAndReportsEach() {
    Cli r = Cli.run("plan", "--model", "llama-3.1-8b", "--gpus", "32", "--tp", "1", "--pp", "1", "--cp", "1",
        "--zero", "3", "--hsdp-shard", "2,8", "--top", "50", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode n = r.json();
    assertThat(n.get("shardGroupsSearched")).extracting(JsonNode::asInt).containsExactly(2, 8);
    assertThat(values(n.get("best"), "shardGroup")).containsExactly("2", "8");
    // by default plain sharding and sharding within the 8-GPU scale-up domain are both tried
    Cli d = Cli.run("plan", "--model", "llama-3.1-8b", "--gpus", "32", "--tp", "1", "--pp", "1", "--cp", "1",
        "--zero", "3", "--top", "50", "--json");
    assertThat(values(d.json().get("best"), "shardGroup")).containsExactly("0", "8");
    Cli text = Cli.run("plan", "--model", "llama-3.1-8b", "--gpus", "32", "--tp", "1", "--pp", "1", "--cp", "1",
        "--zero", "3", "--top", "50");
    assertThat(text.out()).contains(" shard ").contains("   all ").contains("     8 ");
  }

  @Test
  void planSearchesTheListedSchedulesAndVirtualStages() {
    Cli r = Cli.run("plan", "--model", "llama-3.1-70b", "--gpus", "64", "--seq", "4096", "--global-batch", "128",
        "--pp", "4", "--schedule", "zero-bubble,dualpipe", "--top", "40", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(values(r.json().get("best"), "schedule")).containsExactly("dualpipe", "zb");
    assertThat(r.json().get("schedulesSearched")).extracting(JsonNode::asText).containsExactly("zb", "dualpipe");
    Cli v = Cli.run("plan", "--model", "llama-3.1-70b", "--gpus", "64", "--seq", "4096", "--global-batch", "128",
        "--pp", "4", "--virtual-stages", "2", "--top", "5", "--json");
    assertThat(values(v.json().get("best"), "virtualStages")).containsExactly("2");
    assertThat(values(v.json().get("best"), "schedule")).containsExactly("interleaved");
    Cli bad = Cli.run("plan", "--model", "llama-3.1-70b", "--schedule", "gpipe");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err().strip())
        .isEqualTo("llmcost: schedule must be 1f1b, interleaved, zb or dualpipe, was \"gpipe\"");
  }

  @Test
  void planFoldsExpertsWithTheGivenExpertTensorParallelism() {
    Cli r = Cli.run("plan", "--model", "mixtral-8x7b-v0.1", "--gpus", "32", "--seq", "4096", "--global-batch", "64",
        "--tp", "4", "--pp", "4", "--ep", "8", "--etp", "1", "--top", "5", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(values(r.json().get("best"), "etp")).containsExactly("1");
    assertThat(values(r.json().get("best"), "ep")).containsExactly("8");
    Cli dense = Cli.run("plan", "--model", "llama-3.1-8b", "--etp", "1");
    assertThat(dense.exitCode()).isEqualTo(2);
    assertThat(dense.err().strip()).isEqualTo("llmcost: --etp applies to MoE models only; llama-3.1-8b is dense");
  }

  @Test
  void trainTakesTheShardGroupUnderItsHsdpNameAndNamesWhatItChose() {
    Cli fixed = Cli.run("train", "--model", "llama-3.1-8b", "--gpus", "32", "--tp", "1", "--pp", "1", "--cp", "1",
        "--zero", "3", "--hsdp-shard", "8", "--json");
    assertThat(fixed.exitCode()).as(fixed.err()).isZero();
    assertThat(fixed.json().get("shardGroup").asInt()).isEqualTo(8);
    assertThat(fixed.json().get("fixed")).extracting(JsonNode::asText).contains("shard group");
    Cli open = Cli.run("train", "--model", "llama-3.1-8b", "--gpus", "32", "--tp", "1", "--pp", "1", "--cp", "1",
        "--zero", "3", "--json");
    assertThat(open.json().get("chosen").has("shard group")).isTrue();
    assertThat(open.json().get("chosen").get("shard group").asText()).isIn("all", "8");
  }

  @Test
  void trainCompletesALayoutForAFixedSchedule() {
    Cli r = Cli.run("train", "--model", "llama-3.1-70b", "--gpus", "64", "--seq", "4096", "--global-batch", "128",
        "--schedule", "zb", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode n = r.json();
    assertThat(n.get("schedule").asText()).isEqualTo("zb");
    assertThat(n.get("pp").asInt()).isGreaterThan(1);
    assertThat(n.get("fixed")).extracting(JsonNode::asText).contains("schedule");
    Cli onePp = Cli.run("train", "--model", "llama-3.1-8b", "--pp", "1", "--schedule", "dualpipe");
    assertThat(onePp.exitCode()).isEqualTo(2);
    assertThat(onePp.err().strip()).isEqualTo("llmcost: --schedule dualpipe needs --pp > 1, was --pp 1");
  }

  @Test
  void gpusPerNodeNamesTheScaleUpDomain() {
    // GB200 NVL72 racks with 64 of their 72 GPUs in use; TPU v5p tensor parallelism 16 inside its slice
    Cli gb = Cli.run("train", "--model", "llama-3.1-70b", "--accelerator", "gb200", "--gpus", "128",
        "--gpus-per-node", "64", "--tp", "16", "--json");
    assertThat(gb.exitCode()).as(gb.err()).isZero();
    assertThat(gb.json().get("scaleUpDomain").asInt()).isEqualTo(64);
    Cli tpu = Cli.run("train", "--model", "llama-3.1-70b", "--accelerator", "tpu-v5p", "--gpus", "256", "--tp", "16",
        "--global-batch", "256", "--json");
    assertThat(tpu.exitCode()).as(tpu.err()).isZero();
    assertThat(tpu.json().get("scaleUpDomain").asInt()).isEqualTo(256);
    assertThat(tpu.json().get("assumptions").toString()).contains("tensor parallelism 16")
        .contains("per layer over the scale-up fabric");
  }

  @Test
  void aPowerLimitSlowsComputeAndCountsEnergyAtTheCap() {
    String[] job = {"train", "--model", "llama-3.1-8b", "--gpus", "8", "--tp", "1", "--pp", "1", "--dp", "8",
        "--micro-batch", "2", "--recompute", "none", "--zero", "2", "--json"};
    JsonNode full = Cli.run(job).json();
    Cli capped = Cli.run(concat(job, "--power-limit", "500"));
    assertThat(capped.exitCode()).as(capped.err()).isZero();
    JsonNode n = capped.json();
    assertThat(full.get("boardPowerWatts").asDouble()).isEqualTo(700);
    assertThat(n.get("boardPowerWatts").asDouble()).isEqualTo(500);
    double f = Math.cbrt(500.0 / 700);
    // GEMMs and attention at f of their rate: the compute part of the step grows by 1/f
    assertThat(n.get("stepSecondsBreakdown").get("compute").asDouble())
        .isCloseTo(full.get("stepSecondsBreakdown").get("compute").asDouble() / f, org.assertj.core.data.Percentage.withPercentage(0.5));
    assertThat(n.get("stepSeconds").asDouble()).isGreaterThan(full.get("stepSeconds").asDouble());
    // energy per token: 500 W for a longer step
    double ratio = n.get("energyKwhPerMillionTokens").asDouble() / full.get("energyKwhPerMillionTokens").asDouble();
    assertThat(ratio).isCloseTo(500.0 / 700 * n.get("stepSeconds").asDouble() / full.get("stepSeconds").asDouble(),
        org.assertj.core.data.Percentage.withPercentage(0.1));
    assertThat(n.get("assumptions").toString()).contains("power limit 500 W of the 700 W TDP of h100-sxm")
        // the energy line names the cap as what is drawn, not as a "500 W TDP"
        .contains("every GPU draws 500 W (its TDP, or the power limit when one is set)").doesNotContain("500 W TDP");
    Cli plan = Cli.run("plan", "--model", "llama-3.1-8b", "--gpus", "8", "--power-limit", "500", "--top", "1", "--json");
    assertThat(plan.json().get("boardPowerWatts").asDouble()).isEqualTo(500);
    Cli low = Cli.run("train", "--model", "llama-3.1-8b", "--power-limit", "100");
    assertThat(low.exitCode()).isEqualTo(2);
    assertThat(low.err().strip()).isEqualTo(
        "llmcost: --power-limit: power limit must be >= 175 W (a quarter of the 700 W TDP of h100-sxm), was 100.0 W");
  }

  @Test
  void acceleratorVariantsAreListedInAlignedColumns() {
    // H100 96 GB at 500 W (Grand Teton) and H800 (NVLink cut to 400 GB/s) are catalog entries; the
    // long id and name of the first must not push its figures out of their columns
    String out = Cli.run("catalog", "accelerators").out();
    assertThat(out).contains("h100-hbm2e-96gb-500w").contains("h800-sxm");
    java.util.Set<Integer> columns = new java.util.TreeSet<>();
    out.lines().filter(l -> l.contains("TFLOP/s")).forEach(l -> columns.add(l.indexOf("TFLOP/s")));
    assertThat(columns).hasSize(1);
    JsonNode all = Cli.run("catalog", "accelerators", "--json").json().get("accelerators");
    for (JsonNode a : all) {
      if (a.get("id").asText().equals("h800-sxm")) {
        assertThat(a.get("scaleUpGBps").asDouble()).isEqualTo(400);
      }
      if (a.get("id").asText().equals("h100-hbm2e-96gb-500w")) {
        assertThat(a.get("tdpWatts").asDouble()).isEqualTo(500);
      }
    }
  }

  static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
