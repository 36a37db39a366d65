package dev.skiff.bench;

import dev.skiff.engine.drive.EngineConfig;
import dev.skiff.engine.drive.RunListener;
import dev.skiff.engine.drive.RunService;
import dev.skiff.engine.executor.local.LocalExecutorConfig;
import dev.skiff.engine.executor.local.LocalProcessExecutor;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.RunState;
import dev.skiff.engine.run.RunView;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.engine.run.TaskState;
import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import dev.skiff.store.artifact.LocalArtifactStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The engine benchmarks: B1 (sequential chain vs a raw subprocess loop), B2 (fan-out throughput vs
 * raw spawning), B6 (cache hit vs an uncached step) and B7 (step exit to state visible). The
 * platform side is the real engine: embedded H2 file database with production settings, local
 * processes, the same code path as {@code skiff run}.
 */
final class EngineBench {
  private final Path work;
  private final int reps;
  private int homes;

  EngineBench(Path work, int reps) {
    this.work = work;
    this.reps = reps;
  }

  /** The engine on a fresh home. */
  private record Engine(Database db, LocalProcessExecutor executor, RunService runs)
      implements AutoCloseable {
    @Override
    public void close() {
      runs.close();
      executor.close();
      db.close();
    }
  }

  private Engine engine() throws IOException {
    Path home = Files.createDirectories(work.resolve("engine-" + homes++));
    Database db = Database.open(DatabaseConfig.h2File(home));
    LocalProcessExecutor executor = new LocalProcessExecutor(LocalExecutorConfig.defaults(), home);
    return new Engine(
        db,
        executor,
        new RunService(
            db.runs(),
            executor,
            new LocalArtifactStore(home.resolve("artifacts")),
            EngineConfig.defaults()));
  }

  private static RunView run(RunService runs, String yaml, boolean cache) throws Exception {
    String id = runs.submit(yaml, "bench.yaml", Map.of(), RunOptions.DEFAULT.withCache(cache));
    RunView done = runs.completion(id).join();
    if (done.run().state() != RunState.SUCCEEDED) {
      throw new IllegalStateException(
          "benchmark run " + id + " " + done.run().state() + ": " + done.run().error().orElse(""));
    }
    return done;
  }

  /**
   * Chain runs an engine gets before B1 measures it: about 3,000 steps, after which its per-run
   * time stops falling (the JIT has compiled the step path; measured: a fresh engine's runs took
   * 1.1-1.4 s each, the 16th-20th 0.42-0.45 s against a 0.38-0.42 s raw loop). The first {@link
   * #COLD_RUNS} of them are reported as B1 cold.
   */
  private static final int WARM_RUNS = 15;

  private static final int COLD_RUNS = 5;

  void b1AndB6(Table table) throws Exception {
    int n = 200;
    String yaml = GeneratedPipelines.chain("bench-chain", n);
    Samples coldBase = new Samples();
    Samples cold = new Samples();
    Samples base = new Samples();
    Samples platform = new Samples();
    Samples hit = new Samples();
    try (Engine e = engine()) {
      run(e.runs(), GeneratedPipelines.chain("warm-up", 20), false);
      rawChain(20);
      // Fills the cache for B6. Not a sample: from s2 on every step has the same input, so most of
      // this run's steps hit the cache entries its earlier steps made.
      run(e.runs(), yaml, true);
      for (int i = 0; i < WARM_RUNS; i++) {
        if (i < COLD_RUNS) {
          coldBase.add(rawChain(n));
        }
        long t0 = System.nanoTime();
        run(e.runs(), yaml, false);
        if (i < COLD_RUNS) {
          cold.add((System.nanoTime() - t0) / 1e6);
        }
      }
      for (int i = 0; i < reps; i++) {
        base.add(rawChain(n));
        long t0 = System.nanoTime();
        run(e.runs(), yaml, false);
        platform.add((System.nanoTime() - t0) / 1e6);
      }
      for (int i = 0; i < reps; i++) {
        long t0 = System.nanoTime();
        RunView v = run(e.runs(), yaml, true);
        hit.add((System.nanoTime() - t0) / 1e6);
        long cached = v.tasks().stream().filter(TaskRun::cached).count();
        if (cached != n) {
          throw new IllegalStateException("B6: expected " + n + " cache hits, got " + cached);
        }
      }
    }
    double coldR = cold.median() / coldBase.median();
    table.add(
        new Row(
            "B1",
            "cold: a fresh engine's first "
                + COLD_RUNS * n
                + " chain steps; overhead/step "
                + Calibration.fmt((cold.median() - coldBase.median()) / n),
            Calibration.fmt(coldBase.median()),
            Calibration.fmt(cold.median()),
            String.format("%.2f", coldR),
            "-",
            "report only",
            null));
    double r = platform.median() / base.median();
    double perStepOverhead = (platform.median() - base.median()) / n;
    table.add(
        new Row(
            "B1",
            "200-step chain after "
                + (WARM_RUNS + 1) * n
                + " warm-up steps; overhead/step "
                + Calibration.fmt(perStepOverhead),
            Calibration.fmt(base.median()),
            Calibration.fmt(platform.median()),
            String.format("%.2f", r),
            "KFP v2 ~5-20 s/step",
            "R ≤ 3",
            r <= 3));
    double uncachedStep = platform.median() / n;
    double hitStep = hit.median() / n;
    double r6 = hitStep / uncachedStep;
    table.add(
        new Row(
            "B6",
            "cache hit per step (200 hits/run)",
            Calibration.fmt(uncachedStep) + " uncached",
            Calibration.fmt(hitStep),
            String.format("%.2f", r6),
            "KFP: a driver pod per hit",
            "≤ 0.2 × uncached",
            r6 <= 0.2));
  }

  /** The same chain without the platform: spawn, wait, read the output file, feed the next. */
  private double rawChain(int n) throws Exception {
    Path dir = Files.createDirectories(work.resolve("raw-chain-" + System.nanoTime()));
    String input = "start";
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      Path out = dir.resolve("out-" + i);
      Process p =
          new ProcessBuilder("sh", "-c", "printf \"%s\" \"${#0}\" > \"$1\"", input, out.toString())
              .redirectErrorStream(true)
              .start();
      p.getInputStream().readAllBytes();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("raw chain step failed");
      }
      input = Files.readString(out);
    }
    return (System.nanoTime() - t0) / 1e6;
  }

  void b2(Table table) throws Exception {
    int n = 2000;
    String yaml = GeneratedPipelines.fanOut("bench-fan-out", n, "true");
    Samples base = new Samples();
    Samples platform = new Samples();
    int parallel;
    try (Engine e = engine()) {
      parallel = e.executor().maxParallel();
      run(e.runs(), GeneratedPipelines.fanOut("warm-up", 50, "true"), false);
      for (int i = 0; i < Math.max(1, reps / 2); i++) {
        base.add(rawFanOut(n, parallel));
        long t0 = System.nanoTime();
        run(e.runs(), yaml, false);
        platform.add((System.nanoTime() - t0) / 1e6);
      }
    }
    double baseRate = n / (base.median() / 1000);
    double rate = n / (platform.median() / 1000);
    double ratio = rate / baseRate;
    table.add(
        new Row(
            "B2",
            "2,000 independent steps, " + parallel + " at once (steps/s)",
            String.format("%.0f/s", baseRate),
            String.format("%.0f/s", rate),
            String.format("%.2f", ratio),
            "Kestra OSS ~50 tasks/s",
            "≥ 0.5 × raw",
            ratio >= 0.5));
  }

  private static double rawFanOut(int n, int threads) throws Exception {
    long t0 = System.nanoTime();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> all = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        all.add(
            pool.submit(
                () -> {
                  new ProcessBuilder("true").start().waitFor();
                  return null;
                }));
      }
      for (Future<?> f : all) {
        f.get();
      }
    }
    return (System.nanoTime() - t0) / 1e6;
  }

  void b7(Table table) throws Exception {
    int n = 100;
    Path stamps = Files.createDirectories(work.resolve("b7"));
    // A chain, so each exit is measured on an engine that is not also busy spawning: the step's
    // last act is to write the wall clock in nanoseconds to a file named after its task; the
    // listener notes when the SUCCEEDED state has been stored and published.
    String yaml =
        GeneratedPipelines.chainRunning("bench-exit", n, "date +%s%N > " + stamps + "/$0");
    Map<String, Long> seen = new ConcurrentHashMap<>();
    Samples lag = new Samples();
    try (Engine e = engine()) {
      RunListener listener =
          new RunListener() {
            @Override
            public void taskChanged(String runId, TaskRun task) {
              if (task.state() == TaskState.SUCCEEDED) {
                java.time.Instant now = java.time.Instant.now();
                seen.putIfAbsent(
                    task.path(), now.getEpochSecond() * 1_000_000_000L + now.getNano());
              }
            }
          };
      try (AutoCloseable sub = e.runs().subscribe(listener)) {
        run(e.runs(), yaml, false);
      }
    }
    for (var entry : seen.entrySet()) {
      Path stamp = stamps.resolve(entry.getKey());
      if (Files.exists(stamp)) {
        lag.add((entry.getValue() - Long.parseLong(Files.readString(stamp).strip())) / 1e6);
      }
    }
    boolean pass = lag.count() > 0 && lag.p99() <= 50;
    table.add(
        new Row(
            "B7",
            "step exit -> SUCCEEDED stored + published ("
                + lag.count()
                + " steps in a chain), median "
                + Calibration.fmt(lag.median()),
            "-",
            Calibration.fmt(lag.p99()) + " p99",
            "-",
            "Argo 10 s requeue; KFP agent up to 300 s",
            "p99 ≤ 50 ms",
            pass));
  }
}
