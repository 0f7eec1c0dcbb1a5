package dev.llmcost.tokenizers.huggingface;

import java.util.List;
import java.util.function.BiFunction;

/** Access to the reference and the corpus for tests in other packages. */
public final class TrainedReference {
  private TrainedReference() {}

  public static List<String> corpus() {
    return Corpus.samples();
  }

  /** Returns HuggingFace tokenizers' encoding function (text, add special tokens) for a file. */
  public static BiFunction<String, Boolean, int[]> load(byte[] json) {
    var ref = Reference.load(json);
    return (text, add) -> Reference.encode(ref, text, add);
  }
}
