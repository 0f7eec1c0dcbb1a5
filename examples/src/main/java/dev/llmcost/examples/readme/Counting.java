package dev.llmcost.examples.readme;

// snippet:token-counter-java
import dev.llmcost.tokenizers.TokenCounter;
import dev.llmcost.tokenizers.Tokenizer;
import dev.llmcost.tokenizers.TokenizerRegistry;
// end-snippet

/** The README's incremental-counting snippet. */
public final class Counting {
  private Counting() {}

  /**
   * Runs the snippet.
   *
   * @param streamedChunk a piece of a streamed answer
   * @param turnStart where the last turn starts in the transcript
   */
  static void count(String streamedChunk, int turnStart) {
    // snippet:token-counter-java
    Tokenizer gpt4o = TokenizerRegistry.standard().resolve("gpt-4o");
    TokenCounter chat = TokenCounter.of(gpt4o);          // TokenCounter.supports(tokenizer) says first
    chat.append("You are a helpful assistant.\n").append(streamedChunk);
    chat.count();                                        // = gpt4o.countTokens(chat.text())
    chat.count(turnStart, chat.length());                // = countTokens of that substring on its own
    // end-snippet
  }
}
