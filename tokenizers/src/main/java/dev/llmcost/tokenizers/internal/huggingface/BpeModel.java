package dev.llmcost.tokenizers.internal.huggingface;

import dev.llmcost.tokenizers.huggingface.TokenizerFormatException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Byte-pair encoding (Sennrich et al. 2016) as HuggingFace tokenizers applies it: the word starts as
 * one symbol per character (or per byte, at the byte level), then the adjacent pair whose merge
 * has the lowest rank is merged, leftmost first, until no pair has a merge. Unknown characters
 * become {@code <0xXX>} byte tokens ({@code byte_fallback}) or the unknown token, fused when {@code
 * fuse_unk} says so.
 */
final class BpeModel implements Model {
  private final Vocabulary vocab;
  private final PairRanks pairRank;
  private final int[] rankNewId;
  private final int unkId;
  private final boolean byteFallback;
  private final boolean fuseUnk;
  private final boolean ignoreMerges;
  private final @Nullable String prefix;
  private final @Nullable String suffix;
  private final int[] byteIds = new int[256];
  private final int[] fallbackIds = new int[256];
  private final boolean byteFallbackComplete;
  private final LongIntMap charIds;
  private final boolean byteLevelFast;
  /** A character before whose runs words can be cut without changing the result, or -1. */
  private final int runStartCut;

  private final WordCache cache = new WordCache();

  BpeModel(
      Vocabulary vocab,
      MergeList merges,
      String mergesPath,
      @Nullable String unk,
      boolean byteFallback,
      boolean fuseUnk,
      boolean ignoreMerges,
      @Nullable String prefix,
      @Nullable String suffix,
      String unkPath) {
    this.vocab = vocab;
    this.byteFallback = byteFallback;
    this.fuseUnk = fuseUnk;
    this.ignoreMerges = ignoreMerges;
    this.prefix = prefix == null || prefix.isEmpty() ? null : prefix;
    this.suffix = suffix == null || suffix.isEmpty() ? null : suffix;
    if (unk != null) {
      unkId = vocab.id(unk);
      if (unkId < 0) {
        throw new TokenizerFormatException(unkPath, "unknown token \"" + unk + "\" is not in the vocabulary");
      }
    } else {
      unkId = -1;
    }
    int m = merges.size();
    rankNewId = new int[m];
    int[] lefts = new int[m];
    int[] rights = new int[m];
    // resolve the merges to ids (read-only lookups) on two threads when there are many, then fill
    // the pair map in rank order
    MergeResolver tail = new MergeResolver(vocab, merges, this.prefix, m / 2, m, lefts, rights, rankNewId);
    MergeResolver head = new MergeResolver(vocab, merges, this.prefix, 0, m / 2, lefts, rights, rankNewId);
    if (m >= PARALLEL_MERGES && Runtime.getRuntime().availableProcessors() > 1) {
      Thread worker = new Thread(tail, "llmcost-merges");
      worker.setDaemon(true);
      worker.start();
      head.run();
      boolean interrupted = false;
      while (true) {
        try {
          worker.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    } else {
      head.run();
      tail.run();
    }
    head.rethrow();
    tail.rethrow();
    for (int r = 0; r < m; r++) {
      int a = lefts[r];
      int b = rights[r];
      if (a < 0 || b < 0) {
        throw new TokenizerFormatException(
            mergesPath + "[" + r + "]",
            "token \"" + merges.token(r, a < 0 ? 0 : 1) + "\" is not in the vocabulary");
      }
      if (rankNewId[r] < 0) {
        String right = merges.token(r, 1);
        if (this.prefix != null && right.startsWith(this.prefix)) {
          right = right.substring(this.prefix.length());
        }
        throw new TokenizerFormatException(
            mergesPath + "[" + r + "]",
            "merged token \"" + merges.token(r, 0) + right + "\" is not in the vocabulary");
      }
    }
    pairRank = new PairRanks(lefts, rights);
    boolean complete = true;
    for (int b = 0; b < 256; b++) {
      byteIds[b] = vocab.id(String.valueOf(ByteLevelAlphabet.charOf(b)));
      fallbackIds[b] = vocab.id(String.format("<0x%02X>", b));
      complete &= fallbackIds[b] >= 0;
    }
    byteFallbackComplete = complete;
    boolean fast = this.prefix == null && this.suffix == null;
    for (int id : byteIds) {
      fast &= id >= 0;
    }
    byteLevelFast = fast;
    charIds = new LongIntMap(1024);
    for (int id : vocab.shortTokenIds()) {
      String token = vocab.token(id);
      if (token != null && token.length() <= 2 && token.codePointCount(0, token.length()) == 1) {
        charIds.put(token.codePointAt(0), id);
      }
    }
    runStartCut = findRunStartCut();
  }

  /** Merge lists at least this long are resolved on two threads. */
  static final int PARALLEL_MERGES = 20_000;

  /** Resolves merges {@code [from, to)} to the ids of their tokens and of the merged token (-1 if absent). */
  private static final class MergeResolver implements Runnable {
    private final Vocabulary vocab;
    private final MergeList merges;
    private final @Nullable String prefix;
    private final int from;
    private final int to;
    private final int[] lefts;
    private final int[] rights;
    private final int[] mergedIds;
    private volatile @Nullable Throwable failure;

    MergeResolver(
        Vocabulary vocab,
        MergeList merges,
        @Nullable String prefix,
        int from,
        int to,
        int[] lefts,
        int[] rights,
        int[] mergedIds) {
      this.vocab = vocab;
      this.merges = merges;
      this.prefix = prefix;
      this.from = from;
      this.to = to;
      this.lefts = lefts;
      this.rights = rights;
      this.mergedIds = mergedIds;
    }

    @Override
    public void run() {
      try {
        resolve();
      } catch (RuntimeException | Error e) {
        failure = e;
      }
    }

    void rethrow() {
      Throwable t = failure;
      if (t instanceof RuntimeException) {
        throw (RuntimeException) t;
      }
      if (t instanceof Error) {
        throw (Error) t;
      }
    }

    private void resolve() {
      int previous = -2;
      for (int r = from; r < to; r++) {
        char[] la = merges.buffer(r, 0);
        int fa = merges.start(r, 0);
        int na = merges.length(r, 0);
        int ha = merges.hash(r, 0);
        char[] lb = merges.buffer(r, 1);
        int fb = merges.start(r, 1);
        int nb = merges.length(r, 1);
        int hb = merges.hash(r, 1);
        lefts[r] = vocab.id(la, fa, na, ha);
        rights[r] = vocab.id(lb, fb, nb, hb);
        // HuggingFace: the merged token is a + b without b's continuing-subword prefix
        String pre = prefix;
        if (pre != null && startsWith(lb, fb, nb, pre)) {
          fb += pre.length();
          nb -= pre.length();
          hb = 0;
          for (int k = 0; k < nb; k++) {
            hb = 31 * hb + lb[fb + k];
          }
        }
        // files written in merge order give the merged tokens consecutive ids: try the next first
        int merged = previous + 1;
        if (!vocab.is(merged, la, fa, na, lb, fb, nb)) {
          int h = ha;
          for (int k = 0; k < nb; k++) {
            h *= 31;
          }
          merged = vocab.id2(la, fa, na, lb, fb, nb, h + hb);
        }
        mergedIds[r] = merged;
        if (merged >= 0) {
          previous = merged;
        }
      }
    }
  }

  private static boolean startsWith(char[] a, int from, int len, String p) {
    if (p.length() > len) {
      return false;
    }
    for (int i = 0; i < p.length(); i++) {
      if (a[from + i] != p.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns U+2581 (SentencePiece's space) if no token has it after another character, so that a
   * word can be cut before each run of it: no merge can then span the cut, and the pieces encode
   * independently to the same ids (and can be cached).
   */
  private int findRunStartCut() {
    if (prefix != null || suffix != null || ignoreMerges) {
      return -1;
    }
    char meta = '\u2581';
    if (vocab.id(String.valueOf(meta)) < 0) {
      return -1;
    }
    boolean[] ok = {true};
    vocab.forEach(
        (token, id) -> {
          for (int i = 1; i < token.length(); i++) {
            if (token.charAt(i) == meta && token.charAt(i - 1) != meta) {
              ok[0] = false;
              return;
            }
          }
        });
    return ok[0] ? meta : -1;
  }

  @Override
  public int runStartCut() {
    return runStartCut;
  }

  @Override
  public Vocabulary vocabulary() {
    return vocab;
  }

  @Override
  public void encode(String s, int from, int to, IntList out) {
    if (from >= to) {
      return;
    }
    if (runStartCut >= 0) {
      int start = from;
      for (int i = from + 1; i < to; i++) {
        if (s.charAt(i) == runStartCut && s.charAt(i - 1) != runStartCut) {
          encodeWord(s, start, i, out);
          start = i;
        }
      }
      encodeWord(s, start, to, out);
    } else {
      encodeWord(s, from, to, out);
    }
  }

  /**
   * Encodes the normalization of {@code s[from, to)} by a {@link Normalizer#metaspace} normalizer
   * of {@link #runStartCut}'s char {@code m}: {@code m} prepended when {@code prepend} (and the
   * range is not empty), each space read as {@code m}; the ids of {@link #encode} of that string,
   * without building it (only a word the cache misses is built).
   */
  void encodeMetaspace(String s, int from, int to, boolean prepend, IntList out) {
    if (from >= to) {
      return;
    }
    char m = (char) runStartCut;
    boolean lead = prepend;
    int start = from;
    boolean prevMeta = lead;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      boolean meta = c == ' ' || c == m;
      if (meta && !prevMeta && i > from) {
        encodeMappedWord(s, start, i, lead, m, out);
        start = i;
        lead = false;
      }
      prevMeta = meta;
    }
    encodeMappedWord(s, start, to, lead, m, out);
  }

  private void encodeMappedWord(String s, int from, int to, boolean lead, char m, IntList out) {
    int h = WordCache.hashMapped(s, from, to, lead, m);
    int[] hit = cache.getMapped(s, from, to, lead, m, h);
    if (hit == null) {
      StringBuilder sb = new StringBuilder(to - from + 1);
      if (lead) {
        sb.append(m);
      }
      for (int i = from; i < to; i++) {
        char c = s.charAt(i);
        sb.append(c == ' ' ? m : c);
      }
      String word = sb.toString();
      hit = mergeChars(word);
      cache.put(word, h, hit);
    }
    out.addAll(hit);
  }

  private void encodeWord(String s, int from, int to, IntList out) {
    if (ignoreMerges) {
      int id = vocab.id(s, from, to);
      if (id >= 0) {
        out.add(id);
        return;
      }
    }
    int h = WordCache.hash(s, from, to);
    int[] hit = cache.get(s, from, to, h);
    if (hit == null) {
      String word = s.substring(from, to);
      hit = mergeChars(word);
      cache.put(word, h, hit);
    }
    out.addAll(hit);
  }

  @Override
  public void encodeByteLevel(String s, int from, int to, IntList out) {
    if (!byteLevelFast) {
      Model.super.encodeByteLevel(s, from, to, out);
      return;
    }
    if (from >= to) {
      return;
    }
    int h = WordCache.hash(s, from, to);
    int[] hit = cache.get(s, from, to, h);
    if (hit != null) {
      out.addAll(hit);
      return;
    }
    if (ignoreMerges) {
      int id = vocab.id(ByteLevelAlphabet.encode(s, from, to));
      if (id >= 0) {
        hit = new int[] {id};
      }
    }
    if (hit == null) {
      int[] sym = new int[3 * (to - from)];
      int n = utf8Symbols(s, from, to, byteIds, sym);
      hit = merge(sym, n);
    }
    cache.put(s.substring(from, to), h, hit);
    out.addAll(hit);
  }

  /**
   * Writes {@code map[b]} for each UTF-8 byte {@code b} of {@code s[from, to)} to {@code sym} (room
   * for 3 per char) and returns their number: the bytes {@code String.getBytes(UTF_8)} gives, {@code
   * ?} for an unpaired surrogate included, without making the substring and the byte array.
   */
  static int utf8Symbols(String s, int from, int to, int[] map, int[] sym) {
    int[] byteIds = map;
    int n = 0;
    for (int i = from; i < to; i++) {
      char ch = s.charAt(i);
      if (ch < 0x80) {
        sym[n++] = byteIds[ch];
      } else if (ch < 0x800) {
        sym[n++] = byteIds[0xC0 | (ch >> 6)];
        sym[n++] = byteIds[0x80 | (ch & 0x3F)];
      } else if (Character.isSurrogate(ch)) {
        if (Character.isHighSurrogate(ch) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
          int cp = Character.toCodePoint(ch, s.charAt(++i));
          sym[n++] = byteIds[0xF0 | (cp >> 18)];
          sym[n++] = byteIds[0x80 | ((cp >> 12) & 0x3F)];
          sym[n++] = byteIds[0x80 | ((cp >> 6) & 0x3F)];
          sym[n++] = byteIds[0x80 | (cp & 0x3F)];
        } else {
          sym[n++] = byteIds['?'];
        }
      } else {
        sym[n++] = byteIds[0xE0 | (ch >> 12)];
        sym[n++] = byteIds[0x80 | ((ch >> 6) & 0x3F)];
        sym[n++] = byteIds[0x80 | (ch & 0x3F)];
      }
    }
    return n;
  }

  /** The initial symbols of a word of characters, then the merges. */
  private int[] mergeChars(String w) {
    int[] sym = new int[w.length() * 4 + 4];
    int n = 0;
    int pendingUnk = -1; // id of an unknown token waiting to be added (for fusing)
    for (int i = 0; i < w.length(); ) {
      int c = w.codePointAt(i);
      int end = i + Character.charCount(c);
      boolean first = i == 0;
      boolean last = end == w.length();
      int id;
      String piece = null;
      if ((prefix == null || first) && (suffix == null || !last)) {
        id = charIds.get(c);
      } else {
        piece = w.substring(i, end);
        if (!first && prefix != null) {
          piece = prefix + piece;
        }
        if (last && suffix != null) {
          piece = piece + suffix;
        }
        id = vocab.id(piece);
      }
      if (id >= 0) {
        if (pendingUnk >= 0) {
          sym = ensure(sym, n + 1);
          sym[n++] = pendingUnk;
          pendingUnk = -1;
        }
        sym = ensure(sym, n + 1);
        sym[n++] = id;
      } else {
        boolean done = false;
        if (byteFallback) {
          byte[] bytes = (piece != null ? piece : w.substring(i, end)).getBytes(StandardCharsets.UTF_8);
          boolean all = byteFallbackComplete;
          if (!all) {
            all = true;
            for (byte b : bytes) {
              all &= fallbackIds[b & 0xFF] >= 0;
            }
          }
          if (all) {
            sym = ensure(sym, n + bytes.length);
            for (byte b : bytes) {
              sym[n++] = fallbackIds[b & 0xFF];
            }
            done = true;
          }
        }
        if (!done && unkId >= 0) {
          if (pendingUnk >= 0 && !fuseUnk) {
            sym = ensure(sym, n + 1);
            sym[n++] = pendingUnk;
          }
          pendingUnk = unkId;
        }
      }
      i = end;
    }
    if (pendingUnk >= 0) {
      sym = ensure(sym, n + 1);
      sym[n++] = pendingUnk;
    }
    return merge(sym, n);
  }

  private static int[] ensure(int[] a, int size) {
    return size <= a.length ? a : Arrays.copyOf(a, Math.max(size, a.length * 2));
  }

  private int rank(int a, int b) {
    return pairRank.get(a, b);
  }

  /** Merges {@code sym[0, n)} in place as HuggingFace's {@code Word::merge_all} does. */
  int[] merge(int[] sym, int n) {
    if (n <= 1) {
      return Arrays.copyOf(sym, n);
    }
    if (n == 2) {
      int r = rank(sym[0], sym[1]);
      return r < 0 ? new int[] {sym[0], sym[1]} : new int[] {rankNewId[r]};
    }
    if (n <= SMALL_WORD) {
      return mergeSmall(sym, n);
    }
    int[] prev = new int[n];
    int[] next = new int[n];
    // rk[i]: the rank of the pair that starts at symbol i, -1 if none (no merge, no right
    // neighbour, or i merged away). A heap entry (r, i) is current iff rk[i] == r: HuggingFace
    // accepts a stale entry whose merge makes the token the current pair makes, but a symbol only
    // grows to its right, so the same token at the same start is the same pair
    int[] rk = new int[n];
    long[] heap = new long[n + 8];
    int hs = 0;
    for (int i = 0; i < n; i++) {
      prev[i] = i - 1;
      next[i] = i + 1 < n ? i + 1 : -1;
    }
    rk[n - 1] = -1;
    for (int i = 0; i + 1 < n; i++) {
      int r = rank(sym[i], sym[i + 1]);
      rk[i] = r;
      if (r >= 0) {
        heap = ensureHeap(heap, hs + 1);
        hs = push(heap, hs, ((long) r << 32) | i);
      }
    }
    int alive = n;
    while (hs > 0) {
      long top = heap[0];
      hs = pop(heap, hs);
      int r = (int) (top >>> 32);
      int pos = (int) top;
      if (rk[pos] != r) {
        continue;
      }
      int nx = next[pos];
      sym[pos] = rankNewId[r];
      rk[nx] = -1;
      alive--;
      int nn = next[nx];
      next[pos] = nn;
      if (nn >= 0) {
        prev[nn] = pos;
      }
      int p = prev[pos];
      if (p >= 0) {
        int pr = rank(sym[p], sym[pos]);
        rk[p] = pr;
        if (pr >= 0) {
          heap = ensureHeap(heap, hs + 1);
          hs = push(heap, hs, ((long) pr << 32) | p);
        }
      }
      int nr = nn >= 0 ? rank(sym[pos], sym[nn]) : -1;
      rk[pos] = nr;
      if (nr >= 0) {
        heap = ensureHeap(heap, hs + 1);
        hs = push(heap, hs, ((long) nr << 32) | pos);
      }
    }
    int[] out = new int[alive];
    int k = 0;
    for (int i = 0; i >= 0; i = next[i]) {
      out[k++] = sym[i];
    }
    return out;
  }

  /** Words up to this many symbols merge by scanning instead of with a heap. */
  static final int SMALL_WORD = 32;

  /**
   * The same result as {@link #merge} for short words: merge the current pair of lowest rank,
   * leftmost first, until none has a merge. (HuggingFace's heap pops exactly that pair: a stale
   * entry is only accepted when its merge makes the same token, which at the same position means
   * the same pair.)
   */
  private int[] mergeSmall(int[] sym, int n) {
    int[] s = Arrays.copyOf(sym, n);
    int[] ranks = new int[n];
    for (int i = 0; i + 1 < n; i++) {
      ranks[i] = rank(s[i], s[i + 1]);
    }
    while (n > 1) {
      int best = -1;
      int bestRank = Integer.MAX_VALUE;
      for (int i = 0; i + 1 < n; i++) {
        int r = ranks[i];
        if (r >= 0 && r < bestRank) {
          bestRank = r;
          best = i;
        }
      }
      if (best < 0) {
        break;
      }
      s[best] = rankNewId[bestRank];
      System.arraycopy(s, best + 2, s, best + 1, n - best - 2);
      System.arraycopy(ranks, best + 2, ranks, best + 1, n - best - 2);
      n--;
      if (best > 0) {
        ranks[best - 1] = rank(s[best - 1], s[best]);
      }
      ranks[best] = best + 1 < n ? rank(s[best], s[best + 1]) : -1;
    }
    return Arrays.copyOf(s, n);
  }

  private static long[] ensureHeap(long[] h, int size) {
    return size <= h.length ? h : Arrays.copyOf(h, h.length * 2);
  }

  private static int push(long[] h, int size, long v) {
    int i = size;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (h[parent] <= v) {
        break;
      }
      h[i] = h[parent];
      i = parent;
    }
    h[i] = v;
    return size + 1;
  }

  private static int pop(long[] h, int size) {
    int last = size - 1;
    long v = h[last];
    int i = 0;
    while (true) {
      int child = 2 * i + 1;
      if (child >= last) {
        break;
      }
      if (child + 1 < last && h[child + 1] < h[child]) {
        child++;
      }
      if (h[child] >= v) {
        break;
      }
      h[i] = h[child];
      i = child;
    }
    h[i] = v;
    return last;
  }
}
