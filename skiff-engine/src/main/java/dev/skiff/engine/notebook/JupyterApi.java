package dev.skiff.engine.notebook;

import dev.skiff.pipeline.json.JsonValue;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Asks a running Jupyter server whether it answers ({@code api/status}) and how it is used ({@code
 * api/kernels}), with its token. Short timeouts: a server that does not answer quickly is not
 * ready, and an idle check that fails is skipped.
 */
final class JupyterApi {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .version(HttpClient.Version.HTTP_1_1)
          .build();

  /**
   * Whether the server answers: {@code api/status} answers 200 (a configured command's server: its
   * base URL answers below 500).
   */
  boolean ready(NotebookEndpoint endpoint, boolean jupyter) {
    URI uri = jupyter ? endpoint.base().resolve("api/status") : endpoint.base();
    try {
      int status = get(uri, endpoint.token()).statusCode();
      return jupyter ? status == 200 : status < 500;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** How the server is used now; empty when it does not answer. */
  Optional<ServerActivity> activity(NotebookEndpoint endpoint) {
    try {
      HttpResponse<String> status = get(endpoint.base().resolve("api/status"), endpoint.token());
      HttpResponse<String> kernels = get(endpoint.base().resolve("api/kernels"), endpoint.token());
      if (status.statusCode() != 200 || kernels.statusCode() != 200) {
        return Optional.empty();
      }
      int connections = 0;
      if (JsonValue.parse(status.body()) instanceof JsonValue.Obj o
          && o.get("connections") instanceof JsonValue.Num n) {
        connections = (int) n.value();
      }
      boolean busy = false;
      Instant last = null;
      if (JsonValue.parse(kernels.body()) instanceof JsonValue.Arr list) {
        for (JsonValue k : list.items()) {
          if (!(k instanceof JsonValue.Obj kernel)) {
            continue;
          }
          if (kernel.get("execution_state") instanceof JsonValue.Str s
              && s.value().equals("busy")) {
            busy = true;
          }
          if (kernel.get("connections") instanceof JsonValue.Num c) {
            connections += (int) c.value();
          }
          Optional<Instant> at = time(kernel.get("last_activity"));
          if (at.isPresent() && (last == null || at.get().isAfter(last))) {
            last = at.get();
          }
        }
      }
      return Optional.of(new ServerActivity(connections, busy, Optional.ofNullable(last)));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  static Optional<Instant> time(JsonValue v) {
    if (v instanceof JsonValue.Str s) {
      try {
        return Optional.of(OffsetDateTime.parse(s.value()).toInstant());
      } catch (DateTimeParseException e) {
        try {
          return Optional.of(Instant.parse(s.value()));
        } catch (DateTimeParseException e2) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  private HttpResponse<String> get(URI uri, String token) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .header("Authorization", "token " + token)
            .GET()
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
