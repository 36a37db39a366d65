package dev.skiff.store;

import dev.skiff.testkit.EmbeddedPostgresExtension;
import dev.skiff.testkit.PostgresDatabase;
import org.junit.jupiter.api.extension.ExtendWith;

/** Retention's queries on a real (embedded) PostgreSQL. */
@ExtendWith(EmbeddedPostgresExtension.class)
class PostgresRetentionRepositoryIT extends AbstractRetentionRepositoryIT {

  private final PostgresDatabase db;

  PostgresRetentionRepositoryIT(PostgresDatabase db) {
    this.db = db;
  }

  @Override
  protected Database openDatabase() {
    return Database.open(new DatabaseConfig(db.jdbcUrl(), db.user(), db.password()));
  }
}
