package dev.skiff.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.management.HotSpotDiagnosticMXBean;
import dev.skiff.engine.run.RunState;
import dev.skiff.engine.run.RunView;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.store.artifact.ArtifactStoreConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Live run events and followed logs over real HTTP: delivery, disconnects, slow clients. */
class EventStreamIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path home;
  TestServer api;

  @BeforeEach
  void start() throws IOException {
    api = new TestServer(home, ArtifactStoreConfig.LOCAL);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private SseClient events(String query) throws Exception {
    HttpResponse<InputStream> r = api.stream(EventRoutes.EVENTS + query, "text/event-stream");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type").orElseThrow())
        .startsWith("text/event-stream");
    return new SseClient(r.body());
  }

  private static List<String> runStates(List<SseClient.Event> events) throws IOException {
    List<String> states = new ArrayList<>();
    for (SseClient.Event e : events) {
      if (e.type().equals("run")) {
        states.add(TestServer.json(e.data()).path("state").asText());
      }
    }
    return states;
  }

  @Test
  void a_client_sees_a_run_go_running_then_succeeded_live_and_the_stream_ends() throws Exception {
    String id = api.submit("artifacts.yaml", Map.of("seconds", JsonValue.of(2)));
    try (SseClient sse = events("?run=" + id)) {
      List<SseClient.Event> seen = sse.until("end", WAIT);
      List<String> states = runStates(seen);
      assertThat(states).contains("RUNNING");
      assertThat(states.getLast()).isEqualTo("SUCCEEDED");
      assertThat(states.indexOf("RUNNING")).isLessThan(states.lastIndexOf("SUCCEEDED"));
      List<String> waitStates = new ArrayList<>();
      for (SseClient.Event e : seen) {
        if (e.type().equals("task")) {
          JsonNode t = TestServer.json(e.data());
          assertThat(t.path("run_id").asText()).isEqualTo(id);
          if (t.path("path").asText().equals("wait")) {
            waitStates.add(t.path("task").path("state").asText());
          }
        }
      }
      assertThat(waitStates).contains("RUNNING").last().isEqualTo("SUCCEEDED");
      assertThat(TestServer.json(seen.getLast().data()).path("state").asText())
          .isEqualTo("SUCCEEDED");
      TestServer.eventually("the server closes the stream", WAIT, sse::ended);
    }
    TestServer.eventually("no stream left", WAIT, () -> api.server.openStreams().events() == 0);

    // A finished run: its state at once, then the end.
    try (SseClient sse = events("?run=" + id)) {
      assertThat(runStates(sse.until("end", WAIT))).containsExactly("SUCCEEDED");
    }
  }

  @Test
  void a_profile_stream_carries_the_profiles_runs() throws Exception {
    try (SseClient sse = events("")) {
      TestServer.eventually("subscribed", WAIT, () -> api.server.openStreams().events() == 1);
      String id = api.submit("artifacts.yaml", Map.of("seconds", JsonValue.of(0)));
      List<String> states = new ArrayList<>();
      while (!states.contains("SUCCEEDED")) {
        SseClient.Event e = sse.next(WAIT);
        assertThat(e).as("events of run " + id).isNotNull();
        if (e.type().equals("run")) {
          assertThat(TestServer.json(e.data()).path("run_id").asText()).isEqualTo(id);
          states.add(TestServer.json(e.data()).path("state").asText());
        }
      }
      assertThat(states).contains("RUNNING");
    }
  }

  @Test
  void clients_that_hang_up_release_their_streams_and_followers() throws Exception {
    String id = api.submit("artifacts.yaml", Map.of("seconds", JsonValue.of(120)));
    TestServer.eventually(
        "the wait step runs",
        WAIT,
        () ->
            api.server
                .runs()
                .get(id)
                .flatMap(v -> v.task("wait"))
                .map(t -> !t.attempts().isEmpty())
                .orElse(false));

    SseClient events = events("?run=" + id);
    HttpResponse<InputStream> plain =
        api.stream(RunRoutes.RUNS + "/" + id + "/logs?task=wait&follow=true", null);
    assertThat(plain.statusCode()).isEqualTo(200);
    byte[] first = plain.body().readNBytes(7);
    assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("tick 1\n");
    HttpResponse<InputStream> sseLogs =
        api.stream("/api/v1/runs/" + id + "/logs?task=wait&follow=true", "text/event-stream");
    SseClient logs = new SseClient(sseLogs.body());
    assertThat(logs.next(WAIT).data()).startsWith("tick 1");
    TestServer.eventually(
        "three streams open",
        WAIT,
        () -> api.server.openStreams().events() == 1 && api.server.openStreams().logs() == 2);
    assertThat(framesServingStreams()).as("the dump sees the streams being served").isNotEmpty();

    events.close();
    plain.body().close();
    logs.close();
    TestServer.eventually(
        "the streams end while the run still runs",
        Duration.ofSeconds(20),
        () -> api.server.openStreams().events() == 0 && api.server.openStreams().logs() == 0);
    assertThat(api.server.runs().isActive(id)).isTrue();
    // A count of all threads is noise here (pools grow for their own reasons); what must hold is
    // that no thread is left inside the code that serves a stream (a handler may still be on its
    // way out just after it counted itself off).
    TestServer.eventually(
        "no thread serves a stream",
        Duration.ofSeconds(20),
        () -> {
          try {
            return framesServingStreams().isEmpty();
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
    api.server.runs().cancel(id);
    assertThat(api.await(id).run().state()).isEqualTo(RunState.CANCELED);
  }

  /**
   * The frames of stream-serving code in a dump of all threads, virtual ones included (request
   * handlers run on virtual threads, which {@link Thread#getAllStackTraces} does not list).
   */
  private List<String> framesServingStreams() throws IOException {
    Path dump = Files.createTempFile(home, "threads", ".json");
    Files.delete(dump);
    ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
        .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
    List<String> frames = new ArrayList<>();
    for (String line : Files.readAllLines(dump)) {
      for (Class<?> c : List.of(RunLogRoutes.class, EventRoutes.class)) {
        if (line.contains("\"" + c.getName())) {
          frames.add(line.strip());
        }
      }
    }
    return frames;
  }

  @Test
  void a_plain_text_follower_of_a_silent_step_stops_when_its_client_hangs_up() throws Exception {
    String id = api.submit("sleeper.yaml", Map.of());
    TestServer.eventually(
        "the step runs",
        WAIT,
        () ->
            api.server
                .runs()
                .get(id)
                .flatMap(v -> v.task("sleep"))
                .map(t -> !t.attempts().isEmpty())
                .orElse(false));
    HttpResponse<InputStream> plain =
        api.stream(RunRoutes.RUNS + "/" + id + "/logs?task=sleep&follow=true", null);
    assertThat(new String(plain.body().readNBytes(9), StandardCharsets.UTF_8))
        .isEqualTo("sleeping\n");
    TestServer.eventually("following", WAIT, () -> api.server.openStreams().logs() == 1);
    plain.body().close();
    // The step writes nothing more: only the closed connection can tell the follower to stop.
    TestServer.eventually(
        "the follower stops while the step is silent",
        Duration.ofSeconds(20),
        () -> api.server.openStreams().logs() == 0);
    assertThat(api.server.runs().isActive(id)).isTrue();
    api.server.runs().cancel(id);
    api.await(id);
  }

  @Test
  void a_client_that_never_reads_does_not_hold_up_the_engine() throws Exception {
    try (Socket slow = new Socket("127.0.0.1", api.server.port())) {
      slow.setReceiveBufferSize(1024);
      OutputStream out = slow.getOutputStream();
      out.write(
          ("GET "
                  + EventRoutes.EVENTS
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                  + api.token
                  + "\r\nAccept: text/event-stream\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      TestServer.eventually(
          "the slow client is subscribed", WAIT, () -> api.server.openStreams().events() == 1);
      long t0 = System.nanoTime();
      RunView run = api.await(api.submit("fan-out.yaml", Map.of()));
      assertThat(run.run().state()).as(run.toString()).isEqualTo(RunState.SUCCEEDED);
      assertThat(run.tasks()).hasSizeGreaterThan(80);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(120));
    }
    TestServer.eventually(
        "the slow client's stream ends once it is gone",
        Duration.ofSeconds(60),
        () -> api.server.openStreams().events() == 0);
  }

  @Test
  void bad_requests_are_problems() throws Exception {
    HttpResponse<String> unknown = api.get(EventRoutes.EVENTS + "?run=nope");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.headers().firstValue("content-type")).hasValue("application/problem+json");
    assertThat(api.get(EventRoutes.EVENTS + "?run=a&profile=b").statusCode()).isEqualTo(400);
    HttpResponse<String> other = api.get(EventRoutes.EVENTS + "?profile=someone-else");
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(TestServer.json(other.body()).path("detail").asText()).contains("someone-else");
    assertThat(api.get("/api/v1/runs/nope/logs").statusCode()).isEqualTo(404);
    HttpResponse<String> noToken =
        api.http.send(
            java.net.http.HttpRequest.newBuilder(api.server.url().resolve(EventRoutes.EVENTS))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(noToken.statusCode()).isEqualTo(401);
  }

  @Test
  void sse_logs_carry_whole_lines_and_end_with_the_runs_state() throws Exception {
    String id = api.submit("artifacts.yaml", Map.of("seconds", JsonValue.of(2)));
    TestServer.eventually(
        "the wait step has started",
        WAIT,
        () ->
            api.server
                .runs()
                .get(id)
                .flatMap(v -> v.task("wait"))
                .map(t -> !t.attempts().isEmpty())
                .orElse(false));
    HttpResponse<InputStream> r =
        api.stream("/api/v1/runs/" + id + "/logs?task=wait&follow=true", null);
    try (SseClient sse = new SseClient(r.body())) {
      List<SseClient.Event> seen = sse.until("end", WAIT);
      StringBuilder text = new StringBuilder();
      for (SseClient.Event e : seen) {
        if (e.type().equals("log")) {
          text.append(e.data()).append('\n');
        }
      }
      assertThat(text.toString()).isEqualTo("tick 1\ntick 2\n15\n");
      assertThat(TestServer.json(seen.getLast().data()).path("state").asText())
          .isEqualTo("SUCCEEDED");
    }
  }
}
