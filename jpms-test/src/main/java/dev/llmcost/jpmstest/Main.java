package dev.llmcost.jpmstest;

import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.pricing.PriceBook;
import dev.llmcost.costmodel.pricing.TokenUsage;
import dev.llmcost.jpmstest.closed.Closed;
import dev.llmcost.jpmstest.vocab.Vocab;
import dev.llmcost.tokenizers.Tokenizer;
import dev.llmcost.tokenizers.TokenizerRegistry;
import dev.llmcost.tokenizers.huggingface.HuggingFaceTokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs llmcost as a named module: catalogs, the OpenAI rank files, a bill, and a tokenizer file
 * read from this module's own packages. Exits with status 1, listing what failed, if anything
 * differs from what is expected or if an automatic module is on the boot layer.
 */
public final class Main {
  private Main() {}

  /**
   * Runs the checks.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    List<String> failures = new ArrayList<>();
    for (Module m : ModuleLayer.boot().modules()) {
      if (m.getDescriptor().isAutomatic()) {
        failures.add("automatic module on the module path: " + m.getName());
      }
    }
    if (!Main.class.getModule().isNamed() || !Tokenizer.class.getModule().isNamed()) {
      failures.add("not running on the module path");
    }

    long parameters = ModelCatalog.bundled().get("llama-3.1-8b").parameterCounts().total().value();
    expect(failures, "llama-3.1-8b parameters", parameters, 8_030_261_248L);

    Tokenizer gpt4o = TokenizerRegistry.standard().resolve("gpt-4o");
    expect(failures, "gpt-4o tokens of 'Hello world!'", gpt4o.countTokens("Hello world!").value(), 3L);
    expect(failures, "find(qwen2.5) without the vocabulary artifact is empty",
        TokenizerRegistry.standard().find("qwen2.5").isPresent(), false);

    String total = PriceBook.bundled().bill("gpt-4o", TokenUsage.of(1_000_000, 0)).total().toString();
    if (!total.startsWith("USD")) {
      failures.add("bill total " + total + " is not in USD");
    }

    HuggingFaceTokenizer tiny = HuggingFaceTokenizer.fromResource(Vocab.class, "tiny-tokenizer.json");
    expect(failures, "ids of 'hellos world!' from a resource in an open package",
        java.util.Arrays.toString(tiny.encodeToArray("hellos world!")), "[1, 3, 2, 4]");
    try {
      HuggingFaceTokenizer.fromResource(Closed.class, "tiny-tokenizer.json");
      failures.add("a resource in a package not opened to llmcost was read");
    } catch (IllegalArgumentException e) {
      if (!e.getMessage().contains("opens dev.llmcost.jpmstest.closed to dev.llmcost.tokenizers;")) {
        failures.add("the message for a closed package does not say how to open it: " + e.getMessage());
      }
    }

    if (!failures.isEmpty()) {
      failures.forEach(f -> System.err.println("FAILED: " + f));
      System.exit(1);
    }
    System.out.println("llmcost on the module path: " + parameters + " parameters, gpt-4o bill " + total
        + ", modules " + Tokenizer.class.getModule().getName() + " and "
        + PriceBook.class.getModule().getName() + ", no automatic modules");
  }

  private static void expect(List<String> failures, String what, Object actual, Object expected) {
    if (!actual.equals(expected)) {
      failures.add(what + ": expected " + expected + ", was " + actual);
    }
  }
}
