package dev.llmcost.tokenizers.huggingface;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small SentencePiece-style Unigram tokenizer.json written by the test (no permissively licensed
 * Unigram file without the unsupported Precompiled normalizer was found on Maven Central or npm):
 * NFKC, Metaspace, byte fallback, scores from a fixed word list.
 */
final class UnigramFixture {
  private UnigramFixture() {}

  static String json() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    Map<String, Double> pieces = new LinkedHashMap<>();
    pieces.put("<unk>", 0.0);
    pieces.put("<s>", 0.0);
    pieces.put("</s>", 0.0);
    for (int b = 0; b < 256; b++) {
      pieces.put(String.format("<0x%02X>", b), 0.0);
    }
    pieces.put("\u2581", -2.0);
    String letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,!?'-()你好世界日本語";
    for (int i = 0; i < letters.length(); i++) {
      pieces.putIfAbsent(String.valueOf(letters.charAt(i)), -8.0 - (i % 7) * 0.25);
    }
    String[] words = {
      "the", "quick", "brown", "fox", "jump", "s", "over", "lazy", "dog", "hello", "world", "an", "un",
      "able", "aff", "in", "ing", "ed", "er", "to", "of", "and", "is", "it", "you", "we", "th", "he",
      "qu", "ick", "ov", "la", "zy", "do", "wor", "ld", "hel", "lo", "你好", "世界", "日本", "ab", "aa",
      "aaa", "aaaa", "ther", "there", "here", "her", "are"
    };
    for (int i = 0; i < words.length; i++) {
      double score = -3.0 - (i % 11) * 0.37;
      pieces.putIfAbsent(words[i], score);
      pieces.putIfAbsent("\u2581" + words[i], score + 0.5);
    }
    ArrayNode vocab = f.arrayNode();
    pieces.forEach((p, s) -> vocab.add(f.arrayNode().add(p).add(s)));
    ObjectNode model = f.objectNode();
    model.put("type", "Unigram");
    model.put("unk_id", 0);
    model.set("vocab", vocab);
    model.put("byte_fallback", true);
    ObjectNode root = f.objectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = f.arrayNode();
    String[] specials = {"<unk>", "<s>", "</s>"};
    for (int i = 0; i < specials.length; i++) {
      added.add(
          f.objectNode()
              .put("id", i)
              .put("content", specials[i])
              .put("single_word", false)
              .put("lstrip", false)
              .put("rstrip", false)
              .put("normalized", false)
              .put("special", true));
    }
    root.set("added_tokens", added);
    root.set("normalizer", f.objectNode().put("type", "NFKC"));
    root.set(
        "pre_tokenizer",
        f.objectNode()
            .put("type", "Metaspace")
            .put("replacement", "\u2581")
            .put("prepend_scheme", "always")
            .put("split", true));
    ObjectNode post = f.objectNode().put("type", "TemplateProcessing");
    post.set(
        "single",
        f.arrayNode()
            .add(f.objectNode().set("Sequence", f.objectNode().put("id", "A").put("type_id", 0)))
            .add(f.objectNode().set("SpecialToken", f.objectNode().put("id", "</s>").put("type_id", 0))));
    post.set(
        "pair",
        f.arrayNode()
            .add(f.objectNode().set("Sequence", f.objectNode().put("id", "A").put("type_id", 0)))
            .add(f.objectNode().set("Sequence", f.objectNode().put("id", "B").put("type_id", 1))));
    ObjectNode st = f.objectNode();
    st.set("</s>", f.objectNode().put("id", "</s>").set("ids", f.arrayNode().add(2)));
    ((ObjectNode) st.get("</s>")).set("tokens", f.arrayNode().add("</s>"));
    post.set("special_tokens", st);
    root.set("post_processor", post);
    root.set(
        "decoder",
        f.objectNode().put("type", "Metaspace").put("replacement", "\u2581").put("prepend_scheme", "always").put("split", true));
    root.set("model", model);
    return root.toPrettyString();
  }
}
