package dev.skiff.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One profile's notebooks on a running server, through its HTTP API and its proxy, as a client sees
 * them: {@code POST /api/v1/profiles/{p}/notebooks}, {@code GET /notebook/{p}/{name}/api/status}
 * until 200, the events, {@code DELETE ...?delete_workspace=true}; every call with the Bearer
 * token.
 */
final class NotebookApi {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final URI server;
  private final String profile;
  private final String bearer;
  private final Map<String, Object> resources;

  /**
   * @param server the server's root URL
   * @param bearer {@code Bearer <token>} of a user with edit rights in {@code profile}
   * @param resources what each create asks for besides its name (e.g. cpu, memory)
   */
  NotebookApi(
      HttpClient http, URI server, String profile, String bearer, Map<String, Object> resources) {
    this.http = http;
    this.server = server;
    this.profile = profile;
    this.bearer = bearer;
    this.resources = Map.copyOf(resources);
  }

  private URI notebooks() {
    return server.resolve("/api/v1/profiles/" + profile + "/notebooks");
  }

  /** The notebook's proxied {@code api/status}. */
  URI status(String name) {
    return server.resolve("/notebook/" + profile + "/" + name + "/api/status");
  }

  /**
   * Creates notebook {@code name}, which starts its server; returns the created notebook's JSON.
   *
   * @throws IllegalStateException unless the API answers 201
   */
  JsonNode create(String name) throws IOException, InterruptedException {
    Map<String, Object> body = new java.util.LinkedHashMap<>(resources);
    body.put("name", name);
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(notebooks())
                .header("Authorization", bearer)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new IllegalStateException("create " + name + ": " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /** Polls the notebook through the proxy every {@link NotebookBench#POLL} until it answers 200. */
  void awaitReady(String name, Duration limit) throws IOException, InterruptedException {
    awaitOk(http, status(name), bearer, limit);
  }

  /**
   * Deletes the notebook with its workspace (its server is stopped first).
   *
   * @throws IllegalStateException unless the API answers 204
   */
  void delete(String name) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(notebooks() + "/" + name + "?delete_workspace=true"))
                .header("Authorization", bearer)
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 204) {
      throw new IllegalStateException("delete " + name + ": " + r.statusCode() + " " + r.body());
    }
  }

  /**
   * The notebook's events as milliseconds after {@code from}, e.g. {@code +12 ms Created; ...}:
   * where a create's time goes.
   */
  String timeline(String name, Instant from) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(notebooks() + "/" + name + "/events"))
                .header("Authorization", bearer)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      return "events: " + r.statusCode();
    }
    StringBuilder b = new StringBuilder();
    for (JsonNode e : JSON.readTree(r.body()).path("events")) {
      Instant at = Instant.parse(e.path("time").asText());
      b.append(
          String.format(
              "+%d ms %s; ", Duration.between(from, at).toMillis(), e.path("reason").asText()));
    }
    return b.toString();
  }

  /**
   * Polls {@code url} every {@link NotebookBench#POLL} until it answers 200 (the proxy answers 503
   * until the server is ready).
   *
   * @throws IllegalStateException when {@code limit} passes first
   */
  static void awaitOk(HttpClient http, URI url, String authorization, Duration limit)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<Void> r =
          http.send(
              HttpRequest.newBuilder(url).header("Authorization", authorization).build(),
              HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() == 200) {
        return;
      }
      Thread.sleep(NotebookBench.POLL.toMillis());
    }
    throw new IllegalStateException(url + " did not answer 200 in " + limit);
  }
}
