// The article's second number in Kotlin: one text, eight tokenizers, five languages.
// java -cp examples/target/llmcost.jar dev.llmcost.examples.kotlin.TokenComparisonKt
package dev.llmcost.examples.kotlin

import dev.llmcost.tokenizers.CorpusReport
import dev.llmcost.tokenizers.TokenizerComparison
import dev.llmcost.tokenizers.TokenizerRegistry

fun main() {
    // model ids, tokenizer ids or paths to a tokenizer.json (qwen2.5-7b and mistral-7b come from llmcost-tokenizers-vocab)
    val registry = TokenizerRegistry.standard()
    val tokenizers = listOf(
        "gpt-3", "gpt-4", "gpt-4o", "bert-base-uncased", "bert-base-chinese", "qwen2.5-7b", "mistral-7b", "character",
    ).map(registry::resolve)

    val hello = "你好,世界!"
    println("\"$hello\" in eight tokenizers:")
    print(TokenizerComparison.of(hello, tokenizers).format())
    println()

    val sentences = linkedMapOf(
        "en" to "The same sentence costs a different number of tokens in each model.",
        "zh" to "同一句话在每个模型中花费的词元数量都不同。",
        "ja" to "同じ文でも、モデルごとに必要なトークンの数は異なります。",
        "ko" to "같은 문장이라도 모델마다 필요한 토큰 수가 다릅니다.",
        "ru" to "Одно и то же предложение стоит в каждой модели разное число токенов.",
    )
    // Accessors are methods: rows(), corpus(), tokens().
    val rows = CorpusReport.of(sentences, tokenizers).rows().groupBy { it.corpus() }

    println("One sentence in five languages, tokens (tokens per character):")
    println("    " + tokenizers.joinToString("") { " %17s".format(it.id()) })
    for ((language, perTokenizer) in rows) {
        println("%-4s".format(language) +
            perTokenizer.joinToString("") { " %7d (%7.2f)".format(it.tokens(), it.tokensPerCharacter()) })
    }

    val (gpt4, gpt4o) = tokenizers.subList(1, 3).map { it.countTokens(sentences.getValue("zh")).value }
    println("GPT-4o needs %d tokens for the Chinese sentence, GPT-4 %d: %.0f%% fewer."
        .format(gpt4o, gpt4, 100.0 * (gpt4 - gpt4o) / gpt4))
}
