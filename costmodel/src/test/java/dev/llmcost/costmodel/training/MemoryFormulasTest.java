package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.internal.training.EvalConfig;
import dev.llmcost.costmodel.internal.training.Evaluator;
import dev.llmcost.costmodel.internal.training.JobMapping;
import dev.llmcost.costmodel.internal.training.ModelConstants;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;

class MemoryFormulasTest {

  static final AcceleratorSpec A100 = AcceleratorCatalog.bundled().get("a100-sxm-80gb");

  /** GPT-3 175B as Korthikanti et al. Table 3 sizes it: h 12288, a 96, l 96, s 2048. */
  static final ModelArchitecture GPT3 = EfficiencyCalibration.gptStyle("gpt3-175b-megatron", 96, 12288, 96, 51200, 2048);

  static TrainingJob.Builder job(ModelArchitecture model, int gpus) {
    return TrainingJob.builder(model, Cluster.of(A100, gpus));
  }

  @ParameterizedTest(name = "{0}")
  @CsvFileSource(resources = "korthikanti-table2.csv", numLinesToSkip = 1)
  void activationsPerLayerFollowKorthikantiTable2(
      String configuration, boolean sp, String recompute, double a, double b, double c, double d, String source) {
    for (int micro : new int[] {1, 4}) {
      int t = configuration.equals("no parallelism") || configuration.equals("full activation recompute") ? 1 : 8;
      TrainingJob j =
          job(GPT3, 8 * t)
              .parallelism(Parallelism.builder().dp(8).tp(t).sequenceParallel(sp).build())
              .microBatchSize(micro)
              .globalBatchSize(64)
              .recompute(Recompute.parse(recompute))
              .attention(TrainingAttentionKernel.UNFUSED)
              .dropout(true)
              .build();
      EvalConfig cfg = JobMapping.config(j, new EvalConfig());
      double actual = Evaluator.layerActivationBytes(ModelConstants.of(GPT3), cfg, true);
      double s = 2048;
      double h = 12288;
      double heads = 96;
      double expected = s * micro * h * (a + b / t + c * heads * s / h + d * heads * s / (h * t));
      System.out.printf(Locale.ROOT, "%-50s b=%d t=%d  expected %,.0f  actual %,.0f  (%s)%n",
          configuration, micro, t, expected, actual, source);
      assertThat(actual).isCloseTo(expected, within(expected * 1e-12));
    }
  }

  @Test
  void flashAttentionDropsTheScoreTerm() {
    EvalConfig unfused = JobMapping.config(
        job(GPT3, 8).attention(TrainingAttentionKernel.UNFUSED).dropout(true).build(), new EvalConfig());
    EvalConfig flash = JobMapping.config(job(GPT3, 8).attention(TrainingAttentionKernel.FLASH).dropout(true).build(), new EvalConfig());
    ModelConstants m = ModelConstants.of(GPT3);
    double sbh = 2048.0 * 12288;
    // 34 sbh plus FlashAttention's fp32 log-sum-exp (4 bytes per head and token)
    assertThat(Evaluator.layerActivationBytes(m, flash, true)).isCloseTo(sbh * 34 + 2048.0 * 96 * 4, within(1.0));
    assertThat(Evaluator.layerActivationBytes(m, unfused, true)).isCloseTo(sbh * (34 + 5.0 * 96 * 2048 / 12288), within(1.0));
  }

  @Test
  void contextParallelismDividesTheSequence() {
    ModelArchitecture llama = ModelCatalog.bundled().get("llama-2-7b");
    ModelConstants m = ModelConstants.of(llama);
    EvalConfig one = JobMapping.config(job(llama, 8).sequenceLength(4096).build(), new EvalConfig());
    EvalConfig four = JobMapping.config(
        job(llama, 8).sequenceLength(4096).parallelism(Parallelism.builder().dp(2).cp(4).build()).build(), new EvalConfig());
    assertThat(Evaluator.layerActivationBytes(m, four, true) * 4).isCloseTo(Evaluator.layerActivationBytes(m, one, true), within(1e-3));
  }

  static double statesPerParameter(TrainingJob j) {
    TrainingEstimate e = TrainingCostModel.calibrated().estimate(j);
    return (double) e.memory().modelStates().bytes() / j.model().parameterCounts().total().value();
  }

  @Test
  void megatronKeepsEighteenBytesPerParameter() {
    // bf16 weights 2 + fp32 gradients 4 + fp32 master 4 + Adam 8 (Korthikanti et al. 2022 §2;
    // Megatron-LM distributed optimizer documentation)
    TrainingJob j = job(GPT3, 8).precision(PrecisionRecipe.BF16_MIXED).optimizer(Optimizer.ADAM).build();
    assertThat(statesPerParameter(j)).isCloseTo(18, within(1e-6));
  }

  @ParameterizedTest
  @CsvSource({"2", "8", "64", "512"})
  void megatronDistributedOptimizerKeepsSixPlusTwelveOverDp(int dp) {
    TrainingJob j = job(GPT3, dp).precision(PrecisionRecipe.BF16_MIXED).zero(ZeroStage.OPTIMIZER_STATES).build();
    assertThat(statesPerParameter(j)).isCloseTo(6 + 12.0 / dp, within(1e-6));
  }

  @ParameterizedTest(name = "stage {0}: {1} GB")
  @CsvSource({
    "0, 120.0",
    "1, 31.4",
    "2, 16.6",
    "3, 1.9"
  })
  void zeroPaperFigureOne(int stage, double gigabytes) {
    // Rajbhandari et al. 2020 Figure 1: Ψ = 7.5B parameters, N_d = 64, K = 12 (mixed-precision Adam)
    TrainingJob j =
        job(GPT3, 64).precision(PrecisionRecipe.BF16_MIXED_HALF_GRADIENTS).zero(ZeroStage.of(stage)).build();
    double perGpu = statesPerParameter(j) * 7.5e9 / 1e9;
    System.out.printf(Locale.ROOT, "ZeRO stage %d: %.3f GB per GPU for 7.5B parameters on 64 GPUs (paper: %.1f GB)%n",
        stage, perGpu, gigabytes);
    assertThat(perGpu).isCloseTo(gigabytes, within(0.05));
  }

  @ParameterizedTest
  @CsvSource({"8", "16", "64", "256"})
  void deepSpeedZeroTwoKeepsTwoPlusEighteenOverN(int n) {
    TrainingJob j = job(GPT3, n).precision(PrecisionRecipe.DEEPSPEED_FP16).zero(ZeroStage.GRADIENTS).build();
    assertThat(statesPerParameter(j)).isCloseTo(2 + 18.0 / n, within(1e-6));
  }

  @ParameterizedTest
  @CsvSource({"8", "64", "256"})
  void zeroThreeShardsEverythingAndGathersTheLargestLayer(int n) {
    // ZeRO paper: (2 + 2 + K)Ψ/N with K = 12; DeepSpeed's estimate_zero3_model_states_mem_needs adds
    // 4 bytes × the largest layer's parameters for the gathered fp16 parameters and gradients
    TrainingJob j = job(GPT3, n).precision(PrecisionRecipe.BF16_MIXED_HALF_GRADIENTS).zero(ZeroStage.PARAMETERS).build();
    TrainingEstimate e = TrainingCostModel.calibrated().estimate(j);
    assertThat(statesPerParameter(j)).isCloseTo(16.0 / n, within(1e-6));
    double largestLayer = 12.0 * 12288 * 12288 + 13 * 12288;
    assertThat((double) e.memory().communicationBuffers().bytes()).isCloseTo(4 * largestLayer, within(1.0));
    // DeepSpeed's own fp16 recipe keeps the fp32 gradient partition too: 20 bytes / N (its estimator
    // prints 18P/N, leaving out the 2-byte fp16 gradient partition)
    TrainingJob ds = job(GPT3, n).precision(PrecisionRecipe.DEEPSPEED_FP16).zero(ZeroStage.PARAMETERS).build();
    assertThat(statesPerParameter(ds)).isCloseTo(20.0 / n, within(1e-6));
  }

  @Test
  void firstPipelineStageHoldsPMicroBatchesOfItsLayers() {
    // Korthikanti et al. §4.2.3: with 1F1B the first stage stores p micro-batches of L/p layers;
    // interleaving with v chunks scales that by 1 + (p-1)/(pv)
    TrainingJob.Builder b =
        job(GPT3, 64).globalBatchSize(64).recompute(Recompute.SELECTIVE).attention(TrainingAttentionKernel.UNFUSED).dropout(true);
    TrainingJob plain = b.parallelism(Parallelism.builder().tp(8).pp(8).sequenceParallel(true).build()).build();
    TrainingJob interleaved = b.parallelism(Parallelism.builder().tp(8).pp(8).virtualStages(3).sequenceParallel(true).build()).build();
    double perLayer = 34.0 * 2048 * 12288 / 8;
    double embeddingMasks = 2048.0 * 12288 / 8;
    double plainAct = TrainingCostModel.calibrated().estimate(plain).memory().activations().bytes();
    double interAct = TrainingCostModel.calibrated().estimate(interleaved).memory().activations().bytes();
    assertThat(plainAct).isCloseTo(96 * perLayer + 8 * embeddingMasks, within(2.0));
    assertThat(interAct).isCloseTo(96 * perLayer * (1 + 7.0 / 24) + 8 * embeddingMasks, within(2.0));
  }

  @Test
  void aJobThatDoesNotFitSaysSoWithItsBreakdown() {
    ModelArchitecture llama70 = ModelCatalog.bundled().get("llama-2-70b");
    TrainingEstimate e = TrainingCostModel.calibrated().estimate(job(llama70, 1).sequenceLength(4096).build());
    assertThat(e.memory().fits()).isFalse();
    assertThat(e.memory().total().bytes()).isGreaterThan(e.memory().capacity().bytes());
    assertThat(e.memory().modelStates().bytes()).isEqualTo(18L * llama70.parameterCounts().total().value());
  }

  @Test
  void partsAddUpToTheTotalAndTheReserveIsSeparate() {
    TrainingEstimate e = TrainingCostModel.calibrated().estimate(
        job(ModelCatalog.bundled().get("llama-2-13b"), 16).parallelism(Parallelism.builder().dp(2).tp(4).pp(2).sequenceParallel(true).build()).build());
    TrainingMemory m = e.memory();
    assertThat(m.total()).isEqualTo(m.weights().plus(m.gradients()).plus(m.masterWeights()).plus(m.optimizerStates())
        .plus(m.activations()).plus(m.communicationBuffers()));
    assertThat(m.fragmentationReserve().bytes()).isEqualTo((long) Math.ceil(m.total().bytes() * 0.10));
    assertThat(m.fits()).isEqualTo(m.required().compareTo(m.capacity()) <= 0);
  }

  /**
   * The interleaved schedule's activations on a pipeline rank, counted from Megatron-Core's warm-up
   * ({@code 2(p − rank − 1) + (v − 1)·p} chunk forwards and one more, in groups of p micro-batches per chunk):
   * with equal chunks, rank 0 holds Korthikanti et al.'s {@code L·p·(1 + (p−1)/(p·v))} layer-micro-batches
   * (§4.2.3); Megatron-Bridge's Llama 3.1 405B on 16 stages × 4 chunks, whose first chunk holds one layer (the
   * embedding takes the other slot), holds 127 on rank 0 and 154 on rank 1 (eight layers, 77 chunk forwards).
   */
  @Test
  void interleavedInFlightFollowsMegatronCoreWarmUp() {
    for (int p : new int[] {2, 4, 8, 16}) {
      for (int v : new int[] {2, 3, 4}) {
        double layers = 2.0 * v;
        double korthikanti = layers * p * (1 + (p - 1.0) / (p * v));
        assertThat(Evaluator.inFlightLayerMicroBatches(0, p, v, 4 * p, layers, 2, 2))
            .as("p %d v %d", p, v).isCloseTo(korthikanti, within(1e-9));
        // every micro-batch in the warm-up when m = p: each chunk held p times
        assertThat(Evaluator.inFlightLayerMicroBatches(0, p, v, p, layers, 2, 2)).isCloseTo(p * layers, within(1e-9));
      }
      // the planner skips the interleaved variants of a 1F1B layout over the memory: interleaving never holds less
      for (int r = 0; r < p; r++) {
        for (int v : new int[] {2, 3, 4}) {
          for (int m : new int[] {p, 2 * p, 8 * p}) {
            assertThat(Evaluator.inFlightLayerMicroBatches(r, p, v, m, 2.0 * v, 2, 2))
                .isGreaterThanOrEqualTo(Evaluator.inFlightLayerMicroBatches(r, p, 1, m, 2.0 * v, 2, 2));
          }
        }
      }
      // 1F1B: rank r holds p − r micro-batches of its layers
      assertThat(Evaluator.inFlightLayerMicroBatches(1, p, 1, 64, 5, 5, 5)).isCloseTo((p - 1) * 5.0, within(1e-9));
    }
    assertThat(Evaluator.inFlightLayerMicroBatches(0, 16, 4, 384, 7, 1, 2)).isCloseTo(127, within(1e-9));
    assertThat(Evaluator.inFlightLayerMicroBatches(1, 16, 4, 384, 8, 2, 2)).isCloseTo(154, within(1e-9));
    // the last rank: (v − 1)·p + 1 chunk forwards, its last chunk (the loss's) of one layer
    assertThat(Evaluator.inFlightLayerMicroBatches(15, 16, 4, 384, 7, 2, 1)).isCloseTo(16 * 6 + 1, within(1e-9));
  }

  /**
   * Llama 3 405B's layout (Dubey et al. 2024 §3.3.2): 126 layers on 16 stages in chunks of one layer, 8 per rank, the
   * first stage's first chunk only the embedding and the last stage's last only the output head and loss. At 32
   * micro-batches (Table 4, 8,192 GPUs) rank 1 runs 2·14 + 7·16 = 140 warm-up forwards and one more: 128 + 13 layers;
   * rank 0 has 143 but its 15 beyond the round are of its empty first chunk.
   */
  @Test
  void chunksOfOneLayerLeaveTheEmbeddingAndTheHeadChunksEmpty() {
    assertThat(Evaluator.maxVirtualStages(126, 16)).isEqualTo(8);
    assertThat(Evaluator.maxVirtualStages(12, 4)).isEqualTo(3);
    assertThat(Evaluator.maxVirtualStages(127, 16)).isEqualTo(8); // only the last stage holds one fewer
    assertThat(Evaluator.maxVirtualStages(125, 16)).isEqualTo(7); // a middle stage would hold an empty chunk
    assertThat(Evaluator.inFlightLayerMicroBatches(1, 16, 8, 32, 8, 1, 1)).isCloseTo(141, within(1e-9));
    assertThat(Evaluator.inFlightLayerMicroBatches(0, 16, 8, 32, 7, 0, 1)).isCloseTo(112, within(1e-9));
    assertThat(Evaluator.inFlightLayerMicroBatches(15, 16, 8, 32, 7, 1, 0)).isCloseTo(112, within(1e-9));
    TrainingEstimate llama3 = TrainingEstimate.compute(TrainingJob.builder(ModelCatalog.bundled().get("llama-3.1-405b"),
            Cluster.of(AcceleratorCatalog.bundled().get("h100-sxm"), 8192, 8))
        .parallelism(Parallelism.builder().dp(64).tp(8).pp(16).virtualStages(8).sequenceParallel(true).build())
        .sequenceLength(8192).globalBatchSize(2048).microBatchSize(1).recompute(Recompute.NONE)
        .zero(ZeroStage.GRADIENTS).build());
    // "we could pre-train Llama 3 on sequences of 8K tokens without activation checkpointing"; its FSDP "shards
    // optimizer states and gradients" but keeps the weights after the forward (§3.3.2): ZeRO stage 2
    assertThat(llama3.memory().fits()).isTrue();
  }

  /**
   * Transformer Engine keeps the quantized input of each FP8 linear layer for the backward pass (1 byte per
   * element, plus MXFP8's scale byte per 32), where the 16-bit recipes keep the 16-bit tensor: per token and
   * layer, the QKV and fc1 inputs (the norms' outputs, {@code 2h}) and fc2's input ({@code ffn}) shrink, divided
   * by t under sequence parallelism; the norms' inputs, Q, K, V, the attention output and the SwiGLU input stay
   * 16-bit. torchao's float8 keeps the high-precision input: no change.
   */
  @Test
  void transformerEngineFp8KeepsQuantizedLinearInputs() {
    ModelArchitecture llama = ModelCatalog.bundled().get("llama-3.1-405b");
    ModelConstants m = ModelConstants.of(llama);
    AcceleratorSpec h100 = AcceleratorCatalog.bundled().get("h100-sxm");
    java.util.function.BiFunction<PrecisionRecipe, TrainingFramework, Double> layer = (r, f) -> {
      TrainingJob j = TrainingJob.builder(llama, Cluster.of(h100, 64))
          .parallelism(Parallelism.builder().dp(8).tp(8).sequenceParallel(true).build())
          .sequenceLength(8192).microBatchSize(1).globalBatchSize(64)
          .precision(r).framework(f).build();
      return Evaluator.layerActivationBytes(m, JobMapping.config(j, new EvalConfig()), true);
    };
    double bf16 = layer.apply(PrecisionRecipe.BF16_MIXED, TrainingFramework.MEGATRON);
    double saved = 8192.0 * (2.0 * m.hidden + m.ffn) / 8;
    assertThat(bf16 - layer.apply(PrecisionRecipe.FP8_MIXED, TrainingFramework.MEGATRON)).isCloseTo(saved, within(1e-3));
    assertThat(bf16 - layer.apply(PrecisionRecipe.MXFP8, TrainingFramework.MEGATRON))
        .isCloseTo(saved * (1 - 1.0 / 32), within(1e-3));
    // delayed scaling: the output projection keeps its quantized input beside the kernel's 16-bit output
    assertThat(bf16 - layer.apply(PrecisionRecipe.FP8_DELAYED, TrainingFramework.MEGATRON))
        .isCloseTo(saved - 8192.0 * m.attnOutWidth / 8, within(1e-3));
    assertThat(layer.apply(PrecisionRecipe.FP8_MIXED, TrainingFramework.PYTORCH_NATIVE)).isCloseTo(bf16, within(1e-3));
  }
}
