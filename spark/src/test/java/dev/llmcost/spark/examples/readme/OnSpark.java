package dev.llmcost.spark.examples.readme;

import static org.apache.spark.sql.functions.col;

import dev.llmcost.spark.LlmcostFunctions;
import dev.llmcost.spark.ScenarioSweep;
import dev.llmcost.spark.SparkDatasetTokenStats;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The README's "On Apache Spark" block, compiled here (the module that has Spark on its class
 * path); examples' ReadmeSnippetsTest checks that the README holds this region.
 */
final class OnSpark {

  private OnSpark() {}

  static void onSpark(SparkSession spark, Dataset<Row> docs, Dataset<Row> models, Dataset<Row> accelerators,
      Dataset<Row> gpus, Dataset<Row> layouts, Dataset<Row> servingGrid) {
    // snippet:on-spark
    LlmcostFunctions.register(spark);                 // token_count(text, id), token_ids(text, id) in SQL
    spark.sql("SELECT lang, sum(token_count(text, 'gpt-4o')) FROM docs GROUP BY lang");
    docs.select(LlmcostFunctions.tokenIds(col("text"), "qwen2.5"));           // the DataFrame API, no registration
    String mine = LlmcostFunctions.shipTokenizerFile(spark, "hdfs:///tok/llama3-tokenizer.json");
    docs.select(LlmcostFunctions.tokenCount(col("text"), mine));              // the user's own tokenizer.json

    SparkDatasetTokenStats s = SparkDatasetTokenStats.run(spark.read().parquet("s3://crawl/"), "text",
        List.of("gpt-4o", "qwen2.5", mine), "lang");                          // language column optional
    s.tokens("o200k_base");  s.languages();  s.report().write().parquet("s3://reports/crawl-tokens");

    Dataset<Row> grid = models.crossJoin(accelerators).crossJoin(gpus).crossJoin(layouts);  // model, accelerator, gpus, tp, pp, ...
    ScenarioSweep.training(grid).write().parquet("s3://sweeps/train");       // + step_seconds, mfu, memory, gpu_hours, cost_usd ...
    ScenarioSweep.inference(servingGrid).write().parquet("s3://sweeps/serve"); // + ttft, tpot, tokens/s, max batch, fits
    // end-snippet
  }
}
