package dev.skiff.bench;

import dev.skiff.server.LocalSetup;
import dev.skiff.server.SkiffServer;
import dev.skiff.server.auth.TokenFile;
import dev.skiff.server.config.SkiffConfig;
import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import dev.skiff.store.StoredExperiment;
import dev.skiff.store.StoredRun;
import dev.skiff.store.StoredTask;
import dev.skiff.testkit.EmbeddedPostgresServer;
import dev.skiff.testkit.PostgresDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * B5: the run API at data scale. {@code runs} finished runs with five tasks each are stored
 * directly through the repository in batches (200,000 runs and 1,000,000 task rows by default),
 * then a real server on that database answers, over loopback HTTP from one client at a time: lists
 * (a page of 50, filtered on state, sorted newest first, first pages and pages deep in the list
 * through their tokens, and an experiment's runs), gets of random runs with their tasks, and
 * creates of a one-step run. Gates (from issue 10): list p99 ≤ 100 ms, get p99 ≤ 20 ms, create p99
 * ≤ 50 ms; the baseline column is the same client's {@code /healthz} round trip. On H2 (the
 * embedded file) and on PostgreSQL (the testkit's embedded server, fsync off).
 */
final class CatalogScaleBench {
  private static final int TASKS_PER_RUN = 5;
  private static final int EXPERIMENTS = 100;
  private static final int BATCH = 5_000;
  private static final Pattern TOKEN = Pattern.compile("\"next_page_token\":\"([^\"]+)\"");
  private static final Pattern RUN_ID = Pattern.compile("\"run_id\":\"([^\"]+)\"");
  private static final Pattern FINISHED =
      Pattern.compile("\"state\":\"(SUCCEEDED|FAILED|CANCELED|SKIPPED)\"");

  /** The smallest document a run's pipeline file may be here: gets read it back as JSON. */
  private static final String SPEC = "{\"pipelineInfo\":{\"name\":\"bench\"}}";

  private static final String CREATE_BODY =
      "{\"display_name\":\"b5 create\",\"pipeline_spec\":{\"pipelineInfo\":{\"name\":\"b5\"},"
          + "\"components\":{\"comp-ok\":{\"executorLabel\":\"exec-ok\"}},"
          + "\"deploymentSpec\":{\"executors\":{\"exec-ok\":{\"container\":{\"image\":\"alpine\","
          + "\"command\":[\"true\"]}}}},"
          + "\"root\":{\"dag\":{\"tasks\":{\"ok\":{\"componentRef\":{\"name\":\"comp-ok\"},"
          + "\"taskInfo\":{\"name\":\"ok\"}}}}},\"schemaVersion\":\"2.1.0\","
          + "\"sdkVersion\":\"kfp-2.15.2\"}}";

  private final Path work;
  private final int runs;
  private final int requests;

  CatalogScaleBench(Path work, int runs, int requests) {
    this.work = work;
    this.runs = runs;
    this.requests = requests;
  }

  void run(Table table) throws Exception {
    String vendors = System.getProperty("skiff.b5.vendors", "H2,PostgreSQL");
    if (vendors.contains("H2")) {
      // -Dskiff.b5.h2Home=DIR keeps the loaded H2 home (and reuses it when it already holds runs):
      // for repeated runs while investigating, not for reported figures.
      String kept = System.getProperty("skiff.b5.h2Home");
      Path h2Home = Files.createDirectories(kept != null ? Path.of(kept) : work.resolve("b5-h2"));
      measure(
          table,
          "H2",
          h2Home,
          new SkiffConfig.Database(null, null, null),
          DatabaseConfig.h2File(h2Home));
    }
    if (!vendors.contains("PostgreSQL")) {
      return;
    }
    PostgresDatabase pg = EmbeddedPostgresServer.shared().createDatabase("b5");
    try {
      Path pgHome = Files.createDirectories(work.resolve("b5-pg"));
      measure(
          table,
          "PostgreSQL",
          pgHome,
          new SkiffConfig.Database(pg.jdbcUrl(), pg.user(), pg.password()),
          new DatabaseConfig(pg.jdbcUrl(), pg.user(), pg.password()));
    } finally {
      EmbeddedPostgresServer.shared().dropDatabase(pg);
    }
  }

  private void measure(
      Table table, String vendor, Path home, SkiffConfig.Database serverDb, DatabaseConfig db)
      throws Exception {
    String profile = LocalSetup.profileNameFor(System.getProperty("user.name", "user"));
    long t0 = System.nanoTime();
    List<String> experimentIds;
    List<String> runIds;
    try (Database database = Database.open(db)) {
      List<String> stored =
          database
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery(
                              "SELECT id FROM experiment WHERE display_name LIKE 'b5-%' ORDER BY display_name")
                          .mapTo(String.class)
                          .list());
      if (stored.size() == EXPERIMENTS) {
        experimentIds = stored;
        runIds =
            database
                .jdbi()
                .withHandle(
                    h ->
                        h.createQuery("SELECT id FROM run WHERE pipeline_name = 'bench'")
                            .mapTo(String.class)
                            .list());
      } else {
        experimentIds = experiments(database, profile);
        runIds = load(database, profile, experimentIds);
      }
      if (vendor.equals("PostgreSQL")) {
        database.jdbi().useHandle(h -> h.execute("VACUUM ANALYZE")); // as autovacuum would
      }
    }
    double loadSeconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        "B5 %s: stored %,d runs and %,d tasks in %.0f s%n",
        vendor, runIds.size(), runIds.size() * TASKS_PER_RUN, loadSeconds);
    SkiffConfig config =
        new SkiffConfig(
            home,
            new SkiffConfig.Http("127.0.0.1", 0, Duration.ofSeconds(5)),
            serverDb,
            new SkiffConfig.Engine("local", Duration.ofSeconds(15)));
    try (SkiffServer server = SkiffServer.start(config);
        HttpClient http = HttpClient.newHttpClient()) {
      Client c = new Client(http, server.url(), TokenFile.read(home).orElseThrow());
      Random random = new Random(5);
      String filter =
          enc(
              "{\"predicates\":[{\"operation\":1,\"key\":\"state\",\"stringValue\":\"SUCCEEDED\"}]}");
      String first =
          "/apis/v2beta1/runs?page_size=50&sort_by=" + enc("created_at desc") + "&filter=" + filter;
      // Warm-up: JIT, pools, the database's caches.
      for (int i = 0; i < 50; i++) {
        c.get("/healthz");
        c.get(first);
        c.get("/apis/v2beta1/runs/" + runIds.get(random.nextInt(runIds.size())));
      }
      Samples health = new Samples();
      Samples list = new Samples();
      Samples[] listKinds = {new Samples(), new Samples(), new Samples()};
      List<Slow> slowest = new ArrayList<>();
      Samples get = new Samples();
      Samples create = new Samples();
      // One kind of request at a time, each after a healthz round trip (the baseline: what the
      // machine and HTTP alone cost at that moment).
      String token = null;
      phase(vendor, "lists");
      for (int i = 0; i < requests; i++) {
        health.addNanos(c.time("/healthz", null));
        // First pages, pages deep in the list (following tokens), and one experiment's runs.
        String path =
            switch (i % 3) {
              case 0 -> first;
              case 1 -> token == null ? first : first + "&page_token=" + enc(token);
              default ->
                  "/apis/v2beta1/runs?page_size=50&sort_by="
                      + enc("created_at desc")
                      + "&filter="
                      + filter
                      + "&experiment_id="
                      + experimentIds.get(random.nextInt(experimentIds.size()));
            };
        long start = System.nanoTime();
        String body = c.get(path);
        long took = System.nanoTime() - start;
        list.addNanos(took);
        listKinds[i % 3].addNanos(took);
        slowest.add(new Slow(took / 1e6, i, path, uptime() - took / 1e9));
        if (i % 3 == 1) {
          Matcher m = TOKEN.matcher(body);
          token = m.find() && i % 60 != 1 ? m.group(1) : null;
        }
      }
      String[] kindNames = {"first page", "deep page (token)", "experiment"};
      for (int k = 0; k < 3; k++) {
        System.out.printf(
            "B5 %s list %-18s n=%d median %.1f ms p99 %.1f ms max %.1f ms%n",
            vendor,
            kindNames[k],
            listKinds[k].count(),
            listKinds[k].median(),
            listKinds[k].p99(),
            listKinds[k].quantile(1.0));
      }
      slowest.sort(java.util.Comparator.comparingDouble(Slow::ms).reversed());
      for (Slow s : slowest.subList(0, Math.min(10, slowest.size()))) {
        System.out.printf(
            "B5 %s slow list #%d (%s) %.1f ms from uptime %.3fs %s%n",
            vendor, s.i(), kindNames[s.i() % 3], s.ms(), s.startUptime(), s.path());
      }
      phase(vendor, "gets");
      for (int i = 0; i < requests; i++) {
        health.addNanos(c.time("/healthz", null));
        get.addNanos(
            c.time("/apis/v2beta1/runs/" + runIds.get(random.nextInt(runIds.size())), null));
      }
      // Creates, bounded: the next one once the run before has finished (each runs a process).
      phase(vendor, "creates");
      for (int i = 0; i < requests / 2; i++) {
        health.addNanos(c.time("/healthz", null));
        long start = System.nanoTime();
        String made = c.send("/apis/v2beta1/runs", CREATE_BODY).body();
        long took = System.nanoTime() - start;
        create.addNanos(took);
        if (took > 30_000_000L) {
          System.out.printf(
              "B5 %s slow create #%d %.1f ms from uptime %.3fs%n",
              vendor, i, took / 1e6, uptime() - took / 1e9);
        }
        Matcher m = RUN_ID.matcher(made);
        if (m.find()) {
          c.awaitFinished(m.group(1));
        }
      }
      phase(vendor, "end");
      String size =
          String.format("%,d runs/%,d tasks", runIds.size(), runIds.size() * TASKS_PER_RUN);
      String base = ms(health.p99());
      table.add(
          gate(
              "B5",
              vendor + " list p99 (page 50, filtered, sorted; " + size + ")",
              base,
              list,
              100));
      table.add(gate("B5", vendor + " get p99 (run with tasks)", base, get, 20));
      table.add(gate("B5", vendor + " create p99 (one-step run)", base, create, 50));
      table.add(
          Row.report(
              "B5",
              vendor + " list/get/create median (healthz p99 " + base + ")",
              ms(list.median()) + " / " + ms(get.median()) + " / " + ms(create.median())));
    }
  }

  /** Where each phase starts, in JVM uptime (as -Xlog:gc::uptime prints it). */
  private static void phase(String vendor, String name) {
    System.out.printf(
        "B5 %s phase %s at uptime %.3fs%n",
        vendor, name, java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
  }

  private static double uptime() {
    return java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
  }

  private static Row gate(String id, String what, String baseline, Samples s, double maxMs) {
    double p99 = s.p99();
    return new Row(
        id,
        what,
        baseline,
        ms(p99),
        "-",
        "KFP list: 5-15 s at scale",
        "p99 <= " + (int) maxMs + " ms",
        p99 <= maxMs);
  }

  private static String ms(double v) {
    return String.format("%.1f ms", v);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static List<String> experiments(Database database, String profile) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < EXPERIMENTS; i++) {
      StoredExperiment e =
          new StoredExperiment(
              UUID.randomUUID().toString(), profile, "b5-" + i, "", null, Instant.now(), null);
      database.experiments().create(e);
      ids.add(e.id());
    }
    return ids;
  }

  /** Stores the runs and their tasks in batches; returns the run ids. */
  private List<String> load(Database database, String profile, List<String> experimentIds) {
    Random random = new Random(42);
    Instant start = Instant.parse("2025-01-01T00:00:00Z");
    String[] states = {
      "SUCCEEDED",
      "SUCCEEDED",
      "SUCCEEDED",
      "SUCCEEDED",
      "SUCCEEDED",
      "SUCCEEDED",
      "SUCCEEDED",
      "FAILED",
      "FAILED",
      "CANCELED"
    };
    List<String> ids = new ArrayList<>(runs);
    List<StoredRun> batch = new ArrayList<>(BATCH);
    List<StoredTask> tasks = new ArrayList<>(BATCH * TASKS_PER_RUN);
    for (int i = 0; i < runs; i++) {
      String id = UUID.randomUUID().toString();
      Instant created = start.plusSeconds(i * 60L);
      Instant done = created.plusSeconds(30 + random.nextInt(300));
      String state = states[random.nextInt(states.length)];
      batch.add(
          new StoredRun(
              id,
              profile,
              "bench",
              "nightly " + (i % 1000),
              SPEC,
              "{\"n\":" + i + "}",
              "{\"cache\":true}",
              state,
              state.equals("FAILED") ? "task 't2' failed" : null,
              created,
              created.plusSeconds(1),
              done,
              experimentIds.get(random.nextInt(experimentIds.size())),
              "",
              null));
      for (int t = 0; t < TASKS_PER_RUN; t++) {
        tasks.add(
            new StoredTask(
                id,
                "t" + t,
                "CONTAINER",
                "t" + t,
                state.equals("SUCCEEDED") ? "SUCCEEDED" : (t < 2 ? "SUCCEEDED" : "FAILED"),
                "{\"parameters\":{}}",
                "{\"parameters\":{\"Output\":\"x\"}}",
                null,
                false,
                null,
                created,
                created.plusSeconds(1 + t),
                done));
      }
      ids.add(id);
      if (batch.size() == BATCH) {
        database.runs().createAll(batch, tasks);
        batch.clear();
        tasks.clear();
      }
    }
    if (!batch.isEmpty()) {
      database.runs().createAll(batch, tasks);
    }
    return ids;
  }

  private record Slow(double ms, int i, String path, double startUptime) {}

  /** One client on loopback, one request at a time. */
  private record Client(HttpClient http, URI server, String token) {
    String get(String path) throws IOException, InterruptedException {
      return send(path, null).body();
    }

    long time(String path, String postBody) throws IOException, InterruptedException {
      long start = System.nanoTime();
      send(path, postBody);
      return System.nanoTime() - start;
    }

    void awaitFinished(String runId) throws IOException, InterruptedException {
      for (int i = 0; i < 600; i++) {
        // The run's own state is the last "state" of the document (tasks come first, by name).
        String body = get("/apis/v2beta1/runs/" + runId);
        Matcher m = FINISHED.matcher(body);
        String last = null;
        while (m.find()) {
          last = m.group(1);
        }
        if (last != null
            && !body.contains("\"state\":\"RUNNING\"")
            && !body.contains("\"state\":\"PENDING\"")) {
          return;
        }
        Thread.sleep(20);
      }
    }

    HttpResponse<String> send(String path, String postBody)
        throws IOException, InterruptedException {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(server.resolve(path)).header("Authorization", "Bearer " + token);
      if (postBody != null) {
        b.header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(postBody));
      }
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
      }
      return r;
    }
  }
}
