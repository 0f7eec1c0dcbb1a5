/** The serving simulator's event loop and its tabulated step costs (not API). */
@NullMarked
package dev.llmcost.costmodel.internal.serving;

import org.jspecify.annotations.NullMarked;
