package dev.llmcost.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A grid region of the bundled carbon-intensity table ({@code carbon-intensity.csv}): its annual
 * average intensity of electricity generation, the year it describes, where it comes from and
 * when that source was read.
 */
public final class GridRegion {
  private final String id;
  private final String name;
  private final CarbonIntensity intensity;
  private final int year;
  private final String source;
  private final LocalDate seen;

  private static final String RESOURCE = "carbon-intensity.csv";

  /**
   * Validates the row.
   *
   * @throws IllegalArgumentException if the id, name or source is blank or the year is before 1990
   */
  GridRegion(String id, String name, CarbonIntensity intensity, int year, String source, LocalDate seen) {
    if (id.isBlank() || !id.equals(id.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("id must be non-blank lower case, was \"" + id + "\"");
    }
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank for region " + id);
    }
    if (source.isBlank()) {
      throw new IllegalArgumentException("source must not be blank for region " + id);
    }
    if (year < 1990) {
      throw new IllegalArgumentException("year must be >= 1990, was " + year + " for region " + id);
    }
    this.id = id;
    this.name = name;
    this.intensity = intensity;
    this.year = year;
    this.source = source;
    this.seen = seen;
  }

  /** Returns every region of the bundled table, in table order. */
  public static List<GridRegion> all() {
    return Table.ROWS;
  }

  /**
   * Returns the region with this id, ignoring case and surrounding blanks.
   *
   * @param id a region id
   * @return the region, or empty
   */
  public static Optional<GridRegion> find(String id) {
    return Optional.ofNullable(Table.BY_ID.get(id.trim().toLowerCase(Locale.ROOT)));
  }

  private static final class Table {
    static final List<GridRegion> ROWS = read();
    static final Map<String, GridRegion> BY_ID = index(ROWS);

    private static Map<String, GridRegion> index(List<GridRegion> rows) {
      Map<String, GridRegion> m = new LinkedHashMap<>();
      for (GridRegion r : rows) {
        if (m.put(r.id(), r) != null) {
          throw new IllegalStateException("duplicate grid region " + r.id() + " in " + RESOURCE);
        }
      }
      return Map.copyOf(m);
    }

    private static List<GridRegion> read() {
      try (InputStream in = GridRegion.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + RESOURCE);
        }
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        List<GridRegion> rows = new ArrayList<>();
        boolean header = true;
        String line;
        int n = 0;
        while ((line = r.readLine()) != null) {
          n++;
          if (line.isBlank() || line.startsWith("#")) {
            continue;
          }
          if (header) {
            header = false;
            continue;
          }
          String[] f = line.split(",", -1);
          if (f.length != 6) {
            throw new IllegalStateException(RESOURCE + " line " + n + " must have 6 fields, has " + f.length);
          }
          rows.add(new GridRegion(f[0], f[1], CarbonIntensity.of(Double.parseDouble(f[2])),
              Integer.parseInt(f[3]), f[4], LocalDate.parse(f[5])));
        }
        return List.copyOf(rows);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Returns the lower-case id: ISO 3166 alpha-2 for a country ({@code de}), {@code us-xx} / {@code ca-xx} for a state or province, {@code world}, {@code eu}, {@code europe}. */
  public String id() {
    return id;
  }

  /** Returns a readable name. */
  public String name() {
    return name;
  }

  /** Returns the annual average gCO₂e per kWh. */
  public CarbonIntensity intensity() {
    return intensity;
  }

  /** Returns the year the intensity describes. */
  public int year() {
    return year;
  }

  /** Returns the dataset, its version or commit, and what it derives from. */
  public String source() {
    return source;
  }

  /** Returns the date the source was read for the table. */
  public LocalDate seen() {
    return seen;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof GridRegion o
          && Objects.equals(id, o.id)
          && Objects.equals(name, o.name)
          && Objects.equals(intensity, o.intensity)
          && year == o.year
          && Objects.equals(source, o.source)
          && Objects.equals(seen, o.seen);
  }

  @Override
  public int hashCode() {
    int h = Objects.hashCode(id);
    h = 31 * h + Objects.hashCode(name);
    h = 31 * h + Objects.hashCode(intensity);
    h = 31 * h + Integer.hashCode(year);
    h = 31 * h + Objects.hashCode(source);
    h = 31 * h + Objects.hashCode(seen);
    return h;
  }

  @Override
  public String toString() {
    return "GridRegion[id=" + id + ", name=" + name + ", intensity=" + intensity + ", year=" + year + ", source=" + source + ", seen=" + seen + "]";
  }
}
