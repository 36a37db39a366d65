package dev.skiff.server.api;

import dev.skiff.engine.drive.RunService;
import dev.skiff.engine.logs.RunLogs;
import dev.skiff.engine.run.RunView;
import dev.skiff.server.events.SseStream;
import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Step logs (a Skiff extension: KFP's v2beta1 API has no logs).
 *
 * <ul>
 *   <li>{@code GET /apis/v2beta1/runs/{run_id}/logs?task=PATH&attempt=N&follow=true}: {@code
 *       text/plain}, the same text {@code skiff logs} prints (see {@link RunLogs}). With {@code
 *       follow=true} and a {@code task}, the response stays open and carries what the step writes
 *       until the run has finished. Asked with {@code Accept: text/event-stream}, it answers as the
 *       route below.
 *   <li>{@code GET /api/v1/runs/{run_id}/logs?task=…&attempt=…&follow=true}: the same text as
 *       Server-Sent Events: {@code event: log} per batch of whole lines (one {@code data:} line
 *       each), keep-alive comments while the step is silent, and {@code event: end} when the run
 *       has finished (or at once without {@code follow}).
 * </ul>
 *
 * A follower stops as soon as its client is gone (Jetty reports the closed connection, or a write
 * fails), when the run ends, or when the server stops; it polls the log file and never holds a
 * platform thread.
 */
public final class RunLogRoutes {
  /** Skiff's own path of the SSE variant. */
  public static final String SSE_LOGS = "/api/v1/runs/{run_id}/logs";

  private final EngineSlot engine;
  private final RunRoutes runRoutes;
  private final OpenStreams streams;
  private final Duration heartbeat;

  /**
   * Routes over the server's engine; {@code runRoutes} decides which runs a caller sees.
   *
   * @param heartbeat how long an SSE log stream stays silent before a keep-alive comment
   */
  public RunLogRoutes(
      EngineSlot engine, RunRoutes runRoutes, OpenStreams streams, Duration heartbeat) {
    this.engine = engine;
    this.runRoutes = runRoutes;
    this.streams = streams;
    this.heartbeat = heartbeat;
  }

  /** Routes with a stream counter of their own and a 15 s keep-alive. */
  public RunLogRoutes(EngineSlot engine, RunRoutes runRoutes) {
    this(engine, runRoutes, new OpenStreams(), Duration.ofSeconds(15));
  }

  /** Installs the endpoints (behind the API's authentication filter). */
  public void install(RoutesConfig routes) {
    routes.get(RunRoutes.RUNS + "/{run_id}/logs", this::logs);
    routes.get(SSE_LOGS, this::sse);
  }

  /** What a logs request asks for, checked before anything is sent. */
  private record Ask(RunView view, String task, boolean follow, List<RunLogs.Section> sections) {}

  private Ask ask(Context ctx) {
    RunView view = runRoutes.visibleRun(ctx);
    String task = blankToNull(ctx.queryParam("task"));
    int attempt = attempt(ctx);
    boolean follow = RunRoutes.booleanParam(ctx, "follow", false);
    // Selecting first, so that an unknown step is a 404 problem rather than a cut-off stream.
    List<RunLogs.Section> sections = RunLogs.select(view, task, attempt);
    return new Ask(view, task, follow && task != null, sections);
  }

  private void logs(Context ctx) throws IOException, InterruptedException {
    String accept = ctx.header("Accept");
    if (accept != null && accept.contains("text/event-stream")) {
      sse(ctx);
      return;
    }
    Ask ask = ask(ctx);
    BooleanSupplier gone = ask.follow() ? ClientWatch.gone(ctx) : () -> false;
    ctx.status(200).contentType("text/plain; charset=utf-8");
    Writer out = new OutputStreamWriter(ctx.res().getOutputStream(), StandardCharsets.UTF_8);
    OpenStreams.Open open = ask.follow() ? streams.log() : () -> {};
    try {
      write(ask, out, gone);
    } catch (IOException e) {
      // the client went away while following: nothing left to do
    } finally {
      open.close();
    }
  }

  private void sse(Context ctx) throws IOException, InterruptedException {
    Ask ask = ask(ctx);
    BooleanSupplier gone = ask.follow() ? ClientWatch.gone(ctx) : () -> false;
    SseStream sse = EventRoutes.start(ctx);
    SseLogWriter out = new SseLogWriter(sse, heartbeat);
    OpenStreams.Open open = streams.log();
    try {
      write(ask, out, gone);
      out.close();
      RunView now = engine.runs().get(ask.view().run().id()).orElse(ask.view());
      sse.event("end", null, "{\"state\":\"" + now.run().state().name() + "\"}");
    } catch (IOException e) {
      // the client went away
    } finally {
      open.close();
    }
  }

  private void write(Ask ask, Writer out, BooleanSupplier gone)
      throws IOException, InterruptedException {
    String id = ask.view().run().id();
    RunService runs = engine.runs();
    RunLogs.write(
        id,
        runs.logs(),
        ask.sections(),
        ask.task() == null,
        ask.follow(),
        () ->
            engine.isStopping()
                || gone.getAsBoolean()
                || (!runs.isActive(id)
                    && runs.get(id).map(v -> v.run().state().isTerminal()).orElse(true)),
        out);
  }

  private static int attempt(Context ctx) {
    String text = blankToNull(ctx.queryParam("attempt"));
    if (text == null) {
      return 0;
    }
    try {
      int n = Integer.parseInt(text.strip());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new BadRequestResponse(
        "attempt must be a whole number (1 = the first), got '" + text + "'");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /**
   * Log text as SSE: whole lines go out as one {@code event: log} on each flush (the follower
   * flushes every 200 ms); a line still being written waits for its end, up to 64 KiB; a silent
   * stream sends a keep-alive comment every {@code heartbeat}.
   */
  static final class SseLogWriter extends Writer {
    private static final int MAX_PENDING = 64 * 1024;

    private final SseStream sse;
    private final long heartbeatNanos;
    private final StringBuilder pending = new StringBuilder();
    private long lastSent = System.nanoTime();

    SseLogWriter(SseStream sse, Duration heartbeat) {
      this.sse = sse;
      this.heartbeatNanos = heartbeat.toNanos();
    }

    @Override
    public void write(char[] cbuf, int off, int len) {
      pending.append(cbuf, off, len);
    }

    @Override
    public void write(String str) {
      pending.append(str);
    }

    @Override
    public void flush() throws IOException {
      int end = pending.lastIndexOf("\n");
      if (end < 0 && pending.length() >= MAX_PENDING) {
        end = pending.length();
      }
      if (end >= 0) {
        sse.event("log", null, pending.substring(0, end));
        pending.delete(0, Math.min(pending.length(), end + 1));
        lastSent = System.nanoTime();
      } else if (System.nanoTime() - lastSent >= heartbeatNanos) {
        sse.comment("keep-alive");
        lastSent = System.nanoTime();
      }
    }

    /** Sends what is left, a last line without its newline included. */
    @Override
    public void close() throws IOException {
      flush();
      if (!pending.isEmpty()) {
        sse.event("log", null, pending.toString());
        pending.setLength(0);
      }
    }
  }
}
