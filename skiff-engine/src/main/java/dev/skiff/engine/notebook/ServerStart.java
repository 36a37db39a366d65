package dev.skiff.engine.notebook;

import dev.skiff.engine.executor.notebook.ServerState;
import dev.skiff.store.notebook.StoredNotebook;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server's start on a virtual thread of its own, so that a slow server does not hold up the
 * others: admission and launch through {@link ServerStarter}, then waiting until the server
 * answers. The reconciler decides when a start begins, cancels it when a stop or a deletion comes
 * first, and records how it ended ({@link #result}). The start itself writes only the handle, as
 * soon as the process runs, so that a Skiff killed meanwhile finds the server again. Whatever ends
 * a start other than {@link Result.Ready} or {@link Result.Abandoned} leaves no process and gives
 * back the quota and the machine's resources.
 */
final class ServerStart {
  private static final Logger log = LoggerFactory.getLogger(ServerStart.class);
  // The port is open when this starts polling: the server answers within a few polls.
  private static final Duration POLL = Duration.ofMillis(20);

  /** How a start ended. */
  sealed interface Result {
    /**
     * The server answers.
     *
     * @param server the running server (not yet marked as answered)
     * @param gpuIds the accelerators it holds
     * @param at when it answered
     */
    record Ready(LiveServer server, List<String> gpuIds, Instant at) implements Result {}

    /** It waits for the quota or the machine; nothing was started. */
    record Waiting(String reason) implements Result {}

    /** It could not start or did not answer; nothing runs. */
    record Failed(String reason) implements Result {}

    /** A stop or a deletion came first; nothing runs. */
    record Cancelled() implements Result {}

    /** The service closed; the server runs on, its handle stored for the next service. */
    record Abandoned() implements Result {}
  }

  /** What a start works with. */
  record Context(
      ServerStarter starter,
      NotebookRecords records,
      JupyterApi api,
      Duration startTimeout,
      Function<NotebookKey, String> lastLogLine,
      BooleanSupplier closing,
      Runnable whenDone) {}

  private final NotebookKey key;
  private final StoredNotebook row;
  private final Context c;
  private final CompletableFuture<Result> result = new CompletableFuture<>();
  private volatile boolean cancelled;

  private ServerStart(StoredNotebook row, Context c) {
    this.key = new NotebookKey(row.profile(), row.name());
    this.row = row;
    this.c = c;
  }

  /** Starts the server of {@code row} on a new virtual thread. */
  static ServerStart begin(StoredNotebook row, Context c) {
    ServerStart s = new ServerStart(row, c);
    Thread.ofVirtual().name("skiff-notebook-start-" + s.key).start(s::run);
    return s;
  }

  /** Asks the start to give up: what it launched is stopped. */
  void cancel() {
    cancelled = true;
  }

  /** Whether it ended. */
  boolean done() {
    return result.isDone();
  }

  /** How it ended; empty while it runs. */
  Optional<Result> result() {
    return Optional.ofNullable(result.getNow(null));
  }

  /** Waits for it to end, at most {@code wait}. */
  void await(Duration wait) {
    try {
      result.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.warn("The start of {} did not end within {}", key, wait);
    }
  }

  private void run() {
    Result r;
    String handle = null;
    try {
      ServerStarter.Outcome o =
          c.starter()
              .start(
                  row,
                  c.records().clock().instant(),
                  warning -> c.records().warning(key, warning.reason(), warning.message()));
      r =
          switch (o) {
            case ServerStarter.Outcome.Waiting w -> new Result.Waiting(w.reason());
            case ServerStarter.Outcome.Failed f -> new Result.Failed(f.reason());
            case ServerStarter.Outcome.Started s -> {
              handle = s.server().handle();
              yield follow(s);
            }
          };
    } catch (RuntimeException e) {
      log.warn("The start of {} failed", key, e);
      c.starter().stop(key, handle); // gives back whatever was taken
      r = new Result.Failed("the start failed: " + e);
    }
    result.complete(r);
    c.whenDone().run();
  }

  /** Records the handle, then waits until the server answers, ends, or the start is cancelled. */
  private Result follow(ServerStarter.Outcome.Started s) {
    LiveServer server = s.server();
    String handle = server.handle();
    if (cancelled) {
      return cancel(handle);
    }
    String gpus = ServerStarter.gpuText(s.endpoint().gpuIds());
    Instant launched = c.records().clock().instant();
    Optional<StoredNotebook> stored =
        c.records()
            .change(
                key,
                r -> {
                  StoredNotebook withServer = r.withServer(handle, gpus, s.endpoint().limits());
                  return NotebookRows.status(r) == NotebookStatus.PENDING
                      ? withServer.withStatus(NotebookStatus.PENDING.name(), "starting", launched)
                      : withServer;
                });
    if (stored.isEmpty()) {
      return cancel(handle); // deleted meanwhile
    }
    c.records()
        .normal(
            key,
            "Starting",
            "starting the server"
                + (gpus.isEmpty() ? "" : " on GPU " + gpus)
                + "; limits "
                + s.endpoint().limits());
    Instant deadline = server.since().plus(c.startTimeout());
    while (true) {
      if (cancelled) {
        return cancel(handle);
      }
      if (c.closing().getAsBoolean()) {
        return new Result.Abandoned();
      }
      if (c.starter().launcher().state(handle) instanceof ServerState.Ended e) {
        c.starter().stop(key, handle);
        return new Result.Failed(e.reason() + c.lastLogLine().apply(key));
      }
      if (c.api().ready(server.endpoint(), server.jupyter())) {
        return new Result.Ready(server, s.endpoint().gpuIds(), c.records().clock().instant());
      }
      if (!c.records().clock().instant().isBefore(deadline)) {
        c.starter().stop(key, handle);
        return new Result.Failed(
            "the server did not answer within "
                + ServerActivity.shown(c.startTimeout())
                + c.lastLogLine().apply(key));
      }
      try {
        Thread.sleep(POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Result.Abandoned();
      }
    }
  }

  private Result cancel(String handle) {
    c.starter().stop(key, handle);
    log.info("{}: the start was cancelled; its server is stopped", key);
    return new Result.Cancelled();
  }
}
