/** Resources of the JPMS consumer. */
@NullMarked
package dev.llmcost.jpmstest.vocab;

import org.jspecify.annotations.NullMarked;
