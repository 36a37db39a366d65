package dev.skiff.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.skiff.store.DatabaseConfig.Sharing;
import dev.skiff.testkit.EmbeddedPostgresServer;
import dev.skiff.testkit.PostgresDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.h2.api.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening, migrating and failing to open, on H2 files and on a real PostgreSQL. */
class DatabaseIT {

  /** The newest migration this build ships (V13__run_experiment_state_index.sql). */
  private static final int KNOWN_VERSION = 13;

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
  void a_jfr_recording_sees_each_statement_but_not_the_values_bound_to_it() throws Exception {
    String secret = "not-for-recordings-" + java.util.UUID.randomUUID();
    Path dump = home.resolve("statements.jfr");
    try (Database db = Database.open(DatabaseConfig.h2File(home));
        jdk.jfr.Recording recording = new jdk.jfr.Recording()) {
      recording.enable("jdbi.statement");
      recording.start();
      assertThat(db.settings().putIfAbsent("test.secret", secret)).isTrue();
      assertThat(db.settings().get("test.secret")).contains(secret);
      recording.stop();
      recording.dump(dump);
    }
    List<jdk.jfr.consumer.RecordedEvent> statements =
        jdk.jfr.consumer.RecordingFile.readAllEvents(dump).stream()
            .filter(e -> e.getEventType().getName().equals("jdbi.statement"))
            .toList();
    assertThat(statements)
        .as("the statements are recorded")
        .anySatisfy(e -> assertThat(e.getString("sql")).contains("INSERT INTO setting"));
    assertThat(statements)
        .as("but no value bound to them")
        .allSatisfy(
            e ->
                e.getFields()
                    .forEach(
                        f ->
                            assertThat(String.valueOf((Object) e.getValue(f.getName())))
                                .as(f.getName())
                                .doesNotContain(secret)));
  }

  @Test
  void a_new_homes_database_is_the_builds_template_with_the_schema_the_migrations_give()
      throws Exception {
    assertThat(getClass().getClassLoader().getResource(SchemaTemplate.RESOURCE))
        .as("the build writes the template (skiff-store's process-classes phase)")
        .isNotNull();
    DatabaseConfig config = DatabaseConfig.h2File(home, Sharing.EXCLUSIVE);
    java.time.Instant before = java.time.Instant.now().minusSeconds(1);
    try (Database db = Database.open(config)) {
      assertThat(db.migrated()).as("a new schema").isTrue();
      assertThat(db.schemaVersion()).isEqualTo(KNOWN_VERSION);
      List<java.sql.Timestamp> installed =
          db.jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT installed_on FROM flyway_schema_history")
                          .mapTo(java.sql.Timestamp.class)
                          .list());
      assertThat(installed).hasSize(KNOWN_VERSION);
      assertThat(installed).allMatch(t -> !t.toInstant().isBefore(before), "installed now");
    }
    String password = Files.readString(home.resolve("db/password")).strip();
    assertThat(loginError(config.url(), "")).isEqualTo(ErrorCode.WRONG_USER_OR_PASSWORD);

    // The same migrations run one by one (a config without a password file is not seeded).
    Path other = home.resolve("migrated");
    String otherUrl = DatabaseConfig.h2File(other, Sharing.EXCLUSIVE).url();
    try (Database db = Database.open(new DatabaseConfig(otherUrl, "sa", ""))) {
      assertThat(db.schemaVersion()).isEqualTo(KNOWN_VERSION);
    }
    assertThat(schemaScript(otherUrl, ""))
        .as("tables, columns, keys and indexes")
        .isEqualTo(schemaScript(config.url(), password))
        .hasSizeGreaterThan(50);
  }

  @Test
  void a_new_homes_commits_survive_a_kill_in_its_first_minute() throws Exception {
    long start = System.currentTimeMillis();
    try (PeerProcess peer = PeerProcess.start(home, Sharing.EXCLUSIVE)) {
      // H2 reuses the space of chunks older than its retention time (45 s), dated from the store's
      // creation: a store created at build time would have its template chunks written over at
      // once, and a kill before H2 rewrote its header lost those commits.
      assertThat(storeCreatedMillis(home.resolve("db/skiff.mv.db")))
          .as("the store is created now, not when the template was built")
          .isGreaterThanOrEqualTo(start - 1000);
      for (int i = 0; i < 20; i++) {
        peer.ask("put p" + i);
      }
      peer.kill();
    }
    try (Database db = Database.open(DatabaseConfig.h2File(home))) {
      for (int i = 0; i < 20; i++) {
        assertThat(db.profiles().find("p" + i)).as("p" + i).isPresent();
      }
    }
  }

  /** The {@code created} field of an H2 MVStore file's header (milliseconds since the epoch). */
  private static long storeCreatedMillis(Path file) throws Exception {
    byte[] head = new byte[4096];
    try (var in = Files.newInputStream(file)) {
      in.readNBytes(head, 0, head.length);
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("created:([0-9a-f]+)")
            .matcher(new String(head, java.nio.charset.StandardCharsets.ISO_8859_1));
    assertThat(m.find()).as("an MVStore header").isTrue();
    return Long.parseLong(m.group(1), 16);
  }

  /** H2's DDL for the whole database, without the user's password hash. */
  private static List<String> schemaScript(String url, String password) throws SQLException {
    List<String> lines = new ArrayList<>();
    try (var c = DriverManager.getConnection(url, "sa", password);
        var s = c.createStatement();
        var rs = s.executeQuery("SCRIPT NODATA NOPASSWORDS NOSETTINGS")) {
      while (rs.next()) {
        String line = rs.getString(1);
        if (!line.startsWith("CREATE USER")) {
          lines.add(line);
        }
      }
    }
    return lines;
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

  @Test
  void a_database_flyway_migrated_opens_unchanged_with_the_same_checksums() {
    DatabaseConfig config = DatabaseConfig.h2File(home);
    String password = EmbeddedPassword.ensure(config.passwordFile());
    // What Skiff before its own migrator did.
    Flyway.configure()
        .dataSource(config.url(), config.user(), password)
        .locations("classpath:db/migration/common")
        .load()
        .migrate();
    try (Database db = Database.open(config)) {
      assertThat(db.migrated()).as("nothing left to apply").isFalse();
      assertThat(db.schemaVersion()).isEqualTo(KNOWN_VERSION);
      java.util.Map<String, Integer> flyway =
          db
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT script, checksum FROM flyway_schema_history")
                          .map((rs, ctx) -> java.util.Map.entry(rs.getString(1), rs.getInt(2)))
                          .list())
              .stream()
              .collect(
                  java.util.stream.Collectors.toMap(
                      java.util.Map.Entry::getKey, java.util.Map.Entry::getValue));
      for (SchemaMigrator.Migration m : new SchemaMigrator(null, DatabaseConfig.H2).migrations()) {
        assertThat(m.checksum()).as(m.script()).isEqualTo(flyway.get(m.script()));
      }
    }
  }

  /** What a newer Skiff leaves behind: our migrations plus one this build does not know. */
  private static void applyMigrationsOfANewerSkiff(DatabaseConfig config) {
    String password =
        config.passwordFile() == null
            ? config.password()
            : EmbeddedPassword.ensure(config.passwordFile());
    Flyway.configure()
        .dataSource(config.url(), config.user(), password)
        .locations("classpath:db/migration/common", "classpath:db/future")
        .load()
        .migrate();
  }

  @Test
  void every_open_is_refused_while_another_process_holds_the_h2_file_exclusively()
      throws Exception {
    Database.open(DatabaseConfig.h2File(home)).close(); // migrate first, so the child only opens

    try (PeerProcess server = PeerProcess.start(home, Sharing.EXCLUSIVE)) {
      for (Sharing sharing : Sharing.values()) {
        assertThatThrownBy(() -> Database.open(DatabaseConfig.h2File(home, sharing)))
            .as(sharing.name())
            .isInstanceOf(StoreException.class)
            .hasMessage(
                "database file %s is in use by another Skiff process; stop it, or give this one"
                    + " another Skiff home",
                home.resolve("db/skiff.mv.db").toAbsolutePath());
      }
      assertThat(server.ask("has nobody")).isEqualTo("has nobody false");
    }

    try (Database db = Database.open(DatabaseConfig.h2File(home, Sharing.EXCLUSIVE))) {
      assertThat(db.ping()).as("the file is free again once the holder exits").isTrue();
    }
  }

  @Test
  void a_new_home_gets_a_random_password_readable_only_by_its_owner() throws Exception {
    DatabaseConfig config = DatabaseConfig.h2File(home);
    Database.open(config).close();

    Path file = home.resolve("db/password");
    assertThat(config.passwordFile()).isEqualTo(file.toAbsolutePath());
    String password = Files.readString(file).strip();
    assertThat(password).matches("[A-Za-z0-9_-]{43}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    assertThat(loginError(config.url(), "")).isEqualTo(ErrorCode.WRONG_USER_OR_PASSWORD);
    assertThat(loginError(config.url(), password)).isZero();

    Database.open(config).close();
    assertThat(Files.readString(file).strip()).as("reused, not replaced").isEqualTo(password);

    Path otherHome = home.resolve("other");
    Database.open(DatabaseConfig.h2File(otherHome)).close();
    assertThat(Files.readString(otherHome.resolve("db/password")).strip())
        .as("one password per home")
        .isNotEqualTo(password);
  }

  @Test
  void a_home_from_before_password_files_gets_one_and_loses_the_empty_password() throws Exception {
    DatabaseConfig config = DatabaseConfig.h2File(home, Sharing.EXCLUSIVE);
    Path dir = Files.createDirectories(home.resolve("db"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    // What an older Skiff did: sa with the empty password, no password file.
    try (Database old = Database.open(new DatabaseConfig(config.url(), "sa", ""))) {
      old.profiles().create(Profile.of("team-a", "ada", ""));
    }

    try (Database db = Database.open(DatabaseConfig.h2File(home))) {
      assertThat(db.profiles().find("team-a")).isPresent();
    }

    String password = Files.readString(home.resolve("db/password")).strip();
    assertThat(loginError(config.url(), "")).isEqualTo(ErrorCode.WRONG_USER_OR_PASSWORD);
    assertThat(loginError(config.url(), password)).isZero();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .as("narrowed: it holds the lock file with the server's key")
        .isEqualTo("rwx------");
  }

  @Test
  void a_password_file_that_does_not_belong_to_the_database_is_one_line() throws Exception {
    DatabaseConfig config = DatabaseConfig.h2File(home);
    Database.open(config).close();
    Files.writeString(home.resolve("db/password"), "not-the-password\n");

    assertThatThrownBy(() -> Database.open(config))
        .isInstanceOf(StoreException.class)
        .hasMessage(
            "database %s does not accept the password in %s; put back the password file that"
                + " belongs to this database",
            home.resolve("db/skiff.mv.db").toAbsolutePath(),
            home.resolve("db/password").toAbsolutePath());
  }

  /** The H2 error code of logging in as sa with {@code password}, or 0 when it works. */
  private static int loginError(String url, String password) {
    try {
      DriverManager.getConnection(url, "sa", password).close();
      return 0;
    } catch (SQLException e) {
      return e.getErrorCode();
    }
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
    DatabaseConfig two = h2.withMaxPoolSize(2);
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
