package dev.llmcost.costmodel.training;

import java.util.AbstractList;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * An immutable list of assumption texts formatted on first access, so that an estimate costs
 * nothing for text nobody reads (a planner evaluates millions).
 */
final class LazyAssumptions extends AbstractList<String> {
  private final Supplier<List<String>> format;
  private volatile @Nullable List<String> texts;

  LazyAssumptions(Supplier<List<String>> format) {
    this.format = format;
  }

  private List<String> texts() {
    List<String> t = texts;
    if (t == null) {
      synchronized (this) {
        t = texts;
        if (t == null) {
          t = List.copyOf(format.get());
          texts = t;
        }
      }
    }
    return t;
  }

  @Override
  public String get(int index) {
    return texts().get(index);
  }

  @Override
  public int size() {
    return texts().size();
  }
}
