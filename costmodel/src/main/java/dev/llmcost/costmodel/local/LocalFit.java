package dev.llmcost.costmodel.local;

import dev.llmcost.core.gguf.GgufLayout;
import dev.llmcost.core.gguf.QuantMix;
import dev.llmcost.core.local.LocalDeviceKind;
import dev.llmcost.core.model.ModelArchitecture;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The quantizations and offloads that fit a device: each candidate mix from Q8_0 down to IQ2_M
 * with every layer on the GPU, and, where that does not fit, the largest {@code -ngl} that does.
 * The best is the highest-quality mix that fits entirely; when none does, the fastest partial
 * offload among the mixes of 4 bits or more.
 */
public final class LocalFit {
  /** The mixes tried, best quality first. */
  public static final List<QuantMix> CANDIDATES = List.of(
      QuantMix.Q8_0, QuantMix.Q6_K, QuantMix.Q5_K_M, QuantMix.Q5_K_S, QuantMix.Q4_K_M, QuantMix.Q4_K_S,
      QuantMix.IQ4_XS, QuantMix.Q3_K_M, QuantMix.Q3_K_S, QuantMix.IQ3_M, QuantMix.Q2_K, QuantMix.IQ2_M);

  private final List<LocalEstimate> candidates;
  private final Optional<LocalEstimate> best;

  private LocalFit(List<LocalEstimate> candidates, Optional<LocalEstimate> best) {
    this.candidates = List.copyOf(candidates);
    this.best = best;
  }

  /**
   * Searches the candidate mixes for a model on a device.
   *
   * @param a the architecture
   * @param source the unquantized layout ({@link GgufLayout#of(ModelArchitecture, String)} or a file's)
   * @param imatrix whether the quantizations use an importance matrix
   * @param settings applies the run's other settings (device, host, context, KV cache ...) to a builder
   * @param start makes a builder for a layout
   * @return the search result
   */
  public static LocalFit search(ModelArchitecture a, GgufLayout source, boolean imatrix,
      java.util.function.Function<GgufLayout, LocalRun.Builder> start, UnaryOperator<LocalRun.Builder> settings) {
    List<LocalEstimate> out = new ArrayList<>();
    LocalEstimate best = null;
    LocalEstimate bestPartial = null;
    for (QuantMix m : CANDIDATES) {
      GgufLayout l = source.quantize(m, imatrix);
      LocalEstimate full = LocalEstimator.estimate(settings.apply(start.apply(l)).quantization(m.name()).build());
      if (fits(full)) {
        out.add(full);
        if (best == null) {
          best = full;
        }
        continue;
      }
      LocalEstimate partial = null;
      if (full.run().device().kind() != LocalDeviceKind.CPU) {
        int lo = 0;
        int hi = a.layers() + 1;
        while (lo < hi) {
          int mid = (lo + hi + 1) / 2;
          LocalEstimate e = LocalEstimator.estimate(
              settings.apply(start.apply(l)).quantization(m.name()).gpuLayers(mid).build());
          if (fits(e)) {
            lo = mid;
          } else {
            hi = mid - 1;
          }
        }
        partial = LocalEstimator.estimate(settings.apply(start.apply(l)).quantization(m.name()).gpuLayers(lo).build());
      }
      LocalEstimate shown = partial != null && fits(partial) ? partial : full;
      out.add(shown);
      if (shown == partial && fits(partial) && m.defaultType().bitsPerWeight() >= 4.25
          && (bestPartial == null || partial.generatedTokensPerSecond() > bestPartial.generatedTokensPerSecond())) {
        bestPartial = partial;
      }
    }
    return new LocalFit(out, Optional.ofNullable(best != null ? best : bestPartial));
  }

  /**
   * Searches only the offload of one quantization (a GGUF file as it is): every layer on the GPU
   * if that fits, else the largest {@code -ngl} that does.
   *
   * @param a the architecture
   * @param run makes the run for an {@code -ngl}
   * @return one candidate, the best when it fits
   */
  public static LocalFit offload(ModelArchitecture a, java.util.function.IntFunction<LocalRun> run) {
    LocalEstimate full = LocalEstimator.estimate(run.apply(a.layers() + 1));
    if (fits(full) || full.run().device().kind() == LocalDeviceKind.CPU) {
      return new LocalFit(List.of(full), fits(full) ? Optional.of(full) : Optional.empty());
    }
    int lo = 0;
    int hi = a.layers() + 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) / 2;
      if (fits(LocalEstimator.estimate(run.apply(mid)))) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    LocalEstimate e = LocalEstimator.estimate(run.apply(lo));
    return new LocalFit(List.of(e), fits(e) ? Optional.of(e) : Optional.empty());
  }

  /**
   * Returns whether an estimate fits: GPU memory within the usable part, host memory within the
   * host's RAM.
   *
   * @param e the estimate
   * @return whether it fits
   */
  public static boolean fits(LocalEstimate e) {
    boolean cpuFits = e.cpuMemory().compareTo(e.run().host().memory()) <= 0;
    if (e.run().device().kind() == LocalDeviceKind.CPU) {
      return cpuFits;
    }
    return e.fitsGpu() && cpuFits;
  }

  /** Returns one estimate per candidate mix, best quality first. */
  public List<LocalEstimate> candidates() {
    return candidates;
  }

  /** Returns the recommended setup, or empty if nothing fits. */
  public Optional<LocalEstimate> best() {
    return best;
  }
}
