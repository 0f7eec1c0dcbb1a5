/**
 * OpenAI's encodings (r50k_base, p50k_base, p50k_edit, cl100k_base, o200k_base, and
 * o200k_harmony for gpt-oss) with OpenAI's rank files (carried in this jar, checked against tiktoken's SHA-256), and the model names that use
 * them.
 */
@NullMarked
package dev.llmcost.tokenizers.openai;

import org.jspecify.annotations.NullMarked;
