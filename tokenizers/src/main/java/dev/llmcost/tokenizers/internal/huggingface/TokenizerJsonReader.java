package dev.llmcost.tokenizers.internal.huggingface;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.core.internal.Json;
import dev.llmcost.tokenizers.huggingface.TokenizerFormatException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@code tokenizer.json} (plain or gzip-compressed) into a {@link Pipeline}: one strict
 * pass over the document ({@link JsonCursor}) reads the model's vocabulary and merges with their
 * bounds checked as they arrive, and the small sections as Jackson trees (duplicate keys rejected,
 * nesting bounded); every component is validated before the pipeline exists.
 */
public final class TokenizerJsonReader {
  private TokenizerJsonReader() {}

  /** The most entries a vocabulary, a merge list or the added tokens may have. */
  public static final int MAX_ENTRIES = 1 << 22;

  /** The longest token accepted, in chars. */
  public static final int MAX_TOKEN_CHARS = 1 << 16;

  private static final class Raw {
    final Map<String, JsonNode> sections = new LinkedHashMap<>();
    final ObjectNode modelScalars = JsonNodeFactory.instance.objectNode();
    @Nullable StringIntMap vocab;
    @Nullable String[] vocabTokens;
    int vocabDistinctIds = -1;
    int @Nullable [] vocabShortIds;
    @Nullable String[] unigramPieces;
    double @Nullable [] unigramScores;
    @Nullable MergeList merges;
    boolean sawModel;
    int limit = MAX_ENTRIES;
    int documentChars;
    final java.util.Set<String> modelFields = new java.util.HashSet<>();
  }

  /**
   * Reads a tokenizer.
   *
   * @param in the file, plain or gzip-compressed; not closed
   * @return the pipeline
   * @throws TokenizerFormatException if the file is malformed, out of bounds or unsupported
   * @throws UncheckedIOException if reading fails
   */
  public static Pipeline read(InputStream in) {
    return read(in, MAX_ENTRIES);
  }

  /**
   * Reads a tokenizer with a lower bound on entries (for tests of the bound).
   *
   * @param in the file, plain or gzip-compressed; not closed
   * @param maxEntries the most entries a vocabulary or merge list may have
   * @return the pipeline
   */
  public static Pipeline read(InputStream in, int maxEntries) {
    InputStream stream = in.markSupported() ? in : new BufferedInputStream(in, 1 << 16);
    try {
      stream.mark(2);
      int b0 = stream.read();
      int b1 = stream.read();
      stream.reset();
      if (b0 == 0x1f && b1 == 0x8b) {
        stream = new GZIPInputStream(stream, 1 << 16);
      }
      byte[] bytes = stream.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, Json.MAX_DOCUMENT_CHARS + 1));
      if (bytes.length > Json.MAX_DOCUMENT_CHARS) {
        throw new TokenizerFormatException(
            "tokenizer.json", "is longer than " + Json.MAX_DOCUMENT_CHARS + " bytes");
      }
      // decoded straight into one array (UTF-8 never has more chars than bytes): the cursor reads
      // it without String's per-character checks, and the merges are ranges of it
      char[] doc = new char[bytes.length];
      CharBuffer chars = CharBuffer.wrap(doc);
      CharsetDecoder decoder =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT);
      CoderResult result = decoder.decode(ByteBuffer.wrap(bytes), chars, true);
      if (!result.isError()) {
        result = decoder.flush(chars);
      }
      if (result.isError()) {
        throw new TokenizerFormatException("tokenizer.json", "is not valid UTF-8");
      }
      int length = chars.position();
      Raw raw = new Raw();
      raw.limit = Math.min(maxEntries, MAX_ENTRIES);
      raw.documentChars = length;
      parseRoot(new JsonCursor(doc, length > 0 && doc[0] == '\uFEFF' ? 1 : 0, length), raw);
      return build(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (OutOfMemoryError e) {
      throw new TokenizerFormatException("tokenizer.json", "is too large to load", e);
    }
  }

  private static JsonNode tree(JsonCursor c) {
    return c.value(1);
  }

  private static void parseRoot(JsonCursor c, Raw raw) {
    if (c.peek() != '{') {
      throw new TokenizerFormatException("tokenizer.json", "must be a JSON object");
    }
    c.expect('{');
    java.util.Set<String> names = new java.util.HashSet<>();
    if (c.peek() == '}') {
      c.expect('}');
    } else {
      do {
        String name = c.string(MAX_TOKEN_CHARS, "tokenizer.json");
        if (!names.add(name)) {
          throw new TokenizerFormatException(name, "appears twice");
        }
        c.expect(':');
        if (name.equals("model")) {
          if (c.peek() != '{') {
            throw c.peek() == 0 ? c.error("a value") : new TokenizerFormatException("model", "must be an object");
          }
          raw.sawModel = true;
          parseModel(c, raw);
        } else {
          raw.sections.put(name, tree(c));
        }
      } while (c.more('}'));
    }
    if (!c.atEnd()) {
      throw new TokenizerFormatException("tokenizer.json", "has content after the root object");
    }
  }

  private static void parseModel(JsonCursor c, Raw raw) {
    c.expect('{');
    if (c.peek() == '}') {
      c.expect('}');
      return;
    }
    do {
      String name = c.string(MAX_TOKEN_CHARS, "model");
      if (!raw.modelFields.add(name)) {
        throw new TokenizerFormatException("model." + name, "appears twice");
      }
      c.expect(':');
      char t = c.peek();
      if (name.equals("vocab")) {
        if (t == '{') {
          parseVocabObject(c, raw);
        } else if (t == '[') {
          parseVocabArray(c, raw);
        } else {
          throw new TokenizerFormatException("model.vocab", "must be an object or an array");
        }
      } else if (name.equals("merges")) {
        if (t != '[') {
          throw new TokenizerFormatException("model.merges", "must be an array");
        }
        parseMerges(c, raw);
      } else {
        raw.modelScalars.set(name, tree(c));
      }
    } while (c.more('}'));
  }

  private static void parseVocabObject(JsonCursor c, Raw raw) {
    // sized for the largest vocabulary the document could hold (about 30 chars an entry in real
    // files, counting the merges), so that it rarely grows
    int expected = Math.max(1 << 12, Math.min(raw.limit, raw.documentChars / 30));
    StringIntMap map = new StringIntMap(expected);
    // id -> token, filled as the entries arrive (the first token of an id keeps it)
    String[] byId = new String[expected];
    int distinct = 0;
    IntList shortIds = new IntList(1024);
    int maxId = -1;
    c.expect('{');
    if (c.peek() == '}') {
      c.expect('}');
    } else {
      do {
        String tok = c.string(MAX_TOKEN_CHARS, "model.vocab");
        int hash = c.lastHash();
        c.expect(':');
        long id = c.smallNatural();
        if (id < 0) {
          // not a plain id: read it again for the precise error (the path is built only here)
          if (c.peek() != '-' && (c.peek() < '0' || c.peek() > '9')) {
            throw new TokenizerFormatException(vocabPath(tok), "must be an integer id");
          }
          id = c.integer(vocabPath(tok));
        }
        if (id < 0 || id >= MAX_ENTRIES) {
          throw new TokenizerFormatException(vocabPath(tok), "id must be in [0, " + MAX_ENTRIES + "), was " + id);
        }
        if (map.size() >= raw.limit) {
          throw new TokenizerFormatException("model.vocab", "has more than " + raw.limit + " entries");
        }
        if (map.put(tok, hash, (int) id) >= 0) {
          throw new TokenizerFormatException(vocabPath(tok), "is a duplicate token");
        }
        if (id >= byId.length) {
          byId = Arrays.copyOf(byId, (int) Math.max(id + 1, Math.min((long) byId.length * 2, MAX_ENTRIES)));
        }
        if (byId[(int) id] == null) {
          byId[(int) id] = tok;
          distinct++;
        }
        if (tok.length() <= 2) {
          shortIds.add((int) id);
        }
        maxId = Math.max(maxId, (int) id);
      } while (c.more('}'));
    }
    raw.vocab = map;
    raw.vocabTokens = Arrays.copyOf(byId, maxId + 1);
    raw.vocabDistinctIds = distinct;
    raw.vocabShortIds = shortIds.toArray();
  }

  private static String vocabPath(String token) {
    return "model.vocab[\"" + abbreviate(token) + "\"]";
  }

  private static void parseVocabArray(JsonCursor c, Raw raw) {
    List<String> pieces = new ArrayList<>();
    double[] scores = new double[1024];
    int i = 0;
    c.expect('[');
    if (c.peek() == ']') {
      c.expect(']');
    } else {
      do {
        String path = "model.vocab[" + i + "]";
        if (i >= raw.limit) {
          throw new TokenizerFormatException("model.vocab", "has more than " + raw.limit + " entries");
        }
        if (c.peek() != '[') {
          throw new TokenizerFormatException(path, "must be a [piece, score] pair");
        }
        c.expect('[');
        if (c.peek() != '"') {
          throw new TokenizerFormatException(path, "must be a [piece, score] pair");
        }
        String piece = c.string(MAX_TOKEN_CHARS, path);
        c.expect(',');
        double score = c.number(path);
        if (c.peek() != ']') {
          throw new TokenizerFormatException(path, "must be a [piece, score] pair");
        }
        c.expect(']');
        if (i == scores.length) {
          scores = Arrays.copyOf(scores, i * 2);
        }
        pieces.add(piece);
        scores[i++] = score;
      } while (c.more(']'));
    }
    raw.unigramPieces = pieces.toArray(new String[0]);
    raw.unigramScores = Arrays.copyOf(scores, i);
  }

  private static void parseMerges(JsonCursor c, Raw raw) {
    MergeList merges = new MergeList(c.chars());
    int i = 0;
    c.expect('[');
    if (c.peek() == ']') {
      c.expect(']');
    } else {
      do {
        if (i >= raw.limit) {
          throw new TokenizerFormatException("model.merges", "has more than " + raw.limit + " entries");
        }
        char t = c.peek();
        if (t == '"') {
          if (!c.plainMerge(merges, i)) {
            String path = "model.merges[" + i + "]";
            String m = c.string(MAX_TOKEN_CHARS, path);
            int sp = m.indexOf(' ');
            if (sp < 0 || m.indexOf(' ', sp + 1) >= 0) {
              throw new TokenizerFormatException(
                  path, "must be two tokens separated by one space, was \"" + abbreviate(m) + "\"");
            }
            merges.add(m.substring(0, sp), m.substring(sp + 1));
          }
        } else if (t == '[') {
          String path = "model.merges[" + i + "]";
          c.expect('[');
          if (c.peek() != '"') {
            throw new TokenizerFormatException(path, "must be a pair of strings");
          }
          String a = c.string(MAX_TOKEN_CHARS, path);
          c.expect(',');
          if (c.peek() != '"') {
            throw new TokenizerFormatException(path, "must be a pair of strings");
          }
          String b = c.string(MAX_TOKEN_CHARS, path);
          if (c.peek() != ']') {
            throw new TokenizerFormatException(path, "must be a pair of strings");
          }
          c.expect(']');
          merges.add(a, b);
        } else {
          throw new TokenizerFormatException("model.merges[" + i + "]", "must be a string or a pair of strings");
        }
        i++;
      } while (c.more(']'));
    }
    raw.merges = merges;
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  private static @Nullable Node section(Raw raw, String name) {
    JsonNode n = raw.sections.get(name);
    return n == null || n.isNull() ? null : new Node(n, name);
  }

  private static Pipeline build(Raw raw) {
    if (!raw.sawModel) {
      throw new TokenizerFormatException("model", "is missing");
    }
    Node modelNode = new Node(raw.modelScalars, "model");
    Model model = buildModel(modelNode, raw);
    Vocabulary vocab = model.vocabulary();

    Node normNode = section(raw, "normalizer");
    Normalizer normalizer = normNode == null ? null : Normalizers.parse(normNode);
    Node preNode = section(raw, "pre_tokenizer");
    PreTokenizers.Parsed pre =
        preNode == null ? new PreTokenizers.Parsed(PreTokenizer.NONE, false, c -> false, c -> c) : PreTokenizers.parse(preNode);
    Node postNode = section(raw, "post_processor");
    PostProcessor post = postNode == null ? PostProcessor.NONE : PostProcessor.parse(postNode);
    Node decNode = section(raw, "decoder");
    Decoder decoder = decNode == null ? null : Decoders.parse(decNode);

    List<AddedToken> raws = new ArrayList<>();
    List<String> rawContents = new ArrayList<>();
    List<AddedToken> norms = new ArrayList<>();
    List<String> normContents = new ArrayList<>();
    List<AddedToken> all = new ArrayList<>();
    List<String> allContents = new ArrayList<>();
    Map<Integer, AddedToken> byId = new HashMap<>();
    Node addedNode = section(raw, "added_tokens");
    if (addedNode != null) {
      List<Node> list = addedNode.elements();
      if (list.size() > MAX_ENTRIES) {
        throw addedNode.error("has more than " + MAX_ENTRIES + " entries");
      }
      for (Node a : list) {
        int id = a.integer("id", 0, MAX_ENTRIES - 1);
        String content = a.string("content");
        if (content.isEmpty()) {
          throw a.get("content").error("must not be empty");
        }
        boolean special = a.bool("special", false);
        AddedToken t =
            new AddedToken(
                id,
                content,
                a.bool("single_word", false),
                a.bool("lstrip", false),
                a.bool("rstrip", false),
                a.bool("normalized", !special),
                special);
        byId.put(id, t);
        all.add(t);
        allContents.add(content);
        if (t.normalized()) {
          norms.add(t);
          normContents.add(normalizer == null ? content : normalizer.normalize(content));
        } else {
          raws.add(t);
          rawContents.add(content);
        }
      }
    }
    // distinct ids of the vocabulary and the added tokens
    int distinctIds = vocab.distinctIds();
    for (int id : byId.keySet()) {
      if (vocab.token(id) == null) {
        distinctIds++;
      }
    }
    String type = modelNode.string("type", raw.unigramPieces != null ? "Unigram" : "BPE");
    return new Pipeline(
        normalizer,
        pre,
        model,
        new AddedVocabulary(raws, rawContents),
        new AddedVocabulary(norms, normContents),
        new AddedVocabulary(all, allContents),
        post,
        decoder,
        byId,
        distinctIds,
        type);
  }

  private static Model buildModel(Node m, Raw raw) {
    String type;
    if (m.has("type")) {
      type = m.type();
    } else if (raw.unigramPieces != null) {
      type = "Unigram";
    } else if (raw.merges != null) {
      type = "BPE";
    } else if (m.has("continuing_subword_prefix") || m.has("max_input_chars_per_word")) {
      type = "WordPiece";
    } else {
      throw m.error("has no type and cannot be recognised");
    }
    switch (type) {
      case "BPE":
        {
          Vocabulary vocab = objectVocab(raw, "BPE");
          MergeList merges = raw.merges;
          if (merges == null) {
            throw new TokenizerFormatException("model.merges", "is missing");
          }
          Node dropout = m.opt("dropout");
          if (dropout != null && dropout.asDouble() > 0) {
            throw dropout.error("BPE dropout is random and not supported");
          }
          return new BpeModel(
              vocab,
              merges,
              "model.merges",
              m.optString("unk_token"),
              m.bool("byte_fallback", false),
              m.bool("fuse_unk", false),
              m.bool("ignore_merges", false),
              m.optString("continuing_subword_prefix"),
              m.optString("end_of_word_suffix"),
              "model.unk_token");
        }
      case "WordPiece":
        {
          Vocabulary vocab = objectVocab(raw, "WordPiece");
          return new WordPieceModel(
              vocab,
              m.string("unk_token", "[UNK]"),
              m.string("continuing_subword_prefix", "##"),
              m.integer("max_input_chars_per_word", 0, Integer.MAX_VALUE, 100),
              "model.unk_token");
        }
      case "Unigram":
        {
          if (raw.unigramPieces == null) {
            throw new TokenizerFormatException("model.vocab", "must be an array of [piece, score] pairs for Unigram");
          }
          String[] pieces = raw.unigramPieces;
          StringIntMap map = new StringIntMap(pieces.length);
          for (int i = 0; i < pieces.length; i++) {
            map.put(pieces[i], i);
          }
          Vocabulary vocab = new Vocabulary(map, pieces.clone(), pieces.length, null);
          Node unk = m.opt("unk_id");
          int unkId = unk == null ? -1 : unk.asInt(0, Math.max(0, pieces.length - 1));
          if (unk != null && pieces.length == 0) {
            throw unk.error("is set but the vocabulary is empty");
          }
          if (unk == null) {
            // HuggingFace tokenizers loads such a model but fails on the first character no piece covers
            // (UnigramError::MissingUnkId in unigram/model.rs); refused here, where the file is read, so that a
            // loaded tokenizer encodes any text
            throw new TokenizerFormatException("model.unk_id", "is missing: a Unigram model without an unknown"
                + " token cannot encode text outside its vocabulary");
          }
          return new UnigramModel(vocab, pieces, raw.unigramScores, unkId, m.bool("byte_fallback", false));
        }
      default:
        throw m.get("type").error("model type \"" + type + "\" is not supported");
    }
  }

  private static Vocabulary objectVocab(Raw raw, String type) {
    if (raw.vocab == null) {
      throw new TokenizerFormatException(
          "model.vocab", raw.unigramPieces != null ? "must be an object of token ids for " + type : "is missing");
    }
    return new Vocabulary(raw.vocab, raw.vocabTokens, raw.vocabDistinctIds, raw.vocabShortIds);
  }
}
