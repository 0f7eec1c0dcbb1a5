package dev.llmcost.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.core.Bandwidth;
import dev.llmcost.core.DType;
import dev.llmcost.core.DataSize;
import dev.llmcost.core.DataUnit;
import dev.llmcost.core.FlopRate;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.hardware.Architecture;
import dev.llmcost.core.hardware.ComputeCapability;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** Reads {@code catalog/accelerators.json}. */
public final class AcceleratorCatalogReader {
  private AcceleratorCatalogReader() {}

  private static final String RESOURCE = "/dev/llmcost/core/catalog/accelerators.json";

  /** The fields an entry may have: those this reader reads, and scale_up_link_source, the sources of scale_up_link. */
  private static final java.util.Set<String> FIELDS = java.util.Set.of("id", "name", "vendor", "aliases", "architecture",
      "architecture_source", "compute_capability", "compute_units", "compute_units_source", "dense_tflops",
      "memory_gib", "memory_bandwidth_gbps", "scale_up_gbps", "scale_up_domain", "scale_up_link",
      "scale_up_link_source", "scale_out_gbit_per_device", "host_link", "host_link_gbps", "host_link_source",
      "host_memory_gbps", "tdp_w", "source");

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

  /**
   * Reads a user's accelerator file in the bundled catalog's format ({@code {"accelerators": [entries]}}, each entry
   * with the bundled entries' fields): a copy of a bundled entry under an id of its own, or a part of their own.
   *
   * @param file the file
   * @return its accelerators
   * @throws IllegalArgumentException if the file cannot be read, is not JSON, or an entry lacks a field or has a bad
   *     value; the message names the file, the field and the value
   */
  public static CatalogLookup<AcceleratorSpec> readFile(java.nio.file.Path file) {
    JsonNode root;
    try (InputStream in = java.nio.file.Files.newInputStream(file)) {
      root = Json.read(in);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IllegalArgumentException("cannot read accelerator file " + file + ": no such file", e);
    } catch (IOException | UncheckedIOException e) {
      throw new IllegalArgumentException("cannot read accelerator file " + file + ": " + e.getMessage(), e);
    } catch (Json.JsonFormatException e) {
      throw new IllegalArgumentException("accelerator file " + file + " is not JSON: " + e.getMessage(), e);
    }
    try {
      return read(root, "accelerator file " + file + ":", IllegalArgumentException::new);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw e.getMessage() != null && e.getMessage().startsWith("accelerator file ") ? e
          : new IllegalArgumentException("accelerator file " + file + ": " + e.getMessage(), e);
    }
  }

  static CatalogLookup<AcceleratorSpec> read(JsonNode root) {
    return read(root, "accelerators.json", IllegalStateException::new);
  }

  private static CatalogLookup<AcceleratorSpec> read(JsonNode root, String where,
      java.util.function.Function<String, RuntimeException> error) {
    List<AcceleratorSpec> specs = new ArrayList<>();
    Map<String, String> aliases = new LinkedHashMap<>();
    JsonNode entries = root.get("accelerators");
    if (entries == null || !entries.isArray() || entries.isEmpty()) {
      throw error.apply(where + " field \"accelerators\" must be a non-empty array of entries");
    }
    for (JsonNode n : entries) {
      JsonFields f = new JsonFields(n, where + " entry", error);
      String id = f.requireString("id");
      f = new JsonFields(n, where + " entry \"" + id + "\"", error);
      for (java.util.Iterator<String> names = n.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!FIELDS.contains(name)) {
          // a misspelt optional field ("tdp" for "tdp_w") was ignored and its value silently taken as 0 (s14j)
          throw error.apply(where + " entry \"" + id + "\" has an unknown field \"" + name + "\"; the fields are "
              + new TreeSet<>(FIELDS));
        }
      }
      Map<DType, FlopRate> peaks = new EnumMap<>(DType.class);
      JsonNode p = n.get("dense_tflops");
      if (p == null || !p.isObject() || p.isEmpty()) {
        throw error.apply(where + " entry \"" + id + "\" field \"dense_tflops\" must be an object of peaks by dtype");
      }
      for (Map.Entry<String, JsonNode> e : p.properties()) {
        if (!e.getValue().isNumber() || !(e.getValue().doubleValue() > 0)) {
          throw error.apply(where + " entry \"" + id + "\" field \"dense_tflops." + e.getKey()
              + "\" must be a number > 0, was " + e.getValue());
        }
        FlopRate rate = typed(f, "dense_tflops." + e.getKey(), e.getValue().doubleValue(), FlopRate::ofTera, error);
        if (e.getKey().equals("fp8")) {
          peaks.put(DType.FP8_E4M3, rate);
          peaks.put(DType.FP8_E5M2, rate);
        } else {
          DType type;
          try {
            type = DType.parse(e.getKey());
          } catch (IllegalArgumentException x) {
            throw error.apply(where + " entry \"" + id + "\" field \"dense_tflops\" has a key that is no data type: "
                + x.getMessage());
          }
          peaks.put(type, rate);
        }
      }
      Architecture arch = architecture(f, id);
      AcceleratorSpec.Builder b = AcceleratorSpec.builder().architecture(arch);
      computeCapability(f, id, arch).ifPresent(b::computeCapability);
      specs.add(
          b
              .id(id)
              .name(f.requireString("name"))
              .vendor(f.requireString("vendor"))
              .densePeaks(peaks)
              .memory(typed(f, "memory_gib", requireNumber(f, "memory_gib", error), x -> DataSize.of(x, DataUnit.GIB),
                  error))
              .memoryBandwidth(typed(f, "memory_bandwidth_gbps", requireNumber(f, "memory_bandwidth_gbps", error),
                  Bandwidth::ofGBps, error))
              .scaleUpBandwidth(typed(f, "scale_up_gbps", f.number("scale_up_gbps").orElse(0), Bandwidth::ofGBps, error))
              .scaleUpDomain(f.requireInteger("scale_up_domain"))
              .scaleOutBandwidth(typed(f, "scale_out_gbit_per_device", f.number("scale_out_gbit_per_device").orElse(0),
                  Bandwidth::ofGigabits, error))
              .tdpWatts(f.number("tdp_w").orElse(0))
              .source(f.requireString("source")
                  + "; architecture: " + f.requireString("architecture_source")
                  + f.string("compute_units_source").map(x -> "; compute units: " + x).orElse("")
                  + f.string("host_link_source").map(x -> "; host link: " + x).orElse(""))
              .computeUnits(f.integer("compute_units").orElse(0))
              .scaleUpLink(f.string("scale_up_link").orElse(""))
              .hostLink(f.string("host_link").orElse(""), hostLinkBandwidth(f, id))
              .hostMemoryBandwidth(hostMemoryBandwidth(f, id))
              .build());
      f.array("aliases").ifPresent(a -> a.forEach(x -> aliases.put(x.textValue(), id)));
    }
    return new CatalogLookup<>("accelerator", specs, AcceleratorSpec::id, aliases);
  }

  /**
   * Converts a field's number to its quantity, naming the field and the value written when the quantity refuses it
   * (1e308 GiB overflows to an infinite byte count, whose refusal named neither).
   */
  private static <T> T typed(JsonFields f, String key, double value, java.util.function.DoubleFunction<T> of,
      java.util.function.Function<String, RuntimeException> error) {
    try {
      return of.apply(value);
    } catch (IllegalArgumentException e) {
      throw error.apply(f.context() + " field \"" + key + "\" was " + value + ": " + e.getMessage());
    }
  }

  private static double requireNumber(JsonFields f, String key,
      java.util.function.Function<String, RuntimeException> error) {
    return f.number(key).orElseThrow(() -> error.apply(f.context() + " is missing the required field \"" + key + "\""));
  }

  /**
   * The host links the catalog may name, with the bidirectional rate of each: PCIe x16 at 8, 16, 32
   * and 64 GT/s (PCI-SIG PCIe 3.0 to 6.0; the 32/64/128/256 GB/s datasheets quote), and NVLink-C2C
   * (900 GB/s, NVIDIA Grace Hopper and GB200 datasheets).
   */
  private static final Map<String, Double> HOST_LINK_GBPS = Map.of(
      "PCIe Gen3 x16", 32.0, "PCIe Gen4 x16", 64.0, "PCIe Gen5 x16", 128.0, "PCIe Gen6 x16", 256.0,
      "NVLink-C2C", 900.0);

  /**
   * Reads {@code host_link_gbps}, checked against {@code host_link}: both or neither, with a
   * {@code host_link_source}, a known link name and its datasheet rate.
   */
  private static Bandwidth hostLinkBandwidth(JsonFields f, String id) {
    String entry = "accelerators.json entry \"" + id + "\" field ";
    boolean named = f.has("host_link");
    if (!named) {
      for (String k : new String[] {"host_link_gbps", "host_memory_gbps", "host_link_source"}) {
        if (f.has(k)) {
          throw new IllegalStateException(entry + "\"" + k + "\" needs a \"host_link\", which is missing");
        }
      }
      return Bandwidth.ZERO;
    }
    String name = f.requireString("host_link");
    Double rate = HOST_LINK_GBPS.get(name);
    if (rate == null) {
      throw new IllegalStateException(entry + "\"host_link\" must be one of " + new TreeSet<>(
          HOST_LINK_GBPS.keySet()) + ", was \"" + name + "\"");
    }
    double gbps = f.number("host_link_gbps").orElseThrow(
        () -> new IllegalStateException(entry + "\"host_link_gbps\" is missing beside host_link \"" + name + "\""));
    if (gbps != rate) {
      throw new IllegalStateException(entry + "\"host_link_gbps\" must be " + rate + " for " + name
          + " (both directions), was " + gbps);
    }
    if (f.string("host_link_source").filter(x -> !x.isBlank()).isEmpty()) {
      throw new IllegalStateException(entry + "\"host_link_source\" is missing beside host_link \"" + name + "\"");
    }
    return Bandwidth.ofGBps(gbps);
  }

  /**
   * Reads {@code architecture}, which every entry declares with an {@code architecture_source} (the
   * vendor's datasheet or whitepaper): a missing or unknown name is refused, naming the entry and the
   * value, so that no accelerator falls into a silicon family, or out of one, silently.
   */
  private static Architecture architecture(JsonFields f, String id) {
    String entry = "accelerators.json entry \"" + id + "\" field ";
    String name = f.string("architecture").orElseThrow(() -> new IllegalStateException(entry
        + "\"architecture\" is missing; every accelerator declares its silicon generation"));
    if (f.string("architecture_source").filter(x -> !x.isBlank()).isEmpty()) {
      throw new IllegalStateException(entry + "\"architecture_source\" is missing beside architecture \"" + name + "\"");
    }
    try {
      return Architecture.parse(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(entry + "\"architecture\" must be one of " + Arrays.toString(
          Architecture.values()) + ", was \"" + name + "\"", e);
    }
  }

  /**
   * Reads {@code compute_capability} ({@code "9.0"}): present exactly beside an NVIDIA architecture and
   * one of its major versions (NVIDIA's CUDA GPUs page).
   */
  private static Optional<ComputeCapability> computeCapability(JsonFields f, String id, Architecture arch) {
    String entry = "accelerators.json entry \"" + id + "\" field \"compute_capability\" ";
    if (!f.has("compute_capability")) {
      if (arch.nvidia()) {
        throw new IllegalStateException(entry + "is missing beside NVIDIA architecture \"" + arch + "\"");
      }
      return Optional.empty();
    }
    String text = f.requireString("compute_capability");
    ComputeCapability c;
    try {
      c = ComputeCapability.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(entry + "must be major.minor such as \"9.0\", was \"" + text + "\"", e);
    }
    if (!arch.nvidia() || !arch.admits(c)) {
      throw new IllegalStateException(entry + (arch.nvidia()
          ? "must be one of architecture \"" + arch + "\"'s versions, was \"" + text + "\""
          : "is NVIDIA's, architecture \"" + arch + "\" has none; was \"" + text + "\""));
    }
    return Optional.of(c);
  }

  /** Reads {@code host_memory_gbps}: positive and finite when present, zero when absent. */
  private static Bandwidth hostMemoryBandwidth(JsonFields f, String id) {
    if (!f.has("host_memory_gbps")) {
      return Bandwidth.ZERO;
    }
    double gbps = f.number("host_memory_gbps").orElseThrow();
    if (!(gbps > 0) || !Double.isFinite(gbps)) {
      throw new IllegalStateException("accelerators.json entry \"" + id + "\" field \"host_memory_gbps\" must be > 0,"
          + " was " + gbps);
    }
    return Bandwidth.ofGBps(gbps);
  }
}
