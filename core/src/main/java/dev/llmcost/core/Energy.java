package dev.llmcost.core;

import dev.llmcost.core.internal.Require;
import java.util.Locale;

/**
 * An amount of energy, never negative, held in kilowatt-hours (the unit of electricity bills and
 * grid carbon intensities); 1 kWh = 3.6 MJ.
 *
 * <p>A record: its one component (the kilowatt-hours) is its definition and will not grow, so its
 * validating canonical constructor stays public.
 *
 * @param kilowattHours kWh, finite and at least zero
 */
public record Energy(double kilowattHours) implements Comparable<Energy> {

  /** No energy. */
  public static final Energy ZERO = new Energy(0);

  /**
   * Validates the amount.
   *
   * @throws IllegalArgumentException if the amount is negative, NaN or infinite
   */
  public Energy {
    Require.nonNegative("kilowattHours", kilowattHours);
  }

  /**
   * Returns {@code kwh} kilowatt-hours.
   *
   * @param kwh kWh, finite and at least zero
   * @return the energy
   * @throws IllegalArgumentException if the amount is negative, NaN or infinite
   */
  public static Energy ofKilowattHours(double kwh) {
    return new Energy(kwh);
  }

  /**
   * Returns {@code joules} joules.
   *
   * @param joules J, finite and at least zero
   * @return the energy
   * @throws IllegalArgumentException if the amount is negative, NaN or infinite
   */
  public static Energy ofJoules(double joules) {
    Require.nonNegative("joules", joules);
    return new Energy(joules / 3.6e6);
  }

  /**
   * Returns the energy of a power drawn for a time: watts × seconds.
   *
   * @param watts W, finite and at least zero
   * @param seconds s, finite and at least zero
   * @return the energy
   * @throws IllegalArgumentException if an argument is negative, NaN or infinite
   */
  public static Energy of(double watts, double seconds) {
    Require.nonNegative("watts", watts);
    Require.nonNegative("seconds", seconds);
    return ofJoules(watts * seconds);
  }

  /** Returns the energy in joules. */
  public double joules() {
    return kilowattHours * 3.6e6;
  }

  /** Returns the energy in megawatt-hours. */
  public double megawattHours() {
    return kilowattHours / 1000;
  }

  /**
   * Returns the sum of this and {@code other}.
   *
   * @param other the energy to add
   * @return this + other
   */
  public Energy plus(Energy other) {
    return new Energy(kilowattHours + other.kilowattHours);
  }

  /**
   * Returns this minus {@code other}.
   *
   * @param other the energy to subtract, at most this
   * @return this − other
   * @throws IllegalArgumentException if the result would be negative
   */
  public Energy minus(Energy other) {
    return new Energy(kilowattHours - other.kilowattHours);
  }

  /**
   * Returns this times a factor.
   *
   * @param factor multiplier, finite and at least zero
   * @return this × factor
   * @throws IllegalArgumentException if {@code factor} is negative, NaN or infinite
   */
  public Energy times(double factor) {
    Require.nonNegative("factor", factor);
    return new Energy(kilowattHours * factor);
  }

  /**
   * Returns this divided by a positive divisor, such as a number of requests.
   *
   * @param divisor divisor, finite and positive
   * @return this / divisor
   * @throws IllegalArgumentException if {@code divisor} is not positive and finite
   */
  public Energy div(double divisor) {
    Require.positive("divisor", divisor);
    return new Energy(kilowattHours / divisor);
  }

  /**
   * Returns the ratio of this to {@code other}.
   *
   * @param other a positive energy
   * @return this / other
   * @throws IllegalArgumentException if {@code other} is zero
   */
  public double div(Energy other) {
    if (other.kilowattHours == 0) {
      throw new IllegalArgumentException("other must be positive, was 0 kWh");
    }
    return kilowattHours / other.kilowattHours;
  }

  @Override
  public int compareTo(Energy other) {
    return Double.compare(kilowattHours, other.kilowattHours);
  }

  /** Returns the energy in kWh with three significant digits, such as {@code "1.23e+03 kWh"}. */
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%.3g kWh", kilowattHours);
  }
}
