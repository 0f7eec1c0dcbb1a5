package dev.llmcost.costmodel.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.core.internal.Require;
import dev.llmcost.costmodel.efficiency.EfficiencyProfile;
import dev.llmcost.costmodel.training.EfficiencyCalibration.Parameter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Values a user fitted to their own measured runs ({@code llmcost calibrate}), stored as JSON and
 * applied on top of any accelerator's measured profile ({@code --profile} on {@code train} and
 * {@code plan}).
 *
 * <p>The file: {@code {"format": "llmcost-profile/1", "values": {"OVERLAP_EFFICIENCY": 0.42,
 * ...}, "runs": 12, "source": "..."}}, optionally with an {@code inference} section ({@code
 * InferenceProfile}), which this class ignores; a file with the inference section only is refused
 * by {@link #read}.
 */
public final class FittedProfile {
  private final Map<Parameter, Double> values;
  private final int runs;
  private final String source;

  /** The format tag written into and required of every file. */
  public static final String FORMAT = "llmcost-profile/1";

  /** The largest profile file read, bytes. */
  public static final long MAX_FILE_BYTES = 1 << 20;

  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * Validates and copies the values.
   *
   * @throws IllegalArgumentException if no value is given, a value is not finite or outside its
   *     parameter's bounds, or runs is below 1
   */
  private FittedProfile(Map<Parameter, Double> values, int runs, String source) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("values must name at least one parameter, was empty");
    }
    for (Map.Entry<Parameter, Double> e : values.entrySet()) {
      double v = Require.finite(e.getKey().name(), e.getValue());
      if (v < e.getKey().lower() || v > e.getKey().upper()) {
        throw new IllegalArgumentException(e.getKey().name() + " must be in [" + e.getKey().lower() + ", "
            + e.getKey().upper() + "], was " + v);
      }
    }
    values = Collections.unmodifiableMap(new EnumMap<>(values));
    Require.positive("runs", runs);
    Require.nonBlank("source", source);
    this.values = values;
    this.runs = runs;
    this.source = source;
  }

  /**
   * Returns the values of a fit.
   *
   * @param fit the fit
   * @param source where the runs come from
   * @return the profile
   */
  public static FittedProfile of(EfficiencyCalibration.Fit fit, String source) {
    return new FittedProfile(fit.values(), fit.fittedRuns(), source);
  }

  /**
   * Returns {@code base} with these values in place of its own.
   *
   * @param base an accelerator's profile
   * @return the adjusted profile, whose source names this file's source
   */
  public EfficiencyProfile apply(EfficiencyProfile base) {
    return new EfficiencyCalibration.Fit(values, java.util.List.of(), runs).apply(base);
  }

  /**
   * Writes the profile as JSON.
   *
   * @param file where to write
   * @throws UncheckedIOException if the file cannot be written
   */
  public void write(Path file) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("format", FORMAT);
    ObjectNode v = n.putObject("values");
    values.forEach((k, x) -> v.put(k.name(), x));
    n.put("runs", runs);
    n.put("source", source);
    try {
      Files.writeString(file, MAPPER.writeValueAsString(n) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write profile " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a profile written by {@link #write}.
   *
   * @param file the file
   * @return the profile
   * @throws IllegalArgumentException if the file is not a profile (the message names the file and
   *     the field)
   * @throws UncheckedIOException if the file cannot be read
   */
  public static FittedProfile read(Path file) {
    JsonNode n;
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new IllegalArgumentException("profile " + file + " is larger than " + MAX_FILE_BYTES + " bytes");
      }
      n = MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("profile " + file + " is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read profile " + file + ": " + e.getMessage(), e);
    }
    if (n == null || !n.isObject() || !FORMAT.equals(n.path("format").asText())) {
      throw new IllegalArgumentException("profile " + file + ": format must be \"" + FORMAT + "\"");
    }
    JsonNode v = n.path("values");
    if (v.isMissingNode() && n.path("inference").isObject()) {
      // a profile of inference factors only (InferenceProfile): refused rather than read as "no change", so
      // that train and plan never print a profile's name over the accelerator's own values
      throw new IllegalArgumentException("profile " + file + " holds inference factors only (written by 'llmcost"
          + " calibrate --inference-runs'; --profile applies it on infer, capacity and simulate); train and plan need"
          + " a profile fitted with --runs");
    }
    if (!v.isObject()) {
      throw new IllegalArgumentException("profile " + file + ": values must be an object");
    }
    Map<Parameter, Double> values = new EnumMap<>(Parameter.class);
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      if (!e.getValue().isNumber()) {
        throw new IllegalArgumentException("profile " + file + ": values." + e.getKey() + " must be a number");
      }
      try {
        values.put(Parameter.parse(e.getKey()), e.getValue().asDouble());
      } catch (IllegalArgumentException x) {
        throw new IllegalArgumentException("profile " + file + ": values." + e.getKey() + ": " + x.getMessage(), x);
      }
    }
    if (!n.path("runs").canConvertToInt()) {
      throw new IllegalArgumentException("profile " + file + ": runs must be an integer");
    }
    try {
      return new FittedProfile(values, n.path("runs").asInt(), n.path("source").asText("(no source)"));
    } catch (IllegalArgumentException x) {
      throw new IllegalArgumentException("profile " + file + ": " + x.getMessage(), x);
    }
  }

  /** Returns the fitted parameters and their values, each within its {@link Parameter} bounds. */
  public Map<Parameter, Double> values() {
    return values;
  }

  /** Returns how many runs the fit used. */
  public int runs() {
    return runs;
  }

  /** Returns the where the values come from. */
  public String source() {
    return source;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof FittedProfile o
          && Objects.equals(values, o.values)
          && runs == o.runs
          && Objects.equals(source, o.source);
  }

  @Override
  public int hashCode() {
    int h = Objects.hashCode(values);
    h = 31 * h + Integer.hashCode(runs);
    h = 31 * h + Objects.hashCode(source);
    return h;
  }

  @Override
  public String toString() {
    return "FittedProfile[values=" + values + ", runs=" + runs + ", source=" + source + "]";
  }
}
