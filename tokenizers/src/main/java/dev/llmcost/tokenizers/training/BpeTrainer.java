package dev.llmcost.tokenizers.training;

import dev.llmcost.tokenizers.internal.huggingface.BpeTrainerEngine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Trains a byte-pair-encoding vocabulary (Sennrich et al. 2016) from a corpus and writes it as a
 * HuggingFace {@code tokenizer.json} that this library and HuggingFace tokenizers load with the same
 * ids.
 *
 * <pre>{@code
 * TrainedVocabulary v = BpeTrainer.train(Path.of("corpus.txt"),
 *     BpeTrainingOptions.of(BpeStyle.BYTE_LEVEL, 32_000), p -> System.err.println(p));
 * v.writeTo(Path.of("tokenizer.json"));
 * }</pre>
 */
public final class BpeTrainer {
  private BpeTrainer() {}

  /**
   * The longest line of a corpus file, in chars: the trainer holds one line at a time, so an endless
   * line ({@code /dev/zero}) ends here instead of in an {@link OutOfMemoryError}.
   */
  public static final int MAX_LINE_CHARS = 1 << 24;

  /**
   * Trains on a UTF-8 text file, read line by line.
   *
   * @param corpus the file
   * @param options what to train
   * @param progress receives progress while reading and merging
   * @return the vocabulary
   * @throws IllegalArgumentException if the file does not exist, is not UTF-8, or has a line longer
   *     than {@value #MAX_LINE_CHARS} chars
   * @throws UncheckedIOException if reading fails
   */
  public static TrainedVocabulary train(
      Path corpus, BpeTrainingOptions options, Consumer<TrainingProgress> progress) {
    BpeTrainerEngine engine = new BpeTrainerEngine(options.style() == BpeStyle.BYTE_LEVEL);
    long size;
    try {
      size = Files.size(corpus);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("corpus file does not exist: " + corpus, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (BufferedReader r = Files.newBufferedReader(corpus, StandardCharsets.UTF_8)) {
      long read = 0;
      long next = 1 << 20;
      long lineNumber = 0;
      StringBuilder line = new StringBuilder();
      char[] buf = new char[8192];
      int n;
      while ((n = r.read(buf)) >= 0) {
        int start = 0;
        for (int i = 0; i < n; i++) {
          if (buf[i] == '\n') {
            line.append(buf, start, i + 1 - start);
            engine.add(line.toString());
            line.setLength(0);
            lineNumber++;
            start = i + 1;
          }
        }
        line.append(buf, start, n - start);
        if (line.length() > MAX_LINE_CHARS) {
          throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
              "corpus line %,d is longer than %,d chars, the most the trainer reads as one line: %s",
              lineNumber + 1, MAX_LINE_CHARS, corpus));
        }
        read += n;
        if (read >= next) {
          progress.accept(new TrainingProgress("count", Math.min(read, size), Math.max(size, read)));
          next += 1 << 20;
        }
      }
      if (line.length() > 0) {
        engine.add(line.append('\n').toString());
      }
      progress.accept(new TrainingProgress("count", size, size));
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalArgumentException("corpus is not valid UTF-8: " + corpus, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + corpus, e);
    }
    return finish(engine, options, progress);
  }

  /**
   * Trains on texts held in memory (each one a document or a line).
   *
   * @param texts the texts
   * @param options what to train
   * @param progress receives progress while merging
   * @return the vocabulary
   */
  public static TrainedVocabulary train(
      Iterable<String> texts, BpeTrainingOptions options, Consumer<TrainingProgress> progress) {
    BpeTrainerEngine engine = new BpeTrainerEngine(options.style() == BpeStyle.BYTE_LEVEL);
    for (String t : texts) {
      engine.add(t);
    }
    return finish(engine, options, progress);
  }

  private static TrainedVocabulary finish(
      BpeTrainerEngine engine, BpeTrainingOptions options, Consumer<TrainingProgress> progress) {
    String json =
        engine.train(
            options.vocabularySize(),
            options.minFrequency(),
            options.specialTokens(),
            (phase, done, total) -> progress.accept(new TrainingProgress(phase, done, total)));
    return new TrainedVocabulary(json, options.style());
  }
}
