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

  /**
   * The benchmarks this suite knows, in the order a run without ids runs them (B5 only when asked).
   */
  static final List<String> ALL =
      List.of("B0", "B1", "B2", "B3", "B4", "B6", "B7", "B8", "B9", "B10", "B11", "B12", "B13");

  static final String USAGE =
      """
      Usage: java -jar skiff-bench/target/skiff-bench.jar [B0..B13] [options]
        With no ids it runs all but B5 (the run API at data scale, only when named).
        --reps N                repetitions per figure (5)
        --jar PATH              the skiff.jar B10 starts (skiff-cli/target/skiff.jar)
        --b3-runs N             runs per B3 rate (1000)
        --b3-warmup N           runs that warm B3's server up first (2000)
        --b3-rates A,B,...      B3's rates in runs/min (600,1200,3000,6000)
        --b4-max N              B4's largest size: 10000, or 100000
        --b4-shape S            flat, layered or loop (all three)
        --b4-sizes A,B,...      B4 sizes to run instead, without the growth gate
        --b5-runs N             B5's stored runs (200000)
        --b5-requests N         B5's requests per kind (300)
        --b8-requests N         B8's proxied requests (2000)
        --b8-starts N           B8's measured starts (7)
        --b12-renders N         B12's renders (200)
        --b13-runs N            B13's stored runs (10000)
        --b13-requests N        B13's page requests (300)
      The load tier: LOAD --help.
      Exit status: 0 when every gate holds, 1 when one does not, 2 for a mistake in these arguments.
      """;

  static final String LOAD_USAGE =
      """
      Usage: java -jar skiff-bench/target/skiff-bench.jar LOAD [options]
        --clients N             concurrent clients (50)
        --seconds N             how long they submit (120)
        --drain N               seconds to wait for the runs to finish (600)
        --heap SIZE             the server's heap (768m)
        --max-pending N         the server's backlog limit (0: its default)
        --db URL --db-user U --db-password P   PostgreSQL instead of the embedded H2
      Exit status: 0 when no run was lost and no step ran twice, 1 otherwise, 2 for a mistake in
      these arguments.
      """;

  /** A mistake in the arguments: said in one line, exit status 2. */
  static final class UsageError extends Exception {
    private static final long serialVersionUID = 1L;

    UsageError(String message) {
      super(message);
    }
  }

  /** The value after option {@code args[i - 1]}, as a count (zero or more). */
  static int count(String[] args, int i) throws UsageError {
    String option = args[i - 1];
    if (i >= args.length) {
      throw new UsageError(option + " needs a value");
    }
    try {
      int n = Integer.parseInt(args[i]);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new UsageError(option + " takes a whole number of 0 or more, not '" + args[i] + "'");
  }

  /** The value after option {@code args[i - 1]}, as a comma-separated list of counts. */
  static List<Integer> counts(String[] args, int i) throws UsageError {
    String option = args[i - 1];
    if (i >= args.length) {
      throw new UsageError(option + " needs a value");
    }
    List<Integer> all = new java.util.ArrayList<>();
    for (String part : args[i].split(",", -1)) {
      all.add(count(new String[] {option, part.strip()}, 1));
    }
    return List.copyOf(all);
  }

  /** The value after option {@code args[i - 1]}. */
  static String text(String[] args, int i) throws UsageError {
    if (i >= args.length) {
      throw new UsageError(args[i - 1] + " needs a value");
    }
    return args[i];
  }

  /** The value after {@code --b4-shape}: flat, layered or loop. */
  static String shape(String[] args, int i) throws UsageError {
    String shape = text(args, i);
    if (!List.of("flat", "layered", "loop").contains(shape)) {
      throw new UsageError("--b4-shape is flat, layered or loop, not '" + shape + "'");
    }
    return shape;
  }

  /** A benchmark id as given (any case), or what is wrong with it. */
  static String id(String arg) throws UsageError {
    if (arg.startsWith("-")) {
      throw new UsageError("unknown option '" + arg + "' (see --help)");
    }
    String id = arg.toUpperCase(java.util.Locale.ROOT);
    if (!ALL.contains(id) && !id.equals("B5")) {
      throw new UsageError("unknown benchmark '" + arg + "': B0 to B13 (see --help)");
    }
    return id;
  }

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
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.print(USAGE);
      return;
    }
    Set<String> ids = new java.util.LinkedHashSet<>();
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--reps" -> {
            reps = count(args, ++i);
            if (reps == 0) {
              throw new UsageError("--reps takes 1 or more");
            }
          }
          case "--jar" -> jar = Path.of(text(args, ++i));
          case "--b4-max" -> b4Max = count(args, ++i);
          case "--b4-shape" -> b4Shapes = List.of(shape(args, ++i));
          case "--b5-runs" -> b5Runs = count(args, ++i);
          case "--b5-requests" -> b5Requests = count(args, ++i);
          case "--b3-runs" -> b3Runs = count(args, ++i);
          case "--b3-warmup" -> b3Warmup = count(args, ++i);
          case "--b13-runs" -> b13Runs = count(args, ++i);
          case "--b13-requests" -> b13Requests = count(args, ++i);
          case "--b12-renders" -> graphRenders = count(args, ++i);
          case "--b8-requests" -> b8Requests = count(args, ++i);
          case "--b8-starts" -> b8Starts = count(args, ++i);
          case "--b3-rates" -> b3Rates = counts(args, ++i);
          case "--b4-sizes" -> b4Sizes = counts(args, ++i);
          default -> ids.add(id(args[i]));
        }
      }
    } catch (UsageError e) {
      System.err.println("skiff-bench: " + e.getMessage());
      System.exit(2);
    }
    if (ids.isEmpty()) {
      ids.addAll(ALL);
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
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.print(LOAD_USAGE);
      return 0;
    }
    try {
      for (int i = 1; i < args.length; i++) {
        switch (args[i]) {
          case "--clients" -> clients = count(args, ++i);
          case "--seconds" -> seconds = count(args, ++i);
          case "--drain" -> drain = count(args, ++i);
          case "--heap" -> heap = text(args, ++i);
          case "--db" -> db = text(args, ++i);
          case "--db-user" -> user = text(args, ++i);
          case "--db-password" -> password = text(args, ++i);
          case "--max-pending" -> maxPending = count(args, ++i);
          default ->
              throw new UsageError("unknown LOAD option '" + args[i] + "' (see LOAD --help)");
        }
      }
    } catch (UsageError e) {
      System.err.println("skiff-bench: " + e.getMessage());
      return 2;
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
