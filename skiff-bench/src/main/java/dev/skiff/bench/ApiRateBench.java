package dev.skiff.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.skiff.server.SkiffServer;
import dev.skiff.server.auth.TokenFile;
import dev.skiff.server.config.SkiffConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * B3: many small runs through the HTTP API. Runs of {@link LoadRun#PIPELINE} (two process steps,
 * uncached) are submitted to a real server (in this JVM, on an H2 home in a temporary folder) over
 * loopback HTTP, as {@code kfp.Client} sends them (the spec as a JSON object), and each run's
 * submit→done time is taken from the client's side: from the moment its request was due to the
 * moment the run's final state arrives on the server's event stream ({@code GET /api/v1/events},
 * the caller's profile; one stream for every run).
 *
 * <p>Baseline: the same runs one at a time (the next submitted once the last is done), in the same
 * run of the benchmark. Then, per rate, {@code runs} runs submitted open-loop (each request goes
 * out when it is due, whatever the earlier ones are doing, so a slow server cannot slow the load
 * down and hide its own latency). Gate (issue 10): at every rate of at least 3,000 runs/min, every
 * run finishes (none lost), the rate is achieved, and p99 submit→done ≤ baseline p99 + 50 ms.
 */
final class ApiRateBench {
  /** The rate from which the gate applies. */
  static final int GATED_RATE = 3_000;

  /**
   * The reference's baseline: each "run" is the pipeline's two shell steps spawned one after the
   * other, the second reading what the first wrote, with no engine, store or HTTP in between.
   */
  private static Samples directSpawns(Path dir, int runs) throws IOException, InterruptedException {
    Path file = dir.resolve("direct-spawn.txt");
    Samples samples = new Samples();
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      spawn("printf \"%s\" \"$0\" > \"$1\"", "tag-" + i, file.toString());
      spawn("cat \"$1\" > /dev/null", "use", file.toString());
      samples.addNanos(System.nanoTime() - start);
    }
    return samples;
  }

  private static void spawn(String script, String arg0, String arg1)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("sh", "-c", script, arg0, arg1)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectErrorStream(true)
            .start();
    if (p.waitFor() != 0) {
      throw new IOException("the baseline step failed: " + script);
    }
  }

  private static final double MAX_EXTRA_MS = 50;
  private static final Pattern RUN_ID = Pattern.compile("\"run_id\":\"([^\"]+)\"");
  private static final Pattern STATE = Pattern.compile("\"state\":\"([A-Z_]+)\"");
  private static final Pattern FINISHED_AT = Pattern.compile("\"finished_at\":\"([^\"]+)\"");
  private static final Set<String> FINAL = Set.of("SUCCEEDED", "FAILED", "CANCELED", "SKIPPED");

  private final Path work;
  private final int runs;
  private final int warmupRuns;
  private final List<Integer> rates;

  /**
   * @param runs how many runs each rate submits
   * @param warmupRuns how many runs warm the server up (at {@link #GATED_RATE}) before anything is
   *     measured
   * @param rates the rates to submit at, in runs per minute, in the order given
   */
  ApiRateBench(Path work, int runs, int warmupRuns, List<Integer> rates) {
    this.work = work;
    this.runs = runs;
    this.warmupRuns = warmupRuns;
    this.rates = List.copyOf(rates);
  }

  /** What one phase measured. */
  private record Phase(
      int target,
      int accepted,
      int refused,
      int finished,
      int succeeded,
      int lost,
      int viaPoll,
      double achievedPerMin,
      Samples latency,
      Samples serverLatency,
      String slowest) {}

  void run(Table table) throws Exception {
    Path home = Files.createDirectories(work.resolve("b3-h2"));
    SkiffConfig config =
        new SkiffConfig(
            home,
            new SkiffConfig.Http("127.0.0.1", 0, Duration.ofSeconds(5)),
            new SkiffConfig.Database(null, null, null),
            new SkiffConfig.Engine("local", Duration.ofSeconds(15)));
    String spec =
        new ObjectMapper()
            .writeValueAsString(new ObjectMapper(new YAMLFactory()).readTree(LoadRun.PIPELINE));
    try (SkiffServer server = SkiffServer.start(config);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        RunCompletions done =
            new RunCompletions(http, server.url(), TokenFile.read(home).orElseThrow())) {
      Client c = new Client(http, server.url(), TokenFile.read(home).orElseThrow(), spec, done);
      done.start();
      // Warm-up: the JIT, pools, the database, the executor's first processes. A fresh server's
      // latency keeps falling for a few thousand runs while the JIT compiles the create and step
      // paths (its compiler threads take about half the CPU of the first minute on 2 cores), so
      // the baseline and the rates are measured on a warmed server, as a long-running one is; the
      // cold start is reported on its own row.
      for (int i = 0; i < 10; i++) {
        c.await(c.submit("warm-" + i).runId(), Duration.ofSeconds(30));
      }
      if (warmupRuns > 0) {
        Phase cold = phase(c, GATED_RATE, warmupRuns, "warm");
        System.out.printf(
            "B3 warm-up: %d runs at %,d/min on a fresh server: refused %d, lost %d, p50 %.1f ms,"
                + " p99 %.1f ms%n",
            cold.accepted(),
            GATED_RATE,
            cold.refused(),
            cold.lost(),
            cold.latency().median(),
            cold.latency().p99());
        table.add(
            Row.report(
                "B3",
                String.format(
                    "warm-up: the first %,d runs at %,d/min on a fresh server: p50 / p99"
                        + " submit->done",
                    warmupRuns, GATED_RATE),
                ms(cold.latency().median()) + " / " + ms(cold.latency().p99())));
      }
      Samples baseline = new Samples();
      int baselineRuns = Math.max(20, Math.min(100, runs / 10));
      for (int i = 0; i < baselineRuns; i++) {
        long due = System.nanoTime();
        String id = c.submit("base-" + i).runId();
        baseline.addNanos(c.await(id, Duration.ofSeconds(30)) - due);
      }
      double baseP99 = baseline.p99();
      System.out.printf(
          "B3 baseline (%d runs one at a time): submit->done p50 %.1f ms, p99 %.1f ms%n",
          baselineRuns, baseline.median(), baseP99);
      table.add(
          new Row(
              "B3",
              "2-step run one at a time via API: p99 submit->done (p50 "
                  + ms(baseline.median())
                  + ")",
              "-",
              ms(baseP99),
              "-",
              "-",
              "baseline",
              null));
      Samples direct = directSpawns(home, baselineRuns);
      table.add(
          Row.report(
              "B3",
              "the same 2 steps spawned directly (benchmarks.md's baseline): p50 / p99",
              ms(direct.median()) + " / " + ms(direct.p99())));
      for (int rate : rates) {
        Phase p = phase(c, rate, runs, "r" + rate);
        double extra = p.latency().p99() - baseP99;
        Boolean pass =
            rate >= GATED_RATE
                ? p.lost() == 0
                    && p.refused() == 0
                    && p.succeeded() == p.accepted()
                    && p.achievedPerMin() >= 0.95 * rate
                    && extra <= MAX_EXTRA_MS
                : null;
        System.out.printf(
            "B3 %,d runs/min: submitted %d (refused %d), finished %d (succeeded %d, %d seen by"
                + " polling), lost %d, achieved %.0f runs/min, submit->done p50 %.1f ms p99 %.1f"
                + " ms (by the server's finished_at: p50 %.1f ms p99 %.1f ms), p99 - baseline"
                + " p99 %+.1f ms: %s%n",
            rate,
            p.accepted(),
            p.refused(),
            p.finished(),
            p.succeeded(),
            p.viaPoll(),
            p.lost(),
            p.achievedPerMin(),
            p.latency().median(),
            p.latency().p99(),
            p.serverLatency().median(),
            p.serverLatency().p99(),
            extra,
            pass == null ? "report only (< 3,000/min)" : pass ? "PASS" : "FAIL");
        System.out.printf(
            "B3 %,d runs/min: the slowest runs, by when due: %s%n", rate, p.slowest());
        table.add(
            new Row(
                "B3",
                String.format(
                    "%,d runs at %,d/min via API (achieved %.0f/min, p50 %s, lost %d, refused %d):"
                        + " p99 submit->done",
                    p.accepted(),
                    rate,
                    p.achievedPerMin(),
                    ms(p.latency().median()),
                    p.lost(),
                    p.refused()),
                ms(baseP99),
                ms(p.latency().p99()),
                String.format("%+.1f ms", extra),
                "Kestra 1,500/min at 0.9 s",
                rate >= GATED_RATE ? "p99 <= base + 50 ms, none lost" : "report only",
                pass));
      }
      if (done.overflows() > 0) {
        System.out.printf(
            "B3: the event stream fell behind %d times (runs finished meanwhile were polled)%n",
            done.overflows());
      }
    }
  }

  /** Submits {@code runs} runs open-loop at {@code perMinute}, then waits for them. */
  private static Phase phase(Client c, int perMinute, int runs, String tagPrefix)
      throws InterruptedException {
    long period = TimeUnit.MINUTES.toNanos(1) / perMinute;
    List<CompletableFuture<Submitted>> sent = new ArrayList<>(runs);
    AtomicInteger refused = new AtomicInteger();
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
    Instant startedAt = Instant.now().plusMillis(20);
    for (int i = 0; i < runs; i++) {
      long due = start + i * period;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      String tag = tagPrefix + "-" + i;
      CompletableFuture<Submitted> f = new CompletableFuture<>();
      sent.add(f);
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  f.complete(c.submit(tag).at(due));
                } catch (Exception e) {
                  refused.incrementAndGet();
                  f.complete(null);
                }
              });
    }
    List<Submitted> accepted = new ArrayList<>(runs);
    long firstSent = Long.MAX_VALUE;
    long lastSent = Long.MIN_VALUE;
    for (CompletableFuture<Submitted> f : sent) {
      Submitted s = f.join();
      if (s != null) {
        accepted.add(s);
        firstSent = Math.min(firstSent, s.sentAt());
        lastSent = Math.max(lastSent, s.sentAt());
      }
    }
    // The rate the requests actually went out at (the client's own pace, not the server's).
    double window = Math.max(1, lastSent - firstSent);
    double achieved = accepted.size() <= 1 ? 0 : (accepted.size() - 1) * 60e9 / window;
    // Every accepted run must finish; a stream that fell behind is backed by a poll at the end.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(60, runs / 10));
    Samples latency = new Samples();
    int finished = 0;
    int succeeded = 0;
    int lost = 0;
    int viaPoll = 0;
    List<long[]> slow = new ArrayList<>();
    for (Submitted s : accepted) {
      long left = Math.max(1, deadline - System.nanoTime());
      Long at = c.done().await(s.runId(), left);
      String state = c.done().state(s.runId());
      if (at == null) {
        Polled p = c.poll(s.runId());
        if (p == null) {
          lost++;
          continue;
        }
        viaPoll++;
        at = p.finishedNanos();
        state = p.state();
      }
      finished++;
      if ("SUCCEEDED".equals(state)) {
        succeeded++;
      }
      latency.addNanos(at - s.due());
      slow.add(new long[] {s.due() - start, at - s.due()});
      c.done().forget(s.runId());
    }
    // For comparison (not gated): the same runs timed by the server's finished_at, which tells the
    // engine's share from the event stream's. Read after the phase, so it adds no load to it.
    Samples serverLatency = new Samples();
    for (Submitted s : accepted) {
      Polled p = c.poll(s.runId());
      if (p != null) {
        serverLatency.addNanos(p.finishedNanos() - s.due());
      }
    }
    return new Phase(
        perMinute,
        accepted.size(),
        refused.get(),
        finished,
        succeeded,
        lost,
        viaPoll,
        achieved,
        latency,
        serverLatency,
        slowest(startedAt, slow));
  }

  /**
   * The slowest runs of a phase, by when they were due (wall clock): a tail made of one stall shows
   * as a cluster, a tail spread over the phase as scattered times.
   */
  private static String slowest(Instant startedAt, List<long[]> dueAndLatency) {
    return "(phase started "
        + java.time.LocalTime.ofInstant(startedAt, java.time.ZoneId.systemDefault())
            .truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
        + ") "
        + dueAndLatency.stream()
            .sorted((a, b) -> Long.compare(b[1], a[1]))
            .limit(12)
            .sorted((a, b) -> Long.compare(a[0], b[0]))
            .map(
                r ->
                    String.format(
                        "%s %.0f ms",
                        java.time.LocalTime.ofInstant(
                                startedAt.plusNanos(r[0]), java.time.ZoneId.systemDefault())
                            .truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                        r[1] / 1e6))
            .collect(java.util.stream.Collectors.joining(", "));
  }

  private static String ms(double v) {
    return String.format("%.1f ms", v);
  }

  /** An accepted submission: its run, when it was due, and when the request went out. */
  private record Submitted(String runId, long due, long sentAt) {
    Submitted at(long dueNanos) {
      return new Submitted(runId, dueNanos, sentAt);
    }
  }

  /** A run found finished by a poll: its state and its {@code finished_at} on this JVM's clock. */
  private record Polled(String state, long finishedNanos) {}

  /** The benchmark's API client: submissions, waits, and a last poll. */
  private record Client(
      HttpClient http, URI server, String token, String spec, RunCompletions done) {
    Submitted submit(String tag) throws IOException, InterruptedException {
      String body =
          "{\"display_name\":\"b3\",\"pipeline_spec\":"
              + spec
              + ",\"runtime_config\":{\"parameters\":{\"tag\":\""
              + tag
              + "\"}}}";
      long sentAt = System.nanoTime();
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(server.resolve("/apis/v2beta1/runs?cache=false"))
                  .timeout(Duration.ofSeconds(60))
                  .header("Authorization", "Bearer " + token)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      Matcher m = RUN_ID.matcher(r.body());
      if (r.statusCode() != 200 || !m.find()) {
        throw new IOException("submit answered " + r.statusCode() + ": " + r.body());
      }
      return new Submitted(m.group(1), sentAt, sentAt);
    }

    /** When the run was seen finished (nanoTime), waiting up to {@code timeout}. */
    long await(String runId, Duration timeout) throws IOException, InterruptedException {
      Long at = done.await(runId, timeout.toNanos());
      if (at == null) {
        throw new IOException("run " + runId + " did not finish within " + timeout);
      }
      done.forget(runId);
      return at;
    }

    /** The run read back once: null unless it has finished. */
    Polled poll(String runId) {
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(server.resolve("/apis/v2beta1/runs/" + runId))
                    .header("Authorization", "Bearer " + token)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        String state = runState(r.body());
        Matcher f = FINISHED_AT.matcher(r.body());
        if (r.statusCode() != 200 || state == null || !FINAL.contains(state) || !f.find()) {
          return null;
        }
        // Same JVM, same clock: the server's finished_at mapped onto nanoTime.
        long agoNanos = Duration.between(Instant.parse(f.group(1)), Instant.now()).toNanos();
        return new Polled(state, System.nanoTime() - agoNanos);
      } catch (IOException | InterruptedException e) {
        return null;
      }
    }

    /** The run's own state: the last "state" of a run document (tasks come before it). */
    private static String runState(String body) {
      Matcher m = STATE.matcher(body);
      String last = null;
      while (m.find()) {
        last = m.group(1);
      }
      return last;
    }
  }
}
