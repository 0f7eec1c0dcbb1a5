package dev.llmcost.spark.internal;

import dev.llmcost.core.Money;
import dev.llmcost.core.TokenCount;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.training.Parallelism;
import dev.llmcost.costmodel.training.PrecisionRecipe;
import dev.llmcost.costmodel.training.Recompute;
import dev.llmcost.costmodel.training.TrainingCostModel;
import dev.llmcost.costmodel.training.TrainingEstimate;
import dev.llmcost.costmodel.training.TrainingJob;
import dev.llmcost.costmodel.training.ZeroStage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.jspecify.annotations.Nullable;

/** Maps training scenario rows to {@link TrainingEstimate} rows; see {@code ScenarioSweep#training}. */
public final class TrainingSweep implements MapPartitionsFunction<Row, Row> {

  private static final long serialVersionUID = 1L;

  /** The columns a training scenario must have. */
  public static final List<String> REQUIRED = List.of("model", "accelerator", "gpus", "tp", "pp");

  /** The integer columns read. */
  public static final List<String> INTS =
      List.of("gpus", "tp", "pp", "cp", "micro_batch", "global_batch", "seq_len", "tokens");

  /** The string columns read. */
  public static final List<String> STRINGS = List.of("model", "accelerator", "precision", "zero", "recompute");

  /** The columns appended. */
  public static final StructType RESULT = DataTypes.createStructType(List.of(
      field("error", DataTypes.StringType),
      field("dp", DataTypes.IntegerType),
      field("global_batch_used", DataTypes.IntegerType),
      field("flops_per_token", DataTypes.DoubleType),
      field("step_seconds", DataTypes.DoubleType),
      field("tokens_per_second_per_gpu", DataTypes.DoubleType),
      field("achieved_tflops_per_gpu", DataTypes.DoubleType),
      field("hardware_tflops_per_gpu", DataTypes.DoubleType),
      field("mfu", DataTypes.DoubleType),
      field("hfu", DataTypes.DoubleType),
      field("memory_per_gpu_bytes", DataTypes.LongType),
      field("fits", DataTypes.BooleanType),
      field("total_flops", DataTypes.DoubleType),
      field("wall_clock_seconds", DataTypes.DoubleType),
      field("gpu_hours", DataTypes.DoubleType),
      field("cost_usd", DataTypes.StringType),
      field("energy_kwh", DataTypes.DoubleType),
      field("defaults_used", DataTypes.createArrayType(DataTypes.StringType, false))));

  private final Columns columns;

  /**
   * Creates the function.
   *
   * @param columns the scenario table's columns, checked
   */
  public TrainingSweep(Columns columns) {
    this.columns = columns;
  }

  static StructField field(String name, org.apache.spark.sql.types.DataType type) {
    return DataTypes.createStructField(name, type, true);
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    List<Row> out = new ArrayList<>();
    while (rows.hasNext()) {
      Row r = rows.next();
      out.add(RowFactory.create(Columns.append(r, result(r))));
    }
    return out.iterator();
  }

  private Object[] result(Row r) {
    Object[] v = new Object[RESULT.size()];
    try {
      List<String> defaults = new ArrayList<>();
      TrainingJob job = job(r, defaults);
      TrainingEstimate e = TrainingCostModel.calibrated().estimate(job);
      if (!columns.has(r, "global_batch")) {
        defaults.add("global_batch=" + job.globalBatchSize() + " (512 sequences rounded up to a multiple of"
            + " micro_batch × dp)");
      }
      if (!columns.has(r, "tokens")) {
        defaults.add("tokens=" + job.trainingTokens().value() + " (20 per active parameter)");
      }
      v[1] = job.parallelism().dp();
      v[2] = job.globalBatchSize();
      v[3] = e.modelFlopsPerToken().value();
      v[4] = e.stepSeconds();
      v[5] = e.tokensPerSecondPerGpu();
      v[6] = e.achievedFlopsPerGpu().toTera();
      v[7] = e.hardwareFlopsPerGpu().toTera();
      v[8] = e.mfu();
      v[9] = e.hfu();
      v[10] = e.memory().total().bytes();
      v[11] = e.memory().fits();
      v[12] = e.totalFlops().value();
      v[13] = seconds(e.wallClock());
      v[14] = e.gpuHours();
      v[15] = e.cost().toPlainString();
      v[16] = e.energy().kilowattHours();
      v[17] = defaults.toArray(new String[0]);
    } catch (RuntimeException ex) {
      v = new Object[RESULT.size()];
      v[0] = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    }
    return v;
  }

  /**
   * Builds the job a scenario row describes.
   *
   * @param r the row
   * @param defaults receives a line for each default the row left in place
   * @return the job
   * @throws IllegalArgumentException naming the column and value where the row is not a valid job
   */
  TrainingJob job(Row r, List<String> defaults) {
    String modelId = required(r, "model");
    String acceleratorId = required(r, "accelerator");
    ModelArchitecture model = ModelCatalog.bundled().resolve(modelId);
    AcceleratorSpec accelerator = AcceleratorCatalog.bundled().get(acceleratorId);
    int gpus = columns.intValue(r, "gpus", 0);
    int tp = columns.intValue(r, "tp", 0);
    int pp = columns.intValue(r, "pp", 0);
    int cp = columns.intValue(r, "cp", 1);
    if (!columns.has(r, "cp")) {
      defaults.add("cp=1");
    }
    if (gpus < 1 || tp < 1 || pp < 1 || cp < 1) {
      throw new IllegalArgumentException(
          "gpus, tp, pp and cp must be at least 1, were " + gpus + ", " + tp + ", " + pp + ", " + cp);
    }
    long layout = (long) tp * pp * cp;
    if (gpus % layout != 0) {
      throw new IllegalArgumentException(
          "tp × pp × cp (" + tp + " × " + pp + " × " + cp + " = " + layout + ") must divide gpus, was " + gpus);
    }
    int dp = (int) (gpus / layout);
    TrainingJob.Builder b = TrainingJob.builder(model, accelerator, gpus)
        .parallelism(Parallelism.builder().dp(dp).tp(tp).pp(pp).cp(cp).sequenceParallel(tp > 1).build());
    if (columns.has(r, "micro_batch")) {
      b.microBatchSize(columns.intValue(r, "micro_batch", 1));
    } else {
      defaults.add("micro_batch=1");
    }
    if (columns.has(r, "global_batch")) {
      b.globalBatchSize(columns.intValue(r, "global_batch", 0));
    }
    if (columns.has(r, "seq_len")) {
      b.sequenceLength(columns.intValue(r, "seq_len", TrainingJob.DEFAULT_SEQUENCE_LENGTH));
    } else {
      defaults.add("seq_len=" + TrainingJob.DEFAULT_SEQUENCE_LENGTH);
    }
    if (columns.has(r, "tokens")) {
      b.trainingTokens(TokenCount.of(columns.longValue(r, "tokens", 0)));
    }
    @Nullable String precision = columns.string(r, "precision");
    if (precision != null) {
      b.precision(PrecisionRecipe.parse(precision));
    } else {
      defaults.add("precision=" + PrecisionRecipe.BF16_MIXED.id());
    }
    @Nullable String zero = columns.string(r, "zero");
    if (zero != null) {
      b.zero(ZeroStage.parse(zero));
    } else {
      defaults.add("zero=none");
    }
    @Nullable String recompute = columns.string(r, "recompute");
    if (recompute != null) {
      b.recompute(Recompute.parse(recompute));
    } else {
      defaults.add("recompute=" + Recompute.NONE.id());
    }
    if (columns.has(r, "price_per_gpu_hour")) {
      double price = columns.doubleValue(r, "price_per_gpu_hour", 0);
      if (!Double.isFinite(price) || price < 0) {
        throw new IllegalArgumentException("price_per_gpu_hour must be a finite amount >= 0, was " + price);
      }
      b.pricePerGpuHour(Money.usd(BigDecimal.valueOf(price)));
    } else {
      defaults.add("price_per_gpu_hour=" + TrainingJob.DEFAULT_PRICE_PER_GPU_HOUR.toPlainString() + " USD");
    }
    return b.build();
  }

  private String required(Row r, String name) {
    String s = columns.string(r, name);
    if (s == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    return s;
  }

  /** Returns a duration in seconds, to the nanosecond. */
  private static double seconds(Duration d) {
    return d.getSeconds() + d.getNano() / 1e9;
  }
}
