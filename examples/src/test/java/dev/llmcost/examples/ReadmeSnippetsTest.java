package dev.llmcost.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java, Kotlin and Scala block of README.md is compiled by the build: it is marked {@code
 * <!-- snippet: ID -->} on the line above its fence and equals the regions {@code // snippet:ID}
 * ... {@code // end-snippet} of the sources in {@code examples/src/main/{java,kotlin,scala}/
 * dev/llmcost/examples/readme/} (each region without its common indentation, the regions of one
 * id joined by a blank line, in file order: the imports first, then the body).
 */
class ReadmeSnippetsTest {

  private static final Path README = Path.of("..", "README.md");
  private static final List<Path> SOURCES = List.of(
      Path.of("src/main/java/dev/llmcost/examples/readme"),
      Path.of("src/main/kotlin/dev/llmcost/examples/readme"),
      Path.of("src/main/scala/dev/llmcost/examples/readme"),
      // the README's Spark block: compiled by llmcost-spark, which has Spark on its class path
      Path.of("../spark/src/test/java/dev/llmcost/spark/examples/readme"));
  private static final Pattern MARKER = Pattern.compile("^<!--\\s*snippet:\\s*([\\w.-]+)\\s*-->\\s*$");
  private static final Pattern FENCE = Pattern.compile("^```(\\w*)\\s*$");
  private static final Pattern REGION_START = Pattern.compile("^\\s*//\\s*snippet:([\\w.-]+)\\s*$");
  private static final Pattern REGION_END = Pattern.compile("^\\s*//\\s*end-snippet\\s*$");
  private static final Set<String> COMPILED_LANGUAGES = Set.of("java", "kotlin", "scala");

  /** A fenced README block. */
  private record Block(String id, String language, int line, String text) {}

  /** The regions of one id in one source file. */
  private record Source(Path file, List<Integer> lines, String text) {}

  @Test
  void everyCompiledLanguageBlockOfTheReadmeEqualsItsSourceRegion() throws IOException {
    List<String> readme = Files.readAllLines(README, StandardCharsets.UTF_8);
    List<String> problems = new ArrayList<>();
    Map<String, Block> blocks = new LinkedHashMap<>();
    for (int i = 0; i < readme.size(); i++) {
      Matcher fence = FENCE.matcher(readme.get(i));
      if (!fence.matches() || fence.group(1).isEmpty()) {
        continue;
      }
      String language = fence.group(1);
      int end = i + 1;
      while (end < readme.size() && !readme.get(end).startsWith("```")) {
        end++;
      }
      String text = String.join("\n", readme.subList(i + 1, end));
      Matcher marker = i > 0 ? MARKER.matcher(readme.get(i - 1)) : MARKER.matcher("");
      if (marker.matches()) {
        Block b = new Block(marker.group(1), language, i + 2, text);
        if (blocks.put(b.id, b) != null) {
          problems.add("README.md line " + i + ": snippet id '" + b.id + "' is used twice; give each block its own id");
        }
      } else if (COMPILED_LANGUAGES.contains(language)) {
        problems.add("README.md line " + (i + 1) + ": this ```" + language + " block has no '<!-- snippet: ID -->' line"
            + " above it, so the build does not compile it. Put its code in a region '// snippet:ID' ... '// end-snippet'"
            + " of a source under examples/src/main/" + language + "/dev/llmcost/examples/readme/ and add"
            + " '<!-- snippet: ID -->' on the line above the fence.");
      }
      i = end;
    }

    Map<String, Source> sources = sources();
    for (Block b : blocks.values()) {
      Source s = sources.get(b.id);
      if (s == null) {
        problems.add("README.md line " + (b.line - 2) + ": snippet '" + b.id + "' has no region '// snippet:" + b.id
            + "' in examples/src/main/{java,kotlin,scala}/dev/llmcost/examples/readme/; add one (the build compiles it)"
            + " or remove the marker");
        continue;
      }
      if (!s.text.equals(b.text)) {
        problems.add(difference(b, s));
      }
    }
    for (Map.Entry<String, Source> e : sources.entrySet()) {
      if (!blocks.containsKey(e.getKey())) {
        problems.add("examples/" + e.getValue().file + " line " + e.getValue().lines.get(0) + ": region '// snippet:"
            + e.getKey() + "' is not in README.md; add '<!-- snippet: " + e.getKey() + " -->' above its block there,"
            + " or remove the region's markers");
      }
    }
    if (!problems.isEmpty()) {
      fail(problems.size() + " README snippet problem(s):\n\n" + String.join("\n\n", problems));
    }
    assertThat(blocks).as("README.md holds marked snippets").isNotEmpty();
  }

  /** Names the first differing line of a snippet, and gives the block README.md should hold. */
  private static String difference(Block b, Source s) {
    String[] readme = b.text.split("\n", -1);
    String[] source = s.text.split("\n", -1);
    int k = 0;
    while (k < readme.length && k < source.length && readme[k].equals(source[k])) {
      k++;
    }
    String r = k < readme.length ? readme[k] : "(end of block)";
    String o = k < source.length ? source[k] : "(end of regions)";
    return "snippet '" + b.id + "' differs: README.md line " + (b.line + k) + " and examples/" + s.file
        + " (regions at lines " + s.lines + "), snippet line " + (k + 1) + ":\n"
        + "  README.md: " + r + "\n"
        + "  source:    " + o + "\n"
        + "The source is what the build compiles. Change it there, then replace the block under"
        + " '<!-- snippet: " + b.id + " -->' in README.md with its regions (common indentation removed, regions"
        + " joined by one blank line):\n```" + b.language + "\n" + s.text + "\n```";
  }

  /** Reads every region of the snippet sources, by id. */
  private static Map<String, Source> sources() throws IOException {
    Map<String, List<String>> regions = new LinkedHashMap<>();
    Map<String, Path> files = new LinkedHashMap<>();
    Map<String, List<Integer>> lines = new LinkedHashMap<>();
    Set<String> duplicates = new TreeSet<>();
    for (Path dir : SOURCES) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      List<Path> list;
      try (Stream<Path> s = Files.list(dir)) {
        list = s.filter(Files::isRegularFile).sorted().toList();
      }
      for (Path file : list) {
        List<String> content = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < content.size(); i++) {
          Matcher start = REGION_START.matcher(content.get(i));
          if (!start.matches()) {
            continue;
          }
          String id = start.group(1);
          int end = i + 1;
          while (end < content.size() && !REGION_END.matcher(content.get(end)).matches()) {
            end++;
          }
          if (end == content.size()) {
            throw new IllegalStateException(file + " line " + (i + 1) + ": '// snippet:" + id + "' has no '// end-snippet'");
          }
          Path previous = files.putIfAbsent(id, file);
          if (previous != null && !previous.equals(file)) {
            duplicates.add(id + " (" + previous + ", " + file + ")");
          }
          regions.computeIfAbsent(id, k -> new ArrayList<>()).add(dedent(content.subList(i + 1, end)));
          lines.computeIfAbsent(id, k -> new ArrayList<>()).add(i + 1);
          i = end;
        }
      }
    }
    assertThat(duplicates).as("snippet ids in two files (an id's regions belong to one file)").isEmpty();
    Map<String, Source> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : regions.entrySet()) {
      out.put(e.getKey(), new Source(files.get(e.getKey()), lines.get(e.getKey()), String.join("\n\n", e.getValue())));
    }
    return out;
  }

  private static String dedent(List<String> lines) {
    int indent = Integer.MAX_VALUE;
    for (String l : lines) {
      if (!l.isBlank()) {
        indent = Math.min(indent, l.length() - l.stripLeading().length());
      }
    }
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      out.add(l.isBlank() ? "" : l.substring(indent).stripTrailing());
    }
    return String.join("\n", out);
  }
}
