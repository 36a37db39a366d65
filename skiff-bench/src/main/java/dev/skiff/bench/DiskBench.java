package dev.skiff.bench;

import dev.skiff.engine.drive.EngineConfig;
import dev.skiff.engine.drive.RunService;
import dev.skiff.engine.executor.local.LocalExecutorConfig;
import dev.skiff.engine.executor.local.LocalProcessExecutor;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.RunState;
import dev.skiff.engine.run.RunView;
import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import dev.skiff.store.artifact.LocalArtifactStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * B11: what a step costs the embedded database on disk. One run of 10,000 no-op steps (flat,
 * uncached) on a fresh home opened as a server opens it; the H2 file is sampled while the run
 * writes (peak), read after the run, after a few idle seconds (online compaction) and once the
 * database has closed (rewritten with only its live data). Issue 9 measured ~33 KB per step before
 * the file was kept bounded; the gate is its target, 1.5 KB per step once the run is over.
 */
final class DiskBench {
  private static final int STEPS = 10_000;
  private static final double GATE_BYTES_PER_STEP = 1_536;

  private final Path work;

  DiskBench(Path work) {
    this.work = work;
  }

  void run(Table table) throws Exception {
    Path home = Files.createDirectories(work.resolve("b11"));
    Path file = home.resolve("db/skiff.mv.db");
    AtomicLong peak = new AtomicLong();
    Thread sampler =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  while (!Thread.currentThread().isInterrupted()) {
                    peak.accumulateAndGet(size(file), Math::max);
                    try {
                      Thread.sleep(50);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
    long after;
    long idle;
    Database db = Database.open(DatabaseConfig.h2File(home, DatabaseConfig.Sharing.EXCLUSIVE));
    LocalProcessExecutor executor = new LocalProcessExecutor(LocalExecutorConfig.defaults(), home);
    try (RunService runs =
        new RunService(
            db.runs(),
            executor,
            new LocalArtifactStore(home.resolve("artifacts")),
            EngineConfig.defaults())) {
      String id =
          runs.submit(
              GeneratedPipelines.fanOut("b11", STEPS, "true"),
              "b11.yaml",
              Map.of(),
              RunOptions.DEFAULT.withCache(false));
      RunView done = runs.completion(id).join();
      if (done.run().state() != RunState.SUCCEEDED) {
        throw new IllegalStateException("B11 run " + id + " " + done.run().state());
      }
      after = size(file);
      Thread.sleep(5_000);
      idle = size(file);
    } finally {
      sampler.interrupt();
      executor.close();
      db.close();
    }
    long closed = size(file);
    double perStep = idle / (double) STEPS;
    table.add(
        new Row(
            "B11",
            String.format(
                "H2 bytes/step, 10k steps: peak %.0f, after the run %.0f, closed %.0f",
                peak.get() / (double) STEPS, after / (double) STEPS, closed / (double) STEPS),
            "-",
            String.format("%.0f B/step idle", perStep),
            "-",
            "issue 9: ~33 KB/step; PostgreSQL ~1.2 KB",
            "≤ 1.5 KB/step",
            perStep <= GATE_BYTES_PER_STEP));
  }

  private static long size(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      return 0; // replaced while the database closes
    }
  }
}
