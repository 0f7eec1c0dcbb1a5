package dev.llmcost.core.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Finds the known ids closest to a mistyped one, for "unknown id ... did you mean" messages. */
public final class Similarity {
  private Similarity() {}

  /**
   * Returns up to {@code limit} candidates closest to {@code query}: those that contain it or that
   * it contains first, then by edit distance, ignoring case; candidates further than half the
   * query's length away are dropped unless nothing else is close.
   *
   * @param query the unknown id
   * @param candidates the known ids
   * @param limit how many to return at most
   * @return the closest ids, best first
   */
  public static List<String> closeMatches(String query, List<String> candidates, int limit) {
    return closeMatches(query, candidates, limit, -1);
  }

  private static List<String> closeMatches(
      String query, List<String> candidates, int limit, int maxDistance) {
    String q = normalize(query);
    record Scored(String id, int score) {}
    List<Scored> scored = new ArrayList<>();
    for (String c : candidates) {
      String n = normalize(c);
      int d = distance(q, n);
      if (!q.isEmpty() && (n.contains(q) || q.contains(n))) {
        d = Math.min(d, Math.abs(n.length() - q.length()) / 4);
      } else if (!q.isEmpty() && n.startsWith(q.substring(0, Math.min(3, q.length())))) {
        d = Math.max(0, d - 2);
      }
      scored.add(new Scored(c, d));
    }
    scored.sort(Comparator.comparingInt(Scored::score).thenComparing(Scored::id));
    int threshold = maxDistance >= 0 ? maxDistance : Math.max(3, q.length() / 2);
    List<String> out = new ArrayList<>();
    for (Scored s : scored) {
      if (out.size() >= limit) {
        break;
      }
      if (s.score() <= threshold) {
        out.add(s.id());
      }
    }
    return out;
  }

  /**
   * Formats the standard message for an unknown id.
   *
   * @param kind what was looked up, such as {@code model}
   * @param query the unknown id
   * @param candidates the known ids
   * @return a one-line message naming the id and the closest known ones
   */
  public static String unknownMessage(String kind, String query, List<String> candidates) {
    List<String> close = closeMatches(query, candidates, 5);
    StringBuilder sb = new StringBuilder("unknown ").append(kind).append(" \"").append(query).append('"');
    if (close.isEmpty()) {
      List<String> nearest = closeMatches(query, candidates, Integer.MAX_VALUE, Integer.MAX_VALUE);
      sb.append("; closest known ").append(kind).append(" ids: ")
          .append(String.join(", ", nearest.subList(0, Math.min(5, nearest.size()))));
    } else {
      sb.append("; did you mean ").append(String.join(", ", close)).append('?');
    }
    return sb.toString();
  }

  private static String normalize(String s) {
    return s.trim().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
  }

  /** Levenshtein distance (insertions, deletions, substitutions of chars). */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
