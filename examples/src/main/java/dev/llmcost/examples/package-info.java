/**
 * Runnable examples, each a {@code main} written as a user would write it, in Java; the Kotlin
 * ({@code dev.llmcost.examples.kotlin}) and Scala ({@code dev.llmcost.examples.scala}) versions
 * live beside them. Run one with {@code java -cp examples/target/llmcost.jar
 * dev.llmcost.examples.RequestCost} after {@code ./llmcost --version} has built the jar.
 */
@NullMarked
package dev.llmcost.examples;

import org.jspecify.annotations.NullMarked;
