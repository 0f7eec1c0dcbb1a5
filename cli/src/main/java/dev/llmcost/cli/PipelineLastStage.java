package dev.llmcost.cli;

import dev.llmcost.core.model.ModelArchitecture;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks {@code train} and {@code plan} share for {@code --pp-last-stage-layers} (s20o): the last pipeline stage
 * holds the given layers and the other stages split the rest evenly, Megatron-Core's {@code
 * num_layers_in_last_pipeline_stage} ({@code TransformerConfig.__post_init__},
 * megatron/core/transformer/transformer_config.py at NVIDIA/Megatron-LM core_v0.15.0, l.1110-1150), which also
 * requires the virtual pipeline degree to divide the last stage's layers and each other stage's.
 */
final class PipelineLastStage {

  private PipelineLastStage() {
  }

  /**
   * Refuses a count below 1 (leaving the option out gives the default placement).
   *
   * @throws IllegalArgumentException naming the option and the value
   */
  static void requireAtLeastOne(int last) {
    if (last < 1) {
      throw new IllegalArgumentException("--pp-last-stage-layers must be >= 1 (leave it out for the default placement),"
          + " was " + last);
    }
  }

  /**
   * Refuses the option with the DualPipe schedule, which places stages of its own.
   *
   * @throws IllegalArgumentException naming the option and the value
   */
  static void requireNotDualPipe(boolean dualPipe, int last) {
    if (dualPipe) {
      throw new IllegalArgumentException("--pp-last-stage-layers cannot be set with --schedule dualpipe (DualPipe"
          + " places stages r and p-1-r on rank r itself), was " + last);
    }
  }

  /**
   * Returns the layers of each stage but the last on {@code pp} stages.
   *
   * @throws IllegalArgumentException naming the option and the value when the rest does not split evenly, one layer or
   *     more each
   */
  static int otherStagesLayers(ModelArchitecture m, int pp, int last) {
    int rest = m.layers() - last;
    if (rest < pp - 1 || rest % (pp - 1) != 0) {
      throw new IllegalArgumentException("--pp-last-stage-layers must leave "
          + (pp == 2 ? "the other stage" : "the other " + (pp - 1) + " stages") + " of --pp " + pp
          + " an equal share (at least one layer each) of the " + m.layers() + " layers of " + m.id() + ", was " + last);
    }
    return rest / (pp - 1);
  }

  /** Returns the virtual-stage counts that divide both the last stage's layers and the others', 1 first. */
  static List<Integer> chunkCounts(int last, int others) {
    List<Integer> counts = new ArrayList<>();
    for (int v = 1; v <= last; v++) {
      if (last % v == 0 && others % v == 0) {
        counts.add(v);
      }
    }
    return counts;
  }

  /** Describes the placement for the refusals below. */
  static String placement(ModelArchitecture m, int pp, int last, int others) {
    return others + " on each of the first " + (pp - 1) + " stages, " + last + " on the last: --pp-last-stage-layers "
        + last + ", " + m.layers() + " layers of " + m.id() + " on --pp " + pp;
  }

  /** The refusal of a {@code --virtual-stages} value that does not divide every stage's layers. */
  static IllegalArgumentException chunksRefused(String placement, int chunks) {
    return new IllegalArgumentException("--virtual-stages must divide every stage's layers into equal chunks ("
        + placement + "), was " + chunks);
  }

  /** The refusal of {@code --schedule interleaved} when no virtual-stage count above 1 divides every stage. */
  static IllegalArgumentException interleavingRefused(String placement) {
    return new IllegalArgumentException("--schedule interleaved needs virtual stages that divide every stage's layers"
        + " (" + placement + "); none above 1 does");
  }
}
