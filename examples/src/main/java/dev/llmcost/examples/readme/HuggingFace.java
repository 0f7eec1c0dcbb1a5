package dev.llmcost.examples.readme;

// snippet:huggingface-java
import dev.llmcost.tokenizers.EncodeOptions;
import dev.llmcost.tokenizers.Encoding;
import dev.llmcost.tokenizers.SpecialTokens;
import dev.llmcost.tokenizers.Tokenizer;
import dev.llmcost.tokenizers.huggingface.HuggingFaceTokenizer;
import java.nio.file.Path;
// end-snippet

/** The README's HuggingFace tokenizer.json snippet. */
public final class HuggingFace {
  private HuggingFace() {}

  /**
   * Runs the snippet (it needs a Qwen2.5 tokenizer.json).
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    // snippet:huggingface-java
    Tokenizer qwen = HuggingFaceTokenizer.load(Path.of("Qwen2.5-7B/tokenizer.json"));
    int[] ids = qwen.encodeToArray("你好，世界");
    Encoding e = qwen.encode("<|im_start|>user", EncodeOptions.DEFAULT.withSpecialTokens(SpecialTokens.ALLOWED));
    Tokenizer bundled = HuggingFaceTokenizer.fromResource(HuggingFace.class, "tokenizer.json"); // next to a class, works in named modules
    // end-snippet
    System.out.println(ids.length + " " + e + " " + bundled.id());
  }
}
