package dev.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 14: input that was accepted, silently changed or refused with a message that did not name
 * the option. Each row is one command line (split on spaces) and a text the one-line refusal must
 * contain; every run must end with exit 2 and, under {@code --json}, an {@code error} object.
 */
class BadInputTest {

  private static void refused(String args, String expected) {
    Cli text = Cli.run(args.split(" "));
    assertThat(text.exitCode()).as(args).isEqualTo(Main.BAD_INPUT);
    assertThat(text.out()).as(args).isEmpty();
    assertThat(text.err().strip().lines()).as(args).hasSize(1);
    assertThat(text.err()).as(args).contains(expected).doesNotContain("Exception", "\tat ");
    Cli json = Cli.run((args + " --json").split(" "));
    assertThat(json.exitCode()).as(args).isEqualTo(Main.BAD_INPUT);
    assertThat(json.json().get("error").asText()).as(args).contains(expected);
  }

  // item 14: a global batch below 1 silently became 512
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "train --model llama-3.1-8b --global-batch 0                         | --global-batch must be >= 1, was 0",
      "train --model llama-3.1-8b --global-batch -1                        | --global-batch must be >= 1, was -1",
      "train --model llama-3.1-8b --global-batch -1 --tp 1 --pp 1 --dp 8   | --global-batch must be >= 1, was -1",
      "plan --model gpt2 --global-batch 0                                  | --global-batch must be >= 1, was 0",
  })
  void item14GlobalBatchBelowOneIsRefused(String args, String expected) {
    refused(args.strip(), expected.strip());
  }

  // s17c: simulate's engine behaviours name the option and the value
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "simulate --model llama-3.1-8b --accelerator h100-sxm --rps 1 --scheduler-steps 0 | --scheduler-steps must be in [1, 1024], was 0",
      "simulate --model llama-3.1-8b --accelerator h100-sxm --rps 1 --scheduler-steps 2000 | --scheduler-steps must be in [1, 1024], was 2000",
      "simulate --model llama-3.1-8b --accelerator h100-sxm --rps 1 --prefill-scheduling chunked | --prefill-scheduling must be mixed or separate, was \"chunked\"",
      // s22j: infer's steady state takes the same two options, checked the same way, and refuses them without it
      "infer --model llama-3.1-8b --accelerator h100-sxm --rate 1 --scheduler-steps 0 | --scheduler-steps must be in [1, 1024], was 0",
      "infer --model llama-3.1-8b --accelerator h100-sxm --concurrency 8 --scheduler-steps 1025 | --scheduler-steps must be in [1, 1024], was 1025",
      "infer --model llama-3.1-8b --accelerator h100-sxm --rate 1 --prefill-scheduling chunked | --prefill-scheduling must be mixed or separate, was \"chunked\"",
      "infer --model llama-3.1-8b --accelerator h100-sxm --scheduler-steps 4 | --scheduler-steps 4 applies to --rate or --concurrency",
      // s24e: --batch max is an offline run of continuous batching and takes --prefill-scheduling; a static batch not
      "infer --model llama-3.1-8b --accelerator h100-sxm --batch 8 --prefill-scheduling separate | --prefill-scheduling separate applies to --rate, --concurrency or --batch max (continuous batching), not to a static --batch 8",
      "infer --model llama-3.1-8b --accelerator h100-sxm --batch max --prefill-scheduling chunked | --prefill-scheduling must be mixed or separate, was \"chunked\"",
      "infer --model llama-3.1-8b --accelerator h100-sxm --batch max --scheduler-steps 4 | --scheduler-steps 4 applies to --rate or --concurrency",
      "infer --model llama-3.1-8b --accelerator h100-sxm --pp 2 --batch max --prefill-scheduling separate | --prefill-scheduling separate (vLLM V0's scheduler) is not simulated with --pp 2",
      "infer --model deepseek-v3 --accelerator h200-sxm --tp 8 --ep 8 --attention-dp --weights fp8 --batch max --prefill-scheduling separate | --prefill-scheduling separate (vLLM V0's scheduler) is not simulated with --attention-dp",
      // s22k: refused where simulate refuses them, by the same check (EngineBehaviourOptions.refuseV0SchedulerOn)
      "infer --model llama-3.1-8b --accelerator h100-sxm --pp 2 --rate 1 --scheduler-steps 4 | --scheduler-steps 4 (vLLM V0's scheduler) is not simulated with --pp 2",
      "infer --model llama-3.1-8b --accelerator h100-sxm --pp 2 --concurrency 8 --prefill-scheduling separate | --prefill-scheduling separate (vLLM V0's scheduler) is not simulated with --pp 2",
      "infer --model deepseek-v3 --accelerator h200-sxm --tp 8 --ep 8 --attention-dp --rate 1 --scheduler-steps 4 --prefill-scheduling separate | --scheduler-steps 4 and --prefill-scheduling separate (vLLM V0's scheduler) is not simulated with --attention-dp",
      "infer --model deepseek-v3 --accelerator h200-sxm --tp 8 --ep 8 --attention-dp --concurrency 8 --prefill-scheduling separate | --prefill-scheduling separate (vLLM V0's scheduler) is not simulated with --attention-dp",
      "simulate --model llama-3.1-8b --accelerator h100-sxm --rps 1 --cuda-graph-sizes 4,2 | --cuda-graph-sizes must be ascending whole numbers in [1, 1000000] separated by commas, such as 1,2,4,8, was \"4,2\"",
      "simulate --model llama-3.1-8b --accelerator h100-sxm --rps 1 --cuda-graph-sizes 0,8 | --cuda-graph-sizes must be ascending whole numbers in [1, 1000000] separated by commas, such as 1,2,4,8, was \"0,8\"",
      "simulate --model llama-3.1-8b --accelerator h100-sxm --rps 1 --cuda-graph-sizes 1,,8 | --cuda-graph-sizes must be ascending whole numbers in [1, 1000000] separated by commas, such as 1,2,4,8, was \"1,,8\"",
      "simulate --model llama-3.1-8b --accelerator h100-sxm --rps 1 --cuda-graph-sizes 1,x | --cuda-graph-sizes must be ascending whole numbers in [1, 1000000] separated by commas, such as 1,2,4,8, was \"1,x\"",
  })
  void simulateEngineBehavioursNameTheOptionAndTheValue(String args, String expected) {
    refused(args.strip(), expected.strip());
  }

  // s22a: simulate's closed loop (--concurrency, --requests, --think-ms) names the option and the value
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "simulate --model llama-3.1-8b --accelerator h100-sxm --concurrency 0 | --concurrency must be in [1, 1000000], was 0",
      "simulate --model llama-3.1-8b --accelerator h100-sxm --concurrency 2000000 | --concurrency must be in [1, 1000000], was 2000000",
      "simulate --model llama-3.1-8b --accelerator h100-sxm --concurrency 4 --requests 0 | --requests must be in [1, 20000000], was 0",
      "simulate --model llama-3.1-8b --accelerator h100-sxm --concurrency 4 --think-ms -1 | --think-ms must be in [0, 3600000], was -1.0",
      "simulate --model llama-3.1-8b --accelerator h100-sxm --concurrency 4 --rps 1 | --concurrency and --rps exclude each other",
      "simulate --model llama-3.1-8b --accelerator h100-sxm --concurrency 4 --duration 60 | --concurrency and --duration exclude each other",
      "simulate --model llama-3.1-8b --accelerator h100-sxm --concurrency 4 --burstiness 2 | --concurrency and --burstiness exclude each other",
      "simulate --model llama-3.1-8b --accelerator h100-sxm --concurrency 4 --frontend-ms 3 | --concurrency and --frontend-ms exclude each other: the closed loop is simulated without it",
      "simulate --model llama-3.1-8b --accelerator h100-sxm --concurrency 4 --disaggregate 1:1 | --concurrency and --disaggregate exclude each other",
      "simulate --model llama-3.1-8b --accelerator h100-sxm --rps 1 --requests 10 | --requests 10 needs --concurrency",
      "simulate --model llama-3.1-8b --accelerator h100-sxm --rps 1 --think-ms 5 | --think-ms 5.0 needs --concurrency",
  })
  void simulateClosedLoopNamesTheOptionAndTheValue(String args, String expected) {
    refused(args.strip(), expected.strip());
  }

  // s20p: simulate's decode pool of its own engine (--decode-tp, --decode-limits) names the option and the value,
  // with the library's reason where the library refuses (Disaggregation.withDecodePool, ServingSimulator.decodePool)
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "simulate --model llama-3.1-8b --accelerator h100-sxm --rps 1 --decode-tp 2 | --decode-tp 2 needs --disaggregate",
      "simulate --model llama-3.1-8b --accelerator h100-sxm --rps 1 --decode-limits 64,4096 | --decode-limits 64,4096 needs --disaggregate",
      "simulate --model llama-3.1-8b --accelerator h100-sxm --rps 1 --disaggregate 1:1 --decode-tp -1 | --decode-tp must be in [1, 1024], was -1",
      "simulate --model llama-3.1-8b --accelerator h100-sxm --rps 1 --disaggregate 1:1 --decode-limits 8,4 | --decode-limits 8,4: maxBatchedTokens (4) must be >= maxNumSeqs (8)",
      "simulate --model llama-3.1-8b --accelerator h100-sxm --rps 1 --disaggregate 1:1 --decode-limits a,b | --decode-limits must be SEQS,TOKENS such as 256,8192, was \"a,b\"",
      "simulate --model deepseek-v3 --accelerator h200-sxm --tp 8 --rps 1 --ep 8 --disaggregate 1:1 --decode-tp 4 | --decode-tp 4: ",
      "simulate --model deepseek-v3 --accelerator h200-sxm --tp 8 --rps 1 --ep 8 --attention-dp --disaggregate 1:1 --decode-tp 8 | --attention-dp with --decode-tp 8: the decode engine's attention data parallelism is not simulated in a decode pool of its own",
      // s21b: capacity takes them with --disaggregated or --simulate, with the same refusals
      "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 1 --decode-tp 2 | --decode-tp 2 needs --disaggregated or --simulate",
      "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 1 --decode-limits 64,4096 | --decode-limits 64,4096 needs --disaggregated or --simulate",
      "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 1 --disaggregated --decode-tp -1 | --decode-tp must be in [1, 1024], was -1",
      "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 1 --simulate --decode-tp 2000 | --decode-tp must be in [1, 1024], was 2000",
      "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 1 --disaggregated --decode-limits 8,4 | --decode-limits 8,4: maxBatchedTokens (4) must be >= maxNumSeqs (8)",
      "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 1 --simulate --decode-limits 0,4 | --decode-limits needs SEQS in [1, 1000000] and TOKENS in [1, 1048576], was \"0,4\"",
      "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 1 --disaggregated --decode-limits a,b | --decode-limits must be SEQS,TOKENS such as 256,8192, was \"a,b\"",
      "capacity --model deepseek-v3 --accelerator h200-sxm --rps 1 --disaggregated --decode-tp 3 | --decode-tp 3: ",
      "capacity --model deepseek-v3 --accelerator h200-sxm --rps 1 --attention-dp --simulate --decode-tp 8 | --attention-dp with --decode-tp 8: the decode engine's attention data parallelism is not simulated in a decode pool of its own",
  })
  void simulateDecodePoolNamesTheOptionAndTheValue(String args, String expected) {
    refused(args.strip(), expected.strip());
  }

  // s18f: simulate's mixture-of-experts layout and attention-DP balancing, and capacity --simulate's engine options,
  // name the option and the value
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "simulate --model deepseek-v3 --accelerator h200-sxm --tp 8 --rps 1 --ep 0 | --ep must be >= 1, was 0",
      "simulate --model deepseek-v3 --accelerator h200-sxm --tp 8 --rps 1 --ep 3 | --ep must divide tp (8)",
      "simulate --model deepseek-v3 --accelerator h200-sxm --tp 8 --rps 1 --attention-dp | --attention-dp needs --ep = --tp (8)",
      "simulate --model deepseek-v3 --accelerator h200-sxm --tp 8 --rps 1 --ep 8 --attention-dp --pp 2 | --attention-dp is not simulated with --pp 2",
      "simulate --model deepseek-v3 --accelerator h200-sxm --tp 8 --rps 1 --ep 8 --attention-dp --scheduler-steps 4 | --scheduler-steps 4 (vLLM V0's scheduler) is not simulated with --attention-dp",
      "simulate --model deepseek-v3 --accelerator h200-sxm --tp 8 --rps 1 --ep 8 --attention-dp --prefill-scheduling separate | --prefill-scheduling separate (vLLM V0's scheduler) is not simulated with --attention-dp",
      "simulate --model deepseek-v3 --accelerator h200-sxm --tp 8 --rps 1 --ep 8 --attention-dp --prefill-scheduling separate --prefill-gate 608,0,8 | --prefill-scheduling separate and --prefill-gate 608,0,8 (vLLM V0's scheduler) is not simulated with --attention-dp",
      "simulate --model deepseek-v3 --accelerator h200-sxm --tp 8 --rps 1 --ep 8 --attention-dp --prefill-gate 608,0,8 | --prefill-gate 608,0,8 needs --prefill-scheduling separate",
      "simulate --model deepseek-v3 --accelerator h200-sxm --tp 8 --rps 1 --ep 8 --attention-dp --attention-dp-balance maybe | --attention-dp-balance must be on, off or TIMEOUT,WAIT iterations such as 50,10 (timeout in [1, 1000000], wait in [0, 1000000]), was \"maybe\"",
      "simulate --model deepseek-v3 --accelerator h200-sxm --tp 8 --rps 1 --ep 8 --attention-dp --attention-dp-balance 0,3 | --attention-dp-balance must be on, off or TIMEOUT,WAIT iterations such as 50,10 (timeout in [1, 1000000], wait in [0, 1000000]), was \"0,3\"",
      "simulate --model deepseek-v3 --accelerator h200-sxm --tp 8 --rps 1 --ep 8 --attention-dp --attention-dp-balance 5,-1 | was \"5,-1\"",
      "simulate --model deepseek-v3 --accelerator h200-sxm --tp 8 --rps 1 --ep 8 --attention-dp-balance on | --attention-dp-balance applies with --attention-dp and --tp above 1 (it balances the attention-data-parallel ranks), was on without them",
      "simulate --model deepseek-v3 --accelerator h200-sxm --tp 8 --rps 1 --expert-communication all-gather | --expert-communication applies with --attention-dp, was all-gather without it",
      "simulate --model deepseek-v3 --accelerator h200-sxm --tp 8 --rps 1 --ep 8 --expert-imbalance 0.5 | --expert-imbalance must be a finite number >= 1, was 0.5",
      "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 10 --overlap-scheduler | --overlap-scheduler is an engine option of the simulator: it needs --simulate",
      "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 10 --attention-dp-balance on | --attention-dp-balance on is an engine option of the simulator: it needs --simulate",
      "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 10 --disaggregated --cuda-graph-sizes 1,2 | --disaggregated is analytic only: it excludes --simulate, --input-dist, --output-dist, --duration, --burstiness, --seed and the simulator's engine options, was --cuda-graph-sizes 1,2",
      "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 10 --simulate --duration 10 --scheduler-steps 0 | --scheduler-steps must be in [1, 1024], was 0",
      "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 10 --simulate --duration 10 --cuda-graph-sizes 8,4 | --cuda-graph-sizes must be ascending whole numbers in [1, 1000000] separated by commas, such as 1,2,4,8, was \"8,4\"",
      "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 10 --simulate --duration 10 --scheduler-steps 4 --overlap-scheduler | --overlap-scheduler (TensorRT-LLM's) is not simulated with --scheduler-steps 4",
      "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 10 --simulate --duration 10 --attention-dp-balance on | --attention-dp-balance applies with --attention-dp and --tp above 1",
      "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 10 --harness-batching 0.05,32 | --harness-batching 0.05,32 is an engine option of the simulator: it needs --simulate",
      "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 10 --disaggregated --harness-batching 0.05,32 | --disaggregated is analytic only: it excludes --simulate, --input-dist, --output-dist, --duration, --burstiness, --seed and the simulator's engine options, was --harness-batching 0.05,32",
      "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 10 --simulate --duration 10 --harness-batching 0.05,0 | --harness-batching must be off or WINDOW,MAX such as 0.3,96 (WINDOW seconds, 0 or in [0.000001, 3600]; MAX requests in [1, 1000000]), was \"0.05,0\"",
      "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 10 --simulate --duration 10 --harness-batching -1,8 | --harness-batching must be off or WINDOW,MAX such as 0.3,96",
      "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 10 --prefill-gate 608,0,8 | --prefill-gate 608,0,8 is an engine option of the simulator: it needs --simulate",
      "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 10 --disaggregated --prefill-gate 608,0,8 | --disaggregated is analytic only: it excludes --simulate, --input-dist, --output-dist, --duration, --burstiness, --seed and the simulator's engine options, was --prefill-gate 608,0,8",
      "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 10 --simulate --duration 10 --prefill-gate 608,0,8 | --prefill-gate 608,0,8 needs --prefill-scheduling separate (AMD's patch gates vLLM V0's prefill-only steps), was without it (mixed, the default)",
      "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 10 --simulate --duration 10 --prefill-scheduling separate --prefill-gate 608,0 | --prefill-gate must be off or MAX_RUNNING,MIN_FREE_BLOCKS,MIN_WAITING such as 608,0,8 (MAX_RUNNING sequences in [1, 1000000]; MIN_FREE_BLOCKS at least 0; MIN_WAITING requests in [0, 1000000]), was \"608,0\"",
      "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 10 --simulate --duration 10 --prefill-scheduling separate --prefill-gate 608,0,8 --overlap-scheduler | --overlap-scheduler (TensorRT-LLM's) is not simulated with --prefill-scheduling separate and --prefill-gate 608,0,8",
      "capacity --model bert-base-uncased --accelerator h100-sxm --rps 10 --simulate | --simulate and the simulator's options apply to --task generate (prefill and decode), not embed, was --simulate",
      "capacity --model bert-base-uncased --accelerator h100-sxm --rps 10 --task embed --overlap-scheduler | --simulate and the simulator's options apply to --task generate (prefill and decode), not embed, was --overlap-scheduler",
      "capacity --model bert-base-uncased --accelerator h100-sxm --rps 10 --duration 5 | not embed, was --duration 5.0",
  })
  void simulatorExpertAndEngineOptionsNameTheOptionAndTheValue(String args, String expected) {
    refused(args.strip(), expected.strip());
  }

  // s14p: per-module precision of the attention projections
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "infer --model deepseek-v3 --accelerator b200 --tp 8 --attention-weights fp5                 | --attention-weights must be one of bf16, fp16, fp32, fp8, int8, int4, int4-g<group>, nf4, mxfp4, nvfp4, was \"fp5\"",
      "infer --model deepseek-v3 --accelerator b200 --tp 8 --attention-output-weights bf17         | --attention-output-weights must be one of",
      "infer --model mamba-codestral-7b --accelerator h100-sxm --attention-weights bf16             | --attention-weights applies to models with attention layers; mamba-codestral-7b has none, was \"bf16\"",
      "capacity --model mamba-codestral-7b --accelerator h100-sxm --rps 1 --attention-output-weights fp8 | --attention-output-weights applies to models with attention layers; mamba-codestral-7b has none, was \"fp8\"",
      "simulate --model llama-3.1-8b --accelerator h100-sxm --rps 1 --attention-weights int4-g7     | --attention-weights \"int4-g7\": groupSize must be a power of two",
  })
  void attentionWeightsNameTheOptionAndTheValue(String args, String expected) {
    refused(args.strip(), expected.strip());
  }

  // activation offloading (train9l): Megatron-Core's cpu_offloading_num_layers in [0, layers), pp 1, no recomputation
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "train --model llama-3.1-8b --offload-activation-layers -1               | --offload-activation-layers must be >= 0, was -1",
      "train --model llama-3.1-8b --offload-activation-layers 32               | activationOffloadLayers must be less than the layers of llama-3.1-8b (32), was 32",
      "train --model llama-3.1-8b --offload-activation-layers 8 --recompute full | activationOffloadLayers needs recompute none",
      "train --model llama-3.1-8b --gpus 16 --pp 2 --offload-activation-layers 8 | activationOffloadLayers needs pp 1",
      "plan --model llama-3.1-8b --offload-activation-layers -2                | --offload-activation-layers must be >= 0, was -2",
      "plan --model llama-3.1-8b --offload-activation-layers 40                | activationOffloadLayers must be less than the layers of llama-3.1-8b (32), was 40",
  })
  void offloadedLayersOutOfRangeAreRefused(String args, String expected) {
    refused(args.strip(), expected.strip());
  }

  // s23l: the data-parallel gradient bucket (Megatron-Core's bucket_size) must hold at least one parameter
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "train --model llama-3.1-8b --ddp-bucket-params 0                        | --ddp-bucket-params must be > 0, was 0",
      "plan --model llama-3.1-8b --ddp-bucket-params -5                        | --ddp-bucket-params must be > 0, was -5",
      "train --model llama-3.1-8b --ddp-bucket-params lots                     | --ddp-bucket-params",
      "train --model llama-3.1-8b --framework pytorch-native --ddp-bucket-params 1000000 | --ddp-bucket-params: ddpBucketParameters sets Megatron-Core's bucket_size and needs framework megatron (PyTorch-native jobs use torchtitan's 100 MiB DDP bucket), was pytorch-native",
  })
  void ddpBucketParamsNamesTheOptionAndTheValue(String args, String expected) {
    refused(args.strip(), expected.strip());
  }

  // item 15: GPT-2's learned position table holds 1,024 positions
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "infer --model gpt2 --accelerator h100-sxm --input 4096                | --input + --output (4,096 + 256 = 4,352 tokens) must be <= gpt2's learned position table (1,024 positions)",
      "infer --model gpt2 --accelerator h100-sxm --input 1000 --output 25    | --input + --output (1,000 + 25 = 1,025 tokens)",
      "capacity --model gpt2 --accelerator h100-sxm --rps 1 --input 4096     | gpt2's learned position table (1,024 positions)",
  })
  void item15ContextBeyondALearnedPositionTableIsRefused(String args, String expected) {
    refused(args.strip(), expected.strip());
  }

  // item 16: overflow reached the user without the option or the value
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 1e30 | --rps 1.0E30",
      "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 1e30 | requestsPerSecond 1.0E30 needs more than 2,147,483,647 GPUs",
      "bill --model gpt-4o --input 9223372036854775807 --cached 9223372036854775807 --cache-write 5 --output 1 | --cached + --cache-write + --cache-write-1h must be <= --input (9223372036854775807), was 9223372036854775807 + 5 + 0 = 9223372036854775812",
  })
  void item16OverflowNamesTheOptionAndTheValue(String args, String expected) {
    refused(args.strip(), expected.strip());
  }

  // item 18: options refused without their name, or accepted when invalid
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "train --model gpt2 --price-per-gpu-hour NaN         | --price-per-gpu-hour must be a decimal amount in USD such as 2.50, was \"NaN\"",
      "plan --model gpt2 --price-per-gpu-hour NaN          | --price-per-gpu-hour must be a decimal amount",
      "infer --model gpt2 --accelerator h100-sxm --input 512 --price-per-gpu-hour 1e999999999 | --price-per-gpu-hour must be below 10^15 USD",
      "train --model gpt2 --cp 0                           | --cp must be >= 1, was 0",
      "train --model gpt2 --cp -1                          | --cp must be >= 1, was -1",
      "train --model gpt2 --virtual-stages 0               | --virtual-stages must be >= 1, was 0",
      "train --model gpt2 --tp -1                          | --tp must be >= 1, was -1",
      "infer --model llama-3.1-8b --accelerator h100-sxm --weights int4-g7          | --weights \"int4-g7\": groupSize must be a power of two from 8 to 8192",
      "infer --model llama-3.1-8b --accelerator h100-sxm --weights int4-g2147483647 | was 2147483647",
      "infer --model llama-3.1-8b --accelerator h100-sxm --weights int4-g99999999999 | --weights int4-g<group> needs a whole group size",
      "train --model gpt2 --tokens 1.5                     | --tokens must be a whole number of tokens, was \"1.5\"",
      "train --model gpt2 --tokens 1e999999999             | --tokens must be a count such as 300B or 2T",
  })
  void item18OptionsAreNamedAndInvalidValuesRefused(String args, String expected) {
    refused(args.strip(), expected.strip());
  }

  // item 1: when nothing fits, say so, show the least-memory configuration and what it needs, and no time or cost
  @org.junit.jupiter.api.Test
  void item1NothingFitsPrintsTheLeastMemoryConfigurationWithoutTimeOrCost() {
    Cli text = Cli.run("train", "--model", "llama-3.1-405b", "--gpus", "8");
    assertThat(text.exitCode()).isZero();
    assertThat(text.out())
        .containsPattern("nothing fits: no configuration holds it; the one needing the least memory needs [0-9.]+ GiB"
            + " \\([0-9.]+ GiB with the fragmentation reserve\\) per GPU, of 80.0 GiB")
        .contains("configuration (least memory): ", "DOES NOT FIT", TrainCommand.NOT_RUN)
        .doesNotContain("fastest that fits", "wall clock ", "days", "USD", "kWh", "MFU", "tokens/s");
    var n = Cli.run("train", "--model", "llama-3.1-405b", "--gpus", "8", "--json").json();
    assertThat(n.get("fits").asBoolean()).isFalse();
    assertThat(n.get("notRun").asText()).isEqualTo(TrainCommand.NOT_RUN);
    for (String key : new String[] {"stepSeconds", "tokensPerSecondPerGpu", "mfu", "hfu", "stepSecondsBreakdown",
        "wallClockSeconds", "gpuHours", "costUsd", "energyKwh", "energyKwhPerMillionTokens"}) {
      assertThat(n.has(key)).as(key).isFalse();
    }
    assertThat(n.get("memoryPerGpuBytes").get("total").asLong()).isGreaterThan(80L << 30);
    Cli fixed = Cli.run("train", "--model", "llama-2-70b", "--gpus", "8", "--tp", "1", "--pp", "1", "--zero", "0");
    assertThat(fixed.out()).contains("nothing fits: no configuration with the fixed values holds it")
        .doesNotContain("USD", "days");
  }

  // item 2: the plan's "nothing fits" line lacked the unit of the capacity, and its table showed time and cost
  @org.junit.jupiter.api.Test
  void item2PlanNothingFitsNamesTheUnitAndPrintsTheLeastMemoryRow() {
    Cli r = Cli.run("plan", "--model", "llama-3.1-405b", "--gpus", "8", "--seq", "8192", "--global-batch", "64",
        "--tokens", "1T");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .containsPattern("no configuration fits in memory; the one needing the least memory needs [0-9.]+ GiB"
            + " \\([0-9.]+ GiB with the fragmentation reserve\\) per GPU, of 80.0 GiB:\n")
        .containsPattern("\\n +8 +1 +8 +1 +1 +1 +1 on +1 +[0-3] +\\w+ +[0-9]+\\.[0-9]\\n")
        .contains(TrainCommand.NOT_RUN)
        .doesNotContain("USD", "days", "step s");
    assertThat(Cli.run("plan", "--model", "llama-3.1-405b", "--gpus", "8", "--seq", "8192", "--global-batch", "64",
        "--tokens", "1T", "--json").json().get("leastMemory").has("costUsd")).isFalse();
  }

  // item 20: misspelled options and commands get a did-you-mean; an API model points to bill
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "params --modle llama-3.1-8b                     | unknown option --modle: did you mean --model",
      "parms --model llama-3.1-8b                      | did you mean params",
      "tokens trian --corpus x --vocab-size 300 --out y | did you mean train",
      "infer --model llama-3.1-8b --acelerator h100-sxm | unknown option --acelerator: did you mean --accelerator",
      "infer --model gpt-4o --accelerator h100-sxm     | --model \"gpt-4o\" is an API model",
      "infer --model gpt-4o --accelerator h100-sxm     | 'llmcost bill --model gpt-4o --input N --output N' prices its tokens",
      "train --model gpt-4o                            | is an API model",
  })
  void item20MisspellingsGetADidYouMeanAndApiModelsPointToBill(String args, String expected) {
    refused(args.strip(), expected.strip());
  }

  // s11i: a missing file was refused with its path twice and no reason ("cannot read runs file x: x")
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "calibrate --runs /nonexistent-s11i/runs.csv --out /tmp/p.json | cannot read runs file /nonexistent-s11i/runs.csv: no such file or directory",
      "train --model llama-3.1-8b --profile /nonexistent-s11i/p.json  | cannot read profile /nonexistent-s11i/p.json: no such file or directory",
      "bill --model gpt-4o --input 5 --output 5 --prices /nonexistent-s11i/prices.json | cannot read /nonexistent-s11i/prices.json: no such file or directory",
  })
  void s11iAMissingFileIsNamedWithTheReason(String args, String expected) {
    refused(args.strip(), expected.strip());
  }

  // s11i: options that were accepted and silently had no effect
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "train --model llama-3.1-8b --gpus 8 --power-limit 5000          | --power-limit must be at most the 700 W TDP of h100-sxm, was 5000.0",
      "plan --model llama-3.1-8b --gpus 8 --power-limit 701            | --power-limit must be at most the 700 W TDP of h100-sxm, was 701.0",
      "finetune --model llama-3.1-8b --accelerator h100-sxm --epochs 0 | --epochs counts passes over --examples and needs it, was 0",
      "finetune --model llama-3.1-8b --accelerator h100-sxm --epochs 3 | --epochs counts passes over --examples and needs it, was 3",
      "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 10 --burstiness 5 | --burstiness and --seed need --simulate",
      "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 10 --seed 7       | --burstiness and --seed need --simulate",
      "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 10 --disaggregated --seed 7 | --disaggregated is analytic only",
      "finetune --model llama-3.1-8b --accelerator h100-sxm --galore-rank 64 | --galore-rank needs --optimizer galore, was --optimizer default",
      "finetune --model llama-3.1-8b --accelerator h100-sxm --galore-rank 64 --optimizer adamw | --galore-rank needs --optimizer galore, was --optimizer adamw",
      "finetune --model llama-3.1-8b --accelerator h100-sxm --galore-rank 0 --optimizer galore | --galore-rank: galoreRank must be >= 1, was 0",
      "train --model llama-3.1-8b --gpus 8 --zero 1 --fsdp-backward-prefetch post | --fsdp-backward-prefetch post applies with --zero 2 (FSDP SHARD_GRAD_OP) or 3 (FULL_SHARD), was --zero 1",
      "train --model llama-3.1-8b --gpus 8 --zero 0 --fsdp-backward-prefetch pre  | --fsdp-backward-prefetch pre applies with --zero 2 (FSDP SHARD_GRAD_OP) or 3 (FULL_SHARD), was --zero 0",
      "train --model llama-3.1-8b --gpus 8 --zero 2 --pp 2 --fsdp-backward-prefetch post | --fsdp-backward-prefetch post with --zero 2 (FSDP1 SHARD_GRAD_OP) applies with --pp 1, was --pp 2",
  })
  void s11iOptionsWithoutEffectAreRefused(String args, String expected) {
    refused(args.strip(), expected.strip());
  }

  // s11i: --batch max answered batch 1 (engineMaxBatch's floor) for weights that leave no memory at all
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "infer --model llama-3.1-405b --accelerator h100-sxm --batch max | --batch max: the weights of llama-3.1-405b take 755.96 GiB per GPU at --tp 1",
      "infer --model llama-3.1-405b --accelerator h100-sxm --batch max | so no KV cache fits; raise --tp or store fewer bytes per weight (--weights)",
  })
  void s11iBatchMaxWithNoMemoryAfterTheWeightsIsRefused(String args, String expected) {
    refused(args.strip(), expected.strip());
  }

  // s11i: plan's and capacity's refusals named the library's field (requestsPerSecond, min) without the option
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "plan --model llama-3.1-8b --gpus 8 --min-gpus 0                 | --min-gpus: min must be > 0, was 0",
      "plan --model llama-3.1-8b --gpus 8 --top 0                      | --top: top must be > 0, was 0",
      "plan --model llama-3.1-8b --gpus 8 --seq 0                      | --seq: sequenceLength must be > 0, was 0",
      "plan --model llama-3.1-8b --gpus 8 --tp 0                       | --tp: tensorParallel must be > 0, was 0",
      "plan --model llama-3.1-8b --gpus 8 --pp 0                       | --pp: pipelineParallel must be > 0, was 0",
      "plan --model llama-3.1-8b --gpus 8 --micro-batch 0              | --micro-batch: microBatches must be > 0, was 0",
      "plan --model mixtral-8x7b-v0.1 --gpus 8 --ep 0                  | --ep: expertParallel must be > 0, was 0",
      "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 0    | --rps: requestsPerSecond must be > 0, was 0.0",
      "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 1 --ttft-slo -1 | --ttft-slo: ttftSloSeconds must be > 0, was -1.0",
      "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 1 --max-batch 0 | --max-batch: maxBatch must be > 0, was 0",
      "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 1 --tp 0        | --tp: tp candidate must be > 0, was 0",
  })
  void s11iPlanAndCapacityRefusalsNameTheOption(String args, String expected) {
    refused(args.strip(), expected.strip());
  }

  // s11i: train's precise refusal was built from the planner's placeholder (global batch = the GPUs, no shard group):
  // "was 8" for --global-batch 64, the generic "no configuration is valid" for --hsdp-shard 3 and --global-batch 7
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "train --model llama-3.1-8b --gpus 8 --micro-batch 3 --global-batch 64 --tp 1 --pp 1 --dp 8 | globalBatchSize must be a multiple of microBatchSize × dp (3 × 8 = 24), was 64",
      "train --model llama-3.1-8b --gpus 8 --global-batch 7 --tp 1 --pp 1 --dp 8 | globalBatchSize must be a multiple of microBatchSize × dp (1 × 8 = 8), was 7",
      "train --model llama-3.1-8b --gpus 8 --hsdp-shard 3                     | shardGroupSize must divide dp × cp (8), was 3",
  })
  void s11iTrainRefusalsNameTheUsersValues(String args, String expected) {
    refused(args.strip(), expected.strip());
  }

  // s11i: train and plan accepted the MoE-only options on a dense model and costed nothing (infer refuses them)
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "train --model llama-3.1-8b --gpus 8 --expert-imbalance 2                  | --expert-imbalance applies to MoE models; llama-3.1-8b is dense",
      "train --model llama-3.1-8b --gpus 8 --moe-dispatcher flex --ep-overlap    | --ep-overlap, --moe-dispatcher apply to MoE models; llama-3.1-8b is dense",
      "train --model llama-3.1-8b --gpus 8 --expert-capacity-factor 1.25         | --expert-capacity-factor applies to MoE models",
      "plan --model llama-3.1-8b --gpus 8 --expert-imbalance 2                   | --expert-imbalance applies to MoE models; llama-3.1-8b is dense",
  })
  void s11iMoeOptionsOnADenseModelAreRefused(String args, String expected) {
    refused(args.strip(), expected.strip());
  }

  // s11j: a fixed --virtual-stages the planner cannot use got the generic "no configuration is valid"; --no-mtp on a
  // model without MTP modules, --quant-library without a 4-bit base under adapters and --fsdp-backward-prefetch with a
  // --zero list without 3 (since s21j: without 2 or 3) were accepted and had no effect
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "train --model llama-3.1-8b --gpus 8 --virtual-stages 3 --pp 2 --tp 1 --dp 4 | --virtual-stages must divide the layers per stage (16: 32 layers of llama-3.1-8b on --pp 2) into equal chunks, was 3",
      "train --model llama-3.1-8b --gpus 8 --virtual-stages 2 --pp 1               | --virtual-stages 2 needs --pp > 1, was --pp 1",
      "train --model llama-3.1-8b --gpus 8 --virtual-stages 3                      | --virtual-stages must divide the layers per stage of some pipeline on 8 GPUs (32 layers of llama-3.1-8b; pp 2: 16, pp 4: 8, pp 8: 4), was 3",
      "train --model llama-3.1-8b --gpus 8 --no-mtp                                | --no-mtp applies to models with multi-token-prediction modules; llama-3.1-8b has none",
      "plan --model llama-3.1-8b --gpus 8 --no-mtp                                 | --no-mtp applies to models with multi-token-prediction modules; llama-3.1-8b has none",
      "plan --model llama-3.1-8b --gpus 8 --zero 0,1 --fsdp-backward-prefetch post | --fsdp-backward-prefetch post applies with ZeRO 2 (FSDP SHARD_GRAD_OP) or 3 (FULL_SHARD), was --zero 0,1",
      "finetune --model llama-3.1-8b --accelerator h100-sxm --method lora --quant-library peft | --quant-library applies to a 4-bit base (nf4, fp4, int4) under adapters (qlora, qdora, or lora/dora with --base nf4), was --method lora with --base bf16",
      "finetune --model llama-3.1-8b --accelerator h100-sxm --method lora --base int8 --quant-library bitsandbytes | --quant-library applies to a 4-bit base (nf4, fp4, int4) under adapters (qlora, qdora, or lora/dora with --base nf4), was --method lora with --base int8",
  })
  void s11jOptionsWithoutEffectOrUnusableAreRefused(String args, String expected) {
    refused(args.strip(), expected.strip());
  }

  // s20o: train --pp-last-stage-layers (Megatron-Core's num_layers_in_last_pipeline_stage) names the option and the
  // value where the placement cannot be built: no pipeline, an uneven rest, DualPipe, chunks that do not divide a stage
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "train --model deepseek-v3 --gpus 2048 --pp 16 --ep 64 --pp-last-stage-layers -1 | --pp-last-stage-layers must be >= 1 (leave it out for the default placement), was -1",
      "train --model deepseek-v3 --gpus 2048 --pp 16 --ep 64 --pp-last-stage-layers 0  | --pp-last-stage-layers must be >= 1 (leave it out for the default placement), was 0",
      "train --model llama-3.1-8b --gpus 8 --pp-last-stage-layers 8                    | --pp-last-stage-layers 8 places the layers of a given pipeline; needs --pp > 1, was --pp not given",
      "train --model llama-3.1-8b --gpus 8 --pp 1 --pp-last-stage-layers 8             | --pp-last-stage-layers 8 needs --pp > 1, was --pp 1",
      "train --model llama-3.1-8b --gpus 8 --tp 8 --dp 1 --cp 1 --pp-last-stage-layers 8 | --pp-last-stage-layers 8 needs --pp > 1, was pp 1 (set by --tp, --dp and --cp on 8 GPUs)",
      "train --model deepseek-v3 --gpus 2048 --pp 16 --ep 64 --pp-last-stage-layers 2  | --pp-last-stage-layers must leave the other 15 stages of --pp 16 an equal share (at least one layer each) of the 61 layers of deepseek-v3, was 2",
      "train --model llama-3.1-8b --gpus 8 --pp 2 --pp-last-stage-layers 32            | --pp-last-stage-layers must leave the other stage of --pp 2 an equal share (at least one layer each) of the 32 layers of llama-3.1-8b, was 32",
      "train --model deepseek-v3 --gpus 2048 --pp 16 --ep 64 --schedule dualpipe --pp-last-stage-layers 1 | --pp-last-stage-layers cannot be set with --schedule dualpipe (DualPipe places stages r and p-1-r on rank r itself), was 1",
      "train --model llama-3.1-70b --gpus 64 --pp 4 --tp 8 --pp-last-stage-layers 14 --virtual-stages 4 | --virtual-stages must divide every stage's layers into equal chunks (22 on each of the first 3 stages, 14 on the last: --pp-last-stage-layers 14, 80 layers of llama-3.1-70b on --pp 4), was 4",
      "train --model deepseek-v3 --gpus 2048 --pp 16 --ep 64 --schedule interleaved --pp-last-stage-layers 1 | --schedule interleaved needs virtual stages that divide every stage's layers (4 on each of the first 15 stages, 1 on the last: --pp-last-stage-layers 1, 61 layers of deepseek-v3 on --pp 16); none above 1 does",
      "plan --model llama-3.1-8b --gpus 8 --pp 2,4 --pp-last-stage-layers 8          | --pp-last-stage-layers 8 places the layers of a given pipeline; needs one --pp above 1, was --pp 2,4",
      "plan --model llama-3.1-8b --gpus 8 --pp-last-stage-layers 8                   | --pp-last-stage-layers 8 places the layers of a given pipeline; needs one --pp above 1, was --pp not given",
      "plan --model llama-3.1-8b --gpus 8 --pp 2 --pp-last-stage-layers -2           | --pp-last-stage-layers must be >= 1 (leave it out for the default placement), was -2",
      "plan --model llama-3.1-8b --gpus 8 --pp 4 --pp-last-stage-layers 7            | --pp-last-stage-layers must leave the other 3 stages of --pp 4 an equal share (at least one layer each) of the 32 layers of llama-3.1-8b, was 7",
      "plan --model llama-3.1-8b --gpus 8 --pp 4 --schedule 1f1b,dualpipe --pp-last-stage-layers 8 | --pp-last-stage-layers cannot be set with --schedule dualpipe (DualPipe places stages r and p-1-r on rank r itself), was 8",
      "plan --model llama-3.1-70b --gpus 64 --pp 4 --pp-last-stage-layers 14 --virtual-stages 2,4 | --virtual-stages must divide every stage's layers into equal chunks (22 on each of the first 3 stages, 14 on the last: --pp-last-stage-layers 14, 80 layers of llama-3.1-70b on --pp 4), was 4",
  })
  void s20oLastPipelineStageLayersNameTheOptionAndTheValue(String args, String expected) {
    refused(args.strip(), expected.strip());
  }

  // s21f: train/plan --pp-layout (Megatron-Core's pipeline_model_parallel_layout) names the option and the value: no
  // pipeline, a bad string (position and character), layers or MTP layers not the model's, chunks or schedule not the
  // layout's, with --pp-last-stage-layers. '#' delimits: a layout holds '|'
  @ParameterizedTest
  @CsvSource(delimiter = '#', value = {
      "train --model deepseek-v3 --gpus 2048 --ep 64 --pp-layout Et*4|(t*4|)*14tmL # --pp-layout Et*4|(t*4|)*14tmL places the layers of a given pipeline; needs one --pp above 1, was --pp not given",
      "train --model deepseek-v3 --gpus 2048 --ep 64 --pp 1 --pp-layout EtL # --pp-layout EtL places the layers of a given pipeline; needs one --pp above 1, was --pp 1",
      "train --model llama-3.1-8b --gpus 8 --tp 8 --dp 1 --cp 1 --pp-layout EtL # --pp-layout EtL places the layers of a given pipeline; needs one --pp above 1, was pp 1 (set by --tp, --dp and --cp on 8 GPUs)",
      "train --model deepseek-v3 --gpus 2048 --ep 64 --pp 16 --pp-layout Et*4|(t*4|)*14tmL --pp-last-stage-layers 1 # --pp-layout excludes --pp-last-stage-layers (one placement each), was --pp-layout Et*4|(t*4|)*14tmL",
      "train --model deepseek-v3 --gpus 2048 --ep 64 --pp 16 --pp-layout Et*4|x*4|(t*4|)*13tmL # --pp-layout is not a valid Megatron-Core layout for --pp 16: pipeline layout 'Et*4|x*4|(t*4|)*13tmL' has an unknown character (known: E, t, m, L, |, *N, (...)*N, commas) at position 5 ('x')",
      "train --model deepseek-v3 --gpus 2048 --ep 64 --pp 16 --pp-layout Et*4|(t*4|*14tmL # --pp-layout is not a valid Megatron-Core layout for --pp 16: pipeline layout 'Et*4|(t*4|*14tmL' has an unclosed bracket at position 5 ('(')",
      "train --model deepseek-v3 --gpus 2048 --ep 64 --pp 3 --pp-layout Et*4|(t*4|)*14tmL # --pp-layout is not a valid Megatron-Core layout for --pp 3: pipeline layout 'Et*4|(t*4|)*14tmL' has 16 virtual stages, which pp (3) does not divide",
      "train --model deepseek-v3 --gpus 2048 --ep 64 --pp 16 --pp-layout Et*4|(t*4|)*14t*2mL # --pp-layout must place the 61 transformer layers of deepseek-v3 ('t'), placed 62, was Et*4|(t*4|)*14t*2mL",
      "train --model deepseek-v3 --gpus 2048 --ep 64 --pp 16 --pp-layout Et*4|(t*4|)*14tL # --pp-layout must place the 1 multi-token-prediction layer(s) of deepseek-v3 trained here ('m'), placed 0, was Et*4|(t*4|)*14tL",
      "train --model deepseek-v3 --gpus 2048 --ep 64 --pp 16 --pp-layout Et*4|(t*4|)*14tmL --no-mtp # --pp-layout must place the 0 multi-token-prediction layer(s) of deepseek-v3 trained here ('m'), placed 1, was Et*4|(t*4|)*14tmL",
      "train --model deepseek-v3 --gpus 2048 --ep 64 --pp 8 --pp-layout Et*4|(t*4|)*14tmL --virtual-stages 4 # --pp-layout Et*4|(t*4|)*14tmL has 2 virtual stage(s) per rank on --pp 8, --virtual-stages was 4",
      "train --model deepseek-v3 --gpus 2048 --ep 64 --pp 16 --pp-layout Et*4|(t*4|)*14tmL --schedule dualpipe # --pp-layout Et*4|(t*4|)*14tmL runs the 1f1b schedule (1 chunk(s) a rank; not dualpipe or zero-bubble), --schedule was dualpipe",
      "plan --model deepseek-v3 --gpus 2048 --ep 64 --pp 8,16 --pp-layout Et*4|(t*4|)*14tmL # --pp-layout Et*4|(t*4|)*14tmL places the layers of a given pipeline; needs one --pp above 1, was --pp 8,16",
      "plan --model deepseek-v3 --gpus 2048 --ep 64 --pp 16 --pp-layout Et*4|(t*4|*14tmL # --pp-layout is not a valid Megatron-Core layout for --pp 16: pipeline layout 'Et*4|(t*4|*14tmL' has an unclosed bracket at position 5 ('(')",
      "plan --model deepseek-v3 --gpus 2048 --ep 64 --pp 8 --schedule 1f1b --pp-layout Et*4|(t*4|)*14tmL # --pp-layout Et*4|(t*4|)*14tmL runs the interleaved schedule (2 chunk(s) a rank; not dualpipe or zero-bubble), --schedule was 1f1b",
  })
  void s21fPipelineLayoutNamesTheOptionAndTheValue(String args, String expected) {
    refused(args.strip(), expected.strip());
  }

  // s11j: train's refusals named the library's fields (globalBatchSize, shardGroupSize, ...) without the option
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "train --model llama-3.1-8b --gpus 8 --global-batch 7 --tp 1 --pp 1 --dp 8 | --global-batch: globalBatchSize must be a multiple of microBatchSize × dp (1 × 8 = 8), was 7",
      "train --model llama-3.1-8b --gpus 8 --hsdp-shard 3                     | --hsdp-shard: shardGroupSize must divide dp × cp (8), was 3",
      "train --model gpt2 --gpus 8 --tp 8                                      | --tp: tp must divide heads (12), was 8",
      "train --model llama-3.1-8b --gpus 8 --tp 3                             | --tp × --pp × --cp must divide --gpus (8), was 3",
      "train --model qwen3-30b-a3b --gpus 8 --etp 3                           | --ep × --etp: ep × etp must divide tp × cp × dp (8), was 1 × 3",
      "train --model llama-3.1-8b --gpus 8 --schedule interleaved --virtual-stages 1 --pp 2 | --schedule interleaved needs --virtual-stages > 1, was 1",
      "plan --model llama-3.1-8b --gpus 8 --schedule interleaved --virtual-stages 1 | --schedule interleaved needs --virtual-stages > 1, was 1",
  })
  void s11jTrainRefusalsNameTheOption(String args, String expected) {
    refused(args.strip(), expected.strip());
  }

  // s12: the HSDP shard group's two names; a refusal named --hsdp-shard even where the user typed --shard-group
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "train --model llama-3.1-8b --gpus 8 --shard-group 3                    | --shard-group: shardGroupSize must divide dp × cp (8), was 3",
      "train --model llama-3.1-8b --gpus 8 --shard-group=3                    | --shard-group: shardGroupSize must divide dp × cp (8), was 3",
      "train --model llama-3.1-8b --gpus 8 --shard-group 0                    | --shard-group must be >= 1, was 0",
      "train --model llama-3.1-8b --gpus 8 --hsdp-shard 0                     | --hsdp-shard must be >= 1, was 0",
      "train --model llama-3.1-8b --gpus 8 --zero 0 --hsdp-shard 4            | --hsdp-shard needs --zero 1, 2 or 3, was --zero 0",
      "train --model llama-3.1-8b --gpus 8 --zero 0 --shard-group 4           | --shard-group needs --zero 1, 2 or 3, was --zero 0",
      "plan --model llama-3.1-8b --gpus 8 --zero 3 --shard-group 3            | --shard-group: shardGroupSize must divide dp × cp of some configuration on 8 GPUs",
      "plan --model llama-3.1-8b --gpus 8 --zero 3 --hsdp-shard 0             | --hsdp-shard must be >= 1, was 0",
  })
  void s12ShardGroupRefusalsNameTheOptionAsTyped(String args, String expected) {
    refused(args.strip(), expected.strip());
  }

  // s12i's DeepSeek-V3 options on the command line: each refused where the job has nothing to apply it to
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "train --model llama-3.1-8b --gpus 8 --recompute-norm-up-proj            | --recompute-norm-up-proj: recomputeNormsAndUpProjections needs latent attention (MLA), was llama-3.1-8b",
      "train --model llama-3.1-8b --gpus 8 --fp8-activation-cache              | --fp8-activation-cache: fp8ActivationCache needs an FP8 precision, was bf16",
      "train --model llama-3.1-8b --gpus 8 --recompute-moe-act                 | --recompute-moe-act applies to MoE models; llama-3.1-8b is dense",
      "plan --model llama-3.1-8b --gpus 8 --recompute-moe-act                  | --recompute-moe-act applies to MoE models; llama-3.1-8b is dense",
      "train --model llama-3.1-8b --gpus 8 --precision fp8-blockwise --fp8-dispatch | --fp8-dispatch: fp8Dispatch needs an MoE model, was llama-3.1-8b",
      "train --model deepseek-v3 --accelerator h800 --gpus 2048 --tp 1 --pp 16 --ep 64 --precision fp8-blockwise --fp8-dispatch | --fp8-dispatch: fp8Dispatch needs the flex dispatcher (DeepEP), was moeDispatcher alltoall",
  })
  void s12DeepSeekOptionsAreRefusedWhereTheyCannotApply(String args, String expected) {
    refused(args.strip(), expected.strip());
  }

  // s13a: CUDA graphs where Megatron-Core refuses them, and an unknown scope
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "train --model qwen3-30b-a3b --accelerator b200 --gpus 8 --ep 8 --cuda-graphs full | --cuda-graphs: cudaGraphs full needs every expert's input padded to capacity with the alltoall dispatcher (Megatron-Core: moe cuda graph is only supported with drop-padding MoE), was dropless with moeDispatcher alltoall",
      "train --model llama-3.1-8b --gpus 8 --recompute full --cuda-graphs partial | needs recompute none or selective (Megatron-Core: CUDA graphs not supported with activation recomputation), was recompute full",
      "train --model llama-3.1-8b --gpus 8 --cuda-graphs attn | --cuda-graphs: cudaGraphs must be one of none, partial, full, was \"attn\"",
      "plan --model qwen3-30b-a3b --accelerator b200 --gpus 8 --cuda-graphs full | --cuda-graphs: cudaGraphs full needs every expert's input padded to capacity with the alltoall dispatcher (Megatron-Core: moe cuda graph is only supported with drop-padding MoE), was dropless with moeDispatcher alltoall",
      "plan --model llama-3.1-8b --gpus 8 --cuda-graphs attn | --cuda-graphs: cudaGraphs must be one of none, partial, full, was \"attn\"",
  })
  void s13aCudaGraphsAreRefusedWhereMegatronCoreRefusesThem(String args, String expected) {
    refused(args.strip(), expected.strip());
  }

  // s13q: distributed checkpoints beside options that leave them nothing to split
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "train --model llama-3.1-8b --gpus 8 --tp 8 --recompute selective --distribute-checkpoints | --distribute-checkpoints splits the layer inputs that full recomputation stores; needs --recompute full, was --recompute selective",
      "train --model llama-3.1-8b --gpus 8 --tp 8 --sequence-parallel --distribute-checkpoints | --distribute-checkpoints excludes --sequence-parallel, which splits the stored layer inputs over the tensor-parallel ranks already (metaseq refuses the two together)",
      "train --model llama-3.1-8b --gpus 8 --tp 1 --distribute-checkpoints | --distribute-checkpoints splits the stored layer inputs over the tensor-parallel ranks; needs --tp > 1, was --tp 1",
  })
  void s13qDistributedCheckpointsAreRefusedWhereTheyCannotApply(String args, String expected) {
    refused(args.strip(), expected.strip());
  }

  // s13n: FP8 attention where Transformer Engine cannot run it or attention-fp8.csv cannot price it
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "train --model llama-3.1-8b --accelerator b200 --gpus 8 --precision bf16 --fp8-attention | --fp8-attention: fp8Attention needs an FP8 or FP4 precision recipe (Transformer Engine runs fp8_dpa inside fp8_autocast only), was precision bf16",
      "train --model llama-3.1-8b --accelerator l40s --gpus 8 --precision fp8 --fp8-attention | --fp8-attention: fp8Attention has no FP8 attention measurements (attention-fp8.csv) for accelerator l40s or its silicon family",
      "plan --model llama-3.1-8b --accelerator b200 --gpus 8 --fp8-attention | --fp8-attention: fp8Attention needs an FP8 or FP4 precision recipe (Transformer Engine runs fp8_dpa inside fp8_autocast only), was precision bf16",
  })
  void s13nFp8AttentionIsRefusedWhereItCannotBeCosted(String args, String expected) {
    refused(args.strip(), expected.strip());
  }

  // s11j: a context past the model's and a batch beyond what a GPU holds at one token of KV cache per sequence ran and
  // printed DOES NOT FIT with times of 1.9e9 s; a batch below that ceiling is still reported (InferCommandTest)
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "infer --model llama-3.1-8b --accelerator h100-sxm --input 2000000000      | --input + --output (2,000,000,000 + 256 = 2,000,000,256 tokens) must be <= llama-3.1-8b's context length (131,072 tokens, max_position_embeddings)",
      "infer --model llama-3.1-8b --accelerator h100-sxm --input 131000 --output 100 | must be <= llama-3.1-8b's context length (131,072 tokens",
      "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 1 --input 200000 | llama-3.1-8b's context length (131,072 tokens",
      "infer --model llama-3.1-8b --accelerator h100-sxm --batch 2000000000      | --batch 2,000,000,000: more sequences per GPU than one h100-sxm holds at one token of KV cache each (at most 655,360: 80.00 GiB / 128.00 KiB per token per GPU); the largest batch that fits with 1,024 + 256 tokens is 260",
  })
  void s11jInferContextAndBatchBeyondTheModelOrTheGpuAreRefused(String args, String expected) {
    refused(args.strip(), expected.strip());
  }

  // s11l: --epochs 1 without --examples was accepted (the check was epochs != 1); plan's --scale-up-domain refusal from
  // the cluster did not name the option; plan --hsdp-shard 3 on 8 GPUs got the generic "no configuration is valid";
  // infer --task embed had no batch ceiling
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "finetune --model llama-3.1-8b --accelerator h100-sxm --epochs 1 | --epochs counts passes over --examples and needs it, was 1",
      "plan --model llama-3.1-8b --gpus 16 --scale-up-domain 16        | --scale-up-domain: scaleUpDomain must be <= the 8 GPUs one scale-up fabric of h100-sxm connects, was 16",
      "plan --model llama-3.1-8b --gpus 8 --scale-up-domain 0          | --scale-up-domain must be >= 1, was 0",
      "plan --model llama-3.1-8b --gpus 8 --hsdp-shard 3               | --hsdp-shard: shardGroupSize must divide dp × cp of some configuration on 8 GPUs (dp × cp: 1, 2, 4, 8), was 3",
      "plan --model llama-3.1-8b --gpus 8 --tp 2 --pp 1 --hsdp-shard 8 | --hsdp-shard: shardGroupSize must divide dp × cp of some configuration on 8 GPUs (dp × cp: 4), was 8",
      "infer --model bert-base-uncased --accelerator h100-sxm --task embed --batch 2000000000 | --batch 2,000,000,000: more sequences than one h100-sxm holds at one token of activations each",
  })
  void s11lRefusalsNameTheOptionAndTheValue(String args, String expected) {
    refused(args.strip(), expected.strip());
  }

  // s12a: the context and the batch ceiling are the library's checks (InferenceScenario, InferenceCostModel.estimate);
  // the command line puts its options in place of the library's field names
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "infer --model llama-3.1-8b --accelerator h100-sxm --input 131000 --output 100 | --input + --output (131,000 + 100 = 131,100 tokens) must be <= llama-3.1-8b's context length (131,072 tokens, max_position_embeddings); to cost a longer context, pass --model a config.json whose max_position_embeddings (and rope_scaling) extend it",
      "capacity --model llama-2-7b --accelerator h100-sxm --rps 1 --input 4000 --output 97 | --input + --output (4,000 + 97 = 4,097 tokens) must be <= llama-2-7b's context length (4,096 tokens",
      "infer --model deepseek-v3 --accelerator h200-sxm --tp 8 --ep 8 --attention-dp --weights fp8 --batch 2000000000 | --batch 2,000,000,000: more sequences per GPU (250,000,000: ⌈batch / tp⌉ with attention data parallelism) than one h200-sxm holds",
  })
  void s12aLibraryRefusalsNameTheOptions(String args, String expected) {
    refused(args.strip(), expected.strip());
  }

  // s12g: NVFP4 training runs its GEMMs on FP4 tensor cores (Blackwell only); on Hopper, Ampere or AMD it is refused
  // with the option and the value, before any search; --fp8-param-gather gathers FP8 copies, which NVFP4 has none of
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "train --model llama-3.1-8b --precision nvfp4                                | --precision: precision nvfp4 needs FP4 tensor cores (NVIDIA Blackwell, e.g. b200 or gb200); accelerator h100-sxm has none (its dense peaks: fp32, tf32, bf16, fp16, fp8_e4m3, fp8_e5m2, int8)",
      "train --model llama-3.1-8b --accelerator a100-sxm-80gb --precision nvfp4    | --precision: precision nvfp4 needs FP4 tensor cores",
      "train --model llama-3.1-8b --accelerator h200-sxm --gpus 8 --tp 1 --pp 1 --dp 8 --precision nvfp4 | accelerator h200-sxm has none",
      "plan --model llama-3.1-8b --accelerator h100-sxm --gpus 8 --precision nvfp4  | --precision: precision nvfp4 needs FP4 tensor cores",
      "train --model llama-3.1-8b --accelerator mi355x --precision nvfp4             | --precision: precision nvfp4 needs NVIDIA's FP4 tensor cores (NVFP4 block scaling, NVIDIA Blackwell, e.g. b200 or gb200); accelerator mi355x is cdna4, whose FP4 peak is the OCP MXFP4 format's",
      "train --model llama-3.1-8b --accelerator b200 --precision nvfp4 --fp8-param-gather | --fp8-param-gather needs an FP8 --precision (fp8, fp8-delayed, mxfp8, fp8-blockwise, fp8-rowwise), was nvfp4",
      "train --model llama-3.1-8b --accelerator b200 --precision nvfp4 --bf16-layers -1 | --bf16-layers must be >= 0, was -1",
      "train --model llama-3.1-8b --accelerator b200 --bf16-layers 2              | --bf16-layers needs an FP8 or FP4 --precision (fp8, fp8-delayed, mxfp8, fp8-blockwise, fp8-rowwise, nvfp4), was bf16",
      "train --model llama-3.1-8b --accelerator b200 --precision nvfp4 --bf16-layers 40 | --bf16-layers: bf16Layers must be <= the layers of llama-3.1-8b (32), was 40",
      "plan --model llama-3.1-8b --accelerator b200 --gpus 8 --precision mxfp8 --bf16-layers 33 | --bf16-layers: bf16Layers must be <= the layers of llama-3.1-8b (32), was 33",
      "train --model llama-3.1-8b --precision nvfp8                                | --precision: precision must be one of fp32, tf32, bf16, fp16, bf16-half-grads, fp16-half-grads, deepspeed-fp16, fp8, fp8-delayed, mxfp8, fp8-blockwise, fp8-rowwise, nvfp4, was \"nvfp8\"",
  })
  void s12gNvfp4WithoutFp4TensorCoresIsRefused(String args, String expected) {
    refused(args.strip(), expected.strip());
  }

  // s12o: a context past a rotary model's names --allow-long-context as the second way past it (the config.json
  // advice kept); a learned position table is refused with the flag too, its message unchanged
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "infer --model llama-3.1-8b --accelerator h100-sxm --input 131000 --output 100 | to cost a longer context, pass --model a config.json whose max_position_embeddings (and rope_scaling) extend it; or pass --allow-long-context to cost this model run past it (as vLLM's VLLM_ALLOW_LONG_MAX_MODEL_LEN permits)",
      "capacity --model llama-2-7b --accelerator h100-sxm --rps 1 --input 4000 --output 97 | llama-2-7b's context length (4,096 tokens, max_position_embeddings); to cost a longer context, pass --model a config.json whose max_position_embeddings (and rope_scaling) extend it; or pass --allow-long-context",
      "infer --model gpt2 --accelerator h100-sxm --input 1000 --output 25 --allow-long-context | --input + --output (1,000 + 25 = 1,025 tokens) must be <= gpt2's learned position table (1,024 positions); a learned table has no row beyond it, so a longer context needs another model",
      "capacity --model gpt2 --accelerator h100-sxm --rps 1 --input 4096 --allow-long-context | --input + --output (4,096 + 256 = 4,352 tokens) must be <= gpt2's learned position table (1,024 positions); a learned table has no row beyond it, so a longer context needs another model",
  })
  void s12oContextRefusalsNameAllowLongContext(String args, String expected) {
    refused(args.strip(), expected.strip());
    if (args.contains("gpt2")) {
      assertThat(Cli.run(args.strip().split(" ")).err()).doesNotContain("allow-long-context");
    }
  }

  // s14j: probes of the options added in the last sessions. A burstiness of 1e10 drew zero gaps until the heap ran
  // out (a stack trace, exit 1); a load in which no request arrived, or every one was rejected, printed zeros for
  // every latency; --batch max ran a batch of 1 that does not fit; --host-us-per-sequence 1e308 printed a 240-digit
  // time per output token; --reserve, --kv-cache, infer's --tp and --pp were refused without the option's name
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "simulate --model llama-3.1-8b --accelerator h100-sxm --rps 1 --duration 10 --burstiness 1e10 | --burstiness 1.0E10 at --rps 1.0 over --duration 10.0 brings about 5.00e+19 requests (rate × duration + (burstiness² − 1)/2, the expected arrivals of gamma gaps); at most 20,000,000 per simulation, so --burstiness must be at most 6325 here",
      "simulate --model llama-3.1-8b --accelerator h100-sxm --rps 1 --duration 10 --burstiness 1e200 | brings about more than 1e308 requests",
      "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 1 --simulate --duration 10 --burstiness 1e10 | --burstiness 1.0E10 at --rps 1.0 over --duration 10.0 brings about 5.00e+19 requests",
      "simulate --model llama-3.1-8b --accelerator h100-sxm --rps 1 --duration 1e308 | --rps 1.0 × --duration 1.0E308 = 1.00e+308 requests; at most 20,000,000 per simulation",
      "simulate --model llama-3.1-8b --accelerator h100-sxm --rps 1e-300 --duration 10 | no request arrives within --duration 10.0 at --rps 1.0E-300, so nothing is simulated; raise --rps or --duration",
      "simulate --model llama-3.1-8b --accelerator h100-sxm --rps 1 --duration 10 --input-dist fixed:500000 --allow-long-context | all 9 requests were rejected: a request's prompt and output must fit one replica's KV cache",
      "simulate --model llama-3.1-8b --accelerator h100-sxm --rps 1 --duration 10 --kv-cache bogus | --kv-cache: dtype must be one of",
      "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 1 --kv-cache bogus | --kv-cache: dtype must be one of",
      "infer --model llama-3.1-8b --accelerator h100-sxm --kv-cache bogus | --kv-cache: dtype must be one of",
      "infer --model llama-3.1-8b --accelerator l4 --batch max --input 100000 --allow-long-context | --batch max: not one sequence of --input 100,000 + --output 256 tokens fits the KV cache an engine sizes on l4 at --tp 1",
      "infer --model llama-3.1-8b --accelerator h100-sxm --batch max --input 2000000000 --allow-long-context | --batch max: not one sequence of --input 2,000,000,000 + --output 256 tokens",
      "infer --model llama-3.1-8b --accelerator h100-sxm --host-us-per-sequence 1e308 | --host-us-per-sequence must be at most 1,000,000 (one second of host time per sequence and step), was 1.0E308",
      "infer --model llama-3.1-8b --accelerator h100-sxm --reserve NaN | --reserve must be a fraction of the memory in [0, 1), was NaN",
      "infer --model llama-3.1-8b --accelerator h100-sxm --reserve 1 | --reserve must be a fraction of the memory in [0, 1), was 1.0",
      "infer --model llama-3.1-8b --accelerator h100-sxm --tp 3 | --tp: tp must divide heads (32), was 3",
      "infer --model llama-3.1-8b --accelerator h100-sxm --pp 64 | --pp: pp must be <= layers (32), was 64",
  })
  void s14jRecentOptionsRefuseWithTheOptionAndTheValue(String args, String expected) {
    refused(args.strip(), expected.strip());
  }

  // s24j: --host-us-per-eager-layer (infer, capacity, simulate) refuses a negative, NaN, infinite or too large value by
  // name, and the paths that would not charge it: infer's static batch and --task embed, capacity --disaggregated
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "infer --model llama-3.1-8b --accelerator h100-sxm --concurrency 1 --host-us-per-eager-layer -1 | --host-us-per-eager-layer must be a finite number >= 0, was -1.0",
      "infer --model llama-3.1-8b --accelerator h100-sxm --concurrency 1 --host-us-per-eager-layer NaN | --host-us-per-eager-layer must be a finite number >= 0, was NaN",
      "infer --model llama-3.1-8b --accelerator h100-sxm --rate 1 --host-us-per-eager-layer Infinity | --host-us-per-eager-layer must be a finite number >= 0, was Infinity",
      "infer --model llama-3.1-8b --accelerator h100-sxm --batch max --host-us-per-eager-layer 1e308 | --host-us-per-eager-layer must be at most 1,000,000 (one second of host time per layer and pass), was 1.0E308",
      "infer --model llama-3.1-8b --accelerator h100-sxm --host-us-per-eager-layer -1 | --host-us-per-eager-layer must be a finite number >= 0, was -1.0",
      "infer --model llama-3.1-8b --accelerator h100-sxm --task embed --host-us-per-eager-layer 976 | --host-us-per-eager-layer applies to --task generate (continuous batching of decoders), not to --task embed",
      "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 1 --host-us-per-eager-layer -1 | --host-us-per-eager-layer must be a finite number >= 0, was -1.0",
      "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 1 --host-us-per-eager-layer NaN | --host-us-per-eager-layer must be a finite number >= 0, was NaN",
      "capacity --model llama-3.1-8b --accelerator h100-sxm --rps 1 --host-us-per-eager-layer 1e308 | --host-us-per-eager-layer must be at most 1,000,000 (one second of host time per layer and pass), was 1.0E308",
      "simulate --model llama-3.1-8b --accelerator h100-sxm --rps 1 --duration 10 --host-us-per-eager-layer -1 | --host-us-per-eager-layer must be a finite number >= 0, was -1.0",
      "simulate --model llama-3.1-8b --accelerator h100-sxm --rps 1 --duration 10 --host-us-per-eager-layer NaN | --host-us-per-eager-layer must be a finite number >= 0, was NaN",
      "simulate --model llama-3.1-8b --accelerator h100-sxm --rps 1 --duration 10 --host-us-per-eager-layer 1e308 | --host-us-per-eager-layer must be at most 1,000,000 (one second of host time per layer and pass), was 1.0E308",
  })
  void s24jHostLaunchTimePerEagerLayerRefusesWithTheOptionAndTheValue(String args, String expected) {
    refused(args.strip(), expected.strip());
  }

  // s24j: the two refusals whose words hold an apostrophe (CsvSource's quote character)
  @org.junit.jupiter.api.Test
  void s24jHostLaunchTimePerEagerLayerIsRefusedWhereItWouldNotBeCharged() {
    refused("infer --model llama-3.1-8b --accelerator h100-sxm --batch 8 --host-us-per-eager-layer 976",
        "--host-us-per-eager-layer 976 needs --rate, --concurrency or --batch max (continuous batching, whose"
            + " iterations carrying a prompt take the host's launch time); a static --batch 8 charges no host time to"
            + " its prefill");
    refused("capacity --model llama-3.1-8b --accelerator h100-sxm --rps 1 --disaggregated --host-us-per-eager-layer 976",
        "--host-us-per-eager-layer 976 is not charged by --disaggregated's prefill and decode pools (their analytic"
            + " steps carry no host time); use it with the co-located plan or --simulate");
  }

  // s14j: a directory given to --accelerator was "unknown accelerator" with the closest catalog ids, to --trace "no
  // such file"; a missing accelerator file repeated its path as the reason; a field whose value overflowed its
  // quantity (memory_gib 1e308) or that the quantity refused (memory_bandwidth_gbps -1) was not named
  @org.junit.jupiter.api.Test
  void s14jAcceleratorAndTraceFilesNameTheFieldAndTheValue(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    refusedArgs("--accelerator " + dir + " is a directory; it takes a catalog id or a JSON file in the catalog's"
        + " format", "train", "--model", "llama-3.1-8b", "--accelerator", dir.toString());
    refusedArgs("--trace " + dir + " is a directory; it takes a JSON Lines or CSV file",
        "simulate", "--model", "llama-3.1-8b", "--accelerator", "h100-sxm", "--trace", dir.toString());
    java.nio.file.Path missing = dir.resolve("missing.json");
    refusedArgs("cannot read accelerator file " + missing + ": no such file",
        "infer", "--model", "llama-3.1-8b", "--accelerator", missing + "#my-h100");
    com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.JsonNode bundled;
    try (java.io.InputStream in = BadInputTest.class.getResourceAsStream("/dev/llmcost/core/catalog/accelerators.json")) {
      bundled = m.readTree(in);
    }
    com.fasterxml.jackson.databind.node.ObjectNode h100 = null;
    for (com.fasterxml.jackson.databind.JsonNode n : bundled.get("accelerators")) {
      if (n.get("id").asText().equals("h100-sxm")) {
        h100 = ((com.fasterxml.jackson.databind.node.ObjectNode) n).deepCopy();
      }
    }
    assertThat(h100).isNotNull();
    h100.put("id", "my-h100").remove("aliases");
    String[][] cases = {
        {"memory_gib", "1e308", "entry \"my-h100\" field \"memory_gib\" was 1.0E308: bytes must be a finite number"},
        {"memory_bandwidth_gbps", "-1", "entry \"my-h100\" field \"memory_bandwidth_gbps\" was -1.0: gbps must be >= 0"},
        {"scale_up_gbps", "1e308", "entry \"my-h100\" field \"scale_up_gbps\" was 1.0E308: "},
    };
    for (String[] c : cases) {
      com.fasterxml.jackson.databind.node.ObjectNode entry = h100.deepCopy();
      entry.put(c[0], Double.parseDouble(c[1]));
      com.fasterxml.jackson.databind.node.ObjectNode file = m.createObjectNode();
      file.putArray("accelerators").add(entry);
      java.nio.file.Path p = dir.resolve(c[0] + ".json");
      m.writeValue(p.toFile(), file);
      refusedArgs("accelerator file " + p + ": " + c[2], "infer", "--model", "llama-3.1-8b", "--accelerator",
          p.toString());
    }
    com.fasterxml.jackson.databind.node.ObjectNode peak = h100.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) peak.get("dense_tflops")).put("bf16", 1e308);
    com.fasterxml.jackson.databind.node.ObjectNode file = m.createObjectNode();
    file.putArray("accelerators").add(peak);
    java.nio.file.Path p = dir.resolve("peak.json");
    m.writeValue(p.toFile(), file);
    refusedArgs("entry \"my-h100\" field \"dense_tflops.bf16\" was 1.0E308: flopsPerSecond must be a finite number",
        "train", "--model", "llama-3.1-8b", "--accelerator", p.toString());
  }

  /**
   * Asserts that the command line refuses {@code args} with exit 2 and one line naming {@code expected}, in text and
   * in JSON (the error field); shared with {@link OutOfRangeInputCliTest}.
   */
  static void refusedArgs(String expected, String... args) {
    Cli text = Cli.run(args);
    String line = String.join(" ", args);
    assertThat(text.exitCode()).as(line).isEqualTo(Main.BAD_INPUT);
    assertThat(text.out()).as(line).isEmpty();
    assertThat(text.err().strip().lines()).as(line).hasSize(1);
    assertThat(text.err()).as(line).contains(expected).doesNotContain("Exception", "\tat ");
    String[] withJson = java.util.Arrays.copyOf(args, args.length + 1);
    withJson[args.length] = "--json";
    Cli json = Cli.run(withJson);
    assertThat(json.exitCode()).as(line).isEqualTo(Main.BAD_INPUT);
    assertThat(json.json().get("error").asText()).as(line).contains(expected);
  }

  // s14j: local's --depth 2,147,483,647 + 512 test tokens overflowed the context check and was costed (0.0 tokens/s
  // at a 4,096-token KV cache); --memory 1e308 was refused as "bytes must be a finite number, was Infinity"; the run's
  // refusals named n-cpu-moe, kv-cache, ctx without their dashes; tokens count --threads 2,147,483,647 overflowed the
  // in-flight permits and waited forever
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "local --model llama-3.1-8b --device rtx-4090 --depth 2147483647 | --ctx must hold --depth + the test tokens (2,147,483,647 + 512 = 2,147,484,159), was 4,096",
      "local --model llama-3.1-8b --device rtx-4090 --memory 1e308     | --memory must be a positive number of GiB, at most 8,589,934,591, was 1.0E308",
      "local --model mixtral-8x7b --device rtx-4090 --n-cpu-moe 1000   | --n-cpu-moe must be <= layers (32), was 1000",
      "local --model llama-3.1-8b --device rtx-4090 --n-cpu-moe 2      | --n-cpu-moe applies to MoE models",
      "local --model llama-3.1-8b --device rtx-4090 --kv-cache q8_0    | --kv-cache q8_0 needs flash attention",
      "tokens count --tokenizer gpt-4o --dataset pom.xml --threads 2147483647 | --threads must be at most 1,024 (a thread per core is the most that counts faster), was 2,147,483,647",
  })
  void s14jLocalAndTokensCountBoundsNameTheOption(String args, String expected) {
    refused(args.strip(), expected.strip());
  }

  // s14j: an empty --dataset is the working directory, whose every file was counted; calibrate named a runs file's
  // bad field by its 0-based row (the field-count check counts from 1)
  @org.junit.jupiter.api.Test
  void s14jBlankDatasetAndCalibrateRowNumbers(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    refusedArgs("--dataset must not be blank, was \"\"", "tokens", "count", "--tokenizer", "gpt-4o", "--dataset", "");
    refusedArgs("--dataset must not be blank, was \" \"", "tokens", "count", "--tokenizer", "gpt-4o", "--dataset",
        "pom.xml", " ");
    java.nio.file.Path runs = dir.resolve("runs.csv");
    java.nio.file.Files.writeString(runs, "id,model,accelerator,gpus,seq,global_batch,tokens_per_second_per_gpu\n"
        + "r1,llama-3.1-8b,h100-sxm,8,2048,512,9000\nr2,llama-3.1-8b,h100-sxm,8,2048,512,abc\n");
    refusedArgs(runs + " row 2 column tokens_per_second_per_gpu is not a number: abc", "calibrate", "--runs",
        runs.toString(), "--out", dir.resolve("p.json").toString());
  }

  // s14j: --ep-overlap beside what Megatron-Core's combined 1F1B refuses (TransformerConfig.__post_init__ at
  // NVIDIA/Megatron-LM d98e8a64dd) was accepted: --recompute full costed overlapped, --ep 1 and --pp 2 --virtual-stages
  // 1 costed as without it
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "train --model mixtral-8x7b --gpus 16 --ep 8 --ep-overlap --recompute full | --ep-overlap excludes --recompute full (Megatron-Core: \"disable full recomputation when enabling overlap_moe_expert_parallel_comm\"); use --recompute selective or none",
      "train --model mixtral-8x7b --gpus 16 --ep 1 --ep-overlap                  | --ep-overlap hides the expert-parallel all-to-alls; needs --ep > 1, was --ep 1",
      "train --model mixtral-8x7b --gpus 16 --pp 2 --virtual-stages 1 --ep-overlap | --ep-overlap with --pp 2 needs the interleaved schedule (--virtual-stages > 1), was --virtual-stages 1",
      "train --model mixtral-8x7b --gpus 16 --pp 2 --schedule 1f1b --ep-overlap  | --ep-overlap with --pp 2 needs the interleaved schedule (--virtual-stages > 1), was --schedule 1f1b",
  })
  void s14jEpOverlapBesideWhatCombined1f1bRefusesIsRefused(String args, String expected) {
    refused(args.strip(), expected.strip());
  }

  // s14j: --carbon-intensity on an accelerator without a TDP (tdp_w 0, the TPUs) costed the carbon of 0 kWh
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "train --model llama-3.1-8b --accelerator tpu-v5e --gpus 256 --carbon-intensity fr | --carbon-intensity fr: the energy is not estimated, tpu-v5e has no TDP in its catalog entry (tdp_w 0)",
      "infer --model llama-3.1-8b --accelerator tpu-v5e --carbon-intensity 100           | --carbon-intensity 100: the energy is not estimated, tpu-v5e has no TDP",
      "capacity --model llama-3.1-8b --accelerator tpu-v6e --rps 1 --carbon-intensity us-va | --carbon-intensity us-va: the energy is not estimated, tpu-v6e has no TDP",
  })
  void s14jCarbonWithoutATdpIsRefused(String args, String expected) {
    refused(args.strip(), expected.strip());
  }

  // s14j: finetune's overflows were refused as "long overflow"; train --micro-batch × dp past 2^31 named
  // --global-batch, not given, at its clamped value; plan --ep-overlap with only --recompute full or only --ep 1
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "finetune --model llama-3.1-8b --accelerator h100-sxm --batch 2147483647 | --batch 2,147,483,647 at --seq 2,048: the memory per GPU overflows a 64-bit byte count (above 8 EiB); lower --batch or --seq",
      "finetune --model llama-3.1-8b --accelerator h100-sxm --examples 9223372036854775807 --mean-example-tokens 1000 --epochs 3 | --examples 9,223,372,036,854,775,807 × --mean-example-tokens 1,000 × --epochs 3 must be at most 9,223,372,036,854,775,807 tokens",
      "train --model llama-3.1-8b --micro-batch 1000000000 --tp 1 --pp 1 --dp 8 | --micro-batch 1,000,000,000 × dp 8 = 8,000,000,000 sequences per step, more than the largest global batch (2,147,483,647)",
      "plan --model mixtral-8x7b --gpus 16 --ep-overlap --recompute full | --ep-overlap excludes --recompute full",
      "plan --model mixtral-8x7b --gpus 16 --ep-overlap --ep 1 | --ep-overlap hides the expert-parallel all-to-alls; needs an --ep above 1, was --ep 1",
  })
  void s14jOverflowsAndPlanOverlapNameTheOptions(String args, String expected) {
    refused(args.strip(), expected.strip());
  }

  // s14q: --distribute-checkpoints keeps full recomputation, which the overlap excludes (it named --recompute full,
  // not given); plan --ep-overlap with only one-chunk pipelines found no configuration and named no option
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "train --model mixtral-8x7b --gpus 16 --ep 8 --ep-overlap --distribute-checkpoints | --ep-overlap excludes --distribute-checkpoints (it splits the checkpoints of full recomputation",
      "plan --model mixtral-8x7b --gpus 16 --ep-overlap --pp 2 --virtual-stages 1 | --ep-overlap with --pp 2 needs the interleaved schedule (--virtual-stages > 1), was --virtual-stages 1",
      "plan --model mixtral-8x7b --gpus 16 --ep-overlap --pp 2,4 --schedule 1f1b,zb | --ep-overlap with --pp 2,4 needs the interleaved schedule (--virtual-stages > 1), was --schedule 1f1b,zb",
  })
  void s14qEpOverlapBesideFullRecomputationOrOneChunkNamesTheOption(String args, String expected) {
    refused(args.strip(), expected.strip());
  }

  // s14j: an accelerator file's misspelt optional field ("tdp" for "tdp_w") was ignored, its value taken as 0 without a
  // word; a dense_tflops key that names no data type was refused without the field
  @org.junit.jupiter.api.Test
  void s14jAcceleratorFileUnknownFieldsAreRefused(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.JsonNode bundled;
    try (java.io.InputStream in = BadInputTest.class.getResourceAsStream("/dev/llmcost/core/catalog/accelerators.json")) {
      bundled = m.readTree(in);
    }
    com.fasterxml.jackson.databind.node.ObjectNode h100 = null;
    for (com.fasterxml.jackson.databind.JsonNode n : bundled.get("accelerators")) {
      if (n.get("id").asText().equals("h100-sxm")) {
        h100 = ((com.fasterxml.jackson.databind.node.ObjectNode) n).deepCopy();
      }
    }
    assertThat(h100).isNotNull();
    h100.put("id", "my-h100").remove("aliases");
    com.fasterxml.jackson.databind.node.ObjectNode typo = h100.deepCopy();
    typo.put("tdp", typo.remove("tdp_w").asDouble());
    com.fasterxml.jackson.databind.node.ObjectNode file = m.createObjectNode();
    file.putArray("accelerators").add(typo);
    java.nio.file.Path p = dir.resolve("typo.json");
    m.writeValue(p.toFile(), file);
    refusedArgs("accelerator file " + p + ": entry \"my-h100\" has an unknown field \"tdp\"; the fields are [",
        "train", "--model", "llama-3.1-8b", "--accelerator", p.toString());
    com.fasterxml.jackson.databind.node.ObjectNode dtype = h100.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) dtype.get("dense_tflops")).put("bf61", 100);
    file = m.createObjectNode();
    file.putArray("accelerators").add(dtype);
    p = dir.resolve("dtype.json");
    m.writeValue(p.toFile(), file);
    refusedArgs("entry \"my-h100\" field \"dense_tflops\" has a key that is no data type: dtype must be one of",
        "infer", "--model", "llama-3.1-8b", "--accelerator", p.toString());
  }
}
