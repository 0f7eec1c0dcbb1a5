package dev.llmcost.examples;

import dev.llmcost.tokenizers.CorpusReport;
import dev.llmcost.tokenizers.Tokenizer;
import dev.llmcost.tokenizers.TokenizerComparison;
import dev.llmcost.tokenizers.TokenizerRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The article's second number: the same text costs a different number of tokens in each model and
 * each language. One sentence across eight tokenizers, then one sentence in five languages.
 *
 * <pre>java -cp examples/target/llmcost.jar dev.llmcost.examples.TokenComparison</pre>
 */
public final class TokenComparison {
  private TokenComparison() {}

  /**
   * Prints the comparisons.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    // model ids, tokenizer ids or paths to a tokenizer.json; qwen2.5-7b and mistral-7b need the
    // optional artifact llmcost-tokenizers-vocab, which the examples have
    TokenizerRegistry registry = TokenizerRegistry.standard();
    List<Tokenizer> tokenizers =
        List.of("gpt-3", "gpt-4", "gpt-4o", "bert-base-uncased", "bert-base-chinese", "qwen2.5-7b", "mistral-7b",
                "character")
            .stream()
            .map(registry::resolve)
            .toList();

    String hello = "你好,世界!";
    System.out.println("\"" + hello + "\" in eight tokenizers:");
    System.out.print(TokenizerComparison.of(hello, tokenizers).format());
    System.out.println();

    Map<String, String> sentences = new LinkedHashMap<>();
    sentences.put("en", "The same sentence costs a different number of tokens in each model.");
    sentences.put("zh", "同一句话在每个模型中花费的词元数量都不同。");
    sentences.put("ja", "同じ文でも、モデルごとに必要なトークンの数は異なります。");
    sentences.put("ko", "같은 문장이라도 모델마다 필요한 토큰 수가 다릅니다.");
    sentences.put("ru", "Одно и то же предложение стоит в каждой модели разное число токенов.");
    CorpusReport report = CorpusReport.of(sentences, tokenizers);

    System.out.println("One sentence in five languages, tokens (tokens per character):");
    System.out.printf("%-4s", "");
    for (Tokenizer t : tokenizers) {
      System.out.printf(" %17s", t.id());
    }
    System.out.println();
    for (String language : sentences.keySet()) {
      System.out.printf("%-4s", language);
      for (CorpusReport.Row row : report.rows()) {
        if (row.corpus().equals(language)) {
          System.out.printf(" %7d (%7.2f)", row.tokens(), row.tokensPerCharacter());
        }
      }
      System.out.println();
    }

    long gpt4 = tokenizers.get(1).countTokens(sentences.get("zh")).value();
    long gpt4o = tokenizers.get(2).countTokens(sentences.get("zh")).value();
    System.out.printf("GPT-4o needs %d tokens for the Chinese sentence, GPT-4 %d: %.0f%% fewer.%n",
        gpt4o, gpt4, 100.0 * (gpt4 - gpt4o) / gpt4);
  }
}
