package dev.skiff.engine;

import dev.skiff.store.DatabaseConfig;
import dev.skiff.testkit.EmbeddedPostgresExtension;
import dev.skiff.testkit.PostgresDatabase;
import org.junit.jupiter.api.extension.ExtendWith;

/** Retention on a real (embedded) PostgreSQL. */
@ExtendWith(EmbeddedPostgresExtension.class)
class PostgresRetentionIT extends AbstractRetentionIT {
  private final PostgresDatabase pg;

  PostgresRetentionIT(PostgresDatabase pg) {
    this.pg = pg;
  }

  @Override
  protected DatabaseConfig database() {
    return new DatabaseConfig(pg.jdbcUrl(), pg.user(), pg.password());
  }
}
