package dev.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14 item 8: thousands separators everywhere. Every text report (its table, prose and
 * assumptions) writes numbers of four or more digits grouped ({@code 1,024}); what is left bare is a
 * year, a command line to copy (a line with {@code llmcost }), a compact layout id ({@code dp=1024}),
 * part of a name or reference ({@code DDR5-5600}, {@code RTX 4090}, {@code #4167}, {@code v1.03}) and a number glued to
 * letters.
 */
class ThousandsSeparatorsTest {

  private static final Pattern BARE = Pattern.compile("(?<![\\w.,/:$×=#-])(?<![A-Z]{2} )\\d{4,}(\\.\\d+)?(?![\\w,:%=-])");

  @ParameterizedTest
  @ValueSource(strings = {
    "train --model llama-3.1-8b --gpus 1024",
    "plan --model llama-3.1-70b --gpus 1024 --top 3",
    "infer --model llama-3.1-70b --accelerator h100-sxm --tp 4 --batch 1024",
    "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 1000",
    "finetune --model llama-3.1-70b --accelerator h100-sxm --method lora --gpus 8 --distribution fsdp --seq 8192",
    "local --model llama-3.1-70b --quant Q4_K_M --device m2-ultra --ctx 32768",
    "local --model llama-3.1-8b --device rtx-4090 --fit",
    "params --model llama-3.1-405b",
    "bill --model claude-sonnet-4 --input 250000 --output 2000 --requests-per-day 100000",
    "simulate --model llama-3.1-8b --accelerator h100-sxm --rps 30 --duration 30",
    "infer --model bert-base-uncased --task embed --accelerator h100-sxm --price-per-gpu-hour 2",
    "capacity --model bert-base-uncased --accelerator h100-sxm --rps 1000 --price-per-gpu-hour 2",
    "catalog accelerators"
  })
  void numbersOfFourOrMoreDigitsAreGrouped(String command) {
    Cli r = Cli.run(command.split(" "));
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> bare = new ArrayList<>();
    for (String line : r.out().split("\n")) {
      if (line.contains("llmcost ")) {
        continue;
      }
      Matcher m = BARE.matcher(line);
      while (m.find()) {
        if (!m.group().matches("(19|20)\\d\\d")) {
          bare.add(m.group() + " in: " + line.strip());
        }
      }
    }
    assertThat(bare).as(command).isEmpty();
  }
}
