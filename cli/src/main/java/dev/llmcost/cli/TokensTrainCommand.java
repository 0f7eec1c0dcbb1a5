package dev.llmcost.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.tokenizers.huggingface.HuggingFaceTokenizer;
import dev.llmcost.tokenizers.training.BpeStyle;
import dev.llmcost.tokenizers.training.BpeTrainer;
import dev.llmcost.tokenizers.training.BpeTrainingOptions;
import dev.llmcost.tokenizers.training.TrainedVocabulary;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code llmcost tokens train}: trains a BPE vocabulary on a corpus and writes a HuggingFace {@code
 * tokenizer.json}. Progress goes to stderr; the summary (and with {@code --json} one JSON object)
 * to stdout.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Train a byte-pair-encoding vocabulary on a corpus and write a tokenizer.json.")
public final class TokensTrainCommand implements Callable<Integer> {

  @Option(names = "--corpus", required = true, description = "UTF-8 text file to learn from.")
  Path corpus;

  @Option(names = "--vocab-size", required = true, description = "Ids wanted, special tokens included.")
  int vocabSize;

  @Option(names = "--out", required = true, description = "Where to write the tokenizer.json.")
  Path out;

  @Option(
      names = "--style",
      defaultValue = "byte-level",
      description = "byte-level (GPT-2, Llama 3, Qwen) or sentencepiece (Llama 2, Mistral); default ${DEFAULT-VALUE}.")
  String style;

  @Option(names = "--min-frequency", defaultValue = "2", description = "Fewest occurrences of a merged pair; default ${DEFAULT-VALUE}.")
  int minFrequency;

  @Mixin JsonOption json;

  @Spec CommandSpec spec;

  static BpeStyle style(String s) {
    switch (s.toLowerCase(Locale.ROOT)) {
      case "byte-level":
      case "bytelevel":
        return BpeStyle.BYTE_LEVEL;
      case "sentencepiece":
        return BpeStyle.SENTENCEPIECE;
      default:
        throw new IllegalArgumentException("style must be byte-level or sentencepiece, was " + s);
    }
  }

  /** Counts the bytes read through it. */
  private static final class CountingInputStream extends FilterInputStream {
    long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }

  /**
   * Refuses an {@code --out} that cannot be written before the (possibly long) training starts: a
   * directory, a missing or read-only parent directory, a read-only file.
   */
  static void checkOut(Path out) {
    if (Files.isDirectory(out)) {
      throw new IllegalArgumentException("--out " + out + " is a directory; name the file to write, such as "
          + out.resolve("tokenizer.json"));
    }
    Path parent = out.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new IllegalArgumentException("--out " + out + ": the directory " + parent + " does not exist");
    }
    if (Files.exists(out) ? !Files.isWritable(out) : !Files.isWritable(parent)) {
      throw new IllegalArgumentException("--out " + out + " is not writable"
          + (Files.exists(out) ? "" : " (the directory " + parent + " is read-only)"));
    }
  }

  @Override
  public Integer call() {
    checkOut(out);
    BpeStyle st = style(style);
    BpeTrainingOptions options =
        BpeTrainingOptions.of(st, vocabSize).withMinFrequency(minFrequency);
    PrintWriter err = spec.commandLine().getErr();
    long t0 = System.nanoTime();
    int[] lastPercent = {-1};
    TrainedVocabulary v =
        BpeTrainer.train(
            corpus,
            options,
            p -> {
              int percent = (int) (p.fraction() * 100);
              if (percent / 10 != lastPercent[0] / 10 || percent == 100) {
                err.printf("%s %3d%% (%d/%d)%n", p.phase(), percent, p.done(), p.total());
                err.flush();
              }
              lastPercent[0] = percent;
            });
    double seconds = (System.nanoTime() - t0) / 1e9;
    try {
      v.writeTo(out);
    } catch (java.io.UncheckedIOException e) {
      throw new IllegalArgumentException("--out " + out + ": cannot write the tokenizer.json: " + e.getCause(), e);
    }
    HuggingFaceTokenizer t = v.tokenizer(out.getFileName().toString());
    long bytes;
    long tokens;
    // streamed: the corpus may be larger than the heap
    try (CountingInputStream counting = new CountingInputStream(Files.newInputStream(corpus));
        Reader r = new InputStreamReader(counting, StandardCharsets.UTF_8.newDecoder())) {
      tokens = t.countTokens(r).value();
      bytes = counting.count;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + corpus + ": " + e.getMessage(), e);
    }
    List<String> warnings = new ArrayList<>();
    if (bytes == 0) {
      warnings.add("the corpus is empty: the vocabulary holds only the special tokens and the "
          + (st == BpeStyle.BYTE_LEVEL ? "256 bytes" : "byte fallback"));
    }
    if (t.vocabularySize() < vocabSize) {
      warnings.add(String.format(Locale.ROOT,
          "the vocabulary has %,d ids, fewer than the %,d asked for: the corpus has no more pairs seen"
              + " at least %d times (--min-frequency); train on more text or ask for fewer ids",
          t.vocabularySize(), vocabSize, minFrequency));
    }
    for (String w : warnings) {
      err.println("llmcost: warning: " + w);
    }
    err.flush();
    PrintWriter o = spec.commandLine().getOut();
    if (json.enabled()) {
      ObjectNode n = JsonOutput.object();
      n.put("out", out.toString());
      n.put("style", st.name());
      n.put("vocabularySize", t.vocabularySize());
      n.put("corpusBytes", bytes);
      n.put("corpusTokens", tokens);
      n.put("bytesPerToken", tokens == 0 ? 0 : (double) bytes / tokens);
      n.put("seconds", seconds);
      if (!warnings.isEmpty()) {
        ArrayNode a = n.putArray("warnings");
        warnings.forEach(a::add);
      }
      o.println(JsonOutput.write(n));
    } else {
      o.printf(
          "wrote %s: %s BPE, %,d ids, trained in %.1f s; the corpus is %,d tokens (%.2f bytes per token)%n",
          out, st.name().toLowerCase(Locale.ROOT).replace('_', '-'), t.vocabularySize(), seconds, tokens,
          tokens == 0 ? 0.0 : (double) bytes / tokens);
    }
    return 0;
  }
}
