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
    subcommands = {TokensTrainCommand.class, TokensCountCommand.class},
    description = "Count (and list) the tokens of a text with one tokenizer, or compare several;"
        + " 'tokens train' learns a vocabulary; 'tokens count --dataset' counts a whole dataset.")
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

  @Option(names = "--pieces", description = "Also print each token as text (its bytes in hex where it holds"
      + " part of a character).")
  boolean pieces;

  /** The default of {@code --max-file-bytes}: 256 MiB. */
  static final long MAX_FILE_BYTES = 256L << 20;

  @Option(names = "--max-file-bytes", paramLabel = "BYTES", defaultValue = "268435456",
      description = "The largest --file read, in bytes; default ${DEFAULT-VALUE} (256 MiB). A larger, endless or"
          + " device file (/dev/zero) is refused.")
  long maxFileBytes = MAX_FILE_BYTES;

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
    if (ids || pieces) {
      Encoding e = t.encode(text, options);
      idArray = e.toArray();
      tokens = e.size();
    } else {
      tokens = t.countTokens(text, options).value();
    }
    List<String> pieceList = pieces ? pieces(t, idArray) : List.of();
    List<Tokenizer> others = new ArrayList<>();
    for (String c : compare) {
      others.add(registry.resolve(c));
    }
    @Nullable TokenizerComparison comparison = others.isEmpty() ? null : TokenizerComparison.of(text, others);
    // words mean little where the script writes none apart (Chinese, Japanese, Thai ...)
    boolean wordsMeaningful = !unsegmented(text);
    PrintWriter out = spec.commandLine().getOut();
    if (json.enabled()) {
      ObjectNode n = JsonOutput.object();
      n.put("tokenizer", t.id());
      n.put("requested", id);
      n.put("tokens", tokens);
      n.put("characters", stats.characters());
      n.put("bytes", stats.bytes());
      if (wordsMeaningful) {
        n.put("words", stats.words());
      }
      if (ids) {
        ArrayNode a = n.putArray("ids");
        for (int i : idArray) {
          a.add(i);
        }
      }
      if (pieces) {
        ArrayNode a = n.putArray("pieces");
        pieceList.forEach(a::add);
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
          if (wordsMeaningful) {
            o.put("tokensPerWord", r.tokensPerWord());
          }
          o.put("tokensPerByte", r.tokensPerByte());
        }
      }
      out.println(JsonOutput.write(n));
    } else {
      out.printf(Locale.ROOT, "%s: %s tokens (%s characters, %s bytes UTF-8%s)%n",
          label(id, t.id()), Text.grouped(tokens),
          Text.grouped(stats.characters()), Text.grouped(stats.bytes()),
          wordsMeaningful ? ", " + Text.grouped(stats.words()) + " words" : "");
      if (ids) {
        out.println("ids: " + java.util.Arrays.toString(idArray));
      }
      if (pieces) {
        out.println("pieces: " + String.join(" | ", pieceList));
      }
      if (comparison != null) {
        out.println();
        out.print(format(comparison, wordsMeaningful));
      }
    }
    return 0;
  }

  private static String label(String requested, String id) {
    return requested.equalsIgnoreCase(id) ? requested : requested + " (" + id + ")";
  }

  /** The comparison table, each row labelled with the name asked for (and the tokenizer it is). */
  private String format(TokenizerComparison c, boolean words) {
    StringBuilder sb = new StringBuilder();
    TextStatistics text = c.text();
    sb.append(String.format(Locale.ROOT, "%d characters, %d bytes (UTF-8)%s%n", text.characters(), text.bytes(),
        words ? ", " + text.words() + " words" : ""));
    sb.append(String.format(Locale.ROOT, "%-28s %12s %10s%s %10s%n", "tokenizer", "tokens", "per char",
        words ? String.format(Locale.ROOT, " %10s", "per word") : "", "per byte"));
    for (int i = 0; i < c.rows().size(); i++) {
      TokenizerComparison.Row r = c.rows().get(i);
      sb.append(String.format(Locale.ROOT, "%-28s %12d %10.3f%s %10.3f%n", label(compare.get(i), r.tokenizer()),
          r.tokens(), r.tokensPerCharacter(),
          words ? String.format(Locale.ROOT, " %10.3f", r.tokensPerWord()) : "", r.tokensPerByte()));
    }
    return sb.toString();
  }

  /**
   * Whether the text holds letters of a script written without spaces between words (Han,
   * Hiragana, Katakana, Thai, Lao, Khmer, Myanmar, Tibetan), whose "words" the JDK cannot find.
   */
  static boolean unsegmented(String text) {
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (cp < 0x0E00) {
        continue;
      }
      switch (Character.UnicodeScript.of(cp)) {
        case HAN, HIRAGANA, KATAKANA, THAI, LAO, KHMER, MYANMAR, TIBETAN:
          return true;
        default:
          break;
      }
    }
    return false;
  }

  /** Each token as text, or as its bytes in hex where it holds part of a character. */
  private static List<String> pieces(Tokenizer t, int[] ids) {
    List<String> out = new ArrayList<>(ids.length);
    for (int id : ids) {
      String s = t.decode(new int[] {id});
      if (s.indexOf('\uFFFD') >= 0 || s.isEmpty()) {
        if (t instanceof dev.llmcost.tokenizers.huggingface.HuggingFaceTokenizer h && h.token(id).isPresent()) {
          out.add(h.token(id).get()); // as the file spells it: <0xE4>, ##ing
          continue;
        }
        byte[] b = dev.llmcost.tokenizers.openai.OpenAiEncoding.byId(t.id())
            .map(e -> e.tokenBytes(id))
            .orElse(s.getBytes(StandardCharsets.UTF_8));
        StringBuilder sb = new StringBuilder("<");
        for (int k = 0; k < b.length; k++) {
          sb.append(k == 0 ? "" : " ").append(String.format(Locale.ROOT, "%02x", b[k] & 0xFF));
        }
        out.add(sb.append('>').toString());
      } else {
        out.add(s);
      }
    }
    return out;
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
    if (maxFileBytes <= 0) {
      throw new IllegalArgumentException("--max-file-bytes must be positive, was " + maxFileBytes);
    }
    String tooLarge = String.format(Locale.ROOT,
        "file %s is larger than the limit of %,d bytes (--max-file-bytes)", file, maxFileBytes);
    try {
      if (Files.isRegularFile(file) && Files.size(file) > maxFileBytes) {
        throw new IllegalArgumentException(tooLarge);
      }
      // streamed up to the limit: a device or pipe may never end (/dev/zero) and has no size
      byte[] bytes;
      try (java.io.InputStream s = Files.newInputStream(file)) {
        bytes = s.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxFileBytes + 1));
      }
      if (bytes.length > maxFileBytes) {
        throw new IllegalArgumentException(tooLarge);
      }
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
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
