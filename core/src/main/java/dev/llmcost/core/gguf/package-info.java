/**
 * GGUF model files as llama.cpp stores them: a header reader ({@link dev.llmcost.core.gguf.GgufFile})
 * that never touches the tensor data, a writer for fixtures ({@link dev.llmcost.core.gguf.GgufWriter}),
 * ggml tensor types with their exact block layouts ({@link dev.llmcost.core.gguf.GgmlType}), the named
 * quantization mixes of {@code llama-quantize} ({@link dev.llmcost.core.gguf.QuantMix}) and file size
 * prediction from an architecture ({@link dev.llmcost.core.gguf.GgufLayout}).
 *
 * <p>The format follows the GGUF specification, ggml {@code docs/gguf.md}
 * (https://github.com/ggml-org/ggml/blob/master/docs/gguf.md).
 */
@NullMarked
package dev.llmcost.core.gguf;

import org.jspecify.annotations.NullMarked;
