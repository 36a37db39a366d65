package dev.skiff.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.api.RunViews;
import dev.skiff.engine.catalog.CatalogException;
import dev.skiff.engine.drive.RunService;
import dev.skiff.engine.run.RunView;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.server.auth.ApiAuthFilter;
import dev.skiff.server.auth.Caller;
import dev.skiff.server.events.EventHub;
import dev.skiff.server.events.RunEvent;
import dev.skiff.server.events.SseStream;
import dev.skiff.server.events.Subscription;
import dev.skiff.store.ProfileName;
import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /api/v1/events}: run and task changes as Server-Sent Events (a Skiff extension).
 *
 * <ul>
 *   <li>{@code ?run=ID}: first the run as it stands ({@code event: run}, then {@code event: task}
 *       per task), then each change as it is stored, and {@code event: end} once the run has
 *       finished (the stream then closes). A run driven by another process is read from the store
 *       every {@value #POLL_MS} ms instead.
 *   <li>{@code ?profile=P} (default: the caller's profile): the changes of every run of the profile
 *       that this server drives, until the client leaves.
 * </ul>
 *
 * {@code event: run} carries the run as {@code GET /apis/v2beta1/runs/{id}} shows it without its
 * tasks; {@code event: task} carries {@code {"run_id", "task_id", "path", "task": <the tasks map
 * entry>}}. Each event has an {@code id}. A keep-alive comment goes out when nothing happened for a
 * while; a client that cannot keep up gets {@code event: error} and the stream ends (reconnect for
 * a fresh snapshot). Every stream runs on its own virtual thread and holds no platform thread.
 */
public final class EventRoutes {
  /** The events path. */
  public static final String EVENTS = "/api/v1/events";

  static final long POLL_MS = 2_000;

  private final EngineSlot engine;
  private final RunRoutes runRoutes;
  private final OpenStreams streams;
  private final ObjectMapper json;
  private final Duration heartbeat;
  private final int capacity;
  private volatile EventHub hub;

  /**
   * Routes over the server's engine.
   *
   * @param heartbeat how long a stream stays silent before it sends a keep-alive comment (which is
   *     also how it finds out that its client has gone)
   * @param capacity how many events a client may lag behind before its stream ends
   */
  public EventRoutes(
      EngineSlot engine,
      RunRoutes runRoutes,
      OpenStreams streams,
      ObjectMapper json,
      Duration heartbeat,
      int capacity) {
    this.engine = engine;
    this.runRoutes = runRoutes;
    this.streams = streams;
    this.json = json;
    this.heartbeat = heartbeat;
    this.capacity = capacity;
  }

  /** Installs the endpoint (behind the API's authentication filter). */
  public void install(RoutesConfig routes) {
    routes.get(EVENTS, this::events);
  }

  /** The hub, made on first use (the engine is ready by then). */
  private EventHub hub() {
    EventHub h = hub;
    if (h == null) {
      synchronized (this) {
        h = hub;
        if (h == null) {
          h = new EventHub(engine.runs(), capacity);
          hub = h;
        }
      }
    }
    return h;
  }

  /** Clients subscribed now. */
  public int subscribers() {
    EventHub h = hub;
    return h == null ? 0 : h.subscribers();
  }

  /** Stops listening to the engine. */
  public void close() {
    EventHub h = hub;
    if (h != null) {
      h.close();
    }
  }

  private void events(Context ctx) throws Exception {
    Caller caller = ApiAuthFilter.caller(ctx);
    String run = blankToNull(ctx.queryParam("run"));
    String profile = ctx.queryParam("profile");
    if (run != null && profile != null) {
      throw new BadRequestResponse("give run or profile, not both");
    }
    if (run != null) {
      RunView view = runRoutes.visibleRun(ctx, run);
      OpenStreams.Open open = streams.event();
      try (Subscription sub = hub().subscribeRun(view.run().id())) {
        streamRun(ctx, view.run().id(), sub);
      } finally {
        open.close();
      }
      return;
    }
    String p = profile == null ? caller.profile() : profile.strip();
    if (!p.isEmpty() && !ProfileName.isValid(p)) {
      throw new CatalogException.Invalid(
          "profile '" + shown(p) + "' is not a profile name (1-63 lowercase letters, digits, '-')");
    }
    if (!caller.mayAccess(p)) {
      throw new ForbiddenResponse("you may not follow the runs of profile '" + p + "'");
    }
    OpenStreams.Open open = streams.event();
    try (Subscription sub = hub().subscribeProfile(p)) {
      streamProfile(ctx, sub);
    } finally {
      open.close();
    }
  }

  /**
   * Sends one stream's events. A run's stream remembers what it sent last per run and task (one
   * run's worth), so that a change that is also in the snapshot is sent once.
   */
  private final class Sender {
    private final SseStream sse;
    private final Map<String, String> last;
    private long seq;

    Sender(SseStream sse, boolean dedupe) {
      this.sse = sse;
      this.last = dedupe ? new HashMap<>() : null;
    }

    /** Sends the event unless it repeats what was sent last for its run or task. */
    void send(RunEvent e) throws IOException {
      switch (e) {
        case RunEvent.RunChanged r ->
            send("run", "run", json.writeValueAsString(RunViews.summary(r.run())));
        case RunEvent.TaskChanged t -> send("task", "task:" + t.task().path(), task(t));
      }
    }

    private void send(String type, String key, String data) throws IOException {
      if (last != null && data.equals(last.put(key, data))) {
        return;
      }
      sse.event(type, Long.toString(++seq), data);
    }

    void snapshot(RunView view) throws IOException {
      send(new RunEvent.RunChanged(view.run()));
      for (TaskRun t : view.tasks()) {
        send(new RunEvent.TaskChanged(view.run().id(), t));
      }
    }

    void end(String runId, String state) throws IOException {
      Map<String, String> body = new LinkedHashMap<>();
      body.put("run_id", runId);
      body.put("state", state);
      sse.event("end", Long.toString(++seq), json.writeValueAsString(body));
    }

    void error(String detail) throws IOException {
      sse.event("error", Long.toString(++seq), json.writeValueAsString(Map.of("detail", detail)));
    }
  }

  private String task(RunEvent.TaskChanged t) throws JsonProcessingException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("run_id", t.runId());
    body.put("task_id", RunViews.taskId(t.runId(), t.task().path()));
    body.put("path", t.task().path());
    body.put("task", RunViews.task(t.task()));
    return json.writeValueAsString(body);
  }

  private void streamRun(Context ctx, String id, Subscription sub) throws InterruptedException {
    RunService runs = engine.runs();
    BooleanSupplier gone = ClientWatch.gone(ctx);
    try {
      // Subscribed first, then read: what was queued before the read is in the snapshot.
      RunView view = runs.get(id).orElseThrow();
      sub.clear();
      Sender out = new Sender(start(ctx), true);
      out.snapshot(view);
      if (view.run().state().isTerminal()) {
        out.end(id, view.run().state().name());
        return;
      }
      long nextPoll = System.nanoTime() + POLL_MS * 1_000_000;
      while (!engine.isStopping() && !gone.getAsBoolean()) {
        RunEvent e = sub.poll(heartbeat);
        if (sub.overflowed()) {
          out.error("the client did not keep up and events were dropped; reconnect");
          return;
        }
        if (e != null) {
          out.send(e);
          if (e instanceof RunEvent.RunChanged r && r.run().state().isTerminal()) {
            out.end(id, r.run().state().name());
            return;
          }
        } else {
          out.sse.comment("keep-alive");
        }
        if (System.nanoTime() >= nextPoll && !runs.isActive(id)) {
          // Driven by another process (or by none): the store is the only source.
          RunView now = runs.get(id).orElse(null);
          if (now == null) {
            out.end(id, "DELETED");
            return;
          }
          out.snapshot(now);
          if (now.run().state().isTerminal()) {
            out.end(id, now.run().state().name());
            return;
          }
          nextPoll = System.nanoTime() + POLL_MS * 1_000_000;
        }
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private void streamProfile(Context ctx, Subscription sub) throws InterruptedException {
    BooleanSupplier gone = ClientWatch.gone(ctx);
    try {
      Sender out = new Sender(start(ctx), false);
      out.sse.comment("profile events");
      while (!engine.isStopping() && !gone.getAsBoolean()) {
        RunEvent e = sub.poll(heartbeat);
        if (sub.overflowed()) {
          out.error("the client did not keep up and events were dropped; reconnect");
          return;
        }
        if (e != null) {
          out.send(e);
        } else {
          out.sse.comment("keep-alive");
        }
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  /** Starts an event-stream response. */
  static SseStream start(Context ctx) throws IOException {
    ctx.status(200);
    ctx.contentType("text/event-stream; charset=utf-8");
    ctx.header("Cache-Control", "no-cache");
    ctx.header("X-Accel-Buffering", "no");
    SseStream sse = new SseStream(ctx.res().getOutputStream());
    sse.retry(2_000);
    return sse;
  }

  private static String shown(String s) {
    String t = s.length() > 70 ? s.substring(0, 70) + "..." : s;
    return t.replaceAll("\\p{Cntrl}", "?");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
