package dev.llmcost.tokenizers;

import dev.llmcost.core.internal.Require;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One message of a chat conversation, as a chat API receives it.
 */
public final class ChatMessage {
  private final String role;
  private final String content;
  private final String name;

  /**
   * Validates the message.
   *
   * @throws IllegalArgumentException if {@code role} is blank
   */
  private ChatMessage(String role, String content, String name) {
    Require.nonBlank("role", role);
    this.role = role;
    this.content = content;
    this.name = name;
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

  /** Returns {@code system}, {@code user}, {@code assistant}, {@code developer}, {@code tool} . */
  public String role() {
    return role;
  }

  /** Returns the text. */
  public String content() {
    return content;
  }

  /** Returns the participant's name, or {@code ""} for none (see {@link #nameIfAny()}). */
  public String name() {
    return name;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof ChatMessage o
          && Objects.equals(role, o.role)
          && Objects.equals(content, o.content)
          && Objects.equals(name, o.name);
  }

  @Override
  public int hashCode() {
    int h = Objects.hashCode(role);
    h = 31 * h + Objects.hashCode(content);
    h = 31 * h + Objects.hashCode(name);
    return h;
  }

  @Override
  public String toString() {
    return "ChatMessage[role=" + role + ", content=" + content + ", name=" + name + "]";
  }
}
