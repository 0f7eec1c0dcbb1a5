package dev.llmcost.costmodel.serving;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * A distribution of token lengths (prompt or output), sampled as integers of at least 1: fixed,
 * uniform, lognormal by its median and log-space standard deviation, or the empirical lengths of a
 * trace. Immutable.
 */
public final class LengthDistribution {

  private enum Kind { FIXED, UNIFORM, LOGNORMAL, EMPIRICAL }

  private final Kind kind;
  private final double a;
  private final double b;
  private final int[] values;

  private LengthDistribution(Kind kind, double a, double b, int[] values) {
    this.kind = kind;
    this.a = a;
    this.b = b;
    this.values = values;
  }

  /**
   * Returns a fixed length.
   *
   * @param tokens tokens, at least 1
   * @return the distribution
   * @throws IllegalArgumentException if {@code tokens < 1}
   */
  public static LengthDistribution fixed(int tokens) {
    if (tokens < 1) {
      throw new IllegalArgumentException("tokens must be >= 1, was " + tokens);
    }
    return new LengthDistribution(Kind.FIXED, tokens, tokens, new int[0]);
  }

  /**
   * Returns lengths uniform over the integers {@code [min, max]}.
   *
   * @param min smallest length, at least 1
   * @param max largest length, at least {@code min}
   * @return the distribution
   * @throws IllegalArgumentException if {@code min < 1} or {@code max < min}
   */
  public static LengthDistribution uniform(int min, int max) {
    if (min < 1 || max < min) {
      throw new IllegalArgumentException("uniform needs 1 <= min <= max, was " + min + ", " + max);
    }
    return new LengthDistribution(Kind.UNIFORM, min, max, new int[0]);
  }

  /**
   * Returns lognormal lengths: {@code round(median · exp(sigma · Z))} with {@code Z} standard normal,
   * at least 1.
   *
   * @param median median length, tokens, positive
   * @param sigma standard deviation of the log length, at least 0
   * @return the distribution
   * @throws IllegalArgumentException if {@code median} is not positive or {@code sigma} negative or
   *     not finite
   */
  public static LengthDistribution lognormal(double median, double sigma) {
    if (!(median > 0) || Double.isInfinite(median)) {
      throw new IllegalArgumentException("median must be > 0, was " + median);
    }
    if (!(sigma >= 0) || Double.isInfinite(sigma)) {
      throw new IllegalArgumentException("sigma must be >= 0, was " + sigma);
    }
    return new LengthDistribution(Kind.LOGNORMAL, median, sigma, new int[0]);
  }

  /**
   * Returns the empirical distribution of observed lengths (each drawn with equal probability).
   *
   * @param lengths observed lengths, each at least 1, not empty
   * @return the distribution
   * @throws IllegalArgumentException if empty or a length is below 1
   */
  public static LengthDistribution empirical(int[] lengths) {
    if (lengths.length == 0) {
      throw new IllegalArgumentException("lengths must not be empty");
    }
    for (int v : lengths) {
      if (v < 1) {
        throw new IllegalArgumentException("lengths must be >= 1, was " + v);
      }
    }
    return new LengthDistribution(Kind.EMPIRICAL, 0, 0, lengths.clone());
  }

  /**
   * Parses {@code fixed:N}, {@code uniform:MIN,MAX} or {@code lognormal:MEDIAN,SIGMA}; a bare number
   * is a fixed length.
   *
   * @param text the specification
   * @return the distribution
   * @throws IllegalArgumentException naming the text if it is malformed
   */
  public static LengthDistribution parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    try {
      int colon = t.indexOf(':');
      if (colon < 0) {
        return fixed(Integer.parseInt(t));
      }
      String kind = t.substring(0, colon);
      String[] args = t.substring(colon + 1).split(",", -1);
      switch (kind) {
        case "fixed":
          if (args.length == 1) {
            return fixed(Integer.parseInt(args[0].strip()));
          }
          break;
        case "uniform":
          if (args.length == 2) {
            return uniform(Integer.parseInt(args[0].strip()), Integer.parseInt(args[1].strip()));
          }
          break;
        case "lognormal":
          if (args.length == 2) {
            return lognormal(Double.parseDouble(args[0].strip()), Double.parseDouble(args[1].strip()));
          }
          break;
        default:
          break;
      }
    } catch (NumberFormatException e) {
      // reported below
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("length distribution '" + text + "': " + e.getMessage(), e);
    }
    throw new IllegalArgumentException("length distribution must be fixed:N, uniform:MIN,MAX or"
        + " lognormal:MEDIAN,SIGMA, was '" + text + "'");
  }

  /**
   * Draws a length.
   *
   * @param random the random source
   * @return tokens, at least 1
   */
  public int sample(SplittableRandom random) {
    switch (kind) {
      case FIXED:
        return (int) a;
      case UNIFORM:
        return (int) a + random.nextInt((int) (b - a) + 1);
      case LOGNORMAL:
        double v = a * Math.exp(b * gaussian(random));
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE / 4, Math.round(v)));
      default:
        return values[random.nextInt(values.length)];
    }
  }

  /** Returns a standard normal draw (Marsaglia's polar method). */
  static double gaussian(SplittableRandom random) {
    double u;
    double v;
    double s;
    do {
      u = 2 * random.nextDouble() - 1;
      v = 2 * random.nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    return u * Math.sqrt(-2 * Math.log(s) / s);
  }

  /**
   * Returns the mean length: exact for fixed, uniform and empirical; {@code median · exp(σ²/2)}
   * for lognormal (before rounding).
   */
  public double mean() {
    switch (kind) {
      case FIXED:
        return a;
      case UNIFORM:
        return (a + b) / 2;
      case LOGNORMAL:
        return a * Math.exp(b * b / 2);
      default:
        return Arrays.stream(values).average().orElse(1);
    }
  }

  /** Returns the median length (for lognormal its parameter; for empirical the sample median). */
  public double median() {
    switch (kind) {
      case FIXED:
        return a;
      case UNIFORM:
        return (a + b) / 2;
      case LOGNORMAL:
        return a;
      default:
        int[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof LengthDistribution d && d.kind == kind && d.a == a && d.b == b
        && Arrays.equals(d.values, values);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * kind.hashCode() + Double.hashCode(a)) + Double.hashCode(b) + Arrays.hashCode(values);
  }

  /** Returns the specification {@link #parse} reads back, or {@code empirical(n lengths)}. */
  @Override
  public String toString() {
    switch (kind) {
      case FIXED:
        return "fixed:" + (int) a;
      case UNIFORM:
        return "uniform:" + (int) a + "," + (int) b;
      case LOGNORMAL:
        return "lognormal:" + num(a) + "," + num(b);
      default:
        return "empirical(" + values.length + " lengths)";
    }
  }

  private static String num(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
  }
}
