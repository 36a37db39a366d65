package dev.skiff.bench;

import dev.skiff.server.LocalSetup;
import dev.skiff.server.SkiffServer;
import dev.skiff.server.auth.TokenFile;
import dev.skiff.server.config.SkiffConfig;
import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import dev.skiff.store.StoredExperiment;
import dev.skiff.store.StoredRun;
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
 * B13: the dashboard's runs page at data scale. {@code runs} finished runs (default 10,000) are
 * stored directly through the repository (no pipeline runs), then a real server on that H2 home
 * answers, over loopback HTTP from one client at a time, {@code GET /p/{profile}/runs} as a browser
 * asks for it (the whole HTML page: the list query, the experiments for the filter, the template):
 * first pages, filtered pages (state and name), and second pages through the page's own "Next"
 * link. The baseline, interleaved with it, is the same page of the API ({@code GET
 * /apis/v2beta1/runs}, same size, order and filter), i.e. what the store's query and JSON cost; the
 * ratio shows what the page adds. Gate: page p99 ≤ 200 ms (issue 12).
 */
final class RunsPageBench {
  private static final int EXPERIMENTS = 20;
  private static final int BATCH = 5_000;
  private static final Pattern NEXT = Pattern.compile("rel=\"next\" href=\"([^\"]+)\"");
  private static final String SPEC = "{\"pipelineInfo\":{\"name\":\"bench\"}}";

  private final Path work;
  private final int runs;
  private final int requests;

  RunsPageBench(Path work, int runs, int requests) {
    this.work = work;
    this.runs = runs;
    this.requests = requests;
  }

  void run(Table table) throws Exception {
    Path home = Files.createDirectories(work.resolve("b13-h2"));
    String profile = LocalSetup.profileNameFor(System.getProperty("user.name", "user"));
    long t0 = System.nanoTime();
    try (Database database = Database.open(DatabaseConfig.h2File(home))) {
      load(database, profile);
    }
    System.out.printf("B13: stored %,d runs in %.1f s%n", runs, (System.nanoTime() - t0) / 1e9);
    SkiffConfig config =
        new SkiffConfig(
            home,
            new SkiffConfig.Http("127.0.0.1", 0, Duration.ofSeconds(5)),
            new SkiffConfig.Database(null, null, null),
            new SkiffConfig.Engine("local", Duration.ofSeconds(15)));
    try (SkiffServer server = SkiffServer.start(config);
        HttpClient http = HttpClient.newHttpClient()) {
      Client c = new Client(http, server.url(), TokenFile.read(home).orElseThrow());
      String page = "/p/" + profile + "/runs";
      String filtered = page + "?state=FAILED&name=" + enc("nightly 1");
      String api =
          "/apis/v2beta1/runs?namespace="
              + profile
              + "&page_size=20&sort_by="
              + enc("created_at desc")
              + "&filter="
              + enc(
                  "{\"predicates\":[{\"operation\":\"EQUALS\",\"key\":\"storage_state\","
                      + "\"string_value\":\"AVAILABLE\"}]}");
      String apiFiltered =
          "/apis/v2beta1/runs?namespace="
              + profile
              + "&page_size=20&sort_by="
              + enc("created_at desc")
              + "&filter="
              + enc(
                  "{\"predicates\":[{\"operation\":\"EQUALS\",\"key\":\"storage_state\","
                      + "\"string_value\":\"AVAILABLE\"},{\"operation\":\"EQUALS\","
                      + "\"key\":\"state\",\"string_value\":\"FAILED\"},{\"operation\":"
                      + "\"IS_SUBSTRING\",\"key\":\"display_name\",\"string_value\":"
                      + "\"nightly 1\"}]}");
      String first = c.get(page);
      if (!first.contains("data-run=")) {
        throw new IllegalStateException("the runs page lists no runs: " + first);
      }
      Matcher m = NEXT.matcher(first);
      String second = m.find() ? m.group(1).replace("&amp;", "&") : page;
      // Warm-up: JIT, pools, the database's caches.
      for (int i = 0; i < 100; i++) {
        c.get(api);
        c.get(page);
        c.get(apiFiltered);
        c.get(filtered);
      }
      Samples baseFirst = new Samples();
      Samples pageFirst = new Samples();
      Samples baseFiltered = new Samples();
      Samples pageFiltered = new Samples();
      Samples pageSecond = new Samples();
      for (int i = 0; i < requests; i++) {
        baseFirst.addNanos(c.time(api));
        pageFirst.addNanos(c.time(page));
        baseFiltered.addNanos(c.time(apiFiltered));
        pageFiltered.addNanos(c.time(filtered));
        pageSecond.addNanos(c.time(second));
      }
      String size = String.format("%,d runs", runs);
      table.add(gate("first page (20 rows; " + size + ")", baseFirst, pageFirst));
      table.add(gate("filtered page (state + name)", baseFiltered, pageFiltered));
      table.add(gate("second page (Next link)", baseFirst, pageSecond));
      table.add(
          Row.report(
              "B13",
              "runs page median first/filtered/second (API " + ms(baseFirst.median()) + ")",
              ms(pageFirst.median())
                  + " / "
                  + ms(pageFiltered.median())
                  + " / "
                  + ms(pageSecond.median())));
    }
  }

  private static Row gate(String what, Samples baseline, Samples page) {
    double p99 = page.p99();
    return new Row(
        "B13",
        "runs page p99, " + what,
        ms(baseline.p99()),
        ms(p99),
        String.format("%.2f", p99 / baseline.p99()),
        "KFP UI list: seconds at scale",
        "p99 <= 200 ms",
        p99 <= 200);
  }

  private static String ms(double v) {
    return String.format("%.1f ms", v);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Stores experiments and finished runs (no tasks: the list reads none) in batches. */
  private void load(Database database, String profile) {
    List<String> experiments = new ArrayList<>();
    for (int i = 0; i < EXPERIMENTS; i++) {
      StoredExperiment e =
          new StoredExperiment(
              UUID.randomUUID().toString(), profile, "b13-" + i, "", null, Instant.now(), null);
      database.experiments().create(e);
      experiments.add(e.id());
    }
    Random random = new Random(13);
    Instant start = Instant.parse("2025-06-01T00:00:00Z");
    String[] states = {"SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "FAILED", "CANCELED"};
    List<StoredRun> batch = new ArrayList<>(BATCH);
    for (int i = 0; i < runs; i++) {
      Instant created = start.plusSeconds(i * 60L);
      String state = states[random.nextInt(states.length)];
      batch.add(
          new StoredRun(
              UUID.randomUUID().toString(),
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
              created.plusSeconds(30 + random.nextInt(300)),
              experiments.get(random.nextInt(experiments.size())),
              "",
              null));
      if (batch.size() == BATCH) {
        database.runs().createAll(batch, List.of());
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      database.runs().createAll(batch, List.of());
    }
  }

  /** One client on loopback, one request at a time, as the local user's token. */
  private record Client(HttpClient http, URI server, String token) {
    String get(String path) throws IOException, InterruptedException {
      HttpRequest r =
          HttpRequest.newBuilder(server.resolve(path))
              .header("Authorization", "Bearer " + token)
              .header("Accept", "text/html,application/json")
              .build();
      HttpResponse<String> res = http.send(r, HttpResponse.BodyHandlers.ofString());
      if (res.statusCode() != 200) {
        throw new IllegalStateException(path + " answered " + res.statusCode() + ": " + res.body());
      }
      return res.body();
    }

    long time(String path) throws IOException, InterruptedException {
      long t = System.nanoTime();
      get(path);
      return System.nanoTime() - t;
    }
  }
}
