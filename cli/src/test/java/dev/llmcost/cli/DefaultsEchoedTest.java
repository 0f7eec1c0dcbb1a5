package dev.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 7: defaults that change a result are echoed in the output, not only in --help;
 * infer and capacity share one default prompt and output length, which fits GPT-2.
 */
class DefaultsEchoedTest {

  @Test
  void trainEchoesTheTokensSequenceAndGlobalBatchItFilledIn() {
    CliRunner.Result r = CliRunner.run("train", "--model", "llama-3.1-8b", "--gpus", "8");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out().lines().skip(1).findFirst()).hasValue(
        "  defaults used: --tokens 160,605,224,960 (20 per parameter), --seq 2,048, --global-batch 512 (at least 512,"
            + " a multiple of micro-batch × dp)");
    JsonNode j = CliRunner.run("train", "--model", "llama-3.1-8b", "--gpus", "8", "--json").json();
    assertThat(j.get("defaultsUsed").get("tokens").asText()).isEqualTo("160,605,224,960 (20 per parameter)");
    assertThat(j.get("defaultsUsed").has("seq")).isTrue();
    JsonNode given = CliRunner.run("train", "--model", "llama-3.1-8b", "--gpus", "8", "--tokens", "1T", "--seq",
        "4096", "--global-batch", "256", "--json").json();
    assertThat(given.get("defaultsUsed")).isEmpty();
  }

  @Test
  void inferAndCapacityShareOneDefaultLengthAndEchoIt() {
    CliRunner.Result infer = CliRunner.run("infer", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm");
    assertThat(infer.exitCode()).as(infer.err()).isZero();
    assertThat(infer.out()).contains("1,024 input + 256 output tokens per sequence",
        "  defaults used: --output 256, --input 1,024\n");
    CliRunner.Result capacity = CliRunner.run("capacity", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm",
        "--rps", "4");
    assertThat(capacity.exitCode()).as(capacity.err()).isZero();
    assertThat(capacity.out()).contains("1,024 input + 256 output tokens",
        "  defaults used: --output 256, --input 1,024\n");
    JsonNode j = CliRunner.run("capacity", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--rps", "4",
        "--input", "100", "--json").json();
    assertThat(j.get("defaultsUsed").get("output").asText()).isEqualTo("256");
    assertThat(j.get("defaultsUsed").has("input")).isFalse();
  }

  /** s22j: infer's steady state echoes the scheduler settings it filled in, not a static batch. */
  @Test
  void inferSteadyStateEchoesItsSchedulerDefaults() {
    CliRunner.Result r = CliRunner.run("infer", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--input",
        "1000", "--output", "250", "--rate", "5");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("  defaults used: --scheduler-steps 1 (a scheduling decision every iteration),"
        + " --prefill-scheduling mixed (each prompt prefilled in a decode iteration)\n");
    CliRunner.Result given = CliRunner.run("infer", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--input",
        "1000", "--output", "250", "--rate", "5", "--scheduler-steps", "1", "--prefill-scheduling", "mixed");
    assertThat(given.exitCode()).as(given.err()).isZero();
    assertThat(given.out()).doesNotContain("defaults used");
    CliRunner.Result batch = CliRunner.run("infer", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--input",
        "1000", "--output", "250");
    assertThat(batch.out()).doesNotContain("--scheduler-steps").doesNotContain("--prefill-scheduling");
  }

  @Test
  void theDefaultPromptIsShortenedToFitGpt2AndSaysSo() {
    CliRunner.Result r = CliRunner.run("infer", "--model", "gpt2", "--accelerator", "h100-sxm");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("768 input + 256 output tokens per sequence",
        "--input 768 (the default 1,024 shortened to fit gpt2's learned position table of 1,024 with 256 output"
            + " tokens)");
    CliRunner.Result asked = CliRunner.run("infer", "--model", "gpt2", "--accelerator", "h100-sxm", "--input", "1024");
    assertThat(asked.exitCode()).isEqualTo(2);
  }
}
