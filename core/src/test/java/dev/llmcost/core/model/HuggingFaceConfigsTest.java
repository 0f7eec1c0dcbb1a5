package dev.llmcost.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.DType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HuggingFace semantics of config.json: defaults per model_type, nulls, aliases, errors. */
class HuggingFaceConfigsTest {

  private static final String LLAMA_7B =
      "\"hidden_size\":4096,\"intermediate_size\":11008,\"num_attention_heads\":32,"
          + "\"num_hidden_layers\":32,\"vocab_size\":32000";

  @Test
  void absentTieWordEmbeddingsFollowsTheModelTypesDefault() {
    ModelArchitecture gemma = HuggingFaceConfigs.parse("{\"model_type\":\"gemma\"}", "g");
    assertThat(gemma.embeddings().tiedOutput()).isTrue();
    assertThat(gemma.parameterCounts().total().value()).isEqualTo(8_537_680_896L);
    ModelArchitecture gpt2 = HuggingFaceConfigs.parse("{\"model_type\":\"gpt2\"}", "g");
    assertThat(gpt2.embeddings().tiedOutput()).isTrue();
    assertThat(gpt2.parameterCounts().total().value()).isEqualTo(124_439_808L);
    ModelArchitecture llama = HuggingFaceConfigs.parse("{\"model_type\":\"llama\"," + LLAMA_7B + "}", "l");
    assertThat(llama.embeddings().tiedOutput()).isFalse();
    assertThat(llama.parameterCounts().total().value()).isEqualTo(6_738_415_616L);
  }

  @Test
  void nullMeansTheDocumentedFallbackWhileAbsenceMeansTheClassDefault() {
    // MistralConfig defaults num_key_value_heads to 8 but maps an explicit null to the head count.
    ModelArchitecture absent = HuggingFaceConfigs.parse("{\"model_type\":\"mistral\"}", "m");
    ModelArchitecture nulled =
        HuggingFaceConfigs.parse("{\"model_type\":\"mistral\",\"num_key_value_heads\":null}", "m");
    assertThat(((MultiHeadAttention) absent.attention()).kvHeads()).isEqualTo(8);
    assertThat(((MultiHeadAttention) nulled.attention()).kvHeads()).isEqualTo(32);
    assertThat(absent.parameterCounts().total().value()).isEqualTo(7_241_732_096L);
    // GPT-2's n_inner null means 4 × n_embd.
    ModelArchitecture gpt2 = HuggingFaceConfigs.parse("{\"model_type\":\"gpt2\",\"n_inner\":null}", "g");
    assertThat(gpt2.feedForward().intermediateSize()).isEqualTo(3072);
  }

  @Test
  void gpt2StyleNamesAndNestedAttnConfigAreUnderstood() {
    ModelArchitecture gpt2xl =
        HuggingFaceConfigs.parse(
            "{\"model_type\":\"gpt2\",\"n_embd\":1600,\"n_layer\":48,\"n_head\":25}", "xl");
    assertThat(gpt2xl.parameterCounts().total().value()).isEqualTo(1_557_611_200L);
    ModelArchitecture mptGqa =
        HuggingFaceConfigs.parse(
            "{\"model_type\":\"mpt\",\"d_model\":4096,\"n_heads\":32,\"n_layers\":32,\"vocab_size\":50432,"
                + "\"attn_config\":{\"attn_type\":\"grouped_query_attention\",\"kv_n_heads\":8,\"alibi\":true}}",
            "mpt-gqa");
    assertThat(((MultiHeadAttention) mptGqa.attention()).kvHeads()).isEqualTo(8);
    assertThat(mptGqa.assumptions()).anyMatch(s -> s.contains("grouped_query_attention"));
  }

  @Test
  void dtypeComesFromTorchDtypeOrNewerDtypeKey() {
    assertThat(HuggingFaceConfigs.parse("{\"model_type\":\"llama\",\"torch_dtype\":\"bfloat16\"}", "x").dtype())
        .isEqualTo(DType.BF16);
    assertThat(HuggingFaceConfigs.parse("{\"model_type\":\"llama\",\"dtype\":\"float16\"}", "x").dtype())
        .isEqualTo(DType.FP16);
    ModelArchitecture none = HuggingFaceConfigs.parse("{\"model_type\":\"bert\"}", "x");
    assertThat(none.dtype()).isEqualTo(DType.FP32);
    assertThat(none.assumptions()).anyMatch(s -> s.contains("torch_dtype"));
  }

  @Test
  void unknownModelTypeIsAnErrorNamingItUnlessTheGenericDecoderIsAskedFor() {
    assertThatThrownBy(
            () -> HuggingFaceConfigs.parse("{\"model_type\":\"my_new_llm\"," + LLAMA_7B + "}", "new"))
        .isInstanceOf(ModelConfigException.class)
        .hasMessageContaining("unknown model_type \"my_new_llm\"")
        .hasMessageContaining("--assume-llama")
        .hasMessageContaining("gpt_oss");
  }

  @Test
  void unknownModelTypeWithGenericFieldsLoadsWithItsAssumptionsListed() {
    UnknownModelTypePolicy llama = UnknownModelTypePolicy.ASSUME_LLAMA;
    ModelArchitecture a =
        HuggingFaceConfigs.parse(
            "{\"model_type\":\"my_new_llm\"," + LLAMA_7B + ",\"tie_word_embeddings\":false}", "new", llama);
    assertThat(a.parameterCounts().total().value()).isEqualTo(6_738_415_616L);
    assertThat(a.assumptions()).anyMatch(s -> s.contains("no dedicated rules"));
    ModelArchitecture tiedByDefault =
        HuggingFaceConfigs.parse("{\"model_type\":\"my_new_llm\"," + LLAMA_7B + "}", "new", llama);
    assertThat(tiedByDefault.embeddings().tiedOutput()).isTrue();
    assertThat(tiedByDefault.assumptions()).anyMatch(s -> s.contains("tie_word_embeddings"));
  }

  @Test
  void unknownModelTypeMissingAGenericFieldNamesIt() {
    assertThatThrownBy(
            () -> HuggingFaceConfigs.parse(
                "{\"model_type\":\"my_new_llm\",\"hidden_size\":64}", "x", UnknownModelTypePolicy.ASSUME_LLAMA))
        .isInstanceOf(ModelConfigException.class)
        .hasMessageContaining("\"num_hidden_layers\" is missing")
        .hasMessageContaining("my_new_llm");
  }

  @Test
  void wrongTypesAndValuesAreNamedWithTheirValue() {
    assertThatThrownBy(() -> HuggingFaceConfigs.parse("{\"model_type\":\"llama\",\"hidden_size\":\"big\"}", "x"))
        .isInstanceOf(ModelConfigException.class)
        .hasMessage("config.json field \"hidden_size\" must be an integer, was \"big\"");
    assertThatThrownBy(() -> HuggingFaceConfigs.parse("{\"model_type\":\"llama\",\"num_hidden_layers\":-3}", "x"))
        .isInstanceOf(ModelConfigException.class)
        .hasMessageContaining("\"num_hidden_layers\" must be > 0, was -3");
    assertThatThrownBy(() -> HuggingFaceConfigs.parse("{\"model_type\":\"llama\",\"num_key_value_heads\":5}", "x"))
        .isInstanceOf(ModelConfigException.class)
        .hasMessageContaining("kvHeads must divide heads (32), was 5");
    assertThatThrownBy(() -> HuggingFaceConfigs.parse("{\"model_type\":\"llama\",\"tie_word_embeddings\":\"yes\"}", "x"))
        .hasMessageContaining("\"tie_word_embeddings\" must be true or false, was \"yes\"");
    assertThatThrownBy(() -> HuggingFaceConfigs.parse("{\"model_type\":\"llama\",\"torch_dtype\":\"float7\"}", "x"))
        .hasMessageContaining("\"torch_dtype\" must name a data type such as bfloat16, was \"float7\"");
  }

  @Test
  void malformedJsonIsReportedWithItsPosition() {
    assertThatThrownBy(() -> HuggingFaceConfigs.parse("{\"model_type\": \"llama\",", "x"))
        .isInstanceOf(ModelConfigException.class)
        .hasMessageStartingWith("config.json is not valid JSON")
        .hasMessageContaining("line 1");
    assertThatThrownBy(() -> HuggingFaceConfigs.parse("[1, 2]", "x"))
        .isInstanceOf(ModelConfigException.class)
        .hasMessage("config.json must be a JSON object, was [1,2]");
    assertThatThrownBy(() -> HuggingFaceConfigs.parse("{\"model_type\":\"llama\",\"model_type\":\"gpt2\"}", "x"))
        .isInstanceOf(ModelConfigException.class)
        .hasMessageContaining("Duplicate field 'model_type'");
    assertThatThrownBy(() -> HuggingFaceConfigs.parse("{\"hidden_size\": 1}", "x"))
        .isInstanceOf(ModelConfigException.class)
        .hasMessageContaining("\"model_type\"");
  }

  @Test
  void unsupportedComponentsAreRefusedNotMiscounted() {
    assertThatThrownBy(
            () -> HuggingFaceConfigs.parse("{\"model_type\":\"bert\",\"position_embedding_type\":\"relative_key\"}", "x"))
        .hasMessageContaining("\"relative_key\" is not supported");
    assertThatThrownBy(() -> HuggingFaceConfigs.parse("{\"model_type\":\"opt\",\"word_embed_proj_dim\":512}", "x"))
        .hasMessageContaining("word_embed_proj_dim");
    assertThatThrownBy(() -> HuggingFaceConfigs.parse("{\"model_type\":\"qwen2_moe\",\"mlp_only_layers\":[1]}", "x"))
        .hasMessageContaining("mlp_only_layers");
    assertThatThrownBy(() -> HuggingFaceConfigs.parse("{\"model_type\":\"llava\"}", "x"))
        .hasMessageContaining("text_config");
  }

  @Test
  void readsAFileOrADirectoryAndNamesTheModelAfterTheDirectory(@TempDir Path dir) throws Exception {
    Path model = Files.createDirectories(dir.resolve("Llama-2-7b-hf"));
    Files.writeString(model.resolve("config.json"), "{\"model_type\":\"llama\"," + LLAMA_7B + "}");
    assertThat(HuggingFaceConfigs.read(model).id()).isEqualTo("Llama-2-7b-hf");
    assertThat(HuggingFaceConfigs.read(model.resolve("config.json")).parameterCounts().total().value())
        .isEqualTo(6_738_415_616L);
    assertThatThrownBy(() -> HuggingFaceConfigs.read(dir.resolve("missing")))
        .isInstanceOf(ModelConfigException.class)
        .hasMessageContaining("no config.json at");
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{");
    assertThatThrownBy(() -> HuggingFaceConfigs.read(broken))
        .isInstanceOf(ModelConfigException.class)
        .hasMessageContaining("broken.json is not valid JSON");
  }

  @Test
  void slidingWindowsFollowEachFamilysLayout() {
    MultiHeadAttention mistral = (MultiHeadAttention) ModelCatalog.bundled().get("mistral-7b-v0.1").attention();
    assertThat(mistral.slidingWindow()).isEqualTo(4096);
    assertThat(mistral.slidingWindowLayers()).isEqualTo(32);
    MultiHeadAttention gemma2 = (MultiHeadAttention) ModelCatalog.bundled().get("gemma-2-9b").attention();
    assertThat(gemma2.slidingWindowLayers()).isEqualTo(21);
    MultiHeadAttention qwen = (MultiHeadAttention) ModelCatalog.bundled().get("qwen2.5-7b").attention();
    assertThat(qwen.slidingWindow()).isZero();
    ModelArchitecture layerTypes =
        HuggingFaceConfigs.parse(
            "{\"model_type\":\"gemma3_text\",\"num_hidden_layers\":4,\"sliding_window\":512,"
                + "\"layer_types\":[\"sliding_attention\",\"sliding_attention\",\"sliding_attention\",\"full_attention\"]}",
            "g3");
    assertThat(((MultiHeadAttention) layerTypes.attention()).slidingWindowLayers()).isEqualTo(3);
  }

  @Test
  void deepSeekGroupLimitedRoutingFollowsTheTopkMethod() {
    ModelArchitecture v3 = HuggingFaceConfigs.parse(
        "{\"model_type\":\"deepseek_v3\",\"n_group\":8,\"topk_group\":4,\"topk_method\":\"noaux_tc\"}", "v3");
    assertThat(v3.moe().routingGroups()).isEqualTo(8);
    assertThat(v3.moe().groupsPerToken()).isEqualTo(4);
    // absent keys: DeepseekV3Config's defaults, said so
    ModelArchitecture bare = HuggingFaceConfigs.parse("{\"model_type\":\"deepseek_v3\"}", "v3");
    assertThat(bare.moe().routingGroups()).isEqualTo(8);
    assertThat(bare.moe().groupsPerToken()).isEqualTo(4);
    assertThat(bare.assumptions()).anyMatch(a -> a.contains("no \"topk_group\": 4"));
    // V2's group-limited greedy (device-limited routing, M = 3) and plain greedy, which routes over all experts
    String v2 = "{\"model_type\":\"deepseek_v2\",\"n_routed_experts\":160,\"n_group\":8,\"topk_group\":3,";
    ModelArchitecture limited = HuggingFaceConfigs.parse(v2 + "\"topk_method\":\"group_limited_greedy\"}", "v2");
    assertThat(limited.moe().routingGroups()).isEqualTo(8);
    assertThat(limited.moe().groupsPerToken()).isEqualTo(3);
    ModelArchitecture greedy = HuggingFaceConfigs.parse(v2 + "\"topk_method\":\"greedy\"}", "v2");
    assertThat(greedy.moe().isGroupLimited()).isFalse();
    assertThat(greedy.moe().routingGroups()).isEqualTo(1);
    // a group count that does not divide the experts is refused
    assertThatThrownBy(() -> HuggingFaceConfigs.parse(
            "{\"model_type\":\"deepseek_v3\",\"n_group\":7,\"topk_group\":4}", "v3"))
        .hasMessageContaining("routingGroups must divide");
  }
}
