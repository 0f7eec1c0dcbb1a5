package dev.llmcost.cli;

import dev.llmcost.tokenizers.dataset.LanguageIdentifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import opennlp.tools.langdetect.Language;
import opennlp.tools.langdetect.LanguageDetectorME;
import opennlp.tools.langdetect.LanguageDetectorModel;

/**
 * Tells the language of a text with Apache OpenNLP's language detector and its model {@code
 * langdetect-183.bin} (103 languages, ISO 639-3 codes; maven {@code
 * org.apache.opennlp:opennlp-models-langdetect}). Chosen over Lingua (far larger models and a
 * Kotlin runtime) and optimaize language-detector (unmaintained since 2016): Apache-maintained, one
 * 10 MB model, no native code. Thread-safe: one detector per thread over the shared model.
 */
final class OpenNlpLanguages implements LanguageIdentifier {

  /** The model resource inside opennlp-models-langdetect. */
  static final String MODEL = "langdetect-183.bin";

  private final ThreadLocal<LanguageDetectorME> detector;

  OpenNlpLanguages() {
    LanguageDetectorModel model;
    try (InputStream in = OpenNlpLanguages.class.getClassLoader().getResourceAsStream(MODEL)) {
      if (in == null) {
        throw new IllegalStateException("the language model " + MODEL + " is missing from the class path");
      }
      model = new LanguageDetectorModel(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the language model " + MODEL + ": " + e.getMessage(), e);
    }
    this.detector = ThreadLocal.withInitial(() -> new LanguageDetectorME(model));
  }

  @Override
  public String identify(String text) {
    if (text.isBlank()) {
      return UNDETERMINED;
    }
    Language l = detector.get().predictLanguage(text);
    return l == null ? UNDETERMINED : l.getLang();
  }
}
