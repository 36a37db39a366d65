package dev.skiff.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.api.ApiJson;
import dev.skiff.api.ApiRequestException;
import dev.skiff.engine.Engine;
import dev.skiff.engine.catalog.Catalog;
import dev.skiff.engine.catalog.CatalogException;
import dev.skiff.engine.drive.RunConflictException;
import dev.skiff.engine.drive.RunService;
import dev.skiff.engine.logs.LogNotFoundException;
import dev.skiff.pipeline.PipelineException;
import dev.skiff.pipeline.value.ParameterValueException;
import dev.skiff.server.api.ApiHealthRoutes;
import dev.skiff.server.api.EngineSlot;
import dev.skiff.server.api.ExperimentRoutes;
import dev.skiff.server.api.PipelineRoutes;
import dev.skiff.server.api.RunLogRoutes;
import dev.skiff.server.api.RunRoutes;
import dev.skiff.server.auth.ApiAuthFilter;
import dev.skiff.server.auth.Authenticator;
import dev.skiff.server.auth.LocalTokenAuth;
import dev.skiff.server.auth.TokenFile;
import dev.skiff.server.config.SkiffConfig;
import dev.skiff.server.http.HealthRoutes;
import dev.skiff.server.http.HomePage;
import dev.skiff.server.http.MetricsRoutes;
import dev.skiff.server.http.ProblemMapper;
import dev.skiff.store.AlreadyExistsException;
import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import dev.skiff.store.StoreException;
import dev.skiff.store.query.InvalidQueryException;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.config.SizeUnit;
import io.javalin.json.JavalinJackson;
import io.javalin.util.JavalinBindException;
import io.micrometer.core.instrument.binder.jetty.JettyConnectionMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Skiff platform process: the composition root that wires configuration, database, metrics and
 * HTTP routes by hand, starts them, and stops them gracefully.
 *
 * <p>{@link #start} returns once the server accepts requests and the database is migrated; {@link
 * #close} stops accepting connections, lets in-flight requests finish (up to the configured
 * shutdown timeout) and then closes the connection pool.
 *
 * <p>The run API under {@code /apis/} needs the home's token ({@code $SKIFF_HOME/token}, created on
 * the first start); while the server runs, {@code $SKIFF_HOME/server.json} tells the CLI where it
 * listens.
 */
public final class SkiffServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SkiffServer.class);

  private final SkiffConfig config;
  private final Database database;
  private final PrometheusMeterRegistry metrics;
  private final Javalin app;
  private final Engine engine;
  private final EngineSlot slot;
  private final AtomicBoolean stopped = new AtomicBoolean();

  private SkiffServer(
      SkiffConfig config,
      Database database,
      PrometheusMeterRegistry metrics,
      Javalin app,
      Engine engine,
      EngineSlot slot) {
    this.config = config;
    this.database = database;
    this.metrics = metrics;
    this.app = app;
    this.engine = engine;
    this.slot = slot;
  }

  /**
   * Starts a server for the configuration.
   *
   * @throws StartupException with a one-line message when the home, database or port is unusable
   */
  public static SkiffServer start(SkiffConfig config) {
    return start(config, routes -> {});
  }

  /**
   * Starts a server with additional routes, installed after the built-in ones (used by modules that
   * contribute endpoints, and by tests).
   *
   * @throws StartupException with a one-line message when the home, database or port is unusable
   */
  public static SkiffServer start(SkiffConfig config, Consumer<RoutesConfig> extraRoutes) {
    long t0 = System.nanoTime();
    createHome(config);
    ServerLog.writeTo(config.logsDir());
    Authenticator auth = new LocalTokenAuth(ensureToken(config), System.getProperty("user.name"));
    EngineSlot slot = new EngineSlot();
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    // Opening the database (driver, pool, migrations) is most of start-up; it runs while the HTTP
    // server starts, and /readyz answers 503 until it is done.
    CompletableFuture<Database> opening = new CompletableFuture<>();
    Thread.ofPlatform()
        .name("skiff-database-open")
        .start(
            () -> {
              try {
                opening.complete(
                    Database.open(
                        config.databaseConfig(DatabaseConfig.Sharing.EXCLUSIVE), metrics));
              } catch (Throwable e) {
                opening.completeExceptionally(e);
              }
            });

    Javalin app = createApp(config, opening, metrics, extraRoutes, slot, auth);
    try {
      app.start(config.http().host(), config.http().port());
    } catch (JavalinBindException e) {
      closeWhenOpened(opening);
      throw new StartupException(
          "port "
              + config.http().port()
              + " on "
              + config.http().host()
              + " is already in use; stop the other process or pick another with --port",
          e);
    } catch (RuntimeException e) {
      closeWhenOpened(opening);
      throw e;
    }
    bindJvmMetrics(metrics);
    JettyConnectionMetrics.addToAllConnectors(app.jettyServer().server(), metrics);

    Database database;
    try {
      database = opening.join();
    } catch (CompletionException e) {
      app.stop();
      if (e.getCause() instanceof StoreException store) {
        throw new StartupException(store.getMessage(), store);
      }
      throw e;
    }
    // The engine: runs whose owner died (a crash, kill -9) are taken over now, and later by the
    // heartbeat as leases of other processes lapse.
    Engine engine = Engine.open(config.engineSettings(true, false), database.runs());
    List<String> resumed = engine.runs().recover();
    slot.ready(
        engine.runs(), Catalog.open(database, engine.runs(), config.api().catalogSettings()));
    log.info(
        "started in {} ms: {} on {}:{}{}",
        (System.nanoTime() - t0) / 1_000_000,
        database.vendor(),
        config.http().host(),
        app.port(),
        resumed.isEmpty() ? "" : ", resumed " + resumed.size() + " unfinished run(s)");
    SkiffServer server = new SkiffServer(config, database, metrics, app, engine, slot);
    server.announce();
    return server;
  }

  private static String ensureToken(SkiffConfig config) {
    try {
      return TokenFile.ensure(config.home());
    } catch (IOException e) {
      throw new StartupException(
          "cannot create the API token " + TokenFile.path(config.home()) + ": " + reason(e), e);
    }
  }

  /** Writes server.json, so that the CLI on this home talks to this server. */
  private void announce() {
    try {
      new ServerFile(url(), ProcessHandle.current().pid()).write(config.home());
    } catch (IOException e) {
      // Not fatal: the API works; only the CLI's automatic routing to this server does not.
      log.warn("cannot write {}: {}", ServerFile.path(config.home()), reason(e));
    }
  }

  private static void closeWhenOpened(CompletableFuture<Database> opening) {
    try {
      opening.join().close();
    } catch (CompletionException e) {
      // it did not open: nothing to close
    }
  }

  private static Javalin createApp(
      SkiffConfig config,
      CompletableFuture<Database> database,
      PrometheusMeterRegistry metrics,
      Consumer<RoutesConfig> extraRoutes,
      EngineSlot slot,
      Authenticator auth) {
    // One JSON configuration for the API's records, problems and health answers.
    ObjectMapper json = ApiJson.mapper();
    ProblemMapper problems =
        new ProblemMapper(json)
            .map(ApiRequestException.class, 400)
            .map(InvalidQueryException.class, 400)
            .map(CatalogException.Invalid.class, 400)
            .map(CatalogException.Forbidden.class, 403)
            .map(CatalogException.NotFound.class, 404)
            .map(CatalogException.Conflict.class, 409)
            .map(CatalogException.TooLarge.class, 413)
            .map(RunConflictException.class, 409)
            .map(AlreadyExistsException.class, 409)
            .map(StoreException.class, 503)
            .map(PipelineException.class, 400)
            .map(ParameterValueException.class, 400)
            .map(LogNotFoundException.class, 404);
    MetricsRoutes metricsRoutes = new MetricsRoutes(metrics);
    RunRoutes runRoutes = new RunRoutes(slot);
    return Javalin.create(
        c -> {
          c.startup.showJavalinBanner = false;
          c.startup.showOldJavalinVersionWarning = false;
          c.concurrency.useVirtualThreads = true;
          c.http.prefer405over404 = true;
          // Inline pipeline specs and uploads up to the configured size, plus form overhead.
          long maxBody = config.api().maxUploadBytes() + 1024 * 1024;
          c.http.maxRequestSize = maxBody;
          c.jetty.multipartConfig.maxFileSize(maxBody, SizeUnit.BYTES);
          c.jetty.multipartConfig.maxTotalRequestSize(maxBody, SizeUnit.BYTES);
          c.jsonMapper(new JavalinJackson(json, true));
          c.requestLogger.http(metricsRoutes::record);
          c.jetty.modifyServer(
              server -> {
                // Stop waits for in-flight requests instead of cutting them off.
                server.setStopTimeout(config.http().shutdownTimeout().toMillis());
                server.insertHandler(new GracefulHandler());
              });
          problems.install(c.routes);
          new HealthRoutes(database, problems).install(c.routes);
          metricsRoutes.install(c.routes);
          new HomePage(Version.get()).install(c.routes);
          new ApiAuthFilter(auth).install(c.routes, "/apis");
          runRoutes.install(c.routes);
          new RunLogRoutes(slot, runRoutes).install(c.routes);
          new PipelineRoutes(slot, config.api().maxUploadBytes()).install(c.routes);
          new ExperimentRoutes(slot).install(c.routes);
          new ApiHealthRoutes().install(c.routes);
          extraRoutes.accept(c.routes);
        });
  }

  private static void createHome(SkiffConfig config) {
    for (Path dir : new Path[] {config.home(), config.logsDir(), config.artifactsDir()}) {
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new StartupException(
            "cannot create " + dir + " (SKIFF_HOME=" + config.home() + "): " + reason(e), e);
      }
    }
    if (!Files.isWritable(config.home())) {
      throw new StartupException("SKIFF_HOME " + config.home() + " is not writable");
    }
  }

  private static String reason(IOException e) {
    return e.getClass().getSimpleName().replace("Exception", "") + " " + e.getMessage();
  }

  private static void bindJvmMetrics(PrometheusMeterRegistry registry) {
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** The address clients use, e.g. {@code http://127.0.0.1:8080/}. */
  public URI url() {
    String host = config.http().host();
    String shown = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    if (shown.contains(":") && !shown.startsWith("[")) {
      shown = "[" + shown + "]";
    }
    return URI.create("http://" + shown + ":" + port() + "/");
  }

  /** The bound port (useful when the configuration asked for port 0). */
  public int port() {
    return app.port();
  }

  public SkiffConfig config() {
    return config;
  }

  public Database database() {
    return database;
  }

  public PrometheusMeterRegistry metrics() {
    return metrics;
  }

  /** The pipeline engine of this server. */
  public RunService runs() {
    return engine.runs();
  }

  /**
   * Stops accepting requests, waits for in-flight ones, then closes the database pool. Idempotent.
   */
  @Override
  public void close() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    log.info("stopping: waiting up to {} for in-flight requests", config.http().shutdownTimeout());
    slot.stopping();
    try {
      ServerFile.deleteIfOwnedBy(config.home(), ProcessHandle.current().pid());
    } catch (IOException e) {
      log.warn("cannot remove {}: {}", ServerFile.path(config.home()), reason(e));
    }
    try {
      app.stop();
    } finally {
      // Runs stay stored as they are; the next start resumes them (steps still running now are
      // killed and re-run as a new attempt then).
      engine.close();
      database.close();
      metrics.close();
    }
    log.info("stopped");
  }
}
