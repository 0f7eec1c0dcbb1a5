package dev.llmcost.core.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 14 item 16: a config.json whose sizes make a parameter count overflow a long is refused at
 * load naming the component, the config fields and their values, not with "perInstance must be >=
 * 0, was -17179869180" or a bare "long overflow" later.
 */
class ConfigOverflowTest {

  private static final String LLAMA =
      "\"model_type\":\"llama\",\"num_hidden_layers\":32,\"num_key_value_heads\":8,"
          + "\"vocab_size\":128256,\"max_position_embeddings\":131072,\"torch_dtype\":\"bfloat16\"";

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // one layer fits (2^30 × 2^30 × 4 = 2^62), 32 of them do not
      "\"hidden_size\":1073741824,\"num_attention_heads\":8,\"intermediate_size\":2147483647 | layers.*.self_attn × 32"
          + " | \"intermediate_size\" 2147483647",
      // one layer's MLP: 3 × (2^31 - 1)^2 > 2^63
      "\"hidden_size\":2147483647,\"num_attention_heads\":1,\"head_dim\":1,\"num_key_value_heads\":1,"
          + "\"intermediate_size\":2147483647,\"num_hidden_layers\":1"
          + " | layers.*.mlp | \"intermediate_size\" 2147483647",
      // heads × head_dim overflows an int before any long
      "\"hidden_size\":4096,\"num_attention_heads\":65536,\"head_dim\":65536,\"num_key_value_heads\":65536,"
          + "\"intermediate_size\":14336 | layers.*.self_attn | \"num_attention_heads\" 65536",
  })
  void hugeSizesAreRefusedAtLoadNamingTheFieldAndValue(String sizes, String component, String field) {
    String json = "{" + LLAMA.replace("\"num_hidden_layers\":32,", sizes.contains("num_hidden_layers") ? "" : "\"num_hidden_layers\":32,")
        .replace("\"num_key_value_heads\":8,", sizes.contains("num_key_value_heads") ? "" : "\"num_key_value_heads\":8,")
        + "," + sizes.strip() + "}";
    assertThatThrownBy(() -> HuggingFaceConfigs.parse(json, "huge"))
        .isInstanceOf(ModelConfigException.class)
        .hasMessageStartingWith("config.json: sizes too large: the parameter count of huge overflows a long")
        .hasMessageContaining(" at " + component.strip() + ":")
        .hasMessageContaining(field.strip())
        .hasMessageNotContaining("perInstance")
        .hasMessageNotContaining("must be >= 0");
  }

  @Test
  void absurdLayerCountsAreRefusedNamingTheValue() {
    String json = "{" + LLAMA.replace("\"num_hidden_layers\":32,", "")
        + ",\"hidden_size\":65536,\"num_attention_heads\":64,\"intermediate_size\":1073741824,"
        + "\"num_hidden_layers\":2147483647}";
    assertThatThrownBy(() -> HuggingFaceConfigs.parse(json, "huge"))
        .isInstanceOf(ModelConfigException.class)
        .hasMessage("config.json: layers must be <= 65536, was 2147483647");
  }
}
