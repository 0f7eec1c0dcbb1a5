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
    Parallelism p = Parallelism.of(16, 4, 8).withContextParallel(2);
    assertThat(p.describe()).isEqualTo("tensor 4 (sequence parallel) × pipeline 8 × context 2 × data 16");
    assertThat((long) p.tp() * p.pp() * p.cp() * p.dp()).isEqualTo(1024);
    assertThat(Parallelism.of(8, 2, 2).withVirtualStages(3).withSequenceParallel(true).withExpertParallel(4)
        .describe())
        .isEqualTo("tensor 2 (sequence parallel) × pipeline 2 (interleaved, 3 chunks per GPU) × data 8, expert 4");
    assertThat(Parallelism.dataParallel(8).describe()).isEqualTo("tensor 1 × pipeline 1 × data 8");
  }
}
