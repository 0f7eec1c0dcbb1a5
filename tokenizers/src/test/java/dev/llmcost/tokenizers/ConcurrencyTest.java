package dev.llmcost.tokenizers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One tokenizer shared by many threads gives every thread the single-threaded answer. */
class ConcurrencyTest {

  @ParameterizedTest
  @ValueSource(strings = {"cl100k_base", "o200k_base"})
  void manyThreadsOneTokenizer(String id) throws Exception {
    Tokenizer t = TokenizerRegistry.standard().resolve(id);
    List<String> texts = new ArrayList<>();
    for (String language : Corpora.LANGUAGES) {
      String text = Corpora.text(language);
      texts.add(text.substring(0, 40_000)); // long: piece cache and pair memo
      texts.addAll(text.substring(0, 4000).lines().toList()); // short lines
    }
    List<int[]> expected = texts.stream().map(s -> t.encode(s).toArray()).toList();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<Integer>> futures = new ArrayList<>();
      for (int thread = 0; thread < 16; thread++) {
        int offset = thread;
        Callable<Integer> job = () -> {
          int checked = 0;
          for (int round = 0; round < 3; round++) {
            for (int i = 0; i < texts.size(); i++) {
              int k = (i + offset * 7) % texts.size(); // threads walk the texts in different orders
              assertThat(t.encode(texts.get(k)).toArray()).isEqualTo(expected.get(k));
              assertThat(t.countTokens(texts.get(k)).value()).isEqualTo(expected.get(k).length);
              checked++;
            }
          }
          return checked;
        };
        futures.add(pool.submit(job));
      }
      int total = 0;
      for (Future<Integer> f : futures) {
        total += f.get();
      }
      assertThat(total).isEqualTo(16 * 3 * texts.size());
    } finally {
      pool.shutdownNow();
    }
  }
}
