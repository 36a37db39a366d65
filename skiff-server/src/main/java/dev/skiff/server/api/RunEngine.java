package dev.skiff.server.api;

import dev.skiff.engine.drive.RunService;
import io.javalin.http.ServiceUnavailableResponse;
import java.util.concurrent.CompletableFuture;

/**
 * The server's engine as the API handlers reach it. HTTP starts accepting requests while the
 * database still opens, so the engine arrives later; until then, and while the server stops, the
 * run endpoints answer 503.
 */
public final class RunEngine {
  private final CompletableFuture<RunService> runs = new CompletableFuture<>();
  private volatile boolean stopping;

  /** Hands over the engine once it is ready. */
  public void ready(RunService service) {
    runs.complete(service);
  }

  /** Marks the server as stopping: log streams end, so that in-flight requests finish quickly. */
  public void stopping() {
    stopping = true;
  }

  /** Whether the server is stopping. */
  public boolean isStopping() {
    return stopping;
  }

  /**
   * The engine.
   *
   * @throws ServiceUnavailableResponse while the server is still starting
   */
  public RunService runs() {
    if (!runs.isDone() || runs.isCompletedExceptionally()) {
      throw new ServiceUnavailableResponse("the server is still starting; retry in a moment");
    }
    return runs.join();
  }
}
