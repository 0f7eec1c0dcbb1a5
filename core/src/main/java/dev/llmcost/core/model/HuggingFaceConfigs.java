package dev.llmcost.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.core.internal.HuggingFaceConfigParser;
import dev.llmcost.core.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Reads a HuggingFace {@code config.json} into a {@link ModelArchitecture} whose parameter count
 * equals transformers' {@code num_parameters()}.
 *
 * <p>The reader follows the transformers configuration classes: an absent key takes the class's
 * default (so {@code tie_word_embeddings} is true for Gemma and GPT-2 and false for Llama when the
 * key is missing), {@code null} means the documented fallback (KV heads = heads), GPT-2 style names
 * ({@code n_embd}, {@code n_layer}) and MPT's nested {@code attn_config} are understood. The model
 * types with dedicated rules are {@link #supportedModelTypes()}; another {@code model_type} whose
 * generic fields ({@code hidden_size}, {@code num_hidden_layers}, {@code num_attention_heads},
 * {@code intermediate_size}, {@code vocab_size}) is an error naming it, unless the caller asks for
 * the generic reading with {@link UnknownModelTypePolicy#ASSUME_LLAMA}: it then loads as a
 * Llama-style decoder with every default listed in {@link ModelArchitecture#assumptions()}.
 */
public final class HuggingFaceConfigs {
  private HuggingFaceConfigs() {}

  /**
   * Reads a {@code config.json} file, or the {@code config.json} inside a model directory.
   *
   * @param path the file or directory
   * @return the architecture, named after the directory holding the file
   * @throws ModelConfigException if the file is not a readable model configuration
   * @throws UncheckedIOException if the file cannot be read
   */
  public static ModelArchitecture read(Path path) {
    return read(path, UnknownModelTypePolicy.REJECT);
  }

  /**
   * Reads a {@code config.json} file, or the {@code config.json} inside a model directory.
   *
   * @param path the file or directory
   * @param policy what to do with a {@code model_type} without dedicated rules
   * @return the architecture, named after the directory holding the file
   * @throws ModelConfigException if the file is not a readable model configuration, or its type is
   *     unknown and the policy is {@link UnknownModelTypePolicy#REJECT}
   * @throws UncheckedIOException if the file cannot be read
   */
  public static ModelArchitecture read(Path path, UnknownModelTypePolicy policy) {
    Path file = Files.isDirectory(path) ? path.resolve("config.json") : path;
    if (!Files.isRegularFile(file)) {
      throw new ModelConfigException("no config.json at " + file);
    }
    String id = defaultId(file);
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, id, file.toString(), policy);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Reads a {@code config.json} document from a stream (which is not closed).
   *
   * @param in the document
   * @param id the name to give the model
   * @param source what the document is, for error messages
   * @return the architecture
   * @throws ModelConfigException if the document is not a readable model configuration
   */
  public static ModelArchitecture read(InputStream in, String id, String source) {
    return read(in, id, source, UnknownModelTypePolicy.REJECT);
  }

  /**
   * Reads a {@code config.json} document from a stream (which is not closed).
   *
   * @param in the document
   * @param id the name to give the model
   * @param source what the document is, for error messages
   * @param policy what to do with a {@code model_type} without dedicated rules
   * @return the architecture
   * @throws ModelConfigException if the document is not a readable model configuration
   */
  public static ModelArchitecture read(
      InputStream in, String id, String source, UnknownModelTypePolicy policy) {
    JsonNode root;
    try {
      root = Json.read(in);
    } catch (Json.JsonFormatException e) {
      throw new ModelConfigException(source + " is not valid JSON: " + e.getMessage(), e);
    }
    return HuggingFaceConfigParser.parse(root, id, source, policy);
  }

  /**
   * Parses a {@code config.json} document.
   *
   * @param json the document
   * @param id the name to give the model
   * @return the architecture
   * @throws ModelConfigException if the document is not a readable model configuration
   */
  public static ModelArchitecture parse(String json, String id) {
    return parse(json, id, UnknownModelTypePolicy.REJECT);
  }

  /**
   * Parses a {@code config.json} document.
   *
   * @param json the document
   * @param id the name to give the model
   * @param policy what to do with a {@code model_type} without dedicated rules
   * @return the architecture
   * @throws ModelConfigException if the document is not a readable model configuration
   */
  public static ModelArchitecture parse(String json, String id, UnknownModelTypePolicy policy) {
    JsonNode root;
    try {
      root = Json.read(json);
    } catch (Json.JsonFormatException e) {
      throw new ModelConfigException("config.json is not valid JSON: " + e.getMessage(), e);
    }
    return HuggingFaceConfigParser.parse(root, id, "config.json", policy);
  }

  /** Returns the {@code model_type} values with dedicated rules. */
  public static Set<String> supportedModelTypes() {
    return HuggingFaceConfigParser.MODEL_TYPES;
  }

  private static String defaultId(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    String name = file.getFileName().toString();
    if (name.equals("config.json") && parent != null && parent.getFileName() != null) {
      return parent.getFileName().toString();
    }
    return name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
  }
}
