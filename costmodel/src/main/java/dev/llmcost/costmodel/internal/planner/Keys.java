package dev.llmcost.costmodel.internal.planner;

/**
 * Packs one configuration into a {@code long} whose natural order is the planner's tie-break
 * order: partition (GPUs, tp, pp, cp, ep), then virtual stages, micro-batch, ZeRO stage,
 * recomputation, sequence parallelism (off first), each as an index into its partition's options.
 */
final class Keys {
  private Keys() {}

  private static final int SP_SHIFT = 0;
  private static final int RECOMPUTE_SHIFT = 1;
  private static final int ZERO_SHIFT = 3;
  private static final int MICRO_SHIFT = 5;
  private static final int VIRTUAL_SHIFT = 16;
  private static final int PARTITION_SHIFT = 27;
  /** The largest micro-batch or virtual-stage index a key holds. */
  static final int MAX_INDEX = (1 << 11) - 1;

  static long of(int partition, int virtualIndex, int microIndex, int zero, int recompute, boolean sp) {
    return ((long) partition << PARTITION_SHIFT)
        | ((long) virtualIndex << VIRTUAL_SHIFT)
        | ((long) microIndex << MICRO_SHIFT)
        | ((long) zero << ZERO_SHIFT)
        | ((long) recompute << RECOMPUTE_SHIFT)
        | (sp ? 1L << SP_SHIFT : 0);
  }

  static int partition(long key) {
    return (int) (key >>> PARTITION_SHIFT);
  }

  static int virtualIndex(long key) {
    return (int) (key >>> VIRTUAL_SHIFT) & MAX_INDEX;
  }

  static int microIndex(long key) {
    return (int) (key >>> MICRO_SHIFT) & MAX_INDEX;
  }

  static int zero(long key) {
    return (int) (key >>> ZERO_SHIFT) & 3;
  }

  static int recompute(long key) {
    return (int) (key >>> RECOMPUTE_SHIFT) & 3;
  }

  static boolean sequenceParallel(long key) {
    return (key & 1) != 0;
  }
}
