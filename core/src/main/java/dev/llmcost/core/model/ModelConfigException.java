package dev.llmcost.core.model;

/**
 * A model configuration ({@code config.json} or a catalog entry) that cannot be read: not JSON, a
 * field of the wrong type, a required field missing, or a component llmcost does not model. The
 * message names the file, the field and the value. Nothing is half-loaded: the loader either
 * returns a complete architecture or throws this.
 */
public final class ModelConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, naming the field and the value
   */
  public ModelConfigException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what is wrong
   * @param cause the underlying failure
   */
  public ModelConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
