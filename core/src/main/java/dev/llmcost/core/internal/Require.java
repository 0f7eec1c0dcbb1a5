package dev.llmcost.core.internal;

/**
 * Argument checks whose messages name the parameter and the offending value, as the house style
 * asks ("tp must divide heads (64), was 6").
 */
public final class Require {
  private Require() {}

  /** Returns {@code value} if it is at least zero. */
  public static long nonNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, was " + value);
    }
    return value;
  }

  /** Returns {@code value} if it is at least zero. */
  public static int nonNegative(String name, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, was " + value);
    }
    return value;
  }

  /** Returns {@code value} if it is at least one. */
  public static long positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, was " + value);
    }
    return value;
  }

  /** Returns {@code value} if it is at least one. */
  public static int positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, was " + value);
    }
    return value;
  }

  /** Returns {@code value} if it is finite (not NaN, not infinite). */
  public static double finite(String name, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be a finite number, was " + value);
    }
    return value;
  }

  /** Returns {@code value} if it is finite and at least zero. */
  public static double nonNegative(String name, double value) {
    finite(name, value);
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, was " + value);
    }
    return value;
  }

  /** Returns {@code value} if it is finite and greater than zero. */
  public static double positive(String name, double value) {
    finite(name, value);
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, was " + value);
    }
    return value;
  }

  /** Returns {@code value} if it lies in {@code [0, 1]}. */
  public static double fraction(String name, double value) {
    finite(name, value);
    if (value < 0 || value > 1) {
      throw new IllegalArgumentException(name + " must be in [0, 1], was " + value);
    }
    return value;
  }

  /** Returns {@code value} if it is not blank. */
  public static String nonBlank(String name, String value) {
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank, was \"" + value + "\"");
    }
    return value;
  }

  /** Throws if {@code divisor} does not divide {@code dividend}. */
  public static void divides(String divisorName, long divisor, String dividendName, long dividend) {
    if (divisor <= 0 || dividend % divisor != 0) {
      throw new IllegalArgumentException(
          divisorName + " must divide " + dividendName + " (" + dividend + "), was " + divisor);
    }
  }
}
