package dev.llmcost.spark.examples;

import dev.llmcost.spark.ScenarioSweep;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Sweeps 10,000 training scenarios on Spark (10 models × 5 accelerators × 10 cluster sizes × 20
 * tensor/pipeline layouts) and writes the estimates to Parquet.
 *
 * <pre>
 * spark-submit --class dev.llmcost.spark.examples.SweepExample ... llmcost-spark-tests.jar out/sweep
 * </pre>
 */
public final class SweepExample {

  /** The models swept: dense decoders of the bundled catalog, 1.3B to 72B parameters. */
  public static final List<String> MODELS = List.of("gpt3-1.3b", "gpt3-6.7b", "gpt3-13b", "llama-2-7b",
      "llama-2-13b", "llama-3.1-8b", "llama-3.1-70b", "qwen2.5-7b", "qwen2.5-72b", "mistral-7b-v0.1");

  /** The accelerators swept. */
  public static final List<String> ACCELERATORS = List.of("a100-sxm-80gb", "h100-sxm", "h200-sxm", "b200", "mi300x");

  /** The cluster sizes swept, in GPUs. */
  public static final List<Integer> GPUS = List.of(8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096);

  private SweepExample() {}

  /**
   * Returns the 10,000 scenarios as a DataFrame: the cross join of the models, accelerators, GPU
   * counts and the 20 layouts tp ∈ {1, 2, 4, 8} × pp ∈ {1, 2, 4, 8, 16}.
   *
   * @param spark the session
   * @return the scenarios, in 4 partitions
   */
  public static Dataset<Row> grid(SparkSession spark) {
    Dataset<Row> models = spark.createDataset(MODELS, Encoders.STRING()).toDF("model");
    Dataset<Row> accelerators = spark.createDataset(ACCELERATORS, Encoders.STRING()).toDF("accelerator");
    Dataset<Row> gpus = spark.createDataset(GPUS, Encoders.INT()).toDF("gpus");
    List<Row> layouts = new ArrayList<>();
    for (int tp : new int[] {1, 2, 4, 8}) {
      for (int pp : new int[] {1, 2, 4, 8, 16}) {
        layouts.add(RowFactory.create(tp, pp));
      }
    }
    StructType layout = DataTypes.createStructType(List.of(
        DataTypes.createStructField("tp", DataTypes.IntegerType, false),
        DataTypes.createStructField("pp", DataTypes.IntegerType, false)));
    return models.crossJoin(accelerators).crossJoin(gpus).crossJoin(spark.createDataFrame(layouts, layout))
        .repartition(4);
  }

  /**
   * Runs the sweep and writes it to Parquet.
   *
   * @param spark the session
   * @param out the output directory
   * @return the estimates, as read back from the Parquet files
   */
  public static Dataset<Row> run(SparkSession spark, String out) {
    ScenarioSweep.training(grid(spark)).write().mode(SaveMode.Overwrite).parquet(out);
    return spark.read().parquet(out);
  }

  /**
   * Runs the sweep and prints the cheapest layout that fits for each model on each accelerator at 256 GPUs.
   *
   * @param args the output directory (default {@code target/sweep})
   */
  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().appName("llmcost-sweep").getOrCreate();
    Dataset<Row> results = run(spark, args.length > 0 ? args[0] : "target/sweep");
    System.out.println(results.count() + " scenarios");
    results.where("error IS NULL AND fits AND gpus = 256")
        .groupBy("model", "accelerator")
        .agg(functions.min("gpu_hours").as("gpu_hours"), functions.max("mfu").as("best_mfu"))
        .orderBy("model", "accelerator")
        .show(50, false);
    spark.stop();
  }
}
