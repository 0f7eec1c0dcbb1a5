/**
 * Implementation of the tokenizers: the pre-tokenizers of the OpenAI encodings, the rank table and
 * the byte-pair merge. Not exported.
 */
@NullMarked
package dev.llmcost.tokenizers.internal;

import org.jspecify.annotations.NullMarked;
