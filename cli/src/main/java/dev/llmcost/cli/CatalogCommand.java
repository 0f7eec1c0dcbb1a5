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
import dev.llmcost.costmodel.pricing.BillingMode;
import dev.llmcost.costmodel.pricing.ContextTier;
import dev.llmcost.costmodel.pricing.ModelPrice;
import dev.llmcost.costmodel.pricing.PriceBook;
import dev.llmcost.costmodel.pricing.TokenKind;
import dev.llmcost.costmodel.pricing.TokenRates;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code llmcost catalog models|accelerators|prices|local}: what the bundled catalogs and price book hold. */
@Command(
    name = "catalog",
    mixinStandardHelpOptions = true,
    description = "List the bundled models, accelerators, API prices or local devices (each with its date and source).")
public final class CatalogCommand implements Callable<Integer> {

  /** What to list. */
  enum Kind {
    models,
    accelerators,
    prices,
    local
  }

  @Option(names = "--history", description = "With prices: list every dated entry, past prices included, not only the newest of each model.")
  boolean history;

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
      for (CatalogModel m : ModelCatalog.bundled().all()) {
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
    } else if (kind == Kind.prices) {
      prices(root, text);
    } else if (kind == Kind.local) {
      ArrayNode arr = root.putArray("localDevices");
      for (dev.llmcost.core.local.LocalDevice d : dev.llmcost.core.local.LocalDeviceCatalog.bundled().all()) {
        ObjectNode o = arr.addObject();
        o.put("id", d.id());
        o.put("name", d.name());
        o.put("kind", d.kind().name());
        o.put("memoryBytes", d.memory().bytes());
        o.put("memoryBandwidthGBps", d.memoryBandwidth().toGBps());
        o.put("fp16Tflops", d.fp16().toTera());
        o.put("int8Tops", d.int8().toTera());
        o.put("hostLinkGBps", d.hostLink().toGBps());
        o.put("source", d.source());
        text.append(Text.padRight(d.id(), 20)).append(Text.padRight(d.name(), 40))
            .append(Text.padLeft(String.format(Locale.ROOT, "%,.1f", d.fp16().toTera()), 7)).append(" TFLOP/s fp16  ")
            .append(Text.padLeft(d.memory().toIecString(), 11)).append("  ")
            .append(Text.padLeft(String.format(Locale.ROOT, "%,.0f", d.memoryBandwidth().toGBps()), 5)).append(" GB/s\n");
      }
    } else {
      ArrayNode arr = root.putArray("accelerators");
      int idWidth = 16;
      int nameWidth = 28;
      for (AcceleratorSpec a : AcceleratorCatalog.bundled().all()) {
        idWidth = Math.max(idWidth, a.id().length() + 1); // long ids (h100-hbm2e-96gb-500w) keep the columns
        nameWidth = Math.max(nameWidth, a.name().length() + 1);
      }
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
            .map(r -> String.format(Locale.ROOT, "%,.1f", r.toTera())).orElse("-");
        text.append(Text.padRight(a.id(), idWidth)).append(Text.padRight(a.name(), nameWidth))
            .append(Text.padLeft(bf16, 8)).append(" TFLOP/s 16-bit  ")
            .append(Text.padLeft(a.memory().toIecString(), 11)).append("  ")
            .append(Text.padLeft(String.format(Locale.ROOT, "%,.0f", a.memoryBandwidth().toGBps()), 5)).append(" GB/s\n");
      }
    }
    out.print(json.enabled() ? JsonOutput.write(root) + "\n" : text);
    return 0;
  }

  private void prices(ObjectNode root, StringBuilder text) {
    PriceBook book = PriceBook.bundled();
    List<ModelPrice> entries = history ? book.all() : book.latest();
    root.put("book", book.name());
    root.put("models", book.size());
    root.put("entries", entries.size());
    root.put("currency", "USD");
    root.put("unit", "per 1,000,000 tokens");
    ArrayNode arr = root.putArray("prices");
    text.append(String.format(java.util.Locale.ROOT, "%-44s %-10s %9s %9s %9s %9s %-15s %-10s %-10s %s%n",
        "model", "provider", "input", "output", "cache rd", "cache wr", "batch in/out", "tiers", "seen", "source"));
    for (ModelPrice p : entries) {
      ObjectNode o = arr.addObject();
      o.put("id", p.id());
      o.put("provider", p.provider());
      ArrayNode al = o.putArray("aliases");
      p.aliases().forEach(al::add);
      o.set("standard", rates(p.standard()));
      for (BillingMode m : List.of(BillingMode.BATCH, BillingMode.FLEX, BillingMode.PRIORITY)) {
        p.service(m).ifPresentOrElse(r -> o.set(m.label(), rates(r)), () -> o.putNull(m.label()));
      }
      ArrayNode tiers = o.putArray("tiers");
      for (ContextTier t : p.tiers()) {
        ObjectNode to = tiers.addObject();
        to.put("aboveTokens", t.threshold().value());
        to.set("standard", rates(t.rates()));
        for (BillingMode m : List.of(BillingMode.BATCH, BillingMode.FLEX, BillingMode.PRIORITY)) {
          t.service(m).ifPresent(r -> to.set(m.label(), rates(r)));
        }
      }
      if (p.validFrom().isPresent()) {
        o.put("validFrom", p.validFrom().get().toString());
      } else {
        o.putNull("validFrom");
      }
      if (p.validUntil().isPresent()) {
        o.put("validUntil", p.validUntil().get().toString());
      } else {
        o.putNull("validUntil");
      }
      o.put("seen", p.seen());
      o.put("source", p.source());
      o.put("note", p.note());
      String batch = p.batch().map(b -> per(b, TokenKind.INPUT) + "/" + per(b, TokenKind.OUTPUT)).orElse("-");
      StringBuilder tierText = new StringBuilder();
      for (ContextTier t : p.tiers()) {
        tierText.append(tierText.length() == 0 ? ">" : ",>").append(t.threshold().value() / 1000).append('K');
      }
      String cacheWrite = per(p.standard(), TokenKind.CACHE_WRITE_5M)
          + (p.standard().listed(TokenKind.CACHE_WRITE_1H).isPresent() ? "/" + per(p.standard(), TokenKind.CACHE_WRITE_1H) : "");
      text.append(String.format(java.util.Locale.ROOT, "%-44s %-10s %9s %9s %9s %9s %-15s %-10s %-10s %s%n",
          p.id(), p.provider(), per(p.standard(), TokenKind.INPUT), per(p.standard(), TokenKind.OUTPUT),
          per(p.standard(), TokenKind.CACHE_READ), cacheWrite, batch,
          tierText.length() == 0 ? "-" : tierText, p.seen(), p.source()));
    }
    text.append(entries.size()).append(history ? " entries of " + book.size() + " models" : " models")
        .append(", USD per 1M tokens (\"-\": not listed; cache wr: 5-minute/1-hour writes)\n");
  }

  private static ObjectNode rates(TokenRates r) {
    ObjectNode o = JsonOutput.object();
    for (Map.Entry<TokenKind, dev.llmcost.costmodel.pricing.TokenPrice> e : r.asMap().entrySet()) {
      o.put(key(e.getKey()), e.getValue().perMillionTokens().amount().stripTrailingZeros().toPlainString());
    }
    return o;
  }

  private static String key(TokenKind k) {
    return switch (k) {
      case INPUT -> "input";
      case CACHE_READ -> "cacheRead";
      case CACHE_WRITE_5M -> "cacheWrite5m";
      case CACHE_WRITE_1H -> "cacheWrite1h";
      case OUTPUT -> "output";
      case REASONING -> "reasoning";
    };
  }

  private static String per(TokenRates r, TokenKind k) {
    return r.listed(k).map(p -> p.perMillionTokens().amount().stripTrailingZeros().toPlainString()).orElse("-");
  }
}
