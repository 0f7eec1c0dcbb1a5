/** Implementation helpers shared by the llmcost modules; not API, exported only to them. */
@NullMarked
package dev.llmcost.core.internal;

import org.jspecify.annotations.NullMarked;
