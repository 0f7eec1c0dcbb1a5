package dev.llmcost.costmodel.inference;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The test data files whose lines starting with {@code #} carry their sources: the header line and the data lines of
 * such a file, comments and blank lines left out.
 */
final class CommentedCsv {
  private CommentedCsv() {}

  /**
   * Returns the lines of a resource next to {@code owner} that are neither blank nor comments, the header first.
   *
   * @throws NullPointerException if the resource is missing
   */
  static List<String> lines(Class<?> owner, String resource) {
    List<String> out = new ArrayList<>();
    try (InputStream in = Objects.requireNonNull(owner.getResourceAsStream(resource), resource);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.startsWith("#") && !line.isBlank()) {
          out.add(line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
