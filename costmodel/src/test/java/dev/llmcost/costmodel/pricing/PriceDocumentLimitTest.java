package dev.llmcost.costmodel.pricing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 12: a price document without end (or with a million entries) filled the heap.
 * Reading stops at 64 MiB with the documented format exception naming the limit.
 */
class PriceDocumentLimitTest {

  /** A JSON object that never closes: a key, then whitespace forever. */
  private static InputStream endless() {
    return new InputStream() {
      private final byte[] head = "{\"m\": ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      private long at;

      @Override
      public int read() {
        return at < head.length ? head[(int) at++] : ' ';
      }

      @Override
      public int read(byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
          b[off + i] = (byte) read();
        }
        return len;
      }
    };
  }

  @Test
  void anEndlessDocumentIsRefusedAtTheLimit() {
    assertThatThrownBy(() -> LiteLlmPrices.read(endless(), "endless.json", LocalDate.of(2026, 12, 5)))
        .isInstanceOf(PriceBookFormatException.class)
        .hasMessageContaining("endless.json")
        .hasMessageContaining("larger than the limit of 67,108,864 bytes (64 MiB)");
  }
}
