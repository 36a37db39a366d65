package dev.skiff.server.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.engine.catalog.Requester;
import dev.skiff.engine.notebook.NotebookService;
import dev.skiff.engine.notebook.NotebookSpec;
import dev.skiff.store.identity.ProfileRole;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy in front of the real notebook service (engine, local launcher, the server's database):
 * a notebook created through the service answers through the proxy once it runs, its kernel runs
 * code over the proxied WebSocket, a stopped notebook answers 503 with its status, a file written
 * through the proxy survives stop and start, and a deleted notebook is gone (404).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotebookServiceProxyIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TEAM = ProxiedJupyter.TEAM;
  private static final String LAB = "/notebook/" + TEAM + "/lab/";

  @TempDir static Path home;
  @TempDir static Path jupyterDir;

  private ProxiedJupyter fixture;
  private NotebookService service;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Requester alice =
      new Requester(ProxiedJupyter.ALICE, TEAM, Map.of(TEAM, ProfileRole.OWNER), false);

  @BeforeAll
  void start() throws Exception {
    fixture = new ProxiedJupyter(home, jupyterDir);
    // The service the server built (Engine.notebooks over its database).
    service = fixture.server.notebookService();
    var env = service.environments().get(0);
    Assumptions.assumeTrue(
        env.unavailable().isEmpty(), () -> "no Jupyter server: " + env.unavailable().orElse(""));
    fixture.serve(service);
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (service != null) {
        try {
          service.delete(alice, TEAM, "lab", true);
        } catch (RuntimeException e) {
          // deleted by the test already
        }
      }
    } finally {
      if (fixture != null) {
        fixture.close();
      }
    }
  }

  private HttpResponse<String> get(String path, String user, String accept) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(fixture.server.url().resolve(path))
            .header("Authorization", "Bearer " + fixture.tokens.get(user));
    if (accept != null) {
      b.header("Accept", accept);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> send(String method, String path, String json) throws Exception {
    return http.send(
        HttpRequest.newBuilder(fixture.server.url().resolve(path))
            .header("Authorization", "Bearer " + fixture.tokens.get(ProxiedJupyter.EDDIE))
            .method(method, HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Polls {@code api/status} through the proxy until it answers {@code status}. */
  private HttpResponse<String> await(int status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    HttpResponse<String> r;
    do {
      r = get(LAB + "api/status", ProxiedJupyter.EDDIE, null);
      if (r.statusCode() == status) {
        return r;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("still " + r.statusCode() + ": " + r.body());
  }

  @Test
  void a_notebook_of_the_service_is_reached_through_the_proxy_across_stop_and_start()
      throws Exception {
    service.create(
        alice, TEAM, new NotebookSpec("lab", "", 0.25, 256L << 20, null, null, null, null));
    HttpResponse<String> first = get(LAB + "api/status", ProxiedJupyter.EDDIE, null);
    assertThat(first.statusCode()).as(first.body()).isIn(200, 503);
    assertThat(JSON.readTree(await(200).body()).has("kernels")).isTrue();

    // the service's access rules through the proxy
    assertThat(get(LAB + "api/status", ProxiedJupyter.VERA, null).statusCode()).isEqualTo(403);
    assertThat(get(LAB + "api/status", ProxiedJupyter.OSCAR, null).statusCode()).isEqualTo(404);

    // a kernel runs code over the proxied WebSocket
    HttpResponse<String> kernel = send("POST", LAB + "api/kernels", "{\"name\": \"python3\"}");
    assertThat(kernel.statusCode()).as(kernel.body()).isEqualTo(201);
    String id = JSON.readTree(kernel.body()).path("id").asText();
    KernelMessages.Inbox inbox = new KernelMessages.Inbox();
    WebSocket ws =
        http.newWebSocketBuilder()
            .header("Authorization", "Bearer " + fixture.tokens.get(ProxiedJupyter.EDDIE))
            .buildAsync(
                URI.create(
                    "ws://127.0.0.1:"
                        + fixture.server.port()
                        + LAB
                        + "api/kernels/"
                        + id
                        + "/channels?session_id="
                        + UUID.randomUUID()),
                inbox)
            .get(30, TimeUnit.SECONDS);
    assertThat(KernelMessages.execute(ws, inbox, "1+1")).isEqualTo("2");
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);

    HttpResponse<String> put =
        send(
            "PUT",
            LAB + "api/contents/keep.txt",
            "{\"type\": \"file\", \"format\": \"text\", \"content\": \"survives\"}");
    assertThat(put.statusCode()).as(put.body()).isIn(200, 201);

    service.stop(alice, TEAM, "lab");
    HttpResponse<String> stopped = await(503);
    assertThat(JSON.readTree(stopped.body()).path("detail").asText()).contains("lab");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    HttpResponse<String> page;
    do {
      page = get(LAB + "tree", ProxiedJupyter.EDDIE, "text/html");
      if (page.body().contains("Stopped")) {
        break;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    assertThat(page.statusCode()).isEqualTo(503);
    assertThat(page.body()).contains("Stopped").contains("data-method=\"PATCH\"");

    service.start(alice, TEAM, "lab");
    await(200);
    HttpResponse<String> kept = get(LAB + "api/contents/keep.txt", ProxiedJupyter.EDDIE, null);
    JsonNode file = JSON.readTree(kept.body());
    assertThat(file.path("content").asText()).isEqualTo("survives");

    service.delete(alice, TEAM, "lab", true);
    assertThat(get(LAB + "api/status", ProxiedJupyter.EDDIE, null).statusCode()).isEqualTo(404);
  }
}
