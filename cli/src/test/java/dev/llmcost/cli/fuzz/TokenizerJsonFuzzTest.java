package dev.llmcost.cli.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.llmcost.tokenizers.huggingface.HuggingFaceTokenizer;
import dev.llmcost.tokenizers.huggingface.TokenizerFormatException;

/**
 * Coverage-guided fuzzing (Jazzer) of the {@code tokenizer.json} reader and of encoding with what it
 * loads (issue 14): a file is either loaded, or refused with the documented
 * {@link TokenizerFormatException}; a loaded tokenizer encodes any text into ids inside its
 * vocabulary, without an exception, a stack overflow or an unbounded run (regexes from files run on
 * a bounded matcher). The build runs it in fuzzing mode for a bounded time (execution
 * {@code fuzz-tokenizer} in {@code cli/pom.xml}) and on its seeds with the other tests.
 */
class TokenizerJsonFuzzTest {

  @FuzzTest(maxDuration = "10s")
  @DictionaryEntries({"\"model\"", "\"type\"", "\"BPE\"", "\"WordPiece\"", "\"Unigram\"", "\"WordLevel\"",
      "\"vocab\"", "\"merges\"", "\"pre_tokenizer\"", "\"Split\"", "\"ByteLevel\"", "\"Sequence\"",
      "\"pretokenizers\"", "\"normalizer\"", "\"NFKC\"", "\"Lowercase\"", "\"BertNormalizer\"", "\"Regex\"",
      "\"pattern\"", "\"behavior\"", "\"Isolated\"", "\"added_tokens\"", "\"unk_token\"", "\"byte_fallback\"",
      "\"decoder\"", "\"continuing_subword_prefix\"", "\"##\"", "(a|aa)+$"})
  void fuzz(FuzzedDataProvider data) {
    String text = data.consumeString(200);
    String json = data.consumeRemainingAsString();
    HuggingFaceTokenizer tokenizer;
    try {
      tokenizer = HuggingFaceTokenizer.fromJson(json, "fuzz");
    } catch (TokenizerFormatException expected) {
      return;
    }
    int[] ids = tokenizer.encodeToArray(text);
    int vocabulary = tokenizer.vocabularySize();
    for (int id : ids) {
      if (id < 0 || id >= Math.max(vocabulary, 1) + 1_000_000) {
        throw new IllegalStateException("id " + id + " outside a vocabulary of " + vocabulary);
      }
    }
    tokenizer.decode(ids);
  }
}
