package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.server.auth.TokenFile;
import dev.skiff.server.config.SkiffConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dead store is never a zombie: readiness checks the database on every request, an embedded
 * database closed under the server makes it report a fatal one-line cause (the CLI exits with it),
 * and a PostgreSQL that stops and starts again mid-run is ridden out: 503 while it is away, then
 * ready again, and the run finishes with every step run once.
 */
class StoreOutageIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;
  @TempDir Path dir;
  @TempDir Path pgData;
  private final HttpClient http = HttpClient.newHttpClient();
  private SkiffServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(server.url().resolve(path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void an_embedded_database_closed_under_the_server_is_not_ready_at_once_and_fatal()
      throws Exception {
    server = SkiffServer.start(SkiffServerIT.config(home, 0, SkiffServerIT.embedded()));
    assertThat(get("/readyz").statusCode()).isEqualTo(200);
    assertThat(server.fatal()).isNotDone();

    try {
      server.database().jdbi().useHandle(h -> h.execute("SHUTDOWN"));
    } catch (RuntimeException closedWithIt) {
      // the statement's connection goes with the database
    }
    HttpResponse<String> ready = get("/readyz");
    assertThat(ready.statusCode()).as("at once, not from a remembered flag").isEqualTo(503);
    assertThat(JSON.readTree(ready.body()).path("detail").asText())
        .contains("embedded database")
        .contains("was closed");
    String cause = server.fatal().get(5, TimeUnit.SECONDS);
    assertThat(cause).contains("was closed").doesNotContain("\n");
  }

  @Test
  void postgresql_stopped_and_started_again_mid_run_is_ridden_out() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    EmbeddedPostgres pg = startPostgres(port);
    try {
      String url = pg.getJdbcUrl("postgres", "postgres");
      server =
          SkiffServer.start(
              SkiffServerIT.config(home, 0, new SkiffConfig.Database(url, "postgres", "postgres")));
      String token = TokenFile.read(home).orElseThrow();
      Files.createFile(dir.resolve("hold"));
      ObjectNode run = JSON.createObjectNode();
      run.put("pipeline_spec", ServerLimitsIT.holdPipeline());
      run.putObject("runtime_config")
          .set("parameters", JSON.valueToTree(Map.of("dir", dir.toString(), "tag", "t")));
      HttpResponse<String> created =
          http.send(
              HttpRequest.newBuilder(server.url().resolve("/apis/v2beta1/runs"))
                  .header("Authorization", "Bearer " + token)
                  .POST(HttpRequest.BodyPublishers.ofString(run.toString()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
      String id = JSON.readTree(created.body()).path("run_id").asText();
      waitFor(() -> Files.exists(dir.resolve("t.started")), "first started");
      Thread.sleep(600);

      pg.close(); // PostgreSQL stops under the running step
      long t0 = System.nanoTime();
      HttpResponse<String> down = get("/readyz");
      long downMs = (System.nanoTime() - t0) / 1_000_000;
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(JSON.readTree(down.body()).path("detail").asText()).contains("does not answer");
      assertThat(downMs).as("readiness answers promptly").isLessThan(5_000);
      Files.delete(dir.resolve("hold")); // the step ends while the database is away
      Thread.sleep(2_000);

      pg = startPostgres(port);
      waitFor(() -> status("/readyz") == 200, "ready again");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      String state;
      while (!(state = server.runs().get(id).orElseThrow().run().state().name())
          .equals("SUCCEEDED")) {
        assertThat(state).isNotIn("FAILED", "CANCELED");
        assertThat(System.nanoTime()).as("the run finishes").isLessThan(deadline);
        Thread.sleep(200);
      }
      assertThat(Files.readAllLines(dir.resolve("first"))).as("ran once").containsExactly("t");
      assertThat(Files.readAllLines(dir.resolve("second"))).containsExactly("t");
      assertThat(server.fatal()).as("an outage of PostgreSQL is not fatal").isNotDone();
    } finally {
      if (server != null) {
        server.close();
        server = null;
      }
      pg.close();
    }
  }

  private int status(String path) {
    try {
      return get(path).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private EmbeddedPostgres startPostgres(int port) throws Exception {
    return EmbeddedPostgres.builder()
        .setDataDirectory(pgData)
        .setCleanDataDirectory(false)
        .setPort(port)
        .setServerConfig("fsync", "off")
        .start();
  }

  private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }
}
