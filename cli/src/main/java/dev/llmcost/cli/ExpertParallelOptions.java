package dev.llmcost.cli;

import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.costmodel.inference.ExpertCommunication;
import dev.llmcost.costmodel.inference.InferenceScenario;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The mixture-of-experts layout of one engine that {@code infer} and {@code simulate} share (a picocli mixin):
 * {@code --ep}, {@code --attention-dp}, {@code --expert-communication} and {@code --expert-imbalance}, with the same
 * meaning, defaults and refusals in both.
 */
public final class ExpertParallelOptions {

  @Option(names = "--ep", description = "Expert-parallel degree of an MoE model: divides --tp, at most the routed experts;"
      + " each group holds ceil(experts / ep) experts sharded over tp / ep GPUs (default 1: experts sharded by --tp).")
  @Nullable Integer ep;

  @Option(names = "--attention-dp",
      description = "Attention data parallelism (MoE, needs --ep = --tp): each GPU attends for batch / tp sequences with"
          + " whole attention weights and its own KV cache; MoE layers exchange tokens by all-to-all.")
  boolean attentionDp;

  @Option(names = "--expert-communication", description = InferCommand.EXPERT_COMMUNICATION_HELP)
  @Nullable String expertCommunication;

  @Option(names = "--expert-imbalance",
      description = "Tokens routed to the busiest expert-parallel rank over the mean, >= 1 (default: routing without a"
          + " load balancer, 1 + z(ep) x 2.14 x sqrt(ep / experts), which gives TensorRT-LLM's measured 2.56 for"
          + " DeepSeek-R1 at EP32; 1.115 with EPLB, 1 for uniform routing).")
  @Nullable Double expertImbalance;

  /** Returns whether {@code --attention-dp} was given. */
  boolean attentionDp() {
    return attentionDp;
  }

  /**
   * Validates the options against the model and sets them on the engine's builder; the defaults filled in for an MoE
   * model on more than one GPU ({@code --ep} 1, the unbalanced routing's {@code --expert-imbalance}, all-to-all under
   * {@code --attention-dp}) join {@code defaults}. Whether {@code --ep} divides {@code --tp} and equals it under
   * {@code --attention-dp} is the builder's check ({@link InferCommand#optionNames} words it by option).
   *
   * @param b the engine's builder
   * @param m the model
   * @param tp the tensor-parallel degree
   * @param defaults the defaults used
   * @throws IllegalArgumentException naming the option and the value: {@code --ep} below 1, an imbalance below 1,
   *     an unknown communication or one without {@code --attention-dp}, or any of them on a dense model
   */
  void apply(InferenceScenario.Builder b, ModelArchitecture m, int tp, Defaults defaults) {
    if (ep != null && ep < 1) {
      throw new IllegalArgumentException("--ep must be >= 1, was " + ep);
    }
    if (expertImbalance != null) {
      StackOptions.expertImbalance(expertImbalance);
    }
    if (m.isMoe()) {
      if (ep == null && tp > 1) {
        defaults.add("--ep", "1 (every expert sharded over the " + tp + " GPUs, no expert parallelism)");
      }
      if (expertImbalance == null && ep != null && ep > 1) {
        defaults.add("--expert-imbalance", String.format(Locale.ROOT,
            "%.2f (routing without a load balancer at ep %d over %d experts)",
            InferenceScenario.unbalancedImbalance(m, ep), ep, m.moe().routedExperts()));
      }
    } else if ((ep != null && ep != 1) || attentionDp || expertImbalance != null || expertCommunication != null) {
      throw new IllegalArgumentException("--ep, --attention-dp, --expert-communication and --expert-imbalance apply"
          + " to MoE models; " + m.id() + " is dense");
    }
    ExpertCommunication communication = InferCommand.expertCommunication(expertCommunication, attentionDp, tp > 1,
        defaults).orElse(ExpertCommunication.ALL_TO_ALL);
    b.ep(ep == null ? 1 : ep).attentionDataParallel(attentionDp).expertCommunication(communication);
    if (expertImbalance != null) {
      b.expertImbalance(expertImbalance);
    }
  }
}
