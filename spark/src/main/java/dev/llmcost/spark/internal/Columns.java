package dev.llmcost.spark.internal;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.jspecify.annotations.Nullable;

/** The positions of a scenario table's columns, checked on the driver and read on the executors. */
public final class Columns implements Serializable {

  private static final long serialVersionUID = 1L;

  private final Map<String, Integer> index = new HashMap<>();

  /**
   * Checks a scenario table's columns.
   *
   * @param schema the table's schema
   * @param required columns that must be there
   * @param ints the columns read as integers (int or bigint)
   * @param strings the columns read as strings
   * @param what the kind of sweep, for messages
   * @throws IllegalArgumentException if a required column is missing or a column has the wrong type
   */
  public Columns(StructType schema, List<String> required, List<String> ints, List<String> strings, String what) {
    String[] names = schema.fieldNames();
    for (int i = 0; i < names.length; i++) {
      index.put(names[i], i);
    }
    for (String r : required) {
      if (!index.containsKey(r)) {
        throw new IllegalArgumentException(what + " scenarios must have a column " + r + ", columns were "
            + Arrays.toString(names));
      }
    }
    for (StructField f : schema.fields()) {
      DataType t = f.dataType();
      if (ints.contains(f.name()) && !(t.equals(DataTypes.IntegerType) || t.equals(DataTypes.LongType)
          || t.equals(DataTypes.ShortType))) {
        throw new IllegalArgumentException(
            "column " + f.name() + " must be int or bigint, was " + t.simpleString());
      }
      if (strings.contains(f.name()) && !t.equals(DataTypes.StringType)) {
        throw new IllegalArgumentException("column " + f.name() + " must be a string, was " + t.simpleString());
      }
    }
  }

  /** Whether the row holds a non-null value in the column. */
  public boolean has(Row r, String name) {
    Integer i = index.get(name);
    return i != null && !r.isNullAt(i);
  }

  /** The column's string, or null where it is absent or null. */
  public @Nullable String string(Row r, String name) {
    return has(r, name) ? r.getString(index.get(name)) : null;
  }

  /** The column's value as a long, or {@code otherwise} where it is absent or null. */
  public long longValue(Row r, String name, long otherwise) {
    return has(r, name) ? ((Number) r.get(index.get(name))).longValue() : otherwise;
  }

  /**
   * The column's value as an int, or {@code otherwise} where it is absent or null.
   *
   * @throws IllegalArgumentException if the value does not fit an int
   */
  public int intValue(Row r, String name, int otherwise) {
    long v = longValue(r, name, otherwise);
    if (v != (int) v) {
      throw new IllegalArgumentException(name + " must fit an int, was " + v);
    }
    return (int) v;
  }

  /** The column's value as a double, or {@code otherwise} where it is absent or null. */
  public double doubleValue(Row r, String name, double otherwise) {
    if (!has(r, name)) {
      return otherwise;
    }
    Object v = r.get(index.get(name));
    return v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString());
  }

  /** The row's values followed by {@code more}. */
  public static Object[] append(Row r, Object @Nullable [] more) {
    int n = r.length();
    Object[] out = new Object[n + (more == null ? 0 : more.length)];
    for (int i = 0; i < n; i++) {
      out[i] = r.get(i);
    }
    if (more != null) {
      System.arraycopy(more, 0, out, n, more.length);
    }
    return out;
  }
}
