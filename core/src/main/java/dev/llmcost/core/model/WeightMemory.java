package dev.llmcost.core.model;

import dev.llmcost.core.DataSize;
import dev.llmcost.core.ParameterCount;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The memory a model's weights take in a {@link QuantizationScheme}: the quantized linear layers
 * with their group scales, and the parameters kept in the other type.
 */
public final class WeightMemory {
  private final QuantizationScheme scheme;
  private final ParameterCount quantizedParameters;
  private final ParameterCount otherParameters;
  private final DataSize quantized;
  private final DataSize groupOverhead;
  private final DataSize other;

  WeightMemory(
      QuantizationScheme scheme,
      ParameterCount quantizedParameters,
      ParameterCount otherParameters,
      DataSize quantized,
      DataSize groupOverhead,
      DataSize other) {
    this.scheme = scheme;
    this.quantizedParameters = quantizedParameters;
    this.otherParameters = otherParameters;
    this.quantized = quantized;
    this.groupOverhead = groupOverhead;
    this.other = other;
  }


  /**
   * Returns the weight memory of {@code counts} stored in {@code scheme}. A uniform scheme stores
   * every parameter in its type: exactly parameters × bytes.
   *
   * @param counts the parameter counts
   * @param scheme the storage scheme
   * @return the memory
   * @throws ArithmeticException on overflow
   */
  public static WeightMemory of(ParameterCounts counts, QuantizationScheme scheme) {
    ParameterCount total = counts.total();
    if (scheme.weightType() == scheme.otherType() && scheme.groupSize() == 0) {
      DataSize all = total.memory(scheme.weightType());
      return new WeightMemory(
          scheme,
          total,
          ParameterCount.ZERO,
          all,
          DataSize.ZERO,
          DataSize.ZERO);
    }
    ParameterCount q = counts.quantizable();
    ParameterCount rest = total.minus(q);
    DataSize elements = q.memory(scheme.weightType());
    DataSize overhead = DataSize.ZERO;
    if (scheme.groupSize() > 0) {
      long groups = (q.value() + scheme.groupSize() - 1) / scheme.groupSize();
      long bits = Math.multiplyExact(groups, (long) (scheme.scaleBits() + scheme.zeroPointBits()));
      overhead = DataSize.ofBytes(bits / 8 + (bits % 8 == 0 ? 0 : 1));
    }
    return new WeightMemory(
        scheme, q, rest, elements.plus(overhead), overhead, rest.memory(scheme.otherType()));
  }

  /** Returns the memory of all weights. */
  public DataSize total() {
    return quantized.plus(other);
  }

  /** Returns the storage scheme. */
  public QuantizationScheme scheme() {
    return scheme;
  }

  /** Returns the parameters stored in the scheme's weight type. */
  public ParameterCount quantizedParameters() {
    return quantizedParameters;
  }

  /** Returns the parameters stored in the scheme's other type. */
  public ParameterCount otherParameters() {
    return otherParameters;
  }

  /** Returns the memory of the quantized weights, scales and zero points included. */
  public DataSize quantized() {
    return quantized;
  }

  /** Returns the part of {@code quantized} taken by scales and zero points. */
  public DataSize groupOverhead() {
    return groupOverhead;
  }

  /** Returns the memory of the other parameters. */
  public DataSize other() {
    return other;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof WeightMemory o
          && Objects.equals(scheme, o.scheme)
          && Objects.equals(quantizedParameters, o.quantizedParameters)
          && Objects.equals(otherParameters, o.otherParameters)
          && Objects.equals(quantized, o.quantized)
          && Objects.equals(groupOverhead, o.groupOverhead)
          && Objects.equals(other, o.other);
  }

  @Override
  public int hashCode() {
    int h = Objects.hashCode(scheme);
    h = 31 * h + Objects.hashCode(quantizedParameters);
    h = 31 * h + Objects.hashCode(otherParameters);
    h = 31 * h + Objects.hashCode(quantized);
    h = 31 * h + Objects.hashCode(groupOverhead);
    h = 31 * h + Objects.hashCode(other);
    return h;
  }

  @Override
  public String toString() {
    return "WeightMemory[scheme=" + scheme + ", quantizedParameters=" + quantizedParameters
        + ", otherParameters=" + otherParameters + ", quantized=" + quantized
        + ", groupOverhead=" + groupOverhead + ", other=" + other + "]";
  }
}
