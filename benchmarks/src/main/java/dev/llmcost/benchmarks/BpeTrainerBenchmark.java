package dev.llmcost.benchmarks;

import dev.llmcost.benchmarks.corpus.Corpus;
import dev.llmcost.tokenizers.training.BpeStyle;
import dev.llmcost.tokenizers.training.BpeTrainer;
import dev.llmcost.tokenizers.training.BpeTrainingOptions;
import dev.llmcost.tokenizers.training.TrainedVocabulary;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Training a 32k BPE vocabulary on 10 MiB of text ({@link Corpus#TRAIN_10MB}: the six benchmark
 * corpora, from {@code benchmarks/corpora/fetch.sh}), end to end: reading, counting, merging,
 * writing the JSON. Single shot: the target is under a minute.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
@Warmup(iterations = 0)
@Measurement(iterations = 2)
public class BpeTrainerBenchmark {

  @Param({"BYTE_LEVEL", "SENTENCEPIECE"})
  public String style;

  @Param({"32000"})
  public int vocabularySize;

  Path corpus;

  @Setup
  public void setUp() {
    Corpus.TRAIN_10MB.read(); // checks that it is there and is the pinned file
    corpus = Corpus.TRAIN_10MB.path();
  }

  /** Trains and returns the tokenizer.json text. */
  @Benchmark
  public String train() {
    TrainedVocabulary v =
        BpeTrainer.train(corpus, BpeTrainingOptions.of(BpeStyle.valueOf(style), vocabularySize), p -> {});
    return v.json();
  }
}
