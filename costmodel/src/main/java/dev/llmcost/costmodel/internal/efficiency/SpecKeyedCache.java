package dev.llmcost.costmodel.internal.efficiency;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A cache of values computed from accelerators that stays bounded however many specs callers build:
 * keys of the bundled catalog's accelerators (a fixed, finite set) are kept for good in a concurrent
 * map; any other key (a spec built in code with {@code AcceleratorSpec.builder}, an id of the
 * caller's own, a bundled id with a changed peak) goes to a small least-recently-used map of at most
 * {@link #OTHER_CAPACITY} entries, so a caller building many distinct specs does not grow it without
 * bound. Thread-safe: the bundled map is a {@link ConcurrentHashMap}, the other one is guarded by its
 * own lock (a value may then be computed twice under a race; every value cached here is a pure
 * function of its key).
 *
 * @param <K> the key
 * @param <V> the value
 */
public final class SpecKeyedCache<K, V> {
  /** The most entries kept for keys outside the bundled catalog. */
  public static final int OTHER_CAPACITY = 64;

  private final ConcurrentHashMap<K, V> bundled = new ConcurrentHashMap<>();
  private final LinkedHashMap<K, V> other = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
      return size() > OTHER_CAPACITY;
    }
  };

  /**
   * Returns the value of {@code key}, computing it on a miss.
   *
   * @param key the key
   * @param ofBundledCatalog whether the key is one of the bundled catalog's (kept for good)
   * @param compute computes the value; must not return null
   * @return the value
   */
  public V get(K key, boolean ofBundledCatalog, Function<? super K, ? extends V> compute) {
    if (ofBundledCatalog) {
      return bundled.computeIfAbsent(key, compute);
    }
    synchronized (other) {
      V v = other.get(key);
      if (v != null) {
        return v;
      }
    }
    V v = compute.apply(key);
    synchronized (other) {
      other.put(key, v);
    }
    return v;
  }

  /**
   * Returns the entries kept: those of bundled keys plus at most {@link #OTHER_CAPACITY} others.
   *
   * @return the number of entries
   */
  public int size() {
    synchronized (other) {
      return bundled.size() + other.size();
    }
  }

  /**
   * Returns whether {@code a} is the bundled catalog's accelerator of its id, unchanged.
   *
   * @param a the accelerator
   * @return whether it is bundled
   */
  public static boolean isBundled(AcceleratorSpec a) {
    return AcceleratorCatalog.bundled().find(a.id()).map(a::equals).orElse(false);
  }
}
