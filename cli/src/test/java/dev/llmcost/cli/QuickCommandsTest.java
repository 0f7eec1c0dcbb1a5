package dev.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick path ({@link QuickCommands}) prints, exits and fails exactly as picocli's path does,
 * and takes only the argument forms it is meant to.
 */
class QuickCommandsTest {

  private static CliRunner.Result run(boolean quick, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), quick);
    return new CliRunner.Result(code, out.toString(), err.toString());
  }

  @Test
  void answersAsPicocliDoes(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("config.json");
    Files.writeString(config, "{\"model_type\":\"mixtral\",\"torch_dtype\":\"bfloat16\"}");
    Path unknownType = dir.resolve("unknown.json");
    Files.writeString(unknownType, "{\"model_type\":\"no-such-type\",\"hidden_size\":512,\"num_hidden_layers\":2,"
        + "\"num_attention_heads\":8,\"intermediate_size\":1024,\"vocab_size\":1000}");
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"model_type\": ");
    List<String[]> handled = new ArrayList<>();
    for (String model : List.of("llama-3.1-8b", "LLAMA-3.1-8B", "deepseek-v3", "gemma-3-27b", "llama-3-405b", "gpt-4o",
        config.toString(), unknownType.toString(), broken.toString(), dir.resolve("missing.json").toString(),
        dir.resolve("missing.gguf").toString(), "not a model")) {
      handled.add(new String[] {"params", "--model", model});
      handled.add(new String[] {"params", "--model", model, "--json"});
      handled.add(new String[] {"params", "--json", "--model", model});
      handled.add(new String[] {"params", "--assume-llama", "--model", model, "--json"});
      handled.add(new String[] {"params", "--model", model, "--assume-llama"});
    }
    List<String> table = new ArrayList<>();
    for (String[] args : handled) {
      CliRunner.Result quick = run(true, args);
      CliRunner.Result picocli = run(false, args);
      table.add(String.join(" ", args) + " -> " + quick.exitCode() + " / " + picocli.exitCode());
      assertThat(quick).as(String.join(" ", args)).isEqualTo(picocli);
      assertThat(QuickCommands.run(args, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())))
          .as("handled: " + String.join(" ", args))
          .isNotEqualTo(QuickCommands.NOT_HANDLED);
    }
    System.out.println("quick path vs picocli (exit codes), identical output:\n  " + String.join("\n  ", table));
    assertThat(table).anyMatch(l -> l.endsWith("-> 0 / 0")).anyMatch(l -> l.endsWith("-> 2 / 2"));
  }

  @Test
  void leavesEveryOtherFormToPicocli() {
    String[][] others = {
      {"params"},
      {"params", "--model"},
      {"params", "--json"},
      {"params", "--model=llama-3.1-8b"},
      {"params", "--model", "llama-3.1-8b", "--model", "llama-3.1-70b"},
      {"params", "--model", "llama-3.1-8b", "--json", "--json"},
      {"params", "--model", "llama-3.1-8b", "--assume-llama", "--assume-llama"},
      {"params", "--model", "--json"},
      {"params", "--model", ""},
      {"params", "--model", "@args.txt"},
      {"params", "--model", "llama-3.1-8b", "-h"},
      {"params", "--model", "llama-3.1-8b", "--help"},
      {"params", "--model", "llama-3.1-8b", "--version"},
      {"params", "--model", "llama-3.1-8b", "--"},
      {"params", "--model", "llama-3.1-8b", "extra"},
      {"params", "--modle", "llama-3.1-8b"},
      {"bill", "--model", "gpt-4o"},
      {"--model", "llama-3.1-8b", "params"},
    };
    for (String[] args : others) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      assertThat(QuickCommands.run(args, new PrintWriter(out), new PrintWriter(err)))
          .as(String.join(" ", args))
          .isEqualTo(QuickCommands.NOT_HANDLED);
      assertThat(out.toString() + err.toString()).isEmpty();
      // and the public entry point answers them as picocli does
      assertThat(run(true, args)).as(String.join(" ", args)).isEqualTo(run(false, args));
    }
  }
}
