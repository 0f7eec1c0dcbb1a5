/**
 * llmcost cost models: training, inference, pricing, planning and capacity.
 *
 * <p>Main entry points:
 *
 * <ul>
 *   <li>training: {@link dev.llmcost.costmodel.training.TrainingJob#builder} and {@link
 *       dev.llmcost.costmodel.training.TrainingCostModel}; {@link
 *       dev.llmcost.costmodel.planner.TrainingPlanner} searches parallelism configurations;
 *   <li>inference: {@link dev.llmcost.costmodel.inference.InferenceScenario#builder} and {@link
 *       dev.llmcost.costmodel.inference.InferenceCostModel}; {@link
 *       dev.llmcost.costmodel.capacity.CapacityPlanner} sizes a deployment for a request rate;
 *   <li>bills: {@link dev.llmcost.costmodel.pricing.PriceBook#bundled()} with {@link
 *       dev.llmcost.costmodel.pricing.TokenUsage};
 *   <li>efficiencies: {@link dev.llmcost.costmodel.efficiency.EfficiencyProfiles} and, to fit
 *       one's own runs, {@link dev.llmcost.costmodel.training.EfficiencyCalibration} (training) and
 *       {@link dev.llmcost.costmodel.inference.InferenceCalibrator} (inference).
 * </ul>
 */
module dev.llmcost.costmodel {
  requires transitive dev.llmcost.core;
  requires static transitive org.jspecify;
  requires com.fasterxml.jackson.databind;

  exports dev.llmcost.costmodel.efficiency;
  exports dev.llmcost.costmodel.training;
  exports dev.llmcost.costmodel.finetuning;
  exports dev.llmcost.costmodel.inference;
  exports dev.llmcost.costmodel.capacity;
  exports dev.llmcost.costmodel.serving;
  exports dev.llmcost.costmodel.planner;
  exports dev.llmcost.costmodel.pricing;
  exports dev.llmcost.costmodel.local;
}
