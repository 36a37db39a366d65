package dev.skiff.cli;

import dev.skiff.api.ApiJson;
import dev.skiff.api.v2beta1.CreateRunRequest;
import dev.skiff.api.v2beta1.ListRunsResponse;
import dev.skiff.api.v2beta1.Run;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.pipeline.Pipeline;
import dev.skiff.pipeline.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A running Skiff server, over its run API ({@code /apis/v2beta1/runs}, see the server's {@code
 * RunRoutes}): requests and answers are the API's records, written and read with {@link
 * ApiJson#mapper()}. Live progress comes from polling the run every 250 ms.
 *
 * <p>Failures are one line each: a server that cannot be reached is a {@link CommandFailure} (exit
 * 1); a rejected token or another 4xx is a {@link UsageError} (exit 2) with the server's {@code
 * detail}. A submission the server refuses because too many runs wait (429) is sent again after the
 * {@code Retry-After} it gives, for up to {@link #BUSY_WAIT}, and the wait is said on one line.
 */
final class HttpRunClient implements RunClient {
  private static final String RUNS = "/apis/v2beta1/runs";
  private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  /** How long a submission waits in all for a busy server (429) before giving up. */
  static final Duration BUSY_WAIT = Duration.ofMinutes(5);

  private final String server;
  private final String token;
  private final HttpClient http;
  private final Map<String, TaskListener> progress = new ConcurrentHashMap<>();
  private final PrintWriter notices;

  /**
   * @param server the server's address, e.g. {@code http://127.0.0.1:8080}
   * @param token its API token, or null to send none
   * @param notices where a wait for a busy server is said
   */
  HttpRunClient(URI server, String token, PrintWriter notices) {
    this.server = server.toString().replaceAll("/+$", "");
    this.token = token;
    this.notices = notices;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** A client that prints its notices to stderr. */
  HttpRunClient(URI server, String token) {
    this(server, token, new PrintWriter(System.err, true));
  }

  @Override
  public String submit(
      Pipeline pipeline,
      String pipelineText,
      String sourceName,
      Map<String, JsonValue> parameters,
      RunOptions options,
      TaskListener listener) {
    // The file's text as written (a Skiff extension of KFP's pipeline_spec), so that the server
    // stores the same text a local run would.
    CreateRunRequest body =
        CreateRunRequest.ofText(options.displayName(), pipelineText, parameters);
    String path = RUNS + (options.cacheEnabled() ? "" : "?cache=false");
    String json = ApiJson.write(body);
    long deadline = System.nanoTime() + BUSY_WAIT.toNanos();
    HttpResponse<String> r;
    while (true) {
      r =
          send(
              request(path)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(json)));
      if (r.statusCode() != 429) {
        break;
      }
      String why = detail(r.body()).orElse("too many runs wait");
      Duration pause = retryAfter(r);
      if (System.nanoTime() + pause.toNanos() > deadline) {
        throw new CommandFailure(
            "server " + server + " is still busy after " + BUSY_WAIT.toMinutes() + "m: " + why);
      }
      if (notices != null) {
        notices.println(
            "skiff: server "
                + server
                + " is busy ("
                + why
                + "); waiting "
                + pause.toSeconds()
                + "s to submit again");
        notices.flush();
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CommandFailure("interrupted while waiting for a busy server");
      }
    }
    String id = read(expectOk(r), Run.class).runId();
    progress.put(id, listener);
    return id;
  }

  @Override
  public Optional<Run> get(String runId) {
    HttpResponse<String> r = send(request(RUNS + "/" + segment(runId)).GET());
    if (r.statusCode() == 404) {
      return Optional.empty();
    }
    return Optional.of(read(expectOk(r), Run.class));
  }

  @Override
  public List<Run> list(int limit) {
    // Newest first, as the in-process list and `skiff get runs` show them (KFP lists oldest first).
    HttpResponse<String> r =
        expectOk(send(request(RUNS + "?sort_by=created_at%20desc&page_size=" + limit).GET()));
    return read(r, ListRunsResponse.class).runs();
  }

  @Override
  public void requestCancel(String runId) {
    expectOk(
        send(
            request(RUNS + "/" + segment(runId) + ":cancel")
                .POST(HttpRequest.BodyPublishers.noBody())));
  }

  @Override
  public Run await(String runId) {
    TaskListener listener = progress.getOrDefault(runId, (id, path, task) -> {});
    while (true) {
      Run run =
          get(runId)
              .orElseThrow(() -> new CommandFailure("run " + runId + " is gone from " + server));
      run.tasks().forEach((path, task) -> listener.taskChanged(runId, path, task));
      if (run.state().isTerminal()) {
        return run;
      }
      try {
        Thread.sleep(POLL_INTERVAL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CommandFailure("interrupted while waiting for run " + runId);
      }
    }
  }

  @Override
  public void printLogs(String runId, String task, int attempt, boolean follow, PrintWriter out)
      throws IOException {
    StringBuilder path = new StringBuilder(RUNS + "/" + segment(runId) + "/logs?follow=" + follow);
    if (task != null) {
      path.append("&task=").append(URLEncoder.encode(task, StandardCharsets.UTF_8));
    }
    if (attempt > 0) {
      path.append("&attempt=").append(attempt);
    }
    HttpResponse<InputStream> r =
        exchange(
            HttpRequest.newBuilder(URI.create(server + path)).GET(),
            HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = r.body()) {
      if (r.statusCode() != 200) {
        fail(r.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8));
      }
      // A reader decodes characters split across network reads correctly.
      Reader in = new InputStreamReader(body, StandardCharsets.UTF_8);
      char[] buffer = new char[8192];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      throw unreachable(e);
    }
  }

  @Override
  public void close() {
    http.close();
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(server + path)).timeout(REQUEST_TIMEOUT);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    return exchange(request, HttpResponse.BodyHandlers.ofString());
  }

  private <T> HttpResponse<T> exchange(
      HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<T> r;
    try {
      r = http.send(request.build(), body);
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandFailure("interrupted while talking to " + server);
    }
    if (r.statusCode() == 401) {
      throw ServerHttp.rejected(server, unauthorized(r.body()));
    }
    return r;
  }

  private HttpResponse<String> expectOk(HttpResponse<String> r) {
    if (r.statusCode() / 100 != 2) {
      fail(r.statusCode(), r.body());
    }
    return r;
  }

  /** The reason in a 401's body (a string, or the stream of a log request). */
  private static String unauthorized(Object body) {
    String text = "";
    if (body instanceof String s) {
      text = s;
    } else if (body instanceof InputStream in) {
      try (in) {
        text = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
      } catch (IOException e) {
        text = "";
      }
    }
    return detail(text).orElse("HTTP 401");
  }

  /** Turns an error response into the one-line failure the command prints. */
  private void fail(int status, String body) {
    String detail = detail(body).orElse("HTTP " + status);
    if (status >= 400 && status < 500) {
      throw new UsageError(detail);
    }
    throw new CommandFailure("server " + server + " answered " + status + ": " + detail);
  }

  /** The server's {@code Retry-After} in seconds (1 to 60; 2 when it gives none). */
  static Duration retryAfter(HttpResponse<?> r) {
    long seconds =
        r.headers()
            .firstValue("Retry-After")
            .map(
                v -> {
                  try {
                    return Long.parseLong(v.strip());
                  } catch (NumberFormatException e) {
                    return 2L; // an HTTP date: not what Skiff sends
                  }
                })
            .orElse(2L);
    return Duration.ofSeconds(Math.clamp(seconds, 1, 60));
  }

  /** The {@code detail} of a problem+json body, else its first line. */
  private static Optional<String> detail(String body) {
    try {
      if (ApiJson.read(body, Problem.class).detail() instanceof String d) {
        return Optional.of(d);
      }
    } catch (IllegalArgumentException e) {
      // not JSON: use the text
    }
    return body.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst();
  }

  private CommandFailure unreachable(IOException e) {
    return new CommandFailure("cannot reach Skiff server at " + server + ": " + reason(e));
  }

  private static String reason(IOException e) {
    if (e instanceof HttpConnectTimeoutException) {
      return "connection timed out";
    }
    if (e instanceof HttpTimeoutException) {
      return "no answer within " + REQUEST_TIMEOUT.toSeconds() + "s";
    }
    if (e instanceof ConnectException) {
      return e.getCause() instanceof UnresolvedAddressException
          ? "unknown host"
          : "connection refused";
    }
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  /** A response body as the API's record, read with the API's own mapper. */
  private static <T> T read(HttpResponse<String> r, Class<T> type) {
    try {
      return ApiJson.read(r.body(), type);
    } catch (IllegalArgumentException e) {
      throw new CommandFailure("the server answered something that is not a run API response");
    }
  }

  /** The part of an RFC 9457 problem the CLI prints. */
  private record Problem(String detail) {}

  /** A run id (or what the user typed as one) as one URL path segment. */
  private static String segment(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
