package dev.llmcost.core.model;

import dev.llmcost.core.ParameterCount;
import dev.llmcost.core.internal.Require;

/**
 * One line of a parameter breakdown: a module that repeats {@code instances} times with {@code
 * perInstance} parameters each, of which {@code activeInstances} take part in a token's forward
 * pass (fewer than all only for routed experts).
 *
 * @param name the module's name, after HuggingFace's module names ({@code layers.*.mlp.experts})
 * @param role what the parameters do
 * @param perInstance parameters of one instance
 * @param instances how many instances the model has
 * @param activeInstances how many instances one token uses
 */
public record ParameterComponent(
    String name, ComponentRole role, long perInstance, long instances, long activeInstances) {

  /**
   * Validates the line.
   *
   * @throws IllegalArgumentException if a count is negative or more instances are active than exist
   */
  public ParameterComponent {
    Require.nonBlank("name", name);
    Require.nonNegative("perInstance", perInstance);
    Require.nonNegative("instances", instances);
    Require.nonNegative("activeInstances", activeInstances);
    if (activeInstances > instances) {
      throw new IllegalArgumentException(
          "activeInstances must be <= instances (" + instances + "), was " + activeInstances);
    }
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
}
