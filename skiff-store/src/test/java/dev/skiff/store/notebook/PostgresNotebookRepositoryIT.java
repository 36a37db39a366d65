package dev.skiff.store.notebook;

import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import dev.skiff.testkit.EmbeddedPostgresExtension;
import dev.skiff.testkit.PostgresDatabase;
import org.junit.jupiter.api.extension.ExtendWith;

/** The notebook repository contract on a real (embedded) PostgreSQL. */
@ExtendWith(EmbeddedPostgresExtension.class)
class PostgresNotebookRepositoryIT extends AbstractNotebookRepositoryIT {

  private final PostgresDatabase db;

  PostgresNotebookRepositoryIT(PostgresDatabase db) {
    this.db = db;
  }

  @Override
  protected Database openDatabase() {
    return Database.open(new DatabaseConfig(db.jdbcUrl(), db.user(), db.password()));
  }
}
