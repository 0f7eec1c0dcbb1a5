package dev.llmcost.costmodel.internal.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import dev.llmcost.costmodel.training.PrecisionRecipe;
import dev.llmcost.costmodel.training.TrainingFramework;
import dev.llmcost.costmodel.training.TrainingJob;
import dev.llmcost.costmodel.training.ZeroStage;
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

  /**
   * s24h: {@link EvalConfig#setZeroStage} carries everything the ZeRO stage changes in a job's mapping, and {@link
   * JobMapping#zeroStage} maps it as {@link JobMapping#config} does: the planner maps the request's job once per stage
   * and copies the result into each candidate, so a stage-dependent field left out here would rank candidates with
   * the request's placeholder stage. Checked on jobs where each mapping rule applies (FP8 and MXFP8 parameters on
   * Megatron-Core, torchao's float8 all-gather on PyTorch-native, bf16), every stage against every other.
   */
  @Test
  void theZeroStageChangesOnlyTheFieldsSetZeroStageCopies() throws Exception {
    dev.llmcost.core.model.ModelArchitecture llama = dev.llmcost.core.model.ModelCatalog.bundled().get("llama-3.1-8b");
    dev.llmcost.costmodel.training.Cluster b200 =
        dev.llmcost.costmodel.training.Cluster.of(dev.llmcost.core.hardware.AcceleratorCatalog.bundled().get("b200"), 8);
    List<TrainingJob> jobs = new ArrayList<>();
    for (String precision : new String[] {"bf16", "fp8", "mxfp8"}) {
      for (TrainingFramework framework : new TrainingFramework[] {TrainingFramework.MEGATRON,
          TrainingFramework.PYTORCH_NATIVE}) {
        PrecisionRecipe recipe = PrecisionRecipe.parse(precision);
        if (recipe.mathType().bits() == 8) {
          recipe = recipe.toBuilder().parameterGatherBytes(1).build();
        }
        jobs.add(TrainingJob.builder(llama, b200).sequenceLength(8192).globalBatchSize(8).microBatchSize(1)
            .precision(recipe).framework(framework).build());
      }
    }
    List<Field> fields = new ArrayList<>();
    for (Field f : EvalConfig.class.getDeclaredFields()) {
      if (!Modifier.isStatic(f.getModifiers()) && !f.isSynthetic()) {
        f.setAccessible(true);
        fields.add(f);
      }
    }
    int moved = 0;
    for (TrainingJob job : jobs) {
      for (ZeroStage from : ZeroStage.values()) {
        for (ZeroStage to : ZeroStage.values()) {
          EvalConfig expected = JobMapping.config(job.toBuilder().zero(to).build(), new EvalConfig());
          EvalConfig placeholder = JobMapping.config(job.toBuilder().zero(from).build(), new EvalConfig());
          EvalConfig copied = new EvalConfig().set(placeholder)
              .setZeroStage(JobMapping.zeroStage(job, to.stage(), new EvalConfig().set(placeholder)));
          for (Field f : fields) {
            assertThat(f.get(copied)).as("%s %s: ZeRO %d mapped from %d", job.precision().id(), job.framework(),
                to.stage(), from.stage()).usingRecursiveComparison().isEqualTo(f.get(expected));
          }
          moved += placeholder.parameterCommBytes != expected.parameterCommBytes
              || placeholder.fp8ParameterBuckets != expected.fp8ParameterBuckets ? 1 : 0;
        }
      }
    }
    // the rules do apply to some of these jobs: MXFP8 on Megatron at ZeRO 1 (bf16 gathers, merged group), FP8 (group)
    assertThat(moved).isPositive();
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
