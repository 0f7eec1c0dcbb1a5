package dev.llmcost.costmodel.inference;

/**
 * How an in-flight batching engine schedules the prompts it admits relative to the sequences already
 * decoding.
 *
 * <ul>
 *   <li>{@link #MIXED}: an iteration decodes every sequence in flight and carries the admitted prompts
 *       with them (chunked prefill / in-flight batching: TensorRT-LLM, vLLM's V1 engine, vLLM V0 with
 *       {@code --enable-chunked-prefill}, SGLang with {@code --enable-mixed-chunk}).
 *   <li>{@link #SEPARATE}: an iteration that admits prompts prefills only them; no sequence decodes in
 *       it. Decode iterations run only when no waiting prompt can be admitted. vLLM's V0 scheduler
 *       without chunked prefill ({@code Scheduler._schedule_default}: "Don't schedule decodes if prefills
 *       are scheduled", vllm-project/vllm vllm/core/scheduler.py, as stored at commit
 *       0054e1fa0f8ac79f0524b6b1f4d7c02f9e37eca1, the same policy through the V0 engine); V0 turns chunked
 *       prefill on by itself only for {@code max_model_len > 32768} on CUDA ({@code
 *       EngineArgs.create_engine_config}, vllm/engine/arg_utils.py at commit
 *       001999d2f360c2c5da23a916510c273b1a73d06c). SGLang 0.3 runs a new prefill batch, when one is formed,
 *       instead of a decode step unless {@code --enable-mixed-chunk} (default {@code False} in its
 *       server_args.py of that release line).
 * </ul>
 */
public enum PrefillScheduling {
  /** Prompts ride in the decode iterations (chunked prefill, in-flight batching). */
  MIXED,
  /** Prompts are prefilled in iterations of their own; decoding pauses while they run. */
  SEPARATE
}
