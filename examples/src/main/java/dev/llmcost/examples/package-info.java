/** Runnable examples that answer concrete questions with llmcost's numbers. */
@NullMarked
package dev.llmcost.examples;

import org.jspecify.annotations.NullMarked;
