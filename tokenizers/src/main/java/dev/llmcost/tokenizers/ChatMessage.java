package dev.llmcost.tokenizers;

import dev.llmcost.core.internal.Require;
import java.util.Optional;

/**
 * One message of a chat conversation, as a chat API receives it.
 *
 * @param role {@code system}, {@code user}, {@code assistant}, {@code developer}, {@code tool} ...
 * @param content the text
 * @param name the participant's name, or {@code ""} for none (see {@link #nameIfAny()})
 */
public record ChatMessage(String role, String content, String name) {

  /**
   * Validates the message.
   *
   * @throws IllegalArgumentException if {@code role} is blank
   */
  public ChatMessage {
    Require.nonBlank("role", role);
  }

  /**
   * Returns a message without a name.
   *
   * @param role the role
   * @param content the text
   * @return the message
   * @throws IllegalArgumentException if {@code role} is blank
   */
  public static ChatMessage of(String role, String content) {
    return new ChatMessage(role, content, "");
  }

  /** Returns a copy with a participant's name ({@code ""} for none). */
  public ChatMessage withName(String participant) {
    return participant.equals(name) ? this : new ChatMessage(role, content, participant);
  }

  /** Returns the name, or empty if the message has none. */
  public Optional<String> nameIfAny() {
    return name.isEmpty() ? Optional.empty() : Optional.of(name);
  }
}
