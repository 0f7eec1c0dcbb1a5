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
 * name.
 *
 * <p>Bounds. java.util.regex matches a single character or class under a quantifier in a loop, but
 * a quantified group ({@code (a|aa)+}, {@code (?:ab)*}) recurses once per repetition, so a group
 * repeated without bound overflows the stack on a long enough input. Such groups are refused when
 * the file is loaded, naming the pattern: a group may carry only {@code ?} or a bounded {@code
 * {n,m}}, and the repetitions of nested quantified groups multiply to at most {@value
 * #MAX_GROUP_REPETITIONS}, which bounds the recursion whatever the input. (A group that itself
 * holds an unbounded quantifier, {@code (a+)+}, is named as catastrophic backtracking.) Matching then
 * reads the text through a {@link CharSequence} that counts character reads and stops past a budget
 * proportional to the input ({@value #BUDGET_PER_CHAR} per char), so polynomial or exponential
 * backtracking ends in a {@link TokenizerFormatException} naming the pattern instead of running
 * unbounded. Patterns of more than {@value #MAX_ATOMS} atoms or nested deeper than {@value
 * #MAX_NESTING} are refused too, as compiling and matching them recurses once per atom or level.
 * The tokenizers' real patterns (GPT-2, Llama 3, Qwen, DeepSeek) repeat only single
 * characters and classes.
 */
final class RegexTranslator {
  private RegexTranslator() {}

  private static final String SPACE = "\\t-\\r\\x{85}\\p{Z}";
  private static final String WORD = "\\p{L}\\p{M}\\p{N}\\p{Pc}";

  /** Character reads allowed per input character (plus a constant) before matching is abandoned. */
  static final long BUDGET_PER_CHAR = 2_000;

  /** The most repetitions of quantified groups, multiplied along their nesting. */
  static final int MAX_GROUP_REPETITIONS = 1_000;

  /**
   * The most atoms (characters, classes, escapes, groups) a pattern may hold: java.util.regex
   * compiles and matches a sequence by recursing from node to node.
   */
  static final int MAX_ATOMS = 1_000;

  /** The deepest nesting of groups and bracket classes. */
  static final int MAX_NESTING = 32;

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
    // per open group: [0] 1 if it contains an unbounded quantifier, [1] the largest product of
    // the repetitions of quantified groups nested in it (1 if none)
    Deque<long[]> groups = new ArrayDeque<>();
    groups.push(new long[] {0, 1});
    boolean lastWasGroupWithUnbounded = false;
    // the group that just closed (its repetitions inside), or -1 when the last atom is no group
    long lastGroupInner = -1;
    int lastGroupStart = -1;
    Deque<Integer> groupStarts = new ArrayDeque<>();
    boolean lastAtom = false;
    int i = 0;
    int atoms = 0;
    while (i < p.length()) {
      char c = p.charAt(i);
      boolean groupJustClosed = false;
      if (++atoms > MAX_ATOMS) {
        throw new IllegalArgumentException("has more than " + MAX_ATOMS + " atoms (java.util.regex recurses once per atom)");
      }
      if (groups.size() > MAX_NESTING) {
        throw new IllegalArgumentException("groups are nested more than " + MAX_NESTING + " deep");
      }
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
            int open = i;
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
            groups.push(new long[] {0, 1});
            groupStarts.push(open);
            lastAtom = false;
            break;
          }
        case ')':
          {
            if (groups.size() == 1) {
              throw new IllegalArgumentException("unbalanced ')' at offset " + i);
            }
            long[] closed = groups.pop();
            boolean inner = closed[0] != 0;
            out.append(')');
            i++;
            groupJustClosed = true;
            lastWasGroupWithUnbounded = inner;
            lastGroupInner = closed[1];
            lastGroupStart = groupStarts.pop();
            if (inner) {
              groups.peek()[0] = 1;
            }
            // an unquantified group passes its nested repetitions on as they are
            groups.peek()[1] = Math.max(groups.peek()[1], closed[1]);
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
            long max;
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
              int comma = body.indexOf(',');
              max = unbounded ? Long.MAX_VALUE : Long.parseLong(comma < 0 ? body : body.substring(comma + 1));
              i = close + 1;
            } else {
              unbounded = c != '?';
              max = unbounded ? Long.MAX_VALUE : 1;
              i++;
            }
            if (i < p.length() && (p.charAt(i) == '?' || p.charAt(i) == '+')) {
              i++;
            }
            if (unbounded && lastWasGroupWithUnbounded) {
              throw new IllegalArgumentException(
                  "nested unbounded quantifiers at offset " + start + " (catastrophic backtracking)");
            }
            if (lastGroupInner >= 0) {
              if (unbounded) {
                throw new IllegalArgumentException(
                    "the group at offset " + lastGroupStart + " is repeated without bound ('"
                        + p.substring(start, i) + "' at offset " + start + "): java.util.regex recurses"
                        + " once per repetition of a group, which overflows the stack on long input;"
                        + " only single characters and classes may repeat without bound");
              }
              long product = Math.max(1, max) * lastGroupInner;
              if (product > MAX_GROUP_REPETITIONS) {
                throw new IllegalArgumentException(
                    "the group at offset " + lastGroupStart + " repeats up to " + product
                        + " times with the groups nested in it, more than " + MAX_GROUP_REPETITIONS
                        + " (java.util.regex recurses once per repetition of a group)");
              }
              groups.peek()[1] = Math.max(groups.peek()[1], product);
            }
            if (unbounded) {
              groups.peek()[0] = 1;
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
        lastGroupInner = -1;
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
    return bracket(p, i, out, 0);
  }

  private static int bracket(String p, int i, StringBuilder out, int depth) {
    if (depth > MAX_NESTING) {
      throw new IllegalArgumentException("bracket classes are nested more than " + MAX_NESTING + " deep");
    }
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
        i = bracket(p, i, out, depth + 1);
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
      Matcher m = p.matcher(new Budgeted(text, BUDGET_PER_CHAR * ((long) (to - from) + 64)));
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
