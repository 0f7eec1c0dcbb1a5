package dev.llmcost.benchmarks;

import dev.llmcost.costmodel.internal.planner.PhaseProbe;
import dev.llmcost.costmodel.planner.Plan;
import dev.llmcost.costmodel.planner.PlanRequest;
import dev.llmcost.costmodel.planner.TrainingPlanner;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What decides how the planner scales from one thread to two, measured in ways the load of other
 * processes does not change much: per-thread CPU time (not wall time), split into the phases that
 * are shared with the helper and the rest (the serial part, on the calling thread), the work each
 * thread did, and bytes allocated per plan.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.llmcost.benchmarks.PlannerScaling PROBLEM [ROUNDS] [PLANS]
 * </pre>
 */
public final class PlannerScaling {
  private PlannerScaling() {}

  private static final com.sun.management.ThreadMXBean MX =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  public static void main(String[] args) {
    String problem = args[0];
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int plans = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    MX.setThreadAllocatedMemoryEnabled(true);
    MX.setThreadCpuTimeEnabled(true);
    PlanRequest one = PlannerBenchmark.request(problem).threads(1).build();
    PlanRequest two = PlannerBenchmark.request(problem).threads(2).build();
    TrainingPlanner planner = TrainingPlanner.calibrated();
    long sink = PlannerBenchmark.warmUp(planner, one, two, 10);
    System.out.printf(Locale.ROOT, "%s, %d rounds of %d plans per mode, load %s%n", problem, rounds, plans, PlannerBenchmark.loadAverage(5));
    System.out.println("mode | caller CPU/plan us | serial (caller outside shared phases) us | serial % | caller waiting for helper us"
        + " | helper work CPU us | helper CPU incl. spin us | caller share of configs % | caller alloc KB/plan | helper alloc KB/plan"
        + " | GC ms/plan | JIT ms/round | wall us/plan | search: caller CPU us | helper CPU us"
        + " | caller: set-up | search | keys | estimates | result+assumptions | search wait");
    for (int round = 0; round < rounds; round++) {
      for (PlanRequest r : new PlanRequest[] {one, two}) {
        sink += measure(planner, r, plans);
      }
    }
    System.out.printf(Locale.ROOT, "load after %s (sink %d)%n", PlannerBenchmark.loadAverage(5), sink);
  }


  private static List<Long> helpers() {
    List<Long> ids = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("llmcost-planner-")) {
        ids.add(t.getId());
      }
    }
    return ids;
  }

  private static long helperCpu(List<Long> ids) {
    long s = 0;
    for (long id : ids) {
      s += Math.max(0, MX.getThreadCpuTime(id));
    }
    return s;
  }

  private static long helperAlloc(List<Long> ids) {
    long s = 0;
    for (long id : ids) {
      s += Math.max(0, MX.getThreadAllocatedBytes(id));
    }
    return s;
  }

  private static long gcMillis() {
    long s = 0;
    for (GarbageCollectorMXBean g : ManagementFactory.getGarbageCollectorMXBeans()) {
      s += g.getCollectionTime();
    }
    return s;
  }

  private static long measure(TrainingPlanner planner, PlanRequest r, int plans) {
    if (r.threads() > 1) {
      planner.plan(r); // the helpers exist (they end after 1 s unleased)
    }
    List<Long> ids = helpers();
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    long me = Thread.currentThread().getId();
    PhaseProbe cpuProbe = new PhaseProbe(MX::getCurrentThreadCpuTime);
    PhaseProbe allocProbe = new PhaseProbe(() -> MX.getThreadAllocatedBytes(Thread.currentThread().getId()));
    long sink = 0;
    // bytes first, in a pass of their own (the probe's clock calls cost CPU time)
    long a0 = MX.getThreadAllocatedBytes(me);
    long ha0 = helperAlloc(ids);
    PhaseProbe.active = allocProbe;
    for (int i = 0; i < plans; i++) {
      sink += planner.plan(r).evaluated();
    }
    PhaseProbe.active = null;
    long alloc = MX.getThreadAllocatedBytes(me) - a0;
    long halloc = helperAlloc(ids) - ha0;
    long c0 = MX.getCurrentThreadCpuTime();
    long h0 = helperCpu(ids);
    long g0 = gcMillis();
    long j0 = jit.getTotalCompilationTime();
    long w0 = System.nanoTime();
    PhaseProbe.active = cpuProbe;
    for (int i = 0; i < plans; i++) {
      Plan p = planner.plan(r);
      sink += p.evaluated();
    }
    PhaseProbe.active = null;
    long wall = System.nanoTime() - w0;
    long cpu = MX.getCurrentThreadCpuTime() - c0;
    long hcpu = helperCpu(ids) - h0;
    List<Long> after = helpers();
    if (r.threads() > 1 && !after.equals(ids)) {
      System.out.println("(helper threads changed during the round: " + ids + " -> " + after + ")");
    }
    double n = plans;
    double serial = cpu - cpuProbe.get(PhaseProbe.CALLER_IN_PHASES);
    double allThreads = cpu + cpuProbe.get(PhaseProbe.HELPER_IN_PHASES);
    double configs = cpuProbe.get(PhaseProbe.CALLER_CONFIGURATIONS) + cpuProbe.get(PhaseProbe.HELPER_CONFIGURATIONS);
    double serialAlloc = alloc - allocProbe.get(PhaseProbe.CALLER_IN_PHASES);
    System.out.printf(Locale.ROOT,
        "%d | %.1f | %.1f | %.1f | %.1f | %.1f (%.1f) | %.1f | %.1f | %.1f | %.1f / %.1f | %.1f / %.1f | %.1f | %.3f | %d | %.1f%n",
        r.threads(), cpu / n / 1e3, serial / n / 1e3, 100 * serial / cpu, 100 * serial / allThreads,
        cpuProbe.get(PhaseProbe.CALLER_WAITING) / n / 1e3, cpuProbe.get(PhaseProbe.CALLER_SEARCH_WAITING) / n / 1e3,
        cpuProbe.get(PhaseProbe.HELPER_IN_PHASES) / n / 1e3, hcpu / n / 1e3,
        100 * cpuProbe.get(PhaseProbe.CALLER_CONFIGURATIONS) / configs,
        cpuProbe.get(PhaseProbe.CALLER_SEARCHING) / n / 1e3, cpuProbe.get(PhaseProbe.HELPER_SEARCHING) / n / 1e3,
        alloc / n / 1024, halloc / n / 1024, serialAlloc / n / 1024, (gcMillis() - g0) / n,
        jit.getTotalCompilationTime() - j0, wall / n / 1e3);
    return sink;
  }
}
