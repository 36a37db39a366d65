package dev.skiff.store;

import dev.skiff.testkit.EmbeddedPostgresExtension;
import dev.skiff.testkit.PostgresDatabase;
import org.junit.jupiter.api.extension.ExtendWith;

/** The run repository contract on a real (embedded) PostgreSQL. */
@ExtendWith(EmbeddedPostgresExtension.class)
class PostgresRunRepositoryIT extends AbstractRunRepositoryIT {

  private final PostgresDatabase db;

  PostgresRunRepositoryIT(PostgresDatabase db) {
    this.db = db;
  }

  @Override
  protected Database openDatabase() {
    return Database.open(new DatabaseConfig(db.jdbcUrl(), db.user(), db.password()));
  }
}
