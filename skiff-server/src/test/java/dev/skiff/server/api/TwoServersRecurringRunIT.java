package dev.skiff.server.api;

import static dev.skiff.server.api.ApiServer.API;
import static dev.skiff.server.api.ApiServer.equalsFilter;
import static dev.skiff.server.api.ApiServer.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.server.config.SkiffConfig;
import dev.skiff.testkit.EmbeddedPostgresExtension;
import dev.skiff.testkit.PostgresDatabase;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers on one PostgreSQL, each with its own home, both running the recurring-run scheduler:
 * a per-second schedule created on one fires each tick exactly once, and a server stopped and
 * started again in between loses no tick.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class TwoServersRecurringRunIT {
  private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
  private final PostgresDatabase pg;
  @TempDir Path homeA;
  @TempDir Path homeB;

  TwoServersRecurringRunIT(PostgresDatabase pg) {
    this.pg = pg;
  }

  private ApiServer server(Path home) {
    return new ApiServer(
        home, new SkiffConfig.Database(pg.jdbcUrl(), pg.user(), pg.password()), 256 * 1024);
  }

  private static List<Instant> ticks(ApiServer api, String id) {
    List<Instant> ticks = new ArrayList<>();
    JsonNode runs =
        ok(api.get(API + "/runs?page_size=1000&filter=" + equalsFilter("recurring_run_id", id)))
            .path("runs");
    for (JsonNode run : runs) {
      String name = run.path("display_name").asText();
      ticks.add(
          LocalDateTime.parse(name.substring(name.lastIndexOf('-') + 1), SUFFIX)
              .toInstant(ZoneOffset.UTC));
    }
    return ticks.stream().sorted().toList();
  }

  private static void awaitTicks(ApiServer api, String id, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (ticks(api, id).size() < n) {
      assertThat(System.nanoTime()).as("%d runs", n).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  @Test
  void each_tick_fires_once_across_two_servers_and_a_restart() throws Exception {
    ApiServer b = server(homeB);
    String id;
    try (ApiServer a = server(homeA)) {
      // the server's token names the same local user on both homes, so both see the schedule
      String body =
          AbstractRecurringRunApiIT.cronBody("shared", "", "* * * * * *")
              .put("max_concurrency", 10)
              .toString();
      id = ok(a.post(API + "/recurringruns", body)).path("recurring_run_id").asText();
      awaitTicks(a, id, 4);
      b.close(); // one server goes away and comes back
      Thread.sleep(1500);
      b = server(homeB);
      awaitTicks(a, id, 8);
      ok(a.post(API + "/recurringruns/" + id + ":disable", ""));
    } finally {
      b.close();
    }
    try (ApiServer again = server(homeB)) {
      List<Instant> ticks = ticks(again, id);
      assertThat(ticks).doesNotHaveDuplicates();
      List<Instant> expected = new ArrayList<>();
      for (Instant t = ticks.getFirst(); !t.isAfter(ticks.getLast()); t = t.plusSeconds(1)) {
        expected.add(t);
      }
      assertThat(ticks).containsExactlyElementsOf(expected);
    }
  }
}
