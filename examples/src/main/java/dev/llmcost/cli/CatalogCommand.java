package dev.llmcost.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.core.DType;
import dev.llmcost.core.FlopRate;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.CatalogModel;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.core.model.ParameterCounts;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code llmcost catalog models|accelerators}: what the bundled catalogs hold. */
@Command(
    name = "catalog",
    mixinStandardHelpOptions = true,
    description = "List the bundled models or accelerators with their sources.")
public final class CatalogCommand implements Callable<Integer> {

  /** What to list. */
  enum Kind {
    models,
    accelerators
  }

  @Parameters(index = "0", description = "What to list: ${COMPLETION-CANDIDATES}.")
  Kind kind;

  @Mixin JsonOption json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ObjectNode root = JsonOutput.object();
    StringBuilder text = new StringBuilder();
    if (kind == Kind.models) {
      ArrayNode arr = root.putArray("models");
      for (CatalogModel m : ModelCatalog.bundled().entries()) {
        ParameterCounts p = m.architecture().parameterCounts();
        ObjectNode o = arr.addObject();
        o.put("id", m.id());
        o.put("name", m.name());
        o.put("modelType", m.architecture().modelType());
        o.put("totalParameters", p.total().value());
        o.put("activeParameters", p.active().value());
        ArrayNode al = o.putArray("aliases");
        m.aliases().forEach(al::add);
        o.put("source", m.source());
        text.append(Text.padRight(m.id(), 24)).append(' ').append(Text.padRight(m.architecture().modelType(), 13))
            .append(Text.padLeft(Text.grouped(p.total().value()), 18)).append("  ")
            .append(p.total().toHumanString());
        if (m.architecture().isMoe()) {
          text.append(" (").append(p.active().toHumanString()).append(" active)");
        }
        text.append('\n');
      }
    } else {
      ArrayNode arr = root.putArray("accelerators");
      for (AcceleratorSpec a : AcceleratorCatalog.bundled().all()) {
        ObjectNode o = arr.addObject();
        o.put("id", a.id());
        o.put("name", a.name());
        ObjectNode peaks = o.putObject("denseTflops");
        for (Map.Entry<DType, FlopRate> e : a.densePeaks().entrySet()) {
          peaks.put(e.getKey().id(), e.getValue().toTera());
        }
        o.put("memoryBytes", a.memory().bytes());
        o.put("memoryBandwidthGBps", a.memoryBandwidth().toGBps());
        o.put("scaleUpGBps", a.scaleUpBandwidth().toGBps());
        o.put("tdpWatts", a.tdpWatts());
        o.put("source", a.source());
        String bf16 = a.peak(DType.BF16).or(() -> a.peak(DType.FP16))
            .map(r -> Text.fixed(r.toTera(), 1)).orElse("-");
        text.append(Text.padRight(a.id(), 16)).append(Text.padRight(a.name(), 28))
            .append(Text.padLeft(bf16, 8)).append(" TFLOP/s 16-bit  ")
            .append(Text.padLeft(a.memory().toIecString(), 11)).append("  ")
            .append(Text.padLeft(Text.fixed(a.memoryBandwidth().toGBps(), 0), 5)).append(" GB/s\n");
      }
    }
    out.print(json.enabled() ? JsonOutput.write(root) + "\n" : text);
    return 0;
  }
}
