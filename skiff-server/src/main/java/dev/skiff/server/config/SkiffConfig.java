package dev.skiff.server.config;

import dev.skiff.engine.EngineSettings;
import dev.skiff.engine.catalog.CatalogSettings;
import dev.skiff.engine.drive.RunLimits;
import dev.skiff.engine.notebook.NotebookSettings;
import dev.skiff.engine.retention.RetentionPolicy;
import dev.skiff.kubernetes.KubernetesSettings;
import dev.skiff.pipeline.ParseLimits;
import dev.skiff.store.DatabaseConfig;
import dev.skiff.store.artifact.ArtifactStoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The whole, validated configuration of one Skiff server process.
 *
 * <p>Built by {@link ConfigLoader} from defaults, an optional {@code skiff.yaml}, environment
 * variables and command-line flags (later sources win). Every value here has already been checked;
 * code that receives a {@code SkiffConfig} never re-validates it.
 *
 * @param home the Skiff home folder ({@code SKIFF_HOME}): database, artifacts and logs live here
 * @param http where the HTTP server listens and how long it waits for in-flight requests on stop
 * @param database which database to use; an H2 file under {@code home} unless a URL is given
 * @param engine how pipeline steps run
 * @param artifacts where artifacts live: the local folder under {@code home}, or S3
 * @param retention how long finished runs and step logs are kept
 * @param api what the platform API accepts (upload size, package URLs)
 * @param auth how people sign in ({@code auth.*})
 * @param notebooks notebook servers ({@code notebooks.*})
 * @param kubernetes the cluster ({@code kubernetes.*}) when {@code engine.executor} is {@code
 *     kubernetes}; null otherwise
 */
public record SkiffConfig(
    Path home,
    Http http,
    Database database,
    Engine engine,
    ArtifactStoreConfig artifacts,
    Retention retention,
    Api api,
    AuthSettings auth,
    NotebookSettings notebooks,
    KubernetesSettings kubernetes) {

  public SkiffConfig {
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(artifacts, "artifacts");
    Objects.requireNonNull(retention, "retention");
    api = api == null ? Api.DEFAULTS : api;
    auth = auth == null ? AuthSettings.LOCAL : auth;
    notebooks = notebooks == null ? NotebookSettings.defaults() : notebooks;
  }

  /** Local mode (no cluster). */
  public SkiffConfig(
      Path home,
      Http http,
      Database database,
      Engine engine,
      ArtifactStoreConfig artifacts,
      Retention retention,
      Api api,
      AuthSettings auth,
      NotebookSettings notebooks) {
    this(home, http, database, engine, artifacts, retention, api, auth, notebooks, null);
  }

  /** The notebook defaults. */
  public SkiffConfig(
      Path home,
      Http http,
      Database database,
      Engine engine,
      ArtifactStoreConfig artifacts,
      Retention retention,
      Api api,
      AuthSettings auth) {
    this(home, http, database, engine, artifacts, retention, api, auth, null);
  }

  /** This configuration with other {@code notebooks.*} settings. */
  public SkiffConfig withNotebooks(NotebookSettings settings) {
    return new SkiffConfig(
        home, http, database, engine, artifacts, retention, api, auth, settings, kubernetes);
  }

  /** Local sign-in. */
  public SkiffConfig(
      Path home,
      Http http,
      Database database,
      Engine engine,
      ArtifactStoreConfig artifacts,
      Retention retention,
      Api api) {
    this(home, http, database, engine, artifacts, retention, api, AuthSettings.LOCAL);
  }

  /** Local artifacts, every run kept, the API's defaults. */
  public SkiffConfig(Path home, Http http, Database database, Engine engine) {
    this(home, http, database, engine, ArtifactStoreConfig.LOCAL, Retention.DEFAULT, Api.DEFAULTS);
  }

  /** Every run kept, the API's defaults. */
  public SkiffConfig(
      Path home, Http http, Database database, Engine engine, ArtifactStoreConfig artifacts) {
    this(home, http, database, engine, artifacts, Retention.DEFAULT, Api.DEFAULTS);
  }

  /** The API's defaults. */
  public SkiffConfig(
      Path home,
      Http http,
      Database database,
      Engine engine,
      ArtifactStoreConfig artifacts,
      Retention retention) {
    this(home, http, database, engine, artifacts, retention, Api.DEFAULTS);
  }

  /**
   * Retention settings ({@code retention.*}).
   *
   * @param policy what is kept where a profile has no override of its own
   * @param interval how often a server applies it
   */
  public record Retention(RetentionPolicy policy, Duration interval) {
    /** Keep everything; a server looks every hour (for profiles' own settings). */
    public static final Retention DEFAULT =
        new Retention(RetentionPolicy.KEEP_ALL, Duration.ofHours(1));

    public Retention {
      Objects.requireNonNull(policy, "policy");
      Objects.requireNonNull(interval, "interval");
    }
  }

  /**
   * Platform API settings.
   *
   * @param maxUploadBytes the largest pipeline file (or package) the API accepts, uploaded or
   *     fetched (default 32 MiB, as KFP)
   * @param packageUrlSchemes the URL schemes a pipeline version's {@code package_url} may use
   *     ({@code file}, {@code http}, {@code https}); none by default
   */
  public record Api(long maxUploadBytes, Set<String> packageUrlSchemes) {
    /** 32 MiB, no package URLs. */
    public static final Api DEFAULTS =
        new Api(CatalogSettings.DEFAULT_MAX_PIPELINE_BYTES, Set.of());

    public Api {
      packageUrlSchemes = Set.copyOf(packageUrlSchemes);
    }

    /** The catalog's settings. */
    public CatalogSettings catalogSettings() {
      return new CatalogSettings(maxUploadBytes, packageUrlSchemes);
    }
  }

  /**
   * Engine settings.
   *
   * @param executor where steps run: {@code local} (processes on this machine)
   * @param leaseTtl how long a process's hold on the runs it drives lasts without a heartbeat:
   *     after a crash on another host, its runs are taken over this long after its last heartbeat
   * @param maxDrivenRuns how many runs one process drives at once; more wait in the database
   * @param maxPendingRuns how many runs may wait before submissions are refused (HTTP 429)
   * @param maxPipelineBytes the largest pipeline file a run may be submitted with (the CLI's {@code
   *     skiff run} and the API; the API's request size limit follows it)
   */
  public record Engine(
      String executor,
      Duration leaseTtl,
      int maxDrivenRuns,
      int maxPendingRuns,
      long maxPipelineBytes) {

    /** Settings with the default limits ({@link RunLimits#defaults()}). */
    public Engine(String executor, Duration leaseTtl) {
      this(
          executor,
          leaseTtl,
          RunLimits.defaultMaxDrivenRuns(),
          RunLimits.DEFAULT_MAX_PENDING_RUNS,
          ParseLimits.DEFAULT_MAX_BYTES);
    }

    /** The limits the engine keeps, with a hint naming the setting in its size message. */
    public RunLimits limits() {
      return new RunLimits(
          maxDrivenRuns,
          maxPendingRuns,
          new ParseLimits(
              maxPipelineBytes,
              "raise it with engine.maxPipelineBytes in skiff.yaml or SKIFF_MAX_PIPELINE_BYTES"));
    }
  }

  /**
   * What the engine is built from.
   *
   * @param takeOverAbandoned whether this process takes over runs whose owner died (a server)
   * @param allowOversubscribe run steps that ask for more than the machine has
   */
  public EngineSettings engineSettings(boolean takeOverAbandoned, boolean allowOversubscribe) {
    return new EngineSettings(
        home,
        engine.executor(),
        allowOversubscribe,
        takeOverAbandoned,
        engine.leaseTtl(),
        Duration.ofSeconds(1),
        artifacts,
        engine.limits());
  }

  /**
   * The database to open: the embedded H2 file under the home unless a URL is configured.
   *
   * @param sharing for the embedded file: {@link DatabaseConfig.Sharing#EXCLUSIVE} for a server
   *     (one server per home), {@link DatabaseConfig.Sharing#SHARED} for CLI commands, which then
   *     work beside a running {@code skiff run} in another terminal
   */
  public DatabaseConfig databaseConfig(DatabaseConfig.Sharing sharing) {
    return database.url() == null
        ? DatabaseConfig.h2File(home, sharing)
        : new DatabaseConfig(database.url(), database.user(), database.password());
  }

  /**
   * HTTP listener settings.
   *
   * @param host interface to bind; {@code 127.0.0.1} by default so a laptop install is not exposed
   * @param port TCP port, 0 picks a free one (tests)
   * @param shutdownTimeout how long a stop waits for in-flight requests before closing them
   */
  public record Http(String host, int port, Duration shutdownTimeout) {}

  /**
   * Database settings. A {@code null} URL means the embedded H2 file database under the home.
   *
   * @param url JDBC URL, e.g. {@code jdbc:postgresql://db:5432/skiff}, or null for embedded H2
   * @param user database user (PostgreSQL), may be null
   * @param password database password, may be null; never printed
   */
  public record Database(String url, String user, String password) {
    @Override
    public String toString() {
      return "Database[url="
          + url
          + ", user="
          + user
          + ", password="
          + (password == null ? "null" : "***")
          + "]";
    }
  }

  /** The folder holding the embedded database files. */
  public Path databaseDir() {
    return home.resolve("db");
  }

  /** The folder holding step artifacts. */
  public Path artifactsDir() {
    return home.resolve("artifacts");
  }

  /** The folder holding server and step logs. */
  public Path logsDir() {
    return home.resolve("logs");
  }
}
