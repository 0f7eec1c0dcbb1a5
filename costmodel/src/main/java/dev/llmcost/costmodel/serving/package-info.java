/**
 * Serving simulation: a seeded discrete-event simulation of engine replicas doing continuous
 * batching request by request (vLLM v1's scheduler: token budget, chunked prefill, KV-cache blocks,
 * preemption by recomputation), with prefix caching, speculative decoding, routers over replicas
 * and disaggregated prefill and decode pools. Step times come from the inference model's roofline,
 * so a simulated step and {@link dev.llmcost.costmodel.inference.InferenceCostModel} agree. Start
 * with {@link dev.llmcost.costmodel.serving.ServingSimulation#builder} and {@link
 * dev.llmcost.costmodel.serving.ServingSimulator#calibrated()}.
 */
@NullMarked
package dev.llmcost.costmodel.serving;

import org.jspecify.annotations.NullMarked;
