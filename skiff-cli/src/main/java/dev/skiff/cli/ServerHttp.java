package dev.skiff.cli;

import dev.skiff.api.ApiJson;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * JSON requests to a Skiff server's {@code /api/v1} with a bearer token, and the one-line errors
 * every command prints for its answers: a rejected token (401) or another 4xx is a {@link
 * UsageError} with the server's problem {@code detail} (exit 2); a server that cannot be reached,
 * fails (5xx) or answers something unreadable is a {@link CommandFailure} (exit 1).
 */
final class ServerHttp implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final String server;
  private final String token;
  private final HttpClient http;

  /**
   * @param server the server's base URL
   * @param token the bearer token, or null to send none
   */
  ServerHttp(URI server, String token) {
    this.server = server.toString().replaceAll("/+$", "");
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** The server's base URL, without a trailing slash. */
  String server() {
    return server;
  }

  HttpResponse<String> get(String path) {
    return send(request(path).GET());
  }

  HttpResponse<String> post(String path, Object body) {
    return send(json(request(path)).POST(HttpRequest.BodyPublishers.ofString(write(body))));
  }

  HttpResponse<String> put(String path, Object body) {
    return send(json(request(path)).PUT(HttpRequest.BodyPublishers.ofString(write(body))));
  }

  HttpResponse<String> patch(String path, Object body) {
    return send(
        json(request(path)).method("PATCH", HttpRequest.BodyPublishers.ofString(write(body))));
  }

  HttpResponse<String> delete(String path) {
    return send(request(path).DELETE());
  }

  /** The answer, when it is a success (2xx); else the error it stands for. */
  HttpResponse<String> ok(HttpResponse<String> r) {
    if (r.statusCode() / 100 == 2) {
      return r;
    }
    throw failure(server, r.statusCode(), r.body());
  }

  /** A successful answer's body as {@code type}. */
  <T> T read(HttpResponse<String> r, Class<T> type) {
    try {
      return ApiJson.read(ok(r).body(), type);
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(
          "server " + server + " answered something that is not a Skiff API response");
    }
  }

  @Override
  public void close() {
    http.close();
  }

  /** The one-line error for a server's error answer. */
  static RuntimeException failure(String server, int status, String body) {
    String detail = detail(body).orElse("HTTP " + status);
    if (status == 401) {
      return rejected(server, detail);
    }
    if (status >= 400 && status < 500) {
      return new UsageError(detail);
    }
    return new CommandFailure("server " + server + " answered " + status + ": " + detail);
  }

  /** The error for a token the server refused: its reason and how to sign in. */
  static TokenRejected rejected(String server, String detail) {
    return new TokenRejected(server, detail);
  }

  /** The server refused the token (401): exit 2, with the server's reason and how to sign in. */
  static final class TokenRejected extends UsageError {
    private final String detail;

    TokenRejected(String server, String detail) {
      super(
          "server "
              + server
              + " rejected the token: "
              + detail
              + " (sign in with 'skiff login --server "
              + server
              + "', or pass --token or set SKIFF_TOKEN)");
      this.detail = detail;
    }

    /** The server's reason. */
    String detail() {
      return detail;
    }
  }

  /** The {@code detail} of a problem+json body, else its first line. */
  static Optional<String> detail(String body) {
    if (body == null) {
      return Optional.empty();
    }
    try {
      if (ApiJson.read(body, Problem.class).detail() instanceof String d && !d.isBlank()) {
        return Optional.of(d.strip());
      }
    } catch (IllegalArgumentException e) {
      // not JSON: use the text
    }
    return body.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst();
  }

  /** A value as one URL path segment. */
  static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The part of an RFC 9457 problem the CLI prints. */
  private record Problem(String detail) {}

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server + path))
            .timeout(TIMEOUT)
            .header("Accept", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  private static HttpRequest.Builder json(HttpRequest.Builder b) {
    return b.header("Content-Type", "application/json");
  }

  private static String write(Object body) {
    return body instanceof String s ? s : ApiJson.write(body);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new CommandFailure("cannot reach Skiff server at " + server + ": " + reason(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandFailure("interrupted while talking to " + server);
    }
  }

  private static String reason(IOException e) {
    if (e instanceof HttpConnectTimeoutException) {
      return "connection timed out";
    }
    if (e instanceof HttpTimeoutException) {
      return "no answer within " + TIMEOUT.toSeconds() + "s";
    }
    if (e instanceof ConnectException) {
      return e.getCause() instanceof UnresolvedAddressException
          ? "unknown host"
          : "connection refused";
    }
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
