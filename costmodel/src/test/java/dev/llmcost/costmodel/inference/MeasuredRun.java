package dev.llmcost.costmodel.inference;

import dev.llmcost.core.DType;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.QuantizationScheme;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One published inference measurement (a row of a validation CSV) and its scenario. */
record MeasuredRun(
    String id,
    String model,
    String accelerator,
    int tp,
    String precision,
    int batch,
    int input,
    int output,
    String measured,
    double value,
    String source) {

  boolean isThroughput() {
    return measured.equals("output_tokens_per_second_per_gpu");
  }

  boolean isTtft() {
    return measured.equals("ttft_ms");
  }

  /**
   * Returns the scenario: fp8 rows use FP8 weights (W8A8) and an FP8 KV cache, fp16 rows FP16. The
   * lengths are the published run's, which may exceed the checkpoint's max_position_embeddings (the
   * twelve GPT-J 6B rows of TensorRT-LLM v0.9.0 at 2,049 to 4,096 tokens, past its 2,048): the engine
   * ran them, so the scenario allows a long context.
   */
  InferenceScenario scenario(ServingOverheads overheads) {
    boolean fp8 = precision.equals("fp8");
    return InferenceScenario.builder(
            ModelCatalog.bundled().get(model), AcceleratorCatalog.bundled().get(accelerator))
        .tp(tp)
        .weights(fp8 ? QuantizationScheme.fp8() : QuantizationScheme.uniform(DType.FP16))
        .kvCache(fp8 ? DType.FP8_E4M3 : DType.FP16)
        .batch(batch)
        .inputTokens(input)
        .outputTokens(output)
        .allowLongContext(true)
        .attention(InferenceAttentionKernel.FLASH)
        .overheads(overheads)
        .build();
  }

  /** Returns the prediction in the row's unit. */
  double predict(InferenceCostModel m) {
    InferenceEstimate e = m.estimate(scenario(m.calibration().overheads()));
    return isTtft() ? e.ttftSeconds() * 1000 : e.outputTokensPerSecondPerGpu();
  }

  static List<MeasuredRun> read(String resource) {
    InputStream in = MeasuredRun.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("missing test resource " + resource);
    }
    List<MeasuredRun> rows = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String header = r.readLine();
      if (header == null || !header.startsWith("id,model,accelerator,gpus,tp,precision,batch")) {
        throw new IllegalStateException("unexpected header in " + resource + ": " + header);
      }
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.split(",", -1);
        rows.add(
            new MeasuredRun(
                f[0],
                f[1],
                f[2],
                Integer.parseInt(f[4]),
                f[5].toLowerCase(Locale.ROOT),
                Integer.parseInt(f[6]),
                Integer.parseInt(f[7]),
                Integer.parseInt(f[8]),
                f[9],
                Double.parseDouble(f[10]),
                f[12]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }
}
