package dev.llmcost.tokenizers.gguf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.core.gguf.GgufArray;
import dev.llmcost.core.gguf.GgufFile;
import dev.llmcost.tokenizers.huggingface.HuggingFaceTokenizer;
import dev.llmcost.tokenizers.huggingface.TokenizerFormatException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads the tokenizer a GGUF file embeds ({@code tokenizer.ggml.model}, {@code .tokens}, {@code
 * .token_type}, {@code .merges}, {@code .scores}, {@code .pre}, {@code .bos_token_id}, {@code
 * .add_bos_token}; GGUF specification, ggml {@code docs/gguf.md}, "Tokenizer") as a {@link
 * HuggingFaceTokenizer}, so that it gives the same ids as the HuggingFace {@code tokenizer.json} it
 * was converted from.
 *
 * <p>Two models are supported. {@code gpt2}: byte-level BPE with the file's merges, split first by
 * the regular expression llama.cpp associates with {@code tokenizer.ggml.pre} ({@code llama-bpe}:
 * Llama 3; {@code qwen2}: Qwen2/2.5, NFC-normalised; {@code gpt2} and {@code default}: GPT-2's).
 * {@code llama}: SentencePiece BPE with byte fallback, whose merges are rebuilt from the
 * vocabulary — every split of a piece into two pieces of the vocabulary, ranked by the merged
 * piece's score, then the pieces' ids (as HuggingFace's SentencePiece converter ranks them). Token
 * types 3 (control) and 4 (user-defined) become added tokens; type 5 (unused padding) is left out.
 */
public final class GgufTokenizers {
  private GgufTokenizers() {}

  private static final String GPT2_REGEX =
      "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";
  private static final String LLAMA3_REGEX =
      "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
  private static final String QWEN2_REGEX =
      "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

  /**
   * Reads a GGUF file's header and loads its tokenizer.
   *
   * @param path the file
   * @return the tokenizer
   * @throws dev.llmcost.core.gguf.GgufFormatException if the file is not a readable GGUF header
   * @throws TokenizerFormatException if the file has no tokenizer or one of an unsupported model
   */
  public static HuggingFaceTokenizer load(Path path) {
    return load(GgufFile.read(path));
  }

  /**
   * Loads a GGUF header's tokenizer.
   *
   * @param f the header
   * @return the tokenizer
   * @throws TokenizerFormatException if the file has no tokenizer or one of an unsupported model
   */
  public static HuggingFaceTokenizer load(GgufFile f) {
    String model = f.string("tokenizer.ggml.model").orElseThrow(() ->
        new TokenizerFormatException("tokenizer.ggml.model", "the GGUF file has no embedded tokenizer"));
    GgufArray tokens = f.array("tokenizer.ggml.tokens").orElseThrow(() ->
        new TokenizerFormatException("tokenizer.ggml.tokens", "missing"));
    List<String> pieces = tokens.strings();
    Optional<GgufArray> types = f.array("tokenizer.ggml.token_type");
    String id = f.string("general.name").orElse("gguf") + " (gguf " + model + ")";
    ObjectNode root = new ObjectMapper().createObjectNode();
    root.put("version", "1.0");
    ArrayNode added = root.putArray("added_tokens");
    ObjectNode m = new ObjectMapper().createObjectNode();
    m.put("type", "BPE");
    ObjectNode vocab = m.putObject("vocab");
    ArrayNode merges = m.putArray("merges");
    Map<String, Integer> ids = new HashMap<>();
    for (int i = 0; i < pieces.size(); i++) {
      int type = types.isPresent() ? (int) types.get().longAt(i) : 1;
      String p = pieces.get(i);
      if (type == 5) {
        continue;
      }
      if (type == 3 || type == 4) {
        ObjectNode a = added.addObject();
        a.put("id", i);
        a.put("content", p);
        a.put("single_word", false);
        a.put("lstrip", false);
        a.put("rstrip", false);
        a.put("normalized", type == 4);
        a.put("special", type == 3);
        if (!model.equals("llama")) {
          continue;
        }
      }
      vocab.put(p, i);
      ids.putIfAbsent(p, i);
    }
    switch (model) {
      case "gpt2" -> {
        m.putNull("unk_token");
        m.put("byte_fallback", false);
        GgufArray mg = f.array("tokenizer.ggml.merges").orElseThrow(() ->
            new TokenizerFormatException("tokenizer.ggml.merges", "a gpt2 (byte-level BPE) tokenizer needs merges"));
        mg.strings().forEach(merges::add);
        String pre = f.string("tokenizer.ggml.pre").orElse("default");
        String regex = switch (pre) {
          case "llama-bpe", "llama3" -> LLAMA3_REGEX;
          case "qwen2" -> QWEN2_REGEX;
          case "gpt2", "default" -> GPT2_REGEX;
          default -> throw new TokenizerFormatException("tokenizer.ggml.pre",
              "pre-tokenizer \"" + pre + "\" is not supported; supported: llama-bpe, qwen2, gpt2, default");
        };
        if (pre.equals("qwen2")) {
          root.putObject("normalizer").put("type", "NFC");
        } else {
          root.putNull("normalizer");
        }
        ObjectNode seq = root.putObject("pre_tokenizer");
        seq.put("type", "Sequence");
        ArrayNode list = seq.putArray("pretokenizers");
        ObjectNode split = list.addObject();
        split.put("type", "Split");
        split.putObject("pattern").put("Regex", regex);
        split.put("behavior", "Isolated");
        split.put("invert", false);
        ObjectNode bl = list.addObject();
        bl.put("type", "ByteLevel");
        bl.put("add_prefix_space", false);
        bl.put("trim_offsets", false);
        bl.put("use_regex", false);
        ObjectNode dec = root.putObject("decoder");
        dec.put("type", "ByteLevel");
        dec.put("add_prefix_space", false);
        dec.put("trim_offsets", false);
        dec.put("use_regex", false);
        root.putNull("post_processor");
      }
      case "llama" -> {
        GgufArray scores = f.array("tokenizer.ggml.scores").orElseThrow(() ->
            new TokenizerFormatException("tokenizer.ggml.scores", "a llama (SentencePiece) tokenizer needs scores"));
        int unk = (int) f.integer("tokenizer.ggml.unknown_token_id").orElse(0);
        m.put("unk_token", pieces.get(unk));
        m.put("fuse_unk", true);
        m.put("byte_fallback", true);
        spmMerges(pieces, scores, ids, types).forEach(merges::add);
        ObjectNode norm = root.putObject("normalizer");
        norm.put("type", "Sequence");
        ArrayNode ns = norm.putArray("normalizers");
        ns.addObject().put("type", "Prepend").put("prepend", "\u2581");
        ObjectNode rep = ns.addObject();
        rep.put("type", "Replace");
        rep.putObject("pattern").put("String", " ");
        rep.put("content", "\u2581");
        root.putNull("pre_tokenizer");
        ObjectNode dec = root.putObject("decoder");
        dec.put("type", "Sequence");
        ArrayNode ds = dec.putArray("decoders");
        ObjectNode r = ds.addObject();
        r.put("type", "Replace");
        r.putObject("pattern").put("String", "\u2581");
        r.put("content", " ");
        ds.addObject().put("type", "ByteFallback");
        ds.addObject().put("type", "Fuse");
        ds.addObject().put("type", "Strip").put("content", " ").put("start", 1).put("stop", 0);
        boolean addBos = f.bool("tokenizer.ggml.add_bos_token").orElse(true);
        if (addBos) {
          String bos = pieces.get((int) f.integer("tokenizer.ggml.bos_token_id").orElse(1));
          ObjectNode pp = root.putObject("post_processor");
          pp.put("type", "TemplateProcessing");
          ArrayNode single = pp.putArray("single");
          single.addObject().putObject("SpecialToken").put("id", bos).put("type_id", 0);
          single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
          ArrayNode pair = pp.putArray("pair");
          pair.addObject().putObject("SpecialToken").put("id", bos).put("type_id", 0);
          pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
          pair.addObject().putObject("SpecialToken").put("id", bos).put("type_id", 1);
          pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
          ObjectNode st = pp.putObject("special_tokens").putObject(bos);
          st.put("id", bos);
          st.putArray("ids").add(ids.getOrDefault(bos, 1));
          st.putArray("tokens").add(bos);
        } else {
          root.putNull("post_processor");
        }
      }
      default -> throw new TokenizerFormatException("tokenizer.ggml.model",
          "tokenizer model \"" + model + "\" is not supported; supported: gpt2 (byte-level BPE), llama (SentencePiece BPE)");
    }
    root.set("model", m);
    return HuggingFaceTokenizer.fromJson(root.toString(), id);
  }

  /** Rebuilds SentencePiece BPE merges from the vocabulary, ranked by the merged piece's score. */
  private static List<String> spmMerges(List<String> pieces, GgufArray scores, Map<String, Integer> ids,
      Optional<GgufArray> types) {
    List<long[]> found = new ArrayList<>();
    List<String> text = new ArrayList<>();
    for (int i = 0; i < pieces.size(); i++) {
      if (types.isPresent() && types.get().longAt(i) != 1) {
        continue;
      }
      String p = pieces.get(i);
      int n = p.codePointCount(0, p.length());
      for (int k = 1; k < n; k++) {
        int at = p.offsetByCodePoints(0, k);
        Integer l = ids.get(p.substring(0, at));
        Integer r = ids.get(p.substring(at));
        if (l != null && r != null) {
          found.add(new long[] {i, l, r, text.size()});
          text.add(p.substring(0, at) + " " + p.substring(at));
        }
      }
    }
    // Higher score first; SentencePiece BPE scores fall with the id, so ties fall back to ids.
    found.sort((x, y) -> {
      int c = Double.compare(scores.doubleAt((int) y[0]), scores.doubleAt((int) x[0]));
      if (c != 0) {
        return c;
      }
      for (int j = 0; j < 3; j++) {
        c = Long.compare(x[j], y[j]);
        if (c != 0) {
          return c;
        }
      }
      return 0;
    });
    List<String> out = new ArrayList<>(found.size());
    for (long[] f : found) {
      out.add(text.get((int) f[3]));
    }
    return out;
  }
}
