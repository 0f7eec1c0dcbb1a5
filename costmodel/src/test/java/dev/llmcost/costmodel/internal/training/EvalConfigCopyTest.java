package dev.llmcost.costmodel.internal.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link EvalConfig#set} copies every field: the planner's search evaluates copies of a job's configuration
 * ({@code SearchProblem}), so a field the copy forgets is silently reset for every searched or completed
 * layout ({@code unfusedSquaredRelu} was: Nemotron's unfused squared-ReLU traffic vanished from completed jobs).
 */
class EvalConfigCopyTest {

  @Test
  void setCopiesEveryInstanceField() throws Exception {
    EvalConfig source = new EvalConfig();
    List<Field> fields = new ArrayList<>();
    for (Field f : EvalConfig.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic()) {
        continue;
      }
      f.setAccessible(true);
      fields.add(f);
      Object fresh = f.get(new EvalConfig());
      f.set(source, different(f.getType(), fresh));
    }
    assertThat(fields).hasSizeGreaterThan(40);
    EvalConfig copy = new EvalConfig().set(source);
    for (Field f : fields) {
      assertThat(f.get(copy)).as(f.getName()).isEqualTo(f.get(source));
    }
  }

  /** A value of {@code type} unlike {@code fresh} (the default a new configuration holds). */
  private static @org.jspecify.annotations.Nullable Object different(
      Class<?> type, @org.jspecify.annotations.Nullable Object fresh) {
    if (type == boolean.class) {
      return !(Boolean) fresh;
    }
    if (type == int.class) {
      return (Integer) fresh + 7;
    }
    if (type == long.class) {
      return (Long) fresh + 7L;
    }
    if (type == double.class) {
      return (Double) fresh + 0.375;
    }
    if (type == int[][].class) {
      // a pipeline layout's chunks (s21f), shared read-only between copies
      return fresh == null ? new int[][] {{3, 4}, {4, 3}} : null;
    }
    if (type.isEnum()) {
      Object[] values = type.getEnumConstants();
      return values[0].equals(fresh) && values.length > 1 ? values[1] : values[0];
    }
    throw new AssertionError("EvalConfigCopyTest: add a value for field type " + type);
  }
}
