package dev.llmcost.costmodel.internal.serving;

import dev.llmcost.costmodel.internal.inference.Roofline;
import java.util.Arrays;

/**
 * The time of one engine step of a mixed batch, tabulated from the inference model's roofline so
 * that the event loop costs a step with a few array reads.
 *
 * <p>{@link Roofline#forward} of a pass with {@code d} decoding sequences at context {@code c} and
 * {@code p} prompts of {@code s} tokens is, term by term, the sum of four parts, each of which this
 * class tabulates from the same method:
 *
 * <ul>
 *   <li>{@code G(T)}: GEMMs, elementwise work, tensor-parallel all-reduces, pipeline transfer and
 *       per-step overheads of a pass of {@code T = d + p·s} tokens (everything but attention and the
 *       output head; exact per integer {@code T});
 *   <li>{@code H(r)}: the output head for {@code r} rows that sample a token (exact per integer
 *       {@code r});
 *   <li>{@code d·A(c)}: decode attention, linear in the sequences at a fixed context; {@code A} is
 *       read from a table every 16 tokens of context and interpolated linearly; a batch of mixed
 *       contexts is costed at its mean context (exact while every sequence is on the same side of
 *       its roofline ridge, which decode attention at 16 bits always is on current GPUs);
 *   <li>{@code P(s)}: causal prefill attention of an {@code s}-token prompt, tabulated every 16
 *       tokens; a chunk of {@code n} tokens after {@code k} computed ones costs {@code P(k+n) −
 *       P(k)} (the causal pairs of the chunk, {@code n·k + n(n+1)/2}, exactly for the FLOPs).
 * </ul>
 *
 * So a step of the simulator and {@link Roofline#forward} agree on a single pass to the
 * interpolation error of the two attention tables. Entries are computed on first use; not
 * thread-safe (one per simulation thread).
 */
public final class StepCost {

  private static final int GRAIN = 16;

  private final Roofline roofline;
  private double[] gemm = new double[0];
  private double[] head = new double[0];
  private double[] decodeAttention = new double[0];
  private double[] prefillAttention = new double[0];
  private double[] localGemm = new double[0];
  private double[] routedGemm = new double[0];
  private final double[] scratch = new double[Roofline.GROUPS * Roofline.SLOTS];

  /**
   * Prepares the tables of a roofline.
   *
   * @param roofline the inference model's roofline of one GPU
   */
  public StepCost(Roofline roofline) {
    this.roofline = roofline;
  }

  private static double[] grow(double[] a, int index) {
    int n = Math.max(index + 1, Math.max(64, a.length * 2));
    double[] b = Arrays.copyOf(a, n);
    Arrays.fill(b, a.length, n, Double.NaN);
    return b;
  }

  /** Returns {@code G(tokens)}: the pass without attention and output head. */
  public double gemm(int tokens) {
    if (tokens <= 0) {
      return 0;
    }
    if (tokens >= gemm.length) {
      gemm = grow(gemm, tokens);
    }
    double v = gemm[tokens];
    if (Double.isNaN(v)) {
      Arrays.fill(scratch, 0);
      double all = roofline.forward(tokens, 0, 0, 0, scratch, false);
      v = all - scratch[Roofline.G_HEAD * Roofline.SLOTS + Roofline.S_TIME];
      gemm[tokens] = v;
    }
    return v;
  }

  /**
   * Returns {@code G(tokens)}'s local part under attention data parallelism ({@link Roofline#forwardPart}): what one
   * rank runs for {@code tokens / tp} tokens of its own, without attention and the output head.
   */
  public double localGemm(int tokens) {
    if (tokens <= 0) {
      return 0;
    }
    if (tokens >= localGemm.length) {
      localGemm = grow(localGemm, tokens);
    }
    double v = localGemm[tokens];
    if (Double.isNaN(v)) {
      Arrays.fill(scratch, 0);
      double all = roofline.forwardPart(tokens, 0, 0, 0, scratch, false, true);
      v = all - scratch[Roofline.G_HEAD * Roofline.SLOTS + Roofline.S_TIME];
      localGemm[tokens] = v;
    }
    return v;
  }

  /**
   * Returns {@code G(tokens)}'s routed part under attention data parallelism ({@link Roofline#forwardPart}): the
   * routed experts, the MoE collectives and the per-step overheads of a pass of {@code tokens} tokens.
   */
  public double routedGemm(int tokens) {
    if (tokens <= 0) {
      return 0;
    }
    if (tokens >= routedGemm.length) {
      routedGemm = grow(routedGemm, tokens);
    }
    double v = routedGemm[tokens];
    if (Double.isNaN(v)) {
      v = roofline.forwardPart(tokens, 0, 0, 0, null, false, false);
      routedGemm[tokens] = v;
    }
    return v;
  }

  /**
   * Returns a step's time under attention data parallelism over {@code ranks} ranks run in lock step (s15a): the
   * routed part over the step's tokens plus the slowest rank's local part, each rank's at its own tokens, sampling
   * rows, decoding sequences and prefill chunks. The tables hold the engine's work spread over the ranks, so a rank's
   * own work is read at {@code ranks ×} its counts ({@code localGemm(ranks · t)} is one rank's GEMMs over {@code t}
   * tokens). With every rank carrying the same work this is {@link #step} (to the rounding of the split).
   *
   * @param ranks attention-data-parallel ranks
   * @param tokens the step's tokens over all ranks
   * @param rankTokens each rank's tokens
   * @param rankRows each rank's sampling rows
   * @param rankDecode each rank's decoding sequences
   * @param rankContext each rank's mean decode context
   * @param rankAttention each rank's summed prefill-chunk attention from {@link #chunkAttention}, seconds
   * @return seconds
   */
  public double rankStep(int ranks, int tokens, int[] rankTokens, int[] rankRows, int[] rankDecode,
      double[] rankContext, double[] rankAttention) {
    double slowest = 0;
    for (int k = 0; k < ranks; k++) {
      double t = localGemm(ranks * rankTokens[k]) + head(ranks * rankRows[k])
          + (double) ranks * rankDecode[k] * decodeAttention(rankContext[k]) + ranks * rankAttention[k];
      slowest = Math.max(slowest, t);
    }
    return routedGemm(tokens) + slowest;
  }

  /** Returns {@code H(rows)}: the output head for rows that sample a token. */
  public double head(int rows) {
    if (rows <= 0) {
      return 0;
    }
    if (rows >= head.length) {
      head = grow(head, rows);
    }
    double v = head[rows];
    if (Double.isNaN(v)) {
      Arrays.fill(scratch, 0);
      roofline.forward(rows, 0, 0, 0, scratch, false);
      v = scratch[Roofline.G_HEAD * Roofline.SLOTS + Roofline.S_TIME];
      head[rows] = v;
    }
    return v;
  }

  private double decodeAttentionAt(long context) {
    Arrays.fill(scratch, 0);
    roofline.forward(1, context, 0, 0, scratch, true);
    return scratch[Roofline.G_ATTENTION * Roofline.SLOTS + Roofline.S_TIME];
  }

  private double prefillAttentionAt(long prompt) {
    if (prompt <= 0) {
      return 0;
    }
    Arrays.fill(scratch, 0);
    roofline.forward(0, 0, 1, (int) Math.min(Integer.MAX_VALUE, prompt), scratch, true);
    return scratch[Roofline.G_ATTENTION * Roofline.SLOTS + Roofline.S_TIME];
  }

  /**
   * Returns the decode attention of one sequence attending to {@code context} tokens, interpolated
   * between multiples of 16.
   *
   * @param context tokens attended to, at least 0
   * @return seconds
   */
  public double decodeAttention(double context) {
    if (context <= 0) {
      return 0;
    }
    int i = (int) (context / GRAIN);
    double f = context / GRAIN - i;
    return (1 - f) * decodeTable(i) + f * decodeTable(i + 1);
  }

  private double decodeTable(int i) {
    if (i >= decodeAttention.length) {
      decodeAttention = grow(decodeAttention, i);
    }
    double v = decodeAttention[i];
    if (Double.isNaN(v)) {
      v = i == 0 ? 0 : decodeAttentionAt((long) i * GRAIN);
      decodeAttention[i] = v;
    }
    return v;
  }

  /**
   * Returns the causal prefill attention of a prompt of {@code tokens} tokens, interpolated between
   * multiples of 16.
   *
   * @param tokens prompt tokens
   * @return seconds
   */
  public double prefillAttention(long tokens) {
    if (tokens <= 0) {
      return 0;
    }
    int i = (int) (tokens / GRAIN);
    int r = (int) (tokens - (long) i * GRAIN);
    if (r == 0) {
      return prefillTable(i);
    }
    double f = (double) r / GRAIN;
    return (1 - f) * prefillTable(i) + f * prefillTable(i + 1);
  }

  private double prefillTable(int i) {
    if (i >= prefillAttention.length) {
      prefillAttention = grow(prefillAttention, i);
    }
    double v = prefillAttention[i];
    if (Double.isNaN(v)) {
      v = prefillAttentionAt((long) i * GRAIN);
      prefillAttention[i] = v;
    }
    return v;
  }

  /**
   * Returns the attention of a prefill chunk: {@code P(done + chunk) − P(done)}.
   *
   * @param done prompt tokens already in the KV cache
   * @param chunk tokens prefilled in this step
   * @return seconds
   */
  public double chunkAttention(long done, long chunk) {
    return prefillAttention(done + chunk) - prefillAttention(done);
  }

  /**
   * Returns a decode-only or mixed step's time.
   *
   * @param tokens tokens in the pass (decode tokens plus prefill chunk tokens)
   * @param rows rows sampling a token (decoding sequences plus prompts finishing their prefill)
   * @param decodeSeqs decoding sequences
   * @param meanContext mean tokens a decoding sequence attends to
   * @param chunkAttention summed attention of the prefill chunks, seconds
   * @return seconds
   */
  public double step(int tokens, int rows, int decodeSeqs, double meanContext, double chunkAttention) {
    return gemm(tokens) + head(rows) + decodeSeqs * decodeAttention(meanContext) + chunkAttention;
  }
}
