package dev.llmcost.cli.tour;

import dev.llmcost.tokenizers.CharacterTokenizer;
import dev.llmcost.tokenizers.Tokenizer;
import dev.llmcost.tokenizers.openai.OpenAiEncoding;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The article's second concept: tokens, and the same sentence in different models. */
public final class TokensSection implements TourSection {

  static final List<String> SENTENCES = List.of("I love you", "Hello, world!", "你好,世界!");

  private static final List<OpenAiEncoding> ENCODINGS =
      List.of(OpenAiEncoding.R50K_BASE, OpenAiEncoding.CL100K_BASE, OpenAiEncoding.O200K_BASE);

  @Override
  public String title() {
    return "2. Tokens: what a model reads, and why the same sentence costs different amounts";
  }

  @Override
  public void print(PrintWriter out) {
    out.println("Exact token counts with each model's own encoding (ids equal to OpenAI's tiktoken).");
    out.println();
    out.printf(Locale.ROOT, "%-16s %14s %15s %16s %14s%n",
        "text", "GPT-3 r50k", "GPT-4 cl100k", "GPT-4o o200k", "per character");
    for (String s : SENTENCES) {
      StringBuilder row = new StringBuilder(s).append(" ".repeat(Math.max(0, 16 - displayWidth(s))));
      int[] widths = {14, 15, 16};
      for (int i = 0; i < ENCODINGS.size(); i++) {
        row.append(String.format(Locale.ROOT, " %" + widths[i] + "d", ENCODINGS.get(i).tokenizer().countTokens(s).value()));
      }
      row.append(String.format(Locale.ROOT, " %14d", CharacterTokenizer.instance().countTokens(s).value()));
      out.println(row);
    }
    out.println();
    String chinese = SENTENCES.get(2);
    out.println("How each encoding cuts \"" + chinese + "\" (<xx xx> = bytes of part of a character):");
    for (OpenAiEncoding e : ENCODINGS) {
      out.printf(Locale.ROOT, "  %-12s %s%n", e.id(), String.join(" | ", pieces(e, chinese)));
    }
    out.println();
    long r50k = OpenAiEncoding.R50K_BASE.tokenizer().countTokens(chinese).value();
    long cl100k = OpenAiEncoding.CL100K_BASE.tokenizer().countTokens(chinese).value();
    long o200k = OpenAiEncoding.O200K_BASE.tokenizer().countTokens(chinese).value();
    long chars = CharacterTokenizer.instance().countTokens(chinese).value();
    out.printf(Locale.ROOT,
        "Note: the article says Chinese is tokenized one token per character. None of these models does"
            + " that: for these %d characters GPT-3 needs %d tokens (characters outside its vocabulary fall"
            + " apart into UTF-8 byte pieces), GPT-4 %d, and GPT-4o %d (你好 and 世界 are single tokens)."
            + " Per-character counting is the last column, not what any of these models bills.%n",
        chars, r50k, cl100k, o200k);
    out.println("Note: English words are mostly one token each in all three; the vocabularies differ where text"
        + " is not English: on 256 KB of LibreOffice help text per language (llmcost's test corpus) GPT-4o"
        + " needs 19% fewer tokens than GPT-4 for Chinese, 25% fewer for Japanese, 30% for Korean and 30%"
        + " for Russian. Try: llmcost tokens --file F --compare gpt-3,gpt-4,gpt-4o,character");
  }

  /** Returns the columns {@code s} takes in a terminal: East Asian wide characters take two. */
  static int displayWidth(String s) {
    return s.codePoints().map(cp -> {
      Character.UnicodeScript script = Character.UnicodeScript.of(cp);
      boolean wide = script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
          || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL
          || (cp >= 0xFF01 && cp <= 0xFF60) || (cp >= 0x3000 && cp <= 0x303F);
      return wide ? 2 : 1;
    }).sum();
  }

  /** Returns each token of {@code text} as text, or as its bytes where it holds part of a character. */
  static List<String> pieces(OpenAiEncoding e, String text) {
    Tokenizer t = e.tokenizer();
    List<String> out = new ArrayList<>();
    for (int id : t.encode(text).toArray()) {
      byte[] bytes = e.tokenBytes(id);
      try {
        out.add(StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes)).toString());
      } catch (CharacterCodingException ex) {
        StringBuilder sb = new StringBuilder("<");
        for (int i = 0; i < bytes.length; i++) {
          sb.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%02x", bytes[i] & 0xFF));
        }
        out.add(sb.append('>').toString());
      }
    }
    return out;
  }
}
