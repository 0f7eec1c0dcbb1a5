/**
 * Inference cost model: prefill and decode on the roofline, KV cache sizes (MHA, GQA, MQA, MLA,
 * sliding windows), memory per GPU and the largest batch that fits, tensor- and pipeline-parallel
 * serving, TTFT, TPOT, throughput versus batch, cost per million tokens and break-even against an
 * API price.
 *
 * <p>Start with {@link dev.llmcost.costmodel.inference.InferenceCostModel#calibrated()} and an
 * {@link dev.llmcost.costmodel.inference.InferenceScenario}.
 */
@NullMarked
package dev.llmcost.costmodel.inference;

import org.jspecify.annotations.NullMarked;
