package dev.llmcost.tokenizers;

import dev.llmcost.core.TokenCount;
import java.util.List;

/**
 * The tokens a chat model adds around the messages of a conversation: per message (the
 * {@code <|start|>role ... <|end|>} frame), per name, and once to prime the reply ({@code
 * <|start|>assistant<|message|>}).
 *
 * <p>The count follows OpenAI's cookbook "How to count tokens with tiktoken": for each message,
 * {@code tokensPerMessage} plus the tokens of its role, content and name, plus {@code
 * tokensPerName} if it has a name; then {@code replyPriming} once. The values are published there
 * for gpt-3.5-turbo-0301 (4, -1, 3) and for gpt-3.5-turbo-0613/0125, gpt-4-0314/0613, gpt-4o and
 * gpt-4o-mini (3, 1, 3); for later models OpenAI publishes none and llmcost assumes (3, 1, 3),
 * which {@link #published()} says.
 *
 * @param tokensPerMessage tokens of each message's frame
 * @param tokensPerName tokens added when a message has a name (-1 for gpt-3.5-turbo-0301, whose
 *     name replaces the role)
 * @param replyPriming tokens added once for the reply
 * @param published whether OpenAI published these values for the model (else an assumption)
 * @param basis where the values come from, for reports
 */
public record ChatOverhead(
    int tokensPerMessage, int tokensPerName, int replyPriming, boolean published, String basis) {

  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException if {@code tokensPerMessage} or {@code replyPriming} is
   *     negative, or {@code tokensPerName} is below -1
   */
  public ChatOverhead {
    if (tokensPerMessage < 0 || replyPriming < 0 || tokensPerName < -1) {
      throw new IllegalArgumentException(
          "tokensPerMessage and replyPriming must be >= 0 and tokensPerName >= -1, were "
              + tokensPerMessage + ", " + replyPriming + " and " + tokensPerName);
    }
  }

  /**
   * Counts the prompt tokens of a conversation.
   *
   * @param tokenizer the model's tokenizer
   * @param messages the messages
   * @return the tokens the API bills as prompt tokens (without tools or images)
   */
  public TokenCount countTokens(Tokenizer tokenizer, List<ChatMessage> messages) {
    long n = replyPriming;
    for (ChatMessage m : messages) {
      n += tokensPerMessage;
      n += tokenizer.countTokens(m.role()).value();
      n += tokenizer.countTokens(m.content()).value();
      if (!m.name().isEmpty()) {
        n += tokenizer.countTokens(m.name()).value() + tokensPerName;
      }
    }
    return TokenCount.of(n);
  }
}
