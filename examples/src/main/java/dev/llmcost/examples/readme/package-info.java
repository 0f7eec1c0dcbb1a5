/**
 * The README's code snippets, compiled by the build: each region between {@code // snippet:ID}
 * and {@code // end-snippet} equals the README block marked {@code <!-- snippet: ID -->}
 * ({@code ReadmeSnippetsTest} checks it). Edit a snippet here, then copy it into README.md.
 */
@NullMarked
package dev.llmcost.examples.readme;

import org.jspecify.annotations.NullMarked;
