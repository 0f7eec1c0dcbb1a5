/**
 * Accelerator datasheets ({@link dev.llmcost.core.hardware.AcceleratorSpec}) and the bundled
 * {@link dev.llmcost.core.hardware.AcceleratorCatalog}. Peaks are dense figures, never the 2:4
 * structured-sparsity ones.
 */
@NullMarked
package dev.llmcost.core.hardware;

import org.jspecify.annotations.NullMarked;
