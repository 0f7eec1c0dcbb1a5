package dev.llmcost.tokenizers.internal.huggingface;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Learns byte-pair-encoding merges from word counts (Sennrich et al. 2016, Algorithm 1): repeatedly
 * merge the most frequent adjacent pair (ties: the smaller ids first), updating only the words that
 * hold it; and writes the result as a {@code tokenizer.json} that HuggingFace tokenizers loads.
 */
public final class BpeTrainerEngine {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final char META = '\u2581';

  /** Receives progress: phase, done, total. */
  public interface Progress {
    void report(String phase, long done, long total);
  }

  private final boolean byteLevel;
  private final Map<String, long[]> wordCounts = new HashMap<>();

  public BpeTrainerEngine(boolean byteLevel) {
    this.byteLevel = byteLevel;
  }

  /** Counts the words of one chunk of text (a line with its line break, say). */
  public void add(String text) {
    if (text.isEmpty()) {
      return;
    }
    if (byteLevel) {
      int i = 0;
      while (i < text.length()) {
        int end = Gpt2Scanner.GPT2_SCANNER.match(text, i, text.length());
        count(text.substring(i, end));
        i = end;
      }
    } else {
      String t = META + text.replace(' ', META);
      int start = 0;
      for (int i = 1; i < t.length(); i++) {
        if (t.charAt(i) == META && t.charAt(i - 1) != META) {
          count(t.substring(start, i));
          start = i;
        }
      }
      count(t.substring(start));
    }
  }

  private void count(String word) {
    wordCounts.computeIfAbsent(word, w -> new long[1])[0]++;
  }

  private static final class Pair {
    final int a;
    final int b;
    long count;
    int[] words = new int[4];
    int nwords;

    Pair(int a, int b) {
      this.a = a;
      this.b = b;
    }

    void addWord(int w) {
      if (nwords == words.length) {
        words = Arrays.copyOf(words, nwords * 2);
      }
      words[nwords++] = w;
    }
  }

  private static long key(int a, int b) {
    return ((long) a << 32) | b;
  }

  /**
   * Trains and returns the {@code tokenizer.json} text.
   *
   * @param vocabularySize ids wanted in all
   * @param minFrequency fewest occurrences of a merged pair
   * @param specialTokens extra special tokens
   * @param progress receives progress
   * @return the file's content
   */
  public String train(int vocabularySize, int minFrequency, List<String> specialTokens, Progress progress) {
    List<String> tokens = new ArrayList<>();
    List<String> specials = new ArrayList<>();
    if (!byteLevel) {
      specials.addAll(List.of("<unk>", "<s>", "</s>"));
    }
    for (String s : specialTokens) {
      if (!specials.contains(s)) {
        specials.add(s);
      }
    }
    tokens.addAll(specials);
    Map<String, Integer> ids = new HashMap<>();
    for (int i = 0; i < tokens.size(); i++) {
      ids.put(tokens.get(i), i);
    }
    int firstByte = tokens.size();
    for (int b = 0; b < 256; b++) {
      String t = byteLevel ? String.valueOf(ByteLevelAlphabet.charOf(b)) : String.format("<0x%02X>", b);
      ids.put(t, tokens.size());
      tokens.add(t);
    }
    int firstMergeable = byteLevel ? firstByte : tokens.size();
    if (!byteLevel) {
      // the characters that cover 99.95% of the corpus (SentencePiece's character_coverage)
      Map<Integer, long[]> chars = new HashMap<>();
      long total = 0;
      for (var e : wordCounts.entrySet()) {
        String w = e.getKey();
        long c = e.getValue()[0];
        for (int i = 0; i < w.length(); ) {
          int cp = w.codePointAt(i);
          chars.computeIfAbsent(cp, k -> new long[1])[0] += c;
          total += c;
          i += Character.charCount(cp);
        }
      }
      List<Map.Entry<Integer, long[]>> sorted = new ArrayList<>(chars.entrySet());
      sorted.sort((x, y) -> x.getValue()[0] != y.getValue()[0] ? Long.compare(y.getValue()[0], x.getValue()[0]) : Integer.compare(x.getKey(), y.getKey()));
      long covered = 0;
      for (var e : sorted) {
        if ((covered >= total * 0.9995 && e.getKey() != META) || tokens.size() >= vocabularySize) {
          break;
        }
        String t = new String(Character.toChars(e.getKey()));
        if (!ids.containsKey(t)) {
          ids.put(t, tokens.size());
          tokens.add(t);
        }
        covered += e.getValue()[0];
      }
      if (!ids.containsKey(String.valueOf(META))) {
        ids.put(String.valueOf(META), tokens.size());
        tokens.add(String.valueOf(META));
      }
    }
    // words as symbol ids
    int nw = wordCounts.size();
    int[][] sym = new int[nw][];
    int[] len = new int[nw];
    long[] cnt = new long[nw];
    int w = 0;
    for (var e : wordCounts.entrySet()) {
      sym[w] = symbols(e.getKey(), ids, firstByte);
      len[w] = sym[w].length;
      cnt[w] = e.getValue()[0];
      w++;
    }
    wordCounts.clear();
    // pair statistics
    Map<Long, Pair> pairs = new HashMap<>();
    for (w = 0; w < nw; w++) {
      for (int i = 0; i + 1 < len[w]; i++) {
        int a = sym[w][i];
        int b = sym[w][i + 1];
        if (a < firstMergeable || b < firstMergeable) {
          continue;
        }
        Pair p = pairs.computeIfAbsent(key(a, b), k -> new Pair(a, b));
        p.count += cnt[w];
        p.addWord(w);
      }
    }
    PriorityQueue<long[]> queue =
        new PriorityQueue<>(
            (x, y) -> x[0] != y[0] ? Long.compare(y[0], x[0]) : x[1] != y[1] ? Long.compare(x[1], y[1]) : Long.compare(x[2], y[2]));
    for (Pair p : pairs.values()) {
      queue.add(new long[] {p.count, p.a, p.b});
    }
    List<int[]> merges = new ArrayList<>();
    int[] stamp = new int[nw];
    int step = 0;
    long wanted = Math.max(0, vocabularySize - tokens.size());
    Map<Long, long[]> delta = new HashMap<>();
    while (tokens.size() < vocabularySize && !queue.isEmpty()) {
      long[] top = queue.poll();
      Pair p = pairs.get(key((int) top[1], (int) top[2]));
      if (p == null || p.count != top[0]) {
        if (p != null && p.count > 0) {
          queue.add(new long[] {p.count, p.a, p.b});
        }
        continue;
      }
      if (p.count < minFrequency) {
        break;
      }
      int newId = tokens.size();
      String merged = tokens.get(p.a) + tokens.get(p.b);
      if (ids.containsKey(merged)) {
        // the same string by another path: keep one id, never merge into a duplicate
        pairs.remove(key(p.a, p.b));
        continue;
      }
      tokens.add(merged);
      ids.put(merged, newId);
      merges.add(new int[] {p.a, p.b});
      step++;
      delta.clear();
      List<long[]> newWordPairs = new ArrayList<>();
      for (int k = 0; k < p.nwords; k++) {
        int wi = p.words[k];
        if (stamp[wi] == step) {
          continue;
        }
        stamp[wi] = step;
        int[] s = sym[wi];
        int n = len[wi];
        boolean has = false;
        for (int i = 0; i + 1 < n && !has; i++) {
          has = s[i] == p.a && s[i + 1] == p.b;
        }
        if (!has) {
          continue;
        }
        long c = cnt[wi];
        for (int i = 0; i + 1 < n; i++) {
          if (s[i] >= firstMergeable && s[i + 1] >= firstMergeable) {
            delta.computeIfAbsent(key(s[i], s[i + 1]), x -> new long[1])[0] -= c;
          }
        }
        int m = 0;
        for (int i = 0; i < n; i++) {
          if (i + 1 < n && s[i] == p.a && s[i + 1] == p.b) {
            s[m++] = newId;
            i++;
          } else {
            s[m++] = s[i];
          }
        }
        len[wi] = m;
        for (int i = 0; i + 1 < m; i++) {
          if (s[i] >= firstMergeable && s[i + 1] >= firstMergeable) {
            delta.computeIfAbsent(key(s[i], s[i + 1]), x -> new long[1])[0] += c;
            if (s[i] == newId || s[i + 1] == newId) {
              newWordPairs.add(new long[] {key(s[i], s[i + 1]), wi});
            }
          }
        }
      }
      for (long[] nwp : newWordPairs) {
        long k2 = nwp[0];
        int a = (int) (k2 >>> 32);
        int b = (int) k2;
        pairs.computeIfAbsent(k2, x -> new Pair(a, b)).addWord((int) nwp[1]);
      }
      for (var e : delta.entrySet()) {
        long d = e.getValue()[0];
        if (d == 0) {
          continue;
        }
        long k2 = e.getKey();
        Pair q = pairs.computeIfAbsent(k2, x -> new Pair((int) (k2 >>> 32), (int) k2));
        q.count += d;
        if (q.count <= 0) {
          pairs.remove(k2);
        } else if (d > 0) {
          queue.add(new long[] {q.count, q.a, q.b});
        }
      }
      pairs.remove(key(p.a, p.b));
      if (step % 500 == 0) {
        progress.report("merge", step, wanted);
      }
    }
    progress.report("merge", step, wanted);
    return json(tokens, specials, merges);
  }

  private int[] symbols(String word, Map<String, Integer> ids, int firstByte) {
    if (byteLevel) {
      byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
      int[] s = new int[bytes.length];
      for (int i = 0; i < bytes.length; i++) {
        s[i] = firstByte + (bytes[i] & 0xFF);
      }
      return s;
    }
    int[] s = new int[word.length() * 4];
    int n = 0;
    for (int i = 0; i < word.length(); ) {
      int cp = word.codePointAt(i);
      int end = i + Character.charCount(cp);
      Integer id = ids.get(word.substring(i, end));
      if (id != null) {
        s[n++] = id;
      } else {
        for (byte b : word.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
          s[n++] = firstByte + (b & 0xFF);
        }
      }
      i = end;
    }
    return Arrays.copyOf(s, n);
  }

  private String json(List<String> tokens, List<String> specials, List<int[]> merges) {
    ObjectNode root = F.objectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = F.arrayNode();
    for (int i = 0; i < specials.size(); i++) {
      added.add(
          F.objectNode()
              .put("id", i)
              .put("content", specials.get(i))
              .put("single_word", false)
              .put("lstrip", false)
              .put("rstrip", false)
              .put("normalized", false)
              .put("special", true));
    }
    root.set("added_tokens", added);
    ObjectNode model = F.objectNode();
    model.put("type", "BPE");
    model.putNull("dropout");
    if (byteLevel) {
      root.putNull("normalizer");
      root.set(
          "pre_tokenizer",
          F.objectNode().put("type", "ByteLevel").put("add_prefix_space", false).put("trim_offsets", true).put("use_regex", true));
      root.set(
          "post_processor",
          F.objectNode().put("type", "ByteLevel").put("add_prefix_space", false).put("trim_offsets", false).put("use_regex", true));
      root.set(
          "decoder",
          F.objectNode().put("type", "ByteLevel").put("add_prefix_space", false).put("trim_offsets", true).put("use_regex", true));
      model.putNull("unk_token");
      model.put("fuse_unk", false);
      model.put("byte_fallback", false);
    } else {
      ArrayNode norms = F.arrayNode();
      norms.add(F.objectNode().put("type", "Prepend").put("prepend", String.valueOf(META)));
      ObjectNode replace = F.objectNode().put("type", "Replace");
      replace.set("pattern", F.objectNode().put("String", " "));
      replace.put("content", String.valueOf(META));
      norms.add(replace);
      ObjectNode seq = F.objectNode().put("type", "Sequence");
      seq.set("normalizers", norms);
      root.set("normalizer", seq);
      root.putNull("pre_tokenizer");
      ObjectNode post = F.objectNode().put("type", "TemplateProcessing");
      post.set(
          "single",
          F.arrayNode()
              .add(F.objectNode().set("SpecialToken", F.objectNode().put("id", "<s>").put("type_id", 0)))
              .add(F.objectNode().set("Sequence", F.objectNode().put("id", "A").put("type_id", 0))));
      post.set(
          "pair",
          F.arrayNode()
              .add(F.objectNode().set("SpecialToken", F.objectNode().put("id", "<s>").put("type_id", 0)))
              .add(F.objectNode().set("Sequence", F.objectNode().put("id", "A").put("type_id", 0)))
              .add(F.objectNode().set("SpecialToken", F.objectNode().put("id", "<s>").put("type_id", 1)))
              .add(F.objectNode().set("Sequence", F.objectNode().put("id", "B").put("type_id", 1))));
      ObjectNode bos = F.objectNode().put("id", "<s>");
      bos.set("ids", F.arrayNode().add(1));
      bos.set("tokens", F.arrayNode().add("<s>"));
      post.set("special_tokens", F.objectNode().set("<s>", bos));
      root.set("post_processor", post);
      ArrayNode decs = F.arrayNode();
      ObjectNode rep = F.objectNode().put("type", "Replace");
      rep.set("pattern", F.objectNode().put("String", String.valueOf(META)));
      rep.put("content", " ");
      decs.add(rep);
      decs.add(F.objectNode().put("type", "ByteFallback"));
      decs.add(F.objectNode().put("type", "Fuse"));
      decs.add(F.objectNode().put("type", "Strip").put("content", " ").put("start", 1).put("stop", 0));
      ObjectNode dseq = F.objectNode().put("type", "Sequence");
      dseq.set("decoders", decs);
      root.set("decoder", dseq);
      model.put("unk_token", "<unk>");
      model.put("fuse_unk", true);
      model.put("byte_fallback", true);
    }
    model.putNull("continuing_subword_prefix");
    model.putNull("end_of_word_suffix");
    ObjectNode vocab = F.objectNode();
    for (int i = 0; i < tokens.size(); i++) {
      vocab.put(tokens.get(i), i);
    }
    model.set("vocab", vocab);
    ArrayNode ms = F.arrayNode();
    for (int[] m : merges) {
      ms.add(tokens.get(m[0]) + " " + tokens.get(m[1]));
    }
    model.set("merges", ms);
    root.set("model", model);
    return root.toString();
  }
}
