package dev.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --accelerator my-h100.json}: the h100-sxm entry of the bundled catalog saved under an id of its own gives
 * exactly h100-sxm's estimates and says whose rows it read (s12l); a malformed file is refused naming the field.
 */
class AcceleratorFileCommandTest {

  @TempDir Path dir;

  /** Writes the bundled h100-sxm entry under {@code id}, with {@code change} applied to it. */
  private Path copyOfH100(String id, java.util.function.Consumer<ObjectNode> change) throws Exception {
    ObjectMapper m = new ObjectMapper();
    JsonNode bundled;
    try (InputStream in = dev.llmcost.core.hardware.AcceleratorCatalog.class
        .getResourceAsStream("/dev/llmcost/core/catalog/accelerators.json")) {
      bundled = m.readTree(in);
    }
    ObjectNode entry = null;
    for (JsonNode n : bundled.get("accelerators")) {
      if (n.get("id").asText().equals("h100-sxm")) {
        entry = ((ObjectNode) n).deepCopy();
      }
    }
    entry.put("id", id);
    entry.put("name", "My H100");
    entry.remove("aliases");
    change.accept(entry);
    ObjectNode file = m.createObjectNode();
    file.putArray("accelerators").add(entry);
    Path p = dir.resolve(id + ".json");
    Files.writeString(p, file.toPrettyString());
    return p;
  }

  @Test
  void aCopyOfTheH100EntryTrainsExactlyAsTheH100AndSaysWhoseRowsItRead() throws Exception {
    Path mine = copyOfH100("my-h100", e -> { });
    String[] job = {"--model", "llama-3.1-8b", "--gpus", "16", "--tp", "1", "--pp", "1", "--seq", "8192",
        "--global-batch", "64", "--precision", "fp8", "--json"};
    Cli h100 = Cli.run(concat(new String[] {"train", "--accelerator", "h100-sxm"}, job));
    Cli copy = Cli.run(concat(new String[] {"train", "--accelerator", mine.toString()}, job));
    assertThat(copy.exitCode()).as(copy.err()).isZero();
    assertThat(h100.exitCode()).as(h100.err()).isZero();
    assertThat(copy.json().get("accelerator").asText()).isEqualTo("my-h100");
    assertThat(copy.json().get("stepSeconds").asDouble()).isEqualTo(h100.json().get("stepSeconds").asDouble());
    assertThat(copy.json().get("tokensPerSecondPerGpu").asDouble())
        .isEqualTo(h100.json().get("tokensPerSecondPerGpu").asDouble());
    assertThat(copy.json().get("assumptions").toString()).contains("rows of h100-sxm (identical specification)");
    assertThat(h100.json().get("assumptions").toString()).doesNotContain("identical specification");
    // the report prints the provenance too
    Cli text = Cli.run("train", "--accelerator", mine.toString(), "--model", "llama-3.1-8b", "--gpus", "16");
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out()).contains("rows of h100-sxm (identical specification)");
  }

  @Test
  void aCopyOfTheH100EntryServesExactlyAsTheH100AndOneWithAChangedPeakDoesNot() throws Exception {
    String[] scenario = {"--model", "llama-3.1-8b", "--batch", "32", "--input", "2048", "--output", "256", "--json"};
    Cli h100 = Cli.run(concat(new String[] {"infer", "--accelerator", "h100-sxm"}, scenario));
    Cli copy = Cli.run(concat(new String[] {"infer", "--accelerator", copyOfH100("my-h100", e -> { }).toString()},
        scenario));
    assertThat(copy.exitCode()).as(copy.err()).isZero();
    assertThat(copy.json().get("tpotSeconds").asDouble()).isEqualTo(h100.json().get("tpotSeconds").asDouble());
    assertThat(copy.json().get("ttftSeconds").asDouble()).isEqualTo(h100.json().get("ttftSeconds").asDouble());
    assertThat(copy.json().get("assumptions").toString()).contains("rows of h100-sxm (identical specification)");
    Path changed = copyOfH100("my-h100-hbm", e -> e.put("memory_bandwidth_gbps", 3000.0));
    Cli other = Cli.run(concat(new String[] {"infer", "--accelerator", changed.toString()}, scenario));
    assertThat(other.exitCode()).as(other.err()).isZero();
    assertThat(other.json().get("assumptions").toString()).doesNotContain("identical specification")
        .contains("silicon family");
  }

  @Test
  void aMalformedFileIsRefusedNamingTheFileAndTheField() throws Exception {
    Path bad = copyOfH100("bad-h100", e -> e.remove("memory_gib"));
    Cli r = Cli.run("infer", "--accelerator", bad.toString(), "--model", "llama-3.1-8b");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err()).contains(bad.toString()).contains("\"memory_gib\"");
    Cli missing = Cli.run("infer", "--accelerator", dir.resolve("none.json").toString(), "--model", "llama-3.1-8b");
    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.err()).contains("cannot read accelerator file").contains("none.json");
    Path peak = copyOfH100("neg-h100", e -> ((ObjectNode) e.get("dense_tflops")).put("bf16", -1));
    Cli negative = Cli.run("infer", "--accelerator", peak.toString(), "--model", "llama-3.1-8b");
    assertThat(negative.exitCode()).isNotZero();
    assertThat(negative.err()).contains("\"dense_tflops.bf16\" must be a number > 0, was -1");
  }

  @Test
  void aFileOfSeveralAcceleratorsIsReadWithHashId() throws Exception {
    Path one = copyOfH100("my-h100", e -> { });
    Path other = copyOfH100("my-h100-hbm", e -> e.put("memory_bandwidth_gbps", 3000.0));
    ObjectMapper m = new ObjectMapper();
    ObjectNode both = m.createObjectNode();
    both.putArray("accelerators").add(m.readTree(one.toFile()).get("accelerators").get(0))
        .add(m.readTree(other.toFile()).get("accelerators").get(0));
    Path parts = dir.resolve("parts.json");
    Files.writeString(parts, both.toPrettyString());
    String[] scenario = {"--model", "llama-3.1-8b", "--batch", "32", "--input", "2048", "--output", "256", "--json"};
    Cli picked = Cli.run(concat(new String[] {"infer", "--accelerator", parts + "#my-h100"}, scenario));
    Cli alone = Cli.run(concat(new String[] {"infer", "--accelerator", one.toString()}, scenario));
    assertThat(picked.exitCode()).as(picked.err()).isZero();
    assertThat(picked.json().get("accelerator").asText()).isEqualTo("my-h100");
    assertThat(picked.json().get("tpotSeconds").asDouble()).isEqualTo(alone.json().get("tpotSeconds").asDouble());
    Cli second = Cli.run(concat(new String[] {"infer", "--accelerator", parts + "#my-h100-hbm"}, scenario));
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(second.json().get("accelerator").asText()).isEqualTo("my-h100-hbm");
    // several without #id, an unknown id and an empty one are refused naming the file's ids
    Cli several = Cli.run("infer", "--accelerator", parts.toString(), "--model", "llama-3.1-8b");
    assertThat(several.exitCode()).isEqualTo(2);
    assertThat(several.err()).contains("must hold one accelerator, has 2: [my-h100, my-h100-hbm]")
        .contains(parts + "#ID").doesNotContain("Exception");
    Cli unknown = Cli.run("infer", "--accelerator", parts + "#h200", "--model", "llama-3.1-8b");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("has no accelerator 'h200'; it holds [my-h100, my-h100-hbm]");
    Cli empty = Cli.run("infer", "--accelerator", parts + "#", "--model", "llama-3.1-8b");
    assertThat(empty.exitCode()).isEqualTo(2);
    assertThat(empty.err()).contains("names no accelerator after '#'");
  }

  @Test
  void everyCommandThatTakesAnAcceleratorDocumentsHashId() {
    // s13q: --accelerator FILE.json#id was accepted everywhere but documented in no --help
    for (String command : new String[] {"train", "plan", "infer", "capacity", "simulate", "finetune"}) {
      Cli help = Cli.run(command, "--help");
      assertThat(help.exitCode()).as(command).isZero();
      assertThat(help.out().replaceAll("\\s+", " ")).as(command).contains("FILE.json#ID for one of several");
    }
  }

  private static String[] concat(String[] a, String[] b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
