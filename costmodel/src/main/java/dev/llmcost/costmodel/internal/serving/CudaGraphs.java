package dev.llmcost.costmodel.internal.serving;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The CUDA-graph batch sizes a TensorRT-LLM PyTorch engine captured, per attention-data-parallel rank, and the batch a
 * decode-only step runs at with padding on (s16b; the serving simulator's counterpart of {@code
 * OfflineRun#paddedDecodeBatch}). The rules are the model engine's ({@code CUDAGraphRunner._get_padded_batch} and
 * {@code _round_up_batch_size}, tensorrt_llm/_torch/pyexecutor/cuda_graph_runner.py; model_engine.py's {@code
 * _get_padded_batch} before the runner was split out, the same rules):
 *
 * <ul>
 *   <li>the sizes kept are those up to {@code min(max_batch_size, max_num_tokens)}, and that bound itself where a
 *       given size exceeds it (NVIDIA/TensorRT-LLM pull request 4843);
 *   <li>a step whose every rank only decodes ({@code can_run_cuda_graph} on all ranks, all-gathered under attention
 *       DP) is padded with dummy generation requests to the smallest kept size at least its batch, under attention DP
 *       the largest rank's batch ({@code max(gen_only_batch[1] ...)}), so every rank runs that many rows;
 *   <li>a larger batch finds no graph and runs eagerly at its own size ({@link #eager}).
 * </ul>
 */
public final class CudaGraphs {

  /** No CUDA graphs captured (or padding off): every step runs at its own batch. */
  public static final CudaGraphs NONE = new CudaGraphs(new int[0]);

  private final int[] captured;

  private CudaGraphs(int[] captured) {
    this.captured = captured;
  }

  /**
   * Returns the graphs an engine captures of the given sizes with padding on.
   *
   * @param sizes the configured batch sizes, ascending, each at least 1 (checked by the caller)
   * @param largestDecodeBatch {@code min(max_batch_size, max_num_tokens)} per rank, at least 1
   * @return the captured graphs; {@link #NONE} for no sizes
   */
  public static CudaGraphs of(List<Integer> sizes, int largestDecodeBatch) {
    if (sizes.isEmpty()) {
      return NONE;
    }
    List<Integer> out = new ArrayList<>();
    for (int b : sizes) {
      if (b <= largestDecodeBatch) {
        out.add(b);
      } else {
        if (out.isEmpty() || out.get(out.size() - 1) != largestDecodeBatch) {
          out.add(largestDecodeBatch);
        }
        break;
      }
    }
    return new CudaGraphs(out.stream().mapToInt(Integer::intValue).toArray());
  }

  /** Returns whether no graph is captured. */
  public boolean isNone() {
    return captured.length == 0;
  }

  /**
   * Returns the batch a decode-only step of {@code batch} sequences per rank runs at: the smallest captured size at
   * least {@code batch}, or {@code batch} itself when none is (or for an empty batch).
   *
   * @param batch the decoding sequences on the busiest rank
   * @return rows per rank
   */
  public int padded(int batch) {
    if (batch <= 0) {
      return batch;
    }
    int i = Arrays.binarySearch(captured, batch);
    if (i >= 0) {
      return batch;
    }
    int at = -i - 1;
    return at < captured.length ? captured[at] : batch;
  }

  /** Returns whether a decode-only step of {@code batch} sequences per rank is above every captured graph. */
  public boolean eager(int batch) {
    return captured.length > 0 && batch > captured[captured.length - 1];
  }

  /** Returns the captured sizes. */
  public List<Integer> sizes() {
    return Arrays.stream(captured).boxed().toList();
  }
}
