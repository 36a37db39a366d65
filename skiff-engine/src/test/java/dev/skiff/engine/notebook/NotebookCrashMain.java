package dev.skiff.engine.notebook;

import dev.skiff.engine.Engine;
import dev.skiff.engine.EngineSettings;
import dev.skiff.engine.catalog.Requester;
import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import dev.skiff.store.Profile;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Skiff's engine with one notebook server in a child JVM, for the crash test: prints {@code
 * RUNNING} once the server answers, then blocks until it is killed. Arg: SKIFF_HOME.
 */
public final class NotebookCrashMain {
  private NotebookCrashMain() {}

  public static void main(String[] args) throws Exception {
    Path home = Path.of(args[0]);
    Database db = Database.open(DatabaseConfig.h2File(home));
    db.profiles().createIfAbsent(new Profile("team-a", "ada", "", Instant.now()));
    Engine engine = Engine.open(EngineSettings.of(home), db.runs(), db.profiles());
    NotebookService notebooks =
        engine.notebooks(NotebookSettings.defaults(), db.notebooks(), NotebookCredentials.NONE);
    Requester ada = new Requester("ada", "team-a");
    notebooks.create(
        ada, "team-a", new NotebookSpec("crash", "", 0.25, 256L << 20, null, null, null, null));
    // RUNNING and its Started event are two commits: wait for both, so that the kill that follows
    // never falls between them.
    while (notebooks.get(ada, "team-a", "crash").status() != NotebookStatus.RUNNING
        || notebooks.events(ada, "team-a", "crash").stream()
            .noneMatch(e -> e.reason().equals("Started"))) {
      if (notebooks.get(ada, "team-a", "crash").status() == NotebookStatus.FAILED) {
        System.out.println("FAILED " + notebooks.get(ada, "team-a", "crash").reason());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
      }
      Thread.sleep(50);
    }
    System.out.println("RUNNING");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
