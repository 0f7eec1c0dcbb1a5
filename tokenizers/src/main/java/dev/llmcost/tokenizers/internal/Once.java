package dev.llmcost.tokenizers.internal;

import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A value computed on first use by exactly one thread and then shared: the per-id holder of a
 * tokenizer. Each holder has its own lock, so that two threads asking for different ids load them
 * at the same time while two threads asking for the same id load it once (the second waits for
 * the first). A loader that throws leaves the holder empty, and the next call tries again.
 *
 * @param <T> the value
 */
public final class Once<T> {
  private final Supplier<? extends T> loader;
  private volatile @Nullable T value;

  /**
   * Creates a holder; nothing is loaded yet.
   *
   * @param loader computes the value; called at most once successfully
   */
  public Once(Supplier<? extends T> loader) {
    this.loader = loader;
  }

  /** Returns the value, loading it in the calling thread if no thread has yet. */
  public T get() {
    T v = value;
    if (v == null) {
      synchronized (this) {
        v = value;
        if (v == null) {
          v = Objects.requireNonNull(loader.get(), "loader returned null");
          value = v;
        }
      }
    }
    return v;
  }

  /** Returns whether the value has been loaded. */
  public boolean isLoaded() {
    return value != null;
  }
}
