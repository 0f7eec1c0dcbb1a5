package dev.llmcost.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The parallel attention/MLP block as config.json files state it, and what it leaves unchanged. */
class BlockLayoutTest {

  private static ModelArchitecture parse(String json) {
    return HuggingFaceConfigs.parse(json, "m");
  }

  @Test
  void configFieldsSayWhetherAttentionAndMlpShareTheirInput() {
    assertThat(parse("{\"model_type\":\"gptj\"}").blockLayout()).isEqualTo(BlockLayout.PARALLEL);
    assertThat(parse("{\"model_type\":\"phi\"}").blockLayout()).isEqualTo(BlockLayout.PARALLEL);
    // transformers' GPTNeoXConfig defaults use_parallel_residual to true
    assertThat(parse("{\"model_type\":\"gpt_neox\"}").blockLayout()).isEqualTo(BlockLayout.PARALLEL);
    assertThat(parse("{\"model_type\":\"gpt_neox\",\"use_parallel_residual\":false}").blockLayout())
        .isEqualTo(BlockLayout.SERIAL);
    assertThat(parse("{\"model_type\":\"falcon\"}").blockLayout()).isEqualTo(BlockLayout.PARALLEL);
    assertThat(parse("{\"model_type\":\"falcon\",\"parallel_attn\":false}").blockLayout())
        .isEqualTo(BlockLayout.SERIAL);
    assertThat(parse("{\"model_type\":\"falcon\",\"parallel_attn\":false,\"new_decoder_architecture\":true}")
        .blockLayout()).isEqualTo(BlockLayout.PARALLEL);
    assertThat(parse("{\"model_type\":\"gpt2\"}").blockLayout()).isEqualTo(BlockLayout.SERIAL);
    assertThat(parse("{\"model_type\":\"llama\"}").blockLayout()).isEqualTo(BlockLayout.SERIAL);
  }

  @Test
  void theLayoutChangesNoParameterButIsPartOfTheArchitecture() {
    ModelArchitecture neox = parse("{\"model_type\":\"gpt_neox\"}");
    ModelArchitecture serial = neox.toBuilder().blockLayout(BlockLayout.SERIAL).build();
    assertThat(serial.parameterCounts().total()).isEqualTo(neox.parameterCounts().total());
    assertThat(serial).isNotEqualTo(neox);
    assertThat(neox.toBuilder().build()).isEqualTo(neox).hasSameHashCodeAs(neox);
    assertThat(neox.toString()).contains("blockLayout=PARALLEL");
    assertThat(serial.toString()).doesNotContain("blockLayout");
    assertThat(BlockLayout.PARALLEL_FUSED_INPUT.parallel()).isTrue();
    assertThat(BlockLayout.SERIAL.parallel()).isFalse();
  }
}
