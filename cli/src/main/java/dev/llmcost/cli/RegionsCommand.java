package dev.llmcost.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.core.GridRegion;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code llmcost regions}: the bundled grid carbon-intensity table, for {@code --carbon-intensity}. */
@Command(
    name = "regions",
    mixinStandardHelpOptions = true,
    description = "List the grid regions of the bundled carbon-intensity table (annual averages, gCO2e/kWh)"
        + " with their year and source; an id is a value for --carbon-intensity.")
public final class RegionsCommand implements Callable<Integer> {

  @Mixin JsonOption json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (json.enabled()) {
      ObjectNode root = JsonOutput.object();
      ArrayNode arr = root.putArray("regions");
      for (GridRegion r : GridRegion.all()) {
        ObjectNode o = arr.addObject();
        o.put("id", r.id());
        o.put("name", r.name());
        o.put("gramsCo2ePerKwh", r.intensity().gramsPerKwh());
        o.put("year", r.year());
        o.put("source", r.source());
        o.put("seen", r.seen().toString());
      }
      out.println(JsonOutput.write(root));
      return 0;
    }
    StringBuilder sb = new StringBuilder();
    for (GridRegion r : GridRegion.all()) {
      sb.append(Text.padRight(r.id(), 8)).append(Text.padRight(r.name(), 62))
          .append(Text.padLeft(Text.fixed(r.intensity().gramsPerKwh(), 1), 7)).append(" gCO2e/kWh  ")
          .append(r.year()).append('\n');
    }
    sb.append("\nsources (seen ").append(GridRegion.all().get(0).seen()).append("):\n");
    GridRegion.all().stream().map(GridRegion::source).distinct().forEach(s -> sb.append("  - ").append(s).append('\n'));
    out.print(sb);
    return 0;
  }
}
