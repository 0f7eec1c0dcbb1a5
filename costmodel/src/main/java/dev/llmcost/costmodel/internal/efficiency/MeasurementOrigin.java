package dev.llmcost.costmodel.internal.efficiency;

/**
 * Where a microbenchmark-derived value of an accelerator comes from, for the provenance an efficiency profile
 * prints: the accelerator's own rows (by id), its silicon family's (from the architecture it declares, {@code
 * Microbenchmarks.family}), or the mean over the measured accelerators.
 */
public enum MeasurementOrigin {
  /** Rows of the accelerator itself. */
  OWN,
  /** Rows of other members of its silicon family. */
  FAMILY,
  /** The mean over every measured accelerator: neither it nor its family was measured. */
  MEAN
}
