package dev.skiff.store;

import dev.skiff.testkit.EmbeddedPostgresExtension;
import dev.skiff.testkit.PostgresDatabase;
import org.junit.jupiter.api.extension.ExtendWith;

/** The recurring-run repository contract on a real (embedded) PostgreSQL. */
@ExtendWith(EmbeddedPostgresExtension.class)
class PostgresRecurringRunRepositoryIT extends AbstractRecurringRunRepositoryIT {

  private final PostgresDatabase db;

  PostgresRecurringRunRepositoryIT(PostgresDatabase db) {
    this.db = db;
  }

  @Override
  protected Database openDatabase() {
    return Database.open(new DatabaseConfig(db.jdbcUrl(), db.user(), db.password()));
  }
}
