package dev.llmcost.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class LimitedInputStreamTest {

  private static InputStream bytes(int n) {
    return new ByteArrayInputStream(new byte[n]);
  }

  @Test
  void aStreamOfExactlyTheLimitIsDeliveredWhole() throws IOException {
    try (InputStream in = new LimitedInputStream(bytes(10), 10, n -> {
      throw new IllegalStateException("read " + n);
    })) {
      assertThat(in.readAllBytes()).hasSize(10);
    }
  }

  @Test
  void oneBytePastTheLimitCallsTheOwnersActionWithTheCount() {
    assertThatThrownBy(() -> new LimitedInputStream(bytes(11), 10, n -> {
      throw new IllegalArgumentException("too long: " + n + " bytes");
    }).readAllBytes()).isInstanceOf(IllegalArgumentException.class).hasMessage("too long: 11 bytes");
    assertThatThrownBy(() -> {
      InputStream in = new LimitedInputStream(bytes(11), 10, n -> {
        throw new IOException("at " + n);
      });
      for (int i = 0; i < 11; i++) {
        in.read();
      }
    }).isInstanceOf(IOException.class).hasMessage("at 11");
  }

  @Test
  void skippedBytesCountAndAnActionThatDoesNotThrowStillStopsTheRead() {
    assertThatThrownBy(() -> {
      InputStream in = new LimitedInputStream(bytes(100), 10, n -> {});
      in.skip(11);
    }).isInstanceOf(IOException.class).hasMessage("more than the limit of 10 bytes, 11 read");
    assertThatThrownBy(() -> new LimitedInputStream(bytes(1), -1, n -> {}))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("limit must be >= 0 bytes, was -1");
  }
}
