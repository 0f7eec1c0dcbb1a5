package dev.llmcost.benchmarks;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.llmcost.benchmarks.corpus.Corpus;
import dev.llmcost.tokenizers.Tokenizer;
import dev.llmcost.tokenizers.TokenizerRegistry;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks that the two sides of the tokenizer benchmarks agree: for every tokenizer and corpus, the
 * ids of the whole text and of every line are the same from llmcost and from its reference
 * (jtokkit, or HuggingFace tokenizers through DJL). Prints one line per pair and exits 1 on any
 * difference. Run from the repository root after {@code benchmarks/corpora/fetch.sh}: {@code java
 * -Dai.djl.offline=true -cp benchmarks/target/benchmarks.jar
 * dev.llmcost.benchmarks.TokenizerAgreement [ID...]} (every tokenizer, or the ids named).
 */
public final class TokenizerAgreement {
  private TokenizerAgreement() {}

  public static void main(String[] args) throws Exception {
    List<String> only = List.of(args);
    List<String> openAi = new java.util.ArrayList<>(List.of("o200k_base", "cl100k_base", "r50k_base"));
    List<String> huggingFace = new java.util.ArrayList<>(List.of("qwen2.5", "mistral-7b-v0.1", "bert-base-uncased"));
    if (!only.isEmpty()) {
      openAi.retainAll(only);
      huggingFace.retainAll(only);
    }
    List<Corpus> corpora = List.of(Corpus.EN, Corpus.ZH, Corpus.JA, Corpus.KO, Corpus.RU, Corpus.CODE);
    int failures = 0;
    for (String id : openAi) {
      Tokenizer ours = TokenizerRegistry.standard().resolve(id);
      Encoding ref = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.valueOf(id.toUpperCase(Locale.ROOT)));
      for (Corpus c : corpora) {
        failures += report(id, c, ours, s -> ref.encodeOrdinary(s).toArray());
      }
    }
    for (String id : huggingFace) {
      Tokenizer ours = TokenizerRegistry.standard().resolve(id);
      try (ai.djl.huggingface.tokenizers.HuggingFaceTokenizer ref =
          ai.djl.huggingface.tokenizers.HuggingFaceTokenizer.newInstance(
              new ByteArrayInputStream(TokenizerFiles.json(id)),
              Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false", "maxLength", "100000000"))) {
        for (Corpus c : corpora) {
          failures += report(id, c, ours, s -> Arrays.stream(ref.encode(s, false, false).getIds()).mapToInt(Math::toIntExact).toArray());
        }
      }
    }
    System.out.println(failures == 0 ? "all agree" : failures + " pairs differ");
    System.exit(failures == 0 ? 0 : 1);
  }

  interface Reference {
    int[] encode(String text);
  }

  private static int report(String id, Corpus c, Tokenizer ours, Reference ref) {
    String text = c.read();
    boolean whole = Arrays.equals(ours.encode(text).toArray(), ref.encode(text));
    List<String> lines = c.lines();
    int differ = 0;
    long tokens = 0;
    for (String line : lines) {
      int[] a = ours.encode(line).toArray();
      tokens += a.length;
      if (!Arrays.equals(a, ref.encode(line))) {
        differ++;
      }
    }
    System.out.printf(Locale.ROOT, "%-18s %-5s whole text %s; %,d lines (%,d tokens), %d differ%n",
        id, c.name().toLowerCase(Locale.ROOT), whole ? "same ids" : "DIFFERENT ids", lines.size(), tokens, differ);
    return whole && differ == 0 ? 0 : 1;
  }
}
