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

  private final String s;
  private int pos;

  JsonCursor(String s) {
    this.s = s;
  }

  int pos() {
    return pos;
  }

  TokenizerFormatException error(String expected) {
    String found = pos < s.length() ? "'" + s.charAt(pos) + "'" : "the end";
    return new TokenizerFormatException(
        "tokenizer.json", "is not well-formed JSON: expected " + expected + " at offset " + pos + ", found " + found);
  }

  void ws() {
    while (pos < s.length()) {
      char c = s.charAt(pos);
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
    return pos < s.length() ? s.charAt(pos) : 0;
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
    return pos >= s.length();
  }

  /** Reads a string (the cursor on its opening quote), at most {@code maxChars} long. */
  String string(int maxChars, String path) {
    if (peek() != '"') {
      throw error("a string");
    }
    int start = ++pos;
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c == '"') {
        String out = s.substring(start, pos++);
        if (out.length() > maxChars) {
          throw new TokenizerFormatException(path, "a string is longer than " + maxChars + " chars");
        }
        return out;
      }
      if (c == '\\') {
        return escaped(start, maxChars, path);
      }
      if (c < 0x20) {
        throw error("no control character in a string");
      }
      pos++;
    }
    throw error("'\"'");
  }

  private String escaped(int start, int maxChars, String path) {
    StringBuilder sb = new StringBuilder(s.length() - start < 64 ? 16 : 64);
    sb.append(s, start, pos);
    while (pos < s.length()) {
      char c = s.charAt(pos++);
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
      if (pos >= s.length()) {
        break;
      }
      char e = s.charAt(pos++);
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
            if (pos + 4 > s.length()) {
              throw error("four hex digits");
            }
            int v = 0;
            for (int k = 0; k < 4; k++) {
              int d = Character.digit(s.charAt(pos++), 16);
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
    if (pos < s.length() && s.charAt(pos) == '-') {
      pos++;
    }
    int digits = 0;
    while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
      pos++;
      digits++;
    }
    if (digits == 0 || digits > 18) {
      pos = start;
      throw new TokenizerFormatException(path, "must be an integer id, was " + describe());
    }
    char c = pos < s.length() ? s.charAt(pos) : 0;
    if (c == '.' || c == 'e' || c == 'E') {
      pos = start;
      throw new TokenizerFormatException(path, "must be an integer id, was " + describe());
    }
    return Long.parseLong(s, start, pos, 10);
  }

  /** Reads a number. */
  double number(String path) {
    ws();
    int start = pos;
    while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0 && pos - start < 400) {
      pos++;
    }
    try {
      if (pos == start) {
        throw new NumberFormatException();
      }
      double v = Double.parseDouble(s.substring(start, pos));
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
    int end = Math.min(s.length(), pos + 20);
    return "\"" + s.substring(pos, end) + (end < s.length() ? "…" : "") + "\"";
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
        while (pos < s.length() && "{}[],: \n\r\t\"".indexOf(s.charAt(pos)) < 0) {
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
    if (s.startsWith("true", pos)) {
      pos += 4;
      return NODES.booleanNode(true);
    }
    if (s.startsWith("false", pos)) {
      pos += 5;
      return NODES.booleanNode(false);
    }
    if (s.startsWith("null", pos)) {
      pos += 4;
      return NODES.nullNode();
    }
    int start = pos;
    boolean fraction = false;
    while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
      char d = s.charAt(pos);
      fraction |= d == '.' || d == 'e' || d == 'E';
      pos++;
      if (pos - start > 400) {
        throw error("a number of at most 400 characters");
      }
    }
    if (pos == start) {
      throw error("a value");
    }
    String num = s.substring(start, pos);
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

  String slice(int from) {
    return s.substring(from, pos);
  }
}
