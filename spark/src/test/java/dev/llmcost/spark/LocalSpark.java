package dev.llmcost.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The one local Spark session the tests of this module share (local[2], no UI, two shuffle
 * partitions): started by the first test class that asks, stopped by Spark's shutdown hook.
 */
final class LocalSpark {

  private LocalSpark() {}

  static synchronized SparkSession session() {
    return SparkSession.builder()
        .master("local[2]")
        .appName("llmcost-spark-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
  }
}
