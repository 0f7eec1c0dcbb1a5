package dev.llmcost.spark;

import dev.llmcost.spark.internal.Columns;
import dev.llmcost.spark.internal.InferenceSweep;
import dev.llmcost.spark.internal.TrainingSweep;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Scenario sweeps on a cluster: a DataFrame whose rows are model × accelerator × GPUs × layout
 * scenarios, mapped partition by partition to the library's estimates, as a DataFrame of the same
 * rows with the results appended (write it with {@code .write().parquet(path)}).
 *
 * <pre>{@code
 * Dataset<Row> grid = models.crossJoin(accelerators).crossJoin(gpus).crossJoin(layouts);
 * ScenarioSweep.training(grid).write().parquet("s3://sweeps/train");
 * }</pre>
 *
 * <p>Each result is what the calibrated {@link dev.llmcost.costmodel.training.TrainingCostModel} or the
 * calibrated {@link dev.llmcost.costmodel.inference.InferenceCostModel} gives for the row's job,
 * computed on the executors; the catalogs are read once per executor JVM. A row the library
 * rejects (tp that does not divide the heads, a layout that does not divide the GPUs, an unknown
 * id) keeps its place with the message in {@code error} and null results, so one bad scenario
 * never fails the sweep. Each result row lists in {@code defaults_used} the defaults that stood
 * in for absent or null columns.
 */
public final class ScenarioSweep {

  private ScenarioSweep() {}

  /**
   * Estimates training scenarios.
   *
   * <p>Columns read: {@code model} (a catalog id such as {@code llama-3.1-8b}), {@code accelerator}
   * ({@code h100-sxm}), {@code gpus}, {@code tp}, {@code pp} (required); {@code cp} (1), {@code
   * micro_batch} (1), {@code global_batch} (512 sequences rounded up to a multiple of micro_batch ×
   * dp), {@code seq_len} (2048), {@code tokens} (20 per active parameter), {@code precision}
   * (bf16), {@code zero} (none), {@code recompute} (none), {@code price_per_gpu_hour} (USD 2.00)
   * (optional, defaults in brackets). Data parallelism is gpus / (tp × pp × cp); sequence
   * parallelism is on with tp &gt; 1. Other columns pass through.
   *
   * <p>Columns appended: {@code error}, {@code dp}, {@code global_batch_used}, {@code
   * flops_per_token}, {@code step_seconds}, {@code tokens_per_second_per_gpu}, {@code
   * achieved_tflops_per_gpu}, {@code hardware_tflops_per_gpu}, {@code mfu}, {@code hfu}, {@code
   * memory_per_gpu_bytes}, {@code fits}, {@code total_flops}, {@code wall_clock_seconds}, {@code
   * gpu_hours}, {@code cost_usd} (the exact decimal), {@code energy_kwh}, {@code defaults_used}.
   *
   * @param scenarios the scenarios
   * @return the scenarios with their estimates (lazy: computed when written or collected)
   * @throws IllegalArgumentException if a required column is missing or a column has the wrong type
   */
  public static Dataset<Row> training(Dataset<Row> scenarios) {
    Columns c = new Columns(scenarios.schema(), TrainingSweep.REQUIRED, TrainingSweep.INTS, TrainingSweep.STRINGS,
        "training");
    return scenarios.mapPartitions(new TrainingSweep(c), Encoders.row(join(scenarios.schema(), TrainingSweep.RESULT)));
  }

  /**
   * Estimates inference scenarios with the calibrated inference model.
   *
   * <p>Columns read: {@code model}, {@code accelerator}, {@code tp}, {@code batch}, {@code
   * input_tokens}, {@code output_tokens} (required); {@code pp} (1), {@code weights} (the model's
   * 16-bit type; bf16, fp16, fp32, fp8, int8, int4, nf4, mxfp4, nvfp4) and {@code kv_cache} (the
   * model's 16-bit type) (optional). Other columns pass through.
   *
   * <p>Columns appended: {@code error}, {@code replica_gpus} (tp × pp), {@code ttft_seconds}, {@code tpot_seconds},
   * {@code end_to_end_seconds}, {@code output_tokens_per_second}, {@code
   * output_tokens_per_second_per_gpu}, {@code kv_cache_bytes_per_token}, {@code max_batch_size},
   * {@code memory_per_gpu_bytes}, {@code fits}, {@code defaults_used}.
   *
   * @param scenarios the scenarios
   * @return the scenarios with their estimates (lazy)
   * @throws IllegalArgumentException if a required column is missing or a column has the wrong type
   */
  public static Dataset<Row> inference(Dataset<Row> scenarios) {
    Columns c = new Columns(scenarios.schema(), InferenceSweep.REQUIRED, InferenceSweep.INTS,
        InferenceSweep.STRINGS, "inference");
    return scenarios.mapPartitions(new InferenceSweep(c), Encoders.row(join(scenarios.schema(), InferenceSweep.RESULT)));
  }

  private static StructType join(StructType in, StructType result) {
    List<StructField> fields = new ArrayList<>(List.of(in.fields()));
    for (StructField f : result.fields()) {
      for (StructField g : in.fields()) {
        if (g.name().equals(f.name())) {
          throw new IllegalArgumentException("scenarios must not have a column named " + f.name()
              + " (a result column)");
        }
      }
      fields.add(f);
    }
    return DataTypes.createStructType(fields);
  }
}
