package dev.llmcost.examples.readme;

// snippet:tokens-java
import dev.llmcost.tokenizers.CharacterTokenizer;
import dev.llmcost.tokenizers.ChatMessage;
import dev.llmcost.tokenizers.ChatOverhead;
import dev.llmcost.tokenizers.CorpusReport;
import dev.llmcost.tokenizers.EncodeOptions;
import dev.llmcost.tokenizers.SpecialTokens;
import dev.llmcost.tokenizers.Tokenizer;
import dev.llmcost.tokenizers.TokenizerComparison;
import dev.llmcost.tokenizers.TokenizerRegistry;
import java.util.List;
import java.util.Map;
// end-snippet
// snippet:tokens-vocab-java
import java.nio.file.Path;
// end-snippet

/** The README's tokenizer snippets. */
public final class Tokens {
  private Tokens() {}

  /**
   * Runs the first snippet.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    // snippet:tokens-java
    String text = "The quick brown fox. 敏捷的棕色狐狸。";
    Tokenizer gpt4o = TokenizerRegistry.standard().resolve("gpt-4o");
    gpt4o.countTokens("你好,世界!");                         // 4 tokens (GPT-3: 10, per character: 6)
    int[] ids = gpt4o.encode("Hello world!").toArray();     // [13225, 2375, 0]
    gpt4o.encode(text, EncodeOptions.DEFAULT.withSpecialTokens(SpecialTokens.ALLOWED).withLimit(4096)); // truncated() says if cut
    ChatOverhead chat = TokenizerRegistry.standard().chatOverhead("gpt-4o").orElseThrow();
    chat.countTokens(gpt4o, List.of(ChatMessage.of("system", "Be brief."), ChatMessage.of("user", "Hi"))); // prompt tokens
    List<Tokenizer> tokenizers = List.of(gpt4o, CharacterTokenizer.instance());
    System.out.println(TokenizerComparison.of(text, tokenizers).format());
    System.out.println(CorpusReport.of(Map.of("zh", "敏捷的棕色狐狸跳过了懒狗。"), tokenizers).format()); // tokens per character, word, byte
    // end-snippet
    System.out.println(ids.length);
  }

  /**
   * Runs the second snippet (it needs llmcost-tokenizers-vocab and the user's Llama 3 file).
   *
   * @param text the text to count
   */
  static void vocabularies(String text) {
    // snippet:tokens-vocab-java
    Tokenizer qwen = TokenizerRegistry.standard().resolve("qwen2.5-7b");              // with llmcost-tokenizers-vocab
    TokenizerRegistry mine = TokenizerRegistry.standard().withFile("llama-3", Path.of("Llama-3.1-8B/tokenizer.json"));
    mine.resolve("llama-3.1-70b").countTokens(text);
    // or -Dllmcost.tokenizer.llama-3=/path/to/tokenizer.json, or LLMCOST_TOKENIZER_LLAMA_3=/path/to/tokenizer.json
    // end-snippet
    qwen.countTokens(text);
  }
}
