package dev.skiff.store.identity;

import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import dev.skiff.testkit.EmbeddedPostgresExtension;
import dev.skiff.testkit.PostgresDatabase;
import org.junit.jupiter.api.extension.ExtendWith;

/** The identity tables on a real (embedded) PostgreSQL. */
@ExtendWith(EmbeddedPostgresExtension.class)
class PostgresIdentityRepositoriesIT extends AbstractIdentityRepositoriesIT {
  private final PostgresDatabase db;

  PostgresIdentityRepositoriesIT(PostgresDatabase db) {
    this.db = db;
  }

  @Override
  protected Database openDatabase() {
    return Database.open(new DatabaseConfig(db.jdbcUrl(), db.user(), db.password()));
  }
}
