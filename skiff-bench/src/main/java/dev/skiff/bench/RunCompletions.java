package dev.skiff.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * For B3 ({@link ApiRateBench}): the caller's event stream, read on its own thread: when each run's
 * final state arrived. A stream that falls behind ends with {@code event: error}; it is reopened at
 * once (and the runs that finished meanwhile are found by the final poll).
 */
final class RunCompletions implements AutoCloseable {
  private static final Pattern RUN_ID = Pattern.compile("\"run_id\":\"([^\"]+)\"");
  private static final Pattern STATE = Pattern.compile("\"state\":\"([A-Z_]+)\"");
  private static final Set<String> FINAL = Set.of("SUCCEEDED", "FAILED", "CANCELED", "SKIPPED");

  private final HttpClient http;
  private final URI server;
  private final String token;
  private final Map<String, CompletableFuture<Long>> finishedAt = new ConcurrentHashMap<>();
  private final Map<String, String> states = new ConcurrentHashMap<>();
  private final AtomicInteger overflows = new AtomicInteger();
  private final CompletableFuture<Void> subscribed = new CompletableFuture<>();
  private volatile boolean closed;
  private volatile InputStream body;

  RunCompletions(HttpClient http, URI server, String token) {
    this.http = http;
    this.server = server;
    this.token = token;
  }

  /** Opens the stream; returns once the server has subscribed it. */
  void start() throws InterruptedException, ExecutionException, TimeoutException {
    Thread.ofPlatform().daemon().name("b3-events").start(this::readLoop);
    subscribed.get(30, TimeUnit.SECONDS);
  }

  private void readLoop() {
    while (!closed) {
      try {
        HttpResponse<InputStream> r =
            http.send(
                HttpRequest.newBuilder(server.resolve("/api/v1/events"))
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "text/event-stream")
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        body = r.body();
        try (BufferedReader in =
            new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
          String type = "message";
          for (String line; (line = in.readLine()) != null; ) {
            if (line.startsWith(":")) {
              subscribed.complete(null); // the server's first comment: subscribed
            } else if (line.startsWith("event: ")) {
              type = line.substring(7);
            } else if (line.startsWith("data: ")) {
              if (type.equals("run")) {
                onRun(line.substring(6), System.nanoTime());
              } else if (type.equals("error")) {
                overflows.incrementAndGet();
              }
            } else if (line.isEmpty()) {
              type = "message";
            }
          }
        }
      } catch (IOException e) {
        // reopened below unless closed
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void onRun(String json, long now) {
    Matcher id = RUN_ID.matcher(json);
    Matcher state = STATE.matcher(json);
    if (id.find() && state.find() && FINAL.contains(state.group(1))) {
      states.put(id.group(1), state.group(1));
      future(id.group(1)).complete(now);
    }
  }

  private CompletableFuture<Long> future(String runId) {
    return finishedAt.computeIfAbsent(runId, k -> new CompletableFuture<>());
  }

  /** When the run's final state arrived (nanoTime), or null if not within {@code nanos}. */
  Long await(String runId, long nanos) throws InterruptedException {
    try {
      return future(runId).get(nanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      return null;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  String state(String runId) {
    return states.get(runId);
  }

  void forget(String runId) {
    finishedAt.remove(runId);
    states.remove(runId);
  }

  int overflows() {
    return overflows.get();
  }

  @Override
  public void close() {
    closed = true;
    InputStream b = body;
    if (b != null) {
      try {
        b.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
