package dev.llmcost.costmodel.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.core.DType;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.MultiHeadAttention;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.api.Test;

class KvCacheSizeTest {

  private static ModelArchitecture model(String id) {
    return ModelCatalog.bundled().get(id);
  }

  @ParameterizedTest(name = "{0} {1}: {2} bytes per token")
  @CsvFileSource(resources = "kv-cache-per-token.csv", numLinesToSkip = 1)
  void bytesPerTokenMatchTheConfigs(String id, String dtype, long expected, String formula, String source) {
    long actual = KvCacheSize.bytesPerToken(model(id), DType.parse(dtype));
    System.out.printf("%-16s %-5s %,10d bytes/token  (%s; %s)%n", id, dtype, actual, formula, source);
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void deepSeekV3LatentCacheIs70272BytesPerTokenInBf16() {
    assertThat(KvCacheSize.bytesPerToken(model("deepseek-v3"), DType.BF16)).isEqualTo(61L * (512 + 64) * 2);
    assertThat(61L * (512 + 64) * 2).isEqualTo(70_272);
  }

  @Test
  void groupedQueryAttentionCountsKeyValueHeadsNotQueryHeads() {
    ModelArchitecture gqa = model("llama-3.1-8b");
    MultiHeadAttention m = (MultiHeadAttention) gqa.attention();
    long asIfMha = (long) gqa.layers() * 2 * m.heads() * m.headDim() * 2;
    assertThat(KvCacheSize.bytesPerToken(gqa, DType.BF16) * m.groupSize()).isEqualTo(asIfMha);
    assertThat(m.groupSize()).isEqualTo(4);
  }

  @Test
  void slidingWindowLayersStopGrowingAtTheWindow() {
    ModelArchitecture mistral = model("mistral-7b-v0.1");
    long perToken = KvCacheSize.bytesPerToken(mistral, DType.BF16);
    assertThat(KvCacheSize.bytesPerSequence(mistral, DType.BF16, 1000)).isEqualTo(1000 * perToken);
    assertThat(KvCacheSize.bytesPerSequence(mistral, DType.BF16, 32768)).isEqualTo(4096 * perToken);

    ModelArchitecture gemma2 = model("gemma-2-9b");
    MultiHeadAttention g = (MultiHeadAttention) gemma2.attention();
    long perLayer = 2L * g.kvHeads() * g.headDim() * 2;
    int windowed = g.slidingWindowLayers();
    int full = gemma2.layers() - windowed;
    assertThat(windowed).isPositive().isLessThan(gemma2.layers());
    assertThat(KvCacheSize.bytesPerSequence(gemma2, DType.BF16, 8192))
        .isEqualTo(perLayer * (8192L * full + (long) g.slidingWindow() * windowed));
  }

  @Test
  void tensorParallelismSplitsKeyValueHeadsAndReplicatesThemBeyondTheirCount() {
    ModelArchitecture m = model("llama-3.1-70b");
    long all = KvCacheSize.bytesPerToken(m, DType.BF16);
    assertThat(KvCacheSize.bytesPerTokenPerGpu(m, DType.BF16, 4, 1)).isEqualTo(all / 4);
    assertThat(KvCacheSize.bytesPerTokenPerGpu(m, DType.BF16, 8, 1)).isEqualTo(all / 8);
    // 16 GPUs, 8 KV heads: each GPU still holds a whole head
    assertThat(KvCacheSize.kvHeadsPerGpu(m, 16)).isEqualTo(1);
    assertThat(KvCacheSize.bytesPerTokenPerGpu(m, DType.BF16, 16, 1)).isEqualTo(all / 8);
    // pipeline stages split the layers
    assertThat(KvCacheSize.bytesPerTokenPerGpu(m, DType.BF16, 8, 2)).isEqualTo(all / 16);
  }

  @Test
  void latentCacheIsWholeOnEveryGpu() {
    ModelArchitecture ds = model("deepseek-v3");
    assertThat(KvCacheSize.bytesPerTokenPerGpu(ds, DType.BF16, 8, 1))
        .isEqualTo(KvCacheSize.bytesPerToken(ds, DType.BF16));
  }
}
