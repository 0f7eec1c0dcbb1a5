package dev.llmcost.tokenizers.huggingface;

import dev.llmcost.core.TokenCount;
import dev.llmcost.core.internal.Require;
import dev.llmcost.tokenizers.EncodeOptions;
import dev.llmcost.tokenizers.Encoding;
import dev.llmcost.tokenizers.SpecialTokens;
import dev.llmcost.tokenizers.Tokenizer;
import dev.llmcost.tokenizers.internal.FileCache;
import dev.llmcost.tokenizers.internal.huggingface.Pipeline;
import dev.llmcost.tokenizers.internal.huggingface.TokenizerJsonReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * A tokenizer read from a HuggingFace {@code tokenizer.json}, in pure Java, giving the ids the
 * HuggingFace {@code tokenizers} library gives.
 *
 * <p>Supported: the models BPE (byte-level as in GPT-2, Llama 3, Qwen, DeepSeek; SentencePiece
 * style with {@code byte_fallback} and {@code fuse_unk} as in Llama 2, Mistral, Gemma), WordPiece
 * (BERT) and Unigram; the normalizers BertNormalizer, NFC, NFD, NFKC, NFKD, Lowercase, Strip,
 * StripAccents, Replace, Prepend, Sequence; the pre-tokenizers Split (with the file's regex),
 * ByteLevel, Metaspace, Whitespace, WhitespaceSplit, BertPreTokenizer, Punctuation, Digits,
 * CharDelimiterSplit, Sequence; the post-processors TemplateProcessing, BertProcessing,
 * RobertaProcessing, ByteLevel, Sequence; added and special tokens with their {@code
 * single_word}/{@code lstrip}/{@code rstrip}/{@code normalized} flags. Any other component is
 * rejected with a {@link TokenizerFormatException} naming it, never encoded differently.
 *
 * <p>The file's {@code truncation} and {@code padding} sections are ignored: like every {@link
 * Tokenizer}, this one never truncates unless {@link EncodeOptions#withLimit(int)} asks. Instances
 * are immutable and thread-safe.
 *
 * <pre>{@code
 * Tokenizer qwen = HuggingFaceTokenizer.load(Path.of("Qwen2.5-7B/tokenizer.json"));
 * int[] ids = qwen.encodeToArray("Hello world");
 * }</pre>
 */
public final class HuggingFaceTokenizer implements Tokenizer {
  private final String id;
  private final Pipeline pipeline;

  private HuggingFaceTokenizer(String id, Pipeline pipeline) {
    this.id = id;
    this.pipeline = pipeline;
  }

  /**
   * Loads a {@code tokenizer.json} (or a gzip-compressed one) from a file; the id is the name of
   * the folder that holds it (or of the file, without extension, if it is not named {@code
   * tokenizer.json}).
   *
   * @param file the file
   * @return the tokenizer
   * @throws TokenizerFormatException if the file is malformed or uses an unsupported component
   * @throws IllegalArgumentException if the file does not exist
   * @throws UncheckedIOException if reading fails
   */
  public static HuggingFaceTokenizer load(Path file) {
    return load(file, FileCache.idOf(file));
  }

  /**
   * Loads a {@code tokenizer.json} (or a gzip-compressed one) from a file.
   *
   * @param file the file
   * @param id the tokenizer's id
   * @return the tokenizer
   * @throws TokenizerFormatException if the file is malformed or uses an unsupported component
   * @throws IllegalArgumentException if the file does not exist or the id is blank
   * @throws UncheckedIOException if reading fails
   */
  public static HuggingFaceTokenizer load(Path file, String id) {
    Require.nonBlank("id", id);
    try (InputStream in = Files.newInputStream(file)) {
      return new HuggingFaceTokenizer(id, TokenizerJsonReader.read(in));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("tokenizer file does not exist: " + file, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Loads a {@code tokenizer.json} (or a gzip-compressed one) from a stream, which is not closed.
   *
   * @param in the stream
   * @param id the tokenizer's id
   * @return the tokenizer
   * @throws TokenizerFormatException if the file is malformed or uses an unsupported component
   * @throws IllegalArgumentException if the id is blank
   * @throws UncheckedIOException if reading fails
   */
  public static HuggingFaceTokenizer load(InputStream in, String id) {
    Require.nonBlank("id", id);
    return new HuggingFaceTokenizer(id, TokenizerJsonReader.read(in));
  }

  /**
   * Reads a tokenizer from the text of a {@code tokenizer.json}.
   *
   * @param json the file's content
   * @param id the tokenizer's id
   * @return the tokenizer
   * @throws TokenizerFormatException if the file is malformed or uses an unsupported component
   * @throws IllegalArgumentException if the id is blank
   */
  public static HuggingFaceTokenizer fromJson(String json, String id) {
    return load(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), id);
  }

  /**
   * Loads a {@code tokenizer.json} (or a gzip-compressed one) through a class loader.
   *
   * <p>Under JPMS a class loader finds a resource in a named module's package only if the package
   * is open; prefer {@link #fromResource(Class, String, String)}, which works in named modules.
   *
   * @param resource the resource name, such as {@code models/qwen2.5/tokenizer.json.gz}
   * @param loader the class loader to look in
   * @param id the tokenizer's id
   * @return the tokenizer, or empty if there is no such resource
   * @throws TokenizerFormatException if the file is malformed or uses an unsupported component
   * @throws UncheckedIOException if reading fails
   */
  public static Optional<HuggingFaceTokenizer> fromClasspath(String resource, ClassLoader loader, String id) {
    Require.nonBlank("id", id);
    String name = resource.startsWith("/") ? resource.substring(1) : resource;
    try (InputStream in = loader.getResourceAsStream(name)) {
      if (in == null) {
        return Optional.empty();
      }
      return Optional.of(load(in, id));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + resource, e);
    }
  }

  /**
   * Loads a {@code tokenizer.json} (or a gzip-compressed one) that sits next to a class, as {@link
   * Class#getResourceAsStream} finds it: on the class path, and in a named module.
   *
   * <p>In a named module a resource in a package is encapsulated: open the package to this module
   * ({@code opens com.example.tokenizers to dev.llmcost.tokenizers;} in the anchor's {@code
   * module-info.java}), or keep the file in a folder that is not a package (such as {@code
   * /META-INF/tokenizers/}). If the module holds the resource but does not open it, the exception
   * says so, naming the line to add.
   *
   * @param anchor a class in the module and package the resource belongs to
   * @param name the resource name: relative to the anchor's package, or absolute with a leading
   *     {@code /}, such as {@code "qwen2.5/tokenizer.json.gz"}
   * @param id the tokenizer's id
   * @return the tokenizer
   * @throws IllegalArgumentException if there is no such resource, or its package is not open to
   *     {@code dev.llmcost.tokenizers}, naming the resource and the anchor; if the id is blank
   * @throws TokenizerFormatException if the file is malformed or uses an unsupported component
   * @throws UncheckedIOException if reading fails
   */
  public static HuggingFaceTokenizer fromResource(Class<?> anchor, String name, String id) {
    Require.nonBlank("id", id);
    Require.nonBlank("name", name);
    try (InputStream in = anchor.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException(missingResource(anchor, name));
      }
      return load(in, id);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + name + " of " + anchor.getName(), e);
    }
  }

  /**
   * Loads a {@code tokenizer.json} that sits next to a class, its id taken from the name as {@link
   * #load(Path)} takes it from a path.
   *
   * @param anchor a class in the module and package the resource belongs to
   * @param name the resource name, relative to the anchor's package or absolute
   * @return the tokenizer
   * @throws IllegalArgumentException as {@link #fromResource(Class, String, String)} does
   * @throws TokenizerFormatException if the file is malformed or uses an unsupported component
   * @throws UncheckedIOException if reading fails
   */
  public static HuggingFaceTokenizer fromResource(Class<?> anchor, String name) {
    Require.nonBlank("name", name);
    return fromResource(anchor, name, FileCache.idOf(Path.of(name.startsWith("/") ? name.substring(1) : name)));
  }

  /** Says why a resource was not found, naming the {@code opens} line a named module lacks. */
  private static String missingResource(Class<?> anchor, String name) {
    String absolute = absoluteName(anchor, name);
    Module module = anchor.getModule();
    Module self = HuggingFaceTokenizer.class.getModule();
    int slash = absolute.lastIndexOf('/');
    String pkg = slash <= 0 ? "" : absolute.substring(0, slash).replace('/', '.');
    if (module.isNamed()
        && module != self
        && module.getPackages().contains(pkg)
        && !module.isOpen(pkg, self)) {
      return "resource /" + absolute + " of module " + module.getName() + " is in package " + pkg
          + ", which is not open to " + (self.isNamed() ? self.getName() : "llmcost-tokenizers")
          + ": add \"opens " + pkg + " to dev.llmcost.tokenizers;\" to module " + module.getName()
          + "'s module-info.java, or move the file to a folder that is not a package (such as /META-INF/tokenizers/)";
    }
    return "resource " + name + " not found next to " + anchor.getName() + " (looked for /" + absolute + ")";
  }

  /** Resolves a resource name as {@link Class#getResourceAsStream} does. */
  private static String absoluteName(Class<?> anchor, String name) {
    if (name.startsWith("/")) {
      return name.substring(1);
    }
    String pkg = anchor.getPackageName();
    return pkg.isEmpty() ? name : pkg.replace('.', '/') + "/" + name;
  }

  @Override
  public String id() {
    return id;
  }

  /** Returns the model type of the file: {@code BPE}, {@code WordPiece} or {@code Unigram}. */
  public String modelType() {
    return pipeline.modelType();
  }

  @Override
  public int vocabularySize() {
    return pipeline.vocabularySize();
  }

  @Override
  public Encoding encode(String text, EncodeOptions options) {
    int[] ids = encodeIds(text, options);
    int max = options.limit().orElse(0);
    if (max > 0 && ids.length > max) {
      return Encoding.wrapWithoutCopy(Arrays.copyOf(ids, max), ids.length);
    }
    return Encoding.wrapWithoutCopy(ids, ids.length);
  }

  private int[] encodeIds(String text, EncodeOptions options) {
    if (options.specialTokens() == SpecialTokens.DISALLOWED) {
      String found = pipeline.findSpecialToken(text);
      if (found != null) {
        throw new IllegalArgumentException(
            "text contains the special token \"" + found + "\" and special tokens are disallowed");
      }
    }
    return pipeline.encode(
        text, options.specialTokens() == SpecialTokens.ALLOWED, options.addSpecialTokens());
  }

  @Override
  public TokenCount countTokens(String text, EncodeOptions options) {
    if (options.specialTokens() == SpecialTokens.DISALLOWED) {
      String found = pipeline.findSpecialToken(text);
      if (found != null) {
        throw new IllegalArgumentException(
            "text contains the special token \"" + found + "\" and special tokens are disallowed");
      }
    }
    return TokenCount.of(
        pipeline.count(text, options.specialTokens() == SpecialTokens.ALLOWED, options.addSpecialTokens()));
  }

  /** Chars read at a time by {@link #countTokens(Reader)}. */
  static final int READ_BLOCK = 1 << 20;

  /** The most chars {@link #countTokens(Reader)} holds without a place to cut them. */
  public static final int MAX_UNCUT_CHARS = 1 << 26;

  /**
   * Counts the tokens of a text read from {@code in} (special tokens as text, nothing added), in
   * memory proportional to a block of {@value #READ_BLOCK} chars: the text is cut where parts
   * count as the whole does (see the pipeline's chunks), so the count equals {@link
   * #countTokens(String)} of the whole text.
   *
   * @param in the text; not closed
   * @return the number of tokens
   * @throws IllegalArgumentException if more than {@value #MAX_UNCUT_CHARS} chars come without a
   *     place to cut them (a tokenizer that cannot be cut, or text without spaces)
   * @throws UncheckedIOException if reading fails
   */
  public TokenCount countTokens(Reader in) {
    char[] buf = new char[READ_BLOCK];
    StringBuilder carry = new StringBuilder();
    boolean atStart = true;
    long count = 0;
    int searched = 0; // the carry before this has no place to cut
    try {
      while (true) {
        int n = in.read(buf);
        if (n < 0) {
          count += pipeline.countPart(carry.toString(), atStart, true);
          return TokenCount.of(count);
        }
        carry.append(buf, 0, n);
        if (carry.length() < READ_BLOCK) {
          continue;
        }
        String text = carry.toString();
        int cut = pipeline.lastCut(text, Math.max(0, searched - 1), text.length());
        searched = text.length();
        if (cut < 0) {
          if (text.length() > MAX_UNCUT_CHARS) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                "%s: the text has %,d chars without a place to cut it (a space after a letter, digit or"
                    + " symbol), more than the %,d chars counted at once", id, text.length(), MAX_UNCUT_CHARS));
          }
          continue;
        }
        count += pipeline.countPart(text.substring(0, cut), atStart, false);
        atStart = false;
        carry.setLength(0);
        carry.append(text, cut, text.length());
        searched = 0;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the text: " + e.getMessage(), e);
    }
  }

  /**
   * Returns whether a text may be cut before {@code index} so that {@link #countPart} of the two
   * parts adds up to {@link #countTokens(String)} of the whole (special tokens as text, nothing
   * added). Used to count one long text in parts on several threads.
   *
   * @param text the text
   * @param index the place of the cut, in chars
   * @return whether the parts count as the whole does
   */
  public boolean cutsBefore(String text, int index) {
    return index > 0 && index < text.length() && pipeline.lastCut(text, index - 1, index + 1) == index;
  }

  /**
   * Counts the tokens of one part of a longer text cut at places {@link #cutsBefore} accepts
   * (special tokens as text, nothing added): the parts' counts add up to the whole's.
   *
   * @param part the part
   * @param atStart whether it starts the text (a SentencePiece prefix space goes there only)
   * @param atEnd whether it ends the text
   * @return its tokens
   */
  public TokenCount countPart(String part, boolean atStart, boolean atEnd) {
    return TokenCount.of(pipeline.countPart(part, atStart, atEnd));
  }

  @Override
  public String decode(int[] ids) {
    return pipeline.decode(ids);
  }

  /**
   * Returns the token string of an id, as the file spells it (GPT-2 byte-level characters,
   * {@code ▁} for SentencePiece spaces, {@code ##} for WordPiece continuations).
   *
   * @param tokenId the id
   * @return the token, or empty if the id is in neither the vocabulary nor the added tokens
   */
  public Optional<String> token(int tokenId) {
    return Optional.ofNullable(pipeline.token(tokenId));
  }

  @Override
  public String toString() {
    return "HuggingFaceTokenizer[" + id + ", " + modelType() + ", " + vocabularySize() + " ids]";
  }
}
