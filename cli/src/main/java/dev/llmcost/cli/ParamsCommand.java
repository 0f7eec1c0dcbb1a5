package dev.llmcost.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.core.DType;
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
      description = "Catalog id (see 'llmcost catalog models') or path to a HuggingFace config.json.")
  String model;

  @Mixin JsonOption json;

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
    ModelArchitecture a = Models.resolve(model);
    ParameterCounts p = a.parameterCounts();
    PrintWriter out = spec.commandLine().getOut();
    if (json.enabled()) {
      out.println(JsonOutput.write(toJson(a, p)));
    } else {
      out.print(report(a, p));
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

  static String report(ModelArchitecture a, ParameterCounts p) {
    StringBuilder sb = new StringBuilder();
    sb.append(a.id()).append(" (").append(a.modelType()).append(", ")
        .append(a.layers()).append(" layers, width ").append(a.hidden()).append(")\n");
    sb.append("  total parameters      ").append(Text.padLeft(Text.grouped(p.total().value()), 20))
        .append("  (").append(p.total().toHumanString()).append(")\n");
    if (a.isMoe()) {
      sb.append("  active per token      ").append(Text.padLeft(Text.grouped(p.active().value()), 20))
          .append("  (").append(p.active().toHumanString()).append(")\n");
    }
    sb.append("  embedding             ").append(Text.padLeft(Text.grouped(p.embedding().value()), 20)).append('\n');
    sb.append("  non-embedding         ").append(Text.padLeft(Text.grouped(p.nonEmbedding().value()), 20)).append('\n');
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
