package dev.llmcost.tokenizers.huggingface;

import java.util.Random;

/**
 * The child process of {@link BoundedMemoryTest}: loads one fixture, generates a text of the given
 * length (words of the six-language corpus joined by spaces, newlines here and there), counts its
 * tokens and prints the count.
 */
final class BoundedMemoryCount {
  private BoundedMemoryCount() {}

  public static void main(String[] args) {
    String fixture = args[0];
    int chars = Integer.parseInt(args[1]);
    HuggingFaceTokenizer t = HuggingFaceTokenizer.load(new java.io.ByteArrayInputStream(Fixtures.bytes(fixture)), fixture);
    String[] words = LongTextDifferentialTest.longText(7, 20_000).split(" ");
    Random r = new Random(11);
    StringBuilder sb = new StringBuilder(chars);
    while (sb.length() < chars - 100) {
      sb.append(words[r.nextInt(words.length)]).append(r.nextInt(50) == 0 ? "\n" : " ");
    }
    String text = sb.toString();
    sb = null;
    System.out.println(t.countTokens(text).value());
  }
}
