package dev.llmcost.core.model;

import dev.llmcost.core.ParameterCount;
import dev.llmcost.core.internal.Require;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One line of a parameter breakdown: a module that repeats {@code instances} times with {@code
 * perInstance} parameters each, of which {@code activeInstances} take part in a token's forward
 * pass (fewer than all only for routed experts).
 */
public final class ParameterComponent {
  private final String name;
  private final ComponentRole role;
  private final long perInstance;
  private final long instances;
  private final long activeInstances;

  /**
   * Validates the line.
   *
   * @throws IllegalArgumentException if a count is negative or more instances are active than exist
   */
  ParameterComponent(
      String name,
      ComponentRole role,
      long perInstance,
      long instances,
      long activeInstances) {
    Require.nonBlank("name", name);
    Require.nonNegative("perInstance", perInstance);
    Require.nonNegative("instances", instances);
    Require.nonNegative("activeInstances", activeInstances);
    if (activeInstances > instances) {
      throw new IllegalArgumentException(
          "activeInstances must be <= instances (" + instances + "), was " + activeInstances);
    }
    this.name = name;
    this.role = role;
    this.perInstance = perInstance;
    this.instances = instances;
    this.activeInstances = activeInstances;
  }

  /**
   * Returns the parameters of all instances, {@code perInstance × instances}.
   *
   * @return the parameters
   * @throws ArithmeticException if the product overflows a long
   */
  public ParameterCount total() {
    return ParameterCount.of(Math.multiplyExact(perInstance, instances));
  }

  /**
   * Returns the parameters one token uses, {@code perInstance × activeInstances}.
   *
   * @return the parameters
   * @throws ArithmeticException if the product overflows a long
   */
  public ParameterCount active() {
    return ParameterCount.of(Math.multiplyExact(perInstance, activeInstances));
  }

  /** Returns the module's name, after HuggingFace's module names ({@code layers.*.mlp.experts}). */
  public String name() {
    return name;
  }

  /** Returns what the parameters do. */
  public ComponentRole role() {
    return role;
  }

  /** Returns the parameters of one instance. */
  public long perInstance() {
    return perInstance;
  }

  /** Returns how many instances the model has. */
  public long instances() {
    return instances;
  }

  /** Returns how many instances one token uses. */
  public long activeInstances() {
    return activeInstances;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof ParameterComponent o
          && Objects.equals(name, o.name)
          && Objects.equals(role, o.role)
          && perInstance == o.perInstance
          && instances == o.instances
          && activeInstances == o.activeInstances;
  }

  @Override
  public int hashCode() {
    int h = Objects.hashCode(name);
    h = 31 * h + Objects.hashCode(role);
    h = 31 * h + Long.hashCode(perInstance);
    h = 31 * h + Long.hashCode(instances);
    h = 31 * h + Long.hashCode(activeInstances);
    return h;
  }

  @Override
  public String toString() {
    return "ParameterComponent[name=" + name + ", role=" + role + ", perInstance=" + perInstance
        + ", instances=" + instances + ", activeInstances=" + activeInstances + "]";
  }
}
