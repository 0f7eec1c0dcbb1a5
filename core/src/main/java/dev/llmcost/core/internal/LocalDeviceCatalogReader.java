package dev.llmcost.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.core.Bandwidth;
import dev.llmcost.core.DataSize;
import dev.llmcost.core.DataUnit;
import dev.llmcost.core.FlopRate;
import dev.llmcost.core.local.LocalDevice;
import dev.llmcost.core.local.LocalDeviceKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads {@code catalog/local-devices.json}. */
public final class LocalDeviceCatalogReader {
  private LocalDeviceCatalogReader() {}

  private static final String RESOURCE = "/dev/llmcost/core/catalog/local-devices.json";

  /** Reads the bundled catalog; a broken bundled file is a build defect and throws. */
  public static CatalogLookup<LocalDevice> readBundled() {
    try (InputStream in = LocalDeviceCatalogReader.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("bundled resource " + RESOURCE + " is missing");
      }
      return read(Json.read(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static CatalogLookup<LocalDevice> read(JsonNode root) {
    List<LocalDevice> devices = new ArrayList<>();
    Map<String, String> aliases = new LinkedHashMap<>();
    for (JsonNode n : root.get("devices")) {
      JsonFields f = new JsonFields(n, "local-devices.json entry", IllegalStateException::new);
      String id = f.requireString("id");
      devices.add(LocalDevice.builder()
          .id(id)
          .name(f.requireString("name"))
          .vendor(f.requireString("vendor"))
          .kind(LocalDeviceKind.valueOf(f.requireString("kind").toUpperCase(Locale.ROOT)))
          .memory(DataSize.of(f.number("memory_gib").orElseThrow(), DataUnit.GIB))
          .memoryBandwidth(Bandwidth.ofGBps(f.number("memory_bandwidth_gbps").orElseThrow()))
          .fp16(FlopRate.ofTera(f.number("fp16_tflops").orElseThrow()))
          .int8(FlopRate.ofTera(f.number("int8_tops").orElseThrow()))
          .hostLink(Bandwidth.ofGBps(f.number("host_link_gbps").orElse(0)))
          .source(f.requireString("source"))
          .build());
      f.array("aliases").ifPresent(a -> a.forEach(x -> aliases.put(x.textValue(), id)));
    }
    return new CatalogLookup<>("local device", devices, LocalDevice::id, aliases);
  }
}
