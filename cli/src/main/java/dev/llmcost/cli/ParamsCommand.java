package dev.llmcost.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.core.DType;
import dev.llmcost.core.DataSize;
import dev.llmcost.core.gguf.GgufFile;
import dev.llmcost.core.gguf.GgufLayout;
import dev.llmcost.core.gguf.GgufModels;
import dev.llmcost.core.gguf.TensorGroup;
import dev.llmcost.core.model.LayerMixer;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.ParameterComponent;
import dev.llmcost.core.model.ParameterCounts;
import dev.llmcost.core.model.QuantizationScheme;
import dev.llmcost.core.model.WeightMemory;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code llmcost params}: exact parameter counts and weight memory of a model. */
@Command(
    name = "params",
    mixinStandardHelpOptions = true,
    description = "Exact parameter counts (total, active, embedding) and weight memory per data type.")
public final class ParamsCommand implements Callable<Integer> {

  @Option(
      names = "--model",
      required = true,
      description = "Catalog id (see 'llmcost catalog models'), path to a HuggingFace config.json, or path to a"
          + " .gguf file (its header only: exact parameters per tensor group and bytes per ggml type).")
  String model;

  @Mixin JsonOption json;

  @Mixin AssumeLlamaOption assumeLlama;

  @Spec CommandSpec spec;

  /** The storage schemes the report lists, from fp32 down to 4-bit with group scales. */
  static final List<QuantizationScheme> SCHEMES =
      List.of(
          QuantizationScheme.uniform(DType.FP32),
          QuantizationScheme.uniform(DType.BF16),
          QuantizationScheme.uniform(DType.FP8_E4M3),
          QuantizationScheme.uniform(DType.INT8),
          QuantizationScheme.uniform(DType.INT4),
          QuantizationScheme.int4(128),
          QuantizationScheme.nf4());

  @Override
  public Integer call() {
    return run(model, json.enabled(), assumeLlama.enabled(), spec.commandLine().getOut());
  }

  /**
   * Runs the command with its options given (what {@link #call()} does after picocli parsed them,
   * and what {@link QuickCommands} calls without picocli).
   *
   * @param model the {@code --model} value
   * @param json whether {@code --json} was given
   * @param assumeLlama whether {@code --assume-llama} was given
   * @param out standard output
   * @return the exit code, 0
   */
  static int run(String model, boolean json, boolean assumeLlama, PrintWriter out) {
    if (model.toLowerCase(java.util.Locale.ROOT).endsWith(".gguf")) {
      return gguf(model, json, out);
    }
    ModelArchitecture a = Models.resolve(model, AssumeLlamaOption.policy(assumeLlama));
    ParameterCounts p = a.parameterCounts();
    if (json) {
      out.println(JsonOutput.write(toJson(a, p)));
    } else {
      out.print(report(a, p));
    }
    return 0;
  }

  /** Counts a GGUF file's parameters from its tensor shapes and its bytes from its tensor types. */
  private static int gguf(String model, boolean json, PrintWriter out) {
    GgufFile f = GgufFile.read(java.nio.file.Path.of(model));
    ModelArchitecture a = GgufModels.architecture(f);
    GgufLayout l = GgufLayout.of(f);
    java.util.Map<TensorGroup, Long> groups = l.parametersByGroup();
    long total = l.parameters();
    long routed = groups.getOrDefault(TensorGroup.ROUTED_EXPERTS, 0L);
    long active = a.isMoe()
        ? total - routed / a.moe().routedExperts() * (a.moe().routedExperts() - a.moe().expertsPerToken())
        : total;
    long embedding = groups.getOrDefault(TensorGroup.TOKEN_EMBEDDING, 0L) + groups.getOrDefault(TensorGroup.OUTPUT_HEAD, 0L);
    if (json) {
      ObjectNode n = JsonOutput.object();
      n.put("model", a.id());
      n.put("modelType", a.modelType());
      n.put("ggufVersion", f.version());
      n.put("totalParameters", total);
      n.put("activeParameters", active);
      n.put("embeddingParameters", embedding);
      n.put("nonEmbeddingParameters", total - embedding);
      n.put("fileSizeBytes", f.fileSize());
      n.put("tensorBytes", l.tensorBytes());
      ObjectNode g = n.putObject("ggufParametersByGroup");
      groups.forEach((k, v) -> g.put(k.name(), v));
      ObjectNode gb = n.putObject("ggufBytesByGroup");
      l.bytesByGroup().forEach((k, v) -> gb.put(k.name(), v));
      ObjectNode t = n.putObject("ggufBytesByType");
      l.bytesByType().forEach((k, v) -> t.put(k.name(), v));
      ArrayNode as = n.putArray("assumptions");
      as.add("parameters counted from the " + f.tensors().size() + " tensor shapes of " + model
          + "; bytes from each tensor's ggml type (block layouts of ggml-common.h)");
      if (a.isMoe()) {
        as.add("active: " + a.moe().expertsPerToken() + " of " + a.moe().routedExperts() + " routed experts per token");
      }
      out.println(JsonOutput.write(n));
    } else {
      StringBuilder sb = new StringBuilder();
      sb.append(a.id()).append(" (GGUF v").append(f.version()).append(", ").append(a.modelType()).append(", ")
          .append(f.tensors().size()).append(" tensors, ").append(DataSize.ofBytes(f.fileSize()).toSiString()).append(")\n");
      sb.append("  total parameters      ").append(Text.padLeft(Text.grouped(total), 20)).append('\n');
      if (a.isMoe()) {
        sb.append("  active per token      ").append(Text.padLeft(Text.grouped(active), 20)).append('\n');
      }
      sb.append("  embedding             ").append(Text.padLeft(Text.grouped(embedding), 20)).append('\n');
      sb.append("\n  parameters and bytes by tensor group\n");
      java.util.Map<TensorGroup, Long> bytes = l.bytesByGroup();
      groups.forEach((k, v) -> sb.append("    ").append(Text.padRight(k.name().toLowerCase(java.util.Locale.ROOT), 18))
          .append(Text.padLeft(Text.grouped(v), 18)).append(Text.padLeft(DataSize.ofBytes(bytes.get(k)).toIecString(), 14))
          .append('\n'));
      sb.append("\n  bytes by ggml type\n");
      l.bytesByType().forEach((k, v) -> sb.append("    ").append(Text.padRight(k.name(), 18))
          .append(Text.padLeft(DataSize.ofBytes(v).toIecString(), 14))
          .append(String.format(java.util.Locale.ROOT, "  (%.4f bits per weight)", k.bitsPerWeight())).append('\n'));
      out.print(sb);
    }
    return 0;
  }

  static ObjectNode toJson(ModelArchitecture a, ParameterCounts p) {
    ObjectNode n = JsonOutput.object();
    n.put("model", a.id());
    n.put("modelType", a.modelType());
    n.put("totalParameters", p.total().value());
    n.put("activeParameters", p.active().value());
    n.put("embeddingParameters", p.embedding().value());
    n.put("nonEmbeddingParameters", p.nonEmbedding().value());
    ArrayNode parts = n.putArray("breakdown");
    for (ParameterComponent c : p.components()) {
      ObjectNode o = parts.addObject();
      o.put("name", c.name());
      o.put("role", c.role().name());
      o.put("perInstance", c.perInstance());
      o.put("instances", c.instances());
      o.put("total", c.total().value());
    }
    ObjectNode mem = n.putObject("weightMemoryBytes");
    for (QuantizationScheme s : SCHEMES) {
      mem.put(s.name(), WeightMemory.of(p, s).total().bytes());
    }
    n.put("checkpointBytes", a.checkpointSize().bytes());
    ObjectNode mixers = n.putObject("layers");
    for (LayerMixer m : LayerMixer.values()) {
      if (a.layersOf(m) > 0) {
        mixers.put(m.name().toLowerCase(java.util.Locale.ROOT), a.layersOf(m));
      }
    }
    n.put("noPositionEncodingLayers", a.layerPattern().stream().filter(l -> l.mixer().hasAttention() && !l.rotary()).count());
    ArrayNode as = n.putArray("assumptions");
    assumptions(a).forEach(as::add);
    return n;
  }

  /**
   * Returns the architecture's assumptions and what each 4-bit scheme leaves unquantized, so that
   * int4-g128 and nf4 weighing more than int4 is explained (their embeddings and head stay bf16).
   */
  static List<String> assumptions(ModelArchitecture a) {
    List<String> out = new java.util.ArrayList<>(a.assumptions());
    for (QuantizationScheme s : SCHEMES) {
      if (!s.isUniform()) {
        out.add("weight memory " + s.describe());
      }
    }
    return out;
  }

  /** Says how many layers of each kind the model has: "18 sliding_attention (128), 18 full_attention". */
  static String layerSummary(ModelArchitecture a) {
    StringBuilder sb = new StringBuilder();
    for (LayerMixer m : LayerMixer.values()) {
      int n = a.layersOf(m);
      if (n == 0) {
        continue;
      }
      sb.append(sb.length() == 0 ? "" : ", ").append(n).append(' ').append(m.name().toLowerCase(java.util.Locale.ROOT));
      if (m.isWindowed()) {
        sb.append(" (").append(a.layerPattern().stream().mapToInt(l -> l.window()).max().orElse(0)).append(" tokens)");
      }
    }
    long nope = a.layerPattern().stream().filter(l -> l.mixer().hasAttention() && !l.rotary()).count();
    if (nope > 0 && a.embeddings().positions() == dev.llmcost.core.model.PositionEncoding.ROTARY) {
      sb.append("; ").append(nope).append(" without rotary positions (NoPE)");
    }
    if (a.isMoe()) {
      sb.append("; ").append(a.moeLayers()).append(" MoE, ").append(a.denseLayers()).append(" dense MLP");
    }
    return sb.toString();
  }

  static String report(ModelArchitecture a, ParameterCounts p) {
    StringBuilder sb = new StringBuilder();
    sb.append(a.id()).append(" (").append(a.modelType()).append(", ")
        .append(a.layers()).append(" layers, width ").append(Text.grouped(a.hidden())).append(")\n");
    sb.append("  total parameters      ").append(Text.padLeft(Text.grouped(p.total().value()), 20))
        .append("  (").append(p.total().toHumanString()).append(")\n");
    if (a.isMoe()) {
      sb.append("  active per token      ").append(Text.padLeft(Text.grouped(p.active().value()), 20))
          .append("  (").append(p.active().toHumanString()).append(")\n");
    }
    sb.append("  embedding             ").append(Text.padLeft(Text.grouped(p.embedding().value()), 20)).append('\n');
    sb.append("  non-embedding         ").append(Text.padLeft(Text.grouped(p.nonEmbedding().value()), 20)).append('\n');
    sb.append("  layers               ").append(layerSummary(a)).append('\n');
    if (a.expertDtype() != a.dtype()) {
      sb.append("  checkpoint as shipped ").append(Text.padLeft(a.checkpointSize().toSiString(), 20))
          .append("  (experts in ").append(a.expertDtype().id()).append(", the rest in ").append(a.dtype().id()).append(")\n");
    }
    sb.append("\n  breakdown\n");
    for (ParameterComponent c : p.components()) {
      sb.append("    ").append(Text.padRight(c.name(), 30))
          .append(Text.padLeft(Text.grouped(c.total().value()), 20));
      if (c.instances() > 1) {
        sb.append("  (").append(Text.grouped(c.instances())).append(" × ")
            .append(Text.grouped(c.perInstance())).append(')');
      }
      sb.append('\n');
    }
    sb.append("\n  weight memory (parameters × bytes; 4-bit schemes with their group scales)\n");
    for (QuantizationScheme s : SCHEMES) {
      WeightMemory w = WeightMemory.of(p, s);
      sb.append("    ").append(Text.padRight(s.name(), 12))
          .append(Text.padLeft(w.total().toSiString(), 12)).append("  ")
          .append(Text.padLeft(w.total().toIecString(), 12));
      if (!s.isUniform()) {
        sb.append("  embeddings and head in ").append(s.otherType().id());
      }
      sb.append('\n');
    }
    sb.append("\n  assumptions\n");
    assumptions(a).forEach(x -> sb.append("    - ").append(x).append('\n'));
    return sb.toString();
  }
}
