package dev.skiff.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Runs the benchmark suite and prints one table.
 *
 * <p>Usage: {@code java -jar skiff-bench/target/skiff-bench.jar [B0] [B10] [--reps N] [--jar PATH]
 * [--b4-max 100000] [--b4-shape flat|layered|loop] [--b4-sizes 1000,5000] [--b5-runs 200000]
 * [--b5-requests 300] [--b3-runs 1000] [--b3-warmup 2000] [--b3-rates 600,1200,3000,6000]
 * [--b12-renders 200] [--b13-runs 10000] [--b13-requests 300] [--b8-requests 2000] [--b8-starts
 * 7]}. B5 (the run API at data scale) runs only when asked for. With no ids it runs all; B4 goes up
 * to 10k nodes unless {@code --b4-max} allows 100k; {@code --b4-sizes} runs only the sizes given (a
 * quick comparison). Exit status 0 when every gate holds, 1 otherwise. Figures are medians of
 * interleaved repetitions (baseline, platform, baseline, ...) after a warm-up; gates are ratios or
 * floors, never absolute times taken from elsewhere.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equalsIgnoreCase("LOAD")) {
      System.exit(load(args));
    }
    int reps = 5;
    int b4Max = 10_000;
    List<String> b4Shapes = List.of("flat", "layered", "loop");
    List<Integer> b4Sizes = List.of();
    int b5Runs = 200_000;
    int b5Requests = 300;
    int b3Runs = 1_000;
    int b3Warmup = 2_000;
    int b13Runs = 10_000;
    int b13Requests = 300;
    int graphRenders = 200;
    int b8Requests = 2_000;
    int b8Starts = 7;
    List<Integer> b3Rates = List.of(600, 1_200, 3_000, 6_000);
    Path jar = Path.of("skiff-cli/target/skiff.jar");
    Set<String> ids = new java.util.LinkedHashSet<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--reps" -> reps = Integer.parseInt(args[++i]);
        case "--jar" -> jar = Path.of(args[++i]);
        case "--b4-max" -> b4Max = Integer.parseInt(args[++i]);
        case "--b4-shape" -> b4Shapes = List.of(args[++i]);
        case "--b5-runs" -> b5Runs = Integer.parseInt(args[++i]);
        case "--b5-requests" -> b5Requests = Integer.parseInt(args[++i]);
        case "--b3-runs" -> b3Runs = Integer.parseInt(args[++i]);
        case "--b3-warmup" -> b3Warmup = Integer.parseInt(args[++i]);
        case "--b13-runs" -> b13Runs = Integer.parseInt(args[++i]);
        case "--b13-requests" -> b13Requests = Integer.parseInt(args[++i]);
        case "--b12-renders" -> graphRenders = Integer.parseInt(args[++i]);
        case "--b8-requests" -> b8Requests = Integer.parseInt(args[++i]);
        case "--b8-starts" -> b8Starts = Integer.parseInt(args[++i]);
        case "--b3-rates" ->
            b3Rates = java.util.Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
        case "--b4-sizes" ->
            b4Sizes = java.util.Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
        default -> ids.add(args[i].toUpperCase(java.util.Locale.ROOT));
      }
    }
    if (ids.isEmpty()) {
      ids.addAll(
          List.of(
              "B0", "B1", "B2", "B3", "B4", "B6", "B7", "B8", "B9", "B10", "B11", "B12", "B13"));
    }
    Path work = Files.createTempDirectory("skiff-bench");
    Table table = new Table();
    try {
      System.out.printf(
          "Skiff benchmarks: %s, %d cores, Java %s, reps %d%n",
          ids,
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"),
          reps);
      if (!umaskIsPrivate()) {
        System.out.println(
            "note: this JVM's umask lets group or others read new files, so each step starts"
                + " through sh -c 'umask 077 && exec ...' (one more exec per step); ./skiff runs"
                + " under umask 077 and starts steps directly: run (umask 077; java -jar ...) to"
                + " measure Skiff as ./skiff runs it");
      }
      if (ids.contains("B0")) {
        new Calibration(work, reps).run(table);
      }
      EngineBench engine = new EngineBench(work, reps);
      if (ids.contains("B1") || ids.contains("B6")) {
        engine.b1AndB6(table);
      }
      if (ids.contains("B2")) {
        engine.b2(table);
      }
      if (ids.contains("B3")) {
        new ApiRateBench(work, b3Runs, b3Warmup, b3Rates).run(table);
      }
      if (ids.contains("B4")) {
        new LargeDagBench(work, b4Max, b4Shapes, b4Sizes).run(table);
      }
      if (ids.contains("B5")) {
        new CatalogScaleBench(work, b5Runs, b5Requests).run(table);
      }
      if (ids.contains("B13")) {
        new RunsPageBench(work, b13Runs, b13Requests).run(table);
      }
      if (ids.contains("B7")) {
        engine.b7(table);
      }
      if (ids.contains("B11")) {
        new DiskBench(work).run(table);
      }
      if (ids.contains("B12")) {
        new GraphRenderBench(graphRenders).run(table);
      }
      if (ids.contains("B8")) {
        new NotebookBench(work, b8Requests, b8Starts).run(table);
      }
      if (ids.contains("B9")) {
        new PythonBench(work, reps).run(table);
      }
      if (ids.contains("B10")) {
        if (!Files.isRegularFile(jar)) {
          System.err.println(
              "B10 needs the server jar: build it with ./skiff --help, or pass --jar");
          System.exit(2);
        }
        new ColdStart(work, jar.toAbsolutePath(), reps).run(table);
      }
      table.print(System.out);
    } finally {
      deleteTree(work);
    }
    System.exit(table.allPass() ? 0 : 1);
  }

  /**
   * {@code LOAD [--clients N] [--seconds M] [--drain S] [--heap 768m] [--max-pending N] [--db URL
   * --db-user U --db-password P]}: the load run of {@link LoadRun} on the embedded H2, or on the
   * PostgreSQL given; prints its figures; exit status 0 when no run was lost and no step ran twice.
   */
  private static int load(String[] args) throws Exception {
    int clients = 50;
    long seconds = 120;
    long drain = 600;
    String heap = "768m";
    String db = null;
    String user = null;
    String password = null;
    int maxPending = 0;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--clients" -> clients = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Long.parseLong(args[++i]);
        case "--drain" -> drain = Long.parseLong(args[++i]);
        case "--heap" -> heap = args[++i];
        case "--db" -> db = args[++i];
        case "--db-user" -> user = args[++i];
        case "--db-password" -> password = args[++i];
        case "--max-pending" -> maxPending = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown LOAD option " + args[i]);
      }
    }
    Path work = Files.createTempDirectory("skiff-load");
    try {
      LoadFigures f =
          new LoadRun(
                  new LoadRun.Options(
                      work,
                      clients,
                      java.time.Duration.ofSeconds(seconds),
                      java.time.Duration.ofSeconds(drain),
                      heap,
                      db,
                      user,
                      password,
                      maxPending))
              .run();
      f.print(System.out);
      return f.correct() ? 0 : 1;
    } finally {
      deleteTree(work);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (Exception e) {
      // best effort: a temp folder left behind is harmless
    }
  }

  /** Whether this JVM's umask (Linux {@code /proc/self/status}) keeps group and others out. */
  private static boolean umaskIsPrivate() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Umask:")) {
          return (Integer.parseInt(line.substring(6).strip(), 8) & 0077) == 0077;
        }
      }
    } catch (java.io.IOException | NumberFormatException e) {
      return true; // not Linux: no wrapper is decided from it either
    }
    return true;
  }
}
