/** llmcost cost models: training, inference, pricing, planning and capacity. */
module dev.llmcost.costmodel {
  requires transitive dev.llmcost.core;
  requires static transitive org.jspecify;

  exports dev.llmcost.costmodel.efficiency;
  exports dev.llmcost.costmodel.inference;
  exports dev.llmcost.costmodel.capacity;
}
