package dev.llmcost.costmodel.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Which transformer layers each pipeline stage, and each virtual stage (model chunk) of it, builds: Megatron-Core's
 * {@code pipeline_model_parallel_layout} (s21f).
 *
 * <p>A layout is a list of {@code pp × vp} virtual stages in Megatron-Core's order: virtual stage {@code i} is model
 * chunk {@code i / pp} of pipeline rank {@code i % pp} ({@code PipelineParallelLayerLayout.__init__} in {@code
 * megatron/core/transformer/pipeline_parallel_layer_layout.py} at NVIDIA/Megatron-LM core_v0.15.0, 103851dc:
 * {@code layout[vpp_rank * pipeline_model_parallel_size + pp_rank]}), so the number of virtual stages per rank is the
 * list's length over {@code pp}. Each virtual stage holds transformer (decoder) layers; the embedding is always in the
 * first, the loss (with the output head) in the last, and the multi-token-prediction modules, if any, in the last
 * beside the loss after its decoders, as {@code validate_layer_layout} requires there.
 *
 * <p>{@link #parse} reads Megatron-Core's string form ({@code parse_str_to_list}, same file): {@code E} embedding,
 * {@code t} transformer layer, {@code m} multi-token-prediction layer, {@code L} loss, {@code |} between virtual
 * stages, {@code x*N} N copies of the character {@code x}, {@code (...)*N} N copies of the bracketed text (not
 * nested), commas ignored; e.g. Megatron-Bridge's DeepSeek-V3 layout {@code Et*4|(t*4|)*14tmL} ({@code
 * scripts/performance/configs/deepseek/deepseek_workload_base_configs.py} at NVIDIA-NeMo/Megatron-Bridge 17a381f95,
 * l.48). Instances are immutable.
 */
public final class PipelineLayout {

  private final int pipelineStages;
  private final int virtualStages;
  /** Decoder layers of each virtual stage, in Megatron-Core's order. */
  private final int[] decoders;
  private final int mtpLayers;

  private PipelineLayout(int pipelineStages, int[] decoders, int mtpLayers) {
    this.pipelineStages = pipelineStages;
    this.virtualStages = decoders.length / pipelineStages;
    this.decoders = decoders;
    this.mtpLayers = mtpLayers;
  }

  /**
   * Returns the layout of {@code decoders} transformer layers per virtual stage (Megatron-Core's order, see the class
   * description), the embedding in the first, the loss in the last, no multi-token-prediction layer.
   *
   * @param pipelineStages pipeline ranks (pp), 1 or more
   * @param decoders transformer layers of each virtual stage, 0 or more each; a multiple of {@code pipelineStages}
   *     of them
   * @return the layout
   * @throws IllegalArgumentException naming the field and value when pp is below 1, the count of virtual stages is not
   *     a positive multiple of pp, a count is negative or no stage holds a layer
   */
  public static PipelineLayout of(int pipelineStages, List<Integer> decoders) {
    return of(pipelineStages, decoders, 0);
  }

  /**
   * Returns the layout of {@code decoders} transformer layers per virtual stage, with {@code mtpLayers}
   * multi-token-prediction layers beside the loss in the last (see {@link #of(int, List)}).
   *
   * @param pipelineStages pipeline ranks (pp)
   * @param decoders transformer layers of each virtual stage
   * @param mtpLayers multi-token-prediction layers, 0 or more
   * @return the layout
   * @throws IllegalArgumentException as {@link #of(int, List)}, or when {@code mtpLayers} is negative
   */
  public static PipelineLayout of(int pipelineStages, List<Integer> decoders, int mtpLayers) {
    if (pipelineStages < 1) {
      throw new IllegalArgumentException("pipelineStages must be >= 1, was " + pipelineStages);
    }
    if (mtpLayers < 0) {
      throw new IllegalArgumentException("mtpLayers must be >= 0, was " + mtpLayers);
    }
    if (decoders.isEmpty() || decoders.size() % pipelineStages != 0) {
      throw new IllegalArgumentException("the virtual stages of a layout must be a positive multiple of pipelineStages ("
          + pipelineStages + "), were " + decoders.size());
    }
    int[] d = new int[decoders.size()];
    long total = 0;
    for (int i = 0; i < d.length; i++) {
      Integer n = decoders.get(i);
      if (n == null || n < 0) {
        throw new IllegalArgumentException("the layers of virtual stage " + i + " must be >= 0, were " + n);
      }
      d[i] = n;
      total += n;
    }
    if (total == 0) {
      throw new IllegalArgumentException("a layout must hold at least one transformer layer, was " + decoders);
    }
    if (total > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("a layout's transformer layers must be at most " + Integer.MAX_VALUE
          + ", were " + total);
    }
    return new PipelineLayout(pipelineStages, d, mtpLayers);
  }

  /**
   * Returns the layout Megatron-Core builds under {@code num_layers_in_last_pipeline_stage} ({@link
   * TrainingJob.Builder#lastPipelineStageLayers(int)}): the last rank holds {@code lastStageLayers}, each other rank an
   * equal share of the rest, and each rank's layers split evenly over its {@code virtualStages} chunks ({@code
   * TransformerConfig.__post_init__}, {@code megatron/core/transformer/transformer_config.py} at core_v0.15.0,
   * l.1110-1150: both counts must be divisible by the virtual pipeline size).
   *
   * @param layers transformer layers of the model
   * @param pipelineStages pipeline ranks, 2 or more
   * @param virtualStages model chunks per rank, 1 or more
   * @param lastStageLayers layers of the last rank, 1 or more
   * @param mtpLayers multi-token-prediction layers beside the loss
   * @return the layout
   * @throws IllegalArgumentException naming the field and value when the other ranks cannot share the rest evenly (one
   *     layer a chunk or more) or {@code virtualStages} does not divide the counts
   */
  public static PipelineLayout lastStage(int layers, int pipelineStages, int virtualStages, int lastStageLayers,
      int mtpLayers) {
    if (pipelineStages < 2) {
      throw new IllegalArgumentException("pipelineStages must be >= 2 for a last stage, was " + pipelineStages);
    }
    if (virtualStages < 1) {
      throw new IllegalArgumentException("virtualStages must be >= 1, was " + virtualStages);
    }
    int rest = layers - lastStageLayers;
    if (lastStageLayers < 1 || rest < pipelineStages - 1 || rest % (pipelineStages - 1) != 0) {
      throw new IllegalArgumentException("lastStageLayers must leave the other " + (pipelineStages - 1)
          + " stages an equal share (at least one each) of " + layers + " layers, was " + lastStageLayers);
    }
    int others = rest / (pipelineStages - 1);
    if (others % virtualStages != 0 || lastStageLayers % virtualStages != 0) {
      throw new IllegalArgumentException("virtualStages must divide the last stage's layers (" + lastStageLayers
          + ") and the other stages' (" + others + "), was " + virtualStages);
    }
    List<Integer> d = new ArrayList<>();
    for (int v = 0; v < virtualStages; v++) {
      for (int r = 0; r < pipelineStages; r++) {
        d.add((r == pipelineStages - 1 ? lastStageLayers : others) / virtualStages);
      }
    }
    return of(pipelineStages, d, mtpLayers);
  }

  /**
   * Parses Megatron-Core's string form of a layout (see the class description) for {@code pipelineStages} ranks.
   *
   * @param layout the layout string, e.g. {@code Et*4|(t*4|)*14tmL}
   * @param pipelineStages pipeline ranks (pp), 1 or more
   * @return the layout
   * @throws IllegalArgumentException naming the position (0-based, in the string as given) and the character of the
   *     first error: an unknown character, an unbalanced or nested bracket, a {@code *} without a count, a count
   *     below 1; or naming the problem when the embedding is not first or not once, the loss not last or not once,
   *     a multi-token-prediction layer sits elsewhere than in the last virtual stage after its transformer layers,
   *     no transformer layer is placed, or the virtual stages are not a multiple of {@code pipelineStages}
   */
  public static PipelineLayout parse(String layout, int pipelineStages) {
    if (pipelineStages < 1) {
      throw new IllegalArgumentException("pipelineStages must be >= 1, was " + pipelineStages);
    }
    if (layout.isBlank()) {
      throw new IllegalArgumentException("pipeline layout must not be blank, was '" + layout + "'");
    }
    if (layout.length() > 100_000) {
      throw new IllegalArgumentException("pipeline layout must be at most 100000 characters, was " + layout.length());
    }
    StringBuilder flat = new StringBuilder();
    // the position in the input of each flat character, for error messages
    List<Integer> origin = new ArrayList<>();
    int i = 0;
    int n = layout.length();
    while (i < n) {
      char ch = layout.charAt(i);
      if (ch == ',') {
        i++;
        continue;
      }
      if (ch == '(') {
        int close = -1;
        for (int j = i + 1; j < n; j++) {
          char cj = layout.charAt(j);
          if (cj == '(') {
            throw bad(layout, j, "a nested bracket (brackets do not nest)");
          }
          if (cj == ')') {
            close = j;
            break;
          }
        }
        if (close < 0) {
          throw bad(layout, i, "an unclosed bracket");
        }
        if (close == i + 1) {
          throw bad(layout, close, "an empty bracket");
        }
        int[] count = count(layout, close + 1);
        if (count == null) {
          throw bad(layout, close, "a bracket without '*N' after it");
        }
        StringBuilder body = new StringBuilder();
        List<Integer> bodyOrigin = new ArrayList<>();
        for (int j = i + 1; j < close; j++) {
          char cj = layout.charAt(j);
          if (cj == ',') {
            continue;
          }
          if (cj == '*') {
            int[] inner = java.util.Objects.requireNonNull(count(layout, j));
            if (body.length() == 0) {
              throw bad(layout, j, "a '*' without a character and a count");
            }
            char last = body.charAt(body.length() - 1);
            int at = bodyOrigin.get(bodyOrigin.size() - 1);
            appendCopies(body, bodyOrigin, last, at, inner[0] - 1, layout, j);
            j = inner[1] - 1;
            continue;
          }
          requireLayerChar(layout, j);
          body.append(cj);
          bodyOrigin.add(j);
        }
        if ((long) flat.length() + (long) body.length() * count[0] > 1_000_000) {
          throw bad(layout, close + 1, "a layout of more than 1000000 entries");
        }
        for (int k = 0; k < count[0]; k++) {
          flat.append(body);
          origin.addAll(bodyOrigin);
        }
        i = count[1];
        continue;
      }
      if (ch == '*') {
        int[] c = java.util.Objects.requireNonNull(count(layout, i));
        if (flat.length() == 0) {
          throw bad(layout, i, "a '*' without a character and a count");
        }
        char last = flat.charAt(flat.length() - 1);
        appendCopies(flat, origin, last, origin.get(origin.size() - 1), c[0] - 1, layout, i);
        i = c[1];
        continue;
      }
      requireLayerChar(layout, i);
      flat.append(ch);
      origin.add(i);
      i++;
    }
    return fromFlat(layout, flat, origin, pipelineStages);
  }

  private static void requireLayerChar(String layout, int at) {
    char ch = layout.charAt(at);
    if (ch != 'E' && ch != 't' && ch != 'm' && ch != 'L' && ch != '|') {
      throw bad(layout, at, "an unknown character (known: E, t, m, L, |, *N, (...)*N, commas)");
    }
  }

  private static void appendCopies(StringBuilder to, List<Integer> origin, char ch, int at, int copies, String layout,
      int star) {
    if ((long) to.length() + copies > 1_000_000) {
      throw bad(layout, star, "a layout of more than 1000000 entries");
    }
    for (int k = 0; k < copies; k++) {
      to.append(ch);
      origin.add(at);
    }
  }

  /** Reads {@code *N} at {@code at}: {N, the index after it}, or null when there is none. */
  private static int @Nullable [] count(String layout, int at) {
    if (at >= layout.length() || layout.charAt(at) != '*') {
      return null;
    }
    int j = at + 1;
    long value = 0;
    while (j < layout.length() && layout.charAt(j) >= '0' && layout.charAt(j) <= '9') {
      value = value * 10 + (layout.charAt(j) - '0');
      if (value > 1_000_000) {
        throw bad(layout, at, "a count above 1000000");
      }
      j++;
    }
    if (j == at + 1) {
      throw bad(layout, at, "a '*' without a count after it");
    }
    if (value < 1) {
      throw bad(layout, at, "a count below 1");
    }
    return new int[] {(int) value, j};
  }

  private static IllegalArgumentException bad(String layout, int at, String what) {
    return new IllegalArgumentException("pipeline layout '" + layout + "' has " + what + " at position " + at
        + " ('" + layout.charAt(Math.min(at, layout.length() - 1)) + "')");
  }

  private static PipelineLayout fromFlat(String layout, CharSequence flat, List<Integer> origin, int pipelineStages) {
    List<Integer> decoders = new ArrayList<>();
    int embeddings = 0;
    int losses = 0;
    int mtp = 0;
    int current = 0;
    boolean seenMtp = false;
    int entries = 0;
    for (int k = 0; k < flat.length(); k++) {
      char ch = flat.charAt(k);
      int at = origin.get(k);
      if (ch == '|') {
        decoders.add(current);
        current = 0;
        continue;
      }
      if (losses > 0) {
        throw bad(layout, at, "a layer after the loss (the loss 'L' must be the last)");
      }
      if (ch == 'E') {
        if (entries > 0) {
          throw bad(layout, at, "an embedding 'E' that is not the first layer");
        }
        embeddings++;
      } else if (ch == 't') {
        if (embeddings == 0) {
          throw bad(layout, at, "a layer before the embedding (the embedding 'E' must be the first)");
        }
        if (seenMtp) {
          throw bad(layout, at, "a transformer layer after a multi-token-prediction layer");
        }
        current++;
      } else if (ch == 'm') {
        if (embeddings == 0) {
          throw bad(layout, at, "a layer before the embedding (the embedding 'E' must be the first)");
        }
        seenMtp = true;
        mtp++;
      } else {
        if (embeddings == 0) {
          throw bad(layout, at, "a layer before the embedding (the embedding 'E' must be the first)");
        }
        losses++;
      }
      entries++;
    }
    decoders.add(current);
    if (embeddings == 0) {
      throw new IllegalArgumentException("pipeline layout '" + layout + "' has no embedding 'E' (it must be the first)");
    }
    if (losses == 0) {
      throw new IllegalArgumentException("pipeline layout '" + layout + "' has no loss 'L' (it must be the last)");
    }
    // the loss must sit in the last virtual stage: nothing but separators may follow it, and no separator
    if (flat.charAt(flat.length() - 1) != 'L') {
      throw bad(layout, origin.get(flat.length() - 1), "a stage after the loss (the loss 'L' must be in the last)");
    }
    if (decoders.size() % pipelineStages != 0) {
      throw new IllegalArgumentException("pipeline layout '" + layout + "' has " + decoders.size()
          + " virtual stages, which pp (" + pipelineStages + ") does not divide");
    }
    if (mtp > 0) {
      // every 'm' in the last virtual stage (Megatron-Core: MTP only in the last virtual stage of the last rank,
      // together with the loss)
      int lastSeparator = -1;
      for (int k = flat.length() - 1; k >= 0; k--) {
        if (flat.charAt(k) == '|') {
          lastSeparator = k;
          break;
        }
      }
      for (int k = 0; k < lastSeparator; k++) {
        if (flat.charAt(k) == 'm') {
          throw bad(layout, origin.get(k), "a multi-token-prediction layer outside the last stage (it must sit with"
              + " the loss)");
        }
      }
    }
    if (decoders.stream().mapToLong(Integer::longValue).sum() == 0) {
      throw new IllegalArgumentException("pipeline layout '" + layout + "' places no transformer layer 't'");
    }
    return of(pipelineStages, decoders, mtp);
  }

  /** Returns the pipeline ranks (pp). */
  public int pipelineStages() {
    return pipelineStages;
  }

  /** Returns the model chunks (virtual stages) per rank: the virtual stages over pp. */
  public int virtualStages() {
    return virtualStages;
  }

  /** Returns the transformer layers the layout places. */
  public int decoderLayers() {
    return Arrays.stream(decoders).sum();
  }

  /** Returns the multi-token-prediction layers beside the loss. */
  public int mtpLayers() {
    return mtpLayers;
  }

  /**
   * Returns the transformer layers of model chunk {@code chunk} of pipeline rank {@code rank}.
   *
   * @throws IllegalArgumentException if either index is out of range
   */
  public int chunkLayers(int rank, int chunk) {
    if (rank < 0 || rank >= pipelineStages) {
      throw new IllegalArgumentException("rank must be in [0, " + pipelineStages + "), was " + rank);
    }
    if (chunk < 0 || chunk >= virtualStages) {
      throw new IllegalArgumentException("chunk must be in [0, " + virtualStages + "), was " + chunk);
    }
    return decoders[chunk * pipelineStages + rank];
  }

  /**
   * Returns the transformer layers of pipeline rank {@code rank}, all its chunks.
   *
   * @throws IllegalArgumentException if {@code rank} is out of range
   */
  public int stageLayers(int rank) {
    int sum = 0;
    for (int v = 0; v < virtualStages; v++) {
      sum += chunkLayers(rank, v);
    }
    return sum;
  }

  /** Returns the transformer layers of each virtual stage, in Megatron-Core's order (a copy). */
  public List<Integer> virtualStageLayers() {
    List<Integer> list = new ArrayList<>(decoders.length);
    for (int d : decoders) {
      list.add(d);
    }
    return List.copyOf(list);
  }

  /** Returns the layers of each chunk of each rank, {@code [rank][chunk]} (a fresh array). */
  public int[][] rankChunks() {
    int[][] a = new int[pipelineStages][virtualStages];
    for (int r = 0; r < pipelineStages; r++) {
      for (int v = 0; v < virtualStages; v++) {
        a[r][v] = chunkLayers(r, v);
      }
    }
    return a;
  }

  /**
   * Returns Megatron-Core's string form, runs of a stage written {@code t*N} and repeated stages {@code (...)*N}
   * ({@link #parse} reads it back to an equal layout).
   */
  @Override
  public String toString() {
    List<String> stages = new ArrayList<>();
    for (int i = 0; i < decoders.length; i++) {
      StringBuilder s = new StringBuilder();
      if (i == 0) {
        s.append('E');
      }
      if (decoders[i] == 1) {
        s.append('t');
      } else if (decoders[i] > 1) {
        s.append("t*").append(decoders[i]);
      }
      if (i == decoders.length - 1) {
        if (mtpLayers == 1) {
          s.append('m');
        } else if (mtpLayers > 1) {
          s.append("m*").append(mtpLayers);
        }
        s.append('L');
      }
      stages.add(s.toString());
    }
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < stages.size()) {
      int j = i;
      while (j + 1 < stages.size() && stages.get(j + 1).equals(stages.get(i))) {
        j++;
      }
      int run = j - i + 1;
      boolean last = j == stages.size() - 1;
      if (run >= 3 && !stages.get(i).isEmpty()) {
        // (stage|)*run; the last of the layout has no separator after it
        if (last) {
          out.append('(').append(stages.get(i)).append("|)*").append(run - 1).append(stages.get(i));
        } else {
          out.append('(').append(stages.get(i)).append("|)*").append(run);
        }
      } else {
        for (int k = i; k <= j; k++) {
          out.append(stages.get(k));
          if (k < stages.size() - 1) {
            out.append('|');
          }
        }
      }
      i = j + 1;
    }
    return out.toString();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof PipelineLayout l && pipelineStages == l.pipelineStages && mtpLayers == l.mtpLayers
        && Arrays.equals(decoders, l.decoders);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * pipelineStages + mtpLayers) + Arrays.hashCode(decoders);
  }
}
