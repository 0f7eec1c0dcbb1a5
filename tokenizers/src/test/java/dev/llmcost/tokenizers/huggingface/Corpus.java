package dev.llmcost.tokenizers.huggingface;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The multilingual differential corpus: one sample per line, with escapes. */
final class Corpus {
  private Corpus() {}

  static List<String> samples() {
    String text;
    try (InputStream in =
        Corpus.class.getResourceAsStream("/dev/llmcost/tokenizers/huggingface/differential-corpus.txt")) {
      if (in == null) {
        throw new AssertionError("differential-corpus.txt is missing");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> out = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      if (line.startsWith("#") || line.isEmpty()) {
        continue;
      }
      out.add(unescape(line));
    }
    out.add(""); // the empty text
    out.add(String.join("\n", out)); // everything at once
    return out;
  }

  static String unescape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 >= s.length()) {
        sb.append(c);
        continue;
      }
      char e = s.charAt(++i);
      switch (e) {
        case 'n':
          sb.append('\n');
          break;
        case 'r':
          sb.append('\r');
          break;
        case 't':
          sb.append('\t');
          break;
        case '\\':
          sb.append('\\');
          break;
        case 'u':
          sb.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
          i += 4;
          break;
        case 'U':
          {
            int close = s.indexOf('}', i);
            sb.appendCodePoint(Integer.parseInt(s.substring(i + 2, close), 16));
            i = close;
            break;
          }
        default:
          sb.append('\\').append(e);
      }
    }
    return sb.toString();
  }

  static String show(String s) {
    String t = s.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
    return t.length() > 60 ? t.substring(0, 60) + "…" : t;
  }
}
