package dev.llmcost.cli.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.llmcost.core.model.HuggingFaceConfigs;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelConfigException;
import dev.llmcost.core.model.ParameterCounts;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing (Jazzer) of the {@code config.json} reader (issue 14): any input is either
 * read into a model whose parameter counts are not negative, or refused with the documented
 * {@link ModelConfigException}. Any other exception, an error or a hang is a finding. The build runs
 * it in fuzzing mode for a bounded time (see {@code cli/pom.xml}, execution {@code fuzz-config}) and
 * in regression mode (the seeds under {@code ConfigJsonFuzzTestInputs}) with the other tests.
 */
class ConfigJsonFuzzTest {

  @FuzzTest(maxDuration = "10s")
  @DictionaryEntries({"\"model_type\"", "\"llama\"", "\"deepseek_v3\"", "\"mixtral\"", "\"bert\"", "\"gpt2\"",
      "\"hidden_size\"", "\"num_hidden_layers\"", "\"num_attention_heads\"", "\"num_key_value_heads\"",
      "\"intermediate_size\"", "\"vocab_size\"", "\"head_dim\"", "\"n_routed_experts\"", "\"num_experts_per_tok\"",
      "\"max_position_embeddings\"", "\"tie_word_embeddings\"", "\"q_lora_rank\"", "\"kv_lora_rank\"", "null",
      "-1", "1e308", "true"})
  void fuzz(byte[] data) {
    String json = new String(data, StandardCharsets.UTF_8);
    ModelArchitecture model;
    try {
      model = HuggingFaceConfigs.parse(json, "fuzz");
    } catch (ModelConfigException expected) {
      return;
    }
    ParameterCounts counts = model.parameterCounts();
    if (counts.total().value() < 0 || counts.active().value() < 0) {
      throw new IllegalStateException("negative parameter count from " + json);
    }
  }
}
