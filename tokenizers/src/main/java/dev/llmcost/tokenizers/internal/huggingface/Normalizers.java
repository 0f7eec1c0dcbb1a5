package dev.llmcost.tokenizers.internal.huggingface;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Builds the normalizers of a {@code tokenizer.json}, as HuggingFace tokenizers defines them. */
final class Normalizers {
  private Normalizers() {}

  /** A normalizer that works char by char, or one whose chunks {@code cut} describes. */
  static Normalizer of(UnaryOperator<String> f, IntUnaryOperator cut) {
    return new Normalizer() {
      @Override
      public String normalize(String text) {
        return f.apply(text);
      }

      @Override
      public int cut(int c) {
        return cut.applyAsInt(c);
      }
    };
  }

  /** The cut of the Unicode normalization forms: before a space or U+2581, starters that compose with nothing. */
  private static int formCut(int c) {
    return c == ' ' || c == '\u2581' ? c : -1;
  }

  static Normalizer parse(Node n) {
    String type = n.type();
    switch (type) {
      case "Sequence":
        {
          List<Normalizer> parts = new ArrayList<>();
          List<Node> nodes = n.array("normalizers");
          for (Node c : nodes) {
            parts.add(parse(c));
          }
          int meta = metaspace(nodes);
          return new Normalizer() {
            @Override
            public int metaspace() {
              return meta;
            }

            @Override
            public String normalize(String s) {
              for (Normalizer p : parts) {
                s = p.normalize(s);
              }
              return s;
            }

            @Override
            public String normalize(String s, boolean first, boolean last) {
              for (Normalizer p : parts) {
                s = p.normalize(s, first, last);
              }
              return s;
            }

            @Override
            public int cut(int c) {
              for (Normalizer p : parts) {
                if (c < 0) {
                  return -1;
                }
                c = p.cut(c);
              }
              return c;
            }
          };
        }
      case "BertNormalizer":
        {
          boolean clean = n.bool("clean_text", true);
          boolean chinese = n.bool("handle_chinese_chars", true);
          boolean lower = n.bool("lowercase", true);
          Node sa = n.opt("strip_accents");
          boolean strip = sa == null ? lower : n.bool("strip_accents", lower);
          // char by char but for NFD (a space is a starter) and the spaces around CJK ideographs
          return of(
              s -> bert(s, clean, chinese, strip, lower),
              c -> c == ' ' || (chinese && Unicode.isChineseChar(c)) ? ' ' : -1);
        }
      case "NFC":
        return of(s -> java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFC), Normalizers::formCut);
      case "NFD":
        return of(s -> java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD), Normalizers::formCut);
      case "NFKC":
        return of(s -> java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFKC), Normalizers::formCut);
      case "NFKD":
        return of(s -> java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFKD), Normalizers::formCut);
      case "Lowercase":
        return of(Normalizers::lowercase, c -> Character.toLowerCase(c) == c ? c : -1);
      case "StripAccents":
        return of(s -> removeMarks(s, false, true), c -> Character.getType(c) == Character.NON_SPACING_MARK
            || Character.getType(c) == Character.COMBINING_SPACING_MARK
            || Character.getType(c) == Character.ENCLOSING_MARK ? -1 : c);
      case "Strip":
        {
          boolean left = n.bool("strip_left", true);
          boolean right = n.bool("strip_right", true);
          return new Normalizer() {
            @Override
            public String normalize(String s) {
              return strip(s, left, right);
            }

            @Override
            public String normalize(String s, boolean first, boolean last) {
              return strip(s, left && first, right && last);
            }

            @Override
            public int cut(int c) {
              return c;
            }
          };
        }
      case "Prepend":
        {
          String prefix = n.string("prepend");
          return new Normalizer() {
            @Override
            public String normalize(String s) {
              return s.isEmpty() ? s : prefix.concat(s);
            }

            @Override
            public String normalize(String s, boolean first, boolean last) {
              return first ? normalize(s) : s;
            }

            @Override
            public int cut(int c) {
              return c;
            }
          };
        }
      case "Replace":
        {
          String content = n.string("content");
          Node pattern = n.object("pattern");
          if (pattern.has("String")) {
            String literal = pattern.string("String");
            if (literal.isEmpty()) {
              throw pattern.error("an empty String pattern is not supported");
            }
            int head = literal.codePointAt(0);
            boolean single = Character.charCount(head) == literal.length();
            return of(
                s -> s.replace(literal, content),
                c -> {
                  if (single) {
                    return c != head ? c : content.isEmpty() ? -1 : content.codePointAt(0);
                  }
                  // a match must not span the cut, nor start at it
                  return head == c || literal.indexOf(c, 1) >= 0 ? -1 : c;
                });
          }
          Pattern regex = RegexTranslator.compile(pattern.get("Regex"));
          String replacement = Matcher.quoteReplacement(content);
          return s -> RegexTranslator.replaceAll(regex, s, replacement);
        }
      default:
        throw n.error("normalizer type \"" + type + "\" is not supported");
    }
  }

  /**
   * The char {@code m} if {@code nodes} are a {@code Prepend} of {@code m} and a {@code Replace} of
   * the string " " with {@code m}, in either order (the two commute: {@code m} is not a space), with
   * {@code m} one char; else -1.
   */
  private static int metaspace(List<Node> nodes) {
    if (nodes.size() != 2) {
      return -1;
    }
    Node prepend = nodes.get(0).type().equals("Prepend") ? nodes.get(0) : nodes.get(1);
    Node replace = prepend == nodes.get(0) ? nodes.get(1) : nodes.get(0);
    if (!prepend.type().equals("Prepend") || !replace.type().equals("Replace")) {
      return -1;
    }
    String m = prepend.string("prepend");
    Node pattern = replace.object("pattern");
    if (m.length() != 1 || m.charAt(0) == ' ' || Character.isSurrogate(m.charAt(0)) || !pattern.has("String")) {
      return -1;
    }
    return pattern.string("String").equals(" ") && replace.string("content").equals(m) ? m.charAt(0) : -1;
  }

  static String lowercase(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      Unicode.appendLowerCase(sb, c);
      i += Character.charCount(c);
    }
    return sb.toString();
  }

  private static String strip(String s, boolean left, boolean right) {
    int from = 0;
    int to = s.length();
    if (left) {
      while (from < to && Unicode.isWhiteSpace(s.codePointAt(from))) {
        from += Character.charCount(s.codePointAt(from));
      }
    }
    if (right) {
      while (to > from && Unicode.isWhiteSpace(s.codePointBefore(to))) {
        to -= Character.charCount(s.codePointBefore(to));
      }
    }
    return s.substring(from, to);
  }

  /** NFD, then drops nonspacing marks (Mn), or every mark (M) when {@code allMarks}. */
  private static String removeMarks(String s, boolean nfdFirst, boolean allMarks) {
    String d = nfdFirst ? java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD) : s;
    StringBuilder sb = new StringBuilder(d.length());
    for (int i = 0; i < d.length(); ) {
      int c = d.codePointAt(i);
      i += Character.charCount(c);
      int t = Character.getType(c);
      boolean mark =
          t == Character.NON_SPACING_MARK
              || (allMarks
                  && (t == Character.COMBINING_SPACING_MARK || t == Character.ENCLOSING_MARK));
      if (!mark) {
        sb.appendCodePoint(c);
      }
    }
    return sb.toString();
  }

  /**
   * BERT's normalizer: drop control characters and map white space to a space, surround CJK
   * ideographs with spaces, strip accents (NFD and drop Mn), lowercase (Devlin et al. 2019, BERT
   * {@code tokenization.py}, as HuggingFace tokenizers implements it).
   */
  static String bert(String s, boolean clean, boolean chinese, boolean stripAccents, boolean lower) {
    // ASCII fast path: printable characters, tab, LF and CR (which cleaning makes spaces)
    boolean ascii = true;
    boolean controls = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 32) {
        if (c != '\t' && c != '\n' && c != '\r') {
          ascii = false;
          break;
        }
        controls = true;
      } else if (c >= 0x7F) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      if (!controls || !clean) {
        return lower ? lowercaseAscii(s) : s;
      }
      char[] cs = s.toCharArray();
      for (int j = 0; j < cs.length; j++) {
        char c = cs[j];
        if (c < 32) {
          cs[j] = ' ';
        } else if (lower && c >= 'A' && c <= 'Z') {
          cs[j] = (char) (c + 32);
        }
      }
      return new String(cs);
    }
    String fast = bertCommon(s, clean, chinese, stripAccents, lower);
    return fast != null ? fast : bertGeneral(s, clean, chinese, stripAccents, lower);
  }

  /** {@link #bert} code point by code point, for any text (the path {@link #bertCommon} is checked against). */
  static String bertGeneral(String s, boolean clean, boolean chinese, boolean stripAccents, boolean lower) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      if (clean) {
        if (c == 0 || c == 0xFFFD || Unicode.isControl(c)) {
          continue;
        }
        if (Unicode.isWhiteSpace(c)) {
          c = ' ';
        }
      }
      if (chinese && Unicode.isChineseChar(c)) {
        sb.append(' ').appendCodePoint(c).append(' ');
      } else {
        sb.appendCodePoint(c);
      }
    }
    String out = sb.toString();
    if (stripAccents) {
      out = removeMarks(out, true, false);
    }
    if (lower) {
      out = lowercase(out);
    }
    return out;
  }

  /** Marks a char that {@link #bertCommon} leaves to the general path. */
  private static final String GENERAL = new String(new char[0]);
  /** Per option set (strip accents, lower case), per BMP char: what BERT's normalizer makes of it, once known. */
  private static final String[][] MAPPED = new String[4][];

  /**
   * Returns what BERT's normalizer makes of the BMP char {@code c} on its own, before CJK
   * ideographs are surrounded by spaces, or {@link #GENERAL} where that depends on its neighbours
   * or a special rule: control and white-space chars, surrogates, marks, and chars whose NFD starts
   * with a mark (canonical reordering could then move it past a neighbour's marks). Otherwise NFD
   * only reorders within one char's decomposition, so the normalizer maps the text char by char.
   */
  private static String mapped(char c, boolean stripAccents, boolean lower) {
    int options = (stripAccents ? 2 : 0) | (lower ? 1 : 0);
    String[] table = MAPPED[options];
    if (table == null) {
      table = new String[1 << 16];
      MAPPED[options] = table; // a race makes two tables, each correct
    }
    String known = table[c];
    if (known != null) {
      return known;
    }
    String one = String.valueOf(c);
    String d = stripAccents ? java.text.Normalizer.normalize(one, java.text.Normalizer.Form.NFD) : one;
    String result;
    if (c == 0 || c == 0xFFFD || Character.isSurrogate(c) || Unicode.isControl(c) || Unicode.isWhiteSpace(c)
        || isMark(c) || d.isEmpty() || isMark(d.charAt(0))) {
      result = GENERAL;
    } else {
      String stripped = stripAccents ? removeMarks(d, false, false) : d;
      result = lower ? lowercase(stripped) : stripped;
    }
    table[c] = result; // a race writes an equal value
    return result;
  }

  private static boolean isMark(char c) {
    int t = Character.getType(c);
    return t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK || t == Character.ENCLOSING_MARK;
  }

  /**
   * {@link #bert} in one pass, char by char, for text of printable ASCII, tab, LF, CR and the BMP
   * chars that {@link #mapped} maps on their own (CJK, kana, Hangul, Cyrillic and most others);
   * null if another char comes up, and the general path then runs.
   */
  private static @Nullable String bertCommon(String s, boolean clean, boolean chinese, boolean stripAccents, boolean lower) {
    int n = s.length();
    StringBuilder out = new StringBuilder(3 * n);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (c >= 32 && c < 0x7F) {
          out.append(lower && c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        } else if (c == '\t' || c == '\n' || c == '\r') {
          out.append(clean ? ' ' : c);
        } else {
          return null;
        }
        continue;
      }
      if (clean && Unicode.isWhiteSpace(c)) {
        out.append(' ');
        continue;
      }
      String m = mapped(c, stripAccents, lower);
      if (m == GENERAL) {
        return null;
      }
      if (chinese && Unicode.isChineseChar(c)) {
        out.append(' ').append(m).append(' ');
      } else {
        out.append(m);
      }
    }
    return out.toString();
  }

  private static String lowercaseAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        char[] cs = s.toCharArray();
        for (int j = i; j < cs.length; j++) {
          if (cs[j] >= 'A' && cs[j] <= 'Z') {
            cs[j] += 32;
          }
        }
        return new String(cs);
      }
    }
    return s;
  }
}
