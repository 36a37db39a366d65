package dev.skiff.deploy.apply;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Polls a condition until it holds or the deadline passes, printing what it waits for: once at the
 * start, then about every five seconds with the time waited so far, and when it holds.
 */
final class Waits {
  private static final Duration REPORT_EVERY = Duration.ofSeconds(5);

  private Waits() {}

  /**
   * Waits until {@code condition} holds.
   *
   * @param what e.g. {@code CRD profiles.kubeflow.org to be Established}
   * @return whether it held before {@code deadline}
   */
  static boolean until(
      String what,
      BooleanSupplier condition,
      Duration poll,
      Instant deadline,
      Consumer<String> out) {
    return poll(what, tolerant(condition), poll, deadline, out);
  }

  /** A read that fails transiently (429, 5xx, connection refused) counts as "not yet". */
  private static BooleanSupplier tolerant(BooleanSupplier condition) {
    return () -> {
      try {
        return condition.getAsBoolean();
      } catch (KubernetesClientException e) {
        if (e.getCode() == 429 || e.getCode() >= 500 || e.getCode() <= 0) {
          return false;
        }
        throw e;
      }
    };
  }

  private static boolean poll(
      String what,
      BooleanSupplier condition,
      Duration poll,
      Instant deadline,
      Consumer<String> out) {
    Instant start = Instant.now();
    if (condition.getAsBoolean()) {
      out.accept("  " + what + ": done (0.0 s)");
      return true;
    }
    out.accept("  waiting for " + what);
    Instant nextReport = start.plus(REPORT_EVERY);
    while (Instant.now().isBefore(deadline)) {
      sleep(poll);
      if (condition.getAsBoolean()) {
        out.accept(
            "  " + what + ": done (" + seconds(Duration.between(start, Instant.now())) + ")");
        return true;
      }
      if (Instant.now().isAfter(nextReport)) {
        out.accept(
            "  waiting for " + what + " (" + seconds(Duration.between(start, Instant.now())) + ")");
        nextReport = nextReport.plus(REPORT_EVERY);
      }
    }
    return false;
  }

  static String seconds(Duration d) {
    long ms = d.toMillis();
    return ms < 10_000 ? String.format(Locale.ROOT, "%.1f s", ms / 1000.0) : (ms / 1000) + " s";
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InstallException("interrupted");
    }
  }
}
