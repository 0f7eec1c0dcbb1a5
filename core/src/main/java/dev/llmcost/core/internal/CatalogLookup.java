package dev.llmcost.core.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * An immutable id → item index with aliases and "did you mean" errors, shared by the catalogs.
 *
 * @param <T> the item type
 */
public final class CatalogLookup<T> {
  private final String kind;
  private final List<T> items;
  private final List<String> ids;
  private final Map<String, T> byKey;

  /**
   * Indexes {@code items}.
   *
   * @param kind what the items are, for messages ({@code model}, {@code accelerator})
   * @param items the items in catalog order
   * @param id the id of an item
   * @param aliases alias → id
   * @throws IllegalStateException if two items share an id or an alias names no item
   */
  public CatalogLookup(String kind, List<T> items, Function<T, String> id, Map<String, String> aliases) {
    this.kind = kind;
    this.items = List.copyOf(items);
    Map<String, T> map = new LinkedHashMap<>();
    List<String> idList = new ArrayList<>();
    for (T item : items) {
      String key = key(id.apply(item));
      if (map.put(key, item) != null) {
        throw new IllegalStateException("duplicate " + kind + " id " + id.apply(item));
      }
      idList.add(id.apply(item));
    }
    for (Map.Entry<String, String> a : aliases.entrySet()) {
      T target = map.get(key(a.getValue()));
      if (target == null) {
        throw new IllegalStateException(kind + " alias " + a.getKey() + " names unknown id " + a.getValue());
      }
      map.putIfAbsent(key(a.getKey()), target);
    }
    this.byKey = Map.copyOf(map);
    this.ids = List.copyOf(idList);
  }

  private static String key(String s) {
    return s.trim().toLowerCase(Locale.ROOT);
  }

  /** Returns the item with this id or alias, ignoring case. */
  public Optional<T> find(String id) {
    return Optional.ofNullable(byKey.get(key(id)));
  }

  /**
   * Returns the item with this id or alias.
   *
   * @throws IllegalArgumentException naming the id and the closest known ids if it is unknown
   */
  public T get(String id) {
    T t = byKey.get(key(id));
    if (t == null) {
      List<String> all = new ArrayList<>(ids);
      throw new IllegalArgumentException(Similarity.unknownMessage(kind, id, all));
    }
    return t;
  }

  /** Returns all items in catalog order. */
  public List<T> all() {
    return items;
  }

  /** Returns all ids in catalog order. */
  public List<String> ids() {
    return ids;
  }
}
