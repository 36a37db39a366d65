package dev.skiff.bench;

import dev.skiff.engine.notebook.NotebookEndpoint;
import dev.skiff.engine.notebook.Notebooks;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * B8's starts (issue 13, benchmarks.md: "POST create notebook → first HTTP 200 through the
 * platform's proxy; also 10 concurrent spawns"). The baseline is the same server command started
 * bare ({@link BareJupyter}) and polled directly until 200; both sides are polled every {@link
 * NotebookBench#POLL}.
 *
 * <ul>
 *   <li>one at a time, interleaved, after one unmeasured start of each: bare; spawn → 200 through
 *       the proxy (the proxy's cost alone, the fixed lookup); {@code POST
 *       /api/v1/profiles/{p}/notebooks} on the server's own notebook service → 200 through the
 *       proxy (API, admission, workspace, the local launcher, its readiness check, the proxy),
 *       deleted between repetitions;
 *   <li>{@value #CONCURRENT} at once: as many bare servers spawned at once until all answer,
 *       against as many notebooks created at once through the API until all answer through the
 *       proxy, alternating which side goes first.
 * </ul>
 */
final class NotebookStarts {
  /** How many notebooks start at once (benchmarks.md: 10 concurrent spawns). */
  static final int CONCURRENT = 10;

  private static final Duration LIMIT = Duration.ofSeconds(120);

  private final Path work;
  private final HttpClient http;
  private final NotebookApi api;
  private final String profile;
  private final String name;
  private final String bearer;
  private final Consumer<Notebooks> serve;
  private final Notebooks service;
  private final FixedNotebooks fixed;

  /**
   * @param serve what the server's proxy and API look notebooks up in from now on
   * @param service the server's own notebook service
   * @param fixed the lookup of one server the benchmark starts itself, notebook {@code name}
   */
  NotebookStarts(
      Path work,
      HttpClient http,
      NotebookApi api,
      String profile,
      String name,
      String bearer,
      Consumer<Notebooks> serve,
      Notebooks service,
      FixedNotebooks fixed) {
    this.work = work;
    this.http = http;
    this.api = api;
    this.profile = profile;
    this.name = name;
    this.bearer = bearer;
    this.serve = serve;
    this.service = service;
    this.fixed = fixed;
  }

  /** One start at a time, {@code starts} times each, then {@code rounds} rounds of concurrent. */
  void run(Table table, int starts, int rounds) throws Exception {
    Samples bare = new Samples();
    Samples viaProxy = new Samples();
    Samples created = new Samples();
    // one of each unmeasured first: the server's API and proxy paths warm (JIT, connections),
    // the files of Python and Jupyter in the page cache
    bareStart("b8-bare-warm-up");
    create("warm-up");
    for (int i = 0; i < starts; i++) {
      // alternate which goes first (the file cache, the machine's other work)
      if (i % 2 == 0) {
        bare.addNanos(bareStart("b8-bare-" + i));
        viaProxy.addNanos(proxiedStart(i));
        created.addNanos(create("nb-" + i));
      } else {
        created.addNanos(create("nb-" + i));
        viaProxy.addNanos(proxiedStart(i));
        bare.addNanos(bareStart("b8-bare-" + i));
      }
    }
    Samples bareAll = new Samples();
    Samples createdAll = new Samples();
    for (int r = 0; r < rounds; r++) {
      long b;
      long c;
      if (r % 2 == 0) {
        b = bareConcurrent(r);
        c = createConcurrent(r);
      } else {
        c = createConcurrent(r);
        b = bareConcurrent(r);
      }
      bareAll.addNanos(b);
      createdAll.addNanos(c);
      System.out.printf(
          "B8: %d at once, round %d: bare %d ms, created %d ms%n",
          CONCURRENT, r, b / 1_000_000, c / 1_000_000);
    }
    report(table, starts, bare, viaProxy, created, rounds, bareAll, createdAll);
  }

  private void report(
      Table table,
      int starts,
      Samples bare,
      Samples viaProxy,
      Samples created,
      int rounds,
      Samples bareAll,
      Samples createdAll) {
    double spawnRatio = viaProxy.median() / bare.median();
    table.add(
        new Row(
            "B8",
            "Jupyter spawn → first api/status 200 through the proxy, fixed lookup (p50 of "
                + starts
                + ")",
            ms(bare.median()),
            ms(viaProxy.median()),
            String.format("%.2f", spawnRatio),
            "-",
            "≤ 1.2 × bare",
            spawnRatio <= 1.2));
    double ratio = created.median() / bare.median();
    double extra = created.median() - bare.median();
    table.add(
        new Row(
            "B8",
            "POST /api/v1/profiles/{p}/notebooks → first api/status 200 through the proxy (p50 of "
                + starts
                + "; + "
                + ms(extra)
                + ")",
            ms(bare.median()),
            ms(created.median()),
            String.format("%.2f", ratio),
            "KubeSpawner 2-3 s (fast cluster), ~5 s pre-pulled",
            "R ≤ 1.2 and ≤ bare + 200 ms",
            ratio <= 1.2 && extra <= 200));
    table.add(
        Row.report(
            "B8",
            "create → 200 p99 (max of " + starts + "): bare / create (R)",
            ms(bare.p99())
                + " / "
                + ms(created.p99())
                + String.format(" (%.2f)", created.p99() / bare.p99())));
    double allRatio = createdAll.median() / bareAll.median();
    table.add(
        new Row(
            "B8",
            CONCURRENT
                + " created at once through the API → all answer 200 through the proxy (p50 of "
                + rounds
                + ")",
            ms(bareAll.median()),
            ms(createdAll.median()),
            String.format("%.2f", allRatio),
            "-",
            "≤ 1.2 × " + CONCURRENT + " bare at once",
            allRatio <= 1.2));
    int cores = Runtime.getRuntime().availableProcessors();
    table.add(
        Row.report(
            "B8",
            CONCURRENT
                + " at once / single p50 (\"within 2 × single\"; Jupyter's own start is CPU-bound on "
                + cores
                + " cores, so gated against "
                + CONCURRENT
                + " bare at once instead)",
            String.format(
                "bare %.2f×, create %.2f×",
                bareAll.median() / bare.median(), createdAll.median() / created.median())));
  }

  /** Spawn → first 200, directly. */
  private long bareStart(String dir) throws Exception {
    Instant asked = Instant.now();
    long t = System.nanoTime();
    try (BareJupyter j = new BareJupyter(work.resolve(dir), profile, name)) {
      j.awaitOk(http, j.base.resolve("api/status"), "token " + j.token, LIMIT);
      long spent = System.nanoTime() - t;
      // the same clock as a create's "spawned" (a process's start is counted from boot)
      String spawned =
          j.process
              .info()
              .startInstant()
              .map(at -> "+" + Duration.between(asked, at).toMillis() + " ms spawned; ")
              .orElse("");
      System.out.println(
          "B8: " + dir + ": " + spawned + "200 directly +" + spent / 1_000_000 + " ms");
      return spent;
    }
  }

  /** Spawn → first 200 through the proxy (the fixed lookup knows the server from its spawn). */
  private long proxiedStart(int i) throws Exception {
    serve.accept(fixed);
    long t = System.nanoTime();
    try (BareJupyter j = new BareJupyter(work.resolve("b8-proxied-" + i), profile, name)) {
      fixed.endpoint(new NotebookEndpoint(j.base, j.token));
      NotebookApi.awaitOk(http, api.status(name), bearer, LIMIT);
      return System.nanoTime() - t;
    } finally {
      fixed.endpoint(null);
    }
  }

  /** POST create → first 200 through the proxy, on the server's notebook service; deleted after. */
  private long create(String notebook) throws Exception {
    serve.accept(service);
    Instant asked = Instant.now();
    long t = System.nanoTime();
    try {
      api.create(notebook);
      api.awaitReady(notebook, LIMIT);
      long spent = System.nanoTime() - t;
      System.out.println(
          "B8: "
              + notebook
              + ": "
              + api.timeline(notebook, asked)
              + spawned(notebook, asked)
              + "200 through the proxy +"
              + spent / 1_000_000
              + " ms");
      return spent;
    } finally {
      api.delete(notebook);
    }
  }

  /**
   * When the notebook's server process began, after {@code from} (clock ticks: ~10 ms): splits a
   * create's time into Skiff's work before the spawn and Jupyter's own start.
   */
  private String spawned(String notebook, Instant from) {
    String base = "base_url=/notebook/" + profile + "/" + notebook + "/";
    return ProcessHandle.allProcesses()
        .filter(
            h ->
                h.info()
                    .arguments()
                    .map(a -> List.of(a).contains("--NotebookApp." + base))
                    .orElse(false))
        .map(h -> h.info().startInstant())
        .flatMap(java.util.Optional::stream)
        .findFirst()
        .map(at -> "+" + java.time.Duration.between(from, at).toMillis() + " ms spawned; ")
        .orElse("");
  }

  /** {@value #CONCURRENT} bare servers spawned at once → all answer 200 directly. */
  private long bareConcurrent(int round) throws Exception {
    List<BareJupyter> servers = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      long t = System.nanoTime();
      List<Future<?>> all = new ArrayList<>();
      for (int i = 0; i < CONCURRENT; i++) {
        Path dir = work.resolve("b8-bare-all-" + round + "-" + i);
        all.add(
            threads.submit(
                () -> {
                  BareJupyter j = new BareJupyter(dir, profile, name);
                  synchronized (servers) {
                    servers.add(j);
                  }
                  j.awaitOk(http, j.base.resolve("api/status"), "token " + j.token, LIMIT);
                  return null;
                }));
      }
      for (Future<?> f : all) {
        f.get();
      }
      return System.nanoTime() - t;
    } finally {
      for (BareJupyter j : servers) {
        j.close();
      }
    }
  }

  /**
   * {@value #CONCURRENT} notebooks created at once through the API → all answer 200 through the
   * proxy; all deleted after.
   */
  private long createConcurrent(int round) throws Exception {
    serve.accept(service);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < CONCURRENT; i++) {
      names.add("all-" + round + "-" + i);
    }
    List<String> made = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      long t = System.nanoTime();
      List<Future<?>> all = new ArrayList<>();
      for (String n : names) {
        all.add(
            threads.submit(
                () -> {
                  api.create(n);
                  synchronized (made) {
                    made.add(n);
                  }
                  api.awaitReady(n, LIMIT);
                  return null;
                }));
      }
      for (Future<?> f : all) {
        f.get();
      }
      return System.nanoTime() - t;
    } finally {
      for (String n : made) {
        api.delete(n);
      }
    }
  }

  private static String ms(double v) {
    return String.format("%.2f ms", v);
  }
}
