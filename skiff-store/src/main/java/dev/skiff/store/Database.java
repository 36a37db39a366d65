package dev.skiff.store;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;
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
  private final ProfileRepository profiles;
  private final PipelineRepository pipelines;
  private final SettingRepository settings;
  private final RunRepository runs;
  private final ExperimentRepository experiments;

  private Database(
      DatabaseConfig config,
      String vendor,
      HikariDataSource dataSource,
      SchemaMigrator migrator,
      boolean migrated) {
    this.config = config;
    this.vendor = vendor;
    this.dataSource = dataSource;
    this.migrator = migrator;
    this.migrated = migrated;
    this.jdbi = Jdbi.create(dataSource);
    this.profiles = new JdbiProfileRepository(jdbi);
    this.pipelines = new JdbiPipelineRepository(jdbi);
    this.settings = new JdbiSettingRepository(jdbi);
    this.runs = new JdbiRunRepository(jdbi);
    this.experiments = new JdbiExperimentRepository(jdbi);
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
    HikariDataSource dataSource = startPool(config, registryOrNull);
    try {
      SchemaMigrator migrator = new SchemaMigrator(dataSource, vendor);
      int applied = migrator.migrate(config);
      Database db = new Database(config, vendor, dataSource, migrator, applied > 0);
      log.info(
          "Opened {} database {} (schema version {}, {} migration(s) applied) in {} ms",
          vendor,
          config.redactedUrl(),
          db.schemaVersion(),
          applied,
          (System.nanoTime() - start) / 1_000_000);
      return db;
    } catch (RuntimeException e) {
      dataSource.close();
      throw e instanceof StoreException se
          ? se
          : new StoreException(
              "cannot open database " + config.redactedUrl() + ": " + StoreErrors.reason(e), e);
    }
  }

  private static HikariDataSource startPool(DatabaseConfig config, MeterRegistry registryOrNull) {
    if (config.passwordFile() == null) {
      return ConnectionPool.start(config, config.password(), registryOrNull);
    }
    String password = EmbeddedPassword.ensure(config.passwordFile());
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

  /**
   * Whether the database answers {@code SELECT 1} now. Never throws; returns {@code false} when
   * closed or unreachable, within the pool's connect timeout plus a two-second query timeout.
   */
  public boolean ping() {
    if (dataSource.isClosed()) {
      return false;
    }
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.setQueryTimeout(PING_TIMEOUT_SECONDS);
      try (ResultSet rs = s.executeQuery("SELECT 1")) {
        return rs.next() && rs.getInt(1) == 1;
      }
    } catch (SQLException | RuntimeException e) {
      log.debug("Database ping failed: {}", StoreErrors.reason(e));
      return false;
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
   * Whether {@link #open} applied any migration, i.e. created or upgraded the schema. {@code false}
   * when the schema was already current.
   */
  public boolean migrated() {
    return migrated;
  }

  /** The profiles stored in this database. */
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
   * this process serves, also those of other processes, or when this process exits). Idempotent.
   */
  @Override
  public void close() {
    dataSource.close();
  }

  @Override
  public String toString() {
    return "Database[" + config.redactedUrl() + "]";
  }
}
