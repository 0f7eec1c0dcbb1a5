package dev.llmcost.tokenizers.huggingface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.tokenizers.internal.huggingface.TokenizerJsonReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Malformed, hostile and unsupported files fail with a {@link TokenizerFormatException} that names
 * the component or field, in bounded time and memory; nothing is half-loaded.
 */
class HostileTokenizerFileTest {

  static final String WORDPIECE_MODEL =
      "\"model\":{\"type\":\"WordPiece\",\"unk_token\":\"[UNK]\",\"vocab\":{\"[UNK]\":0,\"a\":1,\"##b\":2}}";

  static HuggingFaceTokenizer load(String json) {
    return HuggingFaceTokenizer.load(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "hostile");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not JSON | {\"model\": | tokenizer.json",
        "an array | [1,2,3] | tokenizer.json",
        "no model | {\"normalizer\":null} | model",
        "model type unknown | {\"model\":{\"type\":\"WordLevel\",\"vocab\":{\"a\":0}}} | model.type",
        "vocab of wrong type | {\"model\":{\"type\":\"BPE\",\"vocab\":\"abc\",\"merges\":[]}} | model.vocab",
        "id of wrong type | {\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":\"zero\"},\"merges\":[]}} | model.vocab[\"a\"]",
        "negative id | {\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":-1},\"merges\":[]}} | model.vocab[\"a\"]",
        "huge id | {\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":2000000000},\"merges\":[]}} | model.vocab[\"a\"]",
        "merge of unknown token | {\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0},\"merges\":[\"a b\"]}} | model.merges[0]",
        "merge result missing | {\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0,\"b\":1},\"merges\":[\"a b\"]}} | model.merges[0]",
        "merge without space | {\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0},\"merges\":[\"ab\"]}} | model.merges[0]",
        "BPE dropout | {\"model\":{\"type\":\"BPE\",\"dropout\":0.1,\"vocab\":{\"a\":0},\"merges\":[]}} | model.dropout",
        "unknown unk token | {\"model\":{\"type\":\"WordPiece\",\"unk_token\":\"[X]\",\"vocab\":{\"a\":0}}} | model.unk_token",
        "unsupported normalizer | {\"normalizer\":{\"type\":\"Precompiled\",\"precompiled_charsmap\":\"AAAA\"}," + WORDPIECE_MODEL + "} | normalizer",
        "unsupported pre-tokenizer | {\"pre_tokenizer\":{\"type\":\"UnicodeScripts\"}," + WORDPIECE_MODEL + "} | pre_tokenizer",
        "unsupported decoder | {\"decoder\":{\"type\":\"CTC\"}," + WORDPIECE_MODEL + "} | decoder",
        "unsupported post-processor | {\"post_processor\":{\"type\":\"Mystery\"}," + WORDPIECE_MODEL + "} | post_processor",
        "catastrophic regex | {\"pre_tokenizer\":{\"type\":\"Split\",\"pattern\":{\"Regex\":\"(a+)+b\"},\"behavior\":\"Isolated\",\"invert\":false}," + WORDPIECE_MODEL + "} | pre_tokenizer.pattern.Regex",
        "group repeated without bound | {\"pre_tokenizer\":{\"type\":\"Split\",\"pattern\":{\"Regex\":\"(?:aa)+$\"},\"behavior\":\"Isolated\",\"invert\":false}," + WORDPIECE_MODEL + "} | pre_tokenizer.pattern.Regex",
        "normalizer regex group repeated without bound | {\"normalizer\":{\"type\":\"Replace\",\"pattern\":{\"Regex\":\"(?:ab)*\"},\"content\":\"x\"}," + WORDPIECE_MODEL + "} | normalizer.pattern.Regex",
        "back-reference | {\"pre_tokenizer\":{\"type\":\"Split\",\"pattern\":{\"Regex\":\"(a)\\\\1\"},\"behavior\":\"Isolated\",\"invert\":false}," + WORDPIECE_MODEL + "} | pre_tokenizer.pattern.Regex",
        "POSIX bracket | {\"pre_tokenizer\":{\"type\":\"Split\",\"pattern\":{\"Regex\":\"[[:alpha:]]+\"},\"behavior\":\"Isolated\",\"invert\":false}," + WORDPIECE_MODEL + "} | pre_tokenizer.pattern.Regex",
        "behavior unknown | {\"pre_tokenizer\":{\"type\":\"Split\",\"pattern\":{\"String\":\" \"},\"behavior\":\"Sideways\"}," + WORDPIECE_MODEL + "} | pre_tokenizer.behavior",
        "added token of wrong type | {\"added_tokens\":[{\"id\":\"x\",\"content\":\"[X]\"}]," + WORDPIECE_MODEL + "} | added_tokens[0].id",
        "template without sequence | {\"post_processor\":{\"type\":\"TemplateProcessing\",\"single\":[],\"special_tokens\":{}}," + WORDPIECE_MODEL + "} | post_processor.single",
        "duplicate section | {" + WORDPIECE_MODEL + "," + WORDPIECE_MODEL + "} | model",
        "duplicate model field | {\"model\":{\"type\":\"BPE\",\"type\":\"WordPiece\",\"vocab\":{\"a\":0},\"merges\":[]}} | model.type",
        "duplicate key in a section | {\"normalizer\":{\"type\":\"NFC\",\"type\":\"NFD\"}," + WORDPIECE_MODEL + "} | tokenizer.json",
        "duplicate token | {\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0,\"a\":1},\"merges\":[]}} | model.vocab[\"a\"]",
        "unigram score not a number | {\"model\":{\"type\":\"Unigram\",\"unk_id\":0,\"vocab\":[[\"a\",\"x\"]]}} | model.vocab[0]",
        "unigram without unk_id | {\"model\":{\"type\":\"Unigram\",\"vocab\":[[\"a\",-1.0]]}} | model.unk_id",
        "fuzz finding 2026-12-07: untyped vocab array, no unk_id | {\"model\":{\"vocab\":[]}} | model.unk_id",
        "deep nesting | " + "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ | tokenizer.json",
      })
  void rejectsNamingTheComponent(String what, String json, String component) {
    assertThatThrownBy(() -> load(json))
        .as(what)
        .isInstanceOfSatisfying(
            TokenizerFormatException.class, e -> assertThat(e.component()).isEqualTo(component));
  }

  @ParameterizedTest(name = "{0} entries")
  @CsvSource({"20000"})
  void rejectsAHugeVocabularyWhileStreaming(int entries) {
    StringBuilder sb = new StringBuilder(entries * 12).append("{\"model\":{\"type\":\"BPE\",\"merges\":[],\"vocab\":{");
    for (int i = 0; i < entries; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append("\"t").append(i).append("\":").append(i % 1000);
    }
    sb.append("}}}");
    // the real bound is TokenizerJsonReader.MAX_ENTRIES (2^22); the same check with a bound of 10,000
    byte[] json = sb.toString().getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> TokenizerJsonReader.read(new ByteArrayInputStream(json), 10_000))
        .isInstanceOfSatisfying(
            TokenizerFormatException.class,
            e -> assertThat(e.getMessage()).isEqualTo("model.vocab: has more than 10000 entries"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      value = {
        "(?:a|a?){20}b ; aaaaaaaaaaaaaaaaaaaaaaaaaaaa",
      })
  void stopsARunawayRegexAtEncodeTime(String regex, String text) {
    String json =
        "{\"pre_tokenizer\":{\"type\":\"Split\",\"pattern\":{\"Regex\":\""
            + regex
            + "\"},\"behavior\":\"Isolated\",\"invert\":false},"
            + WORDPIECE_MODEL
            + "}";
    HuggingFaceTokenizer t = load(json);
    assertThatThrownBy(() -> t.encode(text))
        .isInstanceOfSatisfying(
            TokenizerFormatException.class,
            e -> assertThat(e.getMessage()).contains("exceeded its matching budget"));
  }

  static String split(String regex) {
    return "{\"pre_tokenizer\":{\"type\":\"Split\",\"pattern\":{\"Regex\":\""
        + regex.replace("\\", "\\\\")
        + "\"},\"behavior\":\"Isolated\",\"invert\":false},"
        + WORDPIECE_MODEL
        + "}";
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      value = {
        "(a|aa)+$ ; is repeated without bound",
        "(?:a|b)*c ; is repeated without bound",
        "x(?:ab){2,} ; is repeated without bound",
        "((?:a|b){1,100}){1,100} ; more than 1000",
        "(((((((((((((((((((((((((((((((((a))))))))))))))))))))))))))))))))) ; nested more than 32 deep",
      })
  void refusesAtLoadTheGroupsJavaRegexRecursesOn(String regex, String reason) {
    // before: (a|aa)+$ loaded and overflowed the stack on 2,000 a's (StackOverflowError)
    assertThatThrownBy(() -> load(split(regex)))
        .isInstanceOfSatisfying(
            TokenizerFormatException.class,
            e -> assertThat(e.getMessage())
                .contains("pre_tokenizer.pattern.Regex")
                .contains("\"" + regex + "\"")
                .contains(reason));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      value = {
        "(?:ab){1,3}$",
        "(?i:ab|cd)|\\p{L}+|\\s+",
        "(?:a|aa)?",
      })
  void boundedGroupsStillLoadAndMatchLongInput(String regex) {
    HuggingFaceTokenizer t = load(split(regex));
    assertThat(t.encode("a".repeat(2_000)).size()).isPositive();
  }

  @org.junit.jupiter.api.Test
  void refusesAPatternOfTooManyAtoms() {
    assertThatThrownBy(() -> load(split("\\d".repeat(1_001))))
        .isInstanceOfSatisfying(
            TokenizerFormatException.class,
            e -> assertThat(e.getMessage()).contains("more than 1000 atoms"));
  }
}
