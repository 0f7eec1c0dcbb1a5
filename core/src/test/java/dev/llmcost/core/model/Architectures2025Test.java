package dev.llmcost.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.DType;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The families of 2025: hand derivations of their exact counts from the modeling code's module
 * shapes, published totals with explicit tolerances, and KV-cache sizes per attention variant.
 */
class Architectures2025Test {

  static ModelArchitecture config(String name) throws IOException {
    try (InputStream in = Architectures2025Test.class.getResourceAsStream("configs/" + name + "/config.json")) {
      return HuggingFaceConfigs.read(Objects.requireNonNull(in, name), name, name);
    }
  }

  @Test
  void gptOss120bByHand() throws IOException {
    long h = 2880, layers = 36, experts = 128, inter = 2880, vocab = 201088;
    long q = 64 * 64, kv = 8 * 64;
    long attention = h * q + 2 * h * kv + q * h + (q + 2 * kv + h) + 64; // projections, biases, sinks
    long expert = 3 * h * inter + 2 * inter + h; // gate_up and down with biases
    long router = h * experts + experts;
    long expected = 2 * vocab * h + layers * (attention + 2 * h + router + experts * expert) + h;
    ModelArchitecture a = config("gpt-oss-120b");
    assertThat(a.parameterCounts().total().value()).isEqualTo(expected).isEqualTo(116_829_156_672L);
    // the model card's breakdown: MLP 114.71B, attention 0.96B, embed + unembed 1.16B
    ParameterCounts p = a.parameterCounts();
    assertThat(p.of(ComponentRole.ROUTED_EXPERTS).plus(p.of(ComponentRole.ROUTER)).value() / 1e9).isCloseTo(114.71, org.assertj.core.data.Offset.offset(0.005));
    assertThat(p.of(ComponentRole.ATTENTION).value() / 1e9).isCloseTo(0.96, org.assertj.core.data.Offset.offset(0.005));
    assertThat(a.attentionSinks()).isTrue();
    assertThat(a.layersOf(LayerMixer.SLIDING_ATTENTION)).isEqualTo(18);
    assertThat(a.layerPattern().get(0).mixer()).isEqualTo(LayerMixer.SLIDING_ATTENTION);
    assertThat(a.layerPattern().get(1).mixer()).isEqualTo(LayerMixer.FULL_ATTENTION);
    assertThat(a.expertDtype()).isEqualTo(DType.FP4);
    // MXFP4 experts (4.25 bits) and bf16 rest: the checkpoint is about 65 GB
    assertThat(a.checkpointSize().bytes() / 1e9).isBetween(64.5, 65.5);
  }

  @Test
  void qwen3NextByHand() throws IOException {
    long h = 2048, vocab = 151936;
    long keyWidth = 16 * 128, valueWidth = 32 * 128;
    long deltaNet = h * (2 * keyWidth + 2 * valueWidth) + h * 2 * 32 + (2 * keyWidth + valueWidth) * 4
        + 32 + 32 + 128 + valueWidth * h;
    long attention = h * (16 * 256 * 2) + 2 * h * (2 * 256) + 16 * 256 * h + 2 * 256;
    long moe = h * 512 + 512 * (3 * h * 512) + (3 * h * 512 + h);
    long expected = 2 * vocab * h + 36 * deltaNet + 12 * attention + 48 * (2 * h + moe) + h;
    ModelArchitecture a = config("Qwen3-Next-80B-A3B-Instruct");
    assertThat(a.parameterCounts().total().value()).isEqualTo(expected);
    assertThat(a.layersOf(LayerMixer.LINEAR_ATTENTION)).isEqualTo(36);
    assertThat(a.layerPattern().get(3).mixer()).isEqualTo(LayerMixer.FULL_ATTENTION);
    // only 12 layers cache keys and values: 2 KV heads × 256 × 2
    assertThat(a.kvCacheElementsPerToken()).isEqualTo(12L * 2 * 2 * 256);
    // each DeltaNet layer keeps 32 heads × 128 × 128 plus 3 conv taps of 8192 channels
    assertThat(a.recurrentStateElements()).isEqualTo(36L * (32 * 128 * 128 + 8192 * 3));
  }

  @Test
  void llama4ScoutLanguageModelByHand() throws IOException {
    long h = 5120, vocab = 202048, expertInter = 8192;
    long attention = h * 5120 + 2 * h * 1024 + 5120 * h;
    long moe = h * 16 + 16 * 3 * h * expertInter + 3 * h * expertInter;
    long expected = 2 * vocab * h + 48 * (attention + 2 * h + moe) + h;
    ModelArchitecture a = config("Llama-4-Scout-17B-16E");
    assertThat(a.parameterCounts().total().minus(a.parameterCounts().of(ComponentRole.VISION)).value()).isEqualTo(expected);
    assertThat(a.parameterCounts().active().value() / 1e9).isCloseTo(17.0, org.assertj.core.data.Offset.offset(0.2));
    // the vision tower (Llama4VisionModel): unfold projection, class row, 577 positions, LayerNorm
    // pre/post, 34 blocks with biased q/k/v/o and fc1/fc2; pixel-shuffle adapter; projector to 5120
    long vh = 1408, vi = 5632;
    long block = 4 * (vh * vh + vh) + (vh * vi + vi) + (vi * vh + vh) + 4 * vh;
    long vision = 3 * 14 * 14 * vh + vh + 577 * vh + 4 * vh + 34 * block + (vi * 4096 + 4096L * 4096) + 4096 * h;
    assertThat(a.parameterCounts().of(ComponentRole.VISION).value()).isEqualTo(vision);
    assertThat(a.parameterCounts().total().value()).isEqualTo(expected + vision);
    // every 4th layer is NoPE with full attention; the others attend within 8192-token chunks
    assertThat(a.layerPattern().get(3).rotary()).isFalse();
    assertThat(a.layerPattern().get(3).mixer()).isEqualTo(LayerMixer.FULL_ATTENTION);
    assertThat(a.layerPattern().get(0).mixer()).isEqualTo(LayerMixer.CHUNKED_ATTENTION);
    assertThat(a.kvCacheElementsPerSequence(131072)).isEqualTo(2L * 8 * 128 * (36L * 8192 + 12L * 131072));
    ModelArchitecture maverick = config("Llama-4-Maverick-17B-128E");
    assertThat(maverick.moeLayers()).isEqualTo(24);
    assertThat(maverick.denseLayers()).isEqualTo(24);
  }

  @Test
  void nemotronHasANonGatedSquaredReluMlpNot471Billion() throws IOException {
    long h = 18432, vocab = 256000, inter = 73728;
    long attention = h * h + 2 * h * (8 * 192) + h * h;
    long expected = 2 * vocab * h + 96 * (attention + 2 * 2 * h + 2 * h * inter) + 2 * h;
    ModelArchitecture a = config("Nemotron-4-340B-Base");
    assertThat(a.feedForward().gated()).isFalse();
    assertThat(a.feedForward().activation()).isEqualTo("relu2");
    assertThat(a.parameterCounts().total().value()).isEqualTo(expected);
    assertThat(expected / 1e9).isCloseTo(341.0, org.assertj.core.data.Offset.offset(0.1));
  }

  /**
   * The catalog's Nemotron-4 15B (train10f, for NeMo's performance tables): NeMo's Nemotron4Config15B with the
   * Nemotron MLP; the report (arXiv:2402.16819) gives 3.2B embedding and 12.5B non-embedding parameters.
   */
  @Test
  void nemotron4With15BillionFromNemosConfig() {
    long h = 6144, vocab = 256000, inter = 24576;
    long attention = h * h + 2 * h * (8 * 128) + h * h;
    long expected = 2 * vocab * h + 32 * (attention + 2 * 2 * h + 2 * h * inter) + 2 * h;
    ModelArchitecture a = dev.llmcost.core.model.ModelCatalog.bundled().get("nemotron-4-15b");
    assertThat(a.feedForward().gated()).isFalse();
    assertThat(a.parameterCounts().total().value()).isEqualTo(expected);
    assertThat(2 * vocab * h / 1e9).isCloseTo(3.2, org.assertj.core.data.Offset.offset(0.06));
    assertThat((expected - 2 * vocab * h) / 1e9).isCloseTo(12.5, org.assertj.core.data.Offset.offset(0.05));
  }

  /**
   * The catalog's Nemotron-3 8B and 22B (train10k, for NeMo 24.07's performance table): NeMo's Nemotron3Config8B and
   * Nemotron3Config22B, multi-head attention (no query groups), the Nemotron MLP, untied 256000-token embeddings.
   */
  @Test
  void nemotron3SizesFromNemosConfigs() {
    long vocab = 256000;
    long[][] sizes = {{32, 4096, 16384}, {40, 6144, 24576}};
    String[] ids = {"nemotron-3-8b", "nemotron-3-22b"};
    for (int i = 0; i < ids.length; i++) {
      long layers = sizes[i][0], h = sizes[i][1], inter = sizes[i][2];
      long expected = 2 * vocab * h + layers * (4 * h * h + 2 * 2 * h + 2 * h * inter) + 2 * h;
      ModelArchitecture a = dev.llmcost.core.model.ModelCatalog.bundled().get(ids[i]);
      assertThat(a.feedForward().gated()).isFalse();
      assertThat(a.feedForward().activation()).isEqualTo("relu2");
      assertThat(a.parameterCounts().total().value()).isEqualTo(expected);
    }
    assertThat(dev.llmcost.core.model.ModelCatalog.bundled().get("nemotron-3-8b").parameterCounts().total().value() / 1e9)
        .isCloseTo(8.5, org.assertj.core.data.Offset.offset(0.1));
    assertThat(dev.llmcost.core.model.ModelCatalog.bundled().get("nemotron-3-22b").parameterCounts().total().value() / 1e9)
        .isCloseTo(21.3, org.assertj.core.data.Offset.offset(0.1));
  }

  @Test
  void mamba2ByHand() throws IOException {
    long h = 4096, inner = 8192, conv = inner + 2 * 8 * 128;
    long mixer = h * (inner + conv + 128) + conv * 4 + conv + 3 * 128 + inner + inner * h;
    long expected = 2 * 32768 * h + 64 * (mixer + h) + h;
    ModelArchitecture a = config("Mamba-Codestral-7B-v0.1");
    assertThat(a.parameterCounts().total().value()).isEqualTo(expected);
    assertThat(a.kvCacheElementsPerToken()).isZero();
    assertThat(a.kvCacheElementsPerSequence(1_000_000)).isZero();
    assertThat(a.recurrentStateElements()).isEqualTo(64L * (inner * 128 + conv * 3));
  }

  /** Published totals, each within the tolerance its rounding (or a stated gap) allows. */
  @Test
  void publishedTotalsWithinTheirRounding() throws IOException {
    Object[][] rows = {
      // config, published total (B), tolerance (relative), source
      {"gpt-oss-120b", 116.83, 0.0005, "arXiv:2508.10925 Table 1"},
      {"gpt-oss-20b", 20.91, 0.0005, "arXiv:2508.10925 Table 1"},
      {"Qwen3-Next-80B-A3B-Instruct", 80.0, 0.01, "Qwen3-Next model card (80B)"},
      {"Llama-4-Maverick-17B-128E", 400.0, 0.01, "Meta Llama 4 model card (400B)"},
      {"Kimi-K2-Instruct", 1040.0, 0.015, "Kimi K2 report (1.04T); 1.3% gap unexplained"},
      {"GLM-4.5", 355.0, 0.01, "GLM-4.5 report (355B)"},
      {"GLM-4.5-Air", 106.0, 0.01, "GLM-4.5 report (106B)"},
      {"Mamba-Codestral-7B-v0.1", 7.29, 0.001, "HF safetensors 7.29B"},
      {"Jamba-v0.1", 51.6, 0.001, "HF safetensors 51.6B"},
      {"SmolLM3-3B", 3.08, 0.002, "HF safetensors 3.08B"},
      {"phi-4", 14.7, 0.005, "HF safetensors 14.7B"},
      {"gemma-3-4b-it", 4.30, 0.002, "Gemma 3 report Table 1 / HF safetensors 4.3B"},
      {"llava-1.5-7b-hf", 7.06, 0.001, "HF safetensors 7.06B"},
      {"OLMo-2-1124-7B", 7.30, 0.001, "HF safetensors 7.3B"},
      {"Llama-4-Scout-17B-16E", 109.0, 0.005, "Meta Llama 4 model card (109B total, vision included)"},
      {"Falcon-H1-0.5B-Base", 0.5, 0.05, "Falcon-H1 report arXiv:2507.22448 / TII blog (0.5B, the name's rounding)"},
      {"Qwen2.5-VL-7B-Instruct", 8.29, 0.001, "Qwen2.5-VL-7B model card (8.29B)"},
      {"Qwen3-VL-8B-Instruct", 8.77, 0.001, "HF safetensors 8.77B"},
      {"Mistral-Small-3.1-24B-Instruct-2503", 24.0, 0.001, "Mistral Small 3.1 model card (24B)"},
      {"Phi-4-mini-instruct", 3.84, 0.0015, "HF safetensors 3.84B"},
    };
    StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-30s %10s %10s %8s  %s%n",
        "config", "published", "computed", "error", "source"));
    List<String> failures = new ArrayList<>();
    for (Object[] r : rows) {
      double computed = config((String) r[0]).parameterCounts().total().value() / 1e9;
      double published = (Double) r[1];
      double error = computed / published - 1;
      table.append(String.format(Locale.ROOT, "%-30s %10.2f %10.2f %7.2f%%  %s%n", r[0], published, computed, 100 * error, r[3]));
      if (Math.abs(error) > (Double) r[2]) {
        failures.add((String) r[0]);
      }
    }
    System.out.println("Published totals of 2025 families (billions):\n" + table);
    assertThat(failures).isEmpty();
  }

  @Test
  void falconH1RunsAttentionAndMamba2InParallelByHand() throws IOException {
    // Falcon-H1-0.5B: hidden 1024, 36 layers; GQA 8 heads × 64, 2 KV heads; Mamba-2 width 1536 (24
    // heads × 64), state 128, one group, conv 4; gated MLP 2048; untied head, vocab 32784
    long h = 1024, vocab = 32784, inner = 1536, state = 128, mheads = 24;
    long attention = h * 512 + 2 * h * 128 + 512 * h;
    long conv = inner + 2 * state;
    long mamba = h * (2 * inner + 2 * state + mheads) + conv * 4 + conv + 3 * mheads + inner * h;
    long mlp = 3 * h * 2048;
    long expected = 2 * vocab * h + 36 * (attention + mamba + mlp + 2 * h) + h;
    ModelArchitecture a = config("Falcon-H1-0.5B-Base");
    assertThat(a.parameterCounts().total().value()).isEqualTo(expected).isEqualTo(521_411_104L);
    assertThat(a.layersOf(LayerMixer.ATTENTION_AND_STATE_SPACE)).isEqualTo(36);
    // every layer caches keys and values (2 KV heads × 64) and keeps a Mamba state
    assertThat(a.kvCacheElementsPerToken()).isEqualTo(36L * 2 * 2 * 64);
    assertThat(a.recurrentStateElements()).isEqualTo(36L * (inner * state + conv * 3));
    assertThatThrownBy(() -> HuggingFaceConfigs.parse(
            "{\"model_type\":\"falcon_h1\",\"torch_dtype\":\"bfloat16\",\"mamba_d_ssm\":1536,\"mamba_n_heads\":24,\"mamba_d_head\":32}", "x"))
        .hasMessageContaining("\"mamba_d_head\" (32) × \"mamba_n_heads\" (24) must equal the Mamba width 1536");
  }

  @Test
  void visionTowersByHand() throws IOException {
    // Qwen2.5-VL-7B: Conv3d 3×2×14×14 without bias, 32 RMSNorm blocks (qkv and proj with bias,
    // gated MLP 3420 with biases), merger RMSNorm + 5120→5120→3584
    long vh = 1280, vi = 3420, merged = 4 * vh;
    long block = 2 * vh + (3 * vh * vh + 3 * vh) + (vh * vh + vh) + (3 * vh * vi + 2 * vi + vh);
    long qwen25 = 3 * 2 * 14 * 14 * vh + 32 * block + vh + (merged * merged + merged) + (merged * 3584 + 3584);
    ModelArchitecture q25 = config("Qwen2.5-VL-7B-Instruct");
    assertThat(q25.parameterCounts().of(ComponentRole.VISION).value()).isEqualTo(qwen25).isEqualTo(676_550_144L);
    assertThat(q25.parameterCounts().active().value()).isEqualTo(7_615_616_512L); // Qwen2.5-7B's LM
    // the same model as transformers 4.53 saves it (text_config added): the same count
    String resaved = "{\"model_type\":\"qwen2_5_vl\",\"torch_dtype\":\"bfloat16\",\"tie_word_embeddings\":false,"
        + "\"text_config\":{\"model_type\":\"qwen2_5_vl_text\",\"torch_dtype\":\"float32\",\"hidden_size\":3584,"
        + "\"intermediate_size\":18944,\"num_attention_heads\":28,\"num_hidden_layers\":28,\"num_key_value_heads\":4,"
        + "\"vocab_size\":152064,\"max_position_embeddings\":128000},\"vision_config\":{\"depth\":32,\"hidden_size\":1280,"
        + "\"intermediate_size\":3420,\"num_heads\":16,\"in_channels\":3,\"out_hidden_size\":3584,\"patch_size\":14,"
        + "\"spatial_merge_size\":2,\"temporal_patch_size\":2}}";
    ModelArchitecture q25b = HuggingFaceConfigs.parse(resaved, "q25");
    assertThat(q25b.parameterCounts().total()).isEqualTo(q25.parameterCounts().total());
    assertThat(q25b.dtype()).isEqualTo(DType.BF16);

    // Qwen3-VL-8B: Conv3d with bias, 2304 learned positions, 27 LayerNorm blocks with a 4304 MLP,
    // merger LayerNorm(1152) + 4608→4608→4096 and three DeepStack mergers with LayerNorm(4608)
    long wh = 1152, wi = 4304, wm = 4 * wh;
    long wblock = 4 * wh + (3 * wh * wh + 3 * wh) + (wh * wh + wh) + (2 * wh * wi + wi + wh);
    long mlp = (wm * wm + wm) + (wm * 4096 + 4096);
    long qwen3 = 3 * 2 * 16 * 16 * wh + wh + 2304 * wh + 27 * wblock + (2 * wh + mlp) + 3 * (2 * wm + mlp);
    assertThat(config("Qwen3-VL-8B-Instruct").parameterCounts().of(ComponentRole.VISION).value())
        .isEqualTo(qwen3).isEqualTo(576_388_336L);

    // Mistral Small 3.1: Pixtral (conv without bias, ln_pre, 24 RMSNorm blocks, gated MLP 4096, no
    // biases) and the projector: RMSNorm, merging_layer 4096→1024, 1024→5120, 5120→5120
    long ph = 1024;
    long pixtral = 3 * 14 * 14 * ph + ph + 24 * (4 * ph * ph + 3 * ph * 4096 + 2 * ph);
    long projector = ph + 4 * ph * ph + ph * 5120 + 5120L * 5120;
    assertThat(config("Mistral-Small-3.1-24B-Instruct-2503").parameterCounts().of(ComponentRole.VISION).value())
        .isEqualTo(pixtral + projector).isEqualTo(438_958_080L);
  }

  @Test
  void kvCachePerVariantIsExact() throws IOException {
    // full attention (Llama 3.1 8B): 32 layers × 2 × 8 heads × 128
    ModelArchitecture llama = config("Llama-3.1-8B");
    assertThat(llama.kvCacheElementsPerSequence(1000)).isEqualTo(1000L * 32 * 2 * 8 * 128);
    // sliding window with sinks (gpt-oss-120b): 18 layers capped at 128 tokens, 18 full
    ModelArchitecture oss = config("gpt-oss-120b");
    long perLayer = 2L * 8 * 64;
    assertThat(oss.kvCacheElementsPerSequence(131072)).isEqualTo(perLayer * (18L * 128 + 18L * 131072));
    assertThat(oss.kvCacheElementsPerSequence(100)).isEqualTo(perLayer * 36 * 100);
    // MLA + DSA indexer (DeepSeek-V3.2 schema): latent 512 + rope 64 + indexer key 128
    ModelArchitecture v32 = HuggingFaceConfigs.parse(
        "{\"model_type\":\"deepseek_v32\",\"torch_dtype\":\"bfloat16\",\"index_n_heads\":64,\"index_head_dim\":128,\"index_topk\":2048}", "v32");
    assertThat(v32.kvCacheElementsPerToken()).isEqualTo(61L * (512 + 64 + 128));
    // the indexer's parameters per layer: wq_b, wk, k_norm, weights_proj
    long indexer = 1536L * 64 * 128 + 7168L * 128 + 2 * 128 + 7168L * 64;
    ModelArchitecture v3 = HuggingFaceConfigs.parse("{\"model_type\":\"deepseek_v3\",\"torch_dtype\":\"bfloat16\"}", "v3");
    assertThat(v32.parameterCounts().total().minus(v3.parameterCounts().total()).value()).isEqualTo(61 * indexer);
    // Jamba: 4 attention layers of 32, 28 Mamba layers with constant state
    ModelArchitecture jamba = config("Jamba-v0.1");
    assertThat(jamba.attentionLayers()).isEqualTo(4);
    assertThat(jamba.kvCacheElementsPerToken()).isEqualTo(4L * 2 * 8 * 128);
    assertThat(jamba.recurrentStateElements()).isEqualTo(28L * (8192 * 16 + 8192 * 3));
  }

  @Test
  void gemma3WithItsSiglipTowerMatchesTheReportsParts() throws IOException {
    ModelArchitecture a = config("gemma-3-4b-it");
    ParameterCounts p = a.parameterCounts();
    // Gemma 3 report Table 1, 4B: vision encoder 417M, non-embedding 3,209M
    long projector = 1152L * 2560 + 1152;
    assertThat((p.of(ComponentRole.VISION).value() - projector) / 1e6).isCloseTo(417, org.assertj.core.data.Offset.offset(0.5));
    assertThat((p.nonEmbedding().value() - p.of(ComponentRole.VISION).value()) / 1e6)
        .isCloseTo(3209, org.assertj.core.data.Offset.offset(0.5));
    // five global layers in 34 (every sixth), the others a 1024-token window
    assertThat(a.layersOf(LayerMixer.FULL_ATTENTION)).isEqualTo(5);
    assertThat(a.layersOf(LayerMixer.SLIDING_ATTENTION)).isEqualTo(29);
  }

  @Test
  void smolLm3HasNoPeLayersAndStaysALlamaCount() throws IOException {
    ModelArchitecture a = config("SmolLM3-3B");
    assertThat(a.layerPattern().stream().filter(l -> !l.rotary()).count()).isEqualTo(9);
    assertThat(a.embeddings().tiedOutput()).isTrue();
  }

  @Test
  void builtOnlyByTheBuilderAndPatternsAreChecked() {
    ModelArchitecture.Builder b = ModelArchitecture.builder("x").layers(2).hidden(64).heads(4).vocabSize(100).intermediateSize(128);
    assertThat(b.build().layerPattern()).hasSize(2);
    assertThatThrownBy(() -> b.layerPattern(List.of(LayerSpec.fullAttention(MlpKind.DENSE))).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("layerPattern must have one entry per layer (2), had 1");
    assertThatThrownBy(() -> LayerSpec.windowed(LayerMixer.SLIDING_ATTENTION, 0, MlpKind.DENSE))
        .hasMessage("window must be > 0 for a SLIDING_ATTENTION layer, was 0");
    ModelArchitecture linearWithoutBlock = null;
    assertThatThrownBy(() -> ModelArchitecture.builder("y").layers(1).hidden(64).heads(4).vocabSize(10).intermediateSize(8)
            .layerPattern(List.of(LayerSpec.of(LayerMixer.LINEAR_ATTENTION, MlpKind.DENSE))).build())
        .hasMessage("layerPattern[0] is linear attention but linearAttention is not set");
    assertThat(linearWithoutBlock).isNull();
  }
}
