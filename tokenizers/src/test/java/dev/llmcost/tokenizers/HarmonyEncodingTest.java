package dev.llmcost.tokenizers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingType;
import dev.llmcost.tokenizers.openai.OpenAiEncoding;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * o200k_harmony (gpt-oss): the special tokens of tiktoken's {@code openai_public.py} (0.14.0),
 * o200k_base's ranks for text, and the token lists of openai/harmony's tests and docs (v0.0.8).
 */
class HarmonyEncodingTest {

  private static final EncodeOptions ALLOWED = EncodeOptions.DEFAULT.withSpecialTokens(SpecialTokens.ALLOWED);

  private final Tokenizer harmony = OpenAiEncoding.O200K_HARMONY.tokenizer();

  /** o200k_base ids of a text, from jtokkit (the reference the o200k_base ranks are tested against). */
  private static int[] o200kOrdinary(String text) {
    return Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE).encodeOrdinary(text).toArray();
  }

  @Test
  void hasTiktokensSpecialTokens() {
    Map<String, Integer> special = OpenAiEncoding.O200K_HARMONY.specialTokens();
    assertThat(special).containsEntry("<|startoftext|>", 199998).containsEntry("<|endoftext|>", 199999)
        .containsEntry("<|reserved_200000|>", 200000).containsEntry("<|reserved_200001|>", 200001)
        .containsEntry("<|return|>", 200002).containsEntry("<|constrain|>", 200003)
        .containsEntry("<|reserved_200004|>", 200004).containsEntry("<|channel|>", 200005)
        .containsEntry("<|start|>", 200006).containsEntry("<|end|>", 200007).containsEntry("<|message|>", 200008)
        .containsEntry("<|reserved_200009|>", 200009).containsEntry("<|call|>", 200012)
        .containsEntry("<|reserved_200013|>", 200013).containsEntry("<|endofprompt|>", 200018)
        .containsEntry("<|reserved_200018|>", 200018).containsEntry("<|reserved_201087|>", 201087)
        .doesNotContainKey("<|reserved_201088|>").doesNotContainKey("<|reserved_199998|>");
    // 3 named + 13 from 200000 to 200012 + 1,075 reserved from 200013 to 201087
    assertThat(special).hasSize(1091);
    assertThat(harmony.vocabularySize()).isEqualTo(201088);
    assertThat(harmony.id()).isEqualTo("o200k_harmony");
  }

  @Test
  void encodesAHarmonyMessage() {
    String text = "<|start|>user<|message|>hi<|end|>";
    int user = o200kOrdinary("user")[0];
    int hi = o200kOrdinary("hi")[0];
    assertThat(o200kOrdinary("user")).hasSize(1);
    assertThat(o200kOrdinary("hi")).hasSize(1);
    assertThat(harmony.encode(text, ALLOWED).toArray()).containsExactly(200006, user, 200008, hi, 200007);
    assertThat(harmony.countTokens(text, ALLOWED).value()).isEqualTo(5);
    assertThat(harmony.decode(harmony.encode(text, ALLOWED).toArray())).isEqualTo(text);
    // as text (the default) the markers are o200k_base text, as an API bills them
    assertThat(harmony.encode(text).toArray()).containsExactly(o200kOrdinary(text));
    assertThatThrownBy(() -> harmony.encode(text, EncodeOptions.DEFAULT.withSpecialTokens(SpecialTokens.DISALLOWED)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("<|start|>").hasMessageContaining("200006");
  }

  @Test
  void encodesHarmonysTestResponse() {
    // openai/harmony test-data/test_simple_reasoning_response.txt, parsed in src/tests.rs
    // (test_simple_reasoning_response) to an analysis message and a final message with these texts
    String text = "<|channel|>analysis<|message|>User asks: \"What is 2 + 2?\" Simple arithmetic. Provide answer."
        + "<|return|><|start|>assistant<|channel|>final<|message|>2 + 2 = 4.";
    int[] expected = {200005, 35644, 200008, 1844, 31064, 25, 392, 4827, 382, 220, 17, 659, 220, 17, 16842, 12295,
        81645, 13, 51441, 6052, 13, 200002, 200006, 173781, 200005, 17196, 200008, 17, 659, 220, 17, 314, 220, 19,
        13};
    assertThat(harmony.encode(text, ALLOWED).toArray()).containsExactly(expected);
    assertThat(harmony.decode(expected)).isEqualTo(text);
  }

  @Test
  void twoNamesOfOneIdEncodeToItAndTheFirstDecodes() {
    assertThat(harmony.encode("<|endofprompt|><|reserved_200018|>", ALLOWED).toArray()).containsExactly(200018, 200018);
    assertThat(harmony.decode(new int[] {200018})).isEqualTo("<|endofprompt|>");
    assertThat(harmony.decode(new int[] {201087})).isEqualTo("<|reserved_201087|>");
    assertThatThrownBy(() -> harmony.decode(new int[] {201088})).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void textBetweenSpecialTokensIsO200kBase() {
    String text = "Hello <|start|>world<|unknown|> <|start <|end|>|>!";
    int[] ids = harmony.encode(text, ALLOWED).toArray();
    assertThat(ids).containsExactly(concat(o200kOrdinary("Hello "), new int[] {200006},
        o200kOrdinary("world<|unknown|> <|start "), new int[] {200007}, o200kOrdinary("|>!")));
  }

  private static int[] concat(int[]... parts) {
    return java.util.Arrays.stream(parts).flatMapToInt(java.util.Arrays::stream).toArray();
  }
}
