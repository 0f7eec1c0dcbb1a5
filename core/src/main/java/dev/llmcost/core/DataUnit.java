package dev.llmcost.core;

/**
 * Units of memory and storage. SI units (kB, MB, GB, TB, PB) are powers of 1000; IEC units (KiB,
 * MiB, GiB, TiB, PiB) are powers of 1024. Datasheets quote GPU memory and bandwidth in SI units
 * ("80 GB", "3.35 TB/s"); operating systems and PyTorch often print IEC units.
 */
public enum DataUnit {
  /** One byte. */
  BYTE("B", 1L),
  /** 10^3 bytes. */
  KB("kB", 1_000L),
  /** 10^6 bytes. */
  MB("MB", 1_000_000L),
  /** 10^9 bytes. */
  GB("GB", 1_000_000_000L),
  /** 10^12 bytes. */
  TB("TB", 1_000_000_000_000L),
  /** 10^15 bytes. */
  PB("PB", 1_000_000_000_000_000L),
  /** 2^10 bytes. */
  KIB("KiB", 1L << 10),
  /** 2^20 bytes. */
  MIB("MiB", 1L << 20),
  /** 2^30 bytes. */
  GIB("GiB", 1L << 30),
  /** 2^40 bytes. */
  TIB("TiB", 1L << 40),
  /** 2^50 bytes. */
  PIB("PiB", 1L << 50);

  private final String symbol;
  private final long bytes;

  DataUnit(String symbol, long bytes) {
    this.symbol = symbol;
    this.bytes = bytes;
  }

  /** Returns the unit's symbol, such as {@code GB} or {@code GiB}. */
  public String symbol() {
    return symbol;
  }

  /** Returns the number of bytes in one of this unit. */
  public long bytes() {
    return bytes;
  }
}
