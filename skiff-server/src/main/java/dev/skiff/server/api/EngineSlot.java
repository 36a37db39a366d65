package dev.skiff.server.api;

import dev.skiff.engine.catalog.Catalog;
import dev.skiff.engine.drive.RunService;
import dev.skiff.engine.notebook.Notebooks;
import dev.skiff.store.artifact.ArtifactStore;
import io.javalin.http.ServiceUnavailableResponse;
import java.util.concurrent.CompletableFuture;

/**
 * Where the API handlers find the server's {@link RunService}. HTTP starts accepting requests while
 * the database still opens, so the service arrives later; until then the run endpoints answer 503,
 * and while the server stops, log streams end.
 */
public final class EngineSlot {
  private final CompletableFuture<RunService> runs = new CompletableFuture<>();
  private volatile ArtifactStore artifacts;
  private volatile Catalog catalog;
  private volatile boolean stopping;
  private volatile Notebooks notebooks;

  /** Hands over the engine once it is ready. */
  public void ready(RunService service) {
    runs.complete(service);
  }

  /** Hands over the engine, its artifact store and the catalog over it once they are ready. */
  public void ready(RunService service, ArtifactStore store, Catalog catalogService) {
    this.artifacts = store;
    this.catalog = catalogService;
    runs.complete(service);
  }

  /**
   * The engine's artifact store.
   *
   * @throws ServiceUnavailableResponse while the server is still starting
   */
  public ArtifactStore artifacts() {
    runs();
    ArtifactStore store = artifacts;
    if (store == null) {
      throw new ServiceUnavailableResponse("this server has no artifact store");
    }
    return store;
  }

  /**
   * The catalog (pipelines, experiments, runs).
   *
   * @throws ServiceUnavailableResponse while the server is still starting
   */
  public Catalog catalog() {
    runs();
    Catalog c = catalog;
    if (c == null) {
      throw new ServiceUnavailableResponse("the server is still starting; retry in a moment");
    }
    return c;
  }

  /** Hands over the notebook service once it is ready. */
  public void ready(Notebooks service) {
    this.notebooks = service;
  }

  /**
   * The notebook servers of profiles.
   *
   * @throws ServiceUnavailableResponse while the server is still starting
   */
  public Notebooks notebooks() {
    runs();
    Notebooks n = notebooks;
    if (n == null) {
      throw new ServiceUnavailableResponse(
          "notebook servers are not available yet; retry in a moment");
    }
    return n;
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
