package dev.llmcost.costmodel.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.DType;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.internal.training.CsvTable;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Absorbed latent-attention (MLA) decode at the rate FlashMLA measures: DeepSeek-V3's decode attention
 * against the MLA rows of {@code decode-attention.csv}.
 */
class LatentDecodeAttentionTest {

  private static final InferenceCostModel MODEL = InferenceCostModel.calibrated();
  private static final ModelArchitecture V3 = ModelCatalog.bundled().get("deepseek-v3");
  private static final AcceleratorSpec H100 = AcceleratorCatalog.bundled().get("h100-sxm");

  /** Returns one decode step's attention operator of DeepSeek-V3 on the accelerator. */
  private static OperatorCost attention(
      AcceleratorSpec acc, int tp, boolean dp, int batch, long context, InferenceAttentionKernel kernel) {
    InferenceScenario.Builder b = InferenceScenario.builder(V3, acc).tp(tp).kvCache(DType.BF16).batch(batch)
        .inputTokens((int) context).outputTokens(1).attention(kernel);
    if (dp) {
      b.ep(tp).attentionDataParallel(true);
    }
    PhaseCost step = MODEL.decodeStep(b.build(), context);
    return step.operators().stream().filter(o -> o.group() == OperatorGroup.ATTENTION).findFirst().orElseThrow();
  }

  @Test
  void theMeasuredH100RowsAreTheirOwnArithmeticAndTheModelMatchesThemMemoryBound() {
    CsvTable t = CsvTable.read(InferenceCostModel.class, "/dev/llmcost/costmodel/efficiency/decode-attention.csv");
    StringBuilder sb = new StringBuilder("FlashMLA on H100 (b 128, mean_sk 4096, bf16 latent): measured against"
        + " the model's decode attention per layer\n");
    int checked = 0;
    for (int i = 0; i < t.size(); i++) {
      if (!t.get(i, "accelerator").equals("h100-sxm") || !t.get(i, "kernel").equals("flashmla")) {
        continue;
      }
      int heads = (int) t.number(i, "q_heads");
      int batch = (int) t.number(i, "batch");
      long context = (long) t.number(i, "context");
      double seconds = t.number(i, "time_ms") * 1e-3;
      // the row's own arithmetic: one latent of 576 bf16 values per token, 2 (576 + 512) FLOPs per head
      assertThat(t.number(i, "kv_bytes")).isEqualTo(batch * context * 576.0 * 2);
      assertThat(t.number(i, "flops")).isEqualTo(batch * context * heads * 2.0 * (576 + 512));
      assertThat(t.number(i, "achieved_tbps")).isCloseTo(t.number(i, "kv_bytes") / seconds / 1e12, within(0.01));
      assertThat(t.number(i, "achieved_tflops")).isCloseTo(t.number(i, "flops") / seconds / 1e12, within(0.1));
      // DeepSeek-V3's 128 heads over tp GPUs leave the row's heads on each
      OperatorCost a = attention(H100, 128 / heads, false, batch, context, InferenceAttentionKernel.FLASH);
      double perLayer = a.seconds() / V3.attentionLayers();
      assertThat(a.memorySeconds()).as("%d heads memory-bound", heads).isGreaterThanOrEqualTo(a.computeSeconds());
      // the model's bandwidth is the calibrated 92.4% of 3.35 TB/s; FlashMLA's first release reached 81-84%
      assertThat(perLayer / seconds - 1).as("%d heads", heads).isBetween(-0.15, 0.0);
      sb.append(String.format(Locale.ROOT, "  %3d heads: measured %.3f ms, model %.3f ms (%+.1f%%)%n", heads,
          seconds * 1e3, perLayer * 1e3, 100 * (perLayer / seconds - 1)));
      checked++;
    }
    System.out.print(sb);
    assertThat(checked).isEqualTo(3);
  }

  @Test
  void allHeadsOnOneGpuAreComputeBoundAtFlashMlasMeasuredRate() {
    // DeepSeek-V3 with attention data parallelism (SGLang's decode: 256 sequences of 2,000 tokens per GPU):
    // 128 query rows fill two 64-row blocks, at 660 / 989.4 of the bf16 peak (FlashMLA on H800)
    OperatorCost flash = attention(H100, 8, true, 8 * 256, 2000, InferenceAttentionKernel.FLASH);
    double rate = flash.flops() / flash.computeSeconds();
    assertThat(rate / 1e12).isCloseTo(660, within(1.0));
    assertThat(flash.computeSeconds()).isGreaterThan(flash.memorySeconds());
    // TensorRT-LLM's backend keeps the former rate (the GEMM curve at 128 rows): slower
    OperatorCost trt = attention(H100, 8, true, 8 * 256, 2000, InferenceAttentionKernel.TRTLLM_XQA);
    assertThat(trt.flops()).isEqualTo(flash.flops());
    assertThat(trt.seconds()).isGreaterThan(flash.seconds());
    // with tensor parallelism 8 the GPU's 16 heads fill a quarter of one block: a quarter of the rate
    OperatorCost tp8 = attention(H100, 8, false, 256, 2000, InferenceAttentionKernel.FLASH);
    assertThat(tp8.flops() / tp8.computeSeconds() / 1e12).isCloseTo(165, within(1.0));
    // and the assumption names the kernel and its rate
    InferenceScenario s = InferenceScenario.builder(V3, H100).tp(8).ep(8).attentionDataParallel(true).batch(64)
        .inputTokens(1000).outputTokens(1000).build();
    assertThat(MODEL.estimate(s).assumptions()).anyMatch(x -> x.startsWith("absorbed latent-attention decode")
        && x.contains("128/128") && x.contains("at 660 TFLOP/s, the higher of"));
  }
}
