package dev.llmcost.spark.examples

import dev.llmcost.spark.{LlmcostFunctions, ScenarioSweep, SparkDatasetTokenStats}
import org.apache.spark.sql.{DataFrame, SparkSession}
import org.apache.spark.sql.functions.col

import scala.jdk.CollectionConverters._

/** Counting a corpus's tokens and sweeping inference scenarios from Scala, on Spark. */
object TokenCountExample {

  /**
   * Counts a small corpus under two tokenizers three ways (SQL, the DataFrame API, the dataset
   * job) and returns the totals by tokenizer id, the job's figures.
   */
  def run(spark: SparkSession): java.util.Map[String, java.lang.Long] = {
    import spark.implicits._
    val docs: DataFrame = Seq(
      ("The cost of training depends on the tokens.", "eng"),
      ("训练成本取决于词元的数量。", "cmn"),
      ("Le coût dépend des données.", "fra")).toDF("text", "lang")

    LlmcostFunctions.register(spark)
    docs.createOrReplaceTempView("docs")
    spark.sql("SELECT lang, token_count(text, 'gpt-4o') AS o200k, token_count(text, 'qwen2.5') AS qwen FROM docs")
      .show(false)
    docs.select(col("lang"), LlmcostFunctions.tokenIds(col("text"), "cl100k_base").as("ids")).show(false)

    val stats = SparkDatasetTokenStats.run(docs, "text", List("gpt-4o", "qwen2.5").asJava, "lang")
    stats.report().show(false)

    val scenarios = Seq(
      ("llama-3.1-8b", "h100-sxm", 1, 32, 2048, 256),
      ("llama-3.1-70b", "h100-sxm", 4, 32, 2048, 256),
      ("llama-3.1-70b", "h200-sxm", 2, 64, 2048, 256)).toDF("model", "accelerator", "tp", "batch", "input_tokens",
      "output_tokens")
    ScenarioSweep.inference(scenarios)
      .select("model", "accelerator", "tp", "ttft_seconds", "tpot_seconds", "output_tokens_per_second", "fits")
      .show(false)

    stats.total().tokens()
  }

  def main(args: Array[String]): Unit = {
    val spark = SparkSession.builder().appName("llmcost-token-count").getOrCreate()
    try println(run(spark))
    finally spark.stop()
  }
}
