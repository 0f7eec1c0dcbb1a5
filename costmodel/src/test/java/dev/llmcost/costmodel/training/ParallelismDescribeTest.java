package dev.llmcost.costmodel.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 3: a layout printed in words names every degree above 1, so that the degrees
 * multiply to the GPUs ("tensor 4 × pipeline 8 × data 16" on 1,024 GPUs dropped a context degree).
 */
class ParallelismDescribeTest {

  @Test
  void everyDegreeAboveOneIsNamed() {
    Parallelism p = Parallelism.builder().dp(16).tp(4).pp(8).sequenceParallel(true).build().withContextParallel(2);
    assertThat(p.describe()).isEqualTo("tensor 4 (sequence parallel) × pipeline 8 × context 2 × data 16");
    assertThat((long) p.tp() * p.pp() * p.cp() * p.dp()).isEqualTo(1024);
    assertThat(Parallelism.builder().dp(8).tp(2).pp(2).virtualStages(3).sequenceParallel(true).ep(4).build()
        .describe())
        .isEqualTo("tensor 2 (sequence parallel) × pipeline 2 (interleaved, 3 chunks per GPU) × data 8, expert 4");
    assertThat(Parallelism.dataParallel(8).describe()).isEqualTo("tensor 1 × pipeline 1 × data 8");
  }

  @Test
  void theBuilderTurnsNothingOnThatWasNotAskedFor() {
    Parallelism p = Parallelism.builder().dp(2).tp(8).pp(4).build();
    assertThat(p.sequenceParallel()).as("sequence parallelism is off unless asked for").isFalse();
    assertThat(p.etp()).as("expert tensor parallelism follows tp").isEqualTo(8);
    assertThat(p.schedule()).isEqualTo(PipelineSchedule.ONE_F_ONE_B);
    assertThat(p.gpus()).isEqualTo(64);
    assertThat(Parallelism.builder().tp(8).sequenceParallel(true).build().sequenceParallel()).isTrue();
    assertThat(Parallelism.builder().pp(4).virtualStages(2).build().schedule()).isEqualTo(PipelineSchedule.INTERLEAVED);
  }
}
