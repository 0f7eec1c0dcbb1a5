package dev.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14 item 8: one memory unit per report. Every command that speaks of memory, sizes and
 * bytes moved prints them in binary units (GiB, MiB: what {@code nvidia-smi} and PyTorch print and
 * what a GPU's capacity is quoted in); decimal units remain only for bandwidths ("GB/s"). {@code
 * params} is the exception by design: its weight table has a GB and a GiB column, both labelled.
 */
class MemoryUnitsTest {

  private static final Pattern DECIMAL_SIZE = Pattern.compile("\\d (kB|KB|MB|GB|TB|PB)(?!/)|\\b(MB|GB) (moved|of)\\b");
  private static final Pattern BINARY_SIZE = Pattern.compile("\\d (KiB|MiB|GiB|TiB|PiB)\\b");

  @ParameterizedTest
  @ValueSource(strings = {
    "train --model llama-3.1-8b --gpus 8",
    "train --model llama-3.1-405b --gpus 8",
    "plan --model llama-3.1-70b --gpus 64 --top 3",
    "infer --model llama-3.1-8b --accelerator h100-sxm",
    "infer --model llama-3.1-70b --accelerator a100-sxm-80gb --tp 4 --weights fp8",
    "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 10",
    "finetune --model llama-3.1-8b --accelerator rtx-4090 --method qlora",
    "local --model llama-3.1-8b --quant Q4_K_M --device rtx-4090",
    "local --model llama-3.1-8b --device rtx-4090 --fit"
  })
  void everyReportUsesOneMemoryUnit(String command) {
    Cli r = Cli.run(command.split(" "));
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> decimal = new ArrayList<>();
    Matcher m = DECIMAL_SIZE.matcher(r.out());
    while (m.find()) {
      decimal.add(r.out().substring(Math.max(0, m.start() - 20), Math.min(r.out().length(), m.end() + 5)));
    }
    assertThat(decimal).as("decimal sizes in a report that uses binary units:%n%s", r.out()).isEmpty();
    if (command.startsWith("infer") || command.startsWith("local") || command.startsWith("train")) {
      assertThat(BINARY_SIZE.matcher(r.out()).find()).as(r.out()).isTrue();
    }
  }
}
