/** llmcost cost models: training, inference, pricing, planning and capacity. */
// commons-math3 3.6.1 predates module names; its automatic name is derived from the jar.
@SuppressWarnings({"requires-automatic", "module"})
module dev.llmcost.costmodel {
  requires transitive dev.llmcost.core;
  requires static transitive org.jspecify;
  requires commons.math3;
  requires com.fasterxml.jackson.databind;

  exports dev.llmcost.costmodel.efficiency;
  exports dev.llmcost.costmodel.training;
  exports dev.llmcost.costmodel.inference;
  exports dev.llmcost.costmodel.capacity;
  exports dev.llmcost.costmodel.planner;
  exports dev.llmcost.costmodel.pricing;
  exports dev.llmcost.costmodel.local;
}
