package dev.llmcost.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Json#read} builds its tree from Jackson's streaming parser; these tests hold it to what
 * the configured {@code ObjectMapper.readTree} gives: the same nodes of the same classes, and the
 * same messages for malformed documents.
 */
class JsonTest {

  static final List<String> DOCUMENTS = List.of(
      "{\"a\": 1, \"b\": [true, false, null], \"c\": {\"d\": \"e\"}}",
      "[1, -1, 2147483647, 2147483648, -2147483649, 9223372036854775807, 9223372036854775808, 1e3, 1.5, -0.0,"
          + " 1E-7, 123456789012345678901234567890, 0.1e400, NaN, Infinity, -Infinity]",
      "\"just a string\\u00e9\\n\"", "42", "4.2", "true", "null", "", "   \n ", "{}", "[]", "[[[[]]]]",
      "{\"a\": 1} ", "{\"a\": 1} {\"b\": 2}", "[1] 2", "{\"a\": 1, \"a\": 2}", "{\"a\": 1,}", "[1,]", "{\"a\" 1}",
      "{\"a\": tru}", "{'a': 1}", "// comment\n{}", "[01]", "[1.]", "[.5]", "[+1]", "{\"a\": \"unterminated",
      "{\"a\": [1, 2}", "[1, 2]]", "\"\\x\"", "[\"tab\tinside\"]", "{\"k\": 1e99999999999}",
      "[" + "1".repeat(401) + "]", "[" + "1".repeat(400) + "]", "[".repeat(200) + "]".repeat(200),
      "[".repeat(201) + "]".repeat(201), "{\"emoji\": \"\\ud83d\\ude00 😀\", \"zh\": \"大型语言模型\"}", "nul", "{]",
      "\u00ef\u00bb\u00bf{}", "[1 2]", "{\"a\":1}\n\n", "-", "[-]", "[NaN, -NaN]", "[1e5, 1E+5, 1.0]");

  @Test
  void theTreeIsTheMappersOnEveryDocument() {
    List<String> failures = new ArrayList<>();
    for (String doc : DOCUMENTS) {
      String mine = outcome(() -> Json.read(doc));
      String mapper = mapperOutcome(doc, false);
      byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
      String mineBytes = outcome(() -> Json.read(new ByteArrayInputStream(bytes)));
      String mapperBytes = mapperOutcome(doc, true);
      System.out.printf("%-40.40s | %s%n", doc.replace("\n", "\\n"), mine);
      if (!mine.equals(mapper)) {
        failures.add(doc + "\n  read:   " + mine + "\n  mapper: " + mapper);
      }
      if (!mineBytes.equals(mapperBytes)) {
        failures.add(doc + " (as bytes)\n  read:   " + mineBytes + "\n  mapper: " + mapperBytes);
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void randomDocumentsGiveTheMappersTree() {
    Random r = new Random(20261205L);
    for (int i = 0; i < 500; i++) {
      StringBuilder sb = new StringBuilder();
      random(r, sb, 0);
      String doc = sb.toString();
      assertThat(outcome(() -> Json.read(doc))).as(doc).isEqualTo(mapperOutcome(doc, false));
    }
  }

  @Test
  void anOversizedDocumentIsRefusedByTheCountingStreamWithJacksonsMessage() {
    byte[] doc = "[1, 2, 3, 4, 5, 6, 7, 8, 9]".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Json.mapper().readTree(Json.documentLimit(new ByteArrayInputStream(doc), 10)))
        .isInstanceOf(JsonProcessingException.class)
        .hasMessageStartingWith("Document length (" + doc.length + ") exceeds the maximum allowed (");
    assertThat(Json.documentTooLong(268435457)).isEqualTo("Document length (268435457) exceeds the maximum"
        + " allowed (268435456, from `StreamReadConstraints.getMaxDocumentLength()`)");
  }

  private static void random(Random r, StringBuilder sb, int depth) {
    int kind = depth > 4 ? 2 + r.nextInt(6) : r.nextInt(8);
    switch (kind) {
      case 0 -> {
        sb.append('{');
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
          sb.append(i > 0 ? "," : "").append("\"k").append(i).append("\":");
          random(r, sb, depth + 1);
        }
        sb.append('}');
      }
      case 1 -> {
        sb.append('[');
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
          sb.append(i > 0 ? ", " : "");
          random(r, sb, depth + 1);
        }
        sb.append(']');
      }
      case 2 -> sb.append(r.nextInt());
      case 3 -> sb.append(r.nextLong()).append(r.nextBoolean() ? "" : "12345");
      case 4 -> sb.append(r.nextDouble() * Math.pow(10, r.nextInt(40) - 20));
      case 5 -> sb.append('"').append(Long.toString(r.nextLong(), 36)).append('"');
      case 6 -> sb.append(r.nextBoolean());
      default -> sb.append(r.nextInt(3) == 0 ? "NaN" : "null");
    }
  }

  private static String mapperOutcome(String doc, boolean asBytes) {
    try {
      return describe(asBytes
          ? Json.mapper().readTree(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)))
          : Json.mapper().readTree(doc));
    } catch (JsonProcessingException e) {
      String msg = e.getOriginalMessage();
      if (e.getLocation() != null) {
        msg += " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
      }
      return "JsonFormatException: " + msg;
    } catch (NumberFormatException e) {
      return "JsonFormatException: number out of range: " + e.getMessage();
    } catch (java.io.IOException e) {
      return "JsonFormatException: not JSON text: " + e.getMessage();
    }
  }

  private static String outcome(java.util.function.Supplier<JsonNode> read) {
    try {
      return describe(read.get());
    } catch (Json.JsonFormatException e) {
      return "JsonFormatException: " + e.getMessage();
    }
  }

  /** The tree with each node's class: IntNode and LongNode of one value print alike. */
  static String describe(JsonNode n) {
    StringBuilder sb = new StringBuilder();
    describe(n, sb);
    return sb.toString();
  }

  private static void describe(JsonNode n, StringBuilder sb) {
    sb.append(n.getClass().getSimpleName());
    if (n.isObject()) {
      sb.append('{');
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        sb.append(e.getKey()).append('=');
        describe(e.getValue(), sb);
        sb.append(',');
      }
      sb.append('}');
    } else if (n.isArray()) {
      sb.append('[');
      for (JsonNode v : n) {
        describe(v, sb);
        sb.append(',');
      }
      sb.append(']');
    } else {
      sb.append('(').append(n).append(')');
    }
  }
}
