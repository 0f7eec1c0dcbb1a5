/** Readers of the bundled price book and of LiteLLM price files (not exported). */
@NullMarked
package dev.llmcost.costmodel.internal.pricing;

import org.jspecify.annotations.NullMarked;
