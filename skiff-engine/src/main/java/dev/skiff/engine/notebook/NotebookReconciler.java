package dev.skiff.engine.notebook;

import dev.skiff.engine.executor.notebook.ServerState;
import dev.skiff.engine.notebook.NotebookRows.Desired;
import dev.skiff.store.notebook.StoredNotebook;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings each notebook's server to what its user wants, on one virtual thread that decides and
 * records: a notebook wanted running gets a {@link ServerStart} on a virtual thread of its own
 * (admission, launch, waiting until it answers), so that starts run side by side and a slow one
 * holds up nobody; it is Running once the start reports that the server answers. At most one start
 * per notebook is under way; a stop or a deletion asked meanwhile cancels it (the start ends what
 * it launched). A server that ended by itself is Failed with why; one wanted stopped is stopped.
 * Running servers are checked for idleness every {@code cullCheckPeriod}. Every change is an event,
 * written before the status it explains: whoever reads a status finds the event that led to it.
 * Woken by the API's changes, by ended starts and by freed resources, and every second regardless.
 */
final class NotebookReconciler {
  private static final Logger log = LoggerFactory.getLogger(NotebookReconciler.class);
  private static final Duration PERIOD = Duration.ofSeconds(1);
  private static final Duration STARTING_PERIOD = Duration.ofMillis(200);

  /** How long closing waits for a start under way (a launch waits up to 15 s for its port). */
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(20);

  private final NotebookRecords records;
  private final ServerStarter starter;
  private final JupyterApi api;
  private final NotebookSettings settings;
  private final NotebookPaths paths;
  private final Map<NotebookKey, LiveServer> live = new ConcurrentHashMap<>();
  private final Map<NotebookKey, ServerStart> starts = new ConcurrentHashMap<>();
  private final NotebookDeletions deletions;
  private final Semaphore signal = new Semaphore(0);
  private volatile boolean closed;
  private volatile boolean starting;
  private Thread thread;

  NotebookReconciler(
      NotebookRecords records,
      ServerStarter starter,
      JupyterApi api,
      NotebookSettings settings,
      NotebookPaths paths) {
    this.records = records;
    this.starter = starter;
    this.api = api;
    this.settings = settings;
    this.paths = paths;
    this.deletions = new NotebookDeletions(records, starter, paths, live, starts);
  }

  /** Finds the servers of a previous process again, then starts the loop. */
  void start() {
    new NotebookRecovery(records, starter, api, live).recover();
    thread = Thread.ofVirtual().name("skiff-notebooks").start(this::loop);
  }

  /** Asks for a pass now. */
  void wake() {
    signal.release();
  }

  /** Where a running server answers. */
  Optional<LiveServer> live(NotebookKey key) {
    return Optional.ofNullable(live.get(key));
  }

  /** The deletions the loop carries out. */
  NotebookDeletions deletions() {
    return deletions;
  }

  /** Stops the loop; servers keep running. */
  void close() {
    closed = true;
    wake();
    if (thread != null) {
      try {
        thread.join(Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // starts under way end at their next step: a launched server is left, its handle stored
    for (ServerStart s : starts.values()) {
      s.await(CLOSE_WAIT);
    }
    deletions.failPending();
  }

  private void loop() {
    while (!closed) {
      try {
        pass();
      } catch (RuntimeException e) {
        log.warn("Notebook pass failed: {}", e.toString());
      }
      try {
        signal.tryAcquire((starting ? STARTING_PERIOD : PERIOD).toMillis(), TimeUnit.MILLISECONDS);
        signal.drainPermits();
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** One pass over every notebook. */
  void pass() {
    finishStarts();
    deletions.carryOut();
    boolean anyStarting = false;
    for (StoredNotebook row : records.repo().all()) {
      if (closed) {
        return;
      }
      try {
        reconcile(row);
      } catch (RuntimeException e) {
        log.warn("Notebook {}/{}: {}", row.profile(), row.name(), e.toString());
      }
      anyStarting |= NotebookRows.status(row) == NotebookStatus.PENDING;
    }
    starting = anyStarting;
  }

  private void reconcile(StoredNotebook row) {
    NotebookKey key = new NotebookKey(row.profile(), row.name());
    LiveServer server = live.get(key);
    NotebookStatus status = NotebookRows.status(row);
    ServerStart underWay = starts.get(key);
    if (underWay != null) {
      // one start at a time; a stop (or a stop and a start again) asked meanwhile wins
      if (!NotebookRows.wantsRunning(row) || status == NotebookStatus.STOPPING) {
        underWay.cancel();
      }
      return;
    }
    if (!NotebookRows.wantsRunning(row)) {
      if (server != null || row.handle() != null) {
        stopServer(row, key, server);
      } else if (status == NotebookStatus.PENDING
          || status == NotebookStatus.RUNNING
          || status == NotebookStatus.STOPPING) {
        starter.withdraw(key);
        records.normal(key, "Stopped", "stopped before its server started");
        records.status(key, NotebookStatus.STOPPED, keptReason(row));
      }
      return;
    }
    switch (status) {
      case STOPPING -> {
        stopServer(row, key, server);
        records.status(key, NotebookStatus.PENDING, "waiting to start");
      }
      case PENDING -> pending(row, key, server);
      case RUNNING -> running(row, key, server);
      case STOPPED, FAILED -> {}
    }
  }

  private void pending(StoredNotebook row, NotebookKey key, LiveServer server) {
    Instant now = records.clock().instant();
    if (server == null) {
      if (row.handle() != null) {
        starter.stop(key, row.handle()); // a server nobody follows: end it, start afresh
        records.change(key, r -> r.withServer(null, "", r.limits()));
      }
      launch(row, key);
      return;
    }
    if (server.ready()) {
      records.status(key, NotebookStatus.RUNNING, ""); // it answered; the status write was lost
      return;
    }
    if (ended(row, key, server)) {
      return;
    }
    if (api.ready(server.endpoint(), server.jupyter())) {
      live.put(key, server.answered(now.plus(settings.cullCheckPeriod())));
      records.normal(
          key,
          "Started",
          "the server answers"
              + (row.gpuIds().isEmpty() ? "" : " (GPU " + row.gpuIds() + ")")
              + " after "
              + Duration.between(server.since(), now).toMillis()
              + " ms");
      records.change(
          key,
          // a start is activity: a server started again is not culled for an old idle spell
          r -> r.withStatus(NotebookStatus.RUNNING.name(), "", now).withLastActivity(now));
      return;
    }
    if (!now.isBefore(server.since().plus(settings.startTimeout()))) {
      fail(
          row,
          key,
          server,
          "the server did not answer within "
              + ServerActivity.shown(settings.startTimeout())
              + lastLogLine(key));
    }
  }

  /** Begins a start on its own thread; {@link #finishStarts} records how it ended. */
  private void launch(StoredNotebook row, NotebookKey key) {
    starts.put(
        key,
        ServerStart.begin(
            row,
            new ServerStart.Context(
                starter,
                records,
                api,
                settings.startTimeout(),
                this::lastLogLine,
                () -> closed,
                this::wake)));
  }

  /** Records the starts that ended since the last pass. */
  private void finishStarts() {
    for (Map.Entry<NotebookKey, ServerStart> e : starts.entrySet()) {
      Optional<ServerStart.Result> result = e.getValue().result();
      if (result.isEmpty()) {
        continue;
      }
      starts.remove(e.getKey());
      try {
        finished(e.getKey(), result.get());
      } catch (RuntimeException ex) {
        log.warn("Notebook {}: {}", e.getKey(), ex.toString());
      }
    }
  }

  private void finished(NotebookKey key, ServerStart.Result result) {
    Instant now = records.clock().instant();
    switch (result) {
      case ServerStart.Result.Waiting w -> {
        Optional<StoredNotebook> row = records.repo().find(key.profile(), key.name());
        if (row.isPresent()
            && NotebookRows.wantsRunning(row.get())
            && NotebookRows.status(row.get()) == NotebookStatus.PENDING
            && !w.reason().equals(row.get().reason())) {
          records.normal(key, "Waiting", w.reason());
          records.status(key, NotebookStatus.PENDING, w.reason());
        }
      }
      case ServerStart.Result.Failed f -> {
        records.warning(key, "Failed", f.reason());
        records.change(
            key,
            r ->
                r.withServer(null, "", r.limits())
                    .withDesired(Desired.STOPPED.name())
                    .withStatus(NotebookStatus.FAILED.name(), f.reason(), now));
      }
      case ServerStart.Result.Ready ready -> {
        LiveServer server = ready.server();
        live.put(key, server.answered(now.plus(settings.cullCheckPeriod())));
        records.normal(
            key,
            "Started",
            "the server answers"
                + (ready.gpuIds().isEmpty() ? "" : " (GPU " + ready.gpuIds() + ")")
                + " after "
                + Duration.between(server.since(), ready.at()).toMillis()
                + " ms");
        records.change(
            key,
            // a start is activity: a server started again is not culled for an old idle spell
            r ->
                NotebookRows.status(r) == NotebookStatus.PENDING
                    ? r.withStatus(NotebookStatus.RUNNING.name(), "", now).withLastActivity(now)
                    : r);
      }
      // a cancelled start stopped its server; the next pass records the stop
      case ServerStart.Result.Cancelled c -> {}
      case ServerStart.Result.Abandoned a -> {}
    }
  }

  private void running(StoredNotebook row, NotebookKey key, LiveServer server) {
    if (server == null) {
      starter.stop(key, row.handle());
      records.warning(key, "Restarted", "nobody followed the server; starting it again");
      records.change(
          key,
          r ->
              r.withServer(null, "", r.limits())
                  .withStatus(
                      NotebookStatus.PENDING.name(), "starting again", records.clock().instant()));
      return;
    }
    if (ended(row, key, server)) {
      return;
    }
    Instant now = records.clock().instant();
    Duration limit = settings.cullIdleAfter();
    if (limit.isZero() || now.isBefore(server.nextIdleCheck())) {
      return;
    }
    live.put(key, server.checkedAt(now.plus(settings.cullCheckPeriod())));
    Optional<ServerActivity> activity = api.activity(server.endpoint());
    if (activity.isEmpty()) {
      return;
    }
    Instant known = row.lastActivity() == null ? server.since() : row.lastActivity();
    ServerActivity.Decision d = activity.get().decide(known, now, limit);
    if (!d.lastActivity().equals(known)) {
      records.change(key, r -> r.withLastActivity(d.lastActivity()));
    }
    if (d.idle()) {
      String why =
          "idle for "
              + ServerActivity.shown(limit)
              + ": no kernel activity or connection since "
              + d.lastActivity();
      records.normal(key, "Culled", why);
      records.change(
          key,
          r ->
              r.withDesired(Desired.STOPPED.name())
                  .withStatus(NotebookStatus.STOPPING.name(), "culled: " + why, now));
      records
          .repo()
          .find(key.profile(), key.name())
          .ifPresent(r -> stopServer(r, key, live.get(key)));
    }
  }

  /** Fails a server that ended by itself; true when it did. */
  private boolean ended(StoredNotebook row, NotebookKey key, LiveServer server) {
    if (starter.launcher().state(server.handle()) instanceof ServerState.Ended e) {
      if (e.clean()) {
        shutDownByItself(key, server);
      } else {
        fail(row, key, server, e.reason() + lastLogLine(key));
      }
      return true;
    }
    return false;
  }

  /**
   * A server that exited with code 0 (Jupyter's Quit): stopped, not failed; Start runs it again.
   */
  private void shutDownByItself(NotebookKey key, LiveServer server) {
    starter.stop(key, server.handle()); // gives back its resources and credentials
    live.remove(key);
    Instant now = records.clock().instant();
    String reason = "the server shut itself down (e.g. Jupyter's Quit)";
    records.normal(key, "Stopped", reason);
    records.change(
        key,
        r ->
            r.withServer(null, "", r.limits())
                .withDesired(Desired.STOPPED.name())
                .withStatus(NotebookStatus.STOPPED.name(), reason, now));
  }

  private void fail(StoredNotebook row, NotebookKey key, LiveServer server, String reason) {
    starter.stop(key, server.handle());
    live.remove(key);
    Instant now = records.clock().instant();
    records.warning(key, "Failed", reason);
    records.change(
        key,
        r ->
            r.withServer(null, "", r.limits())
                .withDesired(Desired.STOPPED.name())
                .withStatus(NotebookStatus.FAILED.name(), reason, now));
  }

  private void stopServer(StoredNotebook row, NotebookKey key, LiveServer server) {
    String handle = server != null ? server.handle() : row.handle();
    starter.stop(key, handle);
    live.remove(key);
    Instant now = records.clock().instant();
    String reason = keptReason(row);
    records.normal(key, "Stopped", "the server stopped; the workspace is kept");
    records.change(
        key,
        r ->
            r.withServer(null, "", r.limits())
                .withStatus(
                    NotebookRows.wantsRunning(r)
                        ? NotebookStatus.STOPPING.name()
                        : NotebookStatus.STOPPED.name(),
                    reason,
                    now));
  }

  /** A culled notebook keeps saying why it stopped. */
  private static String keptReason(StoredNotebook row) {
    return row.reason().startsWith("culled") ? row.reason() : "";
  }

  private String lastLogLine(NotebookKey key) {
    String last =
        NotebookLogs.redact(NotebookLogs.lastLine(paths.serverLog(key.profile(), key.name())));
    return last.isEmpty() ? "" : " (last log line: " + last + ")";
  }
}
