package dev.llmcost.tokenizers.internal;

import dev.llmcost.tokenizers.Tokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiFunction;

/**
 * The tokenizers read from files, cached by (normalised absolute path, id) and checked against the
 * file's size and modification time on every lookup: a second {@code resolve} of an unchanged
 * file returns the loaded tokenizer instead of parsing the file again, and a file that changed is
 * read again. Each entry is a {@link Once}, so the map's lock is held only to create the holder,
 * never while a file is parsed.
 */
public final class FileCache {

  /** A file's identity: where it is, and what it was when it was read. */
  private record Stamp(long size, long modifiedNanos) {}

  private record Key(Path path, String id) {}

  private record Entry(Stamp stamp, Once<Tokenizer> tokenizer) {}

  private final ConcurrentMap<Key, Entry> entries = new ConcurrentHashMap<>();
  private final BiFunction<Path, String, Tokenizer> loader;

  /**
   * Creates a cache.
   *
   * @param loader reads the tokenizer at a path with an id
   */
  public FileCache(BiFunction<Path, String, Tokenizer> loader) {
    this.loader = loader;
  }

  /**
   * Returns the tokenizer of {@code file}, reading it if it was never read or changed since.
   *
   * @param file the file
   * @param id the tokenizer's id
   * @return the tokenizer
   * @throws IllegalArgumentException if the file does not exist, or as the loader throws
   * @throws UncheckedIOException if its attributes cannot be read
   */
  public Tokenizer get(Path file, String id) {
    Path path = file.toAbsolutePath().normalize();
    Stamp stamp = stampOf(path);
    Key key = new Key(path, id);
    Entry entry =
        entries.compute(
            key,
            (k, old) -> old != null && old.stamp.equals(stamp)
                ? old
                : new Entry(stamp, new Once<>(() -> loader.apply(path, id))));
    try {
      return Objects.requireNonNull(entry).tokenizer.get();
    } catch (RuntimeException e) {
      entries.remove(key, entry); // a later call reads the file again
      throw e;
    }
  }

  /**
   * Returns the id a tokenizer file is known by: the name of the folder that holds it if it is
   * named {@code tokenizer.json} (or {@code .json.gz}), else the file's name without extension.
   *
   * @param file the file
   * @return the id
   */
  public static String idOf(Path file) {
    String name = file.getFileName() == null ? "tokenizer" : file.getFileName().toString();
    Path parent = file.toAbsolutePath().getParent();
    if ((name.equals("tokenizer.json") || name.equals("tokenizer.json.gz"))
        && parent != null
        && parent.getFileName() != null) {
      return parent.getFileName().toString();
    }
    String id = name.replaceFirst("\\.gz$", "").replaceFirst("\\.json$", "");
    return id.isBlank() ? "tokenizer" : id;
  }

  /** Returns how many files are cached. */
  public int size() {
    return entries.size();
  }

  private static Stamp stampOf(Path path) {
    try {
      BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
      return new Stamp(a.size(), a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("tokenizer file does not exist: " + path, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the attributes of " + path, e);
    }
  }
}
