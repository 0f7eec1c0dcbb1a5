package dev.llmcost.tokenizers.internal.huggingface;

import dev.llmcost.tokenizers.huggingface.TokenizerFormatException;

/**
 * A strict cursor over a JSON document for the bulk parts of a {@code tokenizer.json} (the
 * vocabulary and merges, hundreds of thousands of strings), several times faster than a general
 * parser because it builds nothing it does not keep. Everything else is skipped here (with the
 * structure checked and the nesting bounded) and read by Jackson with the project's limits.
 */
final class JsonCursor {
  static final int MAX_DEPTH = 200;

  private final char[] s;
  private final int end;
  private int pos;
  /** The hash ({@link String#hashCode()}'s polynomial) of the last string {@link #string} read. */
  private int lastHash;

  /**
   * Creates a cursor over {@code s[from, to)}.
   *
   * @param s the document's characters
   * @param from where the document starts
   * @param to where it ends
   */
  JsonCursor(char[] s, int from, int to) {
    this.s = s;
    this.pos = from;
    this.end = to;
  }

  /** Returns the document's characters (for ranges the cursor reports). */
  char[] chars() {
    return s;
  }

  int pos() {
    return pos;
  }

  TokenizerFormatException error(String expected) {
    String found = pos < end ? "'" + s[pos] + "'" : "the end";
    return new TokenizerFormatException(
        "tokenizer.json", "is not well-formed JSON: expected " + expected + " at offset " + pos + ", found " + found);
  }

  void ws() {
    while (pos < end) {
      char c = s[pos];
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
        pos++;
      } else {
        return;
      }
    }
  }

  /** Skips white space and returns the next character, or 0 at the end. */
  char peek() {
    ws();
    return pos < end ? s[pos] : 0;
  }

  void expect(char c) {
    if (peek() != c) {
      throw error("'" + c + "'");
    }
    pos++;
  }

  /** After a member or element: true if a comma follows (consumed), false at {@code close}. */
  boolean more(char close) {
    char c = peek();
    if (c == ',') {
      pos++;
      return true;
    }
    if (c == close) {
      pos++;
      return false;
    }
    throw error("',' or '" + close + "'");
  }

  boolean atEnd() {
    ws();
    return pos >= end;
  }

  /** Reads a string (the cursor on its opening quote), at most {@code maxChars} long. */
  String string(int maxChars, String path) {
    if (peek() != '"') {
      throw error("a string");
    }
    int start = ++pos;
    int h = 0;
    char[] a = s;
    int n = end;
    int p = pos;
    while (p < n) {
      char c = a[p];
      if (c == '"') {
        pos = p + 1;
        if (p - start > maxChars) {
          throw new TokenizerFormatException(path, "a string is longer than " + maxChars + " chars");
        }
        lastHash = h;
        return new String(a, start, p - start);
      }
      if (c == '\\') {
        pos = p;
        String out = escaped(start, maxChars, path);
        lastHash = out.hashCode();
        return out;
      }
      if (c < 0x20) {
        pos = p;
        throw error("no control character in a string");
      }
      h = 31 * h + c;
      p++;
    }
    pos = p;
    throw error("'\"'");
  }

  /** Returns the hash of the last string read, equal to its {@link String#hashCode()}. */
  int lastHash() {
    return lastHash;
  }

  /**
   * Reads a merge written as one string, {@code "a b"}, without escapes, into {@code out}: the
   * cursor on the opening quote. Returns false, with the cursor unmoved, if the string has an
   * escape (the caller then reads it with {@link #string}).
   *
   * @param out receives the two halves as ranges of {@link #chars()}
   * @param index the merge's index, for errors
   * @return whether the merge was read
   * @throws TokenizerFormatException if the string is not two tokens separated by one space
   */
  boolean plainMerge(MergeList out, int index) {
    char[] a = s;
    int n = end;
    int start = pos + 1;
    int p = start;
    int h = 0;
    int space = -1;
    int ha = 0;
    while (p < n) {
      char c = a[p];
      if (c == '"') {
        break;
      }
      if (c == '\\') {
        return false;
      }
      if (c < 0x20) {
        pos = p;
        throw error("no control character in a string");
      }
      if (c == ' ') {
        if (space >= 0) {
          throw mergeError(index, start, p);
        }
        space = p;
        ha = h;
        h = 0;
      } else {
        h = 31 * h + c;
      }
      p++;
    }
    if (p >= n) {
      pos = p;
      throw error("'\"'");
    }
    if (space < 0) {
      throw mergeError(index, start, p);
    }
    if (p - start > TokenizerJsonReader.MAX_TOKEN_CHARS) {
      throw new TokenizerFormatException(
          "model.merges[" + index + "]", "a string is longer than " + TokenizerJsonReader.MAX_TOKEN_CHARS + " chars");
    }
    out.add(start, space - start, ha, space + 1, p - space - 1, h);
    pos = p + 1;
    return true;
  }

  private TokenizerFormatException mergeError(int index, int start, int stop) {
    int to = stop;
    while (to < end && s[to] != '"') {
      to++;
    }
    String m = new String(s, start, Math.min(to, start + 40) - start);
    return new TokenizerFormatException(
        "model.merges[" + index + "]", "must be two tokens separated by one space, was \"" + m + (to - start > 40 ? "…" : "") + "\"");
  }

  /**
   * Reads a non-negative integer of at most nine digits followed by a delimiter, or returns -1
   * with the cursor unmoved (the caller then reads it with {@link #integer} for the error).
   */
  int smallNatural() {
    ws();
    char[] a = s;
    int p = pos;
    int v = 0;
    int digits = 0;
    while (p < end) {
      char c = a[p];
      if (c < '0' || c > '9') {
        break;
      }
      v = v * 10 + (c - '0');
      p++;
      if (++digits > 9) {
        return -1;
      }
    }
    if (digits == 0 || p >= end) {
      return -1;
    }
    char c = a[p];
    if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
      pos = p;
      return v;
    }
    return -1;
  }

  private String escaped(int start, int maxChars, String path) {
    StringBuilder sb = new StringBuilder(end - start < 64 ? 16 : 64);
    sb.append(s, start, pos - start);
    while (pos < end) {
      char c = s[pos++];
      if (c == '"') {
        if (sb.length() > maxChars) {
          throw new TokenizerFormatException(path, "a string is longer than " + maxChars + " chars");
        }
        return sb.toString();
      }
      if (c < 0x20) {
        pos--;
        throw error("no control character in a string");
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (pos >= end) {
        break;
      }
      char e = s[pos++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          sb.append(e);
          break;
        case 'b':
          sb.append('\b');
          break;
        case 'f':
          sb.append('\f');
          break;
        case 'n':
          sb.append('\n');
          break;
        case 'r':
          sb.append('\r');
          break;
        case 't':
          sb.append('\t');
          break;
        case 'u':
          {
            if (pos + 4 > end) {
              throw error("four hex digits");
            }
            int v = 0;
            for (int k = 0; k < 4; k++) {
              int d = Character.digit(s[pos++], 16);
              if (d < 0) {
                pos--;
                throw error("a hex digit");
              }
              v = v * 16 + d;
            }
            sb.append((char) v);
            break;
          }
        default:
          pos--;
          throw error("a valid escape");
      }
      if (sb.length() > maxChars) {
        throw new TokenizerFormatException(path, "a string is longer than " + maxChars + " chars");
      }
    }
    throw error("'\"'");
  }

  /** Reads an integer (no fraction or exponent). */
  long integer(String path) {
    ws();
    int start = pos;
    if (pos < end && s[pos] == '-') {
      pos++;
    }
    int digits = 0;
    while (pos < end && s[pos] >= '0' && s[pos] <= '9') {
      pos++;
      digits++;
    }
    if (digits == 0 || digits > 18) {
      pos = start;
      throw new TokenizerFormatException(path, "must be an integer id, was " + describe());
    }
    char c = pos < end ? s[pos] : 0;
    if (c == '.' || c == 'e' || c == 'E') {
      pos = start;
      throw new TokenizerFormatException(path, "must be an integer id, was " + describe());
    }
    long v = 0;
    boolean negative = s[start] == '-';
    for (int i = negative ? start + 1 : start; i < pos; i++) {
      v = v * 10 + (s[i] - '0');
    }
    return negative ? -v : v;
  }

  /** Reads a number. */
  double number(String path) {
    ws();
    int start = pos;
    while (pos < end && "+-0123456789.eE".indexOf(s[pos]) >= 0 && pos - start < 400) {
      pos++;
    }
    try {
      if (pos == start) {
        throw new NumberFormatException();
      }
      double v = Double.parseDouble(new String(s, start, pos - start));
      if (!Double.isFinite(v)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      pos = start;
      throw new TokenizerFormatException(path, "must be a finite number, was " + describe());
    }
  }

  private String describe() {
    int to = Math.min(end, pos + 20);
    return "\"" + new String(s, pos, to - pos) + (to < end ? "…" : "") + "\"";
  }

  /** Skips one value of any kind, checking its structure and bounding its nesting. */
  void skipValue() {
    boolean[] isObject = new boolean[MAX_DEPTH + 1];
    int depth = 0;
    while (true) {
      char c = peek();
      if (c == '{' || c == '[') {
        if (depth == MAX_DEPTH) {
          throw new TokenizerFormatException("tokenizer.json", "nests deeper than " + MAX_DEPTH + " levels");
        }
        pos++;
        isObject[depth++] = c == '{';
        if (peek() == (c == '{' ? '}' : ']')) {
          pos++;
          depth--;
        } else {
          if (c == '{') {
            string(Integer.MAX_VALUE, "tokenizer.json");
            expect(':');
          }
          continue;
        }
      } else if (c == '"') {
        string(Integer.MAX_VALUE, "tokenizer.json");
      } else {
        int start = pos;
        while (pos < end && "{}[],: \n\r\t\"".indexOf(s[pos]) < 0) {
          pos++;
        }
        if (pos == start) {
          throw error("a value");
        }
      }
      // after a value: close containers, or move to the next element or member
      while (depth > 0) {
        char d = peek();
        if (d == ',') {
          pos++;
          if (isObject[depth - 1]) {
            string(Integer.MAX_VALUE, "tokenizer.json");
            expect(':');
          }
          break;
        }
        if (d == (isObject[depth - 1] ? '}' : ']')) {
          pos++;
          depth--;
          continue;
        }
        throw error("',' or '" + (isObject[depth - 1] ? '}' : ']') + "'");
      }
      if (depth == 0) {
        return;
      }
    }
  }

  private static final com.fasterxml.jackson.databind.node.JsonNodeFactory NODES =
      com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;

  /** The longest string a tree may hold, as core's JSON reader allows (64 Mi chars). */
  static final int MAX_STRING = 64 << 20;

  /**
   * Reads one value as a Jackson tree (for the small sections), rejecting duplicate keys and
   * bounding the nesting.
   */
  com.fasterxml.jackson.databind.JsonNode value(int depth) {
    char c = peek();
    if (c == '{' || c == '[') {
      if (depth >= MAX_DEPTH) {
        throw new TokenizerFormatException("tokenizer.json", "nests deeper than " + MAX_DEPTH + " levels");
      }
      pos++;
      if (c == '{') {
        com.fasterxml.jackson.databind.node.ObjectNode o = NODES.objectNode();
        if (peek() == '}') {
          pos++;
          return o;
        }
        do {
          String key = string(MAX_STRING, "tokenizer.json");
          expect(':');
          com.fasterxml.jackson.databind.JsonNode v = value(depth + 1);
          if (o.has(key)) {
            throw new TokenizerFormatException("tokenizer.json", "duplicate key \"" + key + "\"");
          }
          o.set(key, v);
        } while (more('}'));
        return o;
      }
      com.fasterxml.jackson.databind.node.ArrayNode a = NODES.arrayNode();
      if (peek() == ']') {
        pos++;
        return a;
      }
      do {
        a.add(value(depth + 1));
      } while (more(']'));
      return a;
    }
    if (c == '"') {
      return NODES.textNode(string(MAX_STRING, "tokenizer.json"));
    }
    if (startsWith("true")) {
      pos += 4;
      return NODES.booleanNode(true);
    }
    if (startsWith("false")) {
      pos += 5;
      return NODES.booleanNode(false);
    }
    if (startsWith("null")) {
      pos += 4;
      return NODES.nullNode();
    }
    int start = pos;
    boolean fraction = false;
    while (pos < end && "+-0123456789.eE".indexOf(s[pos]) >= 0) {
      char d = s[pos];
      fraction |= d == '.' || d == 'e' || d == 'E';
      pos++;
      if (pos - start > 400) {
        throw error("a number of at most 400 characters");
      }
    }
    if (pos == start) {
      throw error("a value");
    }
    String num = new String(s, start, pos - start);
    try {
      if (!fraction && num.length() <= 18) {
        return NODES.numberNode(Long.parseLong(num));
      }
      if (!fraction) {
        return NODES.numberNode(new java.math.BigInteger(num));
      }
      return NODES.numberNode(Double.parseDouble(num));
    } catch (NumberFormatException e) {
      pos = start;
      throw error("a number");
    }
  }

  private boolean startsWith(String word) {
    if (pos + word.length() > end) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      if (s[pos + i] != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
