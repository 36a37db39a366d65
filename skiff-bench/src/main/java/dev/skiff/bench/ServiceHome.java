package dev.skiff.bench;

import dev.skiff.engine.Engine;
import dev.skiff.engine.EngineSettings;
import dev.skiff.engine.catalog.Requester;
import dev.skiff.engine.notebook.NotebookCredentials;
import dev.skiff.engine.notebook.NotebookService;
import dev.skiff.engine.notebook.NotebookSettings;
import dev.skiff.engine.notebook.NotebookSpec;
import dev.skiff.engine.notebook.Notebooks;
import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import dev.skiff.store.Profile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The notebook service on a home of its own (H2 file, engine, local launcher, default settings: the
 * environment found on this machine), for B8's "create → first 200": the server the benchmark
 * proxies through looks notebooks up in it. Its own home keeps it apart from the server's engine
 * (one engine per database).
 */
final class ServiceHome implements AutoCloseable {
  private final Database database;
  private final Engine engine;
  private final NotebookService service;
  private final Requester owner;
  private final String profile;

  private ServiceHome(
      Database database, Engine engine, NotebookService service, String profile, String user) {
    this.database = database;
    this.engine = engine;
    this.service = service;
    this.profile = profile;
    this.owner = Requester.local(user, profile);
  }

  static ServiceHome open(Path home, String profile, String user) throws Exception {
    Files.createDirectories(home);
    Database db = Database.open(DatabaseConfig.h2File(home));
    Engine engine = Engine.open(EngineSettings.of(home), db.runs(), db.profiles());
    db.profiles().createIfAbsent(new Profile(profile, user, "", Instant.now()));
    NotebookService service =
        engine.notebooks(NotebookSettings.defaults(), db.notebooks(), NotebookCredentials.NONE);
    return new ServiceHome(db, engine, service, profile, user);
  }

  Notebooks notebooks() {
    return service;
  }

  /** Creates notebook {@code name} (the environment's defaults), which starts its server. */
  void create(String name) {
    service.create(owner, profile, new NotebookSpec(name, "", 0, 0, null, null, null, null));
  }

  /** The notebook's events as milliseconds after {@code from}, e.g. {@code +12 ms Created; ...}. */
  String timeline(String name, Instant from) {
    StringBuilder b = new StringBuilder();
    for (var e : service.events(owner, profile, name)) {
      b.append(
          String.format(
              "+%d ms %s; ", java.time.Duration.between(from, e.at()).toMillis(), e.reason()));
    }
    return b.toString();
  }

  /** Deletes it with its workspace (no process is left). */
  void delete(String name) {
    service.delete(owner, profile, name, true);
  }

  @Override
  public void close() {
    try {
      engine.close();
    } finally {
      database.close();
    }
  }
}
