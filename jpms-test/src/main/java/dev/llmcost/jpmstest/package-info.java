/** The JPMS consumer's entry point. */
@NullMarked
package dev.llmcost.jpmstest;

import org.jspecify.annotations.NullMarked;
