package dev.llmcost.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.tokenizers.Tokenizer;
import dev.llmcost.tokenizers.TokenizerRegistry;
import dev.llmcost.tokenizers.dataset.DatasetCounter;
import dev.llmcost.tokenizers.dataset.DatasetFormat;
import dev.llmcost.tokenizers.dataset.DatasetPaths;
import dev.llmcost.tokenizers.dataset.DatasetProgress;
import dev.llmcost.tokenizers.dataset.DatasetTally;
import dev.llmcost.tokenizers.dataset.DatasetTokenStats;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code llmcost tokens count --dataset}: the tokens of a whole dataset (plain text, JSONL, Parquet,
 * gzip, zstd; files, directories, globs) under several tokenizers in one pass on every core, in total,
 * per file and per language.
 */
@Command(
    name = "count",
    mixinStandardHelpOptions = true,
    description = "Count the tokens of a dataset (plain text, JSONL or Parquet, gzip or zstd; files, directories, globs)"
        + " under several tokenizers in one pass, on every core.")
public final class TokensCountCommand implements Callable<Integer> {

  @Option(names = "--dataset", required = true, arity = "1..*", paramLabel = "PATH",
      description = "Files, directories (every file under them) or globs (quote them: 'crawl/*.jsonl.zst').")
  List<String> dataset = new ArrayList<>();

  @Option(names = "--tokenizer", required = true, split = ",", paramLabel = "ID",
      description = "Tokenizers, comma-separated: model ids, tokenizer ids or tokenizer.json paths"
          + " (gpt-4o,llama-3.1-8b,qwen2.5).")
  List<String> tokenizers = new ArrayList<>();

  @Option(names = {"--field", "--column"}, defaultValue = "text", paramLabel = "NAME",
      description = "The JSONL field or the Parquet column (top-level, strings) holding each document's text;"
          + " default ${DEFAULT-VALUE}.")
  String field = "text";

  @Option(names = "--format", defaultValue = "auto",
      description = "auto (from each file's name: .parquet is Parquet, .jsonl/.ndjson/.json are JSONL, the rest"
          + " text), text, jsonl or parquet; default ${DEFAULT-VALUE}.")
  String format = "auto";

  @Option(names = "--by-language", description = "Also count per language (Apache OpenNLP, 103 languages, ISO 639-3).")
  boolean byLanguage;

  /** Most threads {@code --threads} takes: more than any machine's cores, fewer than a process may start. */
  static final int MAX_THREADS = 1024;

  @Option(names = "--threads", paramLabel = "N", description = "Threads; default the available processors.")
  @Nullable Integer threads;

  @Option(names = "--progress", description = "Show the progress bar on stderr even when it is not a terminal.")
  boolean progress;

  @Mixin JsonOption json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    DatasetFormat f = switch (format.toLowerCase(Locale.ROOT)) {
      case "auto" -> DatasetFormat.AUTO;
      case "text", "txt" -> DatasetFormat.TEXT;
      case "jsonl", "ndjson" -> DatasetFormat.JSONL;
      case "parquet" -> DatasetFormat.PARQUET;
      default -> throw new IllegalArgumentException("--format must be auto, text, jsonl or parquet, was " + format);
    };
    if (threads != null && threads < 1) {
      throw new IllegalArgumentException("--threads must be at least 1, was " + threads);
    }
    if (threads != null && threads > MAX_THREADS) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "--threads must be at most %,d (a thread per core"
          + " is the most that counts faster), was %,d", MAX_THREADS, threads));
    }
    for (String d : dataset) {
      if (d.isBlank()) {
        // an empty path is the working directory: every file under it was counted
        throw new IllegalArgumentException("--dataset must not be blank, was \"" + d + "\"");
      }
    }
    if (field.isBlank()) {
      throw new IllegalArgumentException("--field must not be blank, was \"" + field + "\"");
    }
    List<Path> files;
    try {
      files = DatasetPaths.expandAll(dataset);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--dataset: " + e.getMessage(), e);
    }
    TokenizerRegistry registry = TokenizerRegistry.standard();
    List<Tokenizer> ts = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (String id : tokenizers) {
      Tokenizer t = registry.resolve(id);
      if (!seen.contains(t.id())) { // gpt-4o and o200k_base are one tokenizer
        seen.add(t.id());
        ts.add(t);
      }
    }
    DatasetCounter.Builder b = DatasetCounter.builder().tokenizers(ts).field(field).format(f);
    if (threads != null) {
      b.threads(threads);
    }
    if (byLanguage) {
      b.languages(new OpenNlpLanguages());
    }
    PrintWriter err = spec.commandLine().getErr();
    if (progress || System.console() != null) {
      b.progress(p -> bar(err, p), Duration.ofMillis(250));
    }
    DatasetTokenStats s;
    try {
      s = b.build().count(files);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--dataset: " + e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json.enabled()) {
      out.println(JsonOutput.write(json(s)));
    } else {
      out.print(report(s));
    }
    return 0;
  }

  private static void bar(PrintWriter err, DatasetProgress p) {
    int width = 24;
    int filled = (int) Math.round(p.fraction() * width);
    err.printf(Locale.ROOT, "\r[%s%s] %3d%% %s / %s, %,d documents, %s tokens/s%s", "#".repeat(filled),
        ".".repeat(width - filled), Math.round(p.fraction() * 100), size(p.bytesRead()), size(p.bytesTotal()),
        p.documents(), Text.sci(p.tokensPerSecond()), p.done() ? "\n" : "");
    err.flush();
  }

  private static String size(long bytes) {
    if (bytes < 1_000_000) {
      return String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
    }
    if (bytes < 1_000_000_000) {
      return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
    return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
  }

  private ObjectNode json(DatasetTokenStats s) {
    ObjectNode n = JsonOutput.object();
    ArrayNode ids = n.putArray("tokenizers");
    s.tokenizers().forEach(ids::add);
    ArrayNode req = n.putArray("requested");
    tokenizers.forEach(req::add);
    // the first tokenizer's total: what train --tokens takes
    n.put("tokens", s.tokens(s.tokenizers().get(0)).value());
    tally(n, s.total(), s.tokenizers());
    n.put("skippedDocuments", s.skippedDocuments());
    n.put("bytesRead", s.bytesRead());
    n.put("threads", s.threads());
    n.put("seconds", s.elapsed().toNanos() / 1e9);
    ArrayNode files = n.putArray("files");
    for (Map.Entry<Path, DatasetTally> e : s.files().entrySet()) {
      ObjectNode o = files.addObject();
      o.put("path", e.getKey().toString());
      tally(o, e.getValue(), s.tokenizers());
      o.put("skippedDocuments", e.getValue().skippedDocuments());
    }
    if (byLanguage) {
      ArrayNode langs = n.putArray("languages");
      for (Map.Entry<String, DatasetTally> e : s.languages().entrySet()) {
        ObjectNode o = langs.addObject();
        o.put("language", e.getKey());
        tally(o, e.getValue(), s.tokenizers());
      }
    }
    ArrayNode a = n.putArray("assumptions");
    s.assumptions().forEach(a::add);
    return n;
  }

  private static void tally(ObjectNode o, DatasetTally t, List<String> ids) {
    o.put("documents", t.documents());
    o.put("characters", t.characters());
    o.put("bytes", t.bytes());
    ObjectNode tok = o.putObject("tokensBy");
    ObjectNode perChar = o.putObject("tokensPerCharacter");
    ObjectNode perByte = o.putObject("tokensPerByte");
    for (String id : ids) {
      tok.put(id, t.tokens(id).value());
      // no characters (an empty file): the ratios do not apply, null rather than 0
      if (t.characters() > 0) {
        perChar.put(id, t.tokensPerCharacter(id));
      } else {
        perChar.putNull(id);
      }
      if (t.bytes() > 0) {
        perByte.put(id, t.tokensPerByte(id));
      } else {
        perByte.putNull(id);
      }
    }
  }

  private String report(DatasetTokenStats s) {
    StringBuilder sb = new StringBuilder();
    DatasetTally t = s.total();
    sb.append(String.format(Locale.ROOT, "%s: %s file%s, %s document%s, %s characters, %s bytes (UTF-8)%s,"
            + " %.1f s on %d thread%s%n",
        dataset.size() == 1 ? dataset.get(0) : dataset.size() + " paths", Text.grouped(s.files().size()),
        s.files().size() == 1 ? "" : "s", Text.grouped(t.documents()), t.documents() == 1 ? "" : "s",
        Text.grouped(t.characters()), Text.grouped(t.bytes()),
        s.skippedDocuments() > 0 ? ", " + Text.grouped(s.skippedDocuments()) + " lines or rows without \"" + field + "\""
            : "",
        s.elapsed().toNanos() / 1e9, s.threads(), s.threads() == 1 ? "" : "s"));
    sb.append(String.format(Locale.ROOT, "%-22s %16s %10s %10s%n", "tokenizer", "tokens", "per char", "per byte"));
    for (String id : s.tokenizers()) {
      sb.append(String.format(Locale.ROOT, "%-22s %16s %10s %10s%n", id, Text.grouped(t.tokens(id).value()),
          t.characters() > 0 ? String.format(Locale.ROOT, "%.3f", t.tokensPerCharacter(id)) : InferCommand.NOT_APPLICABLE,
          t.bytes() > 0 ? String.format(Locale.ROOT, "%.3f", t.tokensPerByte(id)) : InferCommand.NOT_APPLICABLE));
    }
    if (s.files().size() > 1) {
      sb.append(String.format(Locale.ROOT, "%nper file (tokens under %s)%n", s.tokenizers().get(0)));
      for (Map.Entry<Path, DatasetTally> e : s.files().entrySet()) {
        sb.append(String.format(Locale.ROOT, "  %-40s %12s documents %16s tokens%n", e.getKey(),
            Text.grouped(e.getValue().documents()), Text.grouped(e.getValue().tokens(s.tokenizers().get(0)).value())));
      }
    }
    if (byLanguage) {
      sb.append(String.format(Locale.ROOT, "%nper language (ISO 639-3)%n%-10s %12s %14s", "language", "documents",
          "characters"));
      for (String id : s.tokenizers()) {
        sb.append(String.format(Locale.ROOT, " %20s", id + " tok/char"));
      }
      sb.append('\n');
      for (Map.Entry<String, DatasetTally> e : s.languages().entrySet()) {
        DatasetTally l = e.getValue();
        sb.append(String.format(Locale.ROOT, "%-10s %12s %14s", e.getKey(), Text.grouped(l.documents()),
            Text.grouped(l.characters())));
        for (String id : s.tokenizers()) {
          sb.append(String.format(Locale.ROOT, " %20.3f", l.tokensPerCharacter(id)));
        }
        sb.append('\n');
      }
    }
    sb.append(String.format(Locale.ROOT, "%ntrain on it: llmcost train --tokens %d ... (%s)%n",
        t.tokens(s.tokenizers().get(0)).value(), s.tokenizers().get(0)));
    for (String a : s.assumptions()) {
      sb.append("  assumed: ").append(a).append('\n');
    }
    return sb.toString();
  }
}
