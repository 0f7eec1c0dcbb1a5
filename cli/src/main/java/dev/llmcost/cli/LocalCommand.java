package dev.llmcost.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.core.DataSize;
import dev.llmcost.core.DataUnit;
import dev.llmcost.core.gguf.GgufFile;
import dev.llmcost.core.gguf.GgufLayout;
import dev.llmcost.core.gguf.GgufModels;
import dev.llmcost.core.gguf.QuantMix;
import dev.llmcost.core.local.LocalDevice;
import dev.llmcost.core.local.LocalDeviceCatalog;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.costmodel.local.KvCacheType;
import dev.llmcost.costmodel.local.LocalEstimate;
import dev.llmcost.costmodel.local.LocalEstimator;
import dev.llmcost.costmodel.local.LocalFit;
import dev.llmcost.costmodel.local.LocalProfile;
import dev.llmcost.costmodel.local.LocalRun;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code llmcost local}: a GGUF model on one local device, as llama.cpp runs it. */
@Command(
    name = "local",
    mixinStandardHelpOptions = true,
    description = {
      "File size, GPU and CPU memory, and llama-bench's prompt processing (pp) and token generation (tg)"
          + " speeds of a GGUF model on a consumer GPU, Apple silicon or a CPU, as llama.cpp runs it.",
      "--fit lists the quantizations from Q8_0 down with the offload that fits and picks the best."
    })
public final class LocalCommand implements Callable<Integer> {

  /** Most GiB {@code --memory} takes: the largest byte count a {@code DataSize} holds (2^63 − 1 bytes), in GiB. */
  static final long MAX_MEMORY_GIB = Long.MAX_VALUE >> 30;

  @Option(names = "--model", required = true,
      description = "Catalog id, path to a HuggingFace config.json, or path to a .gguf file (only its header is read).")
  String model;

  @Option(names = "--quant", description = "llama-quantize mix: Q8_0, Q6_K, Q5_K_M, Q4_K_M, Q4_0, IQ4_XS, Q3_K_M,"
      + " Q2_K ... (default Q4_K_M; for a .gguf, the file's own types).")
  @Nullable String quant;

  @Option(names = "--device", required = true, description = "Local device id (see 'llmcost catalog local'):"
      + " rtx-4090, rtx-3060, rx-7900-xtx, m2-max, m4-pro, ryzen-9-7950x ...")
  String device;

  @Option(names = "--host", description = "Host CPU of a discrete GPU, for layers left off it (default ddr5-dual-5600).")
  @Nullable String host;

  @Option(names = "--ngl", description = "Layers on the GPU, llama.cpp's -ngl (default all, with the output head).")
  @Nullable Integer ngl;

  @Option(names = "--ctx", description = "Context length in tokens, llama.cpp's -c (default 4,096).")
  @Nullable Integer ctx;

  @Option(names = "--kv-cache", description = "KV cache type: f16, q8_0, q4_0 (default f16; quantized needs --flash-attn).")
  @Nullable String kvCache;

  @Option(names = "--flash-attn", description = "Flash attention on (llama.cpp -fa 1; default off as llama-bench).")
  @Nullable Boolean flashAttn;

  @Option(names = "--n-cpu-moe", description = "MoE: keep the routed experts of the first N layers in RAM.")
  @Nullable Integer nCpuMoe;

  @Option(names = "--imatrix", description = "The quantization used an importance matrix (as bartowski's and unsloth's files).")
  boolean imatrix;

  @Option(names = "--memory", description = "Device memory in GiB, for another configuration of the chip (a 36 GB M3 Max).")
  @Nullable Double memoryGib;

  @Option(names = "--depth", defaultValue = "0", description = "Tokens already in context, llama-bench's -d (default 0).")
  int depth;

  @Option(names = "--fit", description = "List the quantizations and offloads that fit the device and pick the best.")
  boolean fit;

  @Mixin JsonOption json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Defaults defaults = new Defaults();
    LocalDevice dev = LocalDeviceCatalog.bundled().find(device).orElseThrow(() -> new IllegalArgumentException(
        "--device \"" + device + "\" is not a local device; known: " + String.join(", ", LocalDeviceCatalog.bundled().ids())));
    if (memoryGib != null) {
      if (!(memoryGib > 0) || memoryGib.isInfinite() || memoryGib > MAX_MEMORY_GIB) {
        // 1e308 GiB overflowed the byte count and was refused as "bytes must be a finite number, was Infinity"
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "--memory must be a positive number of GiB, at most %,d, was %s", MAX_MEMORY_GIB, memoryGib));
      }
      dev = dev.withMemory(DataSize.of(memoryGib, DataUnit.GIB));
    }
    LocalDevice hostDevice = null;
    if (host != null) {
      hostDevice = LocalDeviceCatalog.bundled().find(host).orElseThrow(() ->
          new IllegalArgumentException("--host \"" + host + "\" is not a local device id"));
      if (hostDevice.isGpu()) {
        throw new IllegalArgumentException("--host must be a CPU id (ryzen-9-7950x, ddr5-dual-5600 ...), was " + host);
      }
    }
    KvCacheType kv = KvCacheType.F16;
    if (kvCache != null) {
      kv = KvCacheType.ofName(kvCache).orElseThrow(() ->
          new IllegalArgumentException("--kv-cache must be f16, q8_0 or q4_0, was " + kvCache));
    } else {
      defaults.add("--kv-cache", "f16");
    }
    if (ngl != null && ngl < 0) {
      throw new IllegalArgumentException("--ngl must be >= 0, was " + ngl);
    }
    if (ctx != null && ctx <= 0) {
      throw new IllegalArgumentException("--ctx must be > 0, was " + ctx);
    }
    if (nCpuMoe != null && nCpuMoe < 0) {
      throw new IllegalArgumentException("--n-cpu-moe must be >= 0, was " + nCpuMoe);
    }
    if (depth < 0) {
      throw new IllegalArgumentException("--depth must be >= 0, was " + depth);
    }

    boolean isGguf = model.toLowerCase(Locale.ROOT).endsWith(".gguf");
    ModelArchitecture a;
    GgufLayout source;
    long headerBytes;
    String quantName;
    GgufLayout layout;
    QuantMix mix = null;
    if (quant != null) {
      mix = QuantMix.ofName(quant).orElseThrow(() -> new IllegalArgumentException("--quant \"" + quant
          + "\" is not a llama-quantize mix; known: " + java.util.Arrays.toString(QuantMix.values())));
    }
    if (isGguf) {
      GgufFile f = GgufFile.read(Path.of(model));
      a = GgufModels.architecture(f);
      source = GgufLayout.of(f);
      headerBytes = f.dataOffset();
      layout = mix == null ? source : source.quantize(mix, imatrix);
      quantName = mix == null ? f.integer("general.file_type").stream()
          .mapToObj(id -> QuantMix.ofFileType(id).map(Enum::name).orElse("file")).findFirst().orElse("file")
          : mix.name();
    } else {
      a = Models.resolve(model);
      source = GgufLayout.of(a, GgufModels.ggufArchitecture(a.modelType()));
      headerBytes = source.estimatedHeaderBytes(a.vocabSize());
      if (mix == null && !fit) {
        mix = QuantMix.Q4_K_M;
        defaults.add("--quant", "Q4_K_M");
      }
      layout = mix == null ? source : source.quantize(mix, imatrix);
      quantName = mix == null ? "F16" : mix.name();
    }
    final LocalDevice d = dev;
    final LocalDevice h = hostDevice;
    final KvCacheType kvType = kv;
    java.util.function.UnaryOperator<LocalRun.Builder> settings = b -> {
      if (h != null) {
        b.host(h);
      }
      if (ctx != null) {
        b.contextLength(ctx);
      }
      if (flashAttn != null) {
        b.flashAttention(flashAttn);
      }
      if (nCpuMoe != null) {
        b.cpuMoeLayers(nCpuMoe);
      }
      return b.kvCache(kvType).depth(depth);
    };
    PrintWriter out = spec.commandLine().getOut();
    if (fit) {
      final ModelArchitecture arch = a;
      LocalFit result = isGguf && mix == null
          ? fitFile(arch, layout, d, settings, quantName)
          : LocalFit.search(arch, source, imatrix, l -> LocalRun.builder(arch, l, d), settings);
      LocalEstimate any = result.candidates().get(0);
      any.run().defaultsUsed().forEach((k, v) -> defaults.add("--" + k, v));
      if (json.enabled()) {
        ObjectNode n = JsonOutput.object();
        n.put("model", a.id());
        n.put("device", d.id());
        ArrayNode cands = n.putArray("candidates");
        for (LocalEstimate e : result.candidates()) {
          cands.add(toJson(e, source, headerBytes));
        }
        result.best().ifPresentOrElse(b -> n.set("best", toJson(b, source, headerBytes)), () -> n.putNull("best"));
        defaults.json(n);
        out.println(JsonOutput.write(n));
      } else {
        out.print(defaults.insertInto(fitReport(a, d, result)));
      }
      return 0;
    }
    LocalRun.Builder b = settings.apply(LocalRun.builder(a, layout, d)).quantization(quantName);
    if (ngl != null) {
      b.gpuLayers(ngl);
    }
    LocalEstimate e = LocalEstimator.estimate(b.build());
    e.run().defaultsUsed().forEach((k, v) -> defaults.add("--" + k, v));
    if (json.enabled()) {
      ObjectNode n = toJson(e, layout, headerBytes);
      defaults.json(n);
      ArrayNode as = n.putArray("assumptions");
      e.assumptions().forEach(as::add);
      out.println(JsonOutput.write(n));
    } else {
      out.print(defaults.insertInto(report(e, headerBytes)));
    }
    return 0;
  }

  private static LocalFit fitFile(ModelArchitecture a, GgufLayout layout, LocalDevice d,
      java.util.function.UnaryOperator<LocalRun.Builder> settings, String name) {
    // A file has one quantization: only the offload varies.
    return LocalFit.offload(a, ngl -> settings.apply(LocalRun.builder(a, layout, d)).quantization(name).gpuLayers(ngl).build());
  }

  static ObjectNode toJson(LocalEstimate e, GgufLayout ignored, long headerBytes) {
    LocalRun r = e.run();
    ObjectNode n = JsonOutput.object();
    n.put("model", r.architecture().id());
    n.put("quant", r.quantization());
    n.put("device", r.device().id());
    n.put("host", r.host().id());
    long fileSize = r.layout().fileSize(headerBytes);
    n.put("fileSizeBytes", fileSize);
    n.put("modelBytes", e.modelBytes().bytes());
    n.put("bitsPerWeight", 8.0 * e.modelBytes().bytes() / r.layout().parameters());
    n.put("parameters", r.layout().parameters());
    n.put("layers", r.architecture().layers());
    n.put("gpuLayers", e.layersOnGpu());
    n.put("outputOnGpu", e.outputOnGpu());
    n.put("contextLength", r.contextLength());
    n.put("kvCache", r.kvCache().name().toLowerCase(Locale.ROOT));
    n.put("flashAttention", r.flashAttention());
    ObjectNode m = n.putObject("memory");
    m.put("gpuBytes", e.gpuMemory().bytes());
    m.put("cpuBytes", e.cpuMemory().bytes());
    m.put("gpuWeightsBytes", e.gpuWeights().bytes());
    m.put("cpuWeightsBytes", e.cpuWeights().bytes());
    m.put("kvCacheBytes", e.kvCache().bytes());
    m.put("gpuKvCacheBytes", e.gpuKvCache().bytes());
    m.put("computeBufferBytes", e.computeBuffer().bytes());
    m.put("gpuUsableBytes", e.gpuUsable().bytes());
    n.put("fits", LocalFit.fits(e));
    n.put("ppTokensPerSecond", round(e.promptTokensPerSecond()));
    n.put("tgTokensPerSecond", round(e.generatedTokensPerSecond()));
    ObjectNode types = n.putObject("bytesByType");
    r.layout().bytesByType().forEach((k, v) -> types.put(k.name(), v));
    LocalProfile p = r.profile();
    ObjectNode prof = n.putObject("profile");
    prof.put("discreteBandwidth", p.discreteBandwidth());
    prof.put("discreteTokenSeconds", p.discreteTokenSeconds());
    prof.put("unifiedBandwidth", p.unifiedBandwidth());
    prof.put("unifiedTokenSeconds", p.unifiedTokenSeconds());
    prof.put("cpuBandwidth", p.cpuBandwidth());
    prof.put("discreteCompute", p.discreteCompute());
    prof.put("unifiedCompute", p.unifiedCompute());
    prof.put("cpuCompute", p.cpuCompute());
    return n;
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  static String report(LocalEstimate e, long headerBytes) {
    LocalRun r = e.run();
    StringBuilder sb = new StringBuilder();
    sb.append(r.architecture().id()).append(' ').append(r.quantization()).append(" on ").append(r.device().name())
        .append('\n');
    sb.append("  file size           ").append(Text.padLeft(DataSize.ofBytes(r.layout().fileSize(headerBytes)).toIecString(), 12))
        .append(String.format(Locale.ROOT, "  (%.2f bits per weight, %s parameters)%n",
            8.0 * e.modelBytes().bytes() / r.layout().parameters(), Text.grouped(r.layout().parameters())));
    if (r.device().isGpu()) {
      sb.append("  layers on GPU       ").append(Text.padLeft(e.layersOnGpu() + " / " + r.architecture().layers(), 12))
          .append(e.outputOnGpu() ? "  (output head on GPU)" : "").append('\n');
    }
    if (!r.device().isGpu()) {
      sb.append("  memory              ").append(Text.padLeft(e.cpuMemory().toIecString(), 12)).append("  of ")
          .append(r.device().memory().toIecString()).append(LocalFit.fits(e) ? "  fits" : "  DOES NOT FIT").append('\n');
    } else {
    sb.append("  GPU memory          ").append(Text.padLeft(e.gpuMemory().toIecString(), 12))
        .append("  of ").append(e.gpuUsable().toIecString()).append(" usable")
        .append(LocalFit.fits(e) ? "  fits" : "  DOES NOT FIT").append('\n');
    sb.append("    weights           ").append(Text.padLeft(e.gpuWeights().toIecString(), 12)).append('\n');
    sb.append("    KV cache          ").append(Text.padLeft(e.gpuKvCache().toIecString(), 12))
        .append("  (").append(r.kvCache().name().toLowerCase(Locale.ROOT)).append(", ")
        .append(Text.grouped(r.contextLength())).append(" tokens)\n");
    sb.append("    compute buffer    ").append(Text.padLeft(e.computeBuffer().toIecString(), 12)).append('\n');
    sb.append("  CPU memory          ").append(Text.padLeft(e.cpuMemory().toIecString(), 12)).append("  on ")
        .append(r.host().id()).append('\n');
    }
    sb.append(String.format(Locale.ROOT, "  prompt processing   %12s tokens/s  (pp%d)%n",
        String.format(Locale.ROOT, "%,.1f", e.promptTokensPerSecond()), r.promptTokens()));
    sb.append(String.format(Locale.ROOT, "  token generation    %12s tokens/s  (tg%d%s)%n",
        String.format(Locale.ROOT, "%,.1f", e.generatedTokensPerSecond()), r.generatedTokens(), r.depth() > 0 ? " @ d" + r.depth() : ""));
    sb.append("\n  bytes by type\n");
    for (Map.Entry<dev.llmcost.core.gguf.GgmlType, Long> t : r.layout().bytesByType().entrySet()) {
      sb.append("    ").append(Text.padRight(t.getKey().name(), 10))
          .append(Text.padLeft(DataSize.ofBytes(t.getValue()).toIecString(), 12)).append('\n');
    }
    sb.append("\n  assumptions\n");
    e.assumptions().forEach(x -> sb.append("    - ").append(x).append('\n'));
    return sb.toString();
  }

  static String fitReport(ModelArchitecture a, LocalDevice d, LocalFit f) {
    StringBuilder sb = new StringBuilder();
    sb.append(a.id()).append(" on ").append(d.name()).append(": what fits\n");
    sb.append(String.format(Locale.ROOT, "  %-8s %10s %8s %12s %12s %10s %10s%n",
        "quant", "file", "ngl", "GPU mem", "CPU mem", "pp t/s", "tg t/s"));
    for (LocalEstimate e : f.candidates()) {
      sb.append(String.format(Locale.ROOT, "  %-8s %10s %8s %12s %12s %10s %10s%s%n",
          e.run().quantization(), e.modelBytes().toIecString(), e.layersOnGpu() + (e.outputOnGpu() ? "+1" : ""),
          e.gpuMemory().toIecString(), e.cpuMemory().toIecString(),
          Text.grouped(Math.round(e.promptTokensPerSecond())), String.format(Locale.ROOT, "%,.1f", e.generatedTokensPerSecond()),
          LocalFit.fits(e) ? "" : "  does not fit"));
    }
    sb.append(f.best().map(b -> "  best: " + b.run().quantization() + " with ngl " + b.run().gpuLayers()
        + String.format(Locale.ROOT, " (%.1f tokens/s)", b.generatedTokensPerSecond()))
        .orElse("  nothing fits " + d.id()));
    sb.append('\n');
    return sb.toString();
  }

}
