package dev.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Issue 14, "tests that keep it so": property-based runs of the command line over generated
 * options and generated {@code config.json}, {@code tokenizer.json} and price files. Every run must
 * end with exit 0 and one JSON object whose numbers are finite and whose sizes, times, counts and
 * money are not negative, or with exit 2, one line on stderr without a stack trace and
 * {@code {"error": ...}} on stdout. Any other exit code, an exception escaping, or a run that does
 * not end (a generous bound of {@value #RUN_BOUND_SECONDS} s per run, far above what any of these
 * commands takes, so that a hang fails the test instead of the build) is a failure.
 *
 * <p>The generator is a seeded {@link Random} over pools of hostile values (each dynamic test names
 * its seed; the failure message holds the whole command line). jqwik was tried first: version
 * 1.10.1 prints a notice asking AI agents not to use it, and this project's code is written with
 * AI assistance, so the generator is kept to the JDK.
 */
class HostileInputPropertiesTest {

  private static final long RUN_BOUND_SECONDS = 120;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path DIR = tempDir();

  /** Numbers a hostile user types: zero, negatives, huge, non-finite, fractions, junk. */
  private static final List<String> NUMBERS = List.of(
      "0", "-1", "1", "2", "3", "7", "8", "16", "64", "1000", "4096", "131072", "1e30", "-1e30", "NaN",
      "Infinity", "-0", "0.5", "1.5", "2147483647", "2147483648", "9223372036854775807", "", "abc", "1T",
      "15T", "300B", "0.0001", "1e-300", "0x10", "٣");

  private static final List<String> MODELS = List.of(
      "llama-3.1-8b", "llama-3.1-70b", "gpt2", "mixtral-8x7b-v0.1", "deepseek-v3", "bert-base-uncased",
      "qwen2.5-7b", "gpt-4o", "nope", "", "llama-3.1-8", "../../etc/passwd");

  private static final List<String> ACCELERATORS = List.of("h100-sxm", "a100-80gb", "rtx-4090", "b200", "tpu-v5p",
      "nope", "");

  /** A generator of one run's arguments from a seeded random source. */
  private interface Gen<T> extends Function<Random, T> {}

  private static <T> T pick(Random r, List<T> values) {
    return values.get(r.nextInt(values.size()));
  }

  /** Zero to five options drawn from the pool, each with a value from its list. */
  private static List<String> options(Random r, Map<String, List<String>> pool) {
    List<String> names = new ArrayList<>(new java.util.TreeSet<>(pool.keySet()));
    List<String> args = new ArrayList<>();
    int n = r.nextInt(6);
    for (int i = 0; i < n; i++) {
      String name = pick(r, names);
      args.add(name);
      args.add(pick(r, pool.get(name)));
    }
    return args;
  }

  private static Gen<List<String>> command(String name, List<String> required, Map<String, List<String>> pool) {
    return r -> {
      List<String> args = new ArrayList<>(List.of(name.split(" ")));
      args.add("--model");
      args.add(pick(r, MODELS));
      args.addAll(required);
      args.addAll(options(r, pool));
      return args;
    };
  }

  private static final Map<String, List<String>> TRAIN = Map.ofEntries(
      Map.entry("--accelerator", ACCELERATORS), Map.entry("--gpus", NUMBERS), Map.entry("--tp", NUMBERS),
      Map.entry("--pp", NUMBERS), Map.entry("--dp", NUMBERS), Map.entry("--cp", NUMBERS),
      Map.entry("--ep", NUMBERS), Map.entry("--seq", NUMBERS), Map.entry("--global-batch", NUMBERS),
      Map.entry("--micro-batch", NUMBERS), Map.entry("--tokens", NUMBERS),
      Map.entry("--virtual-stages", NUMBERS), Map.entry("--zero", List.of("0", "1", "2", "3", "4", "-1", "x")),
      Map.entry("--recompute", List.of("none", "selective", "full", "x", "")),
      Map.entry("--precision", List.of("bf16", "fp8", "fp32", "fp4", "x")),
      Map.entry("--price-per-gpu-hour", NUMBERS), Map.entry("--pue", NUMBERS),
      Map.entry("--expert-imbalance", NUMBERS), Map.entry("--pp-last-stage-layers", NUMBERS),
      Map.entry("--pp-layout", List.of("Et*4|(t*4|)*14tmL", "EtL", "Et|(tt|)*30mL", "x", "", "(", "E|L", "t*0")));

  private static final Map<String, List<String>> INFER = Map.ofEntries(
      Map.entry("--accelerator", ACCELERATORS), Map.entry("--tp", NUMBERS), Map.entry("--pp", NUMBERS),
      Map.entry("--batch", NUMBERS), Map.entry("--input", NUMBERS), Map.entry("--output", NUMBERS),
      Map.entry("--weights", List.of("bf16", "fp8", "int8", "int4", "int4-g128", "int4-g7", "nf4", "fp4", "x")),
      Map.entry("--kv-cache", List.of("bf16", "fp8", "int8", "int4", "x")),
      Map.entry("--reserve", NUMBERS), Map.entry("--price-per-gpu-hour", NUMBERS),
      Map.entry("--api-input-price", NUMBERS), Map.entry("--api-output-price", NUMBERS),
      Map.entry("--api-model", List.of("gpt-4o", "nope", "claude-sonnet-4")), Map.entry("--pue", NUMBERS),
      Map.entry("--host-us-per-sequence", NUMBERS), Map.entry("--rate", NUMBERS), // s22g
      Map.entry("--concurrency", NUMBERS), Map.entry("--host-us-per-eager-layer", NUMBERS)); // s24j

  private static final Map<String, List<String>> CAPACITY = Map.ofEntries(
      Map.entry("--rps", NUMBERS), Map.entry("--input", NUMBERS), Map.entry("--output", NUMBERS),
      Map.entry("--ttft-slo", NUMBERS), Map.entry("--tpot-slo", NUMBERS), Map.entry("--tp", NUMBERS),
      Map.entry("--max-batch", NUMBERS), Map.entry("--price-per-gpu-hour", NUMBERS),
      Map.entry("--weights", List.of("bf16", "fp8", "int4", "x")),
      Map.entry("--host-us-per-eager-layer", NUMBERS)); // s24j

  private static final Map<String, List<String>> BILL = Map.ofEntries(
      Map.entry("--cached", NUMBERS), Map.entry("--cache-write", NUMBERS), Map.entry("--cache-write-1h", NUMBERS),
      Map.entry("--reasoning", NUMBERS), Map.entry("--requests-per-day", NUMBERS),
      Map.entry("--at", List.of("2024-01-01", "2026-12-05", "1900-01-01", "2026-13-40", "x")));

  private static List<String> bill(Random r) {
    List<String> args = new ArrayList<>(List.of("bill", "--model",
        pick(r, List.of("gpt-4o", "claude-sonnet-4", "gemini-2.5-pro", "gpt-5", "nope", "")),
        "--input", pick(r, NUMBERS), "--output", pick(r, NUMBERS)));
    args.addAll(options(r, BILL));
    return args;
  }

  /**
   * {@code runs} dynamic tests, each named with its seed: a failure prints the command line, and
   * {@code -Dllmcost.hostile.seed=N} replays one seed.
   */
  private static Stream<DynamicTest> runs(String name, int runs, Gen<List<List<String>>> gen) {
    long base = Long.getLong("llmcost.hostile.seed", 20261205L);
    return IntStream.range(0, runs).mapToObj(i -> {
      long seed = base + i * 1_000_003L + name.hashCode();
      return DynamicTest.dynamicTest(name + " seed " + seed, () -> {
        for (List<String> args : gen.apply(new Random(seed))) {
          check(args);
        }
      });
    });
  }

  @TestFactory
  Stream<DynamicTest> trainEndsWithAnAnswerOrANamedRefusal() {
    Gen<List<String>> train = command("train", List.of(), TRAIN);
    return runs("train", 120, r -> List.of(train.apply(r)));
  }

  @TestFactory
  Stream<DynamicTest> inferEndsWithAnAnswerOrANamedRefusal() {
    Gen<List<String>> infer = command("infer", List.of("--accelerator", "h100-sxm"), INFER);
    return runs("infer", 120, r -> List.of(infer.apply(r)));
  }

  @TestFactory
  Stream<DynamicTest> capacityEndsWithAnAnswerOrANamedRefusal() {
    Gen<List<String>> capacity = command("capacity", List.of("--accelerator", "h100-sxm", "--rps", "5"), CAPACITY);
    return runs("capacity", 60, r -> List.of(capacity.apply(r)));
  }

  /** s21b: capacity --disaggregated's decode pool of its own ({@code --decode-tp}, {@code --decode-limits}). */
  private static final Map<String, List<String>> DECODE_POOL = Map.ofEntries(
      Map.entry("--decode-tp", NUMBERS), Map.entry("--tp", NUMBERS), Map.entry("--max-batch", NUMBERS),
      Map.entry("--decode-limits", List.of("64,4096", "1,1", "8,4", "0,4", "a,b", "", ",", "1:2", "64,", "-1,-1",
          "2000000,2000000", " 16 , 64 ", "1,2,3")));

  @TestFactory
  Stream<DynamicTest> capacityDecodePoolEndsWithAnAnswerOrANamedRefusal() {
    Gen<List<String>> capacity = command("capacity", List.of("--accelerator", "h100-sxm", "--rps", "5",
        "--disaggregated"), DECODE_POOL);
    return runs("capacity-decode-pool", 40, r -> List.of(capacity.apply(r)));
  }

  @TestFactory
  Stream<DynamicTest> billEndsWithAnAnswerOrANamedRefusal() {
    return runs("bill", 120, r -> List.of(bill(r)));
  }

  // ---- generated files ----

  /** Values a hostile config.json holds for a numeric field; {@code null} removes the field. */
  private static final List<Object> CONFIG_VALUES = java.util.Arrays.asList(
      null, 0, -1, 1, 3, 7, 64, 128, 4096, 11008, 32000, 1_000_000_000_000L, 2.5, "64", true,
      List.of(), Map.of(), -1e300);

  private static final List<String> CONFIG_FIELDS = List.of("hidden_size", "num_hidden_layers",
      "num_attention_heads", "num_key_value_heads", "intermediate_size", "vocab_size", "max_position_embeddings",
      "head_dim", "n_routed_experts", "num_experts_per_tok", "num_local_experts", "moe_intermediate_size",
      "sliding_window", "n_shared_experts");

  private static Path config(Random r) {
    ObjectNode node = JSON.createObjectNode();
    node.put("model_type", pick(r, List.of("llama", "mistral", "mixtral", "qwen2", "deepseek_v3", "bert", "gpt2",
        "gemma2", "made_up_type", "")));
    node.put("hidden_size", 256);
    node.put("num_hidden_layers", 2);
    node.put("num_attention_heads", 4);
    node.put("intermediate_size", 512);
    node.put("vocab_size", 1000);
    node.put("max_position_embeddings", 2048);
    int n = r.nextInt(7);
    for (int i = 0; i < n; i++) {
      String field = pick(r, CONFIG_FIELDS);
      Object value = pick(r, CONFIG_VALUES);
      if (value == null) {
        node.remove(field);
      } else {
        node.set(field, JSON.valueToTree(value));
      }
    }
    return write("config", node.toString());
  }

  @TestFactory
  Stream<DynamicTest> aGeneratedConfigIsCountedOrRefusedByField() {
    return runs("config", 100, r -> {
      String config = config(r).toString();
      return List.of(List.of("params", "--model", config),
          List.of("infer", "--model", config, "--accelerator", "h100-sxm", "--input", "256", "--output", "16"),
          List.of("train", "--model", config, "--gpus", "8", "--tokens", "1B"));
    });
  }

  private static final List<Object> PRICES = java.util.Arrays.asList(
      null, 0, -1, 1e-6, 3e-6, 1e300, "1e999999999", "0.000002", "x", true, List.of());

  private static Path priceFile(Random r) {
    ObjectNode entry = JSON.createObjectNode();
    Object in = pick(r, PRICES);
    Object out = pick(r, PRICES);
    if (in != null) {
      entry.set("input_cost_per_token", JSON.valueToTree(in));
    }
    if (out != null) {
      entry.set("output_cost_per_token", JSON.valueToTree(out));
    }
    entry.put("litellm_provider", "openai");
    entry.put("mode", pick(r, List.of("chat", "embedding", "", "x")));
    ObjectNode root = JSON.createObjectNode();
    root.set("my-model", entry);
    return write("prices", root.toString());
  }

  @TestFactory
  Stream<DynamicTest> aGeneratedPriceFileBillsOrIsRefusedByEntryAndField() {
    return runs("prices", 60, r -> List.of(List.of("bill", "--prices", priceFile(r).toString(), "--model",
        "my-model", "--input", "1000", "--output", "100")));
  }

  private static Path tokenizerFile(Random r) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode split = root.putObject("pre_tokenizer");
    split.put("type", "Split");
    split.putObject("pattern").put("Regex", pick(r, List.of("\\s+", "(a|aa)+$", "(x+x+)+y", "[", "(?<=a)b",
        "\\p{L}+", "", "(.*)*", "a{1000000}")));
    split.put("behavior", "Isolated");
    split.put("invert", false);
    ObjectNode model = root.putObject("model");
    model.put("type", pick(r, List.of("BPE", "WordPiece", "Unigram", "WordLevel", "Nope", "")));
    ObjectNode vocab = model.putObject("vocab");
    int n = r.nextInt(41);
    for (int i = 0; i < n; i++) {
      vocab.put(i < 26 ? String.valueOf((char) ('a' + i)) : "[UNK]" + i, i);
    }
    model.putArray("merges");
    model.put("unk_token", "[UNK]0");
    return write("tokenizer", root.toString());
  }

  private static String text(Random r) {
    if (r.nextBoolean()) {
      return pick(r, List.of("a".repeat(2000), "ab ".repeat(300), "你好,世界!", "\uD83D\uDE00".repeat(100)));
    }
    StringBuilder s = new StringBuilder();
    int n = r.nextInt(41);
    for (int i = 0; i < n; i++) {
      s.appendCodePoint(r.nextInt(4) == 0 ? r.nextInt(0x3000) : 'a' + r.nextInt(26));
    }
    return s.toString();
  }

  @TestFactory
  Stream<DynamicTest> aGeneratedTokenizerFileCountsOrIsRefused() {
    return runs("tokenizer", 60, r -> List.of(List.of("tokens", "--tokenizer", tokenizerFile(r).toString(),
        "--text", text(r))));
  }

  // ---- the contract ----

  private static final Pattern SIGNED_KEY = Pattern.compile(
      "(?i).*(error|delta|difference|saving|versus|vs|change|margin|residual|signed).*");

  private static void check(List<String> args) {
    List<String> withJson = new ArrayList<>(args);
    withJson.add("--json");
    String line = String.join(" ", withJson);
    Cli run = assertTimeoutPreemptively(Duration.ofSeconds(RUN_BOUND_SECONDS),
        () -> Cli.run(withJson.toArray(String[]::new)), () -> "did not end: " + line);
    assertThat(run.exitCode()).as(line + "\nstderr: " + run.err()).isIn(0, Main.BAD_INPUT);
    assertThat(run.err()).as(line).doesNotContain("\tat ", "Exception in thread");
    JsonNode json = run.json();
    if (run.exitCode() == Main.BAD_INPUT) {
      assertThat(run.err().strip().lines().count()).as(line + "\nstderr: " + run.err()).isEqualTo(1);
      assertThat(json.path("error").asText("")).as(line).isNotBlank();
    } else {
      assertThat(json.isObject()).as(line).isTrue();
      walk(json, "", line);
    }
  }

  private static void walk(JsonNode node, String path, String line) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        walk(e.getValue(), path + "." + e.getKey(), line);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), path + "[" + i + "]", line);
      }
    } else if (node.isNumber()) {
      double v = node.asDouble();
      assertThat(Double.isFinite(v)).as(line + " " + path).isTrue();
      if (!SIGNED_KEY.matcher(path).matches()) {
        assertThat(v).as(line + " " + path + " must not be negative").isGreaterThanOrEqualTo(0.0);
      }
    } else if (node.isTextual()) {
      String s = node.asText();
      assertThat(s).as(line + " " + path).doesNotContain("NaN", "Infinity");
    }
  }

  private static Path write(String prefix, String content) {
    try {
      Path file = Files.createTempFile(DIR, prefix, ".json");
      Files.writeString(file, content, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("llmcost-hostile");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void cleanUp() throws IOException {
    try (var files = Files.walk(DIR)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
