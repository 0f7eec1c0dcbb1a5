package dev.llmcost.costmodel.internal.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.core.hardware.AcceleratorCatalog;
import dev.llmcost.core.model.ModelCatalog;
import dev.llmcost.costmodel.planner.PlanRequest;
import dev.llmcost.costmodel.planner.SearchSpace;
import dev.llmcost.costmodel.training.Cluster;
import dev.llmcost.costmodel.training.PipelineSchedule;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The set-up shared with helper threads ({@link SearchProblem#of(PlanRequest, Crew)}) lists the
 * same partitions, in the same order and with the same options, as the set-up on the calling
 * thread alone, and the search over it finds the same answer.
 */
class ParallelSetUpTest {

  static Stream<Arguments> problems() {
    Cluster h100 = Cluster.of(AcceleratorCatalog.bundled().get("h100-sxm"), 256);
    PlanRequest dense = PlanRequest.builder(ModelCatalog.bundled().get("llama-3.1-70b"), h100)
        .sequenceLength(8192)
        .globalBatchSize(256)
        .space(SearchSpace.ALL.withGpuCounts(SearchSpace.wholeNodes(8, 8, 256)))
        .build();
    PlanRequest moe = PlanRequest.builder(ModelCatalog.bundled().get("mixtral-8x7b-v0.1"), h100)
        .globalBatchSize(512)
        .space(SearchSpace.ALL.withGpuCounts(SearchSpace.wholeNodes(8, 16, 128))
            .withSchedules(List.of(PipelineSchedule.ONE_F_ONE_B, PipelineSchedule.INTERLEAVED,
                PipelineSchedule.ZERO_BUBBLE, PipelineSchedule.DUALPIPE)))
        .build();
    return Stream.of(Arguments.of("llama-3.1-70b, 8-256 GPUs", dense), Arguments.of("mixtral, 16-128 GPUs", moe));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("problems")
  void theSharedSetUpListsTheSamePartitions(String name, PlanRequest request) {
    assertThat(SearchProblem.worthHelpers(request)).isTrue();
    SearchProblem alone = SearchProblem.of(request);
    for (int helpers : new int[] {1, 2, 3}) {
      SearchProblem shared;
      try (Crew crew = Crew.start(helpers)) {
        shared = SearchProblem.of(request, crew);
      }
      assertThat(shared.partitions).hasSameSizeAs(alone.partitions);
      for (int i = 0; i < alone.partitions.length; i++) {
        assertThat(describe(shared, shared.partitions[i])).as("partition " + i)
            .isEqualTo(describe(alone, alone.partitions[i]));
      }
      assertThat(shared.dispatchOrder).isEqualTo(alone.dispatchOrder);
      assertThat(shared.total()).isEqualTo(alone.total());
      Search.Outcome a = Search.run(alone, 1, (s, t, f) -> {}, () -> false);
      Search.Outcome b;
      try (Crew crew = Crew.start(helpers)) {
        b = Search.run(shared, helpers + 1, crew, (s, t, f) -> {}, () -> false);
      }
      assertThat(b.bestKeys()).isEqualTo(a.bestKeys());
      assertThat(b.bestPerGpuCount()).isEqualTo(a.bestPerGpuCount());
      assertThat(b.wallPerGpuCount()).isEqualTo(a.wallPerGpuCount());
      assertThat(List.of(b.evaluated(), b.pruned(), b.feasible(), b.leastMemoryKey()))
          .isEqualTo(List.of(a.evaluated(), a.pruned(), a.feasible(), a.leastMemoryKey()));
    }
    System.out.printf("%s: %,d partitions, %,d configurations, the same on 1-4 threads%n", name,
        alone.partitions.length, alone.total());
  }

  @Test
  void aSmallRequestStartsNoHelpers() {
    // 5,128 = 8 × 641: 20 (GPU count, tp, pp) splits, a search of tens of microseconds
    PlanRequest small = PlanRequest.builder(ModelCatalog.bundled().get("llama-3.1-70b"),
        Cluster.of(AcceleratorCatalog.bundled().get("a100-sxm-80gb"), 5128)).globalBatchSize(1920).build();
    assertThat(SearchProblem.worthHelpers(small)).isFalse();
  }

  /**
   * The set-up keeps its options (micro-batches, virtual stages, shard groups per value) from the
   * last request planned and reuses them for the next plan of the same request, from any number of
   * threads, also while other threads plan other requests and replace them: every listing equals
   * one worked out afresh on one thread.
   */
  @Test
  void optionsKeptFromAnEarlierPlanListTheSamePartitions() throws Exception {
    List<PlanRequest> requests = problems().map(a -> (PlanRequest) a.get()[1]).toList();
    List<List<String>> fresh = new java.util.ArrayList<>();
    for (PlanRequest r : requests) {
      SearchProblem.forgetKeptOptions();
      fresh.add(describeAll(SearchProblem.of(r)));
    }
    // kept across requests with the same space, batch and layers but another thread count, and
    // not kept (worked out afresh) for another global batch
    for (int i = 0; i < requests.size(); i++) {
      PlanRequest r = requests.get(i);
      SearchProblem.of(r);
      assertThat(describeAll(SearchProblem.of(r.toBuilder().threads(3).build()))).isEqualTo(fresh.get(i));
      PlanRequest otherBatch = r.toBuilder().globalBatchSize(r.globalBatchSize() / 2).build();
      SearchProblem.forgetKeptOptions();
      List<String> otherFresh = describeAll(SearchProblem.of(otherBatch));
      SearchProblem.of(r);
      assertThat(describeAll(SearchProblem.of(otherBatch))).isEqualTo(otherFresh).isNotEqualTo(fresh.get(i));
    }
    // kept: the same request twice in a row, on one thread and with helpers
    for (int i = 0; i < requests.size(); i++) {
      SearchProblem.forgetKeptOptions();
      assertThat(describeAll(SearchProblem.of(requests.get(i)))).isEqualTo(fresh.get(i));
      for (int helpers : new int[] {0, 1, 2, 3}) {
        SearchProblem again;
        try (Crew crew = helpers == 0 ? null : Crew.start(helpers)) {
          again = SearchProblem.of(requests.get(i), crew);
        }
        assertThat(describeAll(again)).as("kept options, %d helpers", helpers).isEqualTo(fresh.get(i));
      }
    }
    // two threads planning the two requests in turn, with a helper each: the kept options are
    // shared by concurrent set-ups of one request and replaced under the other
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      List<java.util.concurrent.Future<Integer>> runs = new java.util.ArrayList<>();
      for (int t = 0; t < 2; t++) {
        int first = t;
        runs.add(pool.submit(() -> {
          int checked = 0;
          for (int k = 0; k < 12; k++) {
            int i = (first + k / 3) % requests.size();
            try (Crew crew = Crew.start(1)) {
              assertThat(describeAll(SearchProblem.of(requests.get(i), crew))).isEqualTo(fresh.get(i));
            }
            checked++;
          }
          return checked;
        }));
      }
      for (java.util.concurrent.Future<Integer> f : runs) {
        assertThat(f.get()).isEqualTo(12);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<String> describeAll(SearchProblem pb) {
    List<String> out = new java.util.ArrayList<>();
    for (Partition p : pb.partitions) {
      out.add(describe(pb, p));
    }
    out.add("order " + Arrays.toString(pb.dispatchOrder) + " total " + pb.total());
    return out;
  }

  @Test
  void failuresOnAHelperReachTheCaller() {
    try (Crew crew = Crew.start(1)) {
      int[] calls = new int[1];
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> Crew.forEach(crew, 1000, 2, () -> i -> {
        if (i == 500) {
          throw new IllegalStateException("task 500");
        }
        synchronized (calls) {
          calls[0]++;
        }
      })).isInstanceOf(IllegalStateException.class).hasMessage("task 500");
      assertThat(calls[0]).isLessThan(1000);
    }
  }

  private static String describe(SearchProblem pb, Partition p) {
    return pb.indexOf(p) + " " + p.gpuIndex + " " + p.gpus + " tp" + p.tp + " pp" + p.pp + " cp" + p.cp + " ep" + p.ep + " dp" + p.dp
        + " etp" + p.etp + " shard" + p.shardGroup + " schedule" + p.schedule + " zeros" + Arrays.toString(p.zeros)
        + " micros" + Arrays.toString(p.micros) + " batches" + Arrays.toString(p.batches)
        + " virtual" + Arrays.deepToString(p.virtualStages) + " sp" + Arrays.toString(p.sequenceParallel)
        + " from" + Arrays.toString(p.fromMicro) + " total" + p.total;
  }
}
