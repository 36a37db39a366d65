package dev.skiff.server.api;

import dev.skiff.server.config.SkiffConfig;
import dev.skiff.testkit.EmbeddedPostgresExtension;
import dev.skiff.testkit.PostgresDatabase;
import org.junit.jupiter.api.extension.ExtendWith;

/** The store-limit cases on a real (embedded) PostgreSQL, whose errors name no column. */
@ExtendWith(EmbeddedPostgresExtension.class)
class PostgresStoreLimitsIT extends AbstractStoreLimitsIT {
  private final PostgresDatabase db;

  PostgresStoreLimitsIT(PostgresDatabase db) {
    this.db = db;
  }

  @Override
  protected SkiffConfig.Database database() {
    return new SkiffConfig.Database(db.jdbcUrl(), db.user(), db.password());
  }
}
