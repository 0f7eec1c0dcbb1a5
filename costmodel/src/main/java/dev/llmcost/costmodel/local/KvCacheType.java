package dev.llmcost.costmodel.local;

import dev.llmcost.core.gguf.GgmlType;
import java.util.Locale;
import java.util.Optional;

/**
 * The type llama.cpp stores the KV cache in ({@code --cache-type-k/-v}); quantized V needs flash
 * attention ({@code -fa}), as llama.cpp refuses it otherwise.
 */
public enum KvCacheType {
  /** Half precision, llama.cpp's default: 2 bytes per element. */
  F16(GgmlType.F16),
  /** Q8_0 blocks: 34 bytes per 32 elements. */
  Q8_0(GgmlType.Q8_0),
  /** Q4_0 blocks: 18 bytes per 32 elements. */
  Q4_0(GgmlType.Q4_0);

  private final GgmlType type;

  KvCacheType(GgmlType type) {
    this.type = type;
  }

  /** Returns the ggml type. */
  public GgmlType type() {
    return type;
  }

  /** Returns the bytes per cached element. */
  public double bytesPerElement() {
    return type.bitsPerWeight() / 8;
  }

  /** Returns the type with a name ({@code f16}, {@code q8_0}, {@code q4_0}), or empty. */
  public static Optional<KvCacheType> ofName(String name) {
    for (KvCacheType t : values()) {
      if (t.name().equals(name.trim().toUpperCase(Locale.ROOT))) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
