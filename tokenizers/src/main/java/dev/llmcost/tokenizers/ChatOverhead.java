package dev.llmcost.tokenizers;

import dev.llmcost.core.TokenCount;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

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
 */
public final class ChatOverhead {
  private final int tokensPerMessage;
  private final int tokensPerName;
  private final int replyPriming;
  private final boolean published;
  private final String basis;
  private final Format format;

  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException if {@code tokensPerMessage} or {@code replyPriming} is
   *     negative, or {@code tokensPerName} is below -1
   */
  private ChatOverhead(
      int tokensPerMessage,
      int tokensPerName,
      int replyPriming,
      boolean published,
      String basis,
      Format format) {
    if (tokensPerMessage < 0 || replyPriming < 0 || tokensPerName < -1) {
      throw new IllegalArgumentException(
          "tokensPerMessage and replyPriming must be >= 0 and tokensPerName >= -1, were "
              + tokensPerMessage + ", " + replyPriming + " and " + tokensPerName);
    }
    this.tokensPerMessage = tokensPerMessage;
    this.tokensPerName = tokensPerName;
    this.replyPriming = replyPriming;
    this.published = published;
    this.basis = basis;
    this.format = format;
  }

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

  /** Returns tokens of each message's frame. */
  public int tokensPerMessage() {
    return tokensPerMessage;
  }

  /** Returns tokens added when a message has a name (-1 for gpt-3.5-turbo-0301, whose name replaces the role); 0 in the harmony format, where the name is counted as the text {@code :{name}}. */
  public int tokensPerName() {
    return tokensPerName;
  }

  /** Returns tokens added once for the reply. */
  public int replyPriming() {
    return replyPriming;
  }

  /** Returns whether OpenAI published these values for the model (else an assumption). */
  public boolean published() {
    return published;
  }

  /** Returns where the values come from, for reports. */
  public String basis() {
    return basis;
  }

  /** Returns how the messages are rendered around the frame. */
  public Format format() {
    return format;
  }

  /**
   * Returns a builder of {@code ChatOverhead}. The basis must be set; unset, the
   * counts are 0, the values not published and the format {@link Format#CHAT_ML}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder that starts from this value.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a {@link ChatOverhead}; {@link #build()} validates. */
  public static final class Builder {
    private int tokensPerMessage = 0;
    private int tokensPerName = 0;
    private int replyPriming = 0;
    private boolean published = false;
    private @Nullable String basis;
    private Format format = Format.CHAT_ML;

    private Builder() {}

    private Builder(ChatOverhead from) {
      this.tokensPerMessage = from.tokensPerMessage;
      this.tokensPerName = from.tokensPerName;
      this.replyPriming = from.replyPriming;
      this.published = from.published;
      this.basis = from.basis;
      this.format = from.format;
    }

    /**
     * Sets tokens of each message's frame.
     *
     * @param value the value
     * @return this builder
     */
    public Builder tokensPerMessage(int value) {
      this.tokensPerMessage = value;
      return this;
    }

    /**
     * Sets tokens added when a message has a name (-1 for gpt-3.5-turbo-0301, whose name replaces the role); 0 in the harmony format, where the name is counted as the text {@code :{name}}.
     *
     * @param value the value
     * @return this builder
     */
    public Builder tokensPerName(int value) {
      this.tokensPerName = value;
      return this;
    }

    /**
     * Sets tokens added once for the reply.
     *
     * @param value the value
     * @return this builder
     */
    public Builder replyPriming(int value) {
      this.replyPriming = value;
      return this;
    }

    /**
     * Sets whether OpenAI published these values for the model (else an assumption).
     *
     * @param value the value
     * @return this builder
     */
    public Builder published(boolean value) {
      this.published = value;
      return this;
    }

    /**
     * Sets where the values come from, for reports.
     *
     * @param value the value
     * @return this builder
     */
    public Builder basis(String value) {
      this.basis = value;
      return this;
    }

    /**
     * Sets how the messages are rendered around the frame.
     *
     * @param value the value
     * @return this builder
     */
    public Builder format(Format value) {
      this.format = value;
      return this;
    }

    /**
     * Returns the {@code ChatOverhead}.
     *
     * @return the value
     * @throws IllegalArgumentException if a value is out of range
     * @throws IllegalStateException if a required value is not set
     */
    public ChatOverhead build() {
      return new ChatOverhead(
          tokensPerMessage,
          tokensPerName,
          replyPriming,
          published,
          required("basis", basis),
          format);
    }

    private static <T> T required(String field, @Nullable T value) {
      if (value == null) {
        throw new IllegalStateException(field + " must be set on ChatOverhead.Builder");
      }
      return value;
    }
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof ChatOverhead o
          && tokensPerMessage == o.tokensPerMessage
          && tokensPerName == o.tokensPerName
          && replyPriming == o.replyPriming
          && published == o.published
          && Objects.equals(basis, o.basis)
          && Objects.equals(format, o.format);
  }

  @Override
  public int hashCode() {
    int h = Integer.hashCode(tokensPerMessage);
    h = 31 * h + Integer.hashCode(tokensPerName);
    h = 31 * h + Integer.hashCode(replyPriming);
    h = 31 * h + Boolean.hashCode(published);
    h = 31 * h + Objects.hashCode(basis);
    h = 31 * h + Objects.hashCode(format);
    return h;
  }

  @Override
  public String toString() {
    return "ChatOverhead[tokensPerMessage=" + tokensPerMessage + ", tokensPerName=" + tokensPerName
        + ", replyPriming=" + replyPriming + ", published=" + published + ", basis=" + basis
        + ", format=" + format + "]";
  }
}
