/**
 * Fine-tuning cost: full fine-tuning, freezing the first layers, LoRA, DoRA and QLoRA; the memory
 * each needs per GPU, item by item, whether it fits, the largest batch and sequence that fit, and
 * the time and money a number of tokens takes.
 *
 * <p>Build a {@link dev.llmcost.costmodel.finetuning.FineTuningJob}, ask {@link
 * dev.llmcost.costmodel.finetuning.FineTuningCostModel#defaults()} for a {@link
 * dev.llmcost.costmodel.finetuning.FineTuningEstimate}.
 */
@NullMarked
package dev.llmcost.costmodel.finetuning;

import org.jspecify.annotations.NullMarked;
