package dev.llmcost.tokenizers.huggingface;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.core.internal.Json;
import dev.llmcost.tokenizers.EncodeOptions;
import dev.llmcost.tokenizers.SpecialTokens;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real vocabularies with other pipelines around them, as other model families ship them (Llama
 * 3's regex and {@code ignore_merges}, GPT-2's ByteLevel pre-tokenizer, the Metaspace pre-tokenizer
 * of newer Llama and Mistral files, DeepSeek-style chains of Split regexes that go through the
 * regex translator, BERT options), each compared with HuggingFace tokenizers on the corpus.
 */
class ComponentVariantsDifferentialTest {
  static final JsonNodeFactory F = JsonNodeFactory.instance;

  static ObjectNode split(String regex, String behavior) {
    ObjectNode n = F.objectNode().put("type", "Split");
    n.set("pattern", F.objectNode().put("Regex", regex));
    n.put("behavior", behavior).put("invert", false);
    return n;
  }

  static ObjectNode byteLevel(boolean prefix, boolean regex) {
    return F.objectNode().put("type", "ByteLevel").put("add_prefix_space", prefix).put("trim_offsets", false).put("use_regex", regex);
  }

  static ObjectNode sequence(ObjectNode... parts) {
    ObjectNode n = F.objectNode().put("type", "Sequence");
    n.set("pretokenizers", F.arrayNode().addAll(Arrays.asList(parts)));
    return n;
  }

  static String variant(String name) {
    String base = name.startsWith("qwen") ? Fixtures.QWEN : name.startsWith("mistral") ? Fixtures.MISTRAL : Fixtures.BERT;
    ObjectNode root = (ObjectNode) Json.read(new String(Fixtures.bytes(base), StandardCharsets.UTF_8));
    ObjectNode model = (ObjectNode) root.get("model");
    switch (name) {
      case "qwen-llama3-regex-ignore-merges":
        root.set("pre_tokenizer", sequence(split(
            "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
            "Isolated"), byteLevel(false, false)));
        model.put("ignore_merges", true);
        break;
      case "qwen-gpt2-bytelevel-prefix":
        root.putNull("normalizer");
        root.set("pre_tokenizer", byteLevel(true, true));
        break;
      case "qwen-deepseek-style-splits":
        root.set("pre_tokenizer", sequence(
            split("\\p{N}{1,3}", "Isolated"),
            split("[一-龥\u3040-ゟ゠-ヿ]+", "Isolated"),
            split("[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\\r\\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+", "Isolated"),
            byteLevel(false, false)));
        break;
      case "qwen-split-behaviors":
        root.set("pre_tokenizer", sequence(
            split("\\s+", "MergedWithPrevious"),
            split("[0-9]", "MergedWithNext"),
            split("[.,!?]", "Contiguous"),
            byteLevel(false, false)));
        break;
      case "mistral-metaspace-first":
      case "mistral-metaspace-always-split":
        {
          root.putNull("normalizer");
          ObjectNode ms = F.objectNode().put("type", "Metaspace").put("replacement", "\u2581");
          if (name.endsWith("first")) {
            ms.put("prepend_scheme", "first").put("split", false);
          } else {
            ms.put("prepend_scheme", "always").put("split", true);
          }
          root.set("pre_tokenizer", ms);
          break;
        }
      case "bert-cased-strip-accents-whitespace-digits":
        {
          root.set("normalizer", F.objectNode().put("type", "BertNormalizer").put("clean_text", true)
              .put("handle_chinese_chars", true).put("strip_accents", true).put("lowercase", false));
          ObjectNode digits = F.objectNode().put("type", "Digits").put("individual_digits", true);
          ObjectNode ws = F.objectNode().put("type", "Whitespace");
          ObjectNode seq = F.objectNode().put("type", "Sequence");
          seq.set("pretokenizers", F.arrayNode().add(ws).add(digits));
          root.set("pre_tokenizer", seq);
          break;
        }
      case "bert-nfkc-lowercase-punctuation":
        {
          ObjectNode seqN = F.objectNode().put("type", "Sequence");
          seqN.set("normalizers", F.arrayNode()
              .add(F.objectNode().put("type", "NFKC"))
              .add(F.objectNode().put("type", "Lowercase"))
              .add(F.objectNode().put("type", "StripAccents"))
              .add(F.objectNode().put("type", "Strip").put("strip_left", true).put("strip_right", true)));
          root.set("normalizer", seqN);
          ObjectNode seq = F.objectNode().put("type", "Sequence");
          seq.set("pretokenizers", F.arrayNode()
              .add(F.objectNode().put("type", "WhitespaceSplit"))
              .add(F.objectNode().put("type", "Punctuation").put("behavior", "Isolated")));
          root.set("pre_tokenizer", seq);
          break;
        }
      default:
        throw new IllegalArgumentException(name);
    }
    return root.toString();
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "qwen-llama3-regex-ignore-merges",
    "qwen-gpt2-bytelevel-prefix",
    "qwen-deepseek-style-splits",
    "qwen-split-behaviors",
    "mistral-metaspace-first",
    "mistral-metaspace-always-split",
    "bert-cased-strip-accents-whitespace-digits",
    "bert-nfkc-lowercase-punctuation"
  })
  void idsEqualHuggingFaceTokenizers(String name) {
    byte[] json = variant(name).getBytes(StandardCharsets.UTF_8);
    HuggingFaceTokenizer ours = HuggingFaceTokenizer.load(new java.io.ByteArrayInputStream(json), name);
    var ref = Reference.load(json);
    List<String> mismatches = new ArrayList<>();
    List<String> samples = Corpus.samples();
    boolean translatedRegex = name.equals("qwen-deepseek-style-splits");
    for (String text : samples) {
      if (translatedRegex && text.codePoints().anyMatch(c -> Character.getType(c) == Character.UNASSIGNED)) {
        // \p{S} and friends come from the JDK's Unicode tables (17: Unicode 13.0), Oniguruma's from a
        // newer Unicode: a character assigned since (U+1FAE0, Unicode 14) is a symbol there only
        continue;
      }
      for (boolean add : new boolean[] {false, true}) {
        int[] a = ours.encode(text, EncodeOptions.DEFAULT.withSpecialTokens(SpecialTokens.ALLOWED).withAddSpecialTokens(add)).toArray();
        int[] b = Reference.encode(ref, text, add);
        if (!Arrays.equals(a, b)) {
          int i = Arrays.mismatch(a, b);
          mismatches.add(String.format("  \"%s\" at %d: ours %s, ref %s", Corpus.show(text), i,
              Arrays.toString(Arrays.copyOfRange(a, Math.max(0, i - 2), Math.min(a.length, i + 4))),
              Arrays.toString(Arrays.copyOfRange(b, Math.max(0, i - 2), Math.min(b.length, i + 4)))));
        }
      }
    }
    System.out.printf("%s: %d encodings compared, %d differ%n", name, samples.size() * 2, mismatches.size());
    mismatches.forEach(System.out::println);
    assertThat(mismatches).isEmpty();
  }
}
