package dev.llmcost.benchmarks;

import dev.llmcost.core.model.HuggingFaceConfigs;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.ParameterCounts;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parameter counting: from a built architecture (the hot path of every estimate) and from a
 * config.json document (what a user pays to load a model).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ParameterCountBenchmark {

  @Param({"llama-3.1-405b", "deepseek-v3", "bert-base-uncased"})
  public String model;

  ModelArchitecture architecture;
  String configJson;

  @Setup
  public void setUp() {
    architecture = ModelCatalog.bundled().get(model);
    configJson =
        switch (model) {
          case "llama-3.1-405b" ->
              "{\"model_type\":\"llama\",\"hidden_size\":16384,\"intermediate_size\":53248,"
                  + "\"num_attention_heads\":128,\"num_hidden_layers\":126,\"num_key_value_heads\":8,"
                  + "\"vocab_size\":128256,\"tie_word_embeddings\":false,\"torch_dtype\":\"bfloat16\"}";
          case "deepseek-v3" ->
              "{\"model_type\":\"deepseek_v3\",\"torch_dtype\":\"bfloat16\"}";
          default -> "{\"model_type\":\"bert\"}";
        };
  }

  /** Counts the parameters of a built architecture. */
  @Benchmark
  public ParameterCounts countFromArchitecture() {
    return architecture.parameterCounts();
  }

  /** Parses a config.json document and counts its parameters. */
  @Benchmark
  public long countFromConfigJson() {
    return HuggingFaceConfigs.parse(configJson, model).parameterCounts().total().value();
  }
}
