package dev.skiff.store;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open, migrated Skiff database: the connection pool, JDBI on top of it, and the repositories.
 *
 * <p>{@link #open} connects, refuses a schema written by a newer Skiff, applies pending migrations
 * and only then returns, so a {@code Database} in hand always has the schema this build expects.
 * Every failure is a {@link StoreException} with a one-line message. Close it to release the pool
 * (and, for H2, the file lock).
 *
 * <p>The embedded H2 file of a Skiff home is {@linkplain DatabaseConfig.Sharing#SHARED shared} by
 * default: the first process opens it and serves it to the others on 127.0.0.1 (H2's AUTO_SERVER
 * mode, behind the lock file's random key and the home's database password), so their reads see
 * what it commits; when it exits, the next connection of another process takes the file over.
 * Commits stay durable at once in every process (WRITE_DELAY=0 in the serving one). An {@linkplain
 * DatabaseConfig.Sharing#EXCLUSIVE exclusive} open refuses to start while any other process has the
 * file, and keeps the others out.
 */
public final class Database implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Database.class);

  /** Seconds a {@link #ping()} query may run; a health check must answer quickly. */
  private static final int PING_TIMEOUT_SECONDS = 2;

  private final DatabaseConfig config;
  private final String vendor;
  private final HikariDataSource dataSource;
  private final SchemaMigrator migrator;
  private final boolean migrated;
  private final Jdbi jdbi;
  private final dev.skiff.store.identity.IdentityRepositories identity;
  private final ProfileRepository profiles;
  private final PipelineRepository pipelines;
  private final SettingRepository settings;
  private final RunRepository runs;
  private final RetentionRepository retention;
  private final Optional<H2FileCompaction> compaction;

  /**
   * For a file this process opened exclusively: a connection of its own, outside the pool, that
   * tells whether the database this process opened is still open. H2 closes a database after a
   * fatal error (out of memory, a failed write); the pool would then open the file again behind the
   * scenes, and only this connection still shows that the original was closed.
   */
  private final Connection sentinel;

  private final ReentrantLock sentinelLock = new ReentrantLock();
  private final AtomicBoolean retired = new AtomicBoolean();

  /** The state of the database, as {@link #health()} finds it. */
  public enum State {
    /** It answers. */
    UP,
    /** It does not answer now (a server that is down or restarting, a network cut). */
    UNREACHABLE,
    /**
     * The embedded database this process opened was closed under it (by H2 after a fatal error, or
     * by a {@code SHUTDOWN}); this process cannot trust it any more and should restart.
     */
    CLOSED
  }

  /**
   * What a health check found.
   *
   * @param state up, unreachable or closed
   * @param detail one line: why it is not up, empty when it is
   */
  public record Health(State state, String detail) {
    /** Whether the database answers. */
    public boolean isUp() {
      return state == State.UP;
    }
  }

  private final ExperimentRepository experiments;
  private final RecurringRunRepository recurringRuns;
  private final dev.skiff.store.notebook.NotebookRepository notebooks;

  private Database(
      DatabaseConfig config,
      String vendor,
      HikariDataSource dataSource,
      SchemaMigrator migrator,
      boolean migrated,
      Connection sentinel) {
    this.sentinel = sentinel;
    this.config = config;
    this.vendor = vendor;
    this.dataSource = dataSource;
    this.migrator = migrator;
    this.migrated = migrated;
    this.jdbi = Jdbi.create(dataSource);
    // jdbi writes a JFR event per statement while a recording runs, with the values bound to it:
    // secrets such as the page-token signing key and token hashes would go into the recording. Its
    // telemetry switch does not cover JFR, so the rendered values are cut to "..." (3 is the
    // shortest length jdbi accepts); the SQL stays.
    jdbi.getConfig(SqlStatements.class)
        .setIncludeBindingsInTelemetry(false)
        .setJfrParamMaxLength(3);
    this.profiles = new JdbiProfileRepository(jdbi);
    this.pipelines = new JdbiPipelineRepository(jdbi);
    this.settings = new JdbiSettingRepository(jdbi);
    this.runs = new JdbiRunRepository(jdbi);
    this.retention = new JdbiRetentionRepository(jdbi);
    this.compaction = H2FileCompaction.start(dataSource, config);
    this.experiments = new JdbiExperimentRepository(jdbi);
    this.recurringRuns = new JdbiRecurringRunRepository(jdbi);
    this.identity = dev.skiff.store.identity.IdentityRepositories.over(jdbi);
    this.notebooks = new dev.skiff.store.notebook.JdbiNotebookRepository(jdbi);
  }

  /** Opens a database without metrics; see {@link #open(DatabaseConfig, MeterRegistry)}. */
  public static Database open(DatabaseConfig config) {
    return open(config, null);
  }

  /**
   * Connects, migrates and returns the database.
   *
   * @param config where the database is
   * @param registryOrNull a registry for the pool's {@code hikaricp.*} meters (tag {@code
   *     pool=skiff}), or {@code null} for none
   * @throws StoreException when the URL is unsupported, the database cannot be reached, an H2 file
   *     is in use by another process (an exclusive open, or a shared open while another process has
   *     the file exclusively), the password file cannot be read or created or does not belong to
   *     the database, the schema is newer than this build, or a migration fails
   */
  public static Database open(DatabaseConfig config, MeterRegistry registryOrNull) {
    Objects.requireNonNull(config, "config");
    String vendor = config.vendor();
    long start = System.nanoTime();
    String password =
        config.passwordFile() == null
            ? config.password()
            : EmbeddedPassword.ensure(config.passwordFile());
    // A new home's database is a copy of the build's migrated one, held open until the pool is up.
    Optional<Connection> seeded =
        config.passwordFile() == null ? Optional.empty() : SchemaTemplate.seed(config, password);
    HikariDataSource dataSource;
    try {
      dataSource = startPool(config, password, registryOrNull);
    } finally {
      seeded.ifPresent(Database::closeQuietly);
    }
    Connection sentinel = null;
    try {
      SchemaMigrator migrator = new SchemaMigrator(dataSource, vendor);
      int applied = migrator.migrate(config);
      if (config.h2File().isPresent() && !config.shared()) {
        sentinel = DriverManager.getConnection(config.url(), config.user(), password);
        Connection opened = sentinel;
        if (dataSource.getDataSource() instanceof ReopenGuard guard) {
          guard.refuseWhen(() -> isClosed(opened));
        }
        keepPrivate(Path.of(config.h2File().get()));
      }
      Database db =
          new Database(
              config, vendor, dataSource, migrator, applied > 0 || seeded.isPresent(), sentinel);
      log.info(
          "Opened {} database {} (schema version {}, {}) in {} ms",
          vendor,
          config.redactedUrl(),
          db.schemaVersion(),
          seeded.isPresent()
              ? "new, from the build's migrated template"
              : applied + " migration(s) applied",
          (System.nanoTime() - start) / 1_000_000);
      return db;
    } catch (RuntimeException | SQLException e) {
      closeQuietly(sentinel);
      dataSource.close();
      throw e instanceof StoreException se
          ? se
          : new StoreException(
              "cannot open database " + config.redactedUrl() + ": " + StoreErrors.reason(e), e);
    }
  }

  /**
   * Narrows the embedded database's files (the data file, and the trace and lock files H2 writes
   * beside it) to their owner: H2 creates them under the process's umask.
   */
  private static void keepPrivate(Path dataFile) {
    Path dir = dataFile.toAbsolutePath().getParent();
    String base = dataFile.getFileName().toString().replace(".mv.db", ".");
    try (var files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith(base)).toList()) {
        if (PrivateFiles.tighten(f)) {
          log.debug("Narrowed {} to mode 600", f);
        }
      }
    } catch (IOException e) {
      log.warn("Cannot narrow the modes of the database files in {}: {}", dir, e.toString());
    }
  }

  private static boolean isClosed(Connection c) {
    try {
      return c.isClosed();
    } catch (SQLException e) {
      return true;
    }
  }

  /**
   * Closes {@code c} (when not null), ignoring a failure: for what failed or is no longer needed.
   */
  static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        // closing what failed to open
      }
    }
  }

  private static HikariDataSource startPool(
      DatabaseConfig config, String password, MeterRegistry registryOrNull) {
    if (config.passwordFile() == null) {
      return ConnectionPool.start(config, password, registryOrNull);
    }
    try {
      return ConnectionPool.start(config, password, registryOrNull);
    } catch (StoreException e) {
      if (!StoreErrors.isWrongPassword(e)) {
        throw e;
      }
      // A home from before password files: its database still has the empty password.
      EmbeddedPassword.adoptIntoLegacyDatabase(config, password);
      return ConnectionPool.start(config, password, registryOrNull);
    }
  }

  /** JDBI over the pool, for repositories in this and later modules. */
  public Jdbi jdbi() {
    return jdbi;
  }

  /** Whether the database answers now; see {@link #health()}. Never throws. */
  public boolean ping() {
    return health().isUp();
  }

  /**
   * Checks the database now, within a few seconds, never through the pool's long wait for a free
   * connection: an embedded file this process opened exclusively through its own connection (closed
   * under this process: {@link State#CLOSED}); PostgreSQL through a new connection (so a pool busy
   * with work does not read as a dead database); a shared H2 file through the pool. Never throws.
   */
  public Health health() {
    if (dataSource.isClosed() && !retired.get()) {
      return new Health(State.CLOSED, "the database pool is closed");
    }
    if (sentinel != null) {
      sentinelLock.lock();
      try {
        selectOne(sentinel);
        return new Health(State.UP, "");
      } catch (SQLException | RuntimeException e) {
        retirePool();
        return new Health(
            State.CLOSED,
            "embedded database "
                + config.h2File().orElse(config.redactedUrl())
                + " was closed: "
                + StoreErrors.reason(e));
      } finally {
        sentinelLock.unlock();
      }
    }
    try (Connection c = probeConnection()) {
      selectOne(c);
      return new Health(State.UP, "");
    } catch (SQLException | RuntimeException e) {
      log.debug("Database health check failed: {}", StoreErrors.reason(e));
      return new Health(
          State.UNREACHABLE,
          "database " + config.redactedUrl() + " does not answer: " + StoreErrors.reason(e));
    }
  }

  /**
   * The database this process opened is gone: the pool closes too (in the background; it waits for
   * connections in use), so that every caller fails at once with a connection error instead of
   * waiting for connections that will never come.
   */
  private void retirePool() {
    if (retired.compareAndSet(false, true)) {
      log.debug(
          "The embedded database {} was closed: closing the pool", config.h2File().orElse(""));
      Thread.ofVirtual().name("skiff-pool-retire").start(dataSource::close);
    }
  }

  private Connection probeConnection() throws SQLException {
    if (!DatabaseConfig.POSTGRESQL.equals(vendor)) {
      return dataSource.getConnection();
    }
    Properties p = new Properties();
    p.setProperty("user", config.user());
    p.setProperty("password", dataSource.getPassword() == null ? "" : dataSource.getPassword());
    p.setProperty("connectTimeout", Integer.toString(PING_TIMEOUT_SECONDS));
    p.setProperty("loginTimeout", Integer.toString(PING_TIMEOUT_SECONDS));
    p.setProperty("socketTimeout", Integer.toString(PING_TIMEOUT_SECONDS + 1));
    p.setProperty("ApplicationName", "skiff-health");
    return DriverManager.getConnection(config.url(), p);
  }

  private static void selectOne(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.setQueryTimeout(PING_TIMEOUT_SECONDS);
      try (ResultSet rs = s.executeQuery("SELECT 1")) {
        if (!rs.next() || rs.getInt(1) != 1) {
          throw new SQLException("SELECT 1 did not answer 1");
        }
      }
    }
  }

  /** The vendor id: {@value DatabaseConfig#H2} or {@value DatabaseConfig#POSTGRESQL}. */
  public String vendor() {
    return vendor;
  }

  /**
   * The version of the newest migration applied to the database, read now.
   *
   * @throws StoreException when the database cannot be read
   */
  public int schemaVersion() {
    try {
      return migrator.appliedVersion();
    } catch (RuntimeException e) {
      throw new StoreException("cannot read schema version: " + StoreErrors.reason(e), e);
    }
  }

  /**
   * Whether {@link #open} created or upgraded the schema (applied a migration, or made a new home's
   * database from the build's template). {@code false} when the schema was already current.
   */
  public boolean migrated() {
    return migrated;
  }

  /** The profiles stored in this database. */
  /** Users, profile members, API tokens, sessions and the audit log. */
  public dev.skiff.store.identity.IdentityRepositories identity() {
    return identity;
  }

  public ProfileRepository profiles() {
    return profiles;
  }

  /** The pipelines stored in this database. */
  public PipelineRepository pipelines() {
    return pipelines;
  }

  /** Pipeline runs with their tasks and attempts. */
  public RunRepository runs() {
    return runs;
  }

  /** What retention reads and writes: finished runs by age and rank, per-profile overrides. */
  public RetentionRepository retention() {
    return retention;
  }

  /** Recurring runs (schedules) per profile. */
  public RecurringRunRepository recurringRuns() {
    return recurringRuns;
  }

  /** Notebook servers and their events. */
  public dev.skiff.store.notebook.NotebookRepository notebooks() {
    return notebooks;
  }

  /** Experiments (groups of runs) per profile. */
  public ExperimentRepository experiments() {
    return experiments;
  }

  /** Installation-wide settings. */
  public SettingRepository settings() {
    return settings;
  }

  /** The config this database was opened with. */
  public DatabaseConfig config() {
    return config;
  }

  /**
   * Closes the pool; H2 closes its file once the last connection is gone (for a shared file that
   * this process serves, also those of other processes, or when this process exits). An embedded
   * file that this process opened exclusively is compacted first when much of it is dead space.
   * Idempotent.
   */
  @Override
  public void close() {
    try {
      if (!dataSource.isClosed()) {
        compaction.ifPresent(H2FileCompaction::close);
      }
    } finally {
      dataSource.close();
      sentinelLock.lock();
      try {
        closeQuietly(sentinel);
      } finally {
        sentinelLock.unlock();
      }
    }
  }

  @Override
  public String toString() {
    return "Database[" + config.redactedUrl() + "]";
  }
}
