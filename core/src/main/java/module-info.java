/**
 * llmcost core: exact quantities (tokens, parameters, bytes, FLOPs, money), data types, model
 * architectures with exact parameter counts, accelerator datasheets, and the bundled catalogs.
 *
 * <p>Main entry points:
 *
 * <ul>
 *   <li>{@link dev.llmcost.core.model.ModelCatalog#bundled()} and {@link
 *       dev.llmcost.core.model.HuggingFaceConfigs} (a {@code config.json}) give a {@link
 *       dev.llmcost.core.model.ModelArchitecture}, whose {@code parameterCounts()} are exact;
 *   <li>{@link dev.llmcost.core.hardware.AcceleratorCatalog#bundled()} gives an {@link
 *       dev.llmcost.core.hardware.AcceleratorSpec} (peaks per dtype, memory, links);
 *   <li>the quantities of package {@code dev.llmcost.core}: {@link dev.llmcost.core.TokenCount},
 *       {@link dev.llmcost.core.ParameterCount}, {@link dev.llmcost.core.DataSize}, {@link
 *       dev.llmcost.core.Money}, {@link dev.llmcost.core.DType}.
 * </ul>
 *
 * <p>Packages named {@code internal} are implementation, exported only to the other llmcost
 * modules and left out of this documentation.
 */
// The qualified export names modules compiled after this one; javac warns that it cannot see them.
@SuppressWarnings("module")
module dev.llmcost.core {
  requires static transitive org.jspecify;
  requires com.fasterxml.jackson.databind;

  exports dev.llmcost.core;
  exports dev.llmcost.core.model;
  exports dev.llmcost.core.hardware;
  exports dev.llmcost.core.gguf;
  exports dev.llmcost.core.local;
  exports dev.llmcost.core.internal to
      dev.llmcost.tokenizers,
      dev.llmcost.costmodel;
}
