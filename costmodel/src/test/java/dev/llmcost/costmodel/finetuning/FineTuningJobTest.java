package dev.llmcost.costmodel.finetuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.Bandwidth;
import dev.llmcost.core.DType;
import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.model.ModelArchitecture;
import dev.llmcost.core.model.ModelCatalog;
import java.util.List;
import org.junit.jupiter.api.Test;

class FineTuningJobTest {
  private static final ModelArchitecture LLAMA = ModelCatalog.bundled().get("llama-3.1-8b");

  @Test
  void activationOffloadingKeepsTwoLayersOfCheckpointsOnTheGpu() {
    // Llama 3.2 3B, full fine-tuning with per-layer checkpointing, 2 × 4096 tokens: each of the 28
    // layers keeps its bf16 input (8192 × 3072 × 2 bytes); offloading leaves two of them on the GPU.
    // torchtune's "Optimization flags" table measured the same step: 23.1 → 21.8 GiB (1.3 GiB)
    FineTuningJob off = FineTuningJob.builder(ModelCatalog.bundled().get("llama-3.2-3b"),
            AcceleratorCatalog.bundled().get("a100-sxm-80gb"))
        .method(FineTuningMethod.FULL).checkpointing(Checkpointing.FULL).sequenceLength(4096).microBatchSize(2)
        .build();
    FineTuningJob on = off.toBuilder().activationOffloading(true).build();
    FineTuningCostModel model = FineTuningCostModel.defaults();
    FineTuningEstimate a = model.estimate(off);
    FineTuningEstimate b = model.estimate(on);
    long moved = 8192L * 3072 * 2 * (28 - 2);
    assertThat(a.memory().activations().bytes() - b.memory().activations().bytes()).isBetween(moved - 1, moved + 1);
    assertThat(b.memory().hostOffloaded().bytes() - a.memory().hostOffloaded().bytes()).isBetween(moved - 1, moved + 1);
    assertThat(moved / (double) (1L << 30)).isBetween(1.2, 1.3);
    // the copies hide behind the micro-batch's compute: no slowdown (the table: 7309 → 7301 tokens/s)
    assertThat(b.tokensPerSecond()).isEqualTo(a.tokensPerSecond());
    assertThat(b.assumptions()).anyMatch(x -> x.startsWith("activation offloading"));
  }

  @Test
  void theHostLinkIsTheCatalogsAndCollectivesAcrossServersTakeTheNetwork() {
    // PCIe Gen5 x16 (H100 datasheet: 128 GB/s both directions), 64 GB/s each way at the pinned-copy share
    // bandwidthTest measured on an A100 PCIe (25.75 of 32 GB/s); a V100 sits on PCIe Gen3 (32 GB/s both ways)
    FineTuningJob h100 = FineTuningJob.builder(LLAMA, AcceleratorCatalog.bundled().get("h100-sxm"))
        .method(FineTuningMethod.FULL).distribution(Distribution.FSDP).gpus(8).build();
    assertThat(h100.hostLinkBytesPerSecond()).isCloseTo(64e9 * 25.75 / 32, org.assertj.core.data.Offset.offset(1.0));
    assertThat(h100.defaultsUsed()).anyMatch(d -> d.startsWith("hostLinkBytesPerSecond PCIe Gen5 x16")
        && d.endsWith(": 51.5 GB/s one way"));
    assertThat(FineTuningJob.builder(LLAMA, AcceleratorCatalog.bundled().get("v100-sxm2-32gb"))
        .precision(TrainablePrecision.FP32).build()
        .hostLinkBytesPerSecond()).isCloseTo(16e9 * 25.75 / 32, org.assertj.core.data.Offset.offset(1.0));
    assertThat(h100.toBuilder().hostLinkBytesPerSecond(10e9).build().defaultsUsed())
        .noneMatch(d -> d.startsWith("hostLinkBytesPerSecond"));
    assertThatThrownBy(() -> h100.toBuilder().hostLinkBytesPerSecond(-1).build())
        .hasMessageContaining("hostLinkBytesPerSecond").hasMessageContaining("-1");
    // 16 H100s span two 8-GPU servers: the collectives leave over the 400 Gb/s NICs, not the host link, so a
    // faster host link leaves them as they are
    FineTuningCostModel model = FineTuningCostModel.defaults();
    FineTuningJob two = h100.toBuilder().gpus(16).build();
    assertThat(model.estimate(two.toBuilder().hostLinkBytesPerSecond(1e12).build()).communicationSeconds())
        .isEqualTo(model.estimate(two).communicationSeconds())
        .isGreaterThan(model.estimate(h100).communicationSeconds());
    // and the assumption line names the link it priced
    assertThat(model.estimate(two).assumptions()).anyMatch(x -> x.contains("GB/s per GPU over the network across servers"));
    assertThat(model.estimate(h100).assumptions()).anyMatch(x -> x.contains("GB/s per GPU over the scale-up fabric"));
  }

  @Test
  void withoutAGpuFabricTheSlowerOfTheHostLinkAndTheNetworkBoundsTrafficAcrossServers() {
    // sixteen L40S span two 8-GPU PCIe servers (no NVLink): every gradient byte leaves its GPU over PCIe Gen4 x16
    // (25.6 GB/s one way at the pinned-copy share) and crosses the 100 Gb/s network (12.5 GB/s at the profile's
    // scale-out fraction): the network is the slower, so a faster host link changes nothing
    FineTuningCostModel model = FineTuningCostModel.defaults();
    FineTuningJob l40s = FineTuningJob.builder(ModelCatalog.bundled().get("llama-3.2-1b"),
            AcceleratorCatalog.bundled().get("l40s"))
        .method(FineTuningMethod.FULL).distribution(Distribution.DDP).gpus(16).build();
    double network = model.estimate(l40s).communicationSeconds();
    assertThat(model.estimate(l40s.toBuilder().hostLinkBytesPerSecond(1e12).build()).communicationSeconds())
        .isEqualTo(network);
    assertThat(model.estimate(l40s).assumptions()).anyMatch(x -> x.contains("GB/s per GPU over the network across"
        + " servers (the catalog's per-GPU NIC rate at the profile's scale-out fraction, below the host link"));
    // a host link slower than the network binds instead (the former model took the network alone here)
    FineTuningJob slowHost = l40s.toBuilder().hostLinkBytesPerSecond(4e9).build();
    assertThat(model.estimate(slowHost).communicationSeconds()).isGreaterThan(network * 2);
    assertThat(model.estimate(slowHost).assumptions())
        .anyMatch(x -> x.contains("4.00 GB/s per GPU over host memory (the host link, below the network across servers)"));
    // GPUs with no peer link at all, each in a server of its own (a domain of 1, as the catalog's T4): the former
    // model took the host link alone across servers; the network, slower, now bounds the traffic
    AcceleratorSpec noPeer = AcceleratorCatalog.bundled().get("l40s").toBuilder().id("l40s-no-peer")
        .scaleUpBandwidth(Bandwidth.ZERO).scaleUpLink("").scaleUpDomain(1).build();
    FineTuningJob four = FineTuningJob.builder(ModelCatalog.bundled().get("llama-3.2-1b"), noPeer)
        .method(FineTuningMethod.FULL).distribution(Distribution.DDP).gpus(4).build();
    FineTuningEstimate across = model.estimate(four);
    assertThat(model.estimate(four.toBuilder().hostLinkBytesPerSecond(1e12).build()).communicationSeconds())
        .isEqualTo(across.communicationSeconds());
    assertThat(across.assumptions()).anyMatch(x -> x.contains("over the network across servers"));
    // the same part without a network keeps the host link alone, the former model's rate: faster than the network
    FineTuningEstimate hostOnly = model.estimate(FineTuningJob.builder(ModelCatalog.bundled().get("llama-3.2-1b"),
            noPeer.toBuilder().scaleOutBandwidth(Bandwidth.ZERO).build())
        .method(FineTuningMethod.FULL).distribution(Distribution.DDP).gpus(4).build());
    assertThat(hostOnly.assumptions()).anyMatch(x -> x.contains("GB/s per GPU over host memory (the host link),"));
    assertThat(across.communicationSeconds()).isGreaterThan(hostOnly.communicationSeconds() * 1.5);
  }

  @Test
  void foreachAdamwMovesFortyBytesAParameterAndTheFusedKernelFourteen() {
    // pure bf16 AdamW (w = s = 2 bytes): the fused kernel reads p, g, m, v and writes p, m, v (3w + 4s = 14 bytes);
    // torch's multi-tensor path 6w + 14s = 40 bytes (torch/optim/adam.py, _multi_tensor_adam); clip_grad_norm_
    // adds three passes over the gradients (3w = 6 bytes)
    FineTuningJob foreach = FineTuningJob.builder(ModelCatalog.bundled().get("llama-3.2-3b"),
            AcceleratorCatalog.bundled().get("l40s"))
        .method(FineTuningMethod.FULL).checkpointing(Checkpointing.NONE).sequenceLength(512).microBatchSize(1).build();
    assertThat(foreach.fusedAdamKernel()).isFalse();
    assertThat(foreach.defaultsUsed()).anyMatch(d -> d.startsWith("fusedAdamKernel false"));
    FineTuningCostModel model = FineTuningCostModel.defaults();
    double slow = model.estimate(foreach).optimizerSeconds();
    double fused = model.estimate(foreach.toBuilder().fusedAdamKernel(true).build()).optimizerSeconds();
    double clipped = model.estimate(foreach.toBuilder().gradientClipping(true).build()).optimizerSeconds();
    assertThat(slow / fused).isCloseTo(40.0 / 14, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(clipped / slow).isCloseTo(46.0 / 40, org.assertj.core.data.Offset.offset(1e-9));
    // an 8-bit bitsandbytes optimizer is one kernel whatever the flag says
    FineTuningJob bnb = foreach.toBuilder().optimizer(FineTuningOptimizer.ADAMW_8BIT).build();
    assertThat(model.estimate(bnb).optimizerSeconds())
        .isEqualTo(model.estimate(bnb.toBuilder().fusedAdamKernel(true).build()).optimizerSeconds());
  }

  @Test
  void aT4WithoutBf16RunsTheSixteenBitRecipesInFp16() {
    // the free notebook case: QLoRA of a 1B model on one T4 (Turing: fp16 tensor cores, no bf16)
    AcceleratorSpec t4 = AcceleratorCatalog.bundled().get("t4");
    assertThat(t4.peak(DType.BF16)).isEmpty();
    FineTuningJob job = FineTuningJob.builder(ModelCatalog.bundled().get("llama-3.2-1b"), t4)
        .method(FineTuningMethod.QLORA).sequenceLength(1024).build();
    FineTuningEstimate e = FineTuningCostModel.defaults().estimate(job);
    assertThat(e.tokensPerSecond()).isPositive().isFinite();
    // fp16 math at the T4's fp16 peak: the model FLOPs it reaches cannot exceed that peak
    assertThat(e.mfu()).isGreaterThan(0).isLessThan(1);
    assertThat(e.assumptions()).anyMatch(x -> x.contains("no bf16 tensor cores") && x.contains("fp16"));
    // an a100 keeps bf16 and says nothing about fp16
    FineTuningJob a100 = FineTuningJob.builder(ModelCatalog.bundled().get("llama-3.2-1b"),
        AcceleratorCatalog.bundled().get("a100-sxm-80gb")).method(FineTuningMethod.QLORA).sequenceLength(1024).build();
    assertThat(FineTuningCostModel.defaults().estimate(a100).assumptions()).noneMatch(x -> x.contains("no bf16"));
  }

  @Test
  void onAT4TheTextsNameFp16AndTheMemoryEfficientAttentionKernel() {
    // s11l: the bytes were already fp16's; the defaults and assumptions still said bf16 and FlashAttention, which
    // needs Ampere or newer (Dao-AILab/flash-attention README; PyTorch SDPA's flash backend from sm80)
    AcceleratorSpec t4 = AcceleratorCatalog.bundled().get("t4");
    FineTuningJob job = FineTuningJob.builder(ModelCatalog.bundled().get("llama-3.2-1b"), t4)
        .method(FineTuningMethod.QLORA).sequenceLength(1024).build();
    assertThat(job.defaultsUsed()).anyMatch(d -> d.startsWith("precision bf16 (pure 16-bit")
        && d.contains("fp16 with loss scaling on t4")).noneMatch(d -> d.contains("pure bf16"));
    List<String> as = FineTuningCostModel.defaults().estimate(job).assumptions();
    assertThat(as).anyMatch(x -> x.startsWith("a nf4 base is dequantized to fp16 before each GEMM"))
        .noneMatch(x -> x.contains("dequantized to bf16") || x.startsWith("activations: FlashAttention"))
        .anyMatch(x -> x.startsWith("activations: fused attention without stored scores (PyTorch SDPA's"
            + " memory-efficient") && x.contains("t4 is older"))
        .anyMatch(x -> x.startsWith("attention rate on t4: ")
            && x.contains("borrowed (no attention rows for t4: the A100's fraction of peak)"));
    FineTuningJob v100 = FineTuningJob.builder(LLAMA, AcceleratorCatalog.bundled().get("v100-sxm2-32gb"))
        .method(FineTuningMethod.QLORA).build();
    assertThat(FineTuningCostModel.defaults().estimate(v100).assumptions())
        .anyMatch(x -> x.contains("memory-efficient") && x.contains("v100-sxm2-32gb is older"));
    // an a100 keeps bf16 and FlashAttention in its words
    FineTuningJob a100 = FineTuningJob.builder(ModelCatalog.bundled().get("llama-3.2-1b"),
        AcceleratorCatalog.bundled().get("a100-sxm-80gb")).method(FineTuningMethod.QLORA).sequenceLength(1024).build();
    assertThat(a100.defaultsUsed()).anyMatch(d -> d.equals("precision bf16 (pure bf16 weights, gradients and states)"));
    assertThat(FineTuningCostModel.defaults().estimate(a100).assumptions())
        .anyMatch(x -> x.startsWith("a nf4 base is dequantized to bf16"))
        .anyMatch(x -> x.startsWith("activations: FlashAttention")).noneMatch(x -> x.startsWith("attention rate on"));
  }

  @Test
  void qloraOfAnFp8CheckpointIsRefused() {
    ModelArchitecture fp8 = LLAMA.toBuilder().dtype(DType.FP8_E4M3).build();
    assertThatThrownBy(() -> FineTuningJob.builder(fp8, AcceleratorCatalog.bundled().get("h100-sxm"))
        .method(FineTuningMethod.QLORA).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fp8");
  }

  @Test
  void memoryPartsSumToThePeakAndQloraNeedsLessThanLoraThanFull() {
    FineTuningCostModel cm = FineTuningCostModel.defaults();
    long[] peaks = new long[3];
    int k = 0;
    for (FineTuningMethod m : new FineTuningMethod[] {FineTuningMethod.QLORA, FineTuningMethod.LORA, FineTuningMethod.FULL}) {
      FineTuningMemory mem = cm.estimate(FineTuningJob.builder(LLAMA, AcceleratorCatalog.bundled().get("h100-sxm"))
          .method(m).build()).memory();
      long sum = mem.frozenWeights().bytes() + mem.quantizationConstants().bytes() + mem.trainableWeights().bytes()
          + mem.gradients().bytes() + mem.optimizerStates().bytes() + mem.activations().bytes() + mem.logits().bytes()
          + mem.buffers().bytes();
      assertThat(mem.peakAllocated().bytes()).isEqualTo(sum);
      peaks[k++] = mem.peakAllocated().bytes();
    }
    assertThat(peaks[0]).isLessThan(peaks[1]);
    assertThat(peaks[1]).isLessThan(peaks[2]);
  }

  @Test
  void checkpointingAndChunkedLogitsSaveMemory() {
    var b = FineTuningJob.builder(LLAMA, AcceleratorCatalog.bundled().get("h100-sxm")).sequenceLength(8192);
    FineTuningCostModel cm = FineTuningCostModel.defaults();
    long none = cm.estimate(b.checkpointing(Checkpointing.NONE).logits(LogitsMode.FP32_UPCAST).build())
        .memory().peakAllocated().bytes();
    long ckpt = cm.estimate(b.checkpointing(Checkpointing.FULL).build()).memory().peakAllocated().bytes();
    long fused = cm.estimate(b.logits(LogitsMode.FUSED).build()).memory().peakAllocated().bytes();
    assertThat(ckpt).isLessThan(none);
    assertThat(fused).isLessThan(ckpt);
  }

  @Test
  void rankZeroAndMissingTargetsAreRefused() {
    assertThatThrownBy(() -> LoraConfig.of(0, LoraConfig.ALL_LINEAR)).hasMessageContaining("rank");
    ModelArchitecture gpt2 = ModelCatalog.bundled().get("gpt2");
    assertThatThrownBy(() -> FineTuningJob.builder(gpt2, AcceleratorCatalog.bundled().get("rtx-4090"))
        .lora(LoraConfig.of(8, java.util.Set.of(LoraTarget.GATE))).build()).hasMessageContaining("gate");
    FineTuningJob.builder(gpt2, AcceleratorCatalog.bundled().get("rtx-4090")).lora(LoraConfig.of(8, LoraConfig.ALL_LINEAR))
        .sequenceLength(1024).build();
  }

  @Test
  void aRankAboveTheSmallerSideOfAnAdaptedMatrixIsRefused() {
    // Llama 3.1 8B: k and v are 4096 x 1024 (8 KV heads of 128), q and o 4096 x 4096, the MLP 4096 x 14336
    AcceleratorSpec h100 = AcceleratorCatalog.bundled().get("h100-sxm");
    assertThatThrownBy(() -> FineTuningJob.builder(LLAMA, h100).lora(LoraConfig.of(Integer.MAX_VALUE, LoraConfig.ALL_LINEAR))
        .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("rank must be <= 1024, the smaller side of llama-3.1-8b's adapted k/v (4096 × 1024)"
            + " matrices")
        .hasMessageEndingWith("was 2147483647");
    assertThatThrownBy(() -> FineTuningJob.builder(LLAMA, h100).lora(LoraConfig.of(1025, LoraConfig.ALL_LINEAR)).build())
        .hasMessageStartingWith("rank must be <= 1024");
    FineTuningJob.builder(LLAMA, h100).lora(LoraConfig.of(1024, LoraConfig.ALL_LINEAR)).build();
    // without k and v the bound is the hidden size
    FineTuningJob.builder(LLAMA, h100).lora(LoraConfig.of(4096, java.util.Set.of(LoraTarget.Q, LoraTarget.UP))).build();
    assertThatThrownBy(() -> FineTuningJob.builder(LLAMA, h100)
        .lora(LoraConfig.of(4097, java.util.Set.of(LoraTarget.Q, LoraTarget.UP))).build())
        .hasMessageStartingWith("rank must be <= 4096");
  }

  @Test
  void anExplicitZeroMeanExampleLengthIsRefusedNotReadAsTheDefault() {
    AcceleratorSpec h100 = AcceleratorCatalog.bundled().get("h100-sxm");
    assertThat(FineTuningJob.builder(LLAMA, h100).sequenceLength(4096).build().meanExampleTokens()).isEqualTo(4096);
    for (int bad : new int[] {0, -1, Integer.MIN_VALUE}) {
      assertThatThrownBy(() -> FineTuningJob.builder(LLAMA, h100).meanExampleTokens(bad).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("meanExampleTokens must be >= 1, was " + bad);
    }
  }
}
