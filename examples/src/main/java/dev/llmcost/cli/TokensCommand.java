package dev.llmcost.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.tokenizers.EncodeOptions;
import dev.llmcost.tokenizers.Encoding;
import dev.llmcost.tokenizers.SpecialTokens;
import dev.llmcost.tokenizers.TextStatistics;
import dev.llmcost.tokenizers.Tokenizer;
import dev.llmcost.tokenizers.TokenizerComparison;
import dev.llmcost.tokenizers.TokenizerRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code llmcost tokens}: token ids and counts of a text, and the same text across tokenizers;
 * {@code llmcost tokens train} learns a vocabulary ({@link TokensTrainCommand}).
 */
@Command(
    name = "tokens",
    mixinStandardHelpOptions = true,
    subcommands = TokensTrainCommand.class,
    description = "Count (and list) the tokens of a text with one tokenizer, or compare several;"
        + " 'tokens train' learns a vocabulary.")
public final class TokensCommand implements Callable<Integer> {

  @Option(
      names = "--tokenizer",
      description = "Model id (gpt-4o, gpt-5, gpt-oss-120b, gpt-4, text-davinci-003, qwen2.5-7b, llama-3.1-8b ...),"
          + " tokenizer (o200k_base, o200k_harmony, qwen2.5, mistral-7b, bert-base-uncased, bert-base-chinese,"
          + " character ...), or path to a"
          + " tokenizer.json. Default: the first --compare entry.")
  @Nullable String tokenizer;

  /** Where the text comes from. */
  static final class Input {
    @Option(names = "--text", required = true, description = "The text.")
    @Nullable String text;

    @Option(names = "--file", required = true, description = "A UTF-8 text file.")
    @Nullable Path file;
  }

  // optional to picocli so that "tokens train" needs no text; call() asks for one
  @ArgGroup(exclusive = true, multiplicity = "0..1")
  @Nullable Input input;

  @Option(names = "--ids", description = "Also print the token ids.")
  boolean ids;

  @Option(names = "--compare", split = ",", paramLabel = "ID",
      description = "Tokenizers to compare the text across, comma-separated"
          + " (gpt-3,gpt-4,gpt-4o,qwen2.5,bert-base-uncased,character).")
  List<String> compare = new ArrayList<>();

  @Option(names = "--special", paramLabel = "POLICY", defaultValue = "as-text",
      description = "Text that spells a special token (<|endoftext|>, gpt-oss's <|start|>): as-text (default),"
          + " allowed or disallowed.")
  String special = "as-text";

  @Mixin JsonOption json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    String text = readInput();
    TokenizerRegistry registry = TokenizerRegistry.standard();
    String id = tokenizer != null ? tokenizer : compare.isEmpty() ? null : compare.get(0);
    if (id == null) {
      throw new IllegalArgumentException("give --tokenizer ID or --compare ID,ID,...");
    }
    Tokenizer t = registry.resolve(id);
    EncodeOptions options = EncodeOptions.DEFAULT.withSpecialTokens(policy(special));
    TextStatistics stats = TextStatistics.of(text);
    long tokens;
    int[] idArray = new int[0];
    if (ids) {
      Encoding e = t.encode(text, options);
      idArray = e.toArray();
      tokens = e.size();
    } else {
      tokens = t.countTokens(text, options).value();
    }
    List<Tokenizer> others = new ArrayList<>();
    for (String c : compare) {
      others.add(registry.resolve(c));
    }
    @Nullable TokenizerComparison comparison = others.isEmpty() ? null : TokenizerComparison.of(text, others);
    PrintWriter out = spec.commandLine().getOut();
    if (json.enabled()) {
      ObjectNode n = JsonOutput.object();
      n.put("tokenizer", t.id());
      n.put("requested", id);
      n.put("tokens", tokens);
      n.put("characters", stats.characters());
      n.put("bytes", stats.bytes());
      n.put("words", stats.words());
      if (ids) {
        ArrayNode a = n.putArray("ids");
        for (int i : idArray) {
          a.add(i);
        }
      }
      if (comparison != null) {
        ArrayNode rows = n.putArray("comparison");
        for (int i = 0; i < comparison.rows().size(); i++) {
          TokenizerComparison.Row r = comparison.rows().get(i);
          ObjectNode o = rows.addObject();
          o.put("requested", compare.get(i));
          o.put("tokenizer", r.tokenizer());
          o.put("tokens", r.tokens());
          o.put("tokensPerCharacter", r.tokensPerCharacter());
          o.put("tokensPerWord", r.tokensPerWord());
          o.put("tokensPerByte", r.tokensPerByte());
        }
      }
      out.println(JsonOutput.write(n));
    } else {
      out.printf(Locale.ROOT, "%s%s: %s tokens (%s characters, %s bytes UTF-8, %s words)%n",
          id, id.equalsIgnoreCase(t.id()) ? "" : " (" + t.id() + ")", Text.grouped(tokens),
          Text.grouped(stats.characters()), Text.grouped(stats.bytes()), Text.grouped(stats.words()));
      if (ids) {
        out.println("ids: " + java.util.Arrays.toString(idArray));
      }
      if (comparison != null) {
        out.println();
        out.print(comparison.format());
      }
    }
    return 0;
  }

  private String readInput() {
    Input in = input;
    if (in == null) {
      throw new IllegalArgumentException("give --text TEXT or --file FILE");
    }
    if (in.text != null) {
      return in.text;
    }
    Path file = java.util.Objects.requireNonNull(in.file);
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("file not found: " + file, e);
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("file is not valid UTF-8: " + file, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static SpecialTokens policy(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "as-text", "as_text", "text" -> SpecialTokens.AS_TEXT;
      case "allowed", "allow" -> SpecialTokens.ALLOWED;
      case "disallowed", "disallow" -> SpecialTokens.DISALLOWED;
      default -> throw new IllegalArgumentException(
          "--special must be as-text, allowed or disallowed, was " + name);
    };
  }
}
