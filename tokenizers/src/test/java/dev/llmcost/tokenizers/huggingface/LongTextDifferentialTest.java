package dev.llmcost.tokenizers.huggingface;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.tokenizers.EncodeOptions;
import dev.llmcost.tokenizers.SpecialTokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Texts many chunks long (the pipeline normalizes and pre-tokenizes long segments chunk by chunk,
 * cut where the components prove the parts encode as the whole): the ids and the count equal
 * HuggingFace tokenizers' ids of the whole text.
 */
class LongTextDifferentialTest {

  private static final String[] SEPARATORS = {" ", "  ", "\n", "", "\t ", " \n ", "   ", "\n\n", " ", " ", "。"};

  /** About {@code chars} chars of the differential corpus and the six-language corpora, joined at random. */
  static String longText(long seed, int chars) {
    List<String> parts = new ArrayList<>(Corpus.samples());
    for (String lang : new String[] {"en", "zh", "ja", "ko", "ru", "code"}) {
      String all = resource("/dev/llmcost/tokenizers/corpus/" + lang + ".txt.gz");
      for (int i = 0; i + 400 <= all.length() && i < 40_000; i += 400) {
        parts.add(all.substring(i, i + 400));
      }
    }
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder(chars + 1000);
    while (sb.length() < chars) {
      String p = parts.get(r.nextInt(parts.size()));
      if (Character.isLowSurrogate(p.isEmpty() ? 'x' : p.charAt(0))) {
        continue;
      }
      sb.append(p).append(SEPARATORS[r.nextInt(SEPARATORS.length)]);
    }
    return sb.toString();
  }

  private static String resource(String name) {
    try (InputStream raw = LongTextDifferentialTest.class.getResourceAsStream(name)) {
      if (raw == null) {
        throw new AssertionError("missing " + name);
      }
      return new String(new GZIPInputStream(raw).readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {Fixtures.QWEN, Fixtures.MISTRAL, Fixtures.BERT, Fixtures.BERT_CHINESE, "unigram"})
  void longTextsEncodeAndCountAsHuggingFaceTokenizersDo(String name) {
    byte[] json = HuggingFaceTokenizerDifferentialTest.fixture(name);
    HuggingFaceTokenizer ours = HuggingFaceTokenizer.load(new java.io.ByteArrayInputStream(json), name);
    var ref = Reference.of(name, json);
    EncodeOptions allowed = EncodeOptions.DEFAULT.withSpecialTokens(SpecialTokens.ALLOWED);
    for (long seed = 1; seed <= 3; seed++) {
      String text = longText(seed, 150_000);
      int[] expected = Reference.encode(ref, text, false);
      int[] actual = ours.encode(text, allowed).toArray();
      if (!Arrays.equals(actual, expected)) {
        int k = 0;
        while (k < Math.min(actual.length, expected.length) && actual[k] == expected[k]) {
          k++;
        }
        throw new AssertionError(name + " seed " + seed + ": ids differ at " + k + " of " + expected.length
            + ": ours " + Arrays.toString(Arrays.copyOfRange(actual, Math.max(0, k - 3), Math.min(actual.length, k + 5)))
            + " ref " + Arrays.toString(Arrays.copyOfRange(expected, Math.max(0, k - 3), Math.min(expected.length, k + 5))));
      }
      assertThat(ours.countTokens(text, allowed).value()).as("count, seed %d", seed).isEqualTo(expected.length);
    }
  }
}
