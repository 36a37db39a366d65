package dev.skiff.server.api;

import dev.skiff.server.config.SkiffConfig;
import dev.skiff.testkit.EmbeddedPostgresExtension;
import dev.skiff.testkit.PostgresDatabase;
import org.junit.jupiter.api.extension.ExtendWith;

/** The recurring-run API on a real (embedded) PostgreSQL. */
@ExtendWith(EmbeddedPostgresExtension.class)
class PostgresRecurringRunApiIT extends AbstractRecurringRunApiIT {
  private final PostgresDatabase db;

  PostgresRecurringRunApiIT(PostgresDatabase db) {
    this.db = db;
  }

  @Override
  protected SkiffConfig.Database database() {
    return new SkiffConfig.Database(db.jdbcUrl(), db.user(), db.password());
  }
}
