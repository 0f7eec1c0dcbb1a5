package dev.llmcost.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.core.Bandwidth;
import dev.llmcost.core.DType;
import dev.llmcost.core.DataSize;
import dev.llmcost.core.DataUnit;
import dev.llmcost.core.FlopRate;
import dev.llmcost.core.hardware.AcceleratorSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads {@code catalog/accelerators.json}. */
public final class AcceleratorCatalogReader {
  private AcceleratorCatalogReader() {}

  private static final String RESOURCE = "/dev/llmcost/core/catalog/accelerators.json";

  /** Reads the bundled catalog; a broken bundled file is a build defect and throws. */
  public static CatalogLookup<AcceleratorSpec> readBundled() {
    try (InputStream in = AcceleratorCatalogReader.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("bundled resource " + RESOURCE + " is missing");
      }
      return read(Json.read(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static CatalogLookup<AcceleratorSpec> read(JsonNode root) {
    List<AcceleratorSpec> specs = new ArrayList<>();
    Map<String, String> aliases = new LinkedHashMap<>();
    for (JsonNode n : root.get("accelerators")) {
      JsonFields f = new JsonFields(n, "accelerators.json entry", IllegalStateException::new);
      String id = f.requireString("id");
      Map<DType, FlopRate> peaks = new EnumMap<>(DType.class);
      JsonNode p = n.get("dense_tflops");
      for (Map.Entry<String, JsonNode> e : p.properties()) {
        FlopRate rate = FlopRate.ofTera(e.getValue().doubleValue());
        if (e.getKey().equals("fp8")) {
          peaks.put(DType.FP8_E4M3, rate);
          peaks.put(DType.FP8_E5M2, rate);
        } else {
          peaks.put(DType.parse(e.getKey()), rate);
        }
      }
      specs.add(
          AcceleratorSpec.builder()
              .id(id)
              .name(f.requireString("name"))
              .vendor(f.requireString("vendor"))
              .densePeaks(peaks)
              .memory(DataSize.of(f.number("memory_gib").orElseThrow(), DataUnit.GIB))
              .memoryBandwidth(Bandwidth.ofGBps(f.number("memory_bandwidth_gbps").orElseThrow()))
              .scaleUpBandwidth(Bandwidth.ofGBps(f.number("scale_up_gbps").orElse(0)))
              .scaleUpDomain(f.requireInteger("scale_up_domain"))
              .scaleOutBandwidth(Bandwidth.ofGigabits(f.number("scale_out_gbit_per_device").orElse(0)))
              .tdpWatts(f.number("tdp_w").orElse(0))
              .source(f.requireString("source")
                  + f.string("compute_units_source").map(x -> "; compute units: " + x).orElse(""))
              .computeUnits(f.integer("compute_units").orElse(0))
              .scaleUpLink(f.string("scale_up_link").orElse(""))
              .build());
      f.array("aliases").ifPresent(a -> a.forEach(x -> aliases.put(x.textValue(), id)));
    }
    return new CatalogLookup<>("accelerator", specs, AcceleratorSpec::id, aliases);
  }
}
