package dev.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrateCommandTest {

  /**
   * Three rows of the llm-foundry H100 table (mosaicml/llm-foundry scripts/train/benchmarking/
   * README.md, H100 80GB BF16: MPT 7B and 13B at sequence 2048 on 8 GPUs, FSDP), as a user would
   * write their own measurements, with models given as Llama-style ids of the catalog. Composer ran them
   * with PyTorch FSDP1's BACKWARD_POST prefetch (its default), which the {@code fsdp_backward_prefetch}
   * column says: left blank, the rows would be costed as FSDP2's layer-by-layer prefetch, which the
   * overlap efficiency this command fits does not reach.
   */
  static final String RUNS =
      "id,model,accelerator,gpus,dp,tp,pp,seq,global_batch,micro_batch,recompute,precision,zero,attention,tokens_per_second_per_gpu,fsdp_backward_prefetch\n"
          + "mine-7b,mpt-7b,h100-sxm,8,8,1,1,2048,48,6,none,bf16,3,triton,10643,post\n"
          + "mine-7b-4k,mpt-7b,h100-sxm,8,8,1,1,4096,256,16,full,bf16,3,triton,8611,post\n"
          + "mine-7b-8k,mpt-7b,h100-sxm,8,8,1,1,8192,128,8,full,bf16,3,triton,6935,post\n";

  @Test
  void fitsAProfileThatTrainAndPlanApply(@TempDir Path dir) throws IOException {
    Path runs = dir.resolve("runs.csv");
    Files.writeString(runs, RUNS);
    Path profile = dir.resolve("profile.json");
    CliRunner.Result r = CliRunner.run("calibrate", "--runs", runs.toString(), "--out", profile.toString(), "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode j = r.json();
    assertThat(j.get("runs").asInt()).isEqualTo(3);
    assertThat(j.get("values").has("OVERLAP_EFFICIENCY")).isTrue();
    assertThat(j.get("medianAbsErrorAfter").asDouble()).isLessThanOrEqualTo(j.get("medianAbsErrorBefore").asDouble() + 1e-9);
    assertThat(Files.readString(profile)).contains("llmcost-profile/1");

    CliRunner.Result text = CliRunner.run("calibrate", "--runs", runs.toString(), "--out", profile.toString());
    assertThat(text.out()).contains("median |error|").contains("before").contains("after").contains("mine-7b-8k");

    CliRunner.Result train = CliRunner.run("train", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--gpus", "8",
        "--tp", "1", "--pp", "1", "--dp", "8", "--profile", profile.toString(), "--json");
    assertThat(train.exitCode()).as(train.err()).isZero();
    CliRunner.Result plain = CliRunner.run("train", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--gpus", "8",
        "--tp", "1", "--pp", "1", "--dp", "8", "--json");
    assertThat(train.out()).contains("fitted [")
        .containsPattern("fitted \\[OVERLAP_EFFICIENCY=[0-9.]+, LAYER_OVERHEAD_SECONDS=[0-9.e-]+\\]")
        .contains("measured runs, in place of the values the base profile states next");
    assertThat(plain.out()).doesNotContain("fitted [");

    CliRunner.Result plan = CliRunner.run("plan", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--gpus", "8",
        "--profile", profile.toString(), "--json");
    assertThat(plan.exitCode()).as(plan.err()).isZero();
  }

  @Test
  void badInputIsRefusedWithTheFieldNamed(@TempDir Path dir) throws IOException {
    Path runs = dir.resolve("runs.csv");
    Files.writeString(runs, RUNS.replace("mine-7b-8k,mpt-7b", "mine-7b-8k,no-such-model"));
    CliRunner.Result r = CliRunner.run("calibrate", "--runs", runs.toString(), "--out", dir.resolve("p.json").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("mine-7b-8k").contains("no-such-model");

    Files.writeString(runs, RUNS);
    CliRunner.Result free = CliRunner.run("calibrate", "--runs", runs.toString(), "--out", dir.resolve("p.json").toString(),
        "--free", "speed");
    assertThat(free.exitCode()).isEqualTo(2);
    assertThat(free.err()).contains("--free").contains("speed");

    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"format\": \"llmcost-profile/1\", \"values\": {\"OVERLAP_EFFICIENCY\": 7}, \"runs\": 1}");
    CliRunner.Result train = CliRunner.run("train", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--gpus", "8",
        "--tp", "1", "--pp", "1", "--dp", "8", "--profile", broken.toString());
    assertThat(train.exitCode()).isEqualTo(2);
    assertThat(train.err()).contains("OVERLAP_EFFICIENCY").contains("7.0");
  }

  /**
   * SYNTHETIC rows (not measurements; for this unit test of the warning only): the MPT 7B layout of {@link #RUNS}
   * at twice the llm-foundry figures, beyond what the model reaches yet below the H100's peak (3x, 129% of it in
   * weight-matrix FLOPs, is refused since s15d), so the fit drives the overlap efficiency to its upper bound and the
   * layer overhead to its lower bound.
   */
  @Test
  void aFittedValueAtItsBoundIsWarnedAbout(@TempDir Path dir) throws IOException {
    Path runs = dir.resolve("synthetic.csv");
    Files.writeString(runs, RUNS.replace(",10643,", ",21286,").replace(",8611,", ",17222,").replace(",6935,", ",13870,"));
    Path profile = dir.resolve("profile.json");
    CliRunner.Result j = CliRunner.run("calibrate", "--runs", runs.toString(), "--out", profile.toString(), "--json");
    assertThat(j.exitCode()).as(j.err()).isZero();
    assertThat(j.json().get("warnings").toString()).contains("layer-overhead-seconds ended at its lower bound, 0");
    CliRunner.Result text = CliRunner.run("calibrate", "--runs", runs.toString(), "--out", profile.toString());
    assertThat(text.out()).contains("warning: layer-overhead-seconds ended at its lower bound, 0 (range [0, 0.001])");

    // the overlap efficiency went to its upper bound too: each parameter at a bound has its own line
    assertThat(text.out()).contains("warning: overlap-efficiency ended at its upper bound, 1 (range [0, 1])");
  }
}
