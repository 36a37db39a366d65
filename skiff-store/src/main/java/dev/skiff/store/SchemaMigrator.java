package dev.skiff.store;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Brings the schema up to this build's version with Flyway, refusing a schema from a newer build.
 *
 * <p>Migrations live in {@code db/migration/common}: the SQL so far is portable between H2 (in
 * PostgreSQL mode) and PostgreSQL, and one file per change keeps the two vendors from drifting.
 * Should a change ever need vendor SQL, put that version's file in both {@code db/migration/h2} and
 * {@code db/migration/postgresql}; those folders are already scanned (Flyway's {@code {vendor}}
 * naming), so the numbering stays one sequence across all three folders.
 */
final class SchemaMigrator {

  private final Flyway flyway;

  SchemaMigrator(DataSource dataSource, String vendor) {
    this.flyway =
        Flyway.configure(SchemaMigrator.class.getClassLoader())
            .dataSource(dataSource)
            .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor)
            // A file Flyway would silently skip (e.g. "V2_profiles.sql") is a bug: fail on it.
            .validateMigrationNaming(true)
            // Never let a command wipe a database; Skiff only ever migrates forward.
            .cleanDisabled(true)
            .load();
  }

  /**
   * Checks that the schema is not newer than this build, then applies pending migrations.
   *
   * @return how many migrations were applied (0 when the schema was already current)
   * @throws StoreException when the schema is newer, or a migration fails or does not match
   */
  int migrate(DatabaseConfig config) {
    try {
      refuseNewerSchema();
      return flyway.migrate().migrationsExecuted;
    } catch (FlywayException e) {
      throw new StoreException(
          "cannot migrate database " + config.redactedUrl() + ": " + describe(e), e);
    }
  }

  /** The version of the newest applied migration, 0 for an empty database. */
  int appliedVersion() {
    MigrationInfo current = flyway.info().current();
    return current == null || current.getVersion() == null ? 0 : toInt(current.getVersion());
  }

  private void refuseNewerSchema() {
    MigrationInfoService info = flyway.info();
    MigrationInfo current = info.current();
    if (current == null || current.getVersion() == null) {
      return;
    }
    MigrationVersion known = null;
    for (MigrationInfo m : info.all()) {
      MigrationVersion v = m.getVersion();
      if (m.getState().isResolved() && v != null && (known == null || v.isNewerThan(known))) {
        known = v;
      }
    }
    if (known == null || current.getVersion().isNewerThan(known)) {
      // Flyway itself would ignore the unknown rows ("future" migrations) and carry on; running
      // old code against a newer schema risks corrupting it, so stop here.
      throw new StoreException(
          "database schema version "
              + toInt(current.getVersion())
              + " is newer than this Skiff ("
              + (known == null ? 0 : toInt(known))
              + "); upgrade Skiff");
    }
  }

  /** Flyway's messages are multi-line reports; keep the headline and the driver's reason. */
  private static String describe(FlywayException e) {
    String headline = StoreErrors.firstLine(e.getMessage());
    if (e.getCause() == null) {
      return headline;
    }
    String reason = StoreErrors.reason(e.getCause());
    return headline.contains(reason) ? headline : headline + ": " + reason;
  }

  /** Skiff numbers migrations V1, V2, ...; a dotted version counts by its first part. */
  private static int toInt(MigrationVersion version) {
    return version.getMajor().intValueExact();
  }
}
