package dev.llmcost.spark;

import com.fasterxml.jackson.databind.cfg.PackageVersion;
import dev.llmcost.core.DType;
import dev.llmcost.core.TokenCount;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.internal.Json;
import dev.llmcost.core.model.HuggingFaceConfigs;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.pricing.PriceBook;
import dev.llmcost.costmodel.pricing.TokenUsage;
import dev.llmcost.costmodel.training.Cluster;
import dev.llmcost.costmodel.training.Parallelism;
import dev.llmcost.costmodel.training.TrainingCostModel;
import dev.llmcost.costmodel.training.TrainingEstimate;
import dev.llmcost.costmodel.training.TrainingJob;
import dev.llmcost.tokenizers.Tokenizer;
import dev.llmcost.tokenizers.TokenizerRegistry;
import dev.llmcost.tokenizers.dataset.DatasetCounter;
import dev.llmcost.tokenizers.dataset.DatasetTokenStats;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a Spark job asks of llmcost-core, -tokenizers and -costmodel where JSON is read: catalogs,
 * a config.json, a document over the size limit, tokenizer.json vocabularies, a JSONL dataset,
 * the price book, a training estimate. {@link JacksonCompatibilityTest} runs it twice, on the
 * build's Jackson and, in a class loader of its own, on Spark 3.5's Jackson 2.15.2; the lines must
 * be equal but for the first, the Jackson version.
 */
public final class JacksonProbe {

  private JacksonProbe() {}

  /**
   * Runs the probe.
   *
   * @param dir an empty directory to write a dataset into
   * @return the Jackson version, then one line per figure
   * @throws IOException if the dataset cannot be written
   */
  public static List<String> run(Path dir) throws IOException {
    List<String> out = new ArrayList<>();
    out.add("jackson " + PackageVersion.VERSION);
    ModelArchitecture llama = ModelCatalog.bundled().get("llama-3.1-8b");
    out.add("llama-3.1-8b parameters " + llama.parameterCounts().total());
    AcceleratorSpec h100 = AcceleratorCatalog.bundled().get("h100-sxm");
    out.add("h100-sxm " + h100.requirePeak(DType.BF16) + ", " + h100.memory() + ", " + h100.memoryBandwidth());
    ModelArchitecture tiny = HuggingFaceConfigs.parse("{\"model_type\": \"llama\", \"hidden_size\": 64,"
        + " \"intermediate_size\": 256, \"num_hidden_layers\": 2, \"num_attention_heads\": 4,"
        + " \"num_key_value_heads\": 2, \"vocab_size\": 1000, \"tie_word_embeddings\": false}", "tiny");
    out.add("config.json parameters " + tiny.parameterCounts().total());
    out.add("duplicate key: " + failure(() -> HuggingFaceConfigs.parse("{\"a\": 1, \"a\": 2}", "dup")));
    out.add("too long: " + failure(() -> Json.read(new Spaces(Json.MAX_DOCUMENT_CHARS + 1))));
    out.add("too long as text: " + failure(() -> Json.read(" ".repeat((int) Json.MAX_DOCUMENT_CHARS + 1))));

    TokenizerRegistry registry = TokenizerRegistry.standard();
    String text = "The quick brown fox. 敏捷的棕色狐狸。 def f(x): return x ** 2";
    for (String id : List.of("gpt-4o", "qwen2.5", "mistral", "bert-base-uncased")) {
      Tokenizer t = registry.resolve(id);
      out.add(id + " " + t.id() + " " + Arrays.toString(t.encode(text).toArray()));
    }
    Path jsonl = dir.resolve("docs.jsonl");
    Files.createDirectories(dir);
    Files.writeString(jsonl, "{\"text\": \"Hello, world!\", \"id\": 1}\n{\"id\": 2}\n{\"text\": \"" + text
        + "\", \"meta\": {\"a\": [1, 2]}}\n", StandardCharsets.UTF_8);
    DatasetTokenStats stats = DatasetCounter.builder()
        .tokenizers(List.of(registry.resolve("gpt-4o"), registry.resolve("qwen2.5")))
        .threads(2)
        .build()
        .count(jsonl);
    out.add("dataset " + stats.total() + " skipped " + stats.skippedDocuments());

    PriceBook book = PriceBook.bundled();
    out.add("gpt-4o bill " + book.bill("gpt-4o", TokenUsage.of(12_000, 400)).total());
    TrainingJob job = TrainingJob.builder(ModelCatalog.bundled().get("llama-3.1-70b"),
            Cluster.of(AcceleratorCatalog.bundled().get("h100-sxm"), 64))
        .parallelism(Parallelism.builder().dp(2).tp(8).pp(4).sequenceParallel(true).build())
        .sequenceLength(8192)
        .globalBatchSize(128)
        .trainingTokens(TokenCount.ofBillions(15_000))
        .build();
    TrainingEstimate e = TrainingCostModel.calibrated().estimate(job);
    out.add(String.format(Locale.ROOT, "training mfu %.6f gpu-hours %.3f", e.mfu(), e.gpuHours()));
    return out;
  }

  private static String failure(Runnable r) {
    try {
      r.run();
      return "none";
    } catch (RuntimeException e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  /** "[" then spaces, as many bytes as asked, held nowhere: a document that is too long. */
  private static final class Spaces extends InputStream {
    private final long length;
    private long pos;

    Spaces(long length) {
      this.length = length;
    }

    @Override
    public int read() {
      return pos >= length ? -1 : pos++ == 0 ? '[' : ' ';
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos >= length) {
        return -1;
      }
      int n = (int) Math.min(len, length - pos);
      Arrays.fill(b, off, off + n, (byte) ' ');
      if (pos == 0 && n > 0) {
        b[off] = '[';
      }
      pos += n;
      return n;
    }
  }
}
