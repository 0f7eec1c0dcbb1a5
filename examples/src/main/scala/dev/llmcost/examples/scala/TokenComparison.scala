// The article's second number in Scala: one text, eight tokenizers, five languages.
// java -cp examples/target/llmcost.jar dev.llmcost.examples.scala.TokenComparison
package dev.llmcost.examples.scala

import dev.llmcost.tokenizers.{CorpusReport, Tokenizer, TokenizerComparison, TokenizerRegistry}

import scala.collection.immutable.ListMap
import scala.jdk.CollectionConverters._

object TokenComparison {
  def main(args: Array[String]): Unit = {
    // model ids, tokenizer ids or paths to a tokenizer.json (qwen2.5-7b and mistral-7b come from llmcost-tokenizers-vocab)
    val registry = TokenizerRegistry.standard
    val tokenizers: List[Tokenizer] =
      List("gpt-3", "gpt-4", "gpt-4o", "bert-base-uncased", "bert-base-chinese", "qwen2.5-7b", "mistral-7b", "character")
        .map(registry.resolve)

    val hello = "你好,世界!"
    println(s""""$hello" in eight tokenizers:""")
    print(TokenizerComparison.of(hello, tokenizers.asJava).format)
    println()

    val sentences = ListMap(
      "en" -> "The same sentence costs a different number of tokens in each model.",
      "zh" -> "同一句话在每个模型中花费的词元数量都不同。",
      "ja" -> "同じ文でも、モデルごとに必要なトークンの数は異なります。",
      "ko" -> "같은 문장이라도 모델마다 필요한 토큰 수가 다릅니다.",
      "ru" -> "Одно и то же предложение стоит в каждой модели разное число токенов."
    )
    val rows = CorpusReport.of(sentences.asJava, tokenizers.asJava).rows.asScala

    println("One sentence in five languages, tokens (tokens per character):")
    println("    " + tokenizers.map(t => f" ${t.id}%17s").mkString)
    for (language <- sentences.keys) {
      val cells = rows.filter(_.corpus == language).map(r => f" ${r.tokens}%7d (${r.tokensPerCharacter}%7.2f)")
      println(f"$language%-4s" + cells.mkString)
    }

    val chinese = sentences("zh")
    val gpt4 = tokenizers(1).countTokens(chinese).value
    val gpt4o = tokenizers(2).countTokens(chinese).value
    println(f"GPT-4o needs $gpt4o%d tokens for the Chinese sentence, GPT-4 $gpt4%d: ${100.0 * (gpt4 - gpt4o) / gpt4}%.0f%% fewer.")
  }
}
