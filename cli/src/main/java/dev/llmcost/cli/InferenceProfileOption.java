package dev.llmcost.cli;

import dev.llmcost.costmodel.inference.InferenceCalibration;
import dev.llmcost.costmodel.inference.InferenceCostModel;
import dev.llmcost.costmodel.inference.InferenceProfile;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * {@code --profile} on {@code infer}, {@code capacity} and {@code simulate} (a picocli mixin): the
 * inference section of a profile written by {@code llmcost calibrate --inference-runs}. A profile
 * without one (training values only) leaves the bundled calibration in place, and the assumptions
 * say so.
 */
public final class InferenceProfileOption {
  @Option(names = "--profile",
      description = "A profile written by 'llmcost calibrate --inference-runs': its fitted inference factors replace"
          + " the bundled calibration's (a profile without an inference section keeps the bundled one).")
  @Nullable Path profile;

  private @Nullable InferenceCalibration calibration;

  /**
   * Returns the calibration to serve with: the profile's, or the bundled one, whose source then
   * says why.
   *
   * @return the calibration
   * @throws IllegalArgumentException if the file is not a profile or its inference section is malformed
   */
  InferenceCalibration calibration() {
    InferenceCalibration c = calibration;
    if (c == null) {
      if (profile == null) {
        c = InferenceCalibration.CALIBRATED;
      } else {
        Optional<InferenceProfile> p = InferenceProfile.read(profile);
        c = p.isPresent() ? p.get().calibration() : InferenceCalibration.CALIBRATED.toBuilder()
            .source("profile " + profile + " has no inference section (training values only), so the bundled"
                + " calibration's: " + InferenceCalibration.CALIBRATED.source())
            .build();
      }
      calibration = c;
    }
    return c;
  }

  /** Returns the model over {@link #calibration()}. */
  InferenceCostModel model() {
    InferenceCalibration c = calibration();
    return c == InferenceCalibration.CALIBRATED ? InferenceCostModel.calibrated() : InferenceCostModel.of(c);
  }

  /** Returns whether {@code --profile} was given. */
  boolean given() {
    return profile != null;
  }
}
