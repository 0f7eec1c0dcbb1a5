package dev.llmcost.benchmarks.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.lang.Character.UnicodeScript;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Builds the corpora from the unpacked packages: the visible text of the LibreOffice help pages
 * (lines mostly in the language's own script: the translated help keeps untranslated English
 * paragraphs, which are dropped), and the Java files of a sources jar; each cut to whole lines of
 * at most {@value #LIMIT} bytes of UTF-8.
 *
 * <p>Usage: {@code CorpusBuilder OUT_DIR HELP_ROOT SOURCES_JAR}, where {@code HELP_ROOT} holds one
 * unpacked {@code libreoffice-help-*} package per language in {@code en-us/}, {@code zh-cn/},
 * {@code ja/}, {@code ko/} and {@code ru/}. Prints each file's SHA-256.
 */
public final class CorpusBuilder {
  private CorpusBuilder() {}

  /** Most bytes of UTF-8 per corpus. */
  static final int LIMIT = 2_000_000;

  private static final Pattern SCRIPT = Pattern.compile("(?s)<script.*?</script>|<style.*?</style>");
  private static final Pattern BLOCK = Pattern.compile("<(?:p|h\\d|div|li|td|tr|br|pre)\\b[^>]*>");
  private static final Pattern TAG = Pattern.compile("<[^>]+>");
  private static final Pattern ENTITY = Pattern.compile("&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);");

  /**
   * Builds the corpora.
   *
   * @param args output directory, help root, sources jar
   * @throws IOException if a file cannot be read or written
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      throw new IllegalArgumentException("usage: CorpusBuilder OUT_DIR HELP_ROOT SOURCES_JAR");
    }
    Path out = Path.of(args[0]);
    Path help = Path.of(args[1]);
    Files.createDirectories(out);
    Map<Corpus, String> dirs = new TreeMap<>(Map.of(
        Corpus.EN, "en-us", Corpus.ZH, "zh-cn", Corpus.JA, "ja", Corpus.KO, "ko", Corpus.RU, "ru"));
    for (Map.Entry<Corpus, String> e : dirs.entrySet()) {
      write(out, e.getKey(), helpText(help.resolve(e.getValue()), e.getKey()));
    }
    write(out, Corpus.CODE, javaSources(Path.of(args[2])));
    writeTraining(out);
  }

  /** Most bytes of the training corpus: 10 MiB. */
  static final int TRAINING_LIMIT = 10 << 20;

  /** Writes the trainer's corpus: the six corpora one after the other, cut to whole lines within 10 MiB. */
  private static void writeTraining(Path out) throws IOException {
    List<String> lines = new ArrayList<>();
    for (Corpus c : List.of(Corpus.EN, Corpus.ZH, Corpus.JA, Corpus.KO, Corpus.RU, Corpus.CODE)) {
      String text = Files.readString(out.resolve(c.fileName()), StandardCharsets.UTF_8);
      // every file ends with a line break: the last element of the split is empty
      List<String> fileLines = List.of(text.split("\n", -1));
      lines.addAll(fileLines.subList(0, fileLines.size() - 1));
    }
    write(out, Corpus.TRAIN_10MB, lines, TRAINING_LIMIT);
  }

  private static void write(Path out, Corpus c, List<String> lines) throws IOException {
    write(out, c, lines, LIMIT);
  }

  private static void write(Path out, Corpus c, List<String> lines, int limit) throws IOException {
    StringBuilder sb = new StringBuilder();
    int bytes = 0;
    for (String line : lines) {
      int n = line.getBytes(StandardCharsets.UTF_8).length + 1;
      if (bytes + n > limit) {
        break;
      }
      sb.append(line).append('\n');
      bytes += n;
    }
    byte[] data = sb.toString().getBytes(StandardCharsets.UTF_8);
    Files.write(out.resolve(c.fileName()), data);
    System.out.println(c.fileName() + " " + data.length + " bytes sha256 " + Corpus.sha256(data));
  }

  static List<String> helpText(Path root, Corpus language) throws IOException {
    List<Path> pages;
    try (Stream<Path> s = Files.walk(root)) {
      pages = s.filter(p -> p.toString().endsWith(".html") && p.toString().contains("/text/"))
          .sorted().toList();
    }
    List<String> lines = new ArrayList<>();
    for (Path page : pages) {
      String html = Files.readString(page, StandardCharsets.UTF_8);
      int at = html.indexOf("id=\"DisplayArea\"");
      String body = at < 0 ? html : html.substring(at);
      body = SCRIPT.matcher(body).replaceAll("");
      body = BLOCK.matcher(body).replaceAll("\n");
      body = unescape(TAG.matcher(body).replaceAll(""));
      for (String line : body.split("\n")) {
        String t = line.strip();
        if (!t.isEmpty() && inLanguage(t, language)) {
          lines.add(t);
        }
      }
    }
    return lines;
  }

  /** Whether at least half of the letters are in the language's script (Japanese: and some kana). */
  static boolean inLanguage(String line, Corpus language) {
    int letters = 0;
    int own = 0;
    boolean kana = false;
    for (int i = 0; i < line.length(); ) {
      int cp = line.codePointAt(i);
      i += Character.charCount(cp);
      if (!Character.isLetter(cp)) {
        continue;
      }
      letters++;
      UnicodeScript s = UnicodeScript.of(cp);
      kana |= s == UnicodeScript.HIRAGANA || s == UnicodeScript.KATAKANA;
      boolean mine = switch (language) {
        case EN -> s == UnicodeScript.LATIN;
        case ZH -> s == UnicodeScript.HAN;
        case JA -> s == UnicodeScript.HAN || s == UnicodeScript.HIRAGANA || s == UnicodeScript.KATAKANA;
        case KO -> s == UnicodeScript.HANGUL;
        case RU -> s == UnicodeScript.CYRILLIC;
        case CODE, TRAIN_10MB -> true;
      };
      if (mine) {
        own++;
      }
    }
    return letters > 0 && 2 * own >= letters && (language != Corpus.JA || kana);
  }

  static String unescape(String s) {
    Matcher m = ENTITY.matcher(s);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String e = m.group(1);
      String r;
      if (e.startsWith("#x")) {
        r = Character.toString(Integer.parseInt(e.substring(2), 16));
      } else if (e.startsWith("#")) {
        r = Character.toString(Integer.parseInt(e.substring(1)));
      } else {
        r = switch (e) {
          case "lt" -> "<";
          case "gt" -> ">";
          case "amp" -> "&";
          case "quot" -> "\"";
          case "apos" -> "'";
          case "nbsp" -> "\u00a0";
          default -> m.group();
        };
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(r));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  static List<String> javaSources(Path jar) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (InputStream in = Files.newInputStream(jar); ZipInputStream zip = new ZipInputStream(in)) {
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null) {
        if (e.getName().endsWith(".java")) {
          files.put(e.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    }
    List<String> lines = new ArrayList<>();
    for (String text : files.values()) {
      lines.addAll(List.of(text.split("\n", -1)));
    }
    return lines;
  }
}
