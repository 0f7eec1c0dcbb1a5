package dev.llmcost.tokenizers;

import dev.llmcost.core.internal.Require;
import java.text.BreakIterator;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * How long a text is in the units tokens are compared with: characters (Unicode code points),
 * UTF-8 bytes, words and lines.
 *
 * <p>Words are the segments between the word boundaries of Unicode UAX #29 as the JDK's {@link
 * BreakIterator} finds them, counting those that hold a letter or digit. The JDK has no dictionary
 * for Chinese or Japanese, so a run of Han characters counts as one word there: "tokens per word"
 * means little for those scripts, and tokens per character or per byte are the better measures.
 */
public final class TextStatistics {
  private final long characters;
  private final long bytes;
  private final long words;
  private final long lines;

  /**
   * Validates the counts.
   *
   * @throws IllegalArgumentException if a count is negative
   */
  TextStatistics(long characters, long bytes, long words, long lines) {
    Require.nonNegative("characters", characters);
    Require.nonNegative("bytes", bytes);
    Require.nonNegative("words", words);
    Require.nonNegative("lines", lines);
    this.characters = characters;
    this.bytes = bytes;
    this.words = words;
    this.lines = lines;
  }

  /**
   * Measures a text.
   *
   * @param text the text
   * @return its statistics
   */
  public static TextStatistics of(String text) {
    return new TextStatistics(
        text.codePointCount(0, text.length()), utf8Length(text), words(text), lines(text));
  }

  /**
   * Returns the number of UTF-8 bytes of {@code text} without encoding it, a lone surrogate
   * counting as the three bytes of U+FFFD (what {@link String#getBytes} writes is one byte, {@code
   * ?}; tokenizers see U+FFFD).
   *
   * @param text the text
   * @return the bytes
   */
  public static long utf8Length(String text) {
    long n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /**
   * Counts the words of {@code text} as described above.
   *
   * @param text the text
   * @return the words
   */
  public static long words(String text) {
    BreakIterator it = BreakIterator.getWordInstance(Locale.ROOT);
    it.setText(text);
    long n = 0;
    int start = it.first();
    for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
      for (int i = start; i < end; ) {
        int cp = text.codePointAt(i);
        if (Character.isLetterOrDigit(cp)) {
          n++;
          break;
        }
        i += Character.charCount(cp);
      }
    }
    return n;
  }

  private static long lines(String text) {
    if (text.isEmpty()) {
      return 0;
    }
    long n = text.chars().filter(c -> c == '\n').count();
    return text.charAt(text.length() - 1) == '\n' ? n : n + 1;
  }

  /**
   * Returns {@code tokens} per character, or 0 for an empty text.
   *
   * @param tokens a token count
   * @return tokens / characters
   */
  public double perCharacter(long tokens) {
    return characters == 0 ? 0 : (double) tokens / characters;
  }

  /** Returns {@code tokens} per word, or 0 for a text without words. */
  public double perWord(long tokens) {
    return words == 0 ? 0 : (double) tokens / words;
  }

  /** Returns {@code tokens} per UTF-8 byte, or 0 for an empty text. */
  public double perByte(long tokens) {
    return bytes == 0 ? 0 : (double) tokens / bytes;
  }

  /** Returns the Unicode code points (a lone surrogate counts as one). */
  public long characters() {
    return characters;
  }

  /** Returns the UTF-8 bytes (a lone surrogate as the three bytes of U+FFFD). */
  public long bytes() {
    return bytes;
  }

  /** Returns the words, as above. */
  public long words() {
    return words;
  }

  /** Returns the lines: line feeds, plus one if the text does not end with one (0 for ""). */
  public long lines() {
    return lines;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other == this
        || other instanceof TextStatistics o
          && characters == o.characters
          && bytes == o.bytes
          && words == o.words
          && lines == o.lines;
  }

  @Override
  public int hashCode() {
    int h = Long.hashCode(characters);
    h = 31 * h + Long.hashCode(bytes);
    h = 31 * h + Long.hashCode(words);
    h = 31 * h + Long.hashCode(lines);
    return h;
  }

  @Override
  public String toString() {
    return "TextStatistics[characters=" + characters + ", bytes=" + bytes + ", words=" + words + ", lines=" + lines + "]";
  }
}
