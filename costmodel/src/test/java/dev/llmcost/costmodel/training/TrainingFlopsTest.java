package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmcost.core.FlopCount;
import dev.llmcost.core.ParameterCount;
import dev.llmcost.core.TokenCount;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrainingFlopsTest {

  @ParameterizedTest(name = "l={0} h={1} s={3}")
  @CsvSource({
    "24, 2304, 24, 2048",
    "96, 12288, 96, 2048",
    "128, 25600, 160, 2048",
    "32, 4096, 32, 8192"
  })
  void megatronAccountingIsNarayananEquationsTwoAndThree(int l, int h, int a, int s) {
    ModelArchitecture m = EfficiencyCalibration.gptStyle("gpt", l, h, a, 51200, s);
    double v = 51200;
    double perTokenModel = 72.0 * l * h * h * (1 + s / (6.0 * h) + v / (12.0 * l * h));
    double perTokenHardware = 96.0 * l * h * h * (1 + s / (6.0 * h) + v / (16.0 * l * h));
    assertThat(TrainingFlops.modelFlopsPerToken(m, s, FlopsAccounting.MATMUL_WEIGHTS, false).value())
        .isCloseTo(perTokenModel, within(perTokenModel * 1e-12));
    assertThat(TrainingFlops.hardwareFlopsPerToken(m, s, Recompute.FULL).value())
        .isCloseTo(perTokenHardware, within(perTokenHardware * 1e-12));
    // selective recompute adds the forward attention core only: 4·s·h per layer and token
    assertThat(TrainingFlops.hardwareFlopsPerToken(m, s, Recompute.SELECTIVE).value())
        .isCloseTo(perTokenModel + 4.0 * l * s * h, within(perTokenModel * 1e-12));
  }

  @Test
  void operatorSelectiveRecomputationRerunsEverySecondMatmulOfALayer() {
    // torchtitan's per-op policy on Llama 3.1 8B: of wq, wk, wv, wo, w1, w3, w2 the second, fourth and
    // sixth (wk 4096×1024, wo 4096×4096, w3 4096×14336) are recomputed: 2 FLOPs per weight and token
    ModelArchitecture m = ModelCatalog.bundled().get("llama-3.1-8b");
    double none = TrainingFlops.hardwareFlopsPerToken(m, 8192, Recompute.NONE).value();
    double op = TrainingFlops.hardwareFlopsPerToken(m, 8192, Recompute.OP_SELECTIVE).value();
    double full = TrainingFlops.hardwareFlopsPerToken(m, 8192, Recompute.FULL).value();
    double recomputed = 2.0 * 32 * (4096.0 * 1024 + 4096.0 * 4096 + 4096.0 * 14336);
    assertThat(op - none).isCloseTo(recomputed, within(1.0));
    assertThat(op).isLessThan(full);
    assertThat(Recompute.parse("op-selective")).isEqualTo(Recompute.OP_SELECTIVE);
  }

  @Test
  void causalHalvingHalvesOnlyTheAttentionTerm() {
    ModelArchitecture m = ModelCatalog.bundled().get("llama-3.1-8b");
    double full = TrainingFlops.modelFlopsPerToken(m, 8192, FlopsAccounting.MATMUL_WEIGHTS, false).value();
    double causal = TrainingFlops.modelFlopsPerToken(m, 8192, FlopsAccounting.MATMUL_WEIGHTS, true).value();
    double attention = 12.0 * 32 * 4096 * 8192;
    assertThat(full - causal).isCloseTo(attention / 2, within(1.0));
  }

  @Test
  void allParametersAccountingIsLlmFoundrysFormula() {
    // 3 × (2 N s + 4 l h s²) per sequence (llm-foundry benchmarking README)
    ModelArchitecture mpt7b = EfficiencyCalibration.gptStyle("mpt-7b", 32, 4096, 32, 50368, 2048);
    double n = mpt7b.parameterCounts().total().value();
    assertThat(n).isEqualTo(6_658_859_008.0);
    double perToken = 3 * (2 * n * 2048 + 4.0 * 32 * 4096 * 2048 * 2048) / 2048;
    assertThat(TrainingFlops.modelFlopsPerToken(mpt7b, 2048, FlopsAccounting.ALL_PARAMETERS, false).value())
        .isCloseTo(perToken, within(perToken * 1e-12));
  }

  @Test
  void latentAttentionScoresUseTheQueryKeyWidthAndTheValueWidth() {
    // DeepSeek-V3: 128 heads, queries and keys of 128 + 64 features, values of 128. Per token and
    // layer the forward attention core is 2·s·128·192 (Q·Kᵀ) + 2·s·128·128 (times V); forward and
    // backward: three times that, in 61 layers
    ModelArchitecture v3 = ModelCatalog.bundled().get("deepseek-v3");
    double at4k = TrainingFlops.modelFlopsPerToken(v3, 4096, FlopsAccounting.MATMUL_WEIGHTS, false, false).value();
    double at8k = TrainingFlops.modelFlopsPerToken(v3, 8192, FlopsAccounting.MATMUL_WEIGHTS, false, false).value();
    assertThat(at8k - at4k).isEqualTo(3.0 * 61 * 2 * (128 * 192 + 128 * 128) * 4096.0);
    // the matmul term is 2 × the active weight matrices: the sequence-independent part is below 6 × active
    double matmul = at4k - 3.0 * 61 * 2 * (128 * 192 + 128 * 128) * 4096.0;
    assertThat(matmul).isLessThan(6.0 * v3.parameterCounts().active().value()).isGreaterThan(5.9 * 37.0e9);
  }

  @Test
  void deepSeekV3MultiTokenPredictionModuleIsTrainedByDefault() {
    // DeepSeek-V3 §2.2: one MTP module (depth 1) = one MoE block + M ∈ R^{h×2h} + the shared head.
    // Forward weight matrices per token: MLA 7168·1536 + 1536·128·192 + 7168·576 + 512·128·256 +
    // 128·128·7168 = 187,105,280; shared expert 3·7168·2048; router 7168·256; 8 routed experts;
    // projection 2·7168²; the head 129280·7168; the attention core 2·s·128·(192 + 128)
    double h = 7168, expert = 3 * h * 2048;
    double block = 187_105_280 + expert + h * 256 + 8 * expert + 2 * h * h;
    double perToken = 3 * (2 * block + 2 * 129280 * h + 2 * 4096.0 * 128 * (192 + 128));
    assertThat(perToken).isEqualTo(10_695_081_984.0);
    ModelArchitecture v3 = ModelCatalog.bundled().get("deepseek-v3");
    double with = TrainingFlops.modelFlopsPerToken(v3, 4096, FlopsAccounting.MATMUL_WEIGHTS, false).value();
    double without = TrainingFlops.modelFlopsPerToken(v3, 4096, FlopsAccounting.MATMUL_WEIGHTS, false, false).value();
    assertThat(with - without).isCloseTo(perToken, within(1e-9 * with));
    // about 4% more compute per token than the 61 layers alone
    assertThat(with / without - 1).isBetween(0.035, 0.05);
    // the module runs on the last pipeline stage: a step takes longer, and the assumptions say why
    TrainingJob job = TrainingJob.builder(v3, dev.llmcost.core.hardware.AcceleratorCatalog.bundled().get("h800-sxm"), 2048)
        .parallelism(Parallelism.builder().dp(128).pp(16).ep(64).build())
        .sequenceLength(4096).globalBatchSize(15360).microBatchSize(1).build();
    TrainingEstimate on = TrainingCostModel.calibrated().estimate(job);
    TrainingEstimate off = TrainingCostModel.calibrated().estimate(job.toBuilder().multiTokenPrediction(false).build());
    assertThat(job.multiTokenPrediction()).isTrue();
    assertThat(on.time().step()).isGreaterThan(off.time().step());
    assertThat(on.modelFlopsPerToken().value()).isEqualTo(with);
    assertThat(on.assumptions()).anyMatch(a -> a.startsWith("1 multi-token-prediction module(s) trained"));
    assertThat(off.assumptions()).anyMatch(a -> a.contains("not trained"));
    // a model without MTP modules is unaffected
    ModelArchitecture llama = ModelCatalog.bundled().get("llama-3.1-8b");
    assertThat(TrainingFlops.modelFlopsPerToken(llama, 4096, FlopsAccounting.MATMUL_WEIGHTS, false))
        .isEqualTo(TrainingFlops.modelFlopsPerToken(llama, 4096, FlopsAccounting.MATMUL_WEIGHTS, false, false));
  }

  @Test
  void hybridsCountTheirRecurrentMixersNotAttentionInEveryLayer() {
    // Falcon-H1-0.5B's shape (arXiv:2507.22448): every layer runs GQA attention (1,310,720 matrix
    // weights) and a Mamba-2 mixer (5,014,344 parameters, in/out projections nearly all of it) side by
    // side, then a 3 × 1024 × 2048 gated MLP; untied head of 32784 × 1024. Forward matrix FLOPs per token
    // are 2 × (36 × (attention + Mamba + MLP) + head); the attention core adds 4·s·512 per layer
    String config = "{\"model_type\":\"falcon_h1\",\"torch_dtype\":\"bfloat16\",\"hidden_size\":1024,"
        + "\"num_hidden_layers\":36,\"num_attention_heads\":8,\"num_key_value_heads\":2,\"head_dim\":64,"
        + "\"intermediate_size\":2048,\"vocab_size\":32784,\"mamba_d_ssm\":1536,\"mamba_n_heads\":24,"
        + "\"mamba_d_head\":64,\"mamba_d_state\":128,\"mamba_n_groups\":1,\"mamba_d_conv\":4,"
        + "\"mamba_rms_norm\":false,\"tie_word_embeddings\":false}";
    ModelArchitecture falcon = dev.llmcost.core.model.HuggingFaceConfigs.parse(config, "falcon-h1-0.5b");
    double forward = 2.0 * (36 * (1_310_720.0 + 5_014_344 + 3.0 * 1024 * 2048) + 32784.0 * 1024)
        + 36 * 4.0 * 2048 * 512;
    assertThat(TrainingFlops.modelFlopsPerToken(falcon, 2048, FlopsAccounting.MATMUL_WEIGHTS, false).value())
        .isCloseTo(3 * forward, within(1e-9 * forward));
    // Mamba-Codestral (pure Mamba-2, no MLP, no attention): 6 × the mixers and the head per token
    ModelArchitecture mamba = dev.llmcost.core.model.HuggingFaceConfigs.parse(
        "{\"model_type\":\"mamba2\",\"torch_dtype\":\"bfloat16\"}", "mamba2");
    long mixer = mamba.stateSpace().orElseThrow().parameters(4096);
    assertThat(TrainingFlops.modelFlopsPerToken(mamba, 4096, FlopsAccounting.MATMUL_WEIGHTS, false).value())
        .isCloseTo(6.0 * (64.0 * mixer + 32768.0 * 4096), within(1.0));
  }

  @Test
  void gpt3TakesSixNdFlops() {
    ModelArchitecture gpt3 = ModelCatalog.bundled().get("gpt3-175b");
    FlopCount total = TrainingFlops.sixND(gpt3.parameterCounts().total(), TokenCount.ofBillions(300));
    assertThat(total.value()).isCloseTo(3.14e23, within(0.02 * 3.14e23));
    assertThat(total).isEqualTo(TrainingFlops.total(gpt3, TokenCount.ofBillions(300), 2048, FlopsAccounting.SIX_N, false));
    assertThat(TrainingFlops.sixND(ParameterCount.of(1_000_000_000), TokenCount.of(1000)).value()).isEqualTo(6e12);
  }

  @Test
  void moeModelsCountOnlyTheExpertsATokenUses() {
    ModelArchitecture mixtral = ModelCatalog.bundled().get("mixtral-8x7b-v0.1");
    double sixN = TrainingFlops.modelFlopsPerToken(mixtral, 4096, FlopsAccounting.SIX_N, false).value();
    assertThat(sixN).isEqualTo(6.0 * mixtral.parameterCounts().active().value());
    double matmul = TrainingFlops.modelFlopsPerToken(mixtral, 4096, FlopsAccounting.MATMUL_WEIGHTS, false).value();
    assertThat(matmul).isLessThan(6.0 * mixtral.parameterCounts().total().value() / 2);
  }

  @Test
  void chinchillaAllocationSpendsTheBudgetAndMinimisesTheFittedLoss() {
    FlopCount gopherBudget = FlopCount.of(5.76e23);
    ComputeOptimal opt = ComputeOptimal.forBudget(gopherBudget);
    System.out.printf(Locale.ROOT, "Chinchilla approach 3 at %.3g FLOP: N = %.3g, D = %.3g (%.1f tokens/parameter), loss %.4f%n",
        gopherBudget.value(), opt.parameters(), opt.tokens(), opt.tokensPerParameter(), opt.loss());
    assertThat(6 * opt.parameters() * opt.tokens()).isCloseTo(gopherBudget.value(), within(gopherBudget.value() * 1e-9));
    for (double f : new double[] {0.5, 0.9, 1.1, 2.0}) {
      double n = opt.parameters() * f;
      double d = gopherBudget.value() / (6 * n);
      assertThat(ComputeOptimal.loss(n, d)).isGreaterThan(opt.loss());
    }
    // exponents a = β/(α+β) and b = α/(α+β) add to one: 10× compute, N × 10^a, D × 10^b
    ComputeOptimal ten = ComputeOptimal.forBudget(FlopCount.of(5.76e24));
    assertThat(ten.parameters() / opt.parameters()).isCloseTo(Math.pow(10, 0.28 / 0.62), within(1e-9));
    assertThat(ten.tokens() / opt.tokens()).isCloseTo(Math.pow(10, 0.34 / 0.62), within(1e-9));
  }
}
