package dev.skiff.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/** Builds the HikariCP pool for a {@link DatabaseConfig}, failing fast with one clear line. */
final class ConnectionPool {

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

  private ConnectionPool() {}

  /**
   * Starts the pool and checks that one connection can be made.
   *
   * @throws StoreException when the database cannot be reached or the H2 file is in use
   */
  static HikariDataSource start(DatabaseConfig config, MeterRegistry registryOrNull) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName(POOL_NAME);
    hikari.setJdbcUrl(config.url());
    hikari.setUsername(config.user());
    hikari.setPassword(config.password());
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
