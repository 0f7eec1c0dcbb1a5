package dev.llmcost.costmodel.internal.efficiency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.DType;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class MicrobenchmarksTest {
  final Microbenchmarks mb = Microbenchmarks.bundled();

  @Test
  void printsWhatItDerivesForEveryCatalogAccelerator() {
    for (AcceleratorSpec a : AcceleratorCatalog.bundled().all()) {
      System.out.println(mb.describe(a));
    }
    System.out.printf(Locale.ROOT, "GEMM half-saturation %.0f%n", mb.gemmHalfSaturationDim());
  }

  @Test
  void bestShapeRowsSetTheGemmFractions() {
    AcceleratorSpec a100 = AcceleratorCatalog.bundled().get("a100-sxm-80gb");
    AcceleratorSpec h100 = AcceleratorCatalog.bundled().get("h100-sxm");
    // ml-engineering's maximum achievable matmul: A100 271.2 of 312, H100 794.5 of 989.4 TFLOP/s
    assertThat(mb.gemmPeakFraction(a100, DType.BF16).orElseThrow()).isBetween(271.2 / 312, 1.0);
    assertThat(mb.gemmPeakFraction(h100, DType.BF16).orElseThrow()).isBetween(794.5 / 989.4, 1.0);
  }

  @Test
  void aBestShapeRowWithoutItsShapeSetsOnlyTheAsymptote() {
    AcceleratorSpec l40s = AcceleratorCatalog.bundled().get("l40s");
    AcceleratorSpec l4 = AcceleratorCatalog.bundled().get("l4");
    // torch-performance-test-data: L40S 269.15 of 362.05 (best of five square sizes, size not published),
    // L4 70.89 of 121 at 2048^3
    assertThat(mb.hasOwnGemmRows("l40s", DType.BF16)).isTrue();
    assertThat(mb.gemmPeakFraction(l40s, DType.BF16).orElseThrow()).isCloseTo(269.15 / 362.05, within(1e-12));
    assertThat(mb.gemmPeakFraction(l4, DType.BF16).orElseThrow()).isCloseTo(70.89 / 121, within(1e-12));
    assertThat(mb.gemmHalfSaturationDim()).isFinite();
  }

  @Test
  void aStreamingReadRowSetsTheBandwidthOfAnAcceleratorWithoutGemvRows() {
    // gpu-stream's read kernel on the L40 (the L40S's die and GDDR6): 845 of 864 GB/s
    assertThat(mb.memoryBandwidthFraction("l40s").orElseThrow()).isCloseTo(845.0 / 864, within(1e-12));
    // an accelerator with neither takes the mean GEMV fraction of the measured ones
    assertThat(mb.memoryBandwidthFraction("a10").orElseThrow()).isLessThan(845.0 / 864);
  }

  @Test
  void amdInstinctPartsTakeAitersMeasuredAttentionAndTheMi300xItsStreamingBandwidth() {
    // s13r: ROCm/aiter op_tests/cpp/mha/README.md, causal hd128 batch 4 x 32/8 heads; fwd+bwd = 3.5 / (1/f + 2.5/b)
    // at 8k: MI300X fwd 547.09, bwd (a32) 422.835; MI355X fwd 1318.92, bwd (a16) 1069.935 TFLOP/s
    for (String[] part : new String[][] {{"mi300x", "547.09", "422.835"}, {"mi355x", "1318.92", "1069.935"}}) {
      AcceleratorSpec a = AcceleratorCatalog.bundled().get(part[0]);
      double peak = a.requirePeak(DType.BF16).flopsPerSecond() / 1e12;
      double[] c = mb.attentionCurve(a, "aiter-fmha-v3", 128, a.requirePeak(DType.BF16)).orElseThrow();
      double measured = 3.5 / (1 / Double.parseDouble(part[1]) + 2.5 / Double.parseDouble(part[2]));
      assertThat(peak * c[0] * 8192 / (8192 + c[1])).isCloseTo(measured, within(measured * 0.08));
    }
    for (String id : new String[] {"mi300x", "mi325x", "mi355x", "mi350x"}) {
      assertThat(mb.defaultAttentionKernel(AcceleratorCatalog.bundled().get(id))).contains("aiter-fmha-v3");
    }
    assertThat(mb.defaultAttentionKernel(AcceleratorCatalog.bundled().get("h100-sxm"))).contains("flash-attention-2");
    // RRZE-HPC/gpu-benches gpu-stream on the MI300X: read 4,199 of 5,300 GB/s (no GEMV row of its own)
    assertThat(mb.memoryBandwidthFraction("mi300x").orElseThrow()).isCloseTo(4199.0 / 5300, within(1e-12));
  }

  @Test
  void attentionCurveFollowsTheFlashAttention2Table() {
    AcceleratorSpec a100 = AcceleratorCatalog.bundled().get("a100-sxm-80gb");
    double[] c = mb.attentionCurve("a100-sxm-80gb", "flash-attention-2", 128, a100.requirePeak(DType.BF16)).orElseThrow();
    double at2k = 312 * c[0] * 2048 / (2048 + c[1]);
    double at8k = 312 * c[0] * 8192 / (8192 + c[1]);
    System.out.printf(Locale.ROOT, "A100 FA2 causal hd128: f %.3f s½ %.0f -> 2k %.0f 8k %.0f TFLOP/s%n", c[0], c[1], at2k, at8k);
    assertThat(at2k).isCloseTo(155, within(155 * 0.08)); // FA2 paper Fig. 4: 155 at 2k, 182 at 8k
    assertThat(at8k).isCloseTo(182, within(182 * 0.08));
  }

  @Test
  void hopperFlashAttention2CurveBeyondItsLastRowMeetsTheRatesMeasuredAt32kAnd64k() {
    // attention.csv's H100 FlashAttention-2 rows stop at 16k (FlashAttention-2 paper); beyond that the curve
    // saturates. NVIDIA/cudnn-frontend benchmark/benchmark_results.csv (de355c7, 2024-09-23; b740542, 2024-05-07)
    // measured PyTorch SDPA's flash backend (FlashAttention-2; nvcr.io/nvidia/pytorch:24.07-py3) fwd+bwd, bf16,
    // causal, head dim 128, 16 heads, batch 1, on a Hopper part clock-locked as its README's H200 example:
    // 324.62 / 328.09 TFLOP/s at 32k / 64k (324.81 / 328.50 in the May run), FLOPs counted as attention.csv counts them
    AcceleratorSpec h100 = AcceleratorCatalog.bundled().get("h100-sxm");
    double[] c = mb.attentionCurve(h100, "flash-attention-2", 128, h100.requirePeak(DType.BF16)).orElseThrow();
    double peak = h100.requirePeak(DType.BF16).flopsPerSecond() / 1e12;
    double at32k = peak * c[0] * 32768 / (32768 + c[1]);
    double at64k = peak * c[0] * 65536 / (65536 + c[1]);
    System.out.printf(Locale.ROOT, "H100 FA2 causal hd128 beyond its rows: 32k %.1f 64k %.1f TFLOP/s%n", at32k, at64k);
    assertThat(at32k).isCloseTo(324.62, within(324.62 * 0.03));
    assertThat(at64k).isCloseTo(328.09, within(328.09 * 0.03));
  }

  @Test
  void attentionForwardCurveFollowsTheMeasuredForwardRowsOnly() {
    AcceleratorSpec h100 = AcceleratorCatalog.bundled().get("h100-sxm");
    AcceleratorSpec b200 = AcceleratorCatalog.bundled().get("b200");
    double[] h = mb.attentionForwardCurve("h100-sxm", "cudnn", 128, h100.requirePeak(DType.BF16)).orElseThrow();
    double[] b = mb.attentionForwardCurve("b200", "cudnn", 128, b200.requirePeak(DType.BF16)).orElseThrow();
    double h2k = 989.4 * h[0] * 2048 / (2048 + h[1]);
    double h16k = 989.4 * h[0] * 16384 / (16384 + h[1]);
    double b2k = 2250 * b[0] * 2048 / (2048 + b[1]);
    double b16k = 2250 * b[0] * 16384 / (16384 + b[1]);
    System.out.printf(Locale.ROOT, "cuDNN causal forward hd128: H100 2k %.0f 16k %.0f, B200 2k %.0f 16k %.0f TFLOP/s%n",
        h2k, h16k, b2k, b16k);
    // attention.csv's forward rows: H100 484 at 2k and 539 at 16k; B200 479 at 2k and 1,332 at 16k
    assertThat(h2k).isCloseTo(484, within(484 * 0.10));
    assertThat(h16k).isCloseTo(539, within(539 * 0.10));
    assertThat(b2k).isCloseTo(479, within(479 * 0.15));
    assertThat(b16k).isCloseTo(1332, within(1332 * 0.10));
    // H200 is H100 silicon: it takes the family's rows; the A100 has fwd+bwd rows only
    assertThat(mb.attentionForwardCurve("h200-sxm", "cudnn", 128, h100.requirePeak(DType.BF16))).isPresent();
    assertThat(mb.attentionForwardCurve("a100-sxm-80gb", "cudnn", 128,
        AcceleratorCatalog.bundled().get("a100-sxm-80gb").requirePeak(DType.BF16))).isEmpty();
    assertThat(mb.attentionForwardCurve("a100-sxm-80gb", "flash-attention-2", 128,
        AcceleratorCatalog.bundled().get("a100-sxm-80gb").requirePeak(DType.BF16))).isEmpty();
  }

  @Test
  void gb200TakesB200sAttentionRowsAtTheMeasuredGemmRatioNotThePeakRatio() {
    AcceleratorSpec b200 = AcceleratorCatalog.bundled().get("b200");
    AcceleratorSpec gb200 = AcceleratorCatalog.bundled().get("gb200");
    double[] b = mb.attentionCurve("b200", "cudnn", 128, b200.requirePeak(DType.BF16)).orElseThrow();
    double[] g = mb.attentionCurve("gb200", "cudnn", 128, gb200.requirePeak(DType.BF16)).orElseThrow();
    // same silicon: the same half-saturation length; the rate at 1822 / 1745 of B200's (best-shape bf16 GEMMs,
    // gemm.csv), not at the datasheet peaks' 2500 / 2250
    assertThat(g[1]).isEqualTo(b[1]);
    assertThat(2500 * g[0] / (2250 * b[0])).isCloseTo(1822.0 / 1745.0, within(0.001));
    // the forward curve inference prefill uses keeps the peak transfer: the same fraction of each part's peak
    double[] bf = mb.attentionForwardCurve("b200", "cudnn", 128, b200.requirePeak(DType.BF16)).orElseThrow();
    double[] gf = mb.attentionForwardCurve("gb200", "cudnn", 128, gb200.requirePeak(DType.BF16)).orElseThrow();
    assertThat(gf[0]).isCloseTo(bf[0], within(1e-9));
  }

  @Test
  void linkFractionsAreFractions() {
    for (AcceleratorSpec a : AcceleratorCatalog.bundled().all()) {
      assertThat(mb.linkFraction(a.id(), "scale_up")[0]).isBetween(0.3, 1.0);
      assertThat(mb.linkFraction(a.id(), "scale_out")[0]).isBetween(0.3, 1.0);
    }
    assertThat(mb.scaleUpLatencySeconds()).isBetween(1e-7, 1e-4);
    assertThat(mb.scaleOutLatencySeconds()).isBetween(1e-7, 1e-3);
  }

  @Test
  void pcieServersSetTheirOwnFractionAndStepLatency() {
    // the peak busbw of each accelerator's PCIe Gen5 servers over 64 GB/s, averaged over accelerators:
    // RTX 5090 35/64 (nccl issue 1639, 4 GPUs; 28 at 8), RTX PRO 6000 41.1/64 (rtx6kpro, 3 switches)
    assertThat(mb.linkFraction("l40s", "pcie")[0]).isCloseTo((35.0 / 64 + 41.1 / 64) / 2, within(1e-9));
    assertThat(mb.linkFraction("l40s", "pcie")[1]).isZero();
    // luke's 256 KiB NCCL all-reduce on 8 GPUs took 28.0 us: 14 ring steps after 2(n-1)/n S at 41.1 GB/s;
    // the V100 server has no large-message rate and sets no latency
    double alpha = (28.0e-6 - 262144 * 1.75 / 41.1e9) / 14;
    assertThat(mb.pcieLatencySeconds()).isCloseTo(alpha, within(1e-9));
    // NVLink parts keep the NVLink rows
    assertThat(mb.linkFraction("h100-sxm", "scale_up")[1]).isEqualTo(1);
  }

  @Test
  void decodeAttentionRunsOnTensorCoresAtFlashMlasMeasuredFraction() {
    // FlashMLA's dense MLA decoding: 660 TFLOP/s computation-bound on H800 SXM5 (989.4 TFLOP/s bf16)
    assertThat(mb.decodeAttentionTensorFraction("h800-sxm").orElseThrow()).isCloseTo(660 / 989.4, within(1e-9));
    assertThat(mb.decodeAttentionTensorFraction("h200-sxm").orElseThrow()).isCloseTo(660 / 989.4, within(1e-9));
    // Blackwell has no computation-bound row of a dense decode kernel: Hopper's fraction (FlashMLA's B200
    // figure is its sparse kernel, which does not count)
    assertThat(mb.decodeAttentionTensorFraction("b200").orElseThrow()).isCloseTo(660 / 989.4, within(1e-9));
    assertThat(mb.decodeAttentionTensorFraction("a100-sxm-80gb")).isEmpty();
    assertThat(mb.decodeAttentionTensorFraction("mi300x")).isEmpty();
  }

  @Test
  void theMeasuredB200DecodeRowsAreMemoryBoundAtTheTensorCoreCeilingAndNotAtTheFp32Peak() {
    AcceleratorSpec b200 = AcceleratorCatalog.bundled().get("b200");
    double fraction = mb.decodeAttentionTensorFraction("b200").orElseThrow();
    double tensor = b200.requirePeak(DType.BF16).flopsPerSecond() * fraction; // group 8: full 8-row granule
    double fp32 = b200.requirePeak(DType.FP32).flopsPerSecond();
    dev.llmcost.costmodel.internal.training.CsvTable t = dev.llmcost.costmodel.internal.training.CsvTable.read(
        Microbenchmarks.class, "/dev/llmcost/costmodel/efficiency/decode-attention.csv");
    int checked = 0;
    for (int i = 0; i < t.size(); i++) {
      if (!t.get(i, "accelerator").equals("b200") || !t.get(i, "bound").equals("memory")) {
        continue;
      }
      double seconds = t.number(i, "time_ms") * 1e-3;
      double flops = t.number(i, "flops");
      double bytes = t.number(i, "kv_bytes");
      // the recorded figures are the row's own arithmetic
      assertThat(t.number(i, "achieved_tbps")).isCloseTo(bytes / seconds / 1e12, within(0.01));
      assertThat(t.number(i, "achieved_tflops")).isCloseTo(flops / seconds / 1e12, within(0.1));
      // the tensor-core ceiling leaves each measured time to the bytes: compute takes under a tenth of it
      assertThat(flops / tensor).isLessThan(0.1 * seconds);
      checked++;
    }
    assertThat(checked).isEqualTo(5);
    // vLLM PR 23647, 256 sequences of up to 2,048 tokens, FP8: 0.111 ms, 0.070 ms above the one-sequence floor
    // (0.041); the FP32 peak would need more than that for the 8.6 GFLOP, so decode attention is not FP32-bound
    assertThat(8589934592.0 / fp32).isGreaterThan(0.111e-3 - 0.041e-3);
  }

  // s11l: curves were cached by id and peak for good, one entry per spec built in code
  @org.junit.jupiter.api.Test
  void buildingManyDistinctSpecsDoesNotGrowTheCurveCache() {
    Microbenchmarks mb = Microbenchmarks.bundled();
    dev.llmcost.core.hardware.AcceleratorSpec h100 = dev.llmcost.core.hardware.AcceleratorCatalog.bundled().get("h100-sxm");
    dev.llmcost.core.FlopRate peak = h100.requirePeak(dev.llmcost.core.DType.BF16);
    double[] bundled = mb.attentionCurve(h100, "flash-attention-2", 128, peak).orElseThrow();
    mb.flash1RelativeToFlash2(h100);
    // every kind of curve the loop asks for is cached once for the bundled part first, so the count does not
    // depend on which tests ran before this one in the same JVM (run alone, the cuDNN forward curve was new)
    mb.attentionForwardCurve(h100, "cudnn", 128, peak);
    int before = mb.cachedCurves();
    double[] mine = null;
    for (int i = 0; i < 300; i++) {
      dev.llmcost.core.hardware.AcceleratorSpec spec = h100.toBuilder().id("s11l-curve-" + i).build();
      double[] c = mb.attentionCurve(spec, "flash-attention-2", 128, peak).orElseThrow();
      mb.attentionForwardCurve(spec, "cudnn", 128, peak);
      mb.flash1RelativeToFlash2(spec);
      mine = mine == null ? c : mine;
      // the same measurements (the Hopper family's) whatever the id: the values do not depend on the cache
      assertThat(c).containsExactly(mine);
    }
    assertThat(mb.cachedCurves()).isLessThanOrEqualTo(before + 2 * SpecKeyedCache.OTHER_CAPACITY);
    assertThat(mb.attentionCurve(h100, "flash-attention-2", 128, peak).orElseThrow()).containsExactly(bundled);
  }

  // s12l: a copy of a catalog part under an id of its own took its family's best rows, not the part's own
  @Test
  void aCopyOfEveryCatalogPartReadsThatPartsRowsAndEveryPartItsOwn() {
    for (AcceleratorSpec a : AcceleratorCatalog.bundled().all()) {
      // no bundled part is identical to another: each reads its own id, so no bundled estimate moves
      assertThat(mb.rowsId(a)).as(a.id()).isEqualTo(a.id());
      AcceleratorSpec copy = a.toBuilder().id("s12l-copy-of-" + a.id()).name("copy").build();
      assertThat(mb.rowsId(copy)).as(a.id()).isEqualTo(a.id());
      assertThat(mb.describe(copy)).as(a.id()).isEqualTo(mb.describe(a).replace(a.id() + ":", copy.id() + ":"));
      for (DType t : a.densePeaks().keySet()) {
        assertThat(mb.gemmPeakFraction(copy, t)).as(a.id() + " " + t).isEqualTo(mb.gemmPeakFraction(a, t));
      }
      assertThat(mb.memoryBandwidthOrigin(copy)).as(a.id()).isEqualTo(mb.memoryBandwidthOrigin(a));
      assertThat(mb.flash1RelativeToFlash2(copy)).as(a.id()).containsExactly(mb.flash1RelativeToFlash2(a));
    }
    // FP8: h100-sxm's own best row, not DeepGEMM's H800 row that its family's envelope holds
    AcceleratorSpec h100 = AcceleratorCatalog.bundled().get("h100-sxm");
    AcceleratorSpec copy = h100.toBuilder().id("s12l-my-h100").build();
    assertThat(mb.gemmPeakFraction(copy, DType.FP8_E4M3)).isEqualTo(mb.gemmPeakFraction(h100, DType.FP8_E4M3));
    assertThat(mb.gemmPeakFraction(copy.toBuilder().tdpWatts(699).build(), DType.FP8_E4M3).orElseThrow())
        .isGreaterThan(mb.gemmPeakFraction(h100, DType.FP8_E4M3).orElseThrow());
  }
}
