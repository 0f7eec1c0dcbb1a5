package dev.llmcost.core.gguf;

/**
 * A file that is not a readable GGUF header: a wrong magic, an unsupported version, a count or
 * length that cannot fit in the file, an unknown value or tensor type, an offset out of range, or
 * a header larger than the reader's limit. The message names the field, its value and the byte
 * offset where it was read. Nothing is half-read: {@link GgufFile#read} either returns the complete
 * header or throws this.
 */
public final class GgufFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, naming the field, the value and the offset
   */
  public GgufFormatException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what is wrong
   * @param cause the underlying failure
   */
  public GgufFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
