package dev.llmcost.costmodel.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Predictions against measurements: the printed table and its error statistics. */
final class ValidationTable {
  private final List<MeasuredRun> rows = new ArrayList<>();
  private final List<Double> predicted = new ArrayList<>();

  static ValidationTable of(List<MeasuredRun> runs, InferenceCostModel model) {
    ValidationTable t = new ValidationTable();
    for (MeasuredRun r : runs) {
      t.rows.add(r);
      t.predicted.add(r.predict(model));
    }
    return t;
  }

  /** Returns the absolute relative errors of the rows of one kind. */
  double[] errors(boolean throughput) {
    List<Double> e = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      MeasuredRun r = rows.get(i);
      if (r.isThroughput() == throughput) {
        e.add(Math.abs(predicted.get(i) / r.value() - 1));
      }
    }
    return e.stream().mapToDouble(Double::doubleValue).toArray();
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  /** Returns the least value; the array must not be empty. */
  static double min(double[] v) {
    return Arrays.stream(v).min().orElseThrow();
  }

  /** Returns the greatest value; the array must not be empty. */
  static double max(double[] v) {
    return Arrays.stream(v).max().orElseThrow();
  }

  static double worst(double[] v) {
    return Arrays.stream(v).max().orElse(0);
  }

  String format(String title) {
    StringBuilder sb = new StringBuilder();
    sb.append(title).append('\n');
    sb.append(String.format(Locale.ROOT, "%-36s %-18s %-14s %3s %-5s %5s %5s %5s %-9s %10s %10s %8s%n",
        "id", "model", "accelerator", "tp", "prec", "batch", "in", "out", "measured", "published",
        "predicted", "error"));
    for (int i = 0; i < rows.size(); i++) {
      MeasuredRun r = rows.get(i);
      double p = predicted.get(i);
      sb.append(String.format(Locale.ROOT, "%-36s %-18s %-14s %3d %-5s %5d %5d %5d %-9s %10.1f %10.1f %+7.1f%%%n",
          r.id(), r.model(), r.accelerator(), r.tp(), r.precision(), r.batch(), r.input(), r.output(),
          r.isTtft() ? "ttft ms" : "tok/s/gpu", r.value(), p, 100 * (p / r.value() - 1)));
    }
    double[] tp = errors(true);
    double[] tt = errors(false);
    if (tp.length > 0) {
      sb.append(String.format(Locale.ROOT, "throughput rows: %d, median |error| %.1f%%, worst %.1f%%%n",
          tp.length, 100 * median(tp), 100 * worst(tp)));
    }
    if (tt.length > 0) {
      sb.append(String.format(Locale.ROOT, "TTFT rows: %d, median |error| %.1f%%, worst %.1f%%%n",
          tt.length, 100 * median(tt), 100 * worst(tt)));
    }
    return sb.toString();
  }
}
