package dev.llmcost.tokenizers.internal.huggingface;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds the decoders of a {@code tokenizer.json}, as HuggingFace tokenizers defines them. */
final class Decoders {
  private Decoders() {}

  static Decoder parse(Node n) {
    String type = n.type();
    switch (type) {
      case "Sequence":
        {
          List<Decoder> parts = new ArrayList<>();
          for (Node d : n.array("decoders")) {
            parts.add(parse(d));
          }
          return tokens -> {
            for (Decoder d : parts) {
              tokens = d.decodeChain(tokens);
            }
            return tokens;
          };
        }
      case "ByteLevel":
        return Decoders::byteLevel;
      case "ByteFallback":
        return Decoders::byteFallback;
      case "Fuse":
        return tokens -> List.of(String.join("", tokens));
      case "Metaspace":
        {
          String rep = n.string("replacement");
          boolean prepend =
              n.has("prepend_scheme")
                  ? !n.string("prepend_scheme").equals("never")
                  : n.bool("add_prefix_space", true);
          return tokens -> {
            List<String> out = new ArrayList<>(tokens.size());
            for (int i = 0; i < tokens.size(); i++) {
              String t = tokens.get(i).replace(rep, " ");
              if (i == 0 && prepend && t.startsWith(" ")) {
                t = t.substring(1);
              }
              out.add(t);
            }
            return out;
          };
        }
      case "WordPiece":
        {
          String prefix = n.string("prefix", "##");
          boolean cleanup = n.bool("cleanup", true);
          return tokens -> {
            List<String> out = new ArrayList<>(tokens.size());
            for (int i = 0; i < tokens.size(); i++) {
              String t = tokens.get(i);
              if (i > 0) {
                t = t.startsWith(prefix) ? t.substring(prefix.length()) : " " + t;
              }
              out.add(cleanup ? cleanup(t) : t);
            }
            return out;
          };
        }
      case "BPEDecoder":
        {
          String suffix = n.string("suffix", "</w>");
          return tokens -> {
            List<String> out = new ArrayList<>(tokens.size());
            for (int i = 0; i < tokens.size(); i++) {
              out.add(tokens.get(i).replace(suffix, i == tokens.size() - 1 ? "" : " "));
            }
            return out;
          };
        }
      case "Replace":
        {
          String content = n.string("content");
          Node pattern = n.object("pattern");
          if (pattern.has("String")) {
            String literal = pattern.string("String");
            return tokens -> map(tokens, t -> t.replace(literal, content));
          }
          Pattern regex = RegexTranslator.compile(pattern.get("Regex"));
          String rep = Matcher.quoteReplacement(content);
          return tokens -> map(tokens, t -> RegexTranslator.replaceAll(regex, t, rep));
        }
      case "Strip":
        {
          String content = n.string("content");
          int start = n.integer("start", 0, 1 << 20);
          int stop = n.integer("stop", 0, 1 << 20);
          return tokens -> map(tokens, t -> strip(t, content, start, stop));
        }
      default:
        throw n.error("decoder type \"" + type + "\" is not supported");
    }
  }

  private static List<String> map(List<String> tokens, java.util.function.UnaryOperator<String> f) {
    List<String> out = new ArrayList<>(tokens.size());
    for (String t : tokens) {
      out.add(f.apply(t));
    }
    return out;
  }

  private static String strip(String t, String content, int start, int stop) {
    int from = 0;
    int to = t.length();
    for (int i = 0; i < start && t.startsWith(content, from) && from < to; i++) {
      from += content.length();
    }
    for (int i = 0; i < stop && to - content.length() >= from && t.startsWith(content, to - content.length()); i++) {
      to -= content.length();
    }
    return t.substring(from, to);
  }

  private static List<String> byteLevel(List<String> tokens) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (String t : tokens) {
      boolean all = true;
      for (int i = 0; i < t.length() && all; i++) {
        all = ByteLevelAlphabet.byteOf(t.charAt(i)) >= 0;
      }
      if (all) {
        for (int i = 0; i < t.length(); i++) {
          bytes.write(ByteLevelAlphabet.byteOf(t.charAt(i)));
        }
      } else {
        bytes.writeBytes(t.getBytes(StandardCharsets.UTF_8));
      }
    }
    return List.of(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
  }

  private static List<String> byteFallback(List<String> tokens) {
    List<String> out = new ArrayList<>(tokens.size());
    ByteArrayOutputStream pending = new ByteArrayOutputStream();
    int pendingCount = 0;
    for (String t : tokens) {
      int b = byteToken(t);
      if (b >= 0) {
        pending.write(b);
        pendingCount++;
        continue;
      }
      if (pendingCount > 0) {
        flush(pending, pendingCount, out);
        pending.reset();
        pendingCount = 0;
      }
      out.add(t);
    }
    if (pendingCount > 0) {
      flush(pending, pendingCount, out);
    }
    return out;
  }

  private static void flush(ByteArrayOutputStream pending, int count, List<String> out) {
    byte[] b = pending.toByteArray();
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
            .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
    try {
      out.add(decoder.decode(java.nio.ByteBuffer.wrap(b)).toString());
    } catch (java.nio.charset.CharacterCodingException e) {
      for (int i = 0; i < count; i++) {
        out.add("\uFFFD");
      }
    }
  }

  /** Returns the byte of a {@code <0xXX>} token, or -1. */
  private static int byteToken(String t) {
    if (t.length() == 6 && t.startsWith("<0x") && t.charAt(5) == '>') {
      int hi = Character.digit(t.charAt(3), 16);
      int lo = Character.digit(t.charAt(4), 16);
      if (hi >= 0 && lo >= 0) {
        return hi * 16 + lo;
      }
    }
    return -1;
  }

  /** HuggingFace's {@code clean_up_tokenization}: removes spaces before punctuation and contractions. */
  static String cleanup(String s) {
    return s.replace(" .", ".")
        .replace(" ?", "?")
        .replace(" !", "!")
        .replace(" ,", ",")
        .replace(" ' ", "'")
        .replace(" n't", "n't")
        .replace(" 'm", "'m")
        .replace(" do not", " don't")
        .replace(" 's", "'s")
        .replace(" 've", "'ve")
        .replace(" 're", "'re");
  }
}
