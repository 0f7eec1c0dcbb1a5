package dev.llmcost.tokenizers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** The committed corpus slices (see src/test/resources/.../corpus/README.md). */
final class Corpora {
  private Corpora() {}

  static final List<String> LANGUAGES = List.of("en", "zh", "ja", "ko", "ru", "code");

  private static final Map<String, String> CACHE = new LinkedHashMap<>();

  static synchronized String text(String language) {
    return CACHE.computeIfAbsent(language, Corpora::load);
  }

  static Map<String, String> all() {
    Map<String, String> m = new LinkedHashMap<>();
    for (String l : LANGUAGES) {
      m.put(l, text(l));
    }
    return m;
  }

  private static String load(String language) {
    String path = "corpus/" + language + ".txt.gz";
    try (InputStream raw = Corpora.class.getResourceAsStream(path)) {
      if (raw == null) {
        throw new IllegalStateException("missing test resource " + path);
      }
      try (InputStream in = new GZIPInputStream(raw)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
