package dev.llmcost.tokenizers.huggingface;

/**
 * A {@code tokenizer.json} that cannot be loaded exactly: malformed JSON, a field of the wrong type
 * or out of bounds, an inconsistent vocabulary, or a component this library does not implement.
 *
 * <p>Like core's {@code ModelConfigException} it is an {@link IllegalArgumentException}: the
 * caller passed a bad file. The message names the component and field (for example {@code model.merges[12]} or {@code
 * pre_tokenizer.pretokenizers[0].pattern}). Loading is all or nothing: when this is thrown, no
 * tokenizer exists, half-loaded or otherwise.
 */
public final class TokenizerFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String component;

  /**
   * Creates the exception.
   *
   * @param component the JSON path of the offending component or field, such as {@code model.vocab}
   * @param message what is wrong with it
   */
  public TokenizerFormatException(String component, String message) {
    super(component + ": " + message);
    this.component = component;
  }

  /**
   * Creates the exception with a cause.
   *
   * @param component the JSON path of the offending component or field
   * @param message what is wrong with it
   * @param cause the underlying failure
   */
  public TokenizerFormatException(String component, String message, Throwable cause) {
    super(component + ": " + message, cause);
    this.component = component;
  }

  /** Returns the JSON path of the offending component or field, such as {@code model.vocab}. */
  public String component() {
    return component;
  }
}
