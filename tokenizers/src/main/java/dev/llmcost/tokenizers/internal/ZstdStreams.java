package dev.llmcost.tokenizers.internal;

import java.io.InputStream;
import java.lang.reflect.Constructor;
import org.jspecify.annotations.Nullable;

/**
 * Opens aircompressor's zstd decoder ({@code io.airlift.compress.zstd.ZstdInputStream}) for the
 * dataset reader's {@code .zst} files and the Parquet reader's ZSTD pages. aircompressor is a
 * filename-based automatic module, so it is reached by reflection and this module need not require
 * it; on the class path it is simply there, on the module path it needs {@code --add-modules
 * aircompressor}. The constructor is looked up once.
 */
public final class ZstdStreams {

  private static volatile @Nullable Constructor<?> constructor;

  private ZstdStreams() {}

  /**
   * Returns a stream that decodes the zstd frames read from {@code in}.
   *
   * @param in the compressed bytes
   * @return the decoding stream
   * @throws ClassNotFoundException if aircompressor is not there
   * @throws java.lang.reflect.InvocationTargetException if the decoder refuses the stream's start
   *     (its cause says why)
   * @throws ReflectiveOperationException if the decoder cannot be constructed otherwise
   */
  public static InputStream open(InputStream in) throws ReflectiveOperationException {
    Constructor<?> c = constructor;
    if (c == null) {
      c = Class.forName("io.airlift.compress.zstd.ZstdInputStream").getConstructor(InputStream.class);
      constructor = c;
    }
    return (InputStream) c.newInstance(in);
  }
}
