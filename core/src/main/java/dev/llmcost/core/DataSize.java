package dev.llmcost.core;

import dev.llmcost.core.internal.Require;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * An amount of memory or storage, held exactly as a non-negative number of bytes.
 *
 * <p>SI units (GB = 10^9 bytes) and IEC units (GiB = 2^30 bytes) are named apart: {@code
 * DataSize.of(80, DataUnit.GB)} is an 80 GB datasheet figure, 74.5 GiB. Results that are not whole
 * bytes (a division, a fractional amount) are rounded up, so that a memory estimate is never
 * understated; the methods that round say so.
 */
public final class DataSize implements Comparable<DataSize> {

  /** Zero bytes. */
  public static final DataSize ZERO = new DataSize(0);

  private final long bytes;

  private DataSize(long bytes) {
    this.bytes = bytes;
  }

  /**
   * Returns a size of {@code bytes} bytes.
   *
   * @param bytes bytes, at least zero
   * @return the size
   * @throws IllegalArgumentException if {@code bytes} is negative
   */
  public static DataSize ofBytes(long bytes) {
    Require.nonNegative("bytes", bytes);
    return bytes == 0 ? ZERO : new DataSize(bytes);
  }

  /**
   * Returns {@code amount} of {@code unit}, exactly.
   *
   * @param amount amount in {@code unit}, at least zero
   * @param unit the unit
   * @return the size
   * @throws IllegalArgumentException if {@code amount} is negative
   * @throws ArithmeticException on overflow
   */
  public static DataSize of(long amount, DataUnit unit) {
    Require.nonNegative("amount", amount);
    return ofBytes(Math.multiplyExact(amount, unit.bytes()));
  }

  /**
   * Returns {@code amount} of {@code unit}, rounded up to a whole byte (for figures such as 1.5 GB
   * or 3.35 TB).
   *
   * @param amount amount in {@code unit}, finite and at least zero
   * @param unit the unit
   * @return the size
   * @throws IllegalArgumentException if {@code amount} is negative, NaN or infinite
   * @throws ArithmeticException if the result does not fit a {@code long}
   */
  public static DataSize of(double amount, DataUnit unit) {
    Require.nonNegative("amount", amount);
    return ofBytesCeil(amount * unit.bytes());
  }

  /**
   * Returns {@code bytes} rounded up to a whole byte.
   *
   * @param bytes bytes, finite and at least zero
   * @return the size
   * @throws IllegalArgumentException if {@code bytes} is negative, NaN or infinite
   * @throws ArithmeticException if the result does not fit a {@code long}
   */
  public static DataSize ofBytesCeil(double bytes) {
    Require.nonNegative("bytes", bytes);
    double up = Math.ceil(bytes);
    if (up >= 0x1p63) {
      throw new ArithmeticException("data size overflows a long: " + bytes + " bytes");
    }
    return ofBytes((long) up);
  }

  /**
   * Returns {@code amount} gigabytes (SI, 10^9 bytes).
   *
   * @param amount gigabytes, at least zero
   * @return the size
   * @throws IllegalArgumentException if {@code amount} is negative
   */
  public static DataSize ofGB(double amount) {
    return of(amount, DataUnit.GB);
  }

  /**
   * Returns {@code amount} gibibytes (IEC, 2^30 bytes).
   *
   * @param amount gibibytes, at least zero
   * @return the size
   * @throws IllegalArgumentException if {@code amount} is negative
   */
  public static DataSize ofGiB(double amount) {
    return of(amount, DataUnit.GIB);
  }

  /** Returns the exact number of bytes. */
  public long bytes() {
    return bytes;
  }

  /**
   * Returns this size in {@code unit}.
   *
   * @param unit the unit
   * @return the size in that unit
   */
  public double to(DataUnit unit) {
    return (double) bytes / unit.bytes();
  }

  /** Returns this size in SI gigabytes (10^9 bytes). */
  public double toGB() {
    return to(DataUnit.GB);
  }

  /** Returns this size in IEC gibibytes (2^30 bytes). */
  public double toGiB() {
    return to(DataUnit.GIB);
  }

  /**
   * Returns the sum.
   *
   * @param other size to add
   * @return this plus other
   * @throws ArithmeticException on overflow
   */
  public DataSize plus(DataSize other) {
    return ofBytes(Math.addExact(bytes, other.bytes));
  }

  /**
   * Returns the difference.
   *
   * @param other size to subtract, at most this size
   * @return this minus other
   * @throws IllegalArgumentException if the result would be negative
   */
  public DataSize minus(DataSize other) {
    if (other.bytes > bytes) {
      throw new IllegalArgumentException(
          "cannot subtract " + other + " from " + this + ": the result would be negative");
    }
    return ofBytes(bytes - other.bytes);
  }

  /**
   * Returns this size times a whole factor.
   *
   * @param factor multiplier, at least zero
   * @return this times factor
   * @throws IllegalArgumentException if {@code factor} is negative
   * @throws ArithmeticException on overflow
   */
  public DataSize times(long factor) {
    Require.nonNegative("factor", factor);
    return ofBytes(Math.multiplyExact(bytes, factor));
  }

  /**
   * Returns this size times a real factor, rounded up to a whole byte.
   *
   * @param factor multiplier, finite and at least zero
   * @return this times factor
   * @throws IllegalArgumentException if {@code factor} is negative, NaN or infinite
   */
  public DataSize times(double factor) {
    Require.nonNegative("factor", factor);
    return ofBytesCeil(bytes * factor);
  }

  /**
   * Returns this size split into {@code parts} equal shares, rounded up to a whole byte (the
   * share of the largest part when the bytes do not divide evenly).
   *
   * @param parts number of parts, at least one
   * @return the size of one part
   * @throws IllegalArgumentException if {@code parts} is not positive
   */
  public DataSize div(long parts) {
    Require.positive("parts", parts);
    return ofBytes(bytes / parts + (bytes % parts == 0 ? 0 : 1));
  }

  /**
   * Returns the ratio of this size to another.
   *
   * @param other the divisor, not zero
   * @return this divided by other
   * @throws IllegalArgumentException if {@code other} is zero
   */
  public double div(DataSize other) {
    if (other.bytes == 0) {
      throw new IllegalArgumentException("cannot divide by a zero data size");
    }
    return (double) bytes / other.bytes;
  }

  /** Returns whether this size is zero bytes. */
  public boolean isZero() {
    return bytes == 0;
  }

  /** Returns the larger of this and {@code other}. */
  public DataSize max(DataSize other) {
    return bytes >= other.bytes ? this : other;
  }

  /** Returns the smaller of this and {@code other}. */
  public DataSize min(DataSize other) {
    return bytes <= other.bytes ? this : other;
  }

  /**
   * Formats this size in {@code unit} with two decimals, such as {@code 14.96 GiB}.
   *
   * @param unit the unit
   * @return the formatted size
   */
  public String format(DataUnit unit) {
    if (unit == DataUnit.BYTE) {
      return bytes + " B";
    }
    return String.format(Locale.ROOT, "%.2f %s", to(unit), unit.symbol());
  }

  /** Formats this size in the largest SI unit that keeps the value at least one, such as "16.06 GB". */
  public String toSiString() {
    DataUnit[] units = {DataUnit.PB, DataUnit.TB, DataUnit.GB, DataUnit.MB, DataUnit.KB};
    for (DataUnit u : units) {
      if (bytes >= u.bytes()) {
        return format(u);
      }
    }
    return format(DataUnit.BYTE);
  }

  /** Formats this size in the largest IEC unit that keeps the value at least one, such as "14.96 GiB". */
  public String toIecString() {
    DataUnit[] units = {DataUnit.PIB, DataUnit.TIB, DataUnit.GIB, DataUnit.MIB, DataUnit.KIB};
    for (DataUnit u : units) {
      if (bytes >= u.bytes()) {
        return format(u);
      }
    }
    return format(DataUnit.BYTE);
  }

  @Override
  public int compareTo(DataSize other) {
    return Long.compare(bytes, other.bytes);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof DataSize d && d.bytes == bytes;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(bytes);
  }

  /** Returns the size in SI units, such as {@code 16.06 GB}, or in bytes below one kilobyte. */
  @Override
  public String toString() {
    return toSiString();
  }
}
