package dev.llmcost.costmodel.inference;

/** What limits an operator on the roofline (Williams et al. 2009, "Roofline", CACM 52(4)). */
public enum Bound {
  /** Arithmetic: FLOPs over the achieved FLOP rate exceed bytes over the achieved bandwidth. */
  COMPUTE,
  /** Memory traffic: bytes over the achieved bandwidth exceed FLOPs over the achieved rate. */
  MEMORY,
  /** Communication between GPUs. */
  COMMUNICATION,
  /** Serving overhead outside the kernels. */
  OVERHEAD
}
