package dev.skiff.engine.notebook;

import dev.skiff.engine.Engine;
import dev.skiff.engine.EngineSettings;
import dev.skiff.engine.catalog.Requester;
import dev.skiff.engine.executor.local.LocalProcessExecutor;
import dev.skiff.engine.executor.local.MachineCapacity;
import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import dev.skiff.store.Profile;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Skiff's engine in a child JVM whose PATH holds a fake {@code nvidia-smi}, for {@link
 * NotebookGpuDetectionIT}: the machine's GPUs come from the default detection. Prints {@code
 * CAPACITY} and, after each phase, one {@code STATE} line per notebook, then waits for a line on
 * stdin before the next phase. Arg: SKIFF_HOME.
 */
public final class NotebookGpuDetectionMain {
  private static final Requester ADA = new Requester("ada", "team-a");
  private static final Duration WAIT = Duration.ofSeconds(60);

  private NotebookGpuDetectionMain() {}

  public static void main(String[] args) throws Exception {
    Path home = Path.of(args[0]);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (Database db = Database.open(DatabaseConfig.h2File(home));
        Engine engine = Engine.open(EngineSettings.of(home), db.runs(), db.profiles())) {
      db.profiles().createIfAbsent(new Profile("team-a", "ada", "", Instant.now()));
      MachineCapacity capacity = ((LocalProcessExecutor) engine.executor()).capacity();
      NotebookSettings settings =
          new NotebookSettings(
              List.of(
                  new NotebookSettings.EnvironmentSettings(
                      "web",
                      "Static files",
                      "command",
                      null,
                      List.of(
                          "/usr/bin/python3", "-m", "http.server", "{port}", "--bind", "127.0.0.1"),
                      0.1,
                      64L << 20)),
              Duration.ZERO,
              Duration.ofSeconds(1),
              Duration.ofSeconds(30),
              Map.of());
      NotebookService s = engine.notebooks(settings, db.notebooks(), NotebookCredentials.NONE);
      say(
          "CAPACITY gpus="
              + String.join(",", capacity.gpus())
              + " source="
              + capacity.gpuSource()
              + " free="
              + s.gpusFree());
      // One after the other: starts run in parallel, so notebooks created together may get the
      // GPUs in any order; created in turn, g1 gets GPU 0 and g2 GPU 1.
      for (String name : List.of("g1", "g2", "g3")) {
        s.create(
            ADA,
            "team-a",
            new NotebookSpec(
                name, "web", 0, 0, new NotebookSpec.Gpus("nvidia.com/gpu", 1), null, null, null));
        if (!name.equals("g3")) {
          await(() -> status(s, name) == NotebookStatus.RUNNING, name + " running");
        }
      }
      try {
        phases(s, db, in);
      } catch (RuntimeException e) {
        say("FAILED " + e.getMessage());
        phase("FAILED", s, db);
        deleteAll(s);
        System.exit(3);
      }
      deleteAll(s);
      say("DONE free=" + s.gpusFree());
    }
  }

  /** Two running and one waiting; then the waiting one gets the GPU a stopped one frees. */
  private static void phases(NotebookService s, Database db, BufferedReader in) throws Exception {
    await(
        () ->
            status(s, "g1") == NotebookStatus.RUNNING
                && status(s, "g2") == NotebookStatus.RUNNING
                && s.get(ADA, "team-a", "g3").reason().startsWith("waiting for 1 GPU"),
        "two running, one waiting");
    phase("WAITING", s, db);
    in.readLine();

    s.stop(ADA, "team-a", "g1");
    await(
        () ->
            status(s, "g1") == NotebookStatus.STOPPED && status(s, "g3") == NotebookStatus.RUNNING,
        "g3 running after g1 stopped");
    phase("MOVED", s, db);
    in.readLine();
  }

  /** Deletes the notebooks, so that no server outlives the test (they outlive the engine). */
  private static void deleteAll(NotebookService s) {
    for (String name : List.of("g1", "g2", "g3")) {
      s.delete(ADA, "team-a", name, true);
    }
  }

  private static NotebookStatus status(NotebookService s, String name) {
    return s.get(ADA, "team-a", name).status();
  }

  private static void phase(String label, NotebookService s, Database db) {
    for (String name : List.of("g1", "g2", "g3")) {
      Notebook n = s.get(ADA, "team-a", name);
      String handle = db.notebooks().find("team-a", name).orElseThrow().handle();
      say(
          "STATE %s %s %s gpus=%s pid=%s reason=%s"
              .formatted(
                  label,
                  name,
                  n.status(),
                  String.join(",", n.gpuIds()),
                  n.status() == NotebookStatus.RUNNING ? pid(handle) : "-",
                  n.reason()));
    }
    say("END " + label + " free=" + s.gpusFree());
  }

  private static String pid(String handle) {
    Matcher m = Pattern.compile("\"pid\":(\\d+)").matcher(handle == null ? "" : handle);
    return m.find() ? m.group(1) : "-";
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    Instant deadline = Instant.now().plus(WAIT);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("timed out: " + what);
      }
      Thread.sleep(50);
    }
  }

  private static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
