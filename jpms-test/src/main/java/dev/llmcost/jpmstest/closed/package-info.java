/** Resources of the JPMS consumer. */
@NullMarked
package dev.llmcost.jpmstest.closed;

import org.jspecify.annotations.NullMarked;
