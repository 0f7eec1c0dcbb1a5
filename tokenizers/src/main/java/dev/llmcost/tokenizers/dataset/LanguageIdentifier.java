package dev.llmcost.tokenizers.dataset;

/**
 * Names the language of a text, for the per-language breakdown of {@link DatasetCounter}.
 *
 * <p>Implementations must be thread-safe: the counter calls one from all its threads. The command
 * line plugs in Apache OpenNLP's language detector; a caller may plug in any other (Lingua, a
 * fastText model behind JNI, a metadata field).
 */
@FunctionalInterface
public interface LanguageIdentifier {

  /** The code returned when the language cannot be told. */
  String UNDETERMINED = "und";

  /**
   * Returns the language of {@code text}.
   *
   * @param text a sample of a document (its first characters)
   * @return a language code, such as an ISO 639-3 code ({@code eng}, {@code cmn}), or {@link
   *     #UNDETERMINED}
   */
  String identify(String text);
}
