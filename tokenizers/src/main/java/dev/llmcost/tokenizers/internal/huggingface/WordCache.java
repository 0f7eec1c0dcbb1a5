package dev.llmcost.tokenizers.internal.huggingface;

import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A bounded, thread-safe cache from words to their ids; once full it stops taking entries (as
 * HuggingFace tokenizers' BPE cache does), so its memory is bounded.
 */
final class WordCache {
  static final int CAPACITY = 1 << 16;
  static final int MAX_KEY_LENGTH = 256;

  private final ConcurrentHashMap<String, int[]> map = new ConcurrentHashMap<>(1024);

  @Nullable int[] get(String word) {
    return map.get(word);
  }

  void put(String word, int[] ids) {
    if (word.length() < MAX_KEY_LENGTH && map.size() < CAPACITY) {
      map.putIfAbsent(word, ids);
    }
  }
}
