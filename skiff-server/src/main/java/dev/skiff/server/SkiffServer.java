package dev.skiff.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.api.ApiJson;
import dev.skiff.api.ApiRequestException;
import dev.skiff.engine.Engine;
import dev.skiff.engine.catalog.Catalog;
import dev.skiff.engine.catalog.CatalogException;
import dev.skiff.engine.drive.BacklogFullException;
import dev.skiff.engine.drive.RunConflictException;
import dev.skiff.engine.drive.RunService;
import dev.skiff.engine.logs.LogNotFoundException;
import dev.skiff.engine.recurring.RecurringRunScheduler;
import dev.skiff.engine.retention.RetentionSchedule;
import dev.skiff.pipeline.PipelineException;
import dev.skiff.pipeline.value.ParameterValueException;
import dev.skiff.server.api.ApiHealthRoutes;
import dev.skiff.server.api.ArtifactRoutes;
import dev.skiff.server.api.EngineSlot;
import dev.skiff.server.api.EventRoutes;
import dev.skiff.server.api.ExperimentRoutes;
import dev.skiff.server.api.NotebookRoutes;
import dev.skiff.server.api.OpenApiRoutes;
import dev.skiff.server.api.OpenStreams;
import dev.skiff.server.api.PipelineRoutes;
import dev.skiff.server.api.ProfileRoutes;
import dev.skiff.server.api.RecurringRunRoutes;
import dev.skiff.server.api.RunLogRoutes;
import dev.skiff.server.api.RunRoutes;
import dev.skiff.server.auth.ApiAuthFilter;
import dev.skiff.server.auth.AuthServices;
import dev.skiff.server.auth.AuthSlot;
import dev.skiff.server.auth.IdentityRoutes;
import dev.skiff.server.auth.LocalSignIn;
import dev.skiff.server.auth.NotebookTokens;
import dev.skiff.server.auth.TokenFile;
import dev.skiff.server.auth.oidc.OidcRoutes;
import dev.skiff.server.cluster.ClusterMode;
import dev.skiff.server.cluster.ClusterOpener;
import dev.skiff.server.config.AuthSettings;
import dev.skiff.server.config.SkiffConfig;
import dev.skiff.server.http.HealthRoutes;
import dev.skiff.server.http.HttpRoute;
import dev.skiff.server.http.JettyProblems;
import dev.skiff.server.http.MetricsRoutes;
import dev.skiff.server.http.ProblemMapper;
import dev.skiff.server.http.RequestChecks;
import dev.skiff.server.notebook.NotebookProxy;
import dev.skiff.server.web.Dashboard;
import dev.skiff.server.web.DashboardAreas;
import dev.skiff.store.AlreadyExistsException;
import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import dev.skiff.store.PrivateFiles;
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
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.jetty.http.UriCompliance;
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
 * listens. The home is private to its owner (mode 0700, files 0600; an existing home is narrowed).
 *
 * <p>Unfinished runs are resumed in the background after start (newest first, as many at once as
 * the engine drives), so a start takes the same time whatever the backlog. When the embedded
 * database is closed under the server (H2 closes itself after a fatal error), {@link #fatal()}
 * completes with one line naming the cause: the process cannot go on with that database and should
 * exit (the CLI does, with status 1) to be restarted; PostgreSQL outages are ridden out instead.
 */
public final class SkiffServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SkiffServer.class);

  private final SkiffConfig config;
  private final Database database;
  private final PrometheusMeterRegistry metrics;
  private final Javalin app;
  private final Engine engine;
  private final EngineSlot slot;
  private final Streams streams;
  private final RetentionSchedule retention;
  private final RecurringRunScheduler recurringRuns;
  private final LocalSignIn localSignIn;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final CompletableFuture<String> fatal = new CompletableFuture<>();

  /** How often a silent event or log stream sends a keep-alive (and so notices a gone client). */
  static final Duration STREAM_HEARTBEAT = Duration.ofSeconds(2);

  /** The live streams of a server: their counter and the event routes (which hold the hub). */
  private record Streams(OpenStreams open, EventRoutes events) {}

  private final ClusterMode cluster;

  private SkiffServer(
      SkiffConfig config,
      Database database,
      PrometheusMeterRegistry metrics,
      Javalin app,
      Engine engine,
      EngineSlot slot,
      Streams streams,
      RetentionSchedule retention,
      RecurringRunScheduler recurringRuns,
      LocalSignIn localSignIn,
      ClusterMode cluster) {
    this.localSignIn = localSignIn;
    this.cluster = cluster;
    this.streams = streams;
    this.recurringRuns = recurringRuns;
    this.config = config;
    this.database = database;
    this.metrics = metrics;
    this.app = app;
    this.engine = engine;
    this.slot = slot;
    this.retention = retention;
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
    return start(config, extraRoutes, ClusterMode::open);
  }

  /**
   * Starts a server with additional routes whose cluster mode (when {@code engine.executor} is
   * {@code kubernetes}) is opened by {@code clusters}: tests run it over a mock API server.
   */
  public static SkiffServer start(
      SkiffConfig config, Consumer<RoutesConfig> extraRoutes, ClusterOpener clusters) {
    long t0 = System.nanoTime();
    createHome(config);
    ServerLog.writeTo(config.logsDir());
    // Local mode: the home's token is the one user's credential. Other modes sign people in.
    String localToken =
        config.auth().mode() == AuthSettings.Mode.LOCAL ? ensureToken(config) : null;
    AuthSlot auth = new AuthSlot();
    LocalSignIn localSignIn =
        config.auth().mode() == AuthSettings.Mode.LOCAL
            ? new LocalSignIn(System.getProperty("user.name"), Clock.systemUTC())
            : null;
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

    OpenStreams open = new OpenStreams();
    open.bindTo(metrics);
    EventRoutes events =
        new EventRoutes(
            slot,
            new RunRoutes(slot),
            open,
            ApiJson.mapper(),
            STREAM_HEARTBEAT,
            dev.skiff.server.events.EventHub.DEFAULT_CAPACITY);
    Streams streams = new Streams(open, events);
    CompletableFuture<RunService> engineReady = new CompletableFuture<>();
    Javalin app =
        createApp(
            config, opening, metrics, extraRoutes, slot, auth, localSignIn, streams, engineReady);
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
    // The engine: runs whose owner died (a crash, kill -9) and runs waiting for a driver are
    // taken in the background, newest abandoned ones first, as many as it drives at once; each
    // profile's steps are held to its quota.
    auth.ready(
        AuthServices.create(
            config.auth(),
            database,
            localToken,
            System.getProperty("user.name"),
            Clock.systemUTC(),
            localSignIn));
    // Cluster mode: steps as pods, notebook servers as Notebook resources, Skiff's profiles as
    // Profile resources reconciled by the operator in this process.
    ClusterMode cluster;
    try {
      cluster =
          config.kubernetes() == null
              ? null
              : clusters.open(config.kubernetes(), config.artifacts(), database).verify();
    } catch (ClusterMode.UnreachableException e) {
      app.stop();
      database.close();
      throw new StartupException(e.getMessage(), e);
    }
    Engine engine =
        cluster == null
            ? Engine.open(config.engineSettings(true, false), database.runs(), database.profiles())
            : Engine.open(
                config.engineSettings(true, false),
                database.runs(),
                database.profiles(),
                cluster::executor);
    Catalog catalog = Catalog.open(database, engine.runs(), config.api().catalogSettings());
    catalog.profiles().ensureShared();
    // Notebook servers: their API tokens come from the sign-in services, their KF_PIPELINES_*
    // endpoint is this server on loopback. Servers a previous process left running are found
    // again; a server that stops leaves them running.
    int port = app.port();
    NotebookTokens tokens =
        new NotebookTokens(
            () -> auth.services().tokens(),
            () -> cluster == null ? loopbackUrl(config, port) : cluster.serverUrl(port),
            config.home().resolve("notebooks"));
    dev.skiff.engine.notebook.NotebookService notebooks =
        cluster == null
            ? engine.notebooks(config.notebooks(), database.notebooks(), tokens)
            : engine.notebooks(
                config.notebooks(), database.notebooks(), tokens, cluster.notebookLauncher());
    // A profile deleted takes its notebook servers with it (no process is left).
    catalog.profiles().whenDeleting(notebooks::removeProfile);
    if (cluster != null) {
      catalog.profiles().whenChanged(cluster::profileChanged);
      try {
        cluster.start();
      } catch (ClusterMode.UnreachableException e) {
        app.stop();
        engine.close();
        database.close();
        throw new StartupException(e.getMessage(), e);
      }
    }
    slot.ready(notebooks);
    slot.ready(engine.runs(), engine.artifacts(), catalog);
    engineReady.complete(engine.runs());
    bindEngineMetrics(metrics, engine.runs());
    // Retention: server-wide settings, each profile's override; off the engine's paths.
    RetentionSchedule retention =
        RetentionSchedule.start(
            engine.retention(config.retention().policy(), database.retention()),
            config.retention().interval());
    // Recurring runs: every server fires due ticks; each tick is claimed in the database, so one
    // server (of several on one PostgreSQL) starts its run.
    RecurringRunScheduler recurringRuns =
        new RecurringRunScheduler(
                database.recurringRuns(), catalog.recurringRuns().submitter(), Clock.systemUTC())
            .start(RecurringRunScheduler.DEFAULT_PERIOD);
    log.info(
        "started in {} ms: {} on {}:{} (drives up to {} runs at once, {} may wait)",
        (System.nanoTime() - t0) / 1_000_000,
        database.vendor(),
        config.http().host(),
        app.port(),
        config.engine().maxDrivenRuns(),
        config.engine().maxPendingRuns());
    SkiffServer server =
        new SkiffServer(
            config,
            database,
            metrics,
            app,
            engine,
            slot,
            streams,
            retention,
            recurringRuns,
            localSignIn,
            cluster);
    server.announce();
    server.watchTheStore();
    return server;
  }

  /**
   * Completes, with one line naming the cause, when the server cannot go on: the embedded database
   * it opened was closed under it. Never completes for PostgreSQL (the pool reconnects when the
   * database is back; readiness says 503 meanwhile).
   */
  public CompletableFuture<String> fatal() {
    return fatal;
  }

  /**
   * An embedded database closed under the server (H2 closes itself after running out of memory or
   * failing a write) cannot be trusted again in this process: checked every second, and reported
   * through {@link #fatal()} at once.
   */
  private void watchTheStore() {
    if (!DatabaseConfig.H2.equals(database.vendor())) {
      return;
    }
    Thread.ofPlatform()
        .daemon()
        .name("skiff-store-watchdog")
        .start(
            () -> {
              while (!stopped.get()) {
                Database.Health h = database.health();
                if (h.state() == Database.State.CLOSED && !stopped.get()) {
                  log.error("{}; the server stops (restart it to recover)", h.detail());
                  slot.stopping();
                  fatal.complete(h.detail());
                  return;
                }
                try {
                  Thread.sleep(1_000);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
  }

  /** {@code skiff_runs_driven} and {@code skiff_runs_waiting}: the engine's load. */
  private static void bindEngineMetrics(PrometheusMeterRegistry registry, RunService runs) {
    io.micrometer.core.instrument.Gauge.builder("skiff.runs.driven", runs, RunService::drivenRuns)
        .description("Runs this server drives now")
        .register(registry);
    io.micrometer.core.instrument.Gauge.builder("skiff.runs.waiting", runs, RunService::waitingRuns)
        .description("Runs waiting in the database for a driver (estimate)")
        .register(registry);
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

  /** The validator's problems of a pipeline that is not valid, as a problem's field errors. */
  private static java.util.List<dev.skiff.server.http.Problem.FieldError> fieldErrors(Exception e) {
    java.util.List<dev.skiff.pipeline.Problem> found =
        switch (e) {
          case CatalogException.Invalid i -> i.problems();
          case PipelineException p -> p.problems();
          default -> java.util.List.of();
        };
    return found.stream()
        .map(p -> new dev.skiff.server.http.Problem.FieldError(p.path(), p.line(), p.message()))
        .toList();
  }

  private static Javalin createApp(
      SkiffConfig config,
      CompletableFuture<Database> database,
      PrometheusMeterRegistry metrics,
      Consumer<RoutesConfig> extraRoutes,
      EngineSlot slot,
      AuthSlot auth,
      LocalSignIn localSignIn,
      Streams streams,
      CompletableFuture<RunService> engineReady) {
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
            .map(PipelineException.class, 400)
            .map(ParameterValueException.class, 400)
            .map(LogNotFoundException.class, 404)
            .fieldErrors(SkiffServer::fieldErrors);
    MetricsRoutes metricsRoutes = new MetricsRoutes(metrics);
    RunRoutes runRoutes = new RunRoutes(slot, config.engine().maxPipelineBytes());
    return Javalin.create(
        c -> {
          c.startup.showJavalinBanner = false;
          c.startup.showOldJavalinVersionWarning = false;
          c.concurrency.useVirtualThreads = true;
          c.http.prefer405over404 = true;
          // Run submissions (a pipeline inline, up to engine.maxPipelineBytes) and uploads (up to
          // api.maxUploadSize, plus form overhead): the larger of the two.
          long maxBody =
              Math.max(
                  RunRoutes.maxRequestBytes(config.engine().maxPipelineBytes()),
                  config.api().maxUploadBytes() + 1024 * 1024);
          c.http.maxRequestSize = maxBody;
          c.jetty.multipartConfig.maxFileSize(maxBody, SizeUnit.BYTES);
          c.jetty.multipartConfig.maxTotalRequestSize(maxBody, SizeUnit.BYTES);
          c.jsonMapper(new JavalinJackson(json, true));
          c.requestLogger.http(metricsRoutes::record);
          // Javalin asks Jetty for LEGACY URI compliance, which lets %u0000-style escapes, encoded
          // dot segments and bad UTF-8 through to the routes; Jetty's default refuses them (400).
          // An encoded '/' stays allowed: a task path names a node of a run in one segment
          // (nodes/for-loop-2%2F0%2Ftrain/artifacts/...), and it is looked up, never a file path.
          c.jetty.modifyHttpConfiguration(
              h ->
                  h.setUriCompliance(
                      UriCompliance.DEFAULT.with(
                          "SKIFF", UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR)));
          JettyProblems jettyProblems = new JettyProblems(problems);
          c.jetty.modifyServletContextHandler(h -> h.setErrorHandler(jettyProblems));
          c.jetty.modifyServer(
              server -> {
                // Stop waits for in-flight requests instead of cutting them off.
                server.setStopTimeout(config.http().shutdownTimeout().toMillis());
                server.insertHandler(new GracefulHandler());
                // Errors Jetty answers itself (bad URIs, 414, 431) are problems too.
                server.setErrorHandler(jettyProblems);
              });
          problems.install(c.routes);
          new RequestChecks(maxBody).install(c.routes);
          c.routes.exception(
              BacklogFullException.class,
              (e, ctx) -> {
                ctx.header("Retry-After", Long.toString(e.retryAfter().toSeconds()));
                problems.write(ctx, 429, e.getMessage());
              });
          new HealthRoutes(database, problems, engineReady::isDone).install(c.routes);
          metricsRoutes.install(c.routes);
          ApiAuthFilter authFilter = new ApiAuthFilter(auth::services);
          authFilter.install(c.routes, "/apis");
          authFilter.install(c.routes, "/api/v1");
          new IdentityRoutes(auth, authFilter, localSignIn).install(c.routes);
          new OidcRoutes(config.auth(), auth).install(c.routes);
          new ProfileRoutes(slot).install(c.routes);
          new NotebookRoutes(slot, config.notebooks()).install(c.routes);
          new NotebookProxy(slot::notebooks, authFilter).install(c.routes);
          runRoutes.install(c.routes);
          new RunLogRoutes(slot, runRoutes, streams.open(), STREAM_HEARTBEAT).install(c.routes);
          new ArtifactRoutes(slot, runRoutes).install(c.routes);
          streams.events().install(c.routes);
          new PipelineRoutes(slot, config.api().maxUploadBytes()).install(c.routes);
          new ExperimentRoutes(slot).install(c.routes);
          new RecurringRunRoutes(slot).install(c.routes);
          new ApiHealthRoutes().install(c.routes);
          new OpenApiRoutes().install(c.routes);
          new Dashboard(slot, authFilter, config.auth(), DashboardAreas.all(auth))
              .install(c.routes);
          extraRoutes.accept(c.routes);
        });
  }

  private static void createHome(SkiffConfig config) {
    for (Path dir : new Path[] {config.home(), config.logsDir(), config.artifactsDir()}) {
      try {
        PrivateFiles.createDirectories(dir);
      } catch (IOException e) {
        throw new StartupException(
            "cannot create " + dir + " (SKIFF_HOME=" + config.home() + "): " + reason(e), e);
      }
    }
    if (!Files.isWritable(config.home())) {
      throw new StartupException("SKIFF_HOME " + config.home() + " is not writable");
    }
    HomePrivacy.tighten(config.home());
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

  /**
   * This server's address from the machine it runs on: loopback unless it listens on one address
   * only (then that one), e.g. {@code http://127.0.0.1:8080/}.
   */
  static URI loopbackUrl(SkiffConfig config, int port) {
    String host = config.http().host().strip();
    boolean anyAddress =
        host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.isEmpty();
    String shown = anyAddress || host.equals("localhost") ? "127.0.0.1" : host;
    if (shown.contains(":") && !shown.startsWith("[")) {
      shown = "[" + shown + "]";
    }
    return URI.create("http://" + shown + ":" + port + "/");
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

  /**
   * Where a browser signs in: in local mode a new one-time link ({@code /auth/local?code=...}); in
   * oidc mode the login page; empty behind IAP or a proxy (they sign people in).
   */
  public java.util.Optional<URI> signInLink() {
    if (localSignIn != null) {
      return java.util.Optional.of(localSignIn.newLink(url()));
    }
    if (config.auth().mode() == AuthSettings.Mode.OIDC) {
      return java.util.Optional.of(URI.create(config.auth().externalUrl() + "/auth/login"));
    }
    return java.util.Optional.empty();
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

  /** The notebook service this server started (its API, proxy and pages use it). */
  public dev.skiff.engine.notebook.NotebookService notebookService() {
    return engine.notebooks(
        config.notebooks(),
        database.notebooks(),
        dev.skiff.engine.notebook.NotebookCredentials.NONE); // started already: the same object
  }

  /**
   * Serves {@code notebooks} to the API, the proxy and the pages instead of {@link
   * #notebookService()}: for tests and benchmarks that put Jupyter servers they started themselves
   * behind the proxy.
   */
  public void serveNotebooks(dev.skiff.engine.notebook.Notebooks notebooks) {
    slot.ready(notebooks);
  }

  public PrometheusMeterRegistry metrics() {
    return metrics;
  }

  /** The pipeline engine of this server. */
  public RunService runs() {
    return engine.runs();
  }

  /**
   * Every HTTP endpoint registered (filters and error handlers left out), in registration order:
   * what the OpenAPI document must describe.
   */
  public List<HttpRoute> routes() {
    return app.unsafe.internalRouter.allHttpHandlers().stream()
        .map(e -> e.endpoint)
        .filter(e -> e.method.isHttpMethod())
        .map(e -> new HttpRoute(e.method.name(), e.path))
        .toList();
  }

  /** The engine's artifact store. */
  public dev.skiff.store.artifact.ArtifactStore artifacts() {
    return engine.artifacts();
  }

  /** Event streams and followed logs being served now. */
  public OpenStreams openStreams() {
    return streams.open();
  }

  /**
   * Stops accepting requests, waits for in-flight ones, then closes the database pool. Idempotent.
   */
  @Override
  public void close() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    // The watchdog sees `stopped` within a second; it is not interrupted (an interrupt during the
    // database's file I/O would close an embedded database).
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
      streams.events().close();
      // Runs stay stored as they are; the next start resumes them (steps still running now are
      // killed and re-run as a new attempt then).
      recurringRuns.close();
      retention.close();
      engine.close();
      if (cluster != null) {
        cluster.close();
      }
      database.close();
      metrics.close();
    }
    log.info("stopped");
  }
}
