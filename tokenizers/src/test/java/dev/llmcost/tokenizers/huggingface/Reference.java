package dev.llmcost.tokenizers.huggingface;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HuggingFace tokenizers (the Rust library, through DJL's binding, whose native library ships in
 * its jar): the reference. Truncation and padding off, special tokens added only when asked.
 */
final class Reference {
  private Reference() {}

  static {
    // never reach for the network: the native library is extracted from the jar
    System.setProperty("ai.djl.offline", "true");
  }

  private static final Map<String, ai.djl.huggingface.tokenizers.HuggingFaceTokenizer> CACHE =
      new ConcurrentHashMap<>();

  static ai.djl.huggingface.tokenizers.HuggingFaceTokenizer of(String key, byte[] json) {
    return CACHE.computeIfAbsent(key, k -> load(json));
  }

  static ai.djl.huggingface.tokenizers.HuggingFaceTokenizer load(byte[] json) {
    try {
      return ai.djl.huggingface.tokenizers.HuggingFaceTokenizer.newInstance(
          new ByteArrayInputStream(json),
          Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false", "maxLength", "100000000"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int[] encode(ai.djl.huggingface.tokenizers.HuggingFaceTokenizer ref, String text, boolean addSpecial) {
    long[] ids = ref.encode(text, addSpecial, false).getIds();
    return Arrays.stream(ids).mapToInt(l -> (int) l).toArray();
  }
}
