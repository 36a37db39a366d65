package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.server.config.SkiffConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SkiffServerIT {
  @TempDir Path home;
  private final HttpClient http = HttpClient.newHttpClient();
  private SkiffServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  static SkiffConfig config(Path home, int port, SkiffConfig.Database db) {
    return new SkiffConfig(
        home,
        new SkiffConfig.Http("127.0.0.1", port, Duration.ofSeconds(5)),
        db,
        new SkiffConfig.Engine("local", Duration.ofSeconds(15)));
  }

  static SkiffConfig.Database embedded() {
    return new SkiffConfig.Database(null, null, null);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(server.url().resolve(path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void serves_health_readiness_metrics_and_home_page_on_embedded_h2() throws Exception {
    server = SkiffServer.start(config(home, 0, embedded()));
    assertThat(Files.isDirectory(home.resolve("db"))).isTrue();
    assertThat(Files.isRegularFile(home.resolve("logs/server.log"))).isTrue();

    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    HttpResponse<String> ready = get("/readyz");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).contains("\"database\":\"h2\"");

    // The dashboard: a browser without a session goes to the sign-in page.
    HttpResponse<String> root = get("/");
    assertThat(root.statusCode()).isEqualTo(302);
    assertThat(root.headers().firstValue("Location")).hasValue("/signin");
    assertThat(get("/signin").body()).contains("Sign in to Skiff", "skiff open");

    HttpResponse<String> metrics = get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("jvm_memory_used_bytes")
        .contains(
            "http_server_requests_seconds_count{method=\"GET\",status=\"200\",uri=\"/readyz\"}")
        .contains("hikaricp_connections")
        .contains("jetty_connections");
  }

  @Test
  void unknown_paths_and_methods_are_problem_json() throws Exception {
    server = SkiffServer.start(config(home, 0, embedded()));
    HttpResponse<String> missing = get("/no/such/thing");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("content-type")).hasValue("application/problem+json");
    assertThat(missing.body()).contains("\"status\":404", "GET /no/such/thing not found");

    HttpResponse<String> wrongMethod =
        http.send(
            HttpRequest.newBuilder(server.url().resolve("/healthz")).DELETE().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.headers().firstValue("content-type"))
        .hasValue("application/problem+json");
  }

  @Test
  void an_unexpected_failure_is_a_500_without_internals() throws Exception {
    server =
        SkiffServer.start(
            config(home, 0, embedded()),
            routes ->
                routes.get(
                    "/boom",
                    ctx -> {
                      throw new IllegalStateException("secret internal detail");
                    }));
    HttpResponse<String> r = get("/boom");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).contains("error_id").doesNotContain("secret internal detail");
  }

  @Test
  void port_in_use_is_one_clear_line() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> SkiffServer.start(config(home, taken.getLocalPort(), embedded())))
          .isInstanceOf(StartupException.class)
          .hasMessage(
              "port "
                  + taken.getLocalPort()
                  + " on 127.0.0.1 is already in use; stop the other process or pick another"
                  + " with --port");
    }
  }

  @Test
  void stop_lets_in_flight_requests_finish() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    SkiffConfig base = config(home, 0, embedded());
    // A long shutdown timeout: the stop must end when the request ends, not when time runs out.
    SkiffConfig longTimeout =
        new SkiffConfig(
            base.home(),
            new SkiffConfig.Http(base.http().host(), 0, Duration.ofSeconds(30)),
            base.database(),
            base.engine());
    server =
        SkiffServer.start(
            longTimeout,
            routes ->
                routes.get(
                    "/slow",
                    ctx -> {
                      entered.countDown();
                      Thread.sleep(700);
                      ctx.result("done");
                    }));
    URI slow = server.url().resolve("/slow");
    URI health = server.url().resolve("/healthz");
    CompletableFuture<HttpResponse<String>> inFlight =
        http.sendAsync(HttpRequest.newBuilder(slow).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
    long t0 = System.nanoTime();
    server.close();
    long stopMillis = (System.nanoTime() - t0) / 1_000_000;
    HttpResponse<String> r = inFlight.get(5, TimeUnit.SECONDS);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("done");
    assertThat(stopMillis).as("stopped long before the 30 s timeout").isLessThan(15_000);
    assertThatThrownBy(
            () ->
                http.send(
                    HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
    assertThat(server.database().ping()).isFalse();
  }

  @Test
  void a_second_start_on_the_same_home_reuses_the_database() throws Exception {
    server = SkiffServer.start(config(home, 0, embedded()));
    int version = server.database().schemaVersion();
    server.close();
    server = SkiffServer.start(config(home, 0, embedded()));
    assertThat(server.database().schemaVersion()).isEqualTo(version);
    assertThat(get("/readyz").statusCode()).isEqualTo(200);
  }

  @Test
  void unreachable_postgres_fails_fast_with_one_line() {
    long t0 = System.nanoTime();
    assertThatThrownBy(
            () ->
                SkiffServer.start(
                    config(
                        home,
                        0,
                        new SkiffConfig.Database(
                            "jdbc:postgresql://127.0.0.1:1/skiff", "skiff", "pw"))))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("127.0.0.1:1")
        .hasMessageNotContaining("\n")
        .hasMessageNotContaining("pw");
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(15_000);
  }
}
