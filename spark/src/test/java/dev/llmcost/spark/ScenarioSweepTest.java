package dev.llmcost.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.inference.InferenceCostModel;
import dev.llmcost.costmodel.inference.InferenceEstimate;
import dev.llmcost.costmodel.inference.InferenceScenario;
import dev.llmcost.costmodel.training.Parallelism;
import dev.llmcost.costmodel.training.TrainingCostModel;
import dev.llmcost.costmodel.training.TrainingEstimate;
import dev.llmcost.costmodel.training.TrainingJob;
import dev.llmcost.spark.examples.SweepExample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every row of the 10,000-scenario sweep equals a direct call of the library. */
class ScenarioSweepTest {

  static SparkSession spark;

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() {
    spark = LocalSpark.session();
  }

  @Test
  void theExamplesTenThousandScenariosEqualTheLibrary() {
    List<Row> rows = SweepExample.run(spark, dir.resolve("sweep").toString()).collectAsList();
    assertThat(rows).hasSize(10_000);
    int ok = 0;
    int fits = 0;
    int rejected = 0;
    for (Row r : rows) {
      String model = r.getAs("model");
      String accelerator = r.getAs("accelerator");
      int gpus = r.getAs("gpus");
      int tp = r.getAs("tp");
      int pp = r.getAs("pp");
      String error = r.getAs("error");
      TrainingEstimate e;
      try {
        if (gpus % (tp * pp) != 0) {
          throw new IllegalArgumentException("layout does not divide the GPUs");
        }
        TrainingJob job = TrainingJob.builder(ModelCatalog.bundled().get(model),
                AcceleratorCatalog.bundled().get(accelerator), gpus)
            .parallelism(Parallelism.builder().dp(gpus / (tp * pp)).tp(tp).pp(pp).sequenceParallel(tp > 1).build())
            .build();
        e = TrainingCostModel.calibrated().estimate(job);
      } catch (IllegalArgumentException ex) {
        assertThat(error).as("%s on %d %s, tp %d pp %d", model, gpus, accelerator, tp, pp).isNotNull();
        rejected++;
        continue;
      }
      String where = model + " on " + gpus + " " + accelerator + ", tp " + tp + " pp " + pp;
      assertThat(error).as(where).isNull();
      assertThat((double) r.getAs("flops_per_token")).as(where).isEqualTo(e.modelFlopsPerToken().value());
      assertThat((double) r.getAs("step_seconds")).as(where).isEqualTo(e.stepSeconds());
      assertThat((double) r.getAs("tokens_per_second_per_gpu")).as(where).isEqualTo(e.tokensPerSecondPerGpu());
      assertThat((double) r.getAs("mfu")).as(where).isEqualTo(e.mfu());
      assertThat((double) r.getAs("hfu")).as(where).isEqualTo(e.hfu());
      assertThat((long) r.getAs("memory_per_gpu_bytes")).as(where).isEqualTo(e.memory().total().bytes());
      assertThat((boolean) r.getAs("fits")).as(where).isEqualTo(e.memory().fits());
      assertThat((double) r.getAs("wall_clock_seconds")).as(where).isEqualTo(e.wallClock().getSeconds() + e.wallClock().getNano() / 1e9);
      assertThat((double) r.getAs("gpu_hours")).as(where).isEqualTo(e.gpuHours());
      assertThat((String) r.getAs("cost_usd")).as(where).isEqualTo(e.cost().toPlainString());
      assertThat((double) r.getAs("energy_kwh")).as(where).isEqualTo(e.energy().kilowattHours());
      assertThat((int) r.getAs("global_batch_used")).as(where).isEqualTo(e.job().globalBatchSize());
      assertThat(r.<String>getList(r.fieldIndex("defaults_used"))).as(where)
          .contains("seq_len=2048", "precision=bf16", "zero=none", "price_per_gpu_hour=2 USD");
      ok++;
      if (e.memory().fits()) {
        fits++;
      }
    }
    System.out.printf("10,000 scenarios: %d estimated (%d fit in memory), %d rejected by the library%n",
        ok, fits, rejected);
    assertThat(ok).isPositive();
    assertThat(fits).isPositive();
    assertThat(rejected).isPositive();
    assertThat(ok + rejected).isEqualTo(10_000);
  }

  @Test
  void inferenceRowsEqualTheCalibratedModel() {
    List<Row> in = new ArrayList<>();
    for (String m : List.of("llama-3.1-8b", "llama-3.1-70b", "qwen2.5-7b", "mistral-7b-v0.1", "gpt3-13b")) {
      for (String a : List.of("a100-sxm-80gb", "h100-sxm", "mi300x")) {
        for (int tp : new int[] {1, 2, 3, 4, 8}) {
          for (int batch : new int[] {1, 16, 64}) {
            in.add(RowFactory.create(m, a, tp, batch, 1024, 256));
          }
        }
      }
    }
    StructType schema = DataTypes.createStructType(List.of(
        DataTypes.createStructField("model", DataTypes.StringType, false),
        DataTypes.createStructField("accelerator", DataTypes.StringType, false),
        DataTypes.createStructField("tp", DataTypes.IntegerType, false),
        DataTypes.createStructField("batch", DataTypes.IntegerType, false),
        DataTypes.createStructField("input_tokens", DataTypes.IntegerType, false),
        DataTypes.createStructField("output_tokens", DataTypes.IntegerType, false)));
    List<Row> rows = ScenarioSweep.inference(spark.createDataFrame(in, schema).repartition(2)).collectAsList();
    assertThat(rows).hasSize(in.size());
    InferenceCostModel model = InferenceCostModel.calibrated();
    int ok = 0;
    int rejected = 0;
    for (Row r : rows) {
      String where = r.getString(0) + " on " + r.getString(1) + " tp " + r.getInt(2) + " batch " + r.getInt(3);
      InferenceEstimate e;
      try {
        e = model.estimate(InferenceScenario.builder(ModelCatalog.bundled().get(r.getString(0)),
                AcceleratorCatalog.bundled().get(r.getString(1)))
            .tp(r.getInt(2)).batch(r.getInt(3)).inputTokens(1024).outputTokens(256).build());
      } catch (IllegalArgumentException ex) {
        assertThat((String) r.getAs("error")).as(where).isEqualTo(ex.getMessage());
        rejected++;
        continue;
      }
      assertThat((String) r.getAs("error")).as(where).isNull();
      assertThat((double) r.getAs("ttft_seconds")).as(where).isEqualTo(e.ttftSeconds());
      assertThat((double) r.getAs("tpot_seconds")).as(where).isEqualTo(e.tpotSeconds());
      assertThat((double) r.getAs("output_tokens_per_second")).as(where).isEqualTo(e.outputTokensPerSecond());
      assertThat((long) r.getAs("kv_cache_bytes_per_token")).as(where).isEqualTo(e.kvCachePerToken().bytes());
      assertThat((int) r.getAs("max_batch_size")).as(where).isEqualTo(e.maxBatchSize());
      assertThat((long) r.getAs("memory_per_gpu_bytes")).as(where).isEqualTo(e.memoryPerGpu().total().bytes());
      assertThat((boolean) r.getAs("fits")).as(where).isEqualTo(e.fits());
      ok++;
    }
    System.out.printf("%d inference scenarios: %d estimated, %d rejected (tp 3)%n", rows.size(), ok, rejected);
    assertThat(ok).isPositive();
    assertThat(rejected).isPositive();
  }

  @Test
  void aBadRowKeepsItsPlaceWithTheLibrarysMessage() {
    StructType schema = DataTypes.createStructType(List.of(
        DataTypes.createStructField("model", DataTypes.StringType, true),
        DataTypes.createStructField("accelerator", DataTypes.StringType, true),
        DataTypes.createStructField("gpus", DataTypes.LongType, true),
        DataTypes.createStructField("tp", DataTypes.IntegerType, true),
        DataTypes.createStructField("pp", DataTypes.IntegerType, true)));
    Dataset<Row> in = spark.createDataFrame(List.of(
        RowFactory.create("llama-3.1-8b", "h100-sxm", 8L, 3, 1),
        RowFactory.create("llama-3.1-8b", "h100-sxm", 8L, 8, 1),
        RowFactory.create("no-such-model", "h100-sxm", 8L, 1, 1)), schema);
    List<Row> rows = ScenarioSweep.training(in).collectAsList();
    assertThat((String) rows.get(0).getAs("error"))
        .isEqualTo("tp × pp × cp (3 × 1 × 1 = 3) must divide gpus, was 8");
    assertThat((String) rows.get(1).getAs("error")).isNull();
    assertThat((String) rows.get(2).getAs("error")).contains("no-such-model");
  }

  @Test
  void aMissingOrMistypedColumnIsNamed() {
    Dataset<Row> noPp = spark.sql("SELECT 'llama-3.1-8b' AS model, 'h100-sxm' AS accelerator, 8 AS gpus, 1 AS tp");
    assertThatThrownBy(() -> ScenarioSweep.training(noPp))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("training scenarios must have a column pp, columns were [model, accelerator, gpus, tp]");
    Dataset<Row> textTp = spark.sql(
        "SELECT 'llama-3.1-8b' AS model, 'h100-sxm' AS accelerator, 8 AS gpus, 'eight' AS tp, 1 AS pp");
    assertThatThrownBy(() -> ScenarioSweep.training(textTp))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("column tp must be int or bigint, was string");
  }
}
