/** The sections of {@code llmcost tour}, one per concept of the article. */
@NullMarked
package dev.llmcost.cli.tour;

import org.jspecify.annotations.NullMarked;
