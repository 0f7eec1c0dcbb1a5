/**
 * Devices people run models on locally: consumer GPUs, Apple silicon and other unified-memory
 * SoCs, and CPUs, each figure with its source ({@link dev.llmcost.core.local.LocalDeviceCatalog}).
 */
@NullMarked
package dev.llmcost.core.local;

import org.jspecify.annotations.NullMarked;
