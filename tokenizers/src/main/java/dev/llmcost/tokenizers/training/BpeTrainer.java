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
   * Trains on a UTF-8 text file, read line by line.
   *
   * @param corpus the file
   * @param options what to train
   * @param progress receives progress while reading and merging
   * @return the vocabulary
   * @throws IllegalArgumentException if the file does not exist
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
      String line;
      while ((line = r.readLine()) != null) {
        engine.add(line + "\n");
        read += line.length() + 1;
        if (read >= next) {
          progress.accept(new TrainingProgress("count", Math.min(read, size), size));
          next += 1 << 20;
        }
      }
      progress.accept(new TrainingProgress("count", size, size));
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
