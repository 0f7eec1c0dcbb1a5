package dev.llmcost.tokenizers.internal.huggingface;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;
import java.util.regex.Pattern;

/** Builds the pre-tokenizers of a {@code tokenizer.json}, as HuggingFace tokenizers defines them. */
final class PreTokenizers {
  private PreTokenizers() {}

  /**
   * A pre-tokenizer, whether its pieces go to the model as bytes (GPT-2's byte level), and how it
   * treats a cut of the text before a char {@code c} that follows a letter, digit or ASCII symbol
   * (see {@link Pipeline}).
   *
   * @param splitsBefore whether there is always a piece boundary before such a {@code c}, the
   *     pieces on either side being those of the two parts split apart (the second part not at the
   *     start of the text)
   * @param passes for a pre-tokenizer that keeps each segment one piece and maps chars one by one
   *     (Metaspace without split): the char {@code c} becomes; -1 for every other one
   */
  record Parsed(PreTokenizer pre, boolean byteLevel, IntPredicate splitsBefore, IntUnaryOperator passes) {
    Parsed(PreTokenizer pre, boolean byteLevel, IntPredicate splitsBefore) {
      this(pre, byteLevel, splitsBefore, c -> -1);
    }
  }

  private static final IntPredicate NEVER = c -> false;

  enum Behavior {
    REMOVED,
    ISOLATED,
    MERGED_WITH_PREVIOUS,
    MERGED_WITH_NEXT,
    CONTIGUOUS;

    static Behavior parse(Node n, String field, Behavior defaultValue) {
      Node b = n.opt(field);
      if (b == null) {
        return defaultValue;
      }
      switch (b.asString()) {
        case "Removed":
          return REMOVED;
        case "Isolated":
          return ISOLATED;
        case "MergedWithPrevious":
          return MERGED_WITH_PREVIOUS;
        case "MergedWithNext":
          return MERGED_WITH_NEXT;
        case "Contiguous":
          return CONTIGUOUS;
        default:
          throw b.error("behavior \"" + b.asString() + "\" is not supported");
      }
    }
  }

  static Parsed parse(Node n) {
    String type = n.type();
    switch (type) {
      case "Sequence":
        {
          List<Node> parts = n.array("pretokenizers");
          List<PreTokenizer> chain = new ArrayList<>();
          List<Parsed> parsed = new ArrayList<>();
          boolean byteLevel = false;
          for (int i = 0; i < parts.size(); i++) {
            Parsed p = parse(parts.get(i));
            if (byteLevel) {
              throw parts.get(i).error("a pre-tokenizer after ByteLevel in a Sequence is not supported");
            }
            byteLevel = p.byteLevel();
            chain.add(p.pre());
            parsed.add(p);
          }
          // the first that splits before the (mapped) char decides, the ones before it must pass it
          IntPredicate splits =
              c -> {
                for (Parsed p : parsed) {
                  if (p.splitsBefore().test(c)) {
                    return true;
                  }
                  c = p.passes().applyAsInt(c);
                  if (c < 0) {
                    return false;
                  }
                }
                return false;
              };
          IntUnaryOperator passes =
              c -> {
                for (Parsed p : parsed) {
                  if (c < 0) {
                    return -1;
                  }
                  c = p.passes().applyAsInt(c);
                }
                return c;
              };
          PreTokenizer seq = PreTokenizer.NONE;
          for (int i = chain.size() - 1; i >= 0; i--) {
            PreTokenizer head = chain.get(i);
            PreTokenizer tail = seq;
            seq =
                (s, from, to, start, out) ->
                    head.split(s, from, to, start, (s2, f2, t2, st2) -> tail.split(s2, f2, t2, st2, out));
          }
          return new Parsed(seq, byteLevel, splits, passes);
        }
      case "ByteLevel":
        {
          boolean prefix = n.bool("add_prefix_space", true);
          boolean regex = n.bool("use_regex", true);
          PreTokenizer split = regex ? scanner(Gpt2Scanner.GPT2_SCANNER, Behavior.ISOLATED) : PreTokenizer.NONE;
          // GPT-2's pattern has a piece boundary before a space that follows a non-space
          IntPredicate splitsBefore = regex ? c -> c == ' ' : NEVER;
          if (!prefix) {
            return new Parsed(split, true, splitsBefore);
          }
          return new Parsed(
              (s, from, to, start, out) -> {
                if (from < to && s.charAt(from) != ' ') {
                  String t = " " + s.substring(from, to);
                  split.split(t, 0, t.length(), start, out);
                } else {
                  split.split(s, from, to, start, out);
                }
              },
              true,
              splitsBefore);
        }
      case "Split":
        {
          Behavior behavior = Behavior.parse(n, "behavior", null);
          if (behavior == null) {
            throw n.get("behavior").error("is missing");
          }
          boolean invert = n.bool("invert", false);
          Node pattern = n.object("pattern");
          if (pattern.has("String")) {
            String literal = pattern.string("String");
            boolean splits =
                !invert && literal.codePointCount(0, literal.length()) == 1
                    && behavior != Behavior.MERGED_WITH_PREVIOUS;
            int lc = literal.isEmpty() ? -1 : literal.codePointAt(0);
            return new Parsed(literal(literal, behavior, invert), false, c -> splits && c == lc);
          }
          Node regexNode = pattern.get("Regex");
          Gpt2Scanner known = Gpt2Scanner.forPattern(regexNode.asString());
          if (known != null && !invert) {
            // every known pattern has a piece boundary before a space that follows a non-space
            boolean splits = behavior == Behavior.ISOLATED || behavior == Behavior.REMOVED;
            return new Parsed(scanner(known, behavior), false, c -> splits && c == ' ');
          }
          Pattern regex = RegexTranslator.compile(regexNode);
          return new Parsed(
              (s, from, to, start, out) -> {
                IntList m = new IntList(16);
                RegexTranslator.findAll(regex, s, from, to, m);
                emit(s, from, to, start, m, behavior, invert, out);
              },
              false,
              NEVER);
        }
      case "Whitespace":
        return new Parsed(
            (s, from, to, start, out) -> {
              IntList m = new IntList(16);
              wordsAndSymbols(s, from, to, m);
              emit(s, from, to, start, m, Behavior.REMOVED, true, out);
            },
            false,
            Unicode::isRegexSpace);
      case "WhitespaceSplit":
        return new Parsed(predicate(Unicode::isWhiteSpace, Behavior.REMOVED), false, Unicode::isWhiteSpace);
      case "BertPreTokenizer":
        {
          PreTokenizer ws = predicate(Unicode::isWhiteSpace, Behavior.REMOVED);
          PreTokenizer punct = predicate(Unicode::isPunctuation, Behavior.ISOLATED);
          return new Parsed(
              (s, from, to, start, out) ->
                  ws.split(s, from, to, start, (s2, f2, t2, st2) -> punct.split(s2, f2, t2, st2, out)),
              false,
              Unicode::isWhiteSpace);
        }
      case "Punctuation":
        return new Parsed(
            predicate(Unicode::isPunctuation, Behavior.parse(n, "behavior", Behavior.ISOLATED)), false, NEVER);
      case "Digits":
        {
          boolean individual = n.bool("individual_digits", false);
          return new Parsed(
              predicate(Unicode::isNumber, individual ? Behavior.ISOLATED : Behavior.CONTIGUOUS), false, NEVER);
        }
      case "CharDelimiterSplit":
        {
          String d = n.string("delimiter");
          if (d.codePointCount(0, d.length()) != 1) {
            throw n.get("delimiter").error("must be one character, was \"" + d + "\"");
          }
          int dc = d.codePointAt(0);
          return new Parsed(predicate(c -> c == dc, Behavior.REMOVED), false, c -> c == dc);
        }
      case "Metaspace":
        {
          int rc = n.string("replacement").codePointAt(0);
          boolean split = n.bool("split", true);
          // the space becomes the replacement; split, a piece starts at each run of it; else the
          // segment stays one piece (prefixed at its start only, which a chunk that starts with a
          // space does not get)
          return new Parsed(
              metaspace(n),
              false,
              c -> split && (c == ' ' || c == rc),
              c -> split ? -1 : c == ' ' ? rc : c);
        }
      default:
        throw n.error("pre-tokenizer type \"" + type + "\" is not supported");
    }
  }

  private static PreTokenizer metaspace(Node n) {
    String rep = n.string("replacement");
    if (rep.codePointCount(0, rep.length()) != 1) {
      throw n.get("replacement").error("must be one character, was \"" + rep + "\"");
    }
    String scheme;
    if (n.has("prepend_scheme")) {
      scheme = n.string("prepend_scheme");
      if (!scheme.equals("always") && !scheme.equals("first") && !scheme.equals("never")) {
        throw n.get("prepend_scheme").error("must be always, first or never, was \"" + scheme + "\"");
      }
    } else {
      scheme = n.bool("add_prefix_space", true) ? "always" : "never";
    }
    boolean split = n.bool("split", true);
    int rc = rep.codePointAt(0);
    PreTokenizer splitter = split ? predicate(c -> c == rc, Behavior.MERGED_WITH_NEXT) : PreTokenizer.NONE;
    String prep = scheme;
    return (s, from, to, start, out) -> {
      String t = s.substring(from, to).replace(" ", rep);
      boolean prepend =
          prep.equals("always") || (prep.equals("first") && start);
      if (prepend && !t.startsWith(rep)) {
        t = rep + t;
      }
      splitter.split(t, 0, t.length(), start, out);
    };
  }

  private static PreTokenizer scanner(Gpt2Scanner scanner, Behavior behavior) {
    if (behavior == Behavior.ISOLATED) {
      // every character belongs to some match: the pieces are the matches
      return (s, from, to, start, out) -> {
        int i = from;
        while (i < to) {
          int end = scanner.match(s, i, to);
          out.piece(s, i, end, start && i == from);
          i = end;
        }
      };
    }
    return (s, from, to, start, out) -> {
      IntList m = new IntList(16);
      scanner.scan(s, from, to, m);
      emit(s, from, to, start, m, behavior, false, out);
    };
  }

  private static PreTokenizer literal(String literal, Behavior behavior, boolean invert) {
    return (s, from, to, start, out) -> {
      IntList m = new IntList(8);
      if (!literal.isEmpty()) {
        int i = from;
        while (true) {
          int k = s.indexOf(literal, i);
          if (k < 0 || k + literal.length() > to) {
            break;
          }
          m.add(k);
          m.add(k + literal.length());
          i = k + literal.length();
        }
      }
      emit(s, from, to, start, m, behavior, invert, out);
    };
  }

  /** Splits on every code point that matches {@code p}, each one a match of its own. */
  static PreTokenizer predicate(IntPredicate p, Behavior behavior) {
    if (behavior == Behavior.REMOVED || behavior == Behavior.ISOLATED) {
      boolean keep = behavior == Behavior.ISOLATED;
      return (s, from, to, start, out) -> {
        int pieceStart = from;
        int i = from;
        while (i < to) {
          int c = s.codePointAt(i);
          int n = i + Character.charCount(c);
          if (p.test(c)) {
            if (pieceStart < i) {
              out.piece(s, pieceStart, i, start && pieceStart == from);
            }
            if (keep) {
              out.piece(s, i, n, start && i == from);
            }
            pieceStart = n;
          }
          i = n;
        }
        if (pieceStart < to) {
          out.piece(s, pieceStart, to, start && pieceStart == from);
        }
      };
    }
    return (s, from, to, start, out) -> {
      IntList m = new IntList(16);
      int i = from;
      while (i < to) {
        int c = s.codePointAt(i);
        int n = i + Character.charCount(c);
        if (p.test(c)) {
          m.add(i);
          m.add(n);
        }
        i = n;
      }
      emit(s, from, to, start, m, behavior, false, out);
    };
  }

  /** The matches of {@code \w+|[^\w\s]+} (Oniguruma's Unicode classes). */
  private static void wordsAndSymbols(String s, int from, int to, IntList m) {
    int i = from;
    while (i < to) {
      int c = s.codePointAt(i);
      if (Unicode.isRegexSpace(c)) {
        i += Character.charCount(c);
        continue;
      }
      boolean word = Unicode.isWordChar(c);
      int start = i;
      while (i < to) {
        int d = s.codePointAt(i);
        if (Unicode.isRegexSpace(d) || Unicode.isWordChar(d) != word) {
          break;
        }
        i += Character.charCount(d);
      }
      m.add(start);
      m.add(i);
    }
  }

  /**
   * Turns matches ([start, end) pairs in order) into pieces as HuggingFace's {@code
   * SplitDelimiterBehavior} says; with {@code invert} the matches are the content and the gaps the
   * delimiters.
   */
  static void emit(
      String s, int from, int to, boolean start, IntList m, Behavior behavior, boolean invert, PreTokenizer.Sink out) {
    // segments covering [from, to): starts, ends, isDelimiter
    int cap = m.size() + 2;
    int[] ss = new int[cap];
    int[] es = new int[cap];
    boolean[] delim = new boolean[cap];
    int n = 0;
    int prev = from;
    for (int k = 0; k < m.size(); k += 2) {
      int a = m.get(k);
      int b = m.get(k + 1);
      if (a > prev) {
        ss[n] = prev;
        es[n] = a;
        delim[n++] = invert;
      }
      ss[n] = a;
      es[n] = b;
      delim[n++] = !invert;
      prev = b;
    }
    if (prev < to) {
      ss[n] = prev;
      es[n] = to;
      delim[n++] = invert;
    }
    // apply the behavior: build result segments into ss/es (in place, compacting)
    int r = 0;
    switch (behavior) {
      case REMOVED:
        for (int k = 0; k < n; k++) {
          if (!delim[k]) {
            ss[r] = ss[k];
            es[r++] = es[k];
          }
        }
        break;
      case ISOLATED:
        r = n;
        break;
      case MERGED_WITH_PREVIOUS:
        {
          boolean previousMatch = false;
          for (int k = 0; k < n; k++) {
            if (delim[k] && !previousMatch && r > 0) {
              es[r - 1] = es[k];
            } else {
              ss[r] = ss[k];
              es[r++] = es[k];
            }
            previousMatch = delim[k];
          }
          break;
        }
      case MERGED_WITH_NEXT:
        {
          // walk backwards, then reverse
          int[] rs = new int[n];
          int[] re = new int[n];
          boolean previousMatch = false;
          for (int k = n - 1; k >= 0; k--) {
            if (delim[k] && !previousMatch && r > 0) {
              rs[r - 1] = ss[k];
            } else {
              rs[r] = ss[k];
              re[r++] = es[k];
            }
            previousMatch = delim[k];
          }
          for (int k = 0; k < r; k++) {
            ss[k] = rs[r - 1 - k];
            es[k] = re[r - 1 - k];
          }
          break;
        }
      case CONTIGUOUS:
        {
          boolean previousMatch = false;
          for (int k = 0; k < n; k++) {
            if (delim[k] == previousMatch && r > 0) {
              es[r - 1] = es[k];
            } else {
              ss[r] = ss[k];
              es[r++] = es[k];
            }
            previousMatch = delim[k];
          }
          break;
        }
    }
    for (int k = 0; k < r; k++) {
      if (ss[k] < es[k]) {
        out.piece(s, ss[k], es[k], start && ss[k] == from);
      }
    }
  }
}
