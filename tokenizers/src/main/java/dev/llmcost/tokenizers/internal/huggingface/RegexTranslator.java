package dev.llmcost.tokenizers.internal.huggingface;

import dev.llmcost.tokenizers.huggingface.TokenizerFormatException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Translates the Oniguruma (Ruby syntax) regexes of {@code tokenizer.json} files into exactly
 * equivalent {@link java.util.regex} patterns, or rejects them.
 *
 * <p>Accepted: literals, escapes of punctuation, {@code \t \n \r \f \v \e \a \xHH \x{H..}} and the four-digit u escape,
 * the classes {@code \s \S \d \D \w \W} (rewritten to their Unicode definitions in Oniguruma:
 * {@code \s} is U+0009–000D, U+0085 and Z; {@code \w} is L, M, N and Pc; {@code \d} is Nd),
 * {@code \p{..}}/{@code \P{..}} with a general category or a script name, bracket classes with
 * ranges and nesting, groups {@code (?:) (?i:) (?=) (?!) (?<=) (?<!) (?>)}, capture groups, the
 * quantifiers {@code ? * + {n} {n,} {n,m}} with lazy and possessive forms, {@code |}, {@code .},
 * {@code ^ $} (line anchors, as in Ruby), {@code \A \z}. Everything else (back-references, POSIX
 * brackets, {@code \b}, {@code \h}, named groups, options other than {@code i}) is rejected by
 * name. A quantified group that itself holds an unbounded quantifier ({@code (a+)+}) is rejected
 * as catastrophic, and matching runs under a budget of character reads proportional to the input.
 */
final class RegexTranslator {
  private RegexTranslator() {}

  private static final String SPACE = "\\t-\\r\\x{85}\\p{Z}";
  private static final String WORD = "\\p{L}\\p{M}\\p{N}\\p{Pc}";

  /** Character reads allowed per input character (plus a constant) before matching is abandoned. */
  static final long BUDGET_PER_CHAR = 2_000;

  /** Compiles a {@code {"Regex": "..."}} value, naming {@code node}'s path on failure. */
  static Pattern compile(Node node) {
    String onig = node.asString();
    String java;
    try {
      java = translate(onig);
    } catch (IllegalArgumentException e) {
      throw node.error("regex " + quote(onig) + " cannot be translated exactly: " + e.getMessage());
    }
    try {
      return Pattern.compile(java, Pattern.MULTILINE | Pattern.UNIX_LINES | Pattern.UNICODE_CASE);
    } catch (PatternSyntaxException e) {
      throw node.error("regex " + quote(onig) + " is invalid: " + e.getDescription());
    }
  }

  static String quote(String s) {
    return "\"" + (s.length() > 80 ? s.substring(0, 80) + "…" : s) + "\"";
  }

  /** Translates an Oniguruma pattern, or throws {@link IllegalArgumentException} saying why not. */
  static String translate(String p) {
    StringBuilder out = new StringBuilder(p.length() + 32);
    // per open group: whether it contains an unbounded quantifier
    Deque<boolean[]> groups = new ArrayDeque<>();
    groups.push(new boolean[1]);
    boolean lastWasGroupWithUnbounded = false;
    boolean lastAtom = false;
    int i = 0;
    while (i < p.length()) {
      char c = p.charAt(i);
      boolean groupJustClosed = false;
      switch (c) {
        case '\\':
          i = escape(p, i, out, false);
          lastAtom = true;
          break;
        case '[':
          i = bracket(p, i, out);
          lastAtom = true;
          break;
        case '(':
          {
            if (p.startsWith("(?", i)) {
              String[] ok = {"(?:", "(?i:", "(?=", "(?!", "(?<=", "(?<!", "(?>"};
              String found = null;
              for (String o : ok) {
                if (p.startsWith(o, i)) {
                  found = o;
                  break;
                }
              }
              if (found == null) {
                throw new IllegalArgumentException(
                    "group construct at offset " + i + " (" + p.substring(i, Math.min(p.length(), i + 4)) + ") is not supported");
              }
              out.append(found);
              i += found.length();
            } else {
              out.append('(');
              i++;
            }
            groups.push(new boolean[1]);
            lastAtom = false;
            break;
          }
        case ')':
          {
            if (groups.size() == 1) {
              throw new IllegalArgumentException("unbalanced ')' at offset " + i);
            }
            boolean inner = groups.pop()[0];
            out.append(')');
            i++;
            groupJustClosed = true;
            lastWasGroupWithUnbounded = inner;
            if (inner) {
              groups.peek()[0] = true;
            }
            lastAtom = true;
            break;
          }
        case '*':
        case '+':
        case '?':
        case '{':
          {
            if (!lastAtom) {
              if (c == '{') {
                out.append("\\{");
                i++;
                lastAtom = true;
                break;
              }
              throw new IllegalArgumentException("quantifier '" + c + "' at offset " + i + " has nothing to repeat");
            }
            int start = i;
            boolean unbounded;
            if (c == '{') {
              int close = p.indexOf('}', i);
              String body = close < 0 ? "" : p.substring(i + 1, close);
              if (!body.matches("\\d{1,4}(,\\d{0,4})?")) {
                out.append("\\{");
                i++;
                lastAtom = true;
                break;
              }
              unbounded = body.endsWith(",");
              i = close + 1;
            } else {
              unbounded = c != '?';
              i++;
            }
            if (i < p.length() && (p.charAt(i) == '?' || p.charAt(i) == '+')) {
              i++;
            }
            if (unbounded && lastWasGroupWithUnbounded) {
              throw new IllegalArgumentException(
                  "nested unbounded quantifiers at offset " + start + " (catastrophic backtracking)");
            }
            if (unbounded) {
              groups.peek()[0] = true;
            }
            out.append(p, start, i);
            lastAtom = false;
            break;
          }
        case '|':
          out.append('|');
          i++;
          lastAtom = false;
          break;
        case '.':
        case '^':
        case '$':
          out.append(c);
          i++;
          lastAtom = c == '.';
          break;
        default:
          {
            int cp = p.codePointAt(i);
            appendLiteral(out, cp);
            i += Character.charCount(cp);
            lastAtom = true;
          }
      }
      if (!groupJustClosed) {
        lastWasGroupWithUnbounded = false;
      }
    }
    if (groups.size() != 1) {
      throw new IllegalArgumentException("unbalanced '('");
    }
    return out.toString();
  }

  private static void appendLiteral(StringBuilder out, int cp) {
    if (cp < 0x80 && !Character.isLetterOrDigit(cp) && cp != ' ' && cp != '_') {
      out.append('\\').append((char) cp);
    } else {
      out.append("\\x{").append(Integer.toHexString(cp)).append('}');
    }
  }

  /** Translates the escape at {@code p[i]}; returns the index after it. */
  private static int escape(String p, int i, StringBuilder out, boolean inClass) {
    if (i + 1 >= p.length()) {
      throw new IllegalArgumentException("trailing backslash");
    }
    char e = p.charAt(i + 1);
    switch (e) {
      case 's':
        out.append(inClass ? SPACE : "[" + SPACE + "]");
        return i + 2;
      case 'S':
        out.append("[^" + SPACE + "]");
        return i + 2;
      case 'w':
        out.append(inClass ? WORD : "[" + WORD + "]");
        return i + 2;
      case 'W':
        out.append("[^" + WORD + "]");
        return i + 2;
      case 'd':
        out.append("\\p{Nd}");
        return i + 2;
      case 'D':
        out.append("\\P{Nd}");
        return i + 2;
      case 't':
      case 'n':
      case 'r':
      case 'f':
      case 'e':
      case 'a':
        out.append('\\').append(e);
        return i + 2;
      case 'v':
        out.append("\\x{b}");
        return i + 2;
      case 'A':
      case 'z':
        if (inClass) {
          throw new IllegalArgumentException("\\" + e + " inside a class");
        }
        out.append('\\').append(e);
        return i + 2;
      case 'x':
        {
          if (i + 2 < p.length() && p.charAt(i + 2) == '{') {
            int close = p.indexOf('}', i);
            String hex = close < 0 ? "" : p.substring(i + 3, close);
            if (!hex.matches("[0-9a-fA-F]{1,6}")) {
              throw new IllegalArgumentException("bad \\x{..} escape at offset " + i);
            }
            appendLiteral(out, Integer.parseInt(hex, 16));
            return close + 1;
          }
          String hex = p.substring(i + 2, Math.min(p.length(), i + 4));
          if (!hex.matches("[0-9a-fA-F]{2}")) {
            throw new IllegalArgumentException("bad \\x escape at offset " + i);
          }
          appendLiteral(out, Integer.parseInt(hex, 16));
          return i + 4;
        }
      case 'u':
        {
          String hex = p.substring(i + 2, Math.min(p.length(), i + 6));
          if (!hex.matches("[0-9a-fA-F]{4}")) {
            throw new IllegalArgumentException("bad \\u escape at offset " + i);
          }
          appendLiteral(out, Integer.parseInt(hex, 16));
          return i + 6;
        }
      case 'p':
      case 'P':
        {
          int close = p.indexOf('}', i);
          if (i + 2 >= p.length() || p.charAt(i + 2) != '{' || close < 0) {
            throw new IllegalArgumentException("bad \\" + e + " escape at offset " + i);
          }
          String name = p.substring(i + 3, close);
          boolean negate = e == 'P';
          if (name.startsWith("^")) {
            negate = !negate;
            name = name.substring(1);
          }
          out.append(negate ? "\\P{" : "\\p{").append(property(name)).append('}');
          return close + 1;
        }
      default:
        if (e < 0x80 && !Character.isLetterOrDigit(e)) {
          out.append('\\').append(e);
          return i + 2;
        }
        throw new IllegalArgumentException("escape \\" + e + " at offset " + i + " is not supported");
    }
  }

  private static final java.util.Set<String> CATEGORIES =
      java.util.Set.of(
          "L", "Lu", "Ll", "Lt", "Lm", "Lo", "M", "Mn", "Mc", "Me", "N", "Nd", "Nl", "No", "P",
          "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "S", "Sm", "Sc", "Sk", "So", "Z", "Zs", "Zl",
          "Zp", "C", "Cc", "Cf", "Co", "Cn");

  private static String property(String name) {
    if (CATEGORIES.contains(name)) {
      return name;
    }
    try {
      Character.UnicodeScript.forName(name);
      return "Is" + name;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("property \\p{" + name + "} is not supported", e);
    }
  }

  /** Translates the bracket class at {@code p[i]}; returns the index after it. */
  private static int bracket(String p, int i, StringBuilder out) {
    out.append('[');
    i++;
    if (i < p.length() && p.charAt(i) == '^') {
      out.append('^');
      i++;
    }
    boolean first = true;
    while (i < p.length()) {
      char c = p.charAt(i);
      if (c == ']' && !first) {
        out.append(']');
        return i + 1;
      }
      first = false;
      if (c == '\\') {
        i = escape(p, i, out, true);
      } else if (c == '[') {
        if (p.startsWith("[:", i)) {
          throw new IllegalArgumentException("POSIX bracket at offset " + i + " is not supported");
        }
        i = bracket(p, i, out);
      } else if (c == '&' && p.startsWith("&&", i)) {
        throw new IllegalArgumentException("class intersection at offset " + i + " is not supported");
      } else if (c == '-') {
        out.append('-');
        i++;
      } else {
        int cp = p.codePointAt(i);
        appendLiteral(out, cp);
        i += Character.charCount(cp);
      }
    }
    throw new IllegalArgumentException("unterminated character class");
  }

  /** Wraps text so that a runaway match fails after a budget of character reads. */
  static CharSequence bounded(String text) {
    return new Budgeted(text, BUDGET_PER_CHAR * (text.length() + 64));
  }

  /** Replaces every match, within the matching budget. */
  static String replaceAll(Pattern p, String text, String replacement) {
    try {
      return p.matcher(bounded(text)).replaceAll(replacement);
    } catch (BudgetExceeded e) {
      throw budgetExceeded(p);
    }
  }

  /**
   * Appends the [start, end) pairs of every non-overlapping match in {@code text[from, to)} to
   * {@code out}, within the matching budget.
   */
  static void findAll(Pattern p, String text, int from, int to, IntList out) {
    try {
      Matcher m = p.matcher(bounded(text));
      m.region(from, to);
      m.useTransparentBounds(false);
      m.useAnchoringBounds(true);
      while (m.find()) {
        out.add(m.start());
        out.add(m.end());
      }
    } catch (BudgetExceeded e) {
      throw budgetExceeded(p);
    }
  }

  private static TokenizerFormatException budgetExceeded(Pattern p) {
    return new TokenizerFormatException(
        "pre_tokenizer",
        "regex " + quote(p.pattern()) + " exceeded its matching budget (catastrophic backtracking)");
  }

  private static final class Budgeted implements CharSequence {
    private final String s;
    private long budget;

    Budgeted(String s, long budget) {
      this.s = s;
      this.budget = budget;
    }

    @Override
    public int length() {
      return s.length();
    }

    @Override
    public char charAt(int index) {
      if (--budget < 0) {
        throw new BudgetExceeded();
      }
      return s.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return s.substring(start, end);
    }

    @Override
    public String toString() {
      return s;
    }
  }

  /** A regex ran past its budget. */
  static final class BudgetExceeded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BudgetExceeded() {
      super("regex matching budget exceeded", null, false, false);
    }
  }
}
