package dev.skiff.engine.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.executor.local.LocalExecutorConfig;
import dev.skiff.engine.executor.local.LocalProcessExecutor;
import dev.skiff.engine.executor.local.MachineCapacity;
import dev.skiff.engine.executor.local.notebook.LocalNotebookLauncher;
import dev.skiff.engine.quota.QuotaLedger;
import dev.skiff.engine.quota.QuotaSource;
import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import dev.skiff.store.PrivateFiles;
import dev.skiff.store.Profile;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real notebook service for tests: an H2 file database, a local executor's machine pool (2 GPUs,
 * given by hand), the local launcher running real Jupyter servers, and credentials that write a
 * token file as the server's would.
 */
final class NotebookHarness implements AutoCloseable {
  final Path home;
  final Database database;
  final List<NotebookService> services = new ArrayList<>();
  final List<LocalProcessExecutor> executors = new ArrayList<>();
  NotebookService service;

  NotebookHarness(Path home, NotebookSettings settings) {
    this.home = home;
    this.database = Database.open(DatabaseConfig.h2File(home));
    Instant now = Instant.now();
    database.profiles().createIfAbsent(new Profile("team-a", "ada", "", now));
    database.profiles().createIfAbsent(new Profile("team-b", "bob", "", now));
    this.service = open(settings);
  }

  /** A new service over the same database and home (as after a restart). */
  NotebookService open(NotebookSettings settings) {
    LocalProcessExecutor executor =
        new LocalProcessExecutor(
            LocalExecutorConfig.defaults().withCapacity(MachineCapacity.of(8, 64L << 30, 2)), home);
    executors.add(executor);
    NotebookService s =
        new NotebookService(
                settings,
                database.notebooks(),
                new LocalNotebookLauncher(executor),
                new QuotaLedger(
                    QuotaSource.cached(database.profiles(), Duration.ZERO, Clock.systemUTC())),
                new TokenFileCredentials(),
                home,
                Clock.systemUTC())
            .start();
    services.add(s);
    return s;
  }

  /** Fast settings: culling off, a 60 s start timeout. */
  static NotebookSettings settings() {
    return new NotebookSettings(
        List.of(),
        Duration.ZERO,
        Duration.ofSeconds(1),
        Duration.ofSeconds(60),
        Map.of("extra", Map.of("FROM_CONFIG", "yes")));
  }

  static NotebookSpec spec(String name, int gpus) {
    return new NotebookSpec(
        name,
        "python3",
        0,
        0,
        gpus == 0 ? null : new NotebookSpec.Gpus("nvidia.com/gpu", gpus),
        Map.of("MY_VAR", "hello"),
        List.of(),
        List.of());
  }

  /** Why no Jupyter server can run here, or null. */
  String jupyterMissing() {
    return service.environments().get(0).unavailable().orElse(null);
  }

  Notebook await(String profile, String name, NotebookStatus status, Duration within) {
    Instant deadline = Instant.now().plus(within);
    Notebook n =
        service.get(dev.skiff.engine.catalog.Requester.local("ada", profile), profile, name);
    while (n.status() != status
        && (n.status() != NotebookStatus.FAILED || status == NotebookStatus.STOPPED)
        && Instant.now().isBefore(deadline)) {
      sleep(100);
      n = service.get(dev.skiff.engine.catalog.Requester.local("ada", profile), profile, name);
    }
    assertThat(n.status()).as("%s: %s", name, n.reason()).isEqualTo(status);
    return n;
  }

  static void awaitTrue(BooleanSupplier check, Duration within, String what) {
    Instant deadline = Instant.now().plus(within);
    while (!check.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("not within " + within + ": " + what);
      }
      sleep(100);
    }
  }

  /** The pid in a notebook's stored handle. */
  long pid(String profile, String name) {
    String handle = database.notebooks().find(profile, name).orElseThrow().handle();
    assertThat(handle).as("handle of " + name).isNotNull();
    Matcher m = Pattern.compile("\"pid\":(\\d+)").matcher(handle);
    assertThat(m.find()).isTrue();
    return Long.parseLong(m.group(1));
  }

  /** An environment variable of a running process. */
  static String environ(long pid, String name) throws IOException {
    String env = Files.readString(Path.of("/proc/" + pid + "/environ"));
    for (String kv : env.split("\0")) {
      if (kv.startsWith(name + "=")) {
        return kv.substring(name.length() + 1);
      }
    }
    return null;
  }

  static HttpResponse<String> get(NotebookEndpoint e, String path) throws Exception {
    return send(HttpRequest.newBuilder(e.base().resolve(path)).GET(), e);
  }

  static HttpResponse<String> send(HttpRequest.Builder b, NotebookEndpoint e) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
          b.header("Authorization", "token " + e.token()).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    // delete what is left, so that no test leaves a server running
    for (NotebookService s : services) {
      try {
        for (String p : List.of("team-a", "team-b")) {
          s.removeProfile(p);
        }
      } catch (RuntimeException e) {
        // closed already
      }
      s.close();
    }
    executors.forEach(LocalProcessExecutor::close);
    database.close();
  }

  /** Writes a token file, as the server's credentials do. */
  static final class TokenFileCredentials implements NotebookCredentials {
    @Override
    public Map<String, String> issue(String profile, String name, String user, Path dir) {
      Path file = dir.resolve("token");
      try {
        PrivateFiles.writeString(file, "token-of-" + profile);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return Map.of(
          "KF_PIPELINES_ENDPOINT",
          "http://127.0.0.1:1",
          "KF_PIPELINES_SA_TOKEN_PATH",
          file.toString());
    }

    @Override
    public void revoke(String profile, String name) {}
  }
}
