package dev.skiff.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.skiff.testkit.EmbeddedPostgresServer;
import dev.skiff.testkit.PostgresDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening, migrating and failing to open, on H2 files and on a real PostgreSQL. */
class DatabaseIT {

  /** The newest migration this build ships (V1__profiles.sql). */
  private static final int KNOWN_VERSION = 5;

  @TempDir Path home;

  private final List<PostgresDatabase> postgresDatabases = new ArrayList<>();

  @AfterEach
  void dropPostgresDatabases() {
    postgresDatabases.forEach(EmbeddedPostgresServer.shared()::dropDatabase);
  }

  private DatabaseConfig freshPostgres() {
    PostgresDatabase db = EmbeddedPostgresServer.shared().createDatabase("DatabaseIT");
    postgresDatabases.add(db);
    return new DatabaseConfig(db.jdbcUrl(), db.user(), db.password());
  }

  @Test
  void h2_first_open_creates_the_file_and_applies_the_migrations() {
    try (Database db = Database.open(DatabaseConfig.h2File(home))) {
      assertThat(db.vendor()).isEqualTo("h2");
      assertThat(db.migrated()).isTrue();
      assertThat(db.schemaVersion()).isEqualTo(KNOWN_VERSION);
      assertThat(db.ping()).isTrue();
      assertThat(db.profiles().list()).isEmpty();
    }
    assertThat(home.resolve("db/skiff.mv.db")).isRegularFile();
  }

  @Test
  void postgres_first_open_applies_the_migrations() {
    try (Database db = Database.open(freshPostgres())) {
      assertThat(db.vendor()).isEqualTo("postgresql");
      assertThat(db.migrated()).isTrue();
      assertThat(db.schemaVersion()).isEqualTo(KNOWN_VERSION);
      assertThat(db.ping()).isTrue();
      assertThat(db.profiles().list()).isEmpty();
    }
  }

  @Test
  void reopening_an_existing_h2_file_keeps_data_and_migrates_nothing() {
    DatabaseConfig config = DatabaseConfig.h2File(home);
    try (Database db = Database.open(config)) {
      db.profiles().create(Profile.of("team-a", "ada", ""));
    }
    for (int i = 0; i < 2; i++) {
      try (Database db = Database.open(config)) {
        assertThat(db.migrated()).isFalse();
        assertThat(db.schemaVersion()).isEqualTo(KNOWN_VERSION);
        assertThat(db.profiles().find("team-a")).isPresent();
      }
    }
  }

  @Test
  void reopening_postgres_migrates_nothing() {
    DatabaseConfig config = freshPostgres();
    Database.open(config).close();
    try (Database db = Database.open(config)) {
      assertThat(db.migrated()).isFalse();
      assertThat(db.schemaVersion()).isEqualTo(KNOWN_VERSION);
    }
  }

  @Test
  void unreachable_postgres_fails_fast_with_one_line_and_no_password() {
    DatabaseConfig config =
        new DatabaseConfig("jdbc:postgresql://127.0.0.1:1/skiff", "skiff", "s3cret-pw");

    StoreException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(15), // Hikari's default would be 30 s
            () -> catchStoreException(() -> Database.open(config)));

    assertThat(e.getMessage())
        .isEqualTo(
            "cannot connect to database jdbc:postgresql://127.0.0.1:1/skiff: Connection refused")
        .doesNotContain("s3cret");
  }

  @Test
  void a_missing_postgres_database_is_named_in_one_line() {
    int port = EmbeddedPostgresServer.shared().port();
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/no_such_db";

    assertThatThrownBy(() -> Database.open(new DatabaseConfig(url, "postgres", "postgres")))
        .isInstanceOf(StoreException.class)
        .hasMessage(
            "cannot connect to database "
                + url
                + ": FATAL: database \"no_such_db\" does not exist");
  }

  @Test
  void an_unsupported_url_is_refused_before_connecting() {
    assertThatThrownBy(() -> Database.open(new DatabaseConfig("jdbc:mysql://x/y", "u", "p")))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("unsupported database URL jdbc:mysql://x/y");
  }

  @Test
  void an_h2_schema_newer_than_this_build_is_refused() {
    DatabaseConfig config = DatabaseConfig.h2File(home);
    applyMigrationsOfANewerSkiff(config);

    assertThatThrownBy(() -> Database.open(config))
        .isInstanceOf(StoreException.class)
        .hasMessage(
            "database schema version 999 is newer than this Skiff (%d); upgrade Skiff",
            KNOWN_VERSION);
  }

  @Test
  void a_postgres_schema_newer_than_this_build_is_refused() {
    DatabaseConfig config = freshPostgres();
    applyMigrationsOfANewerSkiff(config);

    assertThatThrownBy(() -> Database.open(config))
        .isInstanceOf(StoreException.class)
        .hasMessage(
            "database schema version 999 is newer than this Skiff (%d); upgrade Skiff",
            KNOWN_VERSION);
  }

  /** What a newer Skiff leaves behind: our migrations plus one this build does not know. */
  private static void applyMigrationsOfANewerSkiff(DatabaseConfig config) {
    Flyway.configure()
        .dataSource(config.url(), config.user(), config.password())
        .locations("classpath:db/migration/common", "classpath:db/future")
        .load()
        .migrate();
  }

  @Test
  void a_second_process_on_the_same_h2_file_gets_a_clear_message() throws Exception {
    DatabaseConfig config = DatabaseConfig.h2File(home);
    Database.open(config).close(); // migrate first, so the child only has to open

    Process holder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                H2LockHolder.class.getName(),
                home.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      awaitReady(holder);

      assertThatThrownBy(() -> Database.open(config))
          .isInstanceOf(StoreException.class)
          .hasMessage(
              "database file %s is in use by another Skiff process; stop it, or give this one"
                  + " another Skiff home",
              home.resolve("db/skiff.mv.db").toAbsolutePath());
    } finally {
      holder.getOutputStream().close(); // tells the holder to close its database and exit
      if (!holder.waitFor(30, TimeUnit.SECONDS)) {
        holder.destroyForcibly();
      }
    }

    try (Database db = Database.open(config)) {
      assertThat(db.ping()).as("the file is free again once the holder exits").isTrue();
    }
  }

  private static void awaitReady(Process holder) throws Exception {
    var reader =
        new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
    assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () -> {
          String line;
          while ((line = reader.readLine()) != null) {
            if (line.contains(H2LockHolder.READY)) {
              return;
            }
          }
          throw new AssertionError("lock holder exited with " + holder.waitFor());
        });
    // Keep draining its output so the child never blocks on a full pipe.
    Thread.ofVirtual().start(() -> reader.lines().forEach(l -> {}));
  }

  @Test
  void a_damaged_h2_file_is_reported_in_one_line() throws Exception {
    Path file = home.resolve("db/skiff.mv.db");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "this is not an H2 database\n".repeat(200));

    assertThatThrownBy(() -> Database.open(DatabaseConfig.h2File(home)))
        .isInstanceOf(StoreException.class)
        .hasMessage(
            "database file %s cannot be read; it is damaged or not a database of this H2 version"
                + " (restore it from a backup or move it aside)",
            file.toAbsolutePath());
  }

  @Test
  void ping_is_false_once_closed_and_never_throws() {
    Database db = Database.open(DatabaseConfig.h2File(home));
    assertThat(db.ping()).isTrue();
    db.close();
    db.close(); // idempotent
    assertThat(db.ping()).isFalse();
  }

  @Test
  void ping_is_false_when_the_postgres_database_goes_away() {
    PostgresDatabase target = EmbeddedPostgresServer.shared().createDatabase("ping");
    try (Database db =
        Database.open(new DatabaseConfig(target.jdbcUrl(), target.user(), target.password()))) {
      assertThat(db.ping()).isTrue();

      EmbeddedPostgresServer.shared().dropDatabase(target); // also ends the pool's sessions

      assertThat(db.ping()).isFalse();
    }
  }

  @Test
  void a_busy_pool_makes_callers_wait_longer_than_the_start_timeout() throws Exception {
    DatabaseConfig h2 = DatabaseConfig.h2File(home);
    // two: Flyway needs a second connection while it migrates
    DatabaseConfig two = new DatabaseConfig(h2.url(), h2.user(), h2.password(), 2);
    try (Database db = Database.open(two)) {
      var other = db.jdbi().open();
      var held = db.jdbi().open();
      long t0 = System.nanoTime();
      var waiting =
          java.util.concurrent.CompletableFuture.supplyAsync(() -> db.runs().find("none"));
      Thread.sleep(ConnectionPool.CONNECT_TIMEOUT.toMillis() + 1_000);
      assertThat(waiting).as("still waiting for a connection").isNotDone();
      held.close();
      other.close();
      assertThat(waiting.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEmpty();
      assertThat(System.nanoTime() - t0).isGreaterThan(ConnectionPool.CONNECT_TIMEOUT.toNanos());
    }
  }

  @Test
  void only_a_busy_or_unreachable_database_is_a_transient_failure() {
    assertThat(
            new StoreException("x", new java.sql.SQLTransientConnectionException("busy"))
                .isTransient())
        .isTrue();
    assertThat(new StoreException("x", new java.sql.SQLException("constraint")).isTransient())
        .isFalse();
    assertThat(new StoreException("x").isTransient()).isFalse();
  }

  @Test
  void the_pool_reports_metrics_when_given_a_registry() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Database db = Database.open(DatabaseConfig.h2File(home), registry)) {
      assertThat(db.ping()).isTrue();
      assertThat(registry.find("hikaricp.connections").tag("pool", "skiff").gauge()).isNotNull();
      assertThat(registry.find("hikaricp.connections.max").gauge().value()).isEqualTo(10.0);
    }
  }

  @Test
  void the_database_directory_is_created_under_a_fresh_home() throws Exception {
    Path nested = home.resolve("does/not/exist/yet");
    try (Database db = Database.open(DatabaseConfig.h2File(nested))) {
      assertThat(db.ping()).isTrue();
    }
    assertThat(Files.isRegularFile(nested.resolve("db/skiff.mv.db"))).isTrue();
  }

  private static StoreException catchStoreException(Runnable body) {
    try {
      body.run();
    } catch (StoreException e) {
      return e;
    }
    throw new AssertionError("expected a StoreException");
  }
}
