package dev.skiff.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Timings in milliseconds, with the order statistics the report prints. */
final class Samples {
  private final List<Double> millis = new ArrayList<>();

  void add(double ms) {
    millis.add(ms);
  }

  void addNanos(long nanos) {
    millis.add(nanos / 1e6);
  }

  int count() {
    return millis.size();
  }

  double median() {
    return quantile(0.5);
  }

  double p99() {
    return quantile(0.99);
  }

  /** Nearest-rank quantile; with few samples p99 is the maximum, which is what we want to see. */
  double quantile(double q) {
    if (millis.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(q * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }
}
