package dev.skiff.bench;

import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load benchmark: {@code clients} concurrent clients submit runs of a two-step pipeline over
 * loopback HTTP to a real server in its own JVM for {@code duration}, retrying after a 429 as its
 * {@code Retry-After} says; then the backlog is left to finish (up to {@code drain}), the server is
 * stopped, and its store is audited: every accepted run must be there and finished (none lost), and
 * no step's process may have been started twice. The server's peak RSS and GC time come from the
 * server itself ({@code /proc} and {@code /metrics}).
 */
final class LoadRun {
  /** Two steps: the first writes the run's tag, the second reads it. */
  static final String PIPELINE =
      """
      components:
        comp-make:
          executorLabel: exec-make
          inputDefinitions:
            parameters:
              tag: {parameterType: STRING}
          outputDefinitions:
            parameters:
              Output: {parameterType: STRING}
        comp-use:
          executorLabel: exec-use
          inputDefinitions:
            parameters:
              got: {parameterType: STRING}
          outputDefinitions:
            parameters:
              Output: {parameterType: STRING}
      deploymentSpec:
        executors:
          exec-make:
            container:
              image: alpine:3.20
              command: [sh, -c, 'printf "%s" "$0" > "$1"']
              args: ['{{$.inputs.parameters[''tag'']}}', '{{$.outputs.parameters[''Output''].output_file}}']
          exec-use:
            container:
              image: alpine:3.20
              command: [sh, -c, 'printf "%s!" "$0" > "$1"']
              args: ['{{$.inputs.parameters[''got'']}}', '{{$.outputs.parameters[''Output''].output_file}}']
      pipelineInfo:
        name: load-two-steps
      root:
        dag:
          tasks:
            make:
              cachingOptions: {enableCache: false}
              componentRef: {name: comp-make}
              inputs:
                parameters:
                  tag: {componentInputParameter: tag}
              taskInfo: {name: make}
            use:
              cachingOptions: {enableCache: false}
              componentRef: {name: comp-use}
              dependentTasks: [make]
              inputs:
                parameters:
                  got:
                    taskOutputParameter: {outputParameterKey: Output, producerTask: make}
              taskInfo: {name: use}
        inputDefinitions:
          parameters:
            tag: {parameterType: STRING}
      schemaVersion: 2.1.0
      sdkVersion: kfp-2.14.6
      """;

  private static final Pattern RUN_ID = Pattern.compile("\"run_id\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern GAUGE = Pattern.compile("(?m)^(skiff_runs_\\w+) ([0-9.eE+-]+)$");
  private static final Pattern GC_SUM =
      Pattern.compile("(?m)^jvm_gc_pause_seconds_sum\\{([^}]*)} ([0-9.eE+-]+)$");
  private static final Pattern GC_COUNT =
      Pattern.compile("(?m)^jvm_gc_pause_seconds_count\\{([^}]*)} ([0-9.eE+-]+)$");

  /**
   * What to run.
   *
   * @param work a scratch folder (the server's home goes under it)
   * @param clients concurrent clients
   * @param duration how long they submit
   * @param drain how long the backlog may take to finish afterwards
   * @param heap the server's {@code -Xmx}
   * @param dbUrl a PostgreSQL URL, or null for the embedded H2
   * @param maxPendingRuns the server's {@code engine.maxPendingRuns}, or 0 for its default
   */
  record Options(
      Path work,
      int clients,
      Duration duration,
      Duration drain,
      String heap,
      String dbUrl,
      String dbUser,
      String dbPassword,
      int maxPendingRuns) {}

  private final Options o;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  LoadRun(Options options) {
    this.o = options;
  }

  LoadFigures run() throws Exception {
    String store = o.dbUrl() == null ? "h2" : "postgresql";
    Path home =
        Files.createDirectories(o.work().resolve("load-" + store + "-" + System.nanoTime()));
    Process server = startServer(home);
    try {
      URI url = awaitReady(server, home);
      String token = Files.readString(home.resolve("token")).strip();
      List<String> accepted = Collections.synchronizedList(new ArrayList<>());
      ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
      AtomicLong refused = new AtomicLong();
      AtomicLong failed = new AtomicLong();
      long start = System.nanoTime();
      long deadline = start + o.duration().toNanos();
      List<Thread> clients = new ArrayList<>();
      for (int c = 0; c < o.clients(); c++) {
        int client = c;
        clients.add(
            Thread.ofPlatform()
                .name("load-client-" + c)
                .start(
                    () ->
                        submitUntil(
                            url, token, client, deadline, accepted, latencies, refused, failed)));
      }
      for (Thread t : clients) {
        t.join();
      }
      long submitted = System.nanoTime();
      boolean drained = awaitDrained(url, submitted + o.drain().toNanos());
      long end = System.nanoTime();
      long peakRss = peakRssMib(server.pid());
      String metrics = get(url.resolve("/metrics"), null);
      double gcSeconds = sum(GC_SUM, metrics, null);
      long fullGcs = (long) sum(GC_COUNT, metrics, "action=\"end of major GC\"");
      stop(server);

      Audit audit = audit(home, Set.copyOf(accepted));
      List<Long> sorted = new ArrayList<>(latencies);
      Collections.sort(sorted);
      return new LoadFigures(
          store,
          o.clients(),
          o.duration().toSeconds(),
          accepted.size(),
          refused.get(),
          failed.get(),
          audit.finished(),
          audit.succeeded(),
          accepted.size() - audit.finished(), // missing from the store, or never finished
          audit.stepsTwice(),
          percentile(sorted, 0.50),
          percentile(sorted, 0.99),
          peakRss,
          gcSeconds,
          fullGcs,
          audit.succeededSteps() / ((end - start) / 1e9),
          drained ? (end - submitted) / 1e9 : Double.NaN,
          audit.storeMib());
    } finally {
      if (server.isAlive()) {
        server.destroyForcibly();
      }
    }
  }

  private Process startServer(Path home) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Tools.java(),
                "-Xmx" + o.heap(),
                "-cp",
                System.getProperty("java.class.path"),
                LoadServerMain.class.getName(),
                "--home",
                home.toString()));
    if (o.dbUrl() != null) {
      command.addAll(List.of("--db", o.dbUrl(), "--db-user", o.dbUser()));
      command.addAll(List.of("--db-password", o.dbPassword() == null ? "" : o.dbPassword()));
    }
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("SKIFF_LOG_LEVEL", "WARN");
    if (o.maxPendingRuns() > 0) {
      pb.environment().put("SKIFF_MAX_PENDING_RUNS", Integer.toString(o.maxPendingRuns()));
    }
    return pb.start();
  }

  private static URI awaitReady(Process server, Path home) throws IOException {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith("READY ")) {
        // Keep reading its output, so that the server never blocks on a full pipe.
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    Path log = home.resolve("server.out");
                    for (String l = out.readLine(); l != null; l = out.readLine()) {
                      Files.writeString(
                          log,
                          l + "\n",
                          java.nio.file.StandardOpenOption.CREATE,
                          java.nio.file.StandardOpenOption.APPEND);
                    }
                  } catch (IOException e) {
                    // the server went away
                  }
                });
        return URI.create(line.substring(6).strip());
      }
    }
    throw new IOException("the load server ended before it was ready");
  }

  private void submitUntil(
      URI url,
      String token,
      int client,
      long deadline,
      List<String> accepted,
      ConcurrentLinkedQueue<Long> latencies,
      AtomicLong refused,
      AtomicLong failed) {
    URI runs = url.resolve("/apis/v2beta1/runs");
    int n = 0;
    while (System.nanoTime() < deadline) {
      String body =
          "{\"display_name\":\"load\",\"pipeline_spec\":"
              + jsonString(PIPELINE)
              + ",\"runtime_config\":{\"parameters\":{\"tag\":\"c"
              + client
              + "-"
              + n++
              + "\"}}}";
      long t0 = System.nanoTime();
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(runs)
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        long took = System.nanoTime() - t0;
        if (r.statusCode() == 200) {
          Matcher m = RUN_ID.matcher(r.body());
          if (m.find()) {
            accepted.add(m.group(1));
            latencies.add(took);
            continue;
          }
        }
        if (r.statusCode() == 429) {
          refused.incrementAndGet();
          long wait = r.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L);
          Thread.sleep(Math.min(TimeUnit.SECONDS.toMillis(wait), remainingMs(deadline)));
          continue;
        }
        failed.incrementAndGet();
      } catch (IOException e) {
        failed.incrementAndGet();
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static long remainingMs(long deadline) {
    return Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
  }

  /** Until the server drives and holds no run any more (twice in a row), or the deadline. */
  private boolean awaitDrained(URI url, long deadline) throws Exception {
    int idle = 0;
    while (System.nanoTime() < deadline) {
      Map<String, Double> g = gauges(get(url.resolve("/metrics"), null));
      if (g.getOrDefault("skiff_runs_driven", 1.0) == 0
          && g.getOrDefault("skiff_runs_waiting", 1.0) == 0) {
        if (++idle == 2) {
          return true;
        }
      } else {
        idle = 0;
      }
      Thread.sleep(1_000);
    }
    return false;
  }

  private String get(URI uri, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private static Map<String, Double> gauges(String metrics) {
    Map<String, Double> out = new HashMap<>();
    Matcher m = GAUGE.matcher(metrics);
    while (m.find()) {
      out.put(m.group(1), Double.parseDouble(m.group(2)));
    }
    return out;
  }

  private static double sum(Pattern p, String metrics, String labelFilter) {
    double total = 0;
    Matcher m = p.matcher(metrics);
    while (m.find()) {
      if (labelFilter == null || m.group(1).contains(labelFilter)) {
        total += Double.parseDouble(m.group(2));
      }
    }
    return total;
  }

  /** The process's peak resident set (VmHWM), in MiB; 0 where /proc is not there. */
  static long peakRssMib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D+", "")) / 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux
    }
    return 0;
  }

  private static void stop(Process server) throws InterruptedException {
    server.destroy(); // SIGTERM: a graceful stop
    if (!server.waitFor(60, TimeUnit.SECONDS)) {
      server.destroyForcibly();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** What the store holds about the accepted runs. */
  private record Audit(
      long missing,
      long finished,
      long succeeded,
      long succeededSteps,
      long stepsTwice,
      double storeMib) {}

  private Audit audit(Path home, Set<String> accepted) {
    DatabaseConfig config =
        o.dbUrl() == null
            ? DatabaseConfig.h2File(home, DatabaseConfig.Sharing.EXCLUSIVE)
            : new DatabaseConfig(o.dbUrl(), o.dbUser(), o.dbPassword());
    try (Database db = Database.open(config)) {
      return db.jdbi()
          .withHandle(
              h -> {
                Map<String, String> states = new HashMap<>();
                h.createQuery("SELECT id, state FROM run")
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                    .forEach(e -> states.put(e.getKey(), e.getValue()));
                long missing = 0;
                long finished = 0;
                long succeeded = 0;
                for (String id : accepted) {
                  String s = states.get(id);
                  if (s == null) {
                    missing++;
                  } else if (!Set.of("PENDING", "RUNNING", "CANCELING").contains(s)) {
                    finished++;
                    if (s.equals("SUCCEEDED")) {
                      succeeded++;
                    }
                  }
                }
                long steps =
                    h.createQuery("SELECT COUNT(*) FROM task WHERE state = 'SUCCEEDED'")
                        .mapTo(Long.class)
                        .one();
                long twice =
                    h.createQuery(
                            "SELECT COUNT(*) FROM (SELECT run_id, path FROM task_attempt"
                                + " WHERE handle IS NOT NULL GROUP BY run_id, path"
                                + " HAVING COUNT(*) > 1) t")
                        .mapTo(Long.class)
                        .one();
                double mib =
                    o.dbUrl() == null
                        ? sizeMib(home.resolve("db/skiff.mv.db"))
                        : h.createQuery("SELECT pg_database_size(current_database())")
                                .mapTo(Long.class)
                                .one()
                            / 1048576.0;
                return new Audit(missing, finished, succeeded, steps, twice, mib);
              });
    }
  }

  private static double sizeMib(Path file) {
    try {
      return Files.size(file) / 1048576.0;
    } catch (IOException e) {
      return Double.NaN;
    }
  }

  private static double percentile(List<Long> sortedNanos, double q) {
    if (sortedNanos.isEmpty()) {
      return Double.NaN;
    }
    int i = (int) Math.min(sortedNanos.size() - 1, Math.ceil(q * sortedNanos.size()) - 1);
    return sortedNanos.get(Math.max(0, i)) / 1e6;
  }

  /** A JSON string literal. */
  static String jsonString(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
