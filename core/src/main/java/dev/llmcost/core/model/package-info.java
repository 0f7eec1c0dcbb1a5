/**
 * Transformer architectures and their exact parameter counts.
 *
 * <p>{@link dev.llmcost.core.model.ModelArchitecture} describes decoder-only and encoder-only
 * transformers (dense, GQA/MQA, MoE, MLA); {@link dev.llmcost.core.model.HuggingFaceConfigs} reads
 * one from a HuggingFace {@code config.json}; {@link dev.llmcost.core.model.ParameterCounts} gives
 * totals equal to HuggingFace {@code num_parameters()}; {@link dev.llmcost.core.model.ModelCatalog}
 * holds the bundled models.
 */
@NullMarked
package dev.llmcost.core.model;

import org.jspecify.annotations.NullMarked;
