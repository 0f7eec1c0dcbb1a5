package dev.llmcost.tokenizers.internal.huggingface;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SentencePiece's pipeline (Prepend U+2581, Replace " " with U+2581, BPE cut at U+2581 runs) is
 * encoded from the original text without normalizing it; the ids equal those of the generic path
 * (normalize, then encode) on random texts full of spaces, U+2581, empty and blank lines, non-ASCII
 * and leading and trailing spaces. The two paths run on separate pipelines, so that neither reads
 * words the other cached.
 */
class MetaspaceFastPathTest {
  private static final String MISTRAL = "dev/llmcost/tokenizers/vocab/mistral-7b-v0.1-tokenizer.json.gz";

  private static final String[] PARTS = {
    " ", " ", "  ", "   ", "▁", "▁▁", " ▁", "▁ ", "a", "the", "The", "ing", "é", "e\u0301", "中文", "日本語",
    "😀", "\uD800", "\uDC00", "\n", "\n\n", "\t", "\r\n", "<s>", "</s>", "<unk>", "<0x0A>", "x", "1", "2024",
    "fn main() {", "    return x;", "}", "\u00A0", "\u3000", "ß", "Σ", "Привет", "مرحبا", "\u0000", "ﬁ",
    "hello", " world", "naïve", "'s", "!", "...", "—"
  };

  private static String randomText(Random r) {
    int parts = r.nextInt(12);
    StringBuilder sb = new StringBuilder();
    if (r.nextInt(4) == 0) {
      sb.append(" ".repeat(1 + r.nextInt(3)));
    }
    for (int i = 0; i < parts; i++) {
      sb.append(PARTS[r.nextInt(PARTS.length)]);
    }
    if (r.nextInt(4) == 0) {
      sb.append(" ".repeat(1 + r.nextInt(3)));
    }
    return sb.toString();
  }

  @Test
  void fastPathEncodesAsTheGenericPath() {
    Pipeline fast = ChunkedPipelineTest.load(MISTRAL);
    Pipeline generic = ChunkedPipelineTest.load(MISTRAL);
    assertThat(fast.metaspaceFast()).as("mistral takes the fast path").isTrue();
    Random r = new Random(20261205L);
    int checked = 0;
    for (int k = 0; k < 20_000; k++) {
      String text = randomText(r);
      for (boolean special : new boolean[] {false, true}) {
        int[] expected = generic.encode(text, special, false, false);
        assertThat(fast.encode(text, special, false, true)).as("ids of \"%s\", special %s", text, special)
            .containsExactly(expected);
        assertThat(fast.count(text, special, false)).as("count of \"%s\"", text).isEqualTo(expected.length);
        checked++;
      }
    }
    // long texts are cut into chunks: only the first chunk gets the prepended U+2581
    for (int k = 0; k < 3; k++) {
      String text = ChunkedPipelineTest.randomText(r, 3 * Pipeline.CHUNK);
      int[] expected = generic.encode(text, false, false, false);
      assertThat(fast.encode(text, false, false, true)).containsExactly(expected);
      assertThat(fast.count(text, false, false)).isEqualTo(expected.length);
      checked++;
    }
    System.out.println("metaspace fast path: " + checked + " texts, ids equal to the generic path");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "[{\"type\":\"Prepend\",\"prepend\":\"▁\"},{\"type\":\"Replace\",\"pattern\":{\"String\":\" \"},\"content\":\"▁\"}]|9601",
        "[{\"type\":\"Replace\",\"pattern\":{\"String\":\" \"},\"content\":\"▁\"},{\"type\":\"Prepend\",\"prepend\":\"▁\"}]|9601",
        "[{\"type\":\"Prepend\",\"prepend\":\"_\"},{\"type\":\"Replace\",\"pattern\":{\"String\":\" \"},\"content\":\"▁\"}]|-1",
        "[{\"type\":\"Prepend\",\"prepend\":\"▁\"},{\"type\":\"Replace\",\"pattern\":{\"String\":\"  \"},\"content\":\"▁\"}]|-1",
        "[{\"type\":\"Prepend\",\"prepend\":\"▁\"},{\"type\":\"Replace\",\"pattern\":{\"Regex\":\" \"},\"content\":\"▁\"}]|-1",
        "[{\"type\":\"Prepend\",\"prepend\":\"▁▁\"},{\"type\":\"Replace\",\"pattern\":{\"String\":\" \"},\"content\":\"▁▁\"}]|-1",
        "[{\"type\":\"Prepend\",\"prepend\":\"▁\"},{\"type\":\"Replace\",\"pattern\":{\"String\":\" \"},\"content\":\"▁\"},{\"type\":\"NFC\"}]|-1",
        "[{\"type\":\"Prepend\",\"prepend\":\"▁\"},{\"type\":\"Prepend\",\"prepend\":\"▁\"}]|-1"
      })
  void onlyTheExactShapeIsRecognised(String normalizers, int expected) throws Exception {
    Node n = Node.root(new ObjectMapper().readTree("{\"type\":\"Sequence\",\"normalizers\":" + normalizers + "}"));
    assertThat(Normalizers.parse(n).metaspace()).as(normalizers).isEqualTo(expected);
  }
}
