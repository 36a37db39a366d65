package dev.skiff.store;

import dev.skiff.testkit.EmbeddedPostgresExtension;
import dev.skiff.testkit.PostgresDatabase;
import org.junit.jupiter.api.extension.ExtendWith;

/** Listing in SQL on a real (embedded) PostgreSQL. */
@ExtendWith(EmbeddedPostgresExtension.class)
class PostgresCatalogListIT extends AbstractCatalogListIT {

  private final PostgresDatabase db;

  PostgresCatalogListIT(PostgresDatabase db) {
    this.db = db;
  }

  @Override
  protected Database openDatabase() {
    return Database.open(new DatabaseConfig(db.jdbcUrl(), db.user(), db.password()));
  }
}
