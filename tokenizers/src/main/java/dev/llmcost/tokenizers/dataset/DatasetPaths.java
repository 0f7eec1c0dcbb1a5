package dev.llmcost.tokenizers.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/** Expands the paths of a dataset: a file, a directory (every file under it) or a glob. */
public final class DatasetPaths {

  private DatasetPaths() {}

  /**
   * Expands one path or glob into the files it names, sorted by path. A directory stands for the
   * regular files under it at any depth, hidden files (a name starting with a dot) and, as Spark and
   * Hadoop do, metadata (a name starting with an underscore: {@code _SUCCESS}, {@code _temporary/})
   * left out. A glob
   * ({@code data/*.jsonl.gz}, {@code crawl/**}{@code /part-*.zst}) is matched, as {@link
   * java.nio.file.FileSystem#getPathMatcher} does, below the longest leading part free of glob characters ({@code * ? [} and the open brace).
   *
   * @param pathOrGlob a file, a directory or a glob
   * @return the files, at least one
   * @throws IllegalArgumentException if the path does not exist or the glob matches no file
   * @throws UncheckedIOException if a directory cannot be listed
   */
  public static List<Path> expand(String pathOrGlob) {
    int glob = firstGlobChar(pathOrGlob);
    if (glob < 0) {
      Path p = Paths.get(pathOrGlob);
      if (Files.isRegularFile(p)) {
        return List.of(p);
      }
      if (Files.isDirectory(p)) {
        List<Path> files = walk(p, null);
        if (files.isEmpty()) {
          throw new IllegalArgumentException("dataset directory holds no file: " + pathOrGlob);
        }
        return files;
      }
      throw new IllegalArgumentException("dataset path not found: " + pathOrGlob);
    }
    int sep = Math.max(pathOrGlob.lastIndexOf('/', glob), pathOrGlob.lastIndexOf(java.io.File.separatorChar, glob));
    Path base = sep < 0 ? Paths.get("") : Paths.get(sep == 0 ? "/" : pathOrGlob.substring(0, sep));
    if (!Files.isDirectory(base.toString().isEmpty() ? Paths.get(".") : base)) {
      throw new IllegalArgumentException("dataset glob " + pathOrGlob + ": directory not found: " + base);
    }
    PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pathOrGlob);
    List<Path> files = walk(base, m);
    if (files.isEmpty()) {
      throw new IllegalArgumentException("dataset glob matches no file: " + pathOrGlob);
    }
    return files;
  }

  /**
   * Expands several paths or globs, each file once, in the order given.
   *
   * @param pathsOrGlobs files, directories or globs
   * @return the files
   * @throws IllegalArgumentException if there are none, or as {@link #expand(String)}
   */
  public static List<Path> expandAll(List<String> pathsOrGlobs) {
    if (pathsOrGlobs.isEmpty()) {
      throw new IllegalArgumentException("dataset paths must not be empty");
    }
    Set<Path> out = new LinkedHashSet<>();
    for (String s : pathsOrGlobs) {
      out.addAll(expand(s));
    }
    return List.copyOf(out);
  }

  private static int firstGlobChar(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == '{') {
        return i;
      }
    }
    return -1;
  }

  private static List<Path> walk(Path dir, @Nullable PathMatcher m) {
    Path start = dir.toString().isEmpty() ? Paths.get(".") : dir;
    try (Stream<Path> s = Files.walk(start)) {
      List<Path> out = new ArrayList<>();
      s.filter(Files::isRegularFile)
          .map(p -> dir.toString().isEmpty() ? start.relativize(p) : p)
          .filter(p -> !hidden(dir, p))
          .filter(p -> m == null || m.matches(p))
          .sorted()
          .forEach(out::add);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  private static boolean hidden(Path base, Path p) {
    Path rel = base.toString().isEmpty() ? p : base.relativize(p);
    for (Path part : rel) {
      if (part.toString().startsWith(".") || part.toString().startsWith("_")) {
        return true;
      }
    }
    return false;
  }

  /** The file itself, or the files under a directory (no glob). */
  static List<Path> filesOf(Path p) {
    if (Files.isRegularFile(p)) {
      return List.of(p);
    }
    return walk(p, null);
  }
}
