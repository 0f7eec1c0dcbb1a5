package dev.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code llmcost calibrate --inference-runs} and {@code --profile} on infer, capacity and simulate. */
class CalibrateInferenceCommandTest {

  /**
   * A user's benchmark: the A100 FP16 rows of TensorRT-LLM v0.9.0 ({@code docs/source/performance.md}:
   * Llama 2 7B peak throughput and batch-1 TTFT), made 30% slower (throughput × 0.7, TTFT ÷ 0.7), as
   * a cluster slower than NVIDIA's would measure them; a fit to them must predict slower serving.
   */
  static final String BENCH =
      "id,model,accelerator,gpus,tp,precision,batch,input_tokens,output_tokens,measured,value,unit,source,note\n"
          + "a-128-128,llama-2-7b,a100-sxm-80gb,1,1,fp16,256,128,128,output_tokens_per_second_per_gpu,3773,tok/s,s,\n"
          + "a-128-2048,llama-2-7b,a100-sxm-80gb,1,1,fp16,32,128,2048,output_tokens_per_second_per_gpu,1038.8,tok/s,s,\n"
          + "a-2048-128,llama-2-7b,a100-sxm-80gb,1,1,fp16,32,2048,128,output_tokens_per_second_per_gpu,373.1,tok/s,s,\n"
          + "a-2048-2048,llama-2-7b,a100-sxm-80gb,1,1,fp16,16,2048,2048,output_tokens_per_second_per_gpu,422.1,tok/s,s,\n"
          + "a-mistral,mistral-7b-v0.1,a100-sxm-80gb,1,1,fp16,896,128,128,output_tokens_per_second_per_gpu,4375.7,tok/s,s,\n"
          + "a-ttft-128,llama-2-7b,a100-sxm-80gb,1,1,fp16,1,128,1,ttft_ms,23.14,ms,s,\n"
          + "a-ttft-2048,llama-2-7b,a100-sxm-80gb,1,1,fp16,1,2048,1,ttft_ms,189.1,ms,s,\n";

  private static final String[] INFER = {"infer", "--model", "llama-2-7b", "--accelerator", "a100-sxm-80gb", "--batch",
      "16", "--input", "512", "--output", "256", "--json"};

  private static String[] with(String[] args, String... more) {
    String[] a = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, a, args.length, more.length);
    return a;
  }

  private static Path calibrated(Path dir) throws IOException {
    Path bench = dir.resolve("my-bench.csv");
    Files.writeString(bench, BENCH);
    Path profile = dir.resolve("my-profile.json");
    CliRunner.Result r = CliRunner.run("calibrate", "--inference-runs", bench.toString(), "--out", profile.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    return profile;
  }

  @Test
  void fitsPrintsTheTableAndWritesTheProfile(@TempDir Path dir) throws IOException {
    Path bench = dir.resolve("my-bench.csv");
    Files.writeString(bench, BENCH);
    Path profile = dir.resolve("my-profile.json");
    CliRunner.Result r = CliRunner.run("calibrate", "--inference-runs", bench.toString(), "--out", profile.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("inference calibration over 7 runs").contains("memoryBandwidthFraction")
        .contains("a-ttft-2048").contains("median |error|").contains("before").contains("after")
        .contains("profile written to " + profile)
        // a uniform 30% slowdown is past what the shared GEMM ceiling lets the overlap loss explain
        .contains("warning: gemm-overlap-loss ended at a bound of its range, 1");
    assertThat(Files.readString(profile)).contains("llmcost-profile/1").contains("\"inference\"")
        .doesNotContain("OVERLAP_EFFICIENCY");

    CliRunner.Result j = CliRunner.run("calibrate", "--inference-runs", bench.toString(), "--out", profile.toString(),
        "--free", "memory-bandwidth-fraction,per-layer-overhead-seconds", "--json");
    assertThat(j.exitCode()).as(j.err()).isZero();
    JsonNode i = j.json().get("inference");
    assertThat(i.get("runs").asInt()).isEqualTo(7);
    assertThat(i.get("fitted")).hasSize(2);
    assertThat(i.get("rows")).hasSize(7);
    assertThat(i.get("warnings").isArray()).isTrue();
    assertThat(i.get("values").get("memoryBandwidthFraction").asDouble()).isBetween(0.0, 1.0);
    assertThat(i.get("medianAbsErrorAfter").asDouble()).isLessThan(i.get("medianAbsErrorBefore").asDouble());
  }

  @Test
  void inferAndCapacityWithTheProfileServeSlowerAndSaySo(@TempDir Path dir) throws IOException {
    Path profile = calibrated(dir);
    CliRunner.Result plain = CliRunner.run(INFER);
    CliRunner.Result mine = CliRunner.run(with(INFER, "--profile", profile.toString()));
    assertThat(mine.exitCode()).as(mine.err()).isZero();
    double before = plain.json().get("outputTokensPerSecondPerGpu").asDouble();
    double after = mine.json().get("outputTokensPerSecondPerGpu").asDouble();
    assertThat(after).isLessThan(0.9 * before).isGreaterThan(0.5 * before);
    assertThat(mine.json().get("ttftSeconds").asDouble()).isGreaterThan(plain.json().get("ttftSeconds").asDouble());
    assertThat(mine.json().get("assumptions").toString()).contains("inference profile").contains("my-bench.csv")
        .contains("memory-bandwidth fraction");
    assertThat(plain.json().get("assumptions").toString()).doesNotContain("inference factors:");
    CliRunner.Result text = CliRunner.run(with(java.util.Arrays.copyOf(INFER, INFER.length - 1), "--profile",
        profile.toString()));
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out()).doesNotStartWith("{").contains("assumptions").contains("inference factors: inference profile");

    String[] capacity = {"capacity", "--model", "llama-2-7b", "--accelerator", "a100-sxm-80gb", "--rps", "20",
        "--input", "512", "--output", "256", "--ttft-slo", "2", "--tpot-slo", "0.1", "--json"};
    CliRunner.Result c = CliRunner.run(with(capacity, "--profile", profile.toString()));
    assertThat(c.exitCode()).as(c.err()).isZero();
    assertThat(c.json().get("assumptions").toString()).contains("inference factors: inference profile");
    assertThat(c.json().get("gpus").asInt()).isGreaterThanOrEqualTo(CliRunner.run(capacity).json().get("gpus").asInt());

    CliRunner.Result sim = CliRunner.run("simulate", "--model", "llama-2-7b", "--accelerator", "a100-sxm-80gb", "--rps",
        "5", "--duration", "30", "--input-dist", "fixed:512", "--output-dist", "fixed:128", "--profile",
        profile.toString(), "--json");
    assertThat(sim.exitCode()).as(sim.err()).isZero();
    assertThat(sim.out()).contains("inference factors: inference profile");
  }

  // s24j: --host-us-per-sequence and --host-us-per-eager-layer set their parts of the profile's overheads: neither
  // drops the other nor the profile's fitted per-layer overhead
  @Test
  void theHostOptionsKeepTheProfilesOverheadsAndEachOther(@TempDir Path dir) throws IOException {
    Path profile = calibrated(dir);
    String[] steady = {"infer", "--model", "llama-2-7b", "--accelerator", "a100-sxm-80gb", "--concurrency", "1",
        "--input", "512", "--output", "256", "--profile", profile.toString(), "--json"};
    CliRunner.Result mine = CliRunner.run(steady);
    // 2 ms per layer: Llama 2 7B's 32 layers launch in 64 ms, longer than the profile's GPU prefill of the prompt
    CliRunner.Result both = CliRunner.run(with(steady, "--host-us-per-eager-layer", "2000", "--host-us-per-sequence",
        "29.4"));
    assertThat(mine.exitCode()).as(mine.err()).isZero();
    assertThat(both.exitCode()).as(both.err()).isZero();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("serving overheads: [0-9.]+ µs per layer and [0-9.]+ µs"
        + " per forward pass, [0-9.]+ ms per request").matcher(mine.json().get("assumptions").toString());
    assertThat(m.find()).isTrue();
    assertThat(both.json().get("assumptions").toString()).contains(m.group())
        .contains("host scheduling 29.4 µs per sequence").contains("2.000 ms of host time per layer to launch")
        .contains("inference factors: inference profile");
    assertThat(both.json().get("ttftSeconds").asDouble() - both.json().get("ttftWaitSeconds").asDouble())
        .isCloseTo(32 * 2e-3 + 29.4e-6, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(both.json().get("ttftSeconds").asDouble()).isGreaterThan(mine.json().get("ttftSeconds").asDouble());

    CliRunner.Result capacity = CliRunner.run("capacity", "--model", "llama-2-7b", "--accelerator", "a100-sxm-80gb",
        "--rps", "5", "--input", "512", "--output", "256", "--ttft-slo", "2", "--tpot-slo", "0.1", "--profile",
        profile.toString(), "--host-us-per-eager-layer", "976", "--json");
    assertThat(capacity.exitCode()).as(capacity.err()).isZero();
    assertThat(capacity.json().get("assumptions").toString()).contains("inference factors: inference profile")
        .contains("976.0 µs per layer more (s24g)");
  }

  @Test
  void aTrainingProfileKeepsTheBundledInferenceFactorsAndAnInferenceProfileIsRefusedByTrain(@TempDir Path dir)
      throws IOException {
    Path training = dir.resolve("training.json");
    Files.writeString(training, "{\"format\": \"llmcost-profile/1\", \"values\": {\"OVERLAP_EFFICIENCY\": 0.5},"
        + " \"runs\": 3, \"source\": \"x\"}");
    CliRunner.Result plain = CliRunner.run(INFER);
    CliRunner.Result t = CliRunner.run(with(INFER, "--profile", training.toString()));
    assertThat(t.exitCode()).as(t.err()).isZero();
    assertThat(t.json().get("outputTokensPerSecondPerGpu").asDouble())
        .isEqualTo(plain.json().get("outputTokensPerSecondPerGpu").asDouble());
    assertThat(t.json().get("assumptions").toString()).contains("has no inference section");

    Path profile = calibrated(dir);
    CliRunner.Result train = CliRunner.run("train", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--gpus",
        "8", "--tp", "1", "--pp", "1", "--dp", "8", "--profile", profile.toString());
    assertThat(train.exitCode()).isEqualTo(2);
    assertThat(train.err()).contains("holds inference factors only");
  }

  @Test
  void bothRunFilesWriteOneProfileThatTrainAndInferApply(@TempDir Path dir) throws IOException {
    Path runs = dir.resolve("runs.csv");
    Files.writeString(runs, CalibrateCommandTest.RUNS);
    Path bench = dir.resolve("my-bench.csv");
    Files.writeString(bench, BENCH);
    Path profile = dir.resolve("both.json");
    CliRunner.Result r = CliRunner.run("calibrate", "--runs", runs.toString(), "--inference-runs", bench.toString(),
        "--out", profile.toString(), "--inference-free", "memory-bandwidth-fraction,per-layer-overhead-seconds");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("mine-7b-8k").contains("a-ttft-2048");
    assertThat(Files.readString(profile)).contains("OVERLAP_EFFICIENCY").contains("\"inference\"");
    CliRunner.Result train = CliRunner.run("train", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--gpus",
        "8", "--tp", "1", "--pp", "1", "--dp", "8", "--profile", profile.toString(), "--json");
    assertThat(train.exitCode()).as(train.err()).isZero();
    CliRunner.Result infer = CliRunner.run(with(INFER, "--profile", profile.toString()));
    assertThat(infer.exitCode()).as(infer.err()).isZero();
    assertThat(infer.json().get("assumptions").toString()).contains("inference profile");
  }

  @Test
  void badInputExitsTwoNamingTheRowAndColumn(@TempDir Path dir) throws IOException {
    Path bench = dir.resolve("bad.csv");
    Path out = dir.resolve("p.json");
    Files.writeString(bench, BENCH.replace("1038.8", "fast"));
    CliRunner.Result r = CliRunner.run("calibrate", "--inference-runs", bench.toString(), "--out", out.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("row 2 (id a-128-2048), column value: \"fast\" is not a number");
    assertThat(out).doesNotExist();

    Files.writeString(bench, BENCH.replace("mistral-7b-v0.1", "mistral-9b"));
    r = CliRunner.run("calibrate", "--inference-runs", bench.toString(), "--out", out.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("column model: \"mistral-9b\"").contains("unknown model");

    Files.writeString(bench, BENCH);
    r = CliRunner.run("calibrate", "--inference-runs", bench.toString(), "--out", out.toString(), "--free", "speed");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--free").contains("\"speed\"");
    r = CliRunner.run("calibrate", "--inference-runs", bench.toString(), "--out", out.toString(), "--free",
        "fp8-matmul-relative-efficiency");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("no run informs fp8-matmul-relative-efficiency");

    Files.writeString(bench, BENCH.lines().limit(3).reduce("", (a, b) -> a + b + "\n"));
    r = CliRunner.run("calibrate", "--inference-runs", bench.toString(), "--out", out.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("needs at least 4 runs, had 2");
    assertThat(out).doesNotExist();

    r = CliRunner.run("calibrate", "--out", out.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--runs").contains("--inference-runs");
  }
}
