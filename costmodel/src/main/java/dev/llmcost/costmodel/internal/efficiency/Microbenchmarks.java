package dev.llmcost.costmodel.internal.efficiency;

import dev.llmcost.core.DType;
import dev.llmcost.core.FlopRate;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.hardware.Architecture;
import dev.llmcost.core.hardware.ComputeCapability;
import dev.llmcost.core.model.QuantizationScheme;
import dev.llmcost.costmodel.internal.training.CsvTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The component efficiencies of the cost models, derived from published microbenchmarks rather than
 * fitted to end-to-end runs: {@code gemm.csv} (achieved GEMM TFLOP/s by shape), {@code
 * attention.csv} (fused attention kernels by sequence length and head dimension) and {@code
 * collectives.csv} with {@code collective-systems.csv} (NCCL bus bandwidth against message size
 * and ranks), all next to {@code EfficiencyProfiles} with a source per row.
 *
 * <p>Derivations (each a closed procedure re-run at load, so no number here can drift from its
 * data):
 *
 * <ul>
 *   <li><b>Memory bandwidth fraction</b> of an accelerator: the best GEMV (m = 1) row, whose time
 *       is the weight matrix read once ({@code 2nk} bytes in 16 bits, {@code nk} in fp8) over the
 *       datasheet bandwidth; for an accelerator without such rows, the best read-kernel row of
 *       {@code memory-bandwidth.csv} (a STREAM-like load stream over buffers far larger than the
 *       last-level cache) over the same datasheet bandwidth.
 *   <li><b>GEMM curve</b>: time = max(FLOPs / (peak × f × d/(d + d½)), bytes / achieved HBM
 *       bandwidth) with {@code d = min(m, n, k)} — a compute roof that saturates with the
 *       smallest dimension, and the memory roof. {@code f} per accelerator and math type is its
 *       best-shape ("maximum achievable matmul FLOPS") row, the upper envelope over shapes (a row
 *       may leave {@code m, n, k} empty where its source gives only the best of several shapes
 *       without naming it: such a row sets {@code f} and nothing else);
 *       {@code d½} is one number for all accelerators, chosen (grid search, squared log error) over
 *       every row with m ≥ 16 that is not a best-shape result. GEMV rows of less than 100 MB are
 *       launch-bound and set no bandwidth.
 *   <li><b>Attention</b>: causal fwd+bwd TFLOP/s of a kernel in the FlashAttention convention
 *       ({@code 3.5 × 2·s²·d·heads} per sequence) as {@code peak × f × s/(s + s½)}, fitted per
 *       accelerator, kernel and head dimension (grid search over {@code s½}, {@code f} in closed
 *       form).
 *   <li><b>Collectives</b>: the achieved fraction of a link is the largest large-message (≥ 256
 *       MiB or unstated) ring bus bandwidth over the link's nominal per-GPU bandwidth; NVLink
 *       SHARP and DeepEP rows are excluded (not ring rates). Ring-step latencies come from the
 *       small-message end of the all-reduce sweeps: {@code t = 2(n−1)·α + 2(n−1)/n·S/B}. Systems whose
 *       link is {@code pcie} (NVLink-less servers, GPUs talking over PCIe) give a fraction and a step
 *       latency of their own, used by accelerators whose catalog scale-up link is PCIe.
 * </ul>
 */
public final class Microbenchmarks {

  /**
   * The measured devices that have rows in the microbenchmark tables but no accelerator catalog entry (nor alias:
   * {@code a100-pcie} is the A100 PCIe's), with the architecture and compute capability that place them in a
   * silicon family ({@link #family(String)}): GH200's Hopper GPU (9.0), NVIDIA's CUDA GPUs page. (The B300, Blackwell
   * Ultra at 10.3, was here until s12f catalogued it; its rows now load under its own entry, in the same family.)
   * The other uncatalogued rows (H20, H200 NVL, RTX 5090, RTX PRO 6000) stand only for
   * themselves, as they did before the catalog declared architectures: putting them in a family would move that
   * family's fitted curves. (The MI355X, CDNA 4, was here until s13o catalogued it with the MI350X: its GEMM row
   * now loads under its own entry, family {@code cdna4}.)
   */
  private static final Map<String, MeasuredDevice> MEASURED_OUTSIDE_CATALOG = Map.of(
      "gh200", new MeasuredDevice(Architecture.HOPPER, new ComputeCapability(9, 0)));

  /** A measured device's architecture and compute capability (NVIDIA; null elsewhere). */
  private record MeasuredDevice(Architecture architecture, @Nullable ComputeCapability computeCapability) {}

  /**
   * The most tokens per reached expert at which a fused MoE layer's row of grouped-gemm.csv counts as few-token
   * weight streaming ({@link #fusedMoeBandwidthFraction}; issue 13's range of 1-64 tokens per expert).
   */
  public static final double FUSED_MOE_FEW_TOKENS = 64;

  /** Bytes per NVFP4 value: a 4-bit E2M1 value plus one 8-bit E4M3 scale per 16 values (NVIDIA's NVFP4 format). */
  private static final double NVFP4_BYTES = QuantizationScheme.nvfp4().effectiveBitsPerWeight() / 8;

  /** A GEMM measurement; {@code lowerBound} when its timing includes host dispatch (not a kernel time). */
  private record GemmRow(String acc, DType dtype, double m, double n, double k, double tflops, boolean lowerBound) {
    double minDim() {
      return Math.min(m, Math.min(n, k));
    }

    double flops() {
      return 2 * m * n * k;
    }

    double bytes() {
      double in = dtype.bits() <= 8 ? 1 : 2;
      return in * (m * k + k * n) + 2 * m * n;
    }
  }

  private record AttentionRow(String acc, String kernel, int headDim, double seq, double tflops) {}

  private record LinkRow(String acc, String link, double fraction) {}

  private final List<GemmRow> gemm = new ArrayList<>();
  private final List<AttentionRow> attention = new ArrayList<>();
  /** Causal 16-bit forward-only rows (inference prefill runs the forward pass alone). */
  private final List<AttentionRow> forwardAttention = new ArrayList<>();
  private final List<LinkRow> links = new ArrayList<>();
  private final Map<String, Double> memoryFraction = new HashMap<>();
  /** Silicon family to the tensor-core fraction of its 16-bit peak a dense decode kernel reaches with full MMA rows. */
  private final Map<String, Double> decodeTensorFraction = new HashMap<>();
  /** Silicon family to the fraction of its FP4 peak a compute-bound fused NVFP4 MoE layer reaches (grouped-gemm.csv). */
  private final Map<String, Double> fusedMoeFp4Fraction = new HashMap<>();
  /**
   * Silicon family to the upper envelope of its compute-bound FP8 grouped-GEMM rows of grouped-gemm.csv, as
   * {tokens per group, fastest fraction of the FP8 dense peak at that count}, ascending in tokens per group
   * (infer10c), prepared for reading.
   */
  private final Map<String, ExpertTokenCurve> groupedGemmFp8Curves = new HashMap<>();
  /**
   * Silicon family to the measured series of its memory-bound fused MoE layers of grouped-gemm.csv at few tokens
   * per expert, each as {tokens per reached expert, fraction of the datasheet HBM bandwidth} ascending in the
   * count (one series per source, kernel, dtype and shape; infer10f), prepared for reading.
   */
  private final Map<String, ExpertTokenCurve> fusedMoeBandwidthCurves = new HashMap<>();
  /**
   * Silicon family to the measured series of its memory-bound NVFP4 fused MoE layers of grouped-gemm.csv at few
   * tokens per expert, as {@link #fusedMoeBandwidthCurves} (s14g: FlashInfer's DeepSeek-V3 EP8 layers on B300).
   */
  private final Map<String, ExpertTokenCurve> fusedMoeNvfp4BandwidthCurves = new HashMap<>();
  /** Read-kernel fractions of memory-bandwidth.csv, for accelerators without GEMV rows. */
  private final Map<String, Double> streamFraction = new HashMap<>();
  private final double gemmHalfSaturationDim;
  private final double scaleUpLatency;
  private final double scaleOutLatency;
  private final double pcieLatency;
  private final double a2aScaleUpFraction;
  private final double a2aScaleOutFraction;
  private final double a2aScaleOutLatency;

  private static final class Holder {
    static final Microbenchmarks BUNDLED = new Microbenchmarks();
  }

  /** Returns the bundled data and its derivations. */
  public static Microbenchmarks bundled() {
    return Holder.BUNDLED;
  }

  private Microbenchmarks() {
    AcceleratorCatalog catalog = AcceleratorCatalog.bundled();
    CsvTable g = CsvTable.read(Microbenchmarks.class, "/dev/llmcost/costmodel/efficiency/gemm.csv");
    for (int i = 0; i < g.size(); i++) {
      String acc = g.get(i, "accelerator");
      if (catalog.find(acc).isEmpty()) {
        continue; // measured on hardware the catalog does not list (GH200, Gaudi)
      }
      String note = g.get(i, "note");
      gemm.add(new GemmRow(acc, DType.parse(g.get(i, "dtype")), dimension(g, i, "m"), dimension(g, i, "n"),
          dimension(g, i, "k"), g.number(i, "tflops"), note.contains("lower bound") || note.contains("Python dispatch")));
    }
    for (GemmRow r : gemm) {
      if (r.m == 1 && r.dtype.bits() == 16 && r.bytes() >= 100e6) { // smaller GEMVs are launch-bound
        AcceleratorSpec a = catalog.get(r.acc);
        double seconds = r.flops() / (r.tflops * 1e12);
        double fraction = Math.min(1, r.bytes() / seconds / a.memoryBandwidth().bytesPerSecond());
        memoryFraction.merge(r.acc, fraction, Math::max);
      }
    }
    CsvTable mem = CsvTable.read(Microbenchmarks.class, "/dev/llmcost/costmodel/efficiency/memory-bandwidth.csv");
    for (int i = 0; i < mem.size(); i++) {
      String acc = mem.get(i, "accelerator");
      if (catalog.find(acc).isEmpty() || !mem.get(i, "kernel").equals("read")) {
        continue;
      }
      double fraction = Math.min(1, mem.number(i, "gbps") * 1e9 / catalog.get(acc).memoryBandwidth().bytesPerSecond());
      streamFraction.merge(acc, fraction, Math::max);
    }
    gemmHalfSaturationDim = fitGemmHalfSaturation(catalog);

    CsvTable at = CsvTable.read(Microbenchmarks.class, "/dev/llmcost/costmodel/efficiency/attention.csv");
    Map<String, double[]> separate = new HashMap<>(); // forward and backward rates measured apart
    for (int i = 0; i < at.size(); i++) {
      if (!at.get(i, "causal").equals("true") || !at.get(i, "dtype").matches("fp16|bf16")) {
        continue;
      }
      String direction = at.get(i, "direction");
      if (direction.equals("fwd_bwd")) {
        attention.add(new AttentionRow(at.get(i, "accelerator"), at.get(i, "kernel"),
            at.integer(i, "head_dim", 0), at.number(i, "seq"), at.number(i, "tflops")));
      } else if (direction.equals("fwd") || direction.equals("bwd")) {
        if (direction.equals("fwd")) {
          forwardAttention.add(new AttentionRow(at.get(i, "accelerator"), at.get(i, "kernel"),
              at.integer(i, "head_dim", 0), at.number(i, "seq"), at.number(i, "tflops")));
        }
        String key = at.get(i, "accelerator") + "|" + at.get(i, "kernel") + "|" + at.get(i, "head_dim") + "|"
            + at.get(i, "seq");
        separate.computeIfAbsent(key, k -> new double[2])[direction.equals("fwd") ? 0 : 1] = at.number(i, "tflops");
      }
    }
    for (Map.Entry<String, double[]> e : separate.entrySet()) {
      String[] k = e.getKey().split("\\|");
      double fwd = e.getValue()[0];
      double bwd = e.getValue()[1];
      boolean measuredTogether = attention.stream().anyMatch(r -> r.acc.equals(k[0]) && r.kernel.equals(k[1])
          && r.headDim == Integer.parseInt(k[2]) && r.seq == Double.parseDouble(k[3]));
      if (fwd > 0 && bwd > 0 && !measuredTogether) {
        // FlashAttention's convention: backward does 2.5× the forward FLOPs, so fwd+bwd = 3.5 / (1/f + 2.5/b)
        attention.add(new AttentionRow(k[0], k[1], Integer.parseInt(k[2]), Double.parseDouble(k[3]),
            3.5 / (1 / fwd + 2.5 / bwd)));
      }
    }

    CsvTable dec = CsvTable.read(Microbenchmarks.class, "/dev/llmcost/costmodel/efficiency/decode-attention.csv");
    for (int i = 0; i < dec.size(); i++) {
      String acc = dec.get(i, "accelerator");
      // the computation-bound rows of dense decode kernels whose query rows fill the MMA (FlashMLA's
      // 128 heads on one latent); sparse kernels and conversion-bound FP8 rows are not that ceiling
      if (catalog.find(acc).isEmpty() || !dec.get(i, "bound").equals("compute")
          || dec.get(i, "kernel").endsWith("-sparse")) {
        continue;
      }
      AcceleratorSpec a = catalog.get(acc);
      FlopRate peak = a.densePeaks().get(DType.parse(dec.get(i, "q_dtype")));
      if (peak != null) {
        decodeTensorFraction.merge(family(acc), Math.min(1, dec.number(i, "achieved_tflops") * 1e12
            / peak.flopsPerSecond()), Math::max);
      }
    }

    CsvTable moe = CsvTable.read(Microbenchmarks.class, "/dev/llmcost/costmodel/efficiency/grouped-gemm.csv");
    for (int i = 0; i < moe.size(); i++) {
      String acc = moe.get(i, "accelerator");
      // whole fused NVFP4 MoE layers (routing, quantization, both grouped GEMMs, finalize) whose datasheet
      // roofline is compute-bound: the fastest sets the family's ceiling
      if (catalog.find(acc).isEmpty() || !moe.get(i, "scope").equals("moe_layer")
          || !moe.get(i, "dtype").equals("nvfp4") || !moe.get(i, "bound").equals("compute")) {
        continue;
      }
      FlopRate peak = catalog.get(acc).densePeaks().get(DType.FP4);
      if (peak != null) {
        fusedMoeFp4Fraction.merge(family(acc), Math.min(1, moe.number(i, "tflops") * 1e12 / peak.flopsPerSecond()),
            Math::max);
      }
    }

    loadGroupedGemmFp8(moe, catalog);
    loadFusedMoeBandwidth(moe, catalog);

    CsvTable sys = CsvTable.read(Microbenchmarks.class, "/dev/llmcost/costmodel/efficiency/collective-systems.csv");
    Map<String, Integer> system = new HashMap<>();
    for (int i = 0; i < sys.size(); i++) {
      system.put(sys.get(i, "system") + "|" + sys.get(i, "fabric"), i);
    }
    CsvTable c = CsvTable.read(Microbenchmarks.class, "/dev/llmcost/costmodel/efficiency/collectives.csv");
    double upLatency = Double.NaN;
    double outLatency = Double.NaN;
    List<Double> upAlphas = new ArrayList<>();
    List<Double> outAlphas = new ArrayList<>();
    List<Double> pcieAlphas = new ArrayList<>();
    Map<String, Double> bestBusbw = new HashMap<>();
    java.util.Set<String> measuredLarge = new java.util.HashSet<>();
    for (int i = 0; i < c.size(); i++) {
      Integer s = system.get(c.get(i, "system") + "|" + c.get(i, "fabric"));
      String algorithm = c.get(i, "algorithm");
      String op = c.get(i, "op");
      if (s == null || algorithm.equals("nvls") || algorithm.equals("deepep") || op.equals("all_to_all")
          || op.equals("sendrecv")) {
        continue;
      }
      String size = c.get(i, "message_bytes");
      double busbw = c.number(i, "busbw_gbps");
      String key = c.get(i, "system") + "|" + c.get(i, "fabric");
      // within one PCIe server NCCL has no NVLink SHARP: its rings and chain-trees are point-to-point
      // transfers, so busbw is a wire rate whichever it picks (nccl-tests doc/PERFORMANCE.md)
      boolean ring = algorithm.equals("ring") || !op.equals("all_reduce") || sys.get(s, "link").equals("scale_out")
          || sys.get(s, "link").equals("pcie");
      if (ring && (size.isEmpty() || Double.parseDouble(size) >= 256.0 * (1 << 20))) {
        measuredLarge.add(key);
        double fraction = busbw / (sys.number(s, "nominal_gbps_per_gpu") * sys.number(s, "busbw_covers_links"));
        links.add(new LinkRow(sys.get(s, "accelerator"), sys.get(s, "link"), Math.min(1, fraction)));
      }
      bestBusbw.merge(key, busbw, Math::max);
    }
    for (int i = 0; i < c.size(); i++) {
      String key = c.get(i, "system") + "|" + c.get(i, "fabric");
      Integer s = system.get(key);
      if (s == null || !c.get(i, "op").equals("all_reduce") || !c.get(i, "algorithm").equals("auto")
          || c.get(i, "message_bytes").isEmpty()) {
        continue;
      }
      double bytes = Double.parseDouble(c.get(i, "message_bytes"));
      if (bytes > (1 << 20) || bytes < (1 << 17)) {
        continue; // the latency-bound end, above the launch noise of the smallest sizes
      }
      int n = c.integer(i, "ranks", 0);
      double factor = 2.0 * (n - 1) / n;
      double seconds = bytes * factor / (c.number(i, "busbw_gbps") * 1e9);
      double alpha = (seconds - bytes * factor / (bestBusbw.get(key) * 1e9)) / (2.0 * (n - 1));
      String link = sys.get(s, "link");
      if (link.equals("pcie")) {
        // a PCIe system's link rate is its large-message busbw: without one the step latency is not separable
        if (measuredLarge.contains(key)) {
          pcieAlphas.add(alpha);
        }
      } else {
        (link.equals("scale_up") ? upAlphas : outAlphas).add(alpha);
      }
    }
    upLatency = median(upAlphas);
    outLatency = median(outAlphas);
    scaleUpLatency = upLatency;
    scaleOutLatency = outLatency;
    pcieLatency = median(pcieAlphas);

    // expert-parallel all-to-all (DeepEP dispatch/combine rows)
    List<Double> upA2a = new ArrayList<>();
    Map<Integer, double[]> lowLatency = new HashMap<>(); // ranks -> {dispatch s, dispatch off-node B, combine s, combine B}
    for (int i = 0; i < c.size(); i++) {
      Integer s = system.get(c.get(i, "system") + "|" + c.get(i, "fabric"));
      if (s == null || !c.get(i, "algorithm").equals("deepep") || !c.get(i, "op").equals("all_to_all")) {
        continue;
      }
      String note = c.get(i, "note");
      int nodes = c.integer(i, "nodes", 0);
      if (sys.get(s, "link").equals("scale_up") && nodes == 1) {
        upA2a.add(c.number(i, "busbw_gbps") / sys.number(s, "nominal_gbps_per_gpu"));
        continue;
      }
      java.util.regex.Matcher lat = java.util.regex.Pattern.compile("latency (\\d+) us").matcher(note);
      if (!sys.get(s, "link").equals("scale_out") || nodes < 2 || !note.contains("low-latency") || !lat.find()) {
        continue;
      }
      int ranks = c.integer(i, "ranks", 0);
      double offNode = (double) (ranks - c.integer(i, "gpus_per_node", 0)) / ranks;
      // every token goes to top-k experts: the payload of message_bytes fans out k-fold (k = 8 in these rows)
      double bytes = c.number(i, "message_bytes") * TOP_K_OF_DEEPEP_ROWS * offNode;
      double[] pair = lowLatency.computeIfAbsent(ranks, k -> new double[4]);
      int slot = note.contains("dispatch") ? 0 : 2;
      pair[slot] = Double.parseDouble(lat.group(1)) * 1e-6;
      pair[slot + 1] = bytes;
    }
    a2aScaleUpFraction = median(upA2a);
    List<Double> outB = new ArrayList<>();
    List<Double> outAlpha = new ArrayList<>();
    for (double[] p : lowLatency.values()) {
      if (p[0] > 0 && p[2] > p[0] && p[3] > p[1]) {
        double b = (p[3] - p[1]) / (p[2] - p[0]); // combine moves twice the dispatch's bytes (bf16 vs fp8)
        outB.add(b / (NIC_BYTES_PER_SECOND_OF_DEEPEP_ROWS));
        outAlpha.add(p[0] - p[1] / b);
      }
    }
    a2aScaleOutFraction = median(outB);
    a2aScaleOutLatency = median(outAlpha);

    gemm.forEach(r -> measuredIds.add(r.acc));
    attention.forEach(r -> measuredIds.add(r.acc));
    forwardAttention.forEach(r -> measuredIds.add(r.acc));
    links.forEach(r -> measuredIds.add(r.acc));
    measuredIds.addAll(memoryFraction.keySet());
    measuredIds.addAll(streamFraction.keySet());
    loaded = true;
  }

  /** Whether the tables are loaded: the loaders' own fits read each measured part by its own id. */
  private boolean loaded;

  /**
   * The ids with rows of their own in a table that lookups read by id (gemm.csv, attention.csv, memory-bandwidth.csv,
   * collectives.csv); the other tables are read by silicon family.
   */
  private final java.util.Set<String> measuredIds = new java.util.HashSet<>();

  /** The id whose rows each accelerator reads, by spec ({@link #rowsId}). */
  private final SpecKeyedCache<AcceleratorSpec, String> rowsIds = new SpecKeyedCache<>();

  /**
   * Returns the id whose microbenchmark rows the accelerator reads as its own (s12l): its own id where any table read
   * by id has rows of it; else the id of the first bundled catalog part whose specification is identical to it in
   * everything an estimate reads ({@link IdenticalSpecification}: all but id, name and source), one with rows of its
   * own first; else its own id (then the silicon family's rows stand in, {@link #family(AcceleratorSpec)}). A copy of
   * {@code h100-sxm} saved or built under an id of its own thus reads {@code h100-sxm}'s rows and gets exactly its
   * estimates, where the family rule would give it the best row of the family (for FP8 GEMMs DeepGEMM's on H800, 0.768
   * of the peak against {@code h100-sxm}'s own 0.709). No bundled part is identical to another, so each reads its
   * own id ({@code MicrobenchmarksTest}). Cached by spec ({@link SpecKeyedCache}): the catalog is scanned once per
   * distinct spec, never per estimate.
   *
   * @param a the accelerator
   * @return the id its rows are looked up by
   */
  public String rowsId(AcceleratorSpec a) {
    if (!loaded || measuredIds.contains(a.id())) {
      return a.id();
    }
    // an estimate asks several times for the same spec object: the last answer, by reference, before the cache
    LastRowsId last = lastRowsId;
    if (last != null && last.spec() == a) {
      return last.id();
    }
    String id = rowsIds.get(a, SpecKeyedCache.isBundled(a), this::identicalCatalogPart);
    lastRowsId = new LastRowsId(a, id);
    return id;
  }

  private record LastRowsId(AcceleratorSpec spec, String id) {}

  private volatile @Nullable LastRowsId lastRowsId;

  /**
   * Returns whether the id has rows of its own in a table that lookups read by id.
   *
   * @param acc the accelerator id
   * @return whether it was measured itself
   */
  public boolean hasOwnRows(String acc) {
    return measuredIds.contains(acc);
  }

  private String identicalCatalogPart(AcceleratorSpec a) {
    String found = null;
    for (AcceleratorSpec p : AcceleratorCatalog.bundled().all()) {
      if (!p.id().equals(a.id()) && IdenticalSpecification.of(a, p)) {
        if (measuredIds.contains(p.id())) {
          return p.id();
        }
        if (found == null) {
          found = p.id();
        }
      }
    }
    return found == null ? a.id() : found;
  }

  /**
   * Returns a GEMM dimension of a {@code gemm.csv} row, or NaN where the source reports only the best
   * of several shapes without saying which (such a row can only be a best-shape row: it sets the
   * accelerator's asymptote and enters neither the half-saturation fit nor the GEMV bandwidth).
   */
  private static double dimension(CsvTable g, int row, String column) {
    if (g.get(row, column).isEmpty()) {
      if (g.get(row, "m").isEmpty() && g.get(row, "n").isEmpty() && g.get(row, "k").isEmpty()) {
        return Double.NaN;
      }
      throw new IllegalStateException("gemm.csv row " + row + ": " + column
          + " is empty while other dimensions are given (leave all three empty for an unpublished best shape)");
    }
    return g.number(row, column);
  }

  /** The top-k of the DeepEP benchmark rows (256 experts, top-8 as DeepSeek-V3; the rows' note). */
  private static final int TOP_K_OF_DEEPEP_ROWS = 8;

  /** The NIC of the DeepEP rows: ConnectX-7 400 Gb/s, 50 GB/s (collective-systems.csv). */
  private static final double NIC_BYTES_PER_SECOND_OF_DEEPEP_ROWS = 50e9;

  /**
   * Returns the fraction of the nominal per-direction scale-up bandwidth that expert-parallel
   * dispatch and combine reach within one node: the median over DeepEP's intranode rows (H800
   * NVLink, B200 NVLink 5) of the reported bottleneck bandwidth over the link's nominal figure.
   */
  public double allToAllScaleUpFraction() {
    return a2aScaleUpFraction;
  }

  /**
   * Returns the fraction of the NIC bandwidth that expert-parallel dispatch and combine across nodes
   * reach: DeepEP's low-latency rows (128 tokens per rank, EP16–256 over ConnectX-7 400 Gb/s), each
   * rank count's dispatch (FP8) and combine (BF16, twice the bytes) times fitted exactly by {@code t
   * = α + off-node bytes / B}, with off-node bytes {@code tokens · k · hidden · element bytes · (ranks
   * − GPUs per node) / ranks}; the median {@code B} over the NIC's 50 GB/s.
   */
  public double allToAllScaleOutFraction() {
    return a2aScaleOutFraction;
  }

  /** Returns the fixed time {@code α} of one dispatch or combine across nodes (the same fit), seconds. */
  public double allToAllScaleOutLatencySeconds() {
    return a2aScaleOutLatency;
  }

  private static double median(List<Double> v) {
    if (v.isEmpty()) {
      throw new IllegalStateException("collectives.csv has no latency-bound all-reduce rows");
    }
    List<Double> s = new ArrayList<>(v);
    s.sort(Double::compare);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  /**
   * Returns the silicon family whose measurements stand in for an accelerator's, from its catalog architecture
   * and compute capability ({@link AcceleratorSpec#architecture()}), never its id: {@code a100} for Ampere's
   * GA100 (compute capability 8.0; the GA102 parts at 8.6, A10 and RTX A6000, are not it), {@code hopper} for
   * Hopper, {@code blackwell} for the SM100 family (compute capability 10.x: B200, GB200, B300; not the 12.0
   * GeForce and RTX PRO parts), {@code cdna3} for CDNA 3, {@code cdna4} for CDNA 4 (MI350X and MI355X, one gfx950
   * die at two clocks and board powers: ROCm's GPU specifications list both as CDNA4, gfx950, 256 CUs) and {@code tpu} for every TPU generation (one MXU
   * systolic-array design; v5e and v6e have GEMM rows so far). Any other architecture, and an accelerator that
   * declares none, is a family of its own, named by its id: it borrows no other part's measurements.
   *
   * @param a the accelerator
   * @return the family
   */
  public static String family(AcceleratorSpec a) {
    return family(a.id(), a.architecture().orElse(null), a.computeCapability().orElse(null));
  }

  private static String family(String id, @Nullable Architecture arch, @Nullable ComputeCapability cc) {
    if (arch == null) {
      return id;
    }
    int major = cc == null ? 0 : cc.major();
    if (arch == Architecture.AMPERE && cc != null && major == 8 && cc.minor() == 0) {
      return "a100";
    } else if (arch == Architecture.HOPPER) {
      return "hopper";
    } else if (arch == Architecture.BLACKWELL && major == 10) {
      return "blackwell";
    } else if (arch == Architecture.CDNA3) {
      return "cdna3";
    } else if (arch == Architecture.CDNA4) {
      return "cdna4";
    } else if (arch.tpu()) {
      return "tpu";
    }
    return id;
  }

  /**
   * Returns the silicon family of the accelerator a microbenchmark row or a catalog id names ({@link
   * #family(AcceleratorSpec)} of its bundled catalog entry, or of {@link #MEASURED_OUTSIDE_CATALOG}'s), or the id
   * itself for a device in neither. An estimate of an accelerator built in code asks {@link
   * #family(AcceleratorSpec)} with its spec.
   *
   * @param acc the accelerator id
   * @return the family
   */
  public static String family(String acc) {
    // cached: the loaders' fits ask for every row at every grid point, and the bundled catalog never changes; only
    // ids the catalog or MEASURED_OUTSIDE_CATALOG knows are kept, so that callers passing ids of their own (each a
    // family of its own) do not grow the map without bound
    String cached = FAMILY_BY_ID.get(acc);
    if (cached != null) {
      return cached;
    }
    Optional<AcceleratorSpec> a = AcceleratorCatalog.bundled().find(acc);
    MeasuredDevice m = MEASURED_OUTSIDE_CATALOG.get(acc);
    String f;
    if (a.isPresent()) {
      f = family(a.get());
    } else if (m != null) {
      f = family(acc, m.architecture(), m.computeCapability());
    } else {
      return acc;
    }
    FAMILY_BY_ID.putIfAbsent(acc, f);
    return f;
  }

  private static final java.util.concurrent.ConcurrentHashMap<String, String> FAMILY_BY_ID =
      new java.util.concurrent.ConcurrentHashMap<>();

  private boolean isBestShape(GemmRow r) {
    for (GemmRow o : gemm) {
      if (o.acc.equals(r.acc) && o.dtype == r.dtype && o.tflops > r.tflops) {
        return false;
      }
    }
    return true;
  }

  private double fitGemmHalfSaturation(AcceleratorCatalog catalog) {
    double best = 0;
    double bestError = Double.MAX_VALUE;
    for (double dh = 0; dh <= 2048; dh += 4) {
      double error = 0;
      for (GemmRow r : gemm) {
        if (Double.isNaN(r.m) || r.m < 16 || r.lowerBound || isBestShape(r)) {
          continue;
        }
        double predicted = predictGemm(catalog.get(r.acc), r, dh);
        double e = Math.log(predicted / r.tflops);
        error += e * e;
      }
      if (error < bestError) {
        bestError = error;
        best = dh;
      }
    }
    return best;
  }

  private double predictGemm(AcceleratorSpec a, GemmRow r, double dh) {
    double peak = a.requirePeak(r.dtype).flopsPerSecond();
    double asymptote = asymptoticGemmFraction(a, r.dtype, dh).orElseThrow();
    double compute = r.flops() / (peak * asymptote * r.minDim() / (r.minDim() + dh));
    double memory = r.bytes() / (a.memoryBandwidth().bytesPerSecond() * memoryBandwidthFraction(a.id()).orElse(0.9));
    return r.flops() / Math.max(compute, memory) / 1e12;
  }

  /** Returns the fraction of peak of the best-shape row: the curve's asymptote, an upper envelope. */
  private OptionalDouble asymptoticGemmFraction(AcceleratorSpec a, DType dtype, double dh) {
    GemmRow best = null;
    String own = rowsId(a);
    String accFamily = family(a);
    for (boolean byId : new boolean[] {true, false}) {
      for (GemmRow r : gemm) {
        boolean match = byId ? r.acc.equals(own) : family(r.acc).equals(accFamily);
        if (match && r.dtype == dtype && (best == null || r.tflops / peak(r) > best.tflops / peak(best))) {
          best = r;
        }
      }
      if (best != null) {
        break;
      }
    }
    if (best == null) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(Math.min(1, best.tflops / peak(best)));
  }

  private static double peak16Of(String acc, double fallback) {
    return AcceleratorCatalog.bundled().find(acc)
        .flatMap(a -> a.peak(DType.BF16).or(() -> a.peak(DType.FP16)))
        .map(p -> p.flopsPerSecond() / 1e12)
        .orElse(fallback);
  }

  private static double peak(GemmRow r) {
    return AcceleratorCatalog.bundled().get(r.acc).requirePeak(r.dtype).flopsPerSecond() / 1e12;
  }

  /** Returns the best measured 16-bit GEMM rate of an accelerator's own rows, TFLOP/s, or empty. */
  private OptionalDouble bestGemm16(String acc) {
    return gemm.stream().filter(r -> r.acc.equals(acc) && r.dtype == DType.BF16).mapToDouble(r -> r.tflops).max();
  }

  /**
   * Returns whether the accelerator has GEMM rows of its own in a math type (not only its family's).
   *
   * @param acc the accelerator id
   * @param dtype the math type
   * @return whether it was measured itself
   */
  public boolean hasOwnGemmRows(String acc, DType dtype) {
    return gemm.stream().anyMatch(r -> r.acc.equals(acc) && r.dtype == dtype);
  }

  /** Returns the half-saturation dimension of the GEMM curve, pooled over every accelerator. */
  public double gemmHalfSaturationDim() {
    return gemmHalfSaturationDim;
  }

  /**
   * Returns the fraction of peak that large GEMMs approach on {@code a} in {@code dtype}, from its
   * own best-shape row or else its silicon family's. In FP8 ({@code FP8_E4M3}) a part without FP8 rows of its own but
   * with a same-harness FP8-over-BF16 ratio ({@code gemm-fp8-ratio.csv}, {@link Fp8GemmRatio}: AMD's hipblaslt-bench
   * best-shape runs on MI300X and MI325X) runs its own BF16 best-shape rate times that ratio, {@code f16 × peak16 ×
   * ratio / peak8}, capped at 1; a part with neither its own FP8 rows nor its own ratio takes its family's FP8 rows,
   * else its family's mean ratio on its own BF16 fraction.
   *
   * @param a the accelerator
   * @param dtype the math type
   * @return the fraction, or empty without data
   */
  public OptionalDouble gemmPeakFraction(AcceleratorSpec a, DType dtype) {
    if (dtype == DType.FP8_E4M3 && !hasOwnGemmRows(rowsId(a), dtype)) {
      OptionalDouble viaRatio = fp8FromRatio(a, Fp8GemmRatio.bundled().own(rowsId(a)));
      if (viaRatio.isPresent() || familyHasGemmRows(a, dtype)) {
        return viaRatio.isPresent() ? viaRatio : asymptoticGemmFraction(a, dtype, gemmHalfSaturationDim);
      }
      viaRatio = fp8FromRatio(a, Fp8GemmRatio.bundled().ofFamily(family(a)));
      if (viaRatio.isPresent()) {
        return viaRatio;
      }
    }
    return asymptoticGemmFraction(a, dtype, gemmHalfSaturationDim);
  }

  /**
   * Returns whether {@link #gemmPeakFraction} takes an accelerator's FP8 GEMM fraction from a same-harness FP8/BF16
   * ratio ({@code gemm-fp8-ratio.csv}) rather than from FP8 rows of {@code gemm.csv}.
   *
   * @param a the accelerator
   * @return whether its FP8 GEMM rate is its BF16 rate times a measured ratio
   */
  public boolean fp8GemmFromRatio(AcceleratorSpec a) {
    if (hasOwnGemmRows(rowsId(a), DType.FP8_E4M3) || a.peak(DType.FP8_E4M3).isEmpty()) {
      return false;
    }
    return Fp8GemmRatio.bundled().own(rowsId(a)).isPresent() || (!familyHasGemmRows(a, DType.FP8_E4M3)
        && Fp8GemmRatio.bundled().ofFamily(family(a)).isPresent());
  }

  /** The FP8 fraction from a BF16/FP8 ratio: the part's BF16 best-shape rate times it, over its FP8 peak. */
  private OptionalDouble fp8FromRatio(AcceleratorSpec a, OptionalDouble ratio) {
    var peak8 = a.peak(DType.FP8_E4M3);
    var peak16 = a.peak(DType.BF16);
    OptionalDouble f16 = asymptoticGemmFraction(a, DType.BF16, gemmHalfSaturationDim);
    if (ratio.isEmpty() || peak8.isEmpty() || peak16.isEmpty() || f16.isEmpty()) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(Math.min(1, f16.getAsDouble() * peak16.get().flopsPerSecond() * ratio.getAsDouble()
        / peak8.get().flopsPerSecond()));
  }

  private boolean familyHasGemmRows(AcceleratorSpec a, DType dtype) {
    String f = family(a);
    return gemm.stream().anyMatch(r -> r.dtype == dtype && family(r.acc).equals(f));
  }

  /**
   * Returns the fraction of datasheet device-memory bandwidth a weight-streaming GEMV reaches on the
   * accelerator, else its read-kernel streaming rate ({@code memory-bandwidth.csv}), else the best
   * GEMV fraction of its silicon family.
   *
   * @param acc the accelerator id
   * @return the fraction (the mean GEMV fraction over every measured accelerator when none of these
   *     exists), or empty without any data
   */
  public OptionalDouble memoryBandwidthFraction(String acc) {
    return memoryBandwidthFraction(acc, family(acc));
  }

  /**
   * As {@link #memoryBandwidthFraction(String)}, for an accelerator's spec: its own rows by id, else its silicon
   * family's from the architecture it declares ({@link #family(AcceleratorSpec)}; an accelerator built in code under
   * an id of its own borrows its family's measurements), else the mean.
   *
   * @param a the accelerator
   * @return the fraction, or empty without any data
   */
  public OptionalDouble memoryBandwidthFraction(AcceleratorSpec a) {
    return memoryBandwidthFraction(rowsId(a), family(a));
  }

  /**
   * Returns where {@link #memoryBandwidthFraction(AcceleratorSpec)} takes its value from: the accelerator's own rows,
   * its silicon family's, or the mean over measured accelerators.
   *
   * @param a the accelerator
   * @return the origin
   */
  public MeasurementOrigin memoryBandwidthOrigin(AcceleratorSpec a) {
    return memoryBandwidthLookup(rowsId(a), family(a)).origin();
  }

  /**
   * Returns the accelerators whose weight-streaming GEMV rows give a memory-bandwidth fraction, sorted: the
   * measured accelerators whose mean {@link #memoryBandwidthFraction(AcceleratorSpec)} falls back to.
   *
   * @return the ids
   */
  public List<String> gemvMeasuredAccelerators() {
    return memoryFraction.keySet().stream().sorted().toList();
  }

  private OptionalDouble memoryBandwidthFraction(String acc, String accFamily) {
    Lookup l = memoryBandwidthLookup(acc, accFamily);
    return Double.isNaN(l.value()) ? OptionalDouble.empty() : OptionalDouble.of(l.value());
  }

  /** A looked-up value and where it comes from ({@code NaN}: no data at all). */
  private record Lookup(double value, MeasurementOrigin origin) {}

  private Lookup memoryBandwidthLookup(String acc, String accFamily) {
    Double own = memoryFraction.get(acc);
    if (own != null) {
      return new Lookup(own, MeasurementOrigin.OWN);
    }
    Double stream = streamFraction.get(acc);
    if (stream != null) {
      return new Lookup(stream, MeasurementOrigin.OWN);
    }
    OptionalDouble family =
        memoryFraction.entrySet().stream()
            .filter(e -> family(e.getKey()).equals(accFamily))
            .mapToDouble(Map.Entry::getValue)
            .max();
    if (family.isPresent()) {
      return new Lookup(family.getAsDouble(), MeasurementOrigin.FAMILY);
    }
    return new Lookup(memoryFraction.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN),
        MeasurementOrigin.MEAN);
  }

  /**
   * Returns the causal fwd+bwd attention curve of a kernel: {@code {f, s½}} with rate {@code peak ×
   * f × s/(s + s½)} in the FlashAttention FLOP convention, from the accelerator's own rows or its
   * family's, at the nearer measured head dimension.
   *
   * @param acc the accelerator id
   * @param kernel the kernel name as attention.csv spells it ({@code flash-attention-2})
   * @param headDim the model's head dimension
   * @param peak16 the accelerator's 16-bit dense peak, FLOP/s
   * @return the curve, or empty without data
   */
  public Optional<double[]> attentionCurve(String acc, String kernel, int headDim, FlopRate peak16) {
    return attentionCurve(acc, family(acc), kernel, headDim, peak16);
  }

  /**
   * As {@link #attentionCurve(String, String, int, FlopRate)}, for an accelerator's spec: its own rows by id, else
   * its silicon family's from the architecture it declares ({@link #family(AcceleratorSpec)}).
   *
   * @param a the accelerator
   * @param kernel the kernel name as attention.csv spells it ({@code flash-attention-2})
   * @param headDim the model's head dimension
   * @param peak16 the accelerator's 16-bit dense peak, FLOP/s
   * @return the curve, or empty without data
   */
  public Optional<double[]> attentionCurve(AcceleratorSpec a, String kernel, int headDim, FlopRate peak16) {
    return attentionCurve(rowsId(a), family(a), kernel, headDim, peak16);
  }

  private Optional<double[]> attentionCurve(String acc, String accFamily, String kernel, int headDim,
      FlopRate peak16) {
    String key = acc + "|" + accFamily + "|" + kernel + "|" + headDim + "|" + peak16.flopsPerSecond();
    return curves.get(key, bundledCurve(acc, accFamily, peak16),
        k -> fitAttention(attention, acc, accFamily, kernel, headDim, peak16, true)).map(double[]::clone);
  }

  /**
   * Returns whether {@link #attentionCurve(AcceleratorSpec, String, int, FlopRate)} of a kernel reads the
   * accelerator's own fwd+bwd rows (by id) rather than its silicon family's.
   *
   * @param a the accelerator
   * @param kernel the kernel name as attention.csv spells it
   * @return whether it was measured itself
   */
  public boolean hasOwnAttentionRows(AcceleratorSpec a, String kernel) {
    String own = rowsId(a);
    return attention.stream().anyMatch(r -> r.acc.equals(own) && r.kernel.equals(kernel));
  }

  // curves of the bundled catalog's parts (their id, family and a 16-bit peak they declare) are kept for good; those
  // of specs built in code or peaks of the caller's own in a small LRU (SpecKeyedCache), so they stay bounded
  private final SpecKeyedCache<String, Optional<double[]>> curves = new SpecKeyedCache<>();

  private final SpecKeyedCache<AcceleratorSpec, double[]> flash1 = new SpecKeyedCache<>();

  /** Whether a curve's key is a bundled accelerator's: its id, its family and its bf16 or fp16 peak. */
  private static boolean bundledCurve(String acc, String accFamily, FlopRate peak16) {
    Optional<AcceleratorSpec> a = AcceleratorCatalog.bundled().find(acc);
    if (a.isEmpty() || !family(a.get()).equals(accFamily)) {
      return false;
    }
    double p = peak16.flopsPerSecond();
    return a.get().peak(DType.BF16).map(r -> r.flopsPerSecond() == p).orElse(false)
        || a.get().peak(DType.FP16).map(r -> r.flopsPerSecond() == p).orElse(false);
  }

  /**
   * Returns the curves, FlashAttention-1 ratios and rows ids kept (a test's view: bounded however many specs are built).
   *
   * @return the number of cached entries
   */
  int cachedCurves() {
    return curves.size() + flash1.size() + rowsIds.size();
  }

  /**
   * Returns the causal forward-only attention curve of a kernel: {@code {f, s½}} with rate {@code
   * peak × f × s/(s + s½)} in the FlashAttention FLOP convention (causal half counted), fitted to the
   * kernel's measured forward rows of the accelerator or its family at the nearer measured head
   * dimension; empty where only fwd+bwd rows were measured. Inference prefill runs the forward alone.
   *
   * @param acc the accelerator id
   * @param kernel the kernel name as attention.csv spells it ({@code cudnn})
   * @param headDim the model's head dimension
   * @param peak16 the accelerator's 16-bit dense peak, FLOP/s
   * @return the curve, or empty without forward rows
   */
  public Optional<double[]> attentionForwardCurve(String acc, String kernel, int headDim, FlopRate peak16) {
    return attentionForwardCurve(acc, family(acc), kernel, headDim, peak16);
  }

  /**
   * As {@link #attentionForwardCurve(String, String, int, FlopRate)}, for an accelerator's spec: its own rows by id,
   * else its silicon family's from the architecture it declares ({@link #family(AcceleratorSpec)}).
   *
   * @param a the accelerator
   * @param kernel the kernel name as attention.csv spells it ({@code cudnn})
   * @param headDim the model's head dimension
   * @param peak16 the accelerator's 16-bit dense peak, FLOP/s
   * @return the curve, or empty without forward rows
   */
  public Optional<double[]> attentionForwardCurve(AcceleratorSpec a, String kernel, int headDim, FlopRate peak16) {
    return attentionForwardCurve(rowsId(a), family(a), kernel, headDim, peak16);
  }

  private Optional<double[]> attentionForwardCurve(String acc, String accFamily, String kernel, int headDim,
      FlopRate peak16) {
    String key = "fwd|" + acc + "|" + accFamily + "|" + kernel + "|" + headDim + "|" + peak16.flopsPerSecond();
    return curves.get(key, bundledCurve(acc, accFamily, peak16),
        k -> fitAttention(forwardAttention, acc, accFamily, kernel, headDim, peak16, false)).map(double[]::clone);
  }

  /**
   * Fits an attention curve; {@code byMeasuredGemm} transfers a family member's rows by the ratio of the
   * two parts' measured best-shape 16-bit GEMM rates where both were measured (the training curve, train9k),
   * else by their 16-bit peaks (the forward curve inference prefill uses keeps the peak transfer).
   */
  private Optional<double[]> fitAttention(List<AttentionRow> table, String acc, String accFamily, String kernel,
      int headDim, FlopRate peak16, boolean byMeasuredGemm) {
    List<AttentionRow> rows = new ArrayList<>();
    for (boolean own : new boolean[] {true, false}) {
      int bestDim = -1;
      for (AttentionRow r : table) {
        boolean match = own ? r.acc.equals(acc) : family(r.acc).equals(accFamily);
        if (match && r.kernel.equals(kernel)
            && (bestDim < 0 || Math.abs(r.headDim - headDim) < Math.abs(bestDim - headDim))) {
          bestDim = r.headDim;
        }
      }
      for (AttentionRow r : table) {
        boolean match = own ? r.acc.equals(acc) : family(r.acc).equals(accFamily);
        if (match && r.kernel.equals(kernel) && r.headDim == bestDim) {
          rows.add(r);
        }
      }
      if (!rows.isEmpty()) {
        break;
      }
    }
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    double peak = peak16.flopsPerSecond() / 1e12;
    // a family member's rows transfer as fractions of their own chip's peak, as the GEMM rows do (a
    // power-limited or differently clocked part of the same silicon runs the same fraction of its own peak);
    // for the training curve, where both parts' best-shape 16-bit GEMM rates were measured, by the ratio of
    // those instead: the
    // datasheet peaks differ by a clock the parts sustain only in part under load (GB200 2500 against B200
    // 2250 TFLOP/s, +11%; measured best shapes 1822 against 1745, +4.4%, gemm.csv)
    List<AttentionRow> scaled = new ArrayList<>(rows.size());
    OptionalDouble own16 = byMeasuredGemm ? bestGemm16(acc) : OptionalDouble.empty();
    for (AttentionRow r : rows) {
      OptionalDouble row16 = bestGemm16(r.acc);
      double factor = r.acc.equals(acc) ? 1
          : own16.isPresent() && row16.isPresent() ? own16.getAsDouble() / row16.getAsDouble()
          : peak / peak16Of(r.acc, peak);
      scaled.add(new AttentionRow(r.acc, r.kernel, r.headDim, r.seq, r.tflops * factor));
    }
    rows = scaled;
    double bestF = 0;
    double bestS = 0;
    double bestError = Double.MAX_VALUE;
    for (double sh = 0; sh <= 8192; sh += 8) {
      double logSum = 0;
      for (AttentionRow r : rows) {
        logSum += Math.log(r.tflops / (peak * r.seq / (r.seq + sh)));
      }
      double f = Math.exp(logSum / rows.size());
      double error = 0;
      for (AttentionRow r : rows) {
        double e = Math.log(peak * f * r.seq / (r.seq + sh) / r.tflops);
        error += e * e;
      }
      if (error < bestError) {
        bestError = error;
        bestF = f;
        bestS = sh;
      }
    }
    return Optional.of(new double[] {Math.min(1, bestF), bestS});
  }

  /**
   * Returns the fraction of the 16-bit dense peak that a grouped decode-attention kernel reaches on
   * tensor cores when its query rows fill the MMA, from the computation-bound rows of {@code
   * decode-attention.csv}: FlashMLA's dense MLA decoding at 660 TFLOP/s on H800 SXM5 (deepseek-ai/FlashMLA
   * README, 66.7% of 989.4), for the Hopper family. Blackwell has no computation-bound row of a
   * dense decode kernel (FlashMLA's B200 figure is its sparse kernel) and takes Hopper's fraction;
   * its measured decode rows (vLLM pull requests 19825 and 23647, TensorRT-LLM's trtllm-gen kernel
   * on B200) are memory-bound at 7.1-7.7 TB/s, which that ceiling keeps. Other families have no
   * tensor-core decode measurement: empty.
   *
   * @param acc the accelerator id
   * @return the fraction, or empty
   */
  public OptionalDouble decodeAttentionTensorFraction(String acc) {
    return decodeTensorFractionOf(family(acc));
  }

  /**
   * As {@link #decodeAttentionTensorFraction(String)}, for an accelerator's spec: its family from the architecture it declares (an
   * accelerator built in code under an id of its own borrows its family's measurements).
   *
   * @param a the accelerator
   * @return the fraction, or empty
   */
  public OptionalDouble decodeAttentionTensorFraction(AcceleratorSpec a) {
    return decodeTensorFractionOf(family(a));
  }

  private OptionalDouble decodeTensorFractionOf(String f) {
    Double own = decodeTensorFraction.get(f);
    if (own == null && f.equals("blackwell")) {
      own = decodeTensorFraction.get("hopper");
    }
    return own == null ? OptionalDouble.empty() : OptionalDouble.of(own);
  }

  /**
   * Returns the fraction of the FP4 dense peak that a fused NVFP4 MoE layer reaches where its grouped
   * GEMMs are compute-bound, from the compute-bound NVFP4 {@code moe_layer} rows of {@code
   * grouped-gemm.csv} of the accelerator's silicon family (the fastest): on Blackwell the SGLang CUTLASS
   * fused MoE at 1,262 TFLOP/s on B200, 32 experts, top 4, hidden 2,880, per-expert FFN 7,680, 4,096
   * tokens (512 per expert; Hugging Face blog "TFLOPS Gap: Why FP4 MoE Kernel Engineering Matters on
   * Blackwell", 2026-01; FlashInfer's CuteDSL 1,225 and vLLM's CUTLASS 1,117 in the same run), 0.140 of
   * 9 PFLOP/s. The layer's time includes routing, activation quantization, permutation and the finalize
   * as well as both GEMMs. Families without such a row: empty.
   *
   * @param acc the accelerator id
   * @return the fraction, or empty
   */
  public OptionalDouble fusedMoeFp4Fraction(String acc) {
    return fusedMoeFp4FractionOf(family(acc));
  }

  /**
   * As {@link #fusedMoeFp4Fraction(String)}, for an accelerator's spec: its family from the architecture it declares (an
   * accelerator built in code under an id of its own borrows its family's measurements).
   *
   * @param a the accelerator
   * @return the fraction, or empty
   */
  public OptionalDouble fusedMoeFp4Fraction(AcceleratorSpec a) {
    return fusedMoeFp4FractionOf(family(a));
  }

  private OptionalDouble fusedMoeFp4FractionOf(String family) {
    Double f = fusedMoeFp4Fraction.get(family);
    return f == null ? OptionalDouble.empty() : OptionalDouble.of(f);
  }

  /**
   * Returns the fraction of the FP8 dense peak that an FP8 grouped (MoE expert) GEMM with {@code
   * tokensPerGroup} token rows per expert reaches on the accelerator's silicon family, from the compute-bound
   * fp8 {@code gemm_pure} rows of {@code grouped-gemm.csv}: the fastest row at each measured count of tokens per
   * group, interpolated linearly in the logarithm of the count between them, and held at the end values
   * outside them (below the smallest count an upper bound: fewer rows per expert pad more of each tile and
   * reuse each weight less). On Hopper these are DeepGEMM's grouped GEMMs on H800 SXM5 (deepseek-ai/DeepGEMM
   * README at commit 55ab91f): 1,040 TFLOP/s at 512 tokens per group (masked layout, 0.526 of 1,978.9), 1,233
   * at 1,024 (0.623), 1,346 at 4,096 and 8,192 (contiguous layout, 0.680); its 256-token rows are memory-bound
   * on the datasheet roofline and give no compute fraction. Families without such rows: empty.
   *
   * @param acc the accelerator id
   * @param tokensPerGroup token rows per expert, greater than zero
   * @return the fraction, or empty
   */
  public OptionalDouble groupedGemmFp8Fraction(String acc, double tokensPerGroup) {
    return at(groupedGemmFp8Curves.get(family(acc)), "tokensPerGroup", tokensPerGroup);
  }

  /**
   * As {@link #groupedGemmFp8Fraction(String, double)}, for an accelerator's spec: its family from the architecture it declares (an
   * accelerator built in code under an id of its own borrows its family's measurements).
   *
   * @param a the accelerator
   * @param tokensPerGroup token rows per group (expert), greater than zero
   * @return the fraction, or empty
   */
  public OptionalDouble groupedGemmFp8Fraction(AcceleratorSpec a, double tokensPerGroup) {
    return at(groupedGemmFp8Curves.get(family(a)), "tokensPerGroup", tokensPerGroup);
  }

  /** Reads a family's curve at a positive count of tokens per expert; empty without a curve. */
  private static OptionalDouble at(@Nullable ExpertTokenCurve curve, String field, double tokens) {
    if (!(tokens > 0)) {
      throw new IllegalArgumentException(field + " must be > 0, was " + tokens);
    }
    return curve == null ? OptionalDouble.empty() : OptionalDouble.of(curve.at(tokens));
  }

  /**
   * Returns the points {@link #groupedGemmFp8Fraction(AcceleratorSpec, double)} interpolates for the accelerator's
   * silicon family (from the architecture it declares: an accelerator built in code under an id of its own borrows
   * its family's measurements), prepared once, for callers that read them often (the roofline, per routed-expert
   * cost); null where the family has none.
   *
   * @param a the accelerator
   * @return the curve, or null
   */
  public @Nullable ExpertTokenCurve groupedGemmFp8Curve(AcceleratorSpec a) {
    return groupedGemmFp8Curves.get(family(a));
  }

  /**
   * Returns the fraction of the datasheet memory bandwidth that a fused MoE layer reaches on the accelerator's
   * silicon family when each reached expert multiplies {@code tokensPerExpert} token rows, from the memory-bound
   * bf16 and fp8 {@code moe_layer} rows of {@code grouped-gemm.csv} at no more than {@link
   * #FUSED_MOE_FEW_TOKENS} tokens per expert: bytes are the weights of the reached experts ({@code E (1 - (1 -
   * k/E)^tokens)} of them, scaled to the launch's groups) plus the input and 16-bit output rows, over the source's
   * time of the whole layer (routing-sorted grouped GEMMs, activation, combine). Each measured series (one source,
   * kernel, dtype and shape) is interpolated linearly in the logarithm of the count within its own range, and the
   * fastest series covering the count gives the fraction; counts outside all series (or in a gap between them)
   * are held at the nearest end. Only Hopper has such series (infer10f): vLLM's Triton fused MoE on H100 (Mixtral
   * 8x7B bf16 at TP 2,
   * 0.73 of 3.35 TB/s at 1 token per expert, 0.87-0.88 at 2-16, 0.79 at 64, vLLM pull request 24700; Qwen3-30B-A3B
   * fp8, 0.63-0.75), on H200 (Gemma 4 bf16, 0.10-0.85, pull request 44818) and SGLang's before tuning (Qwen3-235B
   * fp8 at TP 8, 0.12-0.44, SGLang pull request 11730). Other families (Blackwell's experts run other kernels,
   * no A100 series was collected): empty.
   *
   * @param acc the accelerator id
   * @param tokensPerExpert token rows per reached expert, greater than zero
   * @return the fraction, or empty
   */
  public OptionalDouble fusedMoeBandwidthFraction(String acc, double tokensPerExpert) {
    return at(fusedMoeBandwidthCurves.get(family(acc)), "tokensPerExpert", tokensPerExpert);
  }

  /**
   * As {@link #fusedMoeBandwidthFraction(String, double)}, for an accelerator's spec: its family from the architecture it declares (an
   * accelerator built in code under an id of its own borrows its family's measurements).
   *
   * @param a the accelerator
   * @param tokensPerExpert token rows per reached expert, greater than zero
   * @return the fraction, or empty
   */
  public OptionalDouble fusedMoeBandwidthFraction(AcceleratorSpec a, double tokensPerExpert) {
    return at(fusedMoeBandwidthCurves.get(family(a)), "tokensPerExpert", tokensPerExpert);
  }

  /**
   * Returns whether routed experts stored as {@code expertWeights} are of a format {@link
   * #fusedMoeBandwidthFraction}'s series measured: bf16 and fp8 (E4M3) experts are the only ones in them (the
   * loader keeps the {@code moe_layer} rows of those two dtypes; vLLM's and SGLang's tables time no int4, int8 or
   * fp4 experts), and fp16 runs the same Triton kernel with the same two-byte weights (vLLM's fused_moe.py picks
   * {@code compute_type = tl.bfloat16 if hidden_states.dtype == torch.bfloat16 else tl.float16}). 4-bit experts
   * on Hopper (W4A16: Marlin-MoE, vLLM's int4 Triton path; MXFP4/NVFP4 dequantized) and int8 ones run other
   * kernels that no row of {@code grouped-gemm.csv} measures, so the cap does not apply to them and their weight
   * reads take the dense weight-only path's calibrated bandwidth.
   *
   * @param expertWeights the routed experts' weight storage
   * @return whether the measured fused-MoE bandwidth fraction applies to it
   */
  public static boolean fusedMoeBandwidthMeasured(QuantizationScheme expertWeights) {
    DType t = expertWeights.weightType();
    return t == DType.BF16 || t == DType.FP16 || t == DType.FP8_E4M3;
  }

  /**
   * Returns the series {@link #fusedMoeBandwidthFraction(AcceleratorSpec, double)} reads for the accelerator's
   * silicon family (from the architecture it declares: an accelerator built in code under an id of its own borrows
   * its family's measurements), prepared once, for callers that read it often (the roofline, per routed-expert
   * cost); null where the family has none.
   *
   * @param a the accelerator
   * @return the curve, or null
   */
  public @Nullable ExpertTokenCurve fusedMoeBandwidthCurve(AcceleratorSpec a) {
    return fusedMoeBandwidthCurves.get(family(a));
  }

  /**
   * Returns the measured fused-MoE weight-read series that applies to routed experts stored as {@code
   * expertWeights} on the accelerator's silicon family, prepared once: the bf16/fp8 series ({@link
   * #fusedMoeBandwidthCurve(AcceleratorSpec)}) for the formats {@link #fusedMoeBandwidthMeasured} names, the NVFP4
   * series ({@link #fusedMoeNvfp4BandwidthFraction(String, double)}) for NVFP4 experts; null where the family has no
   * series of that format (int4, int8, MXFP4 and NF4 experts, and NVFP4 off Blackwell, keep the calibrated
   * bandwidth).
   *
   * @param a the accelerator
   * @param expertWeights the routed experts' weight storage
   * @return the curve, or null
   */
  public @Nullable ExpertTokenCurve fusedMoeBandwidthCurve(AcceleratorSpec a, QuantizationScheme expertWeights) {
    if (fusedMoeBandwidthMeasured(expertWeights)) {
      return fusedMoeBandwidthCurve(a);
    }
    return isNvfp4(expertWeights) ? fusedMoeNvfp4BandwidthCurves.get(family(a)) : null;
  }

  /**
   * Returns the fraction of the datasheet memory bandwidth that a fused NVFP4 MoE layer reaches on the accelerator's
   * silicon family at {@code tokensPerExpert} token rows per reached expert, from the memory-bound {@code nvfp4
   * moe_layer} rows of {@code grouped-gemm.csv} at no more than {@link #FUSED_MOE_FEW_TOKENS} tokens per expert,
   * derived as {@link #fusedMoeBandwidthFraction(String, double)} (weights at 0.5625 bytes per value: 4-bit E2M1 plus
   * one E4M3 scale per 16), but the fastest row's rate is held at every count: the rows at more tokens per expert
   * include their grouped GEMMs' compute, which the roofline adds to the reads itself, while at the fewest tokens the
   * compute is a few percent of the layer. Only Blackwell has such rows (s14g): FlashInfer's DeepSeek-V3 EP8 layers
   * (hidden 7,168, expert FFN 2,048, 32 of 256 experts, top 8) on B300 (flashinfer-ai/flashinfer pull request 5301,
   * {@code benchmarks/bench_moe_deepseek.py}): TensorRT-LLM's trtllm-gen NVFP4 kernel at 128, 256 and 512 tokens
   * (4, 8 and 16 per expert: 0.63, 0.60, 0.57 of B300's 8 TB/s) and the CuTe DSL W4A4 kernel at 1,024 (32 per
   * expert: 0.49); held at 0.63. Other families: empty.
   *
   * @param acc the accelerator id
   * @param tokensPerExpert token rows per reached expert, greater than zero
   * @return the fraction, or empty
   */
  public OptionalDouble fusedMoeNvfp4BandwidthFraction(String acc, double tokensPerExpert) {
    return at(fusedMoeNvfp4BandwidthCurves.get(family(acc)), "tokensPerExpert", tokensPerExpert);
  }

  /**
   * As {@link #fusedMoeNvfp4BandwidthFraction(String, double)}, for an accelerator's spec (its family from the
   * architecture it declares).
   *
   * @param a the accelerator
   * @param tokensPerExpert token rows per reached expert, greater than zero
   * @return the fraction, or empty
   */
  public OptionalDouble fusedMoeNvfp4BandwidthFraction(AcceleratorSpec a, double tokensPerExpert) {
    return at(fusedMoeNvfp4BandwidthCurves.get(family(a)), "tokensPerExpert", tokensPerExpert);
  }

  /**
   * Returns whether routed experts stored as {@code expertWeights} are NVIDIA NVFP4 (FP4 E2M1 values in blocks of
   * 16 with an 8-bit E4M3 scale, {@link QuantizationScheme#nvfp4()}), the format of the NVFP4 fused MoE rows.
   *
   * @param expertWeights the routed experts' weight storage
   * @return whether they are NVFP4
   */
  public static boolean isNvfp4(QuantizationScheme expertWeights) {
    return expertWeights.weightType() == DType.FP4 && expertWeights.groupSize() == 16 && expertWeights.scaleBits() == 8;
  }

  private void loadFusedMoeBandwidth(CsvTable moe, AcceleratorCatalog catalog) {
    Map<String, TreeMap<Double, Double>> byKey = new LinkedHashMap<>();
    Map<String, String> familyOf = new HashMap<>();
    for (int i = 0; i < moe.size(); i++) {
      String acc = moe.get(i, "accelerator");
      String dtype = moe.get(i, "dtype");
      // Hopper's bf16 and fp8 series (infer10f); NVFP4 series on any family (s14g: Blackwell's), kept apart
      boolean sixteenOrEight = (dtype.equals("bf16") || dtype.equals("fp8")) && family(acc).equals("hopper");
      if (catalog.find(acc).isEmpty() || !moe.get(i, "scope").equals("moe_layer")
          || !(sixteenOrEight || dtype.equals("nvfp4")) || !moe.get(i, "bound").equals("memory")) {
        continue;
      }
      // bytes per weight and input value: NVFP4 4 bits plus one E4M3 scale per 16 values (the csv's bound column)
      double w = dtype.equals("nvfp4") ? NVFP4_BYTES : dtype.equals("fp8") ? 1 : 2;
      double experts = moe.number(i, "experts");
      double topK = moe.number(i, "top_k");
      double tokens = moe.number(i, "tokens");
      double hidden = moe.number(i, "hidden");
      double reachedAll = experts * (1 - Math.pow(1 - topK / experts, tokens));
      double tokensPerExpert = tokens * topK / reachedAll;
      if (tokensPerExpert > FUSED_MOE_FEW_TOKENS) {
        continue;
      }
      double reached = reachedAll * moe.number(i, "groups") / experts;
      double bytes = reached * 3 * hidden * moe.number(i, "expert_ffn") * w + tokens * hidden * (w + 2);
      double fraction = Math.min(1,
          bytes / (moe.number(i, "time_ms") * 1e-3) / catalog.get(acc).memoryBandwidth().bytesPerSecond());
      String key = String.join("|", acc, moe.get(i, "kernel"), dtype, moe.get(i, "hidden"), moe.get(i, "expert_ffn"),
          moe.get(i, "experts"), moe.get(i, "top_k"), moe.get(i, "source"));
      byKey.computeIfAbsent(key, k -> new TreeMap<>()).merge(tokensPerExpert, fraction, Math::max);
      familyOf.put(key, (dtype.equals("nvfp4") ? "nvfp4|" : "") + family(acc));
    }
    Map<String, List<List<double[]>>> seriesByFamily = new HashMap<>();
    byKey.forEach((key, curve) -> seriesByFamily.computeIfAbsent(familyOf.get(key), f -> new ArrayList<>())
        .add(points(curve)));
    seriesByFamily.forEach((f, series) -> {
      if (f.startsWith("nvfp4|")) {
        // NVFP4 (s14g): the fastest weight-read rate of any row, held at every count. The rows at more tokens per
        // expert include their grouped GEMMs' compute, which the roofline adds to the reads itself (gemmTime); at
        // 4 tokens per expert it is about 3% of the layer's time, so that row's rate is the weight stream alone
        double best = 0;
        for (List<double[]> one : series) {
          for (double[] point : one) {
            best = Math.max(best, point[1]);
          }
        }
        fusedMoeNvfp4BandwidthCurves.put(f.substring("nvfp4|".length()),
            ExpertTokenCurve.of(List.of(List.of(new double[] {1, best}))));
      } else {
        fusedMoeBandwidthCurves.put(f, ExpertTokenCurve.of(series));
      }
    });
  }

  /** Returns a sorted map's entries as {key, value} points, in key order. */
  private static List<double[]> points(TreeMap<Double, Double> curve) {
    List<double[]> points = new ArrayList<>();
    curve.forEach((x, y) -> points.add(new double[] {x, y}));
    return points;
  }

  private void loadGroupedGemmFp8(CsvTable moe, AcceleratorCatalog catalog) {
    // the fastest row at each count of tokens per group, by family
    Map<String, TreeMap<Double, Double>> envelope = new HashMap<>();
    for (int i = 0; i < moe.size(); i++) {
      String acc = moe.get(i, "accelerator");
      // compute-bound FP8 grouped GEMM kernels alone (DeepGEMM's H800 rows): their fraction of the FP8 peak
      if (catalog.find(acc).isEmpty() || !moe.get(i, "scope").equals("gemm_pure")
          || !moe.get(i, "dtype").equals("fp8") || !moe.get(i, "bound").equals("compute")) {
        continue;
      }
      FlopRate peak = catalog.get(acc).densePeaks().get(DType.FP8_E4M3);
      if (peak != null) {
        envelope.computeIfAbsent(family(acc), f -> new TreeMap<>()).merge(moe.number(i, "m_per_group"),
            Math.min(1, moe.number(i, "tflops") * 1e12 / peak.flopsPerSecond()), Math::max);
      }
    }
    envelope.forEach((f, best) -> groupedGemmFp8Curves.put(f, ExpertTokenCurve.of(List.of(points(best)))));
  }


  /**
   * Returns the fused kernel whose measured curve stands for the default kernel on an accelerator:
   * FlashAttention-2 where it (or its silicon family) was measured, else the first of the kernels
   * frameworks ship by default on that hardware that has rows (cuDNN / FlashAttention-3 / -4 on
   * NVIDIA, Pallas splash attention on TPUs, AITER's assembly FMHA v3 kernels on AMD Instinct: the kernels ROCm's
   * Transformer Engine runs with {@code NVTE_CK_USES_FWD_V3/BWD_V3=1}, measured in ROCm/aiter
   * {@code op_tests/cpp/mha/README.md}, s13r).
   *
   * @param acc the accelerator id
   * @return the kernel name, or empty when no fused-attention rows exist for it or its family
   */
  public Optional<String> defaultAttentionKernel(String acc) {
    return defaultAttentionKernel(acc, family(acc));
  }

  /**
   * As {@link #defaultAttentionKernel(String)}, for an accelerator's spec: its own rows by id, else its silicon
   * family's from the architecture it declares ({@link #family(AcceleratorSpec)}).
   *
   * @param a the accelerator
   * @return the kernel name, or empty when no fused-attention rows exist for it or its family
   */
  public Optional<String> defaultAttentionKernel(AcceleratorSpec a) {
    return defaultAttentionKernel(rowsId(a), family(a));
  }

  private Optional<String> defaultAttentionKernel(String acc, String accFamily) {
    for (String kernel : List.of("flash-attention-2", "cudnn", "flash-attention-3", "flash-attention-4",
        "splash-attention", "aiter-fmha-v3")) {
      for (AttentionRow r : attention) {
        if (r.kernel.equals(kernel) && (r.acc.equals(acc) || family(r.acc).equals(accFamily))) {
          return Optional.of(kernel);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Returns FlashAttention-1's curve relative to FlashAttention-2's on an accelerator (its own rows,
   * its family's, else the A100's): {@code {f1/f2, s½ of FlashAttention-1}}.
   *
   * @param a the accelerator
   * @return the ratio of asymptotic fractions and FlashAttention-1's half-saturation length
   */
  public double[] flash1RelativeToFlash2(AcceleratorSpec a) {
    return flash1.get(a, SpecKeyedCache.isBundled(a), this::computeFlash1).clone();
  }

  private double[] computeFlash1(AcceleratorSpec a) {
    FlopRate peak = a.peak(DType.BF16).orElse(a.peak(DType.FP16).orElse(FlopRate.ofTera(1)));
    Optional<double[]> one = attentionCurve(a, "flash-attention-1", 128, peak);
    Optional<double[]> two = attentionCurve(a, "flash-attention-2", 128, peak);
    if (one.isEmpty() || two.isEmpty()) {
      AcceleratorSpec a100 = AcceleratorCatalog.bundled().get("a100-sxm-80gb");
      one = attentionCurve(a100.id(), "flash-attention-1", 128, a100.requirePeak(DType.BF16));
      two = attentionCurve(a100.id(), "flash-attention-2", 128, a100.requirePeak(DType.BF16));
    }
    return new double[] {one.orElseThrow()[0] / two.orElseThrow()[0], one.orElseThrow()[1]};
  }

  /**
   * Returns the achieved fraction of a link's nominal per-GPU bandwidth that ring collectives
   * reach, from the accelerator's own system or else the mean over every measured system of that
   * link kind.
   *
   * @param acc the accelerator id
   * @param link {@code scale_up} or {@code scale_out}
   * @return the fraction and whether it is the accelerator's own (index 1: 1 own, 0 pooled)
   */
  public double[] linkFraction(String acc, String link) {
    return linkFraction(acc, family(acc), link);
  }

  /**
   * As {@link #linkFraction(String, String)}, for an accelerator's spec: its own system by id, else the best of its
   * silicon family's from the architecture it declares ({@link #family(AcceleratorSpec)}), else the mean.
   *
   * @param a the accelerator
   * @param link {@code scale_up}, {@code scale_out} or {@code pcie}
   * @return the fraction and whether it is measured on it or its family (index 1: 1 measured, 0 pooled)
   */
  public double[] linkFraction(AcceleratorSpec a, String link) {
    return linkFraction(rowsId(a), family(a), link);
  }

  /**
   * Returns where {@link #linkFraction(AcceleratorSpec, String)} takes its value from: the accelerator's own system,
   * its silicon family's, or the mean over measured systems of that link kind.
   *
   * @param a the accelerator
   * @param link {@code scale_up}, {@code scale_out} or {@code pcie}
   * @return the origin
   */
  public MeasurementOrigin linkOrigin(AcceleratorSpec a, String link) {
    return linkLookup(rowsId(a), family(a), link).origin();
  }

  /** Returns the best fraction of each measured accelerator over a link kind. */
  private Map<String, Double> linkFractionsByAccelerator(String link) {
    Map<String, Double> perAcc = new HashMap<>();
    for (LinkRow r : links) {
      if (r.link.equals(link)) {
        perAcc.merge(r.acc, r.fraction, Math::max);
      }
    }
    return perAcc;
  }

  private double[] linkFraction(String acc, String accFamily, String link) {
    Lookup l = linkLookup(acc, accFamily, link);
    return new double[] {l.value(), l.origin() == MeasurementOrigin.MEAN ? 0 : 1};
  }

  private Lookup linkLookup(String acc, String accFamily, String link) {
    double sum = 0;
    int count = 0;
    Map<String, Double> perAcc = linkFractionsByAccelerator(link);
    for (Map.Entry<String, Double> e : perAcc.entrySet()) {
      sum += e.getValue();
      count++;
    }
    Double own = perAcc.get(acc);
    if (own != null) {
      return new Lookup(own, MeasurementOrigin.OWN);
    }
    double best = -1;
    for (Map.Entry<String, Double> e : perAcc.entrySet()) {
      if (family(e.getKey()).equals(accFamily)) {
        best = Math.max(best, e.getValue());
      }
    }
    if (best >= 0) {
      return new Lookup(best, MeasurementOrigin.FAMILY);
    }
    if (count == 0) {
      throw new IllegalStateException("collectives.csv has no " + link + " rows");
    }
    return new Lookup(sum / count, MeasurementOrigin.MEAN);
  }

  /** Returns the ring-step latency over the scale-up fabric, seconds. */
  public double scaleUpLatencySeconds() {
    return scaleUpLatency;
  }

  /**
   * Returns the ring-step latency between the GPUs of one PCIe server (no NVLink), seconds: the
   * median over the PCIe systems of collectives.csv with a large-message rate, from their
   * 128 KiB–1 MiB all-reduce times.
   */
  public double pcieLatencySeconds() {
    return pcieLatency;
  }

  /** Returns the ring-step latency over the network, seconds. */
  public double scaleOutLatencySeconds() {
    return scaleOutLatency;
  }

  /** Returns a one-line summary of the derived values for an accelerator, for reports and tests. */
  public String describe(AcceleratorSpec a) {
    boolean pcie = a.scaleUpOverPcie();
    return String.format(Locale.ROOT, "%s: GEMM bf16 %.3f (d½ %.0f), HBM %s, %s %.3f, network %.3f,"
            + " latency %.1f/%.1f us", a.id(), gemmPeakFraction(a, DType.BF16).orElse(Double.NaN), gemmHalfSaturationDim,
        memoryBandwidthFraction(a), pcie ? a.scaleUpLink() : "NVLink", linkFraction(a, pcie ? "pcie" : "scale_up")[0],
        linkFraction(a, "scale_out")[0], (pcie ? pcieLatency : scaleUpLatency) * 1e6, scaleOutLatency * 1e6);
  }
}
