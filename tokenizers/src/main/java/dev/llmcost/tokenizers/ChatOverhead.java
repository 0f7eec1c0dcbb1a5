package dev.llmcost.tokenizers;

import dev.llmcost.core.TokenCount;
import java.util.List;

/**
 * The tokens a chat model adds around the messages of a conversation: per message (the
 * {@code <|start|>role ... <|end|>} frame), per name, and once to prime the reply ({@code
 * <|start|>assistant<|message|>}).
 *
 * <p>In the {@link Format#CHAT_ML} format of OpenAI's API models the count follows OpenAI's
 * cookbook "How to count tokens with tiktoken": for each message, {@code tokensPerMessage} plus
 * the tokens of its role, content and name, plus {@code tokensPerName} if it has a name; then
 * {@code replyPriming} once. The values are published there for gpt-3.5-turbo-0301 (4, -1, 3) and
 * for gpt-3.5-turbo-0613/0125, gpt-4-0314/0613, gpt-4o and gpt-4o-mini (3, 1, 3); for later
 * models OpenAI publishes none and llmcost assumes (3, 1, 3), which {@link #published()} says.
 *
 * <p>In the {@link Format#HARMONY harmony} format of gpt-oss ({@link #harmony()}) each message is
 * rendered {@code <|start|>{role}<|message|>{content}<|end|>}, a name as the text {@code
 * :{name}} after the role, and a tool's message with the tool's name in place of the role.
 *
 * @param tokensPerMessage tokens of each message's frame
 * @param tokensPerName tokens added when a message has a name (-1 for gpt-3.5-turbo-0301, whose
 *     name replaces the role); 0 in the harmony format, where the name is counted as the text
 *     {@code :{name}}
 * @param replyPriming tokens added once for the reply
 * @param published whether OpenAI published these values for the model (else an assumption)
 * @param basis where the values come from, for reports
 * @param format how the messages are rendered around the frame
 */
public record ChatOverhead(
    int tokensPerMessage, int tokensPerName, int replyPriming, boolean published, String basis, Format format) {

  /** How a chat format renders the role and name of a message. */
  public enum Format {
    /**
     * OpenAI's API chat models: role, name and content are counted as separate texts, plus
     * {@code tokensPerName} for a name.
     */
    CHAT_ML,
    /**
     * The harmony format of gpt-oss (openai/harmony, {@code src/encoding.rs}, v0.0.8): the role,
     * then {@code :{name}} as one text; a message of role {@code tool} has the tool's name in
     * place of its role.
     */
    HARMONY
  }

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
   * Creates the overhead of an OpenAI API chat model ({@link Format#CHAT_ML}).
   *
   * @param tokensPerMessage tokens of each message's frame
   * @param tokensPerName tokens added when a message has a name
   * @param replyPriming tokens added once for the reply
   * @param published whether OpenAI published these values for the model
   * @param basis where the values come from
   * @throws IllegalArgumentException if {@code tokensPerMessage} or {@code replyPriming} is
   *     negative, or {@code tokensPerName} is below -1
   */
  public ChatOverhead(int tokensPerMessage, int tokensPerName, int replyPriming, boolean published, String basis) {
    this(tokensPerMessage, tokensPerName, replyPriming, published, basis, Format.CHAT_ML);
  }

  /**
   * Returns the overhead of the harmony format of gpt-oss, as the openai/harmony README and its
   * renderer ({@code src/encoding.rs}, v0.0.8, commit ec7606d) give it: each message is {@code
   * <|start|>{role}<|message|>{content}<|end|>}, three special tokens of o200k_harmony; the
   * prompt for a reply ends with {@code <|start|>assistant} (harmony's {@code
   * render_conversation_for_completion}): {@code <|start|>} and the one o200k token of {@code
   * assistant} (173781, as in the token lists of harmony's tests), two tokens.
   *
   * <p>Not counted: a channel ({@code <|channel|>final}, 2 tokens, which the chat templates add to
   * earlier assistant messages), a recipient or content type in a header, and the system message
   * with the model identity, dates and reasoning effort that serving stacks add to every
   * conversation; give that message explicitly to count it.
   *
   * @return the overhead
   */
  public static ChatOverhead harmony() {
    return new ChatOverhead(3, 0, 2, true,
        "openai/harmony README and src/encoding.rs (v0.0.8): <|start|>{role}<|message|>{content}<|end|>,"
            + " reply primed with <|start|>assistant", Format.HARMONY);
  }

  /**
   * Counts the prompt tokens of a conversation.
   *
   * @param tokenizer the model's tokenizer
   * @param messages the messages
   * @return the tokens the API bills as prompt tokens (without tools or images)
   * @throws IllegalArgumentException in the harmony format, if a message of role {@code tool} has
   *     no name (harmony renders the tool's name in place of the role and rejects one without)
   */
  public TokenCount countTokens(Tokenizer tokenizer, List<ChatMessage> messages) {
    long n = replyPriming;
    for (int i = 0; i < messages.size(); i++) {
      ChatMessage m = messages.get(i);
      n += tokensPerMessage;
      n += tokenizer.countTokens(m.content()).value();
      if (format == Format.HARMONY) {
        if (m.role().equals("tool")) {
          if (m.name().isEmpty()) {
            throw new IllegalArgumentException("messages[" + i + "] has role tool but no name: the harmony"
                + " format renders the tool's name (such as functions.get_weather) in place of the role");
          }
          n += tokenizer.countTokens(m.name()).value();
        } else {
          n += tokenizer.countTokens(m.role()).value();
          if (!m.name().isEmpty()) {
            n += tokenizer.countTokens(":" + m.name()).value() + tokensPerName;
          }
        }
      } else {
        n += tokenizer.countTokens(m.role()).value();
        if (!m.name().isEmpty()) {
          n += tokenizer.countTokens(m.name()).value() + tokensPerName;
        }
      }
    }
    return TokenCount.of(n);
  }
}
