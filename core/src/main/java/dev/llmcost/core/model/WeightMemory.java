package dev.llmcost.core.model;

import dev.llmcost.core.DataSize;
import dev.llmcost.core.ParameterCount;

/**
 * The memory a model's weights take in a {@link QuantizationScheme}: the quantized linear layers
 * with their group scales, and the parameters kept in the other type.
 *
 * @param scheme the storage scheme
 * @param quantizedParameters parameters stored in the scheme's weight type
 * @param otherParameters parameters stored in the scheme's other type
 * @param quantized memory of the quantized weights, scales and zero points included
 * @param groupOverhead the part of {@code quantized} taken by scales and zero points
 * @param other memory of the other parameters
 */
public record WeightMemory(
    QuantizationScheme scheme,
    ParameterCount quantizedParameters,
    ParameterCount otherParameters,
    DataSize quantized,
    DataSize groupOverhead,
    DataSize other) {

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
      return new WeightMemory(scheme, total, ParameterCount.ZERO, all, DataSize.ZERO, DataSize.ZERO);
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
}
