/**
 * Local inference as llama.cpp runs it: file and memory footprint of a GGUF model on one device,
 * and the speed {@code llama-bench} reports (pp512 prompt processing, tg128 token generation),
 * with partial offload ({@code -ngl}), KV cache types, flash attention, context length and MoE
 * experts kept in RAM ({@code --n-cpu-moe}). Entry point: {@link
 * dev.llmcost.costmodel.local.LocalEstimator}.
 */
@NullMarked
package dev.llmcost.costmodel.local;

import org.jspecify.annotations.NullMarked;
