package dev.llmcost.costmodel.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.core.internal.Require;
import dev.llmcost.costmodel.training.FittedProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Inference factors a user fitted to their own measured runs ({@code llmcost calibrate
 * --inference-runs}), stored as the {@code inference} section of the profile file that {@link
 * FittedProfile} also writes, and applied by {@code --profile} on {@code infer}, {@code capacity}
 * and {@code simulate}.
 *
 * <p>The section: {@code "inference": {"values": {"gemmOverlapLoss": 0.86, "memoryBandwidthFraction":
 * 0.92, "perLayerOverheadSeconds": 6.8e-5, "fp8MatmulRelativeEfficiency": 0.74}, "fitted":
 * ["memoryBandwidthFraction", ...], "runs": 14, "source": "..."}}. All four values are stored (those
 * not fitted are the calibration the fit started from), so a profile means the same after a later
 * release refits {@link InferenceCalibration#CALIBRATED}. A file may hold the training values
 * ({@code values}), this section, or both; a file without this section leaves inference at {@link
 * InferenceCalibration#CALIBRATED}.
 */
public final class InferenceProfile {
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final InferenceCalibration calibration;
  private final List<InferenceFactor> fitted;
  private final int runs;
  private final String source;

  private InferenceProfile(InferenceCalibration calibration, List<InferenceFactor> fitted, int runs, String source) {
    Require.positive("runs", runs);
    Require.nonBlank("source", source);
    this.fitted = List.copyOf(fitted);
    this.runs = runs;
    this.source = source;
    this.calibration = calibration.toBuilder().source(describe(calibration, this.fitted, runs, source)).build();
  }

  /**
   * Returns the values of a fit.
   *
   * @param fit the fit
   * @param source where the runs come from (the file)
   * @return the profile
   */
  public static InferenceProfile of(InferenceCalibrator.Fit fit, String source) {
    return new InferenceProfile(fit.calibration(), fit.free(), fit.residuals().size(), source);
  }

  private static String describe(InferenceCalibration c, List<InferenceFactor> fitted, int runs, String source) {
    return String.format(Locale.ROOT, "inference profile (%s; %s fitted to %d runs): gemm overlap loss %.4f,"
        + " memory-bandwidth fraction %.4f, per-layer overhead %.2f µs, fp8 GEMM efficiency %.4f", source,
        fitted.stream().map(InferenceFactor::property).toList(), runs, c.gemmOverlapLoss(),
        c.memoryBandwidthFraction(), c.perLayerOverheadSeconds() * 1e6, c.fp8MatmulRelativeEfficiency());
  }

  /** Returns the calibration to serve with, whose {@link InferenceCalibration#source()} names this profile and its values. */
  public InferenceCalibration calibration() {
    return calibration;
  }

  /** Returns the factors the runs determined; the others are the starting calibration's. */
  public List<InferenceFactor> fitted() {
    return fitted;
  }

  /** Returns how many runs the fit used. */
  public int runs() {
    return runs;
  }

  /** Returns where the runs come from. */
  public String source() {
    return source;
  }

  /**
   * Writes a profile file holding this section only.
   *
   * @param file where to write
   * @throws UncheckedIOException if the file cannot be written
   */
  public void write(Path file) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("format", FittedProfile.FORMAT);
    put(n);
    write(file, n);
  }

  /**
   * Writes a profile file holding {@code training}'s values and this section.
   *
   * @param file where to write
   * @param training the training values
   * @throws UncheckedIOException if the file cannot be written
   */
  public void write(Path file, FittedProfile training) {
    training.write(file);
    ObjectNode n;
    try {
      n = (ObjectNode) MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read back profile " + file + ": " + e.getMessage(), e);
    }
    put(n);
    write(file, n);
  }

  private void put(ObjectNode n) {
    ObjectNode s = n.putObject("inference");
    ObjectNode v = s.putObject("values");
    for (InferenceFactor f : InferenceFactor.values()) {
      v.put(f.property(), f.of(calibration));
    }
    ArrayNode a = s.putArray("fitted");
    fitted.forEach(f -> a.add(f.property()));
    s.put("runs", runs);
    s.put("source", source);
  }

  private static void write(Path file, ObjectNode n) {
    try {
      Files.writeString(file, MAPPER.writeValueAsString(n) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write profile " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads the inference section of a profile file.
   *
   * @param file the file
   * @return the section, or empty if the file is a profile without one (training values only)
   * @throws IllegalArgumentException if the file is not a profile or its inference section is
   *     malformed (the message names the file and the field)
   * @throws UncheckedIOException if the file cannot be read
   */
  public static Optional<InferenceProfile> read(Path file) {
    JsonNode n;
    try {
      if (Files.size(file) > FittedProfile.MAX_FILE_BYTES) {
        throw new IllegalArgumentException("profile " + file + " is larger than " + FittedProfile.MAX_FILE_BYTES
            + " bytes");
      }
      n = MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("profile " + file + " is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read profile " + file + ": " + e.getMessage(), e);
    }
    if (n == null || !n.isObject() || !FittedProfile.FORMAT.equals(n.path("format").asText())) {
      throw new IllegalArgumentException("profile " + file + ": format must be \"" + FittedProfile.FORMAT + "\"");
    }
    JsonNode s = n.path("inference");
    if (s.isMissingNode()) {
      return Optional.empty();
    }
    String at = "profile " + file + ": inference.";
    if (!s.isObject()) {
      throw new IllegalArgumentException("profile " + file + ": inference must be an object");
    }
    JsonNode v = s.path("values");
    if (!v.isObject()) {
      throw new IllegalArgumentException(at + "values must be an object");
    }
    InferenceCalibration.Builder b = InferenceCalibration.builder().source("profile");
    for (InferenceFactor f : InferenceFactor.values()) {
      JsonNode x = v.path(f.property());
      if (!x.isNumber()) {
        throw new IllegalArgumentException(at + "values." + f.property() + " must be a number, was " + x);
      }
      f.set(b, x.asDouble());
    }
    for (var e : v.properties()) {
      try {
        InferenceFactor.parse(e.getKey());
      } catch (IllegalArgumentException x) {
        throw new IllegalArgumentException(at + "values." + e.getKey() + ": " + x.getMessage(), x);
      }
    }
    List<InferenceFactor> fitted = new ArrayList<>();
    JsonNode fl = s.path("fitted");
    if (!fl.isMissingNode()) {
      if (!fl.isArray()) {
        throw new IllegalArgumentException(at + "fitted must be an array of factor names");
      }
      for (JsonNode x : fl) {
        try {
          fitted.add(InferenceFactor.parse(x.asText()));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(at + "fitted: " + e.getMessage(), e);
        }
      }
    }
    if (!s.path("runs").canConvertToInt()) {
      throw new IllegalArgumentException(at + "runs must be an integer");
    }
    try {
      return Optional.of(new InferenceProfile(b.build(), fitted, s.path("runs").asInt(),
          s.path("source").asText("(no source)")));
    } catch (IllegalArgumentException x) {
      throw new IllegalArgumentException(at + x.getMessage(), x);
    }
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof InferenceProfile o
          && calibration.equals(o.calibration)
          && fitted.equals(o.fitted)
          && runs == o.runs
          && source.equals(o.source);
  }

  @Override
  public int hashCode() {
    return Objects.hash(calibration, fitted, runs, source);
  }

  @Override
  public String toString() {
    return "InferenceProfile[" + calibration.source() + "]";
  }
}
