package dev.llmcost.examples;

import dev.llmcost.tokenizers.Tokenizer;
import dev.llmcost.tokenizers.TokenizerRegistry;
import dev.llmcost.tokenizers.training.BpeStyle;
import dev.llmcost.tokenizers.training.BpeTrainer;
import dev.llmcost.tokenizers.training.BpeTrainingOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How would you design a Chinese tokenizer? An answer with numbers: train byte-level and
 * SentencePiece-style BPE vocabularies of growing size on a mixed Chinese and English corpus, and
 * measure on held-out text how many Chinese characters one token carries (on the held-out lines
 * reduced to their Han characters; the line breaks count as tokens too) and how many tokens an
 * English word costs, against splitting Chinese per character (as BERT's Chinese vocabulary does)
 * and against real vocabularies (Qwen2.5, Mistral 7B, BERT Chinese).
 *
 * <p>Run from the repository root after {@code benchmarks/corpora/fetch.sh} (the LibreOffice help in
 * Chinese and English): {@code java -cp examples/target/llmcost.jar
 * dev.llmcost.examples.ChineseTokenizerDesign [zh.txt en.txt]}. Every tenth line of each file is
 * held out for measuring.
 */
public final class ChineseTokenizerDesign {
  private ChineseTokenizerDesign() {}

  /** Vocabulary sizes tried. */
  static final int[] SIZES = {1_000, 4_000, 16_000, 32_000};

  /** Held-out text and its counts. */
  record HeldOut(String chinese, long hanCharacters, String english, long englishWords) {}

  /** One row of the table. */
  record Row(String tokenizer, int vocabulary, double hanPerToken, double tokensPerWord) {}

  public static void main(String[] args) throws IOException {
    Path zh = Path.of(args.length > 0 ? args[0] : "benchmarks/target/corpora/zh.txt");
    Path en = Path.of(args.length > 1 ? args[1] : "benchmarks/target/corpora/en.txt");
    if (!Files.exists(zh) || !Files.exists(en)) {
      System.err.println("corpora missing: run benchmarks/corpora/fetch.sh, or pass zh.txt en.txt");
      System.exit(2);
    }
    List<String> training = new ArrayList<>();
    StringBuilder zhHeld = new StringBuilder();
    StringBuilder enHeld = new StringBuilder();
    split(Files.readAllLines(zh, StandardCharsets.UTF_8), training, zhHeld);
    split(Files.readAllLines(en, StandardCharsets.UTF_8), training, enHeld);
    String han = hanOnly(zhHeld.toString());
    HeldOut held = new HeldOut(han, countHan(han), enHeld.toString(), countWords(enHeld.toString()));
    long distinctHan =
        training.stream()
            .flatMapToInt(String::codePoints)
            .filter(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)
            .distinct()
            .count();
    List<Row> rows = new ArrayList<>();
    rows.add(perCharacter(held, (int) distinctHan));
    for (BpeStyle style : BpeStyle.values()) {
      for (int size : SIZES) {
        long t0 = System.nanoTime();
        Tokenizer t = BpeTrainer.train(training, BpeTrainingOptions.of(style, size), p -> {}).tokenizer("bpe");
        System.err.printf("trained %s %d in %.1f s%n", style, size, (System.nanoTime() - t0) / 1e9);
        rows.add(measure(style == BpeStyle.BYTE_LEVEL ? "BPE byte-level (trained)" : "BPE SentencePiece (trained)", t, held));
      }
    }
    // real vocabularies, bundled in llmcost-tokenizers-vocab
    rows.add(measure("Qwen2.5 (real)", TokenizerRegistry.standard().resolve("qwen2.5"), held));
    rows.add(measure("Mistral 7B (real)", TokenizerRegistry.standard().resolve("mistral-7b"), held));
    rows.add(measure("BERT Chinese (real)", TokenizerRegistry.standard().resolve("bert-base-chinese"), held));
    print(System.out, held, rows);
  }

  /** Every tenth line is held out for measuring; the others are for training. */
  static void split(List<String> lines, List<String> training, StringBuilder held) {
    for (int i = 0; i < lines.size(); i++) {
      if (i % 10 == 9) {
        held.append(lines.get(i)).append('\n');
      } else {
        training.add(lines.get(i) + "\n");
      }
    }
  }

  static Row perCharacter(HeldOut held, int distinctHan) {
    // one token per character (the vocabulary: the distinct Han characters of the training text);
    // English split per character too
    long enChars = held.english().codePoints().filter(c -> !Character.isWhitespace(c)).count();
    return new Row("per character (Han seen)", distinctHan, 1.0, (double) enChars / held.englishWords());
  }

  static Row measure(String name, Tokenizer t, HeldOut held) {
    long zhTokens = t.countTokens(held.chinese()).value();
    long enTokens = t.countTokens(held.english()).value();
    return new Row(
        name, t.vocabularySize(), (double) held.hanCharacters() / zhTokens, (double) enTokens / held.englishWords());
  }

  /**
   * The Chinese of the held-out text: each line reduced to its Han characters (lines with fewer
   * than four dropped), so that indentation, Latin names and punctuation do not dilute the ratio.
   */
  static String hanOnly(String text) {
    StringBuilder sb = new StringBuilder();
    for (String line : text.split("\n")) {
      StringBuilder l = new StringBuilder();
      line.codePoints()
          .filter(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)
          .forEach(l::appendCodePoint);
      if (l.length() >= 4) {
        sb.append(l).append('\n');
      }
    }
    return sb.toString();
  }

  static long countHan(String s) {
    return s.codePoints().filter(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN).count();
  }

  static long countWords(String s) {
    return s.split("\\s+").length;
  }

  static void print(PrintStream out, HeldOut held, List<Row> rows) {
    out.printf(
        Locale.ROOT,
        "Held out: %,d Chinese characters, %,d English words.%n%n%-30s %10s %16s %18s%n",
        held.hanCharacters(),
        held.englishWords(),
        "tokenizer",
        "vocabulary",
        "Han chars/token",
        "English tokens/word");
    for (Row r : rows) {
      out.printf(
          Locale.ROOT,
          "%-30s %10s %16.2f %18.2f%n",
          r.tokenizer(),
          String.format(Locale.ROOT, "%,d", r.vocabulary()),
          r.hanPerToken(),
          r.tokensPerWord());
    }
    out.println();
    out.println("Reading: per-character splitting costs one token per Chinese character whatever the");
    out.println("vocabulary; BPE trained on Chinese merges frequent words and phrases, so each token carries");
    out.println("more characters as the vocabulary grows, while English words stay near one token once the");
    out.println("vocabulary holds them. A bilingual vocabulary is a budget split between the two languages.");
  }
}
