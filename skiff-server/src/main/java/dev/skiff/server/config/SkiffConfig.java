package dev.skiff.server.config;

import dev.skiff.engine.EngineSettings;
import dev.skiff.engine.catalog.CatalogSettings;
import dev.skiff.store.DatabaseConfig;
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
 * @param api what the platform API accepts (upload size, package URLs)
 */
public record SkiffConfig(Path home, Http http, Database database, Engine engine, Api api) {

  public SkiffConfig {
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(engine, "engine");
    api = api == null ? Api.DEFAULTS : api;
  }

  /** A configuration with the API's defaults. */
  public SkiffConfig(Path home, Http http, Database database, Engine engine) {
    this(home, http, database, engine, Api.DEFAULTS);
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
   */
  public record Engine(String executor, Duration leaseTtl) {}

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
        Duration.ofSeconds(1));
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
