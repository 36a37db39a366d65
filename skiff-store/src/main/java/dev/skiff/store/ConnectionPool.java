package dev.skiff.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the HikariCP pool for a {@link DatabaseConfig}, failing fast with one clear line. */
final class ConnectionPool {
  private static final Logger log = LoggerFactory.getLogger(ConnectionPool.class);

  /** The pool's name in logs and in the {@code pool} tag of the {@code hikaricp.*} meters. */
  static final String POOL_NAME = "skiff";

  /**
   * How long the driver may take to connect and log in: a few seconds, so that a wrong host or a
   * stopped database fails a start promptly.
   */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /**
   * How long a caller waits for a free connection of the running pool: long enough to ride out a
   * burst (a hundred runs committing at once on a loaded machine).
   */
  static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(30);

  /** The JVM-wide system property that tells H2 which address its servers listen on. */
  static final String H2_BIND_ADDRESS = "h2.bindAddress";

  private static final AtomicBoolean warnedOfWideH2Server = new AtomicBoolean();

  private ConnectionPool() {}

  /**
   * Starts the pool and checks that one connection can be made.
   *
   * @param password the password to log in with ({@link DatabaseConfig#password()}, or the one in
   *     its password file)
   * @throws StoreException when the database cannot be reached or the H2 file is in use
   */
  static HikariDataSource start(
      DatabaseConfig config, String password, MeterRegistry registryOrNull) {
    if (DatabaseConfig.H2.equals(config.vendor())) {
      keepH2ServerOnLoopback(config.shared()); // before H2's first open in this JVM, any mode
    }
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName(POOL_NAME);
    if (config.h2File().isPresent() && !config.shared()) {
      // A file this process alone opens: never opened again behind its back (see ReopenGuard).
      hikari.setDataSource(
          new ReopenGuard(config.url(), config.user(), password, config.h2File().get()));
    } else {
      hikari.setJdbcUrl(config.url());
      hikari.setUsername(config.user());
      hikari.setPassword(password);
    }
    hikari.setMaximumPoolSize(config.maxPoolSize());
    hikari.setConnectionTimeout(ACQUIRE_TIMEOUT.toMillis());
    // Try once at start (Hikari's 1 ms default, stated here because fail-fast is the point).
    hikari.setInitializationFailTimeout(1);
    if (DatabaseConfig.POSTGRESQL.equals(config.vendor())) {
      // Shows up in pg_stat_activity, so a DBA can tell whose connections these are.
      hikari.addDataSourceProperty("ApplicationName", "skiff");
      // The driver's own limits, so the pool's longer wait for a free connection does not make an
      // unreachable server slow to report (seconds).
      String seconds = Long.toString(CONNECT_TIMEOUT.toSeconds());
      hikari.addDataSourceProperty("connectTimeout", seconds);
      hikari.addDataSourceProperty("loginTimeout", seconds);
    }
    if (registryOrNull != null) {
      hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registryOrNull));
    }
    try {
      return new HikariDataSource(hikari);
    } catch (RuntimeException e) {
      throw failure(config, e);
    }
  }

  /**
   * Makes the TCP server that H2 starts for a shared file listen on 127.0.0.1 only (called for
   * every H2 open: the property must be set before the first one, shared or not). H2 itself listens
   * on every interface and lets any host connect ({@code -tcpAllowOthers}, fixed in its AUTO_SERVER
   * code); the only knob is the JVM-wide {@code h2.bindAddress} property, which H2 reads once, when
   * it first opens a database. So it is set here, before the first open, unless the user set it;
   * when H2 was initialised earlier without it, the server stays on every interface (still behind
   * the lock file's random key and the password) and this says so.
   */
  static void keepH2ServerOnLoopback(boolean shared) {
    if (System.getProperty(H2_BIND_ADDRESS) == null) {
      System.setProperty(H2_BIND_ADDRESS, "127.0.0.1");
    }
    String effective = org.h2.engine.SysProperties.BIND_ADDRESS;
    if (shared
        && (effective == null || effective.isBlank())
        && !warnedOfWideH2Server.getAndSet(true)) {
      log.warn(
          "H2 was initialised before Skiff could set {}; the database's TCP server listens on every"
              + " interface (it still needs the lock file's key and the password)",
          H2_BIND_ADDRESS);
    }
  }

  private static StoreException failure(DatabaseConfig config, RuntimeException e) {
    var h2File = config.h2File();
    if (h2File.isPresent() && StoreErrors.isH2FileLocked(e)) {
      return new StoreException(
          "database file "
              + h2File.get()
              + " is in use by another Skiff process; stop it, or give this one another Skiff"
              + " home",
          e);
    }
    if (config.passwordFile() != null && StoreErrors.isWrongPassword(e)) {
      return new StoreException(
          "database "
              + h2File.orElse(config.redactedUrl())
              + " does not accept the password in "
              + config.passwordFile()
              + "; put back the password file that belongs to this database",
          e);
    }
    if (h2File.isPresent() && StoreErrors.isH2FileUnreadable(e)) {
      return new StoreException(
          "database file "
              + h2File.get()
              + " cannot be read; it is damaged or not a database of this H2 version (restore"
              + " it from a backup or move it aside)",
          e);
    }
    return new StoreException(
        "cannot connect to database " + config.redactedUrl() + ": " + StoreErrors.reason(e), e);
  }
}
