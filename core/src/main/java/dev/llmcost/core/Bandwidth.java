package dev.llmcost.core;

import dev.llmcost.core.internal.Require;
import java.util.Locale;

/**
 * A data rate in bytes per second, never negative.
 *
 * <p>Datasheets quote memory and link bandwidth in SI units (GB/s = 10^9 bytes/s); networks quote
 * bits per second (400 Gb/s = 50 GB/s), hence {@link #ofGigabits(double)}.
 *
 * <p>A record: its one component (the bytes per second) is its definition and will not grow, so its
 * validating canonical constructor stays public.
 *
 * @param bytesPerSecond bytes per second, finite and at least zero
 */
public record Bandwidth(double bytesPerSecond) implements Comparable<Bandwidth> {

  /** Zero bytes per second. */
  public static final Bandwidth ZERO = new Bandwidth(0);

  /**
   * Validates the rate.
   *
   * @throws IllegalArgumentException if the rate is negative, NaN or infinite
   */
  public Bandwidth {
    Require.nonNegative("bytesPerSecond", bytesPerSecond);
  }

  /**
   * Returns {@code bytesPerSecond} bytes per second.
   *
   * @param bytesPerSecond bytes/s, finite and at least zero
   * @return the bandwidth
   */
  public static Bandwidth of(double bytesPerSecond) {
    return new Bandwidth(bytesPerSecond);
  }

  /**
   * Returns {@code gbps} SI gigabytes per second (10^9 bytes/s).
   *
   * @param gbps GB/s, finite and at least zero
   * @return the bandwidth
   * @throws IllegalArgumentException if the rate is negative, NaN or infinite
   */
  public static Bandwidth ofGBps(double gbps) {
    Require.nonNegative("gbps", gbps);
    return new Bandwidth(gbps * 1e9);
  }

  /**
   * Returns {@code gigabits} gigabits per second (10^9 bits/s), the unit of network links.
   *
   * @param gigabits Gb/s, finite and at least zero
   * @return the bandwidth
   * @throws IllegalArgumentException if the rate is negative, NaN or infinite
   */
  public static Bandwidth ofGigabits(double gigabits) {
    Require.nonNegative("gigabits", gigabits);
    return new Bandwidth(gigabits * 1e9 / 8);
  }

  /** Returns the bandwidth in SI GB/s. */
  public double toGBps() {
    return bytesPerSecond / 1e9;
  }

  /**
   * Returns the seconds needed to move {@code size} at this bandwidth.
   *
   * @param size the data to move
   * @return seconds
   * @throws IllegalArgumentException if this bandwidth is zero and {@code size} is not
   */
  public double secondsFor(DataSize size) {
    if (size.isZero()) {
      return 0;
    }
    if (bytesPerSecond == 0) {
      throw new IllegalArgumentException("cannot move " + size + " at 0 bytes/s");
    }
    return size.bytes() / bytesPerSecond;
  }

  /**
   * Returns this bandwidth times a factor, such as an achieved fraction.
   *
   * @param factor multiplier, finite and at least zero
   * @return this times factor
   * @throws IllegalArgumentException if {@code factor} is negative, NaN or infinite
   */
  public Bandwidth times(double factor) {
    Require.nonNegative("factor", factor);
    return new Bandwidth(bytesPerSecond * factor);
  }

  /**
   * Returns the sum of this and {@code other}, such as two links used together.
   *
   * @param other the bandwidth to add
   * @return this + other
   */
  public Bandwidth plus(Bandwidth other) {
    return new Bandwidth(bytesPerSecond + other.bytesPerSecond);
  }

  /**
   * Returns this minus {@code other}.
   *
   * @param other the bandwidth to subtract, at most this
   * @return this − other
   * @throws IllegalArgumentException if the result would be negative
   */
  public Bandwidth minus(Bandwidth other) {
    return new Bandwidth(bytesPerSecond - other.bytesPerSecond);
  }

  /**
   * Returns this divided by a positive divisor, such as the ranks that share a link.
   *
   * @param divisor divisor, finite and positive
   * @return this / divisor
   * @throws IllegalArgumentException if {@code divisor} is not positive and finite
   */
  public Bandwidth div(double divisor) {
    Require.positive("divisor", divisor);
    return new Bandwidth(bytesPerSecond / divisor);
  }

  /**
   * Returns the ratio of this to {@code other}, such as an achieved fraction of a peak.
   *
   * @param other a positive bandwidth
   * @return this / other
   * @throws IllegalArgumentException if {@code other} is zero
   */
  public double div(Bandwidth other) {
    if (other.bytesPerSecond == 0) {
      throw new IllegalArgumentException("other must be positive, was 0 B/s");
    }
    return bytesPerSecond / other.bytesPerSecond;
  }

  @Override
  public int compareTo(Bandwidth other) {
    return Double.compare(bytesPerSecond, other.bytesPerSecond);
  }

  /** Returns the bandwidth in GB/s, such as {@code 3350.0 GB/s}. */
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%.1f GB/s", toGBps());
  }
}
