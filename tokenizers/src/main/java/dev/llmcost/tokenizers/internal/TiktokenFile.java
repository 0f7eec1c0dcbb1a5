package dev.llmcost.tokenizers.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Reads a {@code .tiktoken} rank file: one line per token, its bytes in base64, a space, its rank.
 */
final class TiktokenFile {
  private TiktokenFile() {}

  /**
   * Where llmcost-tokenizers carries the OpenAI rank files: in this class's own package, so that
   * {@link Class#getResourceAsStream} finds them on the class path and in the named module alike.
   * The build copies them there and checks their SHA-256 (see {@code src/tiktoken/README.md}).
   */
  static final String PREFIX = "/dev/llmcost/tokenizers/internal/";

  /**
   * Loads the rank file llmcost-tokenizers carries under {@code name}.
   *
   * @param name such as {@code cl100k_base.tiktoken}
   * @return the bytes of each rank, null where a rank has none
   * @throws IllegalStateException if the resource is missing or malformed
   */
  static byte[][] loadBundled(String name) {
    String path = PREFIX + name;
    try (InputStream in = TiktokenFile.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("rank file " + path + " is missing from llmcost-tokenizers' jar");
      }
      return read(in, path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read rank file " + path, e);
    }
  }

  static byte[][] read(InputStream in, String source) throws IOException {
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII), 1 << 16);
    byte[][] tokens = new byte[1 << 16][];
    int max = -1;
    Base64.Decoder decoder = Base64.getDecoder();
    String line;
    int lineNo = 0;
    while ((line = r.readLine()) != null) {
      lineNo++;
      if (line.isEmpty()) {
        continue;
      }
      int sp = line.indexOf(' ');
      int rank;
      try {
        rank = sp < 0 ? -1 : Integer.parseInt(line, sp + 1, line.length(), 10);
      } catch (NumberFormatException e) {
        rank = -1;
      }
      if (rank < 0 || rank >= 1 << 24) {
        throw new IllegalStateException(source + ":" + lineNo + ": malformed line \"" + line + "\"");
      }
      if (rank >= tokens.length) {
        tokens = Arrays.copyOf(tokens, Math.max(rank + 1, tokens.length * 2));
      }
      tokens[rank] = decoder.decode(line.substring(0, sp));
      max = Math.max(max, rank);
    }
    return Arrays.copyOf(tokens, max + 1);
  }
}
