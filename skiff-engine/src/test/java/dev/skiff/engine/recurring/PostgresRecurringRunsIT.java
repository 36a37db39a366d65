package dev.skiff.engine.recurring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.store.DatabaseConfig;
import dev.skiff.store.StoredRecurringRun;
import dev.skiff.testkit.EmbeddedPostgresExtension;
import dev.skiff.testkit.PostgresDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recurring runs on a real (embedded) PostgreSQL, and two servers' worth of engines (each its own
 * connection pool and home) firing the same recurring run.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class PostgresRecurringRunsIT extends AbstractRecurringRunsIT {
  private final PostgresDatabase pg;
  @TempDir Path otherHome;

  PostgresRecurringRunsIT(PostgresDatabase pg) {
    this.pg = pg;
  }

  @Override
  protected DatabaseConfig database() {
    return new DatabaseConfig(pg.jdbcUrl(), pg.user(), pg.password());
  }

  @Test
  void two_servers_on_one_postgresql_fire_each_tick_once() throws Exception {
    StoredRecurringRun r = create(everySecond("two-servers", 10, false, true));
    try (Node other = Node.open(database(), otherHome)) {
      start(node);
      start(other);
      start(node);
      start(other);
      await("6 runs", Duration.ofSeconds(30), () -> runsOf(node, r.id()).size() >= 6);
      schedulers.forEach(RecurringRunScheduler::close);
      List<Instant> ticks = ticksOf(node, r);
      assertEverySecondOnce(ticks);
      // and no run of the recurring run is there but the ones of these ticks
      long stored =
          node.database()
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT COUNT(*) FROM run WHERE recurring_run_id = :id")
                          .bind("id", r.id())
                          .mapTo(Long.class)
                          .one());
      assertThat(stored).isEqualTo(ticks.size());
    }
  }
}
