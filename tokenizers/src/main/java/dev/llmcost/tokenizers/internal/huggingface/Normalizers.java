package dev.llmcost.tokenizers.internal.huggingface;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds the normalizers of a {@code tokenizer.json}, as HuggingFace tokenizers defines them. */
final class Normalizers {
  private Normalizers() {}

  static Normalizer parse(Node n) {
    String type = n.type();
    switch (type) {
      case "Sequence":
        {
          List<Normalizer> parts = new ArrayList<>();
          for (Node c : n.array("normalizers")) {
            parts.add(parse(c));
          }
          return s -> {
            for (Normalizer p : parts) {
              s = p.normalize(s);
            }
            return s;
          };
        }
      case "BertNormalizer":
        {
          boolean clean = n.bool("clean_text", true);
          boolean chinese = n.bool("handle_chinese_chars", true);
          boolean lower = n.bool("lowercase", true);
          Node sa = n.opt("strip_accents");
          boolean strip = sa == null ? lower : n.bool("strip_accents", lower);
          return s -> bert(s, clean, chinese, strip, lower);
        }
      case "NFC":
        return s -> java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFC);
      case "NFD":
        return s -> java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD);
      case "NFKC":
        return s -> java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFKC);
      case "NFKD":
        return s -> java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFKD);
      case "Lowercase":
        return Normalizers::lowercase;
      case "StripAccents":
        return s -> removeMarks(s, false, true);
      case "Strip":
        {
          boolean left = n.bool("strip_left", true);
          boolean right = n.bool("strip_right", true);
          return s -> strip(s, left, right);
        }
      case "Prepend":
        {
          String prefix = n.string("prepend");
          return s -> s.isEmpty() ? s : prefix.concat(s);
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
            return s -> s.replace(literal, content);
          }
          Pattern regex = RegexTranslator.compile(pattern.get("Regex"));
          String replacement = Matcher.quoteReplacement(content);
          return s -> RegexTranslator.replaceAll(regex, s, replacement);
        }
      default:
        throw n.error("normalizer type \"" + type + "\" is not supported");
    }
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
