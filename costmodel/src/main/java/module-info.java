/** llmcost cost models: training, inference, pricing, planning and capacity. */
module dev.llmcost.costmodel {
  requires transitive dev.llmcost.core;
  requires static transitive org.jspecify;
  requires com.fasterxml.jackson.databind;

  exports dev.llmcost.costmodel.efficiency;
  exports dev.llmcost.costmodel.training;
  exports dev.llmcost.costmodel.inference;
  exports dev.llmcost.costmodel.capacity;
  exports dev.llmcost.costmodel.planner;
  exports dev.llmcost.costmodel.pricing;
}
