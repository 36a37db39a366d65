package dev.skiff.bench;

import dev.skiff.engine.drive.EngineConfig;
import dev.skiff.engine.drive.RunService;
import dev.skiff.engine.executor.local.LocalExecutorConfig;
import dev.skiff.engine.executor.local.LocalProcessExecutor;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.RunState;
import dev.skiff.engine.run.RunView;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import dev.skiff.store.artifact.LocalArtifactStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * B4: large runs of no-op steps ({@code sh -c true}, caching off) as a flat fan-out, as a layered
 * DAG and as one {@code ParallelFor} over a list of that many items (each iteration one step), at
 * 1k, 10k and (with {@code --b4-max 100000}) 100k steps. Each size runs on a fresh engine home so
 * the stored size is the run's own. The baseline spawns the same number of processes from a plain
 * thread pool as wide as the executor; at 100k it is extrapolated from the 10k one (spawning is
 * linear) to keep the suite short.
 */
final class LargeDagBench {
  private static final int WIDTH = 100;
  private static final long GIB = 1L << 30;

  private final Path work;
  private final int max;
  private final List<String> shapes;
  private final List<Integer> only;
  private int homes;

  /**
   * @param work where each size gets a fresh engine home
   * @param max the largest size of the standard ones (1k, 10k, 100k)
   * @param shapes flat, layered and/or loop
   * @param only sizes to run instead of the standard ones (a quick comparison; no growth gate
   *     unless they include 1k and 10k), or empty
   */
  LargeDagBench(Path work, int max, List<String> shapes, List<Integer> only) {
    this.work = work;
    this.shapes = shapes;
    this.max = max;
    this.only = only;
  }

  /** One measured run. */
  private record Result(
      double submitMs, double totalMs, long peakRss, long rows, long dbBytes, double baseMs) {}

  void run(Table table) throws Exception {
    List<Integer> sizes = new ArrayList<>(List.of(1_000, 10_000, 100_000));
    sizes.removeIf(n -> n > Math.max(1_000, max));
    if (!only.isEmpty()) {
      sizes = only;
    }
    long peak = 0;
    for (String shape : shapes) {
      Map<Integer, Result> results = new LinkedHashMap<>();
      for (int n : sizes) {
        Result r = measure(shape, n, results.get(10_000));
        results.put(n, r);
        peak = Math.max(peak, r.peakRss());
        table.add(
            new Row(
                "B4",
                String.format(
                    "%s %s: submit %s, RSS %d MiB, %d rows, db %d MiB%s",
                    shape,
                    n % 1000 == 0 ? n / 1000 + "k" : Integer.toString(n),
                    Calibration.fmt(r.submitMs()),
                    r.peakRss() >> 20,
                    r.rows(),
                    r.dbBytes() >> 20,
                    n > 10_000 ? " (baseline from 10k)" : ""),
                Calibration.fmt(r.baseMs()),
                Calibration.fmt(r.totalMs()),
                String.format("%.2f", r.totalMs() / r.baseMs()),
                "KFP v2 UI caps at 1,000 nodes",
                n >= 100_000 ? "completes" : "report",
                n >= 100_000 ? Boolean.TRUE : null));
      }
      if (results.containsKey(10_000) && results.containsKey(1_000)) {
        double growth = results.get(10_000).totalMs() / results.get(1_000).totalMs();
        table.add(
            new Row(
                "B4",
                shape + " growth T(10k)/T(1k)",
                "-",
                String.format("%.2f", growth),
                "-",
                "-",
                "≤ 11",
                growth <= 11));
      }
    }
    table.add(
        new Row(
            "B4",
            "peak RSS of the JVM over all B4 runs",
            "-",
            (peak >> 20) + " MiB",
            "-",
            "-",
            "≤ 1 GiB",
            peak <= GIB));
  }

  private Result measure(String shape, int n, Result tenK) throws Exception {
    String name = "b4-" + shape + "-" + n;
    String yaml =
        switch (shape) {
          case "flat" -> GeneratedPipelines.fanOut(name, n, "true");
          case "layered" -> GeneratedPipelines.layered(name, n, WIDTH, "true");
          case "loop" -> GeneratedPipelines.loop(name, "true");
          default -> throw new IllegalArgumentException("unknown B4 shape " + shape);
        };
    Map<String, JsonValue> params =
        shape.equals("loop") ? GeneratedPipelines.loopItems(n) : Map.of();
    Path home = Files.createDirectories(work.resolve("b4-" + homes++));
    Database db = Database.open(DatabaseConfig.h2File(home));
    LocalProcessExecutor executor = new LocalProcessExecutor(LocalExecutorConfig.defaults(), home);
    int parallel = executor.maxParallel();
    double base = n > 10_000 && tenK != null ? tenK.baseMs() * n / 10_000.0 : rawSpawn(n, parallel);
    System.gc();
    try (RssSampler rss = new RssSampler();
        RunService runs =
            new RunService(
                db.runs(),
                executor,
                new LocalArtifactStore(home.resolve("artifacts")),
                EngineConfig.defaults())) {
      long t0 = System.nanoTime();
      String id = runs.submit(yaml, "b4.yaml", params, RunOptions.DEFAULT.withCache(false));
      double submit = (System.nanoTime() - t0) / 1e6;
      RunView done = runs.completion(id).join();
      double total = (System.nanoTime() - t0) / 1e6;
      if (done.run().state() != RunState.SUCCEEDED) {
        throw new IllegalStateException("B4 run " + id + " " + done.run().state());
      }
      long rows =
          done.tasks().size() + done.tasks().stream().mapToLong(t -> t.attempts().size()).sum();
      return new Result(submit, total, rss.peak(), rows, dbBytes(home), base);
    } finally {
      executor.close();
      db.close();
    }
  }

  /** The same number of {@code sh -c true} processes from a plain pool of the same width. */
  private static double rawSpawn(int n, int threads) throws Exception {
    long t0 = System.nanoTime();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> all = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        all.add(
            pool.submit(
                () -> {
                  new ProcessBuilder("sh", "-c", "true").start().waitFor();
                  return null;
                }));
      }
      for (Future<?> f : all) {
        f.get();
      }
    }
    return (System.nanoTime() - t0) / 1e6;
  }

  private static long dbBytes(Path home) throws IOException {
    try (Stream<Path> files = Files.walk(home.resolve("db"))) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  /**
   * Peak resident memory of this JVM while open: resets the kernel's high-water mark ({@code
   * /proc/self/clear_refs}) and also samples VmRSS, in case the reset is not allowed.
   */
  private static final class RssSampler implements AutoCloseable {
    private volatile long peak;
    private volatile boolean stop;
    private final Thread thread;

    RssSampler() {
      try {
        Files.writeString(Path.of("/proc/self/clear_refs"), "5");
      } catch (IOException | RuntimeException e) {
        // sampling below still sees the peak, at its resolution
      }
      thread =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    while (!stop) {
                      peak = Math.max(peak, status("VmRSS:"));
                      try {
                        Thread.sleep(50);
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  });
    }

    long peak() {
      return Math.max(peak, status("VmHWM:"));
    }

    @Override
    public void close() {
      stop = true;
      thread.interrupt();
    }

    private static long status(String field) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
          if (line.startsWith(field)) {
            return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]) * 1024;
          }
        }
      } catch (IOException | RuntimeException e) {
        // not Linux: no figure
      }
      return 0;
    }
  }
}
