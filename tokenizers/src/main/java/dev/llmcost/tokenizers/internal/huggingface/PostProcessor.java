package dev.llmcost.tokenizers.internal.huggingface;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Adds the model's own special tokens around an encoded text (a {@code post_processor}). */
@FunctionalInterface
interface PostProcessor {
  /** Returns the ids to prepend (index 0) and append (index 1) to a single sequence. */
  int[][] wrap();

  PostProcessor NONE = () -> new int[][] {new int[0], new int[0]};

  static PostProcessor parse(Node n) {
    String type = n.type();
    switch (type) {
      case "TemplateProcessing":
        {
          Map<String, int[]> specials = new HashMap<>();
          Node st = n.opt("special_tokens");
          if (st != null) {
            if (!st.json().isObject()) {
              throw st.error("must be an object");
            }
            for (var e : st.json().properties()) {
              Node tok = new Node(e.getValue(), st.path() + "." + e.getKey());
              List<Node> ids = tok.array("ids");
              int[] arr = new int[ids.size()];
              for (int i = 0; i < arr.length; i++) {
                arr[i] = ids.get(i).asInt(0, Integer.MAX_VALUE);
              }
              specials.put(e.getKey(), arr);
            }
          }
          List<Integer> before = new ArrayList<>();
          List<Integer> after = new ArrayList<>();
          boolean seenSequence = false;
          for (Node item : n.array("single")) {
            if (item.has("SpecialToken")) {
              Node sp = item.get("SpecialToken");
              String name = sp.string("id");
              int[] ids = specials.get(name);
              if (ids == null) {
                throw sp.error("special token \"" + name + "\" is not in special_tokens");
              }
              for (int id : ids) {
                (seenSequence ? after : before).add(id);
              }
            } else if (item.has("Sequence")) {
              String which = item.get("Sequence").string("id");
              if (!which.equals("A") || seenSequence) {
                throw item.error("a single template must hold sequence A once, found " + which);
              }
              seenSequence = true;
            } else {
              throw item.error("must be a SpecialToken or a Sequence");
            }
          }
          if (!seenSequence) {
            throw n.get("single").error("has no Sequence");
          }
          int[][] w = {toArray(before), toArray(after)};
          return () -> w;
        }
      case "BertProcessing":
      case "RobertaProcessing":
        {
          int cls = n.get("cls").elements().get(1).asInt(0, Integer.MAX_VALUE);
          int sep = n.get("sep").elements().get(1).asInt(0, Integer.MAX_VALUE);
          int[][] w = {{cls}, {sep}};
          return () -> w;
        }
      case "ByteLevel":
        return NONE;
      case "Sequence":
        {
          List<PostProcessor> parts = new ArrayList<>();
          for (Node p : n.array("processors")) {
            parts.add(parse(p));
          }
          List<Integer> before = new ArrayList<>();
          List<Integer> after = new ArrayList<>();
          for (PostProcessor p : parts) {
            int[][] w = p.wrap();
            List<Integer> b = new ArrayList<>();
            for (int id : w[0]) {
              b.add(id);
            }
            before.addAll(0, b);
            for (int id : w[1]) {
              after.add(id);
            }
          }
          int[][] w = {toArray(before), toArray(after)};
          return () -> w;
        }
      default:
        throw n.error("post-processor type \"" + type + "\" is not supported");
    }
  }

  private static int[] toArray(List<Integer> l) {
    int[] a = new int[l.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = l.get(i);
    }
    return a;
  }
}
