package dev.llmcost.core.internal;

import java.time.Duration;

/** Conversions between seconds as a double and {@link Duration}, to the nanosecond. */
public final class Seconds {
  private Seconds() {}

  /**
   * Returns {@code seconds} as a duration, rounded to the nanosecond.
   *
   * @param seconds seconds, finite and at least zero
   * @return the duration
   * @throws IllegalArgumentException if {@code seconds} is negative, NaN or infinite
   */
  public static Duration toDuration(double seconds) {
    Require.nonNegative("seconds", seconds);
    double whole = Math.floor(seconds);
    long nanos = Math.round((seconds - whole) * 1e9);
    return Duration.ofSeconds((long) whole, nanos);
  }

  /**
   * Returns a duration in seconds.
   *
   * @param d the duration
   * @return seconds
   */
  public static double of(Duration d) {
    return d.getSeconds() + d.getNano() / 1e9;
  }
}
