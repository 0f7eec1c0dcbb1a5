package dev.llmcost.spark.internal;

import dev.llmcost.core.DType;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.QuantizationScheme;
import dev.llmcost.costmodel.inference.InferenceCostModel;
import dev.llmcost.costmodel.inference.InferenceEstimate;
import dev.llmcost.costmodel.inference.InferenceScenario;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.jspecify.annotations.Nullable;

/**
 * Maps inference scenario rows to {@link InferenceEstimate} rows of the calibrated {@link
 * InferenceCostModel}; see {@code ScenarioSweep#inference}.
 */
public final class InferenceSweep implements MapPartitionsFunction<Row, Row> {

  private static final long serialVersionUID = 1L;

  /** The columns an inference scenario must have. */
  public static final List<String> REQUIRED =
      List.of("model", "accelerator", "tp", "batch", "input_tokens", "output_tokens");

  /** The integer columns read. */
  public static final List<String> INTS = List.of("tp", "pp", "batch", "input_tokens", "output_tokens");

  /** The string columns read. */
  public static final List<String> STRINGS = List.of("model", "accelerator", "weights", "kv_cache");

  /** The columns appended. */
  public static final StructType RESULT = DataTypes.createStructType(List.of(
      TrainingSweep.field("error", DataTypes.StringType),
      TrainingSweep.field("replica_gpus", DataTypes.IntegerType),
      TrainingSweep.field("ttft_seconds", DataTypes.DoubleType),
      TrainingSweep.field("tpot_seconds", DataTypes.DoubleType),
      TrainingSweep.field("end_to_end_seconds", DataTypes.DoubleType),
      TrainingSweep.field("output_tokens_per_second", DataTypes.DoubleType),
      TrainingSweep.field("output_tokens_per_second_per_gpu", DataTypes.DoubleType),
      TrainingSweep.field("kv_cache_bytes_per_token", DataTypes.LongType),
      TrainingSweep.field("max_batch_size", DataTypes.IntegerType),
      TrainingSweep.field("memory_per_gpu_bytes", DataTypes.LongType),
      TrainingSweep.field("fits", DataTypes.BooleanType),
      TrainingSweep.field("defaults_used", DataTypes.createArrayType(DataTypes.StringType, false))));

  private final Columns columns;

  /**
   * Creates the function.
   *
   * @param columns the scenario table's columns, checked
   */
  public InferenceSweep(Columns columns) {
    this.columns = columns;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    InferenceCostModel model = InferenceCostModel.calibrated();
    List<Row> out = new ArrayList<>();
    while (rows.hasNext()) {
      Row r = rows.next();
      out.add(RowFactory.create(Columns.append(r, result(model, r))));
    }
    return out.iterator();
  }

  private Object[] result(InferenceCostModel model, Row r) {
    Object[] v = new Object[RESULT.size()];
    try {
      List<String> defaults = new ArrayList<>();
      InferenceScenario s = scenario(r, defaults);
      InferenceEstimate e = model.estimate(s);
      v[1] = e.gpus();
      v[2] = e.ttftSeconds();
      v[3] = e.tpotSeconds();
      v[4] = e.endToEndSeconds();
      v[5] = e.outputTokensPerSecond();
      v[6] = e.outputTokensPerSecondPerGpu();
      v[7] = e.kvCachePerToken().bytes();
      v[8] = e.maxBatchSize();
      v[9] = e.memoryPerGpu().total().bytes();
      v[10] = e.fits();
      v[11] = defaults.toArray(new String[0]);
    } catch (RuntimeException ex) {
      v = new Object[RESULT.size()];
      v[0] = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    }
    return v;
  }

  private InferenceScenario scenario(Row r, List<String> defaults) {
    String modelId = columns.string(r, "model");
    String acceleratorId = columns.string(r, "accelerator");
    if (modelId == null || acceleratorId == null) {
      throw new IllegalArgumentException("model and accelerator must not be null");
    }
    ModelArchitecture m = ModelCatalog.bundled().resolve(modelId);
    AcceleratorSpec a = AcceleratorCatalog.bundled().get(acceleratorId);
    InferenceScenario.Builder b = InferenceScenario.builder(m, a)
        .tp(columns.intValue(r, "tp", 1))
        .batch(columns.intValue(r, "batch", 1))
        .inputTokens(columns.intValue(r, "input_tokens", 1))
        .outputTokens(columns.intValue(r, "output_tokens", 1));
    if (columns.has(r, "pp")) {
      b.pp(columns.intValue(r, "pp", 1));
    } else {
      defaults.add("pp=1");
    }
    DType sixteen = m.dtype() == DType.FP16 ? DType.FP16 : DType.BF16;
    @Nullable String weights = columns.string(r, "weights");
    if (weights != null) {
      b.weights(weights(weights));
    } else {
      defaults.add("weights=" + sixteen.name().toLowerCase(Locale.ROOT) + " (the model's 16-bit type)");
    }
    @Nullable String kv = columns.string(r, "kv_cache");
    if (kv != null) {
      b.kvCache(DType.parse(kv));
    } else {
      defaults.add("kv_cache=" + sixteen.name().toLowerCase(Locale.ROOT) + " (the model's 16-bit type)");
    }
    return b.build();
  }

  /**
   * Returns the weight storage a name stands for, as the command line's {@code infer --weights}
   * reads it: bf16, fp16, fp32, fp8, int8, int4 (group size 128), nf4, mxfp4, nvfp4.
   *
   * @param name the name
   * @return the scheme
   * @throws IllegalArgumentException if the name is none of those
   */
  static QuantizationScheme weights(String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "bf16" -> QuantizationScheme.uniform(DType.BF16);
      case "fp16" -> QuantizationScheme.uniform(DType.FP16);
      case "fp32" -> QuantizationScheme.uniform(DType.FP32);
      case "fp8" -> QuantizationScheme.fp8();
      case "int8" -> QuantizationScheme.int8();
      case "int4" -> QuantizationScheme.int4(128);
      case "nf4" -> QuantizationScheme.nf4();
      case "mxfp4" -> QuantizationScheme.mxfp4();
      case "nvfp4" -> QuantizationScheme.nvfp4();
      default -> throw new IllegalArgumentException(
          "weights must be one of bf16, fp16, fp32, fp8, int8, int4, nf4, mxfp4, nvfp4, was " + name);
    };
  }
}
