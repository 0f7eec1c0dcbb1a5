package dev.llmcost.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 14 item 14: invalid sizes in a config.json are refused with the field and the value, and
 * every configuration-class default the reader fills in is listed in the assumptions.
 */
class ConfigValidationTest {

  private static final String DEEPSEEK_V3 =
      "\"model_type\":\"deepseek_v3\",\"hidden_size\":7168,\"num_hidden_layers\":61,\"num_attention_heads\":128,"
          + "\"q_lora_rank\":1536,\"kv_lora_rank\":512,\"qk_nope_head_dim\":128,\"qk_rope_head_dim\":64,"
          + "\"v_head_dim\":128,\"n_shared_experts\":1,\"moe_intermediate_size\":2048,\"num_experts_per_tok\":8,"
          + "\"first_k_dense_replace\":3,\"vocab_size\":129280,\"intermediate_size\":18432,"
          + "\"max_position_embeddings\":163840,\"torch_dtype\":\"bfloat16\"";

  private static final String LLAMA =
      "\"model_type\":\"llama\",\"hidden_size\":4096,\"num_hidden_layers\":32,\"num_attention_heads\":32,"
          + "\"num_key_value_heads\":8,\"vocab_size\":128256,\"intermediate_size\":14336,"
          + "\"max_position_embeddings\":131072,\"torch_dtype\":\"bfloat16\"";

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "-1 | field \"n_routed_experts\" must be > 0, was -1",
      "0  | field \"n_routed_experts\" must be > 0, was 0",
  })
  void deepSeekRoutedExpertsBelowOneAreRefusedNotReadAsDense(String routed, String message) {
    assertThatThrownBy(() -> HuggingFaceConfigs.parse("{" + DEEPSEEK_V3 + ",\"n_routed_experts\":" + routed.strip() + "}",
        "ds"))
        .isInstanceOf(ModelConfigException.class)
        .hasMessage("config.json: " + message.strip());
  }

  @Test
  void deepSeekWithItsRoutedExpertsLoadsAsMoe() {
    ModelArchitecture m = HuggingFaceConfigs.parse("{" + DEEPSEEK_V3 + ",\"n_routed_experts\":256}", "ds");
    assertThat(m.isMoe()).isTrue();
    assertThat(m.assumptions()).noneMatch(a -> a.startsWith("no \"n_routed_experts\""));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "num_key_value_heads | 0",
      "num_key_value_heads | -8",
      "head_dim            | 0",
      "hidden_size         | 0",
      "num_hidden_layers   | 0",
      "vocab_size          | 0",
      "max_position_embeddings | 0",
  })
  void zeroOrNegativeSizesAreRefusedNotTreatedAsAbsent(String field, String value) {
    String json = "{" + LLAMA.replaceAll(",\"" + field.strip() + "\":\\d+", "") + ",\"" + field.strip() + "\":"
        + value.strip() + "}";
    assertThatThrownBy(() -> HuggingFaceConfigs.parse(json, "l"))
        .isInstanceOf(ModelConfigException.class)
        .hasMessage("config.json: field \"" + field.strip() + "\" must be > 0, was " + value.strip());
  }

  @Test
  void everyDefaultFilledInIsListed() {
    ModelArchitecture bare = HuggingFaceConfigs.parse("{\"model_type\":\"llama\"}", "bare");
    assertThat(bare.assumptions()).contains(
        "no \"hidden_size\": 4096, the transformers llama configuration default",
        "no \"num_hidden_layers\": 32, the transformers llama configuration default",
        "no \"num_attention_heads\": 32, the transformers llama configuration default",
        "no \"num_key_value_heads\": 32, as many as attention heads, the transformers llama configuration default",
        "no \"vocab_size\": 32000, the transformers llama configuration default",
        "no \"intermediate_size\": 11008, the transformers llama configuration default",
        "no \"max_position_embeddings\": 2048, the transformers llama configuration default");
    ModelArchitecture ds = HuggingFaceConfigs.parse("{\"model_type\":\"deepseek_v3\"}", "ds");
    assertThat(ds.assumptions()).contains(
        "no \"n_routed_experts\": 256 routed experts, the transformers deepseek_v3 configuration default",
        "no \"hidden_size\": 7168, the transformers deepseek_v3 configuration default");
    ModelArchitecture full = HuggingFaceConfigs.parse("{" + LLAMA + "}", "full");
    assertThat(full.assumptions()).noneMatch(a -> a.startsWith("no \""));
  }
}
