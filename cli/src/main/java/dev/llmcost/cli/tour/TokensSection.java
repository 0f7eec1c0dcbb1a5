package dev.llmcost.cli.tour;

import dev.llmcost.cli.chart.ChartSink;
import dev.llmcost.cli.chart.Charts;
import dev.llmcost.tokenizers.CharacterTokenizer;
import dev.llmcost.tokenizers.CorpusReport;
import dev.llmcost.tokenizers.EncodeOptions;
import dev.llmcost.tokenizers.Tokenizer;
import dev.llmcost.tokenizers.TokenizerRegistry;
import dev.llmcost.tokenizers.huggingface.HuggingFaceTokenizer;
import dev.llmcost.tokenizers.openai.OpenAiEncoding;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.CategoryChart;

/**
 * The article's second concept: tokens, and the same sentence in different models — GPT-3, GPT-4
 * and GPT-4o, BERT (English and Chinese), Qwen2.5 and per character — then one paragraph in six
 * languages.
 */
public final class TokensSection implements TourSection {

  static final List<String> SENTENCES = List.of("I love you", "Hello, world!", "你好,世界!");

  /** A column of the table: a heading and the tokenizer's registry id. */
  record Column(String heading, String id) {}

  static final List<Column> COLUMNS =
      List.of(
          new Column("GPT-3", "r50k_base"),
          new Column("GPT-4", "cl100k_base"),
          new Column("GPT-4o", "o200k_base"),
          new Column("BERT", "bert-base-uncased"),
          new Column("BERT-zh", "bert-base-chinese"),
          new Column("Qwen2.5", "qwen2.5"),
          new Column("per char", CharacterTokenizer.ID));

  /** The tokenizers of the chart, by series name. */
  static final List<Column> CHART_SERIES =
      List.of(
          new Column("GPT-3 (r50k)", "r50k_base"),
          new Column("GPT-4 (cl100k)", "cl100k_base"),
          new Column("GPT-4o (o200k)", "o200k_base"),
          new Column("BERT uncased", "bert-base-uncased"),
          new Column("BERT Chinese", "bert-base-chinese"),
          new Column("Qwen2.5", "qwen2.5"),
          new Column("Mistral 7B", "mistral-7b-v0.1"));

  /**
   * One paragraph, translated for this tour, in five languages, and a few lines of Java: how many
   * tokens the same content costs in each.
   */
  static final Map<String, String> PARAGRAPHS = paragraphs();

  private static Map<String, String> paragraphs() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("English",
        "A language model reads text as tokens. The same sentence can cost a different number of tokens in"
            + " each model, because every tokenizer learned its vocabulary from different text. English usually"
            + " needs the fewest tokens; Chinese, Japanese, Korean and Russian often need more.");
    m.put("Chinese",
        "语言模型把文本读作词元。同一句话在不同的模型中可能需要不同数量的词元，因为每个分词器都是从不同的文本中学到自己的词表的。"
            + "英语通常需要的词元最少；中文、日语、韩语和俄语往往需要更多。");
    m.put("Japanese",
        "言語モデルはテキストをトークンとして読みます。同じ文でも、モデルごとに必要なトークンの数は異なります。"
            + "それぞれのトークナイザーが異なるテキストから語彙を学習したからです。英語は通常最も少ないトークンで済みますが、"
            + "中国語、日本語、韓国語、ロシア語はより多くのトークンを必要とすることがよくあります。");
    m.put("Korean",
        "언어 모델은 텍스트를 토큰으로 읽습니다. 같은 문장이라도 모델마다 필요한 토큰 수가 다를 수 있습니다. 각 토크나이저가"
            + " 서로 다른 텍스트에서 어휘를 학습했기 때문입니다. 영어는 보통 가장 적은 토큰이 필요하고, 중국어, 일본어, 한국어,"
            + " 러시아어는 더 많은 토큰이 필요한 경우가 많습니다.");
    m.put("Russian",
        "Языковая модель читает текст как токены. Одно и то же предложение может стоить разное число токенов в"
            + " разных моделях, потому что каждый токенизатор выучил свой словарь на разных текстах. Английскому"
            + " обычно нужно меньше всего токенов; китайскому, японскому, корейскому и русскому часто нужно больше.");
    m.put("Java code",
        "Tokenizer t = TokenizerRegistry.standard().resolve(\"gpt-4o\");\n"
            + "long n = t.countTokens(text).value();\n"
            + "System.out.printf(\"%d tokens for %d characters%n\", n, text.length());\n");
    return m;
  }

  private static Tokenizer tokenizer(String id) {
    return TokenizerRegistry.standard().resolve(id);
  }

  private static long count(String id, String text) {
    return tokenizer(id).countTokens(text).value();
  }

  @Override
  public String title() {
    return "2. Tokens: what a model reads, and why the same sentence costs different amounts";
  }

  @Override
  public void print(PrintWriter out) {
    out.println("Exact token counts with each model's own tokenizer (ids equal to OpenAI's tiktoken and to");
    out.println("HuggingFace tokenizers). BERT-zh is bert-base-chinese. Nothing added: a BERT input also carries");
    out.println("[CLS] and [SEP] (+2), a Qwen chat message its template's tokens.");
    out.println();
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-16s", "text"));
    for (Column c : COLUMNS) {
      head.append(String.format(Locale.ROOT, " %9s", c.heading()));
    }
    out.println(head);
    for (String s : SENTENCES) {
      StringBuilder row = new StringBuilder(s).append(" ".repeat(Math.max(0, 16 - displayWidth(s))));
      for (Column c : COLUMNS) {
        row.append(String.format(Locale.ROOT, " %9d", count(c.id(), s)));
      }
      out.println(row);
    }
    out.println();
    String chinese = SENTENCES.get(2);
    out.println("How each tokenizer cuts \"" + chinese + "\" (<xx xx> = bytes of part of a character):");
    for (OpenAiEncoding e : List.of(OpenAiEncoding.R50K_BASE, OpenAiEncoding.CL100K_BASE, OpenAiEncoding.O200K_BASE)) {
      out.printf(Locale.ROOT, "  %-18s %s%n", e.id(), String.join(" | ", pieces(e, chinese)));
    }
    for (String id : List.of("bert-base-uncased", "bert-base-chinese", "qwen2.5")) {
      out.printf(Locale.ROOT, "  %-18s %s%n", id, String.join(" | ", pieces(id, chinese)));
    }
    out.println();

    String hello = SENTENCES.get(1);
    Tokenizer bert = tokenizer("bert-base-uncased");
    long bertHello = bert.countTokens(hello).value();
    long bertHelloWrapped = bert.countTokens(hello, EncodeOptions.DEFAULT.withAddSpecialTokens(true)).value();
    out.printf(Locale.ROOT,
        "Note: the article's table gives \"%s\" 3 BERT tokens. BERT (bert-base-uncased) needs %d: %s;"
            + " %d with the [CLS] and [SEP] every BERT input carries.%n",
        hello, bertHello, String.join(" | ", pieces("bert-base-uncased", hello)), bertHelloWrapped);
    long chars = CharacterTokenizer.instance().countTokens(chinese).value();
    out.printf(Locale.ROOT,
        "Note: the article says Chinese is tokenized one token per character. That is true of BERT's Chinese"
            + " vocabulary (%d tokens for these %d characters), not of the GPT models: GPT-3 needs %d tokens"
            + " (characters outside its vocabulary fall apart into UTF-8 byte pieces), GPT-4 %d, GPT-4o %d and"
            + " Qwen2.5 %d (你好 and 世界 are single tokens). English BERT has no token for 你, 好 or 界: they"
            + " become [UNK], so its count of %d hides text it cannot see.%n",
        count("bert-base-chinese", chinese), chars, count("r50k_base", chinese), count("cl100k_base", chinese),
        count("o200k_base", chinese), count("qwen2.5", chinese), count("bert-base-uncased", chinese));
    out.println();

    out.println("One paragraph in five languages, and three lines of Java: tokens per character");
    CorpusReport report = report();
    StringBuilder h = new StringBuilder(String.format(Locale.ROOT, "%-10s %6s", "language", "chars"));
    for (Column c : CHART_SERIES) {
      h.append(String.format(Locale.ROOT, " %9s", shortName(c)));
    }
    out.println(h);
    for (String language : PARAGRAPHS.keySet()) {
      StringBuilder row = new StringBuilder();
      row.append(String.format(Locale.ROOT, "%-10s %6d", language,
          CharacterTokenizer.instance().countTokens(PARAGRAPHS.get(language)).value()));
      for (Column c : CHART_SERIES) {
        row.append(String.format(Locale.ROOT, " %9.2f", perCharacter(report, language, c)));
      }
      out.println(row);
    }
    out.printf(Locale.ROOT,
        "Note: fewer tokens is not always better. BERT-zh has no Hangul, and a word with one character it lacks"
            + " becomes a single [UNK] (%d of its %d Korean tokens, %d of its %d Japanese ones); English BERT has"
            + " %d [UNK]s in the Chinese paragraph. A model learns nothing from an [UNK].%n",
        unknowns("bert-base-chinese", "Korean"), count("bert-base-chinese", PARAGRAPHS.get("Korean")),
        unknowns("bert-base-chinese", "Japanese"), count("bert-base-chinese", PARAGRAPHS.get("Japanese")),
        unknowns("bert-base-uncased", "Chinese"));
    out.println("Note: English words are mostly one token each everywhere; the vocabularies differ where text is"
        + " not English. On 256 KB of LibreOffice help text per language (llmcost's test corpus) GPT-4o needs"
        + " 19% fewer tokens than GPT-4 for Chinese, 25% fewer for Japanese, 30% for Korean and 30% for Russian."
        + " Try: llmcost tokens --file F --compare gpt-4o,qwen2.5,bert-base-uncased,character");
  }

  /** Counts the [UNK] tokens of a BERT tokenizer in one paragraph. */
  static long unknowns(String id, String language) {
    HuggingFaceTokenizer t = (HuggingFaceTokenizer) tokenizer(id);
    long n = 0;
    for (int tokenId : t.encode(PARAGRAPHS.get(language)).toArray()) {
      if (t.token(tokenId).orElse("").equals("[UNK]")) {
        n++;
      }
    }
    return n;
  }

  private static String shortName(Column c) {
    int paren = c.heading().indexOf(" (");
    String name = paren < 0 ? c.heading() : c.heading().substring(0, paren);
    return name.replace("BERT uncased", "BERT").replace("BERT Chinese", "BERT-zh").replace("Mistral 7B", "Mistral");
  }

  /** Counts the paragraphs with the chart's tokenizers. */
  static CorpusReport report() {
    List<Tokenizer> tokenizers = new ArrayList<>();
    for (Column c : CHART_SERIES) {
      tokenizers.add(tokenizer(c.id()));
    }
    return CorpusReport.of(PARAGRAPHS, tokenizers);
  }

  private static double perCharacter(CorpusReport report, String language, Column c) {
    String id = tokenizer(c.id()).id();
    for (CorpusReport.Row r : report.rows()) {
      if (r.corpus().equals(language) && r.tokenizer().equals(id)) {
        return r.tokensPerCharacter();
      }
    }
    throw new IllegalStateException("no row for " + language + " and " + id);
  }

  /** Draws tokens per character of the paragraph, by language and tokenizer. */
  @Override
  public void draw(ChartSink charts) {
    CorpusReport report = report();
    List<String> languages = new ArrayList<>(PARAGRAPHS.keySet());
    CategoryChart c = Charts.bars("Tokens per character: one paragraph, six languages (per character = 1)",
        "language", "tokens per character", false);
    for (Column series : CHART_SERIES) {
      List<Double> values = new ArrayList<>();
      for (String language : languages) {
        values.add(perCharacter(report, language, series));
      }
      Charts.addBars(c, series.heading(), languages, values);
    }
    charts.write("tokens-per-character-by-language", c);
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

  /**
   * Returns each token of {@code text} for a HuggingFace tokenizer: the text it decodes to, or the
   * token as the file spells it ({@code [UNK]}, {@code ##ing}) where that is not whole characters.
   */
  static List<String> pieces(String id, String text) {
    HuggingFaceTokenizer t = (HuggingFaceTokenizer) tokenizer(id);
    List<String> out = new ArrayList<>();
    for (int tokenId : t.encode(text).toArray()) {
      String decoded = t.decode(new int[] {tokenId});
      String spelled = t.token(tokenId).orElse(decoded);
      boolean whole = !decoded.isBlank() && decoded.indexOf('\uFFFD') < 0;
      out.add(spelled.startsWith("[") || spelled.startsWith("##") || !whole ? spelled : decoded.strip());
    }
    return out;
  }
}
