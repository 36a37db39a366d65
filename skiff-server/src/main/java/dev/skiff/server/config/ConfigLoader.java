package dev.skiff.server.config;

import dev.skiff.engine.EngineSettings;
import dev.skiff.engine.catalog.CatalogSettings;
import dev.skiff.engine.drive.RunLimits;
import dev.skiff.engine.retention.RetentionPolicy;
import dev.skiff.kubernetes.KubernetesSettings;
import dev.skiff.pipeline.ParseLimits;
import dev.skiff.store.ProfileRetention;
import dev.skiff.store.artifact.ArtifactStoreConfig;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a {@link SkiffConfig} from, in increasing precedence: built-in defaults, the YAML file
 * ({@code --config FILE}, else {@code $SKIFF_CONFIG}, else {@code $SKIFF_HOME/skiff.yaml} when it
 * exists), environment variables ({@code SKIFF_HOST}, {@code SKIFF_PORT}, {@code SKIFF_DB_URL},
 * {@code SKIFF_DB_USER}, {@code SKIFF_DB_PASSWORD}, {@code SKIFF_MAX_DRIVEN_RUNS}, {@code
 * SKIFF_MAX_PENDING_RUNS}, {@code SKIFF_MAX_PIPELINE_BYTES}, {@code SKIFF_RETENTION_RUN_DAYS}, ...,
 * the artifact store's in {@link ArtifactStoreSettings}) and command-line flags.
 *
 * <p>Every value is validated here; a bad one throws {@link ConfigException} naming the key and
 * where it came from.
 */
public final class ConfigLoader {

  /** Default HTTP port, as Kubeflow's local port-forward examples use. */
  public static final int DEFAULT_PORT = 8080;

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

  private static final Set<String> KNOWN_KEYS = knownKeys();

  private static Set<String> knownKeys() {
    Set<String> keys = new java.util.HashSet<>(AuthSettingsLoader.KEYS);
    keys.addAll(NotebookSettingsLoader.KEYS);
    keys.addAll(KubernetesSettingsLoader.KEYS);
    keys.addAll(
        Set.of(
            "server.host",
            "server.port",
            "server.shutdownTimeout",
            "database.url",
            "database.user",
            "database.password",
            "engine.executor",
            "engine.leaseTtl",
            "artifacts.store",
            "artifacts.s3.endpoint",
            "artifacts.s3.region",
            "artifacts.s3.bucket",
            "artifacts.s3.prefix",
            "artifacts.s3.pathStyle",
            "artifacts.s3.accessKeyId",
            "artifacts.s3.secretAccessKey",
            "artifacts.s3.schemes",
            "retention.runDays",
            "retention.logDays",
            "retention.runsPerPipeline",
            "retention.interval",
            "engine.maxDrivenRuns",
            "engine.maxPendingRuns",
            "engine.maxPipelineBytes",
            "api.maxUploadSize",
            "api.packageUrlSchemes"));
    return Set.copyOf(keys);
  }

  /** The known keys as the unknown-key error lists them (the notebook lists by their prefix). */
  private static List<String> knownKeyNames() {
    List<String> names = new java.util.ArrayList<>(KNOWN_KEYS);
    names.add(NotebookSettingsLoader.ENVIRONMENTS);
    names.add(NotebookSettingsLoader.CONFIGURATIONS);
    return names.stream().sorted().toList();
  }

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:\\-\\[\\]]+");
  private static final Pattern SIZE =
      Pattern.compile("(\\d+)\\s*(|b|k|kb|kib|m|mb|mib|g|gb|gib)", Pattern.CASE_INSENSITIVE);

  /**
   * Values given on the command line; null means "not given".
   *
   * @param home {@code --home}
   * @param configFile {@code --config}
   * @param host {@code --host}
   * @param port {@code --port}
   * @param dbUrl {@code --db}
   * @param dbUser {@code --db-user}
   * @param dbPassword {@code --db-password}
   */
  public record Overrides(
      Path home,
      Path configFile,
      String host,
      Integer port,
      String dbUrl,
      String dbUser,
      String dbPassword) {
    /** No command-line overrides. */
    public static Overrides none() {
      return new Overrides(null, null, null, null, null, null, null);
    }
  }

  private ConfigLoader() {}

  /** Loads and validates the configuration. */
  public static SkiffConfig load(Overrides cli, Map<String, String> env) {
    Path home = resolveHome(cli, env);
    Map<String, FlatYaml.Entry> file = Map.of();
    String fileName = null;
    Path configFile = configFile(cli, env, home);
    if (configFile != null) {
      file = FlatYaml.read(configFile, Set.of(NotebookSettingsLoader.ENVIRONMENTS));
      fileName = configFile.getFileName().toString();
      for (var e : file.entrySet()) {
        if (!KNOWN_KEYS.contains(e.getKey()) && !NotebookSettingsLoader.isStructured(e.getKey())) {
          throw new ConfigException(
              fileName
                  + ":"
                  + e.getValue().line()
                  + ": unknown setting '"
                  + e.getKey()
                  + "' (known: "
                  + String.join(", ", knownKeyNames())
                  + ")");
        }
      }
    }
    Sources s = new Sources(file, fileName, env);

    Value host = s.pick(cli.host(), "SKIFF_HOST", "server.host", DEFAULT_HOST);
    if (!HOST.matcher(host.value()).matches()) {
      throw s.bad(host, "must be a host name or IP address");
    }
    Value portValue =
        s.pick(
            cli.port() == null ? null : cli.port().toString(),
            "SKIFF_PORT",
            "server.port",
            Integer.toString(DEFAULT_PORT));
    int port = parsePort(s, portValue);
    Value timeoutValue = s.pick(null, "SKIFF_SHUTDOWN_TIMEOUT", "server.shutdownTimeout", "10s");
    Duration shutdownTimeout = parseDuration(s, timeoutValue);

    Value url = s.pick(cli.dbUrl(), "SKIFF_DB_URL", "database.url", null);
    if (url.value() != null
        && !url.value().startsWith("jdbc:postgresql:")
        && !url.value().startsWith("jdbc:h2:")) {
      throw s.bad(
          url,
          "unsupported database URL '"
              + url.value()
              + "'; use jdbc:postgresql://HOST:PORT/DB, or leave it unset for the embedded H2");
    }
    String user = s.pick(cli.dbUser(), "SKIFF_DB_USER", "database.user", null).value();
    String password =
        s.pick(cli.dbPassword(), "SKIFF_DB_PASSWORD", "database.password", null).value();

    Value executor = s.pick(null, "SKIFF_EXECUTOR", "engine.executor", EngineSettings.LOCAL);
    if (!EngineSettings.EXECUTORS.contains(executor.value())) {
      throw s.bad(
          executor,
          "unknown executor '"
              + executor.value()
              + "'; this build has: "
              + String.join(", ", EngineSettings.EXECUTORS.stream().sorted().toList()));
    }
    Value leaseValue = s.pick(null, "SKIFF_LEASE_TTL", "engine.leaseTtl", "15s");
    Duration leaseTtl = parseDuration(s, leaseValue);
    if (leaseTtl.compareTo(Duration.ofSeconds(3)) < 0) {
      throw s.bad(leaseValue, "must be at least 3s (leases are renewed every second)");
    }

    int maxDriven =
        parseCount(
            s,
            s.pick(
                null,
                "SKIFF_MAX_DRIVEN_RUNS",
                "engine.maxDrivenRuns",
                Integer.toString(RunLimits.defaultMaxDrivenRuns())),
            1,
            100_000);
    int maxPending =
        parseCount(
            s,
            s.pick(
                null,
                "SKIFF_MAX_PENDING_RUNS",
                "engine.maxPendingRuns",
                Integer.toString(RunLimits.DEFAULT_MAX_PENDING_RUNS)),
            0,
            100_000_000);
    long maxPipeline =
        parseSize(
            s,
            s.pick(
                null,
                "SKIFF_MAX_PIPELINE_BYTES",
                "engine.maxPipelineBytes",
                Long.toString(ParseLimits.DEFAULT_MAX_BYTES)));
    Value uploadValue = s.pick(null, "SKIFF_MAX_UPLOAD_SIZE", "api.maxUploadSize", "32MiB");
    long maxUpload = parseSize(s, uploadValue);
    Value schemesValue = s.pick(null, "SKIFF_PACKAGE_URL_SCHEMES", "api.packageUrlSchemes", "");
    Set<String> schemes = new java.util.TreeSet<>();
    for (String scheme : schemesValue.value().split("[,\\s]+")) {
      if (scheme.isBlank()) {
        continue;
      }
      String lower = scheme.strip().toLowerCase(java.util.Locale.ROOT);
      if (!CatalogSettings.SCHEMES.contains(lower)) {
        throw s.bad(
            schemesValue,
            "unknown URL scheme '" + scheme + "'; allowed: file, http, https (comma-separated)");
      }
      schemes.add(lower);
    }

    ArtifactStoreConfig artifacts = ArtifactStoreSettings.load(s);
    KubernetesSettings kubernetes =
        executor.value().equals(EngineSettings.KUBERNETES)
            ? KubernetesSettingsLoader.load(s, executor, artifacts)
            : null;
    return new SkiffConfig(
        home,
        new SkiffConfig.Http(host.value(), port, shutdownTimeout),
        new SkiffConfig.Database(url.value(), user, password),
        new SkiffConfig.Engine(executor.value(), leaseTtl, maxDriven, maxPending, maxPipeline),
        artifacts,
        retention(s),
        new SkiffConfig.Api(maxUpload, schemes),
        auth(s, host),
        NotebookSettingsLoader.load(s),
        kubernetes);
  }

  /**
   * The {@code auth.*} settings. Local mode serves one user with the home's token, so it listens on
   * loopback only: another address needs a real sign-in mode.
   */
  private static AuthSettings auth(Sources s, Value host) {
    AuthSettings auth = AuthSettingsLoader.load(s);
    if (auth.mode() == AuthSettings.Mode.LOCAL && !isLoopback(host.value())) {
      throw s.bad(
          host,
          "'"
              + host.value()
              + "' is reachable from other machines, and auth.mode local serves one user with"
              + " no sign-in; set auth.mode to oidc, iap or proxy (see the README's"
              + " 'Sign-in' section) or listen on 127.0.0.1");
    }
    return auth;
  }

  private static boolean isLoopback(String host) {
    String h = host.strip().toLowerCase(java.util.Locale.ROOT);
    return h.equals("localhost")
        || h.startsWith("127.")
        || h.equals("::1")
        || h.equals("[::1]")
        || h.equals("0:0:0:0:0:0:0:1");
  }

  /** The {@code retention.*} settings: days and counts, 0 (the default) for no limit. */
  private static SkiffConfig.Retention retention(Sources s) {
    int runDays = parseLimit(s, s.pick(null, "SKIFF_RETENTION_RUN_DAYS", "retention.runDays", "0"));
    int logDays = parseLimit(s, s.pick(null, "SKIFF_RETENTION_LOG_DAYS", "retention.logDays", "0"));
    int perPipeline =
        parseLimit(
            s, s.pick(null, "SKIFF_RETENTION_RUNS_PER_PIPELINE", "retention.runsPerPipeline", "0"));
    Value intervalValue = s.pick(null, "SKIFF_RETENTION_INTERVAL", "retention.interval", "1h");
    Duration interval = parseDuration(s, intervalValue);
    if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw s.bad(intervalValue, "must be at least 1s");
    }
    return new SkiffConfig.Retention(new RetentionPolicy(runDays, logDays, perPipeline), interval);
  }

  private static int parseLimit(Sources s, Value v) {
    try {
      int n = Integer.parseInt(v.value().strip());
      if (n >= 0 && n <= ProfileRetention.MAX_VALUE) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below with the key's name
    }
    throw s.bad(
        v,
        "must be a whole number from 0 (no limit) to "
            + ProfileRetention.MAX_VALUE
            + ", got '"
            + v.value()
            + "'");
  }

  private static Path resolveHome(Overrides cli, Map<String, String> env) {
    if (cli.home() != null) {
      return cli.home().toAbsolutePath().normalize();
    }
    String fromEnv = env.get("SKIFF_HOME");
    if (fromEnv != null && !fromEnv.isBlank()) {
      try {
        return Path.of(fromEnv).toAbsolutePath().normalize();
      } catch (InvalidPathException e) {
        throw new ConfigException("SKIFF_HOME: not a valid path: '" + fromEnv + "'");
      }
    }
    return Path.of(System.getProperty("user.home"), ".skiff");
  }

  private static Path configFile(Overrides cli, Map<String, String> env, Path home) {
    if (cli.configFile() != null) {
      if (!Files.isRegularFile(cli.configFile())) {
        throw new ConfigException("--config: no such file: " + cli.configFile());
      }
      return cli.configFile();
    }
    String fromEnv = env.get("SKIFF_CONFIG");
    if (fromEnv != null && !fromEnv.isBlank()) {
      Path p = Path.of(fromEnv);
      if (!Files.isRegularFile(p)) {
        throw new ConfigException("SKIFF_CONFIG: no such file: " + fromEnv);
      }
      return p;
    }
    Path inHome = home.resolve("skiff.yaml");
    return Files.isRegularFile(inHome) ? inHome : null;
  }

  private static int parsePort(Sources s, Value v) {
    try {
      int port = Integer.parseInt(v.value().strip());
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below with the key's name
    }
    throw s.bad(v, "must be a port number 0..65535, got '" + v.value() + "'");
  }

  private static int parseCount(Sources s, Value v, int min, int max) {
    try {
      int n = Integer.parseInt(v.value().strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below with the key's name
    }
    throw s.bad(
        v, "must be a whole number from " + min + " to " + max + ", got '" + v.value() + "'");
  }

  /** A size in bytes: {@code 33554432}, {@code 32MiB}, {@code 64m}, {@code 1g} (units of 1024). */
  private static long parseSize(Sources s, Value v) {
    Matcher m = SIZE.matcher(v.value().strip());
    if (m.matches()) {
      int shift =
          switch (m.group(2).toLowerCase(java.util.Locale.ROOT)) {
            case "k", "kb", "kib" -> 10;
            case "m", "mb", "mib" -> 20;
            case "g", "gb", "gib" -> 30;
            default -> 0;
          };
      try {
        long n = Long.parseLong(m.group(1));
        if (n >= 1 && n <= (MAX_PIPELINE_BYTES >> shift)) {
          return n << shift;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw s.bad(
        v,
        "must be a size from 1 byte to 1 GiB such as 33554432, 32MiB or 64m, got '"
            + v.value()
            + "'");
  }

  /** The largest pipeline limit accepted: far beyond any real pipeline, within an int array. */
  private static final long MAX_PIPELINE_BYTES = 1L << 30;

  /** A duration: {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}. */
  static Duration parseDuration(Sources s, Value v) {
    Matcher m = DURATION.matcher(v.value().strip());
    if (!m.matches()) {
      throw s.bad(v, "must be a duration like 500ms, 10s, 2m or 1h, got '" + v.value() + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  /** A chosen value and a human description of where it came from, for error messages. */
  record Value(String value, String origin) {}

  /** The file's values and the environment, and how to report a bad one. */
  record Sources(Map<String, FlatYaml.Entry> file, String fileName, Map<String, String> env) {
    Value pick(String cli, String envName, String fileKey, String fallback) {
      if (cli != null) {
        return new Value(cli, "--" + flagFor(fileKey));
      }
      String e = env.get(envName);
      if (e != null && !e.isEmpty()) {
        return new Value(e, envName);
      }
      FlatYaml.Entry f = file.get(fileKey);
      if (f != null && f.value() != null) {
        return new Value(f.value(), fileName + ":" + f.line() + ": " + fileKey);
      }
      return new Value(fallback, fileKey);
    }

    ConfigException bad(Value v, String problem) {
      return new ConfigException(v.origin() + ": " + problem);
    }

    private static String flagFor(String key) {
      return switch (key) {
        case "database.url" -> "db";
        case "database.user" -> "db-user";
        case "database.password" -> "db-password";
        default -> key.substring(key.indexOf('.') + 1);
      };
    }
  }
}
