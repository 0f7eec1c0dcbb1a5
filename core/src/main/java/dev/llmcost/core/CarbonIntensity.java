package dev.llmcost.core;

import dev.llmcost.core.internal.Similarity;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The carbon intensity of electricity: grams of CO₂-equivalent emitted per kWh consumed.
 *
 * <p>Either a number the caller knows ({@link #of(double)}) or the annual average of a grid region
 * from the bundled, sourced and dated table ({@link #forRegion(String)}, {@link GridRegion#all()}).
 *
 * <p>A record: its one component (the grams per kWh) is its definition and will not grow, so its
 * validating canonical constructor stays public.
 *
 * @param gramsPerKwh grams of CO₂e per kWh, finite and at least zero
 */
public record CarbonIntensity(double gramsPerKwh) {

  /**
   * Validates the intensity.
   *
   * @throws IllegalArgumentException if {@code gramsPerKwh} is negative, NaN or infinite
   */
  public CarbonIntensity {
    if (!Double.isFinite(gramsPerKwh) || gramsPerKwh < 0) {
      throw new IllegalArgumentException("carbon intensity must be a finite number of gCO2e/kWh >= 0, was " + gramsPerKwh);
    }
  }

  /**
   * Returns an intensity of {@code gramsPerKwh} grams of CO₂e per kWh.
   *
   * @param gramsPerKwh grams of CO₂e per kWh
   * @return the intensity
   * @throws IllegalArgumentException if {@code gramsPerKwh} is negative, NaN or infinite
   */
  public static CarbonIntensity of(double gramsPerKwh) {
    return new CarbonIntensity(gramsPerKwh);
  }

  /**
   * Returns the annual average intensity of a region of the bundled table, ignoring case.
   *
   * @param regionId a region id such as {@code us-va}, {@code fr} or {@code world}
   * @return the intensity, or empty if the table has no such region
   */
  public static Optional<CarbonIntensity> forRegion(String regionId) {
    return GridRegion.find(regionId).map(GridRegion::intensity);
  }

  /**
   * Parses a region id of the bundled table or a number of grams of CO₂e per kWh.
   *
   * @param text a region id ({@code de}) or a number ({@code 350}, {@code 12.5})
   * @return the intensity
   * @throws IllegalArgumentException if the text is neither a known region nor a finite number at
   *     least zero; the message names the text and the closest region ids
   */
  public static CarbonIntensity parse(String text) {
    String t = text.trim();
    Optional<GridRegion> region = GridRegion.find(t);
    if (region.isPresent()) {
      return region.get().intensity();
    }
    double v;
    try {
      v = Double.parseDouble(t);
    } catch (NumberFormatException notNumber) {
      List<String> ids = GridRegion.all().stream().map(GridRegion::id).toList();
      throw new IllegalArgumentException(Similarity.unknownMessage("grid region", t, ids)
          + " (or give a number of gCO2e/kWh)", notNumber);
    }
    return of(v);
  }

  /**
   * Returns the kilograms of CO₂e emitted for {@code kwh} kilowatt-hours.
   *
   * @param kwh energy in kWh, finite and at least zero
   * @return kg CO₂e
   * @throws IllegalArgumentException if {@code kwh} is negative, NaN or infinite
   */
  public double kilogramsFor(double kwh) {
    if (!Double.isFinite(kwh) || kwh < 0) {
      throw new IllegalArgumentException("kwh must be finite and >= 0, was " + kwh);
    }
    return kwh * gramsPerKwh / 1000;
  }

  /**
   * Returns the kilograms of CO₂e emitted for an energy.
   *
   * @param energy the energy drawn from the grid
   * @return kg CO₂e
   */
  public double kilogramsFor(Energy energy) {
    return kilogramsFor(energy.kilowattHours());
  }

  /**
   * Returns the grams of CO₂e emitted for {@code kwh} kilowatt-hours.
   *
   * @param kwh energy in kWh, finite and at least zero
   * @return g CO₂e
   * @throws IllegalArgumentException if {@code kwh} is negative, NaN or infinite
   */
  public double gramsFor(double kwh) {
    return kilogramsFor(kwh) * 1000;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s gCO2e/kWh", gramsPerKwh);
  }
}
