package dev.llmcost.tokenizers.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.tokenizers.EncodeOptions;
import dev.llmcost.tokenizers.SpecialTokens;
import dev.llmcost.tokenizers.huggingface.HuggingFaceTokenizer;
import dev.llmcost.tokenizers.huggingface.TrainedReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BpeTrainerTest {

  @ParameterizedTest
  @EnumSource(BpeStyle.class)
  void trainedFileEncodesAsHuggingFaceTokenizersDoes(BpeStyle style, @TempDir Path dir) throws Exception {
    List<String> corpus = TrainedReference.corpus();
    Path file = dir.resolve("corpus.txt");
    Files.writeString(file, String.join("\n", corpus).repeat(3), StandardCharsets.UTF_8);
    List<TrainingProgress> seen = new ArrayList<>();
    TrainedVocabulary v =
        BpeTrainer.train(file, BpeTrainingOptions.of(style, 700).withSpecialTokens(List.of("<|endoftext|>")), seen::add);
    Path out = dir.resolve("tokenizer.json");
    v.writeTo(out);

    HuggingFaceTokenizer ours = HuggingFaceTokenizer.load(out, "trained");
    assertThat(ours.vocabularySize()).isEqualTo(700);
    assertThat(seen).extracting(TrainingProgress::phase).contains("count", "merge");
    assertThat(seen.get(seen.size() - 1).fraction()).isEqualTo(1.0);

    List<String> differ = new ArrayList<>();
    var ref = TrainedReference.load(Files.readAllBytes(out));
    for (String text : corpus) {
      for (boolean add : new boolean[] {false, true}) {
        int[] a = ours.encode(text, EncodeOptions.DEFAULT.withSpecialTokens(SpecialTokens.ALLOWED).withAddSpecialTokens(add)).toArray();
        int[] b = ref.apply(text, add);
        if (!Arrays.equals(a, b)) {
          differ.add(text + "\n ours " + Arrays.toString(a) + "\n ref  " + Arrays.toString(b));
        }
      }
      if (!text.contains("<|endoftext|>") && !text.contains("<s>") && !text.contains("</s>") && !text.contains("<unk>")) {
        assertThat(ours.decode(ours.encodeToArray(text)))
            .as("round trip of %s", text)
            .isEqualTo(style == BpeStyle.BYTE_LEVEL ? text : text);
      }
    }
    System.out.printf("trained %s: %d texts compared, %d differ%n", style, corpus.size(), differ.size());
    differ.forEach(System.out::println);
    assertThat(differ).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(BpeStyle.class)
  void mergesShortenTheText(BpeStyle style) {
    List<String> corpus = TrainedReference.corpus();
    TrainedVocabulary small = BpeTrainer.train(corpus, BpeTrainingOptions.of(style, 300), p -> {});
    TrainedVocabulary large = BpeTrainer.train(corpus, BpeTrainingOptions.of(style, 900), p -> {});
    String text = String.join("\n", corpus);
    assertThat(large.tokenizer("l").countTokens(text).value())
        .isLessThan(small.tokenizer("s").countTokens(text).value());
  }

  @ParameterizedTest
  @EnumSource(BpeStyle.class)
  void rejectsAVocabularySmallerThanTheAlphabet(BpeStyle style) {
    assertThatThrownBy(() -> BpeTrainingOptions.of(style, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vocabularySize must be in");
  }
}
